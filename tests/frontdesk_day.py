"""A day at the front desk, shared by the front-desk tests: a consistent book and desk.

Monday 2 March 2026 in a showroom at UTC+8. Li Na is on duty: Mr. Wang walks in
and leaves no details; Ms. Zhao walks in, leaves her phone, is judged intent
A and gets a card; Li Na plans to call her back on Tuesday at 15:00, does,
and Ms. Zhao moves to H. Every sheet agrees with the reports.

The scenario itself is the demo's (:mod:`salesflow._demo.frontdesk`), built
here from 2 March 2026, so the tests and the demo show one and the same day.
"""

from __future__ import annotations

from datetime import date, datetime

from salesflow import Lead, Portfolio
from salesflow._demo import frontdesk as scenario
from salesflow.frontdesk import Card, DailyReport, FrontDesk, Register

SHOWROOM = scenario.SHOWROOM
FIRST = date(2026, 3, 2)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` on ``day`` March 2026 at the showroom."""
    return datetime(2026, 3, day, hour, minute, tzinfo=SHOWROOM)


def zhao() -> Lead:
    return scenario.zhao(FIRST)


def book() -> Portfolio:
    return scenario.book(FIRST)


def register() -> Register:
    return scenario.register(FIRST)


def card() -> Card:
    return scenario.card(FIRST)


def reports() -> list[DailyReport]:
    return scenario.reports(FIRST)


def desk() -> FrontDesk:
    return scenario.desk(FIRST)
