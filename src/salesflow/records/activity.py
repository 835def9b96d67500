"""The activity record: a visit plan and its report."""

from __future__ import annotations

from datetime import datetime

import attrs

from salesflow._checks import Checker
from salesflow.records._enums import ActivityKind

__all__ = ["Activity"]


@attrs.frozen(slots=True, kw_only=True)
class Activity:
    """A call, visit, e-mail, meeting or demo: planned, done, or both.

    ``planned_at`` is the plan, ``done_at`` and ``outcome`` the report. An
    activity has at least one of the two times.
    """

    id: str
    kind: ActivityKind
    owner: str
    subject: str
    customer_id: str | None = None
    opportunity_id: str | None = None
    contact_id: str | None = None
    planned_at: datetime | None = None
    done_at: datetime | None = None
    outcome: str = ""

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def __attrs_post_init__(self) -> None:
        check = Checker("Activity")
        check.text("id", self.id)
        check.enum_field(self, "kind", ActivityKind)
        check.text("owner", self.owner)
        check.text("subject", self.subject)
        check.optional_text("customer_id", self.customer_id)
        check.optional_text("opportunity_id", self.opportunity_id)
        check.optional_text("contact_id", self.contact_id)
        planned_ok = check.aware("planned_at", self.planned_at, optional=True)
        done_ok = check.aware("done_at", self.done_at, optional=True)
        check.text("outcome", self.outcome, allow_empty=True)
        if planned_ok and done_ok and self.planned_at is None and self.done_at is None:
            check.add("", "an activity needs planned_at, done_at or both")
        if self.outcome and self.done_at is None and done_ok:
            check.add("outcome", "an outcome is reported only for a done activity (set done_at)")
        check.done()
