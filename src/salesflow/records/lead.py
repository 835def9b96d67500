"""The lead record: the lead information sheet."""

from __future__ import annotations

from datetime import datetime

import attrs

from salesflow._checks import Checker
from salesflow._html import short_repr
from salesflow.records._enums import Channel, Industry, LeadSource, LeadStatus, Priority
from salesflow.records.intent import IntentHistory

__all__ = ["Lead"]

_NEEDS_OWNER = (
    LeadStatus.ASSIGNED,
    LeadStatus.WORKING,
    LeadStatus.QUALIFIED,
    LeadStatus.CONVERTED,
)
_LINEAGE = ("converted_customer_id", "converted_contact_id", "converted_opportunity_id")


@attrs.frozen(slots=True, kw_only=True)
class Lead:
    """A lead: a possible customer and a first description of its need.

    A lead that is assigned, working, qualified or converted has an owner;
    ``assigned_at`` (when it got that owner) is never before ``created_at``.
    ``intent`` is the purchase intent its salespeople judged, as a history
    (see :class:`~salesflow.records.IntentHistory`); ``territory`` is where
    it is, for assignment by territory.

    Only a disqualified lead has a ``disqualified_reason``, and only a
    converted one records what it became: ``converted_at`` and the ids of
    the customer, contact and opportunity it was converted into (the
    lineage; those records name the lead back in their ``lead_id``).
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
    territory: str | None = None
    intent: IntentHistory = attrs.field(factory=IntentHistory)
    disqualified_reason: str | None = None
    converted_at: datetime | None = None
    converted_customer_id: str | None = None
    converted_contact_id: str | None = None
    converted_opportunity_id: str | None = None

    def __repr__(self) -> str:
        # the key fields only (equality still compares every field)
        return short_repr(self, ("id", "customer_name", "status", "priority", "owner"))

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
        check.optional_text("territory", self.territory)
        check.instance("intent", self.intent, IntentHistory, "an IntentHistory")
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
        self._check_outcome(check, status_ok, created_ok)
        check.done()

    def _check_outcome(self, check: Checker, status_ok: bool, created_ok: bool) -> None:
        status = self.status if status_ok else None
        if (
            check.optional_text("disqualified_reason", self.disqualified_reason)
            and self.disqualified_reason is not None
            and status is not None
            and status is not LeadStatus.DISQUALIFIED
        ):
            check.add(
                "disqualified_reason",
                f"set on a {status.value} lead (only a disqualified lead has a reason)",
            )
        converted = status is LeadStatus.CONVERTED or status is None
        for name in _LINEAGE:
            value = getattr(self, name)
            if check.optional_text(name, value) and value is not None and not converted:
                check.add(name, f"set on a {self.status.value} lead (only a converted lead has it)")
        if check.aware("converted_at", self.converted_at, optional=True):
            if self.converted_at is not None and not converted:
                check.add(
                    "converted_at", f"set on a {self.status.value} lead (only a converted lead)"
                )
            if self.converted_at is not None and created_ok and self.converted_at < self.created_at:
                check.add(
                    "converted_at",
                    f"{self.converted_at.isoformat()} is before created_at "
                    f"{self.created_at.isoformat()}",
                )
