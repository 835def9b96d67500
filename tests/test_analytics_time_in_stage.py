"""Time in stage: the visits a history holds, the exact Kaplan-Meier estimate, both engines."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import Money, ValidationError, analytics
from salesflow.analytics import _km, _rules, _visits
from salesflow.stages import MovePolicy, Pipeline, Stage, time_by_stage
from tests import strategies as S  # noqa: N812
from tests.test_analytics_engines import FLOORS, GROUPINGS, agree

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PIPELINE = Pipeline(
    key="p",
    stages=(Stage(key="a", probability=10), Stage(key="b", probability=50), Stage(key="c")),
    policy=MovePolicy(allow_reopen=True, allow_skip=True),
)
DAY = timedelta(days=1)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def book() -> list[Any]:
    """Four deals: won after a move, lost in place, moved back then paused, lost and reopened."""
    p = PIPELINE
    deals = []
    d = p.open(id="o-1", customer_id="c", owner="li.na", amount=Money("100", "CNY"), at=day(0))
    deals.append(p.win(p.advance(d, at=day(2)), at=day(10)))
    d = p.open(id="o-2", customer_id="c", owner="li.na", amount=Money("50", "CNY"), at=day(1))
    deals.append(p.lose(d, reason="price", at=day(4)))
    d = p.open(id="o-3", customer_id="c", owner="wang.wei", amount=Money("70", "USD"), at=day(1))
    d = p.advance(p.advance(d, at=day(2)), at=day(3))
    deals.append(p.pause(p.advance(d, to="a", at=day(5)), at=day(6)))
    d = p.open(id="o-4", customer_id="c", owner="wang.wei", amount=Money("30", "CNY"), at=day(40))
    d = p.reopen(p.lose(d, reason="timing", at=day(41)), at=day(42))
    deals.append(p.win(d, at=day(50)))
    return deals


# -- the estimate, by hand ------------------------------------------------------------


def test_the_estimate_of_stage_a_is_the_hand_calculation() -> None:
    """Stage a's six visits: o-1 2 days, o-2 3 (lost), o-3 1 then (moved back, paused) 55 and
    still there, o-4 1 (lost) then 8 (reopened, won). At 1 day 2 of 6 exit: S = 4/6; at 2,
    1 of 4: S = 1/2; at 3, 1 of 3: S = 1/3; at 8, 1 of 2: S = 1/6; at 55 one is censored."""
    result = analytics.time_in_stage_curve(book(), at=day(60), min_sample=1)
    a = [r[2:] for r in result.rows if r[1] == "a"]
    assert a == [
        (1 * DAY, 6, 2, 0, Fraction(2, 3)),
        (2 * DAY, 4, 1, 0, Fraction(1, 2)),
        (3 * DAY, 3, 1, 0, Fraction(1, 3)),
        (8 * DAY, 2, 1, 0, Fraction(1, 6)),
        (55 * DAY, 1, 0, 1, Fraction(1, 6)),
    ]
    summary = analytics.time_in_stage(book(), at=day(60), percentiles=(50, 75, 90), min_sample=1)
    assert summary.columns == (
        *("pipeline", "stage", "visits", "exits", "censored"),
        *("p50", "p75", "p90"),
    )
    rows = {r[1]: r[2:] for r in summary.rows}
    # median: first S <= 1/2 is at 2 days; p75: S <= 1/4 at 8 days; p90: S never <= 1/10
    assert rows["a"] == (6, 5, 1, 2 * DAY, 8 * DAY, None)
    assert rows["b"] == (2, 2, 0, 1 * DAY, 8 * DAY, 8 * DAY)
    assert rows["c"] == (1, 1, 0, 2 * DAY, 2 * DAY, 2 * DAY)


def test_censoring_at_an_earlier_moment_reads_the_history_as_it_was() -> None:
    """At day 4.5, o-3 is in c (since day 3): censored at 1.5 days; o-4 does not exist yet."""
    result = analytics.time_in_stage(book(), at=day(4.5), min_sample=1)
    rows = {r[1]: r[2:5] for r in result.rows}
    assert rows == {"a": (3, 3, 0), "b": (2, 1, 1), "c": (1, 0, 1)}
    curve = analytics.time_in_stage_curve(book(), at=day(4.5), min_sample=1)
    assert [r[2:] for r in curve.rows if r[1] == "c"] == [(1.5 * DAY, 1, 0, 1, Fraction(1))]


def test_the_results_export_to_arrow_and_polars() -> None:
    pytest.importorskip("polars")
    frame = analytics.time_in_stage(book(), at=day(60), min_sample=1).to_polars()
    assert frame["p50"].to_list() == [2 * DAY, 1 * DAY, 2 * DAY]
    curve = analytics.time_in_stage_curve(book(), at=day(60), min_sample=1).to_arrow()
    assert curve.column("survival").to_pylist()[:2] == [2 / 3, 0.5]


def test_below_the_floor_a_stage_says_insufficient_history() -> None:
    result = analytics.time_in_stage(book(), at=day(60), min_sample=2, by="owner")
    assert ("li.na", "p", "b", 1, 1, 0, None) in result.rows
    assert result.notes[result.rows.index(("li.na", "p", "b", 1, 1, 0, None))] == (
        analytics.INSUFFICIENT
    )
    curve = analytics.time_in_stage_curve(book(), at=day(60), min_sample=7)
    assert set(curve.column("survival")) == {None}


def test_exits_come_before_censorings_at_a_tie() -> None:
    """Two visits of 3 days, one exits and one is cut off: S(3) = 1/2, not 1 or 0."""
    steps = _km.estimate({3: (1, 1)})
    assert steps == (_km.Step(3, 2, 1, 1, Fraction(1, 2)),)
    assert _km.percentile(steps, 50) == 3
    assert _km.percentile(steps, 51) is None


# -- the estimate, as properties --------------------------------------------------------


@given(S.km_counts)
def test_the_estimate_falls_only_at_exits_and_counts_everyone_once(counts: Any) -> None:
    steps = _km.estimate(counts)
    assert steps[0].at_risk == sum(e + c for e, c in counts.values())
    survival = Fraction(1)
    for before, after in itertools.pairwise(steps):
        assert after.at_risk == before.at_risk - before.exits - before.censored
    for step in steps:
        kept = Fraction(step.at_risk - step.exits, step.at_risk)
        assert step.survival == survival * kept  # 1 where nobody exits
        survival = step.survival
    assert (survival == 0) == (steps[-1].censored == 0)
    assert _km.percentiles(counts, range(1, 101)) == [
        _km.percentile(steps, p) for p in range(1, 101)
    ]
    for p, q in zip(range(1, 100), range(2, 101), strict=False):
        low, high = _km.percentile(steps, p), _km.percentile(steps, q)
        assert low is None or high is None or low <= high


@given(st.lists(st.integers(0, 40), min_size=1, max_size=20), st.integers(1, 100))
def test_without_censoring_a_percentile_is_the_nearest_rank(durations: list[int], p: int) -> None:
    counts: dict[int, tuple[int, int]] = {}
    for d in durations:
        counts[d] = (counts.get(d, (0, 0))[0] + 1, 0)
    expected = _rules.nearest_rank(sorted(durations), p)
    assert _km.percentile(_km.estimate(counts), p) == expected


@settings(max_examples=25, deadline=None)
@given(S.km_counts)
def test_the_estimate_is_lifelines_kaplan_meier(counts: Any) -> None:
    """lifelines (a test-only oracle) gives the same curve and median, up to float error."""
    lifelines = pytest.importorskip("lifelines")
    durations, observed = [], []
    for d, (exits, censored) in counts.items():
        durations += [d] * (exits + censored)
        observed += [True] * exits + [False] * censored
    fitter = lifelines.KaplanMeierFitter().fit(durations, event_observed=observed)
    steps = _km.estimate(counts)
    curve = fitter.survival_function_.iloc[:, 0]
    for step in steps:
        assert float(curve.loc[step.duration]) == pytest.approx(float(step.survival), abs=1e-12)
    if all(abs(float(s.survival) - 0.5) > 1e-9 for s in steps):
        median = _km.percentile(steps, 50)
        expected = fitter.median_survival_time_
        assert (median is None and expected == float("inf")) or median == expected


# -- visits -----------------------------------------------------------------------------


@settings(max_examples=100)
@given(S.books(shaped=False, max_deals=4), st.timedeltas(timedelta(0), timedelta(days=60)))
def test_a_deal_s_visits_add_up_to_its_time_by_stage_and_only_the_last_runs_on(
    book: Any, later: timedelta
) -> None:
    """Summed per stage, a deal's visits are the time the deal spent there, open or paused;
    only a deal still open or paused has a censored visit, its last, in its current stage."""
    for deal in book[1]:
        at = deal.updated_at + later
        found = list(_visits.visits(deal, at))
        totals: dict[str, int] = {}
        for stage, duration, _exited in found:
            totals[stage] = totals.get(stage, 0) + duration
        expected = {
            s: t // timedelta(microseconds=1) for s, t in time_by_stage(deal, at=at).items() if t
        }
        assert {s: t for s, t in totals.items() if t} == expected
        censored = [v for v in found if not v[2]]
        assert len(censored) == (0 if deal.status.is_closed else 1)
        if censored:
            assert censored[0][0] == deal.stage
            assert found[-1] == censored[0]


# -- both engines -------------------------------------------------------------------


@given(S.books(), GROUPINGS, FLOORS, st.data())
def test_time_in_stage_agrees(book: Any, by: Any, floor: int, data: st.DataObject) -> None:
    deals = book[1]
    at = data.draw(S.book_moments(deals))
    percentiles = data.draw(st.lists(st.integers(1, 100), min_size=1, max_size=3, unique=True))
    agree(analytics.time_in_stage, deals, at=at, by=by, min_sample=floor, percentiles=percentiles)
    agree(analytics.time_in_stage_curve, deals, at=at, by=by, min_sample=floor)


@settings(max_examples=50)
@given(S.books(max_deals=6))
def test_every_visit_is_counted_once(book: Any) -> None:
    """The visits of a stage are the deals' visits, and each deal in the book by ``at`` has one
    running visit unless it is closed."""
    deals = book[1]
    at = max((d.updated_at for d in deals), default=T0)
    result = analytics.time_in_stage(deals, at=at, min_sample=0)
    assert sum(result.column("censored")) == sum(not d.status.is_closed for d in deals)
    assert sum(result.column("visits")) == sum(len(list(_visits.visits(d, at))) for d in deals)


# -- bad input -------------------------------------------------------------------------

BAD_CALLS = [
    (lambda: analytics.time_in_stage(book(), at=datetime(2026, 3, 1)), "at"),
    (lambda: analytics.time_in_stage(book(), at="today"), "at"),  # type: ignore[arg-type]
    (lambda: analytics.time_in_stage("deals", at=day(60)), "opportunities"),
    (lambda: analytics.time_in_stage(book(), at=day(60), by="colour"), "by"),
    (lambda: analytics.time_in_stage(book(), at=day(60), percentiles=()), "percentiles"),
    (lambda: analytics.time_in_stage(book(), at=day(60), percentiles=(0,)), "percentiles[0]"),
    (lambda: analytics.time_in_stage(book(), at=day(60), percentiles=[5, 5]), "percentiles[1]"),
    (lambda: analytics.time_in_stage(book(), at=day(60), min_sample=-1), "min_sample"),
    (lambda: analytics.time_in_stage(book(), at=day(60), engine="duckdb"), "engine"),
    (lambda: analytics.time_in_stage(book(), at=day(60), events=[]), "events"),
    (lambda: analytics.time_in_stage_curve(book(), at=None), "at"),  # type: ignore[arg-type]
    (lambda: analytics.time_in_stage_curve([object()], at=day(1)), "opportunities[0]"),
]


@pytest.mark.parametrize(("call", "path"), BAD_CALLS)
def test_bad_input_is_a_validation_error_naming_the_path(call: Any, path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert path in caught.value.paths


def test_a_table_without_a_needed_column_is_refused() -> None:
    pytest.importorskip("polars")
    from salesflow import tables

    frame = tables.to_polars(book())
    with pytest.raises(ValidationError) as caught:
        analytics.time_in_stage(frame.drop("created_at"), at=day(60))
    assert "opportunities" in caught.value.paths
