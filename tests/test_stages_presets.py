"""The five preset pipelines of the source documents, and their labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from salesflow import Money, OpportunityStatus, ValidationError
from salesflow.locales import LOCALES, default_catalogs, enum_key
from salesflow.locales import _stages as stage_labels
from salesflow.stages import ForecastCategory, presets

T0 = datetime(2026, 3, 1, tzinfo=UTC)

EXPECTED = {
    "basic": ("prospect_list", "book_visit", "propose_brief", "close", "after_sale"),
    "complex": (
        "prospect_list",
        "book_visit",
        "propose_brief",
        "gather_data",
        "advance_project",
        "sign_contract",
        "after_sale",
    ),
    "seven_step": (
        "prospecting",
        "qualification",
        "needs_assessment",
        "presentation",
        "proposal",
        "close",
        "follow_up",
    ),
    "lifecycle": ("find", "invite", "visit", "follow_up", "close", "maintain"),
    "full_process": (
        "lead_capture",
        "grading_discovery",
        "assessment_proposal",
        "negotiation_contract",
        "delivery_after_sales",
    ),
}


def test_names_and_stage_keys_in_order() -> None:
    """The preset names and stage keys other areas rely on."""
    assert presets.names() == tuple(EXPECTED)
    for name, keys in EXPECTED.items():
        p = presets.get(name)
        assert p.key == name
        assert p.keys == keys
        assert p.won_stage == keys[-1], "the last stage is the after-sale stage"


def test_get_returns_one_value_per_name() -> None:
    """Presets are built once."""
    assert presets.get("basic") is presets.get("basic")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_probabilities_rise_and_forecasts_are_stated(name: str) -> None:
    """Default probabilities never fall along the flow; the won stage is 100 and closed."""
    p = presets.get(name)
    probs = [s.probability for s in p.stages]
    assert probs == sorted(probs)
    assert probs[-1] == 100
    assert p.stages[-1].forecast is ForecastCategory.CLOSED
    assert ForecastCategory.COMMIT in {s.forecast for s in p.stages}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_deal_walks_every_preset_to_won(name: str) -> None:
    """Each preset carries a deal from its first stage to won, in its after-sale stage."""
    p = presets.get(name)
    opp = p.open("o", "c", "w", Money("1000", "CNY"), at=T0, expected_close=date(2026, 6, 1))
    for n in range(1, len(p.open_keys)):
        opp = p.advance(opp, at=T0 + timedelta(days=n))
    assert opp.stage == p.open_keys[-1]
    won = p.win(opp, at=T0 + timedelta(days=30))
    assert (won.stage, won.status) == (p.keys[-1], OpportunityStatus.WON)


def test_lifecycle_close_outcomes() -> None:
    """Lifecycle's close ends won, upgraded, paused or lost."""
    p = presets.get("lifecycle")
    opp = p.open("o", "c", "w", Money("1", "CNY"), at=T0, stage="close")
    assert p.win(opp, at=T0).status is OpportunityStatus.WON
    assert p.win(opp, at=T0, outcome="upgraded").history[-1].reason == "upgraded"
    assert p.pause(opp, at=T0).status is OpportunityStatus.PAUSED
    assert p.lose(opp, "competitor", at=T0).status is OpportunityStatus.LOST
    assert p.win_outcomes == ("upgraded",)


def test_every_label_exists_in_both_locales() -> None:
    """Pipelines, stages, forecast categories and lost reasons are labelled in en and zh-Hans."""
    assert set(stage_labels.EN) == set(stage_labels.ZH_HANS)
    cats = default_catalogs()
    for locale in LOCALES:
        catalog = cats.catalogs[locale]
        for name in presets.names():
            p = presets.get(name)
            assert p.pipeline_label_key in catalog
            for key in p.keys:
                assert p.stage_label_key(key) in catalog, (locale, key)
            for reason in p.lost_reasons:
                assert f"lost_reason.{reason}" in catalog
            for outcome in p.win_outcomes:
                assert f"win_outcome.{outcome}" in catalog
        for category in ForecastCategory:
            assert enum_key(category) in catalog
    assert cats.label("stage.complex.gather_data", "zh-Hans") == "收集资料"


@pytest.mark.parametrize("bad", ["", "Basic", "unknown", 3, None])
def test_unknown_preset(bad: object) -> None:
    """An unknown preset name is a ValidationError naming ``name`` and the known ones."""
    with pytest.raises(ValidationError) as info:
        presets.get(bad)  # type: ignore[arg-type]
    assert info.value.paths == ("name",)
    assert "full_process" in str(info.value)
