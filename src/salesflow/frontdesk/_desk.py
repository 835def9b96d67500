"""The front desk's sheets as one value: the register, the cards and the daily reports."""

from __future__ import annotations

from datetime import date

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.frontdesk._cards import Card
from salesflow.frontdesk._register import Register
from salesflow.frontdesk._report import DailyReport

__all__ = ["FrontDesk"]


@attrs.frozen(slots=True, kw_only=True)
class FrontDesk:
    """The register, the customer cards and the daily reports a showroom keeps.

    Card ids are unique, and there is one report per salesperson and day.
    The intent progression sheet is not held here: it is read from the
    intent held on the book's leads and customers
    (:func:`~salesflow.frontdesk.progression_sheet`).
    """

    register: Register = attrs.field(factory=Register)
    cards: tuple[Card, ...] = attrs.field(default=(), converter=to_tuple)
    reports: tuple[DailyReport, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("FrontDesk")
        check.instance("register", self.register, Register, "a Register")
        if check.items("cards", self.cards, Card, "Card"):
            check.unique("cards", (c.id for c in self.cards), "card id")
        if check.items("reports", self.reports, DailyReport, "DailyReport"):
            seen: dict[tuple[str, date], int] = {}
            for i, r in enumerate(self.reports):
                first = seen.setdefault((r.salesperson, r.day), i)
                if first != i:
                    check.add(
                        f"reports[{i}]",
                        f"a second report of {r.salesperson!r} for {r.day} "
                        f"(the first is reports[{first}])",
                    )
        check.done()

    def report(self, salesperson: str, day: date) -> DailyReport | None:
        """The report of ``salesperson`` for ``day``, or ``None`` when none was filed."""
        check = Checker("FrontDesk.report")
        check.text("salesperson", salesperson)
        check.day("day", day)
        check.done()
        for r in self.reports:
            if r.salesperson == salesperson and r.day == day:
                return r
        return None

    def cards_of(self, subject: str) -> tuple[Card, ...]:
        """The cards held by lead or customer ``subject``."""
        check = Checker("FrontDesk.cards_of")
        check.text("subject", subject)
        check.done()
        return tuple(c for c in self.cards if subject in (c.lead_id, c.customer_id))
