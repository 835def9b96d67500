"""Stored data: versioned documents, unknown keys skipped on request, migrations."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import salesflow
from salesflow import (
    Contact,
    DefinitionError,
    Migrations,
    Money,
    Opportunity,
    Pipeline,
    SalesflowError,
    ValidationError,
    from_dict,
    from_document,
    from_json,
    from_toml,
    to_dict,
    to_document,
    unknown_keys,
)
from salesflow._checks import MAX_DEPTH
from salesflow.convert import SCHEMA_VERSION
from salesflow.stored import MIGRATIONS, document_schema, kind_name
from tests import strategies as sst

#: Values of many kinds: every record kind, and the main definitions.
VALUES = st.one_of(
    *(s for cls, s in sst.RECORDS.items() if cls in salesflow.kinds.KINDS.values()),
    sst.pipelines,
    sst.scorecards(),
    sst.checklists(),
    sst.rule_sets,
)


@given(VALUES)
def test_a_document_round_trips_and_says_its_kind_and_version(value: Any) -> None:
    """from_document(to_document(x)) == x, through JSON text too; the schema admits it."""
    doc = to_document(value)
    assert doc["version"] == SCHEMA_VERSION
    assert salesflow.kinds.KINDS[doc["kind"]] is type(value)
    assert doc["data"] == to_dict(value)
    registry = sst.PLAYBOOK_REGISTRY
    assert from_document(doc, registry=registry) == value
    assert from_document(json.loads(json.dumps(doc)), registry=registry) == value
    assert from_document(doc, kind=type(value), registry=registry) == value
    jsonschema.validate(json.loads(json.dumps(doc)), document_schema(doc["kind"]))


def _attrs_nodes(value: Any, data: Any, path: str) -> list[tuple[str, dict[str, Any]]]:
    """Every (path, dict) in ``data`` that is the plain data of a record or definition.

    Walks the value and its data side by side (not the converter's type walk),
    so a free mapping such as ``attributes`` is never taken for a record.
    """
    if not (attrs.has(type(value)) and isinstance(data, dict)):
        return []
    found = [(path, data)]
    for name, item in data.items():
        field = getattr(value, name)
        where = f"{path}.{name}" if path else name
        if isinstance(field, tuple):
            for i, (v, d) in enumerate(zip(field, item, strict=True)):
                found.extend(_attrs_nodes(v, d, f"{where}[{i}]"))
        elif isinstance(field, salesflow.FrozenDict):
            for k, v in field.items():
                found.extend(_attrs_nodes(v, item[k], f"{where}[{k!r}]"))
        else:
            found.extend(_attrs_nodes(field, item, where))
    return found


STRUCTURED = st.one_of(sst.opportunities(), sst.portfolios(), sst.pipelines, sst.scorecards())


@given(STRUCTURED, st.data())
def test_an_unknown_key_anywhere_is_refused_by_default_and_skipped_on_request(
    value: Any, data: st.DataObject
) -> None:
    """The strict default names the key's path; ignore_unknown reads the value as it was."""
    plain = to_dict(value)
    nodes = _attrs_nodes(value, plain, "")
    path, node = data.draw(st.sampled_from(nodes))
    node["currency_rate"] = {"deep": ["7.1"]}
    where = f"{path}.currency_rate" if path else "currency_rate"
    registry = sst.PLAYBOOK_REGISTRY
    with pytest.raises(ValidationError) as caught:
        from_dict(type(value), plain, registry=registry)
    assert where in caught.value.paths
    assert caught.value.problems[caught.value.paths.index(where)].code == "unknown_key"
    assert from_dict(type(value), plain, registry=registry, ignore_unknown=True) == value
    assert unknown_keys(type(value), plain) == (where,)
    assert (
        from_json(type(value), json.dumps(plain), registry=registry, ignore_unknown=True) == value
    )


@settings(max_examples=10)
@given(sst.opportunities())
def test_the_issue_example_a_newer_deal_with_one_extra_key(opportunity: Opportunity) -> None:
    deal = to_dict(opportunity)
    deal["currency_rate"] = "7.1"
    with pytest.raises(ValidationError, match="unknown key 'currency_rate'"):
        from_dict(Opportunity, deal)
    assert from_dict(Opportunity, deal, ignore_unknown=True).id == deal["id"]


def test_from_toml_can_skip_unknown_keys() -> None:
    text = 'amount = "1.50"\ncurrency = "CNY"\nrate = 7.1\n'
    with pytest.raises(ValidationError, match="rate"):
        from_toml(Money, text)
    assert from_toml(Money, text, ignore_unknown=True) == Money("1.50", "CNY")


@settings(max_examples=10)
@given(sst.opportunities())
def test_free_mappings_keep_their_keys_under_ignore_unknown(opportunity: Opportunity) -> None:
    """A deal's attributes are free keys, not unknown ones."""
    deal = attrs.evolve(opportunity, attributes={"currency_rate": "7.1"})
    plain = to_dict(deal)
    assert unknown_keys(Opportunity, plain) == ()
    assert from_dict(Opportunity, plain, ignore_unknown=True).attributes == {"currency_rate": "7.1"}


# -- migrations -------------------------------------------------------------------


def _split_name(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 to 2 of a contact: one ``full_name`` becomes the ``name`` field."""
    data = dict(data)
    data["name"] = data.pop("full_name")
    return data


def _add_customer(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 to 3: a contact without a customer is filed under ``c-unknown``."""
    return {"customer_id": "c-unknown", **data}


#: What a future library's migrations look like: two steps for contacts.
FUTURE = Migrations(version=3, steps={("contact", 1): _split_name, ("contact", 2): _add_customer})


def _contact_v1(contact: Contact) -> dict[str, Any]:
    plain = to_dict(contact)
    plain.pop("customer_id")
    plain["full_name"] = plain.pop("name")
    return {"kind": "contact", "version": 1, "data": plain}


@settings(max_examples=10)
@given(sst.contacts())
def test_migrations_run_in_order_from_the_document_version(contact_v1: Contact) -> None:
    doc = _contact_v1(contact_v1)
    before = copy.deepcopy(doc)
    contact = from_document(doc, migrations=FUTURE)
    assert isinstance(contact, Contact)
    assert contact.name == before["data"]["full_name"]
    assert contact.customer_id == "c-unknown"
    assert doc == before  # the data handed in is never changed
    # from version 2, only the second step runs
    v2 = {**doc, "version": 2, "data": _split_name(doc["data"])}
    assert from_document(v2, migrations=FUTURE) == contact


def test_a_version_without_a_step_for_the_kind_is_unchanged() -> None:
    money = {"kind": "money", "version": 1, "data": {"amount": "1", "currency": "CNY"}}
    assert from_document(money, migrations=FUTURE) == Money("1", "CNY")


def test_a_newer_version_is_a_clear_error_unless_unknown_keys_are_skipped() -> None:
    doc = {
        "kind": "money",
        "version": SCHEMA_VERSION + 1,
        "data": {"amount": "1", "currency": "CNY", "x": 1},
    }
    with pytest.raises(ValidationError, match="newer salesflow") as caught:
        from_document(doc)
    assert caught.value.paths == ("version",)
    assert from_document(doc, ignore_unknown=True) == Money("1", "CNY")


def test_a_failing_step_is_named() -> None:
    def broken(data: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("nope")

    assert MIGRATIONS.steps == {}
    mine = Migrations(version=2).with_step("money", 1, broken)
    with pytest.raises(ValidationError, match="migration broken of money from version 1"):
        mine.migrate("money", {}, 1)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"version": 0}, "version"),
        ({"version": True}, "version"),
        ({"steps": {("spaceship", 1): _split_name}}, "steps[('spaceship', 1)]"),
        ({"steps": {("contact", 1): "not a function"}}, "steps[('contact', 1)]"),
        ({"version": 2, "steps": {("contact", 2): _split_name}}, "steps[('contact', 2)]"),
        ({"steps": [1]}, "steps"),
    ],
)
def test_bad_migrations_are_refused(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Migrations(**kwargs)
    assert path in caught.value.paths


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (5, ""),
        ({"kind": "money", "data": {}}, "version"),
        ({"kind": "spaceship", "version": 1, "data": {}}, "kind"),
        ({"kind": "money", "version": 1, "data": {}, "extra": 1}, "extra"),
        ({"kind": "money", "version": "1", "data": {}}, "version"),
        (
            {"kind": "money", "version": 1, "data": {"amount": 1.5, "currency": "CNY"}},
            "data.amount",
        ),
    ],
)
def test_bad_documents_are_validation_errors_naming_the_path(doc: Any, path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        from_document(doc)
    assert path in caught.value.paths


def test_a_document_of_another_kind_than_asked_is_refused() -> None:
    doc = to_document(Money("1", "CNY"))
    with pytest.raises(ValidationError, match="a money document, not the opportunity"):
        from_document(doc, kind="opportunity")
    with pytest.raises(ValidationError):
        from_document(doc, migrations="none")  # type: ignore[arg-type]


@settings(max_examples=5)
@given(sst.pipelines)
def test_a_definition_document_raises_a_definition_error(pipeline: Pipeline) -> None:
    doc = to_document(pipeline)
    doc["data"]["stages"] = []
    with pytest.raises(DefinitionError):
        from_document(doc)


@pytest.mark.parametrize("bad", [5, "money", None, [Money("1", "CNY")]])
def test_to_document_of_what_is_not_a_kind_is_refused(bad: Any) -> None:
    with pytest.raises(SalesflowError):
        to_document(bad)
    with pytest.raises(ValidationError):
        kind_name(bad)


def _nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def test_bad_arguments_of_from_dict_and_unknown_keys() -> None:
    with pytest.raises(ValidationError, match="ignore_unknown"):
        from_dict(Money, {}, ignore_unknown="yes")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="cls"):
        unknown_keys(int, {})
    with pytest.raises(ValidationError, match="nested more than"):
        unknown_keys(Money, _nested(MAX_DEPTH + 5))


@settings(max_examples=5)
@given(sst.pipelines)
def test_the_document_schema_refuses_a_newer_version_and_another_kind(pipeline: Pipeline) -> None:
    schema = document_schema("pipeline")
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = to_document(pipeline)
    jsonschema.validate(doc, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc, "version": SCHEMA_VERSION + 1}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc, "kind": "stage"}, schema)
    assert Pipeline.__name__ in schema["$defs"]


@settings(max_examples=20)
@given(sst.scorecards())
def test_a_definition_reads_exact_numbers_written_as_json_numbers(
    card: salesflow.Scorecard,
) -> None:
    """Weights, thresholds and band minimums written as 3.5 are read as Decimal('3.5')."""
    plain = json.loads(json.dumps(to_dict(card)))
    for criterion in plain["criteria"]:
        criterion["weight"] = float(criterion["weight"])
    for band in plain["bands"]:
        band["minimum"] = float(band["minimum"])
    assert from_dict(salesflow.Scorecard, plain) == card
    schema = salesflow.json_schema("scorecard")
    jsonschema.validate(plain, schema)


def test_money_stays_refused_as_a_float_and_so_do_money_thresholds() -> None:
    with pytest.raises(ValidationError, match=r"float 3\.5 refused"):
        from_dict(Money, {"amount": 3.5, "currency": "CNY"})
    criterion = {
        "key": "size",
        "kind": "numeric",
        "field": "amount",
        "thresholds": [1000.5],
        "currency": "CNY",
    }
    with pytest.raises(DefinitionError, match="amounts of money") as caught:
        from_dict(salesflow.scoring.Criterion, criterion)
    assert caught.value.paths == ("thresholds[0]",)
    del criterion["currency"]
    assert from_dict(salesflow.scoring.Criterion, criterion).thresholds == (Decimal("1000.5"),)


def test_an_unknown_kind_asked_for_is_named_as_from_documents_argument() -> None:
    doc = to_document(Money("1", "CNY"))
    kinds: tuple[Any, ...] = ("spaceship", [], int)
    for kind in kinds:
        with pytest.raises(ValidationError) as caught:
            from_document(doc, kind=kind)
        assert caught.value.subject == "from_document"
        assert caught.value.paths == ("kind",)
