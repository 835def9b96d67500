"""The prospect-list report and the check of a new record against the book."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytest.importorskip("opencc")
pytest.importorskip("pypinyin")
pytest.importorskip("rapidfuzz")

from salesflow import (
    Contact,
    Customer,
    Lead,
    LeadSource,
    Portfolio,
    ValidationError,
    from_dict,
    to_dict,
)
from salesflow.dedupe import (
    DedupeReport,
    MatchOutcome,
    NewRecordCheck,
    check_new,
    dedupe_report,
)

AT = datetime(2025, 3, 1, tzinfo=UTC)


def _book(*names: str) -> Portfolio:
    return Portfolio(
        as_of=AT, customers=[Customer(id=f"c-{i}", name=n) for i, n in enumerate(names)]
    )


def test_a_clean_list_passes_no_duplicate_customers() -> None:
    report = dedupe_report(_book("恒泰机械有限公司", "蓝山物流有限公司"))
    assert report.passed
    assert report.item_key == "no_duplicate_customers"
    assert report.evidence() == "No duplicate customers among 2 records."
    assert report.evidence("zh-Hans") == "2 条记录中没有重复客户。"


def test_a_list_with_a_duplicate_fails_and_says_which() -> None:
    report = dedupe_report(_book("北京恒泰机械有限公司", "恆泰機械股份有限公司", "蓝山物流"))
    assert not report.passed
    assert "c-0, c-1" in report.evidence()
    assert from_dict(DedupeReport, to_dict(report)) == report


def test_a_new_lead_that_is_an_existing_customer_is_found() -> None:
    lead = Lead(
        id="l-1",
        customer_name="恒泰机械(北京)有限公司",
        created_at=AT,
        source=LeadSource.WEBSITE_FORM,
    )
    found = check_new(lead, _book("北京恒泰机械有限公司", "蓝山物流"))
    assert found.outcome is MatchOutcome.MATCH
    assert not found.is_new
    assert [d.right for d in found.matches] == ["c-0"]
    assert "use the existing record" in found.explain()
    assert from_dict(NewRecordCheck, to_dict(found)) == found


def test_a_new_company_is_new() -> None:
    found = check_new(Customer(id="c-new", name="恒泰化工有限公司"), _book("北京恒泰机械有限公司"))
    assert found.is_new
    assert found.outcome is not MatchOutcome.MATCH


def test_a_new_contact_is_checked_against_the_contacts() -> None:
    book = Portfolio(
        as_of=AT,
        customers=[Customer(id="c-1", name="恒泰")],
        contacts=[Contact(id="k-1", customer_id="c-1", name="张伟", phone="13812345678")],
    )
    found = check_new(
        Contact(id="k-2", customer_id="c-1", name="張偉", phone="+86 138 1234 5678"), book
    )
    assert found.outcome is MatchOutcome.MATCH


@pytest.mark.parametrize(
    ("record", "book", "path"),
    [
        ("恒泰", _book("x"), "record"),
        (Customer(id="c-9", name="x"), "book", "book"),
        (Customer(id="c-0", name="x"), _book("x"), "record.id"),
    ],
)
def test_bad_input_to_check_new_names_the_path(record: object, book: object, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_new(record, book)  # type: ignore[arg-type]
    assert path in info.value.paths


def test_bad_input_to_the_report_names_the_path() -> None:
    with pytest.raises(ValidationError) as info:
        dedupe_report("book")  # type: ignore[arg-type]
    assert "records" in info.value.paths
