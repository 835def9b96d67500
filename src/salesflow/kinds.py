"""Every kind of record and definition by name, and its JSON Schema.

The names are what ``salesflow schema KIND`` and ``salesflow validate --as
KIND`` accept: ``opportunity``, ``pipeline``, ``scorecard`` ...

>>> import salesflow
>>> schema = salesflow.json_schema("opportunity")
>>> schema["title"], "amount" in schema["required"]
('Opportunity', True)
>>> sorted(salesflow.kinds.KINDS)[:3]
['activity', 'checklist', 'checklist_set']
"""

from __future__ import annotations

from typing import Any

from salesflow._checks import describe
from salesflow.cadence import Duration, Recurrence, RuleSet, TimeRule, WorkingCalendar
from salesflow.checklists import Checklist, ChecklistSet, Item
from salesflow.exceptions import ValidationError
from salesflow.money import Money
from salesflow.records import (
    Activity,
    ChecklistState,
    Contact,
    Customer,
    IntentHistory,
    Lead,
    Opportunity,
    Portfolio,
    StageChange,
    StakeholderMap,
)
from salesflow.schema import schema_for
from salesflow.scoring import Criterion, Scorecard
from salesflow.stages import MovePolicy, Pipeline, Stage

__all__ = ["DEFINITIONS", "KINDS", "RECORDS", "json_schema", "kind_class"]

#: The records, by the name the command line knows them by.
RECORDS: dict[str, type[Any]] = {
    "activity": Activity,
    "checklist_state": ChecklistState,
    "contact": Contact,
    "customer": Customer,
    "intent_history": IntentHistory,
    "lead": Lead,
    "money": Money,
    "opportunity": Opportunity,
    "portfolio": Portfolio,
    "stage_change": StageChange,
    "stakeholder_map": StakeholderMap,
}

#: The definitions, by name.
DEFINITIONS: dict[str, type[Any]] = {
    "checklist": Checklist,
    "checklist_set": ChecklistSet,
    "criterion": Criterion,
    "duration": Duration,
    "item": Item,
    "move_policy": MovePolicy,
    "pipeline": Pipeline,
    "recurrence": Recurrence,
    "rule_set": RuleSet,
    "scorecard": Scorecard,
    "stage": Stage,
    "time_rule": TimeRule,
    "working_calendar": WorkingCalendar,
}

#: Every kind: records and definitions.
KINDS: dict[str, type[Any]] = dict(sorted({**RECORDS, **DEFINITIONS}.items()))


def kind_class(kind: str | type[Any]) -> type[Any]:
    """The class of ``kind`` (a name from :data:`KINDS`, or a class of them)."""
    if isinstance(kind, type) and kind in KINDS.values():
        return kind
    if isinstance(kind, str) and kind in KINDS:
        return KINDS[kind]
    raise ValidationError.single(
        "json_schema",
        "kind",
        f"{describe(kind)} is not a kind of record or definition "
        f"(expected one of {', '.join(KINDS)})",
    )


def json_schema(kind: str | type[Any]) -> dict[str, Any]:
    """The JSON Schema of ``kind``: what :func:`~salesflow.from_dict` reads for it.

    Generated from the attrs fields (see :mod:`salesflow.schema`); plain,
    JSON-ready data (``json.dumps`` it as it is).
    """
    return schema_for(kind_class(kind))
