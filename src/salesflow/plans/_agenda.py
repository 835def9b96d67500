"""Open actions on their owners' agendas, through the time rules.

This module is the plans area's one call site into :mod:`salesflow.cadence`.
A :class:`~salesflow.cadence.Tracker` runs its rules on the library's own
records only, so each action is presented to it as the
:class:`~salesflow.Activity` it amounts to (planned at the action's due
time, done when the action is, same id, same owner) and timed by one rule,
:func:`action_rule`: due at the action's due time, shown as due from
``remind_before`` ahead, escalated to the owner's manager ``escalate_after``
past it. The obligations are the tracker's own, so they sort and merge with
any other agenda; ``obligation.record_id`` is the action's id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from salesflow._checks import Checker, describe
from salesflow.cadence import (
    Agenda,
    Duration,
    DurationUnit,
    Obligation,
    RuleSubject,
    StartEvent,
    StopEvent,
    Team,
    TimeRule,
    Tracker,
    WorkingCalendar,
)
from salesflow.exceptions import ValidationError
from salesflow.plans._facts import Plan, _plans, plan_actions
from salesflow.records import Activity, ActivityKind

__all__ = ["ACTION_RULE_KEY", "action_rule", "agenda", "obligations"]

#: The key of the rule that times actions.
ACTION_RULE_KEY = "tactical_action_due"


def _days(n: int) -> Duration:
    return Duration(amount=n, unit=DurationUnit.DAYS)


def action_rule(
    *,
    remind_before: Duration | None = None,
    escalate_after: Duration | None = None,
    escalate: bool = True,
) -> TimeRule:
    """The time rule of actions: due at their due time.

    ``remind_before`` (default one day): shown as due from this long before.
    ``escalate_after`` (default two days): past the
    deadline plus this, escalated to the owner's manager. ``escalate=False``:
    never escalated.
    """
    check = Checker("action_rule")
    check.instance("escalate", escalate, bool, "true or false")
    check.done()
    return TimeRule(
        key=ACTION_RULE_KEY,
        label_key="plans.rule.action_due",
        subject=RuleSubject.ACTIVITY,
        start=StartEvent.VISIT_PLANNED,
        stop=StopEvent.VISIT_REPORTED,
        due=_days(0),
        remind_before=_days(1) if remind_before is None else remind_before,
        escalate_after=(_days(2) if escalate_after is None else escalate_after)
        if escalate
        else None,
    )


def _activities(plans: tuple[Plan, ...]) -> list[Activity]:
    check = Checker("plans")
    seen: dict[str, str] = {}
    out: list[Activity] = []
    for i, plan in enumerate(plans):
        for j, action in enumerate(plan_actions(plan)):
            if action.id in seen:
                check.add(
                    f"plans[{i}].actions[{j}].id",
                    f"action id {action.id!r} also in plan {seen[action.id]!r} "
                    "(action ids are distinct across the plans on one agenda)",
                )
                continue
            seen[action.id] = plan.id
            out.append(
                Activity(
                    id=action.id,
                    kind=ActivityKind.OTHER,
                    owner=action.owner,
                    subject=action.what,
                    opportunity_id=plan.opportunity_id,
                    planned_at=action.due,
                    done_at=action.done_at,
                    outcome=action.result,
                )
            )
    check.done()
    return out


def _tracker(
    where: str,
    plans: Iterable[Plan],
    rule: TimeRule | None,
    team: Team | None,
    calendar: WorkingCalendar | None,
) -> Tracker:
    found = _plans(where, plans)
    if rule is not None and not isinstance(rule, TimeRule):
        raise ValidationError.single(where, "rule", f"expected a TimeRule, got {describe(rule)}")
    try:
        activities = _activities(found)
        return Tracker(
            [action_rule() if rule is None else rule],
            activities=activities,
            team=team,
            calendar=calendar,
        )
    except ValidationError as exc:
        raise ValidationError(where, exc.problems) from None


def obligations(
    plans: Iterable[Plan],
    *,
    at: datetime,
    rule: TimeRule | None = None,
    team: Team | None = None,
    calendar: WorkingCalendar | None = None,
) -> tuple[Obligation, ...]:
    """Every action of ``plans`` as an obligation as of ``at``, in due order.

    ``rule`` times them (default :func:`action_rule`); ``team`` says who
    manages whom (escalations); ``calendar`` is needed by a working-time rule.
    """
    return _tracker("obligations", plans, rule, team, calendar).obligations(at=at)


def agenda(
    person: str,
    plans: Iterable[Plan],
    *,
    at: datetime,
    rule: TimeRule | None = None,
    team: Team | None = None,
    calendar: WorkingCalendar | None = None,
) -> Agenda:
    """``person``'s open actions as of ``at`` (their own, and those escalated to them)."""
    return _tracker("agenda", plans, rule, team, calendar).agenda(person, at=at)
