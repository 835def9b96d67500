"""The records: they check their own invariants and report every problem."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    Activity,
    ActivityKind,
    BasicData,
    Characteristics,
    Contact,
    Customer,
    Industry,
    Lead,
    LeadSource,
    LeadStatus,
    Money,
    Move,
    Opportunity,
    OpportunityStatus,
    Portfolio,
    Priority,
    StageChange,
    TradingStatus,
    ValidationError,
)
from tests import strategies as sst

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NAIVE = datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize("cls", list(sst.RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_records_are_frozen_values(cls: type, data: st.DataObject) -> None:
    """Equal to a rebuilt copy, hashable, and not assignable."""
    value: Any = data.draw(sst.RECORDS[cls])
    assert attrs.evolve(value) == value
    hash(value)
    name = attrs.fields(cls)[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(value, name, getattr(value, name))


@given(sst.opportunities())
def test_opportunity_updated_at_is_the_last_change(opp: Opportunity) -> None:
    assert opp.updated_at == (opp.history[-1].at if opp.history else opp.created_at)
    assert opp.updated_at >= opp.created_at


@given(sst.opportunities())
def test_attributes_cannot_be_changed_in_place(opp: Opportunity) -> None:
    with pytest.raises(TypeError):
        opp.attributes["x"] = 1  # type: ignore[index]


def test_attributes_are_copied_on_construction() -> None:
    source: dict[str, str | int | bool] = {"region": "east"}
    opp = _opportunity(attributes=source)
    source["region"] = "west"
    assert opp.attributes["region"] == "east"


def test_enum_fields_accept_their_values() -> None:
    lead = Lead(
        id="l-1",
        customer_name="Xinghe",
        created_at=T0,
        source="trade_show",  # type: ignore[arg-type]
        priority="high",  # type: ignore[arg-type]
    )
    assert lead.source is LeadSource.TRADE_SHOW
    assert lead.priority is Priority.HIGH


# -- bad input, record by record ---------------------------------------------


def _paths(build: Any) -> tuple[str, ...]:
    with pytest.raises(ValidationError) as info:
        build()
    return info.value.paths


def test_customer_reports_every_bad_field() -> None:
    paths = _paths(
        lambda: Customer(
            id="",
            name=3,  # type: ignore[arg-type]
            industry="steel",  # type: ignore[arg-type]
            category="vip",  # type: ignore[arg-type]
            value_grade="Z",  # type: ignore[arg-type]
            basic=None,  # type: ignore[arg-type]
        )
    )
    assert paths == ("id", "name", "industry", "category", "value_grade", "basic")


def test_customer_parts_check_themselves() -> None:
    assert _paths(lambda: Characteristics(headcount=-1)) == ("headcount",)
    assert _paths(lambda: Characteristics(annual_revenue=Money(-5, "CNY"))) == ("annual_revenue",)
    assert _paths(lambda: Characteristics(headcount=True)) == ("headcount",)
    assert _paths(lambda: BasicData(founded=T0)) == ("founded",)
    assert _paths(
        lambda: TradingStatus(first_order=date(2025, 1, 2), last_order=date(2025, 1, 1))
    ) == ("last_order",)
    assert _paths(lambda: TradingStatus(payment_terms_days=-1, credit_rating="D")) == (  # type: ignore[arg-type]
        "credit_rating",
        "payment_terms_days",
    )


def test_contact_checks_email_and_reporting_line() -> None:
    assert _paths(
        lambda: Contact(id="p", customer_id="c", name="Xu", email="xu-at-example", reports_to="p")
    ) == ("reports_to", "email")
    assert Contact(id="p", customer_id="c", name="Xu", email="xu@hengtai.example").email


def test_lead_needs_an_owner_once_assigned() -> None:
    assert _paths(
        lambda: Lead(
            id="l",
            customer_name="X",
            created_at=T0,
            source=LeadSource.OTHER,
            status=LeadStatus.ASSIGNED,
        )
    ) == ("owner",)


def test_lead_assignment_not_before_creation_and_needs_owner() -> None:
    assert _paths(
        lambda: Lead(
            id="l",
            customer_name="X",
            created_at=T0,
            source=LeadSource.OTHER,
            owner="li",
            assigned_at=T0 - timedelta(minutes=1),
        )
    ) == ("assigned_at",)
    assert _paths(
        lambda: Lead(
            id="l", customer_name="X", created_at=T0, source=LeadSource.OTHER, assigned_at=T0
        )
    ) == ("assigned_at",)


def test_lead_naive_datetimes_refused() -> None:
    with pytest.raises(ValidationError, match="naive datetime") as info:
        Lead(id="l", customer_name="X", created_at=NAIVE, source=LeadSource.OTHER)
    assert info.value.paths == ("created_at",)


def test_activity_needs_a_time_and_outcome_only_when_done() -> None:
    assert _paths(lambda: Activity(id="a", kind=ActivityKind.CALL, owner="li", subject="call")) == (
        "",
    )
    assert _paths(
        lambda: Activity(
            id="a",
            kind=ActivityKind.CALL,
            owner="li",
            subject="call",
            planned_at=T0,
            outcome="went well",
        )
    ) == ("outcome",)
    assert _paths(
        lambda: Activity(id="a", kind="fax", owner="", subject="s", planned_at=NAIVE)  # type: ignore[arg-type]
    ) == ("kind", "owner", "planned_at")


def _opportunity(**changes: Any) -> Opportunity:
    fields: dict[str, Any] = {
        "id": "o-1",
        "customer_id": "c-1",
        "owner": "li",
        "pipeline": "basic",
        "stage": "prospect_list",
        "amount": Money("1000", "CNY"),
        "created_at": T0,
    }
    return Opportunity(**(fields | changes))


def _change(**changes: Any) -> StageChange:
    fields: dict[str, Any] = {
        "move": Move.ADVANCE,
        "at": T0 + timedelta(days=1),
        "from_stage": "prospect_list",
        "to_stage": "book_visit",
        "from_status": OpportunityStatus.OPEN,
        "to_status": OpportunityStatus.OPEN,
        "probability_before": 10,
        "probability_after": 20,
    }
    return StageChange(**(fields | changes))


def test_opportunity_basic_fields() -> None:
    assert _paths(
        lambda: _opportunity(
            amount=Money(-1, "CNY"),
            probability=150,
            created_at=NAIVE,
            owner=None,
            expected_close=T0,
        )
    ) == ("owner", "amount", "created_at", "expected_close", "probability")


def test_opportunity_amount_must_be_money() -> None:
    assert _paths(lambda: _opportunity(amount=1000)) == ("amount",)


def test_lost_reason_only_on_lost_deals() -> None:
    assert _paths(lambda: _opportunity(status=OpportunityStatus.LOST)) == ("lost_reason",)
    assert _paths(lambda: _opportunity(lost_reason="price")) == ("lost_reason",)


def test_history_must_be_in_time_order_and_end_where_the_deal_is() -> None:
    first = _change()
    earlier = _change(at=T0 + timedelta(hours=1), from_stage="book_visit", to_stage="close")
    paths = _paths(lambda: _opportunity(history=(first, earlier), stage="book_visit"))
    assert paths == ("history[1].at", "stage")
    before_creation = _change(at=T0 - timedelta(days=1))
    assert _paths(lambda: _opportunity(history=(before_creation,), stage="book_visit")) == (
        "history[0].at",
    )
    assert _paths(
        lambda: _opportunity(history=(first,), stage="book_visit", status=OpportunityStatus.WON)
    ) == ("status",)


def test_history_items_must_be_stage_changes() -> None:
    assert _paths(lambda: _opportunity(history=({"move": "advance"},))) == ("history[0]",)


def test_stage_change_checks_itself() -> None:
    with pytest.raises(ValidationError) as info:
        _change(probability_after=101, at=NAIVE, move="jump", to_stage="")
    assert info.value.paths == ("move", "at", "to_stage", "probability_after")


def test_custom_attributes_are_plain_values() -> None:
    paths = _paths(lambda: _opportunity(attributes={"ok": 1, "bad": 1.5, "": "x"}))
    assert paths == ("attributes['bad']", "attributes")


def test_industry_covers_the_national_classification() -> None:
    """DOMAIN.md section 4 lists nineteen industries, 'other' included."""
    assert len(Industry) == 19


def test_portfolio_checks_ids_and_customers() -> None:
    customer = Customer(id="c-1", name="Hengtai")
    deal = _opportunity()  # its customer is c-1
    stray = _opportunity(id="o-2", customer_id="c-404")
    with pytest.raises(ValidationError) as info:
        Portfolio(
            as_of=T0,
            customers=(customer, customer),
            opportunities=(deal, deal, stray),
        )
    assert info.value.paths == (
        "customers[1]",
        "opportunities[1]",
        "opportunities[2].customer_id",
    )


def test_portfolio_refuses_wrong_record_types_and_naive_time() -> None:
    with pytest.raises(ValidationError) as info:
        Portfolio(as_of=NAIVE, leads=(Customer(id="c-1", name="Hengtai"),))
    assert info.value.paths == ("as_of", "leads[0]")


def test_portfolio_customer_lookup() -> None:
    portfolio = Portfolio(as_of=T0, customers=(Customer(id="c-1", name="Hengtai"),))
    assert portfolio.customer("c-1").name == "Hengtai"
    with pytest.raises(ValidationError, match="no customer with id 'c-2'"):
        portfolio.customer("c-2")


@pytest.mark.parametrize("cls", list(sst.RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_records_pickle_and_deep_copy(cls: type, data: st.DataObject) -> None:
    """Records cross process boundaries and copy.deepcopy (their read-only mappings,
    e.g. Opportunity.attributes, made both raise TypeError)."""
    import copy
    import pickle

    value: Any = data.draw(sst.RECORDS[cls])
    assert pickle.loads(pickle.dumps(value)) == value
    assert copy.deepcopy(value) == value
