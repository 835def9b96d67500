"""The tracker: the records, indexed once, answering obligations, agendas and summaries.

:class:`Tracker` checks and indexes the records once (by id, by owner, the
clocks, each person's agenda index) and then answers for any ``at``: every
obligation, one person's agenda, or the met-on-time / met-late counts. Only
what happened at or before ``at`` counts, so the answer for a past ``at`` is
what one would have seen then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from salesflow._checks import Checker, describe, no_cycle_collection
from salesflow.cadence._clocks import Clocks, default_rot_days
from salesflow.cadence._evaluators import Scope
from salesflow.cadence._index import AgendaIndex, Run
from salesflow.cadence._results import (
    Agenda,
    Obligation,
    Record,
    Summary,
    concerns,
    due_order,
    tally,
)
from salesflow.cadence._rules import Event, RuleSet, RuleSubject, Team, TimeRule
from salesflow.cadence._time import WorkingCalendar
from salesflow.exceptions import Problem, ValidationError
from salesflow.records import Activity, Customer, Lead, Opportunity

__all__ = ["Tracker", "agenda", "evaluate", "summarise"]

_LISTS: tuple[tuple[str, type], ...] = (
    ("customers", Customer),
    ("leads", Lead),
    ("opportunities", Opportunity),
    ("activities", Activity),
    ("events", Event),
)
_EVENT_SUBJECTS = {
    RuleSubject.LEAD: "leads",
    RuleSubject.CUSTOMER: "customers",
    RuleSubject.OPPORTUNITY: "opportunities",
    RuleSubject.ACTIVITY: "activities",
}


# -- checking the arguments ------------------------------------------------------------


def _rule_set(check: Checker, rules: object) -> RuleSet | None:
    if isinstance(rules, RuleSet):
        return rules
    # a string, bytes or mapping is refused whole, never iterated (a million
    # characters would be a million problems)
    if isinstance(rules, (str, bytes, bytearray, Mapping)) or not isinstance(rules, Iterable):
        check.add("rules", f"expected a RuleSet or a list of TimeRule, got {describe(rules)}")
        return None
    try:
        return RuleSet(rules=tuple(rules))
    except TypeError:
        check.add("rules", f"expected a RuleSet or a list of TimeRule, got {describe(rules)}")
        return None


def _record_lists(check: Checker, given: Mapping[str, object]) -> dict[str, tuple[Any, ...]]:
    lists: dict[str, tuple[Any, ...]] = {}
    for name, kind in _LISTS:
        value = given[name]
        items: object = value
        if isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping)):
            items = tuple(value)
        lists[name] = ()
        if check.items(name, items, kind, kind.__name__):
            assert isinstance(items, tuple)
            lists[name] = items
            if kind is not Event:
                _unique_ids(check, name, items, kind.__name__)
    return lists


def _unique_ids(check: Checker, name: str, items: tuple[Any, ...], what: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            check.add(f"{name}[{i}].id", f"duplicate {what} id {item.id!r}")
        seen.add(item.id)


def _team(check: Checker, team: object) -> Team:
    if team is None:
        return Team()
    if not isinstance(team, Team):
        check.add("team", f"expected a Team or None, got {describe(team)}")
        return Team()
    return team


def _rot_days(check: Checker, rot_days: object) -> dict[str, dict[str, int]]:
    rot = default_rot_days()
    if rot_days is None:
        return rot
    if not isinstance(rot_days, Mapping):
        check.add("rot_days", f"expected a mapping, got {describe(rot_days)}")
        return rot
    for pipeline, stages in rot_days.items():
        if not isinstance(stages, Mapping):
            check.add(
                f"rot_days[{pipeline!r}]",
                f"expected a mapping of stage to days, got {describe(stages)}",
            )
            continue
        for stage, days in stages.items():
            check.integer(f"rot_days[{pipeline!r}][{stage!r}]", days, low=1, high=36_525)
        rot[pipeline] = dict(stages)
    return rot


def _check_needs(
    check: Checker, ruleset: RuleSet, calendar: WorkingCalendar | None, team: Team
) -> None:
    """Each rule has the calendar it counts on and the roles it names."""
    for i, rule in enumerate(ruleset.rules):
        if rule.uses_working_time and calendar is None:
            check.add(
                "calendar",
                f"rule {rule.key!r} (rules[{i}]) counts working time: pass a WorkingCalendar",
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


def _check_events(
    check: Checker,
    events: tuple[Event, ...],
    known: Mapping[str, Mapping[str, object]],
    ruleset: RuleSet | None,
) -> None:
    """Each event's kind is built in or declared by the rule set, and names a known record."""
    if ruleset is None:
        return
    for i, event in enumerate(events):
        subject = ruleset.event_subject(event.kind)
        if subject is None:
            check.add(
                f"events[{i}].kind",
                f"undeclared event kind {event.kind!r} (declare it in the rule set's event_kinds)",
            )
        elif event.subject_id not in known[_EVENT_SUBJECTS[subject]]:
            check.add(
                f"events[{i}].subject_id",
                f"unknown {subject.value} {event.subject_id!r} (a {event.kind} event "
                f"names the id of a record of kind {subject.value})",
            )


def _past_the_dates(rule: TimeRule, record: object) -> ValidationError:
    """A record whose clock, under ``rule``, runs past the range of dates (years 1 to 9999)."""
    name = getattr(record, "id", None)
    where = f"{type(record).__name__}[{name!r}]" if isinstance(name, str) else "records"
    return ValidationError.single(
        "Tracker",
        where,
        f"rule {rule.key!r}: its times for this record fall past the range of dates "
        "(years 1 to 9999); expected times well inside it",
    )


def _check_at(at: object) -> None:
    check = Checker("at")
    check.aware("at", at)
    check.done()


def _by_owner(records: Iterable[Record]) -> dict[str, list[Record]]:
    index: dict[str, list[Record]] = {}
    for record in records:
        if record.owner is not None:
            index.setdefault(record.owner, []).append(record)
    return index


class Tracker:
    """The records, indexed once, and the rules to evaluate on them at any ``at``.

    ``rules`` is a :class:`RuleSet` or a list of :class:`TimeRule`. The
    records are the library's own (already valid: they are not checked
    again, only their types and ids). ``events`` are the explicit events
    (objections, deliveries, bookings, surveys, services, and the kinds the
    rule set declares in ``event_kinds``). ``calendar`` is
    needed by rules that count working time; ``team`` by rules that fall to
    a role and for escalations. ``rot_days`` maps a pipeline name to
    ``{stage key: days}`` for the stale-deal rule; by default the stages'
    pipeline presets give it.
    """

    __slots__ = ("_index", "_records", "_rules", "_scope")

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
        ruleset = _rule_set(check, rules)
        given = {
            "customers": customers,
            "leads": leads,
            "opportunities": opportunities,
            "activities": activities,
            "events": events,
        }
        lists = _record_lists(check, given)
        if calendar is not None:
            check.instance("calendar", calendar, WorkingCalendar, "a WorkingCalendar or None")
        checked_team = _team(check, team)
        rot = _rot_days(check, rot_days)
        if ruleset is not None:
            _check_needs(check, ruleset, calendar, checked_team)
        tables = {name: {r.id: r for r in lists[name]} for name, _ in _LISTS[:4]}
        _check_events(check, lists["events"], tables, ruleset)
        check.done()
        assert ruleset is not None
        self._rules: RuleSet = ruleset
        self._records: dict[RuleSubject, dict[str, Record]] = {
            subject: tables[name]
            for subject, name in (
                (RuleSubject.CUSTOMER, "customers"),
                (RuleSubject.LEAD, "leads"),
                (RuleSubject.OPPORTUNITY, "opportunities"),
                (RuleSubject.ACTIVITY, "activities"),
            )
        }
        self._index_records(lists["events"], calendar, checked_team, rot)

    def _index_records(
        self,
        events: Iterable[Event],
        calendar: WorkingCalendar | None,
        team: Team,
        rot: Mapping[str, Mapping[str, int]],
    ) -> None:
        records = self._records
        clocks = Clocks(
            opportunities=records[RuleSubject.OPPORTUNITY],  # type: ignore[arg-type]
            activities=records[RuleSubject.ACTIVITY].values(),  # type: ignore[arg-type]
            events=events,
            calendar=calendar,
            rot=rot,
        )
        self._scope = Scope(clocks, team)
        every = {subject: table.values() for subject, table in records.items()}
        owned = {subject: _by_owner(table.values()) for subject, table in records.items()}
        self._index = AgendaIndex(self._rules.rules, self._scope, every, owned)

    # -- public ------------------------------------------------------------------

    @property
    def rules(self) -> RuleSet:
        """The rules evaluated."""
        return self._rules

    @property
    def team(self) -> Team:
        """Who holds which role and who manages whom."""
        return self._scope.team

    @property
    def calendar(self) -> WorkingCalendar | None:
        """The working calendar of working-time rules, if any."""
        return self._scope.clocks.calendar

    def obligations(self, *, at: datetime) -> tuple[Obligation, ...]:
        """Every obligation of every rule on every record, as of ``at``, in due order."""
        _check_at(at)
        with no_cycle_collection():
            return tuple(due_order(self._evaluate(self._index.runs, at)))

    def _evaluate(self, runs: Iterable[Run], at: datetime) -> list[Obligation]:
        scope = self._scope
        found: list[Obligation] = []
        for run in runs:
            evaluate_one = run.evaluator.evaluate
            rule = run.rule
            for record in run.started(at):
                try:
                    found.extend(evaluate_one(scope, rule, record, at))
                except OverflowError:
                    raise _past_the_dates(rule, record) from None
        return found

    def agenda(self, person: str, *, at: datetime) -> Agenda:
        """``person``'s open obligations at ``at`` (their own and those escalated to them).

        Reads only the records indexed under ``person`` (see
        :class:`~salesflow.cadence._index.AgendaIndex`): the ones whose
        obligations fall to them or escalate to them, and whose clocks can
        have started by ``at``.
        """
        check = Checker("agenda")
        check.text("person", person)
        check.aware("at", at)
        check.done()
        with no_cycle_collection():
            found = self._evaluate(self._index.of(person), at)
            items = due_order([o for o in found if concerns(o, person)])
        return Agenda(person=person, at=at, items=tuple(items))

    def summary(self, *, at: datetime) -> Summary:
        """Obligations as of ``at`` counted by status, per rule and per person."""
        _check_at(at)
        with no_cycle_collection():
            obligations = self._evaluate(self._index.runs, at)
        by_rule: dict[str, list[Obligation]] = {r.key: [] for r in self._rules.rules}
        by_person: dict[str, list[Obligation]] = {}
        for o in obligations:
            by_rule[o.rule.key].append(o)
            by_person.setdefault(o.for_whom, []).append(o)
        return Summary(
            at=at,
            by_rule={k: tally(v) for k, v in by_rule.items()},
            by_person={k: tally(v) for k, v in sorted(by_person.items())},
            total=tally(obligations),
        )

    def record(self, subject: RuleSubject, *, id: str) -> Record:
        """The record of ``subject`` kind whose ``id`` is ``id``."""
        try:
            kind = RuleSubject(subject)
        except ValueError:
            choices = ", ".join(repr(s.value) for s in RuleSubject)
            raise ValidationError.single(
                "Tracker.record", "subject", f"expected one of {choices}, got {describe(subject)}"
            ) from None
        try:
            return self._records[kind][id]
        except KeyError:
            raise ValidationError.single("Tracker", "id", f"unknown {kind.value} {id!r}") from None


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
