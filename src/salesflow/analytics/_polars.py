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


def _text(pl: Any, name: str) -> Any:
    return pl.col(name).cast(pl.String)


def _rows(frame: Any, width: int) -> list[tuple[Key, tuple[Any, ...]]]:
    """Each aggregated row as (group key, figures); a group of no deals is no row.

    (polars aggregates an empty frame grouped by nothing into one row of zeros.)
    """
    return [
        (tuple(row[:width]), tuple(row[width:]))
        for row in frame.iter_rows()
        if width or row[width]  # the first figure is a count
    ]


def counts(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, Decimal]]:
    pl = _pl()
    names = ("pipeline", "stage", "status", "amount_currency")
    keys = [*_keys(pl, spec), *(_text(pl, n) for n in names)]
    frame = deals.group_by(keys).agg(pl.len(), pl.col("amount").sum())
    width = len(spec.by) + len(names)
    return {k: (int(v[0]), Decimal(v[1])) for k, v in _rows(frame, width)}


def _unknown(spec: Funnel, seen: Any, pl: Any) -> None:
    bad = seen.filter(pl.col("_k").is_null()).sort("_row", "_s")
    if bad.height:
        row = bad.row(0, named=True)
        raise ValidationError.single(
            "analytics",
            f"opportunities[{row['_row']}]",
            f"deal {row['id']!r} was in stage {row['_s']!r}, which pipeline "
            f"{spec.pipeline!r} does not have",
        )


def funnel(spec: Funnel, deals: Any, events: Any) -> dict[Key, int]:
    pl = _pl()
    own = deals.with_row_index("_row").filter(pl.col("pipeline").cast(pl.String) == spec.pipeline)
    own = own.select("_row", _text(pl, "id").alias("id"), *_keys(pl, spec), _text(pl, "stage"))
    moves = events.select(_text(pl, "opportunity_id").alias("id"), "to_stage", "from_stage")
    places = pl.concat(
        [
            own.select("id", pl.col("stage").alias("_s")),
            moves.select("id", _text(pl, "to_stage").alias("_s")),
            moves.select("id", _text(pl, "from_stage").alias("_s")),
        ]
    ).drop_nulls("_s")
    index = {s: i for i, s in enumerate(spec.stages)}
    seen = (
        own.select("_row", "id")
        .join(places, on="id")
        .with_columns(
            pl.col("_s").replace_strict(index, default=None, return_dtype=pl.Int64).alias("_k")
        )
    )
    _unknown(spec, seen, pl)
    furthest = seen.group_by("id").agg(pl.col("_k").max())
    width = len(spec.by)
    by = [f"_g{i}" for i in range(width)]
    frame = own.join(furthest, on="id").group_by([*by, "_k"]).agg(pl.len())
    out: dict[Key, int] = {}
    for key, (n,) in _rows(frame, width + 1):
        for stage in spec.stages[: int(key[-1]) + 1]:  # type: ignore[arg-type]
            out[(*key[:-1], stage)] = out.get((*key[:-1], stage), 0) + int(n)
    return out


def _closed(pl: Any, deals: Any) -> Any:
    return deals.filter(pl.col("status").cast(pl.String).is_in(["won", "lost"]))


def win_rate(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, int]]:
    pl = _pl()
    won = pl.col("status").cast(pl.String) == "won"
    frame = (
        _closed(pl, deals)
        .group_by(_keys(pl, spec))
        .agg(pl.len(), won.sum().alias("won"), (~won).sum().alias("lost"))
    )
    return {k: (int(v[1]), int(v[2])) for k, v in _rows(frame, len(spec.by))}


def _ends(pl: Any, events: Any) -> Any:
    closing = pl.col("move").cast(pl.String).is_in(["win", "lose"])
    return events.group_by(_text(pl, "opportunity_id").alias("id")).agg(
        pl.col("at").filter(closing).max().alias("_close"), pl.col("at").max().alias("_last")
    )


def _cycles(pl: Any, closed: Any, events: Any) -> Any:
    closed = closed.with_columns(_text(pl, "id").alias("id"))
    end = pl.coalesce("_close", "_last", "created_at")
    return closed.join(_ends(pl, events), on="id", how="left").with_columns(
        (end - pl.col("created_at")).dt.total_microseconds().alias("_d")
    )


def won_cycles(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, int]]:
    pl = _pl()
    won = deals.filter(_text(pl, "status") == "won")
    frame = _cycles(pl, won, events).group_by(_keys(pl, spec)).agg(pl.len(), pl.col("_d").sum())
    return {k: (int(v[0]), int(v[1])) for k, v in _rows(frame, len(spec.by))}


def cycle_time(spec: CycleTime, deals: Any, events: Any) -> dict[Key, tuple[int, list[int]]]:
    pl = _pl()
    frame = _cycles(pl, _closed(pl, deals), events)
    n = pl.len().cast(pl.Int64)
    ranks = [
        pl.col("_d").sort().get(((n * p + 99) // 100).clip(1) - 1).alias(f"_p{p}")
        for p in spec.percentiles
    ]
    grouped = frame.group_by([*_keys(pl, spec), _text(pl, "status")]).agg(n.alias("_n"), *ranks)
    width = len(spec.by) + 1
    return {k: (int(v[0]), [int(x) for x in v[1:]]) for k, v in _rows(grouped, width)}


def reasons(spec: Spec, deals: Any, events: Any) -> dict[Key, tuple[int, Decimal]]:
    pl = _pl()
    wins = (
        events.filter(pl.col("move").cast(pl.String) == "win")
        .group_by(_text(pl, "opportunity_id").alias("id"), maintain_order=True)
        .agg(pl.col("reason").last().alias("_won"))
    )
    closed = _closed(pl, deals).with_columns(_text(pl, "id").alias("id"))
    status = _text(pl, "status")
    reason = pl.when(status == "lost").then(_text(pl, "lost_reason")).otherwise(pl.col("_won"))
    keys = [*_keys(pl, spec), status, reason.alias("_r"), _text(pl, "amount_currency")]
    frame = (
        closed.join(wins, on="id", how="left").group_by(keys).agg(pl.len(), pl.col("amount").sum())
    )
    width = len(spec.by) + 3
    return {k: (int(v[0]), Decimal(v[1])) for k, v in _rows(frame, width)}


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


def _entries(pl: Any, events: Any) -> Any:
    """Per deal: its last change (``_last``) and the last that entered a stage (``_entered``).

    A change enters when it opens the deal, changes its stage, or reopens it.
    """
    entering = (
        pl.col("from_stage").is_null()
        | (_text(pl, "from_stage") != _text(pl, "to_stage"))
        | _text(pl, "from_status").is_in(["won", "lost"])
    )
    return events.group_by(_text(pl, "opportunity_id").alias("id")).agg(
        pl.col("at").max().alias("_last"), pl.col("at").filter(entering).max().alias("_entered")
    )


def _misfits(spec: Stale, frame: Any, pl: Any) -> None:
    known = set(spec.stages)
    bad = frame.filter(
        ~pl.col("pipeline").is_in(list(known))
        | pl.col("_known").is_null()
        | (pl.col("_updated") > pl.lit(spec.at.astimezone(UTC)))
    )
    if bad.height:
        row = bad.sort("_row").row(0, named=True)
        problem = _rules.misfit(spec, row["id"], row["pipeline"], row["stage"], row["_updated"])
        raise ValidationError.single("analytics", f"opportunities[{row['_row']}]", problem or "")


def stale(spec: Stale, deals: Any, events: Any) -> list[tuple[object, ...]]:
    pl = _pl()
    frame = (
        deals.with_row_index("_row")
        .with_columns(*(_text(pl, n).alias(n) for n in ("id", "pipeline", "stage", "owner")))
        .join(_entries(pl, events), on="id", how="left")
        .join(_rot(pl, spec), on=["pipeline", "stage"], how="left")
        .with_columns(pl.coalesce("_last", "created_at").alias("_updated"))
    )
    _misfits(spec, frame, pl)
    entered = pl.coalesce("_entered", "created_at")
    found = frame.filter(
        (_text(pl, "status") == "open")
        & pl.col("_rot").is_not_null()
        & (pl.lit(spec.at.astimezone(UTC)) - entered >= pl.duration(days=pl.col("_rot")))
    ).select(*_keys(pl, spec), "pipeline", "stage", "id", "owner", entered.alias("_e"))
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


def _period(pl: Any, spec: Forecast) -> Any:
    close = pl.col("expected_close").dt
    y, m = close.year().cast(pl.Int64), close.month().cast(pl.Int64)
    start = spec.fiscal_start
    if start == 1:
        index, year, head = m, y, ""
    else:
        index = (m - start + 12) % 12 + 1
        year, head = pl.when(m >= start).then(y + 1).otherwise(y), "FY"
    text = year.cast(pl.String).str.zfill(4)
    if spec.period == "quarter":
        return pl.concat_str(
            pl.lit(head), text, pl.lit("-Q"), ((index - 1) // 3 + 1).cast(pl.String)
        )
    mark = "-M" if head else "-"
    return pl.concat_str(pl.lit(head), text, pl.lit(mark), index.cast(pl.String).str.zfill(2))


def forecast(spec: Forecast, deals: Any, events: Any) -> dict[Key, tuple[Decimal, Decimal]]:
    pl = _pl()
    frame = (
        deals.with_row_index("_row")
        .with_columns(*(_text(pl, n).alias(n) for n in ("id", "pipeline", "stage")))
        .join(_places(pl, spec), on=["pipeline", "stage"], how="left")
    )
    bad = frame.filter(pl.col("_known").is_null())
    if bad.height:
        row = bad.sort("_row").row(0, named=True)
        problem = _rules.misfit(spec, row["id"], row["pipeline"], row["stage"], None)
        raise ValidationError.single("analytics", f"opportunities[{row['_row']}]", problem or "")
    status = _text(pl, "status")
    category = (
        pl.when(status == "won")
        .then(pl.lit("closed"))
        .when(status != "open")
        .then(pl.lit("omitted"))
        .otherwise(pl.col("_cat"))
    )
    chance = pl.when(status == "won").then(100).otherwise(pl.coalesce("probability", "_prob"))
    keys = [
        *_keys(pl, spec),
        _period(pl, spec).alias("_period"),
        _text(pl, "amount_currency"),
        category.alias("_c"),
    ]
    grouped = (
        frame.with_columns((pl.col("amount") * chance.cast(pl.Decimal(38, 0))).alias("_w"))
        .filter(category != "omitted")
        .group_by(keys)
        .agg(pl.len(), pl.col("amount").sum(), pl.col("_w").sum())
    )
    width = len(spec.by) + 3
    return {k: (Decimal(v[1]), Decimal(v[2])) for k, v in _rows(grouped, width)}
