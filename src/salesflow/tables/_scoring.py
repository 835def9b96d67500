"""Scorecards over a frame: a scorecard compiled once to polars expressions.

The compiler reads the scorecard only through its public definition
(criteria, aggregation, unknown policy, bands) and gives, for every row of a
frame, what :meth:`~salesflow.scoring.Scorecard.evaluate` gives for that row:
each criterion's level, contribution and whether it was unknown, the total
and the band. One module, so that a change to the scorecard's definition is
adapted here only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

from salesflow._checks import Checker, describe
from salesflow.exceptions import Problem, ValidationError
from salesflow.scoring import Aggregation, Criterion, RuleKind, Scorecard, UnknownPolicy
from salesflow.tables import _extra, _spark_extra
from salesflow.tables._arrow import fits, to_table
from salesflow.tables._schemas import score_scale

__all__ = ["card_key", "contributions", "evaluate_frame", "exact_contributions"]

_ZERO = Decimal(0)


def card_key(card: Scorecard) -> str:
    """The scorecard's identifier."""
    return card.key


def contributions(card: Scorecard, c: Criterion) -> tuple[Decimal, ...]:
    """What criterion ``c`` adds at each level, worst first (the engine's own figures)."""
    return card.contributions(c.key)


def exact_contributions(card: Scorecard) -> bool:
    """Whether every contribution is exact (no third rounded to 28 digits)."""
    if card.aggregation is not Aggregation.WEIGHTED_SUM:
        return True
    return all(
        Fraction(value) == Fraction(c.weight) * level / c.top
        for c in card.criteria
        for level, value in enumerate(contributions(card, c))
    )


# -- the compiler ---------------------------------------------------------------------

_FLAGS = {
    RuleKind.YES_NO: {"yes": 1, "no": 0},
    RuleKind.PLUS_MINUS: {"+": 1, "-": 0},
}


def _zone(pl: Any, at: datetime) -> Any:
    """``(expr) -> date in at's zone`` for an aware datetime column."""
    tz = at.tzinfo
    key = getattr(tz, "key", None)
    if key is None:
        offset = at.utcoffset() or timedelta(0)
        seconds = int(offset.total_seconds())
        if seconds % 60 == 0 and offset == timedelta(seconds=seconds):
            sign = "-" if seconds < 0 else "+"
            key = f"{sign}{abs(seconds) // 3600:02d}:{abs(seconds) % 3600 // 60:02d}"
        else:
            shift = pl.duration(microseconds=offset // timedelta(microseconds=1))
            return lambda e: (
                e.dt.convert_time_zone("UTC").dt.replace_time_zone(None) + shift
            ).dt.date()
    return lambda e: e.dt.convert_time_zone(key).dt.date()


def _place(pl: Any, c: Criterion, value: Any, integer: bool) -> Any:
    """The level of a number among ``c``'s thresholds (as the engine places it)."""
    parts = []
    for t in c.thresholds:
        if integer:
            if c.better_when_higher:
                parts.append(value >= int(t.to_integral_value(rounding=ROUND_CEILING)))
            else:
                parts.append(value > int(t.to_integral_value(rounding=ROUND_FLOOR)))
        elif c.better_when_higher:
            parts.append(value >= pl.lit(t))
        else:
            parts.append(value > pl.lit(t))
    count = pl.sum_horizontal([p.cast(pl.Int8) for p in parts])
    level = count if c.better_when_higher else pl.lit(c.top, pl.Int8) - count
    return pl.when(value.is_null()).then(None).otherwise(level).cast(pl.Int8)


def _level(
    pl: Any, c: Criterion, dtype: Any, at: datetime | None, currency: Any
) -> tuple[Any, Any]:
    """``(level or null when unknown, bad)`` of criterion ``c`` over its column."""
    col = pl.col(c.field)
    present = col.is_not_null()
    never = pl.lit(False)
    textual = dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum))
    if dtype == pl.Null:
        return pl.lit(None, pl.Int8), never
    if c.kind in _FLAGS:
        if dtype == pl.Boolean:
            return col.cast(pl.Int8), never
        if textual:
            level = col.cast(pl.String).replace_strict(
                _FLAGS[c.kind], default=None, return_dtype=pl.Int8
            )
            return level, present & level.is_null()
        return pl.lit(None, pl.Int8), present
    if c.kind is RuleKind.GRADED:
        if textual:
            grades = {g: i for i, g in enumerate(c.grades)}
            level = col.cast(pl.String).replace_strict(grades, default=None, return_dtype=pl.Int8)
            return level, present & level.is_null()
        return pl.lit(None, pl.Int8), present
    if c.kind is RuleKind.NUMERIC:
        if dtype.is_integer() or isinstance(dtype, pl.Decimal):
            bad = never
            if currency is not None and c.currency is not None:
                bad = present & (pl.col(currency).cast(pl.String) != c.currency).fill_null(True)
            return _place(pl, c, col, dtype.is_integer()), bad
        return pl.lit(None, pl.Int8), present
    assert at is not None
    if dtype == pl.Date:
        days = (col - pl.lit(at.date())).dt.total_days()
    elif isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        days = (_zone(pl, at)(col) - pl.lit(at.date())).dt.total_days()
    else:
        return pl.lit(None, pl.Int8), present
    return _place(pl, c, days, True), never


def _scaled(value: Decimal, scale: int) -> int:
    return int(value.scaleb(scale))


def _frame(pl: Any, frame: object) -> Any:

    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if isinstance(frame, pl.DataFrame):
        return frame
    return pl.from_arrow(to_table(frame, "frame", "evaluate_frame"))


def _check(card: object, at: object) -> None:
    check = Checker("evaluate_frame")
    if not isinstance(card, Scorecard):
        check.add("scorecard", f"expected a Scorecard, got {describe(card)}")
        check.done()
    assert isinstance(card, Scorecard)
    for i, c in enumerate(card.criteria):
        if c.field is None:
            check.add(
                f"scorecard.criteria[{i}].predicate",
                f"criterion {c.key!r} asks predicate {c.predicate!r}, which cannot run over "
                "a frame (expected criteria that read fields)",
            )
    if at is None and card.needs_at:
        check.add(
            "at", f"scorecard {card_key(card)!r} counts days and needs at= (an aware datetime)"
        )
    elif at is not None:
        check.aware("at", at)
    check.done()


def _problems(card: Scorecard, frame: Any, bad: Any, at: datetime | None) -> list[Problem]:
    """The problems of the bad rows, in the words of ``evaluate`` itself."""
    from salesflow.money import Money

    out: list[Problem] = []
    rows = frame.with_row_index("__row").filter(bad)
    for row in rows.iter_rows(named=True):
        facts = dict(row)
        for c in card.criteria:
            currency = facts.get(f"{c.field}_currency")
            if c.field in facts and currency is not None and facts[c.field] is not None:
                facts[c.field] = Money(facts[c.field], currency)
        try:
            card.evaluate(facts, at=at)
        except ValidationError as exc:
            out.extend(p.prefixed(f"rows[{row['__row']}]") for p in exc.problems)
    return out


def _contribution(pl: Any, card: Scorecard, c: Criterion, level: Any, scale: int) -> Any:
    values = [_scaled(v, scale) for v in contributions(card, c)]
    if all(v == i * values[1] for i, v in enumerate(values)):  # linear: one multiplication
        return level.cast(pl.Int64) * values[1]
    return level.replace_strict(list(range(len(values))), values, return_dtype=pl.Int64)


def _decimal(pl: Any, scaled: Any, scale: int) -> Any:
    value = scaled.cast(pl.Decimal(38, 0))
    return value if scale == 0 else value * pl.lit(Decimal(1).scaleb(-scale))


def _band(pl: Any, card: Scorecard, total: Any, scale: int) -> Any:
    keys = [b.key for b in card.bands]
    expr = pl.lit(keys[0])
    for b in card.bands[1:]:
        floor = int(b.minimum.scaleb(scale).to_integral_value(rounding=ROUND_CEILING))
        expr = pl.when(total >= floor).then(pl.lit(b.key)).otherwise(expr)
    return expr.cast(pl.Enum(keys))


def _columnar(card: Scorecard) -> bool:
    """Whether totals are exact integers at the card's scale within Int64 (else per combination)."""
    scale = score_scale(card)
    if not exact_contributions(card):
        return False
    return abs(card.maximum.scaleb(scale)) < 2**62 and card.maximum.adjusted() + 1 + scale <= 28


def _levels(pl: Any, card: Scorecard, frame: Any, at: datetime | None) -> tuple[list[Any], Any]:
    """The level, unknown and bad expressions of every criterion."""
    exprs: list[Any] = []
    bad = pl.lit(False)
    schema = frame.schema
    for c in card.criteria:
        assert c.field is not None
        dtype = schema.get(c.field, pl.Null)
        currency = f"{c.field}_currency" if f"{c.field}_currency" in schema else None
        level, wrong = _level(pl, c, dtype, at, currency)
        fallback = c.top if card.unknown is UnknownPolicy.BEST else 0
        exprs.append(level.fill_null(fallback).alias(f"levels.{c.key}"))
        exprs.append(level.is_null().alias(f"unknown.{c.key}"))
        bad = bad | wrong
    return exprs, bad


def _by_combination(pl: Any, card: Scorecard, levels: Any, scale: int) -> Any:
    """Total and band for weighted sums with inexact contributions: the engine's own sums,
    once per distinct combination of levels."""
    names = [f"levels.{c.key}" for c in card.criteria]
    combos = levels.select(names).unique()
    totals, bands = [], []
    weights = [(Fraction(c.weight), c.top) for c in card.criteria]
    table = [contributions(card, c) for c in card.criteria]
    for row in combos.iter_rows():
        total = _ZERO
        for values, level in zip(table, row, strict=True):
            total += values[level]
        exact = sum((w * lv / top for (w, top), lv in zip(weights, row, strict=True)), Fraction(0))
        band = card.bands[0].key
        for b in reversed(card.bands):
            if exact >= Fraction(b.minimum):
                band = b.key
                break
        totals.append(total)
        bands.append(band)
    found = combos.with_columns(
        pl.Series("total", totals, dtype=pl.Decimal(38, scale)),
        pl.Series("band", bands, dtype=pl.Enum([b.key for b in card.bands])),
    )
    return levels.join(found, on=names, how="left", maintain_order="left")


def _inexact(pl: Any, card: Scorecard, scored: Any, scale: int, with_parts: bool) -> Any:

    table = [contributions(card, c) for c in card.criteria]
    if any(not fits(v, 38, scale) for values in table for v in values):
        raise ValidationError.single(
            "evaluate_frame",
            "scorecard",
            f"the contributions of {card_key(card)!r} need more than the 38 digits of a "
            "decimal128 column (expected smaller weights)",
        )
    result = _by_combination(pl, card, scored, scale)
    if not with_parts:
        return result
    return result.with_columns(
        pl.col(f"levels.{c.key}")
        .replace_strict(list(range(len(v))), v, return_dtype=pl.Decimal(38, scale))
        .alias(f"contributions.{c.key}")
        for c, v in zip(card.criteria, table, strict=True)
    )


def evaluate_frame(
    scorecard: Scorecard,
    frame: Any,
    *,
    at: datetime | None = None,
    contributions_columns: bool = True,
) -> Any:
    """Score every row of ``frame`` at once: what ``scorecard.evaluate(row)`` gives, as columns.

    Each criterion reads the column named by its ``field`` (a missing column
    or a null is unknown, counted as the scorecard's ``unknown`` policy
    says); a ``<field>_currency`` column beside an amount is checked against
    the criterion's currency. The result is ``frame`` with ``levels.<key>``,
    ``unknown.<key>``, ``contributions.<key>`` (exact decimals), ``total``
    and ``band`` added. The scorecard is compiled to polars expressions and
    run lazily in one pass. A Spark DataFrame gives a Spark DataFrame with the
    same columns, compiled to Spark SQL expressions (``salesflow[spark]``;
    the values are checked at the call, the result is lazy). A bad value is a
    :class:`~salesflow.ValidationError` naming every bad cell (``rows[17].budget``)
    in ``evaluate``'s words.
    """
    _check(scorecard, at)
    if _spark_extra.is_spark_frame(frame):
        from salesflow.tables import _spark_scoring

        return _spark_scoring.evaluate(
            scorecard, frame, at, contributions_columns, _columnar(scorecard)
        )
    pl = _extra.polars()
    data = _frame(pl, frame)
    level_exprs, bad = _levels(pl, scorecard, data, at)
    scale = score_scale(scorecard)
    query = data.lazy().with_columns(*level_exprs, bad.alias("__bad"))
    columnar = _columnar(scorecard)
    if columnar:  # one pass: levels, then scaled contributions, then total and band
        query = _totals(pl, scorecard, query, scale, contributions_columns)
    scored = query.collect()
    if scored["__bad"].any():
        problems = _problems(scorecard, data, scored["__bad"], at)
        raise ValidationError("evaluate_frame", problems or [Problem("", "bad values")])
    scored = scored.drop("__bad")
    if not columnar:
        return _inexact(pl, scorecard, scored, scale, contributions_columns)
    return scored


def _totals(pl: Any, card: Scorecard, query: Any, scale: int, with_parts: bool) -> Any:
    """Contributions (scaled integers), their exact total as a decimal, and the band."""
    scaled = [f"__c.{c.key}" for c in card.criteria]
    query = query.with_columns(
        _contribution(pl, card, c, pl.col(f"levels.{c.key}"), scale).alias(name)
        for c, name in zip(card.criteria, scaled, strict=True)
    ).with_columns(pl.sum_horizontal(scaled).alias("__total"))
    decimals = [_decimal(pl, pl.col("__total"), scale).alias("total")]
    decimals.append(_band(pl, card, pl.col("__total"), scale).alias("band"))
    if with_parts:
        decimals.extend(
            _decimal(pl, pl.col(s), scale).alias(n)
            for s, n in zip(scaled, _names(card), strict=True)
        )
    return query.with_columns(decimals).drop([*scaled, "__total"])


def _names(card: Scorecard) -> list[str]:
    return [f"contributions.{c.key}" for c in card.criteria]
