"""De-duplication in the sales process: the prospect-list report, and new records.

:func:`dedupe_report` looks for duplicate customers on a prospect list (a
book's customers); its :class:`DedupeReport` says whether the checklist
item ``no_duplicate_customers`` is met (:attr:`DedupeReport.passed`) and
why (:meth:`DedupeReport.evidence`). :func:`check_new` tests a lead,
customer or contact against the book before it is created.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import attrs

from salesflow._checks import Checker, describe, to_tuple
from salesflow.dedupe.evidence import Cluster, MatchOutcome, PairDecision
from salesflow.dedupe.matching import (
    _candidates,
    _model,
    _pattern,
    _profiles,
    _Scorer,
    find_duplicates,
)
from salesflow.dedupe.model import Model
from salesflow.dedupe.settings import CONTACT_SETTINGS, CUSTOMER_SETTINGS, LEAD_SETTINGS, Settings
from salesflow.locales import DEFAULT_LOCALE, default_catalogs
from salesflow.records import Contact, Customer, Lead, Portfolio

__all__ = ["ITEM_KEY", "DedupeReport", "NewRecordCheck", "check_new", "dedupe_report"]

#: The checklist item a clean report satisfies.
ITEM_KEY = "no_duplicate_customers"


@attrs.frozen(slots=True, kw_only=True)
class DedupeReport:
    """Duplicates on a prospect list: the clusters to merge and the pairs to review."""

    records: int
    clusters: tuple[Cluster, ...] = attrs.field(converter=to_tuple)
    review: tuple[PairDecision, ...] = attrs.field(default=(), converter=to_tuple)
    item_key: str = ITEM_KEY

    @property
    def passed(self) -> bool:
        """True when no customer appears twice (pairs under review do not fail it)."""
        return not self.clusters

    def evidence(self, locale: str = DEFAULT_LOCALE) -> str:
        """The finding in words, for the checklist item's evidence."""
        cats = default_catalogs()
        if self.passed:
            text = cats.format("dedupe.report.clean", locale, count=self.records)
        else:
            groups = "; ".join(", ".join(c.ids) for c in self.clusters)
            text = cats.format(
                "dedupe.report.duplicates",
                locale,
                clusters=len(self.clusters),
                count=self.records,
                groups=groups,
            )
        if self.review:
            text += " " + cats.format("dedupe.report.review", locale, review=len(self.review))
        return text


def dedupe_report(
    prospects: Portfolio | Sequence[Customer],
    *,
    settings: Settings | None = None,
    model: Model | None = None,
    uscc: Mapping[str, str] | None = None,
) -> DedupeReport:
    """The duplicates among the customers of a book (or a list of customers)."""
    customers = prospects.customers if isinstance(prospects, Portfolio) else prospects
    found = find_duplicates(customers, settings=settings, model=model, uscc=uscc)
    return DedupeReport(records=len(customers), clusters=found.clusters, review=found.review)


@attrs.frozen(slots=True, kw_only=True)
class NewRecordCheck:
    """What the book already holds that looks like a new record.

    ``outcome`` is the strongest outcome found (``non_match`` when nothing
    in the book looks like it); ``matches`` are the matching and review
    pairs, strongest first, the new record on the left.
    """

    record_id: str
    outcome: MatchOutcome
    matches: tuple[PairDecision, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def is_new(self) -> bool:
        """True when nothing in the book matches (review pairs aside)."""
        return self.outcome is not MatchOutcome.MATCH

    def explain(self, locale: str = DEFAULT_LOCALE) -> str:
        cats = default_catalogs()
        ids = ", ".join(d.right for d in self.matches)
        key = {
            MatchOutcome.MATCH: "dedupe.check.duplicate",
            MatchOutcome.REVIEW: "dedupe.check.review",
            MatchOutcome.NON_MATCH: "dedupe.check.new",
        }[self.outcome]
        head = cats.format(key, locale, name=self.record_id, matches=ids)
        return "\n".join([head, *(d.explain(locale) for d in self.matches)])


def _book_side(record: object, book: object) -> tuple[Sequence[object], Settings]:
    check = Checker("check_new")
    if not isinstance(book, Portfolio):
        check.add("book", f"expected a Portfolio, got {describe(book)}")
    if not isinstance(record, (Customer, Contact, Lead)):
        check.add("record", f"expected a Customer, Contact or Lead, got {describe(record)}")
    check.done()
    assert isinstance(book, Portfolio)
    if isinstance(record, Contact):
        others: Sequence[object] = book.contacts
        chosen = CONTACT_SETTINGS
    else:
        others = book.customers
        chosen = CUSTOMER_SETTINGS if isinstance(record, Customer) else LEAD_SETTINGS
    if any(getattr(r, "id", None) == getattr(record, "id", None) for r in others):
        check.add("record.id", f"{getattr(record, 'id', None)!r} is already in the book")
    check.done()
    return others, chosen


def check_new(
    record: Customer | Contact | Lead,
    book: Portfolio,
    *,
    settings: Settings | None = None,
    model: Model | None = None,
) -> NewRecordCheck:
    """Does the book already hold ``record``? Test it before creating it.

    A customer or lead is compared with the book's customers, a contact with
    its contacts. The model is estimated from the book's own records unless
    given (the priors for a small book).
    """
    others, preset = _book_side(record, book)
    profiles, chosen = _profiles("check_new", [*others, record], None, settings or preset)
    book_pairs, _ = _candidates(profiles[:-1], chosen)
    patterns = [_pattern(profiles[i], profiles[j], chosen) for i, j in book_pairs]
    scorer = _Scorer(chosen, _model(Counter(patterns), chosen, model))
    new = len(profiles) - 1
    pairs, _ = _candidates(profiles, chosen)
    found = []
    for i, j in pairs:
        if j != new:
            continue
        decision = scorer.decision(
            profiles[j], profiles[i], _pattern(profiles[j], profiles[i], chosen)
        )
        if decision.outcome is not MatchOutcome.NON_MATCH:
            found.append(decision)
    found.sort(key=lambda d: (d.outcome is not MatchOutcome.MATCH, -d.probability, d.right))
    outcome = found[0].outcome if found else MatchOutcome.NON_MATCH
    return NewRecordCheck(record_id=profiles[new].id, outcome=outcome, matches=found)
