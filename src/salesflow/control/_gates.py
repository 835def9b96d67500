"""Gates that wait for an approval: a stage guard or a checklist item.

Every call of the control area into the stages and checklists areas is in
this module. It works through their extension points only: a registered
predicate (``salesflow.predicates._control``) used as a stage's guard or an
item's ``satisfied_by``, reading the approval state from the move's
``context`` (:func:`gate_context`) or the deal's attributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from salesflow._checks import Checker, describe
from salesflow.checklists import Condition, Item
from salesflow.control._requests import ApprovalRequest
from salesflow.predicates import Registry, current_registry
from salesflow.predicates._control import GUARDS, approved
from salesflow.stages import Pipeline

__all__ = ["approval_item", "approval_registry", "gate_context", "guard_name", "require_approval"]


def guard_name(policy: str) -> str:
    """The stage guard waiting for ``policy``: a preset's, else ``control.approved.<policy>``."""
    check = Checker("guard_name")
    check.key("policy", policy)
    check.done()
    return GUARDS.get(policy, f"control.approved.{policy}")


def approval_registry(policies: Iterable[str], *, registry: Registry | None = None) -> Registry:
    """``registry`` (default: the one in force) with a guard for each of ``policies``."""
    check = Checker("approval_registry")
    found: object = policies
    if isinstance(policies, Iterable) and not isinstance(policies, (str, bytes, Mapping)):
        found = tuple(policies)
    if check.items("policies", found, str, "policy keys"):
        assert isinstance(found, tuple)
        for i, key in enumerate(found):
            check.key(f"policies[{i}]", key)
    if registry is not None:
        check.instance("registry", registry, Registry, "a Registry or None")
    check.done()
    assert isinstance(found, tuple)
    result = current_registry() if registry is None else registry
    for key in found:
        name = guard_name(key)
        if name not in result:
            result = result.with_predicate(name, approved(key))
    return result


def require_approval(pipeline: Pipeline, *, stage: str, policy: str) -> Pipeline:
    """``pipeline`` whose stage ``stage`` may be left forward only once ``policy`` is approved.

    Adds the guard :func:`guard_name` to the stage (and to the pipeline's
    registry when it is not a preset's). The move then needs
    ``context=gate_context(requests)``, or the deal's
    ``attributes["approval.<policy>"] = "approved"``.
    """
    check = Checker("require_approval")
    check.instance("pipeline", pipeline, Pipeline, "a Pipeline")
    check.key("stage", stage)
    check.key("policy", policy)
    check.done()
    index = pipeline.index(stage)
    name = guard_name(policy)
    found = pipeline.stages[index]
    guards = found.guards if name in found.guards else (*found.guards, name)
    stages = list(pipeline.stages)
    stages[index] = attrs.evolve(found, guards=guards)
    registry = approval_registry([policy], registry=pipeline.registry)
    return attrs.evolve(pipeline, stages=tuple(stages), registry=registry)


def approval_item(
    *, key: str, policy: str, label_key: str | None = None, role: str | None = None
) -> Item:
    """A required checklist item done when ``policy``'s request for the deal is approved.

    A tick by hand would also count (an item's ``satisfied_by`` adds to its
    tick): give it a ``role`` no one acts in, or use :func:`require_approval`
    when nothing but the approval may open the gate.
    """
    condition = Condition(predicate="control.approved", params={"policy": policy})
    if label_key is None:
        return Item(key=key, satisfied_by=condition, role=role)
    return Item(key=key, label_key=label_key, satisfied_by=condition, role=role)


def gate_context(
    requests: Iterable[ApprovalRequest], *, context: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A move's ``context`` holding ``requests`` under ``"approvals"`` (beside ``context``)."""
    check = Checker("gate_context")
    found: object = requests
    if isinstance(requests, Iterable) and not isinstance(requests, (str, bytes, Mapping)):
        found = tuple(requests)
    check.items("requests", found, ApprovalRequest, "ApprovalRequest")
    if context is not None and not isinstance(context, Mapping):
        check.add("context", f"expected a mapping or None, got {describe(context)}")
    check.done()
    return {**(context or {}), "approvals": found}
