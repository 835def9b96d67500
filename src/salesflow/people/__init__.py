"""People inside the customer: the stakeholder map of a deal and what it says.

The map itself is a record (:class:`~salesflow.records.StakeholderMap`,
re-exported here): the kernel's checklist predicates read it, so it lives
with the records. This area reads it: the coverage gaps (:func:`coverage`),
the political strength the 20-criterion scorecard's "can we win" criteria
read (:func:`strength`), and its diagram (:func:`diagram`).

>>> from datetime import datetime, timezone
>>> from salesflow.people import Stakeholder, StakeholderMap, coverage
>>> deal_map = StakeholderMap(opportunity_id="o-1", stakeholders=[
...     Stakeholder(id="p-zhou", name="Zhou Heng", roles=["decision_maker"], stance="neutral")])
>>> at = datetime(2026, 3, 16, 9, 0, tzinfo=timezone.utc)
>>> [gap.label() for gap in coverage(deal_map, at=at).gaps][:2]
['No one holds the role Evaluator', 'No one holds the role Approver']
"""

from salesflow.people._contacts import from_contacts
from salesflow.people._coverage import Coverage, CoverageRules, Gap, GapKind, coverage
from salesflow.people._diagram import FORMATS, diagram
from salesflow.people._strength import POLITICAL_FACTS, Strength, StrengthRules, strength
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

__all__ = [
    "FORMATS",
    "INFLUENCE_HIGHEST",
    "INFLUENCE_LOWEST",
    "POLITICAL_FACTS",
    "BuyingRole",
    "Concern",
    "Coverage",
    "CoverageRules",
    "Gap",
    "GapKind",
    "LadderMove",
    "LadderStep",
    "Profile",
    "Stakeholder",
    "StakeholderMap",
    "Stance",
    "Strength",
    "StrengthRules",
    "SupportBehaviour",
    "SupportTier",
    "coverage",
    "diagram",
    "from_contacts",
    "strength",
]
