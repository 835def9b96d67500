"""Collects the built-in predicates each area of the library defines.

Each area keeps its predicates beside its own code, in a module-level
``BUILTIN_PREDICATES`` mapping; this module merges them. A name defined by
two areas is a programming error and fails at import.
"""

from __future__ import annotations

from collections.abc import Mapping

from salesflow.predicates import Predicate

__all__ = ["builtin_predicates"]


def _areas() -> list[Mapping[str, Predicate]]:
    # Each area adds one line here: its BUILTIN_PREDICATES mapping.
    from salesflow.checklists import _predicates as checklists
    from salesflow.scoring import _predicates as scoring

    return [checklists.BUILTIN_PREDICATES, scoring.BUILTIN_PREDICATES]


def builtin_predicates() -> dict[str, Predicate]:
    merged: dict[str, Predicate] = {}
    for area in _areas():
        for name, predicate in area.items():
            if name in merged:
                raise RuntimeError(f"built-in predicate {name!r} is defined twice")
            merged[name] = predicate
    return merged
