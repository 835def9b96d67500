"""Every loader refuses hostile data with a SalesflowError, and nothing else.

For every loadable kind, ``from_dict``, ``from_json`` and ``from_toml`` are
given hostile values and mutations of valid ``to_dict`` output. A refused
input raises a :class:`~salesflow.SalesflowError`; an accepted one is a
value that writes to JSON and reads back equal.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import SalesflowError, from_dict, from_json, from_toml, to_dict, to_json
from tests.fuzz.hostile import fuzz_settings, guarded, hostile, mutated, nest
from tests.fuzz.kinds import KINDS, plain_for


def _accepted_round_trips(kind: type, value: Any) -> None:
    if value is None:
        return
    text = to_json(value)
    assert from_json(kind, text) == value
    assert from_dict(kind, to_dict(value)) == value


def _load(kind: type, data: Any) -> None:
    value = guarded(f"from_dict[{kind.__name__}]", lambda: from_dict(kind, data))
    _accepted_round_trips(kind, value)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
@fuzz_settings()
@given(data=st.data())
def test_from_dict_refuses_mutations_with_a_salesflow_error(kind: type, data: Any) -> None:
    """A mutated valid dict is refused with a SalesflowError or loads and round-trips."""
    plain = data.draw(plain_for(kind))
    _load(kind, data.draw(mutated(plain)))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
@fuzz_settings(quick=3, thorough=30)
@given(value=hostile)
def test_from_dict_refuses_hostile_values(kind: type, value: Any) -> None:
    """Any hostile value in place of the whole dict is a SalesflowError."""
    _load(kind, value)


def _json_text(plain: Any) -> str | None:
    try:
        return json.dumps(plain, default=str)
    except Exception:  # a hostile object cannot be written: draw odd text instead
        return None


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
@fuzz_settings(quick=3, thorough=30)
@given(data=st.data())
def test_from_json_refuses_mutations(kind: type, data: Any) -> None:
    """JSON text of a mutated dict, or odd text, is refused or loads and round-trips."""
    text = _json_text(data.draw(mutated(data.draw(plain_for(kind)))))
    odd = st.sampled_from(
        ["[" * 5000, '"\\ud800"', "1" * 5000, "1e999999", "\x00", "\ufeff{}", b"\xff\xfe"]
    )
    if text is None or data.draw(st.booleans()):
        text = data.draw(odd)
    value = guarded(f"from_json[{kind.__name__}]", lambda: from_json(kind, text))
    _accepted_round_trips(kind, value)


_TOML = [
    "a = " + "[" * 3000 + "]" * 3000,
    "a = " + "1" * 5000,
    "a = 1e999999",
    "a = 0001-01-01T00:00:00-05:00",
    'a = "\\ud800"',
    "a = 9999-12-31T23:59:59+23:59",
    "\x00",
]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
@fuzz_settings(quick=2, thorough=20)
@given(text=st.sampled_from(_TOML) | st.text(max_size=40))
def test_from_toml_refuses_odd_text(kind: type, text: str) -> None:
    """Odd TOML text is a SalesflowError."""
    value = guarded(f"from_toml[{kind.__name__}]", lambda: from_toml(kind, text))
    _accepted_round_trips(kind, value)


@pytest.mark.parametrize("depth", [1_000, 5_000])
def test_deep_nesting_anywhere_is_a_validation_error(depth: int) -> None:
    """A deeply nested list or dict in any field is a SalesflowError, not a RecursionError."""
    for kind in KINDS:
        for shape in ("list", "dict"):
            deep = nest(depth, shape)
            for data in (deep, {"key": deep}):
                with pytest.raises(SalesflowError):
                    from_dict(kind, data)
