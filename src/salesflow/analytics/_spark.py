"""The Spark engine: every analytic over the tables of :mod:`salesflow.tables` as Spark DataFrames.

Reads the ``opportunities`` table (one row a deal) and the ``events`` table
(one row a stage change, in history order per deal) as Spark DataFrames with
the tables' columns, and returns the same figures as :mod:`._polars` and
:mod:`._reference`, for :mod:`._rules` to finish. Every figure is Spark SQL
column expressions and aggregations (no Python UDF): only the aggregated
rows, one per group, come back to the driver.

Two things Spark does not give for free are made explicit here:

* *row order*: a row's position (``opportunities[17]`` in an error) and the
  events' history order are read with ``monotonically_increasing_id`` right
  on the given frames, before any shuffle, so they are the frames' own order
  (the order of their partitions, then of the rows in each);
* *time zones*: instants are read as UTC microseconds (``unix_micros``) and
  calendar parts from ``date_from_unix_date``, so no figure depends on the
  session's ``spark.sql.session.timeZone``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from salesflow.analytics import _rules
from salesflow.analytics._rules import Key
from salesflow.analytics._spec import CycleTime, Forecast, Funnel, Grouping, Spec, Stale
from salesflow.exceptions import ValidationError
from salesflow.tables import _spark_extra
from salesflow.tables._spark_frames import positions

__all__ = [
    "counts",
    "cycle_time",
    "forecast",
    "funnel",
    "reasons",
    "stale",
    "win_rate",
    "won_cycles",
]

_DAY_US = 86_400_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _f() -> Any:
    return _spark_extra.functions()


def _instant(micros: int | None) -> datetime | None:
    return None if micros is None else _EPOCH + timedelta(microseconds=micros)


def _utc_date(F: Any, name: str) -> Any:  # noqa: N803
    """The UTC calendar date of an instant column, whatever the session's time zone."""
    return F.date_from_unix_date(F.floor(F.unix_micros(F.col(name)) / F.lit(_DAY_US)).cast("int"))


def _zfill(F: Any, value: Any, width: int) -> Any:  # noqa: N803
    return F.lpad(value.cast("string"), width, "0")


def _group(F: Any, g: Grouping) -> Any:  # noqa: N803
    if g.kind == "field":
        return F.col(g.name).cast("string")
    if g.kind == "attribute":
        return F.get_json_object(F.col("attributes"), f"$.{g.name}")
    day = _utc_date(F, "created_at")
    year = _zfill(F, F.year(day), 4)
    if g.name == "year":
        return year
    if g.name == "quarter":
        return F.concat(year, F.lit("-Q"), F.quarter(day).cast("string"))
    return F.concat(year, F.lit("-"), _zfill(F, F.month(day), 2))


def _keys(F: Any, spec: Spec) -> list[Any]:  # noqa: N803
    return [_group(F, g).alias(f"_g{i}") for i, g in enumerate(spec.by)]


def _names(spec: Spec) -> list[str]:
    return [f"_g{i}" for i in range(len(spec.by))]


def _text(F: Any, name: str) -> Any:  # noqa: N803
    return F.col(name).cast("string")


def _rows(frame: Any, width: int) -> list[tuple[Key, tuple[Any, ...]]]:
    """Each aggregated row as (group key, figures); a group of no deals is no row.

    (Spark, like polars, aggregates an empty frame grouped by nothing into one row.)
    """
    return [
        (tuple(row[:width]), tuple(row[width:]))
        for row in frame.collect()
        if width or row[width]  # the first figure is a count
    ]


def _numbered(F: Any, deals: Any) -> Any:  # noqa: N803
    """The deals with ``_row``: an id increasing in the frame's own order (not a position)."""
    return deals.withColumn("_row", F.monotonically_increasing_id())


def _refuse(F: Any, numbered: Any, row: int, problem: str) -> ValidationError:  # noqa: N803
    """The error at the deal numbered ``row`` (its position counted on the error path only)."""
    at = positions(numbered, "_row", [row])[row]
    return ValidationError.single("analytics", f"opportunities[{at}]", problem)


def _first(F: Any, numbered: Any, row: int) -> Any:  # noqa: N803
    return numbered.filter(F.col("_row") == row).first()


def counts(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, Decimal]]:
    F = _f()  # noqa: N806
    names = ("pipeline", "stage", "status", "amount_currency")
    keys = [*_keys(F, spec), *(_text(F, n).alias(n) for n in names)]
    frame = deals.groupBy(keys).agg(F.count(F.lit(1)), F.sum("amount"))
    width = len(spec.by) + len(names)
    return {k: (int(v[0]), Decimal(v[1])) for k, v in _rows(frame, width)}


def _stage_index(F: Any, stages: Sequence[str], value: Any) -> Any:  # noqa: N803
    """The index of a stage key among ``stages`` (null for a key the pipeline lacks)."""
    expr = F.lit(None).cast("int")
    for i, s in reversed(list(enumerate(stages))):
        expr = F.when(value == F.lit(s), F.lit(i)).otherwise(expr)
    return expr


def _furthest(F: Any, spec: Funnel, events: Any) -> Any:  # noqa: N803
    """Per deal id: the furthest stage index of its changes and the least unknown stage."""
    moves = events.select(
        _text(F, "opportunity_id").alias("id"),
        F.explode(F.array(_text(F, "to_stage"), _text(F, "from_stage"))).alias("_s"),
    ).filter(F.col("_s").isNotNull())
    k = _stage_index(F, spec.stages, F.col("_s"))
    return moves.groupBy("id").agg(
        F.max(k).alias("_ek"), F.min(F.when(k.isNull(), F.col("_s"))).alias("_eu")
    )


def funnel(spec: Funnel, deals: Any, events: Any) -> dict[Key, int]:
    F = _f()  # noqa: N806
    numbered = _numbered(F, deals)
    own = numbered.filter(_text(F, "pipeline") == spec.pipeline).select(
        "_row", _text(F, "id").alias("id"), *_keys(F, spec), _text(F, "stage").alias("stage")
    )
    here = _stage_index(F, spec.stages, F.col("stage"))
    joined = own.join(_furthest(F, spec, events), on="id", how="left").select(
        "_row",
        "id",
        *_names(spec),
        F.greatest(here, F.col("_ek")).alias("_k"),
        F.least(F.when(here.isNull(), F.col("stage")), F.col("_eu")).alias("_u"),
    )
    bad = F.when(F.col("_u").isNotNull(), F.struct("_row", "_u", "id"))
    by = _names(spec)
    frame = joined.groupBy([*by, "_k"]).agg(F.count(F.lit(1)), F.min(bad))
    rows = _rows(frame, len(by) + 1)
    worst = min((v[1] for _, v in rows if v[1] is not None), default=None)
    if worst is not None:
        problem = (
            f"deal {worst['id']!r} was in stage {worst['_u']!r}, which pipeline "
            f"{spec.pipeline!r} does not have"
        )
        raise _refuse(F, numbered, worst["_row"], problem)
    out: dict[Key, int] = {}
    for key, (n, _) in rows:
        for stage in spec.stages[: int(key[-1]) + 1]:  # type: ignore[arg-type]
            out[(*key[:-1], stage)] = out.get((*key[:-1], stage), 0) + int(n)
    return out


def _closed(F: Any, deals: Any) -> Any:  # noqa: N803
    return deals.filter(_text(F, "status").isin("won", "lost"))


def win_rate(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, int]]:
    F = _f()  # noqa: N806
    won = (_text(F, "status") == "won").cast("long")
    frame = (
        _closed(F, deals)
        .groupBy(_keys(F, spec))
        .agg(F.count(F.lit(1)), F.sum(won), F.sum(F.lit(1) - won))
    )
    return {k: (int(v[1]), int(v[2])) for k, v in _rows(frame, len(spec.by))}


def _ends(F: Any, events: Any) -> Any:  # noqa: N803
    at = F.unix_micros(F.col("at"))
    closing = _text(F, "move").isin("win", "lose")
    return events.groupBy(_text(F, "opportunity_id").alias("id")).agg(
        F.max(F.when(closing, at)).alias("_close"), F.max(at).alias("_last")
    )


def _cycles(F: Any, closed: Any, events: Any) -> Any:  # noqa: N803
    """The deals with ``_d``: from creation to their last win or loss, in microseconds."""
    created = F.unix_micros(F.col("created_at"))
    end = F.coalesce(F.col("_close"), F.col("_last"), created)
    return (
        closed.withColumn("id", _text(F, "id"))
        .join(_ends(F, events), on="id", how="left")
        .withColumn("_d", end - created)
    )


def won_cycles(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, int]]:
    F = _f()  # noqa: N806
    won = deals.filter(_text(F, "status") == "won")
    frame = _cycles(F, won, events).groupBy(_keys(F, spec)).agg(F.count(F.lit(1)), F.sum("_d"))
    return {k: (int(v[0]), int(v[1])) for k, v in _rows(frame, len(spec.by))}


def cycle_time(spec: CycleTime, deals: Any, events: Any) -> dict[Key, tuple[int, list[int]]]:
    """Nearest-rank percentiles, exactly: each group's cycles ranked by a window, the row of
    rank ceil(p n / 100) picked (Spark's own percentiles interpolate or work in doubles)."""
    from pyspark.sql.window import Window

    F = _f()  # noqa: N806
    keyed = _cycles(F, _closed(F, deals), events).select(
        *_keys(F, spec), _text(F, "status").alias("_o"), "_d"
    )
    names = [*_names(spec), "_o"]
    window = Window.partitionBy(*names)
    ranked = keyed.withColumn("_n", F.count(F.lit(1)).over(window)).withColumn(
        "_r", F.row_number().over(window.orderBy("_d"))
    )
    picks = [
        F.max(
            F.when(
                F.col("_r") == F.greatest(F.floor((F.col("_n") * p + 99) / 100), F.lit(1)),
                F.col("_d"),
            )
        )
        for p in spec.percentiles
    ]
    grouped = ranked.groupBy(names).agg(F.count(F.lit(1)), *picks)
    width = len(names)
    return {k: (int(v[0]), [int(x) for x in v[1:]]) for k, v in _rows(grouped, width)}


def reasons(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, Decimal]]:
    F = _f()  # noqa: N806
    wins = (
        events.withColumn("_seq", F.monotonically_increasing_id())
        .filter(_text(F, "move") == "win")
        .groupBy(_text(F, "opportunity_id").alias("id"))
        .agg(F.max_by(F.struct(F.col("reason")), F.col("_seq")).getField("reason").alias("_won"))
    )
    closed = _closed(F, deals).withColumn("id", _text(F, "id"))
    status = _text(F, "status")
    reason = F.when(status == "lost", _text(F, "lost_reason")).otherwise(F.col("_won"))
    keys = [
        *_keys(F, spec),
        status.alias("_o"),
        reason.alias("_r"),
        _text(F, "amount_currency").alias("_c"),
    ]
    frame = (
        closed.join(wins, on="id", how="left").groupBy(keys).agg(F.count(F.lit(1)), F.sum("amount"))
    )
    width = len(spec.by) + 3
    return {k: (int(v[0]), Decimal(v[1])) for k, v in _rows(frame, width)}


def _lookup(F: Any, pairs: Sequence[tuple[str, str, Any]], pipeline: Any, stage: Any) -> Any:  # noqa: N803
    """The value of (pipeline, stage) among ``pairs`` (a few stages: a CASE, not a join)."""
    expr = F.lit(None)
    for p, s, value in reversed(pairs):
        expr = F.when((pipeline == F.lit(p)) & (stage == F.lit(s)), F.lit(value)).otherwise(expr)
    return expr


def _entries(F: Any, events: Any) -> Any:  # noqa: N803
    """Per deal: its last change (``_last``) and the last that entered a stage (``_entered``).

    A change enters when it opens the deal, changes its stage, or reopens it.
    """
    entering = (
        F.col("from_stage").isNull()
        | (_text(F, "from_stage") != _text(F, "to_stage"))
        | _text(F, "from_status").isin("won", "lost")
    )
    at = F.unix_micros(F.col("at"))
    return events.groupBy(_text(F, "opportunity_id").alias("id")).agg(
        F.max(at).alias("_last"), F.max(F.when(entering, at)).alias("_entered")
    )


def stale(spec: Stale, deals: Any, events: Any) -> list[tuple[object, ...]]:
    """The stale deals, and the misfits (unknown pipeline or stage, ``at`` too early) in the
    same pass: both are the rows brought back, a misfit refused before any is counted."""
    F = _f()  # noqa: N806
    at = (spec.at - _EPOCH) // timedelta(microseconds=1)
    pairs = [(p, s, d) for p, stages in spec.stages.items() for s, d in stages.items()]
    numbered = _numbered(F, deals)
    frame = numbered.select(
        "_row",
        *_keys(F, spec),
        *(_text(F, n).alias(n) for n in ("id", "pipeline", "stage", "owner", "status")),
        F.unix_micros(F.col("created_at")).alias("_created"),
    ).join(_entries(F, events), on="id", how="left")
    pipeline, stage = F.col("pipeline"), F.col("stage")
    known = _lookup(F, [(p, s, True) for p, s, _ in pairs], pipeline, stage)
    rot = _lookup(F, [(p, s, d) for p, s, d in pairs if d is not None], pipeline, stage)
    updated = F.coalesce(F.col("_last"), F.col("_created"))
    entered = F.coalesce(F.col("_entered"), F.col("_created"))
    misfit = known.isNull() | (updated > F.lit(at))
    found = (F.col("status") == "open") & rot.isNotNull()
    found = found & (F.lit(at) - entered >= rot.cast("long") * _DAY_US)
    chosen = frame.filter(misfit | found).select(
        misfit.alias("_bad"),
        "_row",
        *_names(spec),
        "pipeline",
        "stage",
        "id",
        "owner",
        entered.alias("_e"),
        updated.alias("_u"),
    )
    rows = chosen.collect()
    bad = [r for r in rows if r["_bad"]]
    if bad:
        row = min(bad, key=lambda r: r["_row"])
        problem = _rules.misfit(spec, row["id"], row["pipeline"], row["stage"], _instant(row["_u"]))
        raise _refuse(F, numbered, row["_row"], problem or "")
    width = len(spec.by) + 4
    return [(*r[2 : 2 + width], _instant(r["_e"])) for r in rows]


def _period(F: Any, spec: Forecast) -> Any:  # noqa: N803
    close = F.col("expected_close")
    y, m = F.year(close).cast("long"), F.month(close).cast("long")
    start = spec.fiscal_start
    if start == 1:
        index, year, head = m, y, ""
    else:
        index = (m - start + 12) % 12 + 1
        year, head = F.when(m >= start, y + 1).otherwise(y), "FY"
    text = _zfill(F, year, 4)
    if spec.period == "quarter":
        quarter = F.floor((index - 1) / 3) + 1
        return F.concat(F.lit(head), text, F.lit("-Q"), quarter.cast("string"))
    mark = "-M" if head else "-"
    return F.concat(F.lit(head), text, F.lit(mark), _zfill(F, index, 2))


def forecast(spec: Forecast, deals: Any, events: Any) -> dict[Key, tuple[Decimal, Decimal]]:
    """Amounts per (group..., period, currency, category); a deal of a pipeline or stage not
    given is caught in the same aggregation (the least such row of each group)."""
    F = _f()  # noqa: N806
    pairs = [(p, s, v) for p, stages in spec.stages.items() for s, v in stages.items()]
    numbered = _numbered(F, deals)
    pipeline, stage = _text(F, "pipeline"), _text(F, "stage")
    default = _lookup(F, [(p, s, v[0]) for p, s, v in pairs], pipeline, stage)
    place = _lookup(F, [(p, s, v[1]) for p, s, v in pairs], pipeline, stage)
    status = _text(F, "status")
    category = (
        F.when(status == "won", F.lit("closed"))
        .when(status != "open", F.lit("omitted"))
        .otherwise(place)
    )
    chance = F.when(status == "won", F.lit(100)).otherwise(
        F.coalesce(F.col("probability"), default)
    )
    keys = [
        *_keys(F, spec),
        _period(F, spec).alias("_period"),
        _text(F, "amount_currency").alias("_cur"),
        category.alias("_cat"),
    ]
    weighted = F.col("amount") * chance.cast("decimal(10,0)")
    grouped = numbered.groupBy(keys).agg(
        F.count(F.lit(1)),
        F.sum("amount"),
        F.sum(weighted),
        F.min(F.when(default.isNull(), F.col("_row"))),
    )
    width = len(spec.by) + 3
    rows = _rows(grouped, width)
    worst = min((v[3] for _, v in rows if v[3] is not None), default=None)
    if worst is not None:
        row = _first(F, numbered, worst)
        problem = _rules.misfit(spec, row["id"], row["pipeline"], row["stage"], None)
        raise _refuse(F, numbered, worst, problem or "")
    return {k: (Decimal(v[1]), Decimal(v[2])) for k, v in rows if k[-1] != "omitted"}
