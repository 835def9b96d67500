"""The polars engine: every analytic over the tables of :mod:`salesflow.tables`.

Reads the ``opportunities`` table (one row a deal) and the ``events`` table
(one row a stage change, in history order per deal) as polars frames, and
returns the same figures as :mod:`._reference`, for :mod:`._rules` to finish.
"""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal
from typing import Any

from salesflow.analytics import _rules
from salesflow.analytics._rules import Key
from salesflow.analytics._spec import CycleTime, Forecast, Funnel, Grouping, Spec, Stale
from salesflow.exceptions import ValidationError
from salesflow.tables import _extra

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


def _pl() -> Any:
    return _extra.polars()


def _group(pl: Any, g: Grouping) -> Any:
    if g.kind == "field":
        return pl.col(g.name).cast(pl.String)
    if g.kind == "attribute":
        return pl.col("attributes").str.json_path_match(f"$.{g.name}")
    created = pl.col("created_at").dt
    year = created.year().cast(pl.String).str.zfill(4)
    if g.name == "year":
        return year
    if g.name == "quarter":
        return pl.concat_str(year, pl.lit("-Q"), created.quarter().cast(pl.String))
    return pl.concat_str(year, pl.lit("-"), created.month().cast(pl.String).str.zfill(2))


def _keys(pl: Any, spec: Spec) -> list[Any]:
    return [_group(pl, g).alias(f"_g{i}") for i, g in enumerate(spec.by)]


def _raw(pl: Any, g: Grouping) -> Any:
    """A grouping as it is stored (a categorical stays one): text once aggregated, by _rows."""
    return pl.col(g.name) if g.kind == "field" else _group(pl, g)


def _raw_keys(pl: Any, spec: Spec) -> list[Any]:
    return [_raw(pl, g).alias(f"_g{i}") for i, g in enumerate(spec.by)]


def _text(pl: Any, name: str) -> Any:
    return pl.col(name).cast(pl.String)


def _rows(frame: Any, width: int) -> list[tuple[Key, tuple[Any, ...]]]:
    """Each aggregated row as (group key, figures); a group of no deals is no row.

    The key columns (the first ``width``) become text here, on the few
    aggregated rows, rather than on every deal. (polars aggregates an empty
    frame grouped by nothing into one row of zeros.)
    """
    pl = _pl()
    frame = frame.with_columns(pl.col(c).cast(pl.String) for c in frame.columns[:width])
    return [
        (tuple(row[:width]), tuple(row[width:]))
        for row in frame.iter_rows()
        if width or row[width]  # the first figure is a count
    ]


def counts(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, Decimal]]:
    pl = _pl()
    names = ("pipeline", "stage", "status", "amount_currency")
    keys = [*_raw_keys(pl, spec), *names]
    frame = deals.group_by(keys).agg(pl.len(), pl.col("amount").sum())
    width = len(spec.by) + len(names)
    return {k: (int(v[0]), Decimal(v[1])) for k, v in _rows(frame, width)}


def _stage_index(pl: Any, spec: Funnel, name: str) -> Any:
    """The stage's place in ``spec.stages``; -1 for none or a stage the pipeline lacks."""
    index = {s: i for i, s in enumerate(spec.stages)}
    return pl.col(name).replace_strict(index, default=-1, return_dtype=pl.Int64)


def _unknown(spec: Funnel, own: Any, events: Any, pl: Any) -> None:
    """Refuse the first deal (in book order) that was in a stage the pipeline lacks.

    Only the distinct stages are looked at unless one is not the pipeline's.
    """
    named = {
        s
        for column in (own["stage"], events["to_stage"], events["from_stage"])
        for s in column.unique().cast(pl.String).to_list()
        if s is not None
    }
    strange = sorted(named.difference(spec.stages))
    if not strange:
        return
    moved = events.filter(
        pl.col("to_stage").cast(pl.String).is_in(strange)
        | pl.col("from_stage").cast(pl.String).is_in(strange)
    ).select(_text(pl, "opportunity_id").alias("id"))
    bad = own.filter(
        pl.col("stage").cast(pl.String).is_in(strange) | pl.col("id").is_in(moved["id"].implode())
    )
    if not bad.height:
        return
    row = bad.sort("_row").row(0, named=True)
    mine = events.filter(pl.col("opportunity_id").cast(pl.String) == row["id"])
    seen = {row["stage"], *mine["to_stage"].cast(pl.String), *mine["from_stage"].cast(pl.String)}
    stage = sorted(str(s) for s in seen if s is not None and s not in spec.stages)[0]
    raise ValidationError.single(
        "analytics",
        f"opportunities[{row['_row']}]",
        f"deal {row['id']!r} was in stage {stage!r}, which pipeline "
        f"{spec.pipeline!r} does not have",
    )


def funnel(spec: Funnel, deals: Any, events: Any) -> dict[Key, int]:
    pl = _pl()
    width = len(spec.by)
    by = [f"_g{i}" for i in range(width)]
    own = deals.with_row_index("_row").filter(pl.col("pipeline") == spec.pipeline)
    own = own.select("_row", _text(pl, "id").alias("id"), *_raw_keys(pl, spec), "stage")
    _unknown(spec, own, events, pl)
    # each change's furthest stage first (over whole columns), then the deal's
    reached = pl.max_horizontal(
        _stage_index(pl, spec, "to_stage"), _stage_index(pl, spec, "from_stage")
    )
    furthest = (
        events.select(_text(pl, "opportunity_id").alias("id"), reached.alias("_k"))
        .group_by("id")
        .agg(pl.col("_k").max())
    )
    here = pl.max_horizontal(_stage_index(pl, spec, "stage"), pl.col("_k")).alias("_k")
    frame = own.join(furthest, on="id", how="left").group_by([*by, here]).agg(pl.len())
    out: dict[Key, int] = {}
    for key, (n,) in _rows(frame, width + 1):
        for stage in spec.stages[: int(key[-1]) + 1]:  # type: ignore[arg-type]
            out[(*key[:-1], stage)] = out.get((*key[:-1], stage), 0) + int(n)
    return out


def _closed(pl: Any, deals: Any) -> Any:
    return deals.filter(pl.col("status").is_in(["won", "lost"]))


def win_rate(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, int]]:
    pl = _pl()
    won = pl.col("status") == "won"
    frame = (
        _closed(pl, deals)
        .group_by(_raw_keys(pl, spec))
        .agg(pl.len(), won.sum().alias("won"), (~won).sum().alias("lost"))
    )
    return {k: (int(v[1]), int(v[2])) for k, v in _rows(frame, len(spec.by))}


def closes(pl: Any, closed: Any, events: Any) -> Any:
    """``closed`` (with a text ``id``) and, per deal, its last win or loss (``_close``) and,
    for a deal without one, its last change (``_last``); only the closing changes
    are grouped, the rest only for the deals that need them.
    """
    closing = (
        events.filter(pl.col("move").is_in(["win", "lose"]))
        .group_by(_text(pl, "opportunity_id").alias("id"))
        .agg(pl.col("at").max().alias("_close"))
    )
    frame = closed.join(closing, on="id", how="left")
    open_ended = frame.filter(pl.col("_close").is_null()).select("id")
    if not open_ended.height:
        return frame.with_columns(pl.col("_close").alias("_last"))
    last = (
        events.with_columns(_text(pl, "opportunity_id").alias("id"))
        .join(open_ended, on="id", how="semi")
        .group_by("id")
        .agg(pl.col("at").max().alias("_last"))
    )
    return frame.join(last, on="id", how="left")


def _cycles(pl: Any, closed: Any, events: Any) -> Any:
    closed = closed.with_columns(_text(pl, "id").alias("id"))
    end = pl.coalesce("_close", "_last", "created_at")
    return closes(pl, closed, events).with_columns(
        (end - pl.col("created_at")).dt.total_microseconds().alias("_d")
    )


def won_cycles(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, int]]:
    pl = _pl()
    won = deals.filter(pl.col("status") == "won")
    frame = _cycles(pl, won, events).group_by(_raw_keys(pl, spec)).agg(pl.len(), pl.col("_d").sum())
    return {k: (int(v[0]), int(v[1])) for k, v in _rows(frame, len(spec.by))}


def cycle_time(spec: CycleTime, deals: Any, events: Any) -> dict[Key, tuple[int, list[int]]]:
    pl = _pl()
    frame = _cycles(pl, _closed(pl, deals), events)
    n = pl.len().cast(pl.Int64)
    ranks = [
        pl.col("_d").sort().get(((n * p + 99) // 100).clip(1) - 1).alias(f"_p{p}")
        for p in spec.percentiles
    ]
    grouped = frame.group_by([*_raw_keys(pl, spec), "status"]).agg(n.alias("_n"), *ranks)
    width = len(spec.by) + 1
    return {k: (int(v[0]), [int(x) for x in v[1:]]) for k, v in _rows(grouped, width)}


def reasons(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, Decimal]]:
    """Grouped by lost reason and win outcome as stored; each row's reason picked after."""
    pl = _pl()
    wins = (
        events.filter(pl.col("move") == "win")
        .group_by(_text(pl, "opportunity_id").alias("id"), maintain_order=True)
        .agg(pl.col("reason").last().alias("_won"))
    )
    closed = _closed(pl, deals).with_columns(_text(pl, "id").alias("id"))
    keys = [*_raw_keys(pl, spec), "status", "lost_reason", "_won", "amount_currency"]
    frame = (
        closed.join(wins, on="id", how="left").group_by(keys).agg(pl.len(), pl.col("amount").sum())
    )
    width = len(spec.by)
    out: dict[Key, tuple[int, Decimal]] = {}
    for key, (n, total) in _rows(frame, width + 4):
        status, lost, won, currency = key[width:]
        here = (*key[:width], status, lost if status == "lost" else won, currency)
        count, amount = out.get(here, (0, Decimal(0)))
        out[here] = (count + int(n), amount + Decimal(total))
    return out


def _rot(pl: Any, spec: Stale) -> Any:
    pairs = [(p, s, d) for p, stages in spec.stages.items() for s, d in stages.items()]
    return pl.DataFrame(
        {
            "pipeline": [p[0] for p in pairs],
            "stage": [p[1] for p in pairs],
            "_rot": [p[2] for p in pairs],
            "_known": [True] * len(pairs),
        },
        schema={"pipeline": pl.String, "stage": pl.String, "_rot": pl.Int64, "_known": pl.Boolean},
    )


def _like(pl: Any, small: Any, deals: Any) -> Any:
    """The small frame of pipelines and stages, its keys cast to the deals' types (to join)."""
    names = ("pipeline", "stage")
    return small.with_columns(pl.col(n).cast(deals.schema[n], strict=False) for n in names)


def _entering(pl: Any, events: Any) -> Any:
    """A change enters a stage when it opens the deal, changes its stage, or reopens it.

    (Stage columns of one type are compared as stored, else as text.)
    """
    a, b = pl.col("from_stage"), pl.col("to_stage")
    if events.schema["from_stage"] != events.schema["to_stage"]:
        a, b = a.cast(pl.String), b.cast(pl.String)
    return a.is_null() | (a != b) | pl.col("from_status").is_in(["won", "lost"])


def _misfits(spec: Stale, frame: Any, events: Any, pl: Any) -> None:
    """Refuse the first deal of a pipeline or stage not given, or changed after ``at``."""
    at = pl.lit(spec.at.astimezone(UTC))
    late = events.filter(pl.col("at") > at).select(_text(pl, "opportunity_id").alias("id"))
    bad = frame.filter(
        ~pl.col("pipeline").is_in(list(spec.stages))
        | pl.col("_known").is_null()
        | (pl.col("created_at") > at)
        | pl.col("id").is_in(late["id"].implode())
    )
    if bad.height:
        row = bad.sort("_row").row(0, named=True)
        mine = events.filter(pl.col("opportunity_id").cast(pl.String) == row["id"])["at"]
        updated = max([row["created_at"], *mine])
        problem = _rules.misfit(spec, row["id"], row["pipeline"], row["stage"], updated)
        raise ValidationError.single("analytics", f"opportunities[{row['_row']}]", problem or "")


def stale(spec: Stale, deals: Any, events: Any) -> list[tuple[object, ...]]:
    pl = _pl()
    frame = (
        deals.with_row_index("_row")
        .with_columns(_text(pl, "id").alias("id"))
        .join(_like(pl, _rot(pl, spec), deals), on=["pipeline", "stage"], how="left")
    )
    _misfits(spec, frame, events, pl)
    entries = (
        events.filter(_entering(pl, events))
        .group_by(_text(pl, "opportunity_id").alias("id"))
        .agg(pl.col("at").max().alias("_entered"))
    )
    entered = pl.coalesce("_entered", "created_at")
    found = (
        frame.filter((pl.col("status") == "open") & pl.col("_rot").is_not_null())
        .join(entries, on="id", how="left")
        .filter(pl.lit(spec.at.astimezone(UTC)) - entered >= pl.duration(days=pl.col("_rot")))
        .select(*_raw_keys(pl, spec), "pipeline", "stage", "id", "owner", entered.alias("_e"))
    )
    width = len(spec.by)
    found = found.with_columns(pl.col(c).cast(pl.String) for c in found.columns[: width + 2])
    # in the order the rules sort them (text sorts alike in both), so that sort is cheap
    order = found.columns[: width + 4]
    found = found.with_columns(_text(pl, "owner")).sort(order, nulls_last=True)
    return list(found.iter_rows())


def _places(pl: Any, spec: Forecast) -> Any:
    pairs = [(p, s, v) for p, stages in spec.stages.items() for s, v in stages.items()]
    return pl.DataFrame(
        {
            "pipeline": [p[0] for p in pairs],
            "stage": [p[1] for p in pairs],
            "_prob": [p[2][0] for p in pairs],
            "_cat": [p[2][1] for p in pairs],
            "_known": [True] * len(pairs),
        },
        schema={
            "pipeline": pl.String,
            "stage": pl.String,
            "_prob": pl.Int64,
            "_cat": pl.String,
            "_known": pl.Boolean,
        },
    )


def forecast(spec: Forecast, deals: Any, events: Any) -> dict[Key, tuple[Decimal, Decimal]]:
    pl = _pl()
    frame = deals.with_row_index("_row").join(
        _like(pl, _places(pl, spec), deals), on=["pipeline", "stage"], how="left"
    )
    bad = frame.filter(pl.col("_known").is_null())
    if bad.height:
        row = bad.sort("_row").row(0, named=True)
        problem = _rules.misfit(spec, row["id"], row["pipeline"], row["stage"], None)
        raise ValidationError.single("analytics", f"opportunities[{row['_row']}]", problem or "")
    status = pl.col("status")
    category = (
        pl.when(status == "won")
        .then(pl.lit("closed"))
        .when(status != "open")
        .then(pl.lit("omitted"))
        .otherwise(pl.col("_cat"))
    )
    chance = pl.when(status == "won").then(100).otherwise(pl.coalesce("probability", "_prob"))
    close = pl.col("expected_close").dt
    keys = [
        *_raw_keys(pl, spec),
        close.year().alias("_y"),
        close.month().alias("_m"),
        "amount_currency",
        category.alias("_c"),
    ]
    grouped = (
        frame.with_columns((pl.col("amount") * chance.cast(pl.Decimal(38, 0))).alias("_w"))
        .filter(category != "omitted")
        .group_by(keys)
        .agg(pl.len(), pl.col("amount").sum(), pl.col("_w").sum())
    )
    return _periods(spec, grouped)


def _periods(spec: Forecast, grouped: Any) -> dict[Key, tuple[Decimal, Decimal]]:
    """Months of expected close (grouped as numbers) named and merged into the periods."""
    width = len(spec.by)
    pl = _pl()
    grouped = grouped.with_columns(pl.col(c).cast(pl.String) for c in grouped.columns[:width])
    out: dict[Key, tuple[Decimal, Decimal]] = {}
    for row in grouped.iter_rows():
        year, month, currency, category = row[width : width + 4]
        label = _rules.fiscal_period(spec, year, month)
        key = (*row[:width], label, str(currency), category)
        amount, weighted = out.get(key, (Decimal(0), Decimal(0)))
        out[key] = (amount + Decimal(row[-2]), weighted + Decimal(row[-1]))
    return out
