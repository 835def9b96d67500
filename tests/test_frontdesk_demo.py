"""The demo's front-desk section: the register, an assignment, conversions, a report, a rule."""

from __future__ import annotations

import attrs
import pytest

from salesflow import Customer, MissingExtraError, ValidationError, from_json
from salesflow._demo import Portfolio, frontdesk, sections
from salesflow.cli import sample_portfolio_text
from salesflow.frontdesk import ConsistencyRule, Duplicates, consistency_report
from tests import frontdesk_day as day


def _sample() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize(
    ("locale", "parts"),
    [
        (
            "en",
            [
                "Visitor register",
                "left no details",
                "Lead l-001",
                "Assigned, owner wang.jun",
                "passed over wu.gang: Away",
                "Lead l-003 became customer c-huitong",
                "Lead l-zhao became customer c-zhao",
                "Daily activity report: li.na",
                "plan for 03-17 15:00: Follow-up l-zhao",
                "Broken rules: 1",
                "Every reception is in the daily report: register.entries[2]",
            ],
        ),
        (
            "zh-Hans",
            [
                "来店（电）顾客登记表",
                "未留资料",
                "线索 l-001",
                "已分配，负责人 wang.jun",
                "跳过 wu.gang：不在岗",
                "线索 l-003 已转化为客户 c-huitong",
                "线索 l-zhao 已转化为客户 c-zhao",
                "销售活动日报表：li.na",
                "03-17 15:00 的计划：回访 l-zhao",
                "违反规则：1 处",
                "每次接待都记入当日日报：register.entries[2]",
            ],
        ),
    ],
)
def test_the_section_shows_each_part_of_the_day(locale: str, parts: list[str]) -> None:
    """The register, the assignment, both conversions, the report and the broken rule."""
    text = "\n".join(frontdesk.section(_sample(), locale))
    for part in parts:
        assert part in text


def test_the_chinese_section_uses_the_catalog_not_english_labels() -> None:
    text = "\n".join(frontdesk.section(_sample(), "zh-Hans"))
    for english in ("Visitor register", "Walk-in", "Broken rules", "became customer", "Assigned"):
        assert english not in text


def test_the_shared_scenario_is_consistent_and_the_demo_breaks_exactly_one_rule() -> None:
    """Without the demo's unreported call, the scenario's sheets keep every rule."""
    assert consistency_report(day.desk(), book=day.book()).ok
    first = _sample().as_of.date()
    sheets = frontdesk.desk(first)
    call = frontdesk._unreported_call(first)
    broken = attrs.evolve(sheets, register=sheets.register.added(call))
    found = consistency_report(broken, book=frontdesk.book(first))
    assert found.rules == (ConsistencyRule.RECEPTION_REPORTED,)


def test_a_portfolio_without_the_leads_is_skipped() -> None:
    empty = Portfolio(as_of=_sample().as_of)
    assert frontdesk.section(empty, "en")[0].startswith("(skipped:")


def test_the_section_is_registered() -> None:
    assert frontdesk.section in [s for _, s in sections()]


def test_the_conversions_are_checked_against_the_book_for_duplicates() -> None:
    lines = frontdesk.section(_sample(), "en")
    assert "  both new customers were checked against the book: no duplicate" in lines


def test_without_the_dedupe_extra_the_conversions_say_they_were_not_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(portfolio: Portfolio) -> Duplicates:
        def hook(customer: Customer) -> list[Customer]:
            raise MissingExtraError("install salesflow[dedupe]")

        return hook

    monkeypatch.setattr(frontdesk, "_in_book", missing)
    text = "\n".join(frontdesk.section(_sample(), "zh-Hans"))
    assert "新客户未经查重" in text
    assert "线索 l-003 已转化为客户 c-huitong" in text


def test_a_duplicate_in_the_book_stops_the_demo_conversion() -> None:
    """The hook is live: a book already holding Huitong refuses to create it again."""
    sample = _sample()
    huitong = Customer(id="c-huitong-old", name="汇通建设有限公司 Huitong Construction")
    book = attrs.evolve(sample, customers=[*sample.customers, huitong])
    with pytest.raises(ValidationError, match="c-huitong-old"):
        frontdesk._conversions(book, book.as_of.date(), frontdesk._in_book(book))
