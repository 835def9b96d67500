"""Money: exact amounts, one currency at a time, clear refusals."""

from __future__ import annotations

from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Money, ValidationError
from tests import strategies as sst

cny = sst.money("CNY")


@given(cny, cny)
def test_addition_commutes(a: Money, b: Money) -> None:
    assert a + b == b + a


@given(cny, cny, cny)
def test_addition_associates(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)


@given(cny)
def test_zero_is_neutral_and_negation_inverts(a: Money) -> None:
    zero = Money.zero("CNY")
    assert a + zero == a
    assert a - a == zero
    assert a + (-a) == zero


@given(cny, st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_multiplication_distributes(a: Money, m: int, n: int) -> None:
    assert a * (m + n) == a * m + a * n
    assert m * a == a * m


@given(st.lists(cny, max_size=8))
def test_sum_and_total_agree_with_decimal_sum(values: list[Money]) -> None:
    expected = Money(sum((v.amount for v in values), Decimal(0)), "CNY")
    assert Money.total(values, "CNY") == expected
    if values:
        assert sum(values) == expected


@given(cny, cny)
def test_order_is_the_amounts_order(a: Money, b: Money) -> None:
    assert (a < b) == (a.amount < b.amount)
    assert (a <= b) == (a.amount <= b.amount)
    assert max(a, b).amount == max(a.amount, b.amount)


@given(sst.money())
def test_string_form_names_the_currency(a: Money) -> None:
    assert str(a).endswith(a.currency)


def test_built_from_int_str_and_decimal() -> None:
    assert Money(12, "CNY").amount == Decimal(12)
    assert Money(" 12.50 ", "CNY").amount == Decimal("12.50")
    assert Money(Decimal("0.1"), "USD") + Money("0.2", "USD") == Money("0.3", "USD")


def test_float_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError) as info:
        Money(0.1, "CNY")
    assert info.value.paths == ("amount",)
    assert "cannot hold money exactly" in str(info.value)


@pytest.mark.parametrize(
    ("amount", "currency", "path"),
    [
        ("twelve", "CNY", "amount"),
        ("NaN", "CNY", "amount"),
        ("Infinity", "CNY", "amount"),
        (True, "CNY", "amount"),
        (None, "CNY", "amount"),
        (1, "cny", "currency"),
        (1, "CN", "currency"),
        (1, "YUAN", "currency"),
        (1, 156, "currency"),
    ],
)
def test_bad_amount_or_currency(amount: object, currency: object, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        Money(amount, currency)  # type: ignore[arg-type]
    assert path in info.value.paths


def test_both_problems_reported_together() -> None:
    with pytest.raises(ValidationError) as info:
        Money(1.5, "usd")
    assert info.value.paths == ("amount", "currency")


def test_mixing_currencies_raises_and_changes_nothing() -> None:
    a, b = Money(1, "CNY"), Money(1, "USD")
    with pytest.raises(ValidationError, match="cannot add CNY and USD"):
        a + b
    with pytest.raises(ValidationError, match="cannot subtract"):
        a - b
    with pytest.raises(ValidationError, match="cannot compare"):
        a < b  # noqa: B015
    with pytest.raises(ValidationError, match="cannot add"):
        sum([a, b])
    assert a == Money(1, "CNY")
    assert b == Money(1, "USD")


@pytest.mark.parametrize("factor", [1.5, "2", None, Money(1, "CNY"), True])
def test_multiplying_by_a_non_number_raises(factor: object) -> None:
    with pytest.raises(ValidationError, match="cannot multiply"):
        Money(1, "CNY") * factor


def test_adding_a_non_money_raises() -> None:
    with pytest.raises(ValidationError, match="expected Money"):
        Money(1, "CNY") + 1


def test_quantize_rounds_half_even() -> None:
    assert Money("2.345", "CNY").quantize() == Money("2.34", "CNY")
    assert Money("2.355", "CNY").quantize() == Money("2.36", "CNY")
    assert Money("2.5", "JPY").quantize(0) == Money(2, "JPY")


# -- exactness beyond the default decimal context ---------------------------------

_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)

exact_amounts = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
    lambda d: abs(d.adjusted()) < 60 and int(d.as_tuple().exponent) >= -90
)


@given(exact_amounts, exact_amounts, st.integers(-(10**30), 10**30))
def test_arithmetic_is_exact_whatever_the_number_of_digits(x: Decimal, y: Decimal, n: int) -> None:
    """Sums, differences and products keep every digit (no rounding to 28 digits)."""
    a, b = Money(x, "CNY"), Money(y, "CNY")
    assert (a + b) - b == a
    assert (a * n).amount == _EXACT.multiply(x, n)
    assert Money.total([a, b], "CNY").amount == _EXACT.add(x, y)
    assert (-a).amount == _EXACT.minus(x)


def test_many_decimals_survive_addition_and_round_trip() -> None:
    """A 40-digit amount keeps its digits through +, - and the converter."""
    from salesflow import from_json, to_json

    a = Money("1.123456789012345678901234567890123456789", "CNY")
    b = a + Money(1, "CNY")
    assert b.amount == Decimal("2.123456789012345678901234567890123456789")
    assert from_json(Money, to_json(b)) == b


def test_amounts_up_to_100_digits_add_exactly() -> None:
    """Amounts far past the default context's 28 digits add and multiply exactly."""
    big = Money(Decimal("9" * 99 + ".0000000001"), "CNY")
    assert (big + Money("0.9999999999", "CNY")).amount == Decimal("1E+99")
    assert (big - big).is_zero()


@pytest.mark.parametrize("amount", ["1E+101", "-1E+999999999999", "1E-101", "0." + "0" * 100 + "1"])
def test_amounts_past_100_digits_are_refused(amount: str) -> None:
    """An amount beyond 100 digits before or after the point is a ValidationError: writing
    out 1E+999999999999 (str, quantize) would need a terabyte of digits."""
    with pytest.raises(ValidationError) as info:
        Money(amount, "CNY")
    assert info.value.paths == ("amount",)
    with pytest.raises(ValidationError):
        Money(Decimal("1E+99"), "CNY") * 100
    assert Money("0E-200", "CNY").is_zero()


def test_multiplying_by_a_non_finite_decimal_names_the_factor() -> None:
    with pytest.raises(ValidationError, match="finite"):
        Money(1, "CNY") * Decimal("Infinity")


@pytest.mark.parametrize(
    "amount", ["1E+30", "12345678901234567890123456789.555", "1.5E+40", "-0.005"]
)
def test_quantize_works_on_any_amount(amount: str) -> None:
    """quantize() rounds amounts of any size (not only those of 28 digits)."""
    result = Money(amount, "CNY").quantize(2)
    assert result.amount == Decimal(amount).quantize(Decimal("0.01"), context=_EXACT)
    assert result.amount.as_tuple().exponent == -2


@pytest.mark.parametrize("places", ["2", 2.0, None, True])
def test_quantize_needs_whole_places(places: object) -> None:
    with pytest.raises(ValidationError) as info:
        Money("1.005", "CNY").quantize(places)  # type: ignore[arg-type]
    assert info.value.paths == ("places",)


def test_string_form_writes_the_digits_out() -> None:
    """str() groups the digits even when the Decimal carries an exponent (1E+3)."""
    assert str(Money(Decimal("1E+3"), "CNY")) == "1,000.00 CNY"
    assert str(Money("1234.50", "CNY")) == "1,234.50 CNY"
