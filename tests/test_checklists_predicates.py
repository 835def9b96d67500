"""The checklists' built-in predicates: what facts each reads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
import pytest

from salesflow import Money, Opportunity, ValidationError
from salesflow.predicates import default_registry
from salesflow.predicates._checklists import BUILTIN_PREDICATES
from salesflow.records import Stakeholder, StakeholderMap

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


def _map(*people: tuple[str | None, str | None]) -> StakeholderMap:
    """A map of OPP with one contact per (role, stance); None leaves it out."""
    return StakeholderMap(
        opportunity_id=OPP.id,
        stakeholders=[
            Stakeholder(
                id=f"p{i}",
                name=f"Contact {i}",
                roles=[] if role is None else [role],
                stance=stance,
            )
            for i, (role, stance) in enumerate(people)
        ],
    )


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
        ({"stakeholders": _map(("decision_maker", None), ("decision_maker", None))}, {}, True),
        ({"stakeholders": _map(("decision_maker", None), ("user", None))}, {}, False),
        ({"stakeholders": None}, {"decision_makers": 2}, True),
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
        ("decision_maker_identified", {"stakeholders": _map(("decision_maker", None))}, {}, True),
        ("decision_maker_identified", {"stakeholders": _map(("user", None))}, {}, False),
        ("decision_maker_identified", {}, {"decision_maker": "Mr Zhao"}, True),
        ("decision_maker_identified", {"stakeholders": None}, {"decision_maker": "Zhao"}, True),
        ("supporter_won", {"stakeholders": _map(("user", "supporter"))}, {}, True),
        ("supporter_won", {"stakeholders": _map(("user", "coach"))}, {}, True),
        ("supporter_won", {"stakeholders": _map(("user", "neutral"))}, {}, False),
        ("supporter_won", {}, {"supporter": True}, True),
        ("opponents_identified", {"stakeholders": _map()}, {}, False),
        ("opponents_identified", {"stakeholders": _map(("user", "enemy"))}, {}, True),
        (
            "opponents_identified",
            {"stakeholders": _map((None, "neutral"), ("user", None))},
            {},
            False,
        ),
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


STAKEHOLDER_PREDICATES = [
    "decision_maker_identified",
    "supporter_won",
    "opponents_identified",
    "several_decision_makers",
]


@pytest.mark.parametrize("name", STAKEHOLDER_PREDICATES)
@pytest.mark.parametrize(
    ("facts", "paths"),
    [
        (
            [{"role": "decision_maker", "stance": "bogus"}],
            ("stakeholders", "stakeholders[0].stance"),
        ),
        (
            [{"role": "user", "stance": "Supporter"}, {"role": "Decision_Maker"}],
            ("stakeholders", "stakeholders[0].stance", "stakeholders[1].role"),
        ),
        (
            [{"roles": ["approver", "boss"], "stance": "coach"}],
            ("stakeholders", "stakeholders[0].roles"),
        ),
        ([{"role": "decision_maker", "stance": "supporter"}], ("stakeholders",)),
        ("Mr Zhao", ("stakeholders",)),
        ({"p1": "supporter"}, ("stakeholders",)),
        (7, ("stakeholders",)),
    ],
)
def test_free_text_stakeholder_facts_are_refused(
    name: str, facts: object, paths: tuple[str, ...]
) -> None:
    """A typo used to decide a gate ("bogus" passed, "Supporter" failed); now every
    form that is not a StakeholderMap is a ValidationError naming each bad value."""
    with pytest.raises(ValidationError) as info:
        _run(name, {"stakeholders": facts})
    assert info.value.paths == paths
    assert "StakeholderMap" in info.value.problems[0].message
    for problem in info.value.problems[1:]:
        assert "expected one of" in problem.message


def test_a_bad_stance_names_the_values_expected() -> None:
    with pytest.raises(ValidationError) as info:
        _run("supporter_won", {"stakeholders": [{"role": "user", "stance": "bogus"}]})
    message = info.value.problems[1].message
    for stance in ("supporter", "coach", "neutral", "non_supporter", "enemy"):
        assert repr(stance) in message


@pytest.mark.parametrize("name", STAKEHOLDER_PREDICATES)
def test_a_map_of_another_deal_is_refused(name: str) -> None:
    other = StakeholderMap(opportunity_id="o-2", stakeholders=[])
    with pytest.raises(ValidationError) as info:
        _run(name, {"stakeholders": other})
    assert info.value.paths == ("stakeholders.opportunity_id",)


@pytest.mark.parametrize(
    ("context", "attributes", "expected"),
    [
        ({}, {}, False),
        ({"demo_or_reference_visit": True}, {}, True),
        ({"demo_or_reference_visit": False}, {}, False),
        ({"demo_or_reference_visit": False}, {"demo_or_reference_visit": True}, True),
        ({}, {"demo_or_reference_visit": True}, True),
        ({}, {"demo_or_reference_visit": "yes"}, False),
    ],
)
def test_demo_or_reference_visit_reads_the_fact(
    context: dict[str, Any], attributes: dict[str, Any], expected: bool
) -> None:
    assert _run("demo_or_reference_visit", context, **attributes) is expected


@pytest.mark.parametrize("value", ["yes", 1, "true", ["demo"]])
def test_demo_or_reference_visit_refuses_a_fact_that_is_not_a_boolean(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        _run("demo_or_reference_visit", {"demo_or_reference_visit": value})
    assert info.value.paths == ("demo_or_reference_visit",)
