"""Who can take leads: the team's members, their absences, and the team's state.

A :class:`Roster` lists the :class:`Member` salespeople, each in a team,
with a capacity (most open leads at once), a quota (a share of new leads),
what they cover (territories, industries, sources; none: any) and when
they are away. A :class:`TeamState` is what assignment remembers between
leads: each member's open leads and the weighted round-robin's credit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import attrs

from salesflow._checks import Checker, describe, freeze_mapping, require_aware, to_tuple
from salesflow.frozen import EMPTY
from salesflow.records import Industry, LeadSource

__all__ = ["Absence", "Member", "Roster", "TeamState"]


@attrs.frozen(slots=True, kw_only=True)
class Absence:
    """A span a member is away: from ``start`` (included) to ``end`` (excluded)."""

    start: datetime
    end: datetime
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("Absence")
        start_ok = check.aware("start", self.start)
        end_ok = check.aware("end", self.end)
        check.text("reason", self.reason, allow_empty=True)
        if start_ok and end_ok and self.end <= self.start:
            check.add("end", f"{self.end.isoformat()} is not after start {self.start.isoformat()}")
        check.done()

    def covers(self, at: datetime) -> bool:
        """Whether the member is away at ``at``."""
        require_aware("Absence.covers", "at", at)
        return self.start <= at < self.end


@attrs.frozen(slots=True, kw_only=True)
class Member:
    """A salesperson who may take leads.

    ``capacity`` is the most open leads they hold at once (``None``: no
    limit), ``quota`` their share of new leads under quota weighting.
    ``territories``, ``industries`` and ``sources`` are what they cover
    (empty: anything). ``active`` is false for someone who takes no leads
    at all (left the team, on long leave).
    """

    id: str
    team: str
    capacity: int | None = None
    quota: int = 1
    territories: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    industries: tuple[Industry, ...] = attrs.field(default=(), converter=to_tuple)
    sources: tuple[LeadSource, ...] = attrs.field(default=(), converter=to_tuple)
    away: tuple[Absence, ...] = attrs.field(default=(), converter=to_tuple)
    active: bool = True

    def __attrs_post_init__(self) -> None:
        check = Checker("Member")
        check.text("id", self.id)
        check.text("team", self.team)
        check.integer("capacity", self.capacity, low=0, optional=True)
        check.integer("quota", self.quota, low=0)
        if check.items("territories", self.territories, str, "territory names"):
            for i, t in enumerate(self.territories):
                check.text(f"territories[{i}]", t)
        check.enum_tuple_field(self, "industries", Industry)
        check.enum_tuple_field(self, "sources", LeadSource)
        check.items("away", self.away, Absence, "Absence")
        check.instance("active", self.active, bool, "true or false")
        check.done()

    def is_away(self, at: datetime) -> bool:
        """Whether the member is away (or inactive) at ``at``."""
        return not self.active or any(a.covers(at) for a in self.away)


@attrs.frozen(slots=True, kw_only=True)
class Roster:
    """The members who may take leads, in a fixed order (it breaks ties)."""

    members: tuple[Member, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("Roster")
        if check.items("members", self.members, Member, "Member"):
            check.unique("members", (m.id for m in self.members), "member id")
        check.done()

    @property
    def ids(self) -> tuple[str, ...]:
        """The members' ids, in order."""
        return tuple(m.id for m in self.members)

    @property
    def teams(self) -> tuple[str, ...]:
        """The teams, in order of first appearance."""
        return tuple(dict.fromkeys(m.team for m in self.members))


def _counts() -> Mapping[str, int]:
    return EMPTY


def _check_counts(check: Checker, name: str, value: object, *, low: int | None) -> None:
    if not isinstance(value, Mapping):
        check.add(name, f"expected a mapping of member ids to whole numbers, got {describe(value)}")
        return
    for key, n in value.items():
        if not isinstance(key, str) or not key.strip():
            check.add(name, f"key {describe(key)} is not a member id")
        else:
            check.integer(f"{name}[{key!r}]", n, low=low)


@attrs.frozen(slots=True, kw_only=True)
class TeamState:
    """What assignment remembers: open leads per member, the round-robin's credit, totals.

    ``open_leads`` is each member's current load (compared with their
    capacity); ``credit`` the weighted round-robin's running credit (how far
    each member is behind their share); ``assigned`` how many leads each has
    been given. A member missing from a mapping counts as 0.
    """

    open_leads: Mapping[str, int] = attrs.field(
        factory=_counts, converter=freeze_mapping, hash=False
    )
    credit: Mapping[str, int] = attrs.field(factory=_counts, converter=freeze_mapping, hash=False)
    assigned: Mapping[str, int] = attrs.field(factory=_counts, converter=freeze_mapping, hash=False)

    def __attrs_post_init__(self) -> None:
        check = Checker("TeamState")
        _check_counts(check, "open_leads", self.open_leads, low=0)
        _check_counts(check, "credit", self.credit, low=None)
        _check_counts(check, "assigned", self.assigned, low=0)
        check.done()

    def closed(self, member: str) -> TeamState:
        """The state after one of ``member``'s open leads is closed (converted or dropped)."""
        check = Checker("TeamState.closed")
        check.text("member", member)
        check.done()
        load = self.open_leads.get(member, 0)
        return attrs.evolve(self, open_leads={**self.open_leads, member: max(load - 1, 0)})
