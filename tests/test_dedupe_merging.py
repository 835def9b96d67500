"""Merges: nothing lost, everything re-pointed, undo gives the book back exactly."""

from __future__ import annotations

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
    Portfolio,
    SalesflowError,
    ValidationError,
    from_dict,
    to_dict,
)
from salesflow.dedupe import Merge, MergeRule, SurvivorRule, merge, undo
from tests.strategies import books_with_duplicates, merge_rules


@st.composite
def book_cluster_rule(draw: st.DrawFn) -> tuple[Portfolio, tuple[str, ...], MergeRule]:
    book = draw(books_with_duplicates())
    pool = [c.id for c in book.customers]
    if len(book.contacts) >= 2 and draw(st.booleans()):
        pool = [c.id for c in book.contacts]
    ids = tuple(draw(st.lists(st.sampled_from(pool), min_size=2, unique=True)))
    rule = draw(merge_rules(ids))
    trusted_ok = {p: r for p, r in rule.trusted.items() if p != "basic.phone" or pool[0][0] == "c"}
    if pool[0].startswith("k"):
        trusted_ok = {p: r for p, r in trusted_ok.items() if p in ("name",)}
    return book, ids, attrs.evolve(rule, trusted=trusted_ok)


@given(book_cluster_rule())
def test_merge_then_undo_gives_the_original_book(
    case: tuple[Portfolio, tuple[str, ...], MergeRule],
) -> None:
    book, ids, rule = case
    merged, record = merge(book, ids, rule=rule)
    assert undo(merged, record) == book


@given(book_cluster_rule())
def test_a_merge_loses_nothing_and_leaves_no_reference_behind(
    case: tuple[Portfolio, tuple[str, ...], MergeRule],
) -> None:
    book, ids, rule = case
    merged, record = merge(book, ids, rule=rule)
    collection = getattr(merged, record.collection)
    assert record.survivor in collection
    assert not {r.id for r in collection} & set(record.merged_ids)
    assert sorted(o.record.id for o in record.originals) == sorted(ids)
    if record.collection == "customers":
        for kind in ("opportunities", "contacts", "activities"):
            assert not {r.customer_id for r in getattr(merged, kind)} & set(record.merged_ids)
        assert len(merged.opportunities) == len(book.opportunities)
    else:
        assert not {a.contact_id for a in merged.activities} & set(record.merged_ids)
    assert from_dict(Merge, to_dict(record)) == record


def _book() -> Portfolio:
    from datetime import UTC, datetime

    from salesflow import Activity, ActivityKind, Lead, LeadSource

    at = datetime(2025, 3, 1, tzinfo=UTC)
    return Portfolio(
        as_of=at,
        customers=[
            Customer(id="c-1", name="北京恒泰机械有限公司", owner="wang"),
            Customer(id="c-2", name="恆泰機械股份有限公司"),
            Customer(id="c-3", name="恒泰化工有限公司"),
        ],
        contacts=[
            Contact(id="k-1", customer_id="c-2", name="张伟", phone="13812345678"),
            Contact(id="k-2", customer_id="c-1", name="張偉", reports_to="k-1"),
        ],
        leads=[
            Lead(
                id="l-1",
                customer_name="恆泰機械股份有限公司",
                created_at=at,
                source=LeadSource.WEBSITE_FORM,
            )
        ],
        activities=[
            Activity(
                id="a-1",
                kind=ActivityKind.CALL,
                owner="wang",
                subject="intro",
                customer_id="c-2",
                done_at=at,
            )
        ],
    )


def test_a_customer_merge_repoints_contacts_activities_and_leads() -> None:
    book = _book()
    merged, record = merge(book, ["c-1", "c-2"], rule=MergeRule(survivor=SurvivorRule.FIRST))
    assert record.survivor_id == "c-1"
    assert {c.customer_id for c in merged.contacts} == {"c-1"}
    assert merged.activities[0].customer_id == "c-1"
    assert merged.leads[0].customer_name == "北京恒泰机械有限公司"
    assert {(r.collection, r.id) for r in record.repoints} == {
        ("contacts", "k-1"),
        ("activities", "a-1"),
        ("leads", "l-1"),
    }
    assert undo(merged, record) == book


def test_the_most_recent_record_survives_when_asked() -> None:
    _, record = merge(_book(), ["c-1", "c-2"], rule=MergeRule(survivor=SurvivorRule.MOST_RECENT))
    assert record.survivor_id == "c-2"


def test_a_trusted_source_wins_and_gaps_are_filled() -> None:
    _, record = merge(
        _book(), ["c-1", "c-2"], rule=MergeRule(survivor_id="c-2", trusted={"name": "c-1"})
    )
    assert isinstance(record.survivor, Customer)
    assert record.survivor.name == "北京恒泰机械有限公司"
    assert record.survivor.owner == "wang"
    assert {(c.field, c.reason) for c in record.choices} >= {
        ("name", "trusted"),
        ("owner", "filled"),
    }


def test_a_contact_merge_clears_a_report_line_inside_the_cluster() -> None:
    book = _book()
    merged, record = merge(book, ["k-2", "k-1"], rule=MergeRule(survivor=SurvivorRule.FIRST))
    assert isinstance(record.survivor, Contact)
    assert record.survivor.reports_to is None
    assert undo(merged, record) == book


@pytest.mark.parametrize(
    ("args", "kwargs", "path"),
    [
        (("book", ["c-1", "c-2"]), {}, "book"),
        ((None, "c-1"), {}, "book"),
        ((_book(), "c-1"), {}, "cluster"),
        ((_book(), ["c-1"]), {}, "cluster"),
        ((_book(), ["c-1", "c-1"]), {}, "cluster[1]"),
        ((_book(), ["c-1", "k-1"]), {}, "cluster"),
        ((_book(), ["c-1", "c-9"]), {}, "cluster"),
        ((_book(), ["c-1", "c-2"]), {"rule": "first"}, "rule"),
        ((_book(), ["c-1", "c-2"]), {"rule": MergeRule(survivor_id="c-3")}, "rule.survivor_id"),
        (
            (_book(), ["c-1", "c-2"]),
            {"rule": MergeRule(trusted={"colour": "c-1"})},
            "rule.trusted['colour']",
        ),
    ],
)
def test_bad_merges_are_validation_errors_and_change_nothing(
    args: tuple[object, ...], kwargs: dict[str, object], path: str
) -> None:
    before = to_dict(_book())
    with pytest.raises(SalesflowError) as info:
        merge(*args, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ValidationError)
    assert path in info.value.paths
    assert to_dict(_book()) == before


def test_undo_refuses_a_book_changed_since_the_merge() -> None:
    merged, record = merge(_book(), ["c-1", "c-2"])
    changed = attrs.evolve(
        merged, customers=[attrs.evolve(merged.customers[0], owner="li"), *merged.customers[1:]]
    )
    with pytest.raises(ValidationError) as info:
        undo(changed, record)
    assert "book.customers" in info.value.paths
    with pytest.raises(ValidationError) as info:
        undo(merged, "merge")  # type: ignore[arg-type]
    assert info.value.paths == ("merge",)
    with pytest.raises(ValidationError):
        MergeRule(survivor="best")  # type: ignore[arg-type]
