"""The win-probability model: won and lost counts per field value, combined naive-Bayes style.

A :class:`WinModel` is a frozen value holding what both engines count from
the closed deals of a book (:mod:`._probability`): how many were won and
lost, and for each value of each field how many won and lost deals had it.
Everything else (smoothing, the floor on rare values, the combination, the
explanation) is computed here, once, so a model fitted by either engine
predicts the same.

The definition, for an open deal with values v1..vn of the model's fields:

* base rate ``W / (W + L)``, W and L the won and lost deals counted;
* for ``stage`` (each stage a closed deal's history shows it in counts once
  for that deal): ``P(s | won) = (w_s + a) / (W + 2a)``, likewise for lost;
* for any other field f (read from the deal as it is; the history does not
  record them): ``P(v | won) = (w_v + a) / (W_f + a k_f)``, W_f the won deals
  with a value for f and k_f the number of values of f seen, likewise lost;
* a value seen on fewer than ``value_floor`` closed deals, or never seen, is
  left out (it neither raises nor lowers);
* odds ``W / L x prod P(v | won) / P(v | lost)``; probability ``odds / (1 + odds)``.

``a`` is the Laplace ``smoothing`` (1 by default). Below ``min_sample``
closed deals, or without both a won and a lost one, the model has
"insufficient history" and predicts nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from salesflow._checks import Checker, describe, to_tuple
from salesflow.analytics._results import INSUFFICIENT
from salesflow.analytics._spec import FIELDS, MIN_SAMPLE, Grouping, _one
from salesflow.locales import DEFAULT_LOCALE, default_catalogs

__all__ = [
    "DEFAULT_FIELDS",
    "Factor",
    "Prediction",
    "ValueCount",
    "WinModel",
    "feature",
    "scorer",
]

#: The fields a model reads unless told otherwise.
DEFAULT_FIELDS = ("stage", "pipeline", "owner")
#: The default floor: a value seen on fewer closed deals is left out.
VALUE_FLOOR = 5

_PREFIX = "analytics.probability."


def feature(key: object) -> Grouping | None:
    """The grouping a model field key names (``status`` is the outcome, never a field)."""
    found = _one(key)
    if found is None or (found.kind == "field" and found.name == "status"):
        return None
    return found


def _check_fields(check: Checker, path: str, fields: object) -> tuple[str, ...]:
    """The field keys, every problem filed at ``path``."""
    keys = (fields,) if isinstance(fields, str) else fields
    if not isinstance(keys, (tuple, list)) or not keys:
        check.add(path, f"expected a field key or a non-empty list of them, got {describe(fields)}")
        return ()
    out: list[str] = []
    for i, key in enumerate(keys):
        here = path if isinstance(fields, str) else f"{path}[{i}]"
        if feature(key) is None:
            allowed = ", ".join(f for f in FIELDS if f != "status")
            check.add(
                here,
                f"{describe(key)} is not a model field (expected one of {allowed}, "
                "'attributes.<key>' or 'created_at.<year|quarter|month>'; "
                "status is the outcome)",
            )
        elif key in out:
            check.add(here, f"{key!r} is given twice")
        else:
            assert isinstance(key, str)
            out.append(key)
    return tuple(out)


@attrs.frozen(slots=True, kw_only=True)
class ValueCount:
    """How many won and lost closed deals had ``value`` for ``field``."""

    field: str
    value: str
    won: int
    lost: int

    def __attrs_post_init__(self) -> None:
        check = Checker("ValueCount")
        check.text("field", self.field)
        check.instance("value", self.value, str, "a string")
        check.integer("won", self.won, low=0)
        check.integer("lost", self.lost, low=0)
        check.done()


def _order(values: Iterable[ValueCount]) -> tuple[ValueCount, ...]:
    found = to_tuple(values)
    if all(isinstance(v, ValueCount) for v in found):
        return tuple(sorted(found, key=lambda v: (v.field, v.value)))
    return found  # type: ignore[no-any-return]


@attrs.frozen(slots=True, kw_only=True)
class Factor:
    """One field value of a prediction and what it does to it.

    ``ratio`` is ``P(value | won) / P(value | lost)`` (above 1 it raises the
    probability, below 1 it lowers it); ``None`` when the value is left out
    (seen on fewer than the floor's closed deals, or never).
    """

    field: str
    value: str
    won: int
    lost: int
    ratio: Fraction | None

    @property
    def effect(self) -> str:
        """``raises``, ``lowers``, ``neutral`` or ``left_out``."""
        if self.ratio is None:
            return "left_out"
        if self.ratio > 1:
            return "raises"
        return "lowers" if self.ratio < 1 else "neutral"


@attrs.frozen(slots=True, kw_only=True)
class Prediction:
    """A deal's win probability with the field values behind it.

    ``probability`` is exact (``None`` with "insufficient history" in
    ``note``); ``factors`` lists each of the deal's field values in the
    model's field order; :meth:`explain` says in words which raise or lower it.
    """

    probability: Fraction | None
    base_rate: Fraction | None
    won: int
    lost: int
    value_floor: int
    min_sample: int
    factors: tuple[Factor, ...] = ()
    note: str | None = None

    @property
    def raises(self) -> tuple[Factor, ...]:
        """The factors that raise the probability, strongest first."""
        up = [f for f in self.factors if f.effect == "raises"]
        return tuple(sorted(up, key=lambda f: -f.ratio))  # type: ignore[operator]

    @property
    def lowers(self) -> tuple[Factor, ...]:
        """The factors that lower the probability, strongest first."""
        down = [f for f in self.factors if f.effect == "lowers"]
        return tuple(sorted(down, key=lambda f: f.ratio))  # type: ignore[arg-type,return-value]

    def explain(self, locale: str = DEFAULT_LOCALE) -> tuple[str, ...]:
        """The prediction in words (``en`` or ``zh-Hans``): the figure, the base rate, then
        each field value that raises it, lowers it, or is left out, strongest first.
        """
        cats = default_catalogs()
        cats.normalise(locale)
        if self.probability is None:
            return (
                cats.format(
                    _PREFIX + "insufficient",
                    locale,
                    won=self.won,
                    lost=self.lost,
                    floor=self.min_sample,
                ),
            )
        lines = [
            cats.format(_PREFIX + "head", locale, probability=_percent(self.probability)),
            cats.format(
                _PREFIX + "base",
                locale,
                rate=_percent(self.base_rate),
                won=self.won,
                closed=self.won + self.lost,
            ),
        ]
        neutral = [f for f in self.factors if f.effect == "neutral"]
        left = [f for f in self.factors if f.effect == "left_out"]
        for factor in (*self.raises, *self.lowers, *neutral, *left):
            lines.append(_line(factor, locale, self.value_floor))
        return tuple(lines)


def _percent(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.1%}"


def field_label(field: str, locale: str) -> str:
    """A model field's name in words."""
    cats = default_catalogs()
    found = feature(field)
    if found is not None and found.kind == "attribute":
        return found.name
    return cats.label(f"{_PREFIX}field.{field}", locale)


def _line(factor: Factor, locale: str, floor: int) -> str:
    cats = default_catalogs()
    name = field_label(factor.field, locale)
    if factor.ratio is None:
        key = "unseen" if factor.won + factor.lost == 0 else "rare"
        return cats.format(
            _PREFIX + key,
            locale,
            field=name,
            value=factor.value,
            deals=factor.won + factor.lost,
            floor=floor,
        )
    return cats.format(
        _PREFIX + factor.effect,
        locale,
        field=name,
        value=factor.value,
        ratio=f"{float(factor.ratio):.2f}",
        won=factor.won,
        lost=factor.lost,
    )


@attrs.frozen(slots=True, kw_only=True)
class WinModel:
    """Won and lost counts of a book's closed deals, per value of each of ``fields``.

    Fit it with :func:`salesflow.analytics.fit_win_model`; it round-trips
    through :func:`salesflow.to_dict` / :func:`salesflow.from_dict`.
    """

    fields: tuple[str, ...] = attrs.field(converter=to_tuple)
    won: int
    lost: int
    values: tuple[ValueCount, ...] = attrs.field(default=(), converter=_order)
    smoothing: int = 1
    value_floor: int = VALUE_FLOOR
    min_sample: int = MIN_SAMPLE

    def __attrs_post_init__(self) -> None:
        check = Checker("WinModel")
        fields = _check_fields(check, "fields", self.fields)
        check.integer("won", self.won, low=0)
        check.integer("lost", self.lost, low=0)
        check.integer("smoothing", self.smoothing, low=1)
        check.integer("value_floor", self.value_floor, low=0)
        check.integer("min_sample", self.min_sample, low=0)
        if check.items("values", self.values, ValueCount, "ValueCount") and not check.problems:
            self._check_values(check, fields)
        check.done()

    def _check_values(self, check: Checker, fields: tuple[str, ...]) -> None:
        seen: set[tuple[str, str]] = set()
        sums: dict[str, list[int]] = {}
        for i, v in enumerate(self.values):
            if v.field not in fields:
                check.add(f"values[{i}].field", f"{v.field!r} is not one of the model's fields")
            if (v.field, v.value) in seen:
                check.add(f"values[{i}]", f"{v.field}={v.value!r} is counted twice")
            seen.add((v.field, v.value))
            if v.field == "stage" and (v.won > self.won or v.lost > self.lost):
                check.add(f"values[{i}]", "counts more deals than the model's won or lost")
            here = sums.setdefault(v.field, [0, 0])
            here[0] += v.won
            here[1] += v.lost
        for field, (won, lost) in sums.items():
            if field != "stage" and (won > self.won or lost > self.lost):
                check.add("values", f"the values of {field!r} count more deals than won or lost")

    @property
    def closed(self) -> int:
        """The closed deals the model counts."""
        return self.won + self.lost

    @property
    def is_sufficient(self) -> bool:
        """Whether the model has enough history to predict (both outcomes, the floor met)."""
        return self.won > 0 and self.lost > 0 and self.closed >= max(self.min_sample, 1)

    @property
    def base_rate(self) -> Fraction | None:
        """Won among the closed deals counted (``None`` with none)."""
        return Fraction(self.won, self.closed) if self.closed else None

    def count(self, field: str, value: str) -> ValueCount | None:
        """The counts of ``field`` = ``value`` (``None`` when never seen)."""
        for v in self.values:
            if v.field == field and v.value == value:
                return v
        return None

    def predict(self, opportunity: object) -> Prediction:
        """The win probability of ``opportunity`` as it is now, explained."""
        from salesflow.analytics import _probability
        from salesflow.records import Opportunity

        check = Checker("WinModel.predict")
        check.instance("opportunity", opportunity, Opportunity, "an Opportunity")
        check.done()
        assert isinstance(opportunity, Opportunity)
        groups = tuple(feature(f) for f in self.fields)
        values = _probability.deal_values(groups, opportunity, opportunity.stage)  # type: ignore[arg-type]
        return scorer(self)(values)


def scorer(model: WinModel) -> _Scorer:
    """A callable predicting from one value (text or None) per model field, memoised."""
    return _Scorer(model)


class _Scorer:
    """The model's counts indexed once; each distinct combination of values scored once."""

    __slots__ = ("_cache", "_index", "_model", "_shape")

    def __init__(self, model: WinModel) -> None:
        self._model = model
        self._index = {(v.field, v.value): v for v in model.values}
        self._shape: dict[str, tuple[int, int]] = {}
        a = model.smoothing
        for field in model.fields:
            own = [v for v in model.values if v.field == field]
            if field == "stage":
                self._shape[field] = (model.won + 2 * a, model.lost + 2 * a)
            else:
                k = len(own) * a
                self._shape[field] = (sum(v.won for v in own) + k, sum(v.lost for v in own) + k)
        self._cache: dict[tuple[str | None, ...], Prediction] = {}

    def __call__(self, values: Sequence[str | None]) -> Prediction:
        key = tuple(values)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._score(key)
        return found

    def _factor(self, field: str, value: str) -> Factor:
        m = self._model
        count = self._index.get((field, value))
        won, lost = (count.won, count.lost) if count else (0, 0)
        if count is None or won + lost < max(m.value_floor, 1):
            return Factor(field=field, value=value, won=won, lost=lost, ratio=None)
        won_total, lost_total = self._shape[field]
        a = m.smoothing
        ratio = Fraction((won + a) * lost_total, (lost + a) * won_total)
        return Factor(field=field, value=value, won=won, lost=lost, ratio=ratio)

    def _score(self, values: tuple[str | None, ...]) -> Prediction:
        m = self._model
        common: dict[str, Any] = {
            "won": m.won,
            "lost": m.lost,
            "value_floor": m.value_floor,
            "min_sample": m.min_sample,
            "base_rate": m.base_rate,
        }
        if not m.is_sufficient:
            return Prediction(probability=None, note=INSUFFICIENT, **common)
        factors = tuple(
            self._factor(field, value)
            for field, value in zip(m.fields, values, strict=True)
            if value is not None
        )
        odds = Fraction(m.won, m.lost)
        for f in factors:
            if f.ratio is not None:
                odds *= f.ratio
        return Prediction(probability=odds / (1 + odds), factors=factors, **common)


def counts_model(
    fields: tuple[str, ...],
    totals: tuple[int, int],
    counted: Mapping[tuple[str, str], tuple[int, int]],
    *,
    smoothing: int,
    value_floor: int,
    min_sample: int,
) -> WinModel:
    """The model from an engine's counts: (won, lost) and (field, value) -> (won, lost)."""
    return WinModel(
        fields=fields,
        won=totals[0],
        lost=totals[1],
        values=tuple(
            ValueCount(field=f, value=v, won=w, lost=lo) for (f, v), (w, lo) in counted.items()
        ),
        smoothing=smoothing,
        value_floor=value_floor,
        min_sample=min_sample,
    )
