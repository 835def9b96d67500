"""The clocks: when a rule's clock starts and stops for a record.

:class:`Clocks` indexes, once, what starts and stops the clocks: the
explicit events by kind (built-in or declared) and subject, each customer's done contacts and
visits, each customer's deals, the stages' ``rot_days``; and it reads from
them when a clock starts (a deal's open stays, a customer's anchor), when it
stops, and where its deadline falls.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, time, tzinfo

from salesflow._checks import Checker
from salesflow.cadence._rules import (
    CadenceEventKind,
    DueOffset,
    Event,
    StartEvent,
    StopEvent,
    TimeRule,
)
from salesflow.cadence._time import TimeBasis, WorkingCalendar, _end_of_day
from salesflow.records import Activity, ActivityKind, Customer, Opportunity, OpportunityStatus
from salesflow.records.stays import Stay, _stays
from salesflow.stages import Pipeline
from salesflow.stages import presets as stage_presets

__all__ = ["Clocks", "default_rot_days", "rot_days_of"]

_NO_EVENTS: tuple[Event, ...] = ()


def rot_days_of(pipelines: Iterable[Pipeline]) -> dict[str, dict[str, int]]:
    """``{pipeline key: {stage key: rot_days}}`` for ``pipelines`` (for ``Tracker(rot_days=)``).

    Stages without ``rot_days`` are left out: a deal never goes stale there.
    """
    check = Checker("rot_days_of")
    found: object = pipelines
    if isinstance(pipelines, Iterable) and not isinstance(pipelines, (str, bytes, Mapping)):
        found = tuple(pipelines)
    if not check.items("pipelines", found, Pipeline, "Pipeline"):
        check.fail()
    assert isinstance(found, tuple)
    return {p.key: {s.key: s.rot_days for s in p.stages if s.rot_days is not None} for p in found}


def default_rot_days() -> dict[str, dict[str, int]]:
    """``{pipeline: {stage: rot_days}}`` from the stages' pipeline presets."""
    return rot_days_of(stage_presets.get(name) for name in stage_presets.names())


def _done_contacts(
    activities: Iterable[Activity], opportunities: Mapping[str, Opportunity]
) -> tuple[dict[str, list[datetime]], dict[str, list[datetime]]]:
    """Each customer's done contacts and done visits, in time order."""
    contacts: dict[str, list[datetime]] = {}
    visits: dict[str, list[datetime]] = {}
    for act in activities:
        if act.done_at is None:
            continue
        cid = act.customer_id
        if cid is None and act.opportunity_id is not None:
            linked = opportunities.get(act.opportunity_id)
            cid = linked.customer_id if linked is not None else None
        if cid is None:
            continue
        contacts.setdefault(cid, []).append(act.done_at)
        if act.kind is ActivityKind.VISIT:
            visits.setdefault(cid, []).append(act.done_at)
    for times in (*contacts.values(), *visits.values()):
        times.sort()
    return contacts, visits


class Clocks:
    """What starts and stops the rules' clocks, indexed once (records already checked)."""

    __slots__ = ("_contacts", "_deals_by_customer", "_events", "_visits", "calendar", "rot")

    def __init__(
        self,
        *,
        opportunities: Mapping[str, Opportunity],
        activities: Iterable[Activity],
        events: Iterable[Event],
        calendar: WorkingCalendar | None,
        rot: Mapping[str, Mapping[str, int]],
    ) -> None:
        self.calendar = calendar
        self.rot = rot
        by_event: dict[tuple[str, str], list[Event]] = {}
        for event in events:
            by_event.setdefault((event.kind, event.subject_id), []).append(event)
        for found in by_event.values():
            found.sort(key=lambda e: e.at)
        self._events = by_event
        deals: dict[str, list[Opportunity]] = {}
        for opp in opportunities.values():
            deals.setdefault(opp.customer_id, []).append(opp)
        self._deals_by_customer = deals
        self._contacts, self._visits = _done_contacts(activities, opportunities)

    def events(self, kind: str, subject_id: str) -> Sequence[Event]:
        """The events of ``kind`` (built-in or declared) on ``subject_id``, in time order."""
        return self._events.get((kind, subject_id), _NO_EVENTS)

    def contacts(self, customer_id: str) -> Sequence[datetime]:
        """When the customer was contacted (done activities), in time order."""
        return self._contacts.get(customer_id, [])

    def stop_times(
        self, stop: str, customer_id: str, opportunity_id: str | None
    ) -> Sequence[datetime]:
        """When ``stop`` happened for the customer (or, for a survey, the deal), in order.

        A declared stop kind is read on the rule's own subject: the deal when
        ``opportunity_id`` is given, else the customer.
        """
        if not isinstance(stop, StopEvent):
            subject_id = customer_id if opportunity_id is None else opportunity_id
            return [e.at for e in self.events(stop, subject_id)]
        if stop is StopEvent.CONTACT:
            return self.contacts(customer_id)
        if stop is StopEvent.VISIT_DONE:
            return self._visits.get(customer_id, [])
        if stop is StopEvent.SERVICE_DONE:
            return [e.at for e in self.events(CadenceEventKind.SERVICE_DONE, customer_id)]
        assert stop is StopEvent.SURVEY_DONE
        assert opportunity_id is not None
        return [e.at for e in self.events(CadenceEventKind.SURVEY_DONE, opportunity_id)]

    def open_stays(self, opportunity: Opportunity, at: datetime) -> list[Stay]:
        """The deal's stays while open up to ``at``: each starts a stage clock."""
        return [s for s in _stays(opportunity, at) if s.status is OpportunityStatus.OPEN]

    def anchor(
        self, rule: TimeRule, customer: Customer, at: datetime | None
    ) -> tuple[datetime, Event | None] | None:
        """Where a customer rule's recurrence starts as of ``at`` (None: any time), if anywhere.

        From the first event of a declared start kind on the customer; from the
        first delivery of the customer's deals; or else from the first of: a
        deal opened, a contact, the last order's day.
        """
        if not isinstance(rule.start, StartEvent):
            declared = self.events(rule.start, customer.id)
            if not declared or (at is not None and declared[0].at > at):
                return None
            return declared[0].at, declared[0]
        if rule.start is StartEvent.DELIVERED:
            first: Event | None = None
            for opp in self._deals_by_customer.get(customer.id, ()):
                delivered = self.events(CadenceEventKind.DELIVERED, opp.id)
                if delivered:
                    event = delivered[0]
                    if (at is None or event.at <= at) and (first is None or event.at < first.at):
                        first = event
            return None if first is None else (first.at, first)
        known = [o.created_at for o in self._deals_by_customer.get(customer.id, ())]
        contacts = self.contacts(customer.id)
        if contacts:
            known.append(contacts[0])
        last_order = customer.trading.last_order
        if last_order is not None:
            tz: tzinfo = self.calendar.tz if self.calendar is not None else UTC
            known.append(datetime.combine(last_order, time(0), tzinfo=tz))
        if at is not None:
            known = [k for k in known if k <= at]
        return (min(known), None) if known else None

    def deadline(self, rule: TimeRule, start: datetime) -> datetime:
        """``rule``'s ``due`` after (or before) ``start``."""
        assert rule.due is not None
        if rule.offset is DueOffset.BEFORE:
            return rule.due._before(start, self.calendar)
        return rule.due._after(start, self.calendar)

    def closing(self, rule: TimeRule, due: datetime) -> datetime:
        """``due`` moved to the end of its (working) day when the rule says so."""
        if not rule.end_of_day:
            return due
        cal = self.calendar
        if cal is not None and rule.due is not None and rule.due.basis is TimeBasis.WORKING:
            return cal.close_of_day(due)
        return _end_of_day(due, cal.tz if cal is not None else None)
