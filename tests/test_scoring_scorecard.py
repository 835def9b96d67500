"""The scorecard engine: properties first, then examples, then bad definitions and inputs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    DefinitionError,
    Money,
    ValidationError,
    from_dict,
    from_json,
    from_toml,
    to_dict,
)
from salesflow.locales import default_catalogs
from salesflow.predicates import Registry, using
from salesflow.scoring import (
    Aggregation,
    Band,
    Criterion,
    RuleKind,
    Scorecard,
    ScoreResult,
    UnknownPolicy,
    presets,
)
from tests import strategies as sst

AT = sst.SCORING_AT


@st.composite
def cards_with_levels(draw: st.DrawFn) -> tuple[Scorecard, dict[str, int | None]]:
    card = draw(sst.scorecards())
    return card, draw(sst.scoring_levels(card))


def _band_index(card: Scorecard, key: str) -> int:
    return [b.key for b in card.bands].index(key)


# -- properties -------------------------------------------------------------------


@given(cards_with_levels(), st.data())
def test_monotonic_improving_one_criterion_never_lowers_total_or_band(
    pair: tuple[Scorecard, dict[str, int | None]], data: st.DataObject
) -> None:
    """Raising any criterion's input to a better level never lowers the total or the band."""
    card, levels = pair
    known = {c.key: (levels[c.key] or 0) for c in card.criteria}
    c = data.draw(st.sampled_from(card.criteria))
    better = data.draw(st.integers(min_value=known[c.key], max_value=c.top))
    before = card.evaluate(sst.scoring_facts(card, dict(known)), at=AT)
    after = card.evaluate(sst.scoring_facts(card, {**known, c.key: better}), at=AT)
    assert after.total >= before.total
    assert _band_index(card, after.band) >= _band_index(card, before.band)
    assert after.levels[c.key] == better


@given(
    st.lists(st.integers(-2000, 2000), min_size=1, max_size=4, unique=True),
    st.booleans(),
    st.integers(-3000, 3000),
    st.integers(0, 500),
)
def test_numeric_rule_is_monotonic_in_its_value(
    points: list[int], higher: bool, value: int, step: int
) -> None:
    """A better number (higher, or lower when lower is better) never gives a lower level."""
    c = Criterion(
        key="x",
        kind=RuleKind.NUMERIC,
        field="x",
        thresholds=sorted(points),
        higher_is_better=higher,
    )
    card = Scorecard(key="n", criteria=[c], bands=[Band(key="all", minimum=0)])
    better = value + step if higher else value - step
    assert card.evaluate({"x": better}).levels["x"] >= card.evaluate({"x": value}).levels["x"]


@given(sst.scorecards(), st.data())
def test_bands_partition_the_range(card: Scorecard, data: st.DataObject) -> None:
    """Every total from 0 to the maximum falls in exactly one band."""
    total = data.draw(st.decimals(min_value=0, max_value=card.maximum, places=2, allow_nan=False))
    containing = [
        b
        for i, b in enumerate(card.bands)
        if b.minimum <= total and (i == len(card.bands) - 1 or total < card.bands[i + 1].minimum)
    ]
    assert len(containing) == 1
    assert card.band_for(total) == containing[0]


@given(cards_with_levels())
def test_contributions_add_up_to_the_total(pair: tuple[Scorecard, dict[str, Any]]) -> None:
    """The per-criterion contributions sum to the total, which lies in 0..maximum."""
    card, levels = pair
    result = card.evaluate(sst.scoring_facts(card, levels), at=AT)
    assert sum(result.contributions.values(), Decimal(0)) == result.total
    assert 0 <= result.total <= card.maximum
    assert card.band_for(result.total).key == result.band


@given(cards_with_levels())
def test_unknowns_are_listed_and_counted_by_the_policy(
    pair: tuple[Scorecard, dict[str, Any]],
) -> None:
    """Missing inputs never raise; they are listed and set to the worst (or best) level."""
    card, levels = pair
    result = card.evaluate(sst.scoring_facts(card, levels), at=AT)
    missing = tuple(c.key for c in card.criteria if levels[c.key] is None)
    assert result.unknown == missing
    for c in card.criteria:
        if c.key in missing:
            expected = c.top if card.unknown is UnknownPolicy.BEST else 0
            assert result.levels[c.key] == expected
        else:
            assert result.levels[c.key] == levels[c.key]


@given(sst.scorecards(), st.dictionaries(sst.keys, st.none(), max_size=4))
def test_nothing_known_never_raises(card: Scorecard, junk: dict[str, None]) -> None:
    """Empty facts, or facts of None, give a result with every criterion unknown."""
    result = card.evaluate(junk, at=AT)
    assert set(result.unknown) == {c.key for c in card.criteria}
    assert len(result.reasons()) == len(card.criteria)


@given(sst.scorecards(), st.data())
def test_batch_equals_one_by_one(card: Scorecard, data: st.DataObject) -> None:
    """evaluate_many streams the same results as evaluate called on each input."""
    inputs = [
        sst.scoring_facts(card, data.draw(sst.scoring_levels(card)))
        for _ in range(data.draw(st.integers(0, 5)))
    ]
    stream = card.evaluate_many(inputs, at=AT)
    assert iter(stream) is stream  # a generator, not a list
    assert list(stream) == [card.evaluate(f, at=AT) for f in inputs]


@given(st.lists(st.sampled_from([True, False, None, "+", "-"]), min_size=20, max_size=20))
def test_fast_path_for_flag_dicts_equals_the_general_path(marks: list[object]) -> None:
    """A plain dict of flags (the fast path) scores as a read-only mapping of them does."""
    from types import MappingProxyType

    from salesflow.scoring.presets import RWW20_QUESTIONS

    keys = [k for ks in RWW20_QUESTIONS.values() for k in ks]
    facts = dict(zip(keys, marks, strict=True))
    card = presets.get("rww20")
    fast, general = card.evaluate(facts), card.evaluate(MappingProxyType(facts))
    assert fast == general
    assert fast.unknown == general.unknown == tuple(k for k, m in facts.items() if m is None)


@given(sst.scorecards())
def test_round_trip_of_definitions(card: Scorecard) -> None:
    """A scorecard survives to_dict/from_dict and JSON text unchanged."""
    plain = to_dict(card)
    assert from_dict(Scorecard, plain) == card
    assert from_json(Scorecard, json.dumps(plain)) == card


@given(cards_with_levels())
def test_round_trip_of_results(pair: tuple[Scorecard, dict[str, Any]]) -> None:
    """A result survives to_dict/from_dict; bound again, it explains itself the same way."""
    card, levels = pair
    result = card.evaluate(sst.scoring_facts(card, levels), at=AT)
    back = from_dict(ScoreResult, json.loads(json.dumps(to_dict(result))))
    assert back == result
    assert back.bind(card).reasons() == result.reasons()


@given(cards_with_levels())
def test_lift_reaches_the_next_band(pair: tuple[Scorecard, dict[str, Any]]) -> None:
    """Raising the criteria the lift names to their top level reaches the band it names."""
    card, levels = pair
    known = {c.key: (levels[c.key] or 0) for c in card.criteria}
    result = card.evaluate(sst.scoring_facts(card, known), at=AT)
    lift = result.lift()
    if result.band == card.bands[-1].key:
        assert lift is None
        return
    assert lift is not None
    raised = {**known, **{k: card.criterion(k).top for k in lift.keys}}
    after = card.evaluate(sst.scoring_facts(card, raised), at=AT)
    assert after.total >= card.band(lift.band).minimum
    assert sum((s.gain for s in lift.steps), Decimal(0)) >= lift.gap


# -- examples -------------------------------------------------------------------------


def _two_flags(**extra: Any) -> Scorecard:
    return Scorecard(
        key="quick",
        criteria=[
            Criterion(key="budget", kind=RuleKind.YES_NO, field="budget"),
            Criterion(key="need", kind=RuleKind.PLUS_MINUS, field="deal.need", weight=3),
        ],
        bands=[
            Band(key="cold", minimum=0),
            Band(key="warm", minimum=1),
            Band(key="hot", minimum=4),
        ],
        **extra,
    )


def test_weighted_sum_reads_nested_mappings_and_flags() -> None:
    """A dotted field reads a nested mapping; '+' counts as a plus."""
    result = _two_flags().evaluate({"budget": False, "deal": {"need": "+"}})
    assert (result.total, result.band) == (Decimal(3), "warm")
    assert result.levels == {"budget": 0, "need": 1}


def test_fields_are_read_from_records_nested_records_money_and_attributes() -> None:
    """A record's attribute, a nested record's Money and a custom attribute are all read."""
    from salesflow import Characteristics, Customer, Opportunity

    card = Scorecard(
        key="mixed",
        criteria=[
            Criterion(
                key="revenue",
                kind=RuleKind.NUMERIC,
                field="characteristics.annual_revenue",
                thresholds=[1_000_000],
                currency="CNY",
            ),
            Criterion(
                key="staff",
                kind=RuleKind.NUMERIC,
                field="characteristics.headcount",
                thresholds=[10],
            ),
        ],
        bands=[Band(key="small", minimum=0), Band(key="big", minimum=2)],
    )
    customer = Customer(
        id="c",
        name="C",
        characteristics=Characteristics(annual_revenue=Money(2_000_000, "CNY"), headcount=5),
    )
    assert card.evaluate(customer).levels == {"revenue": 1, "staff": 0}
    opp = Opportunity(
        id="o",
        customer_id="c",
        owner="me",
        pipeline="p",
        stage="s",
        amount=Money(1, "CNY"),
        created_at=AT,
        attributes={"budget": True},
    )
    assert presets.get("bant").evaluate(opp).levels["budget"] == 1


def test_unknown_best_policy_counts_missing_as_top_level() -> None:
    """With unknown='best', a missing input counts as its criterion's top level."""
    result = _two_flags(unknown="best").evaluate({})
    assert result.total == Decimal(4)
    assert result.unknown == ("budget", "need")


def test_all_must_pass_only_reaches_top_band_with_every_criterion() -> None:
    """all_must_pass: three of four passing is still the lowest band."""
    card = presets.get("champ")
    facts = {"challenges": True, "authority": True, "money": True, "prioritisation": False}
    assert card.evaluate(facts).band == "not_qualified"
    assert card.evaluate({**facts, "prioritisation": True}).band == "qualified"


def test_predicate_criteria_use_the_registry_in_force() -> None:
    """A criterion naming a predicate asks it; None or a lookup error means unknown."""
    reg = Registry({"big": lambda s, ctx: s["amount"] > ctx.get("limit", 10)})
    with using(reg):
        card = Scorecard(
            key="p",
            criteria=[Criterion(key="big", kind=RuleKind.YES_NO, predicate="big")],
            bands=[Band(key="no", minimum=0), Band(key="yes", minimum=1)],
        )
    assert card.evaluate({"amount": 11}).band == "yes"
    assert card.evaluate({"amount": 11}, context={"limit": 20}).band == "no"
    assert card.evaluate({}).unknown == ("big",)


def test_builtin_predicates_are_registered() -> None:
    """The scoring area's predicates are in the default registry."""
    from salesflow.predicates import default_registry

    assert {"scoring.has_expected_close", "scoring.has_amount"} <= set(default_registry().names)


def test_reasons_and_lift_in_both_locales() -> None:
    """Reasons and the lift read in English and Simplified Chinese."""
    result = presets.get("bant").evaluate({"budget": True, "authority": False, "need": True})
    assert result.explain() == (
        "BANT qualification: Not qualified (2 of 4); 1 unknown",
        "  Budget: yes (1 of 1)",
        "  Authority (decision maker): no (0 of 1)",
        "  Need: yes (1 of 1)",
        "  Timeline: unknown, counted as no",
        "To reach Qualified: improve Authority (decision maker), Timeline",
    )
    assert result.explain("zh-Hans")[-1] == "要达到“合格”：改进 决策人、时间点"


def test_label_keys_exist_in_both_catalogs() -> None:
    """Every scorecard, criterion, band and grade label of the presets is in en and zh-Hans."""
    from salesflow.locales import _scoring

    assert set(_scoring.EN) == set(_scoring.ZH_HANS)
    cats = default_catalogs()
    for name in presets.names():
        card = presets.get(name)
        keys = [card.label_key]
        keys += [card.criterion_label_key(c.key) for c in card.criteria]
        keys += [card.band_label_key(b.key) for b in card.bands]
        keys += [f"grade.{g}" for c in card.criteria for g in c.grades]
        keys += [str(v) for b in card.bands for k, v in b.data.items() if k == "emphasis"]
        for key in keys:
            for locale in ("en", "zh-Hans"):
                assert cats.label(key, locale) != key, (key, locale)


def test_loads_from_toml() -> None:
    """A scorecard written in TOML loads and scores."""
    text = """
key = "demo"
aggregation = "count_pluses"

[[criteria]]
key = "budget"
kind = "yes_no"
field = "budget"

[[criteria]]
key = "size"
kind = "numeric"
field = "size"
thresholds = [10, "100.5"]

[[bands]]
key = "low"
minimum = 0

[[bands]]
key = "high"
minimum = 2
data = { follow_up_every_days = 7, note = "call", vip = true }
"""
    card = from_toml(Scorecard, text)
    result = card.evaluate({"budget": True, "size": Decimal("200")})
    assert result.band == "high"
    assert dict(result.band_data) == {"follow_up_every_days": 7, "note": "call", "vip": True}


def test_days_until_counts_from_at() -> None:
    """A days_until rule counts days from at's date; datetimes are compared in at's zone."""
    card = presets.get("purchase_intent")
    at = datetime(2026, 3, 16, 23, 0, tzinfo=UTC)
    assert card.evaluate({"expected_close": date(2026, 3, 23)}, at=at).band == "H"
    assert card.evaluate({"expected_close": date(2026, 3, 24)}, at=at).band == "A"
    assert card.evaluate({"expected_close": at + timedelta(days=31)}, at=at).band == "B"


# -- bad definitions ------------------------------------------------------------------


def _bad(build: Any) -> DefinitionError:
    with pytest.raises(DefinitionError) as info:
        build()
    return info.value


def test_bad_criterion_lists_every_problem() -> None:
    """A criterion with several faults reports them all, each under its path."""
    exc = _bad(
        lambda: Criterion(
            key="Bad Key",
            kind=RuleKind.NUMERIC,
            field="a..b",
            weight=0,
            thresholds=[5, 5],
            grades=["x"],
        )
    )
    assert set(exc.paths) >= {"key", "field", "weight", "thresholds[1]", "grades"}


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"kind": "nope", "field": "a"}, "kind"),
        ({"kind": "yes_no"}, "field"),
        ({"kind": "yes_no", "field": "a", "predicate": "p"}, "field"),
        ({"kind": "graded", "predicate": "p"}, "predicate"),
        ({"kind": "graded", "field": "a", "grades": ["x", "x"]}, "grades[1]"),
        ({"kind": "numeric", "field": "a"}, "thresholds"),
        ({"kind": "numeric", "field": "a", "thresholds": [1.5]}, "thresholds[0]"),
        ({"kind": "yes_no", "field": "a", "thresholds": [1]}, "thresholds"),
        ({"kind": "yes_no", "field": "a", "currency": "CNY"}, "currency"),
        ({"kind": "yes_no", "field": "a", "higher_is_better": True}, "higher_is_better"),
        ({"kind": "days_until", "field": "a", "thresholds": [1], "currency": "CNY"}, "currency"),
        ({"kind": "yes_no", "field": "a", "weight": -1}, "weight"),
        ({"kind": "yes_no", "field": "a", "group": "Not A Key"}, "group"),
    ],
)
def test_bad_criterion(kwargs: dict[str, Any], path: str) -> None:
    """Each bad criterion is a DefinitionError naming the bad field."""
    assert path in _bad(lambda: Criterion(key="k", **kwargs)).paths


def test_bad_scorecard_lists_every_problem() -> None:
    """Duplicate keys, unordered or unreachable bands and unknown predicates, all at once."""
    flag = Criterion(key="a", kind=RuleKind.YES_NO, field="a")
    exc = _bad(
        lambda: Scorecard(
            key="x",
            criteria=[flag, flag, Criterion(key="p", kind=RuleKind.YES_NO, predicate="no_such")],
            bands=[
                Band(key="lo", minimum=1),
                Band(key="mid", minimum=1),
                Band(key="lo", minimum=9),
            ],
        )
    )
    assert set(exc.paths) >= {
        "criteria[1]",
        "criteria[2].predicate",
        "bands[0].minimum",
        "bands[1].minimum",
        "bands[2]",
        "bands[2].minimum",
    }


def test_all_must_pass_top_band_must_need_every_criterion() -> None:
    """all_must_pass with a top band below the maximum is refused."""
    exc = _bad(
        lambda: Scorecard(
            key="x",
            criteria=[Criterion(key=k, kind=RuleKind.YES_NO, field=k) for k in "ab"],
            bands=[Band(key="no", minimum=0), Band(key="yes", minimum=1)],
            aggregation=Aggregation.ALL_MUST_PASS,
        )
    )
    assert "bands[1].minimum" in exc.paths


def test_empty_scorecard_and_bad_band_data() -> None:
    """No criteria, no bands, bad band keys and bad band data are each reported."""
    exc = _bad(lambda: Scorecard(key="x", criteria=[], bands=[]))
    assert set(exc.paths) >= {"criteria", "bands"}
    exc = _bad(lambda: Band(key="bad key", minimum=-1, data={"x": 1.5}))
    assert set(exc.paths) >= {"key", "minimum", "data['x']"}


def test_from_dict_reports_nested_paths() -> None:
    """Loading a bad scorecard from data names each nested path and unknown key."""
    data = {
        "key": "x",
        "criteria": [
            {"key": "a", "kind": "graded", "field": "a", "grades": ["only"]},
            {"key": "b", "kind": "nope", "field": "b"},
            {"key": "c", "kind": "numeric", "field": "c", "thresholds": ["x"]},
        ],
        "bands": [{"key": "low", "minimum": "0", "colour": "red"}],
    }
    with pytest.raises(DefinitionError) as info:
        from_dict(Scorecard, data)
    assert set(info.value.paths) >= {
        "criteria[0].grades",
        "criteria[1].kind",
        "criteria[2].thresholds[0]",
        "bands[0].colour",
    }
    with pytest.raises(DefinitionError) as info:
        from_json(Scorecard, "{not json")
    assert info.value.paths == ("",)


# -- bad inputs -------------------------------------------------------------------------


def test_wrong_types_in_facts_are_one_validation_error() -> None:
    """Every wrongly typed input is named at once; nothing is scored."""
    card = presets.get("customer_value_grade")
    facts = {
        "characteristics": {"annual_revenue": Money(1, "USD"), "headcount": "many"},
        "expected_purchase": 1.5,
        "strategic_fit": "enormous",
        "decision_chain_complexity": True,
    }
    with pytest.raises(ValidationError) as info:
        card.evaluate(facts)
    assert info.value.paths == (
        "characteristics.annual_revenue",
        "characteristics.headcount",
        "expected_purchase",
        "strategic_fit",
        "decision_chain_complexity",
    )
    assert not isinstance(info.value, DefinitionError)


@pytest.mark.parametrize("facts", [None, "budget", 3, True, Decimal(1), [True], date(2026, 1, 1)])
def test_facts_must_be_a_mapping_or_record(facts: object) -> None:
    """Facts that are neither a mapping nor a record are refused."""
    with pytest.raises(ValidationError):
        presets.get("bant").evaluate(facts)


def test_at_is_checked() -> None:
    """A naive at, or a missing at where days are counted, is a ValidationError on 'at'."""
    card = presets.get("purchase_intent")
    with pytest.raises(ValidationError) as info:
        card.evaluate({"expected_close": date(2026, 1, 1)})
    assert info.value.paths == ("at",)
    with pytest.raises(ValidationError) as info:
        card.evaluate({"expected_close": date(2026, 1, 1)}, at=datetime(2026, 1, 1))
    assert info.value.paths == ("at",)
    with pytest.raises(ValidationError) as info:
        card.evaluate({"expected_close": "soon"}, at=AT)
    assert info.value.paths == ("expected_close",)
    with pytest.raises(ValidationError) as info:
        card.evaluate_many([{}], at=datetime(2026, 1, 1))
    assert info.value.paths == ("at",)
    with pytest.raises(ValidationError) as info:
        card.evaluate_many([{}])  # checked before the first input is drawn
    assert info.value.paths == ("at",)


def test_evaluate_many_refuses_a_non_iterable_and_streams_until_a_bad_input() -> None:
    """A mapping is not a batch; a bad input raises when reached, after earlier results."""
    card = presets.get("bant")
    with pytest.raises(ValidationError):
        card.evaluate_many({"budget": True})
    stream = card.evaluate_many([{"budget": True}, {"budget": "maybe"}])
    assert next(stream).levels["budget"] == 1
    with pytest.raises(ValidationError) as info:
        next(stream)
    assert info.value.paths == ("budget",)


def test_results_check_their_own_fields_and_bindings() -> None:
    """A hand-built result is checked; an unbound one says to bind it; enums are checked."""
    with pytest.raises(ValidationError) as info:
        ScoreResult(
            scorecard="bant",
            total=Decimal(1),
            maximum=Decimal(4),
            band="bad band",
            levels={"budget": -1},
            unknown=["need"],
            at=datetime(2026, 1, 1),
        )
    assert set(info.value.paths) == {"band", "levels['budget']", "unknown[0]", "at"}
    result = presets.get("bant").evaluate({})
    loose = from_dict(ScoreResult, to_dict(result))
    with pytest.raises(ValidationError) as info:
        loose.reasons()
    assert info.value.paths == ("definition",)
    with pytest.raises(ValidationError):
        loose.bind(presets.get("champ"))
    from salesflow import ValueGrade

    with pytest.raises(ValidationError) as info:
        result.band_as(ValueGrade)
    assert info.value.paths == ("band",)


def test_unknown_names_are_refused() -> None:
    """Unknown criterion, band and preset names are ValidationErrors naming the key."""
    card = presets.get("bant")
    for call in (lambda: card.criterion("nope"), lambda: card.band("nope")):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.paths == ("key",)
    result = card.evaluate({})
    with pytest.raises(ValidationError):
        result.lift(to="nope")


def test_scorecards_are_frozen_values() -> None:
    """A scorecard cannot be changed; evolving it builds (and checks) a new one."""
    card = presets.get("bant")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        card.key = "other"  # type: ignore[misc]
    with pytest.raises(DefinitionError):
        attrs.evolve(card, bands=[])
    assert presets.get("bant") is card


# -- review: exact bands, odd arguments, huge numbers ------------------------------


@given(cards_with_levels())
def test_band_is_the_band_of_the_exact_total(pair: tuple[Scorecard, dict[str, Any]]) -> None:
    """The band is chosen from the exact total (weight * level / top as fractions), so
    three thirds reach a band whose minimum is 1 although 0.333...3 * 3 < 1."""
    from fractions import Fraction

    card, levels = pair
    result = card.evaluate(sst.scoring_facts(card, levels), at=AT)
    exact = Fraction(0)
    for c in card.criteria:
        level = result.levels[c.key]
        if card.aggregation is Aggregation.WEIGHTED_SUM:
            exact += Fraction(c.weight) * level / c.top
        elif level == c.top:
            exact += Fraction(c.weight)
    expected = [b.key for b in card.bands if Fraction(b.minimum) <= exact][-1]
    assert result.band == expected


def test_six_thirds_reach_a_band_at_two() -> None:
    """Six criteria each a third of the way reach the band starting at 2 (an example)."""
    criteria = [
        Criterion(key=f"c{i}", kind=RuleKind.NUMERIC, field=f"c{i}", thresholds=[1, 2, 3])
        for i in range(6)
    ]
    card = Scorecard(
        key="thirds",
        criteria=criteria,
        bands=[Band(key="low", minimum=0), Band(key="two", minimum=2)],
    )
    result = card.evaluate({f"c{i}": 1 for i in range(6)})
    assert result.band == "two"
    assert sum(result.contributions.values(), Decimal(0)) == result.total
    assert "2 of 6" in result.summary()


@pytest.mark.parametrize("total", ["x", None, 1.5, Decimal("NaN"), True])
def test_band_for_refuses_what_is_not_a_total(total: object) -> None:
    with pytest.raises(ValidationError) as info:
        presets.get("bant").band_for(total)  # type: ignore[arg-type]
    assert info.value.paths == ("total",)


def test_a_result_bound_to_a_card_must_name_one_of_its_bands() -> None:
    """bind() checks the band against the card, so lift()/band_data never crash later."""
    card = presets.get("bant")
    data = to_dict(card.evaluate({"budget": True}))
    data["band"] = "gold"
    loose = from_dict(ScoreResult, data)
    with pytest.raises(ValidationError) as info:
        loose.bind(card)
    assert info.value.paths == ("band",)


def test_binding_does_not_depend_on_the_order_of_levels() -> None:
    """levels is a mapping: a result whose levels come in another order binds all the same."""
    card = presets.get("bant")
    result = card.evaluate({"budget": True, "need": True})
    data = to_dict(result)
    data["levels"] = dict(reversed(list(data["levels"].items())))
    assert from_dict(ScoreResult, data).bind(card) == result


@pytest.mark.parametrize("kind", [int, "ValueGrade", None])
def test_band_as_needs_an_enum_class(kind: object) -> None:
    with pytest.raises(ValidationError) as info:
        presets.get("bant").evaluate({}).band_as(kind)  # type: ignore[arg-type]
    assert info.value.paths == ("kind",)


def test_explanations_refuse_what_is_not_a_catalog() -> None:
    result = presets.get("bant").evaluate({})
    for call in (
        lambda: result.summary(catalogs=5),  # type: ignore[arg-type]
        lambda: result.reasons(catalogs="en"),  # type: ignore[arg-type]
        lambda: result.explain(catalogs={}),  # type: ignore[arg-type]
        lambda: result.band_label(catalogs=[]),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.paths == ("catalogs",)


def test_context_must_be_a_mapping() -> None:
    """A context that is not a mapping is refused, not silently turned into unknowns."""
    with pytest.raises(ValidationError) as info:
        presets.get("bant").evaluate({}, context=5)  # type: ignore[arg-type]
    assert info.value.paths == ("context",)


def test_huge_weights_are_a_definition_error_not_an_overflow() -> None:
    """Weights from 1E+15 are refused by the definition (no decimal.Overflow later)."""
    with pytest.raises(DefinitionError) as info:
        Criterion(key="a", kind=RuleKind.YES_NO, field="a", weight=Decimal("9E+999999"))
    assert info.value.paths == ("weight",)
    criterion = {"key": "a", "kind": "yes_no", "field": "a", "weight": "9E+999999"}
    with pytest.raises(DefinitionError) as nested:
        from_dict(
            Scorecard,
            {
                "key": "x",
                "criteria": [criterion, {**criterion, "key": "b"}],
                "bands": [{"key": "a", "minimum": "0"}],
            },
        )
    assert nested.value.paths == ("criteria[0].weight", "criteria[1].weight")


@pytest.mark.parametrize("middle", ["abc", 5, Decimal(1), [1], date(2026, 1, 1)])
def test_a_scalar_where_a_nested_path_goes_on_is_a_bad_value(middle: object) -> None:
    """characteristics="abc" is a wrong type, not a silent unknown (and "abc".count is
    never read as an input)."""
    card = presets.get("customer_value_grade")
    with pytest.raises(ValidationError) as info:
        card.evaluate({"characteristics": middle})
    assert info.value.paths == (
        "characteristics.annual_revenue",
        "characteristics.headcount",
    )
    assert card.evaluate({"characteristics": None}).unknown[:2] == ("annual_revenue", "headcount")


@given(cards_with_levels())
def test_scorecards_and_results_pickle_and_deep_copy(
    pair: tuple[Scorecard, dict[str, Any]],
) -> None:
    """A scorecard (whose compiled plan holds closures) and its results pickle and deep-copy;
    the copy evaluates as the original."""
    import copy
    import pickle

    card, levels = pair
    facts = sst.scoring_facts(card, levels)
    result = card.evaluate(facts, at=AT)
    for again in (pickle.loads(pickle.dumps((card, result))), copy.deepcopy((card, result))):
        card2, result2 = again
        assert card2 == card
        assert result2 == result
        assert card2.evaluate(facts, at=AT) == result
        assert result2.explain() == result.explain()


@pytest.mark.parametrize("locale", ["xx", "", 5, None])
def test_a_bad_locale_is_reported_at_locale(locale: object) -> None:
    """Every wording of a result and of a scorecard refuses a bad locale at path ``locale``."""
    card = presets.get("three_dimension")
    result = card.evaluate({"urgency": "vague"})
    for call in (
        lambda: result.summary(locale),  # type: ignore[arg-type]
        lambda: result.reasons(locale),  # type: ignore[arg-type]
        lambda: result.explain(locale),  # type: ignore[arg-type]
        lambda: result.band_label(locale),  # type: ignore[arg-type]
        lambda: result.criteria[0].reason(locale),  # type: ignore[arg-type]
        lambda: card.level_text("urgency", 1, locale=locale),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.paths == ("locale",)


def test_label_keys_override_the_derived_ones() -> None:
    """``label_key`` on a scorecard, a criterion or a band replaces the derived key."""
    plain = Scorecard(
        key="plain",
        criteria=[Criterion(key="a", kind="yes_no", field="a")],  # type: ignore[arg-type]
        bands=[Band(key="low", minimum=0)],
    )
    assert plain.label_key == "scorecard.plain"
    assert plain.criterion_label_key("a") == "criterion.plain.a"
    assert plain.band_label_key("low") == "band.plain.low"
    named = Scorecard(
        key="named",
        criteria=[
            Criterion(key="a", kind="yes_no", field="a", label_key="my.a")  # type: ignore[arg-type]
        ],
        bands=[Band(key="low", minimum=0, label_key="my.low")],
        label_key="my.card",
    )
    assert (named.label_key, named.criterion_label_key("a"), named.band_label_key("low")) == (
        "my.card",
        "my.a",
        "my.low",
    )
    assert named.evaluate({}).criteria[0].label_key == "my.a"
    assert from_dict(Scorecard, to_dict(named)) == named


def test_keys_are_the_criteria_in_order() -> None:
    """``Scorecard.keys`` is a property: the criterion keys in the scorecard's order."""
    card = presets.get("bant")
    assert card.keys == ("budget", "authority", "need", "timeline")
    assert card.keys == tuple(c.key for c in card.criteria)


def test_options_are_keyword_only() -> None:
    """``at`` and ``context`` of evaluate, ``to`` of lift: keywords after the subject."""
    card = presets.get("purchase_intent")
    with pytest.raises(TypeError):
        card.evaluate({}, AT)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        presets.get("bant").evaluate({}).lift("qualified")  # type: ignore[call-arg]


@pytest.mark.parametrize("name", ["bant", "rww20"])
@given(data=st.data())
def test_whole_number_fast_path_builds_the_decimal_paths_result(name: str, data: Any) -> None:
    """Flags with whole weights are summed in integers, yet the result is the one every
    step builds: the same total (value and digits), band, levels and unknowns."""
    from salesflow import FrozenDict
    from salesflow.scoring import presets as scoring_presets

    card = scoring_presets.get(name)
    assert card._plan.whole is not None
    fields = [c.field or c.key for c in card.criteria]
    facts = data.draw(
        st.dictionaries(st.sampled_from(fields), st.sampled_from([True, False, None]))
    )
    fast = card.evaluate(facts)
    slow = card.evaluate(FrozenDict(facts))
    assert fast == slow
    assert str(fast.total) == str(slow.total)
    assert (fast.band, tuple(fast.levels.items()), fast.unknown) == (
        slow.band,
        tuple(slow.levels.items()),
        slow.unknown,
    )
