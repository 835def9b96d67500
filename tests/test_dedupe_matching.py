"""Matching: the issue's clusters, symmetry, order, EM, explanations, bad input."""

from __future__ import annotations

import random

import attrs
import pytest

pytest.importorskip("opencc")
pytest.importorskip("pypinyin")
pytest.importorskip("rapidfuzz")

from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    Contact,
    Customer,
    DefinitionError,
    SalesflowError,
    ValidationError,
    from_dict,
    to_dict,
)
from salesflow.dedupe import (
    CUSTOMER_SETTINGS,
    Cluster,
    Comparison,
    Duplicates,
    MatchOutcome,
    Method,
    Model,
    PairDecision,
    Profile,
    Settings,
    compare,
    estimate,
    find_duplicates,
    fit,
    prior_model,
    profile_of,
    settings_for,
)
from tests.strategies import (
    clusters,
    company_name_texts,
    dedupe_models,
    dedupe_profiles,
    dedupe_settings,
    pair_decisions,
)

ISSUE = [
    "北京恒泰机械有限公司",
    "恒泰机械(北京)有限公司",
    "恆泰機械股份有限公司",
    "恒泰机械",
    "Hengtai Machinery Co., Ltd.",
    "恒泰机械(上海)有限公司",
    "恒泰化工有限公司",
]


def _customers(names: list[str]) -> list[Customer]:
    return [Customer(id=f"c-{i}", name=n) for i, n in enumerate(names)]


def test_the_issue_names_form_one_cluster_a_possible_branch_and_another_company() -> None:
    found = find_duplicates(_customers(ISSUE))
    assert [c.ids for c in found.clusters] == [("c-0", "c-1", "c-2", "c-3", "c-4")]
    branch = [d for d in found.review if d.possible_branch]
    assert {d.ids for d in branch} == {("c-0", "c-5"), ("c-1", "c-5")}
    assert found.cluster_of("c-6") is None
    assert found.cluster_of("c-5") is None


def test_a_sound_alike_name_never_decides_alone() -> None:
    decision = compare(Customer(id="a", name="恒泰"), Customer(id="b", name="恒太"))
    assert decision.outcome is not MatchOutcome.MATCH
    english = compare(Customer(id="a", name="Hengtai"), Customer(id="b", name="恒泰"))
    assert english.outcome is not MatchOutcome.MATCH


def test_the_same_credit_code_decides_a_match() -> None:
    code = "91350100M000100Y43"
    found = find_duplicates(
        _customers(["恒泰机械有限公司", "福州某某贸易公司"]), uscc={"c-0": code, "c-1": code}
    )
    assert [c.ids for c in found.clusters] == [("c-0", "c-1")]
    assert found.clusters[0].pairs[0].rules == ("exact_key",)


def test_a_decision_explains_each_field_in_english_and_chinese() -> None:
    decision = compare(Customer(id="a", name=ISSUE[0]), Customer(id="b", name=ISSUE[4]))
    assert decision.outcome is MatchOutcome.MATCH
    en, zh = decision.explain("en"), decision.explain("zh-Hans")
    assert "Core name: same in pinyin" in en
    assert "Industry: the same" in en
    assert "核心名称：拼音相同" in zh
    assert "匹配" in zh
    with pytest.raises(ValidationError) as info:
        decision.explain("fr")
    assert info.value.subject == "locale"


def test_contacts_match_on_name_phone_and_email() -> None:
    people = [
        Contact(id="p-1", customer_id="c-1", name="张伟", phone="138 1234 5678"),
        Contact(id="p-2", customer_id="c-1", name="張偉 先生", phone="+86 13812345678"),
        Contact(id="p-3", customer_id="c-2", name="李娜", email="lina@example.cn"),
    ]
    found = find_duplicates(people)
    assert [c.ids for c in found.clusters] == [("p-1", "p-2")]


# -- properties -------------------------------------------------------------------


@given(st.lists(company_name_texts(), min_size=2, max_size=6))
def test_a_pair_is_judged_the_same_either_way_round(names: list[str]) -> None:
    records = _customers(names)
    for left in records[:2]:
        for right in records:
            if right is left:
                continue
            ab, ba = compare(left, right), compare(right, left)
            assert (ab.outcome, ab.probability, ab.rules) == (ba.outcome, ba.probability, ba.rules)
            assert [e.level for e in ab.evidence] == [e.level for e in ba.evidence]


@given(st.lists(company_name_texts(), min_size=1, max_size=8), st.randoms())
def test_the_clusters_do_not_depend_on_the_order_of_the_records(
    names: list[str], rnd: random.Random
) -> None:
    records = _customers(names)
    shuffled = list(records)
    rnd.shuffle(shuffled)
    first, second = find_duplicates(records), find_duplicates(shuffled)
    assert first.matched_pairs == second.matched_pairs


@given(st.lists(company_name_texts(), max_size=8))
def test_clusters_never_hold_a_pair_judged_distinct_by_a_conflict(names: list[str]) -> None:
    found = find_duplicates(_customers(names))
    conflict_fields = {c.field for c in CUSTOMER_SETTINGS.comparisons if c.conflict}
    for cluster in found.clusters:
        assert len(set(cluster.ids)) == len(cluster.ids) >= 2
        for pair in cluster.pairs:
            assert pair.outcome is MatchOutcome.MATCH
            assert set(pair.ids) <= set(cluster.ids)
            if "exact_key" not in pair.rules:
                assert all(
                    e.level != "different" for e in pair.evidence if e.field in conflict_fields
                )


def test_em_recovers_the_probabilities_of_simulated_pairs() -> None:
    settings = Settings(
        comparisons=[Comparison(field=f, method=Method.EXACT) for f in ("a", "b", "c", "d")],
        blocking=["a"],
    )
    rnd = random.Random(7)
    m, u = [0.95, 0.9, 0.85, 0.9], [0.1, 0.2, 0.05, 0.3]
    patterns: dict[tuple[int, ...], int] = {}
    for k in range(20_000):
        probs = m if k < 2_000 else u
        key = tuple(int(rnd.random() < p) for p in probs)
        patterns[key] = patterns.get(key, 0) + 1
    model = fit(patterns, settings, prior_model(settings))
    assert model.converged
    assert abs(model.prior - 0.1) < 0.02
    for field, mf, uf in zip("abcd", m, u, strict=True):
        assert abs(model.m[field][1] - mf) < 0.05
        assert abs(model.u[field][1] - uf) < 0.05


def test_estimate_falls_back_to_the_priors_on_few_pairs() -> None:
    assert estimate(_customers(ISSUE)) == prior_model(CUSTOMER_SETTINGS)


# -- round trips ------------------------------------------------------------------


@given(dedupe_settings())
def test_settings_round_trip(settings: Settings) -> None:
    assert from_dict(Settings, to_dict(settings)) == settings


@given(dedupe_models())
def test_models_round_trip(model: Model) -> None:
    assert from_dict(Model, to_dict(model)) == model


@given(dedupe_profiles)
def test_profiles_round_trip(profile: Profile) -> None:
    assert from_dict(Profile, to_dict(profile)) == profile


@given(pair_decisions)
def test_decisions_round_trip(decision: PairDecision) -> None:
    assert from_dict(PairDecision, to_dict(decision)) == decision


@given(clusters)
def test_clusters_round_trip(cluster: Cluster) -> None:
    assert from_dict(Cluster, to_dict(cluster)) == cluster


def test_a_whole_result_round_trips() -> None:
    found = find_duplicates(_customers(ISSUE))
    assert from_dict(Duplicates, to_dict(found)) == found


# -- bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"records": "恒泰"}, "records"),
        ({"records": [Customer(id="a", name="x"), 3]}, "records[1].record"),
        ({"records": _customers(["x", "y"]), "uscc": ["a"]}, "uscc"),
        ({"records": _customers(["x", "y"]), "uscc": {"c-1": "bad"}}, "uscc['c-1']"),
        ({"records": _customers(["x", "y"]), "settings": "fast"}, "settings"),
        ({"records": [Customer(id="a", name="x"), Customer(id="a", name="y")]}, "records[1]"),
        ({"records": _customers(["x", "y"]), "model": 3}, "model"),
    ],
)
def test_bad_input_to_find_duplicates_is_a_validation_error_naming_the_path(
    kwargs: dict[str, object], path: str
) -> None:
    with pytest.raises(SalesflowError) as info:
        find_duplicates(**kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValidationError)
    assert path in info.value.paths


def test_a_model_that_does_not_fit_the_settings_is_refused() -> None:
    contact_model = prior_model(settings_for("contact"))
    with pytest.raises(ValidationError) as info:
        find_duplicates(_customers(ISSUE), model=contact_model)
    assert "m['uscc']" in info.value.paths


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"comparisons": [], "blocking": ["a"]}, "comparisons"),
        (
            {"comparisons": [{"field": "a", "method": "fuzzy"}], "blocking": ["a"]},
            "comparisons[0].method",
        ),
        ({"comparisons": [{"field": "a", "method": "exact"}], "blocking": []}, "blocking"),
        (
            {
                "comparisons": [{"field": "a", "method": "exact"}],
                "blocking": ["a"],
                "exact_keys": ["b"],
            },
            "exact_keys[0]",
        ),
        (
            {
                "comparisons": [{"field": "a", "method": "exact"}],
                "blocking": ["a"],
                "match_at": 1.5,
            },
            "match_at",
        ),
        (
            {
                "comparisons": [{"field": "a", "method": "exact"}],
                "blocking": ["a"],
                "match_at": 0.2,
                "review_at": 0.5,
            },
            "review_at",
        ),
    ],
)
def test_bad_settings_are_definition_errors_naming_the_path(
    data: dict[str, object], path: str
) -> None:
    with pytest.raises(DefinitionError) as info:
        from_dict(Settings, data)
    assert path in info.value.paths


def test_bad_models_name_the_path() -> None:
    good = prior_model(CUSTOMER_SETTINGS)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(good, prior=1.5)
    assert info.value.paths == ("prior",)
    with pytest.raises(ValidationError) as info:
        attrs.evolve(good, m={**good.m, "core": (0.5, 0.6)})
    assert "m['core']" in info.value.paths


def test_bad_input_to_compare_profile_of_and_settings_for() -> None:
    with pytest.raises(ValidationError) as info:
        compare(Customer(id="a", name="x"), "b")  # type: ignore[arg-type]
    assert "records[1].record" in info.value.paths
    with pytest.raises(ValidationError) as info:
        profile_of(3)  # type: ignore[arg-type]
    assert info.value.paths == ("record",)
    with pytest.raises(ValidationError) as info:
        settings_for("partner")
    assert info.value.paths == ("kind",)
    with pytest.raises(ValidationError) as info:
        prior_model("customer")  # type: ignore[arg-type]
    assert info.value.paths == ("settings",)


def test_a_bad_profile_lists_its_problems() -> None:
    with pytest.raises(ValidationError) as info:
        Profile(id="", kind="customer", values={"a": 3})
    assert set(info.value.paths) == {"id", "values['a']"}
