"""Assigning leads: pure and deterministic given the roster, the rules and the team's state.

The rules pick the lead's team; within it, each member able to take the
lead (present, under capacity, covering the lead, with a share) earns
credit equal to their weight, the one with the most credit takes the lead
and gives back the total weight (smooth weighted round-robin): over many
leads each member's count stays within one lead of their weighted share,
and ties go to the member listed first. Nothing is random and no clock is
read: the same inputs give the same assignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from salesflow._checks import Checker, describe, to_tuple
from salesflow.frontdesk._assigned import (
    Assignment,
    AssignmentOutcome,
    Batch,
    Skip,
    SkipReason,
)
from salesflow.frontdesk._roster import Member, Roster, TeamState
from salesflow.frontdesk._routing import AssignmentRules, RouteField, Weighting
from salesflow.records import Lead, LeadStatus, Priority

__all__ = ["assign", "assign_all"]


def _fact(lead: Lead, field: RouteField) -> str | None:
    if field is RouteField.TERRITORY:
        return lead.territory
    if field is RouteField.INDUSTRY:
        return None if lead.industry is None else lead.industry.value
    return lead.source.value


def _team(lead: Lead, rules: AssignmentRules) -> str | None:
    for route in rules.routes:
        if _fact(lead, route.field) in route.values:
            return route.team
    return rules.default_team


def _weight(member: Member, weighting: Weighting) -> int:
    if weighting is Weighting.CAPACITY:
        assert member.capacity is not None
        return member.capacity
    if weighting is Weighting.QUOTA:
        return member.quota
    return 1


def _covers(member: Member, lead: Lead) -> bool:
    return (
        (not member.territories or lead.territory in member.territories)
        and (not member.industries or lead.industry in member.industries)
        and (not member.sources or lead.source in member.sources)
    )


def _why_not(
    member: Member, lead: Lead, rules: AssignmentRules, state: TeamState, at: datetime
) -> SkipReason | None:
    if member._is_away(at):
        return SkipReason.AWAY
    if member.capacity is not None and state.open_leads.get(member.id, 0) >= member.capacity:
        return SkipReason.FULL
    if not _covers(member, lead):
        return SkipReason.NOT_COVERED
    if _weight(member, rules.weighting) <= 0:
        return SkipReason.NO_SHARE
    return None


def _pick(
    lead: Lead, roster: Roster, rules: AssignmentRules, state: TeamState, at: datetime
) -> tuple[str | None, str | None, list[Skip], TeamState]:
    team = _team(lead, rules)
    able: list[tuple[Member, int]] = []
    skipped: list[Skip] = []
    for member in roster.members:
        if team is not None and member.team != team:
            continue
        why = _why_not(member, lead, rules, state, at)
        if why is None:
            able.append((member, _weight(member, rules.weighting)))
        else:
            skipped.append(Skip(member=member.id, reason=why))
    if not able:
        return None, team, skipped, state
    total = sum(w for _, w in able)
    credit = dict(state.credit)
    for member, w in able:
        credit[member.id] = credit.get(member.id, 0) + w
    chosen = max(able, key=lambda mw: credit[mw[0].id])[0].id  # max keeps the first of ties
    credit[chosen] -= total
    return chosen, team, skipped, attrs.evolve(state, credit=credit)


def _taken(state: TeamState, owner: str) -> TeamState:
    return attrs.evolve(
        state,
        open_leads={**state.open_leads, owner: state.open_leads.get(owner, 0) + 1},
        assigned={**state.assigned, owner: state.assigned.get(owner, 0) + 1},
    )


def _check_lead(check: Checker, path: str, lead: object, at: object, at_ok: bool) -> None:
    if not check.instance(path, lead, Lead, "a Lead"):
        return
    assert isinstance(lead, Lead)
    if lead.owner is not None:
        check.add(f"{path}.owner", f"the lead already has an owner ({lead.owner!r})")
    elif lead.status is not LeadStatus.NEW:
        check.add(f"{path}.status", f"a {lead.status.value} lead is not waiting for an owner")
    if at_ok and isinstance(at, datetime) and at < lead.created_at:
        check.add(
            "at", f"{at.isoformat()} is before {path}.created_at {lead.created_at.isoformat()}"
        )


def _check_setup(check: Checker, roster: object, rules: object, state: object) -> None:
    roster_ok = check.instance("roster", roster, Roster, "a Roster")
    rules_ok = check.instance("rules", rules, AssignmentRules, "AssignmentRules")
    if state is not None:
        check.instance("state", state, TeamState, "a TeamState or None")
    if roster_ok and rules_ok:
        assert isinstance(roster, Roster)
        assert isinstance(rules, AssignmentRules)
        if rules.weighting is Weighting.CAPACITY:
            for i, m in enumerate(roster.members):
                if m.capacity is None:
                    check.add(
                        f"roster.members[{i}].capacity",
                        f"weighting by capacity needs every member's capacity ({m.id!r} has none)",
                    )


def _one(
    lead: Lead, roster: Roster, rules: AssignmentRules, state: TeamState, at: datetime
) -> Assignment:
    due_at = None
    if lead.priority is Priority.HIGH:
        due_at = lead.created_at + timedelta(hours=rules.high_priority_within_hours)
    owner, team, skipped, after = _pick(lead, roster, rules, state, at)
    outcome = AssignmentOutcome.ASSIGNED
    if owner is None and due_at is not None and rules.fallback is not None:
        owner, outcome = rules.fallback, AssignmentOutcome.FALLBACK
    if owner is None:
        return Assignment(
            lead=lead,
            outcome=AssignmentOutcome.WAITING,
            state=state,
            team=team,
            skipped=skipped,
            due_at=due_at,
        )
    assigned = attrs.evolve(lead, owner=owner, assigned_at=at, status=LeadStatus.ASSIGNED)
    return Assignment(
        lead=assigned,
        outcome=outcome,
        state=_taken(after, owner),
        owner=owner,
        team=team,
        skipped=skipped,
        due_at=due_at,
        on_time=None if due_at is None else at <= due_at,
    )


def assign(
    lead: Lead,
    *,
    roster: Roster,
    rules: AssignmentRules,
    at: datetime,
    state: TeamState | None = None,
) -> Assignment:
    """Assign ``lead`` (new, without an owner) at ``at``, given the team's ``state``.

    A lead nobody can take waits (outcome ``waiting``, the lead unchanged),
    unless it is high-priority and the rules name a ``fallback``. Bad
    arguments are one :class:`~salesflow.ValidationError` naming each.
    """
    check = Checker("assign")
    at_ok = check.aware("at", at)
    _check_lead(check, "lead", lead, at, at_ok)
    _check_setup(check, roster, rules, state)
    check.done()
    return _one(lead, roster, rules, TeamState() if state is None else state, at)


def _order(leads: tuple[Lead, ...]) -> list[Lead]:
    """High-priority leads first, the one due soonest first; then the rest, oldest first."""
    return sorted(leads, key=lambda x: (x.priority is not Priority.HIGH, x.created_at, x.id))


def assign_all(
    leads: Iterable[Lead],
    *,
    roster: Roster,
    rules: AssignmentRules,
    at: datetime,
    state: TeamState | None = None,
) -> Batch:
    """Assign every lead of ``leads`` at ``at``: high-priority ones first, then oldest first.

    Each lead sees the state the previous ones left. Every bad lead or
    argument is reported at once (``leads[2].owner``), and nothing is assigned.
    """
    check = Checker("assign_all")
    at_ok = check.aware("at", at)
    batch = to_tuple(leads)
    if not isinstance(batch, tuple):
        check.add("leads", f"expected a list of leads, got {describe(leads)}")
        batch = ()
    for i, lead in enumerate(batch):
        _check_lead(check, f"leads[{i}]", lead, at, at_ok)
    check.unique(
        "leads", (x.id if isinstance(x, Lead) else f"#{i}" for i, x in enumerate(batch)), "lead id"
    )
    _check_setup(check, roster, rules, state)
    check.done()
    current = TeamState() if state is None else state
    made: list[Assignment] = []
    for lead in _order(batch):
        made.append(_one(lead, roster, rules, current, at))
        current = made[-1].state
    return Batch(assignments=tuple(made), state=current)
