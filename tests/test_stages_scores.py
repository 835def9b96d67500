"""Scores in the gates, recommendations, won reasons (issue 19).

Properties first: a gate with a score requirement never passes a deal whose
score is below it; raising a criterion never turns a pass into a refusal;
the new definitions round-trip. Then the presets' examples, bad
definitions, recommendations, the weak deal on its owner's agenda, and
won reasons.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from salesflow import DefinitionError, Money, TransitionError, ValidationError, from_dict, to_dict
from salesflow.cadence import (
    CadenceEventKind,
    ObligationStatus,
    RuleSet,
    Tracker,
    replan_events,
)
from salesflow.cadence import presets as cadence_presets
from salesflow.scoring import Scorecard
from salesflow.scoring import presets as scoring_presets
from salesflow.stages import (
    DEFAULT_WON_REASONS,
    MovePolicy,
    Pipeline,
    ScoreRequirement,
    Stage,
    presets,
)
from tests import strategies as strat

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BANT_ALL = {"budget": True, "authority": True, "need": True, "timeline": True}


def _open(p: Pipeline, stage: str | None = None, **attributes: Any) -> Any:
    return p.open(
        id="o-1",
        customer_id="c-1",
        owner="li.na",
        amount=Money("1000", "CNY"),
        at=T0,
        stage=stage,
        expected_close=date(2026, 6, 30),
        attributes=attributes,
    )


# -- properties ---------------------------------------------------------------------


@st.composite
def gated_cards(draw: st.DrawFn) -> tuple[Scorecard, ScoreRequirement]:
    """A drawn scorecard that needs no ``at``, and a requirement on it."""
    card = draw(strat.scorecards())
    assume(not card.needs_at)
    if draw(st.booleans()):
        req = ScoreRequirement(scorecard=card.key, band=draw(st.sampled_from(card.bands)).key)
    else:
        top = int(card.maximum)
        req = ScoreRequirement(scorecard=card.key, minimum=draw(st.integers(0, top)))
    return card, req


def _gated(card: Scorecard, req: ScoreRequirement) -> Pipeline:
    stages = [Stage(key="gate", required_scores=[req]), Stage(key="next")]
    return Pipeline(key="scored", stages=stages, scorecards=[card])


def _reaches(card: Scorecard, req: ScoreRequirement, facts: dict[str, object]) -> bool:
    result = card.evaluate(facts)
    if req.band is not None:
        keys = [b.key for b in card.bands]
        return keys.index(result.band) >= keys.index(req.band)
    assert req.minimum is not None
    return result.total >= req.minimum


@given(gated_cards().flatmap(lambda cr: st.tuples(st.just(cr), strat.scoring_levels(cr[0]))))
def test_a_score_gate_passes_exactly_the_deals_that_reach_it(
    case: tuple[tuple[Scorecard, ScoreRequirement], dict[str, int | None]],
) -> None:
    """Never passes a deal whose score is below the requirement; the refusal names it."""
    (card, req), levels = case
    p = _gated(card, req)
    facts = strat.scoring_facts(card, levels)
    opp = _open(p)
    check = p.can_advance(opp, context=facts)
    assert check.allowed == _reaches(card, req, facts)
    if not check.allowed:
        assert [r.code for r in check.reasons] == ["score_too_low"]
        assert check.reasons[0].requirement == card.key
        assert card.key in check.reasons[0].message
    sm = p.to_statemachine()(opportunity=opp)
    assert ("advance" in [e.id for e in sm.allowed_events]) is True  # the edge exists
    try:
        sm.send("advance", context=facts)
    except TransitionError:
        assert not check.allowed
    else:
        assert check.allowed


@given(
    gated_cards().flatmap(
        lambda cr: st.tuples(
            st.just(cr),
            st.fixed_dictionaries({c.key: st.integers(0, c.top) for c in cr[0].criteria}),
            st.sampled_from([c.key for c in cr[0].criteria]),
        )
    )
)
def test_raising_a_criterion_never_turns_a_pass_into_a_refusal(
    case: tuple[tuple[Scorecard, ScoreRequirement], dict[str, int], str],
) -> None:
    """Monotonic: one criterion raised to its top keeps an open gate open."""
    (card, req), levels, key = case
    p = _gated(card, req)
    opp = _open(p)
    before = p.can_advance(opp, context=strat.scoring_facts(card, dict(levels)))
    raised = {**levels, key: card.criterion(key).top}
    after = p.can_advance(opp, context=strat.scoring_facts(card, dict(raised)))
    assert after.allowed or not before.allowed


@given(strat.score_requirements)
def test_score_requirements_round_trip(req: ScoreRequirement) -> None:
    assert from_dict(ScoreRequirement, to_dict(req)) == req


@given(strat.random_pipelines())
def test_scored_pipelines_round_trip_with_their_scorecards(p: Pipeline) -> None:
    back = from_dict(Pipeline, to_dict(p), registry=strat.STAGE_GUARDS)
    assert back == p
    assert back.scorecards == (strat.GATE_CARD,)


# -- the presets ----------------------------------------------------------------------


def test_seven_step_qualification_needs_bant_and_names_the_missing_letters() -> None:
    p = presets.get("seven_step")
    opp = _open(p, "qualification", budget=True, need=True)
    with pytest.raises(TransitionError) as info:
        p.advance(opp, at=T0 + timedelta(days=1))
    (reason,) = info.value.reasons
    assert (reason.code, reason.stage, reason.requirement) == (
        "score_too_low",
        "qualification",
        "bant",
    )
    assert "the deal reaches band 'not_qualified'" in reason.message
    assert "at band 'qualified'" in reason.message
    assert "authority, timeline" in reason.message
    (score,) = p.score_checks(opp)
    assert not score
    assert score.lift == ("authority", "timeline")
    assert scoring_presets.bant_missing(score.result) == "AT"
    # the move's context supplies facts too, before the deal's attributes
    moved = p.advance(opp, at=T0 + timedelta(days=1), context={"authority": True, "timeline": True})
    assert moved.stage == "needs_assessment"
    assert p.reasons(opp, move="advance", context={"authority": True, "timeline": True}) == ()


def test_full_process_assessment_needs_a_medium_three_dimension_assessment() -> None:
    p = presets.get("full_process")
    weak = _open(p, "assessment_proposal", urgency="none", decision_chain="unclear")
    check = p.can_advance(weak)
    assert check.missing == ("three_dimension",)
    assert "band 'weak'" in check.reasons[0].message
    strong = _open(
        p, "assessment_proposal", urgency="firm", budget_fit_percent=95, decision_chain="clear"
    )
    assert p.can_advance(strong)


def test_complex_worth_winning_is_an_option_off_by_default() -> None:
    """Off by default; presets.complex(worth_winning_from=3) gates gather_data on it."""
    assert presets.get("complex").stage("gather_data").required_scores == ()
    p = presets.complex(worth_winning_from=3)
    (req,) = p.stage("gather_data").required_scores
    assert (req.scorecard, req.group) == ("rww20", "is_it_worth_winning")
    assert req.minimum == 3
    opp = _open(p, "gather_data", short_term_profit_high=True, risk_low=True)
    check = p.can_advance(opp)
    assert check.missing == ("rww20",)
    assert "a total of 2 in group 'is_it_worth_winning'" in check.reasons[0].message
    assert p.can_advance(opp, context={"strategic_value": True})
    with pytest.raises(DefinitionError) as info:
        presets.complex(worth_winning_from=6)
    assert info.value.paths == ("stages[3].required_scores[0].minimum",)


def test_a_fact_of_the_wrong_type_is_a_refusal_in_the_gate_and_an_error_when_asked() -> None:
    p = presets.get("seven_step")
    opp = _open(p, "qualification", budget="yes please")
    assert [r.code for r in p.can_advance(opp).reasons] == ["bad_fact"]
    with pytest.raises(ValidationError):
        p.score_checks(opp)


# -- bad definitions -----------------------------------------------------------------


def test_bad_score_requirements_name_their_paths() -> None:
    with pytest.raises(DefinitionError) as info:
        ScoreRequirement(scorecard="bant")
    assert info.value.paths == ("band",)
    with pytest.raises(DefinitionError) as info:
        ScoreRequirement(scorecard="rww20", band="strong", minimum=3)
    assert info.value.paths == ("band",)
    with pytest.raises(DefinitionError) as info:
        ScoreRequirement(scorecard="rww20", band="strong", group="can_we_win")
    assert info.value.paths == ("group",)
    with pytest.raises(DefinitionError) as info:
        ScoreRequirement(scorecard="Bad Key", minimum=-1)
    assert set(info.value.paths) == {"scorecard", "minimum"}


def test_pipelines_refuse_unknown_scorecards_bands_groups_and_day_counting_cards() -> None:
    reqs = [
        ScoreRequirement(scorecard="nope", band="x"),
        ScoreRequirement(scorecard="bant", band="hot"),
        ScoreRequirement(scorecard="rww20", minimum=1, group="no_such_question"),
        ScoreRequirement(scorecard="purchase_intent", band="H"),
    ]
    with pytest.raises(DefinitionError) as info:
        Pipeline(key="p", stages=[Stage(key="a"), Stage(key="b", required_scores=reqs)])
    assert info.value.paths == (
        "stages[1].required_scores[0].scorecard",
        "stages[1].required_scores[1].band",
        "stages[1].required_scores[2].group",
        "stages[1].required_scores[3].scorecard",
    )
    assert "unknown scorecard 'nope'" in str(info.value)
    data = to_dict(presets.get("seven_step"))
    data["stages"][1]["required_scores"][0]["band"] = "very_qualified"
    with pytest.raises(DefinitionError) as info:
        from_dict(Pipeline, data)
    assert info.value.paths == ("stages[1].required_scores[0].band",)


def test_a_pipelines_own_scorecard_comes_before_the_preset_of_the_same_key() -> None:
    own = Scorecard(
        key="bant",
        criteria=[scoring_presets.get("bant").criteria[0]],
        bands=[scoring_presets.get("bant").bands[0]],
    )
    with pytest.raises(DefinitionError) as info:
        Pipeline(
            key="p",
            stages=[
                Stage(
                    key="a", required_scores=[ScoreRequirement(scorecard="bant", band="qualified")]
                )
            ],
            scorecards=[own, own],
        )
    assert info.value.paths == ("scorecards[1]", "stages[0].required_scores[0].band")


# -- recommendations and the agenda ----------------------------------------------------


def test_a_weak_deal_is_recommended_a_replan_and_lands_on_its_owners_agenda() -> None:
    p = presets.get("full_process")
    weak = _open(p, "assessment_proposal", urgency="none", decision_chain="unclear")
    (rec,) = p.recommendations(weak)
    assert (rec.stage, rec.scorecard, rec.band, rec.move) == (
        "assessment_proposal",
        "three_dimension",
        "weak",
        "replan_or_pause",
    )
    assert p.recommendations(_open(p)) == ()  # the assessment is not reached yet
    assert p.recommendations(p.pause(weak, at=T0)) == ()
    events = replan_events(p, [weak, _open(p)], at=T0 + timedelta(hours=1))
    assert [(e.kind, e.subject_id) for e in events] == [
        (CadenceEventKind.REPLAN_RECOMMENDED, "o-1")
    ]
    rule = cadence_presets.get("weak_deal_replan")
    tracker = Tracker(rules=RuleSet(rules=[rule]), opportunities=[weak], events=events)
    (due,) = tracker.obligations(at=T0 + timedelta(days=4))
    assert (due.for_whom, due.status) == ("li.na", ObligationStatus.OVERDUE)
    # pausing the deal (its next stage change) meets it
    paused = p.pause(weak, at=T0 + timedelta(days=1), reason="re-plan")
    tracker = Tracker(rules=RuleSet(rules=[rule]), opportunities=[paused], events=events)
    (met,) = tracker.obligations(at=T0 + timedelta(days=4))
    assert met.status is ObligationStatus.MET_ON_TIME


# -- won reasons -----------------------------------------------------------------------


def _won_pipeline(needed: bool) -> Pipeline:
    return Pipeline(
        key="p",
        stages=[Stage(key="a"), Stage(key="b")],
        won_reasons=DEFAULT_WON_REASONS,
        policy=MovePolicy(win_needs_reason=needed),
    )


def test_a_win_keeps_its_won_reason_and_the_machine_agrees() -> None:
    p = _won_pipeline(needed=True)
    opp = _open(p)
    with pytest.raises(TransitionError) as info:
        p.win(opp, at=T0)
    assert info.value.codes == ("bad_reason",)
    with pytest.raises(TransitionError):
        p.win(opp, at=T0, reason="luck")
    won = p.win(opp, at=T0, reason="relationship")
    assert won.history[-1].reason == "relationship"
    sm = p.to_statemachine()(opportunity=opp)
    with pytest.raises(TransitionError):
        sm.send("win")
    sm.send("win", reason="relationship")
    assert sm.status.value == "won"
    assert _won_pipeline(needed=False).win(opp, at=T0).history[-1].reason is None


def test_bad_won_reason_definitions_name_their_paths() -> None:
    with pytest.raises(DefinitionError) as info:
        Pipeline(
            key="p",
            stages=[Stage(key="a")],
            win_outcomes=("upgraded",),
            won_reasons=("price", "price"),
            policy=MovePolicy(win_needs_reason=True),
        )
    assert info.value.paths == ("won_reasons[1]", "won_reasons")
    with pytest.raises(DefinitionError) as info:
        Pipeline(
            key="p",
            stages=[Stage(key="a")],
            win_outcomes=("upgraded",),
            won_reasons=("price",),
        )
    assert info.value.paths == ("won_reasons",)
    with pytest.raises(DefinitionError) as info:
        Pipeline(key="p", stages=[Stage(key="a")], policy=MovePolicy(win_needs_reason=True))
    assert info.value.paths == ("policy.win_needs_reason",)
