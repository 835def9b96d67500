"""The pipeline: a definition, and the fast engine that moves deals through it.

Every move is a pure method of :class:`Pipeline` that returns a new
:class:`~salesflow.Opportunity` with one :class:`~salesflow.StageChange`
appended, or raises and changes nothing. Moves validate only what they add
(``at``, ``by``, ``reason``, ``note``) and build the result without re-running
the record's full checks: the input was valid and the move keeps it so (a
property test shows every result passes full validation).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from salesflow._checks import (
    Checker,
    definition_checker,
    describe,
    make_builder,
    make_evolver,
    to_tuple,
)
from salesflow.checklists._model import Checklist
from salesflow.convert import NOT_DATA, Definition
from salesflow.exceptions import (
    MissingExtraError,
    Reason,
    TransitionError,
    ValidationError,
)
from salesflow.money import Money
from salesflow.predicates import Predicate, Registry, current_registry
from salesflow.records import AttributeValue, Move, Opportunity, OpportunityStatus, StageChange
from salesflow.stages._definitions import (
    DEFAULT_LOST_REASONS,
    OPPORTUNITY_FIELDS,
    ForecastCategory,
    MovePolicy,
    Stage,
    check_keys,
)

if TYPE_CHECKING:
    from salesflow.stages._statemachine import PipelineMachine

__all__ = ["MoveCheck", "Pipeline"]

_TEXT_FORMATS = ("mermaid", "dot")
_IMAGE_FORMATS = ("svg", "png", "pdf")


_OPEN = OpportunityStatus.OPEN
_WON = OpportunityStatus.WON
_LOST = OpportunityStatus.LOST
_PAUSED = OpportunityStatus.PAUSED
_EMPTY: Mapping[str, Any] = MappingProxyType({})
# stands in for a bad ``at`` while the other arguments of ``open`` are checked
_ANY_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_change = make_builder(StageChange)
_moved = make_evolver(Opportunity, ("stage", "status", "probability", "lost_reason", "history"))


@attrs.frozen(slots=True)
class MoveCheck:
    """The answer of :meth:`Pipeline.can_advance`: allowed or not, and why.

    Truthy when the move is allowed. ``reasons`` are the same
    :class:`~salesflow.Reason` values the move would raise with; ``missing``
    lists the unmet requirements of the gates (field, guard or item names).
    """

    allowed: bool
    to_stage: str | None
    reasons: tuple[Reason, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.requirement for r in self.reasons if r.requirement is not None)


class _Gate:
    """A stage's gate, resolved once: field look-ups, guard callables, the checklist."""

    __slots__ = ("checklist", "fields", "guards", "stage")

    def __init__(
        self,
        stage: str,
        fields: tuple[tuple[str, bool], ...],
        guards: tuple[tuple[str, Predicate], ...],
        checklist: Checklist | None = None,
    ) -> None:
        self.stage = stage
        self.fields = fields
        self.guards = guards
        self.checklist = checklist


class _Index:
    """Per-pipeline look-ups, computed once when the pipeline is built."""

    __slots__ = (
        "gates",
        "index",
        "keys",
        "last_open",
        "lost_reasons",
        "machine",
        "probs",
        "win_outcomes",
        "won_index",
    )

    def __init__(self, pipeline: Pipeline) -> None:
        stages = pipeline.stages
        self.keys: tuple[str, ...] = tuple(s.key for s in stages)
        self.index: dict[str, int] = {k: i for i, k in enumerate(self.keys)}
        self.probs: tuple[int, ...] = tuple(s.probability for s in stages)
        registry = pipeline.registry
        gates: list[_Gate | None] = []
        for s in stages:
            if s.required_fields or s.guards or s.checklist is not None:
                fields = tuple((f, f in OPPORTUNITY_FIELDS) for f in s.required_fields)
                guards = tuple((g, registry[g]) for g in s.guards)
                gates.append(_Gate(s.key, fields, guards, s.checklist))
            else:
                gates.append(None)
        self.gates: tuple[_Gate | None, ...] = tuple(gates)
        self.won_index: int | None = (
            None if pipeline.won_stage is None else self.index[pipeline.won_stage]
        )
        self.last_open = len(stages) - 1 if self.won_index is None else self.won_index - 1
        self.lost_reasons = frozenset(pipeline.lost_reasons)
        self.win_outcomes = frozenset(pipeline.win_outcomes)
        self.machine: type[PipelineMachine] | None = None


def _missing(value: object) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, Money):
        return value.amount == 0
    return False


def _check_context(check: Checker, context: object) -> None:
    if context is not None and not isinstance(context, Mapping):
        check.add("context", f"expected a mapping or None, got {describe(context)}")


def _locale(where: str, locale: object) -> str:
    """The catalog name of ``locale``; a bad one is a ValidationError on ``locale``."""
    from salesflow.locales import default_catalogs

    if not isinstance(locale, str):
        raise ValidationError.single(
            where, "locale", f"expected a locale name such as 'en', got {describe(locale)}"
        )
    try:
        return default_catalogs().normalise(locale)
    except ValidationError as exc:
        raise ValidationError(where, [p.prefixed("locale") for p in exc.problems]) from None


def _default_registry() -> Registry:
    return current_registry()


@attrs.frozen(slots=True, kw_only=True)
class Pipeline(Definition):
    """A sales pipeline: ordered stages, lost reasons, win outcomes and the move policy.

    ``won_stage``, when set, must be the last stage: the after-sale stage a
    won deal moves to. Open deals cannot advance into it; winning is the way
    in. ``win_outcomes`` are optional tags a win may carry (the lifecycle
    preset's ``"upgraded"``); ``lost_reasons`` the reasons a loss must give.
    Guards are looked up in ``registry`` (default: the registry in force when
    the pipeline is built, see :func:`salesflow.predicates.using`).
    """

    key: str
    stages: tuple[Stage, ...] = attrs.field(converter=to_tuple)
    label_key: str | None = None
    lost_reasons: tuple[str, ...] = attrs.field(default=DEFAULT_LOST_REASONS, converter=to_tuple)
    win_outcomes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    won_stage: str | None = None
    policy: MovePolicy = attrs.field(factory=MovePolicy)
    registry: Registry = attrs.field(
        factory=_default_registry, eq=False, repr=False, metadata=NOT_DATA
    )
    _x: _Index = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Pipeline")
        check.key("key", self.key)
        check.optional_text("label_key", self.label_key)
        keys: list[str] = []
        if check.items("stages", self.stages, Stage, "Stage"):
            if not self.stages:
                check.add("stages", "a pipeline needs at least one stage")
            keys = [s.key for s in self.stages]
            check.unique("stages", keys, "stage key")
        if not isinstance(self.registry, Registry):
            check.add("registry", f"expected a Registry, got {describe(self.registry)}")
        else:
            for i, stage in enumerate(self.stages if isinstance(self.stages, tuple) else ()):
                if not isinstance(stage, Stage):
                    continue
                for j, guard in enumerate(stage.guards):
                    if guard not in self.registry:
                        known = ", ".join(self.registry.names) or "none"
                        check.add(
                            f"stages[{i}].guards[{j}]",
                            f"unknown guard {guard!r} (registered predicates: {known})",
                        )
        lost_ok = check_keys(check, "lost_reasons", self.lost_reasons, "lost reason")
        if lost_ok and not self.lost_reasons:
            check.add("lost_reasons", "a pipeline needs at least one lost reason")
        check_keys(check, "win_outcomes", self.win_outcomes, "win outcome")
        if self.won_stage is not None and check.key("won_stage", self.won_stage) and keys:
            if self.won_stage not in keys:
                check.add("won_stage", f"unknown stage {self.won_stage!r} (stages: {keys})")
            elif self.won_stage != keys[-1]:
                check.add(
                    "won_stage",
                    f"{self.won_stage!r} is not the last stage {keys[-1]!r} (stages after "
                    "the won stage could never be reached)",
                )
            elif len(keys) == 1:
                check.add("won_stage", "the won stage cannot be the only stage")
        check.instance("policy", self.policy, MovePolicy, "a MovePolicy")
        check.done()
        object.__setattr__(self, "_x", _Index(self))

    # -- look-ups -----------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """The stage keys, in order."""
        return self._x.keys

    @property
    def open_keys(self) -> tuple[str, ...]:
        """The stages an open deal may be in (all but the won stage)."""
        return self._x.keys[: self._x.last_open + 1]

    def stage(self, key: str) -> Stage:
        """The stage ``key``; an unknown key is a :class:`~salesflow.ValidationError`."""
        return self.stages[self._stage_index(key, "key")]

    def index(self, key: str) -> int:
        """The position of stage ``key`` (its order, from 0)."""
        return self._stage_index(key, "key")

    def _stage_index(self, key: object, path: str) -> int:
        i = self._x.index.get(key) if isinstance(key, str) else None
        if i is None:
            raise ValidationError.single(
                "Pipeline",
                path,
                f"unknown stage {describe(key)} in pipeline {self.key!r} "
                f"(expected one of {', '.join(self._x.keys)})",
            )
        return i

    @property
    def pipeline_label_key(self) -> str:
        """The label key of the pipeline: ``label_key`` or ``pipeline.<key>``."""
        return self.label_key or f"pipeline.{self.key}"

    def stage_label_key(self, key: str) -> str:
        """The label key of stage ``key``: its own, or ``stage.<pipeline>.<stage>``."""
        stage = self.stage(key)
        return stage.label_key or f"stage.{self.key}.{key}"

    # -- gates --------------------------------------------------------------------

    def gate_reasons(
        self,
        opp: Opportunity,
        stage_key: str,
        context: Mapping[str, Any] | None = None,
    ) -> tuple[Reason, ...]:
        """Every unmet requirement of stage ``stage_key``'s gate for ``opp``.

        The one place gates are evaluated: :meth:`advance`, skipping and
        :meth:`can_advance` all ask here. Each reason has code
        ``"unmet_requirement"``, the stage and the requirement's name.
        """
        self._own(opp)
        return self._gate(self._stage_index(stage_key, "stage_key"), opp, context)

    def _gate(
        self, i: int, opp: Opportunity, context: Mapping[str, Any] | None
    ) -> tuple[Reason, ...]:
        gate = self._x.gates[i]
        if gate is None:
            return ()
        reasons: list[Reason] = []
        stage = gate.stage
        for name, on_record in gate.fields:
            value: object = getattr(opp, name) if on_record else opp.attributes.get(name)
            if _missing(value):
                reasons.append(
                    Reason(
                        "unmet_requirement",
                        f"stage {stage!r} requires {name!r}, which is not set",
                        stage,
                        name,
                    )
                )
        ctx = _EMPTY if context is None else context
        for name, predicate in gate.guards:
            if not predicate(opp, ctx):
                reasons.append(
                    Reason(
                        "unmet_requirement",
                        f"stage {stage!r} requires guard {name!r}, which is not met",
                        stage,
                        name,
                    )
                )
        checklist = gate.checklist
        if checklist is not None:
            for item in checklist.gate(
                opp.checklists.get(stage), opportunity=opp, context=ctx
            ).unmet:
                reasons.append(
                    Reason(
                        "unmet_requirement",
                        f"stage {stage!r} requires checklist item {item.key!r}, which is not done",
                        stage,
                        item.key,
                    )
                )
        return tuple(reasons)

    # -- probability and forecast -------------------------------------------------

    def probability(self, opp: Opportunity) -> int:
        """The effective win probability (0 to 100) of ``opp``.

        Won is 100 and lost 0; otherwise the manual override when set, else
        the stage's default.
        """
        i = self._own(opp)
        status = opp.status
        if status is _WON:
            return 100
        if status is _LOST:
            return 0
        if opp.probability is not None:
            return opp.probability
        return self._x.probs[i]

    def forecast_category(self, opp: Opportunity) -> ForecastCategory:
        """``closed`` when won, ``omitted`` when lost or paused, else the stage's."""
        i = self._own(opp)
        if opp.status is _WON:
            return ForecastCategory.CLOSED
        if opp.status is not _OPEN:
            return ForecastCategory.OMITTED
        return self.stages[i].forecast

    def weighted_amount(self, opp: Opportunity) -> Money:
        """The amount times the effective probability."""
        rate = Decimal(self.probability(opp)) / 100  # checks ``opp`` first
        return opp.amount * rate

    def _own(self, opp: object, path: str = "opportunity") -> int:
        """The stage index of a deal of this pipeline; anything else is a ValidationError."""
        if type(opp) is Opportunity or isinstance(opp, Opportunity):
            if opp.pipeline == self.key:
                i = self._x.index.get(opp.stage)
                if i is not None:
                    return i
                message = self._unknown(opp.stage)
            else:
                message = f"the deal {opp.id!r} is in pipeline {opp.pipeline!r}, not {self.key!r}"
        else:
            message = f"expected an Opportunity, got {describe(opp)}"
        raise ValidationError.single("Pipeline", path, message)

    def forecast(
        self, opportunities: Iterable[Opportunity], currency: str
    ) -> Mapping[ForecastCategory, Money]:
        """Amounts by forecast category (every category present, zero when empty).

        Every deal must be in ``currency``; a deal in another currency is a
        :class:`~salesflow.ValidationError` (convert first).
        """
        totals = {c: Money.zero(currency) for c in ForecastCategory}
        if isinstance(opportunities, (str, bytes, Mapping)) or not isinstance(
            opportunities, Iterable
        ):
            raise ValidationError.single(
                "Pipeline",
                "opportunities",
                f"expected a collection of Opportunity values, got {describe(opportunities)}",
            )
        for n, opp in enumerate(opportunities):
            self._own(opp, f"opportunities[{n}]")
            if opp.amount.currency != currency:
                raise ValidationError.single(
                    "Pipeline",
                    f"opportunities[{n}].amount",
                    f"deal {opp.id!r} is in {opp.amount.currency}, not {currency} "
                    "(expected one currency; convert first)",
                )
            category = self.forecast_category(opp)
            totals[category] = totals[category] + opp.amount
        return MappingProxyType(totals)

    # -- python-statemachine and diagrams ------------------------------------------

    def to_statemachine(self) -> type[PipelineMachine]:
        """The :class:`statemachine.StateMachine` subclass of this pipeline (built once).

        It derives from :class:`~salesflow.stages.PipelineMachine`.

        ``Machine(opportunity=opp)`` starts where ``opp`` stands; its events
        are ``advance``, ``to_<stage>``, ``win``, ``lose``, ``pause``,
        ``resume`` and ``reopen``. For listeners and callbacks; bulk moves
        belong to the pipeline's own methods.
        """
        x = self._x
        if x.machine is None:
            from salesflow.stages._statemachine import build_machine

            x.machine = build_machine(self)
        return x.machine

    def diagram(self, format: str = "mermaid", *, locale: str = "en") -> str:
        """The pipeline's state machine as Mermaid (``"mermaid"``) or Graphviz (``"dot"``) text."""
        from salesflow.stages import _statemachine

        locale = _locale("diagram", locale)
        if format == "mermaid":
            return _statemachine.to_mermaid(self, locale)
        if format == "dot":
            return _statemachine.to_dot(self, locale)
        raise ValidationError.single(
            "diagram",
            "format",
            f"unknown text format {describe(format)} (expected one of "
            f"{', '.join(_TEXT_FORMATS)}; images: diagram_image)",
        )

    def diagram_image(self, format: str = "svg", *, locale: str = "en") -> bytes:
        """The diagram rendered by Graphviz (``"svg"``, ``"png"`` or ``"pdf"``).

        Needs the optional extra: ``pip install 'salesflow[graphviz]'`` (and the
        Graphviz ``dot`` program); without it raises :class:`MissingExtraError`.
        """
        if format not in _IMAGE_FORMATS:
            raise ValidationError.single(
                "diagram",
                "format",
                f"unknown image format {describe(format)} (expected one of "
                f"{', '.join(_IMAGE_FORMATS)})",
            )
        source = self.diagram("dot", locale=locale)
        try:
            import graphviz
        except ImportError:
            raise MissingExtraError(
                "image diagrams need the optional graphviz extra: "
                "pip install 'salesflow[graphviz]' (text diagrams need nothing: "
                "pipeline.diagram('dot') or pipeline.diagram('mermaid'))"
            ) from None
        try:
            return bytes(graphviz.Source(source).pipe(format=format))
        except graphviz.ExecutableNotFound:
            raise MissingExtraError(
                "the Graphviz 'dot' program was not found: install Graphviz "
                "(https://graphviz.org/download/) besides salesflow[graphviz]"
            ) from None

    # -- the moves ------------------------------------------------------------------

    def open(
        self,
        id: str,
        customer_id: str,
        owner: str,
        amount: Money,
        *,
        at: datetime,
        stage: str | None = None,
        by: str | None = None,
        name: str = "",
        expected_close: date | None = None,
        probability: int | None = None,
        attributes: Mapping[str, AttributeValue] | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """A new open deal in ``stage`` (default: the first), created at ``at``.

        Its history starts with one change (``Move.OPEN``). Bad values are a
        :class:`~salesflow.ValidationError` naming each path; a stage an open
        deal cannot be in is a :class:`~salesflow.TransitionError`.
        """
        x = self._x
        stage_bad = stage is not None and not isinstance(stage, str)
        if stage is None or stage_bad:
            i = 0  # a bad stage is reported with the other bad arguments below
        else:
            got = x.index.get(stage)
            if got is None:
                raise TransitionError(
                    "open",
                    str(id),
                    [Reason("unknown_stage", self._unknown(stage), stage)],
                    to_stage=str(stage),
                )
            if got > x.last_open:
                raise TransitionError(
                    "open",
                    str(id),
                    [Reason("not_allowed", self._won_only(stage), stage)],
                    to_stage=stage,
                )
            i = got
        key = x.keys[i]
        check = Checker("Opportunity")
        if stage_bad:
            check.add("stage", f"expected a stage key, got {describe(stage)}")
        at_ok = check.aware("at", at)
        check.optional_text("by", by)
        if note is not None:
            check.text("note", note, allow_empty=True)
        if check.problems:
            # name every bad argument at once: the record's own problems too
            check.nested(
                "",
                lambda: Opportunity(
                    id=id,
                    customer_id=customer_id,
                    owner=owner,
                    pipeline=self.key,
                    stage=key,
                    amount=amount,
                    created_at=at if at_ok else _ANY_TIME,
                    name=name,
                    expected_close=expected_close,
                    probability=probability,
                    attributes={} if attributes is None else attributes,
                ),
            )
            check.fail()
        prob = x.probs[i] if probability is None else probability
        if isinstance(prob, bool) or not isinstance(prob, int):
            prob = 0  # the record's own check reports the bad override
        change = StageChange(
            move=Move.OPEN,
            at=at,
            to_stage=key,
            to_status=_OPEN,
            probability_after=min(max(prob, 0), 100),
            by=by,
            note=note,
        )
        return Opportunity(
            id=id,
            customer_id=customer_id,
            owner=owner,
            pipeline=self.key,
            stage=key,
            amount=amount,
            created_at=at,
            name=name,
            expected_close=expected_close,
            probability=probability,
            history=(change,),
            attributes={} if attributes is None else attributes,
        )

    def advance(
        self,
        opp: Opportunity,
        to: str | None = None,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Opportunity:
        """Move an open deal to stage ``to`` (default: the next stage).

        Forward one stage needs the current stage's gate; skipping needs the
        policy's ``allow_skip`` and every skipped gate; back to an earlier
        stage needs ``allow_back`` (no gate). A refused move raises
        :class:`~salesflow.TransitionError` listing every reason.
        """
        self._prelude(opp, at, by, note, to, "to", context=context)
        target, reasons = self._advance_reasons(opp, to, context)
        if reasons:
            raise TransitionError(
                "advance", opp.id, reasons, from_stage=opp.stage, to_stage=self._name(target, to)
            )
        i = self._x.index[opp.stage]
        move = Move.ADVANCE if target > i else Move.BACK
        return self._record(opp, move, at, target, _OPEN, by, None, note, None)

    def can_advance(
        self,
        opp: Opportunity,
        to: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> MoveCheck:
        """Whether :meth:`advance` would accept the move, and every reason if not.

        Never raises :class:`~salesflow.TransitionError`; a value of the wrong
        type is still a :class:`~salesflow.ValidationError`.
        """
        self._check_subject(opp, context, to=to)
        target, reasons = self._advance_reasons(opp, to, context)
        return MoveCheck(not reasons, self._name(target, to), reasons)

    def win(
        self,
        opp: Opportunity,
        *,
        at: datetime,
        by: str | None = None,
        outcome: str | None = None,
        note: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Opportunity:
        """Mark an open deal won (moving it to ``won_stage`` when the pipeline has one).

        ``outcome`` is an optional tag from ``win_outcomes`` (e.g. the
        lifecycle preset's ``"upgraded"``), kept as the change's ``reason``.
        """
        self._prelude(opp, at, by, note, outcome, "outcome", context=context)
        reasons = self._win_reasons(opp, outcome, context)
        if reasons:
            raise TransitionError("win", opp.id, reasons, from_stage=opp.stage)
        x = self._x
        target = x.index[opp.stage] if x.won_index is None else x.won_index
        return self._record(opp, Move.WIN, at, target, _WON, by, outcome, note, None)

    def lose(
        self,
        opp: Opportunity,
        reason: str,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Mark an open or paused deal lost, for ``reason`` (one of ``lost_reasons``)."""
        self._prelude(opp, at, by, note, reason, "reason", required=True)
        reasons = self._lose_reasons(opp, reason)
        if reasons:
            raise TransitionError("lose", opp.id, reasons, from_stage=opp.stage)
        i = self._x.index[opp.stage]
        return self._record(opp, Move.LOSE, at, i, _LOST, by, reason, note, reason)

    def pause(
        self,
        opp: Opportunity,
        *,
        at: datetime,
        reason: str | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Pause an open deal where it stands (``reason`` is free text)."""
        self._prelude(opp, at, by, note, reason, "reason")
        reasons = self._status_reasons(opp, (_OPEN,), "pause")
        if reasons:
            raise TransitionError("pause", opp.id, reasons, from_stage=opp.stage)
        i = self._x.index[opp.stage]
        return self._record(opp, Move.PAUSE, at, i, _PAUSED, by, reason, note, None)

    def resume(
        self,
        opp: Opportunity,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Resume a paused deal in the stage it was paused in."""
        self._prelude(opp, at, by, note)
        reasons = self._status_reasons(opp, (_PAUSED,), "resume")
        if reasons:
            raise TransitionError("resume", opp.id, reasons, from_stage=opp.stage)
        i = self._x.index[opp.stage]
        return self._record(opp, Move.RESUME, at, i, _OPEN, by, None, note, None)

    def reopen(
        self,
        opp: Opportunity,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Reopen a won or lost deal, when the policy's ``allow_reopen`` says so.

        A lost deal reopens in its stage; a won deal in the won stage reopens
        in the stage before it (the deal is to be closed again).
        """
        self._prelude(opp, at, by, note)
        reasons = self._reopen_reasons(opp)
        if reasons:
            raise TransitionError("reopen", opp.id, reasons, from_stage=opp.stage)
        target = self._reopen_target(self._x.index[opp.stage])
        return self._record(opp, Move.REOPEN, at, target, _OPEN, by, None, note, None)

    # -- the rules, as reasons (shared with the generated state machine) --------------

    def reasons(
        self,
        move: str,
        opp: Opportunity,
        *,
        to: str | None = None,
        reason: str | None = None,
        outcome: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> tuple[Reason, ...]:
        """Why ``move`` (``"advance"``, ``"win"``, ``"lose"``, ``"pause"``,
        ``"resume"``, ``"reopen"``) would be refused for ``opp``; empty if allowed."""
        self._check_subject(opp, context, to=to, reason=reason, outcome=outcome)
        if move == "advance":
            return self._advance_reasons(opp, to, context)[1]
        if move == "win":
            return self._win_reasons(opp, outcome, context)
        if move == "lose":
            return self._lose_reasons(opp, reason)
        if move == "pause":
            return self._status_reasons(opp, (_OPEN,), "pause")
        if move == "resume":
            return self._status_reasons(opp, (_PAUSED,), "resume")
        if move == "reopen":
            return self._reopen_reasons(opp)
        raise ValidationError.single(
            "Pipeline",
            "move",
            f"unknown move {move!r} (expected advance, win, lose, pause, resume or reopen)",
        )

    def _where(self, opp: Opportunity) -> tuple[int | None, tuple[Reason, ...]]:
        if opp.pipeline != self.key:
            return None, (
                Reason(
                    "wrong_pipeline",
                    f"the deal is in pipeline {opp.pipeline!r}, not {self.key!r}",
                    opp.stage,
                ),
            )
        i = self._x.index.get(opp.stage)
        if i is None:
            return None, (Reason("unknown_stage", self._unknown(opp.stage), opp.stage),)
        return i, ()

    def _status_reasons(
        self, opp: Opportunity, allowed: tuple[OpportunityStatus, ...], move: str
    ) -> tuple[Reason, ...]:
        _, reasons = self._where(opp)
        if reasons:
            return reasons
        if opp.status not in allowed:
            wanted = " or ".join(s.value for s in allowed)
            article = "an" if wanted[0] in "aeiou" else "a"
            return (
                Reason(
                    "wrong_status",
                    f"the deal is {opp.status.value} (only {article} {wanted} deal can {move})",
                    opp.stage,
                ),
            )
        return ()

    def _advance_reasons(
        self, opp: Opportunity, to: str | None, context: Mapping[str, Any] | None
    ) -> tuple[int, tuple[Reason, ...]]:
        x = self._x
        reasons = self._status_reasons(opp, (_OPEN,), "advance")
        if reasons:
            return -1, reasons
        i = x.index[opp.stage]
        policy = self.policy
        if to is None:
            t = i + 1
            if t > x.last_open:
                return t, (
                    Reason(
                        "not_allowed",
                        f"{opp.stage!r} is the last open stage (win or lose the deal to close it)",
                        opp.stage,
                    ),
                )
        else:
            got = x.index.get(to)
            if got is None:
                return -1, (Reason("unknown_stage", self._unknown(to), to),)
            t = got
            message = None
            if t == i:
                message = f"the deal is already in {to!r}"
            elif t > x.last_open:
                message = self._won_only(to)
            elif t < i and not policy.allow_back:
                message = "the pipeline does not allow moving back"
            elif t > i + 1 and not policy.allow_skip:
                message = f"the pipeline does not allow skipping stages (next is {x.keys[i + 1]!r})"
            if message is not None:
                return t, (Reason("not_allowed", message, to),)
        if t < i:
            return t, ()
        found = self._gate(i, opp, context)
        for j in range(i + 1, t):
            for r in self._gate(j, opp, context):
                found += (
                    Reason(
                        "skipped_gate",
                        f"skipped {r.message}",
                        r.stage,
                        r.requirement,
                    ),
                )
        return t, found

    def _win_reasons(
        self, opp: Opportunity, outcome: str | None, context: Mapping[str, Any] | None
    ) -> tuple[Reason, ...]:
        reasons = self._status_reasons(opp, (_OPEN,), "win")
        if reasons:
            return reasons
        if outcome is not None and outcome not in self._x.win_outcomes:
            known = ", ".join(self.win_outcomes) or "none"
            return (
                Reason(
                    "bad_reason",
                    f"unknown win outcome {outcome!r} (this pipeline allows: {known})",
                    opp.stage,
                ),
            )
        if self.policy.win_needs_gate:
            return self._gate(self._x.index[opp.stage], opp, context)
        return ()

    def _lose_reasons(self, opp: Opportunity, reason: str | None) -> tuple[Reason, ...]:
        reasons = self._status_reasons(opp, (_OPEN, _PAUSED), "lose")
        if reasons:
            return reasons
        if reason not in self._x.lost_reasons:
            return (
                Reason(
                    "bad_reason",
                    f"unknown lost reason {reason!r} (expected one of "
                    f"{', '.join(self.lost_reasons)})",
                    opp.stage,
                ),
            )
        return ()

    def _reopen_reasons(self, opp: Opportunity) -> tuple[Reason, ...]:
        reasons = self._status_reasons(opp, (_WON, _LOST), "reopen")
        if reasons:
            return reasons
        if not self.policy.allow_reopen:
            return (
                Reason(
                    "reopen_not_allowed",
                    f"pipeline {self.key!r} does not allow reopening closed deals",
                    opp.stage,
                ),
            )
        return ()

    def _reopen_target(self, i: int) -> int:
        return i if i <= self._x.last_open else self._x.last_open

    # -- helpers --------------------------------------------------------------------

    def _unknown(self, stage: object) -> str:
        return f"unknown stage {stage!r} (pipeline {self.key!r} has {', '.join(self._x.keys)})"

    def _won_only(self, stage: str) -> str:
        return f"{stage!r} is the won stage: a deal enters it by being won"

    def _name(self, target: int, to: str | None) -> str | None:
        if to is not None:
            return to
        keys = self._x.keys
        return keys[target] if 0 <= target < len(keys) else None

    def _check_subject(self, opp: object, context: object, **values: object) -> None:
        check = Checker("move")
        check.instance("opportunity", opp, Opportunity, "an Opportunity")
        for path, value in values.items():
            if value is not None:
                check.text(path, value)
        _check_context(check, context)
        check.done()

    def _prelude(
        self,
        opp: Opportunity,
        at: datetime,
        by: str | None,
        note: str | None,
        value: object = None,
        path: str = "",
        *,
        required: bool = False,
        context: object = None,
    ) -> None:
        """Validate what a move adds; raise a ValidationError listing every problem."""
        if (
            (context is None or type(context) is dict)
            and type(opp) is Opportunity
            and type(at) is datetime
            and at.tzinfo is not None
            # blank text is refused by the slow path (as the record refuses it)
            and (by is None or (type(by) is str and by and not by.isspace()))
            and (note is None or type(note) is str)
            and (value is None or (type(value) is str and value and not value.isspace()))
            and (value is not None or not required)
        ):
            hist = opp.history
            last = hist[-1].at if hist else opp.created_at
            if at.utcoffset() is not None and at >= last:
                return
        check = Checker("move")
        opp_ok = check.instance("opportunity", opp, Opportunity, "an Opportunity")
        if check.aware("at", at) and opp_ok and at < opp.updated_at:
            check.add(
                "at",
                f"{at.isoformat()} is before the deal's last change "
                f"{opp.updated_at.isoformat()} (moves are recorded in time order)",
            )
        check.optional_text("by", by)
        if note is not None:
            check.text("note", note, allow_empty=True)
        if value is None:
            if required:
                check.add(path, "required (expected one of the pipeline's lost reasons)")
        else:
            check.text(path, value)
        _check_context(check, context)
        check.done()

    def _record(
        self,
        opp: Opportunity,
        move: Move,
        at: datetime,
        target: int,
        status: OpportunityStatus,
        by: str | None,
        reason: str | None,
        note: str | None,
        lost_reason: str | None,
    ) -> Opportunity:
        x = self._x
        from_stage = opp.stage
        from_status = opp.status
        to_stage = x.keys[target]
        override = opp.probability
        if from_status is _WON:
            before = 100
        elif from_status is _LOST:
            before = 0
        elif override is not None:
            before = override
        else:
            before = x.probs[x.index[from_stage]]
        if to_stage != from_stage and not self.policy.keep_probability:
            override = None
        if status is _WON:
            after = 100
        elif status is _LOST:
            after = 0
        elif override is not None:
            after = override
        else:
            after = x.probs[target]
        change = _change(
            move=move,
            at=at,
            to_stage=to_stage,
            to_status=status,
            probability_after=after,
            from_stage=from_stage,
            from_status=from_status,
            probability_before=before,
            by=by,
            reason=reason,
            note=note,
        )
        return _moved(opp, to_stage, status, override, lost_reason, (*opp.history, change))
