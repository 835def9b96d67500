"""Every public entry point refuses wrong-typed and hostile arguments with a SalesflowError.

The entry points are found by introspection (:mod:`tests.fuzz.entry_points`):
every function of a public ``__all__`` and every public method of a public
class. Each is called with plausible arguments (by parameter name) of which
one or two are replaced by a valid value of another kind or a hostile value.
Nothing but a :class:`~salesflow.SalesflowError` may escape, and the receiver
(a frozen value) is unchanged.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Money, to_dict
from tests import strategies as sst
from tests.fuzz.entry_points import ENTRY_POINTS, EntryPoint
from tests.fuzz.hostile import fuzz_settings, guarded, hostile, mutated
from tests.fuzz.kinds import _VALID

_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_moments = st.sampled_from([_AT, _AT + timedelta(days=3), _AT - timedelta(days=400)])

#: a plausible value for a parameter, by its name
_BY_NAME: dict[str, st.SearchStrategy[Any]] = {
    "opportunity": sst.opportunities(),
    "opportunities": st.lists(sst.opportunities(), max_size=2),
    "lead": sst.leads(),
    "leads": st.lists(sst.leads(), max_size=2),
    "amount": sst.money("CNY") | st.sampled_from([timedelta(hours=3)]),
    "currency": sst.currencies,
    "day": st.just(date(2026, 3, 2)),
    "on": st.just(date(2026, 3, 2)),
    "context": st.just({}),
    "locale": st.sampled_from(["en", "zh-Hans"]),
    "pipeline": sst.pipelines,
    "calendar": sst.working_calendars(),
    "stakeholder_map": sst.stakeholder_maps(),
    "every": st.integers(1, 30),
    "days": st.integers(0, 30),
    "months": st.integers(-30, 30),
    "places": st.integers(0, 4),
    "level": st.integers(0, 3),
    "total": st.integers(0, 10),
    "facts": st.just({}),
    "inputs": st.just([{}]),
}
for _name in ("at", "start", "end", "moment", "until"):
    _BY_NAME[_name] = _moments
for _name in ("by", "note", "reason", "key", "person", "id", "owner", "stage", "item", "name"):
    _BY_NAME[_name] = sst.keys

#: valid values of every kind with a strategy: wrong-typed, but well-formed, arguments
_any_valid = st.sampled_from(sorted(_VALID, key=lambda k: k.__name__)).flatmap(lambda k: _VALID[k])
_wrong = st.one_of(hostile, _any_valid, _any_valid.map(to_dict).flatmap(mutated))


def _plausible(parameter: inspect.Parameter) -> st.SearchStrategy[Any]:
    if parameter.name in _BY_NAME:
        return _BY_NAME[parameter.name]
    if parameter.default is not inspect.Parameter.empty:
        return st.just(parameter.default)
    return _wrong


def _drain(result: Any) -> Any:
    """A generator's results are produced (its errors are the call's errors)."""
    if isinstance(result, Iterator):
        return list(itertools.islice(result, 20))
    return result


def _snapshot(value: Any) -> Any:
    try:
        return to_dict(value)
    except Exception:  # a value that is not data (a registry) is compared by repr
        return repr(value)


def _call(entry: EntryPoint, data: st.DataObject) -> None:
    arguments: dict[str, Any] = {p.name: data.draw(_plausible(p)) for p in entry.parameters}
    if arguments:
        names = sorted(arguments)
        for name in data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=2)):
            arguments[name] = data.draw(_wrong)
    positional = [arguments.pop(p.name) for p in entry.parameters if p.kind is p.POSITIONAL_ONLY]
    if entry.owner is None:
        guarded(entry.name, lambda: _drain(entry.call(*positional, **arguments)))
        return
    receiver = data.draw(_VALID[entry.owner])
    before = _snapshot(receiver)
    guarded(entry.name, lambda: _drain(entry.call(receiver, *positional, **arguments)))
    assert _snapshot(receiver) == before, f"{entry.name} changed its receiver"


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: e.name)
@fuzz_settings(quick=5, thorough=20)
@given(data=st.data())
def test_wrong_arguments_raise_only_salesflow_errors(entry: EntryPoint, data: Any) -> None:
    """Wrong-typed or hostile arguments: a SalesflowError, and the receiver is unchanged."""
    _call(entry, data)


def test_every_area_has_entry_points() -> None:
    """The introspection finds the functions and the methods of the public classes."""
    names = {e.name for e in ENTRY_POINTS}
    assert len(names) > 100
    assert {"Pipeline.advance", "Scorecard.evaluate", "WorkingCalendar.add"} <= names
    assert Money in {e.owner for e in ENTRY_POINTS}
