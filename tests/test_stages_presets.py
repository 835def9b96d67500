"""The five preset pipelines of the source documents, and their labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from salesflow import Money, Opportunity, OpportunityStatus, TransitionError, ValidationError
from salesflow import checklists as cl
from salesflow.locales import LOCALES, default_catalogs, enum_key
from salesflow.locales import _stages as stage_labels
from salesflow.scoring import presets as scoring_presets
from salesflow.stages import DEFAULT_WON_REASONS, ForecastCategory, Pipeline, bind, presets

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
    """Presets are built once per name and flag."""
    assert presets.get("basic") is presets.get("basic")
    assert presets.get("basic", checklists=False) is presets.get("basic", checklists=False)
    assert presets.get("basic") is not presets.get("basic", checklists=False)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_probabilities_rise_and_forecasts_are_stated(name: str) -> None:
    """Default probabilities never fall along the flow; the won stage is 100 and closed."""
    p = presets.get(name)
    probs = [s.probability for s in p.stages]
    assert probs == sorted(probs)
    assert probs[-1] == 100
    assert p.stages[-1].forecast is ForecastCategory.CLOSED
    assert ForecastCategory.COMMIT in {s.forecast for s in p.stages}


def _tick_required(p: Pipeline, opp: Opportunity, at: datetime) -> Opportunity:
    """Tick every required item of the deal's current stage (nothing when it has no checklist)."""
    checklist = p.stage(opp.stage).checklist
    if checklist is None:
        return opp
    for item in checklist.items:
        if item.required:
            evidence = "DMS-1" if item.evidence_required else None
            opp = cl.tick(
                opp, checklist, item.key, by="w", at=at, evidence=evidence, role=item.role
            )
    return opp


#: The facts the presets' score gates read: BANT qualified, a strong three-dimension assessment.
QUALIFIED_FACTS: dict[str, str | int | bool] = {
    "budget": True,
    "authority": True,
    "need": True,
    "timeline": True,
    "urgency": "firm",
    "budget_fit_percent": 95,
    "decision_chain": "clear",
}


@pytest.mark.parametrize("gated", [True, False])
@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_deal_walks_every_preset_to_won(name: str, gated: bool) -> None:
    """Each preset carries a deal from its first stage to won, in its after-sale stage.

    With its checklists (the default) each stage's required items are ticked first;
    the deal carries the facts its score gates read (BANT met, a strong assessment).
    """
    p = presets.get(name, checklists=gated)
    opp = p.open(
        id="o",
        customer_id="c",
        owner="w",
        amount=Money("1000", "CNY"),
        at=T0,
        expected_close=date(2026, 6, 1),
        attributes=QUALIFIED_FACTS,
    )
    for n in range(1, len(p.open_keys)):
        opp = _tick_required(p, opp, T0 + timedelta(days=n - 1, hours=1))
        opp = p.advance(opp, at=T0 + timedelta(days=n))
    assert opp.stage == p.open_keys[-1]
    opp = _tick_required(p, opp, T0 + timedelta(days=29))
    won = p.win(opp, at=T0 + timedelta(days=30))
    assert (won.stage, won.status) == (p.keys[-1], OpportunityStatus.WON)
    ticked = sum(len(s.trail) for s in opp.checklists.values())
    assert (ticked > 0) == (gated and name in ("basic", "complex"))


def test_the_default_complex_preset_refuses_to_leave_an_unticked_stage() -> None:
    """get("complex") gates prospect_list on its checklist, naming each missing item."""
    p = presets.get("complex")
    opp = p.open(id="o", customer_id="c", owner="w", amount=Money("1000", "CNY"), at=T0)
    with pytest.raises(TransitionError) as info:
        p.advance(opp, at=T0 + timedelta(days=1))
    assert info.value.codes == ("unmet_requirement", "unmet_requirement")
    assert info.value.unmet == ("no_duplicate_customers", "profile_fit")
    assert {r.stage for r in info.value.reasons} == {"prospect_list"}
    assert p.can_advance(opp).missing == ("no_duplicate_customers", "profile_fit")
    # the bare preset moves the same deal on
    bare = presets.get("complex", checklists=False)
    assert bare.advance(opp, at=T0 + timedelta(days=1)).stage == "book_visit"
    # ticking the items opens the gate
    ticked = _tick_required(p, opp, T0 + timedelta(hours=1))
    assert p.advance(ticked, at=T0 + timedelta(days=1)).stage == "book_visit"


@pytest.mark.parametrize("name", ["basic", "complex"])
def test_the_gated_preset_is_the_bare_one_with_its_checklists_bound(name: str) -> None:
    """get(name) == stages.bind(get(name, checklists=False), checklist preset), gating wins."""
    bare = presets.get(name, checklists=False)
    bound = bind(bare, cl.presets.get(name))
    expected = attrs.evolve(bound, policy=attrs.evolve(bare.policy, win_needs_gate=True))
    assert presets.get(name) == expected
    assert presets.get(name, checklists=True) is presets.get(name)
    assert all(s.checklist is None for s in bare.stages)
    assert not bare.policy.win_needs_gate


@pytest.mark.parametrize("name", ["seven_step", "lifecycle", "full_process"])
def test_the_flag_changes_nothing_for_presets_without_checklists(name: str) -> None:
    """Only basic and complex have checklist presets; the others are the same value either way."""
    assert presets.get(name) is presets.get(name, checklists=False)
    assert all(s.checklist is None for s in presets.get(name).stages)


def test_lifecycle_close_outcomes() -> None:
    """Lifecycle's close ends won, upgraded, paused or lost."""
    p = presets.get("lifecycle")
    opp = p.open(id="o", customer_id="c", owner="w", amount=Money("1", "CNY"), at=T0, stage="close")
    assert p.win(opp, at=T0).status is OpportunityStatus.WON
    assert p.win(opp, at=T0, outcome="upgraded").history[-1].reason == "upgraded"
    assert p.pause(opp, at=T0).status is OpportunityStatus.PAUSED
    assert p.lose(opp, reason="competitor", at=T0).status is OpportunityStatus.LOST
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
        for reason in DEFAULT_WON_REASONS:
            assert f"won_reason.{reason}" in catalog
        for band in scoring_presets.get("three_dimension").bands:
            assert f"recommend.{band.data['recommend']}" in catalog
        for code in ("score_too_low", "bad_fact"):
            assert f"transition.{code}" in catalog
    assert cats.label("stage.complex.gather_data", "zh-Hans") == "收集资料"


@pytest.mark.parametrize("bad", ["", "Basic", "unknown", 3, None])
def test_unknown_preset(bad: object) -> None:
    """An unknown preset name is a ValidationError naming ``name`` and the known ones."""
    with pytest.raises(ValidationError) as info:
        presets.get(bad)  # type: ignore[arg-type]
    assert info.value.paths == ("name",)
    assert "full_process" in str(info.value)


@pytest.mark.parametrize("bad", [None, 1, 0, "yes", "False"])
def test_a_non_bool_checklists_flag(bad: object) -> None:
    """checklists= must be True or False: anything else is a ValidationError naming it."""
    with pytest.raises(ValidationError) as info:
        presets.get("complex", checklists=bad)  # type: ignore[arg-type]
    assert info.value.paths == ("checklists",)
    assert repr(bad) in str(info.value) or str(bad) in str(info.value)
