"""The stakeholder map record: closed vocabularies, checked lines, the support ladder as history."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import SalesflowError, ValidationError, from_dict, from_json, to_dict, to_json
from salesflow.locales import default_catalogs, enum_key
from salesflow.people import (
    BuyingRole,
    Concern,
    LadderStep,
    Profile,
    Stakeholder,
    StakeholderMap,
    Stance,
    SupportBehaviour,
    SupportTier,
)
from tests import strategies as sst

ZHOU = Stakeholder(
    id="p-zhou",
    name="Zhou Heng",
    title="General Manager",
    roles=[BuyingRole.DECISION_MAKER, BuyingRole.APPROVER],
    concern=Concern.BUSINESS,
    stance=Stance.NEUTRAL,
    influence=5,
)
XU = Stakeholder(
    id="p-xu",
    name="Xu Min",
    roles=["evaluator"],
    stance="coach",
    reports_to="p-zhou",
    influences=["p-zhou"],
)
MAP = StakeholderMap(opportunity_id="o-1", stakeholders=[ZHOU, XU])


# -- properties ---------------------------------------------------------------------


@given(sst.stakeholder_maps())
def test_a_map_survives_to_dict_json_pickle_and_deepcopy(deal_map: StakeholderMap) -> None:
    assert from_dict(StakeholderMap, to_dict(deal_map)) == deal_map
    assert from_json(StakeholderMap, to_json(deal_map)) == deal_map
    assert json.loads(json.dumps(to_dict(deal_map))) == to_dict(deal_map)
    assert pickle.loads(pickle.dumps(deal_map)) == deal_map
    assert copy.deepcopy(deal_map) == deal_map


@given(sst.ladders())
def test_a_ladder_history_is_ordered_and_its_moves_follow_it(steps: tuple[LadderStep, ...]) -> None:
    """Every valid ladder runs in date order; each move is a change, in the same order."""
    person = Stakeholder(id="p", name="P", ladder=steps)
    days = [s.on for s in person.ladder]
    assert days == sorted(days)
    assert len(set(days)) == len(days)
    moves = person.moves
    assert [m.on for m in moves] == sorted(m.on for m in moves)
    assert all(m.before != m.after for m in moves)
    assert person.position() == (steps[-1].behaviour if steps else None)
    for step in steps:
        assert person.position(step.on) == step.behaviour


@given(sst.ladders(max_size=4), st.data())
def test_a_ladder_out_of_order_is_refused_at_its_path(
    steps: tuple[LadderStep, ...], data: st.DataObject
) -> None:
    if len(steps) < 2:
        return
    i = data.draw(st.integers(1, len(steps) - 1))
    shuffled = list(steps)
    shuffled[i - 1], shuffled[i] = shuffled[i], shuffled[i - 1]
    with pytest.raises(ValidationError) as info:
        Stakeholder(id="p", name="P", ladder=shuffled)
    assert f"ladder[{i}].on" in info.value.paths


@given(sst.stakeholder_maps(), st.data())
def test_removing_a_contact_leaves_a_valid_map_without_lines_to_them(
    deal_map: StakeholderMap, data: st.DataObject
) -> None:
    if not deal_map.stakeholders:
        return
    gone = data.draw(st.sampled_from(deal_map.ids))
    smaller = deal_map.without(gone)
    assert gone not in smaller
    assert len(smaller) == len(deal_map) - 1
    assert all(s.reports_to != gone and gone not in s.influences for s in smaller.stakeholders)


# -- the vocabularies ---------------------------------------------------------------


def test_the_ladder_has_fifteen_behaviours_in_three_tiers_of_five() -> None:
    behaviours = list(SupportBehaviour)
    assert len(behaviours) == 15
    assert [b.rank for b in behaviours] == list(range(1, 16))
    for tier in SupportTier:
        assert sum(b.tier is tier for b in behaviours) == 5
    assert SupportBehaviour.SEES_NEED.tier is SupportTier.OPEN
    assert SupportBehaviour.PREFERS_PRIVATELY.tier is SupportTier.PREFERS
    assert SupportBehaviour.SELLS_FOR_US.tier is SupportTier.SPONSORS
    assert [t.rank for t in SupportTier] == [1, 2, 3]


def test_stances_are_favourable_opposed_or_neither() -> None:
    assert {s for s in Stance if s.is_favourable} == {Stance.SUPPORTER, Stance.COACH}
    assert {s for s in Stance if s.is_opposed} == {Stance.NON_SUPPORTER, Stance.ENEMY}


@pytest.mark.parametrize("kind", [BuyingRole, Concern, Stance, SupportTier, SupportBehaviour])
def test_every_member_has_a_label_in_both_languages(kind: Any) -> None:
    cats = default_catalogs()
    for member in kind:
        key = enum_key(member)
        assert key in cats.catalogs["en"]
        assert key in cats.catalogs["zh-Hans"]


# -- reading and changing --------------------------------------------------------------


def test_the_map_answers_who_is_who() -> None:
    assert MAP.ids == ("p-zhou", "p-xu")
    assert MAP.decision_makers == (ZHOU,)
    assert MAP.with_role("approver") == (ZHOU,)
    assert MAP.with_role(BuyingRole.USER) == ()
    assert [s.id for s in MAP.supporters] == ["p-xu"] == [s.id for s in MAP.coaches]
    assert MAP.opponents == ()
    assert MAP.stances_known
    assert not StakeholderMap(opportunity_id="o-1").stances_known
    assert MAP.stakeholder("p-xu") is XU
    assert "p-xu" in MAP
    assert "p-li" not in MAP


def test_plain_strings_become_the_enums() -> None:
    assert XU.roles == (BuyingRole.EVALUATOR,)
    assert XU.stance is Stance.COACH
    step = LadderStep(on=date(2026, 3, 1), behaviour="sees_need")
    assert step.behaviour is SupportBehaviour.SEES_NEED
    assert step.rank == 1
    assert LadderStep(on=date(2026, 3, 1), behaviour=None).rank == 0


def test_moving_on_the_ladder_is_history() -> None:
    m = MAP.moved("p-zhou", behaviour="agrees_possible", on=date(2026, 2, 1))
    m = m.moved("p-zhou", behaviour=SupportBehaviour.PREFERS_PRIVATELY, on=date(2026, 3, 1))
    m = m.moved("p-zhou", behaviour="invests_time", on=date(2026, 3, 10), note="went quiet")
    zhou = m.stakeholder("p-zhou")
    assert [x.direction for x in zhou.moves] == [1, 1, -1]
    assert zhou.position(date(2026, 3, 5)) is SupportBehaviour.PREFERS_PRIVATELY
    assert zhou.tier(date(2026, 3, 5)) is SupportTier.PREFERS
    assert zhou.tier() is SupportTier.OPEN
    assert zhou.position(date(2026, 1, 1)) is None
    assert MAP.stakeholder("p-zhou").ladder == ()  # the old value is unchanged
    with pytest.raises(ValidationError) as info:
        m.moved("p-zhou", behaviour="sees_need", on=date(2026, 3, 10))
    assert info.value.paths == ("ladder[3].on",)


def test_meeting_a_contact_keeps_the_latest_date_and_may_change_the_owner() -> None:
    m = MAP.met("p-xu", on=date(2026, 3, 10), by="li.na")
    assert m.stakeholder("p-xu").last_met == date(2026, 3, 10)
    assert m.stakeholder("p-xu").owner == "li.na"
    earlier = m.met("p-xu", on=date(2026, 3, 1))
    assert earlier.stakeholder("p-xu").last_met == date(2026, 3, 10)
    assert earlier.stakeholder("p-xu").owner == "li.na"


def test_with_stakeholder_adds_or_replaces() -> None:
    li = Stakeholder(id="p-li", name="Li Wei", roles=["user"], reports_to="p-xu")
    bigger = MAP.with_stakeholder(li)
    assert bigger.ids == ("p-zhou", "p-xu", "p-li")
    replaced = bigger.with_stakeholder(attrs.evolve(XU, stance=Stance.ENEMY))
    assert replaced.ids == bigger.ids
    assert replaced.stakeholder("p-xu").stance is Stance.ENEMY


def test_a_profile_holds_the_personal_file() -> None:
    profile = Profile(
        company="Hengtai Machinery",
        education="MBA",
        born=date(1972, 5, 1),
        email="zhou.heng@hengtai.example",
        interests=["calligraphy"],
        responsibilities=["Capital spending", "Plant safety"],
        product_criteria=["Uptime above 98%"],
        business_criteria=["Payback within three years"],
        agenda="Wants the second line running before the board meets",
    )
    person = attrs.evolve(ZHOU, profile=profile)
    assert from_dict(Stakeholder, to_dict(person)) == person


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "paths"),
    [
        ({"id": ""}, ("id",)),
        ({"name": 5}, ("name",)),
        ({"roles": ["decision_maker", "boss"]}, ("roles[1]",)),
        ({"roles": ["user", "user"]}, ("roles[1]",)),
        ({"roles": "user"}, ("roles",)),
        ({"stance": "Supporter"}, ("stance",)),
        ({"stance": "bogus", "concern": "money"}, ("concern", "stance")),
        ({"influence": 0}, ("influence",)),
        ({"influence": 6}, ("influence",)),
        ({"influence": True}, ("influence",)),
        ({"reports_to": "p"}, ("reports_to",)),
        ({"influences": ["p"]}, ("influences[0]",)),
        ({"influences": ["q", "q"]}, ("influences[1]",)),
        ({"last_met": "2026-03-01"}, ("last_met",)),
        ({"ladder": [{"on": "2026-03-01"}]}, ("ladder[0]",)),
        ({"profile": {}}, ("profile",)),
    ],
)
def test_a_bad_stakeholder_names_each_path(changes: dict[str, Any], paths: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as info:
        Stakeholder(**{"id": "p", "name": "P", **changes})
    assert tuple(sorted(info.value.paths)) == tuple(sorted(paths))


def test_a_bad_stance_names_the_values_expected() -> None:
    with pytest.raises(ValidationError) as info:
        Stakeholder(id="p", name="P", stance="Supporter")
    for stance in Stance:
        assert repr(stance.value) in str(info.value)


@pytest.mark.parametrize(
    ("people", "paths"),
    [
        ([ZHOU, ZHOU], ("stakeholders[1]",)),
        ([XU], ("stakeholders[0].reports_to", "stakeholders[0].influences[0]")),
        (
            [attrs.evolve(ZHOU, reports_to="p-xu"), XU],
            ("stakeholders[0].reports_to", "stakeholders[1].reports_to"),
        ),
        ([ZHOU, "p-xu"], ("stakeholders[1]",)),
    ],
)
def test_a_bad_map_names_each_path(people: list[Any], paths: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as info:
        StakeholderMap(opportunity_id="o-1", stakeholders=people)
    assert info.value.paths == paths


def test_from_dict_reports_every_bad_path() -> None:
    data = {
        "opportunity_id": "o-1",
        "stakeholders": [
            {"id": "p1", "name": "A", "roles": ["boss"], "stance": "Supporter"},
            {"id": "p2", "name": "B", "ladder": [{"on": "2026-13-01", "behaviour": "x"}]},
            {"id": "p3", "name": "C", "colour": "red"},
        ],
    }
    with pytest.raises(ValidationError) as info:
        from_dict(StakeholderMap, data)
    assert set(info.value.paths) == {
        "stakeholders[0].roles[0]",
        "stakeholders[0].stance",
        "stakeholders[1].ladder[0].on",
        "stakeholders[1].ladder[0].behaviour",
        "stakeholders[2].colour",
    }


ANY_MAP: Any = MAP  # bad arguments on purpose
ANY_ZHOU: Any = ZHOU


@pytest.mark.parametrize(
    "call",
    [
        lambda: ANY_MAP.stakeholder("p-li"),
        lambda: ANY_MAP.stakeholder(None),
        lambda: ANY_MAP.with_role("boss"),
        lambda: ANY_MAP.with_role([]),
        lambda: ANY_MAP.with_stakeholder("p-li"),
        lambda: ANY_MAP.without("p-li"),
        lambda: ANY_MAP.moved("p-li", behaviour="sees_need", on=date(2026, 3, 1)),
        lambda: ANY_MAP.moved("p-xu", behaviour="top", on=date(2026, 3, 1)),
        lambda: ANY_MAP.moved("p-xu", behaviour="sees_need", on="2026-03-01"),
        lambda: ANY_MAP.met("p-xu", on="yesterday"),
        lambda: ANY_MAP.met("p-xu", on=date(2026, 3, 1), by=""),
        lambda: ANY_MAP.with_stakeholder(attrs.evolve(ZHOU, reports_to="p-li")),
        lambda: ANY_ZHOU.position("2026-03-01"),
    ],
)
def test_bad_calls_raise_a_salesflow_error_and_change_nothing(call: Any) -> None:
    before = to_dict(MAP)
    with pytest.raises(SalesflowError):
        call()
    assert to_dict(MAP) == before
