"""Demo section: a duplicate customer found, explained, merged and the merge undone."""

from __future__ import annotations

import attrs

from salesflow._demo._text import say
from salesflow._demo.portfolio import Portfolio, skipped
from salesflow.exceptions import MissingExtraError
from salesflow.locales import default_catalogs

__all__ = ["section"]

_DEAL = "o-hengtai-line2"
#: The duplicate a colleague typed in: traditional characters, no legal form.
_VARIANT = "恆泰機械 Hengtai Machinery"


def _with_duplicate(portfolio: Portfolio, customer_id: str) -> tuple[Portfolio, str]:
    """The book with a copy of ``customer_id`` under a variant name, the deal on the copy."""
    original = next(c for c in portfolio.customers if c.id == customer_id)
    copy = attrs.evolve(original, id=f"{customer_id}-2", name=_VARIANT)
    deals = [
        attrs.evolve(o, customer_id=copy.id) if o.id == _DEAL else o
        for o in portfolio.opportunities
    ]
    book = attrs.evolve(portfolio, customers=[*portfolio.customers, copy], opportunities=deals)
    return book, copy.id


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    deal = next((o for o in portfolio.opportunities if o.id == _DEAL), None)
    if deal is None or not any(c.id == deal.customer_id for c in portfolio.customers):
        return skipped("customer with a deal to duplicate", locale)
    try:
        from salesflow.dedupe import MergeRule, SurvivorRule, find_duplicates, merge, undo

        book, copy_id = _with_duplicate(portfolio, deal.customer_id)
        found = find_duplicates(book.customers)
    except MissingExtraError:
        return [cats.label("dedupe.demo.no_extra", locale)]
    lines = [cats.format("dedupe.demo.added", locale, name=_VARIANT, id=copy_id, deal=_DEAL)]
    if not found.clusters:  # pragma: no cover - the variant is always found
        return [*lines, skipped("duplicate the matcher finds", locale)[0]]
    cluster = found.clusters[0]
    lines.extend(cluster.pairs[0].explain(locale).splitlines())
    merged, record = merge(book, cluster, rule=MergeRule(survivor=SurvivorRule.FIRST))
    lines.append(
        cats.format(
            "dedupe.demo.merged",
            locale,
            survivor=record.survivor_id,
            merged=", ".join(record.merged_ids),
        )
    )
    for r in record.repoints:
        if r.collection == "opportunities":
            lines.append(cats.format("dedupe.demo.repointed", locale, deal=r.id, customer=r.new))
    same = undo(merged, record) == book
    lines.append(
        cats.format("dedupe.demo.undone", locale, same=say("yes" if same else "no", locale))
    )
    return lines
