"""Every front-desk value: round trips through dicts and JSON, frozen, pickles."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import salesflow.frontdesk as frontdesk
from salesflow import DefinitionError, ValidationError, from_dict, from_json, to_dict
from salesflow.convert import Definition
from salesflow.locales import default_catalogs, enum_key
from tests import frontdesk_day as day
from tests import strategies as sst


@pytest.mark.parametrize("cls", list(sst.FRONTDESK), ids=lambda c: c.__name__)
@given(data=st.data())
def test_round_trip_every_value(cls: type, data: st.DataObject) -> None:
    """from_dict(type(x), to_dict(x)) == x, through JSON text too."""
    value = data.draw(sst.FRONTDESK[cls])
    plain = to_dict(value)
    assert from_dict(cls, plain) == value
    assert from_json(cls, json.dumps(plain)) == value


@pytest.mark.parametrize("cls", list(sst.FRONTDESK), ids=lambda c: c.__name__)
@given(data=st.data())
def test_values_are_frozen_and_pickle(cls: type, data: st.DataObject) -> None:
    value: Any = data.draw(sst.FRONTDESK[cls])
    name = attrs.fields(cls)[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, name, getattr(value, name))
    assert pickle.loads(pickle.dumps(value)) == value
    assert copy.deepcopy(value) == value


def test_results_round_trip() -> None:
    """The results of the day's operations load back as they were."""
    results: list[Any] = [
        frontdesk.register_figures(day.register()),
        frontdesk.progression_sheet(day.book(), at=day.at(3, 18)),
        frontdesk.consistency_report(day.desk(), book=day.book()),
    ]
    for value in results:
        assert from_dict(type(value), to_dict(value)) == value


@pytest.mark.parametrize(
    "cls", [c for c in sst.FRONTDESK if issubclass(c, Definition)], ids=lambda c: c.__name__
)
def test_definitions_raise_definition_errors(cls: type) -> None:
    with pytest.raises(DefinitionError):
        from_dict(cls, {"no_such_key": 1})


@pytest.mark.parametrize(
    "cls", [c for c in sst.FRONTDESK if not issubclass(c, Definition)], ids=lambda c: c.__name__
)
def test_unknown_keys_are_refused(cls: type) -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(cls, {"no_such_key": 1})
    assert "no_such_key" in info.value.paths


def test_every_enum_member_of_the_area_has_a_label_in_both_languages() -> None:
    cats = default_catalogs()
    enums = [
        v
        for v in vars(frontdesk).values()
        if isinstance(v, type) and issubclass(v, str) and hasattr(v, "__members__")
    ]
    assert len(enums) >= 9
    for kind in enums:
        for member in kind:  # type: ignore[attr-defined]
            key = enum_key(member)
            assert key in cats.catalogs["en"], key
            assert key in cats.catalogs["zh-Hans"], key


def test_public_names_are_sorted_and_exist() -> None:
    names = frontdesk.__all__
    assert all(hasattr(frontdesk, n) for n in names)
    assert len(set(names)) == len(names)
