"""Demo section: a sample deal walks the complex pipeline, its stages gated by their checklists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from salesflow._demo.portfolio import Portfolio, open_deal, skipped
from salesflow.checklists import state_of, tick
from salesflow.exceptions import TransitionError
from salesflow.locales import default_catalogs, enum_key
from salesflow.records import Opportunity
from salesflow.stages import Pipeline, cycle_time, presets, time_by_stage, timeline

__all__ = ["section"]

DEAL = "o-hengtai-line2"
_MANAGER = "zhou.min"
# when the deal leaves each stage (month, day, hour), the last one being the win
_MOVES = ((2, 9, 10), (2, 16, 15), (2, 24, 11), (3, 3, 16), (3, 9, 10), (3, 13, 15))


def _span(span: timedelta | None) -> str:
    if span is None:
        return "-"
    days, rest = divmod(int(span.total_seconds()), 86400)
    return f"{days}d {rest // 3600:02d}h"


def _tick_stage(pipeline: Pipeline, opp: Opportunity, at: datetime) -> tuple[Opportunity, int]:
    """The deal with every required item of its stage's checklist ticked, and how many."""
    checklist = pipeline.stage(opp.stage).checklist
    if checklist is None:
        return opp, 0
    count = 0
    for item in checklist.items:
        if not item.required or state_of(opp).is_done(item.key):
            continue
        manager = item.role == "sales_manager"
        opp = tick(
            opp,
            checklist,
            item.key,
            by=_MANAGER if manager else opp.owner,
            at=at,
            evidence=f"DMS-{4200 + count}" if item.evidence_required else None,
            role=item.role,
        )
        count += 1
    return opp, count


def _history(
    pipeline: Pipeline,
    opp: Opportunity,
    now: datetime,
    stage: Callable[[str | None], str],
    locale: str,
) -> list[str]:
    """The deal's history with durations, and its time by stage."""
    lab = default_catalogs().label
    lines = [f"History of {opp.id} (durations up to {now.isoformat()}):"]
    if not opp.history or opp.history[0].from_stage is not None:
        # a deal imported without its opening: show its creation
        start = opp.history[0].from_stage if opp.history else opp.stage
        start = opp.stage if start is None else start
        began = opp.history[0].at if opp.history else now
        created = lab("enum.move.open", locale)
        lines.append(
            f"  {opp.created_at:%Y-%m-%d %H:%M}  {created:<10} {'':<26} > {stage(start):<26}"
            f" {pipeline.stage(start).probability:>3}%  {_span(began - opp.created_at)}"
        )
    for change, span in timeline(opp, at=now):
        move = lab(enum_key(change.move), locale)
        lines.append(
            f"  {change.at:%Y-%m-%d %H:%M}  {move:<10} {stage(change.from_stage):<26}"
            f" > {stage(change.to_stage):<26} {change.probability_after:>3}%  {_span(span)}"
        )
    lines.append("Time by stage:")
    for key, span in time_by_stage(opp, at=now).items():
        lines.append(f"  {stage(key):<26} {_span(span)}")
    return lines


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    lab = cats.label
    pipeline = presets.get("complex")  # each stage gated by its checklist

    def stage(key: str | None) -> str:
        return "-" if key is None else lab(pipeline.stage_label_key(key), locale)

    found = open_deal(portfolio, pipeline.key, DEAL)
    if found is None:
        return skipped(f"open deal {DEAL!r} in the {pipeline.key!r} pipeline")
    opp: Opportunity = found
    tz = opp.created_at.tzinfo
    lines = [
        f"{opp.id} ({opp.name}) in {lab(pipeline.pipeline_label_key, locale)}: "
        + " > ".join(stage(k) for k in pipeline.keys),
        "(a what-if walk on a copy of the deal: the portfolio itself is unchanged)",
    ]

    def at(month: int, day: int, hour: int) -> datetime:
        return datetime(2026, month, day, hour, tzinfo=tz)

    first = at(*_MOVES[0])
    lines.append(f"A refused move (leaving {stage(opp.stage)} before its checklist is done):")
    try:
        pipeline.advance(opp, at=first, by="li.na")
    except TransitionError as exc:
        checklist = pipeline.stage(opp.stage).checklist
        assert checklist is not None
        for r in exc.reasons:
            label = lab(checklist.item(r.requirement).label_key, locale) if r.requirement else ""
            lines.append(f"  [{r.code}] {r.requirement}: {label}")

    lines.append("Each stage's required checklist items ticked, then the move:")
    for n, when in enumerate(_MOVES):
        move_at = at(*when)
        left = opp.stage
        opp, count = _tick_stage(pipeline, opp, move_at - timedelta(hours=2))
        evidence = sum(1 for m in state_of(opp).trail if m.evidence)
        if n < len(_MOVES) - 1:
            opp = pipeline.advance(opp, at=move_at, by="li.na")
        else:
            opp = pipeline.win(opp, at=move_at, by="li.na", note="contract signed")
        lines.append(
            f"  {stage(left):<26} {count} ticked ({evidence} with evidence) > {stage(opp.stage)}"
        )

    now = portfolio.as_of
    lines += _history(pipeline, opp, now, stage, locale)
    status = lab(enum_key(opp.status), locale)
    category = lab(enum_key(pipeline.forecast_category(opp)), locale)
    lines.append(
        f"{status} in {stage(opp.stage)} after {_span(cycle_time(opp))} (cycle time); "
        f"probability {pipeline.probability(opp)}%, weighted "
        f"{pipeline.weighted_amount(opp).quantize()}, forecast: {category}"
    )
    return lines
