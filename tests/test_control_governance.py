"""Customer-data governance: change requests, review by the owning department, audit, redaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given

from salesflow import (
    ApprovalError,
    BasicData,
    CreditRating,
    Customer,
    DefinitionError,
    Industry,
    TradingStatus,
    ValidationError,
    from_dict,
    to_dict,
)
from salesflow.cadence import Team
from salesflow.control import (
    ChangeRequest,
    ChangeStatus,
    Classification,
    DataPolicy,
    presets,
    redact,
)
from tests.strategies import data_policies

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = presets.customer_data_policy()
TEAM = Team(
    departments={
        "li.na": "sales",
        "ma.kf": "after_sales",
        "xu.kf": "after_sales",
        "qian.li": "accounting",
    }
)
HENGTAI = Customer(
    id="c-hengtai",
    name="Hengtai Machinery",
    industry=Industry.MANUFACTURING,
    basic=BasicData(address="Foshan", phone="+86 757 1234 5678", legal_representative="Chen Hong"),
    trading=TradingStatus(credit_rating=CreditRating.B, payment_terms_days=30),
)


@given(data_policies())
def test_data_policies_round_trip(policy: DataPolicy) -> None:
    assert from_dict(DataPolicy, to_dict(policy)) == policy


def test_a_governed_change_goes_through_request_review_and_apply() -> None:
    change = POLICY.request_change(
        HENGTAI,
        id="ch-1",
        field="basic.phone",
        new="+86 757 8888 0000",
        reason="new switchboard",
        by="li.na",
        at=AT,
    )
    assert (change.old, change.department) == ("+86 757 1234 5678", "after_sales")
    with pytest.raises(ApprovalError) as err:
        POLICY.apply(HENGTAI, change, by="ma.kf", at=AT, team=TEAM)
    assert err.value.codes == ("not_approved",)
    with pytest.raises(ApprovalError) as err:
        POLICY.review(change, by="qian.li", at=AT, team=TEAM)
    assert err.value.codes == ("not_in_owning_department",)
    approved = POLICY.review(change, by="xu.kf", at=AT + timedelta(hours=3), team=TEAM)
    with pytest.raises(ApprovalError) as err:
        POLICY.apply(HENGTAI, approved, by="li.na", at=AT, team=TEAM)
    assert err.value.codes == ("not_data_keeper",)
    done = POLICY.apply(HENGTAI, approved, by="ma.kf", at=AT + timedelta(hours=4), team=TEAM)
    assert done.record.basic.phone == "+86 757 8888 0000"
    assert HENGTAI.basic.phone == "+86 757 1234 5678"  # a new record; the old one is unchanged
    assert done.change.status is ChangeStatus.APPLIED
    assert (done.audit.old, done.audit.new, done.audit.reviewed_by) == (
        "+86 757 1234 5678",
        "+86 757 8888 0000",
        "xu.kf",
    )
    with pytest.raises(ApprovalError) as err:  # applied once only, and the record moved on
        POLICY.apply(done.record, done.change, by="ma.kf", at=AT, team=TEAM)
    assert err.value.codes == ("not_approved", "stale_change")


def test_trading_changes_are_reviewed_by_accounting_and_bad_values_refused_at_once() -> None:
    change = POLICY.request_change(
        HENGTAI,
        id="ch-2",
        field="trading.credit_rating",
        new="C",
        reason="overdue twice",
        by="li.na",
        at=AT,
    )
    assert change.department == "accounting"
    approved = POLICY.review(change, by="qian.li", at=AT, team=TEAM)
    assert (
        POLICY.apply(HENGTAI, approved, by="ma.kf", at=AT, team=TEAM).record.trading.credit_rating
        is CreditRating.C
    )
    with pytest.raises(ValidationError) as err:
        POLICY.request_change(
            HENGTAI,
            id="ch-3",
            field="trading.credit_rating",
            new="Z",
            reason="x",
            by="li.na",
            at=AT,
        )
    assert err.value.paths == ("trading.credit_rating",)
    with pytest.raises(ValidationError) as err:
        POLICY.request_change(
            HENGTAI, id="ch-4", field="owner", new="bob", reason="x", by="li.na", at=AT
        )
    assert err.value.paths == ("field",)  # not governed: no request needed


def test_rejected_and_self_reviewed_changes() -> None:
    change = POLICY.request_change(
        HENGTAI, id="ch-1", field="name", new="Hengtai Group", reason="renamed", by="ma.kf", at=AT
    )
    with pytest.raises(ApprovalError) as err:
        POLICY.review(change, by="ma.kf", at=AT, team=TEAM)
    assert err.value.codes == ("requester_cannot_approve",)
    rejected = POLICY.review(change, by="xu.kf", at=AT, team=TEAM, approve=False, note="no proof")
    assert rejected.status is ChangeStatus.REJECTED
    with pytest.raises(ApprovalError) as err:
        POLICY.review(rejected, by="xu.kf", at=AT, team=TEAM)
    assert err.value.codes == ("not_pending",)


def test_redaction_by_role() -> None:
    sales = redact(HENGTAI, for_role="sales")
    assert "basic.phone" in sales.hidden
    assert "trading" in sales.hidden
    assert sales.data["basic"]["address"] == "Foshan"
    outsider = redact(HENGTAI, for_role="partner")
    assert outsider.data == {
        "id": "c-hengtai",
        "name": "Hengtai Machinery",
        "industry": "manufacturing",
    }
    assert "basic" in outsider.hidden
    manager = POLICY.redact(HENGTAI, for_role="general_manager")
    assert manager.hidden == ()
    assert manager.data["trading"]["credit_rating"] == "B"
    assert POLICY.classification("basic.phone") is Classification.CONFIDENTIAL
    assert POLICY.classification("basic.address") is Classification.INTERNAL


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"key": "Bad"}, "key"),
        ({"fields": [{"path": "basic..phone"}]}, "fields[0].path"),
        ({"fields": [{"path": "name"}, {"path": "name"}]}, "fields[1]"),
        ({"fields": [{"path": "name", "classification": "secret"}]}, "fields[0].classification"),
        ({"clearance": {"sales": "top"}}, "clearance['sales']"),
        ({"owner": "After Sales"}, "owner"),
    ],
)
def test_bad_data_policies(data: dict[str, Any], path: str) -> None:
    with pytest.raises(DefinitionError) as err:
        from_dict(DataPolicy, {"key": "p", **data})
    assert path in err.value.paths


def test_bad_governance_arguments() -> None:
    with pytest.raises(ValidationError) as err:
        POLICY.redact(HENGTAI, for_role="Sales Team")
    assert err.value.paths == ("for_role",)
    with pytest.raises(ValidationError) as err:
        redact("c-1", for_role="sales")
    with pytest.raises(ValidationError) as err:
        redact(HENGTAI, for_role="sales", policy="customer_data")  # type: ignore[arg-type]
    assert err.value.paths == ("policy",)
    with pytest.raises(ValidationError) as err:
        POLICY.request_change(
            HENGTAI, id="x", field="basic.fax", new="1", reason="r", by="a", at=AT
        )
    assert err.value.paths == ("field",)
    with pytest.raises(ValidationError) as err:
        ChangeRequest(
            id="x",
            record_id="c",
            field="name",
            old="a",
            new="a",
            reason="",
            requested_by="p",
            requested_at=AT.replace(tzinfo=None),
            department="Sales",
        )
    assert set(err.value.paths) == {"new", "reason", "requested_at", "department"}
    change = POLICY.request_change(
        HENGTAI, id="ch", field="name", new="H", reason="r", by="li.na", at=AT
    )
    with pytest.raises(ValidationError) as err:
        POLICY.review(change, by="", at=AT, team="t", approve="yes")  # type: ignore[arg-type]
    assert err.value.paths == ("team", "approve", "by")
