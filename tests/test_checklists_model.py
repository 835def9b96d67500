"""Checklist definitions and their answers: gate, progress, next actions, ticks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from salesflow import (
    DefinitionError,
    Money,
    Opportunity,
    ValidationError,
    from_dict,
    from_json,
    from_toml,
    to_dict,
)
from salesflow.checklists import (
    Checklist,
    ChecklistSet,
    ChecklistState,
    Condition,
    Gate,
    Item,
    NextAction,
)
from salesflow.locales import default_catalogs
from salesflow.predicates import Registry, default_registry, using
from tests import strategies as sst

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _opp(amount: str = "1000", **attributes: Any) -> Opportunity:
    return Opportunity(
        id="o-1",
        customer_id="c-1",
        owner="li.na",
        pipeline="complex",
        stage="gather_data",
        amount=Money(amount, "CNY"),
        created_at=AT,
        attributes=attributes,
    )


# facts that make the built-in conditions and satisfiers vary
contexts = st.fixed_dictionaries(
    {},
    optional={
        "decision_makers": st.integers(0, 3),
        "complaints": st.integers(0, 2),
        "stakeholders": sst.stakeholder_maps(opportunity_id="o-1", max_size=3),
    },
)
opps = st.builds(lambda amount: _opp(str(amount)), st.integers(0, 10**7))


def _holds(cond: Condition | None, opp: Opportunity, ctx: dict[str, Any]) -> bool:
    """The oracle: run a condition the plain way."""
    assert cond is not None
    fn = default_registry()[cond.predicate]
    return bool(fn(opp, {**ctx, "params": cond.params} if cond.params else ctx))


def _applies(item: Item, opp: Opportunity, ctx: dict[str, Any]) -> bool:
    return item.condition is None or _holds(item.condition, opp, ctx)


def _satisfied(item: Item, opp: Opportunity, ctx: dict[str, Any]) -> bool:
    return item.satisfied_by is not None and _holds(item.satisfied_by, opp, ctx)


def _tick_all(
    checklist: Checklist, keys: list[str], state: ChecklistState | None = None
) -> ChecklistState:
    at = AT if state is None or state.updated_at is None else state.updated_at
    for key in keys:
        item = checklist.item(key)
        at = at + timedelta(minutes=1)
        state = checklist.ticked(state, key, by="li.na", at=at, evidence="doc-1", role=item.role)
    return ChecklistState() if state is None else state


# -- properties ------------------------------------------------------------------


@given(sst.checklists(), opps, contexts)
def test_ticking_every_required_applicable_item_makes_the_gate_pass(
    checklist: Checklist, opp: Opportunity, ctx: dict[str, Any]
) -> None:
    needed = [i.key for i in checklist.items if i.required and _applies(i, opp, ctx)]
    before = checklist.gate(ChecklistState(), opportunity=opp, context=ctx)
    expected = [
        i.key
        for i in checklist.items
        if i.required and _applies(i, opp, ctx) and not _satisfied(i, opp, ctx)
    ]
    assert before.keys == tuple(expected)
    assert before.passes is (not expected)
    state = _tick_all(checklist, needed)
    after = checklist.gate(state, opportunity=opp, context=ctx)
    assert after.passes
    assert after.unmet == ()


@given(sst.checklists(min_items=1), opps, contexts, st.data())
def test_unticking_one_item_fails_the_gate_and_names_it(
    checklist: Checklist, opp: Opportunity, ctx: dict[str, Any], data: st.DataObject
) -> None:
    blocking = [
        i.key
        for i in checklist.items
        if i.required and _applies(i, opp, ctx) and not _satisfied(i, opp, ctx)
    ]
    assume(blocking)
    state = _tick_all(checklist, [i.key for i in checklist.items])
    victim = data.draw(st.sampled_from(blocking))
    item = checklist.item(victim)
    state = checklist.unticked(
        state, victim, by="wang.jun", at=AT + timedelta(days=1), role=item.role
    )
    gate = checklist.gate(state, opportunity=opp, context=ctx)
    assert not gate.passes
    assert gate.keys == (victim,)
    assert state.history(victim)[-1].done is False
    assert len(state.trail) == len(checklist.items) + 1


@given(sst.checklists(), opps, contexts, st.data())
def test_progress_stays_within_bounds_and_matches_the_counts(
    checklist: Checklist, opp: Opportunity, ctx: dict[str, Any], data: st.DataObject
) -> None:
    chosen = (
        data.draw(st.lists(st.sampled_from(checklist.keys), unique=True)) if checklist.items else []
    )
    state = _tick_all(checklist, chosen)
    p = checklist.progress(state, opportunity=opp, context=ctx)
    applicable = [i for i in checklist.items if _applies(i, opp, ctx)]
    assert p.applicable == len(applicable)
    assert 0 <= p.done <= p.applicable
    assert 0 <= p.required_done <= p.required <= p.applicable
    assert 0 <= p.percent <= 100
    assert (p.percent == 100) is (p.done == p.applicable)
    left = checklist.next_actions(state, opportunity=opp, context=ctx)
    assert len(left) == p.applicable - p.done
    assert [a.key for a in left] == [
        i.key for i in applicable if i.key not in chosen and not _satisfied(i, opp, ctx)
    ]


@given(sst.checklists(min_items=1), st.data())
def test_a_tick_fails_exactly_when_it_breaks_a_rule_and_then_changes_nothing(
    checklist: Checklist, data: st.DataObject
) -> None:
    state = data.draw(sst.checklist_states(checklist.keys))
    key = data.draw(st.sampled_from([*checklist.keys, "no_such_item"]))
    evidence = data.draw(st.none() | st.just("minutes.pdf"))
    role = data.draw(st.none() | sst.roles)
    at = (state.updated_at or AT) + timedelta(hours=1)
    snapshot = to_dict(state)
    item = checklist.item(key) if key in checklist else None
    expected_error = (
        item is None
        or key in state.done
        or (item.evidence_required and evidence is None)
        or (item.role is not None and role != item.role)
    )
    if expected_error:
        with pytest.raises(ValidationError) as info:
            checklist.ticked(state, key, by="li.na", at=at, evidence=evidence, role=role)
        assert set(info.value.paths) <= {"item", "evidence", "role"}
        assert to_dict(state) == snapshot
    else:
        new = checklist.ticked(state, key, by="li.na", at=at, evidence=evidence, role=role)
        assert new.trail[:-1] == state.trail
        assert new.is_done(key)
        assert new.latest(key) == new.trail[-1]


@pytest.mark.parametrize("cls", list(sst.CHECKLIST_DEFINITIONS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_round_trip_every_checklist_definition(cls: type, data: st.DataObject) -> None:
    value = data.draw(sst.CHECKLIST_DEFINITIONS[cls])
    plain = to_dict(value)
    assert from_dict(cls, plain) == value
    assert from_json(cls, json.dumps(plain)) == value


@given(sst.checklists())
def test_a_checklist_loaded_back_gives_the_same_answers(checklist: Checklist) -> None:
    again = from_dict(Checklist, to_dict(checklist))
    state = _tick_all(checklist, list(checklist.keys)[:2])
    for ctx in ({}, {"decision_makers": 3, "complaints": 1}):
        assert again.gate(state, opportunity=_opp(), context=ctx) == checklist.gate(
            state, opportunity=_opp(), context=ctx
        )


# -- examples --------------------------------------------------------------------


def test_an_item_without_a_label_gets_the_default_label_key() -> None:
    assert Item(key="visit").label_key == "checklists.item.visit"
    assert Checklist(key="x").label_key == "checklists.checklist.x"


def test_a_condition_may_be_given_as_a_name_or_a_table() -> None:
    by_name = Item(key="a", condition="has_complaints")
    by_table = Item(key="a", condition={"predicate": "has_complaints"})
    assert by_name == by_table
    assert by_name.condition == Condition(predicate="has_complaints")
    assert to_dict(by_name)["condition"] == "has_complaints"
    big = Item(key="b", condition=Condition(predicate="amount_above", params={"amount": "5"}))
    assert to_dict(big)["condition"] == {"predicate": "amount_above", "params": {"amount": "5"}}


def test_a_parametrised_condition_reads_its_params() -> None:
    checklist = Checklist(
        key="big_deal",
        items=[
            Item(
                key="legal_review",
                condition={
                    "predicate": "amount_above",
                    "params": {"amount": "500000", "currency": "CNY"},
                },
            ),
            Item(key="visit"),
        ],
    )
    small, large = _opp("499999.99"), _opp("500000.01")
    assert checklist.gate(None, opportunity=small).keys == ("visit",)
    assert checklist.gate(None, opportunity=large).keys == ("legal_review", "visit")
    usd = attrs_evolve_amount(large, Money("900000", "USD"))
    assert checklist.gate(None, opportunity=usd).keys == ("visit",)


def attrs_evolve_amount(opp: Opportunity, amount: Money) -> Opportunity:
    import attrs

    return attrs.evolve(opp, amount=amount)


def test_optional_items_never_block_the_gate_but_count_in_progress() -> None:
    checklist = Checklist(key="x", items=[Item(key="a"), Item(key="b", required=False)])
    state = checklist.ticked(None, "a", by="li.na", at=AT)
    assert checklist.gate(state).passes
    p = checklist.progress(state)
    assert (p.done, p.applicable, p.required, p.required_done, p.percent) == (1, 2, 1, 1, 50)
    assert [a.key for a in checklist.next_actions(state)] == ["b"]
    assert checklist.next_actions(state)[0].required is False


def test_an_empty_checklist_passes_and_is_complete() -> None:
    empty = Checklist(key="nothing")
    assert empty.gate(None) == Gate(True, ())
    assert empty.progress(None).percent == 100


def test_next_actions_are_labelled_in_the_asked_locale() -> None:
    checklist = Checklist(
        key="x", items=[Item(key="internal_briefing", role="sales_manager", evidence_required=True)]
    )
    (en,) = checklist.next_actions(None)
    (zh,) = checklist.next_actions(None, locale="zh-Hans")
    assert en == NextAction(
        key="internal_briefing",
        label="Sales manager and partner departments briefed internally",
        required=True,
        evidence_required=True,
        role="sales_manager",
        role_label="Sales manager",
    )
    assert zh.label == "已向销售主管和协作部门做内部简报"
    assert zh.role_label == "销售主管"


def test_users_override_and_add_labels_without_editing_the_package() -> None:
    checklist = Checklist(key="x", items=[Item(key="visit", label_key="acme.visit")])
    cats = default_catalogs().with_labels("en", {"acme.visit": "Visit the plant"})
    cats = cats.with_labels("zh-Hans", {"acme.visit": "参观工厂"})
    cats = cats.with_labels("fr", {"acme.visit": "Visiter l'usine"})
    assert checklist.next_actions(None, catalogs=cats)[0].label == "Visit the plant"
    assert checklist.next_actions(None, locale="zh-CN", catalogs=cats)[0].label == "参观工厂"
    assert checklist.next_actions(None, locale="fr", catalogs=cats)[0].label == "Visiter l'usine"
    # the library's own catalogs are unchanged; an unknown key falls back to itself
    assert checklist.next_actions(None)[0].label == "acme.visit"


def test_untick_keeps_the_trail_and_a_retick_is_allowed() -> None:
    checklist = Checklist(key="x", items=[Item(key="a")])
    s1 = checklist.ticked(None, "a", by="li.na", at=AT, note="called")
    s2 = checklist.unticked(s1, "a", by="wang.jun", at=AT + timedelta(hours=1), note="wrong number")
    s3 = checklist.ticked(s2, "a", by="li.na", at=AT + timedelta(hours=2))
    assert [m.done for m in s3.trail] == [True, False, True]
    assert [m.by for m in s3.history("a")] == ["li.na", "wang.jun", "li.na"]
    last = s2.latest("a")
    assert last is not None
    assert last.note == "wrong number"
    assert not checklist.gate(s2).passes
    assert checklist.gate(s3).passes
    assert s3.updated_at == AT + timedelta(hours=2)


def test_a_checklist_from_toml_with_a_custom_registry() -> None:
    text = """
key = "acme_visit"
[[items]]
key = "safety_briefing"
condition = "on_site"
[[items]]
key = "visit_report"
evidence_required = true
"""
    registry = default_registry().with_predicate("on_site", lambda o, c: bool(c.get("on_site")))
    checklist = from_toml(Checklist, text, registry=registry)
    assert checklist.gate(None, opportunity=None, context={"on_site": True}).keys == (
        "safety_briefing",
        "visit_report",
    )
    assert checklist.gate(None, opportunity=None, context={}).keys == ("visit_report",)
    with using(registry):
        assert from_dict(Checklist, to_dict(checklist)) == checklist
    with pytest.raises(DefinitionError) as info:
        from_toml(Checklist, text)
    assert info.value.paths == ("items[0].condition.predicate",)


def test_a_checklist_set_finds_each_stages_checklist() -> None:
    a = Checklist(key="a", items=[Item(key="x")])
    cs = ChecklistSet(key="mine", checklists={"first": a})
    assert cs.stage_keys == ("first",)
    assert cs.get("first") is a
    assert cs.get("second") is None
    assert cs.checklist("first") is a
    assert "first" in cs
    with pytest.raises(ValidationError) as info:
        cs.checklist("second")
    assert info.value.paths == ("stage",)


# -- bad definitions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "paths"),
    [
        ({"key": "Bad Key"}, ("key",)),
        ({"key": 3}, ("key",)),
        ({"key": "a", "label_key": ""}, ("label_key",)),
        ({"key": "a", "required": "yes"}, ("required",)),
        ({"key": "a", "condition": 7}, ("condition",)),
        ({"key": "a", "satisfied_by": ""}, ("satisfied_by",)),
        ({"key": "a", "evidence_required": 1}, ("evidence_required",)),
        ({"key": "a", "role": "Sales Manager"}, ("role",)),
        ({"key": "", "required": None, "role": 5}, ("key", "required", "role")),
    ],
)
def test_a_bad_item_lists_every_problem(kwargs: dict[str, Any], paths: tuple[str, ...]) -> None:
    with pytest.raises(DefinitionError) as info:
        Item(**kwargs)
    assert info.value.paths == paths


def test_a_bad_condition_is_a_definition_error() -> None:
    with pytest.raises(DefinitionError) as info:
        Condition(predicate="", params={"amount": 1.5, 3: "x"})
    assert set(info.value.paths) == {"predicate", "params['amount']", "params"}


def test_a_bad_checklist_lists_every_problem_with_its_path() -> None:
    with pytest.raises(DefinitionError) as info:
        Checklist(
            key="Visit",
            items=[
                Item(key="visit", condition="no_such_predicate"),
                Item(key="visit"),
                Item(key="big", condition=Condition(predicate="amount_above")),
                Item(
                    key="b2",
                    satisfied_by=Condition(
                        predicate="amount_above", params={"amount": "x", "currency": "yuan"}
                    ),
                ),
            ],
        )
    assert info.value.paths == (
        "key",
        "items[1].key",
        "items[0].condition.predicate",
        "items[2].condition.params",
        "items[3].satisfied_by.params['amount']",
        "items[3].satisfied_by.params['currency']",
    )
    assert "duplicate item key 'visit'" in str(info.value)
    assert "unknown predicate 'no_such_predicate'" in str(info.value)


def test_checklist_items_must_be_items() -> None:
    with pytest.raises(DefinitionError) as info:
        Checklist(key="x", items=[Item(key="a"), "b"])
    assert info.value.paths == ("items[1]",)
    with pytest.raises(DefinitionError) as info:
        Checklist(key="x", registry="default")  # type: ignore[arg-type]
    assert info.value.paths == ("registry",)


def test_from_dict_names_every_bad_path_of_a_checklist() -> None:
    data = {
        "key": "x",
        "items": [
            {"key": "a", "required": "yes"},
            {"key": "b", "colour": "red"},
            {"label_key": "c"},
            {"key": "d", "condition": 3},
            {"key": "e", "condition": {"predicate": "has_complaints", "when": 1}},
        ],
        "extra": 1,
    }
    with pytest.raises(DefinitionError) as info:
        from_dict(Checklist, data)
    assert set(info.value.paths) == {
        "items[0].required",
        "items[1].colour",
        "items[2].key",
        "items[3].condition",
        "items[4].condition.when",
        "extra",
    }


def test_bad_toml_and_json_are_definition_errors() -> None:
    with pytest.raises(DefinitionError):
        from_toml(Checklist, "key = ")
    with pytest.raises(DefinitionError):
        from_json(Checklist, "{")
    with pytest.raises(DefinitionError) as info:
        from_toml(ChecklistSet, 'key = "s"\n[checklists.first]\nkey = "A"\n')
    assert info.value.paths == ("checklists['first'].key",)


def test_a_bad_checklist_set_is_a_definition_error() -> None:
    with pytest.raises(DefinitionError) as info:
        ChecklistSet(key="s", checklists={"a": "not a checklist", "": Checklist(key="x")})
    assert info.value.paths == ("checklists['a']", "checklists")
    with pytest.raises(DefinitionError) as info:
        ChecklistSet(key="S", checklists=[])
    assert info.value.paths == ("key", "checklists")


def test_an_unknown_predicate_is_checked_against_the_registry_in_force() -> None:
    with using(Registry()), pytest.raises(DefinitionError) as info:
        Checklist(key="x", items=[Item(key="a", condition="has_complaints")])
    assert info.value.paths == ("items[0].condition.predicate",)


# -- bad ticks and questions ---------------------------------------------------------

CHECK = Checklist(
    key="x",
    items=[
        Item(key="a"),
        Item(key="doc", evidence_required=True),
        Item(key="brief", role="sales_manager"),
    ],
)
STATE = CHECK.ticked(None, "a", by="li.na", at=AT)


@pytest.mark.parametrize(
    ("item", "kwargs", "paths"),
    [
        ("nope", {}, ("item",)),
        (3, {}, ("item",)),
        ("a", {}, ("item",)),  # already done
        ("doc", {}, ("evidence",)),
        ("doc", {"evidence": ""}, ("evidence",)),
        ("brief", {}, ("role",)),
        ("brief", {"role": "owner"}, ("role",)),
        ("brief", {"role": "Sales Manager"}, ("role", "role")),
        ("doc", {"by": ""}, ("by", "evidence")),
        ("brief", {"at": datetime(2026, 3, 2, 10, 0), "role": "sales_manager"}, ("at",)),
        ("brief", {"at": AT - timedelta(seconds=1), "role": "sales_manager"}, ("at",)),
        ("brief", {"at": "2026-03-02", "role": "sales_manager"}, ("at",)),
        ("brief", {"note": 5, "role": "sales_manager"}, ("note",)),
    ],
)
def test_a_bad_tick_raises_and_changes_nothing(
    item: Any, kwargs: dict[str, Any], paths: tuple[str, ...]
) -> None:
    before = to_dict(STATE)
    args: dict[str, Any] = {"by": "li.na", "at": AT + timedelta(hours=1)} | kwargs
    with pytest.raises(ValidationError) as info:
        CHECK.ticked(STATE, item, **args)
    assert info.value.paths == paths
    assert not isinstance(info.value, DefinitionError)
    assert to_dict(STATE) == before


def test_a_bad_untick_raises() -> None:
    with pytest.raises(ValidationError) as info:
        CHECK.unticked(STATE, "doc", by="li.na", at=AT)
    assert info.value.paths == ("item",)
    with pytest.raises(ValidationError) as info:
        CHECK.unticked(STATE, "a", by="li.na", at=AT - timedelta(days=1))
    assert info.value.paths == ("at",)


def test_questions_refuse_a_bad_state_or_context() -> None:
    for ask in (CHECK.gate, CHECK.progress, CHECK.next_actions):
        with pytest.raises(ValidationError) as info:
            ask({"trail": []})  # type: ignore[arg-type]
        assert info.value.paths == ("state",)
    conditional = Checklist(key="c", items=[Item(key="a", condition="has_complaints")])
    asks = (CHECK.gate, conditional.gate, conditional.progress, conditional.next_actions)
    for ask in asks:
        with pytest.raises(ValidationError) as info:
            ask(None, opportunity=None, context=["complaints"])  # type: ignore[arg-type]
        assert info.value.paths == ("context",)
    with pytest.raises(ValidationError) as info:
        CHECK.ticked([], "a", by="li.na", at=AT)  # type: ignore[arg-type]
    assert info.value.paths == ("state",)


def test_next_actions_refuses_an_unknown_locale_or_bad_catalogs() -> None:
    with pytest.raises(ValidationError):
        CHECK.next_actions(None, locale="xx")
    with pytest.raises(ValidationError) as info:
        CHECK.next_actions(None, catalogs={"en": {}})  # type: ignore[arg-type]
    assert info.value.paths == ("catalogs",)
    with pytest.raises(ValidationError) as info:
        CHECK.next_actions(None, locale=None)  # type: ignore[arg-type]
    assert info.value.paths == ("locale",)


def test_item_lookup_refuses_an_unknown_key() -> None:
    assert CHECK.item("a").key == "a"
    assert CHECK.keys == ("a", "doc", "brief")
    with pytest.raises(ValidationError) as info:
        CHECK.item("zzz")
    assert info.value.paths == ("item",)
    assert "expected one of a, doc, brief" in str(info.value)


@pytest.mark.parametrize("stage", ["Close", "two words", " close", "close!"])
def test_a_checklist_set_refuses_a_stage_key_no_stage_can_have(stage: str) -> None:
    """Stage keys are keys (lower-case, digits, underscores): a set keyed 'Close' could
    never be bound to a pipeline, so it is refused when built, naming the entry."""
    with pytest.raises(DefinitionError) as info:
        ChecklistSet(key="mine", checklists={stage: Checklist(key="a")})
    assert info.value.paths == ("checklists",)
    assert repr(stage) in str(info.value)


@pytest.mark.parametrize("bad", [[], {}, {"x"}, None, 3])
def test_look_ups_with_an_unhashable_or_odd_key_answer_no(bad: Any) -> None:
    """``in``, ChecklistSet.get and ChecklistState.is_done/latest answer "not there" for any
    value instead of leaking TypeError: unhashable type."""
    checklist = Checklist(key="a", items=[Item(key="x")])
    cs = ChecklistSet(key="mine", checklists={"first": checklist})
    state = checklist.ticked(None, "x", by="li.na", at=AT)
    assert bad not in checklist
    assert bad not in cs
    assert cs.get(bad) is None
    assert not state.is_done(bad)
    assert state.latest(bad) is None
    assert state.history(bad) == ()


def test_a_condition_table_in_python_names_its_bad_part() -> None:
    """Item(condition={...}) names the bad parameter or key of the table (as from_dict
    does), not only "expected a Condition or a predicate name"."""
    with pytest.raises(DefinitionError) as info:
        Item(key="a", condition={"predicate": "amount_above", "params": {"amount": 1.5}})
    assert info.value.paths == ("condition.params['amount']",)
    with pytest.raises(DefinitionError) as info:
        Item(key="a", satisfied_by={"predicate": "amount_above", "prams": {}})
    assert info.value.paths == ("satisfied_by.prams",)
    with pytest.raises(DefinitionError) as info:
        Item(key="a", condition={"params": {}})
    assert info.value.paths == ("condition.predicate",)


@pytest.mark.parametrize(
    "params", [{"amount": 1.5}, {"amount": "lots"}, {"amount": "1", "currency": "yuan"}]
)
def test_a_bad_parameter_has_one_path_however_the_checklist_is_built(
    params: dict[str, Any],
) -> None:
    """Built in Python or loaded by from_dict, a bad parameter is named by the same path,
    in the library's form for a mapping entry (``params['amount']``, like
    ``attributes['x']``); it was ``params.amount`` from Python and, for a value of the
    wrong type, ``params['amount']`` from from_dict."""
    table: dict[str, Any] = {"predicate": "amount_above", "params": params}
    with pytest.raises(DefinitionError) as built:
        # the bad value is found by Condition or by the Checklist's parameter check
        Checklist(key="x", items=[Item(key="a", condition=Condition(**table))])
    with pytest.raises(DefinitionError) as loaded:
        from_dict(Checklist, {"key": "x", "items": [{"key": "a", "condition": table}]})
    prefix = "" if built.value.subject == "Checklist" else "items[0].condition."
    assert loaded.value.paths == tuple(prefix + path for path in built.value.paths)
    assert all("params['" in path for path in loaded.value.paths)


def test_an_unknown_locale_is_named_as_the_locale_argument() -> None:
    """next_actions(locale='tlh') names the ``locale`` argument (its error had an empty
    path, so exc.paths did not say which argument was wrong)."""
    checklist = Checklist(key="a", items=[Item(key="x")])
    with pytest.raises(ValidationError) as info:
        checklist.next_actions(None, locale="tlh")
    assert info.value.paths == ("locale",)
    assert "'tlh'" in str(info.value)
