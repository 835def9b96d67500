"""A stage's probability and weighted amount, and the gates, over a deals table (issue 12)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import Money, Opportunity, ValidationError
from salesflow.checklists import tick
from salesflow.stages import Pipeline
from salesflow.stages import presets as stage_presets
from tests import strategies as S  # noqa: N812

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")

from salesflow import tables  # noqa: E402

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _deals(pipeline: Pipeline, n: int = 3) -> list[Opportunity]:
    return [
        pipeline.open(
            id=f"o-{i}",
            customer_id="c-1",
            owner="li.na",
            amount=Money(Decimal("1234.5678") * (i + 1), "CNY"),
            at=T0,
            probability=(None, 33, 7)[i % 3],
        )
        for i in range(n)
    ]


# -- probability_frame ------------------------------------------------------------------


def _same_probabilities(pipeline: Pipeline, deals: list[Opportunity], out: Any) -> None:
    assert out.height == len(deals)
    for deal, row in zip(deals, out.iter_rows(named=True), strict=True):
        weighted = pipeline.weighted_amount(deal)
        assert row["effective_probability"] == pipeline.probability(deal)
        assert row["weighted_amount"] == weighted.amount
        assert row["weighted_amount_currency"] == weighted.currency
        assert row["forecast_category"] == pipeline.forecast_category(deal).value


@settings(deadline=None, max_examples=40)
@given(
    S.pipelines.flatmap(
        lambda p: st.tuples(
            st.just(p), st.lists(S.moved_deals(p), max_size=6, unique_by=lambda d: d.id)
        )
    )
)
def test_probability_frame_equals_the_per_deal_answers(
    case: tuple[Pipeline, list[Opportunity]],
) -> None:
    pipeline, deals = case
    table = tables.to_arrow(deals, "opportunities")
    _same_probabilities(pipeline, deals, tables.probability_frame(pipeline, table))


def test_probability_frame_reads_polars_pandas_and_a_table_without_status() -> None:
    pipeline = stage_presets.get("basic")
    deals = _deals(pipeline)
    book = tables.to_polars(deals)
    _same_probabilities(pipeline, deals, tables.probability_frame(pipeline, book.lazy()))
    _same_probabilities(
        pipeline, deals, tables.probability_frame(pipeline, tables.to_pandas(deals))
    )
    bare = book.select("stage", "probability", "amount", "amount_currency")
    out = tables.probability_frame(pipeline, bare)
    assert out.columns == [*bare.columns, *tables._forecast.OUTPUT]
    _same_probabilities(pipeline, deals, out)


def test_the_weighted_amount_is_exact_at_two_more_places() -> None:
    pipeline = stage_presets.get("basic")
    frame = pl.DataFrame(
        {
            "stage": ["prospect_list"] * 2,
            "amount": [Decimal("0.0001"), Decimal(7)],
            "amount_currency": "JPY",
        },
        schema={"stage": pl.String, "amount": pl.Decimal(38, 4), "amount_currency": pl.String},
    )
    out = tables.probability_frame(pipeline, frame.with_columns(probability=pl.lit(33)))
    assert out["weighted_amount"].to_list() == [Decimal("0.000033"), Decimal("2.31")]
    whole = tables.probability_frame(pipeline, frame.with_columns(pl.col("amount").cast(pl.Int64)))
    assert whole["weighted_amount"].dtype == pl.Decimal(38, 2)


def test_probability_frame_names_every_bad_row_in_the_per_deal_words() -> None:
    pipeline = stage_presets.get("basic")
    book = tables.to_polars(_deals(pipeline, 5)).with_columns(
        pipeline=pl.Series(["basic", "other", "basic", "basic", "basic"]),
        stage=pl.Series(["prospect_list", "prospect_list", "nowhere", "close", "close"]),
        probability=pl.Series([None, None, None, 140, None]),
        amount_currency=pl.Series(["CNY", "CNY", "CNY", "CNY", "cny"]),
    )
    with pytest.raises(ValidationError) as err:
        tables.probability_frame(pipeline, book)
    assert err.value.paths == (
        "rows[1].pipeline",
        "rows[2].stage",
        "rows[3].probability",
        "rows[4].amount_currency",
    )
    messages = [p.message for p in err.value.problems]
    assert messages[0] == "the deal is in pipeline 'other', not 'basic'"
    with pytest.raises(ValidationError) as money:
        Money(1, "cny")
    assert messages[3] == money.value.problems[0].message


@pytest.mark.parametrize(
    "call",
    [
        lambda b: tables.probability_frame("basic", b),  # type: ignore[arg-type]
        lambda b: tables.probability_frame(stage_presets.get("basic"), [1]),
        lambda b: tables.probability_frame(stage_presets.get("basic"), b.drop("amount")),
        lambda b: tables.probability_frame(
            stage_presets.get("basic"), b.with_columns(pl.col("amount").cast(pl.Float64))
        ),
        lambda b: tables.probability_frame(
            stage_presets.get("basic"), b.with_columns(amount=pl.lit(Decimal(10) ** 35))
        ),
        lambda b: tables.probability_frame(
            stage_presets.get("basic"), b.with_columns(status=pl.lit("gone"))
        ),
        lambda b: tables.gate_frame("basic", b, b),  # type: ignore[arg-type]
        lambda b: tables.gate_frame(stage_presets.get("basic"), b.drop("id"), None),
        lambda b: tables.gate_frame(stage_presets.get("basic"), b, 5),
        lambda b: tables.gate_frame(stage_presets.get("basic"), pl.concat([b, b]), None),
    ],
)
def test_bad_arguments_are_validation_errors(call: Any) -> None:
    book = tables.to_polars(_deals(stage_presets.get("basic")))
    with pytest.raises(ValidationError):
        call(book)


# -- gate_frame -------------------------------------------------------------------------


def _same_gates(pipeline: Pipeline, deals: list[Opportunity], out: Any) -> None:
    assert out.height == len(deals)
    for deal, row in zip(deals, out.iter_rows(named=True), strict=True):
        reasons = pipeline.gate_reasons(deal, stage=deal.stage)
        assert row["lacks"] == [r.requirement for r in reasons], deal.stage
        assert row["may_leave"] is (not reasons)


@settings(deadline=None, max_examples=50)
@given(
    S.checklist_pipelines().flatmap(
        lambda p: st.tuples(
            st.just(p), st.lists(S.gated_deals(p), max_size=4, unique_by=lambda d: d.id)
        )
    )
)
def test_gate_frame_equals_the_per_deal_gate(case: tuple[Pipeline, list[Opportunity]]) -> None:
    pipeline, deals = case
    out = tables.gate_frame(
        pipeline, tables.to_arrow(deals, "opportunities"), tables.to_arrow(deals, "marks")
    )
    _same_gates(pipeline, deals, out)


def test_gate_frame_over_the_basic_preset_with_ticks() -> None:
    pipeline = stage_presets.get("basic")
    deals = _deals(pipeline)
    first = pipeline.stages[0].checklist
    assert first is not None
    deals[1] = tick(deals[1], first, "profile_fit", by="li.na", at=T0)
    for key in first.keys:
        deals[2] = tick(deals[2], first, key, by="li.na", at=T0)
    book = tables.to_polars(deals)
    out = tables.gate_frame(pipeline, book, tables.to_polars(deals, "marks"))
    assert out["may_leave"].to_list() == [False, False, True]
    assert out["lacks"].to_list()[1] == ["no_duplicate_customers"]
    _same_gates(pipeline, deals, out)
    columnar = tables.gate_frame(
        pipeline, book.select("id", "stage"), tables.to_arrow(deals, "marks")
    )
    assert columnar["lacks"].to_list() == out["lacks"].to_list()


def test_gate_frame_names_bad_marks_and_unknown_deals() -> None:
    pipeline = stage_presets.get("basic")
    deals = _deals(pipeline, 2)
    first = pipeline.stages[0].checklist
    assert first is not None
    deals[0] = tick(deals[0], first, "profile_fit", by="li.na", at=T0)
    marks = tables.to_arrow(deals, "marks").to_pylist()
    marks.append({**marks[0], "opportunity_id": "o-9"})
    marks.append({**marks[0]})  # ticked while already done
    table = pa.Table.from_pylist(marks, schema=tables.schema("marks"))
    with pytest.raises(ValidationError) as err:
        tables.gate_frame(pipeline, tables.to_arrow(deals), table)
    assert sorted(err.value.paths) == ["marks[1].opportunity_id", "marks[2].done"]


def test_a_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from salesflow import MissingExtraError

    book = tables.to_arrow(_deals(stage_presets.get("basic")))
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingExtraError, match=r"salesflow\[tables\]"):
        tables.probability_frame(stage_presets.get("basic"), book)
    with pytest.raises(MissingExtraError, match=r"salesflow\[tables\]"):
        tables.gate_frame(stage_presets.get("basic"), book)


def test_a_gate_that_runs_a_predicate_builds_its_deals_and_names_their_rows() -> None:
    """Deals in a stage whose checklist asks a predicate are asked one by one; a bad
    cell of theirs is named at its row of the whole table. No marks: nothing ticked."""
    pipeline = stage_presets.get("basic")
    asking = pipeline.keys[2]
    assert not tables._gates.columnar(pipeline.stage(asking))
    deals = [
        pipeline.open(
            id=f"o-{i}",
            customer_id="c",
            owner="a",
            amount=Money(5, "CNY"),
            at=T0,
            stage=(pipeline.keys[0], asking)[i % 2],
        )
        for i in range(4)
    ]
    book = tables.to_polars(deals)
    _same_gates(pipeline, deals, tables.gate_frame(pipeline, book))
    bad = book.with_columns(owner=pl.Series(["a", "a", "a", " "]))
    with pytest.raises(ValidationError) as err:
        tables.gate_frame(pipeline, bad)
    assert err.value.paths == ("rows[3].owner",)
