"""The basic and complex presets, walked through their stages, and their labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from salesflow import DefinitionError, Money, Opportunity, ValidationError, from_dict, to_dict
from salesflow.checklists import ChecklistSet, gate, presets, tick
from salesflow.locales import _checklists, default_catalogs

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

BASIC_STAGES = ("prospect_list", "book_visit", "propose_brief", "close", "after_sale")
COMPLEX_STAGES = (
    "prospect_list",
    "book_visit",
    "propose_brief",
    "gather_data",
    "advance_project",
    "sign_contract",
    "after_sale",
)


def _opp(pipeline: str) -> Opportunity:
    return Opportunity(
        id="o-1",
        customer_id="c-1",
        owner="li.na",
        pipeline=pipeline,
        stage="prospect_list",
        amount=Money("2400000", "CNY"),
        created_at=AT,
    )


def test_the_presets_are_named_and_bound_to_the_stage_presets_keys() -> None:
    assert presets.names() == ("basic", "complex")
    assert presets.get("basic").stage_keys == BASIC_STAGES
    assert presets.get("complex").stage_keys == COMPLEX_STAGES
    assert presets.get("basic") is presets.get("basic")


def test_every_item_of_the_source_is_in_the_presets() -> None:
    basic, complex_ = presets.get("basic"), presets.get("complex")
    counts = {s: len(basic.checklist(s).items) for s in basic.stage_keys}
    assert counts == {
        "prospect_list": 2,
        "book_visit": 4,
        "propose_brief": 5,
        "close": 5,
        "after_sale": 6,
    }
    assert len(complex_.checklist("gather_data").items) == 7
    assert len(complex_.checklist("advance_project").items) == 4
    assert complex_.checklist("sign_contract").keys == basic.checklist("close").keys
    for shared in ("prospect_list", "book_visit", "propose_brief", "after_sale"):
        assert complex_.checklist(shared).keys == basic.checklist(shared).keys


def test_the_stakeholder_and_demo_items_are_satisfied_by_named_predicates() -> None:
    complex_ = presets.get("complex")
    found = {
        item.key: item.satisfied_by.predicate
        for stage in complex_.stage_keys
        for item in complex_.checklist(stage).items
        if item.satisfied_by is not None
    }
    assert found == {
        "decision_maker_identified": "decision_maker_identified",
        "supporter_won": "supporter_won",
        "opponents_identified": "opponents_identified",
        "demo_or_reference_visit": "demo_or_reference_visit",
    }


@pytest.mark.parametrize("name", ["basic", "complex"])
def test_walking_a_preset_through_its_stages(name: str) -> None:
    """Each stage's gate lists its required items; ticking them (with the
    evidence and role they need) opens it; optional items stay open."""
    preset = presets.get(name)
    opp = _opp(name)
    at = AT
    for stage in preset.stage_keys:
        checklist = preset.checklist(stage)
        required = [i.key for i in checklist.items if i.required and i.condition is None]
        assert gate(opp, preset, stage=stage).keys == tuple(required)
        for item in checklist.items:
            if not item.required:
                continue
            at += timedelta(hours=1)
            opp = tick(
                opp,
                preset,
                item.key,
                stage=stage,
                by="li.na",
                at=at,
                evidence="ref-42" if item.evidence_required else None,
                role=item.role,
            )
        assert gate(opp, preset, stage=stage).passes
    assert set(opp.checklists) == set(preset.stage_keys)
    assert from_dict(Opportunity, to_dict(opp)) == opp


def test_complaints_must_be_resolved_only_when_there_are_some() -> None:
    preset = presets.get("basic")
    opp = _opp("basic")
    assert "complaints_resolved" not in gate(opp, preset, stage="after_sale").keys
    assert (
        "complaints_resolved"
        in gate(opp, preset, context={"complaints": 2}, stage="after_sale").keys
    )


def test_the_internal_briefing_is_the_sales_managers() -> None:
    preset = presets.get("complex")
    with pytest.raises(ValidationError) as info:
        tick(_opp("complex"), preset, "internal_briefing", stage="gather_data", by="li.na", at=AT)
    assert info.value.paths == ("role",)


def test_the_optional_items_do_not_block_the_close() -> None:
    close = presets.get("basic").checklist("close")
    optional = [i.key for i in close.items if not i.required]
    assert optional == ["reference_asked", "referrals_asked"]


@pytest.mark.parametrize("name", ["basic", "complex"])
def test_a_preset_round_trips(name: str) -> None:
    preset = presets.get(name)
    assert from_dict(ChecklistSet, to_dict(preset)) == preset


@pytest.mark.parametrize("bad", ["medium", "", 3, None])
def test_an_unknown_preset_name_is_refused(bad: Any) -> None:
    with pytest.raises(ValidationError) as info:
        presets.get(bad)
    assert not isinstance(info.value, DefinitionError)
    assert info.value.paths == ("name",)
    assert "expected one of basic, complex" in str(info.value)


# -- labels ----------------------------------------------------------------------------


def test_both_catalogs_have_exactly_the_same_keys() -> None:
    missing_zh = sorted(set(_checklists.EN) - set(_checklists.ZH_HANS))
    missing_en = sorted(set(_checklists.ZH_HANS) - set(_checklists.EN))
    assert missing_zh == [], f"missing from zh-Hans: {missing_zh}"
    assert missing_en == [], f"missing from en: {missing_en}"
    assert all(v.strip() for v in (*_checklists.EN.values(), *_checklists.ZH_HANS.values()))


def test_every_label_key_the_presets_use_is_in_both_catalogs() -> None:
    cats = default_catalogs()
    used: set[str] = set()
    for name in presets.names():
        preset = presets.get(name)
        used.add(preset.label_key)
        for stage in preset.stage_keys:
            checklist = preset.checklist(stage)
            used.add(checklist.label_key)
            used.update(item.label_key for item in checklist.items)
            used.update(f"checklists.role.{i.role}" for i in checklist.items if i.role)
    for locale in ("en", "zh-Hans"):
        catalog = cats.catalogs[locale]
        missing = sorted(k for k in used if k not in catalog)
        assert missing == [], f"missing from {locale}: {missing}"


def test_chinese_labels_are_not_the_english_ones() -> None:
    same = [k for k, v in _checklists.EN.items() if _checklists.ZH_HANS[k] == v]
    assert same == []
