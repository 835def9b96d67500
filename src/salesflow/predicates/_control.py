"""The control area's built-in predicates: is a deal's approval in?

Each is ``(opportunity, context) -> bool``. The approval state comes from
the move's ``context`` first, then the deal:

* ``context["approvals"]``: a collection of approval requests (objects or
  mappings with ``policy``, ``subject_id`` and ``status``); one of the
  policy's for this deal (``subject_id`` is the deal's id) with status
  ``"approved"`` counts. :func:`salesflow.control.gate_context` builds it.
* else the deal's ``attributes["approval.<policy>"]`` is ``"approved"`` (or
  true), for a team that records approvals on the deal itself.

``control.approved``
    The policy named by ``params["policy"]`` is approved (for a checklist
    item's ``satisfied_by`` or ``condition``).
``control.proposal_approved``, ``control.legal_reviewed``, ``control.contract_reviewed``
    The presets ``proposal_approval``, ``legal_review`` and
    ``contract_review`` are approved (for a stage's ``guards``, which take
    no parameters).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from salesflow.frozen import FrozenDict
from salesflow.predicates._registry import Predicate

__all__ = ["BUILTIN_PREDICATES", "GUARDS", "PARAMETER_CHECKS", "approved"]

#: The guard name of each preset policy a stage gate may wait for.
GUARDS: Mapping[str, str] = FrozenDict(
    {
        "proposal_approval": "control.proposal_approved",
        "legal_review": "control.legal_reviewed",
        "contract_review": "control.contract_reviewed",
    }
)


def _field(entry: Any, name: str) -> Any:
    value = entry.get(name) if isinstance(entry, Mapping) else getattr(entry, name, None)
    return getattr(value, "value", value)


def is_approved(opportunity: Any, context: Mapping[str, Any], policy: str) -> bool:
    """Whether ``policy``'s request for ``opportunity`` is approved (see the module)."""
    deal_id = getattr(opportunity, "id", None)
    found = context.get("approvals")
    if isinstance(found, Iterable) and not isinstance(found, (str, bytes, Mapping)):
        for entry in found:
            if (
                _field(entry, "policy") == policy
                and _field(entry, "subject_id") == deal_id
                and _field(entry, "status") == "approved"
            ):
                return True
    attributes = getattr(opportunity, "attributes", None)
    if isinstance(attributes, Mapping):
        value = attributes.get(f"approval.{policy}")
        return value is True or value == "approved"
    return False


@attrs.frozen(slots=True)
class _Approved:
    """The guard of one policy: a value, so registries holding it pickle and copy."""

    policy: str

    @property
    def __name__(self) -> str:
        return f"approved_{self.policy}"

    def __call__(self, opportunity: Any, context: Mapping[str, Any]) -> bool:
        return is_approved(opportunity, context, self.policy)


def approved(policy: str) -> Predicate:
    """A predicate without parameters: ``policy``'s request for the deal is approved."""
    return _Approved(policy)


def _approved(opportunity: Any, context: Mapping[str, Any]) -> bool:
    params = context.get("params")
    policy = params.get("policy") if isinstance(params, Mapping) else None
    return isinstance(policy, str) and is_approved(opportunity, context, policy)


def _check_approved(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems = [
        (f"params[{k!r}]", "unknown parameter (expected only: policy)")
        for k in params
        if k != "policy"
    ]
    policy = params.get("policy")
    if not isinstance(policy, str) or not policy.strip():
        problems.append(("params['policy']", "required: the key of an approval policy"))
    return problems


BUILTIN_PREDICATES: Mapping[str, Predicate] = FrozenDict(
    {
        "control.approved": _approved,
        **{name: approved(policy) for policy, name in GUARDS.items()},
    }
)

PARAMETER_CHECKS: Mapping[Predicate, Any] = FrozenDict({_approved: _check_approved})
