"""Scorecards over a frame: evaluate_frame equals evaluate row by row (issue 12)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import ValidationError
from salesflow.scoring import Band, Criterion, RuleKind, Scorecard, presets
from tests import strategies as S  # noqa: N812

pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")

from salesflow import tables  # noqa: E402


def _dtype(c: Criterion, decimal: bool) -> Any:
    if c.kind in (RuleKind.YES_NO, RuleKind.PLUS_MINUS):
        return pl.Boolean
    if c.kind is RuleKind.GRADED:
        return pl.String
    if c.kind is RuleKind.NUMERIC:
        return pl.Decimal(38, 2) if decimal else pl.Int64
    return pl.Date


def _frame(card: Scorecard, facts: list[dict[str, object]], decimal: bool) -> Any:
    schema = {c.field: _dtype(c, decimal) for c in card.criteria if c.field is not None}
    rows = [
        {k: (int(v) if isinstance(v, Decimal) and not decimal else v) for k, v in row.items()}
        for row in facts
    ]
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def _same(card: Scorecard, out: Any, facts: list[dict[str, object]], at: datetime) -> None:
    for got, row in zip(out.iter_rows(named=True), facts, strict=True):
        want = card.evaluate(row, at=at)
        assert got["total"] == want.total
        assert got["band"] == want.band
        for c in want.criteria:
            assert got[f"levels.{c.key}"] == c.level
            assert got[f"contributions.{c.key}"] == c.contribution
            assert got[f"unknown.{c.key}"] == c.unknown


@settings(deadline=None, max_examples=80)
@given(
    S.scorecards().flatmap(
        lambda c: st.tuples(st.just(c), st.lists(S.scoring_levels(c), max_size=8))
    ),
    st.booleans(),
)
def test_evaluate_frame_equals_evaluate_row_by_row(
    case: tuple[Scorecard, list[dict[str, int | None]]], decimal: bool
) -> None:
    card, levels = case
    facts = [S.scoring_facts(card, lv) for lv in levels]
    out = tables.evaluate_frame(card, _frame(card, facts, decimal), at=S.SCORING_AT)
    assert out.height == len(facts)
    _same(card, out, facts, S.SCORING_AT)


FLAG_PRESETS = [
    n
    for n in presets.names()
    if all(c.kind in (RuleKind.YES_NO, RuleKind.PLUS_MINUS) for c in presets.get(n).criteria)
]


@pytest.mark.parametrize("name", FLAG_PRESETS)
def test_flag_presets_over_a_frame(name: str) -> None:
    card = presets.get(name)
    keys = [c.field or c.key for c in card.criteria]
    facts: list[dict[str, object]] = [
        {k: (i >> n) & 1 == 1 for n, k in enumerate(keys) if (i + n) % 5} for i in range(32)
    ]
    frame = pl.DataFrame(facts, schema=dict.fromkeys(keys, pl.Boolean))
    _same(card, tables.evaluate_frame(card, frame), facts, S.SCORING_AT)


def test_days_until_reads_aware_datetimes_in_the_zone_of_at() -> None:
    card = Scorecard(
        key="soon",
        criteria=[
            Criterion(key="close", kind=RuleKind.DAYS_UNTIL, field="close", thresholds=[7, 30])
        ],
        bands=[Band(key="late", minimum=0), Band(key="soon", minimum=1)],
    )
    at = datetime(2026, 3, 2, 23, 0, tzinfo=timezone(timedelta(hours=8)))
    values = [datetime(2026, 3, 9, 15, 30, tzinfo=UTC), datetime(2026, 3, 10, 1, tzinfo=UTC), None]
    frame = pl.DataFrame({"close": values}, schema={"close": pl.Datetime("us", "UTC")})
    _same(card, tables.evaluate_frame(card, frame, at=at), [{"close": v} for v in values], at)


def test_strings_are_read_as_evaluate_reads_them_and_bad_ones_are_named() -> None:
    card = presets.get("rww20")
    key = card.criteria[0].key
    frame = pl.DataFrame({key: ["+", "-", None, "maybe", "yes"]})
    with pytest.raises(ValidationError) as err:
        tables.evaluate_frame(card, frame)
    assert err.value.paths == (f"rows[3].{key}", f"rows[4].{key}")
    good = frame.head(3)
    _same(card, tables.evaluate_frame(card, good), good.to_dicts(), S.SCORING_AT)


def test_floats_and_wrong_currencies_are_refused_as_evaluate_refuses_them() -> None:
    card = Scorecard(
        key="size",
        criteria=[
            Criterion(
                key="revenue",
                kind=RuleKind.NUMERIC,
                field="revenue",
                thresholds=[10],
                currency="CNY",
            )
        ],
        bands=[Band(key="small", minimum=0), Band(key="large", minimum=1)],
    )
    with pytest.raises(ValidationError) as err:
        tables.evaluate_frame(card, pl.DataFrame({"revenue": [1.5, None]}))
    assert err.value.paths == ("rows[0].revenue",)
    frame = pl.DataFrame(
        {"revenue": [Decimal(20), Decimal(20)], "revenue_currency": ["CNY", "USD"]},
        schema={"revenue": pl.Decimal(38, 2), "revenue_currency": pl.String},
    )
    with pytest.raises(ValidationError) as err:
        tables.evaluate_frame(card, frame)
    assert err.value.paths == ("rows[1].revenue",)
    assert tables.evaluate_frame(card, frame.head(1))["band"].to_list() == ["large"]


@pytest.mark.parametrize(
    "call",
    [
        lambda: tables.evaluate_frame("bant", pl.DataFrame()),  # type: ignore[arg-type]
        lambda: tables.evaluate_frame(presets.get("bant"), [1, 2]),
        lambda: tables.evaluate_frame(presets.get("bant"), pl.DataFrame(), at=datetime(2026, 1, 1)),
    ],
)
def test_bad_arguments_are_validation_errors(call: Any) -> None:
    with pytest.raises(ValidationError):
        call()


def test_a_scorecard_that_counts_days_needs_at() -> None:
    card = Scorecard(
        key="soon",
        criteria=[Criterion(key="close", kind=RuleKind.DAYS_UNTIL, field="close", thresholds=[7])],
        bands=[Band(key="late", minimum=0)],
    )
    with pytest.raises(ValidationError) as err:
        tables.evaluate_frame(card, pl.DataFrame({"close": [date(2026, 1, 1)]}))
    assert err.value.paths == ("at",)
