"""The scorecard engine: criteria compiled into small evaluators, and the loop that runs them.

Building a :class:`~salesflow.scoring.Scorecard` compiles it into a
:class:`Plan` once: one level function per criterion (chosen from a table
by rule kind), each criterion's contribution at every level, and the bands'
minimums. Running the plan does no parsing and no look-up by name; it
hands total, band, levels and unknowns to the result maker it was given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, Generic, TypeVar

import attrs

from salesflow._checks import describe, freeze_mapping
from salesflow.exceptions import Problem, ValidationError
from salesflow.frozen import FrozenDict
from salesflow.money import Money
from salesflow.predicates import Registry
from salesflow.scoring._criteria import (
    FLAG_KINDS,
    Aggregation,
    Band,
    Criterion,
    RuleKind,
    UnknownPolicy,
)

__all__ = ["NOT_FACTS", "Plan", "compile_plan", "contributions"]

R = TypeVar("R")

#: ``(facts, at, context) -> level``, -1 when the input is unknown.
LevelFunction = Callable[[Any, Any, Any], int]
#: ``(total, band, levels, unknown, at) -> result``.
ResultMaker = Callable[[Decimal, str, tuple[int, ...], tuple[str, ...], "datetime | None"], R]

_ZERO = Decimal(0)
_UNKNOWN = -1
_EMPTY: Mapping[str, Any] = freeze_mapping({})
#: Values that are neither a mapping nor a record.
NOT_FACTS = (str, bytes, int, float, Decimal, list, tuple, set, frozenset, date)


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


_MISSING: Any = _Missing()


class BadValue(Exception):  # noqa: N818 - internal, collected into a ValidationError
    """An input of the wrong type for its criterion (internal)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- reading facts -------------------------------------------------------------


_DATA_FIELDS: dict[type, frozenset[str]] = {}


def _data_fields(kind: type) -> frozenset[str] | None:
    """The declared data fields of a record class (attrs or dataclass), else ``None``.

    Its public properties count as data too (derived from its fields, such as
    an intent history's ``current``). Never a field that is not data (a
    cache, a registry), never a method and never a name starting with an
    underscore: a path from data reaches only data.
    """
    found = _DATA_FIELDS.get(kind)
    if found is not None:
        return found
    if attrs.has(kind):
        names = [a.name for a in attrs.fields(kind) if not a.metadata.get("salesflow_not_data")]
    elif dataclasses.is_dataclass(kind):
        names = [f.name for f in dataclasses.fields(kind)]
    else:
        return None
    names += [
        n for klass in kind.__mro__ for n, v in vars(klass).items() if isinstance(v, property)
    ]
    found = frozenset(n for n in names if not n.startswith("_"))
    _DATA_FIELDS[kind] = found
    return found


def _step(obj: Any, name: str) -> Any:
    """One segment of a field path: a mapping key, a declared field or property, or an attribute.

    Only mapping keys and the declared data fields of records are read,
    never attributes at large (methods, dunders, private slots). The type
    is read with ``type()``, so not even ``__class__`` is asked of ``obj``.
    """
    kind = type(obj)
    if kind is dict or kind is FrozenDict or issubclass(kind, Mapping):
        return obj.get(name, _MISSING)
    fields = _data_fields(kind)
    if fields is None:
        raise BadValue(
            f"{describe(obj)} is neither a mapping nor a record (expected one to read "
            f"{name!r} from)"
        )
    if name in fields:
        return getattr(obj, name)
    if "attributes" in fields:
        extra = obj.attributes
        if type(extra) is dict or type(extra) is FrozenDict or isinstance(extra, Mapping):
            return extra.get(name, _MISSING)
    return _MISSING


def _reader(path: str) -> Callable[[Any], Any]:
    """A function reading the dotted ``path`` from facts (``_MISSING`` when absent)."""
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
            if type(value) is not dict and issubclass(type(value), NOT_FACTS):
                raise BadValue(
                    f"{where} is {describe(value)} (expected a mapping or a record to read "
                    f"{part!r} from)"
                )
            value = _step(value, part)
        return value

    return read_path


# -- one level function per rule kind ------------------------------------------


def _by_predicate(c: Criterion, registry: Registry) -> LevelFunction:
    assert c.predicate is not None
    predicate = registry[c.predicate]

    def by_predicate(facts: Any, at: Any, context: Any) -> int:
        try:
            answer = predicate(facts, context)
        except (LookupError, AttributeError, TypeError, ValueError):
            return _UNKNOWN
        if answer is None:
            return _UNKNOWN
        return 1 if answer else 0

    return by_predicate


def _by_flag(c: Criterion, read: Callable[[Any], Any]) -> LevelFunction:
    plus_minus = c.kind is RuleKind.PLUS_MINUS
    table: dict[Any, int] = {True: 1, False: 0}
    table.update({"+": 1, "-": 0} if plus_minus else {"yes": 1, "no": 0})
    expected = "true or false" + (", '+' or '-'" if plus_minus else "")

    def by_flag(facts: Any, at: Any, context: Any) -> int:
        value = read(facts)
        if value is None or value is _MISSING:
            return _UNKNOWN
        if type(value) is bool:
            return 1 if value else 0
        if type(value) is str and value in table:
            return table[value]
        raise BadValue(f"expected {expected}, got {describe(value)}")

    return by_flag


def _by_grade(c: Criterion, read: Callable[[Any], Any]) -> LevelFunction:
    grades = {g: i for i, g in enumerate(c.grades)}
    choices = ", ".join(repr(g) for g in c.grades)

    def by_grade(facts: Any, at: Any, context: Any) -> int:
        value = read(facts)
        if value is None or value is _MISSING:
            return _UNKNOWN
        if isinstance(value, Enum):
            value = value.value
        found = grades.get(value) if isinstance(value, str) else None
        if found is None:
            raise BadValue(f"{value!r} is not one of the grades ({choices})")
        return found

    return by_grade


def _placer(c: Criterion) -> Callable[[Decimal | int], int]:
    """The level of a number among ``c``'s thresholds."""
    thresholds = c.thresholds
    top = len(thresholds)
    higher = c.better_when_higher

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

    return place


def _by_number(c: Criterion, read: Callable[[Any], Any]) -> LevelFunction:
    place = _placer(c)
    currency = c.currency

    def by_number(facts: Any, at: Any, context: Any) -> int:
        value = read(facts)
        if value is None or value is _MISSING:
            return _UNKNOWN
        if type(value) is Money:
            if currency is not None and value.currency != currency:
                raise BadValue(f"{value} is in {value.currency} (expected an amount in {currency})")
            return place(value.amount)
        if type(value) is int or type(value) is Decimal:
            if type(value) is Decimal and not value.is_finite():
                raise BadValue(f"expected a finite number, got {value}")
            return place(value)
        raise BadValue(f"expected a number (int, Decimal or Money), got {describe(value)}")

    return by_number


def _by_days(c: Criterion, read: Callable[[Any], Any]) -> LevelFunction:
    place = _placer(c)

    def by_days(facts: Any, at: Any, context: Any) -> int:
        value = read(facts)
        if value is None or value is _MISSING:
            return _UNKNOWN
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                raise BadValue(f"naive datetime {value.isoformat()} (expected an aware one)")
            try:
                day = value.astimezone(at.tzinfo).date()
            except OverflowError:
                raise BadValue(
                    f"{value.isoformat()} lies past the range of dates (years 1 to 9999) "
                    "on the clock of at"
                ) from None
        elif isinstance(value, date):
            day = value
        else:
            raise BadValue(f"expected a date, got {describe(value)}")
        return place((day - at.date()).days)

    return by_days


_BY_KIND: Mapping[RuleKind, Callable[[Criterion, Callable[[Any], Any]], LevelFunction]] = {
    RuleKind.YES_NO: _by_flag,
    RuleKind.PLUS_MINUS: _by_flag,
    RuleKind.GRADED: _by_grade,
    RuleKind.NUMERIC: _by_number,
    RuleKind.DAYS_UNTIL: _by_days,
}


def level_function(c: Criterion, registry: Registry) -> LevelFunction:
    """The evaluator ``(facts, at, context) -> level`` of ``c`` (-1 when unknown)."""
    if c.predicate is not None:
        return _by_predicate(c, registry)
    assert c.field is not None
    return _BY_KIND[c.kind](c, _reader(c.field))


def contributions(c: Criterion, aggregation: Aggregation) -> tuple[Decimal, ...]:
    """What ``c`` adds to the total at each of its levels, worst first."""
    top = c.top
    if aggregation is Aggregation.WEIGHTED_SUM:
        return tuple(c.weight * level / top for level in range(top + 1))
    return tuple(c.weight if level == top else _ZERO for level in range(top + 1))


# -- the plan ------------------------------------------------------------------


@attrs.frozen(slots=True)
class Plan(Generic[R]):
    """What a scorecard compiles to when built (internal)."""

    #: When every criterion is a flag read from one key: (key of facts, criterion
    #: key, contributions, level when unknown) each, for the fast path.
    flags: tuple[tuple[str, str, tuple[Decimal, ...], int], ...] | None
    steps: tuple[tuple[LevelFunction, tuple[Decimal, ...], int], ...]
    keys: tuple[str, ...]
    #: Where a bad input of each criterion is reported (its field, or its key).
    paths: tuple[str, ...]
    minimums: tuple[Decimal, ...]
    band_keys: tuple[str, ...]
    maximum: Decimal
    needs_at: bool
    #: For weighted sums with inexact contributions: each criterion's weight and
    #: top level, and the bands' minimums (highest first), as fractions.
    exact: tuple[tuple[tuple[Fraction, int], ...], tuple[Fraction, ...]] | None
    make: ResultMaker[R]
    #: When the flags' contributions are all whole: (key of facts, criterion
    #: key, level when unknown, contributions as ints) each, and for every
    #: whole total its Decimal and its band, looked up instead of searched.
    whole: tuple[tuple[str, str, int, tuple[int, ...]], ...] | None = None
    table: tuple[tuple[Decimal, str], ...] = ()
    #: criterion key -> its position: a look-up by key is one step, not a search
    positions: Mapping[str, int] = _EMPTY

    def run(self, facts: Any, at: datetime | None, context: Mapping[str, Any] | None) -> R:
        """Score checked ``facts``: the fast path when it applies, else every step."""
        whole = self.whole
        if whole is not None and type(facts) is dict:
            return self._run_whole(whole, facts, at, context)
        flags = self.flags
        if flags is not None and type(facts) is dict:
            # fast path: every criterion a flag read from one key of a dict
            get = facts.get
            levels: list[int] = []
            unknown: list[str] = []
            total = _ZERO
            for name, key, worth, fallback in flags:
                value = get(name)
                if value is True:
                    levels.append(1)
                    total += worth[1]
                elif value is False:
                    levels.append(0)
                    total += worth[0]
                elif value is None:
                    unknown.append(key)
                    levels.append(fallback)
                    total += worth[fallback]
                else:  # "+", "-", "yes", "no" or a bad value: the general path
                    break
            else:
                # flags have top level 1, so contributions are exact: no fractions
                band = self.band_keys[-1]
                for minimum, key in zip(self.minimums, self.band_keys, strict=True):
                    if total >= minimum:
                        band = key
                        break
                return self.make(total, band, tuple(levels), tuple(unknown), at)
        return self._run_steps(facts, at, _EMPTY if context is None else context)

    def _run_whole(
        self,
        whole: tuple[tuple[str, str, int, tuple[int, ...]], ...],
        facts: dict[str, Any],
        at: datetime | None,
        context: Mapping[str, Any] | None,
    ) -> R:
        """The flags' fast path in integers; any other value goes every step."""
        get = facts.get
        levels: list[int] = []
        unknown: list[str] = []
        total = 0
        for name, key, fallback, worth in whole:
            value = get(name)
            if value is True:
                levels.append(1)
                total += worth[1]
            elif value is False:
                levels.append(0)
                total += worth[0]
            elif value is None:
                unknown.append(key)
                levels.append(fallback)
                total += worth[fallback]
            else:  # "+", "-", "yes", "no" or a bad value: the general path
                return self._run_steps(facts, at, _EMPTY if context is None else context)
        exact, band = self.table[total]
        return self.make(exact, band, tuple(levels), tuple(unknown), at)

    def _run_steps(self, facts: Any, at: datetime | None, context: Mapping[str, Any]) -> R:
        keys = self.keys
        levels: list[int] = []
        unknown: list[str] = []
        total = _ZERO
        bad: list[Problem] | None = None
        for i, (fn, worth, fallback) in enumerate(self.steps):
            try:
                level = fn(facts, at, context)
            except BadValue as exc:
                if bad is None:
                    bad = []
                bad.append(Problem(self.paths[i], exc.message))
                continue
            if level < 0:
                unknown.append(keys[i])
                level = fallback
            levels.append(level)
            total += worth[level]
        if bad is not None:
            raise ValidationError("facts", bad)
        return self.make(total, self._band(total, levels), tuple(levels), tuple(unknown), at)

    def _band(self, total: Decimal, levels: Sequence[int]) -> str:
        band_keys = self.band_keys
        if self.exact is None:
            for minimum, key in zip(self.minimums, band_keys, strict=True):
                if total >= minimum:
                    return key
            return band_keys[-1]
        weights, minimums = self.exact
        exact = sum(
            (w * level / top for (w, top), level in zip(weights, levels, strict=True)),
            Fraction(0),
        )
        for fraction, key in zip(minimums, band_keys, strict=True):
            if exact >= fraction:
                return key
        return band_keys[-1]


def compile_plan(
    criteria: tuple[Criterion, ...],
    bands: tuple[Band, ...],
    *,
    aggregation: Aggregation,
    unknown: UnknownPolicy,
    registry: Registry,
    make: ResultMaker[R],
) -> Plan[R]:
    """The plan of a checked scorecard's parts; its results are built by ``make``."""
    worths = [contributions(c, aggregation) for c in criteria]
    fallbacks = [c.top if unknown is UnknownPolicy.BEST else 0 for c in criteria]
    steps = tuple(
        (level_function(c, registry), worth, fallback)
        for c, worth, fallback in zip(criteria, worths, fallbacks, strict=True)
    )
    flags = None
    if all(c.field is not None and "." not in c.field and c.kind in FLAG_KINDS for c in criteria):
        flags = tuple(
            (c.field or c.key, c.key, worth, fallback)
            for c, worth, fallback in zip(criteria, worths, fallbacks, strict=True)
        )
    return Plan(
        flags=flags,
        steps=steps,
        keys=tuple(c.key for c in criteria),
        positions=freeze_mapping({c.key: i for i, c in enumerate(criteria)}),
        paths=tuple(c.field or c.key for c in criteria),
        minimums=tuple(b.minimum for b in reversed(bands)),
        band_keys=tuple(b.key for b in reversed(bands)),
        maximum=sum((c.weight for c in criteria), _ZERO),
        needs_at=any(c.kind is RuleKind.DAYS_UNTIL for c in criteria),
        exact=_exact(criteria, bands, worths, aggregation),
        make=make,
        **_whole(
            flags, tuple(b.minimum for b in reversed(bands)), tuple(b.key for b in reversed(bands))
        ),
    )


def _whole(
    flags: tuple[tuple[str, str, tuple[Decimal, ...], int], ...] | None,
    minimums: tuple[Decimal, ...],
    band_keys: tuple[str, ...],
) -> dict[str, Any]:
    """The integer fast path of flags whose every contribution is a whole Decimal.

    A sum of whole Decimals of exponent 0 is ``Decimal(int_sum)`` exactly
    (same value, same exponent), so the result is the one the Decimal path
    builds; each possible total's band is found once, here.
    """
    if flags is None or not all(
        w >= 0 and w == int(w) and w.as_tuple().exponent == 0
        for _, _, worth, _ in flags
        for w in worth
    ):
        return {}
    top = sum(int(max(worth)) for _, _, worth, _ in flags)
    if top > 10_000:
        return {}
    table = []
    for t in range(top + 1):
        total = Decimal(t)
        band = band_keys[-1]
        for minimum, key in zip(minimums, band_keys, strict=True):
            if total >= minimum:
                band = key
                break
        table.append((total, band))
    whole = tuple(
        (name, key, fallback, tuple(int(w) for w in worth)) for name, key, worth, fallback in flags
    )
    return {"whole": whole, "table": tuple(table)}


def _exact(
    criteria: tuple[Criterion, ...],
    bands: tuple[Band, ...],
    worths: list[tuple[Decimal, ...]],
    aggregation: Aggregation,
) -> tuple[tuple[tuple[Fraction, int], ...], tuple[Fraction, ...]] | None:
    # weight * level / top is inexact for some tops (thirds): the total is
    # then the sum of rounded contributions, and the band is chosen from the
    # exact total instead, so that three thirds reach a band starting at 1
    if aggregation is not Aggregation.WEIGHTED_SUM or all(
        Fraction(worth) == Fraction(c.weight) * level / c.top
        for c, ws in zip(criteria, worths, strict=True)
        for level, worth in enumerate(ws)
    ):
        return None
    return (
        tuple((Fraction(c.weight), c.top) for c in criteria),
        tuple(Fraction(b.minimum) for b in reversed(bands)),
    )
