"""The reference and the polars engines give identical results on every generated book."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Money, SalesflowError, analytics
from salesflow.stages import is_stale
from tests import strategies as S  # noqa: N812

pytest.importorskip("polars")

from salesflow import tables

GROUPINGS = st.sampled_from(
    [
        None,
        "owner",
        "pipeline",
        "stage",
        "attributes.source",
        "created_at.month",
        "created_at.quarter",
        ["owner", "created_at.year"],
        ["status", "attributes.source"],
    ]
)
FLOORS = st.integers(0, 3)


def outcome(compute: Callable[..., analytics.Result], *args: Any, **kwargs: Any) -> object:
    """The result, or the error's class and message (both engines must refuse alike)."""
    try:
        return compute(*args, **kwargs)
    except SalesflowError as error:
        return type(error), str(error)


def agree(compute: Callable[..., analytics.Result], deals: Any, **kwargs: Any) -> None:
    reference = outcome(compute, deals, engine="reference", **kwargs)
    assert outcome(compute, deals, engine="polars", **kwargs) == reference
    frame = tables.to_polars(deals, "opportunities")
    events = tables.to_polars(deals, "events")
    assert outcome(compute, frame, events=events, **kwargs) == reference


@given(S.books(), GROUPINGS)
def test_counts_agree(book: Any, by: Any) -> None:
    agree(analytics.counts, book[1], by=by)


@given(S.books(), GROUPINGS, FLOORS)
def test_win_rate_agrees(book: Any, by: Any, floor: int) -> None:
    agree(analytics.win_rate, book[1], by=by, min_sample=floor)


@given(
    S.books(), GROUPINGS, FLOORS, st.lists(st.integers(1, 100), min_size=1, max_size=3, unique=True)
)
def test_cycle_time_agrees(book: Any, by: Any, floor: int, percentiles: list[int]) -> None:
    agree(analytics.cycle_time, book[1], by=by, min_sample=floor, percentiles=percentiles)


@given(S.books(), GROUPINGS)
def test_reasons_agree(book: Any, by: Any) -> None:
    agree(analytics.reasons, book[1], by=by)


@given(S.books(), GROUPINGS, FLOORS, st.data())
def test_funnel_and_conversion_agree(book: Any, by: Any, floor: int, data: st.DataObject) -> None:
    pipelines, deals = book
    pipeline = data.draw(st.sampled_from(pipelines))
    agree(analytics.funnel, deals, pipeline=pipeline, by=by)
    agree(analytics.conversion, deals, pipeline=pipeline, by=by, min_sample=floor)


@given(S.books(shaped=False))
def test_the_reference_engine_reads_frames_as_the_deals_they_hold(book: Any) -> None:
    deals = book[1]
    frame, events = tables.to_polars(deals, "opportunities"), tables.to_polars(deals, "events")
    assert analytics.cycle_time(frame, events=events, engine="reference") == analytics.cycle_time(
        list(deals)
    )


@given(S.books(), GROUPINGS, st.data())
def test_stale_agrees(book: Any, by: Any, data: st.DataObject) -> None:
    pipelines, deals = book
    last = max((d.updated_at for d in deals), default=data.draw(S.aware_datetimes))
    at = last + data.draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90)))
    at = data.draw(st.sampled_from([at, at - timedelta(days=30)]))  # sometimes too early
    agree(analytics.stale, deals, pipelines=pipelines, at=at, by=by)


@given(S.books(shaped=False), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)))
def test_stale_is_what_is_stale_says(book: Any, later: timedelta) -> None:
    pipelines, deals = book
    if not deals:
        return
    at = max(d.updated_at for d in deals) + later
    by_key = {p.key: p for p in pipelines}
    found = set(analytics.stale(deals, pipelines=pipelines, at=at).column("id"))
    assert found == {d.id for d in deals if is_stale(by_key[d.pipeline], d, at=at)}


@given(S.books(), GROUPINGS, FLOORS)
def test_velocity_agrees(book: Any, by: Any, floor: int) -> None:
    agree(analytics.velocity, book[1], by=by, min_sample=floor)


@given(S.books(), GROUPINGS, st.sampled_from(["month", "quarter"]), st.integers(1, 12), st.data())
def test_forecast_agrees(book: Any, by: Any, period: str, start: int, data: st.DataObject) -> None:
    pipelines, deals = book
    given = data.draw(st.lists(st.sampled_from(pipelines), min_size=1, unique_by=lambda p: p.key))
    agree(analytics.forecast, deals, pipelines=given, period=period, fiscal_start=start, by=by)


@given(S.books(shaped=False))
def test_the_forecast_totals_are_the_pipelines_forecast(book: Any) -> None:
    """Summed over periods, each category is what Pipeline.forecast gives (one currency)."""
    pipelines, deals = book
    for pipeline in pipelines:
        own = [d for d in deals if d.pipeline == pipeline.key and d.amount.currency == "CNY"]
        rows = analytics.forecast(own, pipelines=pipeline).as_dicts()
        for category, total in pipeline.forecast(own, currency="CNY").items():
            if category.value != "omitted":
                assert sum((r[category.value] for r in rows), Money.zero("CNY")) == total
