"""Demo section: the Hengtai deal's stakeholder map, its gaps, its diagram and a tactical plan."""

from __future__ import annotations

from datetime import datetime, timedelta

from salesflow._demo._text import heading, joined, say
from salesflow._demo.portfolio import Portfolio, skipped
from salesflow.cadence import Team
from salesflow.locales import default_catalogs, enum_key
from salesflow.people import Stakeholder, StakeholderMap, coverage, diagram
from salesflow.plans import Action, TacticalPlan, agenda
from salesflow.records import Opportunity

__all__ = ["section"]

_DEAL = "o-hengtai-line2"


def _map(portfolio: Portfolio, deal: Opportunity) -> StakeholderMap | None:
    contacts = {c.id: c for c in portfolio.contacts}
    if "p-zhou" not in contacts or "p-xu" not in contacts:
        return None
    met = portfolio.as_of.date()
    zhou = Stakeholder(
        id="p-zhou",
        name=contacts["p-zhou"].name,
        title=contacts["p-zhou"].title,
        roles=["decision_maker", "approver"],
        stance="neutral",
        influence=5,
        owner=deal.owner,
        last_met=met - timedelta(days=40),
    )
    xu = Stakeholder(
        id="p-xu",
        name=contacts["p-xu"].name,
        title=contacts["p-xu"].title,
        roles=["evaluator"],
        stance="coach",
        influence=3,
        reports_to="p-zhou",
        influences=["p-zhou"],
        owner=deal.owner,
        last_met=met - timedelta(days=3),
    )
    return StakeholderMap(opportunity_id=deal.id, stakeholders=[zhou, xu])


def _plan(deal: Opportunity, at: datetime) -> TacticalPlan:
    return TacticalPlan(
        id="t-hengtai",
        opportunity_id=deal.id,
        actions=[
            Action(
                id="a-coach",
                what="Plan the presentation with the coach",
                owner=deal.owner,
                due=at - timedelta(days=3),
                kind="meeting",
                contacts=["p-xu"],
            ),
            Action(
                id="a-visit",
                what="Take Zhou Heng to the reference plant",
                owner=deal.owner,
                due=at + timedelta(hours=6),
                kind="reference_visit",
            ),
            Action(
                id="a-roi",
                what="Send the ROI model",
                owner=deal.owner,
                due=at + timedelta(days=7),
                kind="proposal",
            ),
        ],
    )


def section(portfolio: Portfolio, locale: str) -> list[str]:
    deal = next((o for o in portfolio.opportunities if o.id == _DEAL), None)
    found = None if deal is None else _map(portfolio, deal)
    if deal is None or found is None:
        return skipped("key-account deal with its contacts", locale)
    cats = default_catalogs()
    lab = cats.label
    at = portfolio.as_of
    lines = [heading(deal.id, locale)]
    for person in found.stakeholders:
        roles = joined([lab(enum_key(r), locale) for r in person.roles], locale)
        stance = "?" if person.stance is None else lab(enum_key(person.stance), locale)
        who = say(
            "labelled", locale, label=person.name, value=roles + say("semicolon", locale) + stance
        )
        lines.append(f"  {who}")
    lines.extend(f"  - {gap.label(locale)}" for gap in coverage(found, at=at).gaps)
    lines.extend(f"  {line}" for line in diagram(found, locale=locale).splitlines()[:4])
    team = Team(managers={deal.owner: "zhao.min"})
    for o in agenda(deal.owner, [_plan(deal, at)], at=at, team=team):
        lines.append(f"  {o.record_id:<8} {lab(enum_key(o.status), locale)} {o.due_at:%Y-%m-%d}")
    return lines
