"""Demo section: a deal blocked by its checklist, then ticked through and moved on."""

from __future__ import annotations

from datetime import datetime, timedelta

from salesflow._demo._text import say
from salesflow._demo.portfolio import Portfolio, open_deal, skipped
from salesflow.checklists import Checklist, progress, state_of, tick
from salesflow.exceptions import TransitionError
from salesflow.locales import default_catalogs
from salesflow.records import Opportunity, Stakeholder, StakeholderMap
from salesflow.stages import Pipeline
from salesflow.stages import presets as stage_presets

__all__ = ["section"]

_STAGE = "gather_data"
_MANAGER = "zhou.min"


def _tick_all(
    opp: Opportunity, checklist: Checklist, at: datetime, keys: tuple[str, ...]
) -> tuple[Opportunity, datetime]:
    for key in keys:
        item = checklist.item(key)
        at += timedelta(hours=2)
        opp = tick(
            opp,
            checklist,
            key,
            by=_MANAGER if item.role == "sales_manager" else opp.owner,
            at=at,
            evidence=f"DMS-{4100 + len(state_of(opp).trail)}" if item.evidence_required else None,
            role=item.role,
        )
    return opp, at


def section(portfolio: Portfolio, locale: str) -> list[str]:
    pipeline = stage_presets.get("complex")
    found = open_deal(portfolio, pipeline.key)
    if found is None:
        return skipped(f"open deal in the {pipeline.key!r} pipeline", locale)
    deal, at = _to_gather_data(pipeline, found, max(portfolio.as_of, found.updated_at))
    cats = default_catalogs()
    lab = cats.label
    lines = [
        say(
            "checklists.deal",
            locale,
            id=deal.id,
            name=deal.name,
            pipeline=lab(pipeline.pipeline_label_key, locale),
            stage=lab(pipeline.stage_label_key(deal.stage), locale),
        )
    ]
    at += timedelta(days=1)
    try:
        pipeline.advance(deal, at=at)
    except TransitionError as refused:
        missing = refused.unmet
    else:  # pragma: no cover - the checklist blocks this move
        missing = ()
    lines.append(cats.format("checklists.gate.blocked", locale, count=len(missing)))
    checklist = pipeline.stage(_STAGE).checklist
    assert checklist is not None
    for key in missing:
        lines.append(f"  - {lab(checklist.item(key).label_key, locale)}")
    return lines + _tick_and_move(pipeline, deal, checklist, at, locale)


def _to_gather_data(
    pipeline: Pipeline, found: Opportunity, at: datetime
) -> tuple[Opportunity, datetime]:
    """The sample deal, opened afresh in the checklist-gated pipeline, its first stages left."""
    deal = pipeline.open(
        id=found.id,
        customer_id=found.customer_id,
        owner=found.owner,
        amount=found.amount,
        at=at,
        name=found.name,
        expected_close=found.expected_close or at.date() + timedelta(days=90),
    )
    while deal.stage != _STAGE:
        checklist = pipeline.stage(deal.stage).checklist
        assert checklist is not None
        required = tuple(i.key for i in checklist.items if i.required)
        deal, at = _tick_all(deal, checklist, at, required)
        deal = pipeline.advance(deal, at=at)
    return deal, at


def _tick_and_move(
    pipeline: Pipeline, deal: Opportunity, checklist: Checklist, at: datetime, locale: str
) -> list[str]:
    cats = default_catalogs()
    lab = cats.label
    facts = {
        "stakeholders": StakeholderMap(
            opportunity_id=deal.id,
            stakeholders=[
                Stakeholder(
                    id="p-zhou", name="Zhou Heng", roles=["decision_maker"], stance="supporter"
                ),
                Stakeholder(id="p-xu", name="Xu Min", roles=["evaluator"], stance="non_supporter"),
            ],
        )
    }
    example = lab("checklists.demo.facts_example", locale)
    lines = [cats.format("checklists.demo.facts", locale, facts=example)]
    still = pipeline.can_advance(deal, context=facts).missing
    before = len(state_of(deal).trail)
    deal, at = _tick_all(deal, checklist, at, still)
    ticked = lab("checklists.demo.ticked", locale)
    for mark in state_of(deal).trail[before:]:
        item = checklist.item(mark.item)
        who = lab(f"checklists.role.{mark.role}", locale) if mark.role else mark.by
        proof = f" [{mark.evidence}]" if mark.evidence else ""
        lines.append(
            say(
                "checklists.mark",
                locale,
                ticked=ticked,
                item=lab(item.label_key, locale),
                who=who,
                proof=proof,
            )
        )
    p = progress(deal, checklist, context=facts)
    lines.append(
        cats.format(
            "checklists.progress", locale, done=p.done, applicable=p.applicable, percent=p.percent
        )
    )
    moved = pipeline.advance(deal, at=at + timedelta(hours=1), context=facts)
    lines.append(
        cats.format(
            "checklists.demo.moved",
            locale,
            stage=lab(pipeline.stage_label_key(moved.stage), locale),
        )
    )
    return lines
