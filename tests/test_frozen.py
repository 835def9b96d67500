"""FrozenDict: immutable, equal to dicts, picklable and deep-copyable, its own copy."""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import FrozenDict, Money, Opportunity
from salesflow._checks import freeze_mapping

plain = st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=8)


@given(plain)
def test_equal_to_the_dict_it_was_built_from_and_hashable(items: dict[str, Any]) -> None:
    frozen: FrozenDict[str, Any] = FrozenDict(items)
    assert frozen == items
    assert dict(frozen) == items
    assert hash(frozen) == hash(FrozenDict(dict(reversed(list(items.items())))))


@given(plain)
def test_pickle_and_deepcopy_give_an_equal_frozen_dict(items: dict[str, Any]) -> None:
    frozen: FrozenDict[str, Any] = FrozenDict(items)
    for again in (pickle.loads(pickle.dumps(frozen)), copy.deepcopy(frozen)):
        assert type(again) is FrozenDict
        assert again == frozen
    assert copy.copy(frozen) is frozen


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.__setitem__("a", 2),
        lambda d: d.__delitem__("a"),
        lambda d: d.clear(),
        lambda d: d.pop("a"),
        lambda d: d.popitem(),
        lambda d: d.setdefault("b", 1),
        lambda d: d.update(b=1),
        lambda d: d.__ior__({"b": 1}),
        lambda d: d.__init__({"b": 1}),
    ],
)
def test_every_change_is_refused_and_changes_nothing(change: Any) -> None:
    frozen: FrozenDict[str, int] = FrozenDict({"a": 1})
    with pytest.raises(TypeError, match="cannot be changed"):
        change(frozen)
    assert frozen == {"a": 1}


def test_union_and_fromkeys_give_frozen_dicts() -> None:
    assert type(FrozenDict(a=1) | {"b": 2}) is FrozenDict
    assert type({"b": 2} | FrozenDict(a=1)) is FrozenDict
    assert FrozenDict.fromkeys("ab", 0) == {"a": 0, "b": 0}
    assert repr(FrozenDict(a=1)) == "FrozenDict({'a': 1})"


@given(plain)
def test_a_value_holds_its_own_copy_of_what_the_caller_passed(items: dict[str, Any]) -> None:
    """Changing the caller's dict, or the dict behind its read-only view, changes no value."""
    mine = dict(items)
    view = MappingProxyType(mine)
    held = freeze_mapping(view)
    mine["__added__"] = 1
    assert "__added__" not in held
    assert held == items


def test_a_deal_built_from_a_read_only_view_does_not_follow_it() -> None:
    facts: dict[str, str | int | bool] = {"segment": "smb"}
    deal = Opportunity(
        id="o-1",
        customer_id="c-1",
        owner="li.na",
        pipeline="basic",
        stage="prospect_list",
        amount=Money("1", "CNY"),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        attributes=MappingProxyType(facts),
    )
    facts["segment"] = "enterprise"
    assert deal.attributes == {"segment": "smb"}
    assert type(deal.attributes) is FrozenDict
