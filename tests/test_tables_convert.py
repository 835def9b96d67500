"""Records to Arrow, polars and pandas tables and back (issue 12)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import (
    Activity,
    Contact,
    Customer,
    Lead,
    Money,
    Opportunity,
    SalesflowError,
    StageChange,
    ValidationError,
)
from salesflow.checklists import Mark
from salesflow.scoring import ScoreResult, presets
from tests import strategies as S  # noqa: N812

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")

from salesflow import tables  # noqa: E402
from salesflow.tables import _schemas  # noqa: E402

RECORD_KINDS: dict[str, Any] = {
    "customers": S.customers,
    "contacts": S.contacts(),
    "leads": S.leads(),
    "activities": S.activities(),
}


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _deal(history: int = 2) -> Opportunity:
    """A fixed deal with ``history`` changes (open, then pauses and resumes)."""
    from salesflow import Move, OpportunityStatus

    changes = [
        StageChange(
            move=Move.OPEN,
            at=T0,
            to_stage="visit",
            to_status=OpportunityStatus.OPEN,
            probability_after=10,
        )
    ]
    for n in range(1, history):
        paused = n % 2 == 1
        changes.append(
            StageChange(
                move=Move.PAUSE if paused else Move.RESUME,
                at=T0,
                from_stage="visit",
                to_stage="visit",
                from_status=OpportunityStatus.OPEN if paused else OpportunityStatus.PAUSED,
                to_status=OpportunityStatus.PAUSED if paused else OpportunityStatus.OPEN,
                probability_before=10,
                probability_after=10,
            )
        )
    return Opportunity(
        id="o-1",
        customer_id="c-1",
        owner="ann",
        pipeline="basic",
        stage="visit",
        amount=Money("12.50", "CNY"),
        created_at=T0,
        status=changes[-1].to_status,
        history=changes[:history],
    )


def _book(recs: list[Opportunity]) -> tuple[Any, Any, Any]:
    return (
        tables.to_arrow(recs, "opportunities"),
        tables.to_arrow(recs, "events"),
        tables.to_arrow(recs, "marks"),
    )


# -- schemas are derived from the records -------------------------------------------


@pytest.mark.parametrize(
    ("kind", "record"),
    [
        ("opportunities", Opportunity),
        ("customers", Customer),
        ("contacts", Contact),
        ("leads", Lead),
        ("activities", Activity),
        ("events", StageChange),
        ("marks", Mark),
    ],
)
def test_every_attrs_field_of_a_record_is_a_column_or_a_child_table(
    kind: str, record: type
) -> None:
    """Each data field maps to a column of its name (nested parts: dotted) or a child kind."""
    schema = tables.schema(kind)
    names = set(schema.names)
    spec = _schemas.kind(kind)

    def covered(cls: type, prefix: str) -> None:
        for f in attrs.fields(cls):
            if not f.init or f.metadata.get("salesflow_not_data"):
                continue
            if f.name in spec.children and not prefix:
                continue
            name = prefix + f.name
            parts = [n for n in names if n.startswith(name + ".")]
            assert name in names or parts, f"{kind}: field {name} has no column"

    covered(record, "")
    assert set(spec.children) <= {"history", "checklists"}


def test_adding_a_field_to_a_record_adds_a_column() -> None:
    """The columns follow the class: a new field is a new column, with its encoding."""

    @attrs.frozen
    class Grown:
        id: str
        amount: Money
        at: datetime
        score: int | None = None

    names = [c.name for c in _schemas.columns(Grown)]
    assert names == ["id", "amount", "amount_currency", "at", "score"]


def test_encodings_money_decimal_times_utc_enums_dictionary() -> None:
    schema = tables.schema("opportunities")
    assert schema.field("amount").type == pa.decimal128(38, 4)
    assert pa.types.is_dictionary(schema.field("amount_currency").type)
    assert schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    assert pa.types.is_dictionary(schema.field("status").type)
    assert not schema.field("id").nullable
    assert schema.field("expected_close").nullable


def test_every_dictionary_hint_names_a_text_field() -> None:
    """The dictionary-encoding hints cannot drift from the records."""
    texts = {
        c.path[-1] if c.path else c.name
        for k in tables.KINDS
        if k != "score_results"
        for c in _schemas.kind(k).all_columns
        if c.encoding == "text"
    }
    assert texts >= _schemas.DICTIONARY_TEXT


def test_score_results_have_one_column_per_criterion() -> None:
    card = presets.get("rww20")
    names = tables.schema("score_results", scorecard=card).names
    for c in card.criteria:
        assert f"levels.{c.key}" in names
        assert f"unknown.{c.key}" in names


def test_importing_salesflow_imports_no_table_library() -> None:
    import subprocess

    code = (
        "import sys, salesflow, salesflow.tables; "
        "print(sorted(m for m in ('pyarrow', 'polars', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- round trips ---------------------------------------------------------------------


@settings(deadline=None)
@given(st.lists(S.table_opportunities(), max_size=4, unique_by=lambda o: o.id))
def test_opportunities_round_trip_with_history_and_checklists(recs: list[Opportunity]) -> None:
    deals, events, marks = _book(recs)
    assert tables.from_arrow(deals, "opportunities", events=events, marks=marks) == tuple(recs)
    frames = [tables.to_polars(recs, k) for k in ("opportunities", "events", "marks")]
    back = tables.from_polars(frames[0], "opportunities", events=frames[1], marks=frames[2])
    assert back == tuple(recs)
    pandas = [tables.to_pandas(recs, k) for k in ("opportunities", "events", "marks")]
    back = tables.from_pandas(pandas[0], "opportunities", events=pandas[1], marks=pandas[2])
    assert back == tuple(recs)


@settings(deadline=None)
@given(st.lists(S.table_opportunities(), max_size=4, unique_by=lambda o: o.id))
def test_events_and_marks_read_alone(recs: list[Opportunity]) -> None:
    history = tables.from_arrow(tables.to_arrow(recs, "events"), "events")
    assert dict(history) == {o.id: o.history for o in recs if o.history}
    marks = tables.from_arrow(tables.to_arrow(recs, "marks"), "marks")
    assert {k: dict(v) for k, v in marks.items()} == {
        o.id: dict(o.checklists) for o in recs if o.checklists
    }


@pytest.mark.parametrize("kind", sorted(RECORD_KINDS))
def test_records_round_trip_through_arrow_polars_pandas(kind: str) -> None:
    @settings(deadline=None, max_examples=40)
    @given(st.lists(RECORD_KINDS[kind], max_size=4))
    def check(recs: list[Any]) -> None:
        assert tables.from_arrow(tables.to_arrow(recs, kind), kind) == tuple(recs)
        assert tables.from_polars(tables.to_polars(recs, kind), kind) == tuple(recs)
        assert tables.from_pandas(tables.to_pandas(recs, kind), kind) == tuple(recs)

    check()


@settings(deadline=None)
@given(S.scorecards().flatmap(lambda c: st.tuples(st.just(c), st.lists(S.scoring_levels(c)))))
def test_score_results_round_trip(case: tuple[Any, list[dict[str, int | None]]]) -> None:
    card, levels = case
    results = [card.evaluate(S.scoring_facts(card, lv), at=S.SCORING_AT) for lv in levels]
    table = tables.to_arrow(results, "score_results", scorecard=card)
    back = tables.from_arrow(table, "score_results", scorecard=card)
    assert back == tuple(results)
    assert all(r.definition is card for r in back)


def test_kind_is_inferred_and_polars_is_zero_copy_typed() -> None:
    deal = _deal()
    frame = tables.to_polars([deal])
    assert frame.schema["amount"] == pl.Decimal(38, 4)
    assert frame.schema["created_at"] == pl.Datetime("us", "UTC")
    assert tables.to_pandas([deal])["amount"].dtype == pd.ArrowDtype(pa.decimal128(38, 4))


def test_offsets_are_not_kept_but_instants_are() -> None:
    """Stored in UTC: a +08:00 time reads back as the same instant in UTC."""
    deal = _deal(0)
    here = datetime(2026, 3, 2, 17, 0, tzinfo=timezone(timedelta(hours=8)))
    deal = attrs.evolve(deal, created_at=here)
    back = tables.from_arrow(tables.to_arrow([deal]), "opportunities")[0]
    assert back.created_at == here
    assert back.created_at.utcoffset().total_seconds() == 0


# -- bad input -----------------------------------------------------------------------


def _deal_table(**columns: Any) -> Any:
    base: dict[str, Any] = {
        "id": ["o-1", "o-2"],
        "customer_id": ["c-1", "c-1"],
        "owner": ["ann", "ann"],
        "pipeline": ["basic", "basic"],
        "stage": ["prospect", "prospect"],
        "amount": pa.array([Decimal("10.5"), Decimal(3)], pa.decimal128(38, 2)),
        "amount_currency": ["CNY", "CNY"],
        "created_at": pa.array([datetime(2026, 3, 2, tzinfo=UTC)] * 2, pa.timestamp("us", "UTC")),
    }
    base.update(columns)
    return pa.table({k: v for k, v in base.items() if v is not None})


def test_a_good_hand_made_table_reads() -> None:
    deals = tables.from_arrow(_deal_table(), "opportunities")
    assert [d.amount for d in deals] == [Money("10.5", "CNY"), Money(3, "CNY")]


def test_bad_rows_are_named_by_row_and_column_all_at_once() -> None:
    table = _deal_table(
        id=["o-1", " "],
        amount=pa.array([Decimal(-1), Decimal(1)], pa.decimal128(38, 2)),
        amount_currency=["CNY", "cny"],
    )
    with pytest.raises(ValidationError) as err:
        tables.from_arrow(table, "opportunities")
    assert set(err.value.paths) == {"rows[0].amount", "rows[1].id", "rows[1].amount_currency"}


def test_floats_naive_times_and_bad_enums_are_refused_per_row() -> None:
    table = _deal_table(
        amount=[1.5, 2.0],
        created_at=pa.array([datetime(2026, 3, 2)] * 2, pa.timestamp("us")),
        status=["open", "maybe"],
    )
    with pytest.raises(ValidationError) as err:
        tables.from_arrow(table, "opportunities")
    paths = err.value.paths
    assert {"rows[0].amount", "rows[1].amount", "rows[0].created_at", "rows[1].status"} <= set(
        paths
    )


def test_missing_and_unknown_columns() -> None:
    with pytest.raises(ValidationError) as err:
        tables.from_arrow(_deal_table(id=None, colour=["r", "g"]), "opportunities")
    assert set(err.value.paths) == {"columns.id", "columns.colour"}


def test_children_refer_to_known_deals_in_their_pipeline() -> None:
    deal = _deal(1)
    events = tables.to_arrow([deal], "events")
    other = attrs.evolve(deal, id="zz-other", history=())
    with pytest.raises(ValidationError) as err:
        tables.from_arrow(tables.to_arrow([other]), "opportunities", events=events)
    assert "events[0].opportunity_id" in err.value.paths


def test_event_problems_are_named_at_their_row() -> None:
    deal = _deal(2)
    events = tables.to_arrow([deal], "events")
    bad = events.set_column(
        events.schema.get_field_index("probability_after"),
        "probability_after",
        pa.array([101] * events.num_rows, pa.int64()),
    )
    with pytest.raises(ValidationError) as err:
        tables.from_arrow(tables.to_arrow([deal]), "opportunities", events=bad)
    assert "events[0].probability_after" in err.value.paths


def test_amounts_beyond_the_decimal_bound_are_refused_when_writing() -> None:
    deal = _deal(0)
    deals = [
        attrs.evolve(deal, amount=Money("0.00001", "CNY")),
        attrs.evolve(deal, amount=Money("1e40", "CNY")),
    ]
    with pytest.raises(ValidationError) as err:
        tables.to_arrow(deals)
    assert err.value.paths == ("records[0].amount", "records[1].amount")


@pytest.mark.parametrize(
    "call",
    [
        lambda: tables.to_arrow("deals"),
        lambda: tables.to_arrow([1, 2]),
        lambda: tables.to_arrow([], None),
        lambda: tables.to_arrow([], "nope"),
        lambda: tables.to_arrow([Contact(id="x", customer_id="c", name="n")], "opportunities"),
        lambda: tables.from_arrow({"id": []}, "opportunities"),
        lambda: tables.from_arrow(_deal_table(), "nope"),
        lambda: tables.from_arrow(_deal_table(), "customers", events=_deal_table()),
        lambda: tables.from_arrow(_deal_table(), "score_results", scorecard="rww20"),  # type: ignore[arg-type]
        lambda: tables.from_polars([1], "opportunities"),
        lambda: tables.from_pandas(pl.DataFrame(), "opportunities"),
        lambda: tables.schema("score_results"),
        lambda: tables.schema("nope"),
    ],
)
def test_wrong_arguments_are_validation_errors(call: Any) -> None:
    with pytest.raises(ValidationError) as err:
        call()
    assert isinstance(err.value, SalesflowError)
    assert err.value.problems


def test_score_results_of_two_scorecards_do_not_share_a_table() -> None:
    a = presets.get("bant").evaluate({})
    b = presets.get("rww20").evaluate({})
    with pytest.raises(ValidationError) as err:
        tables.to_arrow([a, b])
    assert err.value.paths == ("records[1].levels",)
    assert isinstance(a, ScoreResult)


def test_a_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from salesflow import MissingExtraError

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtraError, match=r"salesflow\[tables\]"):
        tables.to_arrow([])
