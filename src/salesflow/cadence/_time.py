"""Time arithmetic for time rules: durations, recurrences and working calendars.

A :class:`Duration` is counted in calendar time or in working time on a
:class:`WorkingCalendar` the caller supplies. A :class:`Recurrence` repeats
either *rolling* (N units after the previous time the obligation was met) or
on the *calendar* (once in each calendar week, month or quarter).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from typing import Any

import attrs

from salesflow._checks import (
    Checker,
    definition_checker,
    describe,
    freeze_mapping,
    require_enum,
    shown,
    to_tuple,
    zone_info,
)
from salesflow.convert import NOT_DATA, Definition
from salesflow.exceptions import ValidationError
from salesflow.frozen import EMPTY
from salesflow.records import ValueGrade

__all__ = [
    "Duration",
    "DurationUnit",
    "Recurrence",
    "RecurrenceAnchor",
    "RecurrenceUnit",
    "TimeBasis",
    "WorkingCalendar",
    "add_months",
    "end_of_day",
    "period_of",
]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})\Z")
_OFFSET = re.compile(r"^([+-])([0-9]{2}):([0-9]{2})\Z")
_ZERO = timedelta(0)
_DAY = timedelta(days=1)
#: The longest duration a rule may state: a century (longer ones overflow dates).
_LONGEST = timedelta(days=36_525)


class DurationUnit(StrEnum):
    """The unit of a :class:`Duration`."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WEEKS = "weeks"


class TimeBasis(StrEnum):
    """Calendar time (every hour counts) or working time (only working hours count)."""

    CALENDAR = "calendar"
    WORKING = "working"


class RecurrenceUnit(StrEnum):
    """The unit of a :class:`Recurrence`."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    QUARTERS = "quarters"


class RecurrenceAnchor(StrEnum):
    """Rolling: N units after the last time it was met. Calendar: once per calendar period."""

    ROLLING = "rolling"
    CALENDAR = "calendar"


def to_dates(value: Any) -> Any:
    """A list of dates; ISO 8601 strings (``"2026-05-01"``) become dates."""
    value = to_tuple(value)
    if not isinstance(value, tuple):
        return value
    out: list[Any] = []
    for item in value:
        if isinstance(item, str):
            with contextlib.suppress(ValueError):
                item = date.fromisoformat(item)
        out.append(item)
    return tuple(out)


def _parse_timezone(name: str) -> tzinfo | None:
    if name == "UTC":
        return UTC
    m = _OFFSET.match(name)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        hours, minutes = int(m.group(2)), int(m.group(3))
        if hours > 23 or minutes > 59:
            return None
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return zone_info(name)


@attrs.frozen(slots=True, kw_only=True)
class WorkingCalendar(Definition):
    """When people work: the days of the week, the hours of a day, and holidays.

    * ``timezone``: ``"UTC"``, an IANA name (``"Asia/Shanghai"``) or a fixed
      offset (``"+08:00"``). Days and hours are read on that clock.
    * ``working_days``: weekday names, ``"mon"`` to ``"sun"`` (default Monday
      to Friday).
    * ``hours``: the working windows of a working day, ``"HH:MM-HH:MM"``, in
      order and not overlapping (default ``("09:00-18:00",)``; a lunch break is
      two windows, ``("09:00-12:00", "13:00-18:00")``). ``24:00`` may end a window.
    * ``holidays``: dates that are not worked although their weekday is.
    * ``extra_working_days``: dates that are worked although their weekday is
      not (make-up working days).

    A working *day* of duration is the length of one day's windows: one
    working day after Friday 17:55 on a 09:00-18:00 calendar is Monday 17:55.
    A moment at the very end of a window still counts as working time.
    """

    timezone: str = "UTC"
    working_days: tuple[str, ...] = attrs.field(
        default=("mon", "tue", "wed", "thu", "fri"), converter=to_tuple
    )
    hours: tuple[str, ...] = attrs.field(default=("09:00-18:00",), converter=to_tuple)
    holidays: tuple[date, ...] = attrs.field(default=(), converter=to_dates)
    extra_working_days: tuple[date, ...] = attrs.field(default=(), converter=to_dates)
    _tz: tzinfo = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)
    _weekdays: frozenset[int] = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)
    _windows: tuple[tuple[timedelta, timedelta], ...] = attrs.field(
        init=False, eq=False, repr=False, metadata=NOT_DATA
    )
    _off: frozenset[date] = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)
    _on: frozenset[date] = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)
    # the ordinals of the days whose working state differs from their weekday's, sorted:
    # holidays on working weekdays, and extra working days on other weekdays
    _off_ordinals: tuple[int, ...] = attrs.field(
        init=False, eq=False, repr=False, metadata=NOT_DATA
    )
    _on_ordinals: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("WorkingCalendar")
        tz: tzinfo | None = None
        if check.text("timezone", self.timezone):
            tz = _parse_timezone(self.timezone)
            if tz is None:
                check.add(
                    "timezone",
                    f"unknown time zone {self.timezone!r} (expected 'UTC', an IANA name "
                    "such as 'Asia/Shanghai', or an offset such as '+08:00')",
                )
        weekdays: set[int] = set()
        if check.items("working_days", self.working_days, str, "weekday names"):
            for i, name in enumerate(self.working_days):
                if name not in WEEKDAYS:
                    check.add(
                        f"working_days[{i}]",
                        f"{name!r} is not a weekday (expected one of {', '.join(WEEKDAYS)})",
                    )
                elif WEEKDAYS.index(name) in weekdays:
                    check.add(f"working_days[{i}]", f"duplicate weekday {name!r}")
                else:
                    weekdays.add(WEEKDAYS.index(name))
            if not self.working_days:
                check.add("working_days", "no working day (expected at least one weekday)")
        windows = self._check_windows(check)
        off = self._check_dates(check, "holidays")
        on = self._check_dates(check, "extra_working_days")
        for d in sorted(off & on):
            i = self.extra_working_days.index(d)
            check.add(f"extra_working_days[{i}]", f"{d} is also a holiday")
        check.done()
        assert tz is not None
        object.__setattr__(self, "_tz", tz)
        object.__setattr__(self, "_weekdays", frozenset(weekdays))
        object.__setattr__(self, "_windows", windows)
        object.__setattr__(self, "_off", frozenset(off))
        object.__setattr__(self, "_on", frozenset(on))
        object.__setattr__(
            self,
            "_off_ordinals",
            tuple(sorted(d.toordinal() for d in off if d.weekday() in weekdays)),
        )
        object.__setattr__(
            self,
            "_on_ordinals",
            tuple(sorted(d.toordinal() for d in on if d.weekday() not in weekdays)),
        )

    def _check_windows(self, check: Checker) -> tuple[tuple[timedelta, timedelta], ...]:
        windows: list[tuple[timedelta, timedelta]] = []
        if not check.items("hours", self.hours, str, "windows such as '09:00-18:00'"):
            return ()
        if not self.hours:
            check.add("hours", "no working hours (expected at least one window '09:00-18:00')")
        previous_end = _ZERO
        for i, text in enumerate(self.hours):
            m = _WINDOW.match(text)
            if not m:
                check.add(f"hours[{i}]", f"{text!r} is not a window (expected 'HH:MM-HH:MM')")
                continue
            h1, m1, h2, m2 = (int(g) for g in m.groups())
            if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
                check.add(f"hours[{i}]", f"{text!r} is not a time of day (00:00 to 24:00)")
                continue
            start = timedelta(hours=h1, minutes=m1)
            end = timedelta(hours=h2, minutes=m2)
            if end <= start:
                check.add(f"hours[{i}]", f"{text!r} ends before it starts (expected start < end)")
                continue
            if start < previous_end:
                check.add(
                    f"hours[{i}]",
                    f"{text!r} overlaps or precedes the window before it (expected windows "
                    "in order, not overlapping)",
                )
                continue
            previous_end = end
            windows.append((start, end))
        return tuple(windows)

    def _check_dates(self, check: Checker, name: str) -> set[date]:
        value = getattr(self, name)
        found: set[date] = set()
        if not isinstance(value, tuple):
            check.add(name, f"expected a list of dates, got {describe(value)}")
            return found
        for i, d in enumerate(value):
            if check.day(f"{name}[{i}]", d):
                if d in found:
                    check.add(f"{name}[{i}]", f"duplicate date {d}")
                found.add(d)
        return found

    # -- queries -------------------------------------------------------------

    @property
    def tz(self) -> tzinfo:
        """The calendar's time zone."""
        return self._tz

    @property
    def day_length(self) -> timedelta:
        """The working time in one working day (the sum of the windows)."""
        return sum((end - start for start, end in self._windows), _ZERO)

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is worked: its weekday is, or it is an extra working day."""
        check = Checker("WorkingCalendar.is_working_day")
        check.day("day", day)
        check.done()
        return self._works(day)

    def _works(self, day: date) -> bool:
        if day in self._on:
            return True
        return day.weekday() in self._weekdays and day not in self._off

    def is_working_time(self, moment: datetime) -> bool:
        """Whether ``moment`` (aware) falls in a window of a working day (ends included)."""
        _aware("moment", moment)
        local = _local("WorkingCalendar.is_working_time", "moment", moment, self._tz)
        pos = _since_midnight(local)
        day = local.date()
        if (
            pos == _ZERO
            and self._windows[-1][1] == _DAY
            and day > date.min
            and self._works(day - _DAY)
        ):
            return True  # 24:00, the end of the day before
        if not self._works(local.date()):
            return False
        return any(start <= pos <= end for start, end in self._windows)

    def add(self, start: datetime, *, amount: timedelta) -> datetime:
        """The moment when ``amount`` of working time after ``start`` has passed.

        A zero amount gives the next working moment at or after ``start``.
        The result is in the calendar's time zone and is always working time.
        """
        return self._walk("add", "start", start, amount, self._add)

    def _add(self, start: datetime, amount: timedelta) -> datetime:
        """Walk forward; whole runs of days are skipped by counting, never one by one.

        Past 9999-12-31 is an ``OverflowError`` (turned into a ValidationError
        by the caller).
        """
        local = start.astimezone(self._tz)
        day = local.date()
        pos = _since_midnight(local)
        remaining = amount
        while True:
            if self._works(day):
                for w_start, w_end in self._windows:
                    if pos > w_end:
                        continue
                    begin = max(pos, w_start)
                    available = w_end - begin
                    if remaining <= available:
                        return _at(day, begin + remaining, self._tz)
                    remaining -= available
                    pos = w_end
            day += _DAY
            pos = _ZERO
            # skip the most whole days that still leave some time for the day after them
            days, worked = self._skip(day.toordinal(), remaining, forward=True)
            day += timedelta(days=days)
            remaining -= self.day_length * worked

    def _working_days(self, first: int, count: int) -> int:
        """How many of the ``count`` days from ordinal ``first`` on are worked."""
        if count <= 0:
            return 0
        weeks, rest = divmod(count, 7)
        weekday = (first - 1) % 7  # ordinal 1, 0001-01-01, is a Monday
        found = weeks * len(self._weekdays)
        found += sum(1 for i in range(rest) if (weekday + i) % 7 in self._weekdays)
        end = first + count
        off, on = self._off_ordinals, self._on_ordinals
        found -= bisect_left(off, end) - bisect_left(off, first)
        found += bisect_left(on, end) - bisect_left(on, first)
        return found

    def _skip(self, ordinal: int, remaining: timedelta, *, forward: bool) -> tuple[int, int]:
        """(days, working days) to skip from day ``ordinal`` on (or back), by bisection.

        The most whole days whose working time is less than ``remaining``; the
        day after them holds the end. Not enough days before the end of the
        calendar (9999-12-31, or 0001-01-01 backwards) is an ``OverflowError``.
        """
        if remaining <= _ZERO:
            return 0, 0
        length = self.day_length
        available = date.max.toordinal() - ordinal + 1 if forward else ordinal

        def worked(n: int) -> int:
            return self._working_days(ordinal if forward else ordinal - n + 1, n)

        if worked(available) * length < remaining:
            raise OverflowError("past the range of dates")
        low, high = 0, available  # worked(low) * length < remaining <= worked(high) * length
        while high - low > 1:
            middle = (low + high) // 2
            if worked(middle) * length < remaining:
                low = middle
            else:
                high = middle
        return low, worked(low)

    def subtract(self, end: datetime, *, amount: timedelta) -> datetime:
        """The moment ``amount`` of working time before ``end``.

        A zero amount gives the last working moment at or before ``end``. The
        result is in the calendar's time zone and is always working time.
        """
        return self._walk("subtract", "end", end, amount, self._subtract)

    def _walk(
        self,
        method: str,
        name: str,
        moment: datetime,
        amount: timedelta,
        step: Callable[[datetime, timedelta], datetime],
    ) -> datetime:
        """Check ``add``/``subtract``'s arguments, then walk; past year 9999 is an error."""
        _aware(name, moment)
        where = f"WorkingCalendar.{method}"
        if not isinstance(amount, timedelta) or amount < _ZERO:
            raise ValidationError.single(
                where, "amount", f"expected a timedelta >= 0, got {describe(amount)}"
            )
        try:
            return step(moment, amount)
        except OverflowError:
            raise _past_the_calendar(where, "amount", amount) from None

    def _subtract(self, end: datetime, amount: timedelta) -> datetime:
        local = end.astimezone(self._tz)
        day = local.date()
        pos = _since_midnight(local)
        remaining = amount
        while True:
            if self._works(day):
                for w_start, w_end in reversed(self._windows):
                    if pos < w_start:
                        continue
                    finish = min(pos, w_end)
                    available = finish - w_start
                    if remaining <= available:
                        return _at(day, finish - remaining, self._tz)
                    remaining -= available
                    pos = w_start
            day -= _DAY
            pos = _DAY
            days, worked = self._skip(day.toordinal(), remaining, forward=False)
            day -= timedelta(days=days)
            remaining -= self.day_length * worked

    def close_of_day(self, moment: datetime) -> datetime:
        """The end of the last working window of ``moment``'s working day.

        For a moment outside working time: of the next working moment's day.
        """
        start = self.add(moment, amount=_ZERO)
        day = start.astimezone(self._tz).date()
        return _at(day, self._windows[-1][1], self._tz)

    def add_days(self, start: datetime, *, days: int) -> datetime:
        """``days`` working days after ``start`` (each the length of a working day)."""
        check = Checker("WorkingCalendar.add_days")
        check.integer("days", days, low=0)
        check.done()
        try:
            amount = self.day_length * days
        except OverflowError:
            raise _past_the_calendar("WorkingCalendar.add_days", "days", days) from None
        return self.add(start, amount=amount)

    def working_time_between(self, start: datetime, *, end: datetime) -> timedelta:
        """The working time from ``start`` to ``end`` (zero when ``end`` is not later).

        Counted, not walked: the whole days between the first and the last
        are counted from the weekdays and the sorted exceptions.
        """
        _aware("start", start)
        _aware("end", end)
        where = "WorkingCalendar.working_time_between"
        a = _local(where, "start", start, self._tz)
        b = _local(where, "end", end, self._tz)
        if b <= a:
            return _ZERO
        first, last = a.date(), b.date()
        if first == last:
            return self._worked_on(first, _since_midnight(a), _since_midnight(b))
        between = self._working_days(first.toordinal() + 1, (last - first).days - 1)
        return (
            self._worked_on(first, _since_midnight(a), _DAY)
            + self.day_length * between
            + self._worked_on(last, _ZERO, _since_midnight(b))
        )

    def _worked_on(self, day: date, low: timedelta, high: timedelta) -> timedelta:
        """The working time of ``day`` between ``low`` and ``high`` after its midnight."""
        total = _ZERO
        if self._works(day):
            for w_start, w_end in self._windows:
                lo, hi = max(low, w_start), min(high, w_end)
                if hi > lo:
                    total += hi - lo
        return total


def _past_the_calendar(subject: str, path: str, value: object) -> ValidationError:
    return ValidationError.single(
        subject,
        path,
        f"{shown(value)} leads past the range of dates (years 1 to 9999); expected a shorter time",
    )


def _local(subject: str, path: str, moment: datetime, tz: tzinfo | None) -> datetime:
    """``moment`` on ``tz``'s clock; a moment whose local day is past the dates is refused."""
    try:
        return moment.astimezone(tz)
    except OverflowError:
        raise _past_the_calendar(subject, path, moment) from None


def _since_midnight(local: datetime) -> timedelta:
    return timedelta(
        hours=local.hour,
        minutes=local.minute,
        seconds=local.second,
        microseconds=local.microsecond,
    )


def _at(day: date, offset: timedelta, tz: tzinfo) -> datetime:
    """``offset`` after the start of ``day``; past 9999-12-31 is refused, never an OverflowError."""
    try:
        return datetime.combine(day, time(0), tzinfo=tz) + offset
    except OverflowError:
        raise _past_the_calendar("WorkingCalendar", "moment", day) from None


def _aware(path: str, value: object) -> None:
    check = Checker("time")
    check.aware(path, value)
    check.done()


@attrs.frozen(slots=True, kw_only=True)
class Duration(Definition):
    """An amount of time, in calendar time or in working time.

    In working time, ``hours`` and ``minutes`` count working hours, ``days``
    counts working days (each the length of the calendar's working day) and
    ``weeks`` counts as many working days as the calendar has in a week.
    """

    amount: int
    unit: DurationUnit = DurationUnit.HOURS
    basis: TimeBasis = TimeBasis.CALENDAR
    _delta: timedelta = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Duration")
        amount_ok = check.integer("amount", self.amount, low=0)
        unit_ok = check.enum_field(self, "unit", DurationUnit)
        check.enum_field(self, "basis", TimeBasis)
        delta = _ZERO
        if amount_ok and unit_ok:
            minutes = {
                DurationUnit.MINUTES: 1,
                DurationUnit.HOURS: 60,
                DurationUnit.DAYS: 1440,
                DurationUnit.WEEKS: 10080,
            }[self.unit]
            if self.amount * minutes > _LONGEST // timedelta(minutes=1):
                check.add(
                    "amount",
                    f"{self.amount} {self.unit.value} is longer than a century "
                    f"(expected at most {_LONGEST.days:,} days)",
                )
            else:
                delta = timedelta(minutes=self.amount * minutes)
        check.done()
        object.__setattr__(self, "_delta", delta)

    @property
    def timedelta(self) -> timedelta:
        """The calendar length (for working time: the length in working hours/days)."""
        return self._delta

    def after(self, start: datetime, *, calendar: WorkingCalendar | None = None) -> datetime:
        """The moment this duration after ``start`` (working time needs ``calendar``)."""
        self._check_call("start", start, calendar)
        try:
            return self._after(start, calendar)
        except OverflowError:
            raise _past_the_calendar("Duration.after", "start", start) from None

    def before(self, end: datetime, *, calendar: WorkingCalendar | None = None) -> datetime:
        """The moment this duration before ``end`` (working time needs ``calendar``)."""
        self._check_call("end", end, calendar)
        try:
            return self._before(end, calendar)
        except OverflowError:
            raise _past_the_calendar("Duration.before", "end", end) from None

    def _check_call(self, name: str, moment: object, calendar: object) -> None:
        check = Checker("Duration")
        check.aware(name, moment)
        if calendar is not None:
            check.instance("calendar", calendar, WorkingCalendar, "a WorkingCalendar or None")
        check.done()

    def _after(self, start: datetime, calendar: WorkingCalendar | None = None) -> datetime:
        if self.basis is TimeBasis.CALENDAR:
            return start + self._delta
        cal = self._needs(calendar)
        return cal._add(start, self._working_length(cal))

    def _before(self, end: datetime, calendar: WorkingCalendar | None = None) -> datetime:
        if self.basis is TimeBasis.CALENDAR:
            return end - self._delta
        cal = self._needs(calendar)
        return cal._subtract(end, self._working_length(cal))

    def working_length(self, *, calendar: WorkingCalendar) -> dt.timedelta:
        """The working time this duration means on ``calendar``."""
        check = Checker("Duration.working_length")
        check.instance("calendar", calendar, WorkingCalendar, "a WorkingCalendar")
        check.done()
        return self._working_length(calendar)

    def _working_length(self, calendar: WorkingCalendar) -> dt.timedelta:
        if self.unit in (DurationUnit.MINUTES, DurationUnit.HOURS):
            return self._delta
        days = (
            self.amount
            if self.unit is DurationUnit.DAYS
            else self.amount * len(calendar.working_days)
        )
        return calendar.day_length * days

    @staticmethod
    def _needs(calendar: WorkingCalendar | None) -> WorkingCalendar:
        if calendar is None:
            raise ValidationError.single(
                "Duration", "calendar", "a working-time duration needs a WorkingCalendar"
            )
        return calendar


def _no_grades() -> Mapping[str, int]:
    return EMPTY


@attrs.frozen(slots=True, kw_only=True)
class Recurrence(Definition):
    """A repeating obligation: every ``every`` ``unit``.

    ``anchor`` rolling: due ``every`` units after the last time it was met
    (a follow-up a week after the last contact). Calendar: once in each
    calendar period (each quarter: due by the quarter's end); calendar
    periods need ``every`` 1. Weeks start on Monday; months past their last
    day (31 January + 1 month) end on the last day of the month.

    ``by_grade`` gives ``every`` per customer value grade (``{"A": 7, "B": 14,
    "C": 30}``); a customer whose grade is not in it has no obligation.
    """

    every: int = 1
    unit: RecurrenceUnit = RecurrenceUnit.WEEKS
    anchor: RecurrenceAnchor = RecurrenceAnchor.ROLLING
    by_grade: Mapping[str, int] = attrs.field(
        factory=_no_grades, converter=freeze_mapping, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Recurrence")
        check.integer("every", self.every, low=1)
        check.enum_field(self, "unit", RecurrenceUnit)
        anchor_ok = check.enum_field(self, "anchor", RecurrenceAnchor)
        if not isinstance(self.by_grade, Mapping):
            check.add(
                "by_grade", f"expected a mapping of grade to number, got {describe(self.by_grade)}"
            )
        else:
            grades = [g.value for g in ValueGrade]
            for grade, every in self.by_grade.items():
                if grade not in grades:
                    check.add(
                        f"by_grade[{grade!r}]",
                        f"unknown value grade {grade!r} (expected one of {', '.join(grades)})",
                    )
                check.integer(f"by_grade[{grade!r}]", every, low=1)
            if self.by_grade and anchor_ok and self.anchor is RecurrenceAnchor.CALENDAR:
                check.add("by_grade", "by_grade needs a rolling anchor")
        if (
            anchor_ok
            and self.anchor is RecurrenceAnchor.CALENDAR
            and isinstance(self.every, int)
            and self.every != 1
        ):
            check.add("every", f"{self.every} with a calendar anchor (expected 1: one per period)")
        check.done()

    def every_for(self, grade: ValueGrade | None) -> int | None:
        """The interval for a customer of ``grade`` (``None``: no obligation).

        ``grade`` is a :class:`~salesflow.ValueGrade` or its value (``"A"``).
        """
        if not self.by_grade:
            return self.every
        if grade is None:
            return None
        if not isinstance(grade, ValueGrade):
            try:
                grade = ValueGrade(grade)
            except (ValueError, TypeError):
                choices = ", ".join(repr(g.value) for g in ValueGrade)
                raise ValidationError.single(
                    "Recurrence.every_for",
                    "grade",
                    f"expected a ValueGrade ({choices}) or None, got {describe(grade)}",
                ) from None
        return self.by_grade.get(grade.value)

    def next_after(self, start: datetime, *, every: int | None = None) -> datetime:
        """``every`` (default: this recurrence's) units after ``start`` (rolling)."""
        check = Checker("Recurrence.next_after")
        check.aware("start", start)
        check.integer("every", every, low=1, optional=True)
        check.done()
        try:
            return self._next_after(start, every)
        except (OverflowError, ValueError):
            n = self.every if every is None else every
            raise _past_the_calendar("Recurrence.next_after", "every", n) from None

    def _next_after(self, start: datetime, every: int | None = None) -> datetime:
        n = self.every if every is None else every
        if self.unit is RecurrenceUnit.DAYS:
            return start + timedelta(days=n)
        if self.unit is RecurrenceUnit.WEEKS:
            return start + timedelta(weeks=n)
        months = n if self.unit is RecurrenceUnit.MONTHS else 3 * n
        return _add_months(start, months)


def add_months(moment: datetime, *, months: int) -> datetime:
    """``moment`` (timezone-aware) plus whole months; a day past the month's end
    becomes its last day."""
    check = Checker("add_months")
    check.aware("moment", moment)
    check.integer("months", months)
    check.done()
    try:
        return _add_months(moment, months)
    except (ValueError, OverflowError):
        raise _past_the_calendar("add_months", "months", months) from None


def _add_months(moment: datetime, months: int) -> datetime:
    index = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _month_length(year, month)
    return moment.replace(year=year, month=month, day=min(moment.day, last))


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def period_of(moment: datetime, *, unit: RecurrenceUnit) -> tuple[datetime, datetime]:
    """The calendar period holding ``moment``: (its first moment, the next period's first).

    On ``moment``'s own clock (``moment`` is timezone-aware). ``unit`` is a
    :class:`RecurrenceUnit` or its value (``"weeks"``). Weeks start on Monday;
    quarters in January, April, July and October.
    """
    check = Checker("period_of")
    check.aware("moment", moment)
    try:
        unit = require_enum("period_of", "unit", unit, RecurrenceUnit)
    except ValidationError as exc:
        check.extend("", exc.problems)
    check.done()
    try:
        return _period_of(moment, unit)
    except (ValueError, OverflowError):
        raise _past_the_calendar("period_of", "moment", moment) from None


def _period_of(moment: datetime, unit: RecurrenceUnit) -> tuple[datetime, datetime]:
    tz = moment.tzinfo
    d = moment.date()
    if unit is RecurrenceUnit.DAYS:
        first = d
        following = d + _DAY
    elif unit is RecurrenceUnit.WEEKS:
        first = d - timedelta(days=d.weekday())
        following = first + timedelta(days=7)
    else:
        size = 1 if unit is RecurrenceUnit.MONTHS else 3
        month0 = (d.month - 1) // size * size
        first = date(d.year, month0 + 1, 1)
        index = d.year * 12 + month0 + size
        following = date(index // 12, index % 12 + 1, 1)
    return (
        datetime.combine(first, time(0), tzinfo=tz),
        datetime.combine(following, time(0), tzinfo=tz),
    )


def end_of_day(moment: datetime, *, tz: tzinfo | None = None) -> datetime:
    """The last microsecond of ``moment``'s day (on ``tz``'s clock, else its own)."""
    check = Checker("end_of_day")
    check.aware("moment", moment)
    if tz is not None:
        check.instance("tz", tz, dt.tzinfo, "a tzinfo or None")
    check.done()
    return _end_of_day(moment, tz)


def _end_of_day(moment: datetime, tz: tzinfo | None = None) -> datetime:
    local = _local("end_of_day", "moment", moment, tz) if tz is not None else moment
    return datetime.combine(local.date(), time.max, tzinfo=local.tzinfo)
