"""Demo section: a sample deal walks the complex pipeline."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from salesflow._demo.portfolio import Portfolio
from salesflow.exceptions import TransitionError
from salesflow.locales import default_catalogs, enum_key
from salesflow.records import Opportunity
from salesflow.stages import (
    days_in_stage,
    is_stale,
    presets,
    time_by_stage,
    timeline,
)

__all__ = ["section"]

DEAL = "o-hengtai-line2"


def _span(span: timedelta | None) -> str:
    if span is None:
        return "-"
    days, rest = divmod(int(span.total_seconds()), 86400)
    return f"{days}d {rest // 3600:02d}h"


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    lab = cats.label
    pipeline = presets.get("complex")

    def stage(key: str | None) -> str:
        return "-" if key is None else lab(pipeline.stage_label_key(key), locale)

    opp: Opportunity = next(o for o in portfolio.opportunities if o.id == DEAL)
    tz = opp.created_at.tzinfo
    lines = [
        f"{opp.id} ({opp.name}) in {lab(pipeline.pipeline_label_key, locale)}: "
        + " > ".join(stage(k) for k in pipeline.keys)
    ]

    def at(month: int, day: int, hour: int) -> datetime:
        return datetime(2026, month, day, hour, tzinfo=tz)

    opp = pipeline.advance(opp, at=at(2, 9, 10), by="li.na", note="visit booked for March 10")
    opp = pipeline.advance(opp, at=at(3, 10, 17), by="li.na", note="site visit done")

    lines.append("A refused move (skipping ahead to the contract):")
    try:
        pipeline.advance(opp, "sign_contract", at=at(3, 11, 9), by="li.na")
    except TransitionError as exc:
        lines.extend(f"  [{r.code}] {r.message}" for r in exc.reasons)
    lines.append("Another (leaving the proposal stage without an expected close date):")
    check = pipeline.can_advance(attrs.evolve(opp, expected_close=None))
    lines.extend(f"  [{r.code}] {r.message}" for r in check.reasons)

    opp = pipeline.advance(opp, at=at(3, 13, 15), by="li.na", note="proposal presented")
    now = portfolio.as_of
    lines.append(f"History of {opp.id} (durations up to {now.isoformat()}):")
    spans = timeline(opp, now)
    if not opp.history or opp.history[0].from_stage is not None:
        # a deal imported without its opening: show its creation
        first = opp.history[0].at if opp.history else now
        start = opp.history[0].from_stage if opp.history else opp.stage
        start = opp.stage if start is None else start
        created = lab("enum.move.open", locale)
        lines.append(
            f"  {opp.created_at:%Y-%m-%d %H:%M}  {created:<10} {'':<26} > {stage(start):<26}"
            f" {pipeline.stage(start).probability:>3}%  {_span(first - opp.created_at)}"
        )
    for change, span in spans:
        move = lab(enum_key(change.move), locale)
        lines.append(
            f"  {change.at:%Y-%m-%d %H:%M}  {move:<10} {stage(change.from_stage):<26}"
            f" > {stage(change.to_stage):<26} {change.probability_after:>3}%  {_span(span)}"
        )
    lines.append("Time by stage:")
    for key, span in time_by_stage(opp, now).items():
        lines.append(f"  {stage(key):<26} {_span(span)}")
    stale = "stale" if is_stale(pipeline, opp, now) else "not stale"
    rot = pipeline.stage(opp.stage).rot_days
    category = lab(enum_key(pipeline.forecast_category(opp)), locale)
    lines.append(
        f"Now in {stage(opp.stage)} for {days_in_stage(opp, now)} days ({stale}; rots after "
        f"{rot} days); probability {pipeline.probability(opp)}%, weighted "
        f"{pipeline.weighted_amount(opp).quantize()}, forecast: {category}"
    )
    return lines
