"""The fast engine: each move returns a new deal with one change appended, or raises.

Every move validates only what it adds (``at``, ``by``, ``reason``,
``note``, ``context``), asks :mod:`._rules` whether it is allowed, and builds
the result without re-running the record's full checks: the input was
valid and the move keeps it so (a property test shows every result passes
full validation). A failed move raises and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timezone
from typing import Any

from salesflow._checks import Checker, describe, make_builder, make_evolver, shown
from salesflow.exceptions import Reason, TransitionError, ValidationError
from salesflow.frozen import EMPTY
from salesflow.money import Money
from salesflow.records import AttributeValue, Move, Opportunity, OpportunityStatus, StageChange
from salesflow.stages import _rules
from salesflow.stages._lookups import Lookups

__all__ = [
    "advance",
    "check_subject",
    "final_amount",
    "forward",
    "fused_lose",
    "fused_open",
    "fused_win",
    "lose",
    "open",
    "reopen",
    "status_move",
    "win",
]

_OPEN = OpportunityStatus.OPEN
_WON = OpportunityStatus.WON
_LOST = OpportunityStatus.LOST
_PAUSED = OpportunityStatus.PAUSED
# stands in for a bad ``at`` while the other arguments of ``open`` are checked
_ANY_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_change = make_builder(StageChange, positional=True)
_deal = make_builder(Opportunity)
_moved = make_evolver(Opportunity, ("stage", "status", "probability", "lost_reason", "history"))


def _check_context(check: Checker, context: object) -> None:
    if context is not None and not isinstance(context, Mapping):
        check.add("context", f"expected a mapping or None, got {describe(context)}")


def check_subject(opportunity: object, context: object, **values: object) -> None:
    """``opportunity`` is one, each of ``values`` is text or None, ``context`` a mapping."""
    check = Checker("move")
    check.instance("opportunity", opportunity, Opportunity, "an Opportunity")
    for path, value in values.items():
        if value is not None:
            check.text(path, value)
    _check_context(check, context)
    check.done()


def _prelude(
    opp: Opportunity,
    at: datetime,
    by: str | None,
    note: str | None,
    value: object = None,
    path: str = "",
    *,
    required: bool = False,
    context: object = None,
) -> None:
    """Validate what a move adds; raise a ValidationError listing every problem."""
    if (
        (context is None or type(context) is dict)
        and type(opp) is Opportunity
        and type(at) is datetime
        and at.tzinfo is not None
        # blank text is refused by the slow path (as the record refuses it)
        and (by is None or (type(by) is str and by and not by.isspace()))
        and (note is None or type(note) is str)
        and (value is None or (type(value) is str and value and not value.isspace()))
        and (value is not None or not required)
    ):
        hist = opp.history
        last = hist[-1].at if hist else opp.created_at
        if at.utcoffset() is not None and at >= last:
            return
    check = Checker("move")
    opp_ok = check.instance("opportunity", opp, Opportunity, "an Opportunity")
    if check.aware("at", at) and opp_ok and at < opp.updated_at:
        check.add(
            "at",
            f"{at.isoformat()} is before the deal's last change "
            f"{opp.updated_at.isoformat()} (moves are recorded in time order)",
        )
    check.optional_text("by", by)
    if note is not None:
        check.text("note", note, allow_empty=True)
    if value is None:
        if required:
            check.add(path, "required (expected one of the pipeline's lost reasons)")
    else:
        check.text(path, value)
    _check_context(check, context)
    check.done()


def _record(
    lk: Lookups,
    opp: Opportunity,
    move: Move,
    at: datetime,
    target: int,
    status: OpportunityStatus,
    by: str | None,
    reason: str | None,
    note: str | None,
    lost_reason: str | None,
) -> Opportunity:
    from_stage = opp.stage
    from_status = opp.status
    to_stage = lk.keys[target]
    override = opp.probability
    if from_status is _WON:
        before = 100
    elif from_status is _LOST:
        before = 0
    elif override is not None:
        before = override
    else:
        before = lk.probs[lk.index[from_stage]]
    if to_stage != from_stage and not lk.policy.keep_probability:
        override = None
    if status is _WON:
        after = 100
    elif status is _LOST:
        after = 0
    elif override is not None:
        after = override
    else:
        after = lk.probs[target]
    # positional, in StageChange's field order
    change = _change(
        move, at, to_stage, status, after, from_stage, from_status, before, by, reason, note
    )
    return _moved(opp, to_stage, status, override, lost_reason, (*opp.history, change))


def _name(lk: Lookups, target: int, to: str | None) -> str | None:
    if to is not None:
        return to
    return lk.keys[target] if 0 <= target < len(lk.keys) else None


def advance_check(
    lk: Lookups, opp: Opportunity, to: str | None, context: Mapping[str, Any] | None
) -> tuple[int, tuple[Reason, ...]]:
    """The target of ``advance`` for a deal, and every reason it is refused."""
    i, reasons = _rules.where(lk, opp)
    if i is None:
        return -1, reasons
    return _rules.advance_reasons(lk, i, opp.status, to, opp, context)


def _in_order(opp: Opportunity, at: datetime) -> bool:
    """``at`` is aware and not before the deal's last change (a fixed offset: no call)."""
    tz = at.tzinfo
    if tz is None or (type(tz) is not timezone and at.utcoffset() is None):
        return False
    hist = opp.history
    return at >= (hist[-1].at if hist else opp.created_at)


def _plain(lk: Lookups, opp: Opportunity, at: datetime, *, paused: bool = False) -> int | None:
    """Where an open deal (or a paused one) stands when a fused move may go ahead;
    None: the general path.

    The general path's checks, in the order that settles the common case
    soonest; any doubt (a refusal, a bad argument) goes the general way,
    which reports it.
    """
    if not (
        type(opp) is Opportunity
        and type(at) is datetime
        and (opp.status is _OPEN or (paused and opp.status is _PAUSED))
        and opp.pipeline == lk.key
    ):
        return None
    i = lk.index.get(opp.stage)
    if i is None or not _in_order(opp, at):
        return None
    return i


def forward(lk: Lookups, opp: Opportunity, at: datetime) -> Opportunity | None:
    """``advance`` with no option, fused: one stage on, read from the stage's prebuilt
    step; None when the general path must decide."""
    if not (
        type(opp) is Opportunity
        and type(at) is datetime
        and opp.status is _OPEN
        and opp.pipeline == lk.key
    ):
        return None
    step = lk.steps.get(opp.stage)
    if step is None or not _in_order(opp, at):
        return None
    i, before, to_stage, after, gated = step
    if gated and _rules.gate_reasons(lk, i, opp, None):
        return None
    override = opp.probability
    if override is not None:
        before = override
        if lk.policy.keep_probability:
            after = override
        else:
            override = None
    change = _change(
        Move.ADVANCE, at, to_stage, _OPEN, after, opp.stage, _OPEN, before, None, None, None
    )
    return _moved(opp, to_stage, _OPEN, override, None, (*opp.history, change))


def fused_win(lk: Lookups, opp: Opportunity, at: datetime) -> Opportunity | None:
    """``win`` with no option, fused; None when the general path must decide."""
    i = _plain(lk, opp, at)
    if i is None or lk.policy.win_needs_reason:
        return None
    if lk.policy.win_needs_gate and _rules.gate_reasons(lk, i, opp, None):
        return None
    target = i if lk.won_index is None else lk.won_index
    override = opp.probability
    before = lk.probs[i] if override is None else override
    to_stage = lk.keys[target]
    if to_stage != opp.stage and not lk.policy.keep_probability:
        override = None
    change = _change(Move.WIN, at, to_stage, _WON, 100, opp.stage, _OPEN, before, None, None, None)
    return _moved(opp, to_stage, _WON, override, None, (*opp.history, change))


def fused_lose(
    lk: Lookups, opp: Opportunity, reason: str | None, at: datetime
) -> Opportunity | None:
    """``lose`` for one of the pipeline's lost reasons, fused; None when the general path
    must decide. The deal stays in its stage, so a probability override stays too."""
    if type(reason) is not str or reason not in lk.lost_reason_set:
        return None
    i = _plain(lk, opp, at, paused=True)
    if i is None:
        return None
    override = opp.probability
    before = lk.probs[i] if override is None else override
    stage = opp.stage
    change = _change(Move.LOSE, at, stage, _LOST, 0, stage, opp.status, before, None, reason, None)
    return _moved(opp, stage, _LOST, override, reason, (*opp.history, change))


def advance(
    lk: Lookups,
    opp: Opportunity,
    to: str | None,
    at: datetime,
    by: str | None,
    note: str | None,
    context: Mapping[str, Any] | None,
) -> Opportunity:
    """``Pipeline.advance``."""
    _prelude(opp, at, by, note, to, "to", context=context)
    i = lk.index.get(opp.stage) if opp.pipeline == lk.key else None
    if i is None:
        target, reasons = -1, _rules.where(lk, opp)[1]
    else:
        target, reasons = _rules.advance_reasons(lk, i, opp.status, to, opp, context)
    if reasons:
        raise TransitionError(
            "advance", opp.id, reasons, from_stage=opp.stage, to_stage=_name(lk, target, to)
        )
    assert i is not None  # a deal with no place was refused above
    move = Move.ADVANCE if target > i else Move.BACK
    return _record(lk, opp, move, at, target, _OPEN, by, None, note, None)


def win(
    lk: Lookups,
    opp: Opportunity,
    at: datetime,
    by: str | None,
    outcome: str | None,
    note: str | None,
    context: Mapping[str, Any] | None,
    reason: str | None = None,
) -> Opportunity:
    """``Pipeline.win``: the change's ``reason`` is the won reason, else the outcome tag."""
    _prelude(opp, at, by, note, outcome, "outcome", context=context)
    if reason is not None:
        _prelude(opp, at, by, note, reason, "reason")
    i, reasons = _rules.where(lk, opp)
    if i is not None:
        reasons = _rules.win_reasons(lk, i, opp.status, outcome, opp, context, reason)
    if reasons or i is None:
        raise TransitionError("win", opp.id, reasons, from_stage=opp.stage)
    target = i if lk.won_index is None else lk.won_index
    tag = outcome if reason is None else reason
    return _record(lk, opp, Move.WIN, at, target, _WON, by, tag, note, None)


def lose(
    lk: Lookups,
    opp: Opportunity,
    reason: str | None,
    at: datetime,
    by: str | None,
    note: str | None,
) -> Opportunity:
    """``Pipeline.lose``; without ``reason``, the pipeline's stand-in (if any) is recorded."""
    if reason is None:
        reason = lk.lost_stand_in
    _prelude(opp, at, by, note, reason, "reason", required=True)
    i, reasons = _rules.where(lk, opp)
    if i is not None:
        reasons = _rules.lose_reasons(lk, i, opp.status, reason)
    if reasons or i is None:
        raise TransitionError("lose", opp.id, reasons, from_stage=opp.stage)
    return _record(lk, opp, Move.LOSE, at, i, _LOST, by, reason, note, reason)


def final_amount(opp: Opportunity, amount: object) -> Money:
    """``amount`` as a won deal's final value, checked: Money, not negative, the deal's currency."""
    if not isinstance(amount, Money):
        raise ValidationError.single(
            "move", "amount", f"expected Money (the final value) or None, got {describe(amount)}"
        )
    if amount.amount < 0:
        raise ValidationError.single(
            "move", "amount", f"{amount} is negative (expected a final value of at least 0)"
        )
    if isinstance(opp, Opportunity) and amount.currency != opp.amount.currency:
        raise ValidationError.single(
            "move",
            "amount",
            f"{amount} is in {amount.currency}, the deal {opp.id!r} in {opp.amount.currency} "
            f"(expected a final value in {opp.amount.currency})",
        )
    return amount


_STATUS_MOVES = {
    "pause": ((_OPEN,), Move.PAUSE, _PAUSED),
    "resume": ((_PAUSED,), Move.RESUME, _OPEN),
}


def status_move(
    lk: Lookups,
    name: str,
    opp: Opportunity,
    at: datetime,
    by: str | None,
    note: str | None,
    reason: str | None = None,
) -> Opportunity:
    """``Pipeline.pause`` and ``Pipeline.resume``: the deal stays where it is."""
    allowed, move, status = _STATUS_MOVES[name]
    _prelude(opp, at, by, note, reason, "reason")
    i, reasons = _rules.where(lk, opp)
    if i is not None:
        reasons = _rules.status_reasons(lk, i, opp.status, allowed, name)
    if reasons or i is None:
        raise TransitionError(name, opp.id, reasons, from_stage=opp.stage)
    return _record(lk, opp, move, at, i, status, by, reason, note, None)


def reopen(
    lk: Lookups, opp: Opportunity, at: datetime, by: str | None, note: str | None
) -> Opportunity:
    """``Pipeline.reopen``."""
    _prelude(opp, at, by, note)
    i, reasons = _rules.where(lk, opp)
    if i is not None:
        reasons = _rules.reopen_reasons(lk, i, opp.status)
    if reasons or i is None:
        raise TransitionError("reopen", opp.id, reasons, from_stage=opp.stage)
    target = _rules.reopen_target(lk, i)
    return _record(lk, opp, Move.REOPEN, at, target, _OPEN, by, None, note, None)


def _shown_id(id: object) -> str:
    """The id a refusal names: the id itself, or its bounded description if not a string."""
    return id if isinstance(id, str) else shown(id)


def _open_stage(lk: Lookups, id: object, stage: object) -> tuple[int, bool]:
    """The position a new deal opens in, and whether ``stage`` was of a bad type."""
    if stage is None:
        return 0, False
    if not isinstance(stage, str):
        return 0, True  # reported with the other bad arguments
    got = lk.index.get(stage)
    if got is None:
        reason = Reason("unknown_stage", lk.unknown(stage), stage)
        raise TransitionError("open", _shown_id(id), [reason], to_stage=stage)
    if got > lk.last_open:
        reason = Reason("not_allowed", _rules.won_only(stage), stage)
        raise TransitionError("open", _shown_id(id), [reason], to_stage=stage)
    return got, False


def open(
    lk: Lookups,
    fields: dict[str, Any],
    at: datetime,
    stage: str | None,
    by: str | None,
    note: str | None,
) -> Opportunity:
    """``Pipeline.open``: ``fields`` are the record's own (id, customer_id, owner, ...)."""
    i, stage_bad = _open_stage(lk, fields["id"], stage)
    fields["pipeline"] = lk.key
    fields["stage"] = lk.keys[i]
    if fields["attributes"] is None:
        fields["attributes"] = {}
    check = Checker("Opportunity")
    if stage_bad:
        check.add("stage", f"expected a stage key, got {describe(stage)}")
    at_ok = check.aware("at", at)
    check.optional_text("by", by)
    if note is not None:
        check.text("note", note, allow_empty=True)
    if check.problems:
        # name every bad argument at once: the record's own problems too
        when = at if at_ok else _ANY_TIME
        check.nested("", lambda: Opportunity(created_at=when, **fields))
        check.fail()
    probability = fields["probability"]
    prob = lk.probs[i] if probability is None else probability
    if isinstance(prob, bool) or not isinstance(prob, int):
        prob = 0  # the record's own check reports the bad override
    change = StageChange(
        move=Move.OPEN,
        at=at,
        to_stage=lk.keys[i],
        to_status=_OPEN,
        probability_after=min(max(prob, 0), 100),
        by=by,
        note=note,
    )
    return Opportunity(created_at=at, history=(change,), **fields)


def _text(value: object) -> bool:
    """Non-blank text, as the record's own check wants it."""
    return type(value) is str and bool(value) and not value.isspace()


def fused_open(
    lk: Lookups,
    id: str,
    customer_id: str,
    owner: str,
    amount: Money,
    at: datetime,
    name: str,
    expected_close: date | None,
    probability: int | None,
) -> Opportunity | None:
    """``open`` in the first stage with no attributes, by or note, fused: every field
    checked here as the record checks it, then one build of each record; None when any
    value is not plainly good (the general path reports it)."""
    if not (
        _text(id)
        and _text(customer_id)
        and _text(owner)
        and type(amount) is Money
        and amount.amount >= 0
        and type(at) is datetime
        and at.tzinfo is not None
        and at.utcoffset() is not None
        and type(name) is str
        and (expected_close is None or type(expected_close) is date)
        and (probability is None or (type(probability) is int and 0 <= probability <= 100))
    ):
        return None
    stage = lk.keys[0]
    after = lk.probs[0] if probability is None else probability
    change = _change(Move.OPEN, at, stage, _OPEN, after, None, None, None, None, None, None)
    return _deal(
        id=id,
        customer_id=customer_id,
        owner=owner,
        pipeline=lk.key,
        stage=stage,
        amount=amount,
        created_at=at,
        status=_OPEN,
        name=name,
        expected_close=expected_close,
        lost_reason=None,
        probability=probability,
        history=(change,),
        attributes=EMPTY,
        checklists=EMPTY,
        lead_id=None,
    )


def opening_fields(
    id: str,
    customer_id: str,
    owner: str,
    amount: Money,
    name: str,
    expected_close: date | None,
    probability: int | None,
    attributes: Mapping[str, AttributeValue] | None,
) -> dict[str, Any]:
    """The record fields ``open`` passes on, by name."""
    return {
        "id": id,
        "customer_id": customer_id,
        "owner": owner,
        "amount": amount,
        "name": name,
        "expected_close": expected_close,
        "probability": probability,
        "attributes": attributes,
    }
