"""Demo section: the records of the sample portfolio."""

from __future__ import annotations

from salesflow._demo._text import pad, say
from salesflow._demo.portfolio import Portfolio
from salesflow.locales import default_catalogs, enum_key
from salesflow.money import Money
from salesflow.records import OpportunityStatus

__all__ = ["section"]


def section(portfolio: Portfolio, locale: str) -> list[str]:
    lab = default_catalogs().label
    lines = [say("records.as_of", locale, at=portfolio.as_of.isoformat())]
    lines.append(say("records.customers", locale, n=len(portfolio.customers)))
    for c in portfolio.customers:
        grade = (
            say("records.grade", locale, grade=c.value_grade.value)
            if c.value_grade
            else say("records.no_grade", locale)
        )
        lines.append(
            f"  {c.id:<14} {pad(c.name, 34)} {lab(enum_key(c.industry), locale)}"
            f" | {lab(enum_key(c.category), locale)} | {grade}"
        )
    lines.append(say("records.leads", locale, n=len(portfolio.leads)))
    for lead in portfolio.leads:
        owner = lead.owner or say("records.no_owner", locale)
        source = pad(lab(enum_key(lead.source), locale), 20)
        priority = pad(lab(enum_key(lead.priority), locale), 7)
        lines.append(f"  {lead.id:<6} {pad(lead.customer_name, 32)} {source} {priority} {owner}")
    open_deals = [o for o in portfolio.opportunities if o.status is OpportunityStatus.OPEN]
    lines.append(say("records.open_deals", locale, n=len(open_deals)))
    for opp in open_deals:
        lines.append(f"  {opp.id:<20} {opp.amount!s:>18}  {opp.pipeline}/{opp.stage}")
    by_currency: dict[str, Money] = {}
    for opp in open_deals:
        cur = opp.amount.currency
        by_currency[cur] = by_currency.get(cur, Money.zero(cur)) + opp.amount
    totals = ", ".join(str(m) for m in by_currency.values()) or say("records.nothing_open", locale)
    lines.append(say("records.open_total", locale, totals=totals))
    done = sum(a.is_done for a in portfolio.activities)
    lines.append(say("records.activities", locale, n=len(portfolio.activities), done=done))
    return lines
