"""A portfolio: the records one team holds, as one value.

The demo's sample data is a portfolio; ``python -m salesflow validate FILE
--as portfolio`` checks one, including that every opportunity's customer is
in it.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from salesflow._checks import Checker, require_text, to_tuple
from salesflow._html import short_repr
from salesflow.exceptions import ValidationError
from salesflow.records.activity import Activity
from salesflow.records.customer import Contact, Customer
from salesflow.records.lead import Lead
from salesflow.records.opportunity import Opportunity

__all__ = ["Portfolio"]


@attrs.frozen(slots=True, kw_only=True)
class Portfolio:
    """A book of business: the records one team holds, and the demo's "now"."""

    as_of: datetime
    customers: tuple[Customer, ...] = attrs.field(default=(), converter=to_tuple)
    contacts: tuple[Contact, ...] = attrs.field(default=(), converter=to_tuple)
    leads: tuple[Lead, ...] = attrs.field(default=(), converter=to_tuple)
    opportunities: tuple[Opportunity, ...] = attrs.field(default=(), converter=to_tuple)
    activities: tuple[Activity, ...] = attrs.field(default=(), converter=to_tuple)

    def __repr__(self) -> str:
        # counts, not every record
        names = ("as_of", "customers", "contacts", "leads", "opportunities", "activities")
        return short_repr(self, names)

    def __attrs_post_init__(self) -> None:
        check = Checker("Portfolio")
        check.aware("as_of", self.as_of)
        for name, kind in (
            ("customers", Customer),
            ("contacts", Contact),
            ("leads", Lead),
            ("opportunities", Opportunity),
            ("activities", Activity),
        ):
            if check.items(name, getattr(self, name), kind, kind.__name__):
                check.unique(name, (r.id for r in getattr(self, name)), f"{kind.__name__} id")
        known = {c.id for c in self.customers}
        for i, opp in enumerate(self.opportunities):
            if isinstance(opp, Opportunity) and opp.customer_id not in known:
                check.add(
                    f"opportunities[{i}].customer_id", f"unknown customer {opp.customer_id!r}"
                )
        check.done()

    def customer(self, customer_id: str) -> Customer:
        """The customer with ``customer_id``; a ValidationError if there is none."""
        require_text("Portfolio.customer", "customer_id", customer_id)
        for c in self.customers:
            if c.id == customer_id:
                return c
        raise ValidationError.single(
            "Portfolio", "customers", f"no customer with id {customer_id!r}"
        )
