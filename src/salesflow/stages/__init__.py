"""Pipelines: stages, gates, moves, history, presets and python-statemachine classes.

A :class:`Pipeline` is a definition (ordered :class:`Stage` values, lost
reasons, a :class:`MovePolicy`) and the fast engine that moves an
:class:`~salesflow.Opportunity` through it: :meth:`Pipeline.open`,
:meth:`~Pipeline.advance`, :meth:`~Pipeline.win`, :meth:`~Pipeline.lose`,
:meth:`~Pipeline.pause`, :meth:`~Pipeline.resume`, :meth:`~Pipeline.reopen`.
Ready pipelines are in :mod:`salesflow.stages.presets`; what a history tells
in :mod:`salesflow.stages.history`; :func:`bind` puts a
:class:`~salesflow.checklists.ChecklistSet` into a pipeline's gates.

Inside, one concept per module: the definition (``_definitions``, ``_pipeline``
and its resolved ``_lookups``), the move and gate rules every engine asks
(``_rules``, score requirements included; their scorecards are found in
``_scores``), the fast engine (``_engine``), the python-statemachine class
factory (``_machine``), the diagrams (``_diagrams``), history and presets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from salesflow.exceptions import MissingExtraError
from salesflow.stages import history, presets
from salesflow.stages._binding import bind
from salesflow.stages._definitions import (
    DEFAULT_LOST_REASONS,
    DEFAULT_WON_REASONS,
    NOT_RECORDED,
    ForecastCategory,
    MovePolicy,
    ScoreRequirement,
    Stage,
)
from salesflow.stages._pipeline import MoveCheck, Pipeline
from salesflow.stages._scores import Recommendation, ScoreCheck
from salesflow.stages.history import (
    cycle_time,
    days_in_stage,
    entered_stage_at,
    is_stale,
    time_by_stage,
    time_in_stage,
    timeline,
    win_outcome,
)

if TYPE_CHECKING:
    from salesflow.stages._machine import PipelineMachine, state_id

#: Names loaded on first use (PEP 562): the machine module imports
#: python-statemachine, which only ``Pipeline.to_statemachine()`` needs.
_LAZY = {"PipelineMachine", "state_id"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from salesflow.stages import _machine

        value = getattr(_machine, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_LOST_REASONS",
    "DEFAULT_WON_REASONS",
    "NOT_RECORDED",
    "ForecastCategory",
    "MissingExtraError",
    "MoveCheck",
    "MovePolicy",
    "Pipeline",
    "PipelineMachine",
    "Recommendation",
    "ScoreCheck",
    "ScoreRequirement",
    "Stage",
    "bind",
    "cycle_time",
    "days_in_stage",
    "entered_stage_at",
    "history",
    "is_stale",
    "presets",
    "state_id",
    "time_by_stage",
    "time_in_stage",
    "timeline",
    "win_outcome",
]
