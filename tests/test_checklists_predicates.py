"""The checklists' built-in predicates: what facts each reads."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

import attrs
import pytest

from salesflow import Money, Opportunity
from salesflow.predicates import default_registry
from salesflow.predicates._checklists import BUILTIN_PREDICATES

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OPP = Opportunity(
    id="o-1",
    customer_id="c-1",
    owner="li.na",
    pipeline="complex",
    stage="gather_data",
    amount=Money("800000", "CNY"),
    created_at=AT,
)


class Stance(Enum):
    SUPPORTER = "supporter"
    ENEMY = "enemy"


@attrs.frozen
class Person:
    role: str
    stance: Any = None


def _run(name: str, context: dict[str, Any], **attributes: Any) -> bool:
    opp = attrs.evolve(OPP, attributes=attributes) if attributes else OPP
    return default_registry().check(opp, name, context)


def test_every_builtin_is_in_the_default_registry() -> None:
    registry = default_registry()
    for name, fn in BUILTIN_PREDICATES.items():
        assert registry[name] is fn


@pytest.mark.parametrize(
    ("context", "attributes", "expected"),
    [
        ({}, {}, False),
        ({"decision_makers": 2}, {}, True),
        ({"decision_makers": 1}, {"decision_makers": 5}, False),
        ({"decision_makers": ["a", "b"]}, {}, True),
        ({"stakeholders": [{"role": "decision_maker"}, Person("decision_maker")]}, {}, True),
        ({"stakeholders": [{"role": "decision_maker"}, Person("user")]}, {}, False),
        ({}, {"decision_makers": 3}, True),
        ({}, {"decision_makers": "3"}, False),
    ],
)
def test_several_decision_makers(
    context: dict[str, Any], attributes: dict[str, Any], expected: bool
) -> None:
    assert _run("several_decision_makers", context, **attributes) is expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"amount": "799999.99"}, True),
        ({"amount": "800000"}, False),
        ({"amount": 500000, "currency": "CNY"}, True),
        ({"amount": 500000, "currency": "USD"}, False),
        ({}, False),
        ({"amount": "lots"}, False),
    ],
)
def test_amount_above_reads_its_params(params: dict[str, Any], expected: bool) -> None:
    assert _run("amount_above", {"params": params}) is expected


@pytest.mark.parametrize(
    ("context", "attributes", "expected"),
    [
        ({}, {}, False),
        ({"complaints": 1}, {}, True),
        ({"complaints": 0}, {"complaints": 4}, False),
        ({"complaints": ["late delivery"]}, {}, True),
        ({}, {"complaints": True}, True),
        ({}, {"complaints": "late delivery"}, True),
        ({}, {"complaints": ""}, False),
    ],
)
def test_has_complaints(
    context: dict[str, Any], attributes: dict[str, Any], expected: bool
) -> None:
    assert _run("has_complaints", context, **attributes) is expected


@pytest.mark.parametrize(
    ("name", "context", "attributes", "expected"),
    [
        ("decision_maker_identified", {}, {}, False),
        ("decision_maker_identified", {"stakeholders": [Person("decision_maker")]}, {}, True),
        ("decision_maker_identified", {"stakeholders": [Person("user")]}, {}, False),
        ("decision_maker_identified", {}, {"decision_maker": "Mr Zhao"}, True),
        ("decision_maker_identified", {"stakeholders": "Mr Zhao"}, {}, False),
        ("supporter_won", {"stakeholders": [Person("user", Stance.SUPPORTER)]}, {}, True),
        ("supporter_won", {"stakeholders": [{"role": "user", "stance": "coach"}]}, {}, True),
        ("supporter_won", {"stakeholders": [Person("user", "neutral")]}, {}, False),
        ("supporter_won", {}, {"supporter": True}, True),
        ("opponents_identified", {"stakeholders": []}, {}, False),
        ("opponents_identified", {"stakeholders": [Person("user", Stance.ENEMY)]}, {}, True),
        (
            "opponents_identified",
            {"stakeholders": [Person("user", "neutral"), Person("user", None)]},
            {},
            False,
        ),
        ("opponents_identified", {"stakeholders": [Person("user", "unknown")]}, {}, False),
        ("opponents_identified", {}, {"opponents_identified": True}, True),
        ("opponents_identified", {}, {"opponents_identified": 1}, False),
    ],
)
def test_stakeholder_predicates(
    name: str, context: dict[str, Any], attributes: dict[str, Any], expected: bool
) -> None:
    assert _run(name, context, **attributes) is expected


def test_predicates_tolerate_a_subject_without_attributes() -> None:
    for name, fn in BUILTIN_PREDICATES.items():
        assert fn(None, {}) is False, name
