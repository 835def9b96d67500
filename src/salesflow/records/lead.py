"""The lead record: the lead information sheet (DOMAIN.md section 3)."""

from __future__ import annotations

from datetime import datetime

import attrs

from salesflow._checks import Checker
from salesflow.records._enums import Channel, Industry, LeadSource, LeadStatus, Priority

__all__ = ["Lead"]

_NEEDS_OWNER = (LeadStatus.ASSIGNED, LeadStatus.QUALIFIED, LeadStatus.CONVERTED)


@attrs.frozen(slots=True, kw_only=True)
class Lead:
    """A lead: a possible customer and a first description of its need.

    A lead that is assigned, qualified or converted has an owner;
    ``assigned_at`` (when it got that owner) is never before ``created_at``.
    """

    id: str
    customer_name: str
    created_at: datetime
    source: LeadSource
    channel: Channel = Channel.INBOUND
    priority: Priority = Priority.MEDIUM
    status: LeadStatus = LeadStatus.NEW
    owner: str | None = None
    assigned_at: datetime | None = None
    industry: Industry | None = None
    contact_name: str = ""
    contact_title: str = ""
    phone: str | None = None
    email: str | None = None
    need: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("Lead")
        check.text("id", self.id)
        check.text("customer_name", self.customer_name)
        created_ok = check.aware("created_at", self.created_at)
        check.enum_field(self, "source", LeadSource)
        check.enum_field(self, "channel", Channel)
        check.enum_field(self, "priority", Priority)
        status_ok = check.enum_field(self, "status", LeadStatus)
        owner_ok = check.optional_text("owner", self.owner)
        assigned_ok = check.aware("assigned_at", self.assigned_at, optional=True)
        check.enum_field(self, "industry", Industry, optional=True)
        check.text("contact_name", self.contact_name, allow_empty=True)
        check.text("contact_title", self.contact_title, allow_empty=True)
        check.optional_text("phone", self.phone)
        check.email("email", self.email)
        check.text("need", self.need, allow_empty=True)
        if status_ok and owner_ok and self.status in _NEEDS_OWNER and self.owner is None:
            check.add("owner", f"a lead with status {self.status.value!r} needs an owner")
        if assigned_ok and self.assigned_at is not None:
            if owner_ok and self.owner is None:
                check.add("assigned_at", "set, but the lead has no owner")
            if created_ok and self.assigned_at < self.created_at:
                check.add(
                    "assigned_at",
                    f"{self.assigned_at.isoformat()} is before created_at "
                    f"{self.created_at.isoformat()}",
                )
        check.done()
