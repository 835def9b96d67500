"""The control area's time rules: approval response times, the quarterly data check, reconciliation.

Every call of the control area into the cadence area's time rules is in
this module. The control area declares its own event kinds
(:data:`EVENT_KINDS`, ``control.*``) in its :class:`~salesflow.cadence.RuleSet`,
so approvals, data checks and reconciliations are timed by the same rules,
obligations, agendas and escalations as every other deadline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TypeVar

from salesflow._checks import Checker
from salesflow.cadence import (
    Duration,
    DurationUnit,
    Event,
    EventKind,
    Recurrence,
    RecurrenceAnchor,
    RecurrenceUnit,
    RuleSet,
    RuleSubject,
    StartEvent,
    TimeRule,
)
from salesflow.control._governance import ChangeRequest
from salesflow.control._requests import ApprovalRequest

__all__ = [
    "APPROVAL_DECIDED",
    "APPROVAL_REQUESTED",
    "CHANGE_REQUESTED",
    "CHANGE_REVIEWED",
    "DATA_CHECKED",
    "EVENT_KINDS",
    "RECONCILED",
    "approval_events",
    "approval_response",
    "change_events",
    "change_review_response",
    "control_rules",
    "data_check_event",
    "periodic_reconciliation",
    "quarterly_data_check",
    "reconciliation_event",
]

APPROVAL_REQUESTED = "control.approval_requested"
APPROVAL_DECIDED = "control.approval_decided"
DATA_CHECKED = "control.data_checked"
CHANGE_REQUESTED = "control.change_requested"
CHANGE_REVIEWED = "control.change_reviewed"
RECONCILED = "control.reconciled"

#: The event kinds the control area declares, each with the record it is about.
EVENT_KINDS: tuple[EventKind, ...] = (
    EventKind(key=APPROVAL_REQUESTED, subject=RuleSubject.OPPORTUNITY),
    EventKind(key=APPROVAL_DECIDED, subject=RuleSubject.OPPORTUNITY),
    EventKind(key=DATA_CHECKED, subject=RuleSubject.CUSTOMER),
    EventKind(key=CHANGE_REQUESTED, subject=RuleSubject.CUSTOMER),
    EventKind(key=CHANGE_REVIEWED, subject=RuleSubject.CUSTOMER),
    EventKind(key=RECONCILED, subject=RuleSubject.CUSTOMER),
)


def _hours(n: int) -> Duration:
    return Duration(amount=n, unit=DurationUnit.HOURS)


def _days(n: int) -> Duration:
    return Duration(amount=n, unit=DurationUnit.DAYS)


def approval_response(
    *,
    key: str = "approval_response",
    falls_to: str = "sales_manager",
    due: Duration | None = None,
    escalate_after: Duration | None = None,
    escalate_to: str = "general_manager",
) -> TimeRule:
    """A request on a deal is decided within ``due`` (24 hours) by ``falls_to``, else escalated.

    The response times are this library's defaults.
    """
    return TimeRule(
        key=key,
        label_key=f"control.rule.{key}",
        subject=RuleSubject.OPPORTUNITY,
        start=APPROVAL_REQUESTED,
        stop=APPROVAL_DECIDED,
        due=_hours(24) if due is None else due,
        falls_to=falls_to,
        escalate_after=_hours(24) if escalate_after is None else escalate_after,
        escalate_to=escalate_to,
    )


def quarterly_data_check(*, falls_to: str = "after_sales_manager", every: int = 1) -> TimeRule:
    """Each customer's data is checked at least every ``every`` quarter, rolling.

    The clock starts at the first dealing with the customer and restarts at
    each check; overdue for a week, it escalates to the manager.
    """
    return TimeRule(
        key="quarterly_data_check",
        label_key="control.rule.quarterly_data_check",
        subject=RuleSubject.CUSTOMER,
        start=StartEvent.LAST_CONTACT,
        stop=DATA_CHECKED,
        every=Recurrence(every=every, unit=RecurrenceUnit.QUARTERS),
        falls_to=falls_to,
        escalate_after=_days(7),
    )


def change_review_response(*, falls_to: str = "after_sales_manager", days: int = 3) -> TimeRule:
    """A customer-data change request is reviewed within ``days`` days."""
    return TimeRule(
        key="change_review_response",
        label_key="control.rule.change_review_response",
        subject=RuleSubject.CUSTOMER,
        start=CHANGE_REQUESTED,
        stop=CHANGE_REVIEWED,
        due=_days(days),
        falls_to=falls_to,
        escalate_after=_days(2),
    )


def periodic_reconciliation(*, falls_to: str = "accounting_head") -> TimeRule:
    """Once a customer has had a delivery, its accounts are reconciled each month."""
    return TimeRule(
        key="periodic_reconciliation",
        label_key="control.rule.periodic_reconciliation",
        subject=RuleSubject.CUSTOMER,
        start=StartEvent.DELIVERED,
        stop=RECONCILED,
        every=Recurrence(unit=RecurrenceUnit.MONTHS, anchor=RecurrenceAnchor.CALENDAR),
        falls_to=falls_to,
        escalate_after=_days(7),
    )


def control_rules(rules: Iterable[TimeRule] = ()) -> RuleSet:
    """The control time rules with their declared event kinds, plus ``rules`` (any others)."""
    extra: object = tuple(rules) if isinstance(rules, Iterable) else rules
    own = (
        approval_response(),
        quarterly_data_check(),
        change_review_response(),
        periodic_reconciliation(),
    )
    return RuleSet(rules=(*own, *extra), event_kinds=EVENT_KINDS)  # type: ignore[misc]


def approval_events(requests: Iterable[ApprovalRequest]) -> tuple[Event, ...]:
    """``approval_requested`` and (once closed) ``approval_decided`` events of deal requests.

    Each request's ``subject_id`` is the deal's id, as the rules read it.
    """
    found = _items("approval_events", "requests", requests, ApprovalRequest)
    events: list[Event] = []
    for r in found:
        events.append(
            Event(
                kind=APPROVAL_REQUESTED,
                subject_id=r.subject_id,
                at=r.requested_at,
                owner=r.requested_by,
            )
        )
        if r.decided_at is not None:
            by = r.decisions[-1].by if r.decisions else None
            events.append(
                Event(kind=APPROVAL_DECIDED, subject_id=r.subject_id, at=r.decided_at, owner=by)
            )
    return tuple(sorted(events, key=lambda e: e.at))


def change_events(changes: Iterable[ChangeRequest]) -> tuple[Event, ...]:
    """``change_requested`` and (once reviewed) ``change_reviewed`` events of customer changes."""
    found = _items("change_events", "changes", changes, ChangeRequest)
    events: list[Event] = []
    for c in found:
        events.append(
            Event(
                kind=CHANGE_REQUESTED,
                subject_id=c.record_id,
                at=c.requested_at,
                owner=c.requested_by,
            )
        )
        if c.reviewed_at is not None:
            events.append(
                Event(
                    kind=CHANGE_REVIEWED,
                    subject_id=c.record_id,
                    at=c.reviewed_at,
                    owner=c.reviewed_by,
                )
            )
    return tuple(sorted(events, key=lambda e: e.at))


def data_check_event(customer_id: str, *, at: datetime, by: str | None = None) -> Event:
    """A data check of ``customer_id``'s record, done at ``at``."""
    return Event(kind=DATA_CHECKED, subject_id=customer_id, at=at, owner=by)


def reconciliation_event(customer_id: str, *, at: datetime, by: str | None = None) -> Event:
    """``customer_id``'s accounts reconciled at ``at``."""
    return Event(kind=RECONCILED, subject_id=customer_id, at=at, owner=by)


T = TypeVar("T")


def _items(where: str, path: str, value: Iterable[T], kind: type[T]) -> tuple[T, ...]:
    found: object = value
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping)):
        found = tuple(value)
    check = Checker(where)
    if not check.items(path, found, kind, kind.__name__):
        check.fail()
    assert isinstance(found, tuple)
    return found  # every item checked to be a ``kind``
