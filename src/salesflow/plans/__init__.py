"""Key-account plans: competitors, the sales plan, the executive call
plan and its summary, the presentation plan, and the tactical plan's actions.

Every plan is a value checked when built and loadable with
:func:`~salesflow.from_dict`. Actions are obligations: an open one is on its
owner's agenda through the time rules (:func:`agenda`), a done presentation,
demo or reference visit satisfies the checklist item "the customer has seen
a demo or visited a reference user" (:func:`checklist_facts`).

>>> from datetime import datetime, timezone
>>> from salesflow.plans import Action, TacticalPlan, agenda
>>> due = datetime(2026, 3, 20, 18, 0, tzinfo=timezone.utc)
>>> plan = TacticalPlan(id="t-1", opportunity_id="o-1", actions=[
...     Action(id="a-1", what="Rehearse the presentation", owner="li.na", due=due)])
>>> [(o.record_id, o.status.value) for o in agenda("li.na", [plan], at=due)]
[('a-1', 'due')]
"""

from salesflow.plans._actions import Action, ActionKind, TacticalPlan
from salesflow.plans._agenda import ACTION_RULE_KEY, action_rule, agenda, obligations
from salesflow.plans._calls import (
    CallSide,
    CallSummary,
    ExecutiveCallPlan,
    InfluencePoint,
    Participant,
    Question,
)
from salesflow.plans._competitors import Competition, Competitor
from salesflow.plans._facts import Plan, checklist_facts, plan_actions
from salesflow.plans._presentation import (
    STEPS,
    Attendee,
    PresentationPlan,
    PresentationSteps,
    TeamMember,
)
from salesflow.plans._sales_plan import BusinessProfile, Milestone, Objective, Position, SalesPlan

__all__ = [
    "ACTION_RULE_KEY",
    "STEPS",
    "Action",
    "ActionKind",
    "Attendee",
    "BusinessProfile",
    "CallSide",
    "CallSummary",
    "Competition",
    "Competitor",
    "ExecutiveCallPlan",
    "InfluencePoint",
    "Milestone",
    "Objective",
    "Participant",
    "Plan",
    "Position",
    "PresentationPlan",
    "PresentationSteps",
    "Question",
    "SalesPlan",
    "TacticalPlan",
    "TeamMember",
    "action_rule",
    "agenda",
    "checklist_facts",
    "obligations",
    "plan_actions",
]
