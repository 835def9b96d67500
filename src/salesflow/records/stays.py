"""The stays a deal's history describes: where it was, in which status, from when to when.

A :class:`Stay` is one unbroken span in one stage with one status; the
history of an :class:`~salesflow.Opportunity` (and its ``created_at``) is a
sequence of stays. Every history figure of the library (time in stage,
time by stage, stale deals, the time rules' stage clocks) is read from
:func:`stays`, so they cannot disagree.

>>> from datetime import datetime, timedelta, timezone
>>> from salesflow import Money, Opportunity
>>> t0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
>>> deal = Opportunity(id="o-1", customer_id="c-1", owner="li.na", pipeline="p",
...                    stage="visit", amount=Money("10", "CNY"), created_at=t0)
>>> [(s.stage, s.status.value, s.left_at) for s in stays(deal, until=t0 + timedelta(days=2))]
[('visit', 'open', None)]
"""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from salesflow._checks import Checker, make_builder
from salesflow.records._enums import OpportunityStatus
from salesflow.records.opportunity import Opportunity

__all__ = ["Stay", "stays"]


@attrs.frozen(slots=True, kw_only=True)
class Stay:
    """One span of a deal in ``stage`` with ``status``; ``left_at`` is None while it lasts."""

    stage: str
    status: OpportunityStatus
    entered_at: datetime
    left_at: datetime | None = None

    def length(self, *, until: datetime) -> timedelta:
        """How long the stay lasted, counting a stay still running up to ``until``."""
        end = self.left_at if self.left_at is not None else until
        return end - self.entered_at


#: Stays are read from a valid history, so built without their ``__init__``.
_stay = make_builder(Stay, positional=True)


def _first_place(opportunity: Opportunity) -> tuple[str, OpportunityStatus]:
    history = opportunity.history
    if not history:
        return opportunity.stage, opportunity.status
    first = history[0]
    if first.from_stage is None:
        return first.to_stage, first.to_status
    return first.from_stage, first.from_status or OpportunityStatus.OPEN


def stays(opportunity: Opportunity, *, until: datetime) -> tuple[Stay, ...]:
    """The deal's stays up to ``until``, oldest first.

    A stay ends when a change moves the deal to another stage or status;
    a change that lands where the deal already is (an ``open`` move, a
    stage's own re-entry) does not split it. Changes after ``until`` are
    not read, so the last stay returned is the one the deal was in at
    ``until`` (its ``left_at`` is None).
    """
    check = Checker("stays")
    ok = check.instance("opportunity", opportunity, Opportunity, "an Opportunity")
    check.aware("until", until)
    check.done()
    assert ok
    return _stays(opportunity, until)


def _stays(opportunity: Opportunity, until: datetime) -> tuple[Stay, ...]:
    stage, status = _first_place(opportunity)
    entered = opportunity.created_at
    out: list[Stay] = []
    for change in opportunity.history:
        if change.at > until:
            break
        if change.to_stage != stage or change.to_status != status:
            out.append(_stay(stage, status, entered, change.at))
            stage, status, entered = change.to_stage, change.to_status, change.at
    out.append(_stay(stage, status, entered, None))
    return tuple(out)
