"""The front desk's consistency rules as a definition: which checks run, and their settings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from salesflow._checks import Checker, definition_checker, to_tuple
from salesflow.cadence import WorkingCalendar, end_of_day
from salesflow.convert import Definition
from salesflow.frontdesk._progression import TRACKED_INTENTS
from salesflow.frontdesk._register import Visit
from salesflow.frontdesk._report import VisitPurpose
from salesflow.records import Intent

__all__ = ["ConsistencyRule", "ConsistencyRules"]


class ConsistencyRule(StrEnum):
    """One rule tying the sheets together.

    * ``visitor_tracked``: a registered visitor is afterwards tracked (a card,
      or an intent on the progression sheet) or converted (a buyer's card).
    * ``reception_reported``: every reception in the register has an entry at
      that time in the duty salesperson's report of that day.
    * ``progression_reported``: every intent judgement on a lead or customer
      has an entry at that time in the judge's report of that day.
    * ``follow_up_reported``: every done follow-up on a card has an entry at
      that time in its salesperson's report of that day.
    * ``plan_matched``: every planned follow-up is in the plan of its
      salesperson's previous report.
    * ``result_matched``: a follow-up's result and intent agree with the
      report's entry and with the intent held on the lead or customer.
    * ``purpose_stated``: every visit, done or planned, states a known purpose.
    * ``filed_on_time``: every register entry whose filing time is recorded
      (``Visit.logged_at``) was logged by the end of the working day on which
      the visit or call ended.
    """

    VISITOR_TRACKED = "visitor_tracked"
    RECEPTION_REPORTED = "reception_reported"
    PROGRESSION_REPORTED = "progression_reported"
    FOLLOW_UP_REPORTED = "follow_up_reported"
    PLAN_MATCHED = "plan_matched"
    RESULT_MATCHED = "result_matched"
    PURPOSE_STATED = "purpose_stated"
    FILED_ON_TIME = "filed_on_time"


def _every_rule() -> tuple[ConsistencyRule, ...]:
    return tuple(ConsistencyRule)


def _enum_items(check: Checker, owner: object, name: str, kind: type[StrEnum]) -> bool:
    value = getattr(owner, name)
    if not isinstance(value, tuple):
        check.add(name, f"expected a list of {kind.__name__} values, got {value!r}")
        return False
    items: list[object] = []
    ok = True
    for i, v in enumerate(value):
        try:
            items.append(kind(v))
        except (ValueError, TypeError):
            choices = ", ".join(repr(m.value) for m in kind)
            check.add(f"{name}[{i}]", f"{v!r} is not a {kind.__name__} (expected one of {choices})")
            ok = False
    if ok:
        object.__setattr__(owner, name, tuple(items))
        check.unique(name, (str(v) for v in items), kind.__name__)
    return ok


@attrs.frozen(slots=True, kw_only=True)
class ConsistencyRules(Definition):
    """Which of the front desk's rules to check, and how.

    ``tolerance_minutes`` is how far apart a sheet's moment and the report
    entry for it may be and still match (default 30 minutes).
    ``tracked_intents`` are the intents of the progression sheet (default H,
    A and B). ``purposes`` are a team's own visit purposes, besides
    :class:`~salesflow.frontdesk.VisitPurpose`. With
    ``anonymous_exempt`` (the default) a visitor who left no details and is
    linked to no lead or customer need not be tracked. ``calendar`` is the
    showroom's working calendar (:class:`~salesflow.cadence.WorkingCalendar`):
    a register entry is due by the close of the working day on which its
    visit ended (a visit after hours or on a day off: by the close of the
    next working day); without one, by midnight of that day in the visit's
    own offset.
    """

    checks: tuple[ConsistencyRule, ...] = attrs.field(factory=_every_rule, converter=to_tuple)
    tolerance_minutes: int = 30
    tracked_intents: tuple[Intent, ...] = attrs.field(default=TRACKED_INTENTS, converter=to_tuple)
    purposes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    anonymous_exempt: bool = True
    calendar: WorkingCalendar | None = None

    def __attrs_post_init__(self) -> None:
        check = definition_checker("ConsistencyRules")
        _enum_items(check, self, "checks", ConsistencyRule)
        check.integer("tolerance_minutes", self.tolerance_minutes, low=0, high=24 * 60)
        _enum_items(check, self, "tracked_intents", Intent)
        if check.items("purposes", self.purposes, str, "purpose keys"):
            for i, key in enumerate(self.purposes):
                check.key(f"purposes[{i}]", key)
            check.unique("purposes", self.purposes, "purpose")
        check.instance("anonymous_exempt", self.anonymous_exempt, bool, "true or false")
        if self.calendar is not None:
            check.instance("calendar", self.calendar, WorkingCalendar, "a WorkingCalendar or None")
        check.done()

    @property
    def purpose_keys(self) -> tuple[str, ...]:
        """Every purpose a visit may state: the built-in ones, then the team's own."""
        return (*(p.value for p in VisitPurpose), *self.purposes)

    def filing_due(self, visit: Visit) -> datetime:
        """When ``visit``'s register entry is due: the close of the working day it ended on.

        On :attr:`calendar`: the end of the last working window of the
        working day holding the visit's end (of the next working day when it
        ended outside working time); without a calendar, the last moment of
        that day in the visit's own offset.
        """
        check = Checker("ConsistencyRules.filing_due")
        check.instance("visit", visit, Visit, "a Visit")
        check.done()
        if self.calendar is None:
            return end_of_day(visit.left_at)
        return self.calendar.close_of_day(visit.left_at)
