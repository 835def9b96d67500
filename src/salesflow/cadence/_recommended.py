"""From a pipeline's score recommendations to the events that start time rules.

A deal whose score recommends re-planning or pausing it (the three-dimension
assessment's ``weak`` band: ``"replan_or_pause"``) gets a
``replan_recommended`` :class:`~salesflow.cadence.Event`, which starts the
``weak_deal_replan`` rule's clock on its owner's agenda. Record the events
when the deals are assessed (once per assessment), with the rest of the
tracker's events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from salesflow._checks import Checker, to_tuple
from salesflow.cadence._rules import CadenceEventKind, Event
from salesflow.records import Opportunity
from salesflow.stages import Pipeline

__all__ = ["REPLAN_MOVES", "replan_events"]

#: The recommended moves that mean "re-plan or pause this deal".
REPLAN_MOVES = frozenset({"replan_or_pause"})


def replan_events(
    pipeline: Pipeline,
    opportunities: Iterable[Opportunity],
    *,
    at: datetime,
    by: str | None = None,
) -> list[Event]:
    """A ``replan_recommended`` event at ``at`` for each deal whose scores recommend it.

    Deals of other pipelines are left out; each deal's scores are read as
    :meth:`~salesflow.stages.Pipeline.recommendations` reads them.
    """
    check = Checker("replan_events")
    check.instance("pipeline", pipeline, Pipeline, "a Pipeline")
    check.aware("at", at)
    check.optional_text("by", by)
    deals = to_tuple(opportunities)
    check.items("opportunities", deals, Opportunity, "Opportunity values")
    check.done()
    out: list[Event] = []
    for opp in deals:
        if opp.pipeline != pipeline.key:
            continue
        if any(r.move in REPLAN_MOVES for r in pipeline.recommendations(opp)):
            out.append(
                Event(kind=CadenceEventKind.REPLAN_RECOMMENDED, subject_id=opp.id, at=at, owner=by)
            )
    return out
