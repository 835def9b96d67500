"""What assignment gives back: who took the lead, who could not and why, and the new state."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.frontdesk._roster import TeamState
from salesflow.records import Lead

__all__ = ["Assignment", "AssignmentOutcome", "Batch", "Skip", "SkipReason"]


class AssignmentOutcome(StrEnum):
    """Assigned to a member, to the fallback (a high-priority lead none could take), or waiting."""

    ASSIGNED = "assigned"
    FALLBACK = "fallback"
    WAITING = "waiting"


class SkipReason(StrEnum):
    """Why a member of the team could not take the lead."""

    AWAY = "away"
    FULL = "full"
    NOT_COVERED = "not_covered"
    NO_SHARE = "no_share"


@attrs.frozen(slots=True, kw_only=True)
class Skip:
    """A member passed over, and why."""

    member: str
    reason: SkipReason

    def __attrs_post_init__(self) -> None:
        check = Checker("Skip")
        check.text("member", self.member)
        check.enum_field(self, "reason", SkipReason)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Assignment:
    """One lead's assignment.

    ``lead`` is the lead afterwards (with its owner, ``assigned_at`` and
    status assigned; unchanged when waiting). ``team`` is the team the rules
    chose (``None``: every member). ``due_at`` is when a high-priority lead
    must have an owner, and ``on_time`` whether it got one by then (both
    ``None`` for other leads, and ``on_time`` for a waiting lead). ``state``
    is the team's state after this lead.
    """

    lead: Lead
    outcome: AssignmentOutcome
    state: TeamState
    owner: str | None = None
    team: str | None = None
    skipped: tuple[Skip, ...] = attrs.field(default=(), converter=to_tuple)
    due_at: datetime | None = None
    on_time: bool | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Assignment")
        check.instance("lead", self.lead, Lead, "a Lead")
        outcome_ok = check.enum_field(self, "outcome", AssignmentOutcome)
        check.instance("state", self.state, TeamState, "a TeamState")
        owner_ok = check.optional_text("owner", self.owner)
        check.optional_text("team", self.team)
        check.items("skipped", self.skipped, Skip, "Skip")
        check.aware("due_at", self.due_at, optional=True)
        if self.on_time is not None:
            check.instance("on_time", self.on_time, bool, "true, false or None")
        if outcome_ok and owner_ok:
            waiting = self.outcome is AssignmentOutcome.WAITING
            if waiting != (self.owner is None):
                check.add("owner", "a waiting lead has no owner; an assigned one has one")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Batch:
    """Several leads' assignments, in the order they were made, and the final state."""

    assignments: tuple[Assignment, ...] = attrs.field(converter=to_tuple)
    state: TeamState

    def __attrs_post_init__(self) -> None:
        check = Checker("Batch")
        check.items("assignments", self.assignments, Assignment, "Assignment")
        check.instance("state", self.state, TeamState, "a TeamState")
        check.done()

    @property
    def leads(self) -> tuple[Lead, ...]:
        """The leads afterwards, in the order they were assigned."""
        return tuple(a.lead for a in self.assignments)

    @property
    def waiting(self) -> tuple[Lead, ...]:
        """The leads nobody could take."""
        return tuple(a.lead for a in self.assignments if a.outcome is AssignmentOutcome.WAITING)
