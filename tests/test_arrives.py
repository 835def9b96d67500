"""Data as it arrives from frames: numpy integers, pandas timestamps, NaT, NaN, None."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import salesflow
from salesflow import Money, Opportunity, ValidationError, from_dict, to_dict
from salesflow.convert import is_missing
from tests import strategies as s

np: Any = pytest.importorskip("numpy")
pd: Any = pytest.importorskip("pandas")

DEAL: dict[str, Any] = {
    "id": "opp-1",
    "customer_id": "c-1",
    "owner": "li",
    "pipeline": "basic",
    "stage": "prospect_list",
    "amount": {"amount": "120000", "currency": "CNY"},
    "created_at": "2026-03-01T09:30:00+08:00",
}


@given(st.integers(0, 10**12), st.sampled_from([np.int64, np.int32, np.uint64]))
def test_any_integral_is_an_integer_amount(amount: int, kind: Any) -> None:
    if kind is np.int32 and amount > 2**31 - 1:
        amount = 2**31 - 1
    value = kind(amount)
    assert Money(value, "CNY") == Money(amount, "CNY")
    built = from_dict(Money, {"amount": value, "currency": "CNY"})
    assert built.amount == Decimal(amount)
    assert type(built.amount) is Decimal


def test_a_numpy_integer_probability_becomes_an_int() -> None:
    deal = from_dict(Opportunity, DEAL | {"probability": np.int64(40)})
    assert deal.probability == 40
    assert type(deal.probability) is int


def test_a_tz_aware_timestamp_becomes_a_datetime() -> None:
    at = pd.Timestamp("2026-03-01 09:30", tz="Asia/Shanghai")
    deal = from_dict(Opportunity, DEAL | {"created_at": at})
    assert type(deal.created_at) is datetime
    assert deal.created_at == at.to_pydatetime()


def test_a_naive_timestamp_is_still_refused() -> None:
    with pytest.raises(ValidationError, match="created_at: naive"):
        from_dict(Opportunity, DEAL | {"created_at": pd.Timestamp("2026-03-01 09:30")})


@pytest.mark.parametrize("missing", [None, pd.NaT, float("nan"), np.nan])
def test_nat_nan_and_none_mean_missing_where_a_field_may_be(missing: Any) -> None:
    deal = from_dict(Opportunity, DEAL | {"expected_close": missing, "lost_reason": missing})
    assert deal.expected_close is None
    assert deal.lost_reason is None
    assert is_missing(missing)


@pytest.mark.parametrize("missing", [pd.NaT, float("nan")])
def test_nat_and_nan_are_missing_where_a_field_is_required(missing: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        from_dict(Opportunity, DEAL | {"created_at": missing})
    assert caught.value.problems[0].path == "created_at"
    assert caught.value.problems[0].code == "missing"
    assert "naive" not in str(caught.value)


@pytest.mark.parametrize("value", [12.5, np.float64(12.5)])
def test_floats_stay_refused_for_money_naming_the_exact_alternative(value: Any) -> None:
    with pytest.raises(ValidationError, match=r"write the string '12\.5' or Decimal\('12\.5'\)"):
        from_dict(Money, {"amount": value, "currency": "CNY"})
    with pytest.raises(ValidationError, match=r"Money\('12\.5', \.\.\.\)"):
        Money(value, "CNY")


@given(s.opportunities())
def test_round_trips_are_unchanged(deal: salesflow.Opportunity) -> None:
    assert from_dict(Opportunity, to_dict(deal)) == deal
