"""The predicate registry: a frozen name -> predicate map."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from salesflow._checks import describe
from salesflow.exceptions import DefinitionError, Problem
from salesflow.frozen import EMPTY, FrozenDict

__all__ = ["Predicate", "Registry"]

#: A predicate: ``(subject, context) -> bool``.
Predicate = Callable[[Any, Mapping[str, Any]], bool]

_EMPTY: Mapping[str, Any] = EMPTY


def _freeze(value: Mapping[str, Predicate]) -> Mapping[str, Predicate]:
    if not isinstance(value, Mapping) or type(value) is FrozenDict:
        return value  # a non-mapping is reported by the post-init check
    return FrozenDict(value)


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

    @property
    def names(self) -> tuple[str, ...]:
        """The registered names, sorted."""
        return tuple(sorted(self.entries))

    def check(self, subject: Any, name: str, context: Mapping[str, Any] | None = None) -> bool:
        """Run predicate ``name`` on ``subject``; its answer as a ``bool``.

        An unregistered ``name`` is a :class:`~salesflow.DefinitionError`.
        """
        fn = self.entries.get(name) if isinstance(name, str) else None
        if fn is None:
            known = ", ".join(self.names) or "none"
            raise DefinitionError.single(
                "Registry", f"[{name!r}]", f"no predicate named {name!r} (registered: {known})"
            )
        return bool(fn(subject, _EMPTY if context is None else context))
