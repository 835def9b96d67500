"""Demo section: the records of the sample portfolio."""

from __future__ import annotations

from salesflow._demo.portfolio import Portfolio
from salesflow.locales import default_catalogs, enum_key
from salesflow.money import Money
from salesflow.records import OpportunityStatus

__all__ = ["section"]


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    lab = cats.label
    lines = [f"As of {portfolio.as_of.isoformat()}"]
    lines.append(f"{len(portfolio.customers)} customers:")
    for c in portfolio.customers:
        grade = c.value_grade.value if c.value_grade else "-"
        lines.append(
            f"  {c.id:<14} {c.name:<34} {lab(enum_key(c.industry), locale)}"
            f" | {lab(enum_key(c.category), locale)} | grade {grade}"
        )
    lines.append(f"{len(portfolio.leads)} leads:")
    for lead in portfolio.leads:
        owner = lead.owner or "(no owner)"
        lines.append(
            f"  {lead.id:<6} {lead.customer_name:<32} {lab(enum_key(lead.source), locale):<20}"
            f" {lab(enum_key(lead.priority), locale):<7} {owner}"
        )
    open_deals = [o for o in portfolio.opportunities if o.status is OpportunityStatus.OPEN]
    lines.append(f"{len(open_deals)} open opportunities:")
    for opp in open_deals:
        lines.append(f"  {opp.id:<20} {opp.amount!s:>18}  {opp.pipeline}/{opp.stage}")
    by_currency: dict[str, Money] = {}
    for opp in open_deals:
        cur = opp.amount.currency
        by_currency[cur] = by_currency.get(cur, Money.zero(cur)) + opp.amount
    totals = ", ".join(str(m) for m in by_currency.values()) or "nothing open"
    lines.append(f"Open pipeline (unweighted): {totals}")
    done = sum(a.is_done for a in portfolio.activities)
    lines.append(f"{len(portfolio.activities)} activities, {done} done")
    return lines
