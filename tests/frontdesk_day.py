"""A day at the front desk, shared by the front-desk tests: a consistent book and desk.

Monday 2 March 2026 in a showroom at UTC+8. Li Na is on duty: Mr. Wang walks in
and leaves no details; Ms. Zhao walks in, leaves her phone, is judged intent
A and gets a card; Li Na plans to call her back on Tuesday at 15:00, does,
and Ms. Zhao moves to H. Every sheet agrees with the reports.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from salesflow import Intent, IntentHistory, Lead, LeadSource, LeadStatus, Portfolio
from salesflow.frontdesk import (
    Card,
    DailyReport,
    EntryKind,
    FollowUp,
    FrontDesk,
    PlanItem,
    Register,
    ReportItem,
    Visit,
    VisitKind,
)

SHOWROOM = timezone(timedelta(hours=8))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SHOWROOM)


def zhao() -> Lead:
    intent = (
        IntentHistory()
        .progressed("A", at=at(2, 10, 50), by="li.na", note="wants the SUV, compares prices")
        .progressed("H", at=at(3, 15, 10), by="li.na", note="test drive booked")
    )
    return Lead(
        id="l-zhao",
        customer_name="Zhao Min",
        created_at=at(2, 10, 20),
        source=LeadSource.OTHER,
        status=LeadStatus.WORKING,
        owner="li.na",
        assigned_at=at(2, 10, 20),
        contact_name="Zhao Min",
        phone="13900000000",
        intent=intent,
    )


def book() -> Portfolio:
    return Portfolio(as_of=at(3, 18), leads=[zhao()])


def register() -> Register:
    return Register(
        entries=[
            Visit(
                id="v-1",
                kind=VisitKind.WALK_IN,
                arrived_at=at(2, 10, 5),
                left_at=at(2, 10, 40),
                duty="li.na",
                visitor="Mr. Wang",
                asked_about="SUV",
                note="looked at the SUV, left no details",
            ),
            Visit(
                id="v-2",
                kind=VisitKind.WALK_IN,
                arrived_at=at(2, 10, 20),
                left_at=at(2, 11, 0),
                duty="li.na",
                visitor="Zhao Min",
                phone="13900000000",
                asked_about="SUV",
                intent=Intent.A,
                note="compares prices with a rival dealer",
                lead_id="l-zhao",
            ),
        ]
    )


def card() -> Card:
    return Card(
        id="k-zhao",
        owner="li.na",
        opened_at=at(2, 11),
        lead_id="l-zhao",
        follow_ups=[
            FollowUp(
                id="f-1",
                by="li.na",
                planned_at=at(3, 15),
                done_at=at(3, 15, 10),
                result="test drive booked for Thursday",
                intent_after=Intent.H,
            )
        ],
    )


def reports() -> list[DailyReport]:
    return [
        DailyReport(
            salesperson="li.na",
            day=date(2026, 3, 2),
            done=[
                ReportItem(at=at(2, 10, 5), kind=EntryKind.RECEPTION, result="no details"),
                ReportItem(
                    at=at(2, 10, 20),
                    kind=EntryKind.RECEPTION,
                    subject="l-zhao",
                    result="intent A",
                    intent_after=Intent.A,
                ),
            ],
            plan=[PlanItem(at=at(3, 15), kind=EntryKind.FOLLOW_UP, subject="l-zhao")],
            summary="two walk-ins, one prospect",
        ),
        DailyReport(
            salesperson="li.na",
            day=date(2026, 3, 3),
            done=[
                ReportItem(
                    at=at(3, 15, 10),
                    kind=EntryKind.FOLLOW_UP,
                    subject="l-zhao",
                    result="test drive booked",
                    intent_after=Intent.H,
                )
            ],
            summary="Zhao Min is hot",
        ),
    ]


def desk() -> FrontDesk:
    return FrontDesk(register=register(), cards=[card()], reports=reports())
