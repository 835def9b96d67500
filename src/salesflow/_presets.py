"""One shape for every area's presets: names, a checked lookup, built once.

Each area's ``presets`` module keeps its builders (functions whose keyword
arguments are the usual numbers) and exposes ``get(name)`` and
``names()`` through a :class:`Presets` table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from salesflow._checks import describe
from salesflow.exceptions import ValidationError

__all__ = ["Presets"]

T = TypeVar("T")


class Presets(Generic[T]):
    """Named builders of preset definitions; each preset is built once (it is frozen)."""

    __slots__ = ("_builders", "_built", "_kind", "_lock", "_names")

    def __init__(
        self, kind: str, builders: Mapping[str, Callable[[], T]], *, sort: bool = False
    ) -> None:
        self._kind = kind
        self._builders = dict(builders)
        self._names = tuple(sorted(builders) if sort else builders)
        self._built: dict[str, T] = {}
        self._lock = threading.RLock()

    def names(self) -> tuple[str, ...]:
        """The preset names."""
        return self._names

    def check(self, name: object) -> str:
        """``name`` if it names a preset, else a ValidationError at ``name``."""
        if not isinstance(name, str) or name not in self._builders:
            raise ValidationError.single(
                "presets",
                "name",
                f"unknown {self._kind} preset {describe(name)} "
                f"(expected one of {', '.join(self._names)})",
            )
        return name

    def get(self, name: object) -> T:
        """The preset ``name``, built on first use."""
        key = self.check(name)
        built = self._built.get(key)
        if built is None:
            with self._lock:  # built once, even when threads ask first together
                built = self._built.get(key)
                if built is None:
                    built = self._built[key] = self._builders[key]()
        return built
