"""Every field's problem is reported, even when another field's type is wrong.

A wrong type in one field stops the value from being built, so its own checks
never ran; the converter builds it again from the good fields and adds the
problems they hide. The property: with a type fault in one field and a
second fault in another, the problems name both fields.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from salesflow import Money, ValidationError, from_dict
from salesflow.convert import _plain_problems
from tests.fuzz.hostile import fuzz_settings, mutated
from tests.fuzz.kinds import _VALID, KINDS, plain_for


def _roots(kind: type, data: Any) -> set[str] | None:
    """The fields the problems of loading ``data`` start with; None when it loads."""
    try:
        from_dict(kind, data)
    except ValidationError as exc:
        return {p.split(".")[0].split("[")[0] for p in exc.paths}
    return None


def _wrong_type(value: Any) -> Any:
    """A value of another JSON type than ``value``."""
    return "not this" if isinstance(value, (list, dict)) else [1, 2]


#: kinds with a strategy and at least two data fields; a Condition is left out, its
#: predicate and params are checked together (a predicate's check reads its params)
_KINDS = [
    k
    for k in KINDS
    if k in _VALID
    and k.__name__ != "Condition"
    and sum(1 for a in attrs.fields(k) if a.init and not a.metadata.get("salesflow_not_data")) >= 2
]


@pytest.mark.parametrize("kind", _KINDS, ids=lambda k: k.__name__)
@fuzz_settings(quick=5, thorough=20)
@given(data=st.data())
def test_a_type_fault_does_not_hide_another_fields_problem(kind: type, data: Any) -> None:
    plain = data.draw(plain_for(kind))
    assume(isinstance(plain, dict) and len(plain) >= 2)
    keys = sorted(plain)
    first, second = data.draw(st.permutations(keys))[:2]
    typed = {**plain, first: _wrong_type(plain[first])}
    first_roots = _roots(kind, typed)
    assume(first_roots is not None and first in first_roots)  # a fault for this field
    alone = {**plain, second: data.draw(mutated(plain[second]))}
    # a value refused before structuring (too deep, too many digits) is reported alone
    assume(not _plain_problems(alone))
    second_roots = _roots(kind, alone)
    assume(second_roots is not None and first not in second_roots)
    both = {**typed, second: alone[second]}
    roots = _roots(kind, both)
    assert roots is not None
    assert first in roots
    assert second_roots is not None
    assert second_roots <= roots, (roots, second_roots)


def test_two_faults_in_one_money_are_both_reported() -> None:
    for data in (
        {"amount": "x", "currency": "cny"},
        {"amount": 1.5, "currency": "usd"},
        {"amount": [1], "currency": "CNY\n"},
    ):
        assert _roots(Money, data) == {"amount", "currency"}
