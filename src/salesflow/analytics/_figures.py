"""The analytics, one public function a figure: check the input, run an engine, finish.

Every function takes the book first (a sequence of opportunities, or the
opportunities table with ``events=``), then options as keywords: ``by=``
(groupings), ``engine=`` (``"reference"``, ``"polars"`` or ``"spark"``; default:
the reference engine for a sequence, polars for a table, spark for a Spark
DataFrame) and ``min_sample=``
(below it a figure says "insufficient history").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from salesflow._checks import Checker, describe
from salesflow.analytics import _polars, _reference, _rules, _slippage, _spark
from salesflow.analytics._book import prepare
from salesflow.analytics._results import Result
from salesflow.analytics._spec import (
    MIN_SAMPLE,
    Conversion,
    Counts,
    CycleTime,
    Forecast,
    Funnel,
    Reasons,
    Slippage,
    Spec,
    Stale,
    Velocity,
    WinRate,
    grouping,
)
from salesflow.exceptions import ValidationError
from salesflow.stages import Pipeline

__all__ = [
    "conversion",
    "counts",
    "cycle_time",
    "funnel",
    "reasons",
    "stale",
    "velocity",
    "win_rate",
]

_ENGINES: dict[str, dict[type, Callable[..., Any]]] = {
    "reference": {
        Counts: _reference.counts,
        Funnel: _reference.funnel,
        Conversion: _reference.funnel,
        WinRate: _reference.win_rate,
        CycleTime: _reference.cycle_time,
        Reasons: _reference.reasons,
        Stale: _reference.stale,
        Forecast: _reference.forecast,
    },
    "polars": {
        Counts: _polars.counts,
        Funnel: _polars.funnel,
        Conversion: _polars.funnel,
        WinRate: _polars.win_rate,
        CycleTime: _polars.cycle_time,
        Reasons: _polars.reasons,
        Stale: _polars.stale,
        Forecast: _polars.forecast,
    },
    "spark": {
        Counts: _spark.counts,
        Funnel: _spark.funnel,
        Conversion: _spark.funnel,
        WinRate: _spark.win_rate,
        CycleTime: _spark.cycle_time,
        Reasons: _spark.reasons,
        Stale: _spark.stale,
        Forecast: _spark.forecast,
    },
}


def _common(check: Checker, by: object, min_sample: object) -> dict[str, Any]:
    groups = grouping(check, by)
    check.integer("min_sample", min_sample, low=0)
    return {"by": groups, "min_sample": min_sample}


def _run(check: Checker, spec: Spec, opportunities: object, events: object, engine: object) -> Any:
    name, book = prepare(check, opportunities, events, engine)
    compute = _ENGINES[name][type(spec)]
    return compute(spec, book) if name == "reference" else compute(spec, *book)


def _stages(check: Checker, pipeline: object) -> dict[str, Any]:
    if not check.instance("pipeline", pipeline, Pipeline, "a Pipeline"):
        return {"pipeline": "", "stages": ()}
    assert isinstance(pipeline, Pipeline)
    return {"pipeline": pipeline.key, "stages": pipeline.keys}


def counts(
    opportunities: object,
    *,
    events: object = None,
    by: object = None,
    engine: object = None,
) -> Result:
    """Deals and their amounts by pipeline, stage, status and currency (within each ``by`` group).

    One row per (group..., pipeline, stage, status, currency) that has a
    deal: ``deals`` (how many) and ``amount`` (their exact sum, in that
    currency: amounts of different currencies are never added).
    """
    check = Checker("counts")
    spec = Counts(**_common(check, by, MIN_SAMPLE))
    return _rules.counts(spec, _run(check, spec, opportunities, events, engine))


def funnel(
    opportunities: object,
    *,
    pipeline: Pipeline,
    events: object = None,
    by: object = None,
    engine: object = None,
) -> Result:
    """How many deals of ``pipeline`` reached each of its stages, in stage order.

    A deal *reached* a stage when its history shows it there or in any later
    stage of the pipeline: the furthest of its current stage and every
    ``from_stage`` and ``to_stage`` of its changes. A skipped stage counts
    as passed; moving back does not undo a stage reached. Deals of other
    pipelines are left out; a deal in a stage the pipeline lacks is refused.
    """
    check = Checker("funnel")
    spec = Funnel(**_common(check, by, MIN_SAMPLE), **_stages(check, pipeline))
    return _rules.funnel(spec, _run(check, spec, opportunities, events, engine))


def conversion(
    opportunities: object,
    *,
    pipeline: Pipeline,
    events: object = None,
    by: object = None,
    engine: object = None,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """From each stage of ``pipeline`` to the next: of the deals that reached it, the share
    that reached the next (as :func:`funnel` defines reached).

    ``rate`` is an exact fraction; below ``min_sample`` deals reached it is
    ``None`` and the row's note says "insufficient history".
    """
    check = Checker("conversion")
    spec = Conversion(**_common(check, by, min_sample), **_stages(check, pipeline))
    return _rules.conversion(spec, _run(check, spec, opportunities, events, engine))


def win_rate(
    opportunities: object,
    *,
    events: object = None,
    by: object = None,
    engine: object = None,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """Won deals among closed (won or lost) ones, overall or per ``by`` group.

    Open and paused deals do not count. ``by`` is a field (``owner``,
    ``pipeline``, ``stage``, ``status``, ``customer_id``, ``lead_id``), a
    custom attribute (``attributes.<key>``) or the period of creation
    (``created_at.year``, ``.quarter``, ``.month``, in UTC), or a list of them.
    """
    check = Checker("win_rate")
    spec = WinRate(**_common(check, by, min_sample))
    return _rules.win_rate(spec, _run(check, spec, opportunities, events, engine))


def _percentiles(check: Checker, percentiles: object) -> tuple[int, ...]:
    if not isinstance(percentiles, (tuple, list)) or not percentiles:
        check.add(
            "percentiles", f"expected a non-empty list of 1 to 100, got {describe(percentiles)}"
        )
        return ()
    for i, p in enumerate(percentiles):
        check.integer(f"percentiles[{i}]", p, low=1, high=100)
    check.unique("percentiles", (str(p) for p in percentiles), "percentile")
    return tuple(percentiles)


def cycle_time(
    opportunities: object,
    *,
    events: object = None,
    by: object = None,
    percentiles: Sequence[int] = (50,),
    engine: object = None,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """From creation to close of won and lost deals: per outcome and group, nearest-rank
    percentiles (``p50`` is the median).

    A deal's cycle ends at its last win or loss (a reopened deal that closed
    again counts its whole life); the ``p<k>`` of n durations is the one of
    rank ceil(k n / 100) in ascending order.
    """
    check = Checker("cycle_time")
    chosen = _percentiles(check, percentiles)
    spec = CycleTime(**_common(check, by, min_sample), percentiles=chosen)
    return _rules.cycle_time(spec, _run(check, spec, opportunities, events, engine))


def reasons(
    opportunities: object,
    *,
    events: object = None,
    by: object = None,
    engine: object = None,
) -> Result:
    """Closed deals by outcome and reason: a lost deal's ``lost_reason``, a won deal's win
    outcome (the reason of its last win, e.g. ``upgraded``; ``None`` when it gave none).
    """
    check = Checker("reasons")
    spec = Reasons(**_common(check, by, MIN_SAMPLE))
    return _rules.reasons(spec, _run(check, spec, opportunities, events, engine))


def _given(check: Checker, pipelines: object) -> tuple[Pipeline, ...]:
    given = (pipelines,) if isinstance(pipelines, Pipeline) else pipelines
    if not isinstance(given, (tuple, list)) or not given:
        check.add("pipelines", f"expected a Pipeline or a list of them, got {describe(pipelines)}")
        return ()
    out: dict[str, Pipeline] = {}
    for i, pipeline in enumerate(given):
        if check.instance(f"pipelines[{i}]", pipeline, Pipeline, "a Pipeline"):
            assert isinstance(pipeline, Pipeline)
            if pipeline.key in out:
                check.add(f"pipelines[{i}]", f"pipeline {pipeline.key!r} is given twice")
            out[pipeline.key] = pipeline
    return tuple(out.values())


def forecast(
    opportunities: object,
    *,
    pipelines: Pipeline | Sequence[Pipeline],
    period: str = "month",
    fiscal_start: int = 1,
    events: object = None,
    by: object = None,
    engine: object = None,
) -> Result:
    """Amounts by forecast category, per period of expected close and currency, weighted and
    rolled up (commit includes closed; best case includes commit; pipeline includes best case).

    A deal counts as the pipeline says (:meth:`~salesflow.stages.Pipeline.forecast_category`):
    won is ``closed`` (at 100%), lost and paused are omitted, an open deal
    takes its stage's category and its probability (the manual override,
    else the stage's default). ``period`` is ``month`` or ``quarter`` of the
    fiscal year starting in month ``fiscal_start`` (1: the calendar year).
    A deal without an expected close is in the ``None`` period.
    """
    check = Checker("forecast")
    given = _given(check, pipelines)
    if period not in ("month", "quarter"):
        check.add("period", f"{period!r} is not a period (expected month or quarter)")
    check.integer("fiscal_start", fiscal_start, low=1, high=12)
    stages = {p.key: {s.key: (s.probability, s.forecast.value) for s in p.stages} for p in given}
    spec = Forecast(
        **_common(check, by, MIN_SAMPLE), stages=stages, period=period, fiscal_start=fiscal_start
    )
    return _rules.forecast(spec, _run(check, spec, opportunities, events, engine))


def _rot_days(check: Checker, pipelines: object) -> Mapping[str, Mapping[str, int | None]]:
    given = (pipelines,) if isinstance(pipelines, Pipeline) else pipelines
    if not isinstance(given, (tuple, list)) or not given:
        check.add("pipelines", f"expected a Pipeline or a list of them, got {describe(pipelines)}")
        return {}
    out: dict[str, Mapping[str, int | None]] = {}
    for i, pipeline in enumerate(given):
        if check.instance(f"pipelines[{i}]", pipeline, Pipeline, "a Pipeline"):
            assert isinstance(pipeline, Pipeline)
            if pipeline.key in out:
                check.add(f"pipelines[{i}]", f"pipeline {pipeline.key!r} is given twice")
            out[pipeline.key] = {s.key: s.rot_days for s in pipeline.stages}
    return out


def stale(
    opportunities: object,
    *,
    pipelines: Pipeline | Sequence[Pipeline],
    at: datetime,
    events: object = None,
    by: object = None,
    engine: object = None,
) -> Result:
    """Open deals that have sat in their stage for the stage's ``rot_days`` or more at ``at``.

    The same test as :func:`salesflow.stages.is_stale`: the time since the
    deal entered its stage (pausing and resuming in place do not restart the
    clock; a reopen does). Every deal must be of one of ``pipelines`` and
    ``at`` not before its last change. Rows (group..., pipeline, stage, id,
    owner, entered_at, days) with ``entered_at`` in UTC and whole ``days``.
    """
    check = Checker("stale")
    stages = _rot_days(check, pipelines)
    if check.aware("at", at):
        spec = Stale(**_common(check, by, MIN_SAMPLE), stages=stages, at=at)
    else:
        check.fail()
    return _rules.stale(spec, _run(check, spec, opportunities, events, engine))


def velocity(
    opportunities: object,
    *,
    events: object = None,
    by: object = None,
    engine: object = None,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """Sales velocity, money a day: open deals x win rate x average won amount / average
    won cycle in days, per currency (and ``by`` group).

    The win rate is :func:`win_rate`'s and the cycle the mean of the won
    deals' cycles (as :func:`cycle_time` measures them), both over the whole
    group; deals and amounts per currency (never added across currencies).
    Below ``min_sample`` closed deals, or with nothing won in that currency,
    ``velocity`` is ``None`` ("insufficient history").
    """
    check = Checker("velocity")
    spec = Velocity(**_common(check, by, min_sample))
    name, book = prepare(check, opportunities, events, engine)
    if name == "reference":
        counted, cycles = _reference.counts(spec, book), _reference.won_cycles(spec, book)
    else:
        engine_ = _spark if name == "spark" else _polars
        counted, cycles = engine_.counts(spec, *book), engine_.won_cycles(spec, *book)
    return _rules.velocity(spec, counted, cycles)


def slippage(
    before: object,
    after: object,
    *,
    pipelines: Pipeline | Sequence[Pipeline],
    by: object = None,
    engine: object = None,
) -> Result:
    """What changed between two snapshots of a book (deals matched by id): new, removed, won,
    lost, moved forward or back, amount up or down, close date pushed or pulled.

    Rows (group..., change, currency, deals, amount), groups read from the
    after deal (the before one for ``removed``). See :mod:`._slippage` for
    each change's exact rule. Both books take either form; there is no
    columnar engine for this figure yet (``engine`` is checked, tables are
    read into deals).
    """
    check = Checker("slippage")
    given = _given(check, pipelines)
    spec = Slippage(**_common(check, by, MIN_SAMPLE), stages={p.key: p.keys for p in given})
    sides = []
    for name, book in (("before", before), ("after", after)):
        inner = Checker("slippage")
        try:
            _, deals = prepare(inner, book, None, "reference")
        except ValidationError as error:
            check.extend(name, error.problems)
            deals = ()
        sides.append(deals)
    if engine is not None and engine not in ("reference", "polars"):
        check.add("engine", f"{engine!r} is not an engine (expected one of reference, polars)")
    check.done()
    return _rules.slippage(spec, _slippage.figures(spec, *sides))
