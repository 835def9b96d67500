"""The checklist state: a trail of marks in time order, alternating per item."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given

from salesflow import ValidationError, from_dict, from_json, to_dict
from salesflow.checklists import ChecklistState, Mark
from tests import strategies as sst

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _mark(item: str = "a", done: bool = True, minutes: int = 0, **kw: Any) -> Mark:
    return Mark(item=item, done=done, by="li.na", at=AT + timedelta(minutes=minutes), **kw)


@given(sst.checklist_states())
def test_round_trip_of_a_state(state: ChecklistState) -> None:
    plain = to_dict(state)
    assert from_dict(ChecklistState, plain) == state
    assert from_json(ChecklistState, json.dumps(plain)) == state
    assert from_dict(ChecklistState, plain).done == state.done


@given(sst.checklist_states())
def test_done_is_the_set_of_items_whose_latest_mark_is_a_tick(state: ChecklistState) -> None:
    latest: dict[str, bool] = {}
    for mark in state.trail:
        latest[mark.item] = mark.done
    assert state.done == {k for k, v in latest.items() if v}
    for item in latest:
        found = state.latest(item)
        assert found is not None
        assert found.done is latest[item]
        assert state.history(item)[-1] == found
    assert state.updated_at == (state.trail[-1].at if state.trail else None)


def test_an_empty_state_has_nothing_done() -> None:
    state = ChecklistState()
    assert state.done == frozenset()
    assert state.latest("a") is None
    assert state.history("a") == ()
    assert state.updated_at is None


def test_a_trail_out_of_time_order_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        ChecklistState(trail=[_mark("a", minutes=5), _mark("b", minutes=1)])
    assert info.value.paths == ("trail[1].at",)


def test_a_trail_that_does_not_alternate_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        ChecklistState(trail=[_mark("a"), _mark("a", minutes=1), _mark("b", done=False, minutes=2)])
    assert info.value.paths == ("trail[1].done", "trail[2].done")


def test_a_trail_must_hold_marks() -> None:
    with pytest.raises(ValidationError) as info:
        ChecklistState(trail=[_mark(), {"item": "b"}])
    assert info.value.paths == ("trail[1]",)
    with pytest.raises(ValidationError) as info:
        ChecklistState(trail="abc")
    assert info.value.paths == ("trail",)


@pytest.mark.parametrize(
    ("kwargs", "paths"),
    [
        ({"item": "Bad Item"}, ("item",)),
        ({"done": 1}, ("done",)),
        ({"by": ""}, ("by",)),
        ({"at": datetime(2026, 3, 2)}, ("at",)),
        ({"evidence": ""}, ("evidence",)),
        ({"role": "Sales Manager"}, ("role",)),
        ({"note": 3}, ("note",)),
        ({"item": 1, "by": None, "at": "today"}, ("item", "by", "at")),
    ],
)
def test_a_bad_mark_lists_every_problem(kwargs: dict[str, Any], paths: tuple[str, ...]) -> None:
    fields: dict[str, Any] = {"item": "a", "done": True, "by": "li.na", "at": AT} | kwargs
    with pytest.raises(ValidationError) as info:
        Mark(**fields)
    assert info.value.paths == paths


def test_from_dict_refuses_bad_state_data() -> None:
    data = {
        "trail": [
            {"item": "a", "done": True, "by": "li.na", "at": "2026-03-02T09:00:00"},
            {"item": "a", "done": "yes", "by": "li.na", "at": "2026-03-02T09:00:00+08:00"},
            {"item": "a", "done": True, "by": "li.na", "at": AT.isoformat(), "who": "x"},
        ]
    }
    with pytest.raises(ValidationError) as info:
        from_dict(ChecklistState, data)
    assert set(info.value.paths) == {"trail[0].at", "trail[1].done", "trail[2].who"}
    with pytest.raises(ValidationError) as info:
        from_dict(ChecklistState, {"trail": [], "done": ["a"]})
    assert info.value.paths == ("done",)
