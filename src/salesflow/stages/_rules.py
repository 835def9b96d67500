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

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from salesflow._checks import freeze_mapping
from salesflow.exceptions import Reason, ValidationError
from salesflow.money import Money
from salesflow.records import Opportunity, OpportunityStatus
from salesflow.scoring import ScoreResult
from salesflow.stages._definitions import OPPORTUNITY_FIELDS
from salesflow.stages._lookups import Lookups, ScoreGate

__all__ = [
    "MOVES",
    "DealFacts",
    "Edge",
    "advance_reasons",
    "edges",
    "gate_reasons",
    "lose_reasons",
    "move_reasons",
    "reopen_reasons",
    "reopen_target",
    "score_lift",
    "score_passes",
    "score_reasons",
    "score_result",
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


# -- scores in a gate ------------------------------------------------------------------


class DealFacts(Mapping[str, Any]):
    """What a scorecard reads of a deal: the move's context, its fields, its attributes."""

    __slots__ = ("_ctx", "_opp")

    def __init__(self, opportunity: Opportunity, context: Mapping[str, Any]) -> None:
        self._opp = opportunity
        self._ctx = context

    def __getitem__(self, name: str) -> Any:
        ctx = self._ctx
        if name in ctx:
            return ctx[name]
        if name in OPPORTUNITY_FIELDS:
            return getattr(self._opp, name)
        return self._opp.attributes[name]

    def __iter__(self) -> Iterator[str]:
        seen = dict.fromkeys(self._ctx)
        seen.update(dict.fromkeys(sorted(OPPORTUNITY_FIELDS)))
        seen.update(dict.fromkeys(self._opp.attributes))
        return iter(seen)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def score_result(
    score: ScoreGate, opportunity: Opportunity, context: Mapping[str, Any] | None
) -> ScoreResult:
    """The requirement's scorecard evaluated on the deal (a bad fact: ValidationError)."""
    ctx = _EMPTY if context is None else context
    return score.card.evaluate(DealFacts(opportunity, ctx), context=ctx)


def _reached(score: ScoreGate, result: ScoreResult) -> Decimal:
    group = score.requirement.group
    if group is None:
        return result.total
    return result.group_totals.get(group, Decimal(0))


def score_passes(score: ScoreGate, result: ScoreResult) -> bool:
    """Whether ``result`` reaches what the requirement asks (its band, or its minimum)."""
    minimum = score.requirement.minimum
    if minimum is None:
        return score.ranks[result.band] >= score.rank
    return _reached(score, result) >= minimum


def score_lift(score: ScoreGate, result: ScoreResult) -> tuple[str, ...]:
    """The criteria whose raising to their top would meet the requirement (fewest first)."""
    minimum = score.requirement.minimum
    if minimum is None:
        found = result.lift(to=score.requirement.band)
        return () if found is None else found.keys
    group = score.requirement.group
    gap = minimum - _reached(score, result)
    parts = [r for r in result.criteria if r.level < r.top and (group is None or r.group == group)]
    parts.sort(key=lambda r: r.best - r.contribution, reverse=True)
    keys: list[str] = []
    for r in parts:
        if gap <= 0:
            break
        gain = r.best - r.contribution
        if gain > 0:
            keys.append(r.key)
            gap -= gain
    return tuple(keys)


def _score_reason(stage: str, score: ScoreGate, result: ScoreResult) -> Reason:
    req = score.requirement
    card = req.scorecard
    if req.minimum is None:
        reached = f"band {result.band!r}"
    else:
        where = "" if req.group is None else f" in group {req.group!r}"
        reached = f"band {result.band!r}, a total of {_reached(score, result)}{where}"
    lift = score_lift(score, result)
    how = f"; raise {', '.join(lift)}" if lift else ""
    message = (
        f"stage {stage!r} requires scorecard {card!r} at {req.needed}; "
        f"the deal reaches {reached}{how}"
    )
    return Reason("score_too_low", message, stage, card)


def score_reasons(
    stage: str,
    scores: tuple[ScoreGate, ...],
    opportunity: Opportunity,
    context: Mapping[str, Any] | None,
) -> list[Reason]:
    """A ``score_too_low`` reason for each score the deal does not reach.

    A fact of the wrong type for its criterion is a ``bad_fact`` reason.
    """
    out: list[Reason] = []
    for score in scores:
        try:
            result = score_result(score, opportunity, context)
        except ValidationError as exc:
            problems = "; ".join(str(p) for p in exc.problems)
            card = score.requirement.scorecard
            message = f"stage {stage!r} cannot score {card!r} on the deal: {problems}"
            out.append(Reason("bad_fact", message, stage, card))
            continue
        if not score_passes(score, result):
            out.append(_score_reason(stage, score, result))
    return out


def gate_reasons(
    lk: Lookups, i: int, opportunity: Opportunity | None, context: Mapping[str, Any] | None
) -> tuple[Reason, ...]:
    """Every unmet requirement of stage ``i``'s gate for ``opportunity`` (fields, guards,
    items, scores).

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
    if gate.scores:
        reasons += score_reasons(stage, gate.scores, opportunity, ctx)
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
    reason: str | None = None,
) -> tuple[Reason, ...]:
    """Why a win (with ``outcome`` and won ``reason``) is refused: status, an unknown
    outcome or won reason, a missing won reason the policy asks for, the gate if asked."""
    reasons = status_reasons(lk, i, status, (_OPEN,), "win")
    if reasons:
        return reasons
    if outcome is not None and outcome not in lk.win_outcome_set:
        known = ", ".join(lk.win_outcomes) or "none"
        message = f"unknown win outcome {outcome!r} (this pipeline allows: {known})"
        return (Reason("bad_reason", message, lk.keys[i]),)
    if reason is not None and reason not in lk.won_reason_set:
        known = ", ".join(lk.won_reasons) or "none"
        message = f"unknown won reason {reason!r} (this pipeline allows: {known})"
        return (Reason("bad_reason", message, lk.keys[i]),)
    if reason is None and lk.policy.win_needs_reason:
        message = f"pipeline {lk.key!r} needs a won reason (one of {', '.join(lk.won_reasons)})"
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
    if reason is None:
        reason = lk.lost_stand_in  # the pipeline's "not recorded", when it has one
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
        return win_reasons(lk, i, status, outcome, opportunity, context, reason)
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


def _open_edges(lk: Lookups, i: int, *, every_pair: bool = True) -> list[Edge]:
    """The moves out of open stage ``i``.

    ``every_pair=False`` (for drawing): going back and skipping are one edge
    each, to the stage before and to the stage after next, standing for every
    earlier and every later stage; so a drawing grows with the stages, not
    with their pairs.
    """
    policy = lk.policy
    keys = lk.open_keys
    k = keys[i]
    src = f"open_{k}"
    out: list[Edge] = []
    if i + 1 < len(keys):
        out.append(Edge("advance", src, f"open_{keys[i + 1]}", "advance"))
    if every_pair:
        for j, t in enumerate(keys):
            if j < i and policy.allow_back:
                out.append(Edge(f"to_{t}", src, f"open_{t}", "back"))
            elif j == i + 1:
                out.append(Edge(f"to_{t}", src, f"open_{t}", "advance"))
            elif j > i + 1 and policy.allow_skip:
                out.append(Edge(f"to_{t}", src, f"open_{t}", "skip"))
    else:
        if i > 0 and policy.allow_back:
            out.append(Edge("back", src, f"open_{keys[i - 1]}", "back"))
        if i + 2 < len(keys) and policy.allow_skip:
            out.append(Edge("skip", src, f"open_{keys[i + 2]}", "skip"))
    out.append(Edge("win", src, f"won_{lk.won_stage or k}", "win"))
    out.append(Edge("lose", src, f"lost_{k}", "lose"))
    out.append(Edge("pause", src, f"paused_{k}", "pause"))
    return out


def edges(lk: Lookups, *, every_pair: bool = True) -> tuple[Edge, ...]:
    """Every transition the pipeline allows, as edges between state ids.

    ``every_pair=False``: back and skip moves summed up as one edge each per
    stage (see :func:`_open_edges`), for diagrams.
    """
    reopen = lk.policy.allow_reopen
    out: list[Edge] = []
    for i, k in enumerate(lk.open_keys):
        src = f"open_{k}"
        out += _open_edges(lk, i, every_pair=every_pair)
        out.append(Edge("lose", f"paused_{k}", f"lost_{k}", "lose"))
        out.append(Edge("resume", f"paused_{k}", src, "resume"))
        if reopen:
            out.append(Edge("reopen", f"lost_{k}", src, "reopen"))
            if lk.won_stage is None:
                out.append(Edge("reopen", f"won_{k}", src, "reopen"))
    if reopen and lk.won_stage is not None:
        out.append(Edge("reopen", f"won_{lk.won_stage}", f"open_{lk.open_keys[-1]}", "reopen"))
    return tuple(out)
