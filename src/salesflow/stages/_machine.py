"""The python-statemachine class generated from a pipeline (through its public API only).

The states are the places a deal can be: ``open_<stage>``, ``paused_<stage>``,
``lost_<stage>`` for every stage an open deal may be in, and ``won_<stage>``
where a win lands. The events are the moves: ``advance`` (to the next stage),
``to_<stage>`` (to a given stage: back, next, or skipping when allowed),
``win``, ``lose``, ``pause``, ``resume`` and ``reopen``.

Only public python-statemachine API is used: conditions, validators, the
``"*"`` event and ``send``. An edge's *condition* asks the move rules
(:mod:`._rules`, the fast engine's own), so ``enabled_events()`` tells the
truth. Every state ends with a catch-all self-transition (event ``"*"``)
that is never taken: its *validator* raises
:class:`~salesflow.TransitionError` with the rules' reasons, so an event no
edge takes is refused with the fast engine's reasons and never reaches
python-statemachine's ``TransitionNotAllowed``. ``send`` of an event the
class lacks (``to_nowhere``) is refused the same way.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from statemachine import State, StateMachine
from statemachine.exceptions import InvalidDefinition

from salesflow._checks import describe, require_enum, require_text
from salesflow.exceptions import DefinitionError, Problem, Reason, TransitionError, ValidationError
from salesflow.records import Opportunity, OpportunityStatus
from salesflow.stages import _rules
from salesflow.stages._lookups import Lookups

__all__ = ["PipelineMachine", "machine_class", "state_id"]

_STATUS_PREFIX = {
    OpportunityStatus.OPEN: "open",
    OpportunityStatus.PAUSED: "paused",
    OpportunityStatus.WON: "won",
    OpportunityStatus.LOST: "lost",
}


def state_id(stage: str, status: OpportunityStatus | str) -> str:
    """The generated machine's state id for a deal in ``stage`` with ``status``."""
    require_text("state_id", "stage", stage)
    found = require_enum("state_id", "status", status, OpportunityStatus)
    return f"{_STATUS_PREFIX[found]}_{stage}"


def _event_move(event: str) -> tuple[str, str | None]:
    """The move an event stands for, and its target stage (``to_<stage>`` events)."""
    return ("advance", event[3:]) if event.startswith("to_") else (event, None)


class PipelineMachine(StateMachine):
    """Base of generated pipeline machines: tracks one deal's place.

    ``opportunity`` is the deal the gates are checked on; the machine
    starts where it stands (its stage and status). Refused events raise
    :class:`~salesflow.TransitionError`, with the fast engine's reasons.
    """

    #: the :class:`~salesflow.stages.Pipeline` the class was generated from
    pipeline: Any
    #: state id -> (stage, status)
    places: Mapping[str, tuple[str, OpportunityStatus]]
    #: state id -> the events that move the deal from there
    moves_from: Mapping[str, tuple[str, ...]]
    #: the ids of every event of the class
    event_ids: frozenset[str] = frozenset()
    lookups: Lookups
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
        start = None if opportunity is None else _start(type(self), opportunity)
        super().__init__(start_value=start, listeners=listeners, **kwargs)

    @property
    def state(self) -> str:
        """The current state id, e.g. ``"open_book_visit"``."""
        return str(self.current_state_value)

    @property
    def stage(self) -> str:
        return self.places[self.state][0]

    @property
    def status(self) -> OpportunityStatus:
        return self.places[self.state][1]

    @property
    def allowed_events(self) -> list[Any]:
        """The events that have a transition out of the current state."""
        return [getattr(self, name) for name in self.moves_from[self.state]]

    def send(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Send ``event``; one this pipeline lacks is refused with the rules' reasons."""
        if not (isinstance(event, str) and event in self.event_ids):
            raise self.refusal(str(event), self.reasons(str(event), kwargs))
        return super().send(event, *args, **kwargs)

    def reasons(self, event: str, arguments: Mapping[str, Any]) -> tuple[Reason, ...]:
        """Why ``event`` with ``arguments`` (reason, outcome, context) is refused here."""
        move, to = _event_move(event)
        if move not in _rules.MOVES:
            return ()
        stage, status = self.places[self.state]
        lk = self.lookups
        return _rules.move_reasons(
            lk,
            move,
            lk.index[stage],
            status,
            self.opportunity,
            to=to,
            reason=arguments.get("reason"),
            outcome=arguments.get("outcome"),
            context=arguments.get("context"),
        )

    def refusal(self, event: str, reasons: tuple[Reason, ...]) -> TransitionError:
        """The TransitionError of a refused ``event`` (a generic reason when none is given)."""
        move, to = _event_move(event)
        if not reasons:
            message = f"pipeline {self.lookups.key!r} has no {event!r} move from {self.state!r}"
            reasons = (Reason("not_allowed", message, self.stage),)
        opp = self.opportunity
        return TransitionError(
            move,
            opp.id if opp is not None else "(untracked)",
            reasons,
            from_stage=self.stage,
            to_stage=to,
        )


def _start(cls: type[PipelineMachine], opportunity: object) -> str:
    """The state a tracked deal starts in; a deal that has none is refused."""
    if not isinstance(opportunity, Opportunity):
        raise ValidationError.single(
            cls.__name__,
            "opportunity",
            f"expected an Opportunity or None, got {describe(opportunity)}",
        )
    _, reasons = _rules.where(cls.lookups, opportunity)
    start = state_id(opportunity.stage, opportunity.status)
    if not reasons and start not in cls.places:
        message = f"no state {start!r} in pipeline {cls.lookups.key!r}"
        reasons = (Reason("unknown_stage", message, opportunity.stage),)
    if reasons:
        raise TransitionError("track", opportunity.id, reasons)
    return start


def _refuse_any(machine: Any, event: Any, *args: Any, **kwargs: Any) -> None:
    """Validator of the catch-all transition: ``event`` has no transition from here."""
    name = str(getattr(event, "id", event))
    raise machine.refusal(name, machine.reasons(name, kwargs))


def _condition(event: str) -> Callable[..., bool]:
    def allowed(machine: Any, *args: Any, **kwargs: Any) -> bool:
        return not machine.reasons(event, kwargs)

    return allowed


def _never(*args: Any, **kwargs: Any) -> bool:
    return False


def _camel(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_")) or "Pipeline"


# the edges the rules can refuse from their source (a gate, a reason, an outcome)
_GUARDED = frozenset({"advance", "skip", "win", "lose"})


def _events(lk: Lookups, states: dict[str, State]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Every event's transitions, and the moves out of each state (in the edges' order).

    An edge the rules can refuse has their answer as its condition. After
    its edges, each state has one self-transition for every event (``"*"``),
    whose condition never holds and whose validator raises the rules'
    refusal: python-statemachine reaches it exactly when no edge of the
    event is taken. A move the pipeline never allows (``reopen`` without
    ``allow_reopen``) is an event with no edge, so ``sm.reopen()`` is a
    refusal too.
    """
    events: dict[str, Any] = {}
    moves_from: dict[str, list[str]] = {sid: [] for sid in states}
    for edge in _rules.edges(lk):
        name = edge.event
        # the event id given explicitly: python-statemachine then has no event to rename
        # (3.0 and 3.1 tripped over the "*" transitions while renaming)
        kw: dict[str, Any] = {"event": name}
        if edge.move in _GUARDED:
            kw["cond"] = [_condition(name)]
        transition = states[edge.source].to(states[edge.target], **kw)
        events[name] = transition if name not in events else events[name] | transition
        moves_from[edge.source].append(name)
    for state in states.values():
        state.to(state, event="*", validators=[_refuse_any], cond=[_never])
    first = next(iter(states.values()))
    for name in _rules.MOVES:
        if name not in events:  # one refusing transition makes it an event of the class
            events[name] = first.to(first, event=name, validators=[_refuse_any], cond=[_never])
    return events, moves_from


def build_machine(pipeline: object, lk: Lookups) -> type[PipelineMachine]:
    """Generate the :class:`statemachine.StateMachine` subclass of ``pipeline``."""
    places = _rules.states(lk)
    states = {
        sid: State(f"{stage} ({status.value})", value=sid, initial=n == 0)
        for n, (sid, stage, status) in enumerate(places)
    }
    events, moves_from = _events(lk, states)
    namespace: dict[str, Any] = {**states, **events}
    namespace["pipeline"] = pipeline
    namespace["lookups"] = lk
    namespace["places"] = {sid: (stage, status) for sid, stage, status in places}
    namespace["moves_from"] = {sid: tuple(dict.fromkeys(m)) for sid, m in moves_from.items()}
    namespace["event_ids"] = frozenset(events)
    namespace["__doc__"] = f"The state machine of pipeline {lk.key!r} (generated)."
    try:
        return type(f"{_camel(lk.key)}Machine", (PipelineMachine,), namespace)
    except InvalidDefinition as exc:  # pragma: no cover - the edges are built valid
        raise DefinitionError("Pipeline", [Problem("", f"python-statemachine: {exc}")]) from None


# one class per pipeline value, built once even under threads; the class holds its
# pipeline, and the entry goes when the class does (the pipeline itself holds nothing)
_classes: weakref.WeakValueDictionary[int, type[PipelineMachine]] = weakref.WeakValueDictionary()
_lock = threading.Lock()


def machine_class(pipeline: object, lk: Lookups) -> type[PipelineMachine]:
    """The generated class of ``pipeline`` (whose look-ups are ``lk``), built on first use."""
    cls = _classes.get(id(pipeline))
    if cls is not None and cls.pipeline is pipeline:
        return cls
    with _lock:
        cls = _classes.get(id(pipeline))
        if cls is None or cls.pipeline is not pipeline:
            cls = build_machine(pipeline, lk)
            _classes[id(pipeline)] = cls
    return cls
