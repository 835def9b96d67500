"""Time rules: service levels, follow-up cadence, and each person's agenda.

Rules are data (:class:`TimeRule`, loadable from dicts, JSON or TOML); the
usual rules are presets (:mod:`salesflow.cadence.presets`).
A :class:`Tracker` evaluates rules on the records as of any ``at`` and gives
:class:`Obligation` values, one person's :class:`Agenda`, and a
:class:`Summary` of what was met on time and late.
"""

from salesflow.cadence import presets
from salesflow.cadence._clocks import default_rot_days, rot_days_of
from salesflow.cadence._recommended import REPLAN_MOVES, replan_events
from salesflow.cadence._results import Agenda, Obligation, ObligationStatus, Record, Summary, Tally
from salesflow.cadence._rules import (
    ALLOWED,
    CadenceEventKind,
    DueOffset,
    Event,
    EventKind,
    RuleSet,
    RuleSubject,
    StartEvent,
    StopEvent,
    Team,
    TimeRule,
)
from salesflow.cadence._time import (
    Duration,
    DurationUnit,
    Recurrence,
    RecurrenceAnchor,
    RecurrenceUnit,
    TimeBasis,
    WorkingCalendar,
    add_months,
    end_of_day,
    period_of,
)
from salesflow.cadence._tracker import Tracker, agenda, evaluate, summarise

__all__ = [
    "ALLOWED",
    "REPLAN_MOVES",
    "Agenda",
    "CadenceEventKind",
    "DueOffset",
    "Duration",
    "DurationUnit",
    "Event",
    "EventKind",
    "Obligation",
    "ObligationStatus",
    "Record",
    "Recurrence",
    "RecurrenceAnchor",
    "RecurrenceUnit",
    "RuleSet",
    "RuleSubject",
    "StartEvent",
    "StopEvent",
    "Summary",
    "Tally",
    "Team",
    "TimeBasis",
    "TimeRule",
    "Tracker",
    "WorkingCalendar",
    "add_months",
    "agenda",
    "default_rot_days",
    "end_of_day",
    "evaluate",
    "period_of",
    "presets",
    "replan_events",
    "rot_days_of",
    "summarise",
]
