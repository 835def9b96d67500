"""How a deal closes: a win's final amount, a loss whose reason was not recorded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    DefinitionError,
    Money,
    MovePolicy,
    Opportunity,
    OpportunityStatus,
    Pipeline,
    SalesflowError,
    TransitionError,
    ValidationError,
    from_dict,
    to_dict,
)
from salesflow.stages import NOT_RECORDED, presets
from tests import strategies as sst


@st.composite
def deals(draw: st.DrawFn) -> tuple[Pipeline, Opportunity]:
    pipeline = draw(sst.pipelines)
    return pipeline, draw(sst.opened(pipeline))


def _attempt(move: Any) -> Any:
    try:
        return move()
    except TransitionError as exc:
        return ("refused", exc.reasons)


@given(deals(), st.decimals(min_value=0, max_value=10**9, places=2), sst.move_gaps)
def test_the_final_amount_is_the_won_deals_amount(
    case: tuple[Pipeline, Opportunity], value: Decimal, gap: timedelta
) -> None:
    """A win with amount= is the same win with the deal's amount set to it, or the same refusal."""
    pipeline, opp = case
    at = opp.updated_at + gap
    amount = Money(value, opp.amount.currency)
    plain = _attempt(lambda: pipeline.win(opp, at=at))
    final = _attempt(lambda: pipeline.win(opp, at=at, amount=amount))
    if isinstance(plain, tuple):
        assert final == plain
        return
    assert final.amount == amount
    assert final.status is OpportunityStatus.WON
    assert final == attrs.evolve(plain, amount=amount)
    assert from_dict(Opportunity, to_dict(final)) == final


@st.composite
def lose_options(draw: st.DrawFn) -> Pipeline:
    """A drawn pipeline that needs a lost reason, lets it go, or names its stand-in."""
    pipeline = draw(sst.random_pipelines(max_stages=4))
    option = draw(st.sampled_from(["needed", "optional", "named"]))
    if option == "optional":
        return attrs.evolve(pipeline, policy=attrs.evolve(pipeline.policy, lose_needs_reason=False))
    if option == "named":
        name = draw(st.sampled_from(pipeline.lost_reasons))
        return attrs.evolve(pipeline, unrecorded_lost_reason=name)
    return pipeline


@given(lose_options().flatmap(lambda p: st.tuples(st.just(p), sst.opened(p))), sst.move_gaps)
def test_a_loss_without_a_reason_is_allowed_iff_the_pipeline_says_so(
    case: tuple[Pipeline, Opportunity], gap: timedelta
) -> None:
    """Allowed with a stand-in or an optional reason; the stand-in is recorded; machines agree."""
    pipeline, opp = case
    at = opp.updated_at + gap
    allowed = pipeline.unrecorded_lost_reason is not None or not pipeline.policy.lose_needs_reason
    machine = pipeline.to_statemachine()(opp)
    if not allowed:
        with pytest.raises(ValidationError, match="reason: required"):
            pipeline.lose(opp, at=at)
        assert machine.reasons("lose", {})
        with pytest.raises(TransitionError):
            machine.lose()
        return
    lost = pipeline.lose(opp, at=at)
    expected = pipeline.unrecorded_lost_reason or NOT_RECORDED
    assert lost.lost_reason == expected
    assert lost.history[-1].reason == expected
    assert lost.status is OpportunityStatus.LOST
    assert lost == pipeline.lose(opp, reason=expected, at=at)
    assert machine.reasons("lose", {}) == ()
    machine.lose()
    assert machine.status is OpportunityStatus.LOST
    assert from_dict(Opportunity, to_dict(lost)) == lost


@given(lose_options())
def test_pipelines_with_lose_options_round_trip(pipeline: Pipeline) -> None:
    assert from_dict(Pipeline, to_dict(pipeline), registry=sst.STAGE_GUARDS) == pipeline


def test_a_named_stand_in_and_the_built_in_one() -> None:
    basic = presets.basic()
    opp = basic.open(
        id="o-1",
        customer_id="c-1",
        owner="li.wei",
        amount=Money("1000.00", "CNY"),
        at=sst.SCORING_AT,
    )
    at = sst.SCORING_AT + timedelta(days=3)
    named = attrs.evolve(basic, unrecorded_lost_reason="other")
    assert named.lose(opp, at=at).lost_reason == "other"
    optional = attrs.evolve(basic, policy=MovePolicy(lose_needs_reason=False))
    assert optional.lose(opp, at=at).lost_reason == "not_recorded"
    assert "not_recorded" not in optional.lost_reasons  # the pipeline's own list is unchanged
    won = basic.win(opp, at=at, amount=Money("950.00", "CNY"))
    assert won.amount == Money("950.00", "CNY")
    assert won.history[-1].move.value == "win"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (950, "expected Money"),
        (Money("-1", "CNY"), "negative"),
        (Money("950", "USD"), "expected a final value in CNY"),
    ],
)
def test_a_bad_final_amount_is_a_validation_error_at_amount(amount: Any, message: str) -> None:
    basic = presets.basic()
    opp = basic.open(
        id="o-1", customer_id="c-1", owner="li", amount=Money("1000", "CNY"), at=sst.SCORING_AT
    )
    with pytest.raises(ValidationError, match=message) as caught:
        basic.win(opp, at=sst.SCORING_AT, amount=amount)
    assert caught.value.paths == ("amount",)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"unrecorded_lost_reason": "lost_in_the_post"}, "unrecorded_lost_reason"),
        ({"unrecorded_lost_reason": "Not Recorded"}, "unrecorded_lost_reason"),
        ({"policy": {"lose_needs_reason": "no"}}, "policy.lose_needs_reason"),
    ],
)
def test_bad_lose_options_are_definition_errors(change: dict[str, Any], path: str) -> None:
    data = to_dict(presets.basic()) | change
    with pytest.raises(DefinitionError) as caught:
        from_dict(Pipeline, data)
    assert path in caught.value.paths


def test_a_won_deal_cannot_be_lost_without_a_reason_either() -> None:
    basic = attrs.evolve(presets.basic(), policy=MovePolicy(lose_needs_reason=False))
    opp = basic.open(
        id="o-1", customer_id="c-1", owner="li", amount=Money("1", "CNY"), at=sst.SCORING_AT
    )
    won = basic.win(opp, at=sst.SCORING_AT)
    with pytest.raises(SalesflowError):
        basic.lose(won, at=sst.SCORING_AT)
