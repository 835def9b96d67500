"""Generated builders for the hot path: unchecked construction, specialised per class.

The same contract as :func:`salesflow._checks.unchecked` and
:func:`~salesflow._checks.unchecked_evolve` (no checks, no converters: only
for values whose fields the caller has checked), but generated once per
class and field set, like attrs generates ``__init__``, so a move costs a
few attribute stores instead of a loop over field names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["make_builder", "make_evolver"]

V = TypeVar("V")


def _setters(cls: type, namespace: dict[str, Any]) -> list[str]:
    names = [a.name for a in attrs.fields(cls)]
    for i, name in enumerate(names):
        # a slotted class keeps each field in a member descriptor; its __set__
        # writes the slot without going through the frozen __setattr__
        namespace[f"_s{i}"] = cls.__dict__[name].__set__
    return names


def make_builder(cls: type[V]) -> Callable[..., V]:
    """``build(**every_field)`` for ``cls``, keyword-only, every field required."""
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    names = _setters(cls, namespace)
    body = "".join(f"    _s{i}(obj, {name})\n" for i, name in enumerate(names))
    source = f"def build(*, {', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n"
    exec(source, namespace)
    built: Callable[..., V] = namespace["build"]
    return built


def make_evolver(cls: type[V], changing: tuple[str, ...]) -> Callable[..., V]:
    """``evolve(instance, *changing_values)``: a copy with the ``changing`` fields replaced."""
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    names = _setters(cls, namespace)
    unknown = set(changing) - set(names)
    if unknown:
        raise TypeError(f"{cls.__name__} has no fields {sorted(unknown)}")
    body = "".join(
        f"    _s{i}(obj, {name if name in changing else 'old.' + name})\n"
        for i, name in enumerate(names)
    )
    source = (
        f"def evolve(old, {', '.join(changing)}):\n    obj = _new(_cls)\n{body}    return obj\n"
    )
    exec(source, namespace)
    evolved: Callable[..., V] = namespace["evolve"]
    return evolved
