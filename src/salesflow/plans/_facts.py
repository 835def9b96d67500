"""What the plans tell a checklist: done actions as facts the items' predicates read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from salesflow._checks import Checker, describe
from salesflow.frozen import FrozenDict
from salesflow.plans._actions import Action, TacticalPlan
from salesflow.plans._calls import ExecutiveCallPlan
from salesflow.plans._presentation import PresentationPlan
from salesflow.predicates._plans import DEMO_OR_REFERENCE_VISIT

__all__ = ["Plan", "checklist_facts", "plan_actions"]

#: A plan that holds actions or is one.
Plan = TacticalPlan | ExecutiveCallPlan | PresentationPlan


def _plans(where: str, plans: object) -> tuple[Plan, ...]:
    check = Checker(where)
    found: object = plans
    if isinstance(plans, Iterable) and not isinstance(plans, (str, bytes, Mapping)):
        found = tuple(plans)
    if not isinstance(found, tuple):
        check.add("plans", f"expected a list of plans, got {describe(found)}")
    else:
        for i, plan in enumerate(found):
            if not isinstance(plan, (TacticalPlan, ExecutiveCallPlan, PresentationPlan)):
                check.add(
                    f"plans[{i}]",
                    "expected a TacticalPlan, an ExecutiveCallPlan or a PresentationPlan, "
                    f"got {describe(plan)}",
                )
    check.done()
    assert isinstance(found, tuple)
    return found


def plan_actions(plan: Plan) -> tuple[Action, ...]:
    """The actions a plan holds: a tactical plan's, a call summary's; a presentation has none."""
    if isinstance(plan, TacticalPlan):
        return plan.actions
    if isinstance(plan, ExecutiveCallPlan) and plan.summary is not None:
        return plan.summary.actions
    return ()


def checklist_facts(
    plans: Iterable[Plan], *, opportunity_id: str, at: datetime
) -> Mapping[str, bool]:
    """The checklist facts the deal's plans establish as of ``at``.

    ``demo_or_reference_visit``: a presentation, demo or reference visit was
    done (an action of one of those kinds done at or before ``at``, or a
    presentation plan held by then). Plans of other deals are ignored. Hand
    the facts to a gate with the rest of the context::

        pipeline.advance(deal, at=at, context={**checklist_facts(plans, ...), ...})
    """
    found = _plans("checklist_facts", plans)
    check = Checker("checklist_facts")
    check.text("opportunity_id", opportunity_id)
    check.aware("at", at)
    check.done()
    seen = False
    for plan in found:
        if plan.opportunity_id != opportunity_id:
            continue
        if isinstance(plan, PresentationPlan):
            seen = seen or (plan.held_at is not None and plan.held_at <= at)
        seen = seen or any(a.kind.shows_the_offer and a.done_by(at) for a in plan_actions(plan))
    return FrozenDict({DEMO_OR_REFERENCE_VISIT: seen})
