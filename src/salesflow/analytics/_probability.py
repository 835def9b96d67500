"""Win probability from history: what both engines count, and the backtest on a time split.

The model (:mod:`._winmodel`) is made of counts over the closed deals of a
book. Each closed deal counts once as won or lost; for ``stage``, once for
every stage its history shows it in (its current stage and each change's
``from_stage`` and ``to_stage``): the deal's state as it was at each stage,
never only the stage it ended in. The other fields are read from the deal
(its history records only stage, status and probability).

The reference engine counts over :class:`~salesflow.Opportunity` values,
the polars engine over the ``opportunities`` and ``events`` tables; both
return the same (won, lost) totals and (field, value) -> (won, lost) counts.

The backtest splits the book at ``split``: the model is fitted on the deals
closed (last win or loss) before it; it is tested on the deals created at or
before ``split``, open then, and won or lost now, each in the state it was in
at ``split`` (the last change at or before it; without one, the first
change's ``from_stage``, or its ``to_stage``, and ``from_status``, or open;
a deal without history as it is).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import attrs

from salesflow.analytics import _reference
from salesflow.analytics._results import INSUFFICIENT
from salesflow.analytics._spec import Grouping, Spec
from salesflow.records import Move, Opportunity, OpportunityStatus

__all__ = [
    "WinSpec",
    "deal_values",
    "log_loss",
    "polars_fit",
    "polars_open",
    "polars_tested",
    "reference_fit",
    "reference_open",
    "reference_tested",
]

#: An engine's counts: (won, lost) totals and (field, value) -> (won, lost).
Counted = tuple[tuple[int, int], dict[tuple[str, str], tuple[int, int]]]
#: An open deal to predict: id, pipeline, stage and one value per model field.
Open = tuple[str, str, str, tuple[str | None, ...]]
#: A tested deal: id, pipeline, stage at the split, whether it was won, its values.
Tested = tuple[str, str, str, bool, tuple[str | None, ...]]

#: Log loss reads a probability clipped to [CLIP, 1 - CLIP] (a certain miss is not infinite).
CLIP = Fraction(1, 1000)


@attrs.frozen(slots=True, kw_only=True)
class WinSpec(Spec):
    """The fields a model counts (``keys`` as given, ``fields`` parsed) and, for a
    backtest, the deals it may learn from: those closed before ``before``.
    """

    keys: tuple[str, ...]
    fields: tuple[Grouping, ...]
    before: datetime | None = None


def deal_values(groups: Sequence[Grouping], opp: Opportunity, stage: str) -> tuple[str | None, ...]:
    """The deal's value of each model field, its stage being ``stage``."""
    return tuple(
        stage if g.kind == "field" and g.name == "stage" else _reference._value(g, opp)
        for g in groups
    )


# -- the reference engine ------------------------------------------------------


def _visited(opp: Opportunity) -> set[str]:
    seen = {opp.stage}
    for change in opp.history:
        seen.add(change.to_stage)
        if change.from_stage is not None:
            seen.add(change.from_stage)
    return seen


def _closing(opp: Opportunity) -> datetime:
    closing = [c.at for c in opp.history if c.move in (Move.WIN, Move.LOSE)]
    return closing[-1] if closing else opp.updated_at


def reference_fit(spec: WinSpec, book: Sequence[Opportunity]) -> Counted:
    won = lost = 0
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for opp in book:
        if not opp.status.is_closed or (spec.before and _closing(opp) >= spec.before):
            continue
        win = opp.status is OpportunityStatus.WON
        won, lost = won + win, lost + (not win)
        for key, g in zip(spec.keys, spec.fields, strict=True):
            if g.kind == "field" and g.name == "stage":
                values: set[str] | tuple[str | None] = _visited(opp)
            else:
                values = (_reference._value(g, opp),)
            for value in values:
                if value is not None:
                    w, lo = out.get((key, value), (0, 0))
                    out[(key, value)] = (w + win, lo + (not win))
    return (won, lost), out


def reference_open(spec: WinSpec, book: Sequence[Opportunity]) -> list[Open]:
    return [
        (o.id, o.pipeline, o.stage, deal_values(spec.fields, o, o.stage))
        for o in book
        if o.status is OpportunityStatus.OPEN
    ]


def _state_at(opp: Opportunity, at: datetime) -> tuple[str, str]:
    """The deal's (stage, status) at ``at``, as the module says."""
    past = [c for c in opp.history if c.at <= at]
    if past:
        return past[-1].to_stage, past[-1].to_status.value
    if opp.history:
        first = opp.history[0]
        status = first.from_status.value if first.from_status is not None else "open"
        return first.from_stage or first.to_stage, status
    return opp.stage, opp.status.value


def reference_tested(spec: WinSpec, book: Sequence[Opportunity], split: datetime) -> list[Tested]:
    out: list[Tested] = []
    for opp in book:
        if not opp.status.is_closed or opp.created_at > split:
            continue
        stage, status = _state_at(opp, split)
        if status == "open":
            won = opp.status is OpportunityStatus.WON
            out.append((opp.id, opp.pipeline, stage, won, deal_values(spec.fields, opp, stage)))
    return out


# -- the polars engine ---------------------------------------------------------


def _pl() -> Any:
    from salesflow.tables import _extra

    return _extra.polars()


def _text(pl: Any, name: str) -> Any:
    return pl.col(name).cast(pl.String)


def _is_stage(g: Grouping) -> bool:
    return g.kind == "field" and g.name == "stage"


def _learned(pl: Any, spec: WinSpec, deals: Any, events: Any) -> Any:
    from salesflow.analytics import _polars

    closed = deals.filter(pl.col("status").is_in(["won", "lost"])).with_columns(
        _text(pl, "id").alias("id")
    )
    if spec.before is None:
        return closed
    end = pl.coalesce("_close", "_last", "created_at")
    return _polars.closes(pl, closed, events).filter(end < pl.lit(spec.before.astimezone(UTC)))


def _stages_seen(pl: Any, closed: Any, events: Any) -> Any:
    """(id, _v): each stage each closed deal's history shows it in, once."""
    columns = [
        closed.select("id", pl.col("stage").alias("_v")),
        events.select(_text(pl, "opportunity_id").alias("id"), pl.col("to_stage").alias("_v")),
        events.select(_text(pl, "opportunity_id").alias("id"), pl.col("from_stage").alias("_v")),
    ]
    if len({c.schema["_v"] for c in columns}) > 1:  # stored as different types: as text
        columns = [c.with_columns(_text(pl, "_v")) for c in columns]
    return pl.concat(columns).drop_nulls("_v").unique()


def polars_fit(spec: WinSpec, deals: Any, events: Any) -> Counted:
    from salesflow.analytics import _polars

    pl = _pl()
    closed = _learned(pl, spec, deals, events)
    text = _polars._rows  # aggregated keys become text there
    totals = {k[0]: int(v[0]) for k, v in text(closed.group_by("status").len(), 1)}
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for key, g in zip(spec.keys, spec.fields, strict=True):
        if _is_stage(g):
            seen = _stages_seen(pl, closed, events).join(closed.select("id", "status"), on="id")
            frame = seen.group_by("_v", "status").len()
        else:
            frame = closed.group_by(_polars._raw(pl, g).alias("_v"), "status").len()
        for (value, status), (n,) in text(frame.drop_nulls("_v"), 2):
            w, lo = out.get((key, str(value)), (0, 0))
            out[(key, str(value))] = (w + n, lo) if status == "won" else (w, lo + n)
    return (totals.get("won", 0), totals.get("lost", 0)), out


def _features(pl: Any, spec: WinSpec, stage: Any) -> list[Any]:
    from salesflow.analytics import _polars

    return [
        (stage if _is_stage(g) else _polars._raw(pl, g)).alias(f"_f{i}")
        for i, g in enumerate(spec.fields)
    ]


def polars_open(spec: WinSpec, deals: Any, events: Any) -> list[Open]:
    """(Categorical columns come out of the rows as text.)"""
    pl = _pl()
    frame = deals.filter(pl.col("status") == "open").select(
        _text(pl, "id"), "pipeline", "stage", *_features(pl, spec, pl.col("stage"))
    )
    return [(r[0], r[1], r[2], tuple(r[3:])) for r in frame.iter_rows()]


def polars_tested(spec: WinSpec, deals: Any, events: Any, split: datetime) -> list[Tested]:
    pl = _pl()
    at = pl.lit(split.astimezone(UTC))
    moves = events.with_columns(_text(pl, "opportunity_id").alias("id"))
    past = (
        moves.filter(pl.col("at") <= at)
        .group_by("id", maintain_order=True)
        .agg(_text(pl, "to_stage").last().alias("_ps"), _text(pl, "to_status").last().alias("_pt"))
    )
    first = moves.group_by("id", maintain_order=True).agg(
        _text(pl, "from_stage").first().alias("_fs"),
        _text(pl, "from_status").first().alias("_ft"),
        _text(pl, "to_stage").first().alias("_ts"),
    )
    stage = pl.coalesce("_ps", "_fs", "_ts", _text(pl, "stage"))
    status = (
        pl.when(pl.col("_ps").is_not_null())
        .then(pl.col("_pt"))
        .when(pl.col("_ts").is_not_null())
        .then(pl.coalesce("_ft", pl.lit("open")))
        .otherwise(_text(pl, "status"))
    )
    frame = (
        deals.with_columns(_text(pl, "id").alias("id"))
        .filter(_text(pl, "status").is_in(["won", "lost"]) & (pl.col("created_at") <= at))
        .join(past, on="id", how="left")
        .join(first, on="id", how="left")
        .filter(status == "open")
        .select(
            "id",
            _text(pl, "pipeline"),
            stage.alias("_at"),
            _text(pl, "status") == "won",
            *_features(pl, spec, stage),
        )
    )
    return [(r[0], r[1], r[2], bool(r[3]), tuple(r[4:])) for r in frame.iter_rows()]


# -- the backtest's scores ----------------------------------------------------


def brier(pairs: Sequence[tuple[Fraction, bool]]) -> float:
    """The mean of (p - y)^2 over (probability, won) pairs (summed exactly, then rounded)."""
    return float(sum(((p - int(y)) ** 2 for p, y in pairs), Fraction(0)) / len(pairs))


def log_loss(pairs: Sequence[tuple[Fraction, bool]]) -> float:
    """The mean of -ln(p) for a won deal and -ln(1 - p) for a lost one, p clipped to
    [0.001, 0.999]; summed exactly rounded (the same whatever the order).
    """
    terms = []
    for p, y in pairs:
        clipped = min(max(p, CLIP), 1 - CLIP)
        terms.append(-math.log(clipped if y else 1 - clipped))
    return math.fsum(terms) / len(pairs)


def scores(
    tested: Sequence[Tested],
    predict: Any,
    base: Fraction | None,
    stages: Mapping[str, Mapping[str, int]],
    enough: bool,
) -> tuple[tuple[tuple[Any, ...], ...], tuple[str | None, ...]]:
    """The backtest's rows (predictor, deals, brier, log_loss) and notes."""
    names = ("model", "stage_default", "base_rate")
    if not enough or base is None:
        rows: tuple[tuple[Any, ...], ...] = tuple((name, len(tested), None, None) for name in names)
        return rows, (INSUFFICIENT,) * 3
    sets: list[list[tuple[Fraction, bool]]] = [[], [], []]
    for _id, pipeline, stage, won, values in tested:
        sets[0].append((predict(values).probability, won))
        sets[1].append((Fraction(stages[pipeline][stage], 100), won))
        sets[2].append((base, won))
    rows = tuple(
        (name, len(pairs), brier(pairs), log_loss(pairs))
        for name, pairs in zip(names, sets, strict=True)
    )
    return rows, (None, None, None)
