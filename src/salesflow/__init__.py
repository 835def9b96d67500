"""salesflow: sales management as composable values.

Pipelines and the opportunity state machine, checklists, scoring and time
rules for B2B sales, with no I/O: build values, move them, score them.

The areas are sub-packages (:mod:`salesflow.stages`,
:mod:`salesflow.checklists`, :mod:`salesflow.scoring`,
:mod:`salesflow.cadence`); their main definitions are re-exported here.
"""

# the areas, after the records they build on
from salesflow import cadence, checklists, control, kinds, playbooks, scoring, stages, stored
from salesflow._version import __version__
from salesflow.cadence import RuleSet, TimeRule, Tracker, WorkingCalendar
from salesflow.checklists import Checklist, ChecklistSet, ChecklistState, Item
from salesflow.convert import from_dict, from_json, from_toml, to_dict, to_json, unknown_keys
from salesflow.exceptions import (
    ApprovalError,
    DefinitionError,
    MissingExtraError,
    Problem,
    Reason,
    SalesflowError,
    TransitionError,
    ValidationError,
)
from salesflow.frozen import FrozenDict
from salesflow.kinds import json_schema
from salesflow.money import Money
from salesflow.playbooks import Playbook, load_playbook
from salesflow.records import (
    Activity,
    ActivityKind,
    BasicData,
    BusinessStatus,
    Channel,
    Characteristics,
    Contact,
    CreditRating,
    Customer,
    CustomerCategory,
    EnterpriseNature,
    Industry,
    Intent,
    IntentHistory,
    IntentMark,
    Lead,
    LeadSource,
    LeadStatus,
    Move,
    OperatingStatus,
    Opportunity,
    OpportunityStatus,
    Portfolio,
    Priority,
    Relationship,
    StageChange,
    TradingStatus,
    ValueGrade,
)
from salesflow.scoring import Scorecard, ScoreResult
from salesflow.stages import ForecastCategory, MovePolicy, Pipeline, Stage
from salesflow.stored import Migrations, from_document, to_document

__all__ = [
    "Activity",
    "ActivityKind",
    "ApprovalError",
    "BasicData",
    "BusinessStatus",
    "Channel",
    "Characteristics",
    "Checklist",
    "ChecklistSet",
    "ChecklistState",
    "Contact",
    "CreditRating",
    "Customer",
    "CustomerCategory",
    "DefinitionError",
    "EnterpriseNature",
    "ForecastCategory",
    "FrozenDict",
    "Industry",
    "Intent",
    "IntentHistory",
    "IntentMark",
    "Item",
    "Lead",
    "LeadSource",
    "LeadStatus",
    "Migrations",
    "MissingExtraError",
    "Money",
    "Move",
    "MovePolicy",
    "OperatingStatus",
    "Opportunity",
    "OpportunityStatus",
    "Pipeline",
    "Playbook",
    "Portfolio",
    "Priority",
    "Problem",
    "Reason",
    "Relationship",
    "RuleSet",
    "SalesflowError",
    "ScoreResult",
    "Scorecard",
    "Stage",
    "StageChange",
    "TimeRule",
    "Tracker",
    "TradingStatus",
    "TransitionError",
    "ValidationError",
    "ValueGrade",
    "WorkingCalendar",
    "__version__",
    "cadence",
    "checklists",
    "control",
    "from_dict",
    "from_document",
    "from_json",
    "from_toml",
    "json_schema",
    "kinds",
    "load_playbook",
    "playbooks",
    "scoring",
    "stages",
    "stored",
    "to_dict",
    "to_document",
    "to_json",
    "unknown_keys",
]
