"""The Spark engine (issue 14): the same analytics and the same scores as polars and the
reference engine, on one small local Spark session (the ``spark`` fixture).

Each example batches several generated books into one pair of DataFrames
(deals tagged by book in ``customer_id``, grouped by it), so that few Spark
jobs check many books; all Spark tests live in this one file, so that the
suite starts one JVM.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesflow import MissingExtraError, Money, SalesflowError, ValidationError, analytics
from salesflow.records import Opportunity
from salesflow.scoring import Scorecard, presets
from tests import strategies as S  # noqa: N812

pytest.importorskip("polars")

from salesflow import tables

#: Few examples, each a batch of books: every analytic call is a few Spark jobs.
SLOW = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
GROUPINGS = st.sampled_from(
    [
        None,
        "owner",
        "stage",
        "attributes.source",
        "created_at.month",
        "created_at.quarter",
        ["owner", "created_at.year"],
        ["status", "attributes.source"],
    ]
)


def _outcome(compute: Callable[..., analytics.Result], *args: Any, **kwargs: Any) -> object:
    try:
        return compute(*args, **kwargs)
    except SalesflowError as error:
        return type(error), str(error)


def _batch(books: list[tuple[Any, tuple[Opportunity, ...]]]) -> tuple[Opportunity, ...]:
    """The deals of every book in one book, tagged by book in ``customer_id``."""
    return tuple(
        attrs.evolve(d, id=f"b{k}-{d.id}", customer_id=f"b{k}")
        for k, (_, deals) in enumerate(books)
        for d in deals
    )


def _frames(spark: Any, deals: tuple[Opportunity, ...]) -> tuple[Any, Any]:
    return (
        tables.to_spark(deals, "opportunities", session=spark),
        tables.to_spark(deals, "events", session=spark),
    )


def _agree(
    spark_book: tuple[Any, Any],
    deals: tuple[Opportunity, ...],
    compute: Callable[..., analytics.Result],
    **kwargs: Any,
) -> None:
    reference = _outcome(compute, deals, engine="reference", **kwargs)
    assert _outcome(compute, deals, engine="polars", **kwargs) == reference
    frame, events = spark_book
    assert _outcome(compute, frame, events=events, **kwargs) == reference


def _by(by: Any) -> list[str]:
    return ["customer_id", *([] if by is None else [by] if isinstance(by, str) else by)]


@SLOW
@given(
    st.lists(S.books(shaped=False), min_size=1, max_size=4),
    GROUPINGS,
    st.integers(0, 3),
    st.lists(st.integers(1, 100), min_size=1, max_size=3, unique=True),
)
def test_the_book_figures_agree_on_spark_polars_and_the_reference(
    spark: Any, books: Any, by: Any, floor: int, percentiles: list[int]
) -> None:
    deals = _batch(books)
    frames = _frames(spark, deals)
    group = _by(by)
    _agree(frames, deals, analytics.counts, by=group)
    _agree(frames, deals, analytics.win_rate, by=group, min_sample=floor)
    _agree(frames, deals, analytics.cycle_time, by=group, percentiles=percentiles)
    _agree(frames, deals, analytics.reasons, by=group)
    _agree(frames, deals, analytics.velocity, by=group, min_sample=floor)


@SLOW
@given(S.books(max_deals=30), GROUPINGS, st.data())
def test_the_pipeline_figures_agree_on_spark_polars_and_the_reference(
    spark: Any, book: Any, by: Any, data: st.DataObject
) -> None:
    """Funnel, conversion, stale and forecast, refusals included (shaped deals in stages
    the pipeline lacks, ``at`` before a change)."""
    pipelines, deals = book
    frames = _frames(spark, deals)
    pipeline = data.draw(st.sampled_from(pipelines))
    _agree(frames, deals, analytics.funnel, pipeline=pipeline, by=by)
    _agree(frames, deals, analytics.conversion, pipeline=pipeline, by=by, min_sample=2)
    last = max((d.updated_at for d in deals), default=S.SCORING_AT)
    at = last + data.draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90)))
    at = data.draw(st.sampled_from([at, at - timedelta(days=30)]))
    _agree(frames, deals, analytics.stale, pipelines=pipelines, at=at, by=by)
    given_ = data.draw(st.lists(st.sampled_from(pipelines), min_size=1, unique_by=lambda p: p.key))
    period = data.draw(st.sampled_from(["month", "quarter"]))
    start = data.draw(st.integers(1, 12))
    _agree(
        frames,
        deals,
        analytics.forecast,
        pipelines=given_,
        period=period,
        fiscal_start=start,
        by=by,
    )


# -- scores ----------------------------------------------------------------------------


def _scored_rows(out: Any) -> list[dict[str, Any]]:
    return [row.asDict() for row in out.collect()]


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    S.scorecards().flatmap(
        lambda c: st.tuples(st.just(c), st.lists(S.scoring_levels(c), max_size=20))
    ),
    st.booleans(),
)
def test_evaluate_frame_on_spark_equals_polars_equals_evaluate(
    spark: Any, case: tuple[Scorecard, list[dict[str, int | None]]], decimal: bool
) -> None:
    from tests.test_tables_scoring import _frame

    card, levels = case
    facts = [S.scoring_facts(card, lv) for lv in levels]
    frame = _frame(card, facts, decimal)
    polars = tables.evaluate_frame(card, frame, at=S.SCORING_AT)
    on_spark = tables.evaluate_frame(card, tables.to_spark(frame, session=spark), at=S.SCORING_AT)
    assert on_spark.columns == polars.columns
    got = _scored_rows(on_spark)
    assert got == polars.with_columns(polars["band"].cast(str)).to_dicts()
    for row, fact in zip(got, facts, strict=True):
        want = card.evaluate(fact, at=S.SCORING_AT)
        assert (row["total"], row["band"]) == (want.total, want.band)
        for c in want.criteria:
            assert row[f"levels.{c.key}"] == c.level
            assert row[f"contributions.{c.key}"] == c.contribution


def test_bad_values_on_spark_are_named_as_polars_names_them(spark: Any) -> None:
    import polars as pl

    card = presets.get("rww20")
    key = card.criteria[0].key
    frame = pl.DataFrame({key: ["+", "-", None, "maybe", "yes"]})
    with pytest.raises(ValidationError) as on_polars:
        tables.evaluate_frame(card, frame)
    with pytest.raises(ValidationError) as on_spark:
        tables.evaluate_frame(card, spark.createDataFrame(frame.to_arrow(), schema=None))
    assert on_spark.value.paths == on_polars.value.paths == (f"rows[3].{key}", f"rows[4].{key}")
    assert str(on_spark.value) == str(on_polars.value)


# -- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda s, d, e: analytics.counts([], engine="spark"),
        lambda s, d, e: analytics.counts(d, engine="polars"),
        lambda s, d, e: analytics.counts(d.drop("amount")),
        lambda s, d, e: analytics.cycle_time(d, events=[1]),
        lambda s, d, e: analytics.cycle_time(d, events=e.drop("at")),
        lambda s, d, e: analytics.counts(d.unionByName(d)),
        lambda s, d, e: tables.to_spark([], "events", session="spark"),
    ],
)
def test_bad_spark_input_is_a_validation_error(spark: Any, call: Any) -> None:
    deals = (_a_deal(),)
    frame = tables.to_spark(deals, "opportunities", session=spark)
    events = tables.to_spark(deals, "events", session=spark)
    with pytest.raises(ValidationError):
        call(spark, frame, events)


def _a_deal() -> Opportunity:
    from salesflow.stages import presets as pipelines

    pipeline = pipelines.get(pipelines.names()[0])
    return pipeline.open(
        id="d-1",
        customer_id="c-1",
        owner="li.na",
        name="A deal",
        amount=Money(100, "CNY"),
        at=S.SCORING_AT,
    )


def test_without_pyspark_the_spark_paths_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # makes `import pyspark` fail
    monkeypatch.setitem(sys.modules, "pyspark.sql.functions", None)
    with pytest.raises(MissingExtraError, match=r"salesflow\[spark\]"):
        analytics.counts([], engine="spark")
    with pytest.raises(MissingExtraError, match=r"salesflow\[spark\]"):
        tables.to_spark([], "events", session=None)
    assert analytics.counts([], engine="polars").rows == ()
