"""Scorecards over a Spark DataFrame: the scorecard compiled to Spark SQL column expressions.

The same reading of the scorecard as :mod:`._scoring` (its public
definition: criteria, aggregation, unknown policy, bands) and the same
columns out: ``levels.<key>`` (byte), ``unknown.<key>`` (boolean),
``total`` and ``contributions.<key>`` (exact ``decimal(38, scale)``) and
``band`` (text). No Python UDF: levels are CASE expressions, contributions
scaled whole numbers (``long``) added exactly and turned into decimals at the
end. A scorecard whose contributions are not exact at any scale (a weighted
sum with thirds) is totalled once per distinct combination of levels on the
driver, by the engine's own sums, and joined back (broadcast: a handful of
rows).

One action runs at the call: the check that no value is bad (a bad value is
a :class:`~salesflow.ValidationError` naming every bad cell, in
``evaluate``'s words, as for polars). The returned DataFrame is lazy.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

from salesflow.exceptions import Problem, ValidationError
from salesflow.scoring import Criterion, RuleKind, Scorecard, UnknownPolicy
from salesflow.tables import _spark_extra
from salesflow.tables._arrow import fits
from salesflow.tables._schemas import score_scale
from salesflow.tables._spark_frames import positions

__all__ = ["evaluate"]

_FLAGS = {
    RuleKind.YES_NO: {"yes": 1, "no": 0},
    RuleKind.PLUS_MINUS: {"+": 1, "-": 0},
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY_US = 86_400_000_000
#: Up to this scale a scaled total (a long) times 10^-scale is exact in Spark's decimals.
_PRODUCT_SCALE = 18


def _col(F: Any, name: str) -> Any:  # noqa: N803
    return F.col(f"`{name}`")


def _mapped(F: Any, value: Any, mapping: dict[str, int]) -> Any:  # noqa: N803
    expr = F.lit(None).cast("byte")
    for text, level in mapping.items():
        expr = F.when(value == F.lit(text), F.lit(level).cast("byte")).otherwise(expr)
    return expr


def _place(F: Any, c: Criterion, value: Any, integer: bool) -> Any:  # noqa: N803
    """The level of a number among ``c``'s thresholds (as the engine places it)."""
    parts = []
    for t in c.thresholds:
        if integer:
            if c.better_when_higher:
                parts.append(value >= F.lit(int(t.to_integral_value(rounding=ROUND_CEILING))))
            else:
                parts.append(value > F.lit(int(t.to_integral_value(rounding=ROUND_FLOOR))))
        elif c.better_when_higher:
            parts.append(value >= F.lit(t))
        else:
            parts.append(value > F.lit(t))
    count: Any = F.lit(0)
    for p in parts:
        count = count + p.cast("int")
    level = count if c.better_when_higher else F.lit(c.top) - count
    return F.when(value.isNull(), F.lit(None)).otherwise(level).cast("byte")


def _days(F: Any, value: Any, dtype: Any, at: datetime, session_zone: str) -> Any:  # noqa: N803
    """Days from ``at``'s date to the column's date (a timestamp read in ``at``'s zone)."""
    T = _spark_extra.types()  # noqa: N806
    start = F.lit(at.date())
    if isinstance(dtype, T.DateType):
        return F.datediff(value, start)
    key = getattr(at.tzinfo, "key", None)
    if key is not None:  # a named zone: the wall time there, whatever the session's zone
        wall = F.convert_timezone(F.lit(session_zone), F.lit(key), value.cast("timestamp_ntz"))
        return F.datediff(wall.cast("date"), start)
    offset = (at.utcoffset() or timedelta(0)) // timedelta(microseconds=1)
    day = F.floor((F.unix_micros(value) + F.lit(offset)) / F.lit(_DAY_US)).cast("int")
    return F.datediff(F.date_from_unix_date(day), start)


def _level(F: Any, c: Criterion, dtype: Any, at: datetime | None, ctx: dict[str, Any]) -> Any:  # noqa: N803
    """``(level or null when unknown, bad)`` of criterion ``c`` over its column."""
    T = _spark_extra.types()  # noqa: N806
    col = _col(F, str(c.field))
    present = col.isNotNull()
    never = F.lit(False)
    none = F.lit(None).cast("byte")
    textual = isinstance(dtype, T.StringType)
    if dtype is None or isinstance(dtype, T.NullType):
        return none, never
    if c.kind in _FLAGS:
        if isinstance(dtype, T.BooleanType):
            return col.cast("byte"), never
        if textual:
            level = _mapped(F, col, _FLAGS[c.kind])
            return level, present & level.isNull()
        return none, present
    if c.kind is RuleKind.GRADED:
        if textual:
            level = _mapped(F, col, {g: i for i, g in enumerate(c.grades)})
            return level, present & level.isNull()
        return none, present
    if c.kind is RuleKind.NUMERIC:
        integral = isinstance(dtype, T.IntegralType)
        if integral or isinstance(dtype, T.DecimalType):
            bad = never
            currency = ctx["currencies"].get(c.field)
            if currency is not None and c.currency is not None:
                same = _col(F, currency) == F.lit(c.currency)
                bad = present & F.coalesce(~same, F.lit(True))
            return _place(F, c, col, integral), bad
        return none, present
    assert at is not None
    if isinstance(dtype, (T.DateType, T.TimestampType)):
        return _place(F, c, _days(F, col, dtype, at, ctx["zone"]), True), never
    return none, present


def _levels(F: Any, card: Scorecard, frame: Any, at: datetime | None) -> tuple[dict[str, Any], Any]:  # noqa: N803
    """The level and unknown columns of every criterion (in order), and the bad expression."""
    types = {f.name: f.dataType for f in frame.schema.fields}
    ctx = {
        "zone": frame.sparkSession.conf.get("spark.sql.session.timeZone"),
        "currencies": {
            c.field: f"{c.field}_currency" for c in card.criteria if f"{c.field}_currency" in types
        },
    }
    exprs: dict[str, Any] = {}
    bad = F.lit(False)
    for c in card.criteria:
        level, wrong = _level(F, c, types.get(str(c.field)), at, ctx)
        fallback = c.top if card.unknown is UnknownPolicy.BEST else 0
        exprs[f"levels.{c.key}"] = F.coalesce(level, F.lit(fallback).cast("byte"))
        exprs[f"unknown.{c.key}"] = level.isNull()
        bad = bad | wrong
    return exprs, bad


def _fact(value: Any, micros: bool) -> Any:
    return _EPOCH + timedelta(microseconds=value) if micros and value is not None else value


def _problems(card: Scorecard, frame: Any, bad: Any, at: datetime | None) -> list[Problem] | None:
    """The problems of the bad rows (collected: only they come back), in ``evaluate``'s words;
    ``None`` when no row is bad."""
    from salesflow.money import Money

    F = _spark_extra.functions()  # noqa: N806
    T = _spark_extra.types()  # noqa: N806
    types = {f.name: f.dataType for f in frame.schema.fields}
    wanted = {str(c.field) for c in card.criteria}
    wanted |= {f"{n}_currency" for n in wanted}
    names = [n for n in types if n in wanted]
    instants = {n for n in names if isinstance(types[n], T.TimestampType)}
    numbered = frame.withColumn("__row", F.monotonically_increasing_id())
    picked = [F.unix_micros(_col(F, n)) if n in instants else _col(F, n) for n in names]
    rows = numbered.filter(bad).select("__row", *picked).collect()
    if not rows:
        return None
    at_row = positions(numbered, "__row", [r[0] for r in rows])
    out: list[tuple[int, Problem]] = []
    for row in rows:
        facts = {n: _fact(v, n in instants) for n, v in zip(names, row[1:], strict=True)}
        for c in card.criteria:
            currency = facts.get(f"{c.field}_currency")
            if c.field in facts and currency is not None and facts[c.field] is not None:
                facts[str(c.field)] = Money(facts[str(c.field)], currency)
        try:
            card.evaluate(facts, at=at)
        except ValidationError as exc:
            place = at_row[row[0]]
            out.extend((place, p.prefixed(f"rows[{place}]")) for p in exc.problems)
    return [p for _, p in sorted(out, key=lambda item: item[0])] or [Problem("", "bad values")]


def _decimal(F: Any, scaled: Any, scale: int) -> Any:  # noqa: N803
    """A scaled whole number (long) as the exact ``decimal(38, scale)`` it stands for."""
    if scale == 0:
        return scaled.cast("decimal(38,0)")
    if scale <= _PRODUCT_SCALE:  # decimal(19,0) x decimal(s,s): precision 20 + s, no rounding
        return (scaled.cast("decimal(19,0)") * F.lit(Decimal(1).scaleb(-scale))).cast(
            f"decimal(38,{scale})"
        )
    return F.concat(scaled.cast("string"), F.lit(f"E-{scale}")).cast(f"decimal(38,{scale})")


def _contribution(F: Any, card: Scorecard, c: Criterion, scale: int) -> Any:  # noqa: N803
    values = [int(v.scaleb(scale)) for v in card.contributions(c.key)]
    level = _col(F, f"levels.{c.key}")
    if all(v == i * values[1] for i, v in enumerate(values)):  # linear: one multiplication
        return level.cast("long") * F.lit(values[1])
    expr = F.lit(None).cast("long")
    for i, v in enumerate(values):
        expr = F.when(level == F.lit(i), F.lit(v)).otherwise(expr)
    return expr


def _band(F: Any, card: Scorecard, total: Any, scale: int) -> Any:  # noqa: N803
    expr = F.lit(card.bands[0].key)
    for b in card.bands[1:]:
        floor = int(b.minimum.scaleb(scale).to_integral_value(rounding=ROUND_CEILING))
        expr = F.when(total >= F.lit(floor), F.lit(b.key)).otherwise(expr)
    return expr


def _totals(F: Any, card: Scorecard, scored: Any, scale: int, with_parts: bool) -> Any:  # noqa: N803
    """Contributions (scaled longs), their exact total as a decimal, and the band."""
    parts = {c.key: _contribution(F, card, c, scale) for c in card.criteria}
    total: Any = F.lit(0).cast("long")
    for part in parts.values():
        total = total + part
    scored = scored.withColumn("__total", total)
    out = {
        "total": _decimal(F, F.col("__total"), scale),
        "band": _band(F, card, F.col("__total"), scale),
    }
    if with_parts:
        out |= {f"contributions.{k}": _decimal(F, p, scale) for k, p in parts.items()}
    return scored.withColumns(out).drop("__total")


def _exact_band(card: Scorecard, levels: tuple[int, ...]) -> str:
    weights = [(Fraction(c.weight), c.top) for c in card.criteria]
    exact = sum((w * lv / top for (w, top), lv in zip(weights, levels, strict=True)), Fraction(0))
    for b in reversed(card.bands):
        if exact >= Fraction(b.minimum):
            return b.key
    return card.bands[0].key


def _inexact(F: Any, card: Scorecard, scored: Any, scale: int, with_parts: bool) -> Any:  # noqa: N803
    """Total and band per distinct combination of levels (the engine's own sums), joined back."""
    T = _spark_extra.types()  # noqa: N806
    table = [card.contributions(c.key) for c in card.criteria]
    if any(not fits(v, 38, scale) for values in table for v in values):
        raise ValidationError.single(
            "evaluate_frame",
            "scorecard",
            f"the contributions of {card.key!r} need more than the 38 digits of a "
            "decimal128 column (expected smaller weights)",
        )
    names = [f"levels.{c.key}" for c in card.criteria]
    combos = [tuple(r) for r in scored.select(*(_col(F, n) for n in names)).distinct().collect()]
    rows = [
        (
            *row,
            sum((v[lv] for v, lv in zip(table, row, strict=True)), Decimal(0)),
            _exact_band(card, row),
        )
        for row in combos
    ]
    schema = T.StructType(
        [
            *(T.StructField(n, T.ByteType(), False) for n in names),
            T.StructField("total", T.DecimalType(38, scale), False),
            T.StructField("band", T.StringType(), False),
        ]
    )
    found = scored.sparkSession.createDataFrame(rows, schema)
    result = scored.join(F.broadcast(found), on=names, how="left")
    result = result.select(*(_col(F, n) for n in scored.columns), "total", "band")
    if not with_parts:
        return result
    parts = {}
    for c, values in zip(card.criteria, table, strict=True):
        expr = F.lit(None).cast(f"decimal(38,{scale})")
        for i, v in enumerate(values):
            hit = F.lit(v).cast(f"decimal(38,{scale})")
            expr = F.when(_col(F, f"levels.{c.key}") == F.lit(i), hit).otherwise(expr)
        parts[f"contributions.{c.key}"] = expr
    return result.withColumns(parts)


def evaluate(
    card: Scorecard, frame: Any, at: datetime | None, with_parts: bool, columnar: bool
) -> Any:
    """``evaluate_frame`` over a Spark DataFrame (``card`` and ``at`` already checked)."""
    F = _spark_extra.functions()  # noqa: N806
    level_exprs, bad = _levels(F, card, frame, at)
    problems = _problems(card, frame, bad, at)
    if problems is not None:
        raise ValidationError("evaluate_frame", problems)
    scale = score_scale(card)
    scored = frame.withColumns(level_exprs)
    if columnar:
        return _totals(F, card, scored, scale, with_parts)
    return _inexact(F, card, scored, scale, with_parts)
