"""The usual time rules, with their defaults.

>>> from salesflow.cadence import presets
>>> presets.names()[:3]
('deal_stale_in_stage', 'delivery_first_visit', 'delivery_satisfaction_survey')
>>> presets.get("objection_answer").due
Duration(amount=24, unit=<DurationUnit.HOURS: 'hours'>, basis=<TimeBasis.CALENDAR: 'calendar'>)

The escalation delays are this library's defaults.
"""

from __future__ import annotations

from collections.abc import Mapping

from salesflow._presets import Presets
from salesflow.cadence._rules import (
    DueOffset,
    RuleSet,
    RuleSubject,
    StartEvent,
    StopEvent,
    TimeRule,
)
from salesflow.cadence._time import (
    Duration,
    DurationUnit,
    Recurrence,
    RecurrenceAnchor,
    RecurrenceUnit,
)
from salesflow.frozen import FrozenDict
from salesflow.records import ActivityKind, Priority, ValueGrade
from salesflow.scoring import presets as scoring_presets

__all__ = ["GRADE_FOLLOW_UP_DAYS", "all_rules", "get", "grade_follow_up_days", "names"]

#: Follow-up every N days by customer value grade: A weekly, B every
#: two weeks, C monthly. Used when the scoring presets do not give them.
GRADE_FOLLOW_UP_DAYS: Mapping[str, int] = FrozenDict({"A": 7, "B": 14, "C": 30})


def _hours(n: int) -> Duration:
    return Duration(amount=n, unit=DurationUnit.HOURS)


def _days(n: int) -> Duration:
    return Duration(amount=n, unit=DurationUnit.DAYS)


def grade_follow_up_days() -> dict[str, int]:
    """Follow-up days per value grade, from the scoring preset ``customer_value_grade``.

    Its bands A, B and C carry ``follow_up_every_days``; a grade whose band
    lacks it keeps :data:`GRADE_FOLLOW_UP_DAYS`.
    """
    found = dict(GRADE_FOLLOW_UP_DAYS)
    card = scoring_presets.get("customer_value_grade")
    for band in card.bands:
        days = band.data.get("follow_up_every_days")
        if band.key in found and isinstance(days, int) and not isinstance(days, bool):
            found[band.key] = days
    return found


def _lead_owner() -> TimeRule:
    return TimeRule(
        key="high_priority_lead_owner",
        label_key="cadence.rule.high_priority_lead_owner",
        subject=RuleSubject.LEAD,
        start=StartEvent.LEAD_CREATED,
        stop=StopEvent.LEAD_ASSIGNED,
        due=_hours(24),
        priorities=(Priority.HIGH,),
        falls_to="sales_manager",
        escalate_after=_hours(24),
    )


def _objection() -> TimeRule:
    return TimeRule(
        key="objection_answer",
        label_key="cadence.rule.objection_answer",
        subject=RuleSubject.OPPORTUNITY,
        start=StartEvent.OBJECTION_RAISED,
        stop=StopEvent.OBJECTION_ANSWERED,
        due=_hours(24),
        escalate_after=_hours(24),
    )


def _replan() -> TimeRule:
    # a weak deal is re-planned or paused, not by when: 3 days is ours
    return TimeRule(
        key="weak_deal_replan",
        label_key="cadence.rule.weak_deal_replan",
        subject=RuleSubject.OPPORTUNITY,
        start=StartEvent.REPLAN_RECOMMENDED,
        stop=StopEvent.REPLANNED,
        due=_days(3),
        escalate_after=_days(2),
    )


def _follow_up() -> TimeRule:
    return TimeRule(
        key="follow_up_by_grade",
        label_key="cadence.rule.follow_up_by_grade",
        subject=RuleSubject.CUSTOMER,
        start=StartEvent.LAST_CONTACT,
        stop=StopEvent.CONTACT,
        every=Recurrence(unit=RecurrenceUnit.DAYS, by_grade=grade_follow_up_days()),
        escalate_after=_days(7),
    )


def _first_visit() -> TimeRule:
    return TimeRule(
        key="delivery_first_visit",
        label_key="cadence.rule.delivery_first_visit",
        subject=RuleSubject.OPPORTUNITY,
        start=StartEvent.DELIVERED,
        stop=StopEvent.VISIT_DONE,
        due=_days(7),
        escalate_after=_days(3),
    )


def _survey() -> TimeRule:
    return TimeRule(
        key="delivery_satisfaction_survey",
        label_key="cadence.rule.delivery_satisfaction_survey",
        subject=RuleSubject.OPPORTUNITY,
        start=StartEvent.DELIVERED,
        stop=StopEvent.SURVEY_DONE,
        due=_days(15),
        escalate_after=_days(7),
    )


def _service() -> TimeRule:
    return TimeRule(
        key="quarterly_value_service",
        label_key="cadence.rule.quarterly_value_service",
        subject=RuleSubject.CUSTOMER,
        start=StartEvent.DELIVERED,
        stop=StopEvent.SERVICE_DONE,
        every=Recurrence(unit=RecurrenceUnit.QUARTERS, anchor=RecurrenceAnchor.CALENDAR),
        grades=(ValueGrade.A,),
        escalate_after=_days(15),
        remind_before=_days(14),
    )


def _booked() -> TimeRule:
    return TimeRule(
        key="visit_booked_ahead",
        label_key="cadence.rule.visit_booked_ahead",
        subject=RuleSubject.ACTIVITY,
        start=StartEvent.VISIT_PLANNED,
        stop=StopEvent.VISIT_BOOKED,
        due=_days(2),
        offset=DueOffset.BEFORE,
        activity_kinds=(ActivityKind.VISIT,),
    )


def _reported() -> TimeRule:
    return TimeRule(
        key="visit_reported_same_day",
        label_key="cadence.rule.visit_reported_same_day",
        subject=RuleSubject.ACTIVITY,
        start=StartEvent.VISIT_PLANNED,
        stop=StopEvent.VISIT_REPORTED,
        due=_days(0),
        end_of_day=True,
        activity_kinds=(ActivityKind.VISIT,),
        escalate_after=_days(1),
    )


def _stale() -> TimeRule:
    return TimeRule(
        key="deal_stale_in_stage",
        label_key="cadence.rule.deal_stale_in_stage",
        subject=RuleSubject.OPPORTUNITY,
        start=StartEvent.STAGE_ENTERED,
        stop=StopEvent.STAGE_LEFT,
        due_from_stage=True,
        escalate_after=_days(7),
    )


_PRESETS: Presets[TimeRule] = Presets(
    "time-rule",
    {
        "deal_stale_in_stage": _stale,
        "delivery_first_visit": _first_visit,
        "delivery_satisfaction_survey": _survey,
        "follow_up_by_grade": _follow_up,
        "high_priority_lead_owner": _lead_owner,
        "objection_answer": _objection,
        "quarterly_value_service": _service,
        "visit_booked_ahead": _booked,
        "visit_reported_same_day": _reported,
        "weak_deal_replan": _replan,
    },
    sort=True,
)


def names() -> tuple[str, ...]:
    """The preset names, sorted."""
    return _PRESETS.names()


def get(name: str) -> TimeRule:
    """The preset rule ``name`` (a :class:`~salesflow.ValidationError` if unknown)."""
    return _PRESETS.get(name)


def all_rules() -> RuleSet:
    """Every preset, as one :class:`RuleSet` in name order."""
    return RuleSet(rules=tuple(get(n) for n in names()))
