"""Demo section: a deal blocked by its checklist, then ticked through."""

from __future__ import annotations

from datetime import timedelta

import attrs

from salesflow._demo.portfolio import Portfolio
from salesflow.checklists import gate, presets, progress, tick
from salesflow.locales import default_catalogs
from salesflow.records import Opportunity, OpportunityStatus

__all__ = ["section"]

_STAGE = "gather_data"


def _deal(portfolio: Portfolio) -> Opportunity:
    for opp in portfolio.opportunities:
        if opp.pipeline == "complex" and opp.status is OpportunityStatus.OPEN:
            return opp
    raise LookupError("the sample portfolio has no open complex deal")


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    lab = cats.label
    preset = presets.get("complex")
    checklist = preset.checklist(_STAGE)
    # the deal has reached data gathering (its earlier stages are not shown here)
    deal = attrs.evolve(_deal(portfolio), stage=_STAGE, history=())
    at = portfolio.as_of
    lines = [
        f"{deal.id} ({deal.name}), {lab(preset.label, locale)}: {lab(checklist.label, locale)}",
    ]
    blocked = gate(deal, preset)
    lines.append(cats.format("checklists.gate.blocked", locale, count=len(blocked.unmet)))
    for item in blocked.unmet:
        lines.append(f"  - {lab(item.label, 'en')}")
        lines.append(f"    {lab(item.label, 'zh-Hans')}")
    facts = {
        "stakeholders": [
            {"role": "decision_maker", "stance": "supporter"},
            {"role": "evaluator", "stance": "non_supporter"},
        ]
    }
    example = lab("checklists.demo.facts_example", locale)
    lines.append(cats.format("checklists.demo.facts", locale, facts=example))
    for item in gate(deal, preset, facts).unmet:
        at += timedelta(hours=2)
        role = item.role
        by = "zhou.min" if role == "sales_manager" else deal.owner
        evidence = f"doc://{deal.id}/{item.key}" if item.evidence_required else None
        deal = tick(deal, preset, item.key, by=by, at=at, evidence=evidence, role=role)
        who = lab(f"checklists.role.{role}", locale) if role else by
        proof = f" [{evidence}]" if evidence else ""
        ticked = lab("checklists.demo.ticked", locale)
        lines.append(f"  {ticked}: {lab(item.label, locale)} ({who}){proof}")
    p = progress(deal, preset, facts)
    lines.append(
        cats.format(
            "checklists.progress", locale, done=p.done, applicable=p.applicable, percent=p.percent
        )
    )
    if gate(deal, preset, facts).passes:
        lines.append(lab("checklists.gate.passes", locale))
    return lines
