"""The reference engine: every analytic over a sequence of opportunities, in plain Python.

Needs no extra. Each function returns the figures :mod:`._rules` finishes;
the polars engine (:mod:`._polars`) returns the same figures from tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from salesflow.analytics import _rules
from salesflow.analytics._rules import Key
from salesflow.analytics._spec import CycleTime, Forecast, Funnel, Grouping, Spec, Stale
from salesflow.exceptions import ValidationError
from salesflow.records import Move, Opportunity, OpportunityStatus
from salesflow.stages import entered_stage_at

__all__ = [
    "counts",
    "cycle_time",
    "funnel",
    "reached",
    "reasons",
    "stale",
    "win_rate",
    "won_cycles",
]

_CLOSING = (Move.WIN, Move.LOSE)


def _value(g: Grouping, opp: Opportunity) -> str | None:
    if g.kind == "field":
        value = getattr(opp, g.name)
        return None if value is None else str(value)
    if g.kind == "attribute":
        return _rules.text_value(opp.attributes.get(g.name))
    created = opp.created_at.astimezone(UTC)
    return _rules.period(g.name, created.year, created.month)


def _key(spec: Spec, opp: Opportunity) -> Key:
    return tuple(_value(g, opp) for g in spec.by)


def counts(spec: Spec, book: Sequence[Opportunity]) -> dict[Key, tuple[int, Decimal]]:
    out: dict[Key, tuple[int, Decimal]] = {}
    for opp in book:
        key = (*_key(spec, opp), opp.pipeline, opp.stage, opp.status.value, opp.amount.currency)
        n, total = out.get(key, (0, Decimal(0)))
        out[key] = (n + 1, total + opp.amount.amount)
    return out


def reached(spec: Funnel, opp: Opportunity, i: int) -> int:
    """The furthest stage index of ``spec.pipeline`` the deal's history shows it in."""
    seen = {opp.stage}
    for change in opp.history:
        seen.add(change.to_stage)
        if change.from_stage is not None:
            seen.add(change.from_stage)
    unknown = sorted(seen.difference(spec.stages))
    if unknown:
        raise ValidationError.single(
            "analytics",
            f"opportunities[{i}]",
            f"deal {opp.id!r} was in stage {unknown[0]!r}, which pipeline "
            f"{spec.pipeline!r} does not have",
        )
    return max(spec.stages.index(s) for s in seen)


def funnel(spec: Funnel, book: Sequence[Opportunity]) -> dict[Key, int]:
    out: dict[Key, int] = {}
    for i, opp in enumerate(book):
        if opp.pipeline != spec.pipeline:
            continue
        key = _key(spec, opp)
        for stage in spec.stages[: reached(spec, opp, i) + 1]:
            out[(*key, stage)] = out.get((*key, stage), 0) + 1
    return out


def win_rate(spec: Spec, book: Sequence[Opportunity]) -> dict[Key, tuple[int, int]]:
    out: dict[Key, tuple[int, int]] = {}
    for opp in book:
        if not opp.status.is_closed:
            continue
        key = _key(spec, opp)
        won, lost = out.get(key, (0, 0))
        win = opp.status is OpportunityStatus.WON
        out[key] = (won + win, lost + (not win))
    return out


def _cycle(opp: Opportunity) -> timedelta:
    closing = [c.at for c in opp.history if c.move in _CLOSING]
    return (closing[-1] if closing else opp.updated_at) - opp.created_at


def cycle_time(spec: CycleTime, book: Sequence[Opportunity]) -> dict[Key, tuple[int, list[int]]]:
    lengths: dict[Key, list[int]] = {}
    for opp in book:
        if opp.status.is_closed:
            key = (*_key(spec, opp), opp.status.value)
            lengths.setdefault(key, []).append(_cycle(opp) // timedelta(microseconds=1))
    out: dict[Key, tuple[int, list[int]]] = {}
    for key, values in lengths.items():
        values.sort()
        out[key] = (len(values), [_rules.nearest_rank(values, p) for p in spec.percentiles])
    return out


def _reason(opp: Opportunity) -> str | None:
    if opp.status is OpportunityStatus.LOST:
        return opp.lost_reason
    wins = [c.reason for c in opp.history if c.move is Move.WIN]
    return wins[-1] if wins else None


def reasons(spec: Spec, book: Sequence[Opportunity]) -> dict[Key, tuple[int, Decimal]]:
    out: dict[Key, tuple[int, Decimal]] = {}
    for opp in book:
        if opp.status.is_closed:
            key = (*_key(spec, opp), opp.status.value, _reason(opp), opp.amount.currency)
            n, total = out.get(key, (0, Decimal(0)))
            out[key] = (n + 1, total + opp.amount.amount)
    return out


def _belongs(spec: Stale, opp: Opportunity, i: int) -> int | None:
    """The deal's stage's ``rot_days``, once the deal is known to fit ``spec``."""
    problem = _rules.misfit(spec, opp.id, opp.pipeline, opp.stage, opp.updated_at)
    if problem is not None:
        raise ValidationError.single("analytics", f"opportunities[{i}]", problem)
    return spec.stages[opp.pipeline][opp.stage]


def stale(spec: Stale, book: Sequence[Opportunity]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for i, opp in enumerate(book):
        rot = _belongs(spec, opp, i)
        if rot is None or opp.status is not OpportunityStatus.OPEN:
            continue
        entered: datetime = entered_stage_at(opp)
        if spec.at - entered >= timedelta(days=rot):
            out.append((*_key(spec, opp), opp.pipeline, opp.stage, opp.id, opp.owner, entered))
    return out


def won_cycles(spec: Spec, book: Sequence[Opportunity]) -> dict[Key, tuple[int, int]]:
    """Per group: how many deals were won and their cycles' total in microseconds."""
    out: dict[Key, tuple[int, int]] = {}
    for opp in book:
        if opp.status is OpportunityStatus.WON:
            key = _key(spec, opp)
            n, total = out.get(key, (0, 0))
            out[key] = (n + 1, total + _cycle(opp) // timedelta(microseconds=1))
    return out


def _place(spec: Forecast, opp: Opportunity) -> tuple[str, int]:
    """The deal's forecast category and probability (percent), as the pipeline gives them."""
    if opp.status is OpportunityStatus.WON:
        return "closed", 100
    if opp.status is not OpportunityStatus.OPEN:
        return "omitted", 0
    default, category = spec.stages[opp.pipeline][opp.stage]
    return category, default if opp.probability is None else opp.probability


def forecast(spec: Forecast, book: Sequence[Opportunity]) -> dict[Key, tuple[Decimal, Decimal]]:
    out: dict[Key, tuple[Decimal, Decimal]] = {}
    for i, opp in enumerate(book):
        problem = _rules.misfit(spec, opp.id, opp.pipeline, opp.stage, None)
        if problem is not None:
            raise ValidationError.single("analytics", f"opportunities[{i}]", problem)
        category, probability = _place(spec, opp)
        if category == "omitted":
            continue
        close = opp.expected_close
        label = _rules.fiscal_period(spec, *((close.year, close.month) if close else (None, None)))
        key = (*_key(spec, opp), label, opp.amount.currency, category)
        amount, weighted = out.get(key, (Decimal(0), Decimal(0)))
        out[key] = (amount + opp.amount.amount, weighted + opp.amount.amount * probability)
    return out
