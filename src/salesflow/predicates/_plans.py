"""The plans' built-in predicate (registered in the default registry).

``demo_or_reference_visit``
    The customer has seen a demo or visited a reference user:
    ``context["demo_or_reference_visit"]`` is true (the plans area gives this
    fact from the deal's done actions: :func:`salesflow.plans.checklist_facts`);
    else ``attributes["demo_or_reference_visit"]`` is true. A fact that is not
    true or false is a :class:`~salesflow.ValidationError`: a typo must not
    decide a gate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salesflow._checks import describe
from salesflow.exceptions import ValidationError
from salesflow.frozen import FrozenDict
from salesflow.predicates._registry import Predicate

__all__ = ["BUILTIN_PREDICATES", "DEMO_OR_REFERENCE_VISIT"]

#: The fact key (and checklist item key) a done demo, presentation or reference visit sets.
DEMO_OR_REFERENCE_VISIT = "demo_or_reference_visit"


def demo_or_reference_visit(opportunity: Any, context: Mapping[str, Any]) -> bool:
    found = context.get(DEMO_OR_REFERENCE_VISIT)
    if found is not None:
        if not isinstance(found, bool):
            raise ValidationError.single(
                "context",
                DEMO_OR_REFERENCE_VISIT,
                f"expected true or false, got {describe(found)} "
                "(salesflow.plans.checklist_facts gives it from the deal's done actions)",
            )
        if found:
            return True
    attributes = getattr(opportunity, "attributes", None)
    if isinstance(attributes, Mapping):
        return attributes.get(DEMO_OR_REFERENCE_VISIT) is True
    return False


BUILTIN_PREDICATES: Mapping[str, Predicate] = FrozenDict(
    {DEMO_OR_REFERENCE_VISIT: demo_or_reference_visit}
)
