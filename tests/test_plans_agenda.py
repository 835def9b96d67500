"""Actions are obligations: open ones on their owners' agendas, done ones satisfy an item."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Money, SalesflowError, ValidationError
from salesflow.cadence import Duration, DurationUnit, ObligationStatus, Team, TimeRule
from salesflow.cadence import presets as cadence_presets
from salesflow.plans import (
    ACTION_RULE_KEY,
    Action,
    ActionKind,
    CallSide,
    CallSummary,
    ExecutiveCallPlan,
    Participant,
    PresentationPlan,
    TacticalPlan,
    action_rule,
    agenda,
    checklist_facts,
    obligations,
)
from salesflow.stages import presets as stage_presets
from tests import strategies as sst

DUE = datetime(2026, 3, 20, 18, 0, tzinfo=UTC)
TEAM = Team(managers={"li.na": "zhang.wei"})


def _plan(*actions: Action, opportunity_id: str = "o-1") -> TacticalPlan:
    return TacticalPlan(id="t-1", opportunity_id=opportunity_id, actions=actions)


PLAN = _plan(
    Action(id="a-1", what="Book the reference visit", owner="li.na", due=DUE),
    Action(id="a-2", what="Rehearse", owner="li.na", due=DUE + timedelta(days=5)),
    Action(id="a-3", what="Brief the team", owner="wang.jun", due=DUE),
    Action(id="a-4", what="Send the agenda", owner="li.na", due=DUE, done_at=DUE - timedelta(1)),
)


def test_an_open_action_is_upcoming_then_due_then_overdue_then_escalated() -> None:
    statuses = [
        agenda("li.na", [PLAN], at=at, team=TEAM).items[0].status
        for at in (DUE - timedelta(days=3), DUE - timedelta(hours=2), DUE + timedelta(hours=1))
    ]
    assert statuses == [ObligationStatus.UPCOMING, ObligationStatus.DUE, ObligationStatus.OVERDUE]
    late = DUE + timedelta(days=3)
    mine = agenda("li.na", [PLAN], at=late, team=TEAM)
    assert [(o.record_id, o.status) for o in mine] == [
        ("a-1", ObligationStatus.ESCALATED),
        ("a-2", ObligationStatus.UPCOMING),
    ]
    assert mine.items[0].rule_key == ACTION_RULE_KEY
    boss = agenda("zhang.wei", [PLAN], at=late, team=TEAM)
    assert [o.record_id for o in boss.escalated] == ["a-1"]
    assert [o.record_id for o in agenda("wang.jun", [PLAN], at=late, team=TEAM)] == ["a-3"]


def test_a_done_action_leaves_the_agenda_and_counts_as_met() -> None:
    done = PLAN.completed("a-1", at=DUE + timedelta(hours=5), result="Visit on the 25th")
    at = DUE + timedelta(days=1)
    assert "a-1" not in [o.record_id for o in agenda("li.na", [done], at=at)]
    found = {o.record_id: o.status for o in obligations([done], at=at)}
    assert found["a-1"] is ObligationStatus.MET_LATE
    assert found["a-4"] is ObligationStatus.MET_ON_TIME
    # as of before it was done, it was still open
    before = {o.record_id: o.status for o in obligations([done], at=DUE + timedelta(hours=1))}
    assert before["a-1"] is ObligationStatus.OVERDUE


def test_the_rule_is_tunable_and_a_plain_time_rule() -> None:
    rule = action_rule(remind_before=Duration(amount=3, unit=DurationUnit.DAYS), escalate=False)
    assert isinstance(rule, TimeRule)
    assert rule.escalate_after is None
    at = DUE - timedelta(days=2)
    assert agenda("li.na", [PLAN], at=at, rule=rule).due[0].record_id == "a-1"
    never = DUE + timedelta(days=30)
    assert agenda("li.na", [PLAN], at=never, rule=rule, team=TEAM).escalated == ()


def test_call_summaries_put_their_actions_on_the_agenda_too() -> None:
    call = ExecutiveCallPlan(
        id="c-1",
        opportunity_id="o-1",
        executive="p-zhou",
        at=DUE - timedelta(days=7),
        owner="li.na",
        purpose="Business case",
        participants=[
            Participant(name="Zhou Heng", side=CallSide.CUSTOMER),
            Participant(name="Li Na", side=CallSide.OURS),
        ],
        summary=CallSummary(
            held_at=DUE - timedelta(days=7),
            actions=[Action(id="c-a1", what="Send the ROI model", owner="li.na", due=DUE)],
        ),
    )
    ids = [o.record_id for o in agenda("li.na", [PLAN, call], at=DUE)]
    assert ids == ["a-1", "c-a1", "a-2"]  # in due order, upcoming ones too


def test_the_agenda_merges_with_the_preset_time_rules() -> None:
    """The obligations are the tracker's own: they sort with any other agenda's."""
    mine = agenda("li.na", [PLAN], at=DUE)
    other = cadence_presets.get("objection_answer")
    assert all(o.rule.subject is other.subject or o.due_at for o in mine)
    merged = sorted([*mine.items], key=lambda o: o.sort_key)
    assert merged == list(mine.items)


@given(sst.tactical_plans(), sst.aware_datetimes)
def test_every_open_action_is_on_its_owners_agenda_and_no_done_one_is(
    plan: TacticalPlan, at: datetime
) -> None:
    owners = {a.owner for a in plan.actions}
    seen: set[str] = set()
    for owner in owners:
        for ob in agenda(owner, [plan], at=at, rule=action_rule(escalate=False)):
            action = plan.action(ob.record_id)
            assert action.owner == owner
            assert not action.done_by(at)
            seen.add(action.id)
    assert seen == {a.id for a in plan.actions if not a.done_by(at)}


# -- checklist facts -------------------------------------------------------------------


def test_a_done_presentation_or_reference_visit_satisfies_the_demo_item() -> None:
    shown = _plan(
        Action(
            id="a-9",
            what="Visit the reference plant",
            owner="li.na",
            due=DUE,
            kind=ActionKind.REFERENCE_VISIT,
        )
    )
    assert checklist_facts([shown], opportunity_id="o-1", at=DUE) == {
        "demo_or_reference_visit": False
    }
    done = shown.completed("a-9", at=DUE, result="They liked the uptime figures")
    assert checklist_facts([done], opportunity_id="o-1", at=DUE)["demo_or_reference_visit"]
    assert not checklist_facts([done], opportunity_id="o-1", at=DUE - timedelta(1))[
        "demo_or_reference_visit"
    ]
    assert not checklist_facts([done], opportunity_id="o-2", at=DUE)["demo_or_reference_visit"]
    call = attrs.evolve(done.action("a-9"), kind=ActionKind.CALL)
    assert not checklist_facts([_plan(call)], opportunity_id="o-1", at=DUE)[
        "demo_or_reference_visit"
    ]
    talk = PresentationPlan(
        id="pr-1", opportunity_id="o-1", at=DUE, owner="li.na", purpose="Board", held_at=DUE
    )
    assert checklist_facts([talk], opportunity_id="o-1", at=DUE)["demo_or_reference_visit"]


def test_the_advance_project_gate_opens_on_the_fact() -> None:
    pipeline = stage_presets.get("complex")
    checklist = pipeline.stage("advance_project").checklist
    assert checklist is not None
    deal = pipeline.open(
        id="o-1", customer_id="c-1", owner="li.na", amount=Money("1", "CNY"), at=DUE
    )
    assert "demo_or_reference_visit" in checklist.gate(None, opportunity=deal).keys
    shown = _plan(Action(id="a-9", what="Demo", owner="li.na", due=DUE, kind="demo", done_at=DUE))
    facts = checklist_facts([shown], opportunity_id=deal.id, at=DUE)
    assert (
        "demo_or_reference_visit" not in checklist.gate(None, opportunity=deal, context=facts).keys
    )


# -- bad input --------------------------------------------------------------------------

ANY_AGENDA: Any = agenda  # bad arguments on purpose
ANY_OBLIGATIONS: Any = obligations
ANY_FACTS: Any = checklist_facts


@pytest.mark.parametrize(
    ("call", "paths"),
    [
        (lambda: ANY_AGENDA("li.na", PLAN, at=DUE), ("plans",)),
        (lambda: ANY_AGENDA("li.na", [PLAN, "plan"], at=DUE), ("plans[1]",)),
        (lambda: ANY_AGENDA("li.na", [PLAN], at=datetime(2026, 3, 20)), ("at",)),
        (lambda: ANY_AGENDA("", [PLAN], at=DUE), ("person",)),
        (lambda: ANY_AGENDA("li.na", [PLAN], at=DUE, rule="due"), ("rule",)),
        (lambda: ANY_AGENDA("li.na", [PLAN], at=DUE, team={"li.na": "x"}), ("team",)),
        (
            lambda: ANY_OBLIGATIONS([PLAN, PLAN], at=DUE),
            tuple(f"plans[1].actions[{i}].id" for i in range(4)),
        ),
        (lambda: ANY_OBLIGATIONS([PLAN], at="now"), ("at",)),
        (lambda: ANY_FACTS([PLAN], opportunity_id="", at=DUE), ("opportunity_id",)),
        (lambda: ANY_FACTS([PLAN], opportunity_id="o-1", at=None), ("at",)),
        (lambda: ANY_FACTS(None, opportunity_id="o-1", at=DUE), ("plans",)),
    ],
)
def test_bad_calls_name_the_path_and_change_nothing(call: Any, paths: tuple[str, ...]) -> None:
    before = PLAN
    with pytest.raises(SalesflowError) as info:
        call()
    assert isinstance(info.value, ValidationError)
    assert info.value.paths == paths
    assert before == PLAN


@pytest.mark.parametrize("kwargs", [{"remind_before": 3}, {"escalate_after": "2 days"}])
def test_a_bad_rule_option_is_a_definition_error(kwargs: dict[str, Any]) -> None:
    with pytest.raises(SalesflowError):
        action_rule(**kwargs)


@given(st.lists(sst.tactical_plans(opportunity_id="o-1"), max_size=3), sst.aware_datetimes)
def test_checklist_facts_are_a_boolean_for_any_plans(
    plans: list[TacticalPlan], at: datetime
) -> None:
    facts = checklist_facts(plans, opportunity_id="o-1", at=at)
    expected = any(a.kind.shows_the_offer and a.done_by(at) for p in plans for a in p.actions)
    assert facts == {"demo_or_reference_visit": expected}
