"""Criteria and bands: what a scorecard is made of, and the levels of a criterion.

A :class:`Criterion` says where its input comes from, how the input becomes
a level (its :class:`RuleKind`) and how much it weighs; a :class:`Band`
names a range of totals. Both are data; neither evaluates anything (the
engine, :mod:`salesflow.scoring._evaluation`, compiles them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

import attrs

from salesflow._checks import (
    Checker,
    definition_checker,
    describe,
    freeze_mapping,
    to_decimal,
    to_tuple,
)
from salesflow.convert import Definition

__all__ = [
    "Aggregation",
    "Band",
    "BandValue",
    "Criterion",
    "RuleKind",
    "UnknownPolicy",
    "check_band_key",
]

#: A value a band may carry as data (e.g. ``{"follow_up_every_days": 7}``).
BandValue = str | int | bool

_BAND_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\Z")
#: a field path from data: names that do not start with an underscore (never private
#: or special attributes), joined by dots
_FIELD = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*\Z")
_ONE = Decimal(1)
#: Weights stay below this, so totals never overflow nor lose digits to rounding.
MAX_WEIGHT = Decimal("1E+15")


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


#: The kinds whose input is a flag (and the only ones a predicate may feed).
FLAG_KINDS = (RuleKind.YES_NO, RuleKind.PLUS_MINUS)
#: The kinds whose input is placed among thresholds.
THRESHOLD_KINDS = (RuleKind.NUMERIC, RuleKind.DAYS_UNTIL)


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


@attrs.frozen(slots=True, kw_only=True)
class Criterion(Definition):
    """One criterion: where its input comes from, how it becomes a level, its weight.

    The input is either a ``field`` (a dotted path read from the facts:
    a mapping key, a record attribute, a nested record's attribute, or a key
    of a record's ``attributes``) or a registered ``predicate``
    (yes/no and plus/minus only). ``label_key`` defaults to
    ``criterion.<scorecard>.<key>`` (see :meth:`Scorecard.criterion_label_key`).
    """

    key: str
    kind: RuleKind
    field: str | None = None
    predicate: str | None = None
    weight: Decimal = attrs.field(default=_ONE, converter=to_decimal)
    label_key: str | None = None
    group: str | None = None
    grades: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    thresholds: tuple[Decimal, ...] = attrs.field(
        default=(), converter=to_tuple, metadata={"salesflow_money_if": "currency"}
    )
    higher_is_better: bool | None = None
    currency: str | None = None

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Criterion")
        check.key("key", self.key)
        kind_ok = check.enum_field(self, "kind", RuleKind)
        self._check_input(check)
        if check.number("weight", self.weight):
            if self.weight <= 0:
                check.add("weight", f"{self.weight} is not positive (expected a weight above 0)")
            elif self.weight >= MAX_WEIGHT:
                check.add(
                    "weight", f"{self.weight} is too large (expected a weight below {MAX_WEIGHT})"
                )
        check.optional_text("label_key", self.label_key)
        if self.group is not None:
            check.key("group", self.group)
        if self.higher_is_better is not None:
            check.instance("higher_is_better", self.higher_is_better, bool, "true or false")
        if self.currency is not None:
            check.text("currency", self.currency)
        if kind_ok:
            self._check_rule(check)
        check.done()

    def _check_input(self, check: Checker) -> None:
        if (
            self.field is not None
            and check.text("field", self.field)
            and not _FIELD.match(self.field)
        ):
            check.add(
                "field",
                f"{self.field!r} is not a field path (expected names joined by dots, none "
                "starting with an underscore, e.g. 'characteristics.annual_revenue')",
            )
        if self.predicate is not None:
            check.text("predicate", self.predicate)
        if (self.field is None) == (self.predicate is None):
            check.add("field", "give exactly one of field and predicate")

    def _check_rule(self, check: Checker) -> None:
        kind = self.kind
        if self.predicate is not None and kind not in FLAG_KINDS:
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
        if kind in THRESHOLD_KINDS:
            self._check_thresholds(check)
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

    def _check_thresholds(self, check: Checker) -> None:
        if not isinstance(self.thresholds, tuple) or not self.thresholds:
            check.add("thresholds", "a numeric rule needs at least one threshold")
            return
        good = True
        for i, t in enumerate(self.thresholds):
            if isinstance(t, (int, str)) and not isinstance(t, bool):
                t = to_decimal(t)
            good = check.number(f"thresholds[{i}]", t) and good
        if not good:
            return
        values = [to_decimal(t) for t in self.thresholds]
        object.__setattr__(self, "thresholds", tuple(values))
        for i in range(1, len(values)):
            if values[i] <= values[i - 1]:
                check.add(
                    f"thresholds[{i}]",
                    f"{values[i]} is not above {values[i - 1]} "
                    "(expected thresholds in strictly ascending order)",
                )

    # -- levels -----------------------------------------------------------------

    @property
    def top(self) -> int:
        """The best level (levels run from 0, the worst, to ``top``)."""
        kind = self.kind
        if kind is RuleKind.GRADED:
            return len(self.grades) - 1
        if kind in THRESHOLD_KINDS:
            return len(self.thresholds)
        return 1

    @property
    def better_when_higher(self) -> bool:
        """Whether a higher number (or more days) gives a better level."""
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


@attrs.frozen(slots=True, kw_only=True)
class Band(Definition):
    """A result: totals from ``minimum`` up to the next band's minimum.

    ``label_key`` defaults to ``band.<scorecard>.<key>`` (see
    :meth:`Scorecard.band_label_key`); ``data`` carries what the band
    implies for other parts of the library (e.g. the follow-up cadence of a
    customer grade).
    """

    key: str
    minimum: Decimal = attrs.field(converter=to_decimal)
    label_key: str | None = None
    data: Mapping[str, BandValue] = attrs.field(factory=dict, converter=freeze_mapping, hash=False)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Band")
        check_band_key(check, "key", self.key)
        if check.number("minimum", self.minimum) and self.minimum < 0:
            check.add("minimum", f"{self.minimum} is negative (expected at least 0)")
        check.optional_text("label_key", self.label_key)
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


def check_band_key(check: Checker, path: str, value: object) -> None:
    """Check ``value`` is a band key (letters, digits, underscores; ``A`` is one)."""
    if check.instance(path, value, str, "a band key string"):
        assert isinstance(value, str)
        if not _BAND_KEY.match(value):
            check.add(
                path,
                f"{value!r} is not a valid band key (expected letters, digits and "
                "underscores, starting with a letter, e.g. 'A' or 'strong')",
            )
