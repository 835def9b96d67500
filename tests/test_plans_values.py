"""The plans as values: checked when built, loadable from plain data, unchanged by failures."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Money, SalesflowError, ValidationError, from_dict, from_json, to_dict, to_json
from salesflow.locales import default_catalogs, enum_key
from salesflow.people import Stakeholder, StakeholderMap
from salesflow.plans import (
    STEPS,
    Action,
    ActionKind,
    Attendee,
    BusinessProfile,
    CallSide,
    CallSummary,
    Competition,
    Competitor,
    ExecutiveCallPlan,
    Milestone,
    Participant,
    Position,
    PresentationPlan,
    PresentationSteps,
    SalesPlan,
    TacticalPlan,
)
from salesflow.scoring import presets as scoring_presets
from tests import strategies as sst

AT = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
CARD = scoring_presets.get("rww20")


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        (TacticalPlan, sst.tactical_plans()),
        (Competition, sst.competitions()),
        (SalesPlan, sst.sales_plans()),
        (ExecutiveCallPlan, sst.call_plans()),
        (PresentationPlan, sst.presentation_plans),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
@given(data=st.data())
def test_every_plan_survives_to_dict_json_pickle_and_deepcopy(
    kind: type[Any], values: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    value = data.draw(values)
    assert from_dict(kind, to_dict(value)) == value
    assert from_json(kind, to_json(value)) == value
    assert pickle.loads(pickle.dumps(value)) == value
    assert copy.deepcopy(value) == value


@pytest.mark.parametrize("kind", [ActionKind, CallSide])
def test_every_member_has_a_label_in_both_languages(kind: Any) -> None:
    cats = default_catalogs()
    for member in kind:
        assert enum_key(member) in cats.catalogs["en"]
        assert enum_key(member) in cats.catalogs["zh-Hans"]
    for step in STEPS:
        assert f"plans.step.{step}" in cats.catalogs["zh-Hans"]


# -- actions and the tactical plan ------------------------------------------------------

DUE = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
REHEARSE = Action(id="a-1", what="Rehearse", owner="li.na", due=DUE, kind="rehearsal")
PRESENT = Action(
    id="a-2",
    what="Present",
    owner="li.na",
    due=DUE,
    kind=ActionKind.PRESENTATION,
    resources=["demo rig"],
    contacts=["p-zhou"],
)
PLAN = TacticalPlan(id="t-1", opportunity_id="o-1", actions=[PRESENT, REHEARSE])


def test_a_tactical_plan_completes_actions_as_new_values() -> None:
    assert PLAN.open_actions == (PRESENT, REHEARSE)
    done = PLAN.completed("a-2", at=DUE, result="Board asked for a site visit")
    assert done.action("a-2").done_by(DUE)
    assert not done.action("a-2").done_by(DUE - timedelta(1))
    assert done.action("a-2").result == "Board asked for a site visit"
    assert done.done_actions == (done.action("a-2"),)
    assert PLAN.done_actions == ()
    with pytest.raises(ValidationError, match="already done"):
        done.completed("a-2", at=DUE)
    extra = Action(id="a-3", what="Send the minutes", owner="wang.jun", due=DUE)
    assert PLAN.with_action(extra).actions[-1] == extra
    assert PLAN.with_action(attrs.evolve(REHEARSE, what="Rehearse twice")).action("a-1").what == (
        "Rehearse twice"
    )
    assert ActionKind.REFERENCE_VISIT.shows_the_offer
    assert not ActionKind.CALL.shows_the_offer


@pytest.mark.parametrize(
    ("changes", "paths"),
    [
        ({"id": ""}, ("id",)),
        ({"what": " "}, ("what",)),
        ({"due": datetime(2026, 3, 20)}, ("due",)),
        ({"kind": "party"}, ("kind",)),
        ({"resources": "a rig"}, ("resources",)),
        ({"contacts": [1]}, ("contacts[0]",)),
        ({"result": "went well"}, ("result",)),
        ({"done_at": "2026-03-20"}, ("done_at",)),
    ],
)
def test_a_bad_action_names_each_path(changes: dict[str, Any], paths: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as info:
        Action(**{"id": "a", "what": "W", "owner": "li.na", "due": DUE, **changes})
    assert info.value.paths == paths


# -- competitors ---------------------------------------------------------------------------


def _competition() -> Competition:
    rival = Competitor(
        key="rival",
        name="Rival Machines",
        products=["Line automation"],
        order_size=Money("2000000", "CNY"),
        close_date=date(2026, 5, 31),
        strategy="Undercut on price",
        allies=["p-sun"],
        strengths=["Cheaper"],
        weaknesses=["No local service"],
    )
    competition = Competition(opportunity_id="o-1", competitors=[rival])
    facts = dict.fromkeys((c.key for c in CARD.criteria), True)
    competition = competition.assessed("us", at=AT, result=CARD.evaluate(facts))
    later = AT + timedelta(days=14)
    competition = competition.assessed("rival", at=AT, result=CARD.evaluate({**facts}))
    return competition.assessed(
        "us", at=later, result=CARD.evaluate({**facts, "supporters_strong": False})
    )


def test_competitors_are_assessed_over_time() -> None:
    competition = _competition()
    assert [a.result.total for a in competition.series("us")] == [20, 19]
    assert competition.series("rival")[0].result.total == 20
    assert competition.ahead_of_us() == ("rival",)
    assert competition.ahead_of_us(at=AT) == ()
    assert competition.keys == ("rival",)
    assert Competition(opportunity_id="o-1").series("us") == ()
    assert from_dict(Competition, to_dict(competition)) == competition


def test_a_competitors_allies_are_read_from_the_map() -> None:
    competition = _competition()
    sun = Stakeholder(id="p-sun", name="Sun Li", stance="enemy")
    deal_map = StakeholderMap(opportunity_id="o-1", stakeholders=[sun])
    assert competition.allies_of("rival", deal_map) == (sun,)
    with pytest.raises(ValidationError) as info:
        competition.allies_of("rival", StakeholderMap(opportunity_id="o-1"))
    assert info.value.paths == ("allies[0]",)


def test_an_assessment_of_an_unknown_party_is_refused() -> None:
    competition = _competition()
    with pytest.raises(ValidationError) as info:
        attrs.evolve(competition, competitors=())
    assert info.value.paths == ("assessments.assessments[1].party",)
    with pytest.raises(ValidationError) as info:
        competition.assessed("nobody", at=AT, result=CARD.evaluate({}))
    assert info.value.paths == ("key",)
    with pytest.raises(ValidationError):
        competition.assessed("rival", at=AT, result=CARD.evaluate({}))  # twice at the same time


@pytest.mark.parametrize(
    ("changes", "paths"),
    [
        ({"key": "us"}, ("key",)),
        ({"key": "Rival"}, ("key",)),
        ({"order_size": Money("-1", "CNY")}, ("order_size",)),
        ({"order_size": 100}, ("order_size",)),
        ({"close_date": "2026-05-31"}, ("close_date",)),
        ({"allies": ["p", "p"]}, ("allies[1]",)),
    ],
)
def test_a_bad_competitor_names_each_path(changes: dict[str, Any], paths: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as info:
        Competitor(**{"key": "rival", "name": "Rival", **changes})
    assert info.value.paths == paths


# -- sales, call and presentation plans -----------------------------------------------------


def test_a_sales_plan_keeps_milestones_in_order() -> None:
    plan = SalesPlan(
        id="s-1",
        opportunity_id="o-1",
        owner="li.na",
        profile=BusinessProfile(
            revenue=Money("80000000", "CNY"), profit=Money("-500000", "CNY"), fiscal_year_end=12
        ),
        positions=[Position(party="us", products=["Line 1 retrofit"])],
        milestones=[
            Milestone(on=date(2026, 4, 1), what="Technical review", done=True),
            Milestone(on=date(2026, 5, 15), what="Board approval"),
        ],
    )
    assert plan.next_milestone is not None
    assert plan.next_milestone.what == "Board approval"
    with pytest.raises(ValidationError) as info:
        attrs.evolve(plan, milestones=tuple(reversed(plan.milestones)))
    assert info.value.paths == ("milestones[1].on",)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(plan, positions=[Position(party="us"), Position(party="us")])
    assert info.value.paths == ("positions[1]",)
    with pytest.raises(ValidationError) as info:
        BusinessProfile(revenue=Money("-1", "CNY"), fiscal_year_end=13)
    assert info.value.paths == ("revenue", "fiscal_year_end")


def _call(**changes: Any) -> ExecutiveCallPlan:
    values: dict[str, Any] = {
        "id": "c-1",
        "opportunity_id": "o-1",
        "executive": "p-zhou",
        "at": AT,
        "owner": "li.na",
        "purpose": "Agree the second line's business case",
        "participants": [
            Participant(name="Zhou Heng", side="customer", title="General Manager"),
            Participant(name="Li Na", side=CallSide.OURS, role="Account manager"),
        ],
    }
    return ExecutiveCallPlan(**{**values, **changes})


def test_a_call_plan_needs_both_sides_and_takes_its_summary() -> None:
    plan = _call()
    summary = CallSummary(
        held_at=AT,
        happened=["Agreed the payback target"],
        commitments=["We send the ROI model by Friday"],
        actions=[Action(id="c-a1", what="Send the ROI model", owner="li.na", due=DUE)],
    )
    assert plan.summarised(summary).summary == summary
    assert plan.summary is None
    with pytest.raises(ValidationError) as info:
        _call(participants=[Participant(name="Li Na", side="ours")])
    assert info.value.paths == ("participants",)
    with pytest.raises(ValidationError) as info:
        _call(purpose="", at=datetime(2026, 3, 16))
    assert info.value.paths == ("purpose", "at")
    with pytest.raises(ValidationError) as info:
        Participant(name="X", side="x")
    assert info.value.paths == ("side",)


def test_a_presentation_plan_lists_the_steps_left_to_think_through() -> None:
    plan = PresentationPlan(
        id="pr-1",
        opportunity_id="o-1",
        at=DUE,
        owner="li.na",
        purpose="Win the board's approval",
        attendees=[Attendee(name="Zhou Heng", roles=["decision_maker"], arguments="Payback")],
        steps=PresentationSteps(
            commitment="Approve the pilot", business_value="Payback in 2 years"
        ),
    )
    assert plan.steps.missing == ("problem", "consequences", "customer_view", "solution")
    assert plan.held(at=DUE).held_at == DUE
    with pytest.raises(ValidationError) as info:
        Attendee(name="Zhou", roles=["boss"])
    assert info.value.paths == ("roles[0]",)


# -- bad input everywhere ----------------------------------------------------------------

ANY_PLAN: Any = PLAN
ANY_COMPETITION: Any = _competition()


@pytest.mark.parametrize(
    "call",
    [
        lambda: ANY_PLAN.action("nope"),
        lambda: ANY_PLAN.completed("nope", at=DUE),
        lambda: ANY_PLAN.completed("a-1", at=datetime(2026, 3, 20)),
        lambda: ANY_PLAN.completed("a-1", at=DUE, result=5),
        lambda: ANY_PLAN.with_action("a-9"),
        lambda: ANY_COMPETITION.competitor("nope"),
        lambda: ANY_COMPETITION.ahead_of_us(at="today"),
        lambda: ANY_COMPETITION.allies_of("rival", None),
        lambda: ANY_COMPETITION.assessed("us", at=AT, result=None),
        lambda: TacticalPlan(id="t", opportunity_id="o", actions=[REHEARSE, REHEARSE]),
        lambda: TacticalPlan(id="t", opportunity_id="o", actions=["a-1"]),
        lambda: from_dict(TacticalPlan, {"id": "t", "opportunity_id": "o", "actions": [{}]}),
        lambda: from_dict(Competition, {"opportunity_id": "o", "competitors": [{"key": "us"}]}),
        lambda: from_dict(SalesPlan, {"id": "s", "opportunity_id": "o", "owner": "x", "more": 1}),
    ],
)
def test_bad_calls_raise_a_salesflow_error_and_change_nothing(call: Any) -> None:
    before = (to_dict(PLAN), to_dict(ANY_COMPETITION))
    with pytest.raises(SalesflowError):
        call()
    assert (to_dict(PLAN), to_dict(ANY_COMPETITION)) == before
