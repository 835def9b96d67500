"""Time rules as data, the explicit events they read, and the team they fall to."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any, TypeVar

import attrs

from salesflow._checks import (
    Checker,
    definition_checker,
    describe,
    freeze_mapping,
    require_text,
    to_tuple,
)
from salesflow.cadence._time import Duration, DurationUnit, Recurrence, RecurrenceAnchor, TimeBasis
from salesflow.convert import Definition
from salesflow.exceptions import ValidationError
from salesflow.frozen import EMPTY, FrozenDict
from salesflow.records import ActivityKind, Intent, Priority, ValueGrade

__all__ = [
    "CadenceEventKind",
    "DueOffset",
    "Event",
    "EventKind",
    "RuleSet",
    "RuleSubject",
    "StartEvent",
    "StopEvent",
    "Team",
    "TimeRule",
]

E = TypeVar("E", bound=Enum)


class RuleSubject(StrEnum):
    """The kind of record a rule's clock runs on."""

    LEAD = "lead"
    OPPORTUNITY = "opportunity"
    CUSTOMER = "customer"
    ACTIVITY = "activity"


class StartEvent(StrEnum):
    """What starts a rule's clock, and where it comes from.

    * ``lead_created``: ``Lead.created_at``.
    * ``stage_entered``: each time an open deal enters a stage (its
      ``history``, else ``created_at``).
    * ``objection_raised``: an explicit :class:`Event` on an opportunity.
    * ``delivered``: an explicit :class:`Event` on an opportunity (for a
      customer rule: the customer's first delivery).
    * ``last_contact``: a customer's latest done activity (``done_at``).
    * ``visit_planned``: ``Activity.planned_at``.
    * ``replan_recommended``: an explicit :class:`Event` on an opportunity
      (its score recommends re-planning or pausing it; see
      :func:`salesflow.cadence.replan_events`).
    * ``intent_judged``: each judgement of a lead's or a customer's purchase
      intent (the marks of its ``intent`` history); the rule's ``intents``
      choose which judgements start a clock.
    """

    LEAD_CREATED = "lead_created"
    STAGE_ENTERED = "stage_entered"
    OBJECTION_RAISED = "objection_raised"
    DELIVERED = "delivered"
    LAST_CONTACT = "last_contact"
    VISIT_PLANNED = "visit_planned"
    REPLAN_RECOMMENDED = "replan_recommended"
    INTENT_JUDGED = "intent_judged"


class StopEvent(StrEnum):
    """What meets a rule's obligation, and where it comes from.

    * ``lead_assigned``: ``Lead.assigned_at`` (a lead with an owner but no
      ``assigned_at`` counts as assigned when created).
    * ``stage_left``: the deal's next stage change that leaves the stage.
    * ``objection_answered``, ``survey_done``, ``service_done``,
      ``visit_booked``: explicit :class:`Event` records.
    * ``visit_reported``: an explicit ``visit_reported`` event, else
      ``Activity.done_at``.
    * ``visit_done``: a done activity of kind visit for the customer.
    * ``contact``: any done activity for the customer.
    * ``replanned``: an explicit ``replanned`` event, else the deal's next
      stage change (paused, moved, won or lost).
    * ``intent_judged``: the record's next judgement of intent (the follow-up
      that judged it again).
    """

    LEAD_ASSIGNED = "lead_assigned"
    STAGE_LEFT = "stage_left"
    OBJECTION_ANSWERED = "objection_answered"
    VISIT_DONE = "visit_done"
    SURVEY_DONE = "survey_done"
    SERVICE_DONE = "service_done"
    CONTACT = "contact"
    VISIT_BOOKED = "visit_booked"
    VISIT_REPORTED = "visit_reported"
    REPLANNED = "replanned"
    INTENT_JUDGED = "intent_judged"


class DueOffset(StrEnum):
    """Whether the deadline is after the start event or before it (book ahead)."""

    AFTER = "after"
    BEFORE = "before"


class CadenceEventKind(StrEnum):
    """Events that are not fields of the records; the caller passes them in."""

    OBJECTION_RAISED = "objection_raised"
    OBJECTION_ANSWERED = "objection_answered"
    DELIVERED = "delivered"
    SURVEY_DONE = "survey_done"
    SERVICE_DONE = "service_done"
    VISIT_BOOKED = "visit_booked"
    VISIT_REPORTED = "visit_reported"
    REPLAN_RECOMMENDED = "replan_recommended"
    REPLANNED = "replanned"

    @property
    def subject(self) -> RuleSubject:
        """The kind of record the event's ``subject_id`` names."""
        return _EVENT_SUBJECT[self]


_EVENT_SUBJECT = {
    CadenceEventKind.OBJECTION_RAISED: RuleSubject.OPPORTUNITY,
    CadenceEventKind.OBJECTION_ANSWERED: RuleSubject.OPPORTUNITY,
    CadenceEventKind.DELIVERED: RuleSubject.OPPORTUNITY,
    CadenceEventKind.SURVEY_DONE: RuleSubject.OPPORTUNITY,
    CadenceEventKind.SERVICE_DONE: RuleSubject.CUSTOMER,
    CadenceEventKind.VISIT_BOOKED: RuleSubject.ACTIVITY,
    CadenceEventKind.VISIT_REPORTED: RuleSubject.ACTIVITY,
    CadenceEventKind.REPLAN_RECOMMENDED: RuleSubject.OPPORTUNITY,
    CadenceEventKind.REPLANNED: RuleSubject.OPPORTUNITY,
}

#: For each subject and start event, the stop events that may end its clock.
ALLOWED: Mapping[tuple[RuleSubject, StartEvent], tuple[StopEvent, ...]] = FrozenDict(
    {
        (RuleSubject.LEAD, StartEvent.LEAD_CREATED): (StopEvent.LEAD_ASSIGNED,),
        (RuleSubject.OPPORTUNITY, StartEvent.STAGE_ENTERED): (StopEvent.STAGE_LEFT,),
        (RuleSubject.OPPORTUNITY, StartEvent.OBJECTION_RAISED): (StopEvent.OBJECTION_ANSWERED,),
        (RuleSubject.OPPORTUNITY, StartEvent.REPLAN_RECOMMENDED): (StopEvent.REPLANNED,),
        (RuleSubject.OPPORTUNITY, StartEvent.DELIVERED): (
            StopEvent.VISIT_DONE,
            StopEvent.SURVEY_DONE,
            StopEvent.CONTACT,
        ),
        (RuleSubject.CUSTOMER, StartEvent.LAST_CONTACT): (
            StopEvent.CONTACT,
            StopEvent.VISIT_DONE,
            StopEvent.SERVICE_DONE,
        ),
        (RuleSubject.CUSTOMER, StartEvent.DELIVERED): (
            StopEvent.SERVICE_DONE,
            StopEvent.CONTACT,
            StopEvent.VISIT_DONE,
        ),
        (RuleSubject.ACTIVITY, StartEvent.VISIT_PLANNED): (
            StopEvent.VISIT_BOOKED,
            StopEvent.VISIT_REPORTED,
        ),
        (RuleSubject.LEAD, StartEvent.INTENT_JUDGED): (StopEvent.INTENT_JUDGED,),
        (RuleSubject.CUSTOMER, StartEvent.INTENT_JUDGED): (
            StopEvent.INTENT_JUDGED,
            StopEvent.CONTACT,
            StopEvent.VISIT_DONE,
        ),
    }
)


#: Built-in starts whose clock a declared stop event may end (their evaluators
#: read the stop from explicit events).
DECLARED_STOPS: frozenset[tuple[RuleSubject, StartEvent]] = frozenset(
    {
        (RuleSubject.OPPORTUNITY, StartEvent.DELIVERED),
        (RuleSubject.CUSTOMER, StartEvent.LAST_CONTACT),
        (RuleSubject.CUSTOMER, StartEvent.DELIVERED),
    }
)

#: A declared event kind: ``<namespace>.<kind>``, e.g. ``control.data_checked``.
_DECLARED = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def is_declared_kind(value: object) -> bool:
    """Whether ``value`` is shaped like a declared event kind (``namespace.kind``)."""
    return isinstance(value, str) and _DECLARED.match(value) is not None


def _to_kind(value: Any, kind: type[StrEnum]) -> Any:
    """A built-in kind's value becomes the enum member; anything else stays for the check."""
    if isinstance(value, str) and not isinstance(value, kind):
        try:
            return kind(value)
        except ValueError:
            return value
    return value


def _to_start(value: Any) -> Any:
    return _to_kind(value, StartEvent)


def _to_stop(value: Any) -> Any:
    return _to_kind(value, StopEvent)


def _to_event_kind(value: Any) -> Any:
    return _to_kind(value, CadenceEventKind)


def _check_kind(check: Checker, path: str, value: object, kind: type[StrEnum]) -> bool:
    """``value`` is a built-in ``kind`` or a declared kind key (``namespace.kind``)."""
    if isinstance(value, kind) or is_declared_kind(value):
        return True
    choices = ", ".join(repr(m.value) for m in kind)
    check.add(
        path,
        f"expected a {kind.__name__} ({choices}) or a declared event kind "
        f"'<namespace>.<kind>' (see RuleSet.event_kinds), got {describe(value)}",
    )
    return False


def _enum_tuple(check: Checker, owner: object, name: str, kind: type[E]) -> None:
    value = getattr(owner, name)
    if not isinstance(value, tuple):
        check.add(name, f"expected a list of {kind.__name__} values, got {describe(value)}")
        return
    items: list[object] = []
    for i, item in enumerate(value):
        if not isinstance(item, kind):
            try:
                item = kind(item)
            except (ValueError, TypeError):
                choices = ", ".join(repr(m.value) for m in kind)
                check.add(
                    f"{name}[{i}]",
                    f"expected a {kind.__name__} ({choices}), got {describe(item)}",
                )
        items.append(item)
    check.unique(name, (str(x) for x in items), kind.__name__)
    object.__setattr__(owner, name, tuple(items))


#: The subjects that hold a purchase intent (and so may select by it).
_HOLD_INTENT = (RuleSubject.LEAD, RuleSubject.CUSTOMER)


def _one_day() -> Duration:
    return Duration(amount=1, unit=DurationUnit.DAYS)


@attrs.frozen(slots=True, kw_only=True)
class TimeRule(Definition):
    """A time rule: what starts the clock, what stops it, how long, and whose it is.

    * ``subject`` and ``start``/``stop``: see :class:`StartEvent` and
      :class:`StopEvent`; :data:`ALLOWED` lists the pairs that make sense.
      Either may instead be a declared event kind (``"control.data_checked"``,
      an :class:`EventKind` of the :class:`RuleSet`): a declared start needs a
      declared stop, and a declared stop may also end a ``delivered`` or a
      ``last_contact`` clock (:data:`DECLARED_STOPS`).
    * Exactly one of ``due`` (a deadline :class:`Duration` after, or with
      ``offset="before"`` before, the start event), ``every`` (a
      :class:`Recurrence`, for customer rules) or ``due_from_stage`` (the
      deal's stage's ``rot_days``, for ``stage_entered``).
    * ``end_of_day``: the deadline moves to the end of its day (a report filed
      the same day); for a working-time ``due``, to the end of that working day.
    * ``falls_to``: ``"owner"`` (the record's owner) or a role key that the
      :class:`Team` maps to a person.
    * ``escalate_after``: after the deadline plus this, the obligation is
      escalated to ``escalate_to`` (``"manager"``: the assignee's manager in the
      team, else whoever holds the ``manager`` role; otherwise a role key).
    * ``remind_before``: the obligation shows as *due* from this long before
      its deadline (calendar time).
    * ``priorities``, ``grades``, ``activity_kinds``: only leads of these
      priorities, customers of these value grades, activities of these kinds
      (empty: all).
    * ``intents``: for a lead or customer rule, only records whose purchase
      intent held at the moment of evaluation is one of these; for a rule
      started by ``intent_judged``, only judgements of these intents start a
      clock (empty: every judgement but D, the unqualified lead).
    """

    key: str
    label_key: str
    subject: RuleSubject
    start: str = attrs.field(converter=_to_start)
    stop: str = attrs.field(converter=_to_stop)
    due: Duration | None = None
    every: Recurrence | None = None
    due_from_stage: bool = False
    offset: DueOffset = DueOffset.AFTER
    end_of_day: bool = False
    falls_to: str = "owner"
    escalate_after: Duration | None = None
    escalate_to: str = "manager"
    remind_before: Duration = attrs.field(factory=_one_day)
    priorities: tuple[Priority, ...] = attrs.field(default=(), converter=to_tuple)
    grades: tuple[ValueGrade, ...] = attrs.field(default=(), converter=to_tuple)
    activity_kinds: tuple[ActivityKind, ...] = attrs.field(default=(), converter=to_tuple)
    intents: tuple[Intent, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("TimeRule")
        subject_ok, start_ok, offset_ok = self._check_clock(check)
        self._check_deadline(check, subject_ok=subject_ok, start_ok=start_ok, offset_ok=offset_ok)
        self._check_people_and_filters(check, subject_ok=subject_ok, start_ok=start_ok)
        check.done()

    def _check_clock(self, check: Checker) -> tuple[bool, bool, bool]:
        """Key, label, and a (subject, start, stop) that makes a clock."""
        check.key("key", self.key)
        check.text("label_key", self.label_key)
        subject_ok = check.enum_field(self, "subject", RuleSubject)
        start_ok = _check_kind(check, "start", self.start, StartEvent)
        stop_ok = _check_kind(check, "stop", self.stop, StopEvent)
        offset_ok = check.enum_field(self, "offset", DueOffset)
        if subject_ok and start_ok and stop_ok:
            self._check_pair(check)
        return subject_ok, start_ok, offset_ok

    def _check_deadline(
        self, check: Checker, *, subject_ok: bool, start_ok: bool, offset_ok: bool
    ) -> None:
        """Exactly one deadline, and one that fits the clock."""
        due_ok = self.due is None or check.instance("due", self.due, Duration, "a Duration")
        every_ok = self.every is None or check.instance(
            "every", self.every, Recurrence, "a Recurrence"
        )
        stage_ok = check.instance("due_from_stage", self.due_from_stage, bool, "true or false")
        check.instance("end_of_day", self.end_of_day, bool, "true or false")
        if due_ok and every_ok and stage_ok:
            given = [
                n
                for n, v in (
                    ("due", self.due),
                    ("every", self.every),
                    ("due_from_stage", self.due_from_stage or None),
                )
                if v is not None
            ]
            if len(given) != 1:
                check.add(
                    "due",
                    "expected exactly one of due, every and due_from_stage, got "
                    + (", ".join(given) if given else "none"),
                )
        if (
            every_ok
            and self.every is not None
            and subject_ok
            and self.subject is not RuleSubject.CUSTOMER
        ):
            check.add("every", f"a recurrence runs on a customer, not a {self.subject.value}")
        if (
            stage_ok
            and self.due_from_stage
            and start_ok
            and self.start is not StartEvent.STAGE_ENTERED
        ):
            check.add("due_from_stage", "needs start 'stage_entered'")
        if (
            offset_ok
            and self.offset is DueOffset.BEFORE
            and start_ok
            and self.start is not StartEvent.VISIT_PLANNED
        ):
            check.add("offset", "'before' needs start 'visit_planned' (a time in the future)")
        if every_ok and isinstance(self.every, Recurrence) and self.end_of_day:
            check.add("end_of_day", "a recurrence has no single day to end")
        if (
            every_ok
            and self.every is not None
            and start_ok
            and self.start is StartEvent.INTENT_JUDGED
        ):
            check.add(
                "every",
                "each judgement of intent starts one clock: give due, not every",
            )

    def _check_people_and_filters(
        self, check: Checker, *, subject_ok: bool, start_ok: bool
    ) -> None:
        """Who it falls and escalates to, the reminder, and the record filters."""
        if check.key("falls_to", self.falls_to) and self.falls_to == "manager":
            check.add("falls_to", "'manager' is an escalation target (expected 'owner' or a role)")
        check.key("escalate_to", self.escalate_to)
        if self.escalate_after is not None:
            check.instance("escalate_after", self.escalate_after, Duration, "a Duration")
        if (
            check.instance("remind_before", self.remind_before, Duration, "a Duration")
            and self.remind_before.basis is not TimeBasis.CALENDAR
        ):
            check.add("remind_before", "expected calendar time (basis 'calendar')")
        if (
            isinstance(self.every, Recurrence)
            and self.every.anchor is RecurrenceAnchor.CALENDAR
            and start_ok
            and self.start is StartEvent.LAST_CONTACT
        ):
            check.add("every", "a calendar anchor needs start 'delivered'")
        _enum_tuple(check, self, "priorities", Priority)
        _enum_tuple(check, self, "grades", ValueGrade)
        _enum_tuple(check, self, "activity_kinds", ActivityKind)
        if subject_ok:
            for name, subject in (
                ("priorities", RuleSubject.LEAD),
                ("grades", RuleSubject.CUSTOMER),
                ("activity_kinds", RuleSubject.ACTIVITY),
            ):
                if getattr(self, name) and self.subject is not subject:
                    check.add(name, f"only for a {subject.value} rule, not a {self.subject.value}")
        _enum_tuple(check, self, "intents", Intent)
        if subject_ok and self.intents and self.subject not in _HOLD_INTENT:
            check.add(
                "intents",
                f"only a lead or customer rule selects by intent (subject is "
                f"{self.subject.value!r})",
            )

    def _check_pair(self, check: Checker) -> None:
        start, stop = self.start, self.stop
        if not isinstance(start, StartEvent):
            if isinstance(stop, StopEvent):
                check.add("stop", f"a declared start {start!r} needs a declared stop event")
            return
        allowed = ALLOWED.get((self.subject, start))
        if allowed is None:
            starts = sorted(s.value for (subj, s) in ALLOWED if subj is self.subject)
            check.add(
                "start",
                f"{start.value!r} does not start a clock on a {self.subject.value} "
                f"(expected one of {', '.join(starts)})",
            )
        elif not isinstance(stop, StopEvent):
            if (self.subject, start) not in DECLARED_STOPS:
                check.add(
                    "stop",
                    f"a declared stop {stop!r} cannot end a clock started by {start.value!r} "
                    "(expected a start 'delivered' or 'last_contact', or a declared start)",
                )
        elif stop not in allowed:
            check.add(
                "stop",
                f"{stop.value!r} does not stop a clock started by "
                f"{start.value!r} (expected one of "
                f"{', '.join(s.value for s in allowed)})",
            )

    @property
    def declared_kinds(self) -> tuple[str, ...]:
        """The declared event kinds the rule reads (its start and stop, when declared)."""
        found = [k for k in (self.start, self.stop) if not isinstance(k, StrEnum)]
        return tuple(dict.fromkeys(found))

    @property
    def uses_working_time(self) -> bool:
        """Whether any of the rule's durations counts working time."""
        return any(
            d is not None and d.basis is TimeBasis.WORKING for d in (self.due, self.escalate_after)
        )


def _event_label(kind: Any) -> str:
    namespace, _, name = str(kind.key).partition(".")
    return f"{namespace}.event.{name}"


@attrs.frozen(slots=True, kw_only=True)
class EventKind(Definition):
    """An event kind an area or a team declares, so its time rules can read it.

    ``key`` is ``<namespace>.<kind>`` (``"control.data_checked"``: the
    namespace keeps it apart from the built-in kinds and from other areas);
    ``subject`` the kind of record an event's ``subject_id`` names;
    ``label_key`` defaults to ``<namespace>.event.<kind>``.
    """

    key: str
    subject: RuleSubject
    label_key: str = attrs.field(default=attrs.Factory(_event_label, takes_self=True))

    def __attrs_post_init__(self) -> None:
        check = definition_checker("EventKind")
        if check.instance("key", self.key, str, "a key string") and not is_declared_kind(self.key):
            check.add(
                "key",
                f"{self.key!r} is not a declared event kind (expected '<namespace>.<kind>', "
                "lower-case letters, digits and underscores, e.g. 'control.data_checked')",
            )
        check.enum_field(self, "subject", RuleSubject)
        check.text("label_key", self.label_key)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class RuleSet(Definition):
    """Several time rules with distinct keys, loadable from one file (``[[rules]]``).

    ``event_kinds`` declares the event kinds beyond the built-in ones that
    the rules (and the tracker's events) may use; a rule naming a kind not
    declared here, or declared for another subject, is refused.
    """

    rules: tuple[TimeRule, ...] = attrs.field(default=(), converter=to_tuple)
    event_kinds: tuple[EventKind, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("RuleSet")
        declared: dict[str, RuleSubject] = {}
        if check.items("event_kinds", self.event_kinds, EventKind, "EventKind"):
            check.unique("event_kinds", (k.key for k in self.event_kinds), "event kind")
            declared = {k.key: k.subject for k in self.event_kinds}
        if check.items("rules", self.rules, TimeRule, "TimeRule"):
            check.unique("rules", (r.key for r in self.rules), "rule key")
            for i, rule in enumerate(self.rules):
                for name in ("start", "stop"):
                    kind = getattr(rule, name)
                    if isinstance(kind, StrEnum):
                        continue
                    subject = declared.get(kind)
                    if subject is None:
                        check.add(
                            f"rules[{i}].{name}",
                            f"undeclared event kind {kind!r} (declare it in event_kinds)",
                        )
                    elif subject is not rule.subject:
                        check.add(
                            f"rules[{i}].{name}",
                            f"event kind {kind!r} is about a {subject.value}, not a "
                            f"{rule.subject.value}",
                        )
        check.done()

    def event_subject(self, kind: str) -> RuleSubject | None:
        """The subject of event kind ``kind`` (built-in or declared), else ``None``."""
        if isinstance(kind, CadenceEventKind):
            return kind.subject
        for declared in self.event_kinds:
            if declared.key == kind:
                return declared.subject
        return None

    def get(self, key: str) -> TimeRule:
        """The rule with ``key``."""
        require_text("RuleSet.get", "key", key)
        for rule in self.rules:
            if rule.key == key:
                return rule
        known = ", ".join(r.key for r in self.rules)
        raise ValidationError.single(
            "RuleSet", "key", f"unknown rule {key!r} (expected one of {known})"
        )


@attrs.frozen(slots=True, kw_only=True)
class Event:
    """Something that happened and is not a field of the records.

    ``subject_id`` names the record the event is about: an opportunity for
    ``objection_raised``, ``objection_answered``, ``delivered`` and
    ``survey_done``; a customer for ``service_done``; an activity (the planned
    visit) for ``visit_booked`` and ``visit_reported``; for a declared kind
    (``"control.approval_requested"``) the record its :class:`EventKind`
    names. ``owner`` is who did or recorded it (for the record; obligations
    fall to the subject's owner).
    """

    kind: str = attrs.field(converter=_to_event_kind)
    subject_id: str
    at: datetime
    owner: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Event")
        _check_kind(check, "kind", self.kind, CadenceEventKind)
        check.text("subject_id", self.subject_id)
        check.aware("at", self.at)
        check.optional_text("owner", self.owner)
        check.done()


def _no_people() -> Mapping[str, str]:
    return EMPTY


@attrs.frozen(slots=True, kw_only=True)
class Team:
    """Who holds which role, and who manages whom.

    ``roles`` maps a role key (``"sales_manager"``) to a person;
    ``managers`` maps a person to their manager (the escalation target);
    ``departments`` maps a person to their department key (``"quality"``).
    """

    roles: Mapping[str, str] = attrs.field(factory=_no_people, converter=freeze_mapping, hash=False)
    managers: Mapping[str, str] = attrs.field(
        factory=_no_people, converter=freeze_mapping, hash=False
    )
    departments: Mapping[str, str] = attrs.field(
        factory=_no_people, converter=freeze_mapping, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check = Checker("Team")
        for name in ("roles", "managers", "departments"):
            value = getattr(self, name)
            if not isinstance(value, Mapping):
                check.add(name, f"expected a mapping, got {describe(value)}")
                continue
            for key, person in value.items():
                if name == "roles":
                    check.key(f"{name}[{key!r}]", key)
                elif not isinstance(key, str) or not key.strip():
                    check.add(f"{name}[{key!r}]", "expected a person id (a non-empty string)")
                where = f"{name}[{key!r}]"
                if name == "departments":
                    check.key(where, person)
                elif check.text(where, person) and name == "managers" and key == person:
                    check.add(where, f"{person!r} cannot manage themselves")
        check.done()

    def members_of(self, department: str) -> tuple[str, ...]:
        """The people of ``department``, sorted."""
        check = Checker("Team.members_of")
        check.key("department", department)
        check.done()
        return tuple(sorted(p for p, d in self.departments.items() if d == department))

    def manager_of(self, person: str) -> str | None:
        """The person ``person`` escalates to: their manager, else the ``manager`` role."""
        check = Checker("Team.manager_of")
        check.text("person", person)
        check.done()
        return self.managers.get(person) or self.roles.get("manager")
