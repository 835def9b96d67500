"""Whole-opportunity checklist operations: the state lives in the Opportunity."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

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
from salesflow.records import Stakeholder, StakeholderMap
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
    dm = Stakeholder(id="p-zhou", name="Zhou Heng", roles=["decision_maker"], stance="neutral")
    facts = {"stakeholders": StakeholderMap(opportunity_id=opp.id, stakeholders=[dm])}
    assert "decision_maker_identified" not in gate(opp, COMPLEX, context=facts).keys


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
        (lambda o: progress(o, COMPLEX, context=["x"]), ("context",)),  # type: ignore[arg-type]
        (lambda o: next_actions(o, COMPLEX, locale="tlh"), ("locale",)),
        (lambda o: tick(o, COMPLEX, "first_contact", by="x", at=AT - timedelta(1)), ("at",)),
        (
            lambda o: untick(o, COMPLEX, "first_contact", by="x", at=AT - timedelta(1)),
            ("item", "at"),
        ),
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


class ChecklistMachine(RuleBasedStateMachine):
    """Random ticks and unticks on a deal's complex checklists; after every
    step the gate names exactly the required items not done, in order, and a
    refused mark changes nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.opp = _opp()
        self.at = AT
        self.done: dict[str, set[str]] = {s: set() for s in COMPLEX.stage_keys}

    @rule(data=st.data(), valid=st.booleans())
    def mark(self, data: st.DataObject, valid: bool) -> None:
        stage = data.draw(st.sampled_from(COMPLEX.stage_keys))
        checklist = COMPLEX.checklist(stage)
        item = checklist.item(data.draw(st.sampled_from(checklist.keys)))
        self.at += timedelta(minutes=data.draw(st.integers(0, 90)))
        role = item.role if valid else data.draw(st.none() | st.just("owner"))
        evidence = "ref" if valid else data.draw(st.none() | st.just("ref"))
        doing_tick = item.key not in self.done[stage]
        ok = (item.role is None or role == item.role) and (
            not doing_tick or not item.evidence_required or evidence
        )
        before = self.opp
        try:
            if doing_tick:
                self.opp = tick(
                    self.opp,
                    COMPLEX,
                    item.key,
                    stage=stage,
                    by="li.na",
                    at=self.at,
                    evidence=evidence,
                    role=role,
                )
                self.done[stage].add(item.key)
            else:
                self.opp = untick(
                    self.opp, COMPLEX, item.key, stage=stage, by="li.na", at=self.at, role=role
                )
                self.done[stage].discard(item.key)
        except ValidationError:
            assert not ok
            assert self.opp is before
        else:
            assert ok

    @invariant()
    def gate_names_the_missing_items(self) -> None:
        for stage in COMPLEX.stage_keys:
            checklist = COMPLEX.checklist(stage)
            expected = tuple(
                i.key
                for i in checklist.items
                if i.required and i.condition is None and i.key not in self.done[stage]
            )
            assert gate(self.opp, COMPLEX, stage=stage).keys == expected
            assert state_of(self.opp, stage).done == self.done[stage]
            assert 0 <= progress(self.opp, COMPLEX, stage=stage).percent <= 100


TestChecklistMachine = ChecklistMachine.TestCase
