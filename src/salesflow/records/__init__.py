"""The domain records: customers, contacts, leads, opportunities, activities,
and the stakeholder map of a deal.

Every record is a frozen, slotted attrs class that checks its own invariants
when built and raises :class:`~salesflow.ValidationError` listing every
problem.
"""

from salesflow.records._enums import (
    ActivityKind,
    Channel,
    CreditRating,
    CustomerCategory,
    EnterpriseNature,
    Industry,
    Intent,
    LeadSource,
    LeadStatus,
    Move,
    OperatingStatus,
    OpportunityStatus,
    Priority,
    Relationship,
    ValueGrade,
)
from salesflow.records.activity import Activity
from salesflow.records.checklist_state import ChecklistState, Mark
from salesflow.records.customer import (
    BasicData,
    BusinessStatus,
    Characteristics,
    Contact,
    Customer,
    TradingStatus,
)
from salesflow.records.intent import IntentHistory, IntentMark
from salesflow.records.lead import Lead
from salesflow.records.opportunity import AttributeValue, Opportunity, StageChange
from salesflow.records.portfolio import Portfolio
from salesflow.records.stakeholders import (
    INFLUENCE_HIGHEST,
    INFLUENCE_LOWEST,
    BuyingRole,
    Concern,
    LadderMove,
    LadderStep,
    Profile,
    Stakeholder,
    StakeholderMap,
    Stance,
    SupportBehaviour,
    SupportTier,
)
from salesflow.records.stays import Stay, stays

__all__ = [
    "INFLUENCE_HIGHEST",
    "INFLUENCE_LOWEST",
    "Activity",
    "ActivityKind",
    "AttributeValue",
    "BasicData",
    "BusinessStatus",
    "BuyingRole",
    "Channel",
    "Characteristics",
    "ChecklistState",
    "Concern",
    "Contact",
    "CreditRating",
    "Customer",
    "CustomerCategory",
    "EnterpriseNature",
    "Industry",
    "Intent",
    "IntentHistory",
    "IntentMark",
    "LadderMove",
    "LadderStep",
    "Lead",
    "LeadSource",
    "LeadStatus",
    "Mark",
    "Move",
    "OperatingStatus",
    "Opportunity",
    "OpportunityStatus",
    "Portfolio",
    "Priority",
    "Profile",
    "Relationship",
    "StageChange",
    "Stakeholder",
    "StakeholderMap",
    "Stance",
    "Stay",
    "SupportBehaviour",
    "SupportTier",
    "TradingStatus",
    "ValueGrade",
    "stays",
]
