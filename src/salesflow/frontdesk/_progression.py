"""The intent progression sheet: every prospect whose intent is tracked, read from the book.

The front desk's third sheet lists every prospect except those of intent C (and
the unqualified, D). salesflow does not keep it as a separate sheet that
could disagree with the records: it reads the intent held on the book's
leads and customers as of a moment.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.records import Customer, Intent, Lead, LeadStatus, Portfolio

__all__ = ["TRACKED_INTENTS", "ProgressionSheet", "SheetRow", "SubjectKind", "progression_sheet"]

#: The intents the progression sheet tracks by default (all but C, and not D).
TRACKED_INTENTS: tuple[Intent, ...] = (Intent.H, Intent.A, Intent.B)


class SubjectKind(StrEnum):
    """Whether a row of the sheet is a lead or a customer."""

    LEAD = "lead"
    CUSTOMER = "customer"


@attrs.frozen(slots=True, kw_only=True)
class SheetRow:
    """One prospect on the sheet: who, whose, which intent, since when and set by whom."""

    kind: SubjectKind
    id: str
    name: str
    owner: str | None
    intent: Intent
    since: datetime
    by: str
    marks: int

    def __attrs_post_init__(self) -> None:
        check = Checker("SheetRow")
        check.enum_field(self, "kind", SubjectKind)
        check.text("id", self.id)
        check.text("name", self.name)
        check.optional_text("owner", self.owner)
        check.enum_field(self, "intent", Intent)
        check.aware("since", self.since)
        check.text("by", self.by)
        check.integer("marks", self.marks, low=1)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class ProgressionSheet:
    """The sheet as of ``at``: its rows, hottest intent first, then oldest judgement."""

    at: datetime
    rows: tuple[SheetRow, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("ProgressionSheet")
        check.aware("at", self.at)
        check.items("rows", self.rows, SheetRow, "SheetRow")
        check.done()

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the leads and customers on the sheet, in the sheet's order."""
        return tuple(r.id for r in self.rows)


def _row(record: Lead | Customer, at: datetime, intents: tuple[Intent, ...]) -> SheetRow | None:
    marks = [m for m in record.intent.marks if m.at <= at]
    if not marks or marks[-1].intent not in intents:
        return None
    latest = marks[-1]
    since = latest.at
    for m in reversed(marks):
        if m.intent is not latest.intent:
            break
        since = m.at
    if isinstance(record, Lead):
        kind, name = SubjectKind.LEAD, record.customer_name
    else:
        kind, name = SubjectKind.CUSTOMER, record.name
    return SheetRow(
        kind=kind,
        id=record.id,
        name=name,
        owner=record.owner,
        intent=latest.intent,
        since=since,
        by=latest.by,
        marks=len(marks),
    )


def progression_sheet(
    book: Portfolio, *, at: datetime, intents: tuple[Intent, ...] = TRACKED_INTENTS
) -> ProgressionSheet:
    """The leads and customers whose intent at ``at`` is one of ``intents``.

    A converted or disqualified lead is left out (a converted lead's
    customer carries its intent on).
    """
    check = Checker("progression_sheet")
    check.instance("book", book, Portfolio, "a Portfolio")
    check.aware("at", at)
    chosen: list[Intent] = []
    if check.items("intents", to_tuple(intents), object, "intents"):
        for i, value in enumerate(to_tuple(intents)):
            try:
                chosen.append(Intent(value))
            except (ValueError, TypeError):
                check.add(f"intents[{i}]", f"{value!r} is not an Intent (H, A, B, C or D)")
    check.done()
    wanted = tuple(chosen)
    rows = [
        _row(lead, at, wanted)
        for lead in book.leads
        if lead.status not in (LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED)
    ]
    rows.extend(_row(customer, at, wanted) for customer in book.customers)
    order = {intent: i for i, intent in enumerate(Intent)}
    found = sorted(
        (r for r in rows if r is not None), key=lambda r: (order[r.intent], r.since, r.id)
    )
    return ProgressionSheet(at=at, rows=tuple(found))
