"""The checklists' built-in predicates (registered in the default registry).

Each is ``(opportunity, context) -> bool``. They read facts the caller hands
in through ``context`` first, then the opportunity's ``attributes``:

``several_decision_makers``
    ``context["decision_makers"]`` (a count, or a collection of people) is more
    than one; else the stakeholder map in ``context["stakeholders"]`` holds
    more than one decision maker; else ``attributes["decision_makers"]`` (a
    whole number) is more than one.
``amount_above``
    The deal's amount is strictly above ``params["amount"]`` (a decimal string
    or a whole number), in ``params["currency"]`` when given (another currency
    never counts as above).
``has_complaints``
    ``context["complaints"]`` is a positive count, a non-empty collection or
    true; else ``attributes["complaints"]`` is.

The stakeholder items read the deal's stakeholder map: a
:class:`~salesflow.records.StakeholderMap` in ``context["stakeholders"]``
(its vocabularies are closed, so a typo cannot decide a gate). Anything else
there (a list of mappings, free text) is refused with a
:class:`~salesflow.ValidationError` that names each bad role or stance and
the values expected; a map of another deal is refused too. Without a map
(no ``"stakeholders"`` key, or ``None``) they read the deal's
``attributes``:

``decision_maker_identified``
    Someone on the map is a decision maker; else
    ``attributes["decision_maker"]`` is a non-empty string or true.
``supporter_won``
    Someone on the map is a supporter or a coach; else
    ``attributes["supporter"]`` is a non-empty string or true.
``opponents_identified``
    The map holds at least one contact and every stance on it is known (so
    every opponent has been found, even if there is none); else
    ``attributes["opponents_identified"]`` is true.

Parameters (``amount_above``) come from the condition's ``params`` in the
definition and reach the predicate as ``context["params"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from salesflow._checks import describe
from salesflow.exceptions import Problem, ValidationError
from salesflow.frozen import FrozenDict
from salesflow.predicates._registry import Predicate
from salesflow.records.stakeholders import BuyingRole, StakeholderMap, Stance

__all__ = ["BUILTIN_PREDICATES", "PARAMETER_CHECKS"]

_MAP_HINT = (
    "free-text stakeholder facts are refused: build the map with "
    "salesflow.from_dict(StakeholderMap, {...}) or StakeholderMap(...)"
)


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _diagnose(entries: Any) -> list[Problem]:
    """Each role or stance of a free-text list that is not one of the closed values."""
    if isinstance(entries, (str, bytes, Mapping)) or not isinstance(entries, Iterable):
        return []
    found: list[Problem] = []
    for i, entry in enumerate(entries):
        for name, kind in (("role", BuyingRole), ("roles", BuyingRole), ("stance", Stance)):
            raw = entry.get(name) if isinstance(entry, Mapping) else getattr(entry, name, None)
            values = raw if name == "roles" and isinstance(raw, (list, tuple)) else [raw]
            for value in values:
                if value is None or isinstance(value, kind):
                    continue
                try:
                    kind(_plain(value))
                except (ValueError, TypeError):
                    choices = ", ".join(repr(m.value) for m in kind)
                    found.append(
                        Problem(
                            f"stakeholders[{i}].{name}",
                            f"{describe(value)} is not a {kind.__name__} (expected one of "
                            f"{choices})",
                        )
                    )
    return found


def _stakeholders(opportunity: Any, context: Mapping[str, Any]) -> StakeholderMap | None:
    """The deal's stakeholder map from the context, None without one; anything else refused."""
    found = context.get("stakeholders")
    if found is None:
        return None
    if not isinstance(found, StakeholderMap):
        problems = [
            Problem(
                "stakeholders", f"expected a StakeholderMap, got {describe(found)}: {_MAP_HINT}"
            )
        ]
        raise ValidationError("context", [*problems, *_diagnose(found)])
    deal = getattr(opportunity, "id", None)
    if isinstance(deal, str) and found.opportunity_id != deal:
        raise ValidationError.single(
            "context",
            "stakeholders.opportunity_id",
            f"the map is of opportunity {found.opportunity_id!r}, not of {deal!r}",
        )
    return found


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Collection) and not isinstance(value, (str, bytes)):
        return len(value)
    return 0


def _truthy_fact(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return _count(value) > 0


def _attribute(opportunity: Any, name: str) -> Any:
    attributes = getattr(opportunity, "attributes", None)
    if isinstance(attributes, Mapping):
        return attributes.get(name)
    return None


def several_decision_makers(opportunity: Any, context: Mapping[str, Any]) -> bool:
    if "decision_makers" in context:
        return _count(context["decision_makers"]) > 1
    found = _stakeholders(opportunity, context)
    if found is not None:
        return len(found.decision_makers) > 1
    return _count(_attribute(opportunity, "decision_makers")) > 1


def _amount(params: Mapping[str, Any]) -> Decimal | None:
    raw = params.get("amount")
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def amount_above(opportunity: Any, context: Mapping[str, Any]) -> bool:
    params = context.get("params") or {}
    threshold = _amount(params)
    money = getattr(opportunity, "amount", None)
    if threshold is None or money is None:
        return False
    currency = params.get("currency")
    if currency is not None and money.currency != currency:
        return False
    return bool(money.amount > threshold)


def has_complaints(opportunity: Any, context: Mapping[str, Any]) -> bool:
    if "complaints" in context:
        return _truthy_fact(context["complaints"])
    return _truthy_fact(_attribute(opportunity, "complaints"))


def decision_maker_identified(opportunity: Any, context: Mapping[str, Any]) -> bool:
    found = _stakeholders(opportunity, context)
    if found is not None and found.decision_makers:
        return True
    return _truthy_fact(_attribute(opportunity, "decision_maker"))


def supporter_won(opportunity: Any, context: Mapping[str, Any]) -> bool:
    found = _stakeholders(opportunity, context)
    if found is not None and found.supporters:
        return True
    return _truthy_fact(_attribute(opportunity, "supporter"))


def opponents_identified(opportunity: Any, context: Mapping[str, Any]) -> bool:
    found = _stakeholders(opportunity, context)
    if found is not None and found.stances_known:
        return True
    return _attribute(opportunity, "opponents_identified") is True


def _check_amount_above(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems = []
    if "amount" not in params:
        problems.append(("params", "amount_above needs params.amount (e.g. '500000')"))
    elif _amount(params) is None:
        problems.append(
            (
                "params['amount']",
                f"expected a decimal string or a whole number, got {describe(params['amount'])}",
            )
        )
    currency = params.get("currency")
    if currency is not None and (not isinstance(currency, str) or len(currency) != 3):
        problems.append(
            ("params['currency']", f"expected an ISO 4217 code, got {describe(currency)}")
        )
    unknown = sorted(set(params) - {"amount", "currency"})
    problems.extend((f"params[{k!r}]", "unknown parameter of amount_above") for k in unknown)
    return problems


BUILTIN_PREDICATES: Mapping[str, Predicate] = FrozenDict(
    {
        "amount_above": amount_above,
        "decision_maker_identified": decision_maker_identified,
        "has_complaints": has_complaints,
        "opponents_identified": opponents_identified,
        "several_decision_makers": several_decision_makers,
        "supporter_won": supporter_won,
    }
)

#: Parameter checks of the built-ins that take parameters: a definition naming
#: one is checked when built (when its registry binds the name to the built-in).
PARAMETER_CHECKS: Mapping[Predicate, Callable[[Mapping[str, Any]], list[tuple[str, str]]]] = (
    FrozenDict(
        {
            amount_above: _check_amount_above,
        }
    )
)
