"""Pure evaluation of time rules: obligations, one person's agenda, a summary.

:class:`Tracker` indexes the records once (by id, by owner, contacts by
customer, events by subject) and then answers for any ``at``: every
obligation, one person's agenda, or the met-on-time / met-late counts. Only
what happened at or before ``at`` counts, so the answer for a past ``at`` is
what one would have seen then.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from salesflow._checks import Checker, describe
from salesflow.cadence._rules import (
    CadenceEventKind,
    DueOffset,
    Event,
    RuleSet,
    RuleSubject,
    StartEvent,
    StopEvent,
    Team,
    TimeRule,
)
from salesflow.cadence._time import (
    RecurrenceAnchor,
    TimeBasis,
    WorkingCalendar,
    _end_of_day,
    _period_of,
)
from salesflow.exceptions import Problem, ValidationError
from salesflow.records import (
    Activity,
    ActivityKind,
    Customer,
    Lead,
    LeadStatus,
    Opportunity,
    OpportunityStatus,
)
from salesflow.stages import Pipeline
from salesflow.stages import presets as stage_presets

__all__ = [
    "Agenda",
    "Obligation",
    "ObligationStatus",
    "Record",
    "Summary",
    "Tally",
    "Tracker",
    "agenda",
    "default_rot_days",
    "evaluate",
    "rot_days_of",
    "stints",
    "summarise",
]

#: A record a rule's clock runs on.
Record = Lead | Opportunity | Customer | Activity

_TICK = timedelta(microseconds=1)


class ObligationStatus(StrEnum):
    """Where an obligation stands at a moment."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATED = "escalated"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"

    @property
    def is_open(self) -> bool:
        """Not met yet (upcoming, due, overdue or escalated)."""
        return self not in (ObligationStatus.MET_ON_TIME, ObligationStatus.MET_LATE)

    @property
    def is_late(self) -> bool:
        """Past its deadline and not met in time (overdue, escalated or met late)."""
        return self in (
            ObligationStatus.OVERDUE,
            ObligationStatus.ESCALATED,
            ObligationStatus.MET_LATE,
        )


def _rule_repr(rule: TimeRule) -> str:
    return repr(rule.key)


def _record_repr(record: Record) -> str:
    return f"{type(record).__name__}({record.id!r})"


@attrs.frozen(slots=True, kw_only=True)
class Obligation:
    """One thing due: by which rule, on which record, for whom, by when, and how it stands.

    ``start_at`` is when the clock started (for a calendar recurrence: the
    period's first moment), ``due_at`` the deadline, ``met_at`` when the stop
    event happened (``None`` while open), ``escalate_at`` when it escalates
    (``None``: the rule does not escalate) and ``escalated_to`` to whom.
    ``event`` is the explicit event that started the clock, if one did;
    ``sequence`` numbers the obligations of one rule on one record, from 0.
    """

    rule: TimeRule = attrs.field(repr=_rule_repr)
    record: Record = attrs.field(repr=_record_repr)
    for_whom: str
    start_at: datetime
    due_at: datetime
    status: ObligationStatus
    met_at: datetime | None = None
    escalate_at: datetime | None = None
    escalated_to: str | None = None
    event: Event | None = attrs.field(default=None, repr=False)
    sequence: int = 0

    @property
    def rule_key(self) -> str:
        return self.rule.key

    @property
    def record_id(self) -> str:
        return self.record.id

    @property
    def subject(self) -> RuleSubject:
        return self.rule.subject

    @property
    def identity(self) -> tuple[str, str, int]:
        """(rule key, record id, sequence): the same obligation seen at another ``at``."""
        return (self.rule.key, self.record.id, self.sequence)

    @property
    def sort_key(self) -> tuple[datetime, str, str, int]:
        """Due order: deadline, then rule key, record id and sequence."""
        return (self.due_at, self.rule.key, self.record.id, self.sequence)


@attrs.frozen(slots=True, kw_only=True)
class Agenda:
    """One person's open obligations at ``at``, in due order.

    Holds what falls to ``person`` and what was escalated to them.
    """

    person: str
    at: datetime
    items: tuple[Obligation, ...] = ()

    @property
    def overdue(self) -> tuple[Obligation, ...]:
        """Past their deadline (overdue or escalated)."""
        return tuple(
            o
            for o in self.items
            if o.status in (ObligationStatus.OVERDUE, ObligationStatus.ESCALATED)
        )

    @property
    def escalated(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.items if o.status is ObligationStatus.ESCALATED)

    @property
    def due(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.items if o.status is ObligationStatus.DUE)

    @property
    def upcoming(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.items if o.status is ObligationStatus.UPCOMING)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Obligation]:
        return iter(self.items)


@attrs.frozen(slots=True, kw_only=True)
class Tally:
    """Counts of obligations by status."""

    met_on_time: int = 0
    met_late: int = 0
    upcoming: int = 0
    due: int = 0
    overdue: int = 0
    escalated: int = 0

    @property
    def met(self) -> int:
        return self.met_on_time + self.met_late

    @property
    def open(self) -> int:
        return self.upcoming + self.due + self.overdue + self.escalated

    @property
    def late(self) -> int:
        """Late in any way: met late, overdue or escalated."""
        return self.met_late + self.overdue + self.escalated

    @property
    def total(self) -> int:
        return self.met + self.open


def _freeze_tallies(value: Mapping[str, Tally]) -> Mapping[str, Tally]:
    return MappingProxyType(dict(value))


@attrs.frozen(slots=True, kw_only=True)
class Summary:
    """Obligations counted by status per rule and per person, at ``at``."""

    at: datetime
    by_rule: Mapping[str, Tally] = attrs.field(converter=_freeze_tallies, hash=False)
    by_person: Mapping[str, Tally] = attrs.field(converter=_freeze_tallies, hash=False)
    total: Tally = Tally()


def _tally(obligations: Iterable[Obligation]) -> dict[str, int]:
    counts = {s.value: 0 for s in ObligationStatus}
    for o in obligations:
        counts[o.status.value] += 1
    return counts


# -- the tracker ---------------------------------------------------------------


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


class Tracker:
    """The records, indexed once, and the rules to evaluate on them at any ``at``.

    ``rules`` is a :class:`RuleSet` or a list of :class:`TimeRule`. The
    records are the library's own (already valid: they are not checked
    again, only their types and ids). ``events`` are the explicit events
    (objections, deliveries, bookings, surveys, services). ``calendar`` is
    needed by rules that count working time; ``team`` by rules that fall to
    a role and for escalations. ``rot_days`` maps a pipeline name to
    ``{stage key: days}`` for the stale-deal rule; by default the stages'
    pipeline presets give it.
    """

    __slots__ = (
        "_activities",
        "_calendar",
        "_contacts",
        "_customers",
        "_events",
        "_leads",
        "_opportunities",
        "_opps_by_customer",
        "_owned",
        "_rot",
        "_rules",
        "_team",
        "_visits",
    )

    def __init__(
        self,
        rules: RuleSet | Iterable[TimeRule],
        *,
        customers: Iterable[Customer] = (),
        leads: Iterable[Lead] = (),
        opportunities: Iterable[Opportunity] = (),
        activities: Iterable[Activity] = (),
        events: Iterable[Event] = (),
        calendar: WorkingCalendar | None = None,
        team: Team | None = None,
        rot_days: Mapping[str, Mapping[str, int]] | None = None,
    ) -> None:
        check = Checker("Tracker")
        ruleset: RuleSet | None = None
        if isinstance(rules, RuleSet):
            ruleset = rules
        else:
            try:
                ruleset = RuleSet(rules=tuple(rules))
            except TypeError:
                check.add(
                    "rules", f"expected a RuleSet or a list of TimeRule, got {describe(rules)}"
                )
        lists: dict[str, tuple[Any, ...]] = {}
        for name, value, kind in (
            ("customers", customers, Customer),
            ("leads", leads, Lead),
            ("opportunities", opportunities, Opportunity),
            ("activities", activities, Activity),
            ("events", events, Event),
        ):
            items: object = value
            if isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping)):
                items = tuple(value)
            lists[name] = ()
            if check.items(name, items, kind, kind.__name__):
                assert isinstance(items, tuple)
                lists[name] = items
                if kind is not Event:
                    _unique_ids(check, name, items, kind.__name__)
        if calendar is not None:
            check.instance("calendar", calendar, WorkingCalendar, "a WorkingCalendar or None")
        if team is None:
            team = Team()
        elif not isinstance(team, Team):
            check.add("team", f"expected a Team or None, got {describe(team)}")
            team = Team()
        rot = default_rot_days()
        if rot_days is not None:
            if not isinstance(rot_days, Mapping):
                check.add("rot_days", f"expected a mapping, got {describe(rot_days)}")
            else:
                for pipeline, stages in rot_days.items():
                    if not isinstance(stages, Mapping):
                        check.add(
                            f"rot_days[{pipeline!r}]",
                            f"expected a mapping of stage to days, got {describe(stages)}",
                        )
                        continue
                    for stage, days in stages.items():
                        check.integer(
                            f"rot_days[{pipeline!r}][{stage!r}]", days, low=1, high=36_525
                        )
                    rot[pipeline] = dict(stages)
        if ruleset is not None:
            for i, rule in enumerate(ruleset.rules):
                if rule.uses_working_time and calendar is None:
                    check.add(
                        "calendar",
                        f"rule {rule.key!r} (rules[{i}]) counts working time: pass a "
                        "WorkingCalendar",
                    )
                for role in (rule.falls_to, rule.escalate_to):
                    if role in ("owner", "manager"):
                        continue
                    if role == rule.escalate_to and rule.escalate_after is None:
                        continue
                    if role not in team.roles:
                        check.add(
                            "team.roles",
                            f"rule {rule.key!r} (rules[{i}]) names role {role!r}, which no one "
                            "holds (add it to Team.roles)",
                        )
        self._customers: dict[str, Customer] = {c.id: c for c in lists["customers"]}
        self._leads: dict[str, Lead] = {x.id: x for x in lists["leads"]}
        self._opportunities: dict[str, Opportunity] = {o.id: o for o in lists["opportunities"]}
        self._activities: dict[str, Activity] = {a.id: a for a in lists["activities"]}
        known: dict[RuleSubject, Mapping[str, object]] = {
            RuleSubject.LEAD: self._leads,
            RuleSubject.CUSTOMER: self._customers,
            RuleSubject.OPPORTUNITY: self._opportunities,
            RuleSubject.ACTIVITY: self._activities,
        }
        by_event: dict[tuple[str, str], list[Event]] = {}
        for i, event in enumerate(lists["events"]):
            if not isinstance(event, Event):
                continue
            found_subject = ruleset.event_subject(event.kind) if ruleset is not None else None
            if found_subject is None:
                if ruleset is not None:
                    check.add(
                        f"events[{i}].kind",
                        f"undeclared event kind {event.kind!r} (declare it in the rule set's "
                        "event_kinds)",
                    )
                continue
            subject = found_subject
            if event.subject_id not in known[subject]:
                check.add(
                    f"events[{i}].subject_id",
                    f"unknown {subject.value} {event.subject_id!r} (a {event.kind} event "
                    f"names the id of a record of kind {subject.value})",
                )
            by_event.setdefault((event.kind, event.subject_id), []).append(event)
        check.done()
        assert ruleset is not None
        self._rules: RuleSet = ruleset
        self._team: Team = team
        self._calendar = calendar
        self._rot = rot
        for found in by_event.values():
            found.sort(key=lambda e: e.at)
        self._events = by_event
        owned: dict[RuleSubject, dict[str, list[Record]]] = {s: {} for s in RuleSubject}
        for subject, records in (
            (RuleSubject.CUSTOMER, self._customers.values()),
            (RuleSubject.LEAD, self._leads.values()),
            (RuleSubject.OPPORTUNITY, self._opportunities.values()),
            (RuleSubject.ACTIVITY, self._activities.values()),
        ):
            index = owned[subject]
            for record in records:
                owner = record.owner
                if owner is not None:
                    index.setdefault(owner, []).append(record)
        self._owned = owned
        opps_by_customer: dict[str, list[Opportunity]] = {}
        for opp in self._opportunities.values():
            opps_by_customer.setdefault(opp.customer_id, []).append(opp)
        self._opps_by_customer = opps_by_customer
        contacts: dict[str, list[datetime]] = {}
        visits: dict[str, list[datetime]] = {}
        for act in self._activities.values():
            if act.done_at is None:
                continue
            cid = act.customer_id
            if cid is None and act.opportunity_id is not None:
                linked = self._opportunities.get(act.opportunity_id)
                cid = linked.customer_id if linked is not None else None
            if cid is None:
                continue
            contacts.setdefault(cid, []).append(act.done_at)
            if act.kind is ActivityKind.VISIT:
                visits.setdefault(cid, []).append(act.done_at)
        for times in contacts.values():
            times.sort()
        for times in visits.values():
            times.sort()
        self._contacts = contacts
        self._visits = visits

    # -- public ------------------------------------------------------------------

    @property
    def rules(self) -> RuleSet:
        """The rules evaluated."""
        return self._rules

    @property
    def team(self) -> Team:
        """Who holds which role and who manages whom."""
        return self._team

    @property
    def calendar(self) -> WorkingCalendar | None:
        """The working calendar of working-time rules, if any."""
        return self._calendar

    def obligations(self, *, at: datetime) -> tuple[Obligation, ...]:
        """Every obligation of every rule on every record, as of ``at``, in due order."""
        _check_at(at)
        found = self._every(at)
        found.sort(key=_sort_key)
        return tuple(found)

    def _every(self, at: datetime) -> list[Obligation]:
        found: list[Obligation] = []
        for rule in self._rules.rules:
            evaluate_one = self._evaluator(rule)
            for record in self._all(rule.subject):
                found.extend(evaluate_one(rule, record, at))
        return found

    def agenda(self, person: str, *, at: datetime) -> Agenda:
        """``person``'s open obligations at ``at`` (their own and those escalated to them).

        Evaluates only the records that can concern ``person``: the ones they
        own, their reports' (for escalations), and all of a rule's records
        when they hold the role the rule falls to.
        """
        check = Checker("agenda")
        check.text("person", person)
        check.aware("at", at)
        check.done()
        items: list[Obligation] = []
        for rule in self.rules.rules:
            evaluate_one = self._evaluator(rule)
            for record in self._candidates(rule, person):
                for ob in evaluate_one(rule, record, at):
                    status = ob.status
                    if (status.is_open and ob.for_whom == person) or (
                        status is ObligationStatus.ESCALATED and ob.escalated_to == person
                    ):
                        items.append(ob)
        items.sort(key=_sort_key)
        return Agenda(person=person, at=at, items=tuple(items))

    def summary(self, *, at: datetime) -> Summary:
        """Obligations as of ``at`` counted by status, per rule and per person."""
        _check_at(at)
        obligations = self._every(at)
        by_rule: dict[str, list[Obligation]] = {r.key: [] for r in self.rules.rules}
        by_person: dict[str, list[Obligation]] = {}
        for o in obligations:
            by_rule[o.rule.key].append(o)
            by_person.setdefault(o.for_whom, []).append(o)
        return Summary(
            at=at,
            by_rule={k: Tally(**_tally(v)) for k, v in by_rule.items()},
            by_person={k: Tally(**_tally(v)) for k, v in sorted(by_person.items())},
            total=Tally(**_tally(obligations)),
        )

    def record(self, subject: RuleSubject, record_id: str) -> Record:
        """The record of ``subject`` kind with ``record_id``."""
        tables: dict[RuleSubject, Mapping[str, Record]] = {
            RuleSubject.CUSTOMER: self._customers,
            RuleSubject.LEAD: self._leads,
            RuleSubject.OPPORTUNITY: self._opportunities,
            RuleSubject.ACTIVITY: self._activities,
        }
        try:
            kind = RuleSubject(subject)
        except ValueError:
            choices = ", ".join(repr(s.value) for s in RuleSubject)
            raise ValidationError.single(
                "Tracker.record", "subject", f"expected one of {choices}, got {describe(subject)}"
            ) from None
        table = tables[kind]
        try:
            return table[record_id]
        except KeyError:
            raise ValidationError.single(
                "Tracker", "record_id", f"unknown {kind.value} {record_id!r}"
            ) from None

    # -- candidates ------------------------------------------------------------------

    def _all(self, subject: RuleSubject) -> Iterable[Record]:
        if subject is RuleSubject.CUSTOMER:
            return self._customers.values()
        if subject is RuleSubject.LEAD:
            return self._leads.values()
        if subject is RuleSubject.OPPORTUNITY:
            return self._opportunities.values()
        return self._activities.values()

    def _candidates(self, rule: TimeRule, person: str) -> Iterable[Record]:
        team = self.team
        if rule.falls_to != "owner":
            holder = team.roles[rule.falls_to]
            if holder == person or (
                rule.escalate_after is not None and self._escalation_target(rule, holder) == person
            ):
                return self._all(rule.subject)
            return ()
        owned = self._owned[rule.subject]
        owners = {person}
        if rule.escalate_after is not None:
            if rule.escalate_to == "manager":
                owners.update(p for p, m in team.managers.items() if m == person)
                if team.roles.get("manager") == person:
                    owners.update(p for p in owned if p not in team.managers)
            elif team.roles.get(rule.escalate_to) == person:
                return self._all(rule.subject)
        found: list[Record] = []
        for owner in owners:
            found.extend(owned.get(owner, ()))
        return found

    def _escalation_target(self, rule: TimeRule, assignee: str) -> str | None:
        if rule.escalate_after is None:
            return None
        if rule.escalate_to == "manager":
            team = self.team
            return team.managers.get(assignee) or team.roles.get("manager")
        return self.team.roles.get(rule.escalate_to)

    def _assignee(self, rule: TimeRule, owner: str | None) -> str | None:
        if rule.falls_to == "owner":
            return owner
        return self.team.roles[rule.falls_to]

    # -- evaluation ------------------------------------------------------------------

    def _evaluator(self, rule: TimeRule) -> Callable[[TimeRule, Any, datetime], list[Obligation]]:
        start = rule.start
        if not isinstance(start, StartEvent):
            return self._customer if rule.every is not None else self._declared
        if start is StartEvent.LEAD_CREATED:
            return self._lead
        if start is StartEvent.STAGE_ENTERED:
            return self._stale
        if start is StartEvent.OBJECTION_RAISED:
            return self._objections
        if start is StartEvent.VISIT_PLANNED:
            return self._visit
        if rule.subject is RuleSubject.CUSTOMER:
            return self._customer
        return self._delivery

    def _make(
        self,
        rule: TimeRule,
        record: Record,
        who: str,
        start: datetime,
        due: datetime,
        met: datetime | None,
        at: datetime,
        *,
        event: Event | None = None,
        sequence: int = 0,
    ) -> Obligation:
        if rule.end_of_day:
            cal = self._calendar
            if cal is not None and rule.due is not None and rule.due.basis is TimeBasis.WORKING:
                due = cal.close_of_day(due)
            else:
                due = _end_of_day(due, cal.tz if cal is not None else None)
        escalate_at = None
        escalated_to = None
        if rule.escalate_after is not None:
            escalate_at = rule.escalate_after._after(due, self._calendar)
            escalated_to = self._escalation_target(rule, who)
        if met is not None and met > at:
            met = None
        if met is not None:
            status = ObligationStatus.MET_ON_TIME if met <= due else ObligationStatus.MET_LATE
        elif at > due:
            status = (
                ObligationStatus.ESCALATED
                if escalate_at is not None and at > escalate_at
                else ObligationStatus.OVERDUE
            )
        elif at >= due - rule.remind_before.timedelta:
            status = ObligationStatus.DUE
        else:
            status = ObligationStatus.UPCOMING
        return Obligation(
            rule=rule,
            record=record,
            for_whom=who,
            start_at=start,
            due_at=due,
            status=status,
            met_at=met,
            escalate_at=escalate_at,
            escalated_to=escalated_to,
            event=event,
            sequence=sequence,
        )

    def _deadline(self, rule: TimeRule, start: datetime) -> datetime:
        assert rule.due is not None
        if rule.offset is DueOffset.BEFORE:
            return rule.due._before(start, self._calendar)
        return rule.due._after(start, self._calendar)

    def _lead(self, rule: TimeRule, lead: Lead, at: datetime) -> list[Obligation]:
        if lead.created_at > at:
            return []
        if rule.priorities and lead.priority not in rule.priorities:
            return []
        met = lead.assigned_at
        if met is None and lead.owner is not None:
            met = lead.created_at
        if met is None and lead.status is LeadStatus.DISQUALIFIED:
            return []
        who = self._assignee(rule, lead.owner)
        if who is None:
            return []
        start = lead.created_at
        return [self._make(rule, lead, who, start, self._deadline(rule, start), met, at)]

    def _stale(self, rule: TimeRule, opp: Opportunity, at: datetime) -> list[Obligation]:
        if opp.created_at > at:
            return []
        rot: Mapping[str, int] = {}
        if rule.due_from_stage:
            rot = self._rot.get(opp.pipeline, {})
            if not rot:
                return []
        who = self._assignee(rule, opp.owner)
        if who is None:
            return []
        out: list[Obligation] = []
        for seq, (stage, entered, left) in enumerate(_stints(opp, at)):
            if rule.due_from_stage:
                days = rot.get(stage)
                if days is None:
                    continue
                due = entered + timedelta(days=days)
            else:
                due = self._deadline(rule, entered)
            out.append(self._make(rule, opp, who, entered, due, left, at, sequence=seq))
        return out

    def _objections(self, rule: TimeRule, opp: Opportunity, at: datetime) -> list[Obligation]:
        raised = self._events.get((CadenceEventKind.OBJECTION_RAISED, opp.id))
        if not raised:
            return []
        who = self._assignee(rule, opp.owner)
        if who is None:
            return []
        answers = [
            e.at for e in self._events.get((CadenceEventKind.OBJECTION_ANSWERED, opp.id), ())
        ]
        out: list[Obligation] = []
        j = 0
        for seq, event in enumerate(raised):
            if event.at > at:
                break
            while j < len(answers) and answers[j] < event.at:
                j += 1
            met = None
            if j < len(answers):
                met = answers[j]
                j += 1
            due = self._deadline(rule, event.at)
            out.append(
                self._make(rule, opp, who, event.at, due, met, at, event=event, sequence=seq)
            )
        return out

    def _stop_times(self, stop: str, customer_id: str, opp_id: str | None) -> list[datetime]:
        if not isinstance(stop, StopEvent):  # a declared kind, on the rule's own subject
            subject_id = customer_id if opp_id is None else opp_id
            return [e.at for e in self._events.get((stop, subject_id), ())]
        if stop is StopEvent.CONTACT:
            return self._contacts.get(customer_id, [])
        if stop is StopEvent.VISIT_DONE:
            return self._visits.get(customer_id, [])
        if stop is StopEvent.SERVICE_DONE:
            return [
                e.at for e in self._events.get((CadenceEventKind.SERVICE_DONE, customer_id), ())
            ]
        assert stop is StopEvent.SURVEY_DONE
        assert opp_id is not None
        return [e.at for e in self._events.get((CadenceEventKind.SURVEY_DONE, opp_id), ())]

    def _declared(self, rule: TimeRule, record: Record, at: datetime) -> list[Obligation]:
        """A declared start kind: each start event is met by the next unused stop event."""
        started = self._events.get((rule.start, record.id))
        if not started:
            return []
        who = self._assignee(rule, record.owner)
        if who is None:
            return []
        stops = [e.at for e in self._events.get((rule.stop, record.id), ())]
        same = rule.start == rule.stop  # a check timed from the last check: strictly after
        out: list[Obligation] = []
        j = 0
        for seq, event in enumerate(started):
            if event.at > at:
                break
            while j < len(stops) and (stops[j] <= event.at if same else stops[j] < event.at):
                j += 1
            met = None
            if j < len(stops):
                met = stops[j]
                j += 1
            due = self._deadline(rule, event.at)
            out.append(
                self._make(rule, record, who, event.at, due, met, at, event=event, sequence=seq)
            )
        return out

    def _delivery(self, rule: TimeRule, opp: Opportunity, at: datetime) -> list[Obligation]:
        delivered = self._events.get((CadenceEventKind.DELIVERED, opp.id))
        if not delivered:
            return []
        who = self._assignee(rule, opp.owner)
        if who is None:
            return []
        stops = self._stop_times(rule.stop, opp.customer_id, opp.id)
        out: list[Obligation] = []
        for seq, event in enumerate(delivered):
            if event.at > at:
                break
            i = bisect_left(stops, event.at)
            met = stops[i] if i < len(stops) else None
            due = self._deadline(rule, event.at)
            out.append(
                self._make(rule, opp, who, event.at, due, met, at, event=event, sequence=seq)
            )
        return out

    def _anchor(
        self, rule: TimeRule, customer: Customer, at: datetime
    ) -> tuple[datetime, Event | None] | None:
        if not isinstance(rule.start, StartEvent):  # a declared kind: its first event
            for event in self._events.get((rule.start, customer.id), ()):
                return (event.at, event) if event.at <= at else None
            return None
        if rule.start is StartEvent.DELIVERED:
            first: Event | None = None
            for opp in self._opps_by_customer.get(customer.id, ()):
                for event in self._events.get((CadenceEventKind.DELIVERED, opp.id), ()):
                    if event.at <= at and (first is None or event.at < first.at):
                        first = event
                    break
            return None if first is None else (first.at, first)
        known = [o.created_at for o in self._opps_by_customer.get(customer.id, ())]
        contacts = self._contacts.get(customer.id)
        if contacts:
            known.append(contacts[0])
        last_order = customer.trading.last_order
        if last_order is not None:
            tz: tzinfo = self._calendar.tz if self._calendar is not None else UTC
            known.append(datetime.combine(last_order, time(0), tzinfo=tz))
        known = [k for k in known if k <= at]
        return (min(known), None) if known else None

    def _customer(self, rule: TimeRule, customer: Customer, at: datetime) -> list[Obligation]:
        if rule.grades and customer.value_grade not in rule.grades:
            return []
        recurrence = rule.every
        assert recurrence is not None
        every = recurrence.every_for(customer.value_grade)
        if every is None:
            return []
        who = self._assignee(rule, customer.owner)
        if who is None:
            return []
        anchored = self._anchor(rule, customer, at)
        if anchored is None:
            return []
        anchor, event = anchored
        stops = self._stop_times(rule.stop, customer.id, None)
        limit = bisect_right(stops, at)
        out: list[Obligation] = []
        if recurrence.anchor is RecurrenceAnchor.ROLLING:
            start = anchor
            i = bisect_right(stops, start, hi=limit)
            seq = 0
            while True:
                due = recurrence._next_after(start, every)
                met = stops[i] if i < limit else None
                out.append(
                    self._make(rule, customer, who, start, due, met, at, event=event, sequence=seq)
                )
                if met is None:
                    return out
                start = met
                i = bisect_right(stops, start, hi=limit)
                seq += 1
        tz = self._calendar.tz if self._calendar is not None else anchor.tzinfo
        _, begin = _period_of(anchor.astimezone(tz), recurrence.unit)
        seq = 0
        while begin <= at:
            first, following = _period_of(begin, recurrence.unit)
            due = following - _TICK
            i = bisect_left(stops, first, hi=limit)
            met = stops[i] if i < limit and stops[i] <= due else None
            out.append(
                self._make(rule, customer, who, first, due, met, at, event=event, sequence=seq)
            )
            begin = following
            seq += 1
        return out

    def _visit(self, rule: TimeRule, act: Activity, at: datetime) -> list[Obligation]:
        if rule.activity_kinds and act.kind not in rule.activity_kinds:
            return []
        start = act.planned_at
        if start is None:
            return []
        who = self._assignee(rule, act.owner)
        if who is None:
            return []
        met: datetime | None = None
        if rule.stop is StopEvent.VISIT_BOOKED:
            booked = self._events.get((CadenceEventKind.VISIT_BOOKED, act.id))
            met = booked[0].at if booked else None
        else:
            reported = self._events.get((CadenceEventKind.VISIT_REPORTED, act.id))
            met = reported[0].at if reported else act.done_at
        return [self._make(rule, act, who, start, self._deadline(rule, start), met, at)]


def stints(opp: Opportunity, at: datetime) -> list[tuple[str, datetime, datetime | None]]:
    """The deal's open stays in a stage up to ``at``: (stage, entered, left or None).

    Read from ``history`` (the changes at or before ``at``), else
    ``created_at``. A stay ends when the deal changes stage or stops being
    open (won, lost, paused); resuming starts a new stay.
    """
    check = Checker("stints")
    check.instance("opp", opp, Opportunity, "an Opportunity")
    check.aware("at", at)
    check.done()
    return _stints(opp, at)


def _stints(opp: Opportunity, at: datetime) -> list[tuple[str, datetime, datetime | None]]:
    history = opp.history
    if history:
        first = history[0]
        stage = first.from_stage if first.from_stage is not None else first.to_stage
        status = first.from_status if first.from_status is not None else OpportunityStatus.OPEN
    else:
        stage, status = opp.stage, opp.status
    entered = opp.created_at
    out: list[tuple[str, datetime, datetime | None]] = []
    for change in history:
        if change.at > at:
            break
        if change.to_stage != stage or change.to_status != status:
            if status is OpportunityStatus.OPEN:
                out.append((stage, entered, change.at))
            stage, status, entered = change.to_stage, change.to_status, change.at
    if status is OpportunityStatus.OPEN:
        out.append((stage, entered, None))
    return out


def _sort_key(o: Obligation) -> tuple[datetime, str, str, int]:
    return (o.due_at, o.rule.key, o.record.id, o.sequence)


def _check_at(at: object) -> None:
    check = Checker("at")
    check.aware("at", at)
    check.done()


def _unique_ids(check: Checker, name: str, items: tuple[Any, ...], what: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            check.add(f"{name}[{i}].id", f"duplicate {what} id {item.id!r}")
        seen.add(item.id)


# -- one-shot functions -----------------------------------------------------------

_TRACKER_KEYWORDS = (
    "activities",
    "calendar",
    "customers",
    "events",
    "leads",
    "opportunities",
    "rot_days",
    "team",
)


def _tracker(rules: RuleSet | Iterable[TimeRule], records: dict[str, Any]) -> Tracker:
    unknown = sorted(k for k in records if k not in _TRACKER_KEYWORDS)
    if unknown:
        raise ValidationError(
            "Tracker",
            [
                Problem(k, f"unknown keyword {k!r} (expected: {', '.join(_TRACKER_KEYWORDS)})")
                for k in unknown
            ],
        )
    return Tracker(rules, **records)


def evaluate(
    rules: RuleSet | Iterable[TimeRule], *, at: datetime, **records: Any
) -> tuple[Obligation, ...]:
    """Every obligation as of ``at`` (keyword arguments as for :class:`Tracker`)."""
    return _tracker(rules, records).obligations(at=at)


def agenda(
    person: str, rules: RuleSet | Iterable[TimeRule], *, at: datetime, **records: Any
) -> Agenda:
    """``person``'s agenda as of ``at`` (keyword arguments as for :class:`Tracker`)."""
    return _tracker(rules, records).agenda(person, at=at)


def summarise(rules: RuleSet | Iterable[TimeRule], *, at: datetime, **records: Any) -> Summary:
    """Counts by status per rule and per person as of ``at``."""
    return _tracker(rules, records).summary(at=at)
