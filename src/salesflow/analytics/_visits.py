"""Visits to a stage, read from a deal's stays: the observations time in stage is made of.

A **visit** is one unbroken time a deal spent in one stage, read from the
deal's stays up to ``at`` (:func:`salesflow.records.stays`, the one reading
of a history every figure shares):

* it **starts** when the deal enters the stage: at its creation, by a change
  from another stage, or by a reopen (the deal was won or lost: its clock
  restarts);
* pausing and resuming in place do not break it: paused time counts, as in
  :func:`salesflow.stages.time_by_stage` and the stale test;
* it **ends** (an *exit*) at the change that takes the deal to another stage
  or closes it (won or lost); a move back to an earlier stage is an exit
  too, and a later return is a new visit;
* a visit still running at ``at`` (the deal open or paused there) is
  **censored** at ``at``: it lasted at least ``at`` minus its start.

Deals created after ``at`` have no visit; changes after ``at`` are not read.
This module is the reference engine; :mod:`._visits_polars` reads the same
visits from the tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from salesflow.analytics._reference import _key
from salesflow.analytics._rules import Key
from salesflow.analytics._spec import Spec
from salesflow.records import Opportunity, stays

__all__ = ["Counted", "add", "time_in_stage", "visits"]

#: Per (group..., pipeline, stage): for each duration in microseconds, [exits, censored].
Counted = dict[Key, dict[int, list[int]]]

_US = timedelta(microseconds=1)


def visits(opportunity: Opportunity, at: datetime) -> Iterator[tuple[str, int, bool]]:
    """Each visit of the deal up to ``at``: (stage, duration in microseconds, exited)."""
    if opportunity.created_at > at:
        return
    found = stays(opportunity, until=at)
    start: datetime | None = None
    for i, stay in enumerate(found):
        if stay.status.is_closed:
            continue
        before = found[i - 1] if i else None
        if before is None or before.stage != stay.stage or before.status.is_closed:
            start = stay.entered_at
        after = found[i + 1] if i + 1 < len(found) else None
        assert start is not None
        if after is None:
            yield stay.stage, (at - start) // _US, False
        elif after.stage != stay.stage or after.status.is_closed:
            yield stay.stage, (after.entered_at - start) // _US, True


def add(out: Counted, key: Key, duration: int, exited: bool, n: int = 1) -> None:
    """Count ``n`` visits of ``duration`` under ``key``."""
    cell = out.setdefault(key, {}).setdefault(duration, [0, 0])
    cell[0 if exited else 1] += n


def time_in_stage(spec: Spec, book: Sequence[Opportunity], at: datetime) -> Counted:
    """The reference engine: every deal's visits, counted by group, pipeline and stage."""
    out: Counted = {}
    for opp in book:
        group = _key(spec, opp)
        for stage, duration, exited in visits(opp, at):
            add(out, (*group, opp.pipeline, stage), duration, exited)
    return out
