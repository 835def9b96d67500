"""Intent held on leads and customers: a history in time order, the current one derived."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    Customer,
    Intent,
    IntentHistory,
    IntentMark,
    Lead,
    LeadSource,
    LeadStatus,
    ValidationError,
    from_dict,
    to_dict,
)
from tests import strategies as sst

T0 = datetime(2026, 3, 2, 10, 5, tzinfo=UTC)


@given(sst.intent_histories())
def test_current_is_the_latest_mark(history: IntentHistory) -> None:
    """The current intent is the last mark's, or None for an empty history."""
    if history.marks:
        assert history.current is history.marks[-1].intent
        assert history.latest == history.marks[-1]
    else:
        assert history.current is None
        assert history.latest is None


@given(sst.intent_histories(), st.sampled_from(Intent), st.timedeltas(timedelta(0), timedelta(9)))
def test_progressing_appends_and_keeps_the_old_value(
    history: IntentHistory, intent: Intent, gap: timedelta
) -> None:
    at = (history.latest.at if history.latest else T0) + gap
    after = history.progressed(intent, at=at, by="li.na")
    assert after.marks[:-1] == history.marks
    assert after.current is intent
    assert after.as_of(at) is intent
    if history.latest is not None and history.latest.at < at:
        assert after.as_of(at - gap / 2 if gap else at) in (history.current, intent)


def test_as_of_reads_the_past() -> None:
    history = (
        IntentHistory()
        .progressed("B", at=T0, by="li.na")
        .progressed(Intent.H, at=T0 + timedelta(days=3), by="li.na")
    )
    assert history.as_of(T0 - timedelta(seconds=1)) is None
    assert history.as_of(T0 + timedelta(days=1)) is Intent.B
    assert history.as_of(T0 + timedelta(days=3)) is Intent.H


def test_progressing_backwards_in_time_is_refused_and_changes_nothing() -> None:
    history = IntentHistory().progressed(Intent.A, at=T0, by="li.na")
    with pytest.raises(ValidationError) as info:
        history.progressed(Intent.H, at=T0 - timedelta(hours=1), by="li.na")
    assert info.value.paths == ("at",)
    assert history.current is Intent.A
    assert len(history.marks) == 1


def test_bad_progress_arguments_name_each_path() -> None:
    with pytest.raises(ValidationError) as info:
        IntentHistory().progressed("X", at=datetime(2026, 3, 2), by="")
    assert info.value.paths == ("intent", "at", "by")
    with pytest.raises(ValidationError) as info:
        IntentHistory().as_of("today")  # type: ignore[arg-type]
    assert info.value.paths == ("at",)


def test_marks_out_of_order_are_refused() -> None:
    one = IntentMark(intent=Intent.B, at=T0, by="a")
    two = IntentMark(intent=Intent.A, at=T0 - timedelta(minutes=1), by="a")
    with pytest.raises(ValidationError) as info:
        IntentHistory(marks=(one, two))
    assert info.value.paths == ("marks[1].at",)
    with pytest.raises(ValidationError) as info:
        IntentHistory(marks=("B",))
    assert info.value.paths == ("marks[0]",)


def test_old_data_without_intent_still_loads() -> None:
    """A lead or customer dict from before intent was held loads with an empty history."""
    lead = from_dict(
        Lead,
        {"id": "l-1", "customer_name": "Wang", "created_at": T0.isoformat(), "source": "other"},
    )
    assert lead.intent == IntentHistory()
    assert from_dict(Customer, {"id": "c-1", "name": "Hengtai"}).intent.current is None


def test_intent_round_trips_on_a_lead() -> None:
    lead = Lead(
        id="l-1",
        customer_name="Wang",
        created_at=T0,
        source=LeadSource.OTHER,
        intent=IntentHistory().progressed(Intent.H, at=T0, by="li.na", note="test drive"),
    )
    data = to_dict(lead)
    assert data["intent"] == {
        "marks": [{"intent": "H", "at": T0.isoformat(), "by": "li.na", "note": "test drive"}]
    }
    assert from_dict(Lead, data) == lead


def test_lead_outcome_fields_belong_to_their_status() -> None:
    """Only a disqualified lead has a reason; only a converted lead names what it became."""
    with pytest.raises(ValidationError) as info:
        Lead(
            id="l-1",
            customer_name="Wang",
            created_at=T0,
            source=LeadSource.OTHER,
            disqualified_reason="no budget",
            converted_at=T0,
            converted_customer_id="c-1",
        )
    assert info.value.paths == ("disqualified_reason", "converted_customer_id", "converted_at")
    with pytest.raises(ValidationError) as info:
        Lead(
            id="l-1",
            customer_name="Wang",
            created_at=T0,
            source=LeadSource.OTHER,
            status=LeadStatus.CONVERTED,
            owner="li.na",
            converted_at=T0 - timedelta(days=1),
        )
    assert info.value.paths == ("converted_at",)
    with pytest.raises(ValidationError) as info:
        Lead(
            id="l-1",
            customer_name="W",
            created_at=T0,
            source=LeadSource.OTHER,
            status=LeadStatus.WORKING,
        )
    assert info.value.paths == ("owner",)


def test_a_scorecard_reads_the_held_intent() -> None:
    """The held intent is a fact: a graded criterion reads it at ``intent.current``.

    (The one call into scoring from the front desk's tests; ``Scorecard(key=)``
    becomes ``key=`` when the scoring branch merges.)
    """
    from salesflow.scoring import Band, Criterion, RuleKind, Scorecard

    card = Scorecard(
        key="held_intent",
        criteria=[
            Criterion(
                key="intent",
                kind=RuleKind.GRADED,
                field="intent.current",
                grades=("D", "C", "B", "A", "H"),
            )
        ],
        bands=[
            Band(key="cold", minimum=0),
            Band(key="warm", minimum="0.5"),
            Band(key="hot", minimum=1),
        ],
    )
    lead = Lead(id="l-1", customer_name="Wang", created_at=T0, source=LeadSource.OTHER)
    assert card.evaluate(lead).band == "cold"  # never judged: unknown counts as worst
    hot = attrs.evolve(lead, intent=lead.intent.progressed(Intent.H, at=T0, by="li.na"))
    assert card.evaluate(hot).band == "hot"
    customer = Customer(id="c-1", name="Hengtai")
    warm = attrs.evolve(customer, intent=customer.intent.progressed("B", at=T0, by="li.na"))
    assert card.evaluate(warm).band == "warm"
