"""What the map says: coverage gaps and the political strength the 20-criterion sheet reads."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import DefinitionError, SalesflowError, ValidationError, from_dict, to_dict
from salesflow.locales import default_catalogs, enum_key
from salesflow.people import (
    POLITICAL_FACTS,
    BuyingRole,
    CoverageRules,
    GapKind,
    Stakeholder,
    StakeholderMap,
    Stance,
    StrengthRules,
    SupportBehaviour,
    coverage,
    strength,
)
from salesflow.scoring import presets as scoring_presets
from tests import strategies as sst

AT = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
ZHOU = Stakeholder(
    id="p-zhou",
    name="Zhou Heng",
    roles=["decision_maker"],
    stance="supporter",
    influence=5,
    last_met=date(2026, 3, 10),
)
XU = Stakeholder(
    id="p-xu",
    name="Xu Min",
    roles=["evaluator", "user"],
    stance="coach",
    influence=3,
    reports_to="p-zhou",
    last_met=date(2026, 1, 5),
)
SUN = Stakeholder(id="p-sun", name="Sun Li", roles=["approver"], stance="enemy", influence=4)
MAP = StakeholderMap(opportunity_id="o-1", stakeholders=[ZHOU, XU, SUN])


# -- coverage -------------------------------------------------------------------------


def test_the_gaps_of_a_map_in_order() -> None:
    found = coverage(MAP, at=AT)
    assert [(g.kind, g.contact_id) for g in found.gaps] == [
        (GapKind.NOT_MET, "p-xu"),
        (GapKind.NOT_MET, "p-sun"),
    ]
    assert found.gaps[0].days == 70
    assert found.gaps[1].days is None
    assert found.covered == frozenset(BuyingRole)
    assert found.holders[BuyingRole.USER] == ("p-xu",)
    assert found.has_coach
    assert found.has_supporter
    assert not found.complete
    assert found.gaps[0].label() == "No one has met Xu Min for 70 days"
    assert found.gaps[1].label("zh-Hans") == "尚无人与 Sun Li 会面"


def test_an_empty_map_misses_every_role_and_a_coach() -> None:
    found = coverage(StakeholderMap(opportunity_id="o-1"), at=AT)
    assert found.missing_roles == tuple(BuyingRole)
    assert [g.kind for g in found.gaps][-1] is GapKind.NO_COACH
    assert found.gaps[0].label() == "No one holds the role Evaluator"
    assert found.gaps[0].label("zh-Hans") == "没有人担任“评估者”角色"
    assert found.gaps[-1].label("zh-CN") == "客户内部没有指导者"


def test_a_decision_maker_who_is_not_on_our_side_is_a_gap() -> None:
    cold = MAP.with_stakeholder(attrs.evolve(ZHOU, stance=Stance.NEUTRAL))
    gaps = coverage(cold, at=AT).gaps
    assert gaps[0].kind is GapKind.DECISION_MAKER_NOT_SUPPORTER
    assert gaps[0].label() == "Decision maker Zhou Heng is not on our side"
    unknown = MAP.with_stakeholder(attrs.evolve(ZHOU, stance=None))
    assert coverage(unknown, at=AT).gaps[0].contact_id == "p-zhou"


def test_the_rules_are_data_with_defaults() -> None:
    rules = CoverageRules(roles=["decision_maker"], need_coach=False, stale_after_days=90)
    no_coach = MAP.with_stakeholder(attrs.evolve(XU, stance=Stance.SUPPORTER))
    assert [g.contact_id for g in coverage(no_coach, at=AT, rules=rules).gaps] == ["p-sun"]
    assert CoverageRules().stale_after_days == 30
    assert from_dict(CoverageRules, to_dict(rules)) == rules
    assert to_dict(CoverageRules()) == {
        "roles": ["evaluator", "approver", "decision_maker", "user"],
        "need_coach": True,
        "stale_after_days": 30,
    }


@given(sst.stakeholder_maps(opportunity_id="o-1"), st.data())
def test_coverage_never_improves_when_a_contact_is_removed(
    deal_map: StakeholderMap, data: st.DataObject
) -> None:
    """Removing a contact never fills a role, never adds a coach or a supporter,
    and every missing role and missing coach stays missing."""
    if not deal_map.stakeholders:
        return
    gone = data.draw(st.sampled_from(deal_map.ids))
    before = coverage(deal_map, at=AT)
    after = coverage(deal_map.without(gone), at=AT)
    assert after.covered <= before.covered
    assert set(before.missing_roles) <= set(after.missing_roles)
    assert after.has_coach <= before.has_coach
    assert after.has_supporter <= before.has_supporter
    whole = {GapKind.MISSING_ROLE, GapKind.NO_COACH}
    assert {g for g in before.gaps if g.kind in whole} <= {g for g in after.gaps if g.kind in whole}


@given(sst.stakeholder_maps())
def test_every_gap_says_itself_in_both_languages(deal_map: StakeholderMap) -> None:
    for gap in coverage(deal_map, at=AT).gaps:
        assert gap.label("en").strip()
        assert gap.label("zh-Hans").strip()


def test_every_gap_kind_has_a_label_in_both_languages() -> None:
    cats = default_catalogs()
    for kind in GapKind:
        assert enum_key(kind) in cats.catalogs["en"]
        assert enum_key(kind) in cats.catalogs["zh-Hans"]


# -- strength -----------------------------------------------------------------------------


def _aligned(deal_map: StakeholderMap, behaviour: str) -> StakeholderMap:
    return deal_map.moved("p-zhou", behaviour=behaviour, on=date(2026, 3, 1))


def test_the_political_facts_of_a_map() -> None:
    found = strength(_aligned(MAP, "prefers_publicly"), at=AT)
    assert found.facts == {
        "supporters_strong": True,
        "informal_process_known": True,
        "political_alignment_strong": True,
    }
    assert found.strong_supporters == ("p-zhou",)
    low = strength(_aligned(MAP, "invests_time"), at=AT)
    assert low.political_alignment_strong is False
    assert low.unaligned == ("p-zhou",)
    before = strength(_aligned(MAP, "prefers_publicly"), at=datetime(2026, 2, 1, tzinfo=UTC))
    assert before.political_alignment_strong is False  # not on the ladder yet then


def test_the_facts_are_what_the_twenty_criterion_sheet_reads() -> None:
    card = scoring_presets.get("rww20")
    can_we_win = scoring_presets.RWW20_QUESTIONS["can_we_win"]
    assert set(POLITICAL_FACTS) <= set(can_we_win)
    facts = strength(_aligned(MAP, "sells_for_us"), at=AT).facts
    result = card.evaluate(dict(facts))
    assert [result.levels[k] for k in POLITICAL_FACTS] == [1, 1, 1]
    assert set(result.unknown) == {c.key for c in card.criteria} - set(POLITICAL_FACTS)


def test_what_the_map_cannot_tell_is_unknown() -> None:
    empty = strength(StakeholderMap(opportunity_id="o-1"), at=AT)
    assert empty.facts == dict.fromkeys(POLITICAL_FACTS)
    no_dm = strength(StakeholderMap(opportunity_id="o-1", stakeholders=[SUN]), at=AT)
    assert no_dm.political_alignment_strong is None
    assert no_dm.supporters_strong is False


def test_weak_supporters_and_an_unknown_process() -> None:
    weak = StakeholderMap(
        opportunity_id="o-1",
        stakeholders=[attrs.evolve(ZHOU, stance="neutral"), attrs.evolve(XU, influence=None)],
    )
    found = strength(weak, at=AT)
    assert found.supporters_strong is False
    assert found.informal_process_known is False
    assert found.unknown == ("p-xu",)
    strict = StrengthRules(strong_influence=2)
    assert strength(attrs.evolve(weak), at=AT, rules=strict).supporters_strong is False
    raised = StrengthRules(aligned_from=SupportBehaviour.SELLS_FOR_US)
    assert strength(_aligned(MAP, "prefers_publicly"), at=AT, rules=raised).unaligned == ("p-zhou",)
    assert from_dict(StrengthRules, to_dict(raised)) == raised


@given(sst.stakeholder_maps())
def test_strength_facts_are_booleans_or_unknown(deal_map: StakeholderMap) -> None:
    facts = strength(deal_map, at=AT).facts
    assert tuple(facts) == POLITICAL_FACTS
    assert all(v is None or isinstance(v, bool) for v in facts.values())
    scoring_presets.get("rww20").evaluate(dict(facts))


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"roles": ["boss"]}, "roles[0]"),
        ({"roles": ["user", "user"]}, "roles[1]"),
        ({"need_coach": "yes"}, "need_coach"),
        ({"stale_after_days": -1}, "stale_after_days"),
        ({"stale_after_days": "30"}, "stale_after_days"),
    ],
)
def test_bad_coverage_rules_are_a_definition_error(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(DefinitionError) as info:
        CoverageRules(**kwargs)
    assert info.value.paths == (path,)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"strong_influence": 0}, "strong_influence"),
        ({"strong_influence": 6}, "strong_influence"),
        ({"aligned_from": "top"}, "aligned_from"),
    ],
)
def test_bad_strength_rules_are_a_definition_error(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(DefinitionError) as info:
        StrengthRules(**kwargs)
    assert info.value.paths == (path,)


@pytest.mark.parametrize("fn", [coverage, strength])
@pytest.mark.parametrize(
    ("args", "kwargs", "paths"),
    [
        (([],), {"at": AT}, ("stakeholder_map",)),
        ((MAP,), {"at": datetime(2026, 3, 16)}, ("at",)),
        ((MAP,), {"at": "2026-03-16"}, ("at",)),
        ((MAP,), {"at": AT, "rules": {"stale_after_days": 5}}, ("rules",)),
    ],
)
def test_bad_calls_name_the_path(
    fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any], paths: tuple[str, ...]
) -> None:
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    assert info.value.paths == paths


@pytest.mark.parametrize(
    ("locale", "catalogs", "path"), [("xx", None, "locale"), ("en", {}, "catalogs")]
)
def test_a_gap_label_refuses_a_bad_locale_or_catalogs(
    locale: str, catalogs: Any, path: str
) -> None:
    gap = coverage(MAP, at=AT).gaps[0]
    with pytest.raises(SalesflowError) as info:
        gap.label(locale, catalogs)
    assert isinstance(info.value, ValidationError)
    assert info.value.paths == (path,)
