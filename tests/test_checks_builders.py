"""The generated hot-path builders: same values as the checked constructors."""

from __future__ import annotations

import gc

import attrs
import pytest
from hypothesis import given

from salesflow import Opportunity, StageChange, to_dict
from salesflow._checks import make_builder, make_evolver, no_cycle_collection
from tests import strategies as strat


@given(strat.opportunities())
def test_builder_equals_the_constructor(opp: Opportunity) -> None:
    """make_builder(cls)(**fields) is the value the checked constructor builds."""
    for change in opp.history:
        fields = {a.name: getattr(change, a.name) for a in attrs.fields(StageChange)}
        assert make_builder(StageChange)(**fields) == StageChange(**fields)
    build = make_builder(Opportunity)
    fields = {a.name: getattr(opp, a.name) for a in attrs.fields(Opportunity)}
    built = build(**fields)
    assert to_dict(built) == to_dict(opp)
    # the real class, frozen as the constructor's value is
    assert type(built) is Opportunity
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.stage = "elsewhere"  # type: ignore[misc]


@given(strat.opportunities(), strat.keys)
def test_evolver_equals_attrs_evolve(opp: Opportunity, stage: str) -> None:
    """make_evolver replaces exactly the named fields and copies the rest."""
    evolve = make_evolver(Opportunity, ("stage", "history"))
    copy = evolve(opp, stage, ())
    assert copy == attrs.evolve(opp, stage=stage, history=())
    assert copy is not opp
    assert copy.stage == stage
    assert copy.attributes is opp.attributes
    assert type(copy) is Opportunity


def test_unknown_field_and_missing_argument() -> None:
    """Unknown fields fail when generating; a missing field fails when building."""
    with pytest.raises(TypeError):
        make_evolver(Opportunity, ("colour",))
    with pytest.raises(TypeError):
        make_builder(StageChange)(move="open")


def test_a_class_without_slots_is_refused() -> None:
    """The builders fill slots: a class keeping its fields in a dict is refused."""

    @attrs.frozen(slots=False)
    class Loose:
        a: int

    with pytest.raises(TypeError):
        make_builder(Loose)


@given(strat.opportunities())
def test_positional_builder_takes_the_fields_in_order(opp: Opportunity) -> None:
    """make_builder(cls, positional=True)(*values) builds the same value; keywords are refused."""
    build = make_builder(StageChange, positional=True)
    names = [a.name for a in attrs.fields(StageChange)]
    for change in opp.history:
        assert build(*(getattr(change, n) for n in names)) == change
    with pytest.raises(TypeError):
        build(**dict.fromkeys(names))


def test_no_cycle_collection_restores_the_collector() -> None:
    """The collector is off inside, back on after (an error too); left off when it was off."""
    assert gc.isenabled()
    with no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), no_cycle_collection():
        raise KeyError("x")
    assert gc.isenabled()
    gc.disable()
    try:
        with no_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
