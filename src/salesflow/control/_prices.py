"""Price discipline: a price list with a discount floor, lines checked, pay before delivery.

Prices come from the list (the invoice is drawn from the price
list and checked); a line below the list's floor needs an approved discount
request; goods leave only against payment, unless an approved exception
says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

import attrs

from salesflow._checks import (
    Checker,
    definition_checker,
    describe,
    to_decimal,
    to_optional_decimal,
    to_tuple,
)
from salesflow.control._requests import ApprovalRequest
from salesflow.convert import Definition
from salesflow.exceptions import ApprovalError, Reason, ValidationError
from salesflow.money import Money

__all__ = [
    "DeliveryRelease",
    "Line",
    "LineFinding",
    "Price",
    "PriceCheck",
    "PriceList",
    "release_delivery",
]

_HUNDRED = Decimal(100)


def _discount(check: Checker, path: str, value: object, *, optional: bool = False) -> None:
    check.number(path, value, low=0, high=100, optional=optional)


@attrs.frozen(slots=True, kw_only=True)
class Price(Definition):
    """One entry of a price list: a product's unit price from ``valid_from`` to ``valid_to``.

    ``valid_to`` is inclusive (``None``: until further notice);
    ``max_discount`` (percent) overrides the list's for this product.
    """

    product: str
    unit_price: Money
    valid_from: date
    valid_to: date | None = None
    max_discount: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Price")
        check.text("product", self.product)
        if (
            check.instance("unit_price", self.unit_price, Money, "Money")
            and self.unit_price.amount <= 0
        ):
            check.add("unit_price", f"{self.unit_price} is not positive")
        from_ok = check.day("valid_from", self.valid_from)
        to_ok = check.day("valid_to", self.valid_to, optional=True)
        if from_ok and to_ok and self.valid_to is not None and self.valid_to < self.valid_from:
            check.add("valid_to", f"{self.valid_to} is before valid_from {self.valid_from}")
        _discount(check, "max_discount", self.max_discount, optional=True)
        check.done()

    def valid_on(self, day: date) -> bool:
        """Whether the price holds on ``day``."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@attrs.frozen(slots=True, kw_only=True)
class Line:
    """A quote or order line: ``quantity`` of ``product`` at ``unit_price``."""

    product: str
    quantity: Decimal = attrs.field(converter=to_decimal)
    unit_price: Money

    def __attrs_post_init__(self) -> None:
        check = Checker("Line")
        check.text("product", self.product)
        if check.number("quantity", self.quantity) and self.quantity <= 0:
            check.add("quantity", f"{self.quantity} is not positive")
        check.instance("unit_price", self.unit_price, Money, "Money")
        check.done()

    @property
    def total(self) -> Money:
        """``unit_price`` times ``quantity``, exact."""
        return self.unit_price * self.quantity


@attrs.frozen(slots=True, kw_only=True)
class LineFinding:
    """Something wrong with line ``index``: a stable ``code`` and a message.

    Codes: ``unknown_product``, ``no_price_on_date``, ``wrong_currency``,
    ``above_list``, ``below_floor`` (``waived`` when an approved discount
    request covers it).
    """

    index: int
    product: str
    code: str
    message: str
    list_price: Money | None = None
    floor: Money | None = None
    waived: bool = False


@attrs.frozen(slots=True, kw_only=True)
class PriceCheck:
    """The answer of :meth:`PriceList.check`: every finding, and whether the lines pass."""

    on: date
    lines: tuple[Line, ...]
    findings: tuple[LineFinding, ...] = ()
    exception_id: str | None = None

    @property
    def passes(self) -> bool:
        """No finding, or only waived ones."""
        return all(f.waived for f in self.findings)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the findings not waived, in line order."""
        return tuple(f.code for f in self.findings if not f.waived)

    @property
    def total(self) -> Money | None:
        """The lines' total (exact), or ``None`` when they mix currencies or there are none."""
        currencies = {line.unit_price.currency for line in self.lines}
        if len(currencies) != 1:
            return None
        return Money.total((line.total for line in self.lines), currencies.pop())


def _label(price_list: object) -> str:
    return f"control.price_list.{getattr(price_list, 'key', '')}"


@attrs.frozen(slots=True, kw_only=True)
class PriceList(Definition):
    """Unit prices in one currency, and the floor below which a price needs approval.

    ``max_discount`` (percent): the lowest price without approval is the list
    price times ``(100 - max_discount) / 100`` (a product's own
    ``max_discount`` wins). ``exception_policy``: the approval policy whose
    approved request lets a line go below the floor.
    """

    key: str
    currency: str
    prices: tuple[Price, ...] = attrs.field(converter=to_tuple)
    max_discount: Decimal = attrs.field(default=Decimal(0), converter=to_decimal)
    exception_policy: str = "discount_approval"
    label_key: str = attrs.field(default=attrs.Factory(_label, takes_self=True))

    def __attrs_post_init__(self) -> None:
        check = definition_checker("PriceList")
        check.key("key", self.key)
        currency_ok = True
        try:
            Money(0, self.currency)
        except ValidationError:
            check.add(
                "currency",
                f"expected an ISO 4217 code such as 'CNY', got {describe(self.currency)}",
            )
            currency_ok = False
        if check.items("prices", self.prices, Price, "Price"):
            self._check_prices(check, currency_ok)
        _discount(check, "max_discount", self.max_discount)
        check.key("exception_policy", self.exception_policy)
        check.text("label_key", self.label_key)
        check.done()

    def _check_prices(self, check: Checker, currency_ok: bool) -> None:
        seen: dict[str, list[Price]] = {}
        for i, price in enumerate(self.prices):
            if currency_ok and price.unit_price.currency != self.currency:
                check.add(
                    f"prices[{i}].unit_price.currency",
                    f"{price.unit_price.currency} in a {self.currency} price list",
                )
            for other in seen.get(price.product, ()):
                if _overlap(price, other):
                    check.add(
                        f"prices[{i}].valid_from",
                        f"{price.product!r} already has a price from {other.valid_from} "
                        f"to {other.valid_to or 'open end'}",
                    )
                    break
            seen.setdefault(price.product, []).append(price)

    @property
    def products(self) -> tuple[str, ...]:
        """The products priced, sorted."""
        return tuple(sorted({p.product for p in self.prices}))

    def price(self, product: str, *, on: date) -> Price:
        """The entry for ``product`` valid ``on`` that day."""
        check = Checker("PriceList.price")
        check.text("product", product)
        check.day("on", on)
        check.done()
        found = self._find(product, on)
        if isinstance(found, str):
            raise ValidationError.single("PriceList.price", "product", found)
        return found

    def floor(self, product: str, *, on: date) -> Money:
        """The lowest unit price of ``product`` without approval, ``on`` that day (exact)."""
        price = self.price(product, on=on)
        return _floor(price.unit_price, self._max(price))

    def line(
        self, product: str, *, quantity: Decimal | int, on: date, discount: Decimal | int = 0
    ) -> Line:
        """A line priced off the list: the list price less ``discount`` percent (exact)."""
        check = Checker("PriceList.line")
        _discount(check, "discount", to_decimal(discount))
        check.done()
        price = self.price(product, on=on)
        unit = _floor(price.unit_price, to_decimal(discount))
        return Line(product=product, quantity=quantity, unit_price=unit)

    def check(
        self, lines: Iterable[Line], *, on: date, exception: ApprovalRequest | None = None
    ) -> PriceCheck:
        """Every line against the list on ``on``; ``exception`` may waive lines below the floor.

        The exception waives a line only when it is an approved request of
        ``exception_policy`` whose ``discount`` covers the line's discount.
        """
        found = _lines(lines)
        check = Checker("PriceList.check")
        check.day("on", on)
        if exception is not None:
            check.instance("exception", exception, ApprovalRequest, "an ApprovalRequest or None")
        check.done()
        findings: list[LineFinding] = []
        for i, line in enumerate(found):
            finding = self._finding(i, line, on, exception)
            if finding is not None:
                findings.append(finding)
        exception_id = exception.id if exception is not None else None
        return PriceCheck(on=on, lines=found, findings=tuple(findings), exception_id=exception_id)

    def _finding(
        self, i: int, line: Line, on: date, exception: ApprovalRequest | None
    ) -> LineFinding | None:
        def found(
            code: str,
            message: str,
            list_price: Money | None = None,
            floor: Money | None = None,
            waived: bool = False,
        ) -> LineFinding:
            return LineFinding(
                index=i,
                product=line.product,
                code=code,
                message=message,
                list_price=list_price,
                floor=floor,
                waived=waived,
            )

        price = self._find(line.product, on)
        if isinstance(price, str):
            code = "unknown_product" if line.product not in self.products else "no_price_on_date"
            return found(code, price)
        listed = price.unit_price
        if line.unit_price.currency != listed.currency:
            return found(
                "wrong_currency",
                f"priced in {line.unit_price.currency}, listed in {listed.currency}",
            )
        if line.unit_price > listed:
            return found(
                "above_list",
                f"{line.unit_price} is above the list price {listed}",
                list_price=listed,
            )
        floor = _floor(listed, self._max(price))
        if line.unit_price >= floor:
            return None
        waived = self._covers(exception, listed, line.unit_price)
        return found(
            "below_floor",
            f"{line.unit_price} is below the floor {floor} (list price {listed})",
            list_price=listed,
            floor=floor,
            waived=waived,
        )

    def _covers(self, exception: ApprovalRequest | None, listed: Money, unit: Money) -> bool:
        if exception is None or not exception.approved or exception.policy != self.exception_policy:
            return False
        return exception.discount is not None and unit >= _floor(listed, exception.discount)

    def _max(self, price: Price) -> Decimal:
        return self.max_discount if price.max_discount is None else price.max_discount

    def _find(self, product: str, on: date) -> Price | str:
        entries = [p for p in self.prices if p.product == product]
        if not entries:
            return f"{product!r} is not on price list {self.key!r}"
        for entry in entries:
            if entry.valid_on(on):
                return entry
        return f"{product!r} has no price valid on {on.isoformat()} in {self.key!r}"


def _overlap(a: Price, b: Price) -> bool:
    a_end = a.valid_to or date.max
    b_end = b.valid_to or date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def _floor(listed: Money, discount: Decimal) -> Money:
    # exact: (100 - d) / 100 shifts the point two places, it never rounds
    return Money((listed.amount * (_HUNDRED - discount)).scaleb(-2), listed.currency)


def _lines(lines: Iterable[Line]) -> tuple[Line, ...]:
    found: object = lines
    if isinstance(lines, Iterable) and not isinstance(lines, (str, bytes, Mapping)):
        found = tuple(lines)
    check = Checker("PriceList.check")
    if not check.items("lines", found, Line, "Line"):
        check.fail()
    assert isinstance(found, tuple)
    return found


@attrs.frozen(slots=True, kw_only=True)
class DeliveryRelease:
    """Goods may leave for ``order_id``, on ``basis`` ``"paid"`` or ``"exception"`` (its id)."""

    order_id: str
    basis: str
    exception_id: str | None = None


def release_delivery(
    order_id: str,
    *,
    due: Money,
    paid: Money,
    exception: ApprovalRequest | None = None,
    policy: str = "delivery_before_payment",
) -> DeliveryRelease:
    """Goods leave only against payment (``paid`` covers ``due``), or an approved exception.

    The exception is an approved request of ``policy`` about ``order_id``;
    anything else is refused with :class:`~salesflow.ApprovalError` (code
    ``unpaid``, and why the exception does not count).
    """
    check = Checker("release_delivery")
    check.text("order_id", order_id)
    due_ok = check.instance("due", due, Money, "Money")
    paid_ok = check.instance("paid", paid, Money, "Money")
    if due_ok and paid_ok and due.currency != paid.currency:
        check.add(
            "paid", f"{paid.currency} paid against {due.currency} due (expected one currency)"
        )
    if exception is not None:
        check.instance("exception", exception, ApprovalRequest, "an ApprovalRequest or None")
    check.key("policy", policy)
    check.done()
    if paid >= due:
        return DeliveryRelease(order_id=order_id, basis="paid")
    reasons = [Reason("unpaid", f"{paid} paid of {due} due: payment comes before delivery")]
    if exception is None:
        return _refuse(order_id, reasons)
    if exception.policy != policy:
        reasons.append(
            Reason("exception_wrong_policy", f"request {exception.id!r} is not a {policy} request")
        )
    if exception.subject_id != order_id:
        reasons.append(
            Reason(
                "exception_other_subject",
                f"request {exception.id!r} is about {exception.subject_id!r}",
            )
        )
    if not exception.approved:
        reasons.append(
            Reason(
                "exception_not_approved", f"request {exception.id!r} is {exception.status.value}"
            )
        )
    if len(reasons) > 1:
        return _refuse(order_id, reasons)
    return DeliveryRelease(order_id=order_id, basis="exception", exception_id=exception.id)


def _refuse(order_id: str, reasons: list[Reason]) -> DeliveryRelease:
    raise ApprovalError("deliver", order_id, reasons)
