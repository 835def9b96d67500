"""JSON Schema: generated from the attrs fields, agreeing with the converter.

Every ``to_dict`` of a generated value validates against its kind's schema,
and bad inputs the converter refuses are refused by the schema too where a
schema can state the rule.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import salesflow
from salesflow import ValidationError, from_dict, to_dict
from salesflow.kinds import KINDS, json_schema
from salesflow.schema import schema_for
from tests import strategies as s

#: A strategy for each kind the suite can generate.
GENERATED: dict[str, st.SearchStrategy[Any]] = {
    "activity": s.activities(),
    "checklist": s.checklists(),
    "checklist_set": s.checklist_sets(),
    "checklist_state": s.checklist_states(),
    "duration": s.durations(),
    "contact": s.contacts(),
    "customer": s.customers,
    "intent_history": s.intent_histories(),
    "lead": s.leads(),
    "money": s.money(),
    "move_policy": s.move_policies,
    "opportunity": s.opportunities() | s.opportunities_with_checklists(),
    "pipeline": s.pipelines,
    "portfolio": s.portfolios(),
    "recurrence": s.recurrences(),
    "rule_set": s.rule_sets,
    "scorecard": s.scorecards(),
    "stage": s.stages(),
    "stakeholder_map": s.stakeholder_maps(),
    "time_rule": s.time_rules(),
    "working_calendar": s.working_calendars(),
}


def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


VALIDATORS = {kind: _validator(kind) for kind in KINDS}


def _errors(kind: str, data: Any) -> list[str]:
    return [e.message for e in VALIDATORS[kind].iter_errors(data)]


def test_every_kind_has_a_valid_schema() -> None:
    """Each schema is a draft 2020-12 schema, JSON-ready, closed to unknown keys."""
    for kind, cls in KINDS.items():
        schema = json_schema(kind)
        assert json.loads(json.dumps(schema)) == schema
        assert schema["title"] == cls.__name__
        assert schema["additionalProperties"] is False


@given(st.sampled_from(sorted(GENERATED)).flatmap(lambda k: st.tuples(st.just(k), GENERATED[k])))
def test_every_generated_value_validates(case: tuple[str, Any]) -> None:
    """Whatever the converter writes, the schema accepts."""
    kind, value = case
    data = json.loads(json.dumps(to_dict(value)))
    assert _errors(kind, data) == []


def test_strategies_cover_most_kinds() -> None:
    """Only the small parts without a strategy of their own are left out."""
    assert set(KINDS) - set(GENERATED) <= {"criterion", "item", "stage_change"}


@given(s.opportunities())
def test_unknown_keys_are_refused_by_both(opportunity: salesflow.Opportunity) -> None:
    data = to_dict(opportunity) | {"currency_rate": "7.1"}
    assert _errors("opportunity", data)
    with pytest.raises(ValidationError, match="currency_rate"):
        from_dict(salesflow.Opportunity, data)


@given(s.opportunities(), st.sampled_from(["id", "amount", "created_at", "pipeline"]))
def test_missing_required_keys_are_refused_by_both(
    opportunity: salesflow.Opportunity, key: str
) -> None:
    data = to_dict(opportunity)
    del data[key]
    assert _errors("opportunity", data)
    with pytest.raises(ValidationError):
        from_dict(salesflow.Opportunity, data)


BAD_VALUES = [
    ("amount", {"amount": 12.5, "currency": "CNY"}),  # a float for money
    ("amount", {"amount": "twelve", "currency": "CNY"}),
    ("amount", {"amount": "10", "currency": "cny"}),
    ("created_at", "2026-03-01T09:30:00"),  # naive
    ("created_at", "yesterday"),
    ("expected_close", "01/03/2026"),
    ("status", "maybe"),
    ("probability", 101),
    ("probability", "50"),
    ("probability", True),
    ("history", {}),
    ("attributes", {"size": 1.5}),
    ("name", 7),
]


@pytest.mark.parametrize(("key", "bad"), BAD_VALUES)
def test_bad_values_are_refused_by_both(key: str, bad: Any) -> None:
    """A wrong type, format or range at one key: the schema and the converter agree."""
    data = _an_opportunity()
    data[key] = bad
    assert _errors("opportunity", data), f"schema accepted {key}={bad!r}"
    with pytest.raises(ValidationError, match=key):
        from_dict(salesflow.Opportunity, data)


def _an_opportunity() -> dict[str, Any]:
    return {
        "id": "opp-1",
        "customer_id": "c-1",
        "owner": "li",
        "pipeline": "standard",
        "stage": "qualify",
        "amount": {"amount": "120000", "currency": "CNY"},
        "created_at": "2026-03-01T09:30:00+08:00",
    }


def test_a_good_payload_is_accepted_by_both() -> None:
    data = _an_opportunity()
    assert _errors("opportunity", data) == []
    assert from_dict(salesflow.Opportunity, data).id == "opp-1"


def test_a_condition_may_be_a_name_or_a_table() -> None:
    """The converter reads a predicate's name alone, or a table with its params."""
    named = {"key": "visit", "label_key": "item.visit", "condition": "has_budget"}
    table = named | {"condition": {"predicate": "has_budget", "params": {"at_least": 1}}}
    assert _errors("item", named) == []
    assert _errors("item", table) == []
    assert _errors("item", named | {"condition": 3})


def test_an_unknown_kind_is_a_validation_error_at_kind() -> None:
    with pytest.raises(ValidationError, match=r"kind: 'deal' \(str\) is not a kind"):
        json_schema("deal")
    with pytest.raises(ValidationError, match="cls"):
        schema_for(int)


def test_a_class_is_accepted_as_a_kind() -> None:
    assert json_schema(salesflow.Pipeline) == json_schema("pipeline")
    assert salesflow.json_schema("money")["properties"]["currency"]["pattern"] == "^[A-Z]{3}$"


def test_the_command_line_prints_the_schema() -> None:
    import io

    from salesflow.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["schema", "pipeline"], out=out, err=err) == 0
    assert json.loads(out.getvalue()) == json_schema("pipeline")
    assert main(["schema", "deal"], out=io.StringIO(), err=io.StringIO()) == 2
