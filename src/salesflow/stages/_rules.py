"""The move and gate rules: why each move is refused, and which moves exist where.

One module for every engine: the fast engine (:mod:`._engine`) and the
generated python-statemachine class (:mod:`._machine`) both ask here, so
they cannot disagree. Each rule takes the place explicitly (the stage's
position ``i`` in the pipeline and the deal's ``status``) and returns the
:class:`~salesflow.Reason` values of a refusal, empty when the move is
allowed; only a gate reads the deal itself. :func:`edges` lists every
transition the policy allows, for the machine and the diagrams.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from salesflow._checks import freeze_mapping
from salesflow.exceptions import Reason
from salesflow.money import Money
from salesflow.records import Opportunity, OpportunityStatus
from salesflow.stages._lookups import Lookups

__all__ = [
    "MOVES",
    "Edge",
    "advance_reasons",
    "edges",
    "gate_reasons",
    "lose_reasons",
    "move_reasons",
    "reopen_reasons",
    "reopen_target",
    "states",
    "status_reasons",
    "where",
    "win_reasons",
]

_OPEN = OpportunityStatus.OPEN
_WON = OpportunityStatus.WON
_LOST = OpportunityStatus.LOST
_PAUSED = OpportunityStatus.PAUSED
_EMPTY: Mapping[str, Any] = freeze_mapping({})

#: every move (``to_<stage>`` events of a machine are ``advance`` to that stage)
MOVES = ("advance", "win", "lose", "pause", "resume", "reopen")

#: the statuses each status-only move starts from
_FROM = {"pause": (_OPEN,), "resume": (_PAUSED,)}


def _missing(value: object) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, Money):
        return value.amount == 0
    return False


def won_only(stage: str) -> str:
    """The message for a move into the won stage other than a win."""
    return f"{stage!r} is the won stage: a deal enters it by being won"


def where(lk: Lookups, opportunity: Opportunity) -> tuple[int | None, tuple[Reason, ...]]:
    """The deal's stage position in this pipeline, or why it has none."""
    if opportunity.pipeline != lk.key:
        message = f"the deal is in pipeline {opportunity.pipeline!r}, not {lk.key!r}"
        return None, (Reason("wrong_pipeline", message, opportunity.stage),)
    i = lk.index.get(opportunity.stage)
    if i is None:
        return None, (Reason("unknown_stage", lk.unknown(opportunity.stage), opportunity.stage),)
    return i, ()


def gate_reasons(
    lk: Lookups, i: int, opportunity: Opportunity | None, context: Mapping[str, Any] | None
) -> tuple[Reason, ...]:
    """Every unmet requirement of stage ``i``'s gate for ``opportunity`` (fields, guards, items).

    Without a deal (a machine tracking none) a gate with requirements is refused.
    """
    gate = lk.gates[i]
    if gate is None:
        return ()
    stage = gate.stage
    if opportunity is None:
        message = f"stage {stage!r} has a gate, and no opportunity is tracked to check it on"
        return (Reason("not_allowed", message, stage),)
    reasons: list[Reason] = []
    for name, on_record in gate.fields:
        value: object = (
            getattr(opportunity, name) if on_record else opportunity.attributes.get(name)
        )
        if _missing(value):
            message = f"stage {stage!r} requires {name!r}, which is not set"
            reasons.append(Reason("unmet_requirement", message, stage, name))
    ctx = _EMPTY if context is None else context
    for name, predicate in gate.guards:
        if not predicate(opportunity, ctx):
            message = f"stage {stage!r} requires guard {name!r}, which is not met"
            reasons.append(Reason("unmet_requirement", message, stage, name))
    checklist = gate.checklist
    if checklist is not None:
        state = opportunity.checklists.get(stage)
        # None, not the empty read-only mapping: the gate's own fast path
        for item in checklist.gate(state, opportunity=opportunity, context=context).unmet:
            message = f"stage {stage!r} requires checklist item {item.key!r}, which is not done"
            reasons.append(Reason("unmet_requirement", message, stage, item.key))
    return tuple(reasons)


def status_reasons(
    lk: Lookups,
    i: int,
    status: OpportunityStatus,
    allowed: tuple[OpportunityStatus, ...],
    move: str,
) -> tuple[Reason, ...]:
    """Why a deal with ``status`` cannot make ``move`` (only ``allowed`` statuses can)."""
    if status in allowed:
        return ()
    wanted = " or ".join(s.value for s in allowed)
    article = "an" if wanted[0] in "aeiou" else "a"
    message = f"the deal is {status.value} (only {article} {wanted} deal can {move})"
    return (Reason("wrong_status", message, lk.keys[i]),)


def _target(lk: Lookups, i: int, to: str | None) -> tuple[int, tuple[Reason, ...]]:
    """Where ``advance`` (to ``to``, default the next stage) goes, or why it cannot."""
    here = lk.keys[i]
    if to is None:
        if i + 1 > lk.last_open:
            last = f"{here!r} is the last open stage (win or lose the deal to close it)"
            return i + 1, (Reason("not_allowed", last, here),)
        return i + 1, ()
    t = lk.index.get(to)
    if t is None:
        return -1, (Reason("unknown_stage", lk.unknown(to), to),)
    policy = lk.policy
    message: str | None = None
    if t == i:
        message = f"the deal is already in {to!r}"
    elif t > lk.last_open:
        message = won_only(to)
    elif t < i and not policy.allow_back:
        message = "the pipeline does not allow moving back"
    elif t > i + 1 and not policy.allow_skip:
        message = f"the pipeline does not allow skipping stages (next is {lk.keys[i + 1]!r})"
    return t, (() if message is None else (Reason("not_allowed", message, to),))


def advance_reasons(
    lk: Lookups,
    i: int,
    status: OpportunityStatus,
    to: str | None,
    opportunity: Opportunity | None,
    context: Mapping[str, Any] | None,
) -> tuple[int, tuple[Reason, ...]]:
    """The target position of ``advance`` and why it is refused (empty: allowed).

    Forward needs the current stage's gate and every skipped stage's gate;
    back needs none. The target is -1 when there is none.
    """
    if status is not _OPEN:
        return -1, status_reasons(lk, i, status, (_OPEN,), "advance")
    if to is None and i < lk.last_open:  # the common move: forward one stage
        t = i + 1
    else:
        t, reasons = _target(lk, i, to)
        if reasons or t < i:
            return t, reasons
    found = () if lk.gates[i] is None else gate_reasons(lk, i, opportunity, context)
    for j in range(i + 1, t):
        for r in gate_reasons(lk, j, opportunity, context):
            found += (Reason("skipped_gate", f"skipped {r.message}", r.stage, r.requirement),)
    return t, found


def win_reasons(
    lk: Lookups,
    i: int,
    status: OpportunityStatus,
    outcome: str | None,
    opportunity: Opportunity | None,
    context: Mapping[str, Any] | None,
) -> tuple[Reason, ...]:
    """Why a win (with ``outcome``) is refused: status, unknown outcome, the gate if asked."""
    reasons = status_reasons(lk, i, status, (_OPEN,), "win")
    if reasons:
        return reasons
    if outcome is not None and outcome not in lk.win_outcome_set:
        known = ", ".join(lk.win_outcomes) or "none"
        message = f"unknown win outcome {outcome!r} (this pipeline allows: {known})"
        return (Reason("bad_reason", message, lk.keys[i]),)
    if lk.policy.win_needs_gate:
        return gate_reasons(lk, i, opportunity, context)
    return ()


def lose_reasons(
    lk: Lookups, i: int, status: OpportunityStatus, reason: str | None
) -> tuple[Reason, ...]:
    """Why a loss for ``reason`` is refused: status, or a reason the pipeline lacks."""
    reasons = status_reasons(lk, i, status, (_OPEN, _PAUSED), "lose")
    if reasons:
        return reasons
    if reason not in lk.lost_reason_set:
        message = f"unknown lost reason {reason!r} (expected one of {', '.join(lk.lost_reasons)})"
        return (Reason("bad_reason", message, lk.keys[i]),)
    return ()


def reopen_reasons(lk: Lookups, i: int, status: OpportunityStatus) -> tuple[Reason, ...]:
    """Why a reopen is refused: the deal is not closed, or the policy forbids it."""
    reasons = status_reasons(lk, i, status, (_WON, _LOST), "reopen")
    if reasons:
        return reasons
    if not lk.policy.allow_reopen:
        message = f"pipeline {lk.key!r} does not allow reopening closed deals"
        return (Reason("reopen_not_allowed", message, lk.keys[i]),)
    return ()


def reopen_target(lk: Lookups, i: int) -> int:
    """Where a reopened deal goes: its stage, or the last open one from the won stage."""
    return i if i <= lk.last_open else lk.last_open


def move_reasons(
    lk: Lookups,
    move: str,
    i: int,
    status: OpportunityStatus,
    opportunity: Opportunity | None,
    *,
    to: str | None = None,
    reason: str | None = None,
    outcome: str | None = None,
    context: Mapping[str, Any] | None = None,
) -> tuple[Reason, ...]:
    """Why ``move`` (one of :data:`MOVES`) is refused from stage ``i`` with ``status``."""
    if move == "advance":
        return advance_reasons(lk, i, status, to, opportunity, context)[1]
    if move == "win":
        return win_reasons(lk, i, status, outcome, opportunity, context)
    if move == "lose":
        return lose_reasons(lk, i, status, reason)
    if move == "reopen":
        return reopen_reasons(lk, i, status)
    return status_reasons(lk, i, status, _FROM[move], move)


# -- which moves exist where: the structure the machine and the diagrams share ----------


@attrs.frozen(slots=True)
class Edge:
    """One transition between two places (state ids such as ``"open_visit"``).

    ``move`` is the kind of move it is (``"advance"``, ``"back"``, ``"skip"``,
    ``"win"``, ``"lose"``, ``"pause"``, ``"resume"`` or ``"reopen"``).
    """

    event: str
    source: str
    target: str
    move: str


def states(lk: Lookups) -> list[tuple[str, str, OpportunityStatus]]:
    """(state id, stage, status) of every place a deal can be, open stages first."""
    keys = lk.open_keys
    found = [(f"open_{k}", k, _OPEN) for k in keys]
    found += [(f"paused_{k}", k, _PAUSED) for k in keys]
    won = [lk.won_stage] if lk.won_stage is not None else list(keys)
    found += [(f"won_{k}", k, _WON) for k in won]
    found += [(f"lost_{k}", k, _LOST) for k in keys]
    return found


def _open_edges(lk: Lookups, i: int) -> list[Edge]:
    policy = lk.policy
    keys = lk.open_keys
    k = keys[i]
    src = f"open_{k}"
    out: list[Edge] = []
    if i + 1 < len(keys):
        out.append(Edge("advance", src, f"open_{keys[i + 1]}", "advance"))
    for j, t in enumerate(keys):
        if j < i and policy.allow_back:
            out.append(Edge(f"to_{t}", src, f"open_{t}", "back"))
        elif j == i + 1:
            out.append(Edge(f"to_{t}", src, f"open_{t}", "advance"))
        elif j > i + 1 and policy.allow_skip:
            out.append(Edge(f"to_{t}", src, f"open_{t}", "skip"))
    out.append(Edge("win", src, f"won_{lk.won_stage or k}", "win"))
    out.append(Edge("lose", src, f"lost_{k}", "lose"))
    out.append(Edge("pause", src, f"paused_{k}", "pause"))
    return out


def edges(lk: Lookups) -> tuple[Edge, ...]:
    """Every transition the pipeline allows, as edges between state ids."""
    reopen = lk.policy.allow_reopen
    out: list[Edge] = []
    for i, k in enumerate(lk.open_keys):
        src = f"open_{k}"
        out += _open_edges(lk, i)
        out.append(Edge("lose", f"paused_{k}", f"lost_{k}", "lose"))
        out.append(Edge("resume", f"paused_{k}", src, "resume"))
        if reopen:
            out.append(Edge("reopen", f"lost_{k}", src, "reopen"))
            if lk.won_stage is None:
                out.append(Edge("reopen", f"won_{k}", src, "reopen"))
    if reopen and lk.won_stage is not None:
        out.append(Edge("reopen", f"won_{lk.won_stage}", f"open_{lk.open_keys[-1]}", "reopen"))
    return tuple(out)
