"""Time rules as data, rule sets, explicit events and teams (salesflow.cadence._rules)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import given

from salesflow import DefinitionError, ValidationError, cadence
from salesflow.cadence import (
    ALLOWED,
    CadenceEventKind,
    Duration,
    Event,
    RuleSet,
    RuleSubject,
    StartEvent,
    StopEvent,
    Team,
    TimeRule,
    presets,
)
from salesflow.convert import from_dict, from_json, from_toml, to_dict, to_json
from salesflow.locales import default_catalogs, enum_key
from tests.strategies import cadence_events, rule_sets, teams, time_rules

CST = timezone(timedelta(hours=8))


def _rule(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "key": "answer",
        "label_key": "my.rule",
        "subject": "opportunity",
        "start": "objection_raised",
        "stop": "objection_answered",
        "due": {"amount": 24, "unit": "hours"},
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


# -- properties -----------------------------------------------------------------


@given(time_rules())
def test_rule_round_trips(rule: TimeRule) -> None:
    """Every valid rule survives to_dict / from_dict and JSON."""
    assert from_dict(TimeRule, to_dict(rule)) == rule
    assert from_json(TimeRule, to_json(rule)) == rule


@given(rule_sets)
def test_rule_set_round_trips(rules: RuleSet) -> None:
    assert from_dict(RuleSet, to_dict(rules)) == rules


@given(cadence_events)
def test_event_round_trips(event: Event) -> None:
    assert from_dict(Event, to_dict(event)) == event


@given(teams)
def test_team_round_trips(team: Team) -> None:
    assert from_dict(Team, to_dict(team)) == team


@given(time_rules())
def test_every_rule_pairs_an_allowed_start_and_stop(rule: TimeRule) -> None:
    """A valid rule's start belongs to its subject and its stop to its start."""
    assert isinstance(rule.start, StartEvent)  # drawn rules use the built-in kinds
    assert rule.stop in ALLOWED[(rule.subject, rule.start)]
    assert sum(x is not None for x in (rule.due, rule.every, rule.due_from_stage or None)) == 1


# -- examples -------------------------------------------------------------------


def test_rule_loads_from_toml() -> None:
    rules = from_toml(
        RuleSet,
        """
        [[rules]]
        key = "answer_objection"
        label_key = "cadence.rule.objection_answer"
        subject = "opportunity"
        start = "objection_raised"
        stop = "objection_answered"
        due = { amount = 1, unit = "days", basis = "working" }
        escalate_after = { amount = 4, unit = "hours", basis = "working" }

        [[rules]]
        key = "monthly_call"
        label_key = "my.monthly_call"
        subject = "customer"
        start = "last_contact"
        stop = "contact"
        every = { every = 1, unit = "months" }
        grades = ["C"]
        """,
    )
    assert [r.key for r in rules.rules] == ["answer_objection", "monthly_call"]
    assert rules.get("answer_objection").uses_working_time
    assert not rules.get("monthly_call").uses_working_time
    with pytest.raises(ValidationError) as err:
        rules.get("nope")
    assert err.value.paths == ("key",)


def test_plain_values_become_enums() -> None:
    rule = TimeRule(
        key="x",
        label_key="my.x",
        subject="lead",  # type: ignore[arg-type]
        start="lead_created",
        stop="lead_assigned",
        due=Duration(amount=2, unit="hours"),  # type: ignore[arg-type]
        priorities=["high"],
    )
    assert rule.subject is RuleSubject.LEAD
    assert rule.start is StartEvent.LEAD_CREATED
    assert rule.stop is StopEvent.LEAD_ASSIGNED
    assert rule.priorities[0].value == "high"


def test_events_name_their_subject_kind() -> None:
    assert CadenceEventKind.OBJECTION_RAISED.subject is RuleSubject.OPPORTUNITY
    assert CadenceEventKind.SERVICE_DONE.subject is RuleSubject.CUSTOMER
    assert CadenceEventKind.VISIT_BOOKED.subject is RuleSubject.ACTIVITY


def test_team_escalates_to_the_manager_else_the_manager_role() -> None:
    team = Team(roles={"manager": "boss"}, managers={"ann": "mgr"})
    assert team.manager_of("ann") == "mgr"
    assert team.manager_of("bob") == "boss"
    assert Team().manager_of("ann") is None


# -- bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"key": "Bad Key"}, "key"),
        ({"label_key": ""}, "label_key"),
        ({"subject": "deal"}, "subject"),
        ({"start": "lead_created"}, "start"),
        ({"stop": "lead_assigned"}, "stop"),
        ({"due": None}, "due"),
        ({"every": {"every": 1}}, "due"),
        ({"every": {"every": 1}, "due": None}, "every"),
        ({"due_from_stage": True}, "due"),
        ({"due_from_stage": True, "due": None}, "due_from_stage"),
        ({"offset": "before"}, "offset"),
        ({"offset": "sideways"}, "offset"),
        ({"end_of_day": "yes"}, "end_of_day"),
        ({"falls_to": "manager"}, "falls_to"),
        ({"falls_to": "Sales Manager"}, "falls_to"),
        ({"escalate_to": ""}, "escalate_to"),
        ({"remind_before": {"amount": 1, "basis": "working"}}, "remind_before"),
        ({"priorities": ["high"]}, "priorities"),
        ({"grades": ["A"]}, "grades"),
        ({"activity_kinds": ["visit"]}, "activity_kinds"),
        ({"due": {"amount": -3}}, "due.amount"),
        ({"due": {"amount": 3, "unit": "years"}}, "due.unit"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_rule_data(changes: dict[str, Any], path: str) -> None:
    """Each bad field is a DefinitionError naming its path."""
    with pytest.raises(DefinitionError) as err:
        from_dict(TimeRule, _rule(**changes))
    assert path in err.value.paths


def test_missing_keys_are_reported() -> None:
    with pytest.raises(DefinitionError) as err:
        from_dict(TimeRule, {"key": "x"})
    assert {"label_key", "subject", "start", "stop"} <= set(err.value.paths)


def test_a_rule_with_many_problems_lists_them_all() -> None:
    with pytest.raises(DefinitionError) as err:
        TimeRule(
            key="1bad",
            label_key="",
            subject=RuleSubject.CUSTOMER,
            start=StartEvent.LAST_CONTACT,
            stop=StopEvent.STAGE_LEFT,
            falls_to="manager",
            priorities=("urgent",),
        )
    assert err.value.paths == (
        "key",
        "label_key",
        "stop",
        "due",
        "falls_to",
        "priorities[0]",
        "priorities",
    )


def test_bad_rule_shapes() -> None:
    visit: dict[str, Any] = {
        "key": "book",
        "label_key": "my.book",
        "subject": "activity",
        "start": "visit_planned",
        "stop": "visit_booked",
        "offset": "before",
        "due": {"amount": 2, "unit": "days", "basis": "working"},
    }
    assert from_dict(TimeRule, visit).uses_working_time  # two working days ahead is fine
    with pytest.raises(DefinitionError) as err:
        from_dict(TimeRule, {**visit, "start": "lead_created", "subject": "lead"})
    assert {"stop", "offset"} <= set(err.value.paths)
    customer: dict[str, Any] = {
        "key": "svc",
        "label_key": "my.svc",
        "subject": "customer",
        "start": "last_contact",
        "stop": "contact",
        "every": {"unit": "quarters", "anchor": "calendar"},
        "end_of_day": True,
    }
    with pytest.raises(DefinitionError) as err:
        from_dict(TimeRule, customer)
    assert {"every", "end_of_day"} <= set(err.value.paths)


def test_duplicate_rule_keys_and_bad_rule_lists() -> None:
    rule = presets.get("objection_answer")
    with pytest.raises(DefinitionError) as err:
        RuleSet(rules=(rule, presets.get("visit_booked_ahead"), rule))
    assert err.value.paths == ("rules[2]",)
    with pytest.raises(DefinitionError) as err:
        RuleSet(rules=(rule, "objection_answer"))
    assert err.value.paths == ("rules[1]",)
    with pytest.raises(DefinitionError) as err:
        from_dict(RuleSet, {"rules": [_rule(), _rule(key="Bad")]})
    assert err.value.paths == ("rules[1].key",)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"kind": "exploded"}, "kind"),
        ({"subject_id": ""}, "subject_id"),
        ({"at": datetime(2026, 3, 1, 9, 0)}, "at"),
        ({"at": "2026-03-01"}, "at"),
        ({"owner": ""}, "owner"),
    ],
)
def test_bad_events(fields: dict[str, Any], path: str) -> None:
    good: dict[str, Any] = {
        "kind": CadenceEventKind.DELIVERED,
        "subject_id": "o-1",
        "at": datetime(2026, 3, 1, 9, 0, tzinfo=CST),
    }
    with pytest.raises(ValidationError) as err:
        Event(**{**good, **fields})
    assert path in err.value.paths


def test_naive_event_data_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        from_dict(Event, {"kind": "delivered", "subject_id": "o-1", "at": "2026-03-01T09:00"})
    assert err.value.paths == ("at",)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"roles": {"Bad Role": "x"}}, "roles['Bad Role']"),
        ({"roles": {"sales_manager": ""}}, "roles['sales_manager']"),
        ({"managers": {"ann": "ann"}}, "managers['ann']"),
        ({"managers": {"": "boss"}}, "managers['']"),
        ({"roles": ["x"]}, "roles"),
    ],
)
def test_bad_teams(fields: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as err:
        Team(**fields)
    assert path in err.value.paths


def test_rules_are_immutable() -> None:
    rule = presets.get("objection_answer")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rule.key = "other"  # type: ignore[misc]
    assert rule == presets.get("objection_answer")


@pytest.mark.parametrize(
    "kind",
    [
        cadence.CadenceEventKind,
        cadence.DueOffset,
        cadence.DurationUnit,
        cadence.ObligationStatus,
        cadence.RecurrenceAnchor,
        cadence.RecurrenceUnit,
        cadence.RuleSubject,
        cadence.StartEvent,
        cadence.StopEvent,
        cadence.TimeBasis,
    ],
    ids=lambda k: k.__name__,
)
def test_every_cadence_enum_member_has_labels(kind: type[Enum]) -> None:
    """Each vocabulary of time rules is labelled in English and Simplified Chinese."""
    catalogs = default_catalogs().catalogs
    for member in kind:
        assert enum_key(member) in catalogs["en"]
        assert enum_key(member) in catalogs["zh-Hans"]


@given(rule_sets, teams, cadence_events)
def test_rules_teams_and_events_pickle_and_deep_copy(
    rules: RuleSet, team: Team, event: Event
) -> None:
    """Definitions holding read-only mappings (Team, Recurrence.by_grade) pickle and copy."""
    import copy
    import pickle

    values = (rules, team, event, presets.all_rules())
    assert pickle.loads(pickle.dumps(values)) == values
    assert copy.deepcopy(values) == values
