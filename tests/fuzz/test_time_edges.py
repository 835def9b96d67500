"""Every time computation stays in the representable range (years 1 to 9999).

At the edges (year 1, 9999-12-31, offsets of almost a day, amounts up to
``timedelta.max``) a computation either answers or raises a
:class:`~salesflow.ValidationError` naming the argument; never an
``OverflowError``, and never a walk day by day. Working-time arithmetic,
which counts whole days instead of walking them, agrees with a plain walk.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import Money, ValidationError, WorkingCalendar
from salesflow.cadence import Recurrence, RecurrenceUnit, end_of_day, period_of
from salesflow.cadence._time import _since_midnight
from salesflow.records import OpportunityStatus
from salesflow.stages import Stage, is_stale, presets
from salesflow.stages import history as stage_history
from tests import strategies as sst
from tests.fuzz.hostile import fuzz_settings

_ZONES = [
    UTC,
    timezone(timedelta(hours=23, minutes=59)),
    timezone(-timedelta(hours=23, minutes=59)),
]
_edge_moments = st.one_of(
    st.sampled_from(
        [datetime.min.replace(tzinfo=z) for z in _ZONES]
        + [datetime.max.replace(tzinfo=z) for z in _ZONES]
    ),
    st.datetimes(
        min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 10), timezones=st.sampled_from(_ZONES)
    ),
    st.datetimes(
        min_value=datetime(9999, 12, 20),
        max_value=datetime.max,
        timezones=st.sampled_from(_ZONES),
    ),
)
_amounts = st.one_of(
    st.sampled_from([timedelta(0), timedelta.max, timedelta(days=10**6)]),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)),
)


def _refused_or_answered(call: Any, argument: str) -> None:
    """``call()`` answers, or raises a ValidationError naming ``argument``."""
    try:
        call()
    except ValidationError as exc:
        paths = exc.paths
    else:
        return
    assert any(p.startswith(argument) for p in paths), paths


@fuzz_settings(quick=40, thorough=200)
@given(cal=sst.working_calendars(), moment=_edge_moments, amount=_amounts)
def test_working_calendar_at_the_edges(cal: WorkingCalendar, moment: datetime, amount: Any) -> None:
    """add, subtract, is_working_time, close_of_day and working_time_between at the edges."""
    _refused_or_answered(lambda: cal.add(moment, amount=amount), "")
    _refused_or_answered(lambda: cal.subtract(moment, amount=amount), "")
    _refused_or_answered(lambda: cal.is_working_time(moment), "moment")
    _refused_or_answered(lambda: cal.close_of_day(moment), "")
    _refused_or_answered(lambda: cal.add_days(moment, days=10**7), "")
    other = datetime(2026, 1, 1, tzinfo=UTC)
    _refused_or_answered(lambda: cal.working_time_between(moment, end=other), "start")
    _refused_or_answered(lambda: cal.working_time_between(other, end=moment), "end")


@fuzz_settings(quick=40, thorough=200)
@given(moment=_edge_moments, zone=st.sampled_from(_ZONES))
def test_calendar_functions_at_the_edges(moment: datetime, zone: timezone) -> None:
    """end_of_day, period_of and recurrences of 10^7 days at the edges."""
    _refused_or_answered(lambda: end_of_day(moment, tz=zone), "moment")
    for unit in ("days", "weeks", "months", "quarters"):
        _refused_or_answered(lambda unit=unit: period_of(moment, unit=unit), "moment")
        recurrence = Recurrence(every=10**7, unit=RecurrenceUnit(unit))
        _refused_or_answered(lambda r=recurrence: r.next_after(moment), "every")


def test_add_of_timedelta_max_is_refused_at_once() -> None:
    """No walk day by day: timedelta.max past the calendar's end is refused in milliseconds."""
    cal = WorkingCalendar(timezone="Asia/Shanghai", holidays=[date(2026, 10, 1)])
    start = time.perf_counter()
    with pytest.raises(ValidationError, match="amount"):
        cal.add(datetime(2026, 1, 1, tzinfo=UTC), amount=timedelta.max)
    with pytest.raises(ValidationError, match="amount"):
        cal.subtract(datetime(2026, 1, 1, tzinfo=UTC), amount=timedelta.max)
    whole = cal.working_time_between(
        datetime.min.replace(tzinfo=UTC), end=datetime(9999, 12, 30, tzinfo=UTC)
    )
    assert time.perf_counter() - start < 0.5
    assert whole > timedelta(days=900_000)


def _walk_add(cal: WorkingCalendar, start: datetime, amount: timedelta) -> datetime:
    """The plain day-by-day walk the counting must agree with."""
    local = start.astimezone(cal.tz)
    day, pos, remaining = local.date(), _since_midnight(local), amount
    while True:
        if cal.is_working_day(day):
            for w_start, w_end in cal._windows:
                if pos > w_end:
                    continue
                begin = max(pos, w_start)
                if remaining <= w_end - begin:
                    return (
                        datetime.combine(day, datetime.min.time(), tzinfo=cal.tz)
                        + begin
                        + remaining
                    )
                remaining -= w_end - begin
                pos = w_end
        day += timedelta(days=1)
        pos = timedelta(0)


def _walk_between(cal: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    a, b = start.astimezone(cal.tz), end.astimezone(cal.tz)
    total, day = timedelta(0), a.date()
    while a < b and day <= b.date():
        if cal.is_working_day(day):
            low = _since_midnight(a) if day == a.date() else timedelta(0)
            high = _since_midnight(b) if day == b.date() else timedelta(days=1)
            for w_start, w_end in cal._windows:
                total += max(timedelta(0), min(high, w_end) - max(low, w_start))
        day += timedelta(days=1)
    return total


_starts = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=60, deadline=None)
@given(
    cal=sst.working_calendars(),
    start=_starts,
    amount=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
    span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=900)),
)
def test_counting_agrees_with_walking(
    cal: WorkingCalendar, start: datetime, amount: timedelta, span: timedelta
) -> None:
    """add, subtract and working_time_between give what a walk day by day gives."""
    added = cal.add(start, amount=amount)
    assert added == _walk_add(cal, start, amount)
    assert cal.working_time_between(start, end=start + span) == _walk_between(
        cal, start, start + span
    )
    back = cal.subtract(added, amount=amount)
    assert cal.working_time_between(back, end=added) == amount


def test_is_stale_with_a_huge_rot_days_is_never_stale() -> None:
    """rot_days of 10**10 days: no timedelta is built, the deal is simply not stale."""
    pipeline = presets.get("basic", checklists=False)
    stages = [Stage(key=s.key, probability=s.probability, rot_days=10**10) for s in pipeline.stages]
    slow = pipeline.__class__(key="slow", stages=stages)
    opp = slow.open(
        id="d",
        customer_id="c",
        owner="o",
        amount=Money("1", "CNY"),
        at=datetime(1, 1, 1, tzinfo=UTC),
    )
    assert opp.status is OpportunityStatus.OPEN
    assert not is_stale(slow, opp, at=datetime.max.replace(tzinfo=UTC))


@pytest.mark.parametrize("at", [datetime(1, 1, 1, tzinfo=UTC), datetime.max.replace(tzinfo=UTC)])
def test_stage_history_durations_at_the_edges(at: datetime) -> None:
    """A deal opened at an edge: every duration answers (a difference always fits)."""
    pipeline = presets.get("basic", checklists=False)
    opp = pipeline.open(id="d", customer_id="c", owner="o", amount=Money("1", "CNY"), at=at)
    assert stage_history.time_in_stage(opp, at=at) == timedelta(0)
    assert stage_history.days_in_stage(opp, at=at) == 0
    assert set(stage_history.time_by_stage(opp, at=at).values()) == {timedelta(0)}
    assert stage_history.timeline(opp, at=at)[0][1] == timedelta(0)


_EDGES = [
    datetime(9999, 12, 31, 23, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23))),
    datetime.max.replace(tzinfo=timezone(timedelta(hours=-23))),
]


@pytest.mark.parametrize("edge", _EDGES, ids=str)
def test_every_preset_time_rule_on_records_at_the_edges(edge: datetime) -> None:
    """A lead created 9999-12-31, a visit booked in year 1: each rule answers or refuses."""
    from salesflow import (
        Activity,
        ActivityKind,
        Customer,
        Lead,
        LeadSource,
        LeadStatus,
        Opportunity,
        Priority,
        ValueGrade,
    )
    from salesflow.cadence import agenda, evaluate
    from salesflow.cadence import presets as cadence_presets

    records: dict[str, Any] = {
        "leads": [
            Lead(
                id="l",
                customer_name="x",
                created_at=edge,
                source=LeadSource.OTHER,
                priority=Priority.HIGH,
                status=LeadStatus.ASSIGNED,
                owner="ann",
                assigned_at=edge,
            )
        ],
        "activities": [
            Activity(
                id="a",
                kind=ActivityKind.VISIT,
                owner="ann",
                subject="v",
                customer_id="c",
                planned_at=edge,
            )
        ],
        "customers": [Customer(id="c", name="C", value_grade=ValueGrade.A, owner="ann")],
        "opportunities": [
            Opportunity(
                id="o",
                customer_id="c",
                owner="ann",
                pipeline="basic",
                stage="prospect_list",
                amount=Money("1", "CNY"),
                created_at=edge,
                history=[],
            )
        ],
    }
    for name in cadence_presets.names():
        rule = cadence_presets.get(name)
        for at in {edge, max(edge, datetime(2026, 1, 1, tzinfo=UTC))}:
            _refused_or_answered(lambda rule=rule, at=at: evaluate([rule], at=at, **records), "")
            _refused_or_answered(
                lambda rule=rule, at=at: agenda("ann", [rule], at=at, **records), ""
            )
