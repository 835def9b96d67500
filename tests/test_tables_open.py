"""Deals opened in bulk from a table, and rebuilt from their events (issue 12)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import Money, Opportunity, TransitionError, ValidationError
from salesflow.exceptions import Problem
from salesflow.stages import Pipeline
from salesflow.stages import presets as stage_presets
from tests import strategies as S  # noqa: N812

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")

from salesflow import tables  # noqa: E402
from salesflow.tables._open import BLANK  # noqa: E402

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _table(rows: list[dict[str, Any]]) -> Any:
    names: list[str] = []
    for row in rows:
        names.extend(n for n in row if n not in names)
    types = {
        "amount": pa.decimal128(38, 2),
        "at": pa.timestamp("us", tz="UTC"),
        "expected_close": pa.date32(),
        "probability": pa.int64(),
    }
    return pa.table(
        {n: pa.array([r.get(n) for r in rows], types.get(n, pa.string())) for n in names}
    )


def _one_by_one(pipeline: Pipeline, row: dict[str, Any], i: int) -> tuple[Any, list[Problem]]:
    """What ``pipeline.open`` says of one row, as the problems open_many should name."""
    args = dict(row)
    currency = args.pop("amount_currency")
    try:
        money = Money(args.pop("amount"), currency)
    except ValidationError as exc:
        paths = {"currency": "amount_currency"}
        return None, [
            Problem(f"rows[{i}].{paths.get(p.path, 'amount')}", p.message) for p in exc.problems
        ]
    try:
        return pipeline.open(amount=money, **args), []
    except ValidationError as exc:
        return None, [p.prefixed(f"rows[{i}]") for p in exc.problems]
    except TransitionError as exc:
        return None, [Problem(f"rows[{i}].stage", r.message) for r in exc.reasons]


@settings(deadline=None, max_examples=60)
@given(
    S.pipelines.flatmap(lambda p: st.tuples(st.just(p), st.lists(S.opening_rows(p), max_size=6)))
)
def test_open_many_gives_what_open_gives_and_refuses_what_it_refuses(
    case: tuple[Pipeline, list[dict[str, Any]]],
) -> None:
    pipeline, rows = case
    if not rows:
        return
    table = _table(rows)
    # the values as the table holds them (an absent cell is null: None)
    expected = [_one_by_one(pipeline, row, i) for i, row in enumerate(table.to_pylist())]
    problems = [p for _, bad in expected for p in bad]
    if problems:
        with pytest.raises(ValidationError) as err:
            tables.open_many(pipeline, table)
        assert list(err.value.problems) == problems
    else:
        got = tables.open_many(pipeline, table)
        assert got == tuple(deal for deal, _ in expected)
        for deal in got:  # every fast-built deal passes the record's full checks
            assert attrs.evolve(deal) == deal


def test_open_many_reads_polars_and_pandas_frames_and_attributes() -> None:
    pipeline = stage_presets.get("basic")
    row = {
        "id": "o-1",
        "customer_id": "c-1",
        "owner": "ann",
        "amount": Decimal("120000.00"),
        "amount_currency": "CNY",
        "at": T0,
        "attributes": json.dumps({"budget": "approved", "seats": 40}),
    }
    table = _table([row])
    expected = pipeline.open(
        id="o-1",
        customer_id="c-1",
        owner="ann",
        amount=Money("120000", "CNY"),
        at=T0,
        attributes={"budget": "approved", "seats": 40},
    )
    assert tables.open_many(pipeline, table) == (expected,)
    assert tables.open_many(pipeline, pl.from_arrow(table)) == (expected,)
    assert tables.open_many(pipeline, table.to_pandas(types_mapper=pd.ArrowDtype)) == (expected,)


def test_blank_is_what_python_strips() -> None:
    """The columnar blank test agrees with str.strip() on every character."""
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    pc = pytest.importorskip("pyarrow.compute")
    probe = pa.array([*spaces, "", "a", " a", "\u200b"])
    got = pc.match_substring_regex(probe, BLANK).to_pylist()
    assert got == [not s.strip() for s in [*spaces, "", "a", " a", "\u200b"]]


@pytest.mark.parametrize(
    "call",
    [
        lambda t: tables.open_many("basic", t),  # type: ignore[arg-type]
        lambda t: tables.open_many(stage_presets.get("basic"), [1]),
        lambda t: tables.open_many(stage_presets.get("basic"), t.drop(["amount"])),
        lambda t: tables.open_many(stage_presets.get("basic"), t.append_column("x", pa.array([1]))),
        lambda t: tables.replay("basic", t, opportunities=t),  # type: ignore[arg-type]
        lambda t: tables.replay(stage_presets.get("basic"), 5, opportunities=t),
    ],
)
def test_bad_arguments_are_validation_errors(call: Any) -> None:
    row = {
        "id": "o",
        "customer_id": "c",
        "owner": "a",
        "amount": Decimal(1),
        "amount_currency": "CNY",
        "at": T0,
    }
    with pytest.raises(ValidationError):
        call(_table([row]))


def test_a_refused_table_opens_nothing_and_names_every_row() -> None:
    pipeline = stage_presets.get("basic")
    good = {
        "id": "o",
        "customer_id": "c",
        "owner": "a",
        "amount": Decimal(1),
        "amount_currency": "CNY",
        "at": T0,
    }
    rows = [good, {**good, "amount": Decimal(-5)}, good, {**good, "stage": "nowhere"}]
    with pytest.raises(ValidationError) as err:
        tables.open_many(pipeline, _table(rows))
    assert err.value.paths == ("rows[1].amount", "rows[3].stage")


# -- replay ----------------------------------------------------------------------------


def _without_checklists(deals: list[Opportunity]) -> list[Opportunity]:
    return [attrs.evolve(d, checklists={}) for d in deals]


@settings(deadline=None, max_examples=60)
@given(
    S.pipelines.flatmap(
        lambda p: st.tuples(
            st.just(p), st.lists(S.moved_deals(p), max_size=4, unique_by=lambda d: d.id)
        )
    )
)
def test_replay_rebuilds_the_deals_their_moves_made(
    case: tuple[Pipeline, list[Opportunity]],
) -> None:
    pipeline, deals = case
    events = tables.to_arrow(deals, "events")
    got = tables.replay(pipeline, events, opportunities=tables.to_arrow(deals, "opportunities"))
    assert got == tuple(deals)


def test_replay_refuses_a_move_the_pipeline_refuses_with_its_reason() -> None:
    pipeline = stage_presets.get("basic")
    deal = pipeline.open(id="o-1", customer_id="c", owner="a", amount=Money(1, "CNY"), at=T0)
    won = pipeline.pause(deal, at=T0)
    events = tables.to_arrow([won], "events").to_pylist()
    events.append({**events[-1], "move": "pause", "from_status": "paused"})
    with pytest.raises(TransitionError) as once:
        pipeline.pause(won, at=T0)
    table = pa.Table.from_pylist(events, schema=tables.schema("events"))
    with pytest.raises(ValidationError) as err:
        tables.replay(pipeline, table, opportunities=tables.to_arrow([won]))
    assert err.value.problems == (Problem("events[2].move", once.value.reasons[0].message),)


def test_replay_refuses_a_recorded_outcome_the_move_does_not_give() -> None:
    from salesflow.stages import Stage

    pipeline = Pipeline(
        key="p", stages=[Stage(key="a", probability=10), Stage(key="b", probability=50)]
    )
    deal = pipeline.advance(
        pipeline.open(id="o-1", customer_id="c", owner="a", amount=Money(1, "CNY"), at=T0), at=T0
    )
    events = tables.to_arrow([deal], "events").to_pylist()
    events[1]["probability_after"] = 99
    table = pa.Table.from_pylist(events, schema=tables.schema("events"))
    with pytest.raises(ValidationError) as err:
        tables.replay(pipeline, table, opportunities=tables.to_arrow([deal]))
    assert err.value.paths == ("events[1].probability_after",)


# -- the fast readers agree with the record-by-record readers ---------------------------


@settings(deadline=None, max_examples=30)
@given(st.lists(S.table_opportunities(), max_size=3, unique_by=lambda d: d.id))
def test_fast_readers_give_what_the_records_give(deals: list[Opportunity]) -> None:
    from salesflow.tables import _convert, _fastread, _schemas

    events = tables.to_arrow(deals, "events")
    spec = _schemas.kind("events")
    slow, problems = _convert._read(pa, spec, events, "events")
    assert not problems
    assert _fastread.read_events(spec, events) == slow
    book = tables.to_arrow(deals, "opportunities")
    plain = [attrs.evolve(d, history=(), checklists={}) for d in deals]
    assert _fastread.read_opportunities(_schemas.kind("opportunities"), book) == plain
    marks = tables.to_arrow(deals, "marks")
    spec = _schemas.kind("marks")
    slow, problems = _convert._read(pa, spec, marks, "marks")
    assert not problems
    assert _fastread.read_marks(spec, marks) == slow


def test_fast_readers_leave_a_dirty_table_to_the_records() -> None:
    from salesflow.tables import _fastread, _schemas

    pipeline = stage_presets.get("basic")
    deal = pipeline.open(id="o-1", customer_id="c", owner="a", amount=Money(1, "CNY"), at=T0)
    book = tables.to_arrow([deal]).to_pylist()
    book[0]["status"] = "bogus"
    spec = _schemas.kind("opportunities")
    dirty = pa.Table.from_pylist(book, schema=tables.schema("opportunities"))
    assert _fastread.read_opportunities(spec, dirty) is None
    with pytest.raises(ValidationError) as err:
        tables.replay(pipeline, tables.to_arrow([deal], "events"), opportunities=dirty)
    assert err.value.paths == ("rows[0].status",)


@settings(deadline=None)
@given(
    st.lists(st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=3), max_size=8),
    st.lists(st.none() | st.sampled_from(["a", "b", "\u674e"]), max_size=8),
    st.integers(0, 3),
)
def test_pylist_is_to_pylist(
    amounts: list[Decimal | None], texts: list[str | None], cut: int
) -> None:
    from salesflow.tables._arrow import pylist

    fits = [a for a in amounts if a is None or abs(a) < Decimal(10) ** 30]
    decimals = pa.chunked_array(
        [pa.array(fits, pa.decimal128(38, 3)), pa.array(fits, pa.decimal128(38, 3))[cut:]],
        pa.decimal128(38, 3),
    )
    assert pylist(pa, decimals) == decimals.to_pylist()
    codes = pa.array(texts, pa.string()).dictionary_encode()
    words = pa.chunked_array([codes, codes[cut:]])
    assert pylist(pa, words) == words.to_pylist()
