"""The preset scorecards against the cases the source documents describe."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    Characteristics,
    CreditRating,
    Customer,
    Money,
    Priority,
    ValidationError,
    ValueGrade,
    from_dict,
    to_dict,
)
from salesflow.scoring import Scorecard, presets
from salesflow.scoring.presets import BANT_LETTERS, RWW20_QUESTIONS

AT = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


# -- properties ---------------------------------------------------------------------


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_round_trips_and_is_built_once(name: str) -> None:
    """Each preset is a valid definition that survives to_dict/from_dict, cached by name."""
    card = presets.get(name)
    assert card.key == name
    assert from_dict(Scorecard, to_dict(card)) == card
    assert presets.get(name) is card


@pytest.mark.parametrize("name", presets.names())
def test_every_preset_scores_empty_facts_as_its_lowest_band(name: str) -> None:
    """With nothing known, every preset lands in its lowest band and lists every criterion."""
    card = presets.get(name)
    result = card.evaluate({}, at=AT)
    assert result.band == card.bands[0].key
    assert len(result.unknown) == len(card.criteria)


@given(st.lists(st.booleans(), min_size=20, max_size=20))
def test_rww20_counts_pluses_per_question_and_in_total(marks: list[bool]) -> None:
    """rww20: the total is the number of pluses and the four question counts add up to it."""
    keys = [k for ks in RWW20_QUESTIONS.values() for k in ks]
    result = presets.get("rww20").evaluate(dict(zip(keys, marks, strict=True)))
    assert result.total == sum(marks)
    groups = result.group_totals
    assert tuple(groups) == tuple(RWW20_QUESTIONS)
    assert sum(groups.values()) == result.total
    for i, question in enumerate(RWW20_QUESTIONS):
        assert groups[question] == sum(marks[i * 5 : i * 5 + 5])


# -- seed 003: BANT ---------------------------------------------------------------------


def test_bant_qualified_only_with_all_four_letters() -> None:
    """Seed 003: a qualified lead meets BANT (budget, decision maker, need, timeline)."""
    card = presets.get("bant")
    all_four = dict.fromkeys(BANT_LETTERS, True)
    assert card.evaluate(all_four).band == "qualified"
    assert presets.bant_missing(card.evaluate(all_four)) == ""
    result = card.evaluate({**all_four, "authority": False, "timeline": None})
    assert result.band == "not_qualified"
    assert presets.bant_missing(result) == "AT"
    assert result.unknown == ("timeline",)
    with pytest.raises(ValidationError):
        presets.bant_missing(presets.get("champ").evaluate({}))


def test_meddicc_and_champ_letters() -> None:
    """MEDDICC counts its eight elements; CHAMP needs all four."""
    meddicc = presets.get("meddicc")
    assert [c.key for c in meddicc.criteria] == [
        "metrics",
        "economic_buyer",
        "decision_criteria",
        "decision_process",
        "paper_process",
        "identify_pain",
        "champion",
        "competition",
    ]
    seven = dict.fromkeys([c.key for c in meddicc.criteria][:7], True)
    assert meddicc.evaluate(seven).band == "strong"
    assert meddicc.evaluate({"metrics": True}).band == "weak"
    assert [c.key for c in presets.get("champ").criteria] == [
        "challenges",
        "authority",
        "money",
        "prioritisation",
    ]


# -- seed 001: three dimensions, value grade, lead priority --------------------------


def test_three_dimension_strong_medium_weak() -> None:
    """Seed 001: a firm date, a budget near our price and a clear chain is strong;
    none of them is weak, and weak recommends re-planning or pausing."""
    card = presets.get("three_dimension")
    strong = card.evaluate({"urgency": "firm", "budget_fit_percent": 95, "decision_chain": "clear"})
    assert strong.band == "strong"
    medium = card.evaluate(
        {"urgency": "vague", "budget_fit_percent": 75, "decision_chain": "clear"}
    )
    assert medium.band == "medium"
    weak = card.evaluate(
        {"urgency": "none", "budget_fit_percent": 40, "decision_chain": "decision_maker_known"}
    )
    assert weak.band == "weak"
    assert weak.band_data["recommend"] == "replan_or_pause"
    lift = weak.lift(to="strong")
    assert lift is not None
    assert set(lift.keys) <= {"urgency", "budget_fit", "decision_chain"}


def test_customer_value_grade_from_a_customer_record_and_facts() -> None:
    """Seed 001: a big customer with high potential and a simple chain is A, followed weekly."""
    card = presets.get("customer_value_grade")
    big = Customer(
        id="c",
        name="Big",
        characteristics=Characteristics(annual_revenue=Money(320_000_000, "CNY"), headcount=1800),
    )
    facts: dict[str, Any] = {
        "characteristics": big.characteristics,
        "expected_purchase": Money(2_400_000, "CNY"),
        "strategic_fit": "high",
        "decision_chain_complexity": "moderate",
    }
    a = card.evaluate(facts)
    assert presets.as_value_grade(a) is ValueGrade.A
    assert a.band_data["follow_up_every_days"] == 7
    b = card.evaluate({**facts, "strategic_fit": "low", "expected_purchase": Money(300_000, "CNY")})
    assert presets.as_value_grade(b) is ValueGrade.B
    assert b.band_data["follow_up_every_days"] == 14
    c = card.evaluate(big)  # the record alone: potential unknown, counted worst
    assert presets.as_value_grade(c) is ValueGrade.C
    assert c.band_data["follow_up_every_days"] == 30
    assert c.unknown == ("expected_purchase", "strategic_fit", "decision_chain_complexity")


def test_customer_value_grade_cadence_is_band_data() -> None:
    """The cadence the time rules read: A 7, B 14, C 30 days, and the emphasis label keys."""
    card = presets.get("customer_value_grade")
    assert {b.key: b.data["follow_up_every_days"] for b in card.bands} == {
        "A": 7,
        "B": 14,
        "C": 30,
    }
    assert card.band("A").data["emphasis"] == "emphasis.customer_value_grade.A"
    tuned = presets.customer_value_grade(a_follow_up_days=5)
    assert tuned.band("A").data["follow_up_every_days"] == 5


def test_lead_priority() -> None:
    """Seed 001: industry fit, clarity of need and budget size give high, medium or low."""
    card = presets.get("lead_priority")
    high = card.evaluate(
        {"industry_fit": "good", "need_clarity": "clear", "budget": Money(1_500_000, "CNY")}
    )
    assert presets.as_priority(high) is Priority.HIGH
    medium = card.evaluate(
        {"industry_fit": "good", "need_clarity": "partial", "budget": Money(50_000, "CNY")}
    )
    assert presets.as_priority(medium) is Priority.MEDIUM
    low = card.evaluate({"industry_fit": "poor", "need_clarity": "vague"})
    assert presets.as_priority(low) is Priority.LOW
    with pytest.raises(ValidationError):
        presets.as_priority(presets.get("bant").evaluate({}))


# -- seed 002: intent and credit ----------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "H"),
        (7, "H"),
        (8, "A"),
        (30, "A"),
        (31, "B"),
        (90, "B"),
        (91, "C"),
        (400, "C"),
        (-3, "H"),
    ],
)
def test_purchase_intent_bands(days: int, band: str) -> None:
    """Seed 002: H within 7 days, A within a month, B 1 to 3 months, C beyond."""
    card = presets.get("purchase_intent")
    result = card.evaluate({"expected_close": AT.date() + timedelta(days=days)}, at=AT)
    assert result.band == band
    if band != "C":
        assert result.band_data["intent_progression_sheet"] is True


def test_purchase_intent_thresholds_are_fields() -> None:
    """The 7/30/90 days are defaults a team can change, and the date field can be renamed."""
    card = presets.purchase_intent(hot_within_days=3, field="buy_by")
    assert card.criteria[0].thresholds == (Decimal(3), Decimal(30), Decimal(90))
    assert card.evaluate({"buy_by": date(2026, 3, 21)}, at=AT).band == "A"


def test_credit_rating() -> None:
    """Seed 002: A pays on time, B late but recovered, C defaults."""
    card = presets.get("credit_rating")
    expected = {
        "on_time": CreditRating.A,
        "late_recovered": CreditRating.B,
        "defaulted": CreditRating.C,
    }
    for record, rating in expected.items():
        assert presets.as_credit_rating(card.evaluate({"payment_record": record})) is rating


def test_get_unknown_preset() -> None:
    """An unknown preset name is a ValidationError listing the known ones."""
    with pytest.raises(ValidationError) as info:
        presets.get("spin")
    assert info.value.paths == ("name",)
    assert "bant" in str(info.value)
    with pytest.raises(ValidationError):
        presets.get(3)  # type: ignore[arg-type]
