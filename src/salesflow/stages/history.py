"""What a deal's stage history tells: when it entered its stage, time by stage, staleness.

Every function here is derived from an :class:`~salesflow.Opportunity`'s
``history`` (and ``created_at``) and a moment ``at``: nothing is stored, so
nothing can drift. ``at`` must be timezone-aware and not before the deal's
last change, else :class:`~salesflow.ValidationError`.

Time counts toward the stage a deal is in while it is open or paused;
after it is won or lost the clock stops (until a reopen). The figures are
read from the deal's stays (:func:`salesflow.records.stays`), the one
reading of a history the time rules share.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

import attrs

from salesflow._checks import Checker, freeze_mapping
from salesflow.exceptions import ValidationError
from salesflow.records import Move, Opportunity, OpportunityStatus, StageChange, Stay, stays
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


def _check(opportunity: object, at: object = None, *, with_at: bool = True) -> None:
    check = Checker("history")
    opp_ok = check.instance("opportunity", opportunity, Opportunity, "an Opportunity")
    if with_at and check.aware("at", at) and opp_ok:
        assert isinstance(opportunity, Opportunity)
        assert isinstance(at, datetime)
        if at < opportunity.updated_at:
            check.add(
                "at",
                f"{at.isoformat()} is before the deal's last change "
                f"{opportunity.updated_at.isoformat()}",
            )
    check.done()


def _stays(opportunity: Opportunity, until: datetime) -> tuple[Stay, ...]:
    """The deal's stays; a history that starts by opening the deal starts with it."""
    found = stays(opportunity, until=until)
    history = opportunity.history
    if history and history[0].from_stage is None and found[0].entered_at != history[0].at:
        found = (attrs.evolve(found[0], entered_at=history[0].at), *found[1:])
    return found


def _entry(found: tuple[Stay, ...]) -> Stay:
    """The stay in which the deal entered its current stage.

    Stays in the same stage run back to the entry; pausing and resuming in
    place do not break the run, a reopen (leaving a won or lost stay) does.
    """
    k = len(found) - 1
    stage = found[k].stage
    while k > 0 and found[k - 1].stage == stage and not found[k - 1].status.is_closed:
        k -= 1
    return found[k]


def entered_stage_at(opportunity: Opportunity) -> datetime:
    """When the deal entered the stage it is in (its creation if no change shows it).

    A change from another stage enters it; so does a reopen (the deal was
    closed, its clock restarts). Pausing and resuming in place do not.
    """
    _check(opportunity, with_at=False)
    return _entry(_stays(opportunity, opportunity.updated_at)).entered_at


def time_in_stage(opportunity: Opportunity, *, at: datetime) -> timedelta:
    """How long the deal has been in its current stage at ``at``.

    For a won or lost deal the clock stopped when it closed (as in
    :func:`time_by_stage`): the time from entering the stage to the close.
    """
    _check(opportunity, at)
    end = opportunity.updated_at if opportunity.status.is_closed else at
    return end - _entry(_stays(opportunity, at)).entered_at


def days_in_stage(opportunity: Opportunity, *, at: datetime) -> int:
    """Whole days the deal has been in its current stage at ``at``."""
    return time_in_stage(opportunity, at=at).days


def time_by_stage(opportunity: Opportunity, *, at: datetime) -> Mapping[str, timedelta]:
    """Total time spent in each stage up to ``at``, re-visits added up.

    Stages in the order the deal first entered them; time while open or
    paused counts, time after a win or loss does not.
    """
    _check(opportunity, at)
    totals: dict[str, timedelta] = {}
    for stay in _stays(opportunity, at):
        if stay.status in _COUNTED:
            totals[stay.stage] = totals.get(stay.stage, timedelta(0)) + stay.length(until=at)
        else:
            totals.setdefault(stay.stage, timedelta(0))
    frozen: Mapping[str, timedelta] = freeze_mapping(totals)
    return frozen


def is_stale(pipeline: Pipeline, opportunity: Opportunity, *, at: datetime) -> bool:
    """True when an open deal has sat in its stage for the stage's ``rot_days`` or more.

    ``opportunity`` must be a deal of ``pipeline`` (else :class:`~salesflow.ValidationError`).
    """
    check = Checker("history")
    check.instance("pipeline", pipeline, Pipeline, "a Pipeline")
    try:
        _check(opportunity, at)
    except ValidationError as exc:
        check.extend("", exc.problems)
    check.done()
    stage = pipeline.stage_of(opportunity)
    if stage.rot_days is None or opportunity.status is not OpportunityStatus.OPEN:
        return False
    entered = _entry(_stays(opportunity, at)).entered_at
    # whole days compared, never a timedelta of rot_days built (10**10 days overflows)
    return (at - entered).days >= stage.rot_days


def cycle_time(opportunity: Opportunity) -> timedelta | None:
    """From creation to the (last) win or loss of a closed deal; ``None`` while not closed."""
    _check(opportunity, with_at=False)
    if not opportunity.status.is_closed:
        return None
    for change in reversed(opportunity.history):
        if change.move in (Move.WIN, Move.LOSE):
            return change.at - opportunity.created_at
    return opportunity.updated_at - opportunity.created_at


def timeline(
    opportunity: Opportunity, *, at: datetime
) -> tuple[tuple[StageChange, timedelta | None], ...]:
    """Each change with how long its result lasted: until the next change, or ``at``.

    The last change of a closed deal lasts ``None`` (the clock has stopped).
    """
    _check(opportunity, at)
    history = opportunity.history
    out: list[tuple[StageChange, timedelta | None]] = []
    for k, change in enumerate(history):
        if k + 1 < len(history):
            out.append((change, history[k + 1].at - change.at))
        elif change.to_status.is_closed:
            out.append((change, None))
        else:
            out.append((change, at - change.at))
    return tuple(out)


def win_outcome(opportunity: Opportunity) -> str | None:
    """The outcome tag of a won deal's win (e.g. ``"upgraded"``), else ``None``."""
    _check(opportunity, with_at=False)
    if opportunity.status is not OpportunityStatus.WON:
        return None
    for change in reversed(opportunity.history):
        if change.move is Move.WIN:
            return change.reason
    return None
