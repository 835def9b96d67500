"""The checklists' built-in predicates (registered in the default registry).

Each is ``(opportunity, context) -> bool``. They read facts the caller hands
in through ``context`` first, then the opportunity's ``attributes``:

``several_decision_makers``
    ``context["decision_makers"]`` (a count, or a collection of people) is more
    than one; else ``context["stakeholders"]`` holds more than one person
    whose role is ``"decision_maker"``; else ``attributes["decision_makers"]``
    (a whole number) is more than one.
``amount_above``
    The deal's amount is strictly above ``params["amount"]`` (a decimal string
    or a whole number), in ``params["currency"]`` when given (another currency
    never counts as above).
``has_complaints``
    ``context["complaints"]`` is a positive count, a non-empty collection or
    true; else ``attributes["complaints"]`` is.

The stakeholder items: a later stakeholder map ticks them from its own facts.
``context["stakeholders"]`` is a collection of people, each a mapping or an
object with ``role`` and ``stance`` (plain strings or enums whose ``value`` is
one): roles ``decision_maker``, ``approver``, ``evaluator``, ``user``; stances
``coach``, ``supporter``, ``neutral``, ``non_supporter``, ``enemy`` (or
``None``/``"unknown"`` when not yet known).

``decision_maker_identified``
    Someone in the map has the role ``decision_maker``; else
    ``attributes["decision_maker"]`` is a non-empty string or true.
``supporter_won``
    Someone in the map is a ``supporter`` or a ``coach``; else
    ``attributes["supporter"]`` is a non-empty string or true.
``opponents_identified``
    The map holds at least one person and every stance in it is known (so
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
from salesflow.frozen import FrozenDict
from salesflow.predicates._registry import Predicate

__all__ = ["BUILTIN_PREDICATES", "PARAMETER_CHECKS"]

_UNKNOWN = (None, "", "unknown")


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _field(person: Any, name: str) -> Any:
    if isinstance(person, Mapping):
        return _plain(person.get(name))
    return _plain(getattr(person, name, None))


def _stakeholders(context: Mapping[str, Any]) -> list[Any] | None:
    found = context.get("stakeholders")
    if found is None or isinstance(found, (str, bytes, Mapping)):
        return None
    if isinstance(found, Iterable):
        return list(found)
    return None


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
    people = _stakeholders(context)
    if people is not None:
        return sum(1 for p in people if _field(p, "role") == "decision_maker") > 1
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
    people = _stakeholders(context)
    if people is not None and any(_field(p, "role") == "decision_maker" for p in people):
        return True
    return _truthy_fact(_attribute(opportunity, "decision_maker"))


def supporter_won(opportunity: Any, context: Mapping[str, Any]) -> bool:
    people = _stakeholders(context)
    if people is not None and any(_field(p, "stance") in ("supporter", "coach") for p in people):
        return True
    return _truthy_fact(_attribute(opportunity, "supporter"))


def opponents_identified(opportunity: Any, context: Mapping[str, Any]) -> bool:
    people = _stakeholders(context)
    if people and all(_field(p, "stance") not in _UNKNOWN for p in people):
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
