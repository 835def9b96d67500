"""Register entries are logged by the end of the working day (the register's filing time)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import DefinitionError, Portfolio, ValidationError, from_dict, to_dict
from salesflow.cadence import WorkingCalendar
from salesflow.frontdesk import (
    ConsistencyRule,
    ConsistencyRules,
    FrontDesk,
    Register,
    Visit,
    VisitKind,
    consistency_report,
)
from salesflow.locales import default_catalogs, enum_key
from tests import frontdesk_day as day
from tests.strategies import consistency_rules, visits, working_calendars

FILED = ConsistencyRule.FILED_ON_TIME
#: A showroom open Monday to Saturday, 09:00 to 18:00 at UTC+8.
SHOWROOM = WorkingCalendar(
    timezone="+08:00", working_days=("mon", "tue", "wed", "thu", "fri", "sat")
)


def _visit(arrived: datetime, left: datetime, logged: datetime | None) -> Visit:
    return Visit(
        id="v-1",
        kind=VisitKind.WALK_IN,
        arrived_at=arrived,
        left_at=left,
        duty="li.na",
        visitor="Mr. Wang",
        logged_at=logged,
    )


def _late(visit: Visit, calendar: WorkingCalendar | None = SHOWROOM) -> bool:
    desk = FrontDesk(register=Register(entries=[visit]))
    rules = ConsistencyRules(checks=[FILED], calendar=calendar)
    found = consistency_report(desk, book=Portfolio(as_of=day.at(20, 9)), rules=rules)
    assert all(v.path == "register.entries[0].logged_at" for v in found.violations)
    return not found.ok


# -- properties ----------------------------------------------------------------------------


@settings(max_examples=60)
@given(visit=visits(), rules=consistency_rules)
def test_an_entry_is_flagged_exactly_when_logged_after_its_due_time(
    visit: Visit, rules: ConsistencyRules
) -> None:
    rules = attrs.evolve(rules, checks=(FILED,))
    desk = FrontDesk(register=Register(entries=[visit]))
    found = consistency_report(desk, book=Portfolio(as_of=day.at(20, 9)), rules=rules)
    late = visit.logged_at is not None and visit.logged_at > rules.filing_due(visit)
    assert found.rules == ((FILED,) if late else ())


@settings(max_examples=60)
@given(visit=visits(), calendar=st.none() | working_calendars())
def test_the_due_time_is_never_before_the_visit_ended_and_is_working_time(
    visit: Visit, calendar: WorkingCalendar | None
) -> None:
    due = ConsistencyRules(calendar=calendar).filing_due(visit)
    assert due >= visit.left_at
    if calendar is not None:
        assert calendar.is_working_time(due)
    else:
        assert due.date() == visit.left_at.date()
        assert due - visit.left_at < timedelta(days=1)


# -- examples: the showroom's day -------------------------------------------------------


def test_an_entry_logged_before_closing_time_is_on_time_and_after_it_is_late() -> None:
    visit = _visit(day.at(2, 17, 20), day.at(2, 17, 50), day.at(2, 17, 55))
    assert not _late(visit)
    assert _late(attrs.evolve(visit, logged_at=day.at(2, 18, 30)))
    assert not _late(attrs.evolve(visit, logged_at=day.at(2, 18)))  # the close itself counts


def test_a_visit_after_hours_is_due_by_the_close_of_the_next_working_day() -> None:
    evening = _visit(day.at(2, 19), day.at(2, 19, 30), day.at(3, 10))
    assert ConsistencyRules(calendar=SHOWROOM).filing_due(evening) == day.at(3, 18)
    assert not _late(evening)
    sunday = _visit(day.at(8, 11), day.at(8, 11, 30), day.at(9, 17))  # Sunday, then Monday
    assert ConsistencyRules(calendar=SHOWROOM).filing_due(sunday) == day.at(9, 18)
    assert not _late(sunday)
    assert _late(attrs.evolve(sunday, logged_at=day.at(10, 9)))


def test_without_a_calendar_the_entry_is_due_by_midnight() -> None:
    visit = _visit(day.at(2, 19), day.at(2, 19, 30), day.at(2, 23, 30))
    assert not _late(visit, calendar=None)
    assert _late(attrs.evolve(visit, logged_at=day.at(3, 8)), calendar=None)


def test_an_entry_without_a_filing_time_is_not_judged() -> None:
    assert not _late(_visit(day.at(2, 10), day.at(2, 10, 30), None))


def test_the_day_scenario_is_logged_on_time_and_the_rule_is_on_by_default() -> None:
    assert FILED in ConsistencyRules().checks
    assert all(v.logged_at is not None for v in day.register().entries)
    assert consistency_report(day.desk(), book=day.book()).ok
    wang = day.register().entries[0]
    late = attrs.evolve(wang, logged_at=day.at(3, 9))
    desk = attrs.evolve(day.desk(), register=Register(entries=[late, day.register().entries[1]]))
    (violation,) = consistency_report(desk, book=day.book()).violations
    assert (violation.rule, violation.path) == (FILED, "register.entries[0].logged_at")
    assert "after the end of the working day" in violation.message


def test_the_rule_and_its_calendar_round_trip_and_have_both_labels() -> None:
    rules = ConsistencyRules(calendar=SHOWROOM)
    assert from_dict(ConsistencyRules, to_dict(rules)) == rules
    cats = default_catalogs()
    assert cats.label(enum_key(FILED), "zh-Hans") != cats.label(enum_key(FILED), "en")


# -- bad input --------------------------------------------------------------------------


def test_an_entry_is_logged_once_the_visit_ended_and_checked_once_logged() -> None:
    with pytest.raises(ValidationError) as info:
        _visit(day.at(2, 10), day.at(2, 10, 30), day.at(2, 10, 20))
    assert info.value.paths == ("logged_at",)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(
            _visit(day.at(2, 10), day.at(2, 10, 30), day.at(2, 12)),
            checked_by="manager",
            checked_at=day.at(2, 11),
        )
    assert info.value.paths == ("checked_at",)
    with pytest.raises(ValidationError) as info:
        _visit(day.at(2, 10), day.at(2, 10, 30), datetime(2026, 3, 2, 11))
    assert info.value.paths == ("logged_at",)


def test_the_manager_cannot_check_an_entry_logged_after_the_check() -> None:
    register = Register(entries=[_visit(day.at(2, 10), day.at(2, 10, 30), day.at(2, 17))])
    with pytest.raises(ValidationError) as info:
        register.checked(day=day.at(2, 0).date(), by="manager", at=day.at(2, 16))
    assert info.value.paths == ("entries[0]",)
    assert register.entries[0].checked_at is None


def test_bad_calendars_and_visits_are_named() -> None:
    with pytest.raises(DefinitionError) as info:
        ConsistencyRules(calendar="+08:00")  # type: ignore[arg-type]
    assert info.value.paths == ("calendar",)
    with pytest.raises(DefinitionError) as info:
        from_dict(ConsistencyRules, {"calendar": {"timezone": "Mars/Olympus"}})
    assert "calendar" in str(info.value)
    with pytest.raises(ValidationError) as bad:
        ConsistencyRules().filing_due("v-1")  # type: ignore[arg-type]
    assert bad.value.paths == ("visit",)
