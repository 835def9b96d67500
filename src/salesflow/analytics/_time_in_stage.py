"""Time in stage: a Kaplan-Meier estimate per stage, deals still there counted as running.

The observations are the visits of :mod:`._visits` (both engines read the
same ones); the estimate is :mod:`._km`'s, made here once from the counts
either engine hands over, so the two give identical results.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

from salesflow._checks import Checker, describe, to_tuple
from salesflow.analytics import _km, _visits
from salesflow.analytics._book import prepare
from salesflow.analytics._results import INSUFFICIENT, Result
from salesflow.analytics._rules import _order
from salesflow.analytics._spec import MIN_SAMPLE, Spec, grouping
from salesflow.analytics._visits import Counted

__all__ = ["TimeInStage", "time_in_stage", "time_in_stage_curve"]


def _percentiles(value: object) -> tuple[int, ...]:
    found: tuple[int, ...] = to_tuple(value)
    return found


@attrs.frozen(slots=True, kw_only=True)
class TimeInStage(Spec):
    """Visits to each stage, censored at ``at``: Kaplan-Meier percentiles per group and stage."""

    at: datetime
    percentiles: tuple[int, ...] = attrs.field(default=(50,), converter=_percentiles)


def _check_percentiles(check: Checker, percentiles: object) -> tuple[int, ...]:
    if not isinstance(percentiles, (tuple, list)) or not percentiles:
        check.add(
            "percentiles", f"expected a non-empty list of 1 to 100, got {describe(percentiles)}"
        )
        return ()
    for i, p in enumerate(percentiles):
        check.integer(f"percentiles[{i}]", p, low=1, high=100)
    check.unique("percentiles", (str(p) for p in percentiles), "percentile")
    return tuple(percentiles)


def _counted(
    name: str,
    opportunities: object,
    *,
    at: object,
    events: object,
    by: object,
    percentiles: object,
    engine: object,
    min_sample: object,
) -> tuple[TimeInStage, Counted]:
    check = Checker(name)
    groups = grouping(check, by)
    check.integer("min_sample", min_sample, low=0)
    chosen = _check_percentiles(check, percentiles)
    aware = check.aware("at", at)
    kind, book = prepare(check, opportunities, events, engine)
    assert aware
    assert isinstance(at, datetime)
    assert isinstance(min_sample, int)
    spec = TimeInStage(by=groups, min_sample=min_sample, at=at, percentiles=chosen)
    if kind == "reference":
        return spec, _visits.time_in_stage(spec, book, at)
    from salesflow.analytics import _visits_polars

    deals, moves = book
    return spec, _visits_polars.time_in_stage(spec, deals, moves, at)


def summary(spec: TimeInStage, counted: Counted) -> Result:
    """Rows (group..., pipeline, stage, visits, exits, censored, p<k>...); None below the floor.

    A ``p<k>`` is also None where the estimate never falls that far.
    """
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for key, cells in sorted(counted.items(), key=lambda kv: _order(kv[0])):
        counts = {d: (c[0], c[1]) for d, c in cells.items()}
        visits = sum(e + c for e, c in counts.values())
        exits = sum(e for e, _c in counts.values())
        enough = visits >= max(spec.min_sample, 1)
        found = (
            _km.percentiles(counts, spec.percentiles) if enough else [None] * len(spec.percentiles)
        )
        shown = [None if d is None else timedelta(microseconds=d) for d in found]
        rows.append((*key, visits, exits, visits - exits, *shown))
        notes.append(None if enough else INSUFFICIENT)
    columns = (
        *spec.group_columns,
        "pipeline",
        "stage",
        "visits",
        "exits",
        "censored",
        *(f"p{p}" for p in spec.percentiles),
    )
    return Result("time_in_stage", columns, tuple(rows), tuple(notes))


def curve(spec: TimeInStage, counted: Counted) -> Result:
    """Rows (group..., pipeline, stage, duration, at_risk, exits, censored, survival)."""
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for key, cells in sorted(counted.items(), key=lambda kv: _order(kv[0])):
        steps = _km.estimate({d: (c[0], c[1]) for d, c in cells.items()})
        enough = steps[0].at_risk >= max(spec.min_sample, 1)
        for s in steps:
            survival = s.survival if enough else None
            rows.append(
                (*key, timedelta(microseconds=s.duration), s.at_risk, s.exits, s.censored, survival)
            )
            notes.append(None if enough else INSUFFICIENT)
    columns = (
        *spec.group_columns,
        "pipeline",
        "stage",
        "duration",
        "at_risk",
        "exits",
        "censored",
        "survival",
    )
    return Result("time_in_stage_curve", columns, tuple(rows), tuple(notes))


def time_in_stage(
    opportunities: object,
    *,
    at: datetime,
    events: object = None,
    by: object = None,
    percentiles: Sequence[int] = (50,),
    engine: object = None,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """How long deals stay in each stage, deals still there counted as running (Kaplan-Meier).

    Each *visit* to a stage (see :mod:`salesflow.analytics._visits`) is an
    observation: it *exits* when the deal moves to another stage or is won
    or lost, and is *censored* at ``at`` while the deal is still there, open
    or paused. Per (group..., pipeline, stage): ``visits``, ``exits``,
    ``censored`` and, per percentile ``k``, ``p<k>``: the first duration at
    which the Kaplan-Meier estimate of the share still in the stage falls to
    ``1 - k / 100`` or below (``p50`` is the median; ``None`` if it never
    does). Below ``min_sample`` visits every ``p<k>`` is None and the note
    says "insufficient history".
    """
    spec, counted = _counted(
        "time_in_stage",
        opportunities,
        at=at,
        events=events,
        by=by,
        percentiles=percentiles,
        engine=engine,
        min_sample=min_sample,
    )
    return summary(spec, counted)


def time_in_stage_curve(
    opportunities: object,
    *,
    at: datetime,
    events: object = None,
    by: object = None,
    engine: object = None,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """The whole Kaplan-Meier curve of :func:`time_in_stage`, one row a distinct duration.

    Per (group..., pipeline, stage), in ascending ``duration``: how many
    visits were ``at_risk`` (lasted that long or longer), how many
    ``exits`` and ``censored`` visits ended there, and the exact
    ``survival`` just after it. Below ``min_sample`` visits ``survival``
    is None ("insufficient history").
    """
    spec, counted = _counted(
        "time_in_stage_curve",
        opportunities,
        at=at,
        events=events,
        by=by,
        percentiles=(50,),
        engine=engine,
        min_sample=min_sample,
    )
    return curve(spec, counted)
