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
>>> reg.names()
('big_deal',)

Definitions are checked against a registry when built. Which registry?
The one passed explicitly, else the one in force for the current context
(:func:`using`), else the default registry (:func:`default_registry`) with
every built-in predicate of the library.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

import attrs

from salesflow._checks import describe
from salesflow.exceptions import DefinitionError, Problem

__all__ = [
    "Predicate",
    "Registry",
    "current_registry",
    "default_registry",
    "using",
]

#: A predicate: ``(subject, context) -> bool``.
Predicate = Callable[[Any, Mapping[str, Any]], bool]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _freeze(value: Mapping[str, Predicate]) -> Mapping[str, Predicate]:
    if not isinstance(value, Mapping):
        return value  # reported by the post-init check
    return MappingProxyType(dict(value))


@attrs.frozen(slots=True)
class Registry:
    """A frozen name → predicate map. :meth:`with_predicate` returns a new one."""

    entries: Mapping[str, Predicate] = attrs.field(factory=dict, converter=_freeze, hash=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.entries, Mapping):
            raise DefinitionError.single(
                "Registry",
                "entries",
                f"expected a mapping of name to predicate, got {describe(self.entries)}",
            )
        problems = []
        for name, fn in self.entries.items():
            if not isinstance(name, str) or not name:
                problems.append(Problem(f"[{name!r}]", "a predicate name is a non-empty string"))
            elif not callable(fn):
                problems.append(Problem(f"[{name!r}]", f"expected a callable, got {describe(fn)}"))
        if problems:
            raise DefinitionError("Registry", problems)

    def with_predicate(self, name: str, predicate: Predicate, *, replace: bool = False) -> Registry:
        """A registry with ``name`` bound to ``predicate``.

        Rebinding an existing name is a :class:`~salesflow.DefinitionError`
        unless ``replace=True``.
        """
        if not isinstance(name, str) or not name:
            raise DefinitionError.single(
                "Registry", "name", f"expected a non-empty string, got {describe(name)}"
            )
        if name in self.entries and not replace:
            raise DefinitionError.single(
                "Registry", f"[{name!r}]", "already registered (pass replace=True to rebind it)"
            )
        return Registry({**self.entries, name: predicate})

    def merged(self, other: Registry) -> Registry:
        """Both registries; ``other`` wins where both name a predicate."""
        if not isinstance(other, Registry):
            raise DefinitionError.single(
                "Registry", "other", f"expected a Registry, got {describe(other)}"
            )
        return Registry({**self.entries, **other.entries})

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def __getitem__(self, name: str) -> Predicate:
        return self.entries[name]

    def names(self) -> tuple[str, ...]:
        """The registered names, sorted."""
        return tuple(sorted(self.entries))

    def check(self, subject: Any, name: str, context: Mapping[str, Any] | None = None) -> bool:
        """Run predicate ``name`` on ``subject``; its answer as a ``bool``.

        An unregistered ``name`` is a :class:`~salesflow.DefinitionError`.
        """
        fn = self.entries.get(name) if isinstance(name, str) else None
        if fn is None:
            known = ", ".join(self.names()) or "none"
            raise DefinitionError.single(
                "Registry", f"[{name!r}]", f"no predicate named {name!r} (registered: {known})"
            )
        return bool(fn(subject, _EMPTY if context is None else context))


@functools.cache
def default_registry() -> Registry:
    """Every built-in predicate of the library (a frozen value, built once)."""
    # imported here: the areas that define built-ins import this module
    from salesflow._builtin_predicates import builtin_predicates

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
            "Registry", "", f"expected a Registry, got {describe(registry)}"
        )
    token = _current.set(registry)
    try:
        yield registry
    finally:
        _current.reset(token)
