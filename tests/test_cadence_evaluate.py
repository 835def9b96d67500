"""Evaluation: obligations, agendas and summaries (the tracker, clocks and evaluators)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    Activity,
    ActivityKind,
    Customer,
    DefinitionError,
    Lead,
    LeadSource,
    Money,
    Move,
    Opportunity,
    OpportunityStatus,
    StageChange,
    ValidationError,
    ValueGrade,
)
from salesflow.cadence import (
    CadenceEventKind,
    Duration,
    DurationUnit,
    Event,
    Obligation,
    ObligationStatus,
    RecurrenceAnchor,
    RuleSet,
    Team,
    TimeBasis,
    TimeRule,
    Tracker,
    WorkingCalendar,
    _results,
    agenda,
    evaluate,
    presets,
    rot_days_of,
    summarise,
)
from salesflow.records import stays
from salesflow.stages import entered_stage_at
from tests.strategies import (
    CADENCE_BASE,
    CADENCE_PEOPLE,
    CADENCE_TEAM,
    DECLARED_EVENT_KINDS,
    cadence_books,
    declared_time_rules,
    time_rules,
    working_calendars,
)

CST = timezone(timedelta(hours=8))
OPEN = (
    ObligationStatus.UPCOMING,
    ObligationStatus.DUE,
    ObligationStatus.OVERDUE,
    ObligationStatus.ESCALATED,
)
#: How the status of one obligation may move as ``at`` moves forward.
RANK = {
    ObligationStatus.UPCOMING: 0,
    ObligationStatus.DUE: 1,
    ObligationStatus.OVERDUE: 2,
    ObligationStatus.ESCALATED: 3,
}


def _key(rule: TimeRule) -> str:
    return rule.key


rule_lists = st.lists(time_rules(), min_size=1, max_size=4, unique_by=_key)
offsets = st.integers(0, 160 * 24).map(lambda h: CADENCE_BASE + timedelta(hours=h))


#: A stage clock with a fixed deadline: one obligation per open stay of a deal.
_MOVE_ON = TimeRule(
    key="move_on",
    label_key="my.move_on",
    subject="opportunity",  # type: ignore[arg-type]
    start="stage_entered",
    stop="stage_left",
    due=Duration(amount=3, unit=DurationUnit.DAYS),
)


def _tracker(rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar) -> Tracker:
    return Tracker(rules, calendar=cal, team=CADENCE_TEAM, **book)


def _by_identity(obligations: tuple[Obligation, ...]) -> dict[tuple[str, str, int], Obligation]:
    found = {o.identity: o for o in obligations}
    assert len(found) == len(obligations), "identities are unique"
    return found


# -- properties -----------------------------------------------------------------


@given(rule_lists, cadence_books(), working_calendars(), offsets, offsets)
def test_moving_at_forward_never_undoes_lateness_or_a_met_obligation(
    rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar, a: datetime, b: datetime
) -> None:
    """Later, an overdue obligation is not upcoming again unless met; a met one stays met
    with the same time; every obligation seen earlier is still there."""
    early, late = min(a, b), max(a, b)
    tracker = _tracker(rules, book, cal)
    before = _by_identity(tracker.obligations(at=early))
    after = _by_identity(tracker.obligations(at=late))
    for identity, then in before.items():
        assert identity in after
        now = after[identity]
        assert (now.start_at, now.due_at) == (then.start_at, then.due_at)
        if not then.status.is_open:
            assert now.status is then.status
            assert now.met_at == then.met_at
        elif now.status.is_open:
            assert RANK[now.status] >= RANK[then.status]
        else:
            assert now.met_at is not None
            assert early < now.met_at <= late


@given(rule_lists, cadence_books(), working_calendars(), offsets)
def test_status_agrees_with_the_times(
    rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar, at: datetime
) -> None:
    """met_on_time iff met by the deadline; overdue/escalated only past it; escalated only
    past escalate_at; nothing met after ``at``."""
    for o in _tracker(rules, book, cal).obligations(at=at):
        if o.met_at is not None:
            assert o.met_at <= at
            expected = (
                ObligationStatus.MET_ON_TIME if o.met_at <= o.due_at else ObligationStatus.MET_LATE
            )
            assert o.status is expected
        elif o.status in (ObligationStatus.OVERDUE, ObligationStatus.ESCALATED):
            assert at > o.due_at
            assert (o.status is ObligationStatus.ESCALATED) == (
                o.escalate_at is not None and at > o.escalate_at
            )
        else:
            assert at <= o.due_at


@given(rule_lists, cadence_books(), working_calendars(), offsets)
def test_working_time_deadlines_fall_on_working_time(
    rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar, at: datetime
) -> None:
    """A deadline counted in working time is working time on the calendar."""
    for o in _tracker(rules, book, cal).obligations(at=at):
        if o.rule.due is not None and o.rule.due.basis is TimeBasis.WORKING:
            assert cal.is_working_time(o.due_at)
        esc = o.rule.escalate_after
        if esc is not None and esc.basis is TimeBasis.WORKING:
            assert o.escalate_at is not None
            assert cal.is_working_time(o.escalate_at)


@given(rule_lists, cadence_books(), working_calendars(), offsets)
def test_recurrences_never_skip_a_period(
    rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar, at: datetime
) -> None:
    """Rolling: each obligation starts when the one before was met, only the last is open.
    Calendar: the periods follow each other without a gap up to the one holding ``at``."""
    chains: dict[tuple[str, str], list[Obligation]] = {}
    for o in _tracker(rules, book, cal).obligations(at=at):
        if o.rule.every is not None:
            chains.setdefault((o.rule.key, o.record_id), []).append(o)
    for chain in chains.values():
        chain.sort(key=lambda o: o.sequence)
        assert [o.sequence for o in chain] == list(range(len(chain)))
        every = chain[0].rule.every
        assert every is not None
        if every.anchor is RecurrenceAnchor.ROLLING:
            for previous, following in itertools.pairwise(chain):
                assert previous.met_at == following.start_at
            assert all(not o.status.is_open for o in chain[:-1])
            assert chain[-1].status.is_open
        else:
            for previous, following in itertools.pairwise(chain):
                assert following.start_at == previous.due_at + timedelta(microseconds=1)
            assert chain[-1].start_at <= at <= chain[-1].due_at


@given(rule_lists, cadence_books(), working_calendars(), offsets)
def test_agenda_is_sorted_and_complete(
    rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar, at: datetime
) -> None:
    """Each person's agenda is exactly their open obligations and those escalated to them,
    from the full evaluation, in due order."""
    tracker = _tracker(rules, book, cal)
    everything = tracker.obligations(at=at)
    people = set(CADENCE_PEOPLE) | {"mgr", "boss", "nobody"}
    for person in people:
        items = tracker.agenda(person, at=at).items
        expected = [
            o
            for o in everything
            if (o.status.is_open and o.for_whom == person)
            or (o.status is ObligationStatus.ESCALATED and o.escalated_to == person)
        ]
        assert list(items) == expected
        assert [o.sort_key for o in items] == sorted(o.sort_key for o in items)


@given(rule_lists, cadence_books(), working_calendars(), offsets)
def test_summary_counts_every_obligation_once(
    rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar, at: datetime
) -> None:
    tracker = _tracker(rules, book, cal)
    everything = tracker.obligations(at=at)
    summary = tracker.summary(at=at)
    assert summary.total.total == len(everything)
    assert sum(t.total for t in summary.by_rule.values()) == len(everything)
    assert sum(t.total for t in summary.by_person.values()) == len(everything)
    late = sum(o.status is ObligationStatus.MET_LATE for o in everything)
    assert summary.total.met_late == late
    assert set(summary.by_rule) == {r.key for r in rules}


@given(cadence_books(), offsets)
def test_current_stage_clock_agrees_with_the_stages(book: dict[str, Any], at: datetime) -> None:
    """For deals that stay open, the stage clock running at ``at`` began when the stages say."""
    tracker = Tracker([_MOVE_ON], opportunities=book["opportunities"])
    running = {o.record.id: o for o in tracker.obligations(at=at) if o.met_at is None}
    for opp in book["opportunities"]:
        if opp.updated_at <= at and opp.status is OpportunityStatus.OPEN:
            last = stays(opp, until=at)[-1]
            assert last.left_at is None
            assert last.stage == opp.stage
            assert running[opp.id].start_at == last.entered_at == entered_stage_at(opp)


@given(
    st.lists(time_rules() | declared_time_rules(), min_size=1, max_size=4, unique_by=_key),
    cadence_books(declared=True),
    working_calendars(),
    offsets,
    st.sampled_from(("mgr", "ann", "boss")),
)
def test_indexed_agenda_equals_filtering_every_obligation(
    rules: list[TimeRule],
    book: dict[str, Any],
    cal: WorkingCalendar,
    at: datetime,
    holder: str,
) -> None:
    """The agenda read from the person index is the filter of every obligation, for every
    person who owns a record or holds a role, so the index can never drift (rules on
    built-in and on declared event kinds alike)."""
    team = Team(
        roles={"sales_manager": holder, "manager": "boss"},
        managers={p: "mgr" for p in CADENCE_PEOPLE if p != holder},
    )
    ruleset = RuleSet(rules=rules, event_kinds=DECLARED_EVENT_KINDS)
    tracker = Tracker(ruleset, calendar=cal, team=team, **book)
    everything = tracker.obligations(at=at)
    owners = {r.owner for records in book.values() for r in records if getattr(r, "owner", None)}
    for person in owners | {"mgr", "boss", holder, "nobody"}:
        expected = tuple(
            o
            for o in everything
            if (o.status.is_open and o.for_whom == person)
            or (o.status is ObligationStatus.ESCALATED and o.escalated_to == person)
        )
        assert tracker.agenda(person, at=at).items == expected


# -- examples -------------------------------------------------------------------

MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=CST)


def _deal(**changes: Any) -> Opportunity:
    fields: dict[str, Any] = {
        "id": "o-1",
        "customer_id": "c-1",
        "owner": "ann",
        "pipeline": "complex",
        "stage": "prospect_list",
        "amount": Money("1000", "CNY"),
        "created_at": MONDAY,
    }
    fields.update(changes)
    return Opportunity(**fields)


def test_stage_clocks_split_on_stage_and_status() -> None:
    """A pause ends a stage clock; resuming starts a new one; a win ends the last."""

    def change(move: Move, day: int, to: str, status: OpportunityStatus, frm: str) -> StageChange:
        prev = OpportunityStatus.PAUSED if move is Move.RESUME else OpportunityStatus.OPEN
        return StageChange(
            move=move,
            at=MONDAY + timedelta(days=day),
            from_stage=frm,
            to_stage=to,
            from_status=prev,
            to_status=status,
            probability_after=50,
        )

    opp = _deal(
        stage="book_visit",
        status=OpportunityStatus.WON,
        history=[
            change(Move.ADVANCE, 5, "book_visit", OpportunityStatus.OPEN, "prospect_list"),
            change(Move.PAUSE, 10, "book_visit", OpportunityStatus.PAUSED, "book_visit"),
            change(Move.RESUME, 20, "book_visit", OpportunityStatus.OPEN, "book_visit"),
            change(Move.WIN, 30, "book_visit", OpportunityStatus.WON, "book_visit"),
        ],
    )

    def day(n: int) -> datetime:
        return MONDAY + timedelta(days=n)

    def clocks(at: datetime) -> list[tuple[int, datetime, datetime | None]]:
        tracker = Tracker([_MOVE_ON], opportunities=[opp])
        return [(o.sequence, o.start_at, o.met_at) for o in tracker.obligations(at=at)]

    assert clocks(day(40)) == [(0, day(0), day(5)), (1, day(5), day(10)), (2, day(20), day(30))]
    assert clocks(day(7)) == [(0, day(0), day(5)), (1, day(5), None)]


def test_stale_deal_uses_the_stage_rot_days() -> None:
    """complex/prospect_list rots after 30 days: met on time if it moves by then."""
    rule = presets.get("deal_stale_in_stage")
    opp = _deal()
    tracker = Tracker([rule], opportunities=[opp], team=Team(managers={"ann": "boss"}))
    (o,) = tracker.obligations(at=MONDAY + timedelta(days=28))
    assert o.due_at == MONDAY + timedelta(days=30)
    assert o.status is ObligationStatus.UPCOMING
    (o,) = tracker.obligations(at=MONDAY + timedelta(days=29))
    assert o.status is ObligationStatus.DUE  # reminded one day ahead
    (o,) = tracker.obligations(at=MONDAY + timedelta(days=31))
    assert o.status is ObligationStatus.OVERDUE
    (o,) = tracker.obligations(at=MONDAY + timedelta(days=38))
    assert o.status is ObligationStatus.ESCALATED
    assert o.escalated_to == "boss"
    moved = _deal(
        stage="book_visit",
        history=[
            StageChange(
                move=Move.ADVANCE,
                at=MONDAY + timedelta(days=20),
                from_stage="prospect_list",
                to_stage="book_visit",
                from_status=OpportunityStatus.OPEN,
                to_status=OpportunityStatus.OPEN,
                probability_after=10,
            )
        ],
    )
    first, second = Tracker([rule], opportunities=[moved]).obligations(
        at=MONDAY + timedelta(days=40)
    )
    assert first.status is ObligationStatus.MET_ON_TIME
    assert second.due_at == MONDAY + timedelta(days=34)  # book_visit rots after 14
    assert second.status is ObligationStatus.OVERDUE
    # a caller's own rot_days replace a pipeline's
    (o,) = Tracker(
        [rule], opportunities=[opp], rot_days={"complex": {"prospect_list": 3}}
    ).obligations(at=MONDAY)
    assert o.due_at == MONDAY + timedelta(days=3)


def test_working_time_rule_on_a_custom_calendar() -> None:
    """An objection raised at 17:55 on a Friday, due within one working day."""
    rule = TimeRule(
        key="answer",
        label_key="my.answer",
        subject="opportunity",  # type: ignore[arg-type]
        start="objection_raised",
        stop="objection_answered",
        due=Duration(amount=1, unit=DurationUnit.DAYS, basis=TimeBasis.WORKING),
        escalate_after=Duration(amount=2, unit=DurationUnit.HOURS, basis=TimeBasis.WORKING),
    )
    cal = WorkingCalendar(timezone="+08:00", holidays=["2026-03-16"])
    friday = datetime(2026, 3, 13, 17, 55, tzinfo=CST)
    raised = Event(kind=CadenceEventKind.OBJECTION_RAISED, subject_id="o-1", at=friday)
    tracker = Tracker([rule], opportunities=[_deal()], events=[raised], calendar=cal)
    (o,) = tracker.obligations(at=friday)
    # Monday is a holiday: Tuesday 17:55; escalation 2 working hours later: Wednesday 10:55
    assert o.due_at == datetime(2026, 3, 17, 17, 55, tzinfo=CST)
    assert o.escalate_at == datetime(2026, 3, 18, 10, 55, tzinfo=CST)
    assert o.event == raised
    assert tracker.obligations(at=o.escalate_at)[0].status is ObligationStatus.OVERDUE
    later = o.escalate_at + timedelta(minutes=1)
    assert tracker.obligations(at=later)[0].status is ObligationStatus.ESCALATED
    assert tracker.obligations(at=later)[0].escalated_to is None  # no team, no manager


def test_objections_are_answered_in_order() -> None:
    """Each answer meets the oldest objection raised before it."""
    rule = presets.get("objection_answer")

    def t(h: int) -> datetime:
        return MONDAY + timedelta(hours=h)

    events = [
        Event(kind=CadenceEventKind.OBJECTION_ANSWERED, subject_id="o-1", at=t(-5)),
        Event(kind=CadenceEventKind.OBJECTION_RAISED, subject_id="o-1", at=t(0)),
        Event(kind=CadenceEventKind.OBJECTION_RAISED, subject_id="o-1", at=t(1)),
        Event(kind=CadenceEventKind.OBJECTION_ANSWERED, subject_id="o-1", at=t(2)),
        Event(kind=CadenceEventKind.OBJECTION_ANSWERED, subject_id="o-1", at=t(30)),
    ]
    first, second = Tracker([rule], opportunities=[_deal()], events=events).obligations(at=t(100))
    assert (first.met_at, first.status) == (t(2), ObligationStatus.MET_ON_TIME)
    assert (second.met_at, second.status) == (t(30), ObligationStatus.MET_LATE)


def test_summary_per_rule_and_person() -> None:
    rules = [presets.get("visit_reported_same_day"), presets.get("visit_booked_ahead")]
    visits = [
        Activity(
            id=f"a-{i}",
            kind=ActivityKind.VISIT,
            owner=owner,
            subject="visit",
            planned_at=MONDAY + timedelta(days=i),
            done_at=MONDAY + timedelta(days=i, hours=late),
        )
        for i, (owner, late) in enumerate([("ann", 1), ("ann", 20), ("bob", 2)])
    ]
    summary = summarise(rules, activities=visits, at=MONDAY + timedelta(days=10))
    assert summary.by_rule["visit_reported_same_day"].met_on_time == 2
    assert summary.by_rule["visit_reported_same_day"].met_late == 1
    assert summary.by_rule["visit_booked_ahead"].overdue == 3  # no booking events
    assert summary.by_person["ann"].met_late == 1
    assert summary.by_person["ann"].late == 3
    assert summary.by_person["bob"].met_on_time == 1
    assert summary.total.total == 6


def test_one_shot_functions_agree_with_the_tracker() -> None:
    rules = RuleSet(rules=(presets.get("follow_up_by_grade"),))
    customer = Customer(id="c-1", name="Hengtai", value_grade=ValueGrade.A, owner="ann")
    call = Activity(
        id="a-1",
        kind=ActivityKind.CALL,
        owner="ann",
        subject="call",
        customer_id="c-1",
        done_at=MONDAY,
    )
    at = MONDAY + timedelta(days=8)
    found = evaluate(rules, customers=[customer], activities=[call], at=at)
    assert [o.status for o in found] == [ObligationStatus.OVERDUE]
    assert agenda("ann", rules, customers=[customer], activities=[call], at=at).items == found
    assert len(agenda("bob", rules, customers=[customer], activities=[call], at=at)) == 0


def test_record_lookup() -> None:
    tracker = Tracker([], opportunities=[_deal()])
    assert tracker.record("opportunity", id="o-1").id == "o-1"  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as err:
        tracker.record("opportunity", id="o-2")  # type: ignore[arg-type]
    assert err.value.paths == ("id",)


# -- bad input ------------------------------------------------------------------

LEAD = Lead(id="l-1", customer_name="X", created_at=MONDAY, source=LeadSource.OTHER)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"customers": [LEAD]}, "customers[0]"),
        ({"leads": [LEAD, LEAD]}, "leads[1].id"),
        ({"opportunities": "o-1"}, "opportunities"),
        ({"activities": 3}, "activities"),
        ({"events": [{"kind": "delivered"}]}, "events[0]"),
        (
            {"events": [Event(kind=CadenceEventKind.DELIVERED, subject_id="o-9", at=MONDAY)]},
            "events[0].subject_id",
        ),
        (
            {"events": [Event(kind=CadenceEventKind.SERVICE_DONE, subject_id="o-1", at=MONDAY)]},
            "events[0].subject_id",
        ),
        ({"calendar": "Mon-Fri"}, "calendar"),
        ({"team": {"roles": {}}}, "team"),
        ({"rot_days": {"complex": {"prospect_list": 0}}}, "rot_days['complex']['prospect_list']"),
        ({"rot_days": {"complex": 30}}, "rot_days['complex']"),
        ({"rot_days": [1]}, "rot_days"),
        # past a century a deal's staleness deadline overflowed the date range (OverflowError)
        (
            {"rot_days": {"complex": {"prospect_list": 10**9}}},
            "rot_days['complex']['prospect_list']",
        ),
    ],
)
def test_bad_tracker_input(kwargs: dict[str, Any], path: str) -> None:
    """Wrong types, duplicate ids and unknown event subjects: a ValidationError with the path."""
    base: dict[str, Any] = {"opportunities": [_deal()]}
    with pytest.raises(ValidationError) as err:
        Tracker([presets.get("objection_answer")], **{**base, **kwargs})
    assert path in err.value.paths


def test_rules_needing_a_calendar_or_a_role_say_so() -> None:
    working = TimeRule(
        key="w",
        label_key="my.w",
        subject="lead",  # type: ignore[arg-type]
        start="lead_created",
        stop="lead_assigned",
        due=Duration(amount=4, basis=TimeBasis.WORKING),
    )
    with pytest.raises(ValidationError) as err:
        Tracker([working, presets.get("high_priority_lead_owner")])
    assert err.value.paths == ("calendar", "team.roles")
    with pytest.raises(DefinitionError) as derr:
        Tracker([working, working])
    assert derr.value.paths == ("rules[1]",)
    with pytest.raises(ValidationError) as err:
        Tracker(42)  # type: ignore[arg-type]
    assert err.value.paths == ("rules",)


def test_naive_at_and_bad_person_are_refused() -> None:
    tracker = Tracker(presets.all_rules(), opportunities=[_deal()], team=CADENCE_TEAM)
    naive = datetime(2026, 3, 9, 9, 0)
    with pytest.raises(ValidationError) as err:
        tracker.obligations(at=naive)
    assert err.value.paths == ("at",)
    with pytest.raises(ValidationError) as err:
        tracker.agenda("", at=naive)
    assert err.value.paths == ("person", "at")
    with pytest.raises(ValidationError) as err:
        tracker.summary(at="2026-03-09")  # type: ignore[arg-type]
    assert err.value.paths == ("at",)
    with pytest.raises(ValidationError):
        evaluate(presets.all_rules(), at=naive, team=CADENCE_TEAM)


# -- review: odd arguments to the public functions ----------------------------------


@pytest.mark.parametrize("subject", ["deal", None, 5])
def test_record_lookup_refuses_an_unknown_subject(subject: object) -> None:
    """record('deal', ...) is a ValidationError at subject, not a ValueError from the enum."""
    tracker = Tracker([], opportunities=[_deal()])
    with pytest.raises(ValidationError) as err:
        tracker.record(subject, id="o-1")  # type: ignore[arg-type]
    assert err.value.paths == ("subject",)


@pytest.mark.parametrize("call", [evaluate, summarise])
def test_one_shot_functions_refuse_unknown_keywords(call: Any) -> None:
    """A misspelt keyword (oportunities=) is a ValidationError naming it, not a TypeError."""
    with pytest.raises(ValidationError) as err:
        call(presets.all_rules(), at=MONDAY, oportunities=[_deal()], team=CADENCE_TEAM)
    assert err.value.paths == ("oportunities",)
    with pytest.raises(ValidationError) as err:
        agenda("ann", presets.all_rules(), at=MONDAY, oportunities=[], team=CADENCE_TEAM)
    assert err.value.paths == ("oportunities",)


@pytest.mark.parametrize(("pipelines", "path"), [(5, "pipelines"), ([1], "pipelines[0]")])
def test_rot_days_of_checks_its_pipelines(pipelines: object, path: str) -> None:
    with pytest.raises(ValidationError) as err:
        rot_days_of(pipelines)  # type: ignore[arg-type]
    assert err.value.paths == (path,)


@pytest.mark.parametrize("person", [[], None, 5])
def test_manager_of_needs_a_person_id(person: object) -> None:
    with pytest.raises(ValidationError) as err:
        Team(managers={"a": "b"}).manager_of(person)  # type: ignore[arg-type]
    assert err.value.paths == ("person",)


@given(
    rule_lists,
    cadence_books(),
    working_calendars(),
    offsets,
    st.lists(st.integers(-3, 3), min_size=1, max_size=5),
    st.sampled_from(["mixed", "one offset", "zone"]),
)
def test_linear_due_order_agrees_with_the_comparison_sort(
    rules: list[TimeRule],
    book: dict[str, Any],
    cal: WorkingCalendar,
    at: datetime,
    shifts: list[int],
    zones: str,
) -> None:
    """The bucket passes (forced on small lists) give exactly the order ``sort_key`` gives,
    ties within one second included, whether the deadlines are in two offsets, in one
    fixed offset (read from their fields) or in a zone with daylight saving."""
    found = list(_tracker(rules, book, cal).obligations(at=at))
    new_york = ZoneInfo("America/New_York")

    def zone(i: int) -> tzinfo:
        if zones == "one offset":
            return CST
        if zones == "zone":
            return new_york
        return UTC if i % 2 else CST

    varied = [
        attrs.evolve(
            o,
            due_at=(o.due_at + timedelta(microseconds=shifts[i % len(shifts)])).astimezone(zone(i)),
        )
        for i, o in enumerate(found)
    ]
    expected = sorted(varied, key=_results.sort_key)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_results, "_SMALL", 0)
        assert _results.due_order(list(reversed(varied))) == expected
