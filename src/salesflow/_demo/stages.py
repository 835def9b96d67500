"""Demo section: a sample deal walks the complex pipeline, its stages gated by their checklists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from salesflow._demo._text import pad, say, span
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
    lines = [say("stages.history", locale, id=opp.id, at=now.isoformat())]
    if not opp.history or opp.history[0].from_stage is not None:
        # a deal imported without its opening: show its creation
        start = opp.history[0].from_stage if opp.history else opp.stage
        start = opp.stage if start is None else start
        began = opp.history[0].at if opp.history else now
        created = lab("enum.move.open", locale)
        lines.append(
            f"  {opp.created_at:%Y-%m-%d %H:%M}  {pad(created, 10)} {'':<26}"
            f" > {pad(stage(start), 26)}"
            f" {pipeline.stage(start).probability:>3}%  {span(began - opp.created_at, locale)}"
        )
    for change, stay in timeline(opp, at=now):
        move = lab(enum_key(change.move), locale)
        lines.append(
            f"  {change.at:%Y-%m-%d %H:%M}  {pad(move, 10)} {pad(stage(change.from_stage), 26)}"
            f" > {pad(stage(change.to_stage), 26)} {change.probability_after:>3}%"
            f"  {span(stay, locale)}"
        )
    lines.append(say("stages.time_by_stage", locale))
    for key, stay in time_by_stage(opp, at=now).items():
        lines.append(f"  {pad(stage(key), 26)} {span(stay, locale)}")
    return lines


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    lab = cats.label
    pipeline = presets.get("complex")  # each stage gated by its checklist

    def stage(key: str | None) -> str:
        return "-" if key is None else lab(pipeline.stage_label_key(key), locale)

    found = open_deal(portfolio, pipeline.key, DEAL)
    if found is None:
        return skipped(f"open deal {DEAL!r} in the {pipeline.key!r} pipeline", locale)
    opp: Opportunity = found
    tz = opp.created_at.tzinfo
    lines = [
        say(
            "stages.deal",
            locale,
            id=opp.id,
            name=opp.name,
            pipeline=lab(pipeline.pipeline_label_key, locale),
            stages=" > ".join(stage(k) for k in pipeline.keys),
        ),
        say("stages.what_if", locale),
    ]

    def at(month: int, day: int, hour: int) -> datetime:
        return datetime(2026, month, day, hour, tzinfo=tz)

    first = at(*_MOVES[0])
    lines.append(say("stages.refused", locale, stage=stage(opp.stage)))
    try:
        pipeline.advance(opp, at=first, by="li.na")
    except TransitionError as exc:
        checklist = pipeline.stage(opp.stage).checklist
        assert checklist is not None
        for r in exc.reasons:
            label = lab(checklist.item(r.requirement).label_key, locale) if r.requirement else ""
            lines.append(f"  [{r.code}] {label}")

    lines.append(say("stages.ticked_then_move", locale))
    for n, when in enumerate(_MOVES):
        move_at = at(*when)
        left = opp.stage
        opp, count = _tick_stage(pipeline, opp, move_at - timedelta(hours=2))
        evidence = sum(1 for m in state_of(opp).trail if m.evidence)
        if n < len(_MOVES) - 1:
            opp = pipeline.advance(opp, at=move_at, by="li.na")
        else:
            opp = pipeline.win(opp, at=move_at, by="li.na", note="contract signed")
        ticked = say("stages.ticked", locale, count=count, evidence=evidence)
        lines.append(f"  {pad(stage(left), 26)} {pad(ticked, 24)} > {stage(opp.stage)}")

    lines += _history(pipeline, opp, portfolio.as_of, stage, locale)
    lines.append(_outcome(pipeline, opp, stage(opp.stage), locale))
    return lines


def _outcome(pipeline: Pipeline, opp: Opportunity, stage: str, locale: str) -> str:
    """The won deal's status, cycle time, probability, weighted amount and category."""
    lab = default_catalogs().label
    return say(
        "stages.outcome",
        locale,
        status=lab(enum_key(opp.status), locale),
        stage=stage,
        cycle=span(cycle_time(opp), locale),
        probability=pipeline.probability(opp),
        weighted=pipeline.weighted_amount(opp).quantize(),
        category=lab(enum_key(pipeline.forecast_category(opp)), locale),
    )
