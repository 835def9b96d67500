"""Win probability: the model's counts on both engines, its predictions, explanations and
backtest, and the refusal of bad input at every entry point."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import Money, SalesflowError, ValidationError, analytics, from_dict, to_dict
from salesflow.analytics import INSUFFICIENT, ValueCount, WinModel
from salesflow.stages import MovePolicy, Pipeline, Stage
from tests import strategies as S  # noqa: N812

pytest.importorskip("polars")

from salesflow import tables

FIELD_SETS = st.sampled_from(
    [
        ("stage",),
        ("stage", "pipeline", "owner"),
        ("owner", "attributes.source"),
        ("stage", "created_at.quarter", "attributes.source"),
    ]
)
FLOORS = st.integers(0, 3)

PIPELINE = Pipeline(
    key="direct",
    stages=(
        Stage(key="visit", probability=10),
        Stage(key="brief", probability=40),
        Stage(key="offer", probability=70),
    ),
    policy=MovePolicy(allow_reopen=True),
)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def deal(n: int, owner: str, steps: int, end: str | None, at: float = 0) -> Any:
    """A deal opened at ``at``, advanced ``steps`` times a day apart, then won or lost."""
    p = PIPELINE
    opp = p.open(
        id=f"d-{n}", customer_id=f"c-{n}", owner=owner, amount=Money("100", "CNY"), at=day(at)
    )
    for k in range(steps):
        opp = p.advance(opp, at=day(at + k + 1))
    if end == "won":
        return p.win(opp, at=day(at + steps + 1))
    if end == "lost":
        return p.lose(opp, reason="price", at=day(at + steps + 1))
    return opp


BOOK = [
    deal(1, "li.na", 2, "won"),
    deal(2, "li.na", 1, "lost"),
    deal(3, "wang.wei", 0, "lost"),
    deal(4, "wang.wei", 2, "won"),
    deal(5, "li.na", 2, "lost"),
    deal(6, "li.na", 1, None),
]


def outcome(compute: Callable[..., Any], *args: Any, **kwargs: Any) -> object:
    try:
        return compute(*args, **kwargs)
    except SalesflowError as error:
        return type(error), str(error)


def agree(compute: Callable[..., Any], deals: Any, **kwargs: Any) -> None:
    reference = outcome(compute, deals, engine="reference", **kwargs)
    assert outcome(compute, deals, engine="polars", **kwargs) == reference
    frame = tables.to_polars(deals, "opportunities")
    events = tables.to_polars(deals, "events")
    assert outcome(compute, frame, events=events, **kwargs) == reference


# -- properties ----------------------------------------------------------------


@given(S.win_models())
def test_a_model_round_trips_through_plain_data(model: WinModel) -> None:
    assert from_dict(WinModel, to_dict(model)) == model


@settings(max_examples=60)  # each example reads a generated book five ways
@given(S.books(), FIELD_SETS, FLOORS, FLOORS)
def test_both_engines_fit_the_same_counts_and_predict_the_same(
    book: Any, fields: Any, floor: int, rare: int
) -> None:
    agree(analytics.fit_win_model, book[1], fields=fields, min_sample=floor, value_floor=rare)
    agree(analytics.win_probability, book[1], fields=fields, min_sample=floor, value_floor=rare)


@settings(max_examples=40)
@given(S.books(), FIELD_SETS, st.data())
def test_both_engines_backtest_the_same(book: Any, fields: Any, data: st.DataObject) -> None:
    pipelines, deals = book
    times = sorted(d.created_at for d in deals) or [T0]
    split = data.draw(st.sampled_from(times)) + data.draw(
        st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40))
    )
    agree(
        analytics.win_probability_backtest,
        deals,
        split=split,
        pipelines=pipelines,
        fields=fields,
        min_sample=1,
        value_floor=1,
    )


@given(S.win_models(), st.data())
def test_a_prediction_is_its_odds_and_its_factors_say_which_way_they_push(
    model: WinModel, data: st.DataObject
) -> None:
    from salesflow.analytics._winmodel import scorer

    values = [data.draw(st.none() | st.sampled_from(["a", "b", "zz"])) for _ in model.fields]
    guess = scorer(model)(values)
    if not model.is_sufficient:
        assert guess.probability is None
        assert guess.note == INSUFFICIENT
        return
    odds = Fraction(model.won, model.lost)
    for f in guess.factors:
        counted = model.count(f.field, f.value)
        if counted is None or counted.won + counted.lost < max(model.value_floor, 1):
            assert f.ratio is None
            assert f.effect == "left_out"
        else:
            assert f.ratio is not None
            odds *= f.ratio
    assert guess.probability == odds / (1 + odds)
    assert 0 < guess.probability < 1
    assert all(f.ratio is not None and f.ratio > 1 for f in guess.raises)
    assert all(f.ratio is not None and f.ratio < 1 for f in guess.lowers)
    for locale in ("en", "zh-Hans"):
        assert len(guess.explain(locale)) == 2 + len(guess.factors)


@settings(max_examples=40)
@given(S.books(shaped=False))
def test_every_closed_deal_counts_for_each_stage_its_history_shows(book: Any) -> None:
    """Never only the stage it ended in: a stage count covers every deal that passed it."""
    _, deals = book
    model = analytics.fit_win_model(list(deals), fields="stage")
    for value in model.values:
        passed = [
            d
            for d in deals
            if d.is_closed
            and value.value
            in {d.stage, *(c.to_stage for c in d.history)}
            | {c.from_stage for c in d.history if c.from_stage}
        ]
        assert value.won == sum(d.status.value == "won" for d in passed)
        assert value.lost == sum(d.status.value == "lost" for d in passed)


# -- examples ------------------------------------------------------------------


def test_the_counts_and_the_probability_of_a_small_book() -> None:
    model = analytics.fit_win_model(BOOK, fields=["stage", "owner"], value_floor=1)
    assert (model.won, model.lost) == (2, 3)
    assert model.count("stage", "visit") == ValueCount(field="stage", value="visit", won=2, lost=3)
    assert model.count("stage", "offer") == ValueCount(field="stage", value="offer", won=2, lost=1)
    assert model.count("owner", "li.na") == ValueCount(field="owner", value="li.na", won=1, lost=2)
    guess = model.predict(BOOK[5])
    # stage brief: (2+1)/(2+2) over (2+1)/(3+2) = 5/4; owner li.na: (1+1)/(2+2) over (2+1)/(3+2)
    assert [f.ratio for f in guess.factors] == [Fraction(5, 4), Fraction(5, 6)]
    assert guess.probability == Fraction(25, 61)  # odds 2/3 x 5/4 x 5/6
    assert guess.explain()[0] == "Win probability 41.0%"
    assert guess.explain("zh-Hans")[2].startswith("阶段「brief」提高概率")
    result = analytics.win_probability(BOOK, model=model)
    assert result.rows == (
        ("d-6", "direct", "brief", Fraction(25, 61), ("stage=brief",), ("owner=li.na",)),
    )


def test_rare_values_are_left_out_and_said_so() -> None:
    model = analytics.fit_win_model(BOOK, fields=["stage", "owner"], value_floor=3)
    assert [f.effect for f in model.predict(BOOK[5]).factors] == ["raises", "lowers"]
    model = analytics.fit_win_model(BOOK, fields=["stage", "owner"], value_floor=4)
    guess = model.predict(BOOK[5])
    assert [f.effect for f in guess.factors] == ["raises", "left_out"]
    assert "only 3 closed deals had it (at least 4 needed)" in guess.explain()[3]
    model = analytics.fit_win_model(BOOK, fields=["stage", "owner"], value_floor=5)
    guess = model.predict(BOOK[5])
    assert [f.effect for f in guess.factors] == ["left_out", "left_out"]
    assert guess.probability == Fraction(2, 5)  # the base rate
    assert "left out: only 4 closed deals had it (at least 5 needed)" in guess.explain()[2]


def test_below_the_sample_floor_there_is_insufficient_history() -> None:
    result = analytics.win_probability(BOOK, min_sample=6)
    assert result.column("probability") == (None,)
    assert result.notes == (INSUFFICIENT,)
    model = analytics.fit_win_model(BOOK[:1], min_sample=0)  # won only: no lost deal
    assert not model.is_sufficient
    assert model.predict(BOOK[5]).explain()[0].startswith("Insufficient history")
    assert model.predict(BOOK[5]).explain("zh-Hans")[0].startswith("历史数据不足")


def test_the_backtest_scores_the_deals_open_at_the_split_in_their_stage_then() -> None:
    later = [deal(10 + k, "li.na", 2, "won" if k % 2 else "lost", at=20) for k in range(4)]
    book = BOOK[:5] + later
    split = day(21.5)  # the later deals are in brief then, and closed after
    result = analytics.win_probability_backtest(
        book, split=split, pipelines=PIPELINE, fields="stage", min_sample=4
    )
    rows = {r[0]: r[1:] for r in result.rows}
    assert rows["stage_default"][:2] == (
        4,
        float(2 * Fraction(6, 10) ** 2 + 2 * Fraction(4, 10) ** 2) / 4,
    )
    assert rows["base_rate"][:2] == (
        4,
        float(Fraction(2, 5) ** 2 * 2 + Fraction(3, 5) ** 2 * 2) / 4,
    )
    guess = analytics.fit_win_model(book, fields="stage", before=split).predict(later[0])
    assert guess.probability is not None
    model_brier = (guess.probability**2 * 2 + (1 - guess.probability) ** 2 * 2) / 4
    assert rows["model"][:2] == (4, float(model_brier))
    assert result.notes == (None, None, None)
    short = analytics.win_probability_backtest(book, split=split, pipelines=PIPELINE, min_sample=5)
    assert short.column("brier") == (None, None, None)
    assert set(short.notes) == {INSUFFICIENT}


def test_results_export() -> None:
    result = analytics.win_probability(BOOK, fields="stage")
    assert result.to_polars().columns == [*result.columns, "note"]


# -- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"fields": "status"}, "fields"),
        ({"fields": []}, "fields"),
        ({"fields": ["owner", "owner"]}, "fields[1]"),
        ({"fields": ["owner", 3]}, "fields[1]"),
        ({"smoothing": 0}, "smoothing"),
        ({"value_floor": -1}, "value_floor"),
        ({"min_sample": "5"}, "min_sample"),
        ({"before": datetime(2026, 1, 1)}, "before"),
        ({"engine": "duckdb"}, "engine"),
    ],
)
def test_fit_refuses_bad_options(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        analytics.fit_win_model(BOOK, **kwargs)
    assert path in caught.value.paths


def test_every_entry_point_refuses_a_bad_book() -> None:
    for call in (
        lambda b: analytics.fit_win_model(b),
        lambda b: analytics.win_probability(b),
        lambda b: analytics.win_probability_backtest(b, split=T0, pipelines=PIPELINE),
    ):
        for bad in ("deals", [BOOK[0], "x"], [BOOK[0], BOOK[0]]):
            with pytest.raises(ValidationError):
                call(bad)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"model": "m"}, "model"),
        ({"model": WinModel(fields=("stage",), won=1, lost=1), "fields": "owner"}, "fields"),
        ({"model": WinModel(fields=("stage",), won=1, lost=1), "min_sample": 2}, "min_sample"),
        ({"fields": "nope"}, "fields"),
    ],
)
def test_win_probability_refuses_bad_options(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        analytics.win_probability(BOOK, **kwargs)
    assert path in caught.value.paths


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"split": datetime(2026, 3, 5), "pipelines": PIPELINE}, "split"),
        ({"split": "2026-03-05", "pipelines": PIPELINE}, "split"),
        ({"split": day(3), "pipelines": []}, "pipelines"),
        ({"split": day(3), "pipelines": [PIPELINE, PIPELINE]}, "pipelines[1]"),
        ({"split": day(3), "pipelines": PIPELINE, "value_floor": "1"}, "value_floor"),
    ],
)
def test_the_backtest_refuses_bad_options(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        analytics.win_probability_backtest(BOOK, **kwargs)
    assert path in caught.value.paths


def test_the_backtest_refuses_a_deal_of_a_pipeline_not_given() -> None:
    other = Pipeline(key="other", stages=(Stage(key="visit", probability=10),))
    with pytest.raises(ValidationError, match="pipeline 'direct', which is not given"):
        analytics.win_probability_backtest(BOOK, split=day(1.5), pipelines=other, min_sample=1)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"fields": ("status",), "won": 1, "lost": 1}, "fields[0]"),
        ({"fields": ("stage",), "won": -1, "lost": 1}, "won"),
        ({"fields": ("stage",), "won": 1, "lost": 1, "smoothing": 0}, "smoothing"),
        ({"fields": ("stage",), "won": 1, "lost": 1, "values": ("x",)}, "values[0]"),
        (
            {
                "fields": ("stage",),
                "won": 1,
                "lost": 1,
                "values": (ValueCount(field="owner", value="a", won=1, lost=0),),
            },
            "values[0].field",
        ),
        (
            {
                "fields": ("stage",),
                "won": 1,
                "lost": 1,
                "values": (ValueCount(field="stage", value="a", won=2, lost=0),),
            },
            "values[0]",
        ),
        (
            {
                "fields": ("owner",),
                "won": 1,
                "lost": 1,
                "values": (
                    ValueCount(field="owner", value="a", won=1, lost=0),
                    ValueCount(field="owner", value="b", won=1, lost=0),
                ),
            },
            "values",
        ),
    ],
)
def test_a_model_refuses_bad_counts(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as caught:
        WinModel(**kwargs)
    assert path in caught.value.paths


def test_from_dict_predict_and_explain_refuse_bad_input() -> None:
    with pytest.raises(ValidationError):
        from_dict(WinModel, {"fields": ["stage"], "won": "1", "lost": 1})
    with pytest.raises(ValidationError):
        ValueCount(field="", value="a", won=0, lost=0)
    model = analytics.fit_win_model(BOOK)
    with pytest.raises(ValidationError, match="opportunity"):
        model.predict("d-6")
    with pytest.raises(ValidationError, match="locale"):
        model.predict(BOOK[5]).explain("fr-XX")
