"""Demo section: a day at the front desk, and the scenario it (and the front-desk tests) use.

The scenario is two days in a showroom at UTC+8, from a first day given by
the caller. Li Na is on duty: Mr. Wang walks in and leaves no details; Ms.
Zhao walks in, leaves her phone, is judged intent A and gets a card; Li Na
plans to call her back the next day at 15:00, does, and Ms. Zhao moves to
H. Every sheet agrees with the reports. The builders below (:func:`book`,
:func:`desk` and their parts) give that consistent scenario; the tests
build it from 2 March 2026, the demo from the sample portfolio's day.

The section adds to it what a day at the desk also holds: a lead of the
book assigned, two conversions (the book's qualified lead and Ms. Zhao) and
one broken rule (a call Wu Gang took and never put in a daily report).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import attrs

from salesflow._demo._text import say
from salesflow._demo.portfolio import Portfolio, skipped
from salesflow.exceptions import MissingExtraError
from salesflow.frontdesk import (
    Absence,
    AssignmentRules,
    Card,
    ConsistencyReport,
    Conversion,
    DailyReport,
    Duplicates,
    EntryKind,
    FollowUp,
    FrontDesk,
    Member,
    PlanItem,
    Register,
    ReportItem,
    Roster,
    Visit,
    VisitKind,
    assign,
    consistency_report,
    convert,
    register_figures,
)
from salesflow.locales import default_catalogs, enum_key
from salesflow.money import Money
from salesflow.records import Customer, Intent, IntentHistory, Lead, LeadSource, LeadStatus
from salesflow.stages import presets

__all__ = [
    "SHOWROOM",
    "book",
    "card",
    "desk",
    "moment",
    "register",
    "reports",
    "section",
    "zhao",
]

#: The showroom's clock.
SHOWROOM = timezone(timedelta(hours=8))


def moment(first: date, day: int, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` on the scenario's ``day`` (0: the first day) at the showroom."""
    return datetime.combine(first + timedelta(days=day), time(hour, minute), tzinfo=SHOWROOM)


def zhao(first: date) -> Lead:
    """Ms. Zhao's lead: judged A at her visit, H after the next day's call."""
    intent = (
        IntentHistory()
        .progressed(
            "A", at=moment(first, 0, 10, 50), by="li.na", note="wants the SUV, compares prices"
        )
        .progressed("H", at=moment(first, 1, 15, 10), by="li.na", note="test drive booked")
    )
    return Lead(
        id="l-zhao",
        customer_name="Zhao Min",
        created_at=moment(first, 0, 10, 20),
        source=LeadSource.OTHER,
        status=LeadStatus.WORKING,
        owner="li.na",
        assigned_at=moment(first, 0, 10, 20),
        contact_name="Zhao Min",
        phone="13900000000",
        intent=intent,
    )


def book(first: date) -> Portfolio:
    """The scenario's book as of the second day's evening: Ms. Zhao's lead."""
    return Portfolio(as_of=moment(first, 1, 18), leads=[zhao(first)])


def register(first: date) -> Register:
    """The first day's register: Mr. Wang (no details) and Ms. Zhao."""
    return Register(
        entries=[
            Visit(
                id="v-1",
                kind=VisitKind.WALK_IN,
                arrived_at=moment(first, 0, 10, 5),
                left_at=moment(first, 0, 10, 40),
                duty="li.na",
                visitor="Mr. Wang",
                asked_about="SUV",
                note="looked at the SUV, left no details",
                logged_at=moment(first, 0, 10, 45),
            ),
            Visit(
                id="v-2",
                kind=VisitKind.WALK_IN,
                arrived_at=moment(first, 0, 10, 20),
                left_at=moment(first, 0, 11, 0),
                duty="li.na",
                visitor="Zhao Min",
                phone="13900000000",
                asked_about="SUV",
                intent=Intent.A,
                note="compares prices with a rival dealer",
                lead_id="l-zhao",
                logged_at=moment(first, 0, 11, 10),
            ),
        ]
    )


def card(first: date) -> Card:
    """Ms. Zhao's card, with the next day's call on its back."""
    return Card(
        id="k-zhao",
        owner="li.na",
        opened_at=moment(first, 0, 11),
        lead_id="l-zhao",
        follow_ups=[
            FollowUp(
                id="f-1",
                by="li.na",
                planned_at=moment(first, 1, 15),
                done_at=moment(first, 1, 15, 10),
                result="test drive booked for Thursday",
                intent_after=Intent.H,
            )
        ],
    )


def reports(first: date) -> list[DailyReport]:
    """Li Na's daily reports of both days."""
    return [
        DailyReport(
            salesperson="li.na",
            day=first,
            done=[
                ReportItem(
                    at=moment(first, 0, 10, 5), kind=EntryKind.RECEPTION, result="no details"
                ),
                ReportItem(
                    at=moment(first, 0, 10, 20),
                    kind=EntryKind.RECEPTION,
                    subject="l-zhao",
                    result="intent A",
                    intent_after=Intent.A,
                ),
            ],
            plan=[PlanItem(at=moment(first, 1, 15), kind=EntryKind.FOLLOW_UP, subject="l-zhao")],
            summary="two walk-ins, one prospect",
        ),
        DailyReport(
            salesperson="li.na",
            day=first + timedelta(days=1),
            done=[
                ReportItem(
                    at=moment(first, 1, 15, 10),
                    kind=EntryKind.FOLLOW_UP,
                    subject="l-zhao",
                    result="test drive booked",
                    intent_after=Intent.H,
                )
            ],
            summary="Zhao Min is hot",
        ),
    ]


def desk(first: date) -> FrontDesk:
    """The scenario's sheets: the register, Ms. Zhao's card and Li Na's reports."""
    return FrontDesk(register=register(first), cards=[card(first)], reports=reports(first))


# -- the section --------------------------------------------------------------------

_NEW_LEAD = "l-001"
_QUALIFIED_LEAD = "l-003"


def _unreported_call(first: date) -> Visit:
    """A call Wu Gang took at the desk and never put in a daily report (the broken rule)."""
    return Visit(
        id="v-3",
        kind=VisitKind.CALL,
        arrived_at=moment(first, 0, 16, 30),
        left_at=moment(first, 0, 16, 35),
        duty="wu.gang",
        visitor="a gentleman asking about the SUV's price",
        asked_about="SUV",
        logged_at=moment(first, 0, 16, 40),
    )


def _register_lines(register: Register, locale: str) -> list[str]:
    cats = default_catalogs()
    lines = [cats.label("frontdesk.register", locale)]
    for v in register.entries:
        kind = cats.label(enum_key(v.kind), locale)
        details = (
            cats.label("frontdesk.demo.no_details", locale) if not v.has_details else v.phone or ""
        )
        intent = (
            ""
            if v.intent is None
            else say("semicolon", locale) + cats.label(enum_key(v.intent), locale)
        )
        lines.append(
            "  "
            + say(
                "labelled",
                locale,
                label=f"{v.arrived_at:%H:%M}-{v.left_at:%H:%M} {kind} "
                + say("named", locale, what=v.visitor, id=v.duty),
                value=f"{details}{intent}",
            )
        )
    figures = register_figures(register)
    share = figures.share_without_details
    lines.append(
        "  "
        + cats.format(
            "frontdesk.demo.figures",
            locale,
            visits=figures.visits,
            without=figures.without_details,
            share="-" if share is None else f"{share:.0%}",
        )
    )
    return lines


def _assignment_lines(lead: Lead, at: datetime, locale: str) -> list[str]:
    cats = default_catalogs()
    roster = Roster(
        members=[
            Member(
                id="wu.gang",
                team="showroom",
                away=[Absence(start=at, end=at + timedelta(hours=3), reason="dentist")],
            ),
            Member(id="wang.jun", team="showroom"),
            Member(id="li.na", team="showroom"),
        ]
    )
    made = assign(lead, roster=roster, rules=AssignmentRules(fallback="zhao.min"), at=at)
    lines = [
        cats.format(
            "frontdesk.demo.assigned",
            locale,
            lead=lead.id,
            name=lead.customer_name,
            owner=made.owner or "-",
            outcome=cats.label(enum_key(made.outcome), locale),
        )
    ]
    for skip in made.skipped:
        reason = cats.label(enum_key(skip.reason), locale)
        lines.append(
            "  " + cats.format("frontdesk.demo.skipped", locale, member=skip.member, reason=reason)
        )
    if made.due_at is not None:
        key = "frontdesk.demo.on_time" if made.on_time else "frontdesk.demo.late"
        lines.append("  " + cats.format(key, locale, due=f"{made.due_at:%Y-%m-%d %H:%M}"))
    return lines


def _in_book(portfolio: Portfolio) -> Duplicates:
    """The de-duplication hook: the book's customers that a new customer duplicates."""
    from salesflow.dedupe import MatchOutcome, check_new

    def found(customer: Customer) -> list[Customer]:
        matches = check_new(customer, portfolio).matches
        return [portfolio.customer(d.right) for d in matches if d.outcome is MatchOutcome.MATCH]

    return found


def _conversions(
    portfolio: Portfolio, first: date, duplicates: Duplicates | None
) -> list[Conversion]:
    huitong = next(x for x in portfolio.leads if x.id == _QUALIFIED_LEAD)
    return [
        convert(
            huitong,
            pipeline=presets.get("complex"),
            at=moment(first, 0, 14),
            amount=Money("800000", "CNY"),
            customer_id="c-huitong",
            contact_id="p-liu",
            opportunity_id="o-huitong-cranes",
            name="Two tower cranes",
            duplicates=duplicates,
        ),
        convert(
            zhao(first),
            pipeline=presets.get("basic"),
            at=moment(first, 1, 16),
            amount=Money("186000", "CNY"),
            customer_id="c-zhao",
            contact_id="p-zhao",
            opportunity_id="o-zhao-suv",
            stage="book_visit",
            name="SUV, test drive booked",
            duplicates=duplicates,
        ),
    ]


def _conversion_lines(done: list[Conversion], locale: str) -> list[str]:
    cats = default_catalogs()
    lines: list[str] = []
    for c in done:
        pipeline = presets.get(c.opportunity.pipeline)
        lines.append(
            cats.format(
                "frontdesk.demo.converted",
                locale,
                lead=c.lead.id,
                customer=c.customer.id,
                contact="-" if c.contact is None else c.contact.id,
                deal=c.opportunity.id,
                pipeline=cats.label(pipeline.pipeline_label_key, locale),
                stage=cats.label(pipeline.stage_label_key(c.opportunity.stage), locale),
            )
        )
        lines.append(
            "  "
            + cats.format(
                "frontdesk.demo.lineage",
                locale,
                lead=c.lead.id,
                deal=c.lead.converted_opportunity_id,
                back=c.opportunity.lead_id,
            )
        )
    return lines


def _report_lines(report: DailyReport, locale: str) -> list[str]:
    cats = default_catalogs()
    lines = [
        cats.format(
            "frontdesk.demo.report",
            locale,
            title=cats.label("frontdesk.daily_report", locale),
            person=report.salesperson,
            day=report.day,
        )
    ]
    for item in report.done:
        about = "" if item.subject is None else f" {item.subject}"
        lines.append(
            "  "
            + say(
                "labelled",
                locale,
                label=f"{item.at:%H:%M} {cats.label(enum_key(item.kind), locale)}{about}",
                value=item.result,
            )
        )
    for plan in report.plan:
        about = "" if plan.subject is None else f" {plan.subject}"
        kind = cats.label(enum_key(plan.kind), locale)
        when = f"{plan.at:%m-%d %H:%M}"
        lines.append(
            "  " + cats.format("frontdesk.demo.planned", locale, at=when, what=f"{kind}{about}")
        )
    lines.append("  " + cats.format("frontdesk.demo.summary", locale, summary=report.summary))
    return lines


def _violation_lines(found: ConsistencyReport, locale: str) -> list[str]:
    cats = default_catalogs()
    lines = [cats.format("frontdesk.demo.violations", locale, count=len(found.violations))]
    for v in found.violations:
        lines.append(
            "  " + say("labelled", locale, label=cats.label(v.label_key, locale), value=v.path)
        )
    return lines


def _day_book(portfolio: Portfolio, first: date, done: list[Conversion]) -> Portfolio:
    """The portfolio at the second day's evening, with Ms. Zhao and both conversions."""
    converted = {c.lead.id: c.lead for c in done}
    leads = [converted.get(x.id, x) for x in (*portfolio.leads, zhao(first))]
    return attrs.evolve(
        portfolio,
        as_of=moment(first, 1, 18),
        leads=leads,
        customers=[*portfolio.customers, *(c.customer for c in done)],
        contacts=[*portfolio.contacts, *(c.contact for c in done if c.contact is not None)],
        opportunities=[*portfolio.opportunities, *(c.opportunity for c in done)],
    )


def section(portfolio: Portfolio, locale: str) -> list[str]:
    leads = {x.id: x for x in portfolio.leads}
    new, qualified = leads.get(_NEW_LEAD), leads.get(_QUALIFIED_LEAD)
    if (
        new is None
        or new.owner is not None
        or qualified is None
        or qualified.status is not LeadStatus.QUALIFIED
    ):
        return skipped("new lead to assign and qualified lead to convert", locale)
    first = portfolio.as_of.date()
    sheets = desk(first)
    sheets = attrs.evolve(sheets, register=sheets.register.added(_unreported_call(first)))
    try:
        done, deduped = _conversions(portfolio, first, _in_book(portfolio)), True
    except MissingExtraError:
        done, deduped = _conversions(portfolio, first, None), False
    found = consistency_report(sheets, book=_day_book(portfolio, first, done))
    return [
        *_register_lines(sheets.register, locale),
        *_assignment_lines(new, max(portfolio.as_of, new.created_at), locale),
        *_conversion_lines(done, locale),
        "  "
        + default_catalogs().label(f"frontdesk.demo.{'' if deduped else 'not_'}deduped", locale),
        *_report_lines(sheets.reports[0], locale),
        *_violation_lines(found, locale),
    ]
