"""Data reaches only data: a field path from a definition reads mapping keys and declared
record fields, never attributes at large and never a name starting with an underscore."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import DefinitionError, Opportunity, SalesflowError, from_dict
from salesflow.scoring import Scorecard
from tests import strategies as sst
from tests.fuzz.hostile import fuzz_settings

READ: list[str] = []


class SpyMapping(Mapping[str, Any]):
    """Facts as a mapping that records every attribute asked of it."""

    def __init__(self, data: dict[str, Any]) -> None:
        object.__setattr__(self, "_data", data)

    def __getattribute__(self, name: str) -> Any:
        READ.append(name)
        return object.__getattribute__(self, name)

    def __getitem__(self, key: str) -> Any:
        return object.__getattribute__(self, "_data")[key]

    def __iter__(self) -> Iterator[str]:
        return iter(object.__getattribute__(self, "_data"))

    def __len__(self) -> int:
        return len(object.__getattribute__(self, "_data"))


class SpyOpportunity(Opportunity):
    """A deal that records every attribute asked of it."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        READ.append(name)
        return object.__getattribute__(self, name)


_segments = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True) | st.sampled_from(
    ["__init__", "__globals__", "__class__", "_x", "attributes", "amount", "history", "id"]
)
_paths = st.lists(_segments, min_size=1, max_size=4).map(".".join)


def _card(paths: list[str]) -> dict[str, Any]:
    return {
        "key": "spy",
        "criteria": [
            {"key": f"c{i}", "kind": "yes_no", "field": path} for i, path in enumerate(paths)
        ],
        "bands": [{"key": "low", "minimum": 0}, {"key": "high", "minimum": 1}],
    }


def _spy_deal(opp: Opportunity) -> SpyOpportunity:
    spy = object.__new__(SpyOpportunity)
    for field in Opportunity.__attrs_attrs__:
        object.__setattr__(spy, field.name, object.__getattribute__(opp, field.name))
    return spy


@fuzz_settings(quick=40, thorough=200)
@given(paths=st.lists(_paths, min_size=1, max_size=4), opp=sst.opportunities())
def test_no_definition_from_data_reads_an_underscore_attribute(
    paths: list[str], opp: Opportunity
) -> None:
    """Any scorecard loaded from data, on facts that record what is read."""
    try:
        card = from_dict(Scorecard, _card(paths))
    except DefinitionError:
        assert any(part.startswith("_") for p in paths for part in p.split("."))
        return
    nested = {"amount": {"amount": 1}, "attributes": {"x": True}}
    for facts in (SpyMapping(nested), _spy_deal(opp)):
        READ.clear()
        with contextlib.suppress(SalesflowError):
            card.evaluate(facts)
        assert not [n for n in READ if n.startswith("_")], READ


@pytest.mark.parametrize("path", ["__init__.__globals__", "_plan", "a._b", "__class__"])
def test_an_underscore_path_is_refused_when_the_definition_is_loaded(path: str) -> None:
    with pytest.raises(DefinitionError, match="field"):
        from_dict(Scorecard, _card([path]))


@fuzz_settings(quick=5, thorough=20)
@given(opp=sst.opportunities())
def test_a_method_is_not_a_field(opp: Opportunity) -> None:
    """A record's methods are not data: reading one is an unknown input. Its public
    properties are data derived from its fields (a held intent's ``current``)."""
    card = from_dict(Scorecard, _card(["evolve"]))
    assert card.evaluate(opp).unknown == ("c0",)
    card = from_dict(Scorecard, _card(["is_closed"]))
    assert card.evaluate(opp).unknown == ()
