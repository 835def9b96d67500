"""Checklists in the stage gate: advance refuses, can_advance lists, ticks open it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import (
    DefinitionError,
    Money,
    Opportunity,
    TransitionError,
    ValidationError,
    from_dict,
    from_toml,
    to_dict,
)
from salesflow.checklists import Checklist, ChecklistSet, Item, presets, state_of, tick
from salesflow.records import Stakeholder, StakeholderMap
from salesflow.stages import MovePolicy, Pipeline, Stage, bind, state_id
from salesflow.stages import presets as stage_presets
from tests.test_stages_statemachine import events, fast_move, machine_move

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BASIC = stage_presets.get("basic")
COMPLEX = stage_presets.get("complex")


def _open(pipeline: Pipeline = BASIC) -> Opportunity:
    return pipeline.open(
        id="o-1", customer_id="c-1", owner="li.na", amount=Money("380000", "CNY"), at=AT
    )


def _tick_stage(
    pipeline: Pipeline, opp: Opportunity, at: datetime, keys: tuple[str, ...] | None = None
) -> Opportunity:
    checklist = pipeline.stage(opp.stage).checklist
    assert checklist is not None
    for key in checklist.keys if keys is None else keys:
        item = checklist.item(key)
        if not item.required or state_of(opp).is_done(item.key):
            continue
        opp = tick(
            opp,
            checklist,
            key,
            by="li.na",
            at=at,
            evidence="ref-1" if item.evidence_required else None,
            role=item.role,
        )
    return opp


def test_the_stage_presets_carry_the_checklists_of_the_same_name() -> None:
    for name in ("basic", "complex"):
        bound = stage_presets.get(name)
        bare = stage_presets.get(name, checklists=False)
        assert bound.keys == bare.keys
        assert bound.policy == attrs.evolve(bare.policy, win_needs_gate=True)
        for stage in bound.stages:
            assert stage.checklist == presets.get(name).checklist(stage.key)
        assert all(stage.checklist is None for stage in bare.stages)
    assert stage_presets.get("basic") is BASIC


def test_advance_is_refused_naming_every_missing_item_and_changes_nothing() -> None:
    opp = _open()
    before = to_dict(opp)
    with pytest.raises(TransitionError) as info:
        BASIC.advance(opp, at=AT + timedelta(hours=1))
    assert info.value.codes == ("unmet_requirement", "unmet_requirement")
    assert info.value.unmet == ("no_duplicate_customers", "profile_fit")
    assert {r.stage for r in info.value.reasons} == {"prospect_list"}
    assert "checklist item 'profile_fit'" in str(info.value)
    assert to_dict(opp) == before


def test_can_advance_lists_the_missing_items() -> None:
    opp = _open()
    check = BASIC.can_advance(opp)
    assert not check
    assert check.missing == ("no_duplicate_customers", "profile_fit")
    half = _tick_stage(BASIC, opp, AT, ("profile_fit",))
    assert BASIC.can_advance(half).missing == ("no_duplicate_customers",)


def test_ticking_the_items_allows_the_move() -> None:
    opp = _tick_stage(BASIC, _open(), AT + timedelta(minutes=5))
    assert BASIC.can_advance(opp)
    moved = BASIC.advance(opp, at=AT + timedelta(hours=1))
    assert moved.stage == "book_visit"
    assert moved.checklists == opp.checklists  # the state of each stage is kept


def test_the_gate_names_fields_then_guards_then_items() -> None:
    at = AT
    opp = _open()
    for _ in range(2):
        at += timedelta(hours=1)
        opp = BASIC.advance(_tick_stage(BASIC, opp, at), at=at)
    assert opp.stage == "propose_brief"
    assert BASIC.can_advance(opp).missing == (
        "expected_close",
        "final_screening",
        "opportunity_assessed",
        "decision_maker_identified",
        "procurement_known",
        "next_step_agreed",
    )


def test_the_context_reaches_the_checklist_predicates() -> None:
    at = AT
    opp = attrs.evolve(_open(), expected_close=date(2026, 6, 30))
    for _ in range(2):
        at += timedelta(hours=1)
        opp = BASIC.advance(_tick_stage(BASIC, opp, at), at=at)
    opp = _tick_stage(
        BASIC,
        opp,
        at,
        ("final_screening", "opportunity_assessed", "procurement_known", "next_step_agreed"),
    )
    assert BASIC.can_advance(opp).missing == ("decision_maker_identified",)
    dm = Stakeholder(id="p-zhou", name="Zhou Heng", roles=["decision_maker"], stance="neutral")
    facts = {"stakeholders": StakeholderMap(opportunity_id=opp.id, stakeholders=[dm])}
    assert BASIC.can_advance(opp, context=facts)
    assert BASIC.advance(opp, at=at, context=facts).stage == "close"


@pytest.mark.parametrize("name", ["basic", "complex"])
def test_a_deal_walks_a_bound_preset_to_won(name: str) -> None:
    pipeline = stage_presets.get(name)
    opp = attrs.evolve(_open(pipeline), expected_close=date(2026, 6, 30))
    at = AT
    while opp.stage != pipeline.open_keys[-1]:
        at += timedelta(days=1)
        assert not pipeline.can_advance(opp)
        opp = _tick_stage(pipeline, opp, at)
        opp = pipeline.advance(opp, at=at + timedelta(minutes=1))
    at += timedelta(days=1)
    with pytest.raises(TransitionError) as info:
        pipeline.win(opp, at=at)
    assert "contract_signed" in info.value.unmet
    opp = _tick_stage(pipeline, opp, at)
    won = pipeline.win(opp, at=at + timedelta(minutes=1))
    assert won.stage == "after_sale"
    assert set(won.checklists) == set(pipeline.open_keys)
    assert from_dict(Opportunity, to_dict(won)) == won


def test_skipping_needs_every_skipped_checklist() -> None:
    pipeline = attrs.evolve(BASIC, policy=MovePolicy(allow_skip=True))
    opp = _tick_stage(pipeline, _open(pipeline), AT)
    check = pipeline.can_advance(opp, to="propose_brief")
    assert check.missing == ("first_contact", "pre_screening", "visit_booked", "need_and_means")
    opp = _tick_stage(pipeline, attrs.evolve(opp, stage="book_visit", history=()), AT)
    opp = attrs.evolve(opp, stage="prospect_list")
    assert pipeline.can_advance(opp, to="propose_brief")


def test_back_moves_ignore_the_checklist() -> None:
    opp = BASIC.advance(_tick_stage(BASIC, _open(), AT), at=AT + timedelta(hours=1))
    back = BASIC.advance(opp, to="prospect_list", at=AT + timedelta(hours=2))
    assert back.stage == "prospect_list"


def test_a_pipeline_with_a_checklist_loads_from_toml_and_round_trips() -> None:
    text = """
key = "short"
won_stage = "done"

[[stages]]
key = "qualify"
[stages.checklist]
key = "qualify"
items = [{ key = "budget_known" }, { key = "dm_known", satisfied_by = "decision_maker_identified" }]

[[stages]]
key = "propose"

[[stages]]
key = "done"
probability = 100
"""
    pipeline = from_toml(Pipeline, text)
    assert from_dict(Pipeline, to_dict(pipeline)) == pipeline
    opp = _open(pipeline)
    assert pipeline.can_advance(opp).missing == ("budget_known", "dm_known")
    dm = Stakeholder(id="p-zhou", name="Zhou Heng", roles=["decision_maker"])
    facts = {"stakeholders": StakeholderMap(opportunity_id=opp.id, stakeholders=[dm])}
    assert pipeline.can_advance(opp, context=facts).missing == ("budget_known",)


def test_free_text_stakeholders_are_refused_by_the_gate_and_nothing_moves() -> None:
    """A stance typo used to decide the gate; now the move is a ValidationError."""
    pipeline = stage_presets.get("complex")
    opp = _open(pipeline)
    facts = {"stakeholders": [{"role": "decision_maker", "stance": "Supporter"}]}
    at = AT
    while opp.stage != "propose_brief":
        at += timedelta(hours=1)
        opp = pipeline.advance(_tick_stage(pipeline, opp, at), at=at)
    with pytest.raises(ValidationError) as info:
        pipeline.can_advance(opp, context=facts)
    assert "stakeholders[0].stance" in info.value.paths


def test_a_bad_checklist_in_a_pipeline_is_named_by_its_full_path() -> None:
    data: dict[str, Any] = {
        "key": "short",
        "stages": [
            {"key": "a"},
            {"key": "b", "checklist": {"key": "b", "items": [{"key": "x"}, {"key": "x"}]}},
        ],
    }
    with pytest.raises(DefinitionError) as info:
        from_dict(Pipeline, data)
    assert info.value.paths == ("stages[1].checklist.items[1].key",)
    with pytest.raises(DefinitionError) as info:
        Stage(key="a", checklist="basic")  # type: ignore[arg-type]
    assert info.value.paths == ("checklist",)


def test_bind_refuses_bad_arguments_and_unknown_stages() -> None:
    plain = stage_presets.get("basic", checklists=False)
    with pytest.raises(ValidationError) as info:
        bind(plain, presets.get("complex"))
    assert info.value.paths == (
        "checklists['gather_data']",
        "checklists['advance_project']",
        "checklists['sign_contract']",
    )
    with pytest.raises(ValidationError) as info:
        bind("basic", presets.get("basic"))  # type: ignore[arg-type]
    assert info.value.paths == ("pipeline",)
    with pytest.raises(ValidationError) as info:
        bind(plain, {"close": Checklist(key="close")})  # type: ignore[arg-type]
    assert info.value.paths == ("checklists",)


def test_bind_keeps_the_stages_it_has_no_checklist_for() -> None:
    mine = ChecklistSet(key="mine", checklists={"close": Checklist(key="c", items=[Item(key="x")])})
    bare = stage_presets.get("basic", checklists=False)
    bound = bind(bare, mine)
    assert [s.checklist is not None for s in bound.stages] == [False, False, False, True, False]
    assert bound.stage("propose_brief") == bare.stage("propose_brief")


def ticks(pipeline: Pipeline) -> st.SearchStrategy[tuple[str, Any, dict[str, Any] | None]]:
    """A tick event: one item of the deal's current stage (chosen when applied)."""
    return st.tuples(st.just("tick"), st.integers(0, 10), st.none())


@settings(max_examples=max(settings().max_examples * 3, 100))
@given(
    st.sampled_from([BASIC, COMPLEX]).flatmap(
        lambda p: st.tuples(st.just(p), st.lists(events(p) | ticks(p) | ticks(p), max_size=20))
    )
)
def test_the_statemachine_and_the_fast_engine_agree_with_checklists(
    case: tuple[Pipeline, list[tuple[str, Any, Any]]],
) -> None:
    """Same accepted and refused moves with checklist gates, ticks in between."""
    pipeline, script = case
    opp = attrs.evolve(_open(pipeline), expected_close=date(2026, 6, 30))
    sm = pipeline.to_statemachine()(opportunity=opp)
    at = opp.updated_at
    for move, arg, ctx in script:
        at += timedelta(hours=1)
        if move == "edit":
            continue
        if move == "tick":
            checklist = pipeline.stage(opp.stage).checklist
            assert checklist is not None
            key = checklist.keys[arg % len(checklist.keys)]
            opp = _tick_stage(pipeline, opp, at, (key,))
            sm.opportunity = opp
            continue
        try:
            new = fast_move(pipeline, opp, move, arg, ctx, at)
        except TransitionError:
            fast_ok = False
        else:
            fast_ok = True
        try:
            machine_move(sm, move, arg, ctx)
        except TransitionError:
            sm_ok = False
        else:
            sm_ok = True
        assert fast_ok == sm_ok, (move, arg, opp.stage, opp.status)
        if fast_ok:
            opp = new
            sm.opportunity = opp
        assert sm.state == state_id(opp.stage, opp.status)
