"""Assignment: rules as data, fair shares, no lead to one unable to take it, the 24-hour rule."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    DefinitionError,
    Industry,
    Lead,
    LeadSource,
    LeadStatus,
    Priority,
    SalesflowError,
    ValidationError,
)
from salesflow.cadence import ObligationStatus, Team, Tracker
from salesflow.cadence import presets as cadence_presets
from salesflow.frontdesk import (
    Absence,
    AssignmentOutcome,
    AssignmentRules,
    Member,
    Roster,
    Route,
    RouteField,
    SkipReason,
    TeamState,
    Weighting,
    assign,
    assign_all,
)
from tests import frontdesk_day as day
from tests import strategies as sst

AT = day.at(2, 9)


def _lead(i: int, **fields: object) -> Lead:
    values: dict[str, object] = {
        "id": f"l-{i:03d}",
        "customer_name": f"Prospect {i}",
        "created_at": AT,
        "source": LeadSource.WEBSITE_FORM,
    }
    values.update(fields)
    return Lead(**values)  # type: ignore[arg-type]


@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=5),
    st.integers(1, 120),
    st.sampled_from([Weighting.QUOTA, Weighting.CAPACITY, Weighting.EQUAL]),
)
def test_fair_shares_over_many_leads(weights: list[int], n: int, weighting: Weighting) -> None:
    """After every lead, nobody's count is off their weighted share by more than one lead."""
    roster = Roster(
        members=[
            Member(id=f"m{i}", team="t", quota=w, capacity=w * 1000) for i, w in enumerate(weights)
        ]
    )
    rules = AssignmentRules(weighting=weighting)
    used = [1] * len(weights) if weighting is Weighting.EQUAL else weights
    total = sum(used)
    batch = assign_all([_lead(i) for i in range(n)], roster=roster, rules=rules, at=AT)
    counts = dict.fromkeys(roster.ids, 0)
    for k, a in enumerate(batch.assignments, start=1):
        assert a.owner is not None
        counts[a.owner] += 1
        for i, member in enumerate(roster.ids):
            assert abs(counts[member] - k * used[i] / total) <= 1
    assert dict(batch.state.assigned) == {m: c for m, c in counts.items() if c}


@given(
    sst.rosters,
    sst.assignment_rules,
    sst.team_states,
    st.lists(sst.leads(), max_size=6, unique_by=lambda x: x.id),
)
def test_no_lead_goes_to_someone_unable_to_take_it(
    roster: Roster, rules: AssignmentRules, state: TeamState, leads: list[Lead]
) -> None:
    """An owner from the roster is present, under capacity, covers the lead and has a share;
    the same inputs give the same answer."""
    if any(m.capacity is None for m in roster.members):
        rules = attrs.evolve(rules, weighting=Weighting.QUOTA)
    fresh = [
        attrs.evolve(
            x,
            status=LeadStatus.NEW,
            owner=None,
            assigned_at=None,
            converted_at=None,
            converted_customer_id=None,
            converted_contact_id=None,
            converted_opportunity_id=None,
            disqualified_reason=None,
        )
        for x in leads
    ]
    at = day.at(9, 12)
    fresh = [
        attrs.evolve(x, created_at=min(x.created_at, at), intent=attrs.evolve(x.intent, marks=()))
        for x in fresh
    ]
    batch = assign_all(fresh, roster=roster, rules=rules, at=at, state=state)
    assert batch == assign_all(fresh, roster=roster, rules=rules, at=at, state=state)
    members = {m.id: m for m in roster.members}
    current = state
    for a in batch.assignments:
        if a.outcome is AssignmentOutcome.ASSIGNED:
            m = members[a.owner]  # type: ignore[index]
            assert not m.is_away(at)
            assert m.capacity is None or current.open_leads.get(m.id, 0) < m.capacity
            assert not m.territories or a.lead.territory in m.territories
            assert not m.industries or a.lead.industry in m.industries
            assert not m.sources or a.lead.source in m.sources
            team = next(
                (r.team for r in rules.routes if _fact(a.lead, r.field) in r.values),
                rules.default_team,
            )
            assert team is None or m.team == team
            assert a.lead.owner == m.id
            assert a.lead.status is LeadStatus.ASSIGNED
        elif a.outcome is AssignmentOutcome.FALLBACK:
            assert a.lead.priority is Priority.HIGH
            assert a.owner == rules.fallback
        else:
            assert a.lead.owner is None
        current = a.state


def _fact(lead: Lead, field: RouteField) -> str | None:
    if field is RouteField.TERRITORY:
        return lead.territory
    if field is RouteField.INDUSTRY:
        return None if lead.industry is None else lead.industry.value
    return lead.source.value


def test_routes_pick_the_team_and_people_away_are_skipped() -> None:
    roster = Roster(
        members=[
            Member(id="li.na", team="east", territories=("sh",)),
            Member(
                id="wu.gang",
                team="east",
                away=(Absence(start=day.at(1, 0), end=day.at(6, 0), reason="leave"),),
            ),
            Member(id="zhao.min", team="factory", industries=(Industry.MANUFACTURING,)),
            Member(id="sun.li", team="east", capacity=1),
        ]
    )
    rules = AssignmentRules(
        routes=[Route(field=RouteField.INDUSTRY, values=("manufacturing",), team="factory")],
        default_team="east",
    )
    factory = assign(_lead(1, industry=Industry.MANUFACTURING), roster=roster, rules=rules, at=AT)
    assert factory.owner == "zhao.min"
    assert factory.team == "factory"
    shanghai = assign(_lead(2, territory="sh"), roster=roster, rules=rules, at=AT)
    assert shanghai.owner == "li.na"
    assert [(s.member, s.reason) for s in shanghai.skipped] == [("wu.gang", SkipReason.AWAY)]
    beijing = assign(
        _lead(3, territory="bj"), roster=roster, rules=rules, at=AT, state=shanghai.state
    )
    assert beijing.owner == "sun.li"
    full = assign(_lead(4, territory="bj"), roster=roster, rules=rules, at=AT, state=beijing.state)
    assert full.outcome is AssignmentOutcome.WAITING
    assert full.lead == _lead(4, territory="bj")
    assert {s.member: s.reason for s in full.skipped} == {
        "li.na": SkipReason.NOT_COVERED,
        "wu.gang": SkipReason.AWAY,
        "sun.li": SkipReason.FULL,
    }
    assert full.state == beijing.state
    freed = beijing.state.closed("sun.li")
    assert (
        assign(_lead(4, territory="bj"), roster=roster, rules=rules, at=AT, state=freed).owner
        == "sun.li"
    )


def test_the_high_priority_owner_rule() -> None:
    """A high-priority lead goes first, is due within 24 hours, falls back when none can take it."""
    due = cadence_presets.get("high_priority_lead_owner").due
    assert due is not None
    assert due.amount == AssignmentRules().high_priority_within_hours
    roster = Roster(members=[Member(id="li.na", team="east", capacity=1)])
    rules = AssignmentRules(fallback="manager.qian")
    normal = _lead(1, created_at=AT - timedelta(hours=5))
    urgent = _lead(2, priority=Priority.HIGH, created_at=AT - timedelta(hours=1))
    urgent_too = _lead(3, priority=Priority.HIGH, created_at=AT - timedelta(hours=30))
    batch = assign_all([normal, urgent, urgent_too], roster=roster, rules=rules, at=AT)
    assert [(a.lead.id, a.outcome, a.owner) for a in batch.assignments] == [
        ("l-003", AssignmentOutcome.ASSIGNED, "li.na"),
        ("l-002", AssignmentOutcome.FALLBACK, "manager.qian"),
        ("l-001", AssignmentOutcome.WAITING, None),
    ]
    assert batch.assignments[0].on_time is False
    assert batch.assignments[1].on_time is True
    assert batch.assignments[1].due_at == urgent.created_at + timedelta(hours=24)
    assert batch.assignments[2].due_at is None
    assert batch.waiting == (normal,)
    # the time rule sees the fallback's assignment as met on time
    tracker = Tracker(
        [cadence_presets.get("high_priority_lead_owner")],
        leads=list(batch.leads),
        team=Team(roles={"sales_manager": "manager.qian"}),
    )
    statuses = {o.record_id: o.status for o in tracker.obligations(at=AT + timedelta(hours=1))}
    assert statuses["l-002"] is ObligationStatus.MET_ON_TIME
    assert statuses["l-003"] is ObligationStatus.MET_LATE


def test_bad_assignment_input_is_refused_and_changes_nothing() -> None:
    roster = Roster(members=[Member(id="li.na", team="east")])
    owned = _lead(1, owner="wu.gang", status=LeadStatus.ASSIGNED)
    with pytest.raises(ValidationError) as info:
        assign(owned, roster=[], rules=None, at=AT.replace(tzinfo=None), state={})  # type: ignore[arg-type]
    assert info.value.paths == ("at", "lead.owner", "roster", "rules", "state")
    with pytest.raises(ValidationError) as info:
        assign(_lead(1), roster=roster, rules=AssignmentRules(), at=AT - timedelta(days=1))
    assert info.value.paths == ("at",)
    with pytest.raises(ValidationError) as info:
        assign_all(
            [_lead(1), _lead(1), "l-2"],  # type: ignore[list-item]
            roster=roster,
            rules=AssignmentRules(weighting=Weighting.CAPACITY),
            at=AT,
        )
    assert info.value.paths == ("leads[2]", "leads[1]", "roster.members[0].capacity")
    with pytest.raises(ValidationError) as info:
        assign_all(7, roster=roster, rules=AssignmentRules(), at=AT)  # type: ignore[arg-type]
    assert info.value.paths == ("leads",)
    with pytest.raises(DefinitionError) as info:
        AssignmentRules(
            routes=["x"],
            weighting="random",  # type: ignore[arg-type]
            high_priority_within_hours=0,
        )
    assert info.value.paths == ("routes[0]", "weighting", "high_priority_within_hours")
    with pytest.raises(DefinitionError) as info:
        Route(field="city", values=(), team="")  # type: ignore[arg-type]
    assert info.value.paths == ("field", "values", "team")
    with pytest.raises(ValidationError) as info:
        Member(id="m", team="t", capacity=-1, quota=-2, industries=("steel",), away=("x",))
    assert info.value.paths == ("capacity", "quota", "industries[0]", "away[0]")
    with pytest.raises(ValidationError) as info:
        Absence(start=AT, end=AT)
    assert info.value.paths == ("end",)
    with pytest.raises(ValidationError) as info:
        TeamState(open_leads={"m": -1}, credit=[], assigned={"": 1})
    assert info.value.paths == ("open_leads['m']", "credit", "assigned")
    with pytest.raises(ValidationError) as info:
        Roster(members=[Member(id="m", team="t"), Member(id="m", team="u")])
    assert info.value.paths == ("members[1]",)


garbage = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=4),
    st.lists(st.none(), max_size=2),
    sst.naive_datetimes,
)


@given(garbage, garbage, garbage, garbage)
def test_only_salesflow_errors_escape(a: object, b: object, c: object, d: object) -> None:
    """Whatever the arguments, assignment returns or raises a SalesflowError."""
    calls: list[Callable[[], object]] = [
        lambda: assign(a, roster=b, rules=c, at=d),  # type: ignore[arg-type]
        lambda: assign(_lead(1), roster=Roster(), rules=AssignmentRules(), at=a, state=b),  # type: ignore[arg-type]
        lambda: assign_all(a, roster=Roster(), rules=AssignmentRules(), at=AT),  # type: ignore[arg-type]
        lambda: TeamState().closed(a),  # type: ignore[arg-type]
    ]
    for call in calls:
        with contextlib.suppress(SalesflowError):
            call()
