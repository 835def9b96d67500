"""The visitor register: entries without details, the manager's check, the figures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from salesflow import ValidationError
from salesflow.frontdesk import Register, Visit, VisitKind, register_figures
from tests import frontdesk_day as day
from tests import strategies as sst


@given(sst.registers)
def test_figures_add_up(register: Register) -> None:
    """Every count is over the same entries: weekdays, days of month and people sum to the total."""
    f = register_figures(register)
    assert f.visits == len(register.entries)
    assert sum(f.by_weekday) == f.visits
    assert sum(f.by_day_of_month) == f.visits
    assert f.walk_ins + f.calls == f.visits
    assert sum(s.visits for s in f.by_salesperson.values()) == f.visits
    assert sum(s.without_details for s in f.by_salesperson.values()) == f.without_details
    assert f.without_details == sum(not v.has_details for v in register.entries)
    assert f.unchecked == len(register.unchecked)
    if f.visits:
        assert f.share_without_details == (Decimal(f.without_details) / Decimal(f.visits)).quantize(
            Decimal("0.0001")
        )
    else:
        assert f.share_without_details is None


@given(sst.registers)
def test_a_span_of_days_counts_only_its_entries(register: Register) -> None:
    start, end = date(2026, 3, 4), date(2026, 3, 8)
    f = register_figures(register, start=start, end=end)
    assert f.visits == sum(start <= v.day <= end for v in register.entries)


@given(sst.registers)
def test_checking_a_day_checks_only_that_day(register: Register) -> None:
    when = day.at(20, 23)
    checked = register.checked(day=date(2026, 3, 3), by="manager", at=when)
    for before, after in zip(register.entries, checked.entries, strict=True):
        if before.day == date(2026, 3, 3) and not before.is_checked:
            assert after.checked_by == "manager"
            assert after.checked_at == when
        else:
            assert after == before


def test_a_visitor_without_details_is_registered() -> None:
    """ "Mr. Wang, walked in 10:05, left 10:40": the circumstances are enough."""
    wang = day.register().entries[0]
    assert not wang.has_details
    assert wang.stayed == timedelta(minutes=35)
    assert wang.subject is None
    f = register_figures(day.register())
    assert f.without_details == 1
    assert f.share_without_details == Decimal("0.5000")
    assert f.by_weekday[0] == 2
    assert f.busiest_weekdays == ("monday",)
    assert f.by_day_of_month[1] == 2
    assert f.by_salesperson["li.na"].share_without_details == Decimal("0.5000")


def test_departure_before_arrival_and_naive_times_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        Visit(
            id="v",
            kind=VisitKind.CALL,
            arrived_at=day.at(2, 10),
            left_at=day.at(2, 9),
            duty="li.na",
            visitor="",
            email="nope",
            checked_by="manager",
        )
    assert info.value.paths == ("visitor", "email", "left_at", "checked_at")
    with pytest.raises(ValidationError) as info:
        Visit(
            id="v",
            kind="drive_by",  # type: ignore[arg-type]
            arrived_at=day.at(2, 10).replace(tzinfo=None),
            left_at=day.at(2, 11),
            duty="li.na",
            visitor="x",
            ordered="yes",  # type: ignore[arg-type]
        )
    assert info.value.paths == ("kind", "arrived_at", "ordered")


def test_the_manager_checks_after_the_visit() -> None:
    wang = day.register().entries[0]
    with pytest.raises(ValidationError) as info:
        attrs.evolve(wang, checked_by="manager", checked_at=day.at(2, 10, 10))
    assert info.value.paths == ("checked_at",)
    register = day.register()
    with pytest.raises(ValidationError) as info:
        register.checked(day=date(2026, 3, 2), by="manager", at=day.at(2, 10, 50))
    assert info.value.paths == ("entries[1]",)
    assert register == day.register()


def test_register_refuses_repeated_ids_and_bad_arguments() -> None:
    register = day.register()
    with pytest.raises(ValidationError) as info:
        register.added(register.entries[0])
    assert info.value.paths == ("entries[2]",)
    with pytest.raises(ValidationError) as info:
        register.checked(
            day="today",  # type: ignore[arg-type]
            by="",
            at=day.at(2, 18).replace(tzinfo=None),
        )
    assert info.value.paths == ("day", "by", "at")
    with pytest.raises(ValidationError) as info:
        register.on(day.at(2, 10))
    assert info.value.paths == ("day",)
    with pytest.raises(ValidationError, match="no visit with id 'v-9'"):
        register.visit("v-9")
    assert register.visit("v-2").lead_id == "l-zhao"
    assert [v.id for v in register.on(date(2026, 3, 2))] == ["v-1", "v-2"]
    with pytest.raises(ValidationError) as info:
        Register(entries=["v-1"])
    assert info.value.paths == ("entries[0]",)


def test_figures_refuse_bad_arguments() -> None:
    with pytest.raises(ValidationError) as info:
        register_figures([])  # type: ignore[arg-type]
    assert info.value.paths == ("register",)
    with pytest.raises(ValidationError) as info:
        register_figures(day.register(), start=date(2026, 3, 5), end=date(2026, 3, 1))
    assert info.value.paths == ("end",)
    with pytest.raises(ValidationError) as info:
        register_figures(day.register(), start=day.at(2, 1))
    assert info.value.paths == ("start",)
