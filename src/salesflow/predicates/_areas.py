"""The built-in predicates of every area, merged into the default registry.

Each area keeps its predicates in a module of this package defining a
``BUILTIN_PREDICATES`` mapping (and, where its predicates take parameters,
``PARAMETER_CHECKS``), and adds one line below. The predicates read only
records and the context they are given, so the kernel holds them and no
area imports another to register what it offers. A name defined twice is a
programming error and fails at import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from salesflow.frozen import FrozenDict
from salesflow.predicates import _checklists, _control, _plans, _scoring
from salesflow.predicates._registry import Predicate

__all__ = ["builtin_predicates", "parameter_checks"]

#: Checks a predicate's ``params``: a list of (path, message) problems.
ParameterCheck = Callable[[Mapping[str, Any]], list[tuple[str, str]]]

_AREAS: tuple[Mapping[str, Predicate], ...] = (
    _checklists.BUILTIN_PREDICATES,
    _scoring.BUILTIN_PREDICATES,
    _plans.BUILTIN_PREDICATES,
    _control.BUILTIN_PREDICATES,
)
_PARAMETER_CHECKS: tuple[Mapping[Predicate, ParameterCheck], ...] = (
    _checklists.PARAMETER_CHECKS,
    _control.PARAMETER_CHECKS,
)


def _merge() -> FrozenDict[str, Predicate]:
    merged: dict[str, Predicate] = {}
    for area in _AREAS:
        for name, predicate in area.items():
            if name in merged:
                raise RuntimeError(f"built-in predicate {name!r} is defined twice")
            merged[name] = predicate
    return FrozenDict(merged)


_BUILTIN = _merge()
_CHECKS: FrozenDict[Predicate, ParameterCheck] = FrozenDict(
    {fn: check for area in _PARAMETER_CHECKS for fn, check in area.items()}
)


def builtin_predicates() -> Mapping[str, Predicate]:
    """Every built-in predicate by name (a frozen mapping)."""
    return _BUILTIN


def parameter_checks() -> Mapping[Predicate, ParameterCheck]:
    """The parameter check of each built-in predicate that takes ``params``."""
    return _CHECKS
