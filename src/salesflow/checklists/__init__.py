"""Checklists: each stage's pre-flight list, its completion state and its gate.

A :class:`Checklist` is a definition (items, each required or optional, maybe
conditional, maybe needing evidence or a role); a :class:`ChecklistState` is
where one deal stands on it (a trail of ticks and unticks), kept per stage in
:attr:`salesflow.Opportunity.checklists`. The checklist answers
:meth:`~Checklist.gate`, :meth:`~Checklist.progress` and
:meth:`~Checklist.next_actions`. :mod:`salesflow.checklists.presets` holds the
``basic`` and ``complex`` checklists.

A checklist knows nothing of the pipeline that uses it: a pipeline's stages
hold checklists in their gates (:func:`salesflow.stages.bind` puts a
:class:`ChecklistSet` into a pipeline). The state is a record
(:class:`salesflow.records.ChecklistState`), re-exported here.
"""

from __future__ import annotations

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
from salesflow.records import ChecklistState, Mark

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
