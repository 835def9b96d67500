"""The scorecard: criteria, how their levels add up, and bands over the total.

A :class:`Scorecard` is a definition (data). Building one checks it and
compiles it (:mod:`salesflow.scoring._evaluation`) into one small evaluator
per criterion, so :meth:`Scorecard.evaluate` does no parsing and no
look-ups by name at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from salesflow._checks import (
    Checker,
    definition_checker,
    describe,
    freeze_mapping,
    require_text,
    to_tuple,
)
from salesflow.convert import NOT_DATA, Definition
from salesflow.exceptions import ValidationError
from salesflow.locales import DEFAULT_LOCALE, Catalogs
from salesflow.predicates import Registry, current_registry
from salesflow.scoring._criteria import Aggregation, Band, Criterion, UnknownPolicy
from salesflow.scoring._evaluation import NOT_FACTS, Plan, compile_plan
from salesflow.scoring._explanations import level_text, wording
from salesflow.scoring._results import ScoreResult, result_maker

__all__ = ["Scorecard"]

_ZERO = Decimal(0)


def _no_plan() -> Any:
    return None


def _default_label_key(card: Scorecard) -> str:
    return f"scorecard.{card.key}"


@attrs.frozen(slots=True, kw_only=True)
class Scorecard(Definition):
    """A scorecard: criteria, how their levels add up, and bands over the total.

    ``label_key`` defaults to ``scorecard.<key>``.

    >>> from salesflow.scoring import Band, Criterion, Scorecard
    >>> card = Scorecard(
    ...     key="quick",
    ...     criteria=[Criterion(key="budget", kind="yes_no", field="budget"),
    ...               Criterion(key="need", kind="yes_no", field="need")],
    ...     bands=[Band(key="cold", minimum=0), Band(key="warm", minimum=1),
    ...            Band(key="hot", minimum=2)],
    ... )
    >>> card.evaluate({"budget": True}).band
    'warm'
    """

    key: str
    criteria: tuple[Criterion, ...] = attrs.field(converter=to_tuple)
    bands: tuple[Band, ...] = attrs.field(converter=to_tuple)
    aggregation: Aggregation = Aggregation.WEIGHTED_SUM
    unknown: UnknownPolicy = UnknownPolicy.WORST
    label_key: str = attrs.field(default=attrs.Factory(_default_label_key, takes_self=True))
    registry: Registry = attrs.field(
        factory=current_registry, eq=False, repr=False, metadata=NOT_DATA
    )
    _plan: Any = attrs.field(
        init=False, factory=_no_plan, eq=False, repr=False, hash=False, metadata=NOT_DATA
    )

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Scorecard")
        check.key("key", self.key)
        agg_ok = check.enum_field(self, "aggregation", Aggregation)
        check.enum_field(self, "unknown", UnknownPolicy)
        check.text("label_key", self.label_key)
        if not check.instance("registry", self.registry, Registry, "a predicate Registry"):
            check.done()
        criteria_ok = self._check_criteria(check)
        bands_ok = self._check_bands(check)
        if criteria_ok and bands_ok and agg_ok and self.criteria and self.bands:
            self._check_reach(check)
        check.done()
        object.__setattr__(self, "_plan", self._compile())

    def _check_criteria(self, check: Checker) -> bool:
        if not check.items("criteria", self.criteria, Criterion, "Criterion"):
            return False
        if not self.criteria:
            check.add("criteria", "a scorecard needs at least one criterion")
        check.unique("criteria", (c.key for c in self.criteria), "criterion key")
        for i, c in enumerate(self.criteria):
            if c.predicate is not None and c.predicate not in self.registry:
                check.add(
                    f"criteria[{i}].predicate",
                    f"unknown predicate {c.predicate!r} (not in the registry in force; "
                    "register it or pass registry=)",
                )
        return True

    def _check_bands(self, check: Checker) -> bool:
        if not check.items("bands", self.bands, Band, "Band"):
            return False
        if not self.bands:
            check.add("bands", "a scorecard needs at least one band")
        check.unique("bands", (b.key for b in self.bands), "band key")
        if self.bands and self.bands[0].minimum != 0:
            check.add(
                "bands[0].minimum",
                f"{self.bands[0].minimum} leaves totals below it without a band "
                "(expected the first band to start at 0)",
            )
        for i in range(1, len(self.bands)):
            lo, hi = self.bands[i - 1].minimum, self.bands[i].minimum
            if hi <= lo:
                check.add(
                    f"bands[{i}].minimum",
                    f"{hi} is not above {lo} (expected bands in ascending order of minimum)",
                )
        return True

    def _check_reach(self, check: Checker) -> None:
        maximum = sum((c.weight for c in self.criteria), _ZERO)
        for i, b in enumerate(self.bands):
            if b.minimum > maximum:
                check.add(
                    f"bands[{i}].minimum",
                    f"{b.minimum} is above the highest possible total {maximum} "
                    "(the band could never be reached)",
                )
        if self.aggregation is Aggregation.ALL_MUST_PASS and self.bands[-1].minimum != maximum:
            check.add(
                f"bands[{len(self.bands) - 1}].minimum",
                f"{self.bands[-1].minimum} differs from {maximum} (with all_must_pass the "
                "top band is reached only when every criterion passes)",
            )

    def _compile(self) -> Plan[ScoreResult]:
        index = freeze_mapping({c.key: i for i, c in enumerate(self.criteria)})
        maximum = sum((c.weight for c in self.criteria), _ZERO)
        return compile_plan(
            self.criteria,
            self.bands,
            aggregation=self.aggregation,
            unknown=self.unknown,
            registry=self.registry,
            make=result_maker(self, index, maximum),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # the compiled plan holds closures: pickle and deepcopy rebuild (and so
        # recompile) the scorecard from its data and its registry instead
        return (
            _rebuild_scorecard,
            (
                self.key,
                self.criteria,
                self.bands,
                self.aggregation,
                self.unknown,
                self.label_key,
                self.registry,
            ),
        )

    # -- reading the definition -------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """The criteria's keys, in order."""
        plan: Plan[ScoreResult] = self._plan
        return plan.keys

    @property
    def maximum(self) -> Decimal:
        """The highest possible total."""
        plan: Plan[ScoreResult] = self._plan
        return plan.maximum

    @property
    def needs_at(self) -> bool:
        """Whether :meth:`evaluate` needs ``at`` (a rule counts days from it)."""
        plan: Plan[ScoreResult] = self._plan
        return plan.needs_at

    def criterion(self, key: str) -> Criterion:
        """The criterion ``key``; an unknown key is a :class:`~salesflow.ValidationError`."""
        require_text("Scorecard.criterion", "key", key)
        plan: Plan[ScoreResult] = self._plan
        i = plan.positions.get(key)
        if i is not None:
            return self.criteria[i]
        known = ", ".join(c.key for c in self.criteria)
        raise ValidationError.single(
            "Scorecard", "key", f"unknown criterion {describe(key)} (expected one of {known})"
        )

    def band(self, key: str) -> Band:
        """The band ``key``; an unknown key is a :class:`~salesflow.ValidationError`."""
        require_text("Scorecard.band", "key", key)
        for b in self.bands:
            if b.key == key:
                return b
        known = ", ".join(b.key for b in self.bands)
        raise ValidationError.single(
            "Scorecard", "key", f"unknown band {describe(key)} (expected one of {known})"
        )

    def band_for(self, total: Decimal | int) -> Band:
        """The band a total falls in (bands partition 0 to :attr:`maximum`)."""
        check = Checker("Scorecard.band_for")
        check.number("total", total)
        check.done()
        for b in reversed(self.bands):
            if total >= b.minimum:
                return b
        return self.bands[0]

    def contributions(self, key: str) -> tuple[Decimal, ...]:
        """What criterion ``key`` adds to the total at each of its levels, worst first."""
        plan: Plan[ScoreResult] = self._plan
        i = plan.positions[self.criterion(key).key]
        return plan.steps[i][1]

    def criterion_label_key(self, key: str) -> str:
        """The label key of criterion ``key``: its ``label_key`` or ``criterion.<card>.<key>``."""
        return self.criterion(key).label_key or f"criterion.{self.key}.{key}"

    def band_label_key(self, key: str) -> str:
        """The label key of band ``key``: its ``label_key`` or ``band.<card>.<key>``."""
        return self.band(key).label_key or f"band.{self.key}.{key}"

    def level_text(
        self,
        key: str,
        level: int,
        *,
        locale: str = DEFAULT_LOCALE,
        catalogs: Catalogs | None = None,
    ) -> str:
        """Level ``level`` of criterion ``key`` in words: "yes", "+", a grade, "at least 70"."""
        c = self.criterion(key)
        check = Checker("Scorecard.level_text")
        check.integer("level", level, low=0, high=c.top)
        check.done()
        cats, loc = wording("Scorecard.level_text", locale, catalogs)
        return level_text(cats, loc, c, level)

    # -- evaluation -------------------------------------------------------------

    def evaluate(
        self,
        facts: Any,
        *,
        at: datetime | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> ScoreResult:
        """Score ``facts`` (a mapping or a record) and explain the result.

        Missing inputs (absent, or ``None``) are unknown: counted as the
        scorecard's ``unknown`` policy says and listed in the result. An
        input of the wrong type is a :class:`~salesflow.ValidationError`
        naming every bad field. ``at`` (timezone-aware) is needed by
        scorecards that count days; ``context`` is handed to predicates.
        """
        plan: Plan[ScoreResult] = self._plan
        if at is not None or plan.needs_at:
            self._check_at(at)
        # type(), not isinstance: the facts are never asked anything (not even __class__)
        if type(facts) is not dict and (facts is None or issubclass(type(facts), NOT_FACTS)):
            raise ValidationError.single(
                "facts", "", f"expected a mapping or a record, got {describe(facts)}"
            )
        if context is not None and not isinstance(context, Mapping):
            raise ValidationError.single(
                "evaluate", "context", f"expected a mapping or None, got {describe(context)}"
            )
        return plan.run(facts, at, context)

    def evaluate_many(
        self,
        inputs: Iterable[Any],
        *,
        at: datetime | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Iterator[ScoreResult]:
        """Score each of ``inputs`` in turn, lazily (a generator).

        Gives the same results as :meth:`evaluate` one by one; a bad input
        raises when it is reached, after the results before it were given.
        ``at`` is checked at once (a scorecard that counts days needs it).
        """
        self._check_at(at)
        if isinstance(inputs, (str, bytes, Mapping)) or not isinstance(inputs, Iterable):
            raise ValidationError.single(
                "inputs", "", f"expected an iterable of mappings or records, got {describe(inputs)}"
            )
        return self._stream(iter(inputs), at, context)

    def _stream(
        self, inputs: Iterator[Any], at: datetime | None, context: Mapping[str, Any] | None
    ) -> Iterator[ScoreResult]:
        evaluate = self.evaluate
        for facts in inputs:
            yield evaluate(facts, at=at, context=context)

    def _check_at(self, at: object) -> None:
        plan: Plan[ScoreResult] = self._plan
        if at is None and plan.needs_at:
            raise ValidationError.single(
                "evaluate",
                "at",
                f"scorecard {self.key!r} counts days and needs at= (a timezone-aware datetime)",
            )
        check = Checker("evaluate")
        check.aware("at", at, optional=True)
        check.done()


def _rebuild_scorecard(
    key: str,
    criteria: tuple[Criterion, ...],
    bands: tuple[Band, ...],
    aggregation: Aggregation,
    unknown: UnknownPolicy,
    label_key: str,
    registry: Registry,
) -> Scorecard:
    return Scorecard(
        key=key,
        criteria=criteria,
        bands=bands,
        aggregation=aggregation,
        unknown=unknown,
        label_key=label_key,
        registry=registry,
    )
