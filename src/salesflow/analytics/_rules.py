"""What both engines share: the figures each engine hands over, and how they become results.

An engine computes only sums and counts (and nearest-rank percentiles) per
group; the rates, the ordering, the sample floor and the money values are
made here, once, so the reference and the polars engines give identical
results by construction of everything but the counting itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from salesflow.analytics._results import INSUFFICIENT, Result
from salesflow.analytics._spec import (
    CHANGES,
    Conversion,
    Counts,
    CycleTime,
    Forecast,
    Funnel,
    Reasons,
    Slippage,
    Stale,
    Velocity,
    WinRate,
)
from salesflow.money import Money

__all__ = [
    "Key",
    "conversion",
    "counts",
    "cycle_time",
    "fiscal_period",
    "forecast",
    "funnel",
    "misfit",
    "nearest_rank",
    "period",
    "reasons",
    "slippage",
    "stale",
    "text_value",
    "velocity",
    "win_rate",
]

#: A group's key: one text (or None) per grouping.
Key = tuple[str | None, ...]


def text_value(value: object) -> str | None:
    """A custom attribute's value as a group key: text as is, true/false, whole numbers."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def period(kind: str, year: int, month: int) -> str:
    """The period of creation a UTC year and month fall in: ``2026``, ``2026-Q1``, ``2026-03``."""
    if kind == "year":
        return f"{year:04d}"
    if kind == "quarter":
        return f"{year:04d}-Q{(month - 1) // 3 + 1}"
    return f"{year:04d}-{month:02d}"


def nearest_rank(ordered: Sequence[int], p: int) -> int:
    """The ``p``-th percentile (nearest rank) of ascending ``ordered``: rank ceil(p n / 100)."""
    rank = max((p * len(ordered) + 99) // 100, 1)
    return ordered[rank - 1]


def _order(key: tuple[Any, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((v is None, "" if v is None else str(v)) for v in key)


def counts(spec: Counts, figures: Mapping[Key, tuple[int, Decimal]]) -> Result:
    """Rows (group..., pipeline, stage, status, currency, deals, amount)."""
    rows = tuple(
        (*key, n, Money(total, str(key[-1])))
        for key, (n, total) in sorted(figures.items(), key=lambda kv: _order(kv[0]))
    )
    columns = (*spec.group_columns, "pipeline", "stage", "status", "currency", "deals", "amount")
    return Result("counts", columns, rows)


def _groups(figures: Mapping[Key, int], width: int) -> list[Key]:
    return sorted({key[:width] for key in figures}, key=_order)


def funnel(spec: Funnel, figures: Mapping[Key, int]) -> Result:
    """Rows (group..., stage, reached) in the pipeline's stage order, zero where none."""
    width = len(spec.by)
    rows = tuple(
        (*group, stage, figures.get((*group, stage), 0))
        for group in _groups(figures, width)
        for stage in spec.stages
    )
    return Result("funnel", (*spec.group_columns, "stage", "reached"), rows)


def conversion(spec: Conversion, figures: Mapping[Key, int]) -> Result:
    """Rows (group..., from_stage, to_stage, reached, went_on, rate); rate None below the floor."""
    width = len(spec.by)
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for group in _groups(figures, width):
        for here, there in zip(spec.stages, spec.stages[1:], strict=False):
            n = figures.get((*group, here), 0)
            on = figures.get((*group, there), 0)
            enough = n >= max(spec.min_sample, 1)
            rows.append((*group, here, there, n, on, Fraction(on, n) if enough else None))
            notes.append(None if enough else INSUFFICIENT)
    columns = (*spec.group_columns, "from_stage", "to_stage", "reached", "went_on", "rate")
    return Result("conversion", columns, tuple(rows), tuple(notes))


def win_rate(spec: WinRate, figures: Mapping[Key, tuple[int, int]]) -> Result:
    """Rows (group..., closed, won, rate): won among won and lost; None below the floor."""
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for key, (won, lost) in sorted(figures.items(), key=lambda kv: _order(kv[0])):
        closed = won + lost
        enough = closed >= max(spec.min_sample, 1)
        rows.append((*key, closed, won, Fraction(won, closed) if enough else None))
        notes.append(None if enough else INSUFFICIENT)
    return Result(
        "win_rate", (*spec.group_columns, "closed", "won", "rate"), tuple(rows), tuple(notes)
    )


def cycle_time(spec: CycleTime, figures: Mapping[Key, tuple[int, Sequence[int]]]) -> Result:
    """Rows (group..., outcome, deals, p<k>...): durations; None below the floor.

    ``figures`` holds, per (group..., outcome), the deal count and the
    nearest-rank percentile of each of ``spec.percentiles`` in microseconds.
    """
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for key, (n, values) in sorted(figures.items(), key=lambda kv: _order(kv[0])):
        enough = n >= max(spec.min_sample, 1)
        shown = [timedelta(microseconds=v) if enough else None for v in values]
        rows.append((*key, n, *shown))
        notes.append(None if enough else INSUFFICIENT)
    columns = (*spec.group_columns, "outcome", "deals", *(f"p{p}" for p in spec.percentiles))
    return Result("cycle_time", columns, tuple(rows), tuple(notes))


def reasons(spec: Reasons, figures: Mapping[Key, tuple[int, Decimal]]) -> Result:
    """Rows (group..., outcome, reason, currency, deals, amount)."""
    rows = tuple(
        (*key, n, Money(total, str(key[-1])))
        for key, (n, total) in sorted(figures.items(), key=lambda kv: _order(kv[0]))
    )
    columns = (*spec.group_columns, "outcome", "reason", "currency", "deals", "amount")
    return Result("reasons", columns, rows)


def misfit(
    spec: Stale | Forecast, id: str, pipeline: str, stage: str, updated: datetime | None
) -> str | None:
    """Why a deal cannot be read (its pipeline or stage unknown, ``at`` too early)."""
    if pipeline not in spec.stages:
        return (
            f"deal {id!r} is in pipeline {pipeline!r}, which is not given "
            f"(expected one of {', '.join(spec.stages)})"
        )
    if stage not in spec.stages[pipeline]:
        return f"deal {id!r} is in stage {stage!r}, which pipeline {pipeline!r} does not have"
    if isinstance(spec, Stale) and updated is not None and spec.at < updated:
        return f"deal {id!r} changed after at {spec.at.isoformat()} (expected a later at)"
    return None


def stale(spec: Stale, figures: Sequence[tuple[Any, ...]]) -> Result:
    """Rows (group..., pipeline, stage, id, owner, entered_at, days), entered_at in UTC."""
    width = len(spec.by) + 5
    groups = len(spec.by)

    def order(r: tuple[Any, ...]) -> tuple[Any, ...]:
        # pipeline, stage, id and owner are always text: compared as they are
        return (_order(r[:groups]), r[groups : width - 1]) if groups else r[: width - 1]

    rows = tuple(
        (*row[: width - 1], row[-1].astimezone(UTC), (spec.at - row[-1]).days)
        for row in sorted(figures, key=order)
    )
    columns = (*spec.group_columns, "pipeline", "stage", "id", "owner", "entered_at", "days")
    return Result("stale", columns, rows)


_DAY_US = 86_400_000_000
_CENT = Decimal("0.01")


def _by_currency(
    spec: Velocity, counted: Mapping[Key, tuple[int, Decimal]]
) -> dict[Key, list[Any]]:
    """Per (group..., currency): open deals, won deals and the won amount."""
    width = len(spec.by)
    out: dict[Key, list[Any]] = {}
    for key, (n, total) in counted.items():
        group, status, currency = key[:width], key[width + 2], key[width + 3]
        here = out.setdefault((*group, currency), [0, 0, Decimal(0)])
        if status == "open":
            here[0] += n
        elif status == "won":
            here[1] += n
            here[2] += total
    return out


def velocity(
    spec: Velocity,
    counted: Mapping[Key, tuple[int, Decimal]],
    cycles: Mapping[Key, tuple[int, int]],
) -> Result:
    """Rows (group..., currency, open, win_rate, average_won, cycle_days, velocity).

    ``velocity`` is money a day: open deals x win rate x average won amount
    / average won cycle in days (win rate and cycle over the whole group,
    amounts per currency), to the cent; ``None`` below the floor of closed
    deals, or where nothing of that currency was won.
    """
    width = len(spec.by)
    closed: dict[Key, list[int]] = {}
    for key, (n, _total) in counted.items():
        status = key[width + 2]
        if status in ("won", "lost"):
            closed.setdefault(key[:width], [0, 0])[status == "lost"] += n
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for key, (n_open, won, amount) in sorted(
        _by_currency(spec, counted).items(), key=lambda kv: _order(kv[0])
    ):
        group, currency = key[:width], str(key[-1])
        w, lost = closed.get(group, [0, 0])
        n_won, cycle_us = cycles.get(group, (0, 0))
        enough = w + lost >= max(spec.min_sample, 1) and won > 0 and cycle_us > 0
        rate = Fraction(w, w + lost) if w + lost else None
        average = Money(amount / won, currency).quantize(2) if won else None
        days = Fraction(cycle_us, n_won * _DAY_US) if n_won else None
        figure = None
        if enough and rate is not None and days is not None:
            with localcontext() as ctx:
                ctx.prec = 40
                value = Decimal(n_open) * amount * rate.numerator * days.denominator
                value = value / (Decimal(won) * rate.denominator * days.numerator)
            figure = Money(value.quantize(_CENT), currency)
        cycle = timedelta(microseconds=cycle_us // n_won) if n_won else None
        rows.append((*group, currency, n_open, rate, average, cycle, figure))
        notes.append(None if figure is not None else INSUFFICIENT)
    columns = (
        *spec.group_columns,
        "currency",
        "open",
        "win_rate",
        "average_won",
        "cycle",
        "velocity",
    )
    return Result("velocity", columns, tuple(rows), tuple(notes))


#: Forecast categories, from the surest: each roll-up adds the next to those before it.
CATEGORIES = ("closed", "commit", "best_case", "pipeline")


def fiscal_period(spec: Forecast, year: int | None, month: int | None) -> str | None:
    """The period label of a close in ``year``/``month``: calendar ``2026-03``, ``2026-Q1``;
    fiscal (a year starting in another month, named by the year it ends in)
    ``FY2027-M01``, ``FY2027-Q1``. ``None`` without an expected close.
    """
    if year is None or month is None:
        return None
    start = spec.fiscal_start
    if start == 1:
        return period(spec.period, year, month)
    fy = year + 1 if month >= start else year
    index = (month - start) % 12 + 1
    if spec.period == "quarter":
        return f"FY{fy:04d}-Q{(index - 1) // 3 + 1}"
    return f"FY{fy:04d}-M{index:02d}"


def forecast(spec: Forecast, figures: Mapping[Key, tuple[Decimal, Decimal]]) -> Result:
    """Rows (group..., period, currency, closed, commit, best_case, pipeline, weighted,
    commit_total, best_case_total, pipeline_total).

    ``figures`` holds per (group..., period, currency, category) the amount
    and the amount times the probability (in percent). ``omitted`` deals
    (lost, paused) are in no column; ``weighted`` is every counted deal's
    amount times its probability. The roll-ups are cumulative: commit
    includes closed, best case includes commit, pipeline includes best case.
    """
    width = len(spec.by) + 2
    cells: dict[Key, dict[str, tuple[Decimal, Decimal]]] = {}
    for key, value in figures.items():
        cells.setdefault(key[:width], {})[str(key[width])] = value
    rows: list[tuple[Any, ...]] = []
    for key, found in sorted(cells.items(), key=lambda kv: _order(kv[0])):
        currency = str(key[-1])
        amounts = [found.get(c, (Decimal(0), Decimal(0)))[0] for c in CATEGORIES]
        weighted = sum((found.get(c, (Decimal(0), Decimal(0)))[1] for c in CATEGORIES), Decimal(0))
        totals = [sum(amounts[: k + 1], Decimal(0)) for k in range(1, 4)]
        money = [Money(v, currency) for v in (*amounts, weighted / 100, *totals)]
        rows.append((*key, *money))
    columns = (
        *spec.group_columns,
        "period",
        "currency",
        *CATEGORIES,
        "weighted",
        "commit_total",
        "best_case_total",
        "pipeline_total",
    )
    return Result("forecast", columns, tuple(rows))


def slippage(spec: Slippage, figures: Mapping[Key, tuple[int, Decimal]]) -> Result:
    """Rows (group..., change, currency, deals, amount), changes in :data:`CHANGES` order."""
    width = len(spec.by)

    def order(key: Key) -> tuple[Any, ...]:
        return (*_order(key[:width]), CHANGES.index(str(key[width])), key[-1])

    rows = tuple(
        (*key, n, Money(total, str(key[-1])))
        for key, (n, total) in sorted(figures.items(), key=lambda kv: order(kv[0]))
    )
    return Result("slippage", (*spec.group_columns, "change", "currency", "deals", "amount"), rows)
