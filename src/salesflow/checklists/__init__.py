"""Checklists: each stage's pre-flight list, its completion state and its gate.

A :class:`Checklist` is a definition (items, each required or optional, maybe
conditional, maybe needing evidence or a role); a :class:`ChecklistState` is
where one deal stands on it (a trail of ticks and unticks), kept per stage in
:attr:`salesflow.Opportunity.checklists`. The checklist answers
:meth:`~Checklist.gate`, :meth:`~Checklist.progress` and
:meth:`~Checklist.next_actions`. :mod:`salesflow.checklists.presets` holds the
source documents' ``basic`` and ``complex`` checklists.

The records import :mod:`salesflow.checklists.state`, so this package loads
the rest of its names on first use (PEP 562), which keeps the import graph
free of cycles.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from salesflow.checklists.state import ChecklistState, Mark

if TYPE_CHECKING:
    from salesflow.checklists import presets
    from salesflow.checklists._model import (
        Checklist,
        ChecklistSet,
        Condition,
        Gate,
        Item,
        NextAction,
        Progress,
    )
    from salesflow.checklists._opportunity import (
        gate,
        next_actions,
        progress,
        state_of,
        tick,
        untick,
    )

__all__ = [
    "Checklist",
    "ChecklistSet",
    "ChecklistState",
    "Condition",
    "Gate",
    "Item",
    "Mark",
    "NextAction",
    "Progress",
    "gate",
    "next_actions",
    "presets",
    "progress",
    "state_of",
    "tick",
    "untick",
]

_LAZY = {
    "Checklist": "salesflow.checklists._model",
    "ChecklistSet": "salesflow.checklists._model",
    "Condition": "salesflow.checklists._model",
    "Gate": "salesflow.checklists._model",
    "Item": "salesflow.checklists._model",
    "NextAction": "salesflow.checklists._model",
    "Progress": "salesflow.checklists._model",
    "gate": "salesflow.checklists._opportunity",
    "next_actions": "salesflow.checklists._opportunity",
    "progress": "salesflow.checklists._opportunity",
    "state_of": "salesflow.checklists._opportunity",
    "tick": "salesflow.checklists._opportunity",
    "untick": "salesflow.checklists._opportunity",
}


def __getattr__(name: str) -> Any:
    if name == "presets":
        return importlib.import_module("salesflow.checklists.presets")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'salesflow.checklists' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
