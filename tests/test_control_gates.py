"""Gates that wait for an approval: a stage guard and a checklist item (registered predicates)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from salesflow import (
    Checklist,
    DefinitionError,
    Money,
    Opportunity,
    TransitionError,
    ValidationError,
    from_dict,
    to_dict,
)
from salesflow.cadence import Team
from salesflow.control import (
    Approvals,
    approval_item,
    approval_registry,
    gate_context,
    guard_name,
    presets,
    require_approval,
)
from salesflow.predicates import default_registry, using
from salesflow.stages import Pipeline, Stage
from salesflow.stages import presets as stage_presets

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEAM = Team(roles={"sales_manager": "zhao.min"}, departments={"sun.hao": "legal"})
BASIC = Pipeline(
    key="small",
    stages=(Stage(key="propose_brief"), Stage(key="close"), Stage(key="after_sale")),
    won_stage="after_sale",
)
DESK = Approvals(
    policies=[presets.get("proposal_approval"), presets.get("legal_review")], team=TEAM
)


def _deal(pipeline: Pipeline) -> Opportunity:
    deal = pipeline.open(
        id="o-1",
        customer_id="c-1",
        owner="li.na",
        amount=Money(500_000, "CNY"),
        at=AT,
        stage="propose_brief",
        expected_close=date(2026, 6, 30),
    )
    return deal


def test_the_proposal_must_be_approved_before_propose_and_brief_is_left() -> None:
    pipeline = require_approval(BASIC, stage="propose_brief", policy="proposal_approval")
    assert "control.proposal_approved" in pipeline.stage("propose_brief").guards
    deal = _deal(pipeline)
    request = DESK.open(
        policy="proposal_approval", id="p-1", subject_id="o-1", requested_by="li.na", at=AT
    )
    with pytest.raises(TransitionError) as err:
        pipeline.advance(deal, at=AT, context=gate_context([request]))
    assert err.value.unmet == ("control.proposal_approved",)
    approved = DESK.approve(request, by="zhao.min", at=AT + timedelta(hours=1))
    moved = pipeline.advance(deal, at=AT + timedelta(hours=2), context=gate_context([approved]))
    assert moved.stage == "close"
    # another deal's approval does not count
    other = DESK.approve(
        DESK.open(
            policy="proposal_approval", id="p-2", subject_id="o-2", requested_by="li.na", at=AT
        ),
        by="zhao.min",
        at=AT,
    )
    with pytest.raises(TransitionError):
        pipeline.advance(deal, at=AT, context=gate_context([other]))


def test_the_deal_may_record_its_approval_itself() -> None:
    pipeline = require_approval(BASIC, stage="propose_brief", policy="proposal_approval")
    deal = _deal(pipeline)
    marked = from_dict(
        type(deal), {**to_dict(deal), "attributes": {"approval.proposal_approval": "approved"}}
    )
    assert pipeline.advance(marked, at=AT).stage == "close"


def test_a_custom_policy_gets_its_own_guard_in_the_pipelines_registry() -> None:
    pipeline = require_approval(BASIC, stage="close", policy="board_ok")
    assert guard_name("board_ok") == "control.approved.board_ok"
    assert "control.approved.board_ok" in pipeline.registry
    assert "control.approved.board_ok" not in default_registry()
    assert require_approval(pipeline, stage="close", policy="board_ok").stage("close").guards == (
        "control.approved.board_ok",
    )
    with using(approval_registry(["board_ok"])):
        again = from_dict(Pipeline, to_dict(pipeline))
    assert again == pipeline


def test_legal_review_as_a_checklist_item_before_signing() -> None:
    item = approval_item(key="legal_reviewed", policy="legal_review")
    checklist = Checklist(key="sign", items=(item,))
    pipeline = stage_presets.get("complex")
    deal = pipeline.open(id="o-1", customer_id="c-1", owner="li.na", amount=Money(1, "CNY"), at=AT)
    request = DESK.open(
        policy="legal_review", id="l-1", subject_id="o-1", requested_by="li.na", at=AT
    )
    assert checklist.gate(None, opportunity=deal, context=gate_context([request])).keys == (
        "legal_reviewed",
    )
    reviewed = DESK.approve(request, by="sun.hao", at=AT)
    assert checklist.gate(None, opportunity=deal, context=gate_context([reviewed])).passes
    assert from_dict(Checklist, to_dict(checklist)) == checklist


def test_bad_gate_input() -> None:
    with pytest.raises(ValidationError) as err:
        require_approval("basic", stage="Close", policy="x y")  # type: ignore[arg-type]
    assert err.value.paths == ("pipeline", "stage", "policy")
    with pytest.raises(ValidationError) as err:
        require_approval(stage_presets.get("basic"), stage="nowhere", policy="p")
    with pytest.raises(ValidationError) as err:
        gate_context(["p-1"], context=[])  # type: ignore[list-item, arg-type]
    assert err.value.paths == ("requests[0]", "context")
    with pytest.raises(ValidationError) as err:
        approval_registry("legal_review")
    assert err.value.paths == ("policies",)
    with pytest.raises(ValidationError) as err:
        guard_name("Bad")
    with pytest.raises(DefinitionError) as derr:
        from_dict(
            Checklist, {"key": "c", "items": [{"key": "x", "satisfied_by": "control.approved"}]}
        )
    assert derr.value.paths == ("items[0].satisfied_by.params['policy']",)
    assert gate_context([], context={"decision_makers": 2}) == {
        "decision_makers": 2,
        "approvals": (),
    }
