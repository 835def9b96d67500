"""The closed vocabularies of the records.

Every enum is a :class:`~enum.StrEnum`; its values are the stable keys used
in dicts, JSON and label catalogs (``enum.<Class>.<value>``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ActivityKind",
    "Channel",
    "CreditRating",
    "CustomerCategory",
    "EnterpriseNature",
    "Industry",
    "Intent",
    "LeadSource",
    "LeadStatus",
    "Move",
    "OperatingStatus",
    "OpportunityStatus",
    "Priority",
    "Relationship",
    "ValueGrade",
]


class Industry(StrEnum):
    """Industry, after China's national classification of industries."""

    AGRICULTURE = "agriculture"
    MINING = "mining"
    MANUFACTURING = "manufacturing"
    UTILITIES = "utilities"
    CONSTRUCTION = "construction"
    TRANSPORT_LOGISTICS = "transport_logistics"
    IT_SOFTWARE = "it_software"
    WHOLESALE_RETAIL = "wholesale_retail"
    HOSPITALITY = "hospitality"
    FINANCE = "finance"
    REAL_ESTATE = "real_estate"
    LEASING_BUSINESS_SERVICES = "leasing_business_services"
    RESEARCH_TECHNICAL = "research_technical"
    WATER_ENVIRONMENT_PUBLIC = "water_environment_public"
    HOUSEHOLD_SERVICES = "household_services"
    EDUCATION = "education"
    HEALTH_SOCIAL = "health_social"
    CULTURE_SPORTS_ENTERTAINMENT = "culture_sports_entertainment"
    OTHER = "other"


class EnterpriseNature(StrEnum):
    """Ownership of the customer's enterprise."""

    STATE_OWNED = "state_owned"
    COLLECTIVE = "collective"
    FOREIGN = "foreign"
    JOINT_VENTURE = "joint_venture"
    PRIVATE = "private"
    INDIVIDUAL = "individual"
    PUBLIC_INSTITUTION = "public_institution"
    OTHER = "other"


class CustomerCategory(StrEnum):
    """Customer category: important, major, ordinary, potential."""

    IMPORTANT = "important"
    MAJOR = "major"
    ORDINARY = "ordinary"
    POTENTIAL = "potential"


class Relationship(StrEnum):
    """Potential (may do business) or retained (has done business)."""

    POTENTIAL = "potential"
    RETAINED = "retained"


class ValueGrade(StrEnum):
    """Customer value grade: A strategic, B potential partner, C low value."""

    A = "A"
    B = "B"
    C = "C"


class CreditRating(StrEnum):
    """A pays on time, B often late but recoverable, C defaults."""

    A = "A"
    B = "B"
    C = "C"


class OperatingStatus(StrEnum):
    """How the customer's business stands."""

    GROWING = "growing"
    STABLE = "stable"
    DECLINING = "declining"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"


class LeadSource(StrEnum):
    """Where a lead came from."""

    TRADE_SHOW = "trade_show"
    WEBSITE_FORM = "website_form"
    CUSTOMER_REFERRAL = "customer_referral"
    MARKETING_CAMPAIGN = "marketing_campaign"
    INDUSTRY_PARTNER = "industry_partner"
    COLD_OUTREACH = "cold_outreach"
    OTHER = "other"


class Channel(StrEnum):
    """Inbound (the customer came to us) or outbound (we went to them)."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Priority(StrEnum):
    """Lead priority."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class LeadStatus(StrEnum):
    """Where a lead stands.

    New (nobody works it yet), assigned (it has an owner), working (its
    owner is working it), qualified, disqualified (with a reason) or
    converted (into a customer, a contact and a deal).
    """

    NEW = "new"
    ASSIGNED = "assigned"
    WORKING = "working"
    QUALIFIED = "qualified"
    DISQUALIFIED = "disqualified"
    CONVERTED = "converted"


class Intent(StrEnum):
    """Purchase intent as a salesperson judges it.

    H buys within 7 days, A within a month, B in 1 to 3 months, C beyond 3
    months; D is an unqualified lead (no intent to track).
    """

    H = "H"
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class OpportunityStatus(StrEnum):
    """Open in a stage, or an outcome: won, lost, paused."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"
    PAUSED = "paused"

    @property
    def is_closed(self) -> bool:
        return self in (OpportunityStatus.WON, OpportunityStatus.LOST)


class ActivityKind(StrEnum):
    """What kind of contact an activity is."""

    CALL = "call"
    VISIT = "visit"
    EMAIL = "email"
    MEETING = "meeting"
    DEMO = "demo"
    OTHER = "other"


class Move(StrEnum):
    """What a stage change did."""

    OPEN = "open"
    ADVANCE = "advance"
    BACK = "back"
    WIN = "win"
    LOSE = "lose"
    PAUSE = "pause"
    RESUME = "resume"
    REOPEN = "reopen"
