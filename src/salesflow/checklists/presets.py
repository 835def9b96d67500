"""The preset checklists: ``basic`` (5 stages) and ``complex`` (7 stages).

Each preset is a :class:`~salesflow.checklists.ChecklistSet` whose stage keys
are those of the stage preset of the same name (:mod:`salesflow.stages`):

* ``basic``: prospect_list, book_visit, propose_brief, close, after_sale
* ``complex``: prospect_list, book_visit, propose_brief, gather_data,
  advance_project, sign_contract, after_sale

>>> from salesflow.checklists import presets
>>> presets.names()
('basic', 'complex')
>>> presets.get("complex").stage_keys
('prospect_list', 'book_visit', 'propose_brief', 'gather_data', 'advance_project', \
'sign_contract', 'after_sale')

Every item of every stage is required, except asking for a reference or a
testimonial and asking for referrals (optional); "complaints resolved" applies
only when the customer has complained (``has_complaints``). The items a
stakeholder map knows ("decision maker identified", "supporter won",
"opponents identified") are satisfied by the built-in predicates of the same
name (see :mod:`salesflow.predicates`), and "the customer has seen a demo or
visited a reference user" by ``demo_or_reference_visit``, a fact a done
presentation, demo or reference visit of the tactical plan gives
(:func:`salesflow.plans.checklist_facts`).

The stage presets of the same name come with these checklists in their
gates: ``salesflow.stages.presets.get("complex")`` refuses to leave a stage
while a required item is not done (``get(name, checklists=False)`` is the
bare pipeline). :func:`salesflow.stages.bind` puts a checklist set into
any other pipeline.
"""

from __future__ import annotations

import functools
from typing import Any

from salesflow._presets import Presets
from salesflow.checklists._model import Checklist, ChecklistSet, Item
from salesflow.predicates import default_registry

__all__ = ["get", "names"]

_Spec = tuple[str, dict[str, Any]]

# stage -> items, as (key, options); shared by both presets where the practice is
_PROSPECT_LIST: list[_Spec] = [
    ("no_duplicate_customers", {}),
    ("profile_fit", {}),
]
_BOOK_VISIT: list[_Spec] = [
    ("first_contact", {}),
    ("pre_screening", {}),
    ("visit_booked", {}),
    ("need_and_means", {}),
]
_PROPOSE_BRIEF: list[_Spec] = [
    ("final_screening", {}),
    ("opportunity_assessed", {}),
    ("decision_maker_identified", {"satisfied_by": "decision_maker_identified"}),
    ("procurement_known", {}),
    ("next_step_agreed", {}),
]
_GATHER_DATA: list[_Spec] = [
    ("needs_confirmed", {"evidence_required": True}),
    ("competitors_understood", {}),
    ("supporter_won", {"satisfied_by": "supporter_won"}),
    ("opponents_identified", {"satisfied_by": "opponents_identified"}),
    ("procurement_documented", {"evidence_required": True}),
    ("internal_briefing", {"role": "sales_manager"}),
    ("funding_approved", {"evidence_required": True}),
]
_ADVANCE_PROJECT: list[_Spec] = [
    ("demo_or_reference_visit", {"satisfied_by": "demo_or_reference_visit"}),
    ("final_proposal", {"evidence_required": True}),
    ("contract_to_legal", {"evidence_required": True}),
    ("signing_date_confirmed", {}),
]
_CLOSE: list[_Spec] = [
    ("concerns_resolved", {}),
    ("offering_chosen", {}),
    ("contract_signed", {"evidence_required": True}),
    ("reference_asked", {"required": False}),
    ("referrals_asked", {"required": False}),
]
_AFTER_SALE: list[_Spec] = [
    ("reported_to_manager", {}),
    ("contract_paperwork", {}),
    ("delivery_confirmed", {}),
    ("thank_you_sent", {}),
    ("satisfaction_tracked", {}),
    ("complaints_resolved", {"condition": "has_complaints"}),
]

_SPECS: dict[str, list[tuple[str, list[_Spec]]]] = {
    "basic": [
        ("prospect_list", _PROSPECT_LIST),
        ("book_visit", _BOOK_VISIT),
        ("propose_brief", _PROPOSE_BRIEF),
        ("close", _CLOSE),
        ("after_sale", _AFTER_SALE),
    ],
    "complex": [
        ("prospect_list", _PROSPECT_LIST),
        ("book_visit", _BOOK_VISIT),
        ("propose_brief", _PROPOSE_BRIEF),
        ("gather_data", _GATHER_DATA),
        ("advance_project", _ADVANCE_PROJECT),
        ("sign_contract", _CLOSE),
        ("after_sale", _AFTER_SALE),
    ],
}


def _build(name: str) -> ChecklistSet:
    registry = default_registry()
    checklists = {
        stage: Checklist(
            key=stage,
            items=[Item(key=key, **options) for key, options in specs],
            registry=registry,
        )
        for stage, specs in _SPECS[name]
    }
    return ChecklistSet(key=name, checklists=checklists)


_PRESETS: Presets[ChecklistSet] = Presets(
    "checklist", {name: functools.partial(_build, name) for name in _SPECS}
)


def names() -> tuple[str, ...]:
    """The preset names."""
    return _PRESETS.names()


def get(name: str) -> ChecklistSet:
    """The preset called ``name`` (built once); an unknown name is a ValidationError."""
    return _PRESETS.get(name)
