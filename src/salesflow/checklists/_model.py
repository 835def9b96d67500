"""Checklist definitions and the answers they give about a state."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
import cattrs

from salesflow._checks import (
    _KEY,
    Checker,
    definition_checker,
    describe,
    freeze_mapping,
    to_tuple,
)
from salesflow.convert import NOT_DATA, Definition, converter
from salesflow.exceptions import ValidationError
from salesflow.frozen import EMPTY, FrozenDict
from salesflow.locales import DEFAULT_LOCALE, Catalogs, default_catalogs
from salesflow.predicates import Predicate, Registry, current_registry, parameter_checks
from salesflow.records import AttributeValue, ChecklistState, Mark
from salesflow.records.checklist_state import with_mark

__all__ = [
    "Checklist",
    "ChecklistSet",
    "Condition",
    "Gate",
    "Item",
    "NextAction",
    "Progress",
]

_EMPTY: Mapping[str, Any] = EMPTY


# -- definitions ----------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class Condition(Definition):
    """A named, registered predicate with its parameters (plain data, never code).

    In data a condition is either the predicate's name (``"has_complaints"``)
    or a table ``{predicate = "amount_above", params = {amount = "500000"}}``.
    The predicate sees the parameters as ``context["params"]``.
    """

    predicate: str
    params: Mapping[str, AttributeValue] = attrs.field(
        factory=dict, converter=freeze_mapping, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Condition")
        check.text("predicate", self.predicate)
        if not isinstance(self.params, Mapping):
            check.add("params", f"expected a mapping, got {describe(self.params)}")
        else:
            for name, value in self.params.items():
                if not isinstance(name, str) or not name:
                    check.add("params", f"parameter name {describe(name)} is not a string")
                elif not isinstance(value, (str, int, bool)):
                    check.add(
                        f"params[{name!r}]",
                        f"expected a string, a whole number or a boolean, got {describe(value)}",
                    )
        check.done()


def to_condition(value: Any) -> Any:
    """A predicate name becomes a :class:`Condition`; anything else is left for the check."""
    if isinstance(value, str) and value.strip():
        return Condition(predicate=value)
    if isinstance(value, Mapping) and set(value) <= {"predicate", "params"}:
        try:
            return Condition(**value)
        except (TypeError, ValidationError):
            return value
    return value


def _check_condition_table(check: Checker, path: str, table: Mapping[Any, Any]) -> None:
    """Name the bad part of a condition table the converter could not turn into a Condition."""
    unknown = [k for k in table if k not in ("predicate", "params")]
    for k in unknown:
        check.add(f"{path}.{k}", "unknown key of a condition (expected only: params, predicate)")
    if "predicate" not in table:
        check.add(f"{path}.predicate", "required (the name of a registered predicate)")
    elif not unknown:
        check.nested(path, lambda: Condition(**table))


def _item_label(item: Any) -> str:
    return f"checklists.item.{item.key}"


def _checklist_label(checklist: Any) -> str:
    return f"checklists.checklist.{checklist.key}"


def _set_label(checklist_set: Any) -> str:
    return f"checklists.set.{checklist_set.key}"


@attrs.frozen(slots=True, kw_only=True)
class Item(Definition):
    """One item of a checklist.

    ``label_key`` is its label catalog key (default ``checklists.item.<key>``).
    ``required`` items make the gate; optional ones only count in progress.
    ``condition``: the item applies only when it holds. ``satisfied_by``: the
    item counts as done when it holds, ticked or not (facts another part of
    the system knows, such as the stakeholder map). ``evidence_required``: a
    tick must carry evidence (a note, a document reference, a link).
    ``role``: only someone acting in that role may tick or untick it.
    """

    key: str
    label_key: str = attrs.field(default=attrs.Factory(_item_label, takes_self=True))
    required: bool = True
    condition: Condition | None = attrs.field(default=None, converter=to_condition)
    satisfied_by: Condition | None = attrs.field(default=None, converter=to_condition)
    evidence_required: bool = False
    role: str | None = None

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Item")
        check.key("key", self.key)
        check.text("label_key", self.label_key)
        check.instance("required", self.required, bool, "true or false")
        for name in ("condition", "satisfied_by"):
            value = getattr(self, name)
            if isinstance(value, Mapping):
                _check_condition_table(check, name, value)
            elif value is not None:
                check.instance(name, value, Condition, "a Condition or a predicate name")
        check.instance("evidence_required", self.evidence_required, bool, "true or false")
        if self.role is not None:
            check.key("role", self.role)
        check.done()


@attrs.frozen(slots=True)
class Gate:
    """The answer of a checklist's gate.

    ``passes`` is true when every required, applicable item is done;
    ``unmet`` lists the items that are not, in the checklist's order.
    """

    passes: bool
    unmet: tuple[Item, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def keys(self) -> tuple[str, ...]:
        """The unmet items' keys, in order."""
        return tuple(item.key for item in self.unmet)


_PASSED = Gate(True, ())


@attrs.frozen(slots=True, kw_only=True)
class Progress:
    """How far a checklist is: counts over the items that apply.

    ``done`` of ``applicable`` items are done (ticked or satisfied);
    ``required_done`` of the ``required`` ones. ``percent`` is ``done`` as a
    whole percentage of ``applicable``, rounded down (100 when nothing applies).
    """

    done: int
    applicable: int
    required: int
    required_done: int
    percent: int


@attrs.frozen(slots=True, kw_only=True)
class NextAction:
    """An item still to do, with its label in the asked locale."""

    key: str
    label: str
    required: bool
    evidence_required: bool = False
    role: str | None = None
    role_label: str | None = None


# a compiled item: (item, key, condition fn, its params, satisfied_by fn, its params)
_Step = tuple[Item, str, Predicate | None, Mapping[str, Any], Predicate | None, Mapping[str, Any]]


def _context(context: Mapping[str, Any], params: Mapping[str, Any]) -> Mapping[str, Any]:
    if not params:
        return context
    return {**context, "params": params}


@attrs.frozen(slots=True, kw_only=True)
class Checklist(Definition):
    """A stage's pre-flight list: items that must be done before the deal moves on.

    Checked when built: item keys are unique and every predicate named is
    known to ``registry`` (default: the registry in force). The evaluation
    plan (predicates looked up, required items listed) is computed once here.
    """

    key: str
    label_key: str = attrs.field(default=attrs.Factory(_checklist_label, takes_self=True))
    items: tuple[Item, ...] = attrs.field(default=(), converter=to_tuple)
    registry: Registry = attrs.field(
        factory=current_registry, eq=False, repr=False, metadata=NOT_DATA
    )
    _index: Mapping[str, Item] = attrs.field(
        init=False, eq=False, repr=False, hash=False, metadata=NOT_DATA
    )
    _steps: tuple[_Step, ...] = attrs.field(
        init=False, eq=False, repr=False, hash=False, metadata=NOT_DATA
    )
    _required: tuple[_Step, ...] = attrs.field(
        init=False, eq=False, repr=False, hash=False, metadata=NOT_DATA
    )
    _simple: tuple[tuple[str, Item], ...] | None = attrs.field(
        init=False, eq=False, repr=False, hash=False, metadata=NOT_DATA
    )

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Checklist")
        check.key("key", self.key)
        check.text("label_key", self.label_key)
        if not isinstance(self.registry, Registry):
            check.add("registry", f"expected a Registry, got {describe(self.registry)}")
        elif check.items("items", self.items, Item, "Item"):
            seen: set[str] = set()
            for i, item in enumerate(self.items):
                if item.key in seen:
                    check.add(f"items[{i}].key", f"duplicate item key {item.key!r}")
                seen.add(item.key)
            for i, item in enumerate(self.items):
                self._check_item(check, f"items[{i}]", item)
        check.done()
        steps = tuple(self._compile(item) for item in self.items)
        required = tuple(s for s in steps if s[0].required)
        simple = None
        if all(s[2] is None and s[4] is None for s in required):
            simple = tuple((s[1], s[0]) for s in required)
        setter = object.__setattr__
        setter(self, "_index", FrozenDict({item.key: item for item in self.items}))
        setter(self, "_steps", steps)
        setter(self, "_required", required)
        setter(self, "_simple", simple)

    def _check_item(self, check: Checker, path: str, item: Item) -> None:
        for name in ("condition", "satisfied_by"):
            cond = getattr(item, name)
            if cond is None:
                continue
            if cond.predicate not in self.registry:
                known = ", ".join(self.registry.names) or "none"
                check.add(
                    f"{path}.{name}.predicate",
                    f"unknown predicate {cond.predicate!r} (registered: {known})",
                )
                continue
            param_check = parameter_checks().get(self.registry[cond.predicate])
            if param_check is not None:
                for sub, message in param_check(cond.params):
                    check.add(f"{path}.{name}.{sub}", message)

    def _compile(self, item: Item) -> _Step:
        cond, sat = item.condition, item.satisfied_by
        return (
            item,
            item.key,
            None if cond is None else self.registry[cond.predicate],
            _EMPTY if cond is None else cond.params,
            None if sat is None else self.registry[sat.predicate],
            _EMPTY if sat is None else sat.params,
        )

    # -- looking items up ------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """The item keys, in order."""
        return tuple(self._index)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._index

    def item(self, key: str) -> Item:
        """The item called ``key``; an unknown key is a :class:`~salesflow.ValidationError`."""
        found = self._index.get(key) if isinstance(key, str) else None
        if found is None:
            raise ValidationError.single("Checklist", "item", self._unknown(key))
        return found

    def _unknown(self, key: object) -> str:
        known = ", ".join(self._index) or "none"
        return f"unknown item {describe(key)} in checklist {self.key!r} (expected one of {known})"

    # -- answers -------------------------------------------------------------------

    def gate(
        self,
        state: ChecklistState | None,
        *,
        opportunity: Any = None,
        context: Mapping[str, Any] | None = None,
    ) -> Gate:
        """The gate: ``passes`` and the unmet required, applicable items, in order.

        ``state`` None means nothing ticked yet. ``opportunity`` and
        ``context`` are handed to the items' predicates.
        """
        if state is None:
            done: frozenset[str] = frozenset()
        elif type(state) is ChecklistState:
            done = state.done
        else:
            raise ValidationError.single(
                "Checklist.gate", "state", f"expected a ChecklistState, got {describe(state)}"
            )
        simple = self._simple
        if simple is not None:
            if context is not None and type(context) is not dict:
                _check_context("Checklist.gate", context)
            unmet = [item for key, item in simple if key not in done]
        else:
            ctx = _check_context("Checklist.gate", context)
            unmet = []
            for item, key, cond, cparams, sat, sparams in self._required:
                if key in done:
                    continue
                if cond is not None and not cond(opportunity, _context(ctx, cparams)):
                    continue
                if sat is not None and sat(opportunity, _context(ctx, sparams)):
                    continue
                unmet.append(item)
        if not unmet:
            return _PASSED
        return Gate(False, tuple(unmet))

    def _statuses(
        self,
        state: ChecklistState | None,
        opportunity: Any,
        context: Mapping[str, Any] | None,
        where: str,
    ) -> list[tuple[Item, bool]]:
        """(item, done) for every applicable item, in order."""
        if state is not None and not isinstance(state, ChecklistState):
            raise ValidationError.single(
                where, "state", f"expected a ChecklistState, got {describe(state)}"
            )
        done = frozenset() if state is None else state.done
        ctx = _check_context(where, context)
        out = []
        for item, key, cond, cparams, sat, sparams in self._steps:
            if cond is not None and not cond(opportunity, _context(ctx, cparams)):
                continue
            is_done = key in done or (
                sat is not None and bool(sat(opportunity, _context(ctx, sparams)))
            )
            out.append((item, is_done))
        return out

    def progress(
        self,
        state: ChecklistState | None,
        *,
        opportunity: Any = None,
        context: Mapping[str, Any] | None = None,
    ) -> Progress:
        """Counts of done, applicable and required items, and the percentage done."""
        statuses = self._statuses(state, opportunity, context, "Checklist.progress")
        applicable = len(statuses)
        done = sum(1 for _, d in statuses if d)
        required = sum(1 for item, _ in statuses if item.required)
        required_done = sum(1 for item, d in statuses if item.required and d)
        percent = 100 if applicable == 0 else done * 100 // applicable
        return Progress(
            done=done,
            applicable=applicable,
            required=required,
            required_done=required_done,
            percent=percent,
        )

    def next_actions(
        self,
        state: ChecklistState | None,
        *,
        opportunity: Any = None,
        context: Mapping[str, Any] | None = None,
        locale: str = DEFAULT_LOCALE,
        catalogs: Catalogs | None = None,
    ) -> tuple[NextAction, ...]:
        """What is left to do: every applicable item not done, in the checklist's order.

        Labels come from ``catalogs`` (default: the library's) in ``locale``.
        """
        cats = default_catalogs() if catalogs is None else catalogs
        if not isinstance(cats, Catalogs):
            raise ValidationError.single(
                "Checklist.next_actions", "catalogs", f"expected Catalogs, got {describe(cats)}"
            )
        if not isinstance(locale, str):
            raise ValidationError.single(
                "Checklist.next_actions", "locale", f"expected a string, got {describe(locale)}"
            )
        try:
            loc = cats.normalise(locale)
        except ValidationError as exc:
            problems = [p.prefixed("locale") for p in exc.problems]
            raise ValidationError("Checklist.next_actions", problems) from None
        statuses = self._statuses(state, opportunity, context, "Checklist.next_actions")
        return tuple(
            NextAction(
                key=item.key,
                label=cats.label(item.label_key, loc),
                required=item.required,
                evidence_required=item.evidence_required,
                role=item.role,
                role_label=None
                if item.role is None
                else cats.label(f"checklists.role.{item.role}", loc),
            )
            for item, done in statuses
            if not done
        )

    # -- ticking ---------------------------------------------------------------------

    def ticked(
        self,
        state: ChecklistState | None,
        item: str,
        *,
        by: str,
        at: datetime,
        evidence: str | None = None,
        role: str | None = None,
        note: str | None = None,
    ) -> ChecklistState:
        """The state with ``item`` ticked by ``by`` at ``at`` (a new value).

        To tick an item of a deal, use :func:`salesflow.checklists.tick`, which
        returns the deal with its state updated.

        Raises :class:`~salesflow.ValidationError` (and changes nothing) for
        an unknown item, an item already done, missing required evidence, the
        wrong role, a naive datetime or a time before the state's last mark.
        """
        return self._mark(state, item, True, by, at, evidence, role, note, "Checklist.ticked")

    def unticked(
        self,
        state: ChecklistState | None,
        item: str,
        *,
        by: str,
        at: datetime,
        role: str | None = None,
        note: str | None = None,
    ) -> ChecklistState:
        """The state with ``item`` unticked (a new value); the trail keeps the earlier tick."""
        return self._mark(state, item, False, by, at, None, role, note, "Checklist.unticked")

    def _mark(
        self,
        state: ChecklistState | None,
        key: str,
        done: bool,
        by: str,
        at: datetime,
        evidence: str | None,
        role: str | None,
        note: str | None,
        where: str,
        created_at: datetime | None = None,
    ) -> ChecklistState:
        """Tick or untick; ``created_at`` (the deal's) is the earliest ``at`` allowed."""
        check = Checker(where)
        if state is None:
            state = ChecklistState()
        elif not isinstance(state, ChecklistState):
            check.add("state", f"expected a ChecklistState, got {describe(state)}")
            check.fail()
        item = self._index.get(key) if isinstance(key, str) else None
        if item is None:
            check.add("item", self._unknown(key))
        check.text("by", by)
        at_ok = check.aware("at", at)
        check.optional_text("evidence", evidence)
        if role is not None:
            check.key("role", role)
        if note is not None:
            check.text("note", note, allow_empty=True)
        if item is not None:
            if done and item.key in state.done:
                check.add("item", f"{item.key!r} is already done (untick it first)")
            if not done and item.key not in state.done:
                check.add("item", f"{item.key!r} is not done, so it cannot be unticked")
            if done and item.evidence_required and evidence is None:
                check.add("evidence", f"{item.key!r} needs evidence (a note, a document, a link)")
            if item.role is not None and role != item.role:
                check.add(
                    "role",
                    f"{item.key!r} must be marked by the {item.role!r} role, got {describe(role)}",
                )
        last = state.updated_at
        if at_ok and created_at is not None and at < created_at:
            check.add(
                "at",
                f"{at.isoformat()} is before the deal was created at {created_at.isoformat()}",
            )
        elif at_ok and last is not None and at < last:
            check.add(
                "at",
                f"{at.isoformat()} is before the last mark at {last.isoformat()} "
                "(marks are recorded in time order)",
            )
        check.done()
        mark = Mark(item=key, done=done, by=by, at=at, evidence=evidence, role=role, note=note)
        # checked above against the state (done or not, time order): the trail is not re-checked
        return with_mark(state, mark)


def _check_context(where: str, context: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if context is None:
        return _EMPTY
    if not isinstance(context, Mapping):
        raise ValidationError.single(
            where, "context", f"expected a mapping or None, got {describe(context)}"
        )
    return context


@attrs.frozen(slots=True, kw_only=True)
class ChecklistSet(Definition):
    """The checklists of a pipeline's stages: stage key -> :class:`Checklist`.

    The presets (:mod:`salesflow.checklists.presets`) are checklist sets whose
    stage keys are those of the matching stage presets.
    """

    key: str
    label_key: str = attrs.field(default=attrs.Factory(_set_label, takes_self=True))
    checklists: Mapping[str, Checklist] = attrs.field(
        factory=dict, converter=freeze_mapping, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check = definition_checker("ChecklistSet")
        check.key("key", self.key)
        check.text("label_key", self.label_key)
        if not isinstance(self.checklists, Mapping):
            check.add("checklists", f"expected a mapping, got {describe(self.checklists)}")
        else:
            for stage, checklist in self.checklists.items():
                if not isinstance(stage, str) or not _KEY.fullmatch(stage):
                    check.add(
                        "checklists",
                        f"stage key {describe(stage)} is not a valid key (expected lower-case "
                        "letters, digits and underscores, starting with a letter)",
                    )
                else:
                    check.instance(f"checklists[{stage!r}]", checklist, Checklist, "a Checklist")
        check.done()

    @property
    def stage_keys(self) -> tuple[str, ...]:
        """The stage keys, in order."""
        return tuple(self.checklists)

    def __contains__(self, stage: object) -> bool:
        return isinstance(stage, str) and stage in self.checklists

    def get(self, stage: str) -> Checklist | None:
        """The checklist of ``stage``, or None if the stage has none."""
        return self.checklists.get(stage) if isinstance(stage, str) else None

    def checklist(self, stage: str) -> Checklist:
        """The checklist of ``stage``; an unknown stage is a ValidationError."""
        found = self.checklists.get(stage) if isinstance(stage, str) else None
        if found is None:
            known = ", ".join(self.checklists) or "none"
            raise ValidationError.single(
                "ChecklistSet",
                "stage",
                f"no checklist for stage {describe(stage)} in {self.key!r} "
                f"(expected one of {known})",
            )
        return found


# -- converter hooks ---------------------------------------------------------------

_structure_condition_table = cattrs.gen.make_dict_structure_fn(Condition, converter)


def _structure_condition(value: Any, _: Any) -> Condition:
    if isinstance(value, str):
        if not value.strip():
            raise ValidationError.single("Condition", "", "a predicate name must not be empty")
        return Condition(predicate=value)
    if not isinstance(value, Mapping):
        raise ValidationError.single(
            "Condition",
            "",
            "expected a predicate name or a table with predicate and params, "
            f"got {describe(value)}",
        )
    result: Condition = _structure_condition_table(value, Condition)
    return result


def _unstructure_condition(value: Condition) -> Any:
    if not value.params:
        return value.predicate
    return {"predicate": value.predicate, "params": dict(value.params)}


converter.register_structure_hook(Condition, _structure_condition)
converter.register_unstructure_hook(Condition, _unstructure_condition)
