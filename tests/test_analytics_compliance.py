"""Time-rule compliance: the tracker's obligations counted per rule and person, nothing re-ruled."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings

from salesflow import Activity, ActivityKind, ValidationError, analytics
from salesflow.cadence import ObligationStatus, TimeRule, Tracker, WorkingCalendar, presets
from tests import strategies as S  # noqa: N812
from tests.test_cadence_evaluate import offsets, rule_lists

MONDAY = S.CADENCE_BASE
_OPEN = (ObligationStatus.UPCOMING, ObligationStatus.DUE)


def _tracker(rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar) -> Tracker:
    return Tracker(rules, calendar=cal, team=S.CADENCE_TEAM, **book)


@settings(max_examples=60)
@given(rule_lists, S.cadence_books(), S.working_calendars(), offsets)
def test_compliance_per_rule_and_per_person_is_the_tracker_s_summary(
    rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar, at: datetime
) -> None:
    """Summed over people, each rule's counts are its Tally; summed over rules, each person's."""
    tracker = _tracker(rules, book, cal)
    summary = tracker.summary(at=at)
    result = analytics.compliance(tracker, at=at, min_sample=0)
    for side, tallies in ((0, summary.by_rule), (1, summary.by_person)):
        for name, tally in tallies.items():
            rows = [r for r in result.as_dicts() if r[("rule", "person")[side]] == name]
            found = [sum(r[c] for r in rows) for c in ("met_on_time", "met_late", "overdue")]
            assert found == [tally.met_on_time, tally.met_late, tally.overdue + tally.escalated]
            assert sum(r["not_due"] for r in rows) == tally.upcoming + tally.due
            assert sum(r["escalated"] for r in rows) == tally.escalated
    assert sum(result.column("obligations")) == summary.total.total


@settings(max_examples=60)
@given(rule_lists, S.cadence_books(), S.working_calendars(), offsets, S.compliance_groupings)
def test_every_grouping_counts_every_obligation_once(
    rules: list[TimeRule], book: dict[str, Any], cal: WorkingCalendar, at: datetime, by: Any
) -> None:
    tracker = _tracker(rules, book, cal)
    everything = tracker.obligations(at=at)
    result = analytics.compliance(tracker, at=at, by=by, min_sample=1)
    assert sum(result.column("obligations")) == len(everything)
    keys = [tuple(row[: len(result.columns) - 7]) for row in result.rows]
    assert keys == sorted(set(keys), key=lambda k: [(v is None, v or "") for v in k])
    for row in result.as_dicts():
        decided = row["met_on_time"] + row["met_late"] + row["overdue"]
        assert row["obligations"] == decided + row["not_due"]
        rate = row["on_time_rate"]
        assert (rate is None) == (decided == 0)
        assert rate is None or rate == Fraction(row["met_on_time"], decided)


def _visit(n: int, owner: str, planned: int, done_hours: float | None) -> Activity:
    plan = MONDAY + timedelta(days=planned)
    return Activity(
        id=f"a-{n}",
        kind=ActivityKind.VISIT,
        subject=f"visit {n}",
        owner=owner,
        customer_id="c-1",
        planned_at=plan,
        done_at=None if done_hours is None else plan + timedelta(hours=done_hours),
    )


def test_the_result_exports_like_every_analytic() -> None:
    pytest.importorskip("polars")
    visits = [_visit(1, "ann", 0, 2), _visit(2, "ann", 1, 20)]
    tracker = Tracker([presets.get("visit_reported_same_day")], activities=visits)
    frame = analytics.compliance(tracker, at=MONDAY + timedelta(days=3), min_sample=1).to_polars()
    assert frame["on_time_rate"].to_list() == [0.5]
    assert frame["note"].to_list() == [None]


def test_visit_reports_by_person_met_on_time_late_overdue_and_not_due() -> None:
    """A same-day report: ann filed one on the day, one the next morning, one not at all;
    bob's visit is tomorrow, so it is not due yet."""
    visits = [
        _visit(1, "ann", 0, 2),
        _visit(2, "ann", 1, 20),
        _visit(3, "ann", 2, None),
        _visit(4, "bob", 4, None),
    ]
    tracker = Tracker([presets.get("visit_reported_same_day")], activities=visits)
    result = analytics.compliance(tracker, at=MONDAY + timedelta(days=3), min_sample=2)
    assert result.columns == (
        "rule",
        "person",
        "obligations",
        "met_on_time",
        "met_late",
        "overdue",
        "escalated",
        "not_due",
        "on_time_rate",
    )
    assert result.rows == (
        ("visit_reported_same_day", "ann", 3, 1, 1, 1, 0, 0, Fraction(1, 3)),
        ("visit_reported_same_day", "bob", 1, 0, 0, 0, 0, 1, None),
    )
    assert result.notes == (None, analytics.INSUFFICIENT)


BAD_CALLS = [
    (lambda t: analytics.compliance("tracker", at=MONDAY), "tracker"),  # type: ignore[arg-type]
    (lambda t: analytics.compliance(t, at=datetime(2026, 3, 2)), "at"),
    (lambda t: analytics.compliance(t, at=MONDAY, by="owner"), "by"),
    (lambda t: analytics.compliance(t, at=MONDAY, by=["rule", "rule"]), "by[1]"),
    (lambda t: analytics.compliance(t, at=MONDAY, by=[]), "by"),
    (lambda t: analytics.compliance(t, at=MONDAY, engine="polars"), "engine"),
    (lambda t: analytics.compliance(t, at=MONDAY, engine="spark"), "engine"),
    (lambda t: analytics.compliance(t, at=MONDAY, min_sample=-2), "min_sample"),
]


@pytest.mark.parametrize(("call", "path"), BAD_CALLS)
def test_bad_input_is_a_validation_error_naming_the_path(call: Any, path: str) -> None:
    tracker = Tracker([presets.get("visit_reported_same_day")], activities=[_visit(1, "a", 0, 1)])
    with pytest.raises(ValidationError) as caught:
        call(tracker)
    assert path in caught.value.paths
