"""The visitor register: every walk-in and call, logged by the duty salesperson.

The front desk's first sheet. Every visit to the showroom and every call is
entered, even when the visitor leaves no contact details (then the
circumstances: "Mr. Wang, walked in 10:05, left 10:40"). The sales manager
checks the day's entries; :meth:`Register.checked` records who checked
them and when.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

import attrs

from salesflow._checks import Checker, describe, require_text, to_tuple
from salesflow.exceptions import ValidationError
from salesflow.records import Intent

__all__ = ["Register", "Visit", "VisitKind"]


class VisitKind(StrEnum):
    """How the visitor came: in person or by phone."""

    WALK_IN = "walk_in"
    CALL = "call"


@attrs.frozen(slots=True, kw_only=True)
class Visit:
    """One entry of the register: a walk-in or a call, from arrival to departure.

    ``visitor`` is the name, or the circumstances when the visitor gave
    none ("a gentleman", a car's plate). ``duty`` is the duty salesperson who
    received the visitor; ``asked_about`` the model or product asked about;
    ``intent`` the duty salesperson's judgement; ``ordered`` an order (or
    deposit) on the spot. ``lead_id`` and ``customer_id`` link the visit to
    the lead or customer it is tracked as. ``logged_at`` is when the duty
    salesperson filed the entry (``None``: not recorded); it is never before
    the visit ended, and the entry is due by the end of that working day (the
    ``filed_on_time`` consistency rule). ``checked_by`` and ``checked_at``
    record the sales manager's check (both or neither, never before the entry
    was logged).

    Times are aware; the day of a visit is its arrival's date in the
    arrival's own offset.
    """

    id: str
    kind: VisitKind
    arrived_at: datetime
    left_at: datetime
    duty: str
    visitor: str
    phone: str | None = None
    email: str | None = None
    asked_about: str = ""
    intent: Intent | None = None
    note: str = ""
    ordered: bool = False
    lead_id: str | None = None
    customer_id: str | None = None
    logged_at: datetime | None = None
    checked_by: str | None = None
    checked_at: datetime | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Visit")
        check.text("id", self.id)
        check.enum_field(self, "kind", VisitKind)
        arrived_ok = check.aware("arrived_at", self.arrived_at)
        left_ok = check.aware("left_at", self.left_at)
        check.text("duty", self.duty)
        check.text("visitor", self.visitor)
        check.optional_text("phone", self.phone)
        check.email("email", self.email)
        check.text("asked_about", self.asked_about, allow_empty=True)
        check.enum_field(self, "intent", Intent, optional=True)
        check.text("note", self.note, allow_empty=True)
        check.instance("ordered", self.ordered, bool, "true or false")
        check.optional_text("lead_id", self.lead_id)
        check.optional_text("customer_id", self.customer_id)
        logged_ok = check.aware("logged_at", self.logged_at, optional=True)
        by_ok = check.optional_text("checked_by", self.checked_by)
        at_ok = check.aware("checked_at", self.checked_at, optional=True)
        if arrived_ok and left_ok and self.left_at < self.arrived_at:
            check.add(
                "left_at",
                f"{self.left_at.isoformat()} is before arrived_at {self.arrived_at.isoformat()}",
            )
        self._check_logged(check, left_ok=left_ok, logged_ok=logged_ok, at_ok=at_ok)
        if by_ok and at_ok and (self.checked_by is None) != (self.checked_at is None):
            check.add("checked_at", "give both checked_by and checked_at, or neither")
        elif at_ok and left_ok and self.checked_at is not None and self.checked_at < self.left_at:
            check.add(
                "checked_at",
                f"{self.checked_at.isoformat()} is before left_at {self.left_at.isoformat()} "
                "(the manager checks an entry after the visit)",
            )
        check.done()

    def _check_logged(self, check: Checker, *, left_ok: bool, logged_ok: bool, at_ok: bool) -> None:
        """The entry is logged once the visit ended, and checked once it was logged."""
        if not logged_ok or self.logged_at is None:
            return
        if left_ok and self.logged_at < self.left_at:
            check.add(
                "logged_at",
                f"{self.logged_at.isoformat()} is before left_at {self.left_at.isoformat()} "
                "(the entry is logged once the visit or call has ended)",
            )
        checked = self.checked_at
        if (
            at_ok
            and checked is not None
            and (not left_ok or checked >= self.left_at)
            and (checked < self.logged_at)
        ):
            check.add(
                "checked_at",
                f"{checked.isoformat()} is before logged_at {self.logged_at.isoformat()} "
                "(the manager checks an entry once it is logged)",
            )

    @property
    def day(self) -> date:
        """The day of the visit: the arrival's date in its own offset."""
        return self.arrived_at.date()

    @property
    def stayed(self) -> timedelta:
        """How long the visit or call lasted."""
        return self.left_at - self.arrived_at

    @property
    def has_details(self) -> bool:
        """Whether the visitor left contact details (a phone number or an e-mail)."""
        return self.phone is not None or self.email is not None

    @property
    def is_checked(self) -> bool:
        """Whether the sales manager has checked the entry."""
        return self.checked_at is not None

    @property
    def subject(self) -> str | None:
        """The lead or customer the visit is tracked as (the customer first), if any."""
        return self.customer_id if self.customer_id is not None else self.lead_id


@attrs.frozen(slots=True, kw_only=True)
class Register:
    """The visitor register: every entry, each id once.

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 2, 10, 5, tzinfo=timezone.utc)
    >>> wang = Visit(id="v-1", kind=VisitKind.WALK_IN, arrived_at=at,
    ...              left_at=at.replace(minute=40), duty="li.na", visitor="Mr. Wang")
    >>> Register().added(wang).entries[0].has_details
    False
    """

    entries: tuple[Visit, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("Register")
        if check.items("entries", self.entries, Visit, "Visit"):
            check.unique("entries", (v.id for v in self.entries), "visit id")
        check.done()

    @property
    def unchecked(self) -> tuple[Visit, ...]:
        """The entries the sales manager has not checked yet."""
        return tuple(v for v in self.entries if not v.is_checked)

    def added(self, *visits: Visit) -> Register:
        """A new register with ``visits`` appended (an id already there is refused)."""
        try:
            return Register(entries=(*self.entries, *visits))
        except ValidationError as exc:
            raise ValidationError("Register.added", exc.problems) from None

    def on(self, day: date) -> tuple[Visit, ...]:
        """The entries of ``day``, in the register's order."""
        check = Checker("Register.on")
        if not check.day("day", day):
            check.fail()
        return tuple(v for v in self.entries if v.day == day)

    def visit(self, visit_id: str) -> Visit:
        """The entry ``visit_id``; an unknown id is a :class:`~salesflow.ValidationError`."""
        require_text("Register.visit", "visit_id", visit_id)
        for v in self.entries:
            if v.id == visit_id:
                return v
        raise ValidationError.single(
            "Register", "visit_id", f"no visit with id {describe(visit_id)}"
        )

    def checked(self, *, day: date, by: str, at: datetime) -> Register:
        """The register with every unchecked entry of ``day`` checked by ``by`` at ``at``.

        Entries already checked keep their check. An entry that ends, or was
        logged, after ``at`` cannot be checked yet: it is a
        :class:`~salesflow.ValidationError` naming the entry.
        """
        check = Checker("Register.checked")
        day_ok = check.day("day", day)
        check.text("by", by)
        at_ok = check.aware("at", at)
        check.done()
        assert day_ok
        assert at_ok
        entries = list(self.entries)
        for i, v in enumerate(entries):
            if v.day != day or v.is_checked:
                continue
            if v.left_at > at:
                check.add(
                    f"entries[{i}]",
                    f"visit {v.id!r} ends at {v.left_at.isoformat()}, after the check "
                    f"at {at.isoformat()}",
                )
                continue
            if v.logged_at is not None and v.logged_at > at:
                check.add(
                    f"entries[{i}]",
                    f"visit {v.id!r} was logged at {v.logged_at.isoformat()}, after the check "
                    f"at {at.isoformat()}",
                )
                continue
            entries[i] = attrs.evolve(v, checked_by=by, checked_at=at)
        check.done()
        return Register(entries=tuple(entries))
