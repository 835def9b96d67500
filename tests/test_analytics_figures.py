"""The analytics' definitions on a hand-built book, their results as values, and bad input."""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given

from salesflow import Money, SalesflowError, ValidationError, analytics
from salesflow.stages import ForecastCategory, MovePolicy, Pipeline, Stage
from salesflow.stages import cycle_time as deal_cycle_time
from tests import strategies as S  # noqa: N812

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PIPELINE = Pipeline(
    key="p",
    stages=(Stage(key="a", probability=10), Stage(key="b", probability=50), Stage(key="c")),
    policy=MovePolicy(allow_reopen=True, allow_skip=True),
)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def book() -> list[Any]:
    p = PIPELINE
    deals = []
    d = p.open(id="o-1", customer_id="c", owner="li.na", amount=Money("100.10", "CNY"), at=day(0))
    deals.append(p.win(p.advance(d, at=day(2)), at=day(10), outcome=None))
    d = p.open(id="o-2", customer_id="c", owner="li.na", amount=Money("50", "CNY"), at=day(1))
    deals.append(p.lose(d, reason="price", at=day(4)))
    d = p.open(id="o-3", customer_id="c", owner="wang.wei", amount=Money("70", "USD"), at=day(1))
    d = p.advance(p.advance(d, at=day(2)), at=day(3))
    deals.append(p.pause(p.advance(d, to="a", at=day(5)), at=day(6)))
    d = p.open(id="o-4", customer_id="c", owner="wang.wei", amount=Money("30", "CNY"), at=day(40))
    d = p.reopen(p.lose(d, reason="timing", at=day(41)), at=day(42))
    deals.append(p.win(d, at=day(50)))
    return deals


def test_counts_sum_each_currency_apart_exactly() -> None:
    result = analytics.counts(book())
    assert result.columns == ("pipeline", "stage", "status", "currency", "deals", "amount")
    assert ("p", "b", "won", "CNY", 1, Money("100.10", "CNY")) in result.rows
    assert ("p", "a", "paused", "USD", 1, Money("70", "USD")) in result.rows
    assert sum(result.column("deals")) == 4


def test_a_deal_reached_its_furthest_stage_and_every_one_before() -> None:
    """o-3 went to c and back to a: it reached c (and so b); skipping counts as passing."""
    result = analytics.funnel(book(), pipeline=PIPELINE)
    assert result.rows == (("a", 4), ("b", 2), ("c", 1))


def test_conversion_is_exact_and_says_insufficient_below_the_floor() -> None:
    result = analytics.conversion(book(), pipeline=PIPELINE, min_sample=3)
    assert result.rows == (("a", "b", 4, 2, Fraction(1, 2)), ("b", "c", 2, 1, None))
    assert result.notes == (None, analytics.INSUFFICIENT)


def test_win_rate_counts_closed_deals_only_grouped_by_owner_and_period() -> None:
    result = analytics.win_rate(book(), by=["owner", "created_at.month"], min_sample=1)
    assert result.rows == (
        ("li.na", "2026-01", 2, 1, Fraction(1, 2)),
        ("wang.wei", "2026-02", 1, 1, Fraction(1)),
    )
    assert analytics.win_rate(book()).rows == ((3, 2, None),)


def test_cycle_time_runs_to_the_last_win_or_loss() -> None:
    result = analytics.cycle_time(book(), percentiles=(50, 100), min_sample=1)
    won = {r[0]: r[1:] for r in result.rows}["won"]
    assert won == (2, timedelta(days=10), timedelta(days=10))
    assert all(r[2] is not None for r in result.rows)


@given(S.moved_deals(PIPELINE))
def test_a_single_closed_deal_s_cycle_is_the_history_s(deal: Any) -> None:
    result = analytics.cycle_time([deal], min_sample=1)
    expected = deal_cycle_time(deal)
    assert result.column("p50") == (() if expected is None else (expected,))


def test_reasons_name_lost_reasons_and_win_outcomes() -> None:
    result = analytics.reasons(book())
    assert result.column("reason") == ("price", None)
    assert result.column("deals") == (1, 2)


def test_results_are_frozen_values_that_show_and_export() -> None:
    result = analytics.conversion(book(), pipeline=PIPELINE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.rows = ()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(result)) == result
    assert repr(result).splitlines()[:2] == [
        "<conversion: 2 rows>",
        "  from_stage | to_stage | reached | went_on | rate",
    ]
    assert "<table>" in result._repr_html_()
    assert "<td>b</td>" in result._repr_html_()
    assert result.as_dicts()[0]["went_on"] == 2


def test_html_escapes_what_the_data_holds() -> None:
    deal = attrs.evolve(book()[0], owner="<b>x</b>")
    html = analytics.win_rate([deal], by="owner")._repr_html_()
    assert "<b>x" not in html
    assert "&lt;b&gt;x" in html


def test_to_arrow_and_to_polars_keep_money_exact() -> None:
    pytest.importorskip("polars")
    frame = analytics.counts(book()).to_polars()
    assert (
        frame["amount"].to_list()[frame["currency"].to_list().index("USD")]
        == Money("70", "USD").amount
    )
    table = analytics.conversion(book(), pipeline=PIPELINE, min_sample=3).to_arrow()
    assert table.column("rate").to_pylist() == [0.5, None]
    assert table.column("note").to_pylist() == [None, analytics.INSUFFICIENT]


BAD_CALLS = [
    (lambda: analytics.counts("deals"), "opportunities"),
    (lambda: analytics.counts([object()]), "opportunities[0]"),
    (lambda: analytics.counts([book()[0], book()[0]]), "opportunities[1]"),
    (lambda: analytics.counts(book(), by="colour"), "by"),
    (lambda: analytics.counts(book(), by=["owner", "owner"]), "by[1]"),
    (lambda: analytics.counts(book(), by=3), "by"),
    (lambda: analytics.counts(book(), engine="duckdb"), "engine"),
    (lambda: analytics.counts(book(), events=[]), "events"),
    (lambda: analytics.funnel(book(), pipeline="p"), "pipeline"),  # type: ignore[arg-type]
    (lambda: analytics.conversion(book(), pipeline=PIPELINE, min_sample=-1), "min_sample"),
    (lambda: analytics.win_rate(book(), min_sample="5"), "min_sample"),  # type: ignore[arg-type]
    (lambda: analytics.cycle_time(book(), percentiles=()), "percentiles"),
    (lambda: analytics.cycle_time(book(), percentiles=(50, 101)), "percentiles[1]"),
    (lambda: analytics.cycle_time(book(), percentiles=(50, 50)), "percentiles[1]"),
    (lambda: analytics.reasons(None), "opportunities"),
    (lambda: analytics.velocity(book(), by="x"), "by"),
    (lambda: analytics.slippage("x", book(), pipelines=PIPELINE), "before.opportunities"),
    (lambda: analytics.slippage(book(), book(), pipelines=PIPELINE, engine="x"), "engine"),
    (lambda: analytics.slippage(book(), [], pipelines=()), "pipelines"),
    (lambda: analytics.forecast(book(), pipelines=PIPELINE, period="week"), "period"),
    (lambda: analytics.forecast(book(), pipelines=PIPELINE, fiscal_start=13), "fiscal_start"),
    (lambda: analytics.forecast(book(), pipelines=[object()]), "pipelines[0]"),  # type: ignore[list-item]
    (
        lambda: analytics.forecast(book(), pipelines=attrs.evolve(PIPELINE, key="q")),
        "opportunities[0]",
    ),
    (lambda: analytics.stale(book(), pipelines=[], at=day(60)), "pipelines"),
    (lambda: analytics.stale(book(), pipelines=[PIPELINE, PIPELINE], at=day(60)), "pipelines[1]"),
    (lambda: analytics.stale(book(), pipelines=PIPELINE, at=datetime(2026, 3, 1)), "at"),
    (lambda: analytics.stale(book(), pipelines=PIPELINE, at=day(20)), "opportunities[3]"),
]


@pytest.mark.parametrize(("call", "path"), BAD_CALLS)
def test_bad_input_is_a_validation_error_naming_the_path(call: Any, path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert path in caught.value.paths


def test_a_deal_in_a_stage_the_pipeline_lacks_is_refused_by_name() -> None:
    other = attrs.evolve(PIPELINE, stages=PIPELINE.stages[:2])
    for engine in ("reference", "polars"):  # the spark engine: tests/test_spark.py
        with pytest.raises(ValidationError, match="deal 'o-3' was in stage 'c'") as caught:
            analytics.funnel(book(), pipeline=other, engine=engine)
        assert caught.value.paths == ("opportunities[2]",)


def test_an_unknown_column_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        analytics.counts(book()).column("nope")
    assert caught.value.paths == ("name",)


def test_bad_frames_are_refused_by_column() -> None:
    pl = pytest.importorskip("polars")
    from salesflow import tables

    frame = tables.to_polars(book())
    with pytest.raises(SalesflowError) as caught:
        analytics.counts(frame.drop("status"))
    assert "opportunities" in str(caught.value)
    with pytest.raises(ValidationError):
        analytics.counts(pl.concat([frame, frame]))
    with pytest.raises(ValidationError):
        analytics.cycle_time(frame, events="events")


def test_stale_deals_sat_in_their_stage_for_its_rot_days() -> None:
    """o-3 re-entered a on day 5: paused it is not stale; resumed, its clock runs from day 5."""
    rotting = attrs.evolve(PIPELINE, stages=[attrs.evolve(s, rot_days=7) for s in PIPELINE.stages])
    deals = book()
    assert analytics.stale(deals, pipelines=rotting, at=day(60)).rows == ()
    late = rotting.resume(deals[2], at=day(55))
    result = analytics.stale([*deals[:2], late, deals[3]], pipelines=rotting, at=day(60))
    assert result.rows == (("p", "a", "o-3", "wang.wei", day(5), 55),)


def test_velocity_is_open_deals_times_win_rate_times_average_won_over_cycle_days() -> None:
    """2 open CNY deals, 2 of 3 closed won, 65.05 CNY a won deal, won in 10 days on average."""
    deals = book()
    deals.append(
        PIPELINE.open(id="o-5", customer_id="c", owner="a", amount=Money("1", "CNY"), at=day(1))
    )
    deals.append(
        PIPELINE.open(id="o-6", customer_id="c", owner="a", amount=Money("1", "CNY"), at=day(1))
    )
    result = analytics.velocity(deals, min_sample=3)
    cny = result.as_dicts()[0]
    assert (cny["open"], cny["win_rate"], cny["cycle"]) == (2, Fraction(2, 3), timedelta(days=10))
    assert cny["velocity"] == Money("8.67", "CNY")  # 2 x 2/3 x 65.05 / 10
    assert result.notes == (None, analytics.INSUFFICIENT)  # nothing won in USD
    assert analytics.velocity(deals).column("velocity") == (None, None)


def test_forecast_rolls_up_commit_into_best_case_into_pipeline_per_fiscal_quarter() -> None:
    """Fiscal year from April: February 2026 is FY2026-Q4; May is FY2027-Q1."""
    categorised = attrs.evolve(
        PIPELINE,
        stages=[
            attrs.evolve(PIPELINE.stages[0], forecast=ForecastCategory.PIPELINE),
            attrs.evolve(PIPELINE.stages[1], forecast=ForecastCategory.BEST_CASE),
            attrs.evolve(PIPELINE.stages[2], forecast=ForecastCategory.COMMIT),
        ],
    )
    p = categorised
    open_b = p.advance(
        p.open(id="o-9", customer_id="c", owner="a", amount=Money("200", "CNY"), at=day(1)),
        at=day(2),
    )
    deals = [attrs.evolve(d, expected_close=date(2026, 2, 1)) for d in (*book(), open_b)]
    rows = analytics.forecast(deals, pipelines=p, period="quarter", fiscal_start=4).as_dicts()
    cny = next(r for r in rows if r["currency"] == "CNY")
    assert cny["period"] == "FY2026-Q4"
    assert (cny["closed"], cny["best_case"]) == (Money("130.10", "CNY"), Money("200", "CNY"))
    assert cny["commit_total"] == Money("130.10", "CNY")
    assert cny["best_case_total"] == cny["pipeline_total"] == Money("330.10", "CNY")
    assert cny["weighted"] == Money("230.10", "CNY")  # 200 at 50% and the won at 100%


def test_slippage_names_every_change_between_two_snapshots() -> None:
    before = book()
    p = PIPELINE
    after = [
        attrs.evolve(before[0], amount=Money("120.10", "CNY")),  # amount up by 20
        before[1],
        p.advance(p.resume(before[2], at=day(60)), at=day(61)),  # a -> b: forward
        attrs.evolve(before[3], expected_close=date(2026, 5, 1)),  # set: not pushed
        p.open(id="o-7", customer_id="c", owner="a", amount=Money("5", "CNY"), at=day(61)),
    ]
    before = [*before[:3], attrs.evolve(before[3], expected_close=date(2026, 4, 1))]
    result = analytics.slippage(before, after, pipelines=p)
    assert [(r[0], r[1], r[2], r[3]) for r in result.rows] == [
        ("new", "CNY", 1, Money("5", "CNY")),
        ("forward", "USD", 1, Money("70", "USD")),
        ("amount_up", "CNY", 1, Money("20", "CNY")),
        ("close_pushed", "CNY", 1, Money("30", "CNY")),
    ]
    assert analytics.slippage(after, after, pipelines=p).rows == ()
    removed = analytics.slippage(before, after[:1], pipelines=p, by="owner").rows
    assert [r[:3] for r in removed] == [
        ("li.na", "removed", "CNY"),
        ("li.na", "amount_up", "CNY"),
        ("wang.wei", "removed", "CNY"),
        ("wang.wei", "removed", "USD"),
    ]
