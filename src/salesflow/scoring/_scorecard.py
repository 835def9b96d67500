"""The scorecard engine: criteria, bands, evaluation and results that explain themselves.

A :class:`Scorecard` is a definition (data): criteria, an aggregation and
bands. Building one checks it and compiles one small evaluator per
criterion, so :meth:`Scorecard.evaluate` does no parsing and no look-ups by
name at run time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from salesflow._checks import (
    Checker,
    definition_checker,
    describe,
    freeze_mapping,
    to_decimal,
    to_tuple,
)
from salesflow.convert import NOT_DATA, Definition, converter
from salesflow.exceptions import Problem, ValidationError
from salesflow.locales import DEFAULT_LOCALE, Catalogs, default_catalogs
from salesflow.money import Money
from salesflow.predicates import Registry, current_registry

__all__ = [
    "Aggregation",
    "Band",
    "BandValue",
    "Criterion",
    "CriterionResult",
    "Lift",
    "LiftStep",
    "RuleKind",
    "ScoreResult",
    "Scorecard",
    "UnknownPolicy",
]

E = TypeVar("E", bound=Enum)

#: A value a band may carry as data (e.g. ``{"follow_up_every_days": 7}``).
BandValue = str | int | bool

_BAND_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_ZERO = Decimal(0)
_ONE = Decimal(1)
#: Weights stay below this, so totals never overflow nor lose digits to rounding.
_MAX_WEIGHT = Decimal("1E+15")


class RuleKind(StrEnum):
    """How a criterion turns its input into a level (0 is the worst level)."""

    #: ``False`` / ``True`` (or a predicate's answer): levels no, yes.
    YES_NO = "yes_no"
    #: ``False`` / ``True``, or ``"-"`` / ``"+"``: levels minus, plus.
    PLUS_MINUS = "plus_minus"
    #: One of ``grades``, listed worst first (a string or an enum's value).
    GRADED = "graded"
    #: A number or Money, placed among ascending ``thresholds``.
    NUMERIC = "numeric"
    #: A date (or datetime): the days from ``at`` to it, placed among ``thresholds``
    #: (fewer days is better unless ``higher_is_better`` says otherwise).
    DAYS_UNTIL = "days_until"


class Aggregation(StrEnum):
    """How the criteria's levels become a total."""

    #: Each criterion adds ``weight * level / top level``.
    WEIGHTED_SUM = "weighted_sum"
    #: Each criterion at its top level adds its ``weight`` (1 by default: a count).
    COUNT_PLUSES = "count_pluses"
    #: Like ``count_pluses``, and only the total of all criteria passed reaches
    #: the top band (the definition checks that).
    ALL_MUST_PASS = "all_must_pass"


class UnknownPolicy(StrEnum):
    """How a criterion whose input is missing is counted."""

    WORST = "worst"
    BEST = "best"


# -- reading facts -------------------------------------------------------------


class _Levels(Mapping[str, int]):
    """A result's levels by criterion key: a read-only mapping over a tuple (internal).

    Cheaper to build than a dict for every evaluation; equal to any mapping
    with the same items.
    """

    __slots__ = ("_index", "_values")

    def __init__(self, index: Mapping[str, int], values: tuple[int, ...]) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, key: str) -> int:
        return self._values[self._index[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"mappingproxy({dict(self)!r})"


converter.register_unstructure_hook(_Levels, dict)


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


_MISSING: Any = _Missing()
_UNKNOWN = -1


class _BadValue(Exception):  # noqa: N818 - internal, collected into a ValidationError
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _step(obj: Any, name: str) -> Any:
    """One segment of a field path: a mapping key, an attribute, or a custom attribute."""
    kind = type(obj)
    if kind is dict or kind is MappingProxyType:
        return obj.get(name, _MISSING)
    if isinstance(obj, Mapping):
        return obj.get(name, _MISSING)
    found = getattr(obj, name, _MISSING)
    if found is _MISSING:
        extra = getattr(obj, "attributes", None)
        if isinstance(extra, Mapping):
            return extra.get(name, _MISSING)
    return found


def _reader(path: str) -> Callable[[Any], Any]:
    parts = tuple(path.split("."))
    if len(parts) == 1:
        name = parts[0]

        def read_one(facts: Any) -> Any:
            if type(facts) is dict:
                return facts.get(name, _MISSING)
            return _step(facts, name)

        return read_one

    first = parts[0]
    # each later segment with the path read before it (for the error message)
    rest = tuple((part, ".".join(parts[:i])) for i, part in enumerate(parts) if i)

    def read_path(facts: Any) -> Any:
        value = _step(facts, first)
        for part, where in rest:
            if value is None or value is _MISSING:
                return _MISSING
            if type(value) is not dict and isinstance(value, _NOT_FACTS):
                raise _BadValue(
                    f"{where} is {describe(value)} (expected a mapping or a record to read "
                    f"{part!r} from)"
                )
            value = _step(value, part)
        return value

    return read_path


# -- definitions -----------------------------------------------------------------


def _check_decimal(check: Checker, path: str, value: object) -> bool:
    return check.number(path, value)


@attrs.frozen(slots=True, kw_only=True)
class Criterion(Definition):
    """One criterion: where its input comes from, how it becomes a level, its weight.

    The input is either a ``field`` (a dotted path read from the facts:
    a mapping key, a record attribute, a nested record's attribute, or a key
    of a record's ``attributes``) or a registered ``predicate``
    (yes/no and plus/minus only). ``label`` defaults to
    ``criterion.<scorecard>.<key>``.
    """

    key: str
    kind: RuleKind
    field: str | None = None
    predicate: str | None = None
    weight: Decimal = attrs.field(default=_ONE, converter=to_decimal)
    label: str = ""
    group: str | None = None
    grades: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    thresholds: tuple[Decimal, ...] = attrs.field(default=(), converter=to_tuple)
    higher_is_better: bool | None = None
    currency: str | None = None

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Criterion")
        check.key("key", self.key)
        kind_ok = check.enum_field(self, "kind", RuleKind)
        if (
            self.field is not None
            and check.text("field", self.field)
            and not _FIELD.match(self.field)
        ):
            check.add(
                "field",
                f"{self.field!r} is not a field path (expected names joined by dots, "
                "e.g. 'characteristics.annual_revenue')",
            )
        if self.predicate is not None:
            check.text("predicate", self.predicate)
        if (self.field is None) == (self.predicate is None):
            check.add("field", "give exactly one of field and predicate")
        if check.number("weight", self.weight):
            if self.weight <= 0:
                check.add("weight", f"{self.weight} is not positive (expected a weight above 0)")
            elif self.weight >= _MAX_WEIGHT:
                check.add(
                    "weight", f"{self.weight} is too large (expected a weight below {_MAX_WEIGHT})"
                )
        check.text("label", self.label, allow_empty=True)
        if self.group is not None:
            check.key("group", self.group)
        if self.higher_is_better is not None:
            check.instance("higher_is_better", self.higher_is_better, bool, "true or false")
        if self.currency is not None:
            check.text("currency", self.currency)
        if kind_ok:
            self._check_rule(check)
        check.done()

    def _check_rule(self, check: Checker) -> None:
        kind = self.kind
        if self.predicate is not None and kind not in (RuleKind.YES_NO, RuleKind.PLUS_MINUS):
            check.add(
                "predicate", f"a predicate gives yes or no; kind {kind.value!r} needs a field"
            )
        if kind is RuleKind.GRADED:
            if check.items("grades", self.grades, str, "grade names"):
                if len(self.grades) < 2:
                    check.add("grades", "a graded rule needs at least two grades, worst first")
                check.unique("grades", self.grades, "grade")
        elif self.grades:
            check.add("grades", f"only a graded rule has grades (kind is {kind.value!r})")
        if kind in (RuleKind.NUMERIC, RuleKind.DAYS_UNTIL):
            if not isinstance(self.thresholds, tuple) or not self.thresholds:
                check.add("thresholds", "a numeric rule needs at least one threshold")
            else:
                good = True
                for i, t in enumerate(self.thresholds):
                    path = f"thresholds[{i}]"
                    if isinstance(t, (int, str)) and not isinstance(t, bool):
                        t = to_decimal(t)
                    good = check.number(path, t) and good
                if good:
                    values = [to_decimal(t) for t in self.thresholds]
                    object.__setattr__(self, "thresholds", tuple(values))
                    for i in range(1, len(values)):
                        if values[i] <= values[i - 1]:
                            check.add(
                                f"thresholds[{i}]",
                                f"{values[i]} is not above {values[i - 1]} "
                                "(expected thresholds in strictly ascending order)",
                            )
        else:
            if self.thresholds:
                check.add("thresholds", f"only a numeric rule has thresholds ({kind.value!r})")
            if self.higher_is_better is not None:
                check.add(
                    "higher_is_better", f"only a numeric rule has a direction ({kind.value!r})"
                )
            if self.currency is not None:
                check.add("currency", f"only a numeric rule has a currency ({kind.value!r})")
        if kind is RuleKind.DAYS_UNTIL and self.currency is not None:
            check.add("currency", "a days_until rule counts days, not money")

    # -- derived ----------------------------------------------------------------

    @property
    def top(self) -> int:
        """The best level (levels run from 0, the worst, to ``top``)."""
        kind = self.kind
        if kind is RuleKind.GRADED:
            return len(self.grades) - 1
        if kind in (RuleKind.NUMERIC, RuleKind.DAYS_UNTIL):
            return len(self.thresholds)
        return 1

    @property
    def better_when_higher(self) -> bool:
        if self.higher_is_better is not None:
            return self.higher_is_better
        return self.kind is not RuleKind.DAYS_UNTIL

    def level_key(self, level: int) -> str:
        """A stable name of ``level``: ``yes``/``no``, ``plus``/``minus``, a grade, ``level_2``."""
        kind = self.kind
        if kind is RuleKind.YES_NO:
            return "yes" if level else "no"
        if kind is RuleKind.PLUS_MINUS:
            return "plus" if level else "minus"
        if kind is RuleKind.GRADED:
            return self.grades[level]
        return f"level_{level}"

    def _compile(self, registry: Registry) -> Callable[[Any, Any, Any], int]:
        """The evaluator ``(facts, at, context) -> level`` (-1 when unknown)."""
        kind = self.kind
        if self.predicate is not None:
            predicate = registry[self.predicate]

            def by_predicate(facts: Any, at: Any, context: Any) -> int:
                try:
                    answer = predicate(facts, context)
                except (LookupError, AttributeError, TypeError, ValueError):
                    return _UNKNOWN
                if answer is None:
                    return _UNKNOWN
                return 1 if answer else 0

            return by_predicate
        assert self.field is not None
        read = _reader(self.field)
        if kind is RuleKind.YES_NO or kind is RuleKind.PLUS_MINUS:
            table: dict[Any, int] = {True: 1, False: 0}
            if kind is RuleKind.PLUS_MINUS:
                table.update({"+": 1, "-": 0})
            else:
                table.update({"yes": 1, "no": 0})
            expected = "true or false" + (", '+' or '-'" if kind is RuleKind.PLUS_MINUS else "")

            def by_flag(facts: Any, at: Any, context: Any) -> int:
                value = read(facts)
                if value is None or value is _MISSING:
                    return _UNKNOWN
                if type(value) is bool:
                    return 1 if value else 0
                if type(value) is str and value in table:
                    return table[value]
                raise _BadValue(f"expected {expected}, got {describe(value)}")

            return by_flag
        if kind is RuleKind.GRADED:
            grades = {g: i for i, g in enumerate(self.grades)}
            choices = ", ".join(repr(g) for g in self.grades)

            def by_grade(facts: Any, at: Any, context: Any) -> int:
                value = read(facts)
                if value is None or value is _MISSING:
                    return _UNKNOWN
                if isinstance(value, Enum):
                    value = value.value
                found = grades.get(value) if isinstance(value, str) else None
                if found is None:
                    raise _BadValue(f"{value!r} is not one of the grades ({choices})")
                return found

            return by_grade
        thresholds = self.thresholds
        top = len(thresholds)
        higher = self.better_when_higher
        currency = self.currency

        def place(number: Decimal | int) -> int:
            if higher:
                level = 0
                for t in thresholds:
                    if number >= t:
                        level += 1
                    else:
                        break
                return level
            level = top
            for t in thresholds:
                if number <= t:
                    return level
                level -= 1
            return 0

        if kind is RuleKind.NUMERIC:

            def by_number(facts: Any, at: Any, context: Any) -> int:
                value = read(facts)
                if value is None or value is _MISSING:
                    return _UNKNOWN
                if type(value) is Money:
                    if currency is not None and value.currency != currency:
                        raise _BadValue(
                            f"{value} is in {value.currency} (expected an amount in {currency})"
                        )
                    return place(value.amount)
                if type(value) is int or type(value) is Decimal:
                    if type(value) is Decimal and not value.is_finite():
                        raise _BadValue(f"expected a finite number, got {value}")
                    return place(value)
                raise _BadValue(f"expected a number (int, Decimal or Money), got {describe(value)}")

            return by_number

        def by_days(facts: Any, at: Any, context: Any) -> int:
            value = read(facts)
            if value is None or value is _MISSING:
                return _UNKNOWN
            if isinstance(value, datetime):
                if value.tzinfo is None or value.utcoffset() is None:
                    raise _BadValue(f"naive datetime {value.isoformat()} (expected an aware one)")
                day = value.astimezone(at.tzinfo).date()
            elif isinstance(value, date):
                day = value
            else:
                raise _BadValue(f"expected a date, got {describe(value)}")
            return place((day - at.date()).days)

        return by_days


@attrs.frozen(slots=True, kw_only=True)
class Band(Definition):
    """A result: totals from ``minimum`` up to the next band's minimum.

    ``label`` defaults to ``band.<scorecard>.<key>``; ``data`` carries what
    the band implies for other parts of the library (e.g. the follow-up
    cadence of a customer grade).
    """

    key: str
    minimum: Decimal = attrs.field(converter=to_decimal)
    label: str = ""
    data: Mapping[str, BandValue] = attrs.field(factory=dict, converter=freeze_mapping, hash=False)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Band")
        _band_key(check, "key", self.key)
        if check.number("minimum", self.minimum) and self.minimum < 0:
            check.add("minimum", f"{self.minimum} is negative (expected at least 0)")
        check.text("label", self.label, allow_empty=True)
        if not isinstance(self.data, Mapping):
            check.add("data", f"expected a mapping, got {describe(self.data)}")
        else:
            for k, v in self.data.items():
                if not isinstance(k, str) or not k:
                    check.add("data", f"key {describe(k)} is not a non-empty string")
                elif not isinstance(v, (str, int, bool)):
                    check.add(
                        f"data[{k!r}]",
                        f"expected a string, a whole number or a boolean, got {describe(v)}",
                    )
        check.done()


def _band_key(check: Checker, path: str, value: object) -> None:
    if check.instance(path, value, str, "a band key string"):
        assert isinstance(value, str)
        if not _BAND_KEY.match(value):
            check.add(
                path,
                f"{value!r} is not a valid band key (expected letters, digits and "
                "underscores, starting with a letter, e.g. 'A' or 'strong')",
            )


def _no_plan() -> Any:
    return None


@attrs.frozen(slots=True, kw_only=True)
class Scorecard(Definition):
    """A scorecard: criteria, how their levels add up, and bands over the total.

    >>> from salesflow.scoring import Band, Criterion, Scorecard
    >>> card = Scorecard(
    ...     name="quick",
    ...     criteria=[Criterion(key="budget", kind="yes_no", field="budget"),
    ...               Criterion(key="need", kind="yes_no", field="need")],
    ...     bands=[Band(key="cold", minimum=0), Band(key="warm", minimum=1),
    ...            Band(key="hot", minimum=2)],
    ... )
    >>> card.evaluate({"budget": True}).band
    'warm'
    """

    name: str
    criteria: tuple[Criterion, ...] = attrs.field(converter=to_tuple)
    bands: tuple[Band, ...] = attrs.field(converter=to_tuple)
    aggregation: Aggregation = Aggregation.WEIGHTED_SUM
    unknown: UnknownPolicy = UnknownPolicy.WORST
    label: str = ""
    registry: Registry = attrs.field(
        factory=current_registry, eq=False, repr=False, metadata=NOT_DATA
    )
    _plan: Any = attrs.field(
        init=False, factory=_no_plan, eq=False, repr=False, hash=False, metadata=NOT_DATA
    )

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Scorecard")
        check.key("name", self.name)
        agg_ok = check.enum_field(self, "aggregation", Aggregation)
        check.enum_field(self, "unknown", UnknownPolicy)
        check.text("label", self.label, allow_empty=True)
        if not check.instance("registry", self.registry, Registry, "a predicate Registry"):
            check.done()
        criteria_ok = check.items("criteria", self.criteria, Criterion, "Criterion")
        if criteria_ok:
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
        bands_ok = check.items("bands", self.bands, Band, "Band")
        if bands_ok:
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
        if criteria_ok and bands_ok and agg_ok and self.criteria and self.bands:
            maximum = self._maximum()
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
        check.done()
        object.__setattr__(self, "_plan", self._compile())

    def __reduce__(self) -> tuple[Any, ...]:
        # the compiled plan holds closures: pickle and deepcopy rebuild (and so
        # recompile) the scorecard from its data and its registry instead
        return (
            _rebuild_scorecard,
            (
                self.name,
                self.criteria,
                self.bands,
                self.aggregation,
                self.unknown,
                self.label,
                self.registry,
            ),
        )

    def _maximum(self) -> Decimal:
        return sum((c.weight for c in self.criteria), _ZERO)

    def _contributions(self, c: Criterion) -> tuple[Decimal, ...]:
        top = c.top
        if self.aggregation is Aggregation.WEIGHTED_SUM:
            return tuple(c.weight * level / top for level in range(top + 1))
        return tuple(c.weight if level == top else _ZERO for level in range(top + 1))

    def _compile(self) -> _Plan:
        steps = tuple(
            (
                c._compile(self.registry),
                self._contributions(c),
                c.top if self.unknown is UnknownPolicy.BEST else 0,
            )
            for c in self.criteria
        )
        flags = None
        if all(
            c.field is not None
            and "." not in c.field
            and c.kind in (RuleKind.YES_NO, RuleKind.PLUS_MINUS)
            for c in self.criteria
        ):
            flags = tuple(
                (c.field or c.key, c.key, contributions, fallback)
                for c, (_, contributions, fallback) in zip(self.criteria, steps, strict=True)
            )
        # weight * level / top is inexact for some tops (thirds): the total is
        # then the sum of rounded contributions, and the band is chosen from the
        # exact total instead, so that three thirds reach a band starting at 1
        exact = all(
            Fraction(contribution) == Fraction(c.weight) * level / c.top
            if self.aggregation is Aggregation.WEIGHTED_SUM
            else True
            for c, (_, contributions, _) in zip(self.criteria, steps, strict=True)
            for level, contribution in enumerate(contributions)
        )
        return _Plan(
            flags=flags,
            steps=steps,
            keys=tuple(c.key for c in self.criteria),
            index=MappingProxyType({c.key: i for i, c in enumerate(self.criteria)}),
            minimums=tuple(b.minimum for b in reversed(self.bands)),
            band_keys=tuple(b.key for b in reversed(self.bands)),
            maximum=self._maximum(),
            needs_at=any(c.kind is RuleKind.DAYS_UNTIL for c in self.criteria),
            exact=None
            if exact
            else (
                tuple((Fraction(c.weight), c.top) for c in self.criteria),
                tuple(Fraction(b.minimum) for b in reversed(self.bands)),
            ),
        )

    # -- reading the definition -------------------------------------------------

    @property
    def maximum(self) -> Decimal:
        """The highest possible total."""
        plan: _Plan = self._plan
        return plan.maximum

    @property
    def needs_at(self) -> bool:
        """Whether :meth:`evaluate` needs ``at`` (a rule counts days from it)."""
        plan: _Plan = self._plan
        return plan.needs_at

    @property
    def label_key(self) -> str:
        return self.label or f"scorecard.{self.name}"

    def criterion(self, key: str) -> Criterion:
        """The criterion ``key``; an unknown key is a :class:`~salesflow.ValidationError`."""
        for c in self.criteria:
            if c.key == key:
                return c
        known = ", ".join(c.key for c in self.criteria)
        raise ValidationError.single(
            "Scorecard", "key", f"unknown criterion {key!r} (expected one of {known})"
        )

    def band(self, key: str) -> Band:
        """The band ``key``; an unknown key is a :class:`~salesflow.ValidationError`."""
        for b in self.bands:
            if b.key == key:
                return b
        known = ", ".join(b.key for b in self.bands)
        raise ValidationError.single(
            "Scorecard", "key", f"unknown band {key!r} (expected one of {known})"
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

    def level_text(
        self,
        key: str,
        level: int,
        locale: str = DEFAULT_LOCALE,
        catalogs: Catalogs | None = None,
    ) -> str:
        """Level ``level`` of criterion ``key`` in words: "yes", "+", a grade, "at least 70"."""
        c = self.criterion(key)
        check = Checker("Scorecard.level_text")
        check.integer("level", level, low=0, high=c.top)
        check.done()
        return _level_text(_catalogs(catalogs), locale, c, level)

    def criterion_label_key(self, c: Criterion) -> str:
        return c.label or f"criterion.{self.name}.{c.key}"

    def band_label_key(self, b: Band) -> str:
        return b.label or f"band.{self.name}.{b.key}"

    # -- evaluation -------------------------------------------------------------

    def evaluate(
        self,
        facts: Any,
        at: datetime | None = None,
        *,
        context: Mapping[str, Any] | None = None,
    ) -> ScoreResult:
        """Score ``facts`` (a mapping or a record) and explain the result.

        Missing inputs (absent, or ``None``) are unknown: counted as the
        scorecard's ``unknown`` policy says and listed in the result. An
        input of the wrong type is a :class:`~salesflow.ValidationError`
        naming every bad field. ``at`` (timezone-aware) is needed by
        scorecards that count days; ``context`` is handed to predicates.
        """
        plan: _Plan = self._plan
        if at is not None or plan.needs_at:
            self._check_at(at)
        if type(facts) is not dict and (facts is None or isinstance(facts, _NOT_FACTS)):
            raise ValidationError.single(
                "facts", "", f"expected a mapping or a record, got {describe(facts)}"
            )
        if context is not None and not isinstance(context, Mapping):
            raise ValidationError.single(
                "evaluate", "context", f"expected a mapping or None, got {describe(context)}"
            )
        keys = plan.keys
        levels: list[int] = []
        unknown: list[str] = []
        total = _ZERO
        flags = plan.flags
        if flags is not None and type(facts) is dict:
            # fast path: every criterion a flag read from one key of a dict
            get = facts.get
            for name, key, contributions, fallback in flags:
                value = get(name)
                if value is True:
                    levels.append(1)
                    total += contributions[1]
                elif value is False:
                    levels.append(0)
                    total += contributions[0]
                elif value is None:
                    unknown.append(key)
                    levels.append(fallback)
                    total += contributions[fallback]
                else:  # "+", "-", "yes", "no" or a bad value: the general path
                    break
            else:
                return self._result(total, levels, unknown, at)
            levels.clear()
            unknown.clear()
            total = _ZERO
        ctx = _EMPTY if context is None else context
        bad: list[Problem] | None = None
        for i, (fn, contributions, fallback) in enumerate(plan.steps):
            try:
                level = fn(facts, at, ctx)
            except _BadValue as exc:
                if bad is None:
                    bad = []
                bad.append(Problem(self.criteria[i].field or keys[i], exc.message))
                continue
            if level < 0:
                unknown.append(keys[i])
                level = fallback
            levels.append(level)
            total += contributions[level]
        if bad is not None:
            raise ValidationError("facts", bad)
        return self._result(total, levels, unknown, at)

    def _result(
        self, total: Decimal, levels: list[int], unknown: list[str], at: datetime | None
    ) -> ScoreResult:
        plan: _Plan = self._plan
        band = plan.band_keys[-1]
        if plan.exact is None:
            for minimum, key in zip(plan.minimums, plan.band_keys, strict=True):
                if total >= minimum:
                    band = key
                    break
        else:
            weights, minimums = plan.exact
            exact = sum(
                (w * level / top for (w, top), level in zip(weights, levels, strict=True)),
                Fraction(0),
            )
            for fraction, key in zip(minimums, plan.band_keys, strict=True):
                if exact >= fraction:
                    band = key
                    break
        result: ScoreResult = object.__new__(ScoreResult)
        setter = object.__setattr__
        setter(result, "scorecard", self.name)
        setter(result, "total", total)
        setter(result, "maximum", plan.maximum)
        setter(result, "band", band)
        setter(result, "levels", _Levels(plan.index, tuple(levels)))
        setter(result, "unknown", tuple(unknown))
        setter(result, "at", at)
        setter(result, "definition", self)
        return result

    def evaluate_many(
        self,
        inputs: Iterable[Any],
        at: datetime | None = None,
        *,
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
            yield evaluate(facts, at, context=context)

    def _check_at(self, at: object, *, optional: bool = False) -> None:
        plan: _Plan = self._plan
        if at is None and plan.needs_at and not optional:
            raise ValidationError.single(
                "evaluate",
                "at",
                f"scorecard {self.name!r} counts days and needs at= (a timezone-aware datetime)",
            )
        check = Checker("evaluate")
        check.aware("at", at, optional=True)
        check.done()


def _rebuild_scorecard(
    name: str,
    criteria: tuple[Criterion, ...],
    bands: tuple[Band, ...],
    aggregation: Aggregation,
    unknown: UnknownPolicy,
    label: str,
    registry: Registry,
) -> Scorecard:
    return Scorecard(
        name=name,
        criteria=criteria,
        bands=bands,
        aggregation=aggregation,
        unknown=unknown,
        label=label,
        registry=registry,
    )


_EMPTY: Mapping[str, Any] = MappingProxyType({})
#: Values that are neither a mapping nor a record.
_NOT_FACTS = (str, bytes, int, float, Decimal, list, tuple, set, frozenset, date)


@attrs.frozen(slots=True)
class _Plan:
    """What a scorecard compiles to when built (internal)."""

    flags: tuple[tuple[str, str, tuple[Decimal, ...], int], ...] | None
    steps: tuple[tuple[Callable[[Any, Any, Any], int], tuple[Decimal, ...], int], ...]
    keys: tuple[str, ...]
    index: Mapping[str, int]
    minimums: tuple[Decimal, ...]
    band_keys: tuple[str, ...]
    maximum: Decimal
    needs_at: bool
    #: For weighted sums with inexact contributions: each criterion's weight and
    #: top level, and the bands' minimums (highest first), as fractions.
    exact: tuple[tuple[tuple[Fraction, int], ...], tuple[Fraction, ...]] | None = None


# -- results ---------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class CriterionResult:
    """One criterion's part of a result: its level, contribution and reason."""

    key: str
    level: int
    top: int
    level_key: str
    contribution: Decimal
    best: Decimal
    unknown: bool
    group: str | None = None
    criterion: Criterion | None = attrs.field(default=None, eq=False, repr=False, metadata=NOT_DATA)
    label_key: str = ""

    @property
    def passed(self) -> bool:
        """At its top level."""
        return self.level == self.top

    def reason(self, locale: str = DEFAULT_LOCALE, catalogs: Catalogs | None = None) -> str:
        """Why this criterion scored what it did, in words."""
        cats = _catalogs(catalogs)
        name = cats.label(self.label_key, locale)
        c = self.criterion
        assert c is not None
        if self.unknown:
            return cats.format(
                "scoring.reason.unknown",
                locale,
                criterion=name,
                level=_level_text(cats, locale, c, self.level),
            )
        return cats.format(
            "scoring.reason.known",
            locale,
            criterion=name,
            level=_level_text(cats, locale, c, self.level),
            contribution=_num(self.contribution),
            best=_num(self.best),
        )


def _catalogs(catalogs: object) -> Catalogs:
    """``catalogs``, or the default ones for None; anything else is refused."""
    if catalogs is None:
        return default_catalogs()
    if not isinstance(catalogs, Catalogs):
        raise ValidationError.single(
            "explain", "catalogs", f"expected a Catalogs or None, got {describe(catalogs)}"
        )
    return catalogs


def _num(value: Decimal) -> str:
    """A Decimal without trailing zeros, large ones grouped: 2, 0.5, 1.333, 10,000."""
    if value == value.to_integral_value():
        whole = int(value)
        return f"{whole:,}" if abs(whole) >= 10_000 else str(whole)
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _threshold(c: Criterion, value: Decimal) -> str:
    text = _num(value)
    return f"{text} {c.currency}" if c.currency else text


def _level_text(cats: Catalogs, locale: str, c: Criterion, level: int) -> str:
    kind = c.kind
    if kind is RuleKind.YES_NO:
        return cats.label("scoring.level.yes" if level else "scoring.level.no", locale)
    if kind is RuleKind.PLUS_MINUS:
        return "+" if level else "-"
    if kind is RuleKind.GRADED:
        grade = c.grades[level]
        key = f"grade.{grade}"
        found = cats.label(key, locale)
        return grade if found == key else found
    ts = c.thresholds
    top = len(ts)
    days = kind is RuleKind.DAYS_UNTIL
    if c.better_when_higher:
        if level == 0:
            return cats.format("scoring.range.below", locale, value=_threshold(c, ts[0]))
        return cats.format("scoring.range.at_least", locale, value=_threshold(c, ts[level - 1]))
    if level == 0:
        key = "scoring.range.beyond_days" if days else "scoring.range.above"
        return cats.format(key, locale, value=_threshold(c, ts[-1]))
    key = "scoring.range.within_days" if days else "scoring.range.at_most"
    return cats.format(key, locale, value=_threshold(c, ts[top - level]))


@attrs.frozen(slots=True, kw_only=True)
class LiftStep:
    """Raise criterion ``key`` from ``from_level`` to ``to_level``, adding ``gain``."""

    key: str
    from_level: int
    to_level: int
    gain: Decimal


@attrs.frozen(slots=True, kw_only=True)
class Lift:
    """What would lift a result to ``band``: the steps, fewest first, and the gap."""

    band: str
    gap: Decimal
    steps: tuple[LiftStep, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)


@attrs.frozen(slots=True, kw_only=True)
class ScoreResult:
    """A scorecard's verdict on one input: total, band, each criterion's level.

    It explains itself through the scorecard that made it (:attr:`criteria`,
    :meth:`reasons`, :meth:`lift`); a result loaded with
    :func:`~salesflow.from_dict` is bound again with :meth:`bind`.
    """

    scorecard: str
    total: Decimal
    maximum: Decimal
    band: str
    levels: Mapping[str, int] = attrs.field(converter=freeze_mapping, hash=False)
    unknown: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    at: datetime | None = None
    definition: Scorecard | None = attrs.field(
        default=None, eq=False, repr=False, metadata=NOT_DATA
    )

    def __attrs_post_init__(self) -> None:
        check = Checker("ScoreResult")
        check.key("scorecard", self.scorecard)
        check.number("total", self.total)
        check.number("maximum", self.maximum)
        _band_key(check, "band", self.band)
        if not isinstance(self.levels, Mapping):
            check.add("levels", f"expected a mapping, got {describe(self.levels)}")
        else:
            for k, v in self.levels.items():
                check.integer(f"levels[{k!r}]", v, low=0)
        if check.items("unknown", self.unknown, str, "criterion keys") and isinstance(
            self.levels, Mapping
        ):
            for i, k in enumerate(self.unknown):
                if k not in self.levels:
                    check.add(f"unknown[{i}]", f"{k!r} is not a criterion of this result")
        check.aware("at", self.at, optional=True)
        if self.definition is not None:
            self._check_against(check, self.definition)
        check.done()

    def _check_against(self, check: Checker, card: object) -> None:
        if not isinstance(card, Scorecard):
            check.add("definition", f"expected a Scorecard, got {describe(card)}")
            return
        if card.name != self.scorecard:
            check.add("scorecard", f"{self.scorecard!r} is not the scorecard {card.name!r}")
            return
        if isinstance(self.levels, Mapping) and set(self.levels) != {c.key for c in card.criteria}:
            check.add("levels", f"the keys differ from the criteria of {card.name!r}")
            return
        bands = [b.key for b in card.bands]
        if self.band not in bands:
            check.add(
                "band",
                f"{self.band!r} is not a band of {card.name!r} (expected one of "
                f"{', '.join(bands)})",
            )
        for c in card.criteria:
            level = self.levels[c.key]
            if isinstance(level, int) and level > c.top:
                check.add(f"levels[{c.key!r}]", f"{level} is above the top level {c.top}")

    def bind(self, scorecard: Scorecard) -> ScoreResult:
        """This result, attached to the scorecard that explains it."""
        return attrs.evolve(self, definition=scorecard)

    def _card(self) -> Scorecard:
        if self.definition is None:
            raise ValidationError.single(
                "ScoreResult",
                "definition",
                f"not bound to a scorecard (call bind() with scorecard {self.scorecard!r})",
            )
        return self.definition

    # -- explanations ---------------------------------------------------------------

    @property
    def criteria(self) -> tuple[CriterionResult, ...]:
        """Each criterion's level, contribution and reason, in the scorecard's order."""
        card = self._card()
        unknown = set(self.unknown)
        out = []
        for c in card.criteria:
            level = self.levels[c.key]
            contributions = card._contributions(c)
            out.append(
                CriterionResult(
                    key=c.key,
                    level=level,
                    top=c.top,
                    level_key=c.level_key(level),
                    contribution=contributions[level],
                    best=contributions[-1],
                    unknown=c.key in unknown,
                    group=c.group,
                    criterion=c,
                    label_key=card.criterion_label_key(c),
                )
            )
        return tuple(out)

    @property
    def contributions(self) -> Mapping[str, Decimal]:
        """Each criterion's contribution; they add up to :attr:`total`."""
        return MappingProxyType({r.key: r.contribution for r in self.criteria})

    def group_totals(self) -> Mapping[str, Decimal]:
        """The total of each group of criteria (e.g. each question of ``rww20``)."""
        out: dict[str, Decimal] = {}
        for r in self.criteria:
            if r.group is not None:
                out[r.group] = out.get(r.group, _ZERO) + r.contribution
        return MappingProxyType(out)

    def failing(self) -> tuple[str, ...]:
        """The criteria not at their top level (for BANT: the missing letters)."""
        card = self._card()
        return tuple(c.key for c in card.criteria if self.levels[c.key] < c.top)

    @property
    def band_data(self) -> Mapping[str, BandValue]:
        """The data the band carries (e.g. ``follow_up_every_days``)."""
        return self._card().band(self.band).data

    def band_label(self, locale: str = DEFAULT_LOCALE, catalogs: Catalogs | None = None) -> str:
        card = self._card()
        return _catalogs(catalogs).label(card.band_label_key(card.band(self.band)), locale)

    def band_as(self, kind: type[E]) -> E:
        """The band as a member of enum ``kind`` (e.g. ``ValueGrade``)."""
        if not (isinstance(kind, type) and issubclass(kind, Enum)):
            raise ValidationError.single(
                "ScoreResult.band_as", "kind", f"expected an Enum class, got {describe(kind)}"
            )
        try:
            return kind(self.band)
        except ValueError:
            choices = ", ".join(repr(m.value) for m in kind)
            raise ValidationError.single(
                "ScoreResult", "band", f"{self.band!r} is not a {kind.__name__} ({choices})"
            ) from None

    def reasons(
        self, locale: str = DEFAULT_LOCALE, catalogs: Catalogs | None = None
    ) -> tuple[str, ...]:
        """One sentence per criterion, in ``locale``."""
        return tuple(r.reason(locale, catalogs) for r in self.criteria)

    def summary(self, locale: str = DEFAULT_LOCALE, catalogs: Catalogs | None = None) -> str:
        """The verdict in one line: scorecard, band, total of maximum, unknowns."""
        cats = _catalogs(catalogs)
        card = self._card()
        text = cats.format(
            "scoring.summary",
            locale,
            scorecard=cats.label(card.label_key, locale),
            band=self.band_label(locale, cats),
            total=_num(self.total),
            maximum=_num(self.maximum),
        )
        if self.unknown:
            text += cats.format("scoring.summary.unknown", locale, count=len(self.unknown))
        return text

    def lift(self, to: str | None = None) -> Lift | None:
        """What would lift this result to band ``to`` (default: the next band up).

        The fewest criteria whose raising to their top level closes the gap,
        biggest gain first. ``None`` when the result is already there.
        """
        card = self._card()
        keys = [b.key for b in card.bands]
        here = keys.index(self.band)
        if to is None:
            if here == len(keys) - 1:
                return None
            target = card.bands[here + 1]
        else:
            target = card.band(to)
            if keys.index(target.key) <= here:
                return None
        gap = target.minimum - self.total
        candidates = [r for r in self.criteria if r.level < r.top]
        candidates.sort(key=lambda r: r.best - r.contribution, reverse=True)
        steps: list[LiftStep] = []
        gained = _ZERO
        for r in candidates:
            if gained >= gap:
                break
            gain = r.best - r.contribution
            if gain <= 0:
                continue
            steps.append(LiftStep(key=r.key, from_level=r.level, to_level=r.top, gain=gain))
            gained += gain
        return Lift(band=target.key, gap=gap, steps=tuple(steps))

    def explain(
        self, locale: str = DEFAULT_LOCALE, catalogs: Catalogs | None = None
    ) -> tuple[str, ...]:
        """The summary, every reason (under its group's total, when criteria are
        grouped), and what would lift the result, as lines."""
        cats = _catalogs(catalogs)
        card = self._card()
        lines = [self.summary(locale, cats)]
        results = self.criteria
        if any(r.group is not None for r in results):
            # grouped (e.g. the four questions of rww20): a count per group, then its reasons
            groups = list(dict.fromkeys(r.group for r in results))
            for group in groups:
                members = [r for r in results if r.group == group]
                if group is not None:
                    lines.append(
                        "  "
                        + cats.format(
                            "scoring.group_total",
                            locale,
                            group=cats.label(f"group.{card.name}.{group}", locale),
                            total=_num(sum((r.contribution for r in members), _ZERO)),
                            maximum=_num(sum((r.best for r in members), _ZERO)),
                        )
                    )
                indent = "    " if group is not None else "  "
                lines.extend(f"{indent}{r.reason(locale, cats)}" for r in members)
        else:
            lines.extend(f"  {r.reason(locale, cats)}" for r in results)
        lift = self.lift()
        if lift is not None:
            target = cats.label(card.band_label_key(card.band(lift.band)), locale)
            names = cats.label("scoring.list_separator", locale).join(
                cats.label(card.criterion_label_key(card.criterion(k)), locale) for k in lift.keys
            )
            lines.append(cats.format("scoring.lift", locale, band=target, criteria=names))
        return tuple(lines)
