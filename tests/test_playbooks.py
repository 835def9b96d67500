"""Playbooks: one document of a team's definitions and labels, checked together."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import (
    DefinitionError,
    Migrations,
    Playbook,
    SalesflowError,
    ValidationError,
    from_dict,
    load_playbook,
    to_dict,
    unknown_keys,
)
from salesflow.locales import default_catalogs
from salesflow.schema import schema_for
from tests import strategies as sst
from tests.fuzz.hostile import guarded, mutated

REGISTRY = sst.PLAYBOOK_REGISTRY

ACME = """
[labels.en]
"scorecard.acme_fit" = "Acme fit"
"criterion.acme_fit.size" = "Company size"
"band.acme_fit.cold" = "Cold"
"band.acme_fit.warm" = "Warm: worth a visit"

[labels.zh-CN]
"band.acme_fit.warm" = "温：值得拜访"

[checklists.acme_visit]
items = [{ key = "book_room" }]

[scorecards.acme_fit]
criteria = [
  { key = "size", kind = "numeric", field = "employees", thresholds = [50, 200.5], weight = 1.5 },
]
bands = [{ key = "cold", minimum = 0 }, { key = "warm", minimum = 0.75 }]

[pipelines.acme]
stages = [
  { key = "lead" },
  { key = "visit", checklist = "acme_visit" },
  { key = "quote", required_scores = [{ scorecard = "acme_fit", band = "warm" }] },
  { key = "won" },
]

[time_rules.acme]
"""


def _named(data: dict[str, Any]) -> dict[str, Any]:
    """The document a person writes: each stage's checklist by the playbook's name for it."""
    checklists = data["checklists"]
    for pipeline in data["pipelines"].values():
        for stage in pipeline["stages"]:
            held = stage.get("checklist")
            if held is not None and checklists.get(held["key"]) == held:
                stage["checklist"] = held["key"]
        for body in (*data["pipelines"].values(), *data["checklists"].values()):
            body.pop("key", None)  # the name it is filed under is its key
    return data


@settings(max_examples=40, deadline=None)
@given(sst.playbooks())
def test_a_playbook_round_trips_through_plain_data_json_and_names(playbook: Playbook) -> None:
    """load_playbook(to_dict(p)) == p, as a mapping, as JSON text and with checklists by name."""
    plain = to_dict(playbook)
    assert load_playbook(plain, registry=REGISTRY) == playbook
    assert from_dict(Playbook, plain, registry=REGISTRY) == playbook
    text = json.dumps(plain, ensure_ascii=False)
    assert load_playbook(text, registry=REGISTRY) == playbook
    assert load_playbook(text.encode(), format="json", registry=REGISTRY) == playbook
    assert load_playbook(_named(json.loads(text)), registry=REGISTRY) == playbook


@settings(max_examples=20, deadline=None)
@given(sst.playbooks())
def test_labels_are_an_overlay_and_the_library_catalogs_do_not_change(playbook: Playbook) -> None:
    before = default_catalogs()
    for locale, labels in playbook.labels.items():
        for key, text in labels.items():
            assert playbook.catalogs.label(key, locale) == text
            assert playbook.label(key, locale) == text
    assert default_catalogs() == before
    assert playbook.label("enum.priority.high") == before.label("enum.priority.high")


def test_a_team_scorecard_explains_itself_in_its_own_words() -> None:
    book = load_playbook(ACME)
    result = book.scorecards["acme_fit"].evaluate({"employees": 120})
    mine = result.explain("en", catalogs=book.catalogs)
    assert mine[0].startswith("Acme fit: Warm: worth a visit")
    assert "band.acme_fit.warm" in result.explain("en")[0]  # the library alone: raw keys
    assert "温：值得拜访" in result.explain("zh-Hans", catalogs=book.catalogs)[0]


def test_names_are_resolved_and_exact_numbers_read() -> None:
    book = load_playbook(ACME)
    acme = book.pipelines["acme"]
    assert acme.stage("visit").checklist == book.checklists["acme_visit"]
    assert [c.key for c in acme.scorecards] == ["acme_fit"]
    card = book.scorecards["acme_fit"]
    assert card.criteria[0].thresholds == (Decimal(50), Decimal("200.5"))
    assert card.criteria[0].weight == Decimal("1.5")
    assert card.bands[1].minimum == Decimal("0.75")
    assert book.time_rules["acme"].rules == ()


def test_a_pipeline_naming_an_unknown_checklist_is_a_definition_error_at_its_path() -> None:
    text = ACME.replace('checklist = "acme_visit"', 'checklist = "acme_vist"')
    with pytest.raises(DefinitionError) as caught:
        load_playbook(text)
    assert caught.value.paths == ("pipelines.acme.stages[1].checklist",)
    assert "unknown checklist 'acme_vist'" in str(caught.value)
    assert caught.value.problems[0].path_parts == ("pipelines", "acme", "stages", 1, "checklist")


def test_every_problem_of_every_section_comes_at_once() -> None:
    text = (
        ACME.replace("minimum = 0.75", "minimum = 9")
        .replace('checklist = "acme_visit"', 'checklist = "nope"')
        .replace('{ key = "lead" }', '{ key = "Lead" }')
        + '\n[labels.fr]\nband.acme = "x"\n'
    )
    with pytest.raises(DefinitionError) as caught:
        load_playbook(text + "colour = 1\n")
    paths = set(caught.value.paths)
    assert {
        "scorecards.acme_fit.bands[1].minimum",
        "pipelines.acme.stages[0].key",
        "pipelines.acme.stages[1].checklist",
        "labels.fr.band",
    } <= paths
    # a scorecard that failed is reported once, where it is defined
    assert not any("required_scores" in p for p in paths)


def test_a_key_that_is_not_the_name_it_is_filed_under_is_refused() -> None:
    with pytest.raises(DefinitionError) as caught:
        load_playbook({"checklists": {"a": {"key": "b"}}})
    assert caught.value.paths == ("checklists.a.key",)


def test_money_floats_stay_refused_in_a_playbook() -> None:
    text = ACME.replace('field = "employees"', 'field = "amount", currency = "CNY"')
    with pytest.raises(DefinitionError, match="amounts of money"):
        load_playbook(text)


def test_an_older_version_is_migrated_and_a_newer_one_refused() -> None:
    def rename(data: dict[str, Any]) -> dict[str, Any]:
        """Version 1 called the time rules ``cadence``."""
        data = dict(data)
        data["time_rules"] = data.pop("cadence")
        return data

    future = Migrations(version=2, steps={("playbook", 1): rename})
    old = {"version": 1, "cadence": {"acme": {}}}
    assert list(load_playbook(old, migrations=future).time_rules) == ["acme"]
    with pytest.raises(DefinitionError, match="unknown key 'cadence'"):
        load_playbook(old)
    with pytest.raises(DefinitionError, match="newer salesflow") as caught:
        load_playbook({"version": 3})
    assert caught.value.paths == ("version",)
    newer = {"version": 3, "pipelines": {}, "team_colour": "red"}
    assert load_playbook(newer, ignore_unknown=True) == Playbook()


@pytest.mark.parametrize(
    ("source", "kwargs", "error"),
    [
        (5, {}, ValidationError),
        ([], {}, ValidationError),
        ("", {"format": "yaml"}, ValidationError),
        ("", {"migrations": {}}, ValidationError),
        ("[pipelines", {}, DefinitionError),
        ('{"pipelines": ', {}, DefinitionError),
        ("pipelines = 5", {}, DefinitionError),
        ('{"pipelines": {"a": 5}}', {}, DefinitionError),
        (b"\xff\xfe", {}, DefinitionError),
        ("[" * 5000, {}, DefinitionError),
        ({"labels": 5}, {}, DefinitionError),
        ({"labels": {"en": 5}}, {}, DefinitionError),
        ({"version": "one"}, {}, DefinitionError),
    ],
)
def test_bad_input_is_a_salesflow_error(source: Any, kwargs: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        load_playbook(source, **kwargs)


def test_a_playbook_built_in_python_checks_its_parts() -> None:
    with pytest.raises(DefinitionError) as caught:
        Playbook(pipelines={"a": 5}, labels={"en": {"k": 1}})
    assert set(caught.value.paths) == {"pipelines.a", "labels.en.k"}
    with pytest.raises(SalesflowError):
        Playbook(checklists=[])


PLAYBOOK_SCHEMA = schema_for(Playbook)
PLAYBOOK_VALIDATOR = jsonschema.Draft202012Validator(PLAYBOOK_SCHEMA)


@settings(max_examples=10, deadline=None)
@given(sst.playbooks())
def test_the_schema_of_a_playbook_admits_what_to_dict_writes(playbook: Playbook) -> None:
    jsonschema.Draft202012Validator.check_schema(PLAYBOOK_SCHEMA)
    errors = list(PLAYBOOK_VALIDATOR.iter_errors(json.loads(json.dumps(to_dict(playbook)))))
    assert errors == []


def test_a_playbook_has_a_short_repr() -> None:
    book = load_playbook(ACME)
    assert repr(book) == (
        "Playbook(checklists=['acme_visit'], labels=['en', 'zh-CN'], pipelines=['acme'], "
        "scorecards=['acme_fit'], time_rules=['acme'])"
    )
    assert repr(Playbook()) == "Playbook()"


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_hostile_playbooks_and_unknown_keys_are_salesflow_errors_only(data: st.DataObject) -> None:
    """A mutated playbook, skipped keys included, is refused with a SalesflowError or loads."""
    plain = data.draw(mutated(to_dict(data.draw(sst.playbooks()))))
    guarded("load_playbook", lambda: load_playbook(plain, registry=REGISTRY))
    guarded("load_playbook", lambda: load_playbook(plain, registry=REGISTRY, ignore_unknown=True))
    guarded("unknown_keys", lambda: unknown_keys(Playbook, plain))
    guarded("ignore_unknown", lambda: from_dict(Playbook, plain, ignore_unknown=True))
