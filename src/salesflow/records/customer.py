"""The customer record and its four parts."""

from __future__ import annotations

from datetime import date

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow._html import short_repr
from salesflow.money import Money
from salesflow.records._enums import (
    CreditRating,
    CustomerCategory,
    EnterpriseNature,
    Industry,
    OperatingStatus,
    Relationship,
    ValueGrade,
)
from salesflow.records.intent import IntentHistory

__all__ = ["BasicData", "BusinessStatus", "Characteristics", "Contact", "Customer", "TradingStatus"]


def _money(check: Checker, path: str, value: object) -> None:
    if value is not None:
        check.instance(path, value, Money, "Money or None")


@attrs.frozen(slots=True, kw_only=True)
class BasicData:
    """Basic data: where the customer is and who it is legally."""

    address: str = ""
    phone: str | None = None
    website: str | None = None
    legal_representative: str = ""
    founded: date | None = None
    registered_capital: Money | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("BasicData")
        check.text("address", self.address, allow_empty=True)
        check.optional_text("phone", self.phone)
        check.optional_text("website", self.website)
        check.text("legal_representative", self.legal_representative, allow_empty=True)
        check.day("founded", self.founded, optional=True)
        _money(check, "registered_capital", self.registered_capital)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Characteristics:
    """Characteristics: region, size (revenue, headcount), capacity, potential."""

    region: str = ""
    annual_revenue: Money | None = None
    headcount: int | None = None
    capacity: str = ""
    potential: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("Characteristics")
        check.text("region", self.region, allow_empty=True)
        _money(check, "annual_revenue", self.annual_revenue)
        if isinstance(self.annual_revenue, Money) and self.annual_revenue.amount < 0:
            check.add("annual_revenue", "must not be negative")
        check.integer("headcount", self.headcount, low=0, optional=True)
        check.text("capacity", self.capacity, allow_empty=True)
        check.text("potential", self.potential, allow_empty=True)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class BusinessStatus:
    """Business status: how the customer's own business is doing."""

    operating: OperatingStatus = OperatingStatus.UNKNOWN
    main_business: str = ""
    main_products: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("BusinessStatus")
        check.enum_field(self, "operating", OperatingStatus)
        check.text("main_business", self.main_business, allow_empty=True)
        check.items("main_products", self.main_products, str, "product names")
        check.text("notes", self.notes, allow_empty=True)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class TradingStatus:
    """Trading status: credit, payment terms and past problems."""

    credit_rating: CreditRating | None = None
    payment_terms_days: int | None = None
    past_problems: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    first_order: date | None = None
    last_order: date | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("TradingStatus")
        check.enum_field(self, "credit_rating", CreditRating, optional=True)
        check.integer("payment_terms_days", self.payment_terms_days, low=0, optional=True)
        check.items("past_problems", self.past_problems, str, "problem descriptions")
        ok_first = check.day("first_order", self.first_order, optional=True)
        ok_last = check.day("last_order", self.last_order, optional=True)
        if (
            ok_first
            and ok_last
            and self.first_order is not None
            and self.last_order is not None
            and self.last_order < self.first_order
        ):
            check.add("last_order", f"{self.last_order} is before first_order {self.first_order}")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Customer:
    """A customer: identity, classification and the four parts of its record.

    ``intent`` is the purchase intent its salespeople judged, as a history
    (see :class:`~salesflow.records.IntentHistory`); ``lead_id`` names the
    lead it was converted from, if it was.

    >>> from salesflow import Customer, Industry
    >>> Customer(id="c-1", name="Hengtai Machinery", industry=Industry.MANUFACTURING).category
    <CustomerCategory.POTENTIAL: 'potential'>
    """

    id: str
    name: str
    industry: Industry = Industry.OTHER
    nature: EnterpriseNature = EnterpriseNature.OTHER
    category: CustomerCategory = CustomerCategory.POTENTIAL
    relationship: Relationship = Relationship.POTENTIAL
    value_grade: ValueGrade | None = None
    owner: str | None = None
    basic: BasicData = attrs.field(factory=BasicData)
    characteristics: Characteristics = attrs.field(factory=Characteristics)
    business: BusinessStatus = attrs.field(factory=BusinessStatus)
    trading: TradingStatus = attrs.field(factory=TradingStatus)
    intent: IntentHistory = attrs.field(factory=IntentHistory)
    lead_id: str | None = None

    def __repr__(self) -> str:
        # the key fields only (equality still compares every field)
        return short_repr(self, ("id", "name", "industry", "category", "value_grade", "owner"))

    def __attrs_post_init__(self) -> None:
        check = Checker("Customer")
        check.text("id", self.id)
        check.text("name", self.name)
        check.enum_field(self, "industry", Industry)
        check.enum_field(self, "nature", EnterpriseNature)
        check.enum_field(self, "category", CustomerCategory)
        check.enum_field(self, "relationship", Relationship)
        check.enum_field(self, "value_grade", ValueGrade, optional=True)
        check.optional_text("owner", self.owner)
        check.instance("basic", self.basic, BasicData, "BasicData")
        check.instance("characteristics", self.characteristics, Characteristics, "Characteristics")
        check.instance("business", self.business, BusinessStatus, "BusinessStatus")
        check.instance("trading", self.trading, TradingStatus, "TradingStatus")
        check.instance("intent", self.intent, IntentHistory, "an IntentHistory")
        check.optional_text("lead_id", self.lead_id)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Contact:
    """A person at a customer; ``lead_id`` names the lead it came from, if it did."""

    id: str
    customer_id: str
    name: str
    title: str = ""
    reports_to: str | None = None
    phone: str | None = None
    email: str | None = None
    lead_id: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Contact")
        check.text("id", self.id)
        check.text("customer_id", self.customer_id)
        check.text("name", self.name)
        check.text("title", self.title, allow_empty=True)
        if check.optional_text("reports_to", self.reports_to) and self.reports_to == self.id:
            check.add("reports_to", f"a contact cannot report to itself ({self.id!r})")
        check.optional_text("phone", self.phone)
        check.email("email", self.email)
        check.optional_text("lead_id", self.lead_id)
        check.done()
