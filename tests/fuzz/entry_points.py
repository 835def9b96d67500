"""Every public entry point, found by introspecting the public API.

The functions of each public module's ``__all__`` and the public methods of
its classes; for a method, the receivers are valid values of its class
(drawn from the strategies in :mod:`tests.fuzz.kinds`).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any

import attrs

from tests.fuzz.kinds import _MODULES, _VALID

#: modules whose functions are entry points besides those of kinds.py
_MORE = ("salesflow.stages.history",)

#: entry points left out, and why
SKIPPED: dict[str, str] = {
    # renders with the external Graphviz program; diagram() is the same text
    "Pipeline.diagram_image": "runs an external program",
    # the generated class is a python-statemachine machine; its send is fuzzed in its own test
    "Pipeline.to_statemachine": "fuzzed on its own",
}


@attrs.frozen
class EntryPoint:
    """A public function, or a method with the class whose values receive it."""

    name: str
    call: Callable[..., Any]
    owner: type | None
    parameters: tuple[inspect.Parameter, ...]


def _parameters(call: Callable[..., Any], *, method: bool) -> tuple[inspect.Parameter, ...]:
    try:
        found = tuple(inspect.signature(call).parameters.values())
    except (TypeError, ValueError):
        return ()
    if method:
        found = found[1:]
    return tuple(
        p for p in found if p.kind not in (inspect.Parameter.VAR_POSITIONAL, p.VAR_KEYWORD)
    )


def _methods(cls: type) -> list[EntryPoint]:
    out: list[EntryPoint] = []
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        raw = inspect.getattr_static(cls, name)
        if isinstance(raw, (staticmethod, classmethod, property)) or not inspect.isfunction(raw):
            continue
        if not raw.__module__.startswith("salesflow"):
            continue
        full = f"{cls.__name__}.{name}"
        if full in SKIPPED:
            continue
        out.append(EntryPoint(full, raw, cls, _parameters(raw, method=True)))
    return out


def _discover() -> list[EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for module_name in (*_MODULES, *_MORE):
        module = importlib.import_module(module_name)
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr)
            if inspect.isfunction(value) and value.__module__.startswith("salesflow"):
                name = f"{value.__module__}.{value.__name__}"
                entry = EntryPoint(name, value, None, _parameters(value, method=False))
                found.setdefault(name, entry)
            elif isinstance(value, type) and value in _VALID:
                for entry in _methods(value):
                    found.setdefault(entry.name, entry)
    return [found[k] for k in sorted(found)]


#: every public function, and every public method of a class with a strategy
ENTRY_POINTS: list[EntryPoint] = _discover()
