"""Demo section: score the sample leads, customers and deals, and explain the weakest deal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from salesflow._demo._text import heading, joined, pad, say
from salesflow._demo.portfolio import Portfolio
from salesflow.locales import default_catalogs
from salesflow.money import Money
from salesflow.records import Opportunity, OpportunityStatus
from salesflow.scoring import US, AssessmentHistory, ScoreResult, presets
from salesflow.scoring.presets import RWW20_QUESTIONS

__all__ = ["section"]

# What the salespeople noted when they qualified the leads and met the customers:
# facts the records do not hold. A scorecard reads a plain mapping as well as a record.
_LEAD_NOTES: dict[str, dict[str, Any]] = {
    "l-001": {"industry_fit": "good", "need_clarity": "clear", "budget": Money(1_200_000, "CNY")},
    "l-002": {"industry_fit": "partial", "need_clarity": "vague"},
    "l-003": {"industry_fit": "partial", "need_clarity": "clear", "budget": Money(600_000, "CNY")},
    "l-004": {"industry_fit": "poor", "need_clarity": "vague", "budget": Money(0, "CNY")},
}
_CUSTOMER_NOTES: dict[str, dict[str, Any]] = {
    "c-hengtai": {
        "strategic_fit": "high",
        "decision_chain_complexity": "moderate",
        "payment_record": "on_time",
    },
    "c-lanshan": {"strategic_fit": "medium", "decision_chain_complexity": "complex"},
    "c-qingyun": {"strategic_fit": "low", "decision_chain_complexity": "simple"},
    "c-northwind": {
        "strategic_fit": "medium",
        "decision_chain_complexity": "moderate",
        "payment_record": "late_recovered",
    },
    "c-jinhe": {"strategic_fit": "low", "payment_record": "defaulted"},
}
# The 20-criterion sheet for the Hengtai deal: the criteria marked + for us and for
# a competitor, at two dates (the sheet is filled in over time).
_RWW20_SHEET: list[tuple[int, str, int]] = [
    (0, US, 11),
    (0, "acme", 13),
    (21, US, 16),
    (21, "acme", 12),
]


def section(portfolio: Portfolio, locale: str) -> list[str]:
    lines = _leads(portfolio, locale) + _customers(portfolio, locale)
    deal_lines, weakest = _deals(portfolio, locale)
    lines += deal_lines
    if weakest is not None:
        lines += _why_weak(*weakest, locale)
    if any(o.id == "o-hengtai-line2" for o in portfolio.opportunities):
        lines += _rww20_sheet(portfolio, locale)  # the sample deal's 20-criterion sheets
    return lines


def _leads(portfolio: Portfolio, locale: str) -> list[str]:
    priority = presets.get("lead_priority")
    lines = [heading(default_catalogs().label("scorecard.lead_priority", locale), locale)]
    for lead in portfolio.leads:
        result = priority.evaluate(_LEAD_NOTES.get(lead.id, {}))
        lines.append(f"  {lead.id:<6} {pad(lead.customer_name, 32)} {result.summary(locale)}")
    return lines


def _customers(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    lab = cats.label
    value = presets.get("customer_value_grade")
    credit = presets.get("credit_rating")
    title = (
        lab("scorecard.customer_value_grade", locale)
        + " / "
        + lab("scorecard.credit_rating", locale)
    )
    lines = [heading(title, locale)]
    for customer in portfolio.customers:
        open_deals = [
            o.amount
            for o in portfolio.opportunities
            if o.customer_id == customer.id and o.status is OpportunityStatus.OPEN
        ]
        notes = _CUSTOMER_NOTES.get(customer.id, {})
        facts = {
            "characteristics": customer.characteristics,
            "expected_purchase": sum(open_deals, Money.zero("CNY")) if open_deals else None,
            **notes,
        }
        grade = value.evaluate(facts)
        rating = credit.evaluate(notes)
        no_record = lab("scoring.demo.no_record", locale)
        follow = cats.format(
            "scoring.demo.follow_up", locale, days=grade.band_data["follow_up_every_days"]
        )
        lines.append(
            f"  {customer.id:<12} {joined([grade.band_label(locale), follow], locale)}"
            f" | {no_record if rating.unknown else rating.band_label(locale)}"
        )
    return lines


def _deals(
    portfolio: Portfolio, locale: str
) -> tuple[list[str], tuple[Opportunity, ScoreResult] | None]:
    lab = default_catalogs().label
    three = presets.get("three_dimension")
    bant = presets.get("bant")
    intent = presets.get("purchase_intent")
    title = (
        lab("scorecard.three_dimension", locale)
        + " / BANT / "
        + lab("scorecard.purchase_intent", locale)
    )
    lines = [heading(title, locale)]
    weakest: tuple[Opportunity, ScoreResult] | None = None
    for opp in portfolio.opportunities:
        if opp.status is not OpportunityStatus.OPEN:
            continue
        assessed = three.evaluate(opp)
        qualified = bant.evaluate(opp)
        missing = presets.bant_missing(qualified) or "-"
        wish = intent.evaluate(opp, at=portfolio.as_of)
        lines.append(
            f"  {opp.id:<20} {assessed.band_label(locale)} | {qualified.band_label(locale)}"
            f" ({missing}) | {wish.band_label(locale)}"
        )
        if weakest is None or assessed.total < weakest[1].total:
            weakest = (opp, assessed)
    return lines, weakest


def _why_weak(opp: Opportunity, assessed: ScoreResult, locale: str) -> list[str]:
    cats = default_catalogs()
    lab = cats.label
    three = presets.get("three_dimension")
    lines = [
        cats.format(
            "scoring.demo.why_weak",
            locale,
            deal=opp.name or opp.id,
            band=assessed.band_label(locale),
        )
    ]
    lines.extend(f"  {r}" for r in assessed.reasons(locale))
    recommend = assessed.band_data.get("recommend")
    if recommend:
        lines.append("  -> " + lab(f"recommend.{recommend}", locale))
    lift = assessed.lift(to="strong")
    if lift is None:
        return lines
    lines.append(
        cats.format(
            "scoring.demo.to_strong",
            locale,
            band=lab(three.band_label_key("strong"), locale),
            criteria="",
        ).rstrip()
    )
    for step in lift.steps:
        change = (
            f"{three.level_text(step.key, step.from_level, locale=locale)} -> "
            f"{three.level_text(step.key, step.to_level, locale=locale)} (+{step.gain})"
        )
        label = lab(three.criterion_label_key(step.key), locale)
        lines.append("  " + say("labelled", locale, label=label, value=change))
    return lines


def _rww20_sheet(portfolio: Portfolio, locale: str) -> list[str]:
    at = portfolio.as_of
    rww = presets.get("rww20")
    keys = [k for ks in RWW20_QUESTIONS.values() for k in ks]
    history = AssessmentHistory(scorecard="rww20")
    for day, party, pluses in _RWW20_SHEET:
        marks = {k: i < pluses for i, k in enumerate(keys)}
        history = history.record(party, rww.evaluate(marks), at=at - timedelta(days=21 - day))
    sheet = default_catalogs().label("scorecard.rww20", locale)
    lines = [heading(say("named", locale, what=sheet, id="o-hengtai-line2"), locale)]
    for party in history.parties:
        series = ", ".join(
            f"{a.at.date().isoformat()} {a.result.total}" for a in history.series(party)
        )
        change = history.change(party)
        delta = f"{change.delta:+}" if change is not None else ""
        name = say("scoring.party.us", locale) if party == US else party
        lines.append(f"  {pad(name, 6)} {series}  ({delta})")
    return lines
