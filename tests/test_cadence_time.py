"""Durations, recurrences and working calendars (salesflow.cadence._time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import DefinitionError, ValidationError
from salesflow.cadence import (
    Duration,
    DurationUnit,
    Recurrence,
    RecurrenceAnchor,
    RecurrenceUnit,
    TimeBasis,
    WorkingCalendar,
    add_months,
    end_of_day,
    period_of,
)
from salesflow.convert import from_dict, from_json, from_toml, to_dict
from tests.strategies import aware_datetimes, durations, recurrences, timezones, working_calendars

CST = timezone(timedelta(hours=8))
#: Monday to Friday, 09:00-18:00, Shanghai time.
OFFICE = WorkingCalendar(timezone="Asia/Shanghai")
#: Moments near the drawn calendars' holidays.
near = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=timezones
)

# -- properties -----------------------------------------------------------------


@given(working_calendars())
def test_calendar_round_trips(cal: WorkingCalendar) -> None:
    """from_dict(to_dict(c)) == c, also through JSON."""
    assert from_dict(WorkingCalendar, to_dict(cal)) == cal


@given(durations())
def test_duration_round_trips(d: Duration) -> None:
    assert from_dict(Duration, to_dict(d)) == d


@given(recurrences())
def test_recurrence_round_trips(r: Recurrence) -> None:
    assert from_dict(Recurrence, to_dict(r)) == r


@given(
    working_calendars(),
    near,
    st.integers(0, 60 * 24 * 10),
)
def test_working_deadlines_fall_on_working_time(
    cal: WorkingCalendar, start: datetime, minutes: int
) -> None:
    """A working-time deadline is never outside working time, never before its start,
    and exactly ``amount`` of working time lies between start and deadline."""
    amount = timedelta(minutes=minutes)
    due = cal.add(start, amount=amount)
    assert cal.is_working_time(due)
    assert due >= start
    assert cal.working_time_between(start, end=due) == amount
    close = cal.close_of_day(due)
    assert close >= due
    assert cal.is_working_time(close)


@given(working_calendars(), near, st.integers(0, 60 * 24 * 10))
def test_working_time_before_a_moment(cal: WorkingCalendar, end: datetime, minutes: int) -> None:
    """Counting back ``amount`` of working time lands on working time, ``amount`` before."""
    amount = timedelta(minutes=minutes)
    start = cal.subtract(end, amount=amount)
    assert cal.is_working_time(start)
    assert start <= end
    assert cal.working_time_between(start, end=end) == amount


@given(working_calendars(), near)
def test_working_days_are_whole_day_lengths(cal: WorkingCalendar, start: datetime) -> None:
    """n working days is n times the working day's length of working time."""
    due = cal.add_days(start, days=2)
    assert cal.working_time_between(start, end=due) == 2 * cal.day_length
    assert cal.is_working_time(due)


@given(
    aware_datetimes,
    st.sampled_from(RecurrenceUnit),
)
def test_calendar_periods_tile_time(moment: datetime, unit: RecurrenceUnit) -> None:
    """Each moment is in exactly one period; the next period starts where it ends."""
    first, following = period_of(moment, unit=unit)
    assert first <= moment < following
    again, after = period_of(following, unit=unit)
    assert again == following
    assert after > following


@given(aware_datetimes, st.integers(0, 24))
def test_add_months_stays_in_the_target_month(moment: datetime, months: int) -> None:
    """Adding months lands in the right month, on the same day or the month's last day."""
    result = add_months(moment, months=months)
    index = moment.year * 12 + moment.month - 1 + months
    assert (result.year, result.month) == (index // 12, index % 12 + 1)
    assert result.day == moment.day or result.day < moment.day
    assert result.time() == moment.time()


# -- examples -------------------------------------------------------------------


def test_friday_1755_plus_one_working_day_is_monday_1755() -> None:
    friday = datetime(2026, 3, 13, 17, 55, tzinfo=CST)
    assert OFFICE.add_days(friday, days=1) == datetime(2026, 3, 16, 17, 55, tzinfo=CST)
    # 24 working hours: 5 min Friday, 9 h Monday, 9 h Tuesday, 5 h 55 Wednesday
    assert OFFICE.add(friday, amount=timedelta(hours=24)) == datetime(
        2026, 3, 18, 14, 55, tzinfo=CST
    )
    # a working-time duration needs the calendar
    working_day = Duration(amount=1, unit=DurationUnit.DAYS, basis=TimeBasis.WORKING)
    assert working_day.after(friday, calendar=OFFICE) == datetime(2026, 3, 16, 17, 55, tzinfo=CST)
    with pytest.raises(ValidationError) as err:
        working_day.after(friday)
    assert "calendar" in err.value.paths


def test_booked_two_working_days_ahead() -> None:
    """A visit on Monday 10:00, booked two working days ahead: by Thursday 10:00."""
    monday = datetime(2026, 3, 16, 10, 0, tzinfo=CST)
    two_days = Duration(amount=2, unit=DurationUnit.DAYS, basis=TimeBasis.WORKING)
    assert two_days.before(monday, calendar=OFFICE) == datetime(2026, 3, 12, 10, 0, tzinfo=CST)
    assert Duration(amount=2, unit=DurationUnit.DAYS).before(monday) == datetime(
        2026, 3, 14, 10, 0, tzinfo=CST
    )
    # counting back from a weekend starts at Friday's close
    sunday = datetime(2026, 3, 15, 12, 0, tzinfo=CST)
    assert OFFICE.subtract(sunday, amount=timedelta(0)) == datetime(2026, 3, 13, 18, 0, tzinfo=CST)
    week = Duration(amount=1, unit=DurationUnit.WEEKS, basis=TimeBasis.WORKING)
    assert week.before(monday, calendar=OFFICE) == datetime(2026, 3, 9, 10, 0, tzinfo=CST)
    with pytest.raises(ValidationError):
        OFFICE.subtract(monday, amount=timedelta(minutes=-1))


def test_lunch_break_holidays_and_make_up_days() -> None:
    cal = WorkingCalendar(
        timezone="+08:00",
        hours=("09:00-12:00", "13:00-18:00"),
        holidays=("2026-10-01", "2026-10-02"),
        extra_working_days=("2026-10-10",),  # a Saturday
    )
    thursday_before = datetime(2026, 9, 30, 17, 0, tzinfo=CST)
    # 2 h: 1 h on 30 Sep, holidays 1-2 Oct, weekend 3-4 Oct, 1 h on Monday 5 Oct
    assert cal.add(thursday_before, amount=timedelta(hours=2)) == datetime(
        2026, 10, 5, 10, 0, tzinfo=CST
    )
    # lunch is skipped
    morning = datetime(2026, 10, 5, 11, 30, tzinfo=CST)
    assert cal.add(morning, amount=timedelta(hours=1)) == datetime(2026, 10, 5, 13, 30, tzinfo=CST)
    assert cal.is_working_day(date(2026, 10, 10))
    assert not cal.is_working_day(date(2026, 10, 1))
    assert cal.day_length == timedelta(hours=8)


def test_zero_working_time_is_the_next_working_moment() -> None:
    saturday = datetime(2026, 3, 14, 11, 0, tzinfo=CST)
    assert OFFICE.add(saturday, amount=timedelta(0)) == datetime(2026, 3, 16, 9, 0, tzinfo=CST)
    closing = datetime(2026, 3, 13, 18, 0, tzinfo=CST)
    assert OFFICE.add(closing, amount=timedelta(0)) == closing
    assert OFFICE.is_working_time(closing)


def test_a_month_without_day_31() -> None:
    jan31 = datetime(2026, 1, 31, 10, 0, tzinfo=CST)
    assert add_months(jan31, months=1) == datetime(2026, 2, 28, 10, 0, tzinfo=CST)
    assert add_months(jan31, months=13) == datetime(2027, 2, 28, 10, 0, tzinfo=CST)
    assert add_months(datetime(2028, 1, 31, tzinfo=CST), months=1).day == 29  # leap year
    assert add_months(datetime(2026, 3, 31, tzinfo=CST), months=1).day == 30
    monthly = Recurrence(unit=RecurrenceUnit.MONTHS)
    assert monthly.next_after(jan31) == datetime(2026, 2, 28, 10, 0, tzinfo=CST)
    _, following = period_of(datetime(2026, 2, 15, tzinfo=CST), unit=RecurrenceUnit.MONTHS)
    assert following - timedelta(microseconds=1) == datetime(
        2026, 2, 28, 23, 59, 59, 999999, tzinfo=CST
    )


def test_quarter_boundaries() -> None:
    last_moment_q1 = datetime(2026, 3, 31, 23, 59, 59, tzinfo=CST)
    assert period_of(last_moment_q1, unit=RecurrenceUnit.QUARTERS) == (
        datetime(2026, 1, 1, tzinfo=CST),
        datetime(2026, 4, 1, tzinfo=CST),
    )
    assert period_of(datetime(2026, 12, 31, tzinfo=CST), unit=RecurrenceUnit.QUARTERS)[1] == (
        datetime(2027, 1, 1, tzinfo=CST)
    )
    quarterly = Recurrence(unit=RecurrenceUnit.QUARTERS)
    assert quarterly.next_after(datetime(2026, 11, 30, tzinfo=CST)) == datetime(
        2027, 2, 28, tzinfo=CST
    )


def test_weeks_start_on_monday_and_end_of_day() -> None:
    sunday = datetime(2026, 3, 15, 20, 0, tzinfo=CST)
    assert period_of(sunday, unit=RecurrenceUnit.WEEKS)[0] == datetime(2026, 3, 9, tzinfo=CST)
    assert end_of_day(sunday) == datetime(2026, 3, 15, 23, 59, 59, 999999, tzinfo=CST)
    # on another clock the day differs
    assert end_of_day(sunday, tz=UTC).day == 15
    assert end_of_day(datetime(2026, 3, 15, 2, 0, tzinfo=CST), tz=UTC).day == 14


def test_calendar_loads_from_toml() -> None:
    cal = from_toml(
        WorkingCalendar,
        """
        timezone = "Asia/Shanghai"
        working_days = ["mon", "tue", "wed", "thu", "fri", "sat"]
        hours = ["08:30-12:00", "13:30-17:30"]
        holidays = [2026-05-01, "2026-05-04"]
        """,
    )
    assert cal.day_length == timedelta(hours=7, minutes=30)
    assert cal.holidays == (date(2026, 5, 1), date(2026, 5, 4))


# -- bad input ------------------------------------------------------------------


def test_bad_calendar_lists_every_problem() -> None:
    with pytest.raises(DefinitionError) as err:
        WorkingCalendar(
            timezone="Mars/Olympus",
            working_days=("mon", "funday", "mon"),
            hours=("09:00-08:00", "25:00-26:00", "nine to five", "08:00-10:00", "09:00-11:00"),
            holidays=("2026-02-30", date(2026, 1, 1), date(2026, 1, 1)),
            extra_working_days=(date(2026, 1, 1),),
        )
    assert err.value.paths == (
        "timezone",
        "working_days[1]",
        "working_days[2]",
        "hours[0]",
        "hours[1]",
        "hours[2]",
        "hours[4]",
        "holidays[0]",
        "holidays[2]",
        "extra_working_days[0]",
    )


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"working_days": ()}, "working_days"),
        ({"hours": ()}, "hours"),
        ({"hours": "09:00-18:00"}, "hours"),
        ({"timezone": ""}, "timezone"),
        ({"timezone": "+25:00"}, "timezone"),
        ({"holidays": 5}, "holidays"),
        ({"working_days": (1, 2)}, "working_days[0]"),
        ({"hours": ("24:30-25:00",)}, "hours[0]"),
    ],
)
def test_bad_calendar_fields(fields: dict[str, object], path: str) -> None:
    with pytest.raises(DefinitionError) as err:
        WorkingCalendar(**fields)  # type: ignore[arg-type]
    assert path in err.value.paths


def test_bad_calendar_data_is_a_definition_error_with_paths() -> None:
    with pytest.raises(DefinitionError) as err:
        from_dict(
            WorkingCalendar,
            {"timezone": 8, "hours": ["09:00-18:00"], "holidays": ["soon"], "lunch": "12:00"},
        )
    assert set(err.value.paths) >= {"timezone", "holidays[0]", "lunch"}
    with pytest.raises(DefinitionError):
        from_json(WorkingCalendar, "{not json")


def test_calendar_queries_refuse_naive_or_negative() -> None:
    naive = datetime(2026, 3, 13, 9, 0)
    for call in (
        lambda: OFFICE.add(naive, amount=timedelta(hours=1)),
        lambda: OFFICE.is_working_time(naive),
        lambda: OFFICE.working_time_between(naive, end=naive),
        lambda: OFFICE.add(datetime(2026, 3, 13, tzinfo=CST), amount=timedelta(hours=-1)),
    ):
        with pytest.raises(ValidationError):
            call()


@pytest.mark.parametrize(
    ("kind", "fields", "path"),
    [
        (Duration, {"amount": -1}, "amount"),
        (Duration, {"amount": 1.5}, "amount"),
        (Duration, {"amount": 1, "unit": "fortnights"}, "unit"),
        (Duration, {"amount": 1, "basis": "lunar"}, "basis"),
        (Recurrence, {"every": 0}, "every"),
        (Recurrence, {"every": 2, "anchor": "calendar"}, "every"),
        (Recurrence, {"unit": "years"}, "unit"),
        (Recurrence, {"by_grade": {"D": 3}}, "by_grade['D']"),
        (Recurrence, {"by_grade": {"A": 0}}, "by_grade['A']"),
        (Recurrence, {"by_grade": {"A": 7}, "anchor": "calendar"}, "by_grade"),
        (Recurrence, {"by_grade": [7]}, "by_grade"),
    ],
)
def test_bad_durations_and_recurrences(kind: type, fields: dict[str, object], path: str) -> None:
    with pytest.raises(DefinitionError) as err:
        kind(**fields)
    assert path in err.value.paths


def test_recurrence_by_grade() -> None:
    from salesflow import ValueGrade

    r = Recurrence(unit=RecurrenceUnit.DAYS, by_grade={"A": 7, "B": 14})
    assert r.every_for(ValueGrade.A) == 7
    assert r.every_for(ValueGrade.C) is None
    assert r.every_for(None) is None
    assert Recurrence(every=3).every_for(None) == 3
    assert Recurrence(anchor=RecurrenceAnchor.CALENDAR).every == 1


# -- review: odd arguments, huge amounts, plain-string units ------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("unit", list(RecurrenceUnit))
def test_period_of_takes_the_unit_by_value(unit: RecurrenceUnit) -> None:
    """period_of(moment, unit="weeks") is the week, as with RecurrenceUnit.WEEKS (not a quarter)."""
    assert period_of(T0, unit=unit.value) == period_of(T0, unit=unit)  # type: ignore[arg-type]


# typed as Any so the calls below may pass what the signatures refuse
_period_of: Any = period_of
_add_months: Any = add_months
_end_of_day: Any = end_of_day
_Recurrence: Any = Recurrence
_Duration: Any = Duration
_Calendar: Any = WorkingCalendar


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: _period_of(T0, unit="fortnight"), "unit"),
        (lambda: _period_of("2026-03-02", unit=RecurrenceUnit.WEEKS), "moment"),
        (lambda: _period_of(datetime(2026, 3, 2), unit=RecurrenceUnit.WEEKS), "moment"),
        (
            lambda: _period_of(datetime(9999, 12, 31, tzinfo=UTC), unit=RecurrenceUnit.QUARTERS),
            "moment",
        ),
        (lambda: _add_months("2026-01-31", months=1), "moment"),
        (lambda: _add_months(datetime(2026, 1, 31), months=1), "moment"),
        (lambda: _add_months(T0, months="1"), "months"),
        (lambda: _add_months(T0, months=10**6), "months"),
        (lambda: _end_of_day("2026-03-02"), "moment"),
        (lambda: _end_of_day(datetime(2026, 3, 2)), "moment"),
        (lambda: _end_of_day(T0, tz="UTC"), "tz"),
        (lambda: _Recurrence().next_after("2026-03-02"), "start"),
        (lambda: _Recurrence().next_after(T0, every="2"), "every"),
        (lambda: _Recurrence().next_after(T0, every=0), "every"),
        (lambda: _Recurrence(every=1, unit="months").next_after(T0, every=10**6), "every"),
        (lambda: _Recurrence(by_grade={"A": 7}).every_for("Z"), "grade"),
        (lambda: _Duration(amount=1).after("2026-03-02"), "start"),
        (lambda: _Duration(amount=1).after(datetime(2026, 3, 2)), "start"),
        (lambda: _Duration(amount=1).before(datetime(2026, 3, 2)), "end"),
        (lambda: _Duration(amount=1, basis="working").after(T0, calendar=5), "calendar"),
        (lambda: _Duration(amount=1).after(datetime.max.replace(tzinfo=UTC)), "start"),
        (lambda: _Duration(amount=1, unit="days").working_length(calendar=None), "calendar"),
        (lambda: _Calendar().add(T0, amount=timedelta(days=10**8)), "amount"),
        (lambda: _Calendar().subtract(T0, amount=timedelta(days=10**8)), "amount"),
        (lambda: _Calendar().add_days(T0, days="2"), "days"),
        (lambda: _Calendar().add_days(T0, days=True), "days"),
        (lambda: _Calendar().is_working_day("2026-03-02"), "day"),
        (lambda: _Calendar().is_working_day(T0), "day"),
    ],
)
def test_public_time_functions_refuse_bad_arguments(call: object, path: str) -> None:
    """Wrong types, naive datetimes and results past year 9999 are ValidationErrors
    naming the argument (not AttributeError, TypeError, ValueError or OverflowError)."""
    with pytest.raises(ValidationError) as info:
        call()  # type: ignore[operator]
    assert info.value.paths == (path,)


def test_every_for_takes_a_grade_by_value() -> None:
    """every_for("A") reads like every_for(ValueGrade.A)."""
    from salesflow import ValueGrade

    r = Recurrence(by_grade={"A": 7, "B": 14})
    assert r.every_for("A") == r.every_for(ValueGrade.A) == 7  # type: ignore[arg-type]
    assert r.every_for("C") is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "unit"), [(10**10, "days"), (10**8, "weeks"), (40_000, "days"), (10**9, "minutes")]
)
def test_durations_longer_than_a_century_are_refused(amount: int, unit: str) -> None:
    """A duration past 100 years is a DefinitionError (huge ones raised OverflowError,
    and any rule using them overflowed the datetime range when evaluated)."""
    with pytest.raises(DefinitionError) as info:
        Duration(amount=amount, unit=unit)  # type: ignore[arg-type]
    assert info.value.paths == ("amount",)
    assert Duration(amount=36_525, unit="days").timedelta == timedelta(days=36_525)  # type: ignore[arg-type]
