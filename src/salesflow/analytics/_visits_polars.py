"""The polars engine of time in stage: the visits of :mod:`._visits`, read from the tables.

The same reading, in frame steps (each one a plain expression, so a
columnar engine of another library can mirror it step by step):

1. each deal's first place: the first event's ``from_stage`` and
   ``from_status`` (``open`` when missing), or its ``to_stage`` and
   ``to_status`` when it opens the deal, or the deal's own stage and status
   when it has no event;
2. its stays: that first place at ``created_at``, then every event at or
   before ``at`` (in row order, the history order) that lands somewhere
   else (another stage or status);
3. its visits: runs of open or paused stays in one stage. A run starts
   where the stay before is in another stage or closed (or there is none)
   and ends where the stay after is; it exits when the next stay begins,
   else it is censored at ``at``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from salesflow.analytics._polars import _keys, _pl, _text
from salesflow.analytics._spec import Spec
from salesflow.analytics._visits import Counted, add

__all__ = ["time_in_stage"]

_CLOSED = ["won", "lost"]


def _first_places(pl: Any, events: Any) -> Any:
    """Per deal id: where its history says it was before its first event."""
    opens = pl.col("from_stage").is_null()
    return events.group_by("id").agg(
        pl.when(opens)
        .then(pl.col("to_stage"))
        .otherwise(pl.col("from_stage"))
        .first()
        .alias("_s0"),
        pl.when(opens)
        .then(pl.col("to_status"))
        .otherwise(pl.col("from_status").fill_null("open"))
        .first()
        .alias("_t0"),
    )


def _before(pl: Any, name: str) -> Any:
    """``name`` of the row before, when it is of the same deal (rows sorted by deal)."""
    return pl.when(pl.col("_row") == pl.col("_row").shift(1)).then(pl.col(name).shift(1))


def _after(pl: Any, name: str) -> Any:
    """``name`` of the row after, when it is of the same deal (rows sorted by deal)."""
    return pl.when(pl.col("_row") == pl.col("_row").shift(-1)).then(pl.col(name).shift(-1))


def _stays(pl: Any, own: Any, events: Any, at: datetime) -> Any:
    """Every stay of every deal in ``own`` up to ``at``: _row (the deal), _o (order), stage,
    status, entered; sorted by deal and order.
    """
    first = own.join(_first_places(pl, events), on="id", how="left").select(
        "_row",
        pl.lit(-1, pl.Int64).alias("_o"),
        pl.coalesce("_s0", "stage").alias("_s"),
        pl.coalesce("_t0", "status").alias("_t"),
        pl.col("created_at").alias("_e"),
    )
    changes = events.filter(pl.col("at") <= pl.lit(at)).join(own.select("id", "_row"), on="id")
    changes = changes.select(
        "_row",
        pl.col("_seq").cast(pl.Int64).alias("_o"),
        pl.col("to_stage").alias("_s"),
        pl.col("to_status").alias("_t"),
        pl.col("at").alias("_e"),
    )
    steps = pl.concat([first, changes]).sort("_row", "_o")
    same = (pl.col("_s") == _before(pl, "_s")) & (pl.col("_t") == _before(pl, "_t"))
    return steps.filter(~same.fill_null(False))


def _visits(pl: Any, stays: Any, at: datetime) -> Any:
    """Per visit: _row, stage, its duration in microseconds (``_d``) and whether it exited."""
    before_s, before_t = _before(pl, "_s"), _before(pl, "_t")
    after_s, after_t = _after(pl, "_s"), _after(pl, "_t")
    starts = before_s.is_null() | (before_s != pl.col("_s")) | before_t.is_in(_CLOSED)
    ends = after_s.is_null() | (after_s != pl.col("_s")) | after_t.is_in(_CLOSED)
    marked = stays.with_columns(
        starts.alias("_a"), ends.alias("_z"), _after(pl, "_e").alias("_end")
    ).filter(~pl.col("_t").is_in(_CLOSED))
    # a visit's rows follow each other from its start: its start is the last one seen
    start = pl.when(pl.col("_a")).then(pl.col("_e")).forward_fill().alias("_start")
    visits = marked.with_columns(start).filter(pl.col("_z"))
    return visits.select(
        "_row",
        "_s",
        (pl.coalesce("_end", pl.lit(at)) - pl.col("_start")).dt.total_microseconds().alias("_d"),
        pl.col("_end").is_not_null().alias("_x"),
    )


def time_in_stage(spec: Spec, deals: Any, events: Any, at: datetime) -> Counted:
    """Every deal's visits, counted by group, pipeline and stage (as the reference engine)."""
    pl = _pl()
    at = at.astimezone(UTC)
    own = deals.filter(pl.col("created_at") <= pl.lit(at)).select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("_row"),
        _text(pl, "id").alias("id"),
        _text(pl, "pipeline").alias("_p"),
        _text(pl, "stage").alias("stage"),
        _text(pl, "status").alias("status"),
        "created_at",
        *_keys(pl, spec),
    )
    moves = events.with_row_index("_seq").select(
        "_seq",
        _text(pl, "opportunity_id").alias("id"),
        "at",
        *(_text(pl, c).alias(c) for c in ("to_stage", "to_status", "from_stage", "from_status")),
    )
    visits = _visits(pl, _stays(pl, own, moves, at), at)
    width = len(spec.by)
    by = [f"_g{i}" for i in range(width)]
    counted = (
        visits.join(own.select("_row", "_p", *by), on="_row")
        .group_by(*by, "_p", "_s", "_d", "_x")
        .agg(pl.len())
    )
    out: Counted = {}
    for row in counted.iter_rows():
        add(out, tuple(row[: width + 2]), int(row[width + 2]), bool(row[width + 3]), int(row[-1]))
    return out
