"""The daily activity report: what one salesperson did today and plans for tomorrow.

The front desk's fourth sheet and the visit plan sheet. A :class:`DailyReport`
holds the day's :class:`ReportItem` entries (receptions, follow-ups, visits,
calls), tomorrow's :class:`PlanItem` entries and the day's summary. A visit
states its purpose (:class:`VisitPurpose`, or a team's own key); it counts
as effective only when that purpose was met. Several people of one customer
met together make one entry (list them in ``people``), never several.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.records import Intent

__all__ = ["DailyReport", "EntryKind", "PlanItem", "ReportItem", "VisitPurpose"]


class VisitPurpose(StrEnum):
    """Why a salesperson visits a customer (the usual visit purposes).

    A team adds its own purposes as keys (see
    :attr:`~salesflow.frontdesk.ConsistencyRules.purposes`).
    """

    NEW_PRODUCT_LAUNCH = "new_product_launch"
    SIGNAGE = "signage"
    EVENTS = "events"
    OUTLET_DEVELOPMENT = "outlet_development"
    AFTER_SALES = "after_sales"
    SELLER_TRAINING = "seller_training"
    RECEIVABLES = "receivables"
    RELATIONSHIP = "relationship"
    OBJECTIONS = "objections"
    CONTRACT_NEGOTIATION = "contract_negotiation"
    MARKET_RESEARCH = "market_research"


class EntryKind(StrEnum):
    """What an entry of the report is."""

    RECEPTION = "reception"
    FOLLOW_UP = "follow_up"
    VISIT = "visit"
    CALL = "call"
    OTHER = "other"


def _purpose(value: object) -> object:
    return value.value if isinstance(value, VisitPurpose) else value


def _check_entry(check: Checker, entry: ReportItem | PlanItem) -> None:
    check.aware("at", entry.at)
    check.enum_field(entry, "kind", EntryKind)
    check.optional_text("subject", entry.subject)
    if check.items("people", entry.people, str, "names"):
        for i, person in enumerate(entry.people):
            check.text(f"people[{i}]", person)
    if entry.purpose is not None:
        check.key("purpose", entry.purpose)


@attrs.frozen(slots=True, kw_only=True)
class ReportItem:
    """One thing done today: when, what kind, with whom, what for, and how it went.

    ``subject`` is the lead or customer id; ``people`` the people met (several
    people of one customer met together are one entry). ``purpose`` is a
    :class:`VisitPurpose` value or a team's own key; ``purpose_met`` whether it
    was achieved. ``result`` and ``intent_after`` give the outcome.
    """

    at: datetime
    kind: EntryKind
    subject: str | None = None
    people: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    purpose: str | None = attrs.field(default=None, converter=_purpose)
    purpose_met: bool = False
    result: str = ""
    intent_after: Intent | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("ReportItem")
        _check_entry(check, self)
        check.instance("purpose_met", self.purpose_met, bool, "true or false")
        if self.purpose_met is True and self.purpose is None:
            check.add("purpose_met", "a purpose was met, but none is given (set purpose)")
        check.text("result", self.result, allow_empty=True)
        check.enum_field(self, "intent_after", Intent, optional=True)
        check.done()

    @property
    def is_effective(self) -> bool:
        """A visit whose purpose was met (only such a visit counts)."""
        return self.kind is EntryKind.VISIT and self.purpose is not None and self.purpose_met


@attrs.frozen(slots=True, kw_only=True)
class PlanItem:
    """One thing planned for tomorrow: when, what kind, with whom, what for."""

    at: datetime
    kind: EntryKind
    subject: str | None = None
    people: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    purpose: str | None = attrs.field(default=None, converter=_purpose)

    def __attrs_post_init__(self) -> None:
        check = Checker("PlanItem")
        _check_entry(check, self)
        check.done()


def _check_days(check: Checker, report: DailyReport) -> None:
    for i, item in enumerate(report.done):
        if item.at.date() != report.day:
            check.add(
                f"done[{i}].at", f"{item.at.isoformat()} is not on the report's day {report.day}"
            )
    for i, plan in enumerate(report.plan):
        if plan.at.date() <= report.day:
            check.add(
                f"plan[{i}].at",
                f"{plan.at.isoformat()} is not after the report's day {report.day} "
                "(the plan is for the days ahead)",
            )


def _check_one_entry_per_meeting(check: Checker, report: DailyReport) -> None:
    seen: dict[tuple[str, datetime], int] = {}
    for i, item in enumerate(report.done):
        if item.kind is not EntryKind.VISIT or item.subject is None:
            continue
        first = seen.setdefault((item.subject, item.at), i)
        if first != i:
            check.add(
                f"done[{i}]",
                f"a second entry for the visit to {item.subject!r} at {item.at.isoformat()} "
                f"(people of one customer met together are one entry: add them to "
                f"done[{first}].people)",
            )


@attrs.frozen(slots=True, kw_only=True)
class DailyReport:
    """One salesperson's report of one day: what was done, tomorrow's plan, the summary.

    Every done entry is on ``day`` (its own offset's date); every plan entry
    after it.
    """

    salesperson: str
    day: date
    done: tuple[ReportItem, ...] = attrs.field(default=(), converter=to_tuple)
    plan: tuple[PlanItem, ...] = attrs.field(default=(), converter=to_tuple)
    summary: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("DailyReport")
        check.text("salesperson", self.salesperson)
        day_ok = check.day("day", self.day)
        done_ok = check.items("done", self.done, ReportItem, "ReportItem")
        plan_ok = check.items("plan", self.plan, PlanItem, "PlanItem")
        check.text("summary", self.summary, allow_empty=True)
        if day_ok and done_ok and plan_ok:
            _check_days(check, self)
        if done_ok:
            _check_one_entry_per_meeting(check, self)
        check.done()

    @property
    def visits(self) -> tuple[ReportItem, ...]:
        """The day's visits."""
        return tuple(i for i in self.done if i.kind is EntryKind.VISIT)

    @property
    def effective_visits(self) -> tuple[ReportItem, ...]:
        """The day's visits whose purpose was met."""
        return tuple(i for i in self.done if i.is_effective)
