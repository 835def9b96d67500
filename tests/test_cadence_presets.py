"""The presets from the source documents, each on a hand-built timeline."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    Activity,
    ActivityKind,
    Customer,
    Lead,
    LeadSource,
    LeadStatus,
    Money,
    Opportunity,
    OpportunityStatus,
    Priority,
    ValidationError,
    ValueGrade,
)
from salesflow.cadence import (
    CadenceEventKind,
    Duration,
    DurationUnit,
    Event,
    ObligationStatus,
    Recurrence,
    RecurrenceUnit,
    RuleSet,
    Team,
    TimeBasis,
    TimeRule,
    Tracker,
    WorkingCalendar,
    presets,
)
from salesflow.convert import from_dict, to_dict
from salesflow.locales import default_catalogs
from salesflow.scoring import presets as scoring_presets

CST = timezone(timedelta(hours=8))
TEAM = Team(roles={"sales_manager": "mgr"}, managers={"ann": "boss", "mgr": "boss"})
OFFICE = WorkingCalendar(timezone="Asia/Shanghai")
#: Friday 13 March 2026, 17:55 in Shanghai.
FRIDAY_1755 = datetime(2026, 3, 13, 17, 55, tzinfo=CST)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CST)


def _status(tracker: Tracker, at: str) -> list[ObligationStatus]:
    return [o.status for o in tracker.obligations(at=_at(at))]


def _lead(**changes: object) -> Lead:
    fields: dict[str, object] = {
        "id": "l-1",
        "customer_name": "Xinghe Electronics",
        "created_at": FRIDAY_1755,
        "source": LeadSource.TRADE_SHOW,
        "priority": Priority.HIGH,
    }
    fields.update(changes)
    return Lead(**fields)  # type: ignore[arg-type]


def _deal(**changes: object) -> Opportunity:
    fields: dict[str, object] = {
        "id": "o-1",
        "customer_id": "c-1",
        "owner": "ann",
        "pipeline": "complex",
        "stage": "sign_contract",
        "status": OpportunityStatus.WON,
        "amount": Money("100000", "CNY"),
        "created_at": _at("2025-12-01T09:00"),
    }
    fields.update(changes)
    return Opportunity(**fields)  # type: ignore[arg-type]


CUSTOMER_A = Customer(id="c-1", name="Hengtai", value_grade=ValueGrade.A, owner="ann")


def _contact(i: int, at: str, kind: ActivityKind = ActivityKind.CALL) -> Activity:
    return Activity(
        id=f"a-{i}", kind=kind, owner="ann", subject="contact", customer_id="c-1", done_at=_at(at)
    )


# -- the presets as a whole -----------------------------------------------------


def test_every_preset_is_named_labelled_and_round_trips() -> None:
    en = default_catalogs().catalogs["en"]
    zh = default_catalogs().catalogs["zh-Hans"]
    assert presets.names() == tuple(sorted(presets.names()))
    assert len(presets.names()) == 10  # weak_deal_replan (issue 19)
    for name in presets.names():
        rule = presets.get(name)
        assert rule.key == name
        assert rule.label_key in en
        assert rule.label_key in zh
        assert from_dict(TimeRule, to_dict(rule)) == rule
    assert [r.key for r in presets.all_rules().rules] == list(presets.names())
    assert from_dict(RuleSet, to_dict(presets.all_rules())) == presets.all_rules()


@pytest.mark.parametrize("name", ["", "Objection", "follow_up", 3, None])
def test_unknown_presets_are_refused(name: object) -> None:
    with pytest.raises(ValidationError) as err:
        presets.get(name)  # type: ignore[arg-type]
    assert err.value.paths == ("name",)


def test_the_documents_defaults() -> None:
    """DOMAIN.md section 8: 24 h, 24 h, A/B/C 7/14/30 days, 7 and 15 days, a quarter, 2 days."""

    def due(name: str) -> Duration | None:
        return presets.get(name).due

    assert due("high_priority_lead_owner") == Duration(amount=24, unit=DurationUnit.HOURS)
    assert presets.get("high_priority_lead_owner").priorities == (Priority.HIGH,)
    assert due("objection_answer") == Duration(amount=24, unit=DurationUnit.HOURS)
    follow = presets.get("follow_up_by_grade").every
    assert follow is not None
    assert dict(follow.by_grade) == {"A": 7, "B": 14, "C": 30}
    assert due("delivery_first_visit") == Duration(amount=7, unit=DurationUnit.DAYS)
    assert due("delivery_satisfaction_survey") == Duration(amount=15, unit=DurationUnit.DAYS)
    service = presets.get("quarterly_value_service")
    assert service.every == Recurrence(unit=RecurrenceUnit.QUARTERS, anchor="calendar")  # type: ignore[arg-type]
    assert service.grades == (ValueGrade.A,)
    assert due("visit_booked_ahead") == Duration(amount=2, unit=DurationUnit.DAYS)
    assert presets.get("visit_reported_same_day").end_of_day
    assert presets.get("deal_stale_in_stage").due_from_stage


def test_grade_cadence_agrees_with_the_scoring_preset() -> None:
    """The follow-up days per grade are the customer_value_grade bands' data."""
    card = scoring_presets.get("customer_value_grade")
    from_scoring = {b.key: b.data["follow_up_every_days"] for b in card.bands}
    follow = presets.get("follow_up_by_grade").every
    assert follow is not None
    assert dict(follow.by_grade) == from_scoring


# -- high-priority lead: owner within 24 hours ----------------------------------


def test_high_lead_at_1755_on_a_friday() -> None:
    """Calendar time: due Saturday 17:55. One working day: Monday 17:55. Met by Monday 10:00
    only on the working-day reading."""
    rule = presets.get("high_priority_lead_owner")
    lead = _lead()
    calendar_time = Tracker([rule], leads=[lead], team=TEAM)
    (o,) = calendar_time.obligations(at=FRIDAY_1755)
    assert o.for_whom == "mgr"  # the sales manager assigns leads
    assert o.due_at == _at("2026-03-14T17:55")
    assert o.status is ObligationStatus.DUE
    assert _status(calendar_time, "2026-03-15T12:00") == [ObligationStatus.OVERDUE]
    late = _status(calendar_time, "2026-03-15T18:00")
    assert late == [ObligationStatus.ESCALATED]
    assert calendar_time.obligations(at=_at("2026-03-15T18:00"))[0].escalated_to == "boss"

    working = attrs.evolve(
        rule,
        due=Duration(amount=1, unit=DurationUnit.DAYS, basis=TimeBasis.WORKING),
        escalate_after=Duration(amount=4, unit=DurationUnit.HOURS, basis=TimeBasis.WORKING),
    )
    working_time = Tracker([working], leads=[lead], team=TEAM, calendar=OFFICE)
    (o,) = working_time.obligations(at=_at("2026-03-16T09:00"))
    assert o.due_at == _at("2026-03-16T17:55")
    assert o.escalate_at == _at("2026-03-17T12:55")
    assert o.status is ObligationStatus.DUE

    assigned = _lead(owner="ann", status=LeadStatus.ASSIGNED, assigned_at=_at("2026-03-16T10:00"))
    on_calendar = Tracker([rule], leads=[assigned], team=TEAM)
    on_working = Tracker([working], leads=[assigned], team=TEAM, calendar=OFFICE)
    assert _status(on_calendar, "2026-03-16T12:00") == [ObligationStatus.MET_LATE]
    assert _status(on_working, "2026-03-16T12:00") == [ObligationStatus.MET_ON_TIME]
    # before the assignment happened it was still open
    assert _status(on_working, "2026-03-16T09:59") == [ObligationStatus.DUE]


def test_only_high_leads_and_not_disqualified_unassigned_ones() -> None:
    rule = presets.get("high_priority_lead_owner")
    leads = [
        _lead(id="l-med", priority=Priority.MEDIUM),
        _lead(id="l-dq", status=LeadStatus.DISQUALIFIED),
        _lead(id="l-own", owner="ann", status=LeadStatus.ASSIGNED),  # no assigned_at
    ]
    (o,) = Tracker([rule], leads=leads, team=TEAM).obligations(at=_at("2026-03-20T00:00"))
    assert o.record_id == "l-own"
    assert o.met_at == FRIDAY_1755
    assert o.status is ObligationStatus.MET_ON_TIME


# -- objection answered within 24 hours ------------------------------------------


def test_objection_answered_within_24_hours() -> None:
    rule = presets.get("objection_answer")
    raised = Event(kind=CadenceEventKind.OBJECTION_RAISED, subject_id="o-1", at=FRIDAY_1755)
    answered = Event(
        kind=CadenceEventKind.OBJECTION_ANSWERED, subject_id="o-1", at=_at("2026-03-14T11:00")
    )
    deal = _deal(status=OpportunityStatus.OPEN, stage="propose_brief")
    tracker = Tracker([rule], opportunities=[deal], events=[raised, answered], team=TEAM)
    assert _status(tracker, "2026-03-13T18:00") == [ObligationStatus.DUE]
    assert _status(tracker, "2026-03-14T12:00") == [ObligationStatus.MET_ON_TIME]
    unanswered = Tracker([rule], opportunities=[deal], events=[raised], team=TEAM)
    assert _status(unanswered, "2026-03-15T09:00") == [ObligationStatus.OVERDUE]
    assert _status(unanswered, "2026-03-16T09:00") == [ObligationStatus.ESCALATED]
    # before it was raised, nothing
    assert _status(unanswered, "2026-03-13T17:00") == []


# -- follow-up by value grade ------------------------------------------------------


def test_follow_up_weekly_for_an_a_customer() -> None:
    """A weekly chain: on time, then late, then open and overdue."""
    rule = presets.get("follow_up_by_grade")
    contacts = [
        _contact(1, "2026-03-02T10:00"),
        _contact(2, "2026-03-06T15:00"),  # 4 days: on time
        _contact(3, "2026-03-16T09:00"),  # 10 days: late
    ]
    tracker = Tracker([rule], customers=[CUSTOMER_A], activities=contacts, team=TEAM)
    found = tracker.obligations(at=_at("2026-03-24T10:00"))
    assert [(o.start_at, o.due_at, o.status) for o in found] == [
        (_at("2026-03-02T10:00"), _at("2026-03-09T10:00"), ObligationStatus.MET_ON_TIME),
        (_at("2026-03-06T15:00"), _at("2026-03-13T15:00"), ObligationStatus.MET_LATE),
        (_at("2026-03-16T09:00"), _at("2026-03-23T09:00"), ObligationStatus.OVERDUE),
    ]
    summary = tracker.summary(at=_at("2026-03-24T10:00"))
    assert summary.by_person["ann"].met_on_time == 1
    assert summary.by_person["ann"].met_late == 1


@pytest.mark.parametrize(("grade", "days"), [("A", 7), ("B", 14), ("C", 30)])
def test_follow_up_interval_by_grade(grade: str, days: int) -> None:
    rule = presets.get("follow_up_by_grade")
    customer = attrs.evolve(CUSTOMER_A, value_grade=ValueGrade(grade))
    tracker = Tracker([rule], customers=[customer], activities=[_contact(1, "2026-01-31T10:00")])
    (o,) = tracker.obligations(at=_at("2026-02-01T00:00"))
    assert o.due_at - o.start_at == timedelta(days=days)


def test_ungraded_customers_have_no_follow_up() -> None:
    rule = presets.get("follow_up_by_grade")
    customer = attrs.evolve(CUSTOMER_A, value_grade=None)
    tracker = Tracker([rule], customers=[customer], activities=[_contact(1, "2026-01-31T10:00")])
    assert tracker.obligations(at=_at("2026-06-01T00:00")) == ()


def test_monthly_follow_up_in_a_month_without_day_31() -> None:
    """A calendar-month cadence from 31 January is due on 28 February."""
    rule = attrs.evolve(
        presets.get("follow_up_by_grade"),
        every=Recurrence(unit=RecurrenceUnit.MONTHS, by_grade={"C": 1}),
    )
    customer = attrs.evolve(CUSTOMER_A, value_grade=ValueGrade.C)
    contacts = [_contact(1, "2026-01-31T10:00"), _contact(2, "2026-02-28T10:00")]
    tracker = Tracker([rule], customers=[customer], activities=contacts)
    first, second = tracker.obligations(at=_at("2026-03-01T00:00"))
    assert first.due_at == _at("2026-02-28T10:00")
    assert first.status is ObligationStatus.MET_ON_TIME  # met at the deadline itself
    assert second.due_at == _at("2026-03-28T10:00")


# -- after delivery --------------------------------------------------------------


def _delivered(at: str) -> Event:
    return Event(kind=CadenceEventKind.DELIVERED, subject_id="o-1", at=_at(at))


def test_first_visit_within_7_days_and_survey_within_15() -> None:
    rules = [presets.get("delivery_first_visit"), presets.get("delivery_satisfaction_survey")]
    events = [
        _delivered("2026-03-02T10:00"),
        Event(kind=CadenceEventKind.SURVEY_DONE, subject_id="o-1", at=_at("2026-03-16T16:00")),
    ]
    call_then_visit = [
        _contact(1, "2026-03-04T10:00"),  # a call is not a visit
        _contact(2, "2026-03-10T14:00", ActivityKind.VISIT),
    ]
    tracker = Tracker(
        rules,
        customers=[CUSTOMER_A],
        opportunities=[_deal()],
        activities=call_then_visit,
        events=events,
    )
    visit, survey = sorted(
        tracker.obligations(at=_at("2026-03-20T00:00")), key=lambda o: o.rule_key
    )
    assert visit.due_at == _at("2026-03-09T10:00")
    assert (visit.status, visit.met_at) == (ObligationStatus.MET_LATE, _at("2026-03-10T14:00"))
    assert survey.due_at == _at("2026-03-17T10:00")
    assert survey.status is ObligationStatus.MET_ON_TIME
    assert visit.event == events[0]
    # a week and a half after delivery, before the visit: escalated (3 more days)
    early = {o.rule_key: o.status for o in tracker.obligations(at=_at("2026-03-09T12:00"))}
    assert early == {
        "delivery_first_visit": ObligationStatus.OVERDUE,
        "delivery_satisfaction_survey": ObligationStatus.UPCOMING,
    }


def test_quarterly_service_across_a_quarter_boundary() -> None:
    """Delivered on 30 March: the first quarter owed is Q2 (1 April to 30 June); a service
    on 30 June meets Q2; nothing in Q3 leaves Q3 overdue on 1 October."""
    rule = presets.get("quarterly_value_service")
    service = Event(
        kind=CadenceEventKind.SERVICE_DONE, subject_id="c-1", at=_at("2026-06-30T23:30")
    )
    tracker = Tracker(
        [rule],
        customers=[CUSTOMER_A],
        opportunities=[_deal()],
        events=[_delivered("2026-03-30T10:00"), service],
        team=TEAM,
    )
    assert tracker.obligations(at=_at("2026-03-31T23:59")) == ()
    (q2,) = tracker.obligations(at=_at("2026-04-01T00:00"))
    assert q2.start_at == _at("2026-04-01T00:00")
    assert q2.due_at == _at("2026-06-30T23:59:59.999999")
    assert q2.status is ObligationStatus.UPCOMING
    assert _status(tracker, "2026-06-20T00:00") == [ObligationStatus.DUE]  # 14 days ahead
    q2, q3 = tracker.obligations(at=_at("2026-07-01T00:00"))
    assert q2.status is ObligationStatus.MET_ON_TIME
    assert q3.status is ObligationStatus.UPCOMING
    q2, q3, q4 = tracker.obligations(at=_at("2026-10-01T00:00"))
    assert q3.status is ObligationStatus.OVERDUE
    assert q4.start_at == _at("2026-10-01T00:00")
    assert _status(tracker, "2026-10-16T00:01")[1] is ObligationStatus.ESCALATED
    # only high-value (A) customers
    b_customer = attrs.evolve(CUSTOMER_A, value_grade=ValueGrade.B)
    other = Tracker(
        [rule],
        customers=[b_customer],
        opportunities=[_deal()],
        events=[_delivered("2026-03-30T10:00")],
    )
    assert other.obligations(at=_at("2026-10-01T00:00")) == ()


# -- visits: booked two days ahead, reported the same day ------------------------


def _visit(**changes: object) -> Activity:
    fields: dict[str, object] = {
        "id": "a-9",
        "kind": ActivityKind.VISIT,
        "owner": "ann",
        "subject": "Plant visit",
        "customer_id": "c-1",
        "planned_at": _at("2026-03-18T14:00"),
    }
    fields.update(changes)
    return Activity(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("booked", "expected"),
    [
        ("2026-03-15T09:00", ObligationStatus.MET_ON_TIME),
        ("2026-03-16T14:00", ObligationStatus.MET_ON_TIME),
        ("2026-03-17T09:00", ObligationStatus.MET_LATE),
        (None, ObligationStatus.OVERDUE),
    ],
)
def test_visit_booked_two_days_ahead(booked: str | None, expected: ObligationStatus) -> None:
    """The booking time is an explicit event; the deadline is two days before the visit."""
    events = []
    if booked is not None:
        events = [Event(kind=CadenceEventKind.VISIT_BOOKED, subject_id="a-9", at=_at(booked))]
    tracker = Tracker([presets.get("visit_booked_ahead")], activities=[_visit()], events=events)
    (o,) = tracker.obligations(at=_at("2026-03-18T08:00"))
    assert o.due_at == _at("2026-03-16T14:00")
    assert o.status is expected


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        ("2026-03-18T15:30", ObligationStatus.MET_ON_TIME),
        ("2026-03-18T23:59", ObligationStatus.MET_ON_TIME),
        ("2026-03-19T08:00", ObligationStatus.MET_LATE),
        (None, ObligationStatus.ESCALATED),
    ],
)
def test_visit_reported_the_same_day(done: str | None, expected: ObligationStatus) -> None:
    visit = _visit(done_at=None if done is None else _at(done))
    tracker = Tracker([presets.get("visit_reported_same_day")], activities=[visit], team=TEAM)
    (o,) = tracker.obligations(at=_at("2026-03-20T09:00"))
    assert o.due_at == _at("2026-03-18T23:59:59.999999")
    assert o.status is expected


def test_a_visit_report_event_overrides_done_at() -> None:
    visit = _visit(done_at=_at("2026-03-18T15:00"))
    report = Event(
        kind=CadenceEventKind.VISIT_REPORTED, subject_id="a-9", at=_at("2026-03-19T09:00")
    )
    tracker = Tracker([presets.get("visit_reported_same_day")], activities=[visit], events=[report])
    assert _status(tracker, "2026-03-20T00:00") == [ObligationStatus.MET_LATE]


# -- the agenda ------------------------------------------------------------------


@given(st.integers(0, 40 * 24))
def test_agenda_of_the_documents_rules_is_in_due_order(hours: int) -> None:
    """Over six weeks, ann's agenda is sorted and holds only open obligations."""
    at = _at("2026-03-01T00:00") + timedelta(hours=hours)
    tracker = Tracker(
        presets.all_rules(),
        customers=[CUSTOMER_A],
        leads=[_lead()],
        opportunities=[_deal()],
        activities=[_visit(), _contact(1, "2026-03-02T10:00")],
        events=[_delivered("2026-03-05T10:00")],
        team=TEAM,
    )
    agenda = tracker.agenda("ann", at=at)
    assert [o.due_at for o in agenda] == sorted(o.due_at for o in agenda)
    assert all(o.status.is_open for o in agenda)
    assert all(o.for_whom == "ann" for o in agenda)
    boss = tracker.agenda("boss", at=at)
    assert all(o.status is ObligationStatus.ESCALATED for o in boss)
