"""Every loadable kind, with a strategy for its valid values where one exists."""

from __future__ import annotations

import importlib
from typing import Any

import attrs
from hypothesis import strategies as st

from salesflow import to_dict
from salesflow.stages import presets as stage_presets
from tests import strategies as sst

_MODULES = (
    "salesflow",
    "salesflow.records",
    "salesflow.stages",
    "salesflow.checklists",
    "salesflow.scoring",
    "salesflow.cadence",
    "salesflow.people",
    "salesflow.plans",
    "salesflow.frontdesk",
    "salesflow.predicates",
)


def _kinds() -> list[type]:
    found: dict[str, type] = {}
    for name in _MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr)
            if isinstance(value, type) and attrs.has(value):
                found.setdefault(f"{value.__module__}.{value.__qualname__}", value)
    return [found[k] for k in sorted(found)]


#: every attrs class the public modules export
KINDS: list[type] = _kinds()

_VALID: dict[type, st.SearchStrategy[Any]] = {
    **sst.RECORDS,
    **sst.CHECKLIST_DEFINITIONS,
    **sst.FRONTDESK,
}


def _add(name: str, strategy: Any) -> None:
    for kind in KINDS:
        if kind.__name__ == name:
            _VALID.setdefault(kind, strategy)


_add("Pipeline", st.sampled_from(stage_presets.names()).map(stage_presets.get))
_add("MovePolicy", sst.move_policies)
_add("Scorecard", sst.scorecards())
_add("Duration", sst.durations())
_add("Recurrence", sst.recurrences())
_add("WorkingCalendar", sst.working_calendars())
_add("TimeRule", sst.time_rules())
_add("RuleSet", sst.rule_sets)
_add("Event", sst.cadence_events)
_add("Team", sst.teams)
_add("StakeholderMap", sst.stakeholder_maps())
_add("Competition", sst.competitions())
_add("SalesPlan", sst.sales_plans())
_add("ExecutiveCallPlan", sst.call_plans())
_add("PresentationPlan", sst.presentation_plans)
_add("Action", sst.actions())


def _field_names(kind: type) -> list[str]:
    return sorted(a.name for a in attrs.fields(kind) if a.init)


def plain_for(kind: type) -> st.SearchStrategy[Any]:
    """Valid ``to_dict`` output of ``kind``, or a dict of its field names."""
    strategy = _VALID.get(kind)
    if strategy is not None:
        return strategy.map(to_dict)
    names = _field_names(kind)
    if not names:
        return st.just({})
    return st.fixed_dictionaries({n: st.just(None) for n in names})
