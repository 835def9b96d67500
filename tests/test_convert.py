"""The converter: round trips, JSON-ready output, strict and complete errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    Customer,
    DefinitionError,
    Lead,
    Money,
    Opportunity,
    ValidationError,
    from_dict,
    from_json,
    from_toml,
    to_dict,
    to_json,
)
from salesflow.convert import Definition
from tests import strategies as sst


@pytest.mark.parametrize("cls", list(sst.RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_round_trip_every_record(cls: type, data: st.DataObject) -> None:
    """from_dict(type(x), to_dict(x)) == x, through JSON text too."""
    value = data.draw(sst.RECORDS[cls])
    plain = to_dict(value)
    assert from_dict(cls, plain) == value
    assert from_json(cls, json.dumps(plain)) == value


@given(sst.opportunities())
def test_to_dict_is_plain_json(opp: Opportunity) -> None:
    """Only JSON types come out: dicts, lists, str, int, bool, None."""

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                assert type(k) is str
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        else:
            assert x is None or type(x) in (str, int, bool)

    walk(to_dict(opp))
    assert json.loads(to_json(opp)) == to_dict(opp)


@given(sst.opportunities())
def test_datetimes_keep_their_offset(opp: Opportunity) -> None:
    plain = to_dict(opp)
    assert plain["created_at"] == opp.created_at.isoformat()
    assert plain["amount"] == {"amount": str(opp.amount.amount), "currency": opp.amount.currency}


def _good_opportunity() -> dict[str, Any]:
    return {
        "id": "o-1",
        "customer_id": "c-1",
        "owner": "li.wei",
        "pipeline": "basic",
        "stage": "prospect_list",
        "amount": {"amount": "1000.00", "currency": "CNY"},
        "created_at": "2026-03-01T09:00:00+08:00",
    }


def test_from_dict_reports_every_bad_path_at_once() -> None:
    data = _good_opportunity() | {
        "owner": 7,
        "amount": {"amount": 12.5, "currency": "cny"},
        "created_at": "2026-03-01T09:00:00",
        "surprise": True,
        "history": [{"move": "advance"}],
    }
    with pytest.raises(ValidationError) as info:
        from_dict(Opportunity, data)
    paths = info.value.paths
    for expected in (
        "owner",
        "amount.amount",
        "created_at",
        "surprise",
        "history[0].at",
        "history[0].to_stage",
    ):
        assert expected in paths, (expected, paths)
    text = str(info.value)
    assert "float 12.5 refused" in text
    assert "naive datetime" in text
    assert "unknown key 'surprise'" in text


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"id": None}, "id", "expected a string"),
        ({"id": ""}, "id", "must not be empty"),
        ({"status": "closed"}, "status", "not a valid OpportunityStatus"),
        ({"probability": 101}, "probability", "out of range"),
        ({"probability": "50"}, "probability", "whole number"),
        ({"amount": {"amount": "-1", "currency": "CNY"}}, "amount", "negative"),
        ({"amount": {"amount": "abc", "currency": "CNY"}}, "amount.amount", "not a decimal"),
        ({"amount": {"amount": "1", "currency": "RMB1"}}, "amount.currency", "ISO 4217"),
        ({"amount": "1000 CNY"}, "amount", "expected a mapping"),
        ({"expected_close": "2026-13-01"}, "expected_close", "ISO 8601 date"),
        ({"history": "none"}, "history", "expected a list"),
        ({"attributes": {"k": [1]}}, "attributes['k']", "string, a whole number or a boolean"),
        ({"status": "lost"}, "lost_reason", "needs a lost reason"),
    ],
)
def test_from_dict_names_path_and_expectation(
    change: dict[str, Any], path: str, words: str
) -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(Opportunity, _good_opportunity() | change)
    assert path in info.value.paths
    assert words in str(info.value)


def test_missing_key_is_named() -> None:
    data = _good_opportunity()
    del data["owner"]
    with pytest.raises(ValidationError) as info:
        from_dict(Opportunity, data)
    assert info.value.paths == ("owner",)
    assert "required key missing" in str(info.value)


@pytest.mark.parametrize("data", [None, [], "x", 3])
def test_not_a_mapping(data: object) -> None:
    with pytest.raises(ValidationError, match="expected a mapping"):
        from_dict(Customer, data)


def test_bad_json_and_toml_are_validation_errors() -> None:
    with pytest.raises(ValidationError, match="not valid JSON"):
        from_json(Lead, "{")
    with pytest.raises(ValidationError, match="not valid TOML"):
        from_toml(Lead, "= =")


def test_toml_loads_a_record() -> None:
    text = """
    id = "c-9"
    name = "Lanshan Logistics"
    industry = "transport_logistics"
    [characteristics]
    region = "East China"
    headcount = 420
    annual_revenue = { amount = "85000000", currency = "CNY" }
    """
    customer = from_toml(Customer, text)
    assert customer.characteristics.headcount == 420
    assert customer.characteristics.annual_revenue == Money(85_000_000, "CNY")


def test_definitions_raise_definition_error() -> None:
    """A class marked as a Definition fails with DefinitionError, a ValidationError."""
    import attrs

    @attrs.frozen
    class Thing(Definition):
        key: str

    with pytest.raises(DefinitionError) as info:
        from_dict(Thing, {"key": 1, "other": 2})
    assert set(info.value.paths) == {"key", "other"}
    assert isinstance(info.value, ValidationError)


@pytest.mark.parametrize("cls", [object, list, "Opportunity", None])
def test_from_dict_needs_a_salesflow_class(cls: Any) -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(cls, {})
    assert info.value.paths == ("cls",)


@pytest.mark.parametrize("value", [3, "x", object(), None])
def test_to_dict_needs_a_salesflow_value(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        to_dict(value)
    assert info.value.paths == ("value",)


@given(st.lists(sst.leads(), max_size=3))
def test_to_dict_of_a_list_is_a_list(leads: list[Lead]) -> None:
    assert to_dict(leads) == [to_dict(x) for x in leads]


def test_from_json_and_from_toml_need_text() -> None:
    with pytest.raises(ValidationError, match="expected JSON text"):
        from_json(Lead, None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="expected TOML text"):
        from_toml(Lead, b"id = 1")  # type: ignore[arg-type]


def test_unknown_key_message_lists_only_data_fields() -> None:
    """Fields that are not data (caches, registries) are not offered as keys."""
    import attrs

    from salesflow.convert import NOT_DATA

    @attrs.frozen
    class Cached:
        key: str
        cache: int = attrs.field(default=0, eq=False, metadata=NOT_DATA)
        derived: int = attrs.field(init=False, default=1)

    with pytest.raises(ValidationError) as info:
        from_dict(Cached, {"key": "k", "other": 1})
    assert "(expected only: key)" in str(info.value)
    assert "cache" not in to_dict(Cached("k"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"\xff\xfe{", "not valid JSON"),  # not UTF-8 (nor any JSON encoding)
        (b'{"id": "\xc3("}', "not valid JSON"),  # a broken UTF-8 sequence
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"amount": ' + "1" * 5000 + "}", "not valid JSON"),  # past Python's int digits limit
    ],
)
def test_from_json_odd_text_is_a_validation_error(text: str | bytes, expected: str) -> None:
    """Undecodable bytes, deep nesting and huge numbers never leak a ValueError/RecursionError."""
    with pytest.raises(ValidationError, match=expected) as info:
        from_json(Lead, text)
    assert type(info.value) is ValidationError
    assert info.value.paths == ("",)


def test_non_string_keys_are_reported_with_their_path() -> None:
    """A non-string key (possible from Python, not JSON) is an unknown key at its own path."""
    from salesflow.cli import sample_portfolio_text

    sample = json.loads(sample_portfolio_text())
    with pytest.raises(ValidationError) as info:
        from_dict(Lead, {**sample["leads"][0], 1: "x", (2, 3): "y"})
    assert set(info.value.paths) == {"[1]", "[(2, 3)]"}
    opp = next(o for o in sample["opportunities"] if o.get("amount"))
    with pytest.raises(ValidationError) as nested:
        from_dict(Opportunity, {**opp, "amount": {**opp["amount"], 7: "x"}})
    assert nested.value.paths == ("amount[7]",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("a = {" * 1000, "nested too deeply"),
        ("amount = " + "1" * 5000, "not valid TOML"),
    ],
)
def test_from_toml_odd_text_is_a_validation_error(text: str, expected: str) -> None:
    """Deep nesting and huge numbers never leak a RecursionError/ValueError from tomllib."""
    with pytest.raises(ValidationError, match=expected) as info:
        from_toml(Lead, text)
    assert info.value.paths == ("",)
