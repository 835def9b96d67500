"""salesflow: sales management as composable values.

Pipelines and the opportunity state machine, checklists, scoring and time
rules for B2B sales, with no I/O: build values, move them, score them.
"""

from salesflow._version import __version__
from salesflow.convert import from_dict, from_json, from_toml, to_dict, to_json
from salesflow.exceptions import (
    DefinitionError,
    Problem,
    Reason,
    SalesflowError,
    TransitionError,
    ValidationError,
)
from salesflow.money import Money
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
    Lead,
    LeadSource,
    LeadStatus,
    Move,
    OperatingStatus,
    Opportunity,
    OpportunityStatus,
    Priority,
    Relationship,
    StageChange,
    TradingStatus,
    ValueGrade,
)

__all__ = [
    "Activity",
    "ActivityKind",
    "BasicData",
    "BusinessStatus",
    "Channel",
    "Characteristics",
    "Contact",
    "CreditRating",
    "Customer",
    "CustomerCategory",
    "DefinitionError",
    "EnterpriseNature",
    "Industry",
    "Lead",
    "LeadSource",
    "LeadStatus",
    "Money",
    "Move",
    "OperatingStatus",
    "Opportunity",
    "OpportunityStatus",
    "Priority",
    "Problem",
    "Reason",
    "Relationship",
    "SalesflowError",
    "StageChange",
    "TradingStatus",
    "TransitionError",
    "ValidationError",
    "ValueGrade",
    "__version__",
    "from_dict",
    "from_json",
    "from_toml",
    "to_dict",
    "to_json",
]
