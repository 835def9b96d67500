"""A python-statemachine class generated from a pipeline, and diagrams of it.

The states are the places a deal can be: ``open_<stage>``, ``paused_<stage>``,
``lost_<stage>`` for every stage an open deal may be in, and ``won_<stage>``
where a win lands. The events are the moves: ``advance`` (to the next stage),
``to_<stage>`` (to a given stage: back, next, or skipping when allowed),
``win``, ``lose``, ``pause``, ``resume`` and ``reopen``. Gates are the
transitions' conditions, evaluated by :meth:`Pipeline.gate_reasons` on the
machine's ``opportunity``. The structure comes from one list of edges
(:func:`edges`), which the diagrams draw too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
from statemachine import State, StateMachine
from statemachine.exceptions import InvalidDefinition, TransitionNotAllowed

from salesflow._checks import describe, make_evolver
from salesflow.exceptions import (
    DefinitionError,
    Problem,
    Reason,
    TransitionError,
    ValidationError,
)
from salesflow.records import Opportunity, OpportunityStatus

if TYPE_CHECKING:
    from salesflow.stages._pipeline import Pipeline

__all__ = ["Edge", "PipelineMachine", "build_machine", "edges", "state_id"]

_STATUS_PREFIX = {
    OpportunityStatus.OPEN: "open",
    OpportunityStatus.PAUSED: "paused",
    OpportunityStatus.WON: "won",
    OpportunityStatus.LOST: "lost",
}

# the deal as the machine sees it: stage and status from the machine
_placed = make_evolver(Opportunity, ("stage", "status"))

#: the moves every generated class answers to (``to_<stage>`` events are per stage)
MOVES = ("advance", "win", "lose", "pause", "resume", "reopen")


def state_id(stage: str, status: OpportunityStatus | str) -> str:
    """The generated machine's state id for a deal in ``stage`` with ``status``."""
    return f"{_STATUS_PREFIX[OpportunityStatus(status)]}_{stage}"


class PipelineMachine(StateMachine):
    """Base of generated pipeline machines: tracks one deal's place.

    ``opportunity`` is the deal the gates are checked on; the machine
    starts where it stands (its stage and status). Refused events raise
    :class:`~salesflow.TransitionError`, with the fast engine's reasons.
    """

    pipeline: Pipeline
    places: Mapping[str, tuple[str, OpportunityStatus]]
    # moves this pipeline never allows (no transition): refused with the engine's reasons
    _refused_events: frozenset[str] = frozenset()
    # the events every generated class has (to_<stage> events are named per stage)
    advance: Any
    win: Any
    lose: Any
    pause: Any
    resume: Any
    reopen: Any

    def __init__(
        self,
        opportunity: Opportunity | None = None,
        *,
        listeners: list[object] | None = None,
        **kwargs: Any,
    ) -> None:
        self.opportunity = opportunity
        self._event_kwargs: Mapping[str, Any] = {}
        start = None
        if opportunity is not None:
            if not isinstance(opportunity, Opportunity):
                raise ValidationError.single(
                    type(self).__name__,
                    "opportunity",
                    f"expected an Opportunity or None, got {describe(opportunity)}",
                )
            if opportunity.pipeline != self.pipeline.key:
                raise TransitionError(
                    "track",
                    opportunity.id,
                    [
                        Reason(
                            "wrong_pipeline",
                            f"the deal is in pipeline {opportunity.pipeline!r}, "
                            f"not {self.pipeline.key!r}",
                            opportunity.stage,
                        )
                    ],
                )
            start = state_id(opportunity.stage, opportunity.status)
            if start not in self.places:
                raise TransitionError(
                    "track",
                    opportunity.id,
                    [
                        Reason(
                            "unknown_stage",
                            f"no state {start!r} in pipeline {self.pipeline.key!r}",
                            opportunity.stage,
                        )
                    ],
                )
        super().__init__(start_value=start, listeners=listeners, **kwargs)

    @property
    def state(self) -> str:
        """The current state id, e.g. ``"open_book_visit"``."""
        return str(next(iter(self.configuration_values)))

    @property
    def stage(self) -> str:
        return self.places[self.state][0]

    @property
    def status(self) -> OpportunityStatus:
        return self.places[self.state][1]

    # every event (sm.advance() and sm.send("advance")) is queued by
    # _put_nonblocking (refused there once a final state is reached) and run
    # by _processing_loop: both translate python-statemachine's refusal
    def _put_nonblocking(self, trigger_data: Any, *args: Any, **kwargs: Any) -> Any:
        # the event's arguments (reason, outcome, context) explain a refusal
        self._event_kwargs = getattr(trigger_data, "kwargs", None) or {}
        try:
            return super()._put_nonblocking(trigger_data, *args, **kwargs)
        except TransitionNotAllowed as exc:
            raise self._refusal(exc) from None

    def send(self, event: str, *args: Any, **kwargs: Any) -> Any:
        if event in self._refused_events:
            raise self._refuse(event, kwargs)
        return super().send(event, *args, **kwargs)

    def _processing_loop(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super()._processing_loop(*args, **kwargs)
        except TransitionNotAllowed as exc:
            raise self._refusal(exc) from None

    def _refusal(self, exc: Any) -> TransitionError:
        event = exc.event.id if exc.event is not None else "transition"
        return self._refuse(event, self._event_kwargs, f"{exc} (python-statemachine)")

    def _refuse(
        self, event: str, kwargs: Mapping[str, Any], fallback: str | None = None
    ) -> TransitionError:
        move, to = ("advance", event[3:]) if event.startswith("to_") else (event, None)
        opp = self.opportunity
        reasons: tuple[Reason, ...] = ()
        if opp is not None and move in MOVES:
            here = _placed(opp, self.stage, self.status)
            reasons = self.pipeline.reasons(
                move,
                here,
                to=to,
                reason=kwargs.get("reason"),
                outcome=kwargs.get("outcome"),
                context=kwargs.get("context"),
            )
        if not reasons:
            if fallback is None:
                fallback = f"pipeline {self.pipeline.key!r} has no {event!r} move"
            reasons = (Reason("not_allowed", fallback, self.stage),)
        return TransitionError(
            move,
            opp.id if opp is not None else "(untracked)",
            reasons,
            from_stage=self.stage,
            to_stage=to,
        )


@attrs.frozen(slots=True)
class Edge:
    """One transition of the generated machine.

    ``kind`` says what its condition checks: ``"none"``, ``"gates"`` (the
    gates of ``gates``, the stage indexes passed), ``"win"`` (outcome, and
    the gate when the policy asks) or ``"lose"`` (the lost reason).
    """

    event: str
    source: str
    target: str
    kind: str = "none"
    gates: tuple[int, ...] = ()
    label: str = ""


def edges(pipeline: Pipeline) -> tuple[Edge, ...]:
    """Every transition the pipeline allows, as edges between state ids."""
    policy = pipeline.policy
    keys = pipeline.open_keys
    n = len(keys)
    won_stage = pipeline.won_stage
    out: list[Edge] = []
    for i, k in enumerate(keys):
        src = f"open_{k}"
        if i + 1 < n:
            out.append(Edge("advance", src, f"open_{keys[i + 1]}", "gates", (i,), "advance"))
        for j, t in enumerate(keys):
            if j == i:
                continue
            if j < i and policy.allow_back:
                out.append(Edge(f"to_{t}", src, f"open_{t}", "none", (), "back"))
            elif j == i + 1:
                out.append(Edge(f"to_{t}", src, f"open_{t}", "gates", (i,), "advance"))
            elif j > i + 1 and policy.allow_skip:
                out.append(Edge(f"to_{t}", src, f"open_{t}", "gates", tuple(range(i, j)), "skip"))
        won = f"won_{won_stage or k}"
        out.append(Edge("win", src, won, "win", (i,), "win"))
        out.append(Edge("lose", src, f"lost_{k}", "lose", (), "lose"))
        out.append(Edge("pause", src, f"paused_{k}", "none", (), "pause"))
        out.append(Edge("lose", f"paused_{k}", f"lost_{k}", "lose", (), "lose"))
        out.append(Edge("resume", f"paused_{k}", src, "none", (), "resume"))
        if policy.allow_reopen:
            out.append(Edge("reopen", f"lost_{k}", src, "none", (), "reopen"))
            if won_stage is None:
                out.append(Edge("reopen", won, src, "none", (), "reopen"))
    if policy.allow_reopen and won_stage is not None:
        out.append(Edge("reopen", f"won_{won_stage}", f"open_{keys[-1]}", "none", (), "reopen"))
    return tuple(out)


def _states(pipeline: Pipeline) -> list[tuple[str, str, OpportunityStatus]]:
    """(state id, stage, status) of every state, open stages first."""
    keys = pipeline.open_keys
    found = [(f"open_{k}", k, OpportunityStatus.OPEN) for k in keys]
    found += [(f"paused_{k}", k, OpportunityStatus.PAUSED) for k in keys]
    won = [pipeline.won_stage] if pipeline.won_stage is not None else list(keys)
    found += [(f"won_{k}", k, OpportunityStatus.WON) for k in won]
    found += [(f"lost_{k}", k, OpportunityStatus.LOST) for k in keys]
    return found


def _camel(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_")) or "Pipeline"


def _condition(pipeline: Pipeline, edge: Edge) -> Callable[..., bool] | None:
    gate = pipeline._gate  # the one place gates are evaluated
    if edge.kind == "gates":
        stages = edge.gates

        def gates_pass(machine: Any, context: Mapping[str, Any] | None = None) -> bool:
            opp = machine.opportunity
            return all(not gate(i, opp, context) for i in stages)

        return gates_pass
    if edge.kind == "win":
        (index,) = edge.gates
        outcomes = frozenset(pipeline.win_outcomes)
        needs_gate = pipeline.policy.win_needs_gate

        def may_win(
            machine: Any, outcome: str | None = None, context: Mapping[str, Any] | None = None
        ) -> bool:
            if outcome is not None and outcome not in outcomes:
                return False
            return not needs_gate or not gate(index, machine.opportunity, context)

        return may_win
    if edge.kind == "lose":
        reasons = frozenset(pipeline.lost_reasons)

        def may_lose(reason: str | None = None) -> bool:
            return reason in reasons

        return may_lose
    return None


def _refusing(move: str) -> Callable[..., Any]:
    """The method standing for a move the pipeline never allows (e.g. reopen)."""

    def refuse(self: PipelineMachine, *args: Any, **kwargs: Any) -> Any:
        raise self._refuse(move, kwargs)

    refuse.__name__ = refuse.__qualname__ = move
    return refuse


def build_machine(pipeline: Pipeline) -> type[PipelineMachine]:
    """Generate the :class:`statemachine.StateMachine` subclass of ``pipeline``."""
    states_info = _states(pipeline)
    reopen = pipeline.policy.allow_reopen
    namespace: dict[str, Any] = {}
    states: dict[str, State] = {}
    for n, (sid, stage, status) in enumerate(states_info):
        final = status.is_closed and not reopen
        states[sid] = State(f"{stage} ({status.value})", value=sid, initial=n == 0, final=final)
    namespace.update(states)
    events: dict[str, Any] = {}
    for edge in edges(pipeline):
        cond = _condition(pipeline, edge)
        kwargs: dict[str, Any] = {} if cond is None else {"cond": cond}
        transition = states[edge.source].to(states[edge.target], **kwargs)
        events[edge.event] = (
            transition if edge.event not in events else events[edge.event] | transition
        )
    namespace.update(events)
    refused = frozenset(m for m in MOVES if m not in events)
    for move in refused:
        namespace[move] = _refusing(move)
    namespace["_refused_events"] = refused
    namespace["pipeline"] = pipeline
    namespace["places"] = {sid: (stage, status) for sid, stage, status in states_info}
    namespace["__doc__"] = f"The state machine of pipeline {pipeline.key!r} (generated)."
    base = PipelineMachine
    try:
        return type(f"{_camel(pipeline.key)}Machine", (base,), namespace)
    except InvalidDefinition as exc:  # pragma: no cover - the edges are built valid
        raise DefinitionError("Pipeline", [Problem("", f"python-statemachine: {exc}")]) from None


# -- diagrams ----------------------------------------------------------------------

_IDENT = re.compile(r"[^A-Za-z0-9_]")


def _labels(pipeline: Pipeline, locale: str) -> dict[str, str]:
    from salesflow.locales import default_catalogs, enum_key

    cats = default_catalogs()
    out: dict[str, str] = {}
    for sid, stage, status in _states(pipeline):
        name = cats.label(pipeline.stage_label_key(stage), locale)
        if status is not OpportunityStatus.OPEN:
            name = f"{name} ({cats.label(enum_key(status), locale)})"
        out[sid] = name
    return out


def _merged(pipeline: Pipeline) -> list[tuple[str, str, str]]:
    """Edges between the same two states merged; ``to_<next>`` folded into ``advance``."""
    merged: dict[tuple[str, str], list[str]] = {}
    for e in edges(pipeline):
        names = merged.setdefault((e.source, e.target), [])
        label = e.event if e.label in ("back", "skip") else e.label
        if label not in names:
            names.append(label)
    return [(s, t, ", ".join(names)) for (s, t), names in merged.items()]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(pipeline: Pipeline, locale: str = "en") -> str:
    labels = _labels(pipeline, locale)
    lines = [f"digraph {_quote(pipeline.key)} {{", "  rankdir=LR;", "  node [shape=box];"]
    lines.append('  start [shape=point, label=""];')
    first = pipeline.open_keys[0]
    lines.append(f"  start -> open_{first};")
    for sid, label in labels.items():
        shape = "doublecircle" if sid.startswith(("won_", "lost_")) else "box"
        lines.append(f"  {sid} [label={_quote(label)}, shape={shape}];")
    for src, tgt, label in _merged(pipeline):
        lines.append(f"  {src} -> {tgt} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(pipeline: Pipeline, locale: str = "en") -> str:
    labels = _labels(pipeline, locale)
    lines = ["stateDiagram-v2", "  direction LR"]
    for sid, label in labels.items():
        lines.append(f"  {sid}: {label.replace(':', ' ')}")
    lines.append(f"  [*] --> open_{pipeline.open_keys[0]}")
    for src, tgt, label in _merged(pipeline):
        lines.append(f"  {src} --> {tgt}: {label}")
    return "\n".join(lines) + "\n"
