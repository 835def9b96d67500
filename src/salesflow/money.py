"""Exact money: a ``Decimal`` amount with an ISO 4217 currency.

>>> from salesflow import Money
>>> Money("12.50", "CNY") + Money(3, "CNY")
Money(amount=Decimal('15.50'), currency='CNY')
>>> Money("12.50", "CNY") * 2
Money(amount=Decimal('25.00'), currency='CNY')

Mixing currencies, or building from a ``float``, raises
:class:`~salesflow.ValidationError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, DecimalException
from functools import total_ordering
from typing import Any

import attrs

from salesflow._checks import MAX_DIGITS, Checker, describe, number_text, to_decimal
from salesflow.exceptions import ValidationError

__all__ = ["MINOR_UNITS", "Money", "minor_units"]

#: ISO 4217 minor units of the currencies whose minor unit is not 2 (every
#: other three-letter code has 2). ``None``: the code has no minor unit (gold,
#: special drawing rights, the test code), so amounts print as they are.
_ZERO = ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG")
_ZERO_TOO = ("RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF")
_THREE = ("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND")
_NONE = ("XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX")
MINOR_UNITS: dict[str, int | None] = {
    **dict.fromkeys(_ZERO + _ZERO_TOO, 0),
    **dict.fromkeys(_THREE, 3),
    **dict.fromkeys(("CLF", "UYW"), 4),
    **dict.fromkeys(_NONE, None),
}

_SPEC = re.compile(
    r"^(?P<fill>.?[<>=^])?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>#)?(?P<zero>0)?(?P<width>\d+)?"
    r"(?P<grouping>,)?(?P<precision>\.\d+)?(?P<type>[eEfFgGn%])?$"
)


def minor_units(currency: str) -> int | None:
    """The ISO 4217 minor units of ``currency``: JPY 0, CNY 2, BHD 3 (``None``: none)."""
    return MINOR_UNITS.get(currency, 2)


def _shown(amount: Decimal, currency: str) -> Decimal:
    """``amount`` with the currency's minor units, never dropping a digit that is not 0."""
    places = minor_units(currency)
    if places is None or not amount.is_finite():
        return amount
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        # more places than the currency has: drop only trailing zeros
        trimmed = amount.normalize(_EXACT)
        tail = trimmed.as_tuple().exponent
        if isinstance(tail, int) and tail < -places:
            return trimmed
    return amount.quantize(Decimal(1).scaleb(-places, _EXACT), context=_EXACT)


_CURRENCY = re.compile(r"[A-Z]{3}\Z")

#: Money arithmetic never rounds: sums, differences and products of Decimals
#: are exact given enough digits, so they are computed in an unbounded context
#: (the default context rounds to 28 significant digits and overflows past
#: 1E+999999, which would silently change an amount or raise decimal.Overflow).
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
#: An amount has at most this many digits before and after the point; beyond
#: that, writing it out (str, quantize) could need gigabytes of digits.
_DIGITS = 100


def _too_long(amount: Decimal) -> bool:
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    if not amount:  # a zero's exponent is bounded too: 0E-10000000 makes every sum slow
        return not -MAX_DIGITS <= exponent <= MAX_DIGITS
    return amount.adjusted() >= _DIGITS or exponent < -_DIGITS


def _check_same(op: str, left: Money, right: object) -> Money:
    if not isinstance(right, Money):
        raise ValidationError.single(
            "Money", "", f"cannot {op} Money and {describe(right)} (expected Money)"
        )
    if left.currency != right.currency:
        raise ValidationError.single(
            "Money",
            "currency",
            f"cannot {op} {left.currency} and {right.currency} (expected one currency; "
            "convert first)",
        )
    return right


@total_ordering
@attrs.frozen(slots=True, eq=True, order=False)
class Money:
    """An amount of one currency. Values, not floats.

    ``amount`` is a :class:`~decimal.Decimal` (built from ``Decimal``, ``int``
    or a numeric string; a ``float`` is refused because it cannot hold 0.1
    exactly). ``currency`` is an upper-case ISO 4217 code such as ``"CNY"``.
    """

    amount: Decimal = attrs.field(converter=to_decimal)
    currency: str = attrs.field()

    def __attrs_post_init__(self) -> None:
        check = Checker("Money")
        amount: Any = self.amount
        if isinstance(amount, float):
            check.add(
                "amount",
                f"float {amount!r} refused: a float cannot hold money exactly "
                f"(write Money({str(amount)!r}, ...) or Money(Decimal({str(amount)!r}), ...))",
            )
        elif isinstance(amount, str):
            check.add("amount", f"{amount!r} is not a number (expected e.g. '12.50')")
        elif check.number("amount", amount) and isinstance(amount, Decimal) and _too_long(amount):
            check.add(
                "amount",
                f"{amount:.6E} is out of range (expected at most {_DIGITS} digits before "
                f"and {_DIGITS} after the decimal point)",
            )
        if isinstance(self.currency, str) and not _CURRENCY.fullmatch(self.currency):
            check.add(
                "currency",
                f"{self.currency!r} is not an ISO 4217 code (expected three upper-case "
                "letters, e.g. 'CNY', 'USD', 'EUR')",
            )
        elif not isinstance(self.currency, str):
            check.add(
                "currency", f"expected an ISO 4217 code string, got {describe(self.currency)}"
            )
        check.done()

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money, in ``currency``."""
        return cls(Decimal(0), currency)

    @staticmethod
    def total(values: Iterable[Money], currency: str) -> Money:
        """The sum of ``values``, all in ``currency`` (zero when empty)."""
        result = Money.zero(currency)
        for value in values:
            result = result + value
        return result

    def __add__(self, other: object) -> Money:
        right = _check_same("add", self, other)
        return Money(_EXACT.add(self.amount, right.amount), self.currency)

    def __radd__(self, other: object) -> Money:
        # lets sum() start from its default 0
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return _check_same("add", self, other) + self

    def __sub__(self, other: object) -> Money:
        right = _check_same("subtract", self, other)
        return Money(_EXACT.subtract(self.amount, right.amount), self.currency)

    def __neg__(self) -> Money:
        return Money(_EXACT.minus(self.amount), self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, (int, Decimal)):
            raise ValidationError.single(
                "Money",
                "",
                f"cannot multiply Money by {describe(factor)} (expected an int or a Decimal)",
            )
        if isinstance(factor, Decimal) and not factor.is_finite():
            raise ValidationError.single(
                "Money", "", f"cannot multiply Money by {factor} (expected a finite number)"
            )
        return Money(_EXACT.multiply(self.amount, factor), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: object) -> bool:
        right = _check_same("compare", self, other)
        return self.amount < right.amount

    def __str__(self) -> str:
        # in the currency's minor units: 1E+3 CNY reads 1,000.00 CNY, 5 JPY reads 5 JPY
        return f"{_shown(self.amount, self.currency):,f} {self.currency}"

    def __repr__(self) -> str:
        return f"Money(amount={self.amount!r}, currency={self.currency!r})"

    def __format__(self, spec: str) -> str:
        """The amount formatted by ``spec`` (as for a Decimal), then the currency.

        Without a precision the amount has the currency's minor units:
        ``f"{Money('120000', 'CNY'):,}"`` is ``'120,000.00 CNY'``,
        ``f"{Money(5, 'JPY')}"`` is ``'5 JPY'``, ``f"{money:.0f}"`` rounds.
        """
        if not spec:
            return str(self)
        match = _SPEC.match(spec)
        if match is None:
            raise ValidationError.single(
                "Money",
                "format",
                f"{spec!r} is not a number format (expected e.g. ',' or ',.2f' or '>12,')",
            )
        if match["precision"] is None and match["type"] in (None, "f", "F"):
            return f"{format(_shown(self.amount, self.currency), spec + 'f')} {self.currency}"
        return f"{format(self.amount, spec)} {self.currency}"

    def is_zero(self) -> bool:
        return self.amount == 0

    def quantize(self, places: int = 2) -> Money:
        """Rounded half-even to ``places`` decimal places (any size of amount)."""
        if isinstance(places, bool) or not isinstance(places, int):
            raise ValidationError.single(
                "Money.quantize", "places", f"expected a whole number, got {describe(places)}"
            )
        if not -MAX_DIGITS <= places <= MAX_DIGITS:
            raise ValidationError.single(
                "Money.quantize",
                "places",
                f"{number_text(places)} is out of range (expected from {-MAX_DIGITS} "
                f"to {MAX_DIGITS})",
            )
        try:
            exponent = Decimal(1).scaleb(-places, _EXACT)
            return Money(self.amount.quantize(exponent, context=_EXACT), self.currency)
        except DecimalException:
            raise ValidationError.single(
                "Money.quantize",
                "places",
                f"{number_text(places)} places cannot be applied to {self.amount:.6E} "
                "(expected a number of places the amount can be rounded to)",
            ) from None
