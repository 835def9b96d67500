"""Strategies for hostile values and for mutations of valid plain data."""

from __future__ import annotations

import os
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from salesflow import SalesflowError

LONG = os.environ.get("SALESFLOW_FUZZ", "").lower() == "long"
_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

#: inputs tried and foreign exceptions found, by test (printed by conftest)
TRIED: Counter[str] = Counter()
FOREIGN: Counter[str] = Counter()
EXAMPLES: dict[str, list[str]] = {}


def fuzz_settings(quick: int = 6, thorough: int = 30) -> settings:
    """Few examples in the normal pass, more under CI, very many when long."""
    if LONG:
        count = int(os.environ.get("SALESFLOW_FUZZ_EXAMPLES", "100000"))
        return settings(
            max_examples=count,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    return settings(
        max_examples=thorough if _CI else quick,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def guarded(name: str, call: Callable[[], Any]) -> Any:
    """Run ``call``; a SalesflowError is fine, anything else is foreign.

    Returns the result, or ``None`` when a SalesflowError was raised.
    """
    TRIED[name] += 1
    try:
        return call()
    except SalesflowError:
        return None
    except Exception as exc:
        if not LONG:
            raise
        FOREIGN[name] += 1
        seen = EXAMPLES.setdefault(name, [])
        if len(seen) < 3:
            frames = [
                f for f in traceback.extract_tb(exc.__traceback__) if "salesflow" in f.filename
            ]
            where = (
                f" at {frames[-1].filename.rsplit('/', 2)[-1]}:{frames[-1].lineno}"
                if frames
                else ""
            )
            seen.append(f"{type(exc).__name__}{where}: {str(exc)[:150]!r}")
        return None


class HostileError(Exception):
    """What a hostile object raises."""


class Hostile:
    """An object whose every comparison, hash, repr and str raises."""

    def __eq__(self, other: object) -> bool:
        raise HostileError("__eq__")

    def __hash__(self) -> int:
        raise HostileError("__hash__")

    def __repr__(self) -> str:
        raise HostileError("__repr__")

    def __str__(self) -> str:
        raise HostileError("__str__")

    def __bool__(self) -> bool:
        raise HostileError("__bool__")

    def __lt__(self, other: object) -> bool:
        raise HostileError("__lt__")


class HostileKey(Hostile):
    """Hashable (so it can be a key), but its comparisons, repr and str raise."""

    def __hash__(self) -> int:
        return id(self)


def nest(depth: int, kind: str) -> Any:
    """A list (or dict) ``depth`` levels deep, built without recursion."""
    value: Any = "x"
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


deep = st.builds(nest, st.sampled_from([200, 1_000, 3_000]), st.sampled_from(["list", "dict"]))
huge_ints = st.sampled_from([10**4400, -(10**5000), 2**20000])
exponents = st.sampled_from(
    [
        "1E-1000000",
        "1E+1000000",
        "0E-10000000",
        "9" * 5000,
        "1E-999999999",
        Decimal("1E-1000000"),
        Decimal("1E+999999"),
        Decimal("0E-10000000"),
    ]
)
_zones = [
    UTC,
    timezone(timedelta(hours=23, minutes=59)),
    timezone(-timedelta(hours=23, minutes=59)),
]
edge_datetimes = st.sampled_from(
    [datetime.min.replace(tzinfo=z) for z in _zones]
    + [datetime.max.replace(tzinfo=z) for z in _zones]
)
edge_texts = st.sampled_from(
    [
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00-05:00",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T23:59:59-23:59",
        "9999-12-31T23:59:59+08:00",
        "0001-01-01",
        "9999-12-31",
    ]
)
edge_dates = st.sampled_from([date.min, date.max])
surrogates = st.sampled_from(["\ud800", "a\udfffb", "\udc80\x00", "x\n", "a\nb: valid", "\x00"])
odd = st.sampled_from(
    [
        float("nan"),
        float("inf"),
        -0.0,
        1e308,
        b"bytes",
        bytearray(b"x"),
        1j,
        {1, 2},
        frozenset(),
        object(),
        type,
        Ellipsis,
        NotImplemented,
        len,
        range(3),
        timedelta.max,
    ]
)
hostile_objects = st.builds(Hostile)
timezone_names = st.sampled_from(["x" * 300, "../../etc/passwd", "Nowhere/Zone", "\x00", "UTC\n"])

#: one value of any hostile kind, or a plain odd one
hostile = st.one_of(
    deep,
    huge_ints,
    exponents,
    edge_datetimes,
    edge_texts,
    edge_dates,
    surrogates,
    odd,
    hostile_objects,
    timezone_names,
    st.integers(),
    st.text(max_size=20),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
#: keys a mapping may be given that are not plain field names
hostile_keys = st.one_of(
    st.sampled_from(["amount.currency", "x\nreport.json: valid contact", "__class__", "_x"]),
    st.text(max_size=8),
    st.integers(),
    st.builds(HostileKey),
    st.none(),
)


@st.composite
def mutated(draw: st.DrawFn, plain: Any) -> Any:
    """``plain`` (valid to_dict output) with one place changed for the worse."""
    if not isinstance(plain, (dict, list)) or draw(st.integers(0, 3)) == 0:
        return draw(hostile)
    if isinstance(plain, dict):
        keys = sorted(plain)
        action = draw(st.sampled_from(["change", "change", "drop", "add"] if keys else ["add"]))
        if action == "add":
            return {**plain, draw(hostile_keys): draw(hostile)}
        key = draw(st.sampled_from(keys))
        if action == "drop":
            return {k: v for k, v in plain.items() if k != key}
        return {**plain, key: draw(mutated(plain[key]))}
    if not plain:
        return [draw(hostile)]
    i = draw(st.integers(0, len(plain) - 1))
    return [*plain[:i], draw(mutated(plain[i])), *plain[i + 1 :]]
