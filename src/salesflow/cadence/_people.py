"""Who an obligation falls to, and to whom it escalates.

A rule falls to the record's owner or to the person who holds a role in the
:class:`~salesflow.cadence.Team`; it escalates to the assignee's manager
(else whoever holds the ``manager`` role) or to a role's holder. Both depend
on the rule, the owner and the team only, never on ``at``: the tracker
indexes each person's records by them once.
"""

from __future__ import annotations

from salesflow.cadence._rules import Team, TimeRule

__all__ = ["assignee", "escalation_target"]


def assignee(team: Team, rule: TimeRule, owner: str | None) -> str | None:
    """Who ``rule``'s obligations on a record owned by ``owner`` fall to (None: no one)."""
    if rule.falls_to == "owner":
        return owner
    return team.roles[rule.falls_to]


def escalation_target(team: Team, rule: TimeRule, assignee: str) -> str | None:
    """To whom ``rule``'s obligations of ``assignee`` escalate (None: they do not)."""
    if rule.escalate_after is None:
        return None
    if rule.escalate_to == "manager":
        return team.managers.get(assignee) or team.roles.get("manager")
    return team.roles.get(rule.escalate_to)
