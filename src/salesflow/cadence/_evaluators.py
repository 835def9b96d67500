"""One evaluator per rule kind, found in :data:`EVALUATORS` by (subject, start event).

A rule whose start is a declared event kind (``"control.approval_requested"``)
finds its evaluator under the subject and :data:`DECLARED` (each start event
met by the next stop event), or for a customer's recurrence
:data:`DECLARED_EVERY` (the recurrence anchored at the first start event).

An evaluator reads one record's clocks (:class:`~salesflow.cadence._clocks.Clocks`)
and gives the record's obligations under one rule as of ``at``. Beside it,
its ``first_start`` tells, without an ``at``, from when the record can have
any obligation under the rule (``None``: never), so the tracker's index can
leave out what cannot count yet.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from salesflow._checks import freeze_mapping, make_builder
from salesflow.cadence._clocks import Clocks
from salesflow.cadence._people import assignee, escalation_target
from salesflow.cadence._results import Obligation, ObligationStatus, Record
from salesflow.cadence._rules import (
    CadenceEventKind,
    Event,
    RuleSubject,
    StartEvent,
    StopEvent,
    Team,
    TimeRule,
)
from salesflow.cadence._time import Recurrence, RecurrenceAnchor, _period_of
from salesflow.records import (
    Activity,
    Customer,
    Intent,
    IntentHistory,
    Lead,
    LeadStatus,
    Opportunity,
)

__all__ = [
    "ALWAYS",
    "DECLARED",
    "DECLARED_EVERY",
    "EVALUATORS",
    "Evaluator",
    "Scope",
    "evaluator_of",
]

#: Obligations are built from checked parts: the kernel's builder, no __init__.
_obligation = make_builder(Obligation)

_TICK = timedelta(microseconds=1)

#: A ``first_start`` for records whose obligations may start after ``at`` (planned visits).
ALWAYS = datetime.min.replace(tzinfo=UTC)

#: The start key in :data:`EVALUATORS` of a rule timed from a declared event kind,
#: and of a customer's recurrence anchored at one (neither is a key string, which
#: always holds a dot, nor a built-in start).
DECLARED = "*declared"
DECLARED_EVERY = "*declared_every"


@attrs.frozen(slots=True)
class Scope:
    """What every evaluator reads besides the record: the clocks and the team."""

    clocks: Clocks
    team: Team

    def obligation(
        self,
        rule: TimeRule,
        record: Record,
        who: str,
        span: tuple[datetime, datetime, datetime | None],
        at: datetime,
        *,
        event: Event | None = None,
        sequence: int = 0,
    ) -> Obligation:
        """The obligation whose clock ran ``span`` (start, deadline, met or None), as of ``at``."""
        start, due, met = span
        due = self.clocks.closing(rule, due)
        escalate_at = None
        escalated_to = None
        if rule.escalate_after is not None:
            escalate_at = rule.escalate_after._after(due, self.clocks.calendar)
            escalated_to = escalation_target(self.team, rule, who)
        if met is not None and met > at:
            met = None
        if met is not None:
            status = ObligationStatus.MET_ON_TIME if met <= due else ObligationStatus.MET_LATE
        elif at > due:
            late = escalate_at is not None and at > escalate_at
            status = ObligationStatus.ESCALATED if late else ObligationStatus.OVERDUE
        elif at >= due - rule.remind_before.timedelta:
            status = ObligationStatus.DUE
        else:
            status = ObligationStatus.UPCOMING
        return _obligation(
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


@attrs.frozen(slots=True)
class Evaluator:
    """One rule kind: its obligations on a record at ``at``, and from when it can have any."""

    evaluate: Callable[[Scope, TimeRule, Any, datetime], list[Obligation]]
    first_start: Callable[[Scope, TimeRule, Any], datetime | None]


# -- a lead gets an owner ----------------------------------------------------------


def _lead_start(scope: Scope, rule: TimeRule, lead: Lead) -> datetime | None:
    if rule.priorities and lead.priority not in rule.priorities:
        return None
    if lead.assigned_at is None and lead.owner is None and lead.status is LeadStatus.DISQUALIFIED:
        return None
    return lead.created_at


def _lead(scope: Scope, rule: TimeRule, lead: Lead, at: datetime) -> list[Obligation]:
    if lead.created_at > at or _lead_start(scope, rule, lead) is None:
        return []
    met = lead.assigned_at
    if met is None and lead.owner is not None:
        met = lead.created_at
    who = assignee(scope.team, rule, lead.owner)
    if who is None:
        return []
    start = lead.created_at
    span = (start, scope.clocks.deadline(rule, start), met)
    return [scope.obligation(rule, lead, who, span, at)]


# -- a deal moves on from its stage ------------------------------------------------------


def _stale_start(scope: Scope, rule: TimeRule, opp: Opportunity) -> datetime | None:
    if rule.due_from_stage and not scope.clocks.rot.get(opp.pipeline):
        return None
    return opp.created_at


def _stale(scope: Scope, rule: TimeRule, opp: Opportunity, at: datetime) -> list[Obligation]:
    if opp.created_at > at or _stale_start(scope, rule, opp) is None:
        return []
    rot = scope.clocks.rot.get(opp.pipeline, {})
    who = assignee(scope.team, rule, opp.owner)
    if who is None:
        return []
    out: list[Obligation] = []
    for seq, stay in enumerate(scope.clocks.open_stays(opp, at)):
        entered = stay.entered_at
        if rule.due_from_stage:
            days = rot.get(stay.stage)
            if days is None:
                continue
            due = entered + timedelta(days=days)
        else:
            due = scope.clocks.deadline(rule, entered)
        span = (entered, due, stay.left_at)
        out.append(scope.obligation(rule, opp, who, span, at, sequence=seq))
    return out


# -- an objection is answered ----------------------------------------------------------


def _first_event(kind: CadenceEventKind) -> Callable[[Scope, TimeRule, Any], datetime | None]:
    def first_start(scope: Scope, rule: TimeRule, record: Any) -> datetime | None:
        found = scope.clocks.events(kind, record.id)
        return found[0].at if found else None

    return first_start


def _objections(scope: Scope, rule: TimeRule, opp: Opportunity, at: datetime) -> list[Obligation]:
    clocks = scope.clocks
    raised = clocks.events(CadenceEventKind.OBJECTION_RAISED, opp.id)
    who = assignee(scope.team, rule, opp.owner)
    if not raised or who is None:
        return []
    answers = [e.at for e in clocks.events(CadenceEventKind.OBJECTION_ANSWERED, opp.id)]
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
        span = (event.at, clocks.deadline(rule, event.at), met)
        out.append(scope.obligation(rule, opp, who, span, at, event=event, sequence=seq))
    return out


# -- a weak deal is re-planned or paused -------------------------------------------------


def _replans(scope: Scope, rule: TimeRule, opp: Opportunity, at: datetime) -> list[Obligation]:
    clocks = scope.clocks
    recommended = clocks.events(CadenceEventKind.REPLAN_RECOMMENDED, opp.id)
    who = assignee(scope.team, rule, opp.owner)
    if not recommended or who is None:
        return []
    # met by an explicit "replanned" event, else by the deal's next stage change
    done = sorted(
        [e.at for e in clocks.events(CadenceEventKind.REPLANNED, opp.id)]
        + [c.at for c in opp.history[1:]]
    )
    out: list[Obligation] = []
    for seq, event in enumerate(recommended):
        if event.at > at:
            break
        i = bisect_right(done, event.at)
        met = done[i] if i < len(done) else None
        span = (event.at, clocks.deadline(rule, event.at), met)
        out.append(scope.obligation(rule, opp, who, span, at, event=event, sequence=seq))
    return out


# -- a delivered deal is followed up --------------------------------------------------


def _delivery(scope: Scope, rule: TimeRule, opp: Opportunity, at: datetime) -> list[Obligation]:
    clocks = scope.clocks
    delivered = clocks.events(CadenceEventKind.DELIVERED, opp.id)
    who = assignee(scope.team, rule, opp.owner)
    if not delivered or who is None:
        return []
    stops = clocks.stop_times(rule.stop, opp.customer_id, opp.id)
    out: list[Obligation] = []
    for seq, event in enumerate(delivered):
        if event.at > at:
            break
        i = bisect_left(stops, event.at)
        met = stops[i] if i < len(stops) else None
        span = (event.at, clocks.deadline(rule, event.at), met)
        out.append(scope.obligation(rule, opp, who, span, at, event=event, sequence=seq))
    return out


# -- a customer is served on a recurrence ----------------------------------------------


def _every(rule: TimeRule, customer: Customer) -> int | None:
    if rule.grades and customer.value_grade not in rule.grades:
        return None
    assert rule.every is not None
    return rule.every.every_for(customer.value_grade)


def _customer_start(scope: Scope, rule: TimeRule, customer: Customer) -> datetime | None:
    if _every(rule, customer) is None:
        return None
    anchored = scope.clocks.anchor(rule, customer, None)
    return None if anchored is None else anchored[0]


def _customer(scope: Scope, rule: TimeRule, customer: Customer, at: datetime) -> list[Obligation]:
    every = _every(rule, customer)
    who = assignee(scope.team, rule, customer.owner)
    if every is None or who is None:
        return []
    anchored = scope.clocks.anchor(rule, customer, at)
    if anchored is None:
        return []
    anchor, event = anchored
    stops = scope.clocks.stop_times(rule.stop, customer.id, None)
    limit = bisect_right(stops, at)
    assert rule.every is not None
    if rule.every.anchor is RecurrenceAnchor.ROLLING:
        spans = _rolling(rule.every, every, anchor, stops[:limit])
    else:
        tz = scope.clocks.calendar.tz if scope.clocks.calendar is not None else anchor.tzinfo
        spans = _calendar_periods(rule.every, anchor.astimezone(tz), stops[:limit], at)
    return [
        scope.obligation(rule, customer, who, span, at, event=event, sequence=seq)
        for seq, span in enumerate(spans)
    ]


def _rolling(
    recurrence: Recurrence, every: int, anchor: datetime, stops: Sequence[datetime]
) -> list[tuple[datetime, datetime, datetime | None]]:
    """Each next one due ``every`` after the last met one, until one is open."""
    out: list[tuple[datetime, datetime, datetime | None]] = []
    start = anchor
    while True:
        i = bisect_right(stops, start)
        met = stops[i] if i < len(stops) else None
        out.append((start, recurrence._next_after(start, every), met))
        if met is None:
            return out
        start = met


def _calendar_periods(
    recurrence: Recurrence, anchor: datetime, stops: Sequence[datetime], at: datetime
) -> list[tuple[datetime, datetime, datetime | None]]:
    """One per calendar period, from the one after the anchor's to the one holding ``at``."""
    out: list[tuple[datetime, datetime, datetime | None]] = []
    _, begin = _period_of(anchor, recurrence.unit)
    while begin <= at:
        first, following = _period_of(begin, recurrence.unit)
        due = following - _TICK
        i = bisect_left(stops, first)
        met = stops[i] if i < len(stops) and stops[i] <= due else None
        out.append((first, due, met))
        begin = following
    return out


# -- a planned visit is booked ahead and reported ------------------------------------


def _visit_start(scope: Scope, rule: TimeRule, act: Activity) -> datetime | None:
    if rule.activity_kinds and act.kind not in rule.activity_kinds:
        return None
    return None if act.planned_at is None else ALWAYS


def _visit(scope: Scope, rule: TimeRule, act: Activity, at: datetime) -> list[Obligation]:
    start = act.planned_at
    who = assignee(scope.team, rule, act.owner)
    if start is None or who is None or _visit_start(scope, rule, act) is None:
        return []
    clocks = scope.clocks
    if rule.stop is StopEvent.VISIT_BOOKED:
        booked = clocks.events(CadenceEventKind.VISIT_BOOKED, act.id)
        met = booked[0].at if booked else None
    else:
        reported = clocks.events(CadenceEventKind.VISIT_REPORTED, act.id)
        met = reported[0].at if reported else act.done_at
    span = (start, clocks.deadline(rule, start), met)
    return [scope.obligation(rule, act, who, span, at)]


# -- a prospect is followed up after each judgement of its intent ----------------------


def _starts_clock(rule: TimeRule, intent: Intent) -> bool:
    """Whether a judgement of ``intent`` starts ``rule``'s clock (no intents: all but D)."""
    return intent in rule.intents if rule.intents else intent is not Intent.D


def _judged_start(scope: Scope, rule: TimeRule, record: Lead | Customer) -> datetime | None:
    if isinstance(record, Lead) and record.status is LeadStatus.CONVERTED:
        return None  # its customer carries the history on
    for mark in record.intent.marks:
        if _starts_clock(rule, mark.intent):
            return mark.at
    return None


def _judged(
    scope: Scope, rule: TimeRule, record: Lead | Customer, at: datetime
) -> list[Obligation]:
    """Each judgement of a chosen intent is met by the next judgement (or contact, visit)."""
    who = assignee(scope.team, rule, record.owner)
    if who is None or _judged_start(scope, rule, record) is None:
        return []
    marks = record.intent.marks
    stops: Sequence[datetime] = ()
    if rule.stop is not StopEvent.INTENT_JUDGED:
        stops = scope.clocks.stop_times(rule.stop, record.id, None)
    out: list[Obligation] = []
    for i, mark in enumerate(marks):
        if mark.at > at:
            break
        if not _starts_clock(rule, mark.intent):
            continue
        if rule.stop is StopEvent.INTENT_JUDGED:
            met = marks[i + 1].at if i + 1 < len(marks) else None
        else:
            j = bisect_right(stops, mark.at)
            met = stops[j] if j < len(stops) else None
        span = (mark.at, scope.clocks.deadline(rule, mark.at), met)
        out.append(scope.obligation(rule, record, who, span, at, sequence=i))
    return out


# -- any lead or customer rule, for the records holding one of its intents -------------


def _held_at(history: IntentHistory, at: datetime) -> Intent | None:
    found: Intent | None = None
    for mark in history.marks:
        if mark.at > at:
            break
        found = mark.intent
    return found


def _holding(inner: Evaluator) -> Evaluator:
    """``inner``, for only the records whose intent at ``at`` is one of the rule's ``intents``."""

    def evaluate(scope: Scope, rule: TimeRule, record: Any, at: datetime) -> list[Obligation]:
        if _held_at(record.intent, at) not in rule.intents:
            return []
        return inner.evaluate(scope, rule, record, at)

    def first_start(scope: Scope, rule: TimeRule, record: Any) -> datetime | None:
        held: list[datetime] = [m.at for m in record.intent.marks if m.intent in rule.intents]
        start = inner.first_start(scope, rule, record)
        if not held or start is None:
            return None
        return max(start, held[0])

    return Evaluator(evaluate, first_start)


# -- a declared start event is met by the next declared stop event ---------------------


def _declared_start(scope: Scope, rule: TimeRule, record: Any) -> datetime | None:
    found = scope.clocks.events(rule.start, record.id)
    return found[0].at if found else None


def _declared(scope: Scope, rule: TimeRule, record: Record, at: datetime) -> list[Obligation]:
    """Each start event is met by the next unused stop event (strictly after when the same kind)."""
    clocks = scope.clocks
    started = clocks.events(rule.start, record.id)
    who = assignee(scope.team, rule, record.owner)
    if not started or who is None:
        return []
    stops = [e.at for e in clocks.events(rule.stop, record.id)]
    same = rule.start == rule.stop  # a check timed from the last check
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
        span = (event.at, clocks.deadline(rule, event.at), met)
        out.append(scope.obligation(rule, record, who, span, at, event=event, sequence=seq))
    return out


_DECLARED_ONCE = Evaluator(_declared, _declared_start)

#: The evaluator of each rule kind, by (subject, start event): the pairs of ``ALLOWED``,
#: and for each subject the fallback entries of declared start kinds.
EVALUATORS: Mapping[tuple[RuleSubject, str], Evaluator] = freeze_mapping(
    {
        (RuleSubject.LEAD, StartEvent.LEAD_CREATED): Evaluator(_lead, _lead_start),
        (RuleSubject.OPPORTUNITY, StartEvent.STAGE_ENTERED): Evaluator(_stale, _stale_start),
        (RuleSubject.OPPORTUNITY, StartEvent.OBJECTION_RAISED): Evaluator(
            _objections, _first_event(CadenceEventKind.OBJECTION_RAISED)
        ),
        (RuleSubject.OPPORTUNITY, StartEvent.REPLAN_RECOMMENDED): Evaluator(
            _replans, _first_event(CadenceEventKind.REPLAN_RECOMMENDED)
        ),
        (RuleSubject.OPPORTUNITY, StartEvent.DELIVERED): Evaluator(
            _delivery, _first_event(CadenceEventKind.DELIVERED)
        ),
        (RuleSubject.CUSTOMER, StartEvent.LAST_CONTACT): Evaluator(_customer, _customer_start),
        (RuleSubject.CUSTOMER, StartEvent.DELIVERED): Evaluator(_customer, _customer_start),
        (RuleSubject.ACTIVITY, StartEvent.VISIT_PLANNED): Evaluator(_visit, _visit_start),
        (RuleSubject.LEAD, StartEvent.INTENT_JUDGED): Evaluator(_judged, _judged_start),
        (RuleSubject.CUSTOMER, StartEvent.INTENT_JUDGED): Evaluator(_judged, _judged_start),
        **{(subject, DECLARED): _DECLARED_ONCE for subject in RuleSubject},
        (RuleSubject.CUSTOMER, DECLARED_EVERY): Evaluator(_customer, _customer_start),
    }
)


def evaluator_of(rule: TimeRule) -> Evaluator:
    """The evaluator of ``rule``'s kind (a declared start: its subject's fallback entry).

    A rule with ``intents`` (other than one started by ``intent_judged``, which
    reads them itself) counts only the records holding one of them.
    """
    found = EVALUATORS.get((rule.subject, rule.start))
    if found is None:
        found = EVALUATORS[(rule.subject, DECLARED if rule.every is None else DECLARED_EVERY)]
    if rule.intents and rule.start is not StartEvent.INTENT_JUDGED:
        return _holding(found)
    return found
