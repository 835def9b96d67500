"""Whole-opportunity checklist operations: the state lives in the Opportunity."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given

from salesflow import Money, Opportunity, ValidationError, from_dict, from_json, to_dict
from salesflow.checklists import (
    Checklist,
    ChecklistState,
    Item,
    gate,
    next_actions,
    presets,
    progress,
    state_of,
    tick,
    untick,
)
from tests import strategies as sst

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COMPLEX = presets.get("complex")


def _opp(stage: str = "book_visit") -> Opportunity:
    return Opportunity(
        id="o-1",
        customer_id="c-1",
        owner="li.na",
        pipeline="complex",
        stage=stage,
        amount=Money("800000", "CNY"),
        created_at=AT,
    )


@given(sst.opportunities_with_checklists())
def test_round_trip_of_an_opportunity_with_checklist_states(opp: Opportunity) -> None:
    plain = to_dict(opp)
    assert from_dict(Opportunity, plain) == opp
    assert from_json(Opportunity, json.dumps(plain)) == opp
    for stage, state in opp.checklists.items():
        assert from_dict(Opportunity, plain).checklists[stage].done == state.done


def test_tick_returns_a_new_opportunity_holding_the_stage_state() -> None:
    opp = _opp()
    after = tick(opp, COMPLEX, "first_contact", by="li.na", at=AT, note="called Mr Zhao")
    assert opp.checklists == {}
    assert after.checklists["book_visit"].is_done("first_contact")
    assert state_of(after).done == {"first_contact"}
    assert state_of(after, "gather_data") == ChecklistState()
    assert gate(after, COMPLEX).keys == ("pre_screening", "visit_booked", "need_and_means")
    p = progress(after, COMPLEX)
    assert (p.done, p.applicable, p.percent) == (1, 4, 25)
    assert [a.key for a in next_actions(after, COMPLEX)] == [
        "pre_screening",
        "visit_booked",
        "need_and_means",
    ]
    back = untick(after, COMPLEX, "first_contact", by="li.na", at=AT + timedelta(hours=1))
    assert state_of(back).done == frozenset()
    assert len(state_of(back).trail) == 2


def test_a_stage_other_than_the_current_one_can_be_ticked() -> None:
    opp = tick(
        _opp(),
        COMPLEX,
        "needs_confirmed",
        by="li.na",
        at=AT,
        evidence="needs-v2.docx",
        stage="gather_data",
    )
    assert set(opp.checklists) == {"gather_data"}
    assert "needs_confirmed" not in gate(opp, COMPLEX, stage="gather_data").keys


def test_a_single_checklist_may_be_used_instead_of_a_set() -> None:
    mine = Checklist(key="mine", items=[Item(key="call")])
    opp = tick(_opp("anything"), mine, "call", by="li.na", at=AT)
    assert gate(opp, mine).passes
    assert opp.checklists["anything"].is_done("call")


def test_the_gate_reads_the_context_for_stakeholder_items() -> None:
    opp = _opp("propose_brief")
    assert "decision_maker_identified" in gate(opp, COMPLEX).keys
    facts = {"stakeholders": [{"role": "decision_maker", "stance": "neutral"}]}
    assert "decision_maker_identified" not in gate(opp, COMPLEX, facts).keys


@pytest.mark.parametrize(
    ("call", "paths"),
    [
        (lambda o: tick(o, COMPLEX, "nope", by="li.na", at=AT), ("item",)),
        (lambda o: tick(o, COMPLEX, "first_contact", by="li.na", at=datetime(2026, 3, 2)), ("at",)),
        (lambda o: tick(o, COMPLEX, "first_contact", by="", at=AT), ("by",)),
        (lambda o: tick(o, COMPLEX, "first_contact", by="x", at=AT, stage="won"), ("stage",)),
        (lambda o: tick(o, COMPLEX, "first_contact", by="x", at=AT, stage=""), ("stage",)),
        (lambda o: tick(o, "complex", "first_contact", by="x", at=AT), ("checklist",)),  # type: ignore[arg-type]
        (lambda o: tick({"id": 1}, COMPLEX, "first_contact", by="x", at=AT), ("opportunity",)),  # type: ignore[arg-type]
        (lambda o: untick(o, COMPLEX, "first_contact", by="x", at=AT), ("item",)),
        (lambda o: gate(o, COMPLEX, stage="nowhere"), ("stage",)),
        (lambda o: progress(o, COMPLEX, ["x"]), ("context",)),  # type: ignore[arg-type]
        (lambda o: next_actions(o, COMPLEX, locale="tlh"), ("",)),
        (lambda o: state_of(o, 5), ("stage",)),  # type: ignore[arg-type]
    ],
)
def test_bad_whole_opportunity_calls_raise_and_change_nothing(
    call: Any, paths: tuple[str, ...]
) -> None:
    opp = _opp()
    before = to_dict(opp)
    with pytest.raises(ValidationError) as info:
        call(opp)
    assert info.value.paths == paths
    assert to_dict(opp) == before


def test_an_opportunity_refuses_bad_checklist_states() -> None:
    with pytest.raises(ValidationError) as info:
        Opportunity(
            id="o-1",
            customer_id="c-1",
            owner="li.na",
            pipeline="complex",
            stage="book_visit",
            amount=Money("1", "CNY"),
            created_at=AT,
            checklists={"book_visit": {"trail": []}, "": ChecklistState(), 3: ChecklistState()},
        )
    assert info.value.paths == ("checklists['book_visit']", "checklists", "checklists")
    data = to_dict(_opp()) | {"checklists": {"book_visit": {"trail": [{"item": "a"}]}}}
    with pytest.raises(ValidationError) as info:
        from_dict(Opportunity, data)
    assert set(info.value.paths) == {
        "checklists['book_visit'].trail[0].done",
        "checklists['book_visit'].trail[0].by",
        "checklists['book_visit'].trail[0].at",
    }
