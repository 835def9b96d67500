"""What a deal's stage history tells: when it entered its stage, time by stage, staleness.

Every function here is derived from an :class:`~salesflow.Opportunity`'s
``history`` (and ``created_at``) and a moment ``at``: nothing is stored, so
nothing can drift. ``at`` must be timezone-aware and not before the deal's
last change, else :class:`~salesflow.ValidationError`.

Time counts toward the stage a deal is in while it is open or paused;
after it is won or lost the clock stops (until a reopen).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING

from salesflow._checks import Checker
from salesflow.exceptions import ValidationError
from salesflow.records import Move, Opportunity, OpportunityStatus, StageChange

if TYPE_CHECKING:
    from salesflow.stages._pipeline import Pipeline

__all__ = [
    "cycle_time",
    "days_in_stage",
    "entered_stage_at",
    "is_stale",
    "time_by_stage",
    "time_in_stage",
    "timeline",
    "win_outcome",
]

_COUNTED = (OpportunityStatus.OPEN, OpportunityStatus.PAUSED)
_ENTRIES = (Move.OPEN, Move.REOPEN)


def _check(opp: object, at: object = None, *, with_at: bool = True) -> None:
    check = Checker("history")
    opp_ok = check.instance("opportunity", opp, Opportunity, "an Opportunity")
    if with_at and check.aware("at", at) and opp_ok:
        assert isinstance(opp, Opportunity)
        assert isinstance(at, datetime)
        if at < opp.updated_at:
            check.add(
                "at",
                f"{at.isoformat()} is before the deal's last change {opp.updated_at.isoformat()}",
            )
    check.done()


def entered_stage_at(opp: Opportunity) -> datetime:
    """When the deal entered the stage it is in (its creation if no change shows it).

    A change from another stage enters it; so does a reopen (the deal was
    closed, its clock restarts). Pausing and resuming in place do not.
    """
    _check(opp, with_at=False)
    stage = opp.stage
    for change in reversed(opp.history):
        if change.from_stage != stage or change.move in _ENTRIES:
            return change.at
    return opp.created_at


def time_in_stage(opp: Opportunity, at: datetime) -> timedelta:
    """How long the deal has been in its current stage at ``at``.

    For a won or lost deal the clock stopped when it closed (as in
    :func:`time_by_stage`): the time from entering the stage to the close.
    """
    _check(opp, at)
    end = opp.updated_at if opp.status.is_closed else at
    return end - entered_stage_at(opp)


def days_in_stage(opp: Opportunity, at: datetime) -> int:
    """Whole days the deal has been in its current stage at ``at``."""
    return time_in_stage(opp, at).days


def _segments(opp: Opportunity, at: datetime) -> list[tuple[str, OpportunityStatus, timedelta]]:
    history = opp.history
    out: list[tuple[str, OpportunityStatus, timedelta]] = []
    if not history:
        return [(opp.stage, opp.status, at - opp.created_at)]
    first = history[0]
    if first.from_stage is not None:
        status = first.from_status or OpportunityStatus.OPEN
        out.append((first.from_stage, status, first.at - opp.created_at))
    for k, change in enumerate(history):
        end = history[k + 1].at if k + 1 < len(history) else at
        out.append((change.to_stage, change.to_status, end - change.at))
    return out


def time_by_stage(opp: Opportunity, at: datetime) -> Mapping[str, timedelta]:
    """Total time spent in each stage up to ``at``, re-visits added up.

    Stages in the order the deal first entered them; time while open or
    paused counts, time after a win or loss does not.
    """
    _check(opp, at)
    totals: dict[str, timedelta] = {}
    for stage, status, span in _segments(opp, at):
        if status in _COUNTED:
            totals[stage] = totals.get(stage, timedelta(0)) + span
        else:
            totals.setdefault(stage, timedelta(0))
    return MappingProxyType(totals)


def is_stale(pipeline: Pipeline, opp: Opportunity, at: datetime) -> bool:
    """True when an open deal has sat in its stage for the stage's ``rot_days`` or more.

    ``opp`` must be a deal of ``pipeline`` (else :class:`~salesflow.ValidationError`).
    """
    from salesflow.stages._pipeline import Pipeline

    check = Checker("history")
    check.instance("pipeline", pipeline, Pipeline, "a Pipeline")
    try:
        _check(opp, at)
    except ValidationError as exc:
        check.extend("", exc.problems)
    check.done()
    stage = pipeline.stages[pipeline._own(opp)]
    if stage.rot_days is None or opp.status is not OpportunityStatus.OPEN:
        return False
    return at - entered_stage_at(opp) >= timedelta(days=stage.rot_days)


def cycle_time(opp: Opportunity) -> timedelta | None:
    """From creation to the (last) win or loss of a closed deal; ``None`` while not closed."""
    _check(opp, with_at=False)
    if not opp.status.is_closed:
        return None
    for change in reversed(opp.history):
        if change.move in (Move.WIN, Move.LOSE):
            return change.at - opp.created_at
    return opp.updated_at - opp.created_at


def timeline(opp: Opportunity, at: datetime) -> tuple[tuple[StageChange, timedelta | None], ...]:
    """Each change with how long its result lasted: until the next change, or ``at``.

    The last change of a closed deal lasts ``None`` (the clock has stopped).
    """
    _check(opp, at)
    history = opp.history
    out: list[tuple[StageChange, timedelta | None]] = []
    for k, change in enumerate(history):
        if k + 1 < len(history):
            out.append((change, history[k + 1].at - change.at))
        elif change.to_status.is_closed:
            out.append((change, None))
        else:
            out.append((change, at - change.at))
    return tuple(out)


def win_outcome(opp: Opportunity) -> str | None:
    """The outcome tag of a won deal's win (e.g. ``"upgraded"``), else ``None``."""
    _check(opp, with_at=False)
    if opp.status is not OpportunityStatus.WON:
        return None
    for change in reversed(opp.history):
        if change.move is Move.WIN:
            return change.reason
    return None
