"""Frozen means frozen: nothing the caller passed in, and nothing handed out, changes a value.

A value built from the caller's lists, dicts or read-only views holds its own
immutable copies: changing the caller's containers afterwards changes
nothing. What functions hand out (presets, catalogs, result collections)
cannot be changed, and a preset built afterwards is the same.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import from_dict, to_dict
from salesflow.cadence import presets as cadence_presets
from salesflow.checklists import presets as checklist_presets
from salesflow.locales import default_catalogs
from salesflow.scoring import presets as scoring_presets
from salesflow.stages import presets as stage_presets
from tests.fuzz.hostile import fuzz_settings
from tests.fuzz.kinds import _VALID

_KINDS = sorted(_VALID, key=lambda k: k.__name__)


def _loose(value: Any, held: list[Any], view: bool) -> Any:
    """``value`` with its tuples as lists and its mappings as dicts (or read-only views
    of dicts), every container remembered in ``held`` to be changed later."""
    if isinstance(value, tuple):
        out: Any = [_loose(v, held, view) for v in value]
        held.append(out)
        return out
    if isinstance(value, Mapping) and not attrs.has(type(value)):
        inner = {k: _loose(v, held, view) for k, v in value.items()}
        held.append(inner)
        return MappingProxyType(inner) if view else inner
    return value


def _spoil(held: list[Any]) -> None:
    for container in held:
        if isinstance(container, list):
            container.append("spoiled")
            container.reverse()
        else:
            container["spoiled"] = "spoiled"


def _arguments(value: Any, held: list[Any], view: bool) -> dict[str, Any]:
    return {
        a.alias: _loose(getattr(value, a.name), held, view)
        for a in attrs.fields(type(value))
        if a.init and not a.metadata.get("salesflow_not_data")
    }


@pytest.mark.parametrize("kind", _KINDS, ids=lambda k: k.__name__)
@fuzz_settings(quick=5, thorough=20)
@given(data=st.data(), view=st.booleans())
def test_changing_what_the_caller_passed_changes_nothing(kind: type, data: Any, view: bool) -> None:
    """Built from the caller's lists and dicts (or views of them), then those are changed."""
    value = data.draw(_VALID[kind])
    held: list[Any] = []
    try:
        built = kind(**_arguments(value, held, view))
    except Exception:  # a kind whose fields are derived: built only from data
        built = from_dict(kind, to_dict(value))
    before = to_dict(built)
    digest = hash(built) if type(built).__hash__ is not None else None
    _spoil(held)
    assert to_dict(built) == before
    assert built == value
    if digest is not None:
        assert hash(built) == digest


def _containers(value: Any, depth: int = 0) -> list[Any]:
    """Every mapping and sequence a value holds, a few levels down."""
    if depth > 3:
        return []
    found: list[Any] = []
    if attrs.has(type(value)):
        for a in attrs.fields(type(value)):
            found += _containers(getattr(value, a.name), depth + 1)
    elif isinstance(value, Mapping):
        found.append(value)
        for v in value.values():
            found += _containers(v, depth + 1)
    elif isinstance(value, (tuple, list)):
        found.append(value)
        for v in value:
            found += _containers(v, depth + 1)
    return found


def _try_to_change(container: Any) -> None:
    changes: tuple[Callable[[], object], ...] = (
        lambda: container.__setitem__("x", 1),
        lambda: container.append(1),
        lambda: container.clear(),
        lambda: container.pop(),
        lambda: container.update({"x": 1}),
    )
    for change in changes:
        with contextlib.suppress(TypeError, AttributeError, IndexError, KeyError):
            change()


_PRESETS = [
    ("stages", stage_presets),
    ("checklists", checklist_presets),
    ("scoring", scoring_presets),
    ("cadence", cadence_presets),
]


@pytest.mark.parametrize(("area", "module"), _PRESETS, ids=[a for a, _ in _PRESETS])
def test_changing_what_a_preset_hands_out_changes_no_preset(area: str, module: Any) -> None:
    """Every container a preset holds resists change; presets read afterwards are the same."""
    for name in module.names():
        preset = module.get(name)
        before = to_dict(preset)
        for container in _containers(preset):
            _try_to_change(container)
        assert to_dict(preset) == before
        assert to_dict(module.get(name)) == before


def test_the_catalogs_handed_out_cannot_be_changed() -> None:
    cats = default_catalogs()
    english = dict(cats.catalogs["en"])
    for container in (cats.catalogs, cats.catalogs["en"]):
        _try_to_change(container)
    assert dict(default_catalogs().catalogs["en"]) == english
