"""Named predicates: how a definition refers to code without evaluating any.

A pipeline's guard, a checklist item's condition or a scorecard rule names a
predicate (``"has_decision_maker"``); the name is looked up in a
:class:`Registry`, a frozen value. Nothing is ever ``eval``-ed from data.

A predicate is a plain callable ``(subject, context) -> bool``: the subject
is the record being judged (usually an :class:`~salesflow.Opportunity`), the
context a read-only mapping of extra facts the caller supplies.

>>> from salesflow.predicates import Registry
>>> reg = Registry().with_predicate("big_deal", lambda opp, ctx: opp.amount.amount > 100_000)
>>> "big_deal" in reg
True
>>> reg.names
('big_deal',)

Definitions are checked against a registry when built. Which registry?
The one passed explicitly, else the one in force for the current context
(:func:`using`), else the default registry (:func:`default_registry`) with
every built-in predicate of the library.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from salesflow._checks import built_once, describe
from salesflow.exceptions import DefinitionError
from salesflow.predicates._areas import builtin_predicates, parameter_checks
from salesflow.predicates._registry import Predicate, Registry

__all__ = [
    "Predicate",
    "Registry",
    "current_registry",
    "default_registry",
    "parameter_checks",
    "using",
]


@built_once
def default_registry() -> Registry:
    """Every built-in predicate of the library (a frozen value, built once)."""
    return Registry(builtin_predicates())


_current: contextvars.ContextVar[Registry | None] = contextvars.ContextVar(
    "salesflow_registry", default=None
)


def current_registry() -> Registry:
    """The registry in force: the one set by :func:`using`, else the default."""
    registry = _current.get()
    return default_registry() if registry is None else registry


@contextmanager
def using(registry: Registry) -> Iterator[Registry]:
    """Make ``registry`` the one in force within a ``with`` block.

    Definitions built (or loaded with :func:`~salesflow.from_dict`) inside the
    block check their predicate names against it.
    """
    if not isinstance(registry, Registry):
        raise DefinitionError.single(
            "using", "registry", f"expected a Registry, got {describe(registry)}"
        )
    token = _current.set(registry)
    try:
        yield registry
    finally:
        _current.reset(token)
