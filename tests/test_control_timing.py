"""Declared event kinds in the time rules, and the control rules on the agenda."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given

from salesflow import (
    Customer,
    DefinitionError,
    Money,
    Opportunity,
    ValidationError,
    from_dict,
    to_dict,
)
from salesflow.cadence import (
    Event,
    EventKind,
    ObligationStatus,
    RuleSet,
    RuleSubject,
    Team,
    TimeRule,
    Tracker,
)
from salesflow.cadence import presets as cadence_presets
from salesflow.control import (
    APPROVAL_REQUESTED,
    DATA_CHECKED,
    EVENT_KINDS,
    Approvals,
    approval_events,
    change_events,
    control_rules,
    data_check_event,
    presets,
    reconciliation_event,
)
from tests.strategies import time_rules

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEAM = Team(
    roles={
        "sales_manager": "zhao.min",
        "general_manager": "wang.gang",
        "after_sales_manager": "ma.kf",
        "accounting_head": "qian.li",
        "manager": "wang.gang",
    },
    managers={"ma.kf": "wang.gang", "zhao.min": "wang.gang"},
)
DEAL = Opportunity(
    id="o-1",
    customer_id="c-1",
    owner="li.na",
    pipeline="basic",
    stage="propose_brief",
    amount=Money(1, "CNY"),
    created_at=AT - timedelta(days=30),
)
CUSTOMER = Customer(id="c-1", name="Hengtai Machinery", owner="li.na")


def test_a_rule_stopping_on_an_undeclared_kind_is_refused_and_a_declared_one_accepted() -> None:
    rule: dict[str, Any] = {
        "key": "check",
        "label_key": "my.check",
        "subject": "customer",
        "start": "last_contact",
        "stop": "data_checked",
        "every": {"every": 1, "unit": "quarters"},
    }
    with pytest.raises(DefinitionError) as err:
        from_dict(TimeRule, rule)
    assert err.value.paths == ("stop",)
    declared = from_dict(TimeRule, {**rule, "stop": DATA_CHECKED})
    assert declared.declared_kinds == (DATA_CHECKED,)
    with pytest.raises(DefinitionError) as err:
        RuleSet(rules=(declared,))
    assert err.value.paths == ("rules[0].stop",)
    rules = RuleSet(rules=(declared,), event_kinds=EVENT_KINDS)
    assert from_dict(RuleSet, to_dict(rules)) == rules
    assert rules.event_subject(DATA_CHECKED) is RuleSubject.CUSTOMER
    wrong = EventKind(key=DATA_CHECKED, subject=RuleSubject.OPPORTUNITY)
    with pytest.raises(DefinitionError) as err:
        RuleSet(rules=(declared,), event_kinds=(wrong,))
    assert err.value.paths == ("rules[0].stop",)


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        (
            {"start": "control.x", "stop": "stage_left"},
            "stop",
        ),  # a declared start needs a declared stop
        (
            {"start": "lead_created", "subject": "lead", "stop": "control.x"},
            "stop",
        ),  # reads no events
        ({"start": "Control.X"}, "start"),
    ],
)
def test_declared_kinds_pair_only_where_the_tracker_can_read_them(
    changes: dict[str, Any], path: str
) -> None:
    rule = {
        "key": "r",
        "label_key": "my.r",
        "subject": "opportunity",
        "start": "control.a",
        "stop": "control.b",
        "due": {"amount": 1},
        **changes,
    }
    with pytest.raises(DefinitionError) as err:
        from_dict(TimeRule, rule)
    assert path in err.value.paths


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"key": "data_checked", "subject": "customer"}, "key"),
        ({"key": "a.b", "subject": "deal"}, "subject"),
    ],
)
def test_bad_event_kinds(data: dict[str, Any], path: str) -> None:
    with pytest.raises(DefinitionError) as err:
        from_dict(EventKind, data)
    assert path in err.value.paths


@given(time_rules())
def test_built_in_rules_still_round_trip_and_keep_their_enums(rule: TimeRule) -> None:
    assert from_dict(TimeRule, to_dict(rule)) == rule
    assert rule.declared_kinds == ()


def test_approval_response_times_are_obligations_that_escalate() -> None:
    desk = Approvals(policies=[presets.get("proposal_approval")], team=TEAM)
    request = desk.open(
        policy="proposal_approval", id="p-1", subject_id="o-1", requested_by="li.na", at=AT
    )
    tracker = Tracker(
        control_rules(),
        opportunities=[DEAL],
        customers=[CUSTOMER],
        events=approval_events([request]),
        team=TEAM,
    )
    late = AT + timedelta(hours=30)
    [mine] = tracker.agenda("zhao.min", at=late).items
    assert (mine.rule_key, mine.status) == ("approval_response", ObligationStatus.OVERDUE)
    escalated = tracker.agenda("wang.gang", at=AT + timedelta(hours=49))
    assert [o.rule_key for o in escalated.escalated] == ["approval_response"]
    decided = desk.approve(request, by="zhao.min", at=AT + timedelta(hours=5))
    tracker = Tracker(
        control_rules(),
        opportunities=[DEAL],
        customers=[CUSTOMER],
        events=approval_events([decided]),
        team=TEAM,
    )
    [done] = [o for o in tracker.obligations(at=late) if o.rule_key == "approval_response"]
    assert done.status is ObligationStatus.MET_ON_TIME


def test_the_quarterly_data_check_restarts_at_each_check() -> None:
    checks = [data_check_event("c-1", at=AT + timedelta(days=40), by="ma.kf")]
    tracker = Tracker(
        control_rules(), opportunities=[DEAL], customers=[CUSTOMER], events=checks, team=TEAM
    )
    found = [
        o
        for o in tracker.obligations(at=AT + timedelta(days=200))
        if o.rule_key == "quarterly_data_check"
    ]
    assert [o.status for o in found] == [ObligationStatus.MET_ON_TIME, ObligationStatus.ESCALATED]
    assert found[1].start_at == AT + timedelta(days=40)
    assert found[1].for_whom == "ma.kf"


def test_reconciliation_is_monthly_after_the_first_delivery() -> None:
    events = [
        Event(kind="delivered", subject_id="o-1", at=AT),
        reconciliation_event("c-1", at=datetime(2026, 4, 10, tzinfo=UTC)),
    ]
    tracker = Tracker(
        control_rules(), opportunities=[DEAL], customers=[CUSTOMER], events=events, team=TEAM
    )
    found = [
        o
        for o in tracker.obligations(at=datetime(2026, 5, 31, 12, tzinfo=UTC))
        if o.rule_key == "periodic_reconciliation"
    ]
    assert [o.status for o in found] == [ObligationStatus.MET_ON_TIME, ObligationStatus.DUE]


def test_undeclared_events_are_refused_by_the_tracker() -> None:
    with pytest.raises(ValidationError) as err:
        Tracker(
            cadence_presets.all_rules(),
            customers=[CUSTOMER],
            events=[data_check_event("c-1", at=AT)],
            team=TEAM,
        )
    assert err.value.paths == ("events[0].kind",)
    with pytest.raises(ValidationError) as err:
        Tracker(
            control_rules(),
            opportunities=[DEAL],
            events=[Event(kind=APPROVAL_REQUESTED, subject_id="o-9", at=AT)],
            team=TEAM,
        )
    assert err.value.paths == ("events[0].subject_id",)
    with pytest.raises(ValidationError):
        Event(kind="data_checked", subject_id="c-1", at=AT)  # undeclared shape: still refused
    with pytest.raises(ValidationError):
        approval_events(["p-1"])  # type: ignore[list-item]
    with pytest.raises(ValidationError):
        change_events([None])  # type: ignore[list-item]


def test_control_rules_take_a_teams_other_rules() -> None:
    rules = control_rules(cadence_presets.all_rules().rules)
    assert "quarterly_data_check" in [r.key for r in rules.rules]
    assert len(rules.rules) == 4 + len(cadence_presets.all_rules().rules)
    assert date(2026, 1, 1)  # the rules are values; nothing to reset
