"""Shared state: pickling after cached work, immutable constants, built once under threads."""

from __future__ import annotations

import importlib
import pickle
import subprocess
import sys
import textwrap
import threading
import time
import types
from collections.abc import Mapping
from enum import Enum
from typing import Any

import attrs
import pytest

from salesflow import FrozenDict
from salesflow._checks import built_once
from salesflow._presets import Presets
from salesflow.stages import presets as stage_presets
from tests.fuzz.kinds import _MODULES

_MORE_MODULES = (
    "salesflow.stages.presets",
    "salesflow.scoring.presets",
    "salesflow.cadence.presets",
    "salesflow.checklists.presets",
    "salesflow.people",
    "salesflow.control",
)


@pytest.mark.parametrize("name", stage_presets.names())
def test_a_pipeline_pickles_after_to_statemachine(name: str) -> None:
    """The generated class is cached outside the value: pickling is never affected."""
    pipeline = stage_presets.get(name)
    before = pickle.dumps(pipeline)
    machine = pipeline.to_statemachine()
    back = pickle.loads(pickle.dumps(pipeline))
    assert back == pipeline
    assert pickle.dumps(pipeline) == before
    assert back.to_statemachine().places == machine.places


_IMMUTABLE = (
    str,
    bytes,
    int,
    float,
    bool,
    tuple,
    frozenset,
    type(None),
    Enum,
    FrozenDict,
    types.MappingProxyType,
)


def _constants() -> list[tuple[str, Any]]:
    found = []
    for module_name in (*_MODULES, *_MORE_MODULES):
        module = importlib.import_module(module_name)
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr)
            if isinstance(value, (type, types.ModuleType, types.UnionType)) or callable(value):
                continue  # classes, modules, functions and type aliases are not constants
            found.append((f"{module_name}.{attr}", value))
    return found


def _frozen_attrs(value: Any) -> bool:
    """A value of a frozen attrs class (setting a field raises)."""
    if not attrs.has(type(value)):
        return False
    fields = attrs.fields(type(value))
    if not fields:
        return True
    name = fields[0].name
    try:  # the field set to its own value: a class that is not frozen is left as it was
        setattr(value, name, getattr(value, name))
    except attrs.exceptions.FrozenInstanceError:
        return True
    return False


def _frozen_through(value: Any, depth: int = 0) -> bool:
    if _frozen_attrs(value):
        return depth > 4 or all(
            _frozen_through(getattr(value, f.name), depth + 1) for f in attrs.fields(type(value))
        )
    if not isinstance(value, _IMMUTABLE) or depth > 4:
        return isinstance(value, _IMMUTABLE)
    if isinstance(value, Mapping):
        return all(_frozen_through(v, depth + 1) for v in value.values())
    if isinstance(value, (tuple, frozenset)):
        return all(_frozen_through(v, depth + 1) for v in value)
    return True


@pytest.mark.parametrize(
    ("name", "value"), _constants(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_public_constants_are_immutable_all_the_way_down(name: str, value: Any) -> None:
    """Every public constant, and what it holds, is an immutable value."""
    assert _frozen_through(value), f"{name} is {type(value).__name__}, which can be changed"


def test_built_once_runs_once_under_many_threads() -> None:
    """Threads that ask first at the same moment all get the one value, built once."""
    calls: list[int] = []
    barrier = threading.Barrier(16)

    @built_once
    def build(n: int) -> object:
        calls.append(n)
        time.sleep(0.01)  # a slow build: the others arrive while it runs
        return object()

    table = Presets("demo", {"a": lambda: build(1)})
    got: list[object] = []

    def first_use() -> None:
        barrier.wait()
        got.append(table.get("a"))
        got.append(build(2))

    threads = [threading.Thread(target=first_use) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(calls) == [1, 2]
    assert len({id(g) for g in got}) == 2


def test_presets_and_catalogs_are_built_once_under_threads_on_first_use() -> None:
    """In a fresh process, 16 threads ask for every preset and the catalogs at once."""
    script = textwrap.dedent(
        """
        import threading
        from salesflow.locales import default_catalogs
        from salesflow.predicates import default_registry
        from salesflow.stages import presets as sp
        from salesflow.scoring import presets as scp
        from salesflow.checklists import presets as cp
        from salesflow.cadence import presets as cap

        barrier = threading.Barrier(16)
        seen = []

        def first_use():
            barrier.wait()
            seen.append(tuple(id(x) for x in (
                default_catalogs(), default_registry(),
                *(sp.get(n) for n in sp.names()),
                *(scp.get(n) for n in scp.names()),
                *(cp.get(n) for n in cp.names()),
                *(cap.get(n) for n in cap.names()),
            )))

        threads = [threading.Thread(target=first_use) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(len(set(seen)))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "1", out.stderr
