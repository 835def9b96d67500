"""Lead conversion: a lead becomes a customer, a contact and a deal in a chosen pipeline.

The one module of the front desk that calls into :mod:`salesflow.stages`
(``Pipeline.open``, by keyword only). Lineage runs both ways: the converted
lead names the customer, contact and opportunity it became
(``converted_*_id``), and each of them names the lead (``lead_id``).

De-duplication is a hook: ``duplicates=`` is a callable given the would-be
customer that returns the book's customers it duplicates; any it returns
stop the conversion (convert ``into=`` one of them instead).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

import attrs

from salesflow._checks import Checker, describe
from salesflow.exceptions import Problem, ValidationError
from salesflow.frontdesk._leads import check_move
from salesflow.money import Money
from salesflow.records import (
    BasicData,
    Characteristics,
    Contact,
    Customer,
    Industry,
    Lead,
    LeadStatus,
    Opportunity,
)
from salesflow.stages import Pipeline

__all__ = ["Conversion", "Duplicates", "convert"]

#: The de-duplication hook: given the customer a conversion would create,
#: the book's customers it duplicates (none: go ahead).
Duplicates = Callable[[Customer], Iterable[Customer]]


@attrs.frozen(slots=True, kw_only=True)
class Conversion:
    """What a lead became: the converted lead, its customer, contact and opportunity.

    ``new_customer`` says whether the customer was created (``False`` when
    the lead was converted into an existing one); ``contact`` is ``None``
    when no ``contact_id`` was given.
    """

    lead: Lead
    customer: Customer
    opportunity: Opportunity
    contact: Contact | None = None
    new_customer: bool = True

    def __attrs_post_init__(self) -> None:
        check = Checker("Conversion")
        check.instance("lead", self.lead, Lead, "a Lead")
        check.instance("customer", self.customer, Customer, "a Customer")
        check.instance("opportunity", self.opportunity, Opportunity, "an Opportunity")
        if self.contact is not None:
            check.instance("contact", self.contact, Contact, "a Contact or None")
        check.instance("new_customer", self.new_customer, bool, "true or false")
        check.done()


def _check_arguments(check: Checker, lead: object, a: dict[str, object]) -> None:
    check_move(check, lead, LeadStatus.CONVERTED)
    lead_ok = isinstance(lead, Lead)
    check.instance("pipeline", a["pipeline"], Pipeline, "a Pipeline")
    at_ok = check.aware("at", a["at"])
    check.optional_text("by", a["by"])
    check.optional_text("owner", a["owner"])
    check.optional_text("contact_id", a["contact_id"])
    check.text("opportunity_id", a["opportunity_id"])
    amount = a["amount"]
    if isinstance(amount, Money) and amount.amount < 0:
        check.add("amount", f"{amount} is negative (expected an amount of at least 0)")
    else:
        check.instance("amount", amount, Money, "Money")
    if a["stage"] is not None:
        check.text("stage", a["stage"])
    check.text("name", a["name"], allow_empty=True)
    check.day("expected_close", a["expected_close"], optional=True)
    into = a["into"]
    if into is None:
        check.text("customer_id", a["customer_id"])
    elif check.instance("into", into, Customer, "a Customer or None"):
        assert isinstance(into, Customer)
        if a["customer_id"] not in (None, into.id):
            check.add("customer_id", f"{a['customer_id']!r} differs from into.id {into.id!r}")
    if a["duplicates"] is not None and not callable(a["duplicates"]):
        check.add("duplicates", f"expected a callable or None, got {describe(a['duplicates'])}")
    if lead_ok and at_ok:
        assert isinstance(lead, Lead)
        at = a["at"]
        assert isinstance(at, datetime)
        if at < lead.created_at:
            check.add("at", f"{at.isoformat()} is before the lead's created_at")
        if a["owner"] is None and lead.owner is None and a["by"] is None:
            check.add("owner", "the lead has no owner: give owner= (or by=)")
        if a["contact_id"] is not None and not lead.contact_name.strip():
            check.add("contact_id", "the lead names no contact (contact_name is empty)")


def _customer(lead: Lead, customer_id: str, owner: str) -> Customer:
    return Customer(
        id=customer_id,
        name=lead.customer_name,
        industry=lead.industry or Industry.OTHER,
        owner=owner,
        basic=BasicData(phone=lead.phone),
        characteristics=Characteristics(region=lead.territory or ""),
        intent=lead.intent,
        lead_id=lead.id,
    )


def _contact(lead: Lead, contact_id: str, customer_id: str) -> Contact:
    return Contact(
        id=contact_id,
        customer_id=customer_id,
        name=lead.contact_name,
        title=lead.contact_title,
        phone=lead.phone,
        email=lead.email,
        lead_id=lead.id,
    )


def _refuse_duplicates(customer: Customer, duplicates: Duplicates) -> None:
    found = list(duplicates(customer))
    bad = [describe(c) for c in found if not isinstance(c, Customer)]
    if bad:
        raise ValidationError.single(
            "convert",
            "duplicates",
            f"the hook returned {', '.join(bad)} (expected Customer records)",
        )
    if found:
        ids = ", ".join(repr(c.id) for c in found)
        raise ValidationError.single(
            "convert",
            "customer",
            f"the book already holds this customer as {ids} "
            "(convert into it with into=, or resolve the duplicate first)",
        )


def _opened(
    pipeline: Pipeline,
    opportunity_id: str,
    customer_id: str,
    owner: str,
    amount: Money,
    at: datetime,
    options: dict[str, Any],
    *,
    lead_id: str,
) -> Opportunity:
    """The one call into the stages: ``Pipeline.open``, every argument by keyword."""
    try:
        opened = pipeline.open(
            id=opportunity_id,
            customer_id=customer_id,
            owner=owner,
            amount=amount,
            at=at,
            stage=options["stage"],
            by=options["by"],
            name=options["name"],
            expected_close=options["expected_close"],
        )
    except ValidationError as exc:
        problems = [
            Problem("opportunity_id", p.message) if p.path == "id" else p for p in exc.problems
        ]
        raise ValidationError("convert", problems) from None
    return attrs.evolve(opened, lead_id=lead_id)


def _lineage(
    lead: Lead,
    at: datetime,
    owner: str,
    customer: Customer,
    contact: Contact | None,
    opportunity: Opportunity,
) -> Lead:
    """The converted lead, naming what it became."""
    return attrs.evolve(
        lead,
        status=LeadStatus.CONVERTED,
        owner=lead.owner or owner,
        assigned_at=lead.assigned_at if lead.owner else at,
        converted_at=at,
        converted_customer_id=customer.id,
        converted_contact_id=None if contact is None else contact.id,
        converted_opportunity_id=opportunity.id,
    )


def convert(
    lead: Lead,
    *,
    pipeline: Pipeline,
    at: datetime,
    amount: Money,
    opportunity_id: str,
    customer_id: str | None = None,
    contact_id: str | None = None,
    into: Customer | None = None,
    owner: str | None = None,
    by: str | None = None,
    stage: str | None = None,
    name: str = "",
    expected_close: date | None = None,
    duplicates: Duplicates | None = None,
) -> Conversion:
    """Convert ``lead`` into a customer, a contact and an opportunity in ``pipeline``.

    The customer is new (id ``customer_id``, carrying the lead's name,
    industry, phone, territory and intent history), unless ``into=`` names
    an existing one. A contact is made when ``contact_id`` is given. The deal
    opens in ``stage`` (default: the pipeline's first) for ``owner`` (default:
    the lead's owner, else ``by``). ``duplicates`` checks the new customer
    against the book (see the module). A lead that is disqualified or
    already converted is refused; every bad argument is reported at once,
    and nothing changes.
    """
    check = Checker("convert")
    _check_arguments(check, lead, dict(locals()))
    check.done()
    who = owner or lead.owner or by
    assert who is not None
    if into is None:
        assert customer_id is not None
        customer = _customer(lead, customer_id, who)
        if duplicates is not None:
            _refuse_duplicates(customer, duplicates)
    else:
        customer = into
    opened = {"stage": stage, "by": by, "name": name, "expected_close": expected_close}
    opportunity = _opened(
        pipeline, opportunity_id, customer.id, who, amount, at, opened, lead_id=lead.id
    )
    contact = None if contact_id is None else _contact(lead, contact_id, customer.id)
    return Conversion(
        lead=_lineage(lead, at, who, customer, contact, opportunity),
        customer=customer,
        contact=contact,
        opportunity=opportunity,
        new_customer=into is None,
    )
