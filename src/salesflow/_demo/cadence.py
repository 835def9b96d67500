"""Demo section: one salesperson's agenda on the portfolio's day (time rules).

The records say when leads were created and assigned, when visits were
planned and done, and how deals moved; what they do not hold (a booking
time, an objection, a delivery) is passed in as explicit events.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from salesflow._demo._text import joined, say
from salesflow.cadence import (
    CadenceEventKind,
    Event,
    Obligation,
    ObligationStatus,
    Team,
    Tracker,
    presets,
)
from salesflow.locales import default_catalogs, enum_key
from salesflow.records import Customer, Lead, Opportunity, Portfolio

__all__ = ["PERSON", "TEAM", "events", "section"]

#: Whose agenda the demo shows.
PERSON = "li.na"
#: Who assigns leads, and who manages whom (escalations go to the manager).
TEAM = Team(
    roles={"sales_manager": "zhao.min"},
    managers={"li.na": "zhao.min", "wang.jun": "zhao.min"},
)

_CST = timezone(timedelta(hours=8))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=_CST)


def events(portfolio: Portfolio) -> list[Event]:
    """The explicit events of the sample: bookings, an objection, a delivery."""
    known = {o.id for o in portfolio.opportunities} | {a.id for a in portfolio.activities}
    wanted = [
        Event(kind=CadenceEventKind.VISIT_BOOKED, subject_id="a-1", at=_at("2026-03-06T16:00")),
        Event(
            kind=CadenceEventKind.OBJECTION_RAISED,
            subject_id="o-hengtai-line2",
            at=_at("2026-03-13T16:30"),
            owner="li.na",
        ),
        Event(
            kind=CadenceEventKind.DELIVERED,
            subject_id="o-hengtai-line1",
            at=_at("2026-03-02T10:00"),
        ),
        Event(
            kind=CadenceEventKind.OBJECTION_RAISED,
            subject_id="o-northwind-renewal",
            at=_at("2026-03-05T10:00"),
        ),
        Event(
            kind=CadenceEventKind.OBJECTION_ANSWERED,
            subject_id="o-northwind-renewal",
            at=_at("2026-03-05T17:30"),
        ),
    ]
    return [e for e in wanted if e.subject_id in known]


def _name(o: Obligation) -> str:
    record = o.record
    if isinstance(record, Customer):
        return record.name
    if isinstance(record, Lead):
        return record.customer_name
    if isinstance(record, Opportunity):
        return record.name or record.id
    return record.subject


def _lines(o: Obligation, person: str, locale: str) -> list[str]:
    cats = default_catalogs()
    status = cats.label(enum_key(o.status), locale)
    rule = cats.label(o.rule.label_key, locale)
    due = cats.format("cadence.demo.due_by", locale, due=o.due_at.strftime("%Y-%m-%d %H:%M"))
    detail = say("named", locale, what=_name(o), id=o.record_id)
    if o.for_whom != person:
        detail += say("semicolon", locale) + cats.format(
            "cadence.demo.from_report", locale, person=o.for_whom
        )
    elif o.status is ObligationStatus.ESCALATED and o.escalated_to:
        detail += say("semicolon", locale) + cats.format(
            "cadence.demo.escalated_to", locale, person=o.escalated_to
        )
    return [f"  [{status}] {joined([rule, due], locale)}", f"      {detail}"]


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    tracker = Tracker(
        presets.all_rules(),
        customers=portfolio.customers,
        leads=portfolio.leads,
        opportunities=portfolio.opportunities,
        activities=portfolio.activities,
        events=events(portfolio),
        team=TEAM,
    )
    at = portfolio.as_of
    agenda = tracker.agenda(PERSON, at=at)
    lines = [cats.format("cadence.demo.agenda_for", locale, person=PERSON, day=at.date())]
    lines.append(
        cats.format(
            "cadence.demo.counts",
            locale,
            total=len(agenda),
            overdue=len(agenda.overdue) - len(agenda.escalated),
            escalated=len(agenda.escalated),
            due=len(agenda.due),
            upcoming=len(agenda.upcoming),
        )
    )
    if not agenda.items:
        lines.append("  " + cats.label("cadence.demo.nothing", locale))
    for o in agenda:
        lines.extend(_lines(o, PERSON, locale))
    lines.append(cats.label("cadence.demo.summary", locale))
    for key, tally in tracker.summary(at=at).by_rule.items():
        if tally.total:
            lines.append(
                "  "
                + cats.format(
                    "cadence.demo.summary_line",
                    locale,
                    rule=cats.label(tracker.rules.get(key).label_key, locale),
                    on_time=tally.met_on_time,
                    late=tally.met_late,
                    open=tally.open,
                )
            )
    return lines
