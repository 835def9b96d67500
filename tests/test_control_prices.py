"""Price discipline: lines checked against the list and its floor (exact), pay before delivery."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import ApprovalError, DefinitionError, Money, ValidationError, from_dict, to_dict
from salesflow.cadence import Team
from salesflow.control import (
    Approvals,
    Line,
    Price,
    PriceList,
    presets,
    release_delivery,
)
from tests.strategies import price_lists

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)
LIST = PriceList(
    key="list_2026",
    currency="CNY",
    max_discount=Decimal("5"),
    prices=(
        Price(
            product="pump",
            unit_price=Money("12800.00", "CNY"),
            valid_from=date(2026, 1, 1),
            valid_to=date(2026, 6, 30),
        ),
        Price(product="pump", unit_price=Money("13200.00", "CNY"), valid_from=date(2026, 7, 1)),
        Price(
            product="seal",
            unit_price=Money("0.35", "CNY"),
            valid_from=date(2026, 1, 1),
            max_discount=Decimal("0"),
        ),
    ),
)
TEAM = Team(
    roles={
        "sales_manager": "zhao.min",
        "general_manager": "wang.gang",
        "accounting_head": "qian.li",
    }
)
DESK = Approvals(
    policies=[presets.get("discount_approval"), presets.get("delivery_before_payment")], team=TEAM
)


@given(price_lists())
def test_price_lists_round_trip(price_list: PriceList) -> None:
    assert from_dict(PriceList, to_dict(price_list)) == price_list


@given(price_lists(), st.data())
def test_a_line_priced_off_the_list_within_the_floor_passes(
    price_list: PriceList, data: st.DataObject
) -> None:
    entry = data.draw(st.sampled_from(price_list.prices))
    floor = entry.max_discount if entry.max_discount is not None else price_list.max_discount
    discount = data.draw(st.decimals(0, floor, places=2))
    line = price_list.line(entry.product, quantity=3, on=entry.valid_from, discount=discount)
    assert line.unit_price <= entry.unit_price
    assert line.total == line.unit_price * 3
    result = price_list.check([line], on=entry.valid_from)
    assert result.passes, result.findings
    assert result.total == line.total


def test_the_seed_order_is_priced_exactly_and_checked() -> None:
    lines = [
        LIST.line("pump", quantity=10, on=DAY, discount=5),
        Line(product="seal", quantity=1000, unit_price=Money("0.35", "CNY")),
    ]
    result = LIST.check(lines, on=DAY)
    assert result.passes
    assert result.total == Money("121950.0000", "CNY")  # 10 x 12160.00 + 1000 x 0.35, no rounding
    assert LIST.floor("pump", on=DAY) == Money("12160.0000", "CNY")
    assert LIST.price("pump", on=date(2026, 7, 1)).unit_price == Money("13200.00", "CNY")


def test_findings_name_each_bad_line() -> None:
    lines = [
        Line(product="pump", quantity=1, unit_price=Money("12000", "CNY")),  # below the floor
        Line(product="pump", quantity=1, unit_price=Money("13000", "CNY")),  # above the list
        Line(product="valve", quantity=1, unit_price=Money("1", "CNY")),
        Line(product="seal", quantity=1, unit_price=Money("0.35", "USD")),
    ]
    result = LIST.check(lines, on=DAY)
    assert not result.passes
    assert result.codes == ("below_floor", "above_list", "unknown_product", "wrong_currency")
    assert result.total is None  # two currencies
    assert LIST.check(lines[:1], on=date(2025, 12, 31)).codes == ("no_price_on_date",)


def test_only_an_approved_discount_request_waives_the_floor() -> None:
    low = [Line(product="pump", quantity=1, unit_price=Money("11520", "CNY"))]  # 10% off
    request = DESK.open(
        policy="discount_approval",
        id="d-1",
        subject_id="o-1",
        requested_by="li.na",
        at=AT,
        discount=10,
    )
    assert LIST.check(low, on=DAY, exception=request).codes == ("below_floor",)  # still pending
    approved = DESK.approve(request, by="zhao.min", at=AT)
    result = LIST.check(low, on=DAY, exception=approved)
    assert result.passes
    assert result.findings[0].waived
    assert result.exception_id == "d-1"
    narrow = DESK.approve(
        DESK.open(
            policy="discount_approval",
            id="d-2",
            subject_id="o-1",
            requested_by="li.na",
            at=AT,
            discount=8,
        ),
        by="zhao.min",
        at=AT,
    )
    assert LIST.check(low, on=DAY, exception=narrow).codes == (
        "below_floor",
    )  # 8% does not cover 10%
    deep = DESK.open(
        policy="discount_approval",
        id="d-3",
        subject_id="o-1",
        requested_by="li.na",
        at=AT,
        discount=25,
    )
    assert DESK.open_steps(deep) == ("sales_manager", "general_manager")


def test_pay_before_delivery_with_an_approved_exception_the_only_way_around() -> None:
    due = Money("121950.00", "CNY")
    assert release_delivery("so-1", due=due, paid=due).basis == "paid"
    with pytest.raises(ApprovalError) as err:
        release_delivery("so-1", due=due, paid=Money("60000", "CNY"))
    assert err.value.codes == ("unpaid",)
    request = DESK.open(
        policy="delivery_before_payment", id="x-1", subject_id="so-1", requested_by="li.na", at=AT
    )
    with pytest.raises(ApprovalError) as err:
        release_delivery("so-1", due=due, paid=Money(0, "CNY"), exception=request)
    assert err.value.codes == ("unpaid", "exception_not_approved")
    request = DESK.approve(request, by="qian.li", at=AT)
    request = DESK.approve(request, by="wang.gang", at=AT + timedelta(hours=1))
    release = release_delivery("so-1", due=due, paid=Money(0, "CNY"), exception=request)
    assert release.basis == "exception"
    assert release.exception_id == "x-1"
    with pytest.raises(ApprovalError) as err:
        release_delivery("so-2", due=due, paid=Money(0, "CNY"), exception=request)
    assert err.value.codes == ("unpaid", "exception_other_subject")


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"currency": "yuan"}, "currency"),
        ({"max_discount": "101"}, "max_discount"),
        ({"max_discount": "half"}, "max_discount"),
        (
            {
                "prices": [
                    {
                        "product": "a",
                        "unit_price": {"amount": "1", "currency": "USD"},
                        "valid_from": "2026-01-01",
                    }
                ]
            },
            "prices[0].unit_price.currency",
        ),
        (
            {
                "prices": [
                    {
                        "product": "a",
                        "unit_price": {"amount": "0", "currency": "CNY"},
                        "valid_from": "2026-01-01",
                    }
                ]
            },
            "prices[0].unit_price",
        ),
        (
            {
                "prices": [
                    {
                        "product": "a",
                        "unit_price": {"amount": "1", "currency": "CNY"},
                        "valid_from": "2026-02-01",
                        "valid_to": "2026-01-01",
                    }
                ]
            },
            "prices[0].valid_to",
        ),
        (
            {
                "prices": [
                    {
                        "product": "a",
                        "unit_price": {"amount": "1", "currency": "CNY"},
                        "valid_from": "2026-01-01",
                    },
                    {
                        "product": "a",
                        "unit_price": {"amount": "2", "currency": "CNY"},
                        "valid_from": "2026-03-01",
                    },
                ]
            },
            "prices[1].valid_from",
        ),
        ({"key": "Bad"}, "key"),
    ],
)
def test_bad_price_lists(data: dict[str, Any], path: str) -> None:
    good: dict[str, Any] = {"key": "l", "currency": "CNY", "prices": []}
    with pytest.raises(DefinitionError) as err:
        from_dict(PriceList, {**good, **data})
    assert path in err.value.paths


def test_bad_price_arguments() -> None:
    with pytest.raises(ValidationError) as err:
        LIST.check(["pump"], on=DAY)  # type: ignore[list-item]
    assert err.value.paths == ("lines[0]",)
    with pytest.raises(ValidationError) as err:
        LIST.check([], on=AT)
    assert err.value.paths == ("on",)
    with pytest.raises(ValidationError) as err:
        LIST.line("pump", quantity=1, on=DAY, discount=120)
    assert err.value.paths == ("discount",)
    with pytest.raises(ValidationError) as err:
        LIST.price("valve", on=DAY)
    assert err.value.paths == ("product",)
    with pytest.raises(ValidationError) as err:
        Line(product="", quantity=0, unit_price=1)  # type: ignore[arg-type]
    assert err.value.paths == ("product", "quantity", "unit_price")
    with pytest.raises(ValidationError) as err:
        release_delivery("", due=Money(1, "CNY"), paid=Money(1, "USD"), exception="x")  # type: ignore[arg-type]
    assert err.value.paths == ("order_id", "paid", "exception")
