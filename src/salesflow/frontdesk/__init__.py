"""The front desk: the showroom's visitor register, intent, daily reports, conversion, assignment.

A showroom or sales office keeps "three sheets and a
card": the visitor register (:class:`Register` of :class:`Visit` entries),
the customer card (:class:`Card`), the intent progression sheet (read from
the intent held on leads and customers, :func:`progression_sheet`) and each
salesperson's daily activity report (:class:`DailyReport`), with the rules
that tie them together (:func:`consistency_report`). Leads are worked,
qualified or disqualified, converted into a customer, a contact and a deal
(:func:`convert`), and assigned to salespeople by rules that are data
(:class:`AssignmentRules`, :func:`assign`).
"""

from salesflow.frontdesk._assign import assign, assign_all
from salesflow.frontdesk._assigned import (
    Assignment,
    AssignmentOutcome,
    Batch,
    Skip,
    SkipReason,
)
from salesflow.frontdesk._cards import Card, CardSide, FollowUp
from salesflow.frontdesk._consistency import consistency_report, require_consistency
from salesflow.frontdesk._conversion import Conversion, Duplicates, convert
from salesflow.frontdesk._desk import FrontDesk
from salesflow.frontdesk._figures import RegisterFigures, SellerFigures, register_figures
from salesflow.frontdesk._findings import ConsistencyReport, Violation
from salesflow.frontdesk._leads import ALLOWED_MOVES, disqualify, judge_intent, qualify, work
from salesflow.frontdesk._progression import (
    TRACKED_INTENTS,
    ProgressionSheet,
    SheetRow,
    SubjectKind,
    progression_sheet,
)
from salesflow.frontdesk._register import Register, Visit, VisitKind
from salesflow.frontdesk._report import DailyReport, EntryKind, PlanItem, ReportItem, VisitPurpose
from salesflow.frontdesk._roster import Absence, Member, Roster, TeamState
from salesflow.frontdesk._routing import AssignmentRules, Route, RouteField, Weighting
from salesflow.frontdesk._rules import ConsistencyRule, ConsistencyRules

__all__ = [
    "ALLOWED_MOVES",
    "TRACKED_INTENTS",
    "Absence",
    "Assignment",
    "AssignmentOutcome",
    "AssignmentRules",
    "Batch",
    "Card",
    "CardSide",
    "ConsistencyReport",
    "ConsistencyRule",
    "ConsistencyRules",
    "Conversion",
    "DailyReport",
    "Duplicates",
    "EntryKind",
    "FollowUp",
    "FrontDesk",
    "Member",
    "PlanItem",
    "ProgressionSheet",
    "Register",
    "RegisterFigures",
    "ReportItem",
    "Roster",
    "Route",
    "RouteField",
    "SellerFigures",
    "SheetRow",
    "Skip",
    "SkipReason",
    "SubjectKind",
    "TeamState",
    "Violation",
    "Visit",
    "VisitKind",
    "VisitPurpose",
    "Weighting",
    "assign",
    "assign_all",
    "consistency_report",
    "convert",
    "disqualify",
    "judge_intent",
    "progression_sheet",
    "qualify",
    "register_figures",
    "require_consistency",
    "work",
]
