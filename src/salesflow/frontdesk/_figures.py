"""What the register tells management: when visitors come, who leaves no details.

:func:`register_figures` counts the register's entries over a span of days:
visitors per weekday and per day of the month (to see which days are busy),
the share who left no contact details, and the same per duty salesperson
(to see who most often lets a visitor go without them).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

import attrs

from salesflow._checks import Checker, describe, freeze_mapping, to_tuple
from salesflow.frontdesk._register import Register, Visit, VisitKind
from salesflow.frozen import EMPTY

__all__ = ["RegisterFigures", "SellerFigures", "register_figures"]

_PLACES = Decimal("0.0001")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_PLACES, rounding=ROUND_HALF_EVEN)


def _counts(check: Checker, path: str, value: object, size: int) -> None:
    if check.items(path, value, int, "whole numbers"):
        assert isinstance(value, tuple)
        if len(value) != size:
            check.add(path, f"expected {size} counts, got {len(value)}")
        for i, n in enumerate(value):
            check.integer(f"{path}[{i}]", n, low=0)


@attrs.frozen(slots=True, kw_only=True)
class SellerFigures:
    """One duty salesperson's entries: how many, how many without details, orders."""

    visits: int = 0
    without_details: int = 0
    ordered: int = 0

    def __attrs_post_init__(self) -> None:
        check = Checker("SellerFigures")
        most = self.visits if check.integer("visits", self.visits, low=0) else None
        check.integer("without_details", self.without_details, low=0, high=most)
        check.integer("ordered", self.ordered, low=0, high=most)
        check.done()

    @property
    def share_without_details(self) -> Decimal | None:
        """The share of entries without contact details (4 places), ``None`` for none."""
        return _share(self.without_details, self.visits)


def _no_sellers() -> Mapping[str, SellerFigures]:
    return EMPTY


@attrs.frozen(slots=True, kw_only=True)
class RegisterFigures:
    """The register's counts over a span of days.

    ``by_weekday`` has seven counts, Monday first; ``by_day_of_month``
    thirty-one, the 1st first. ``by_salesperson`` is keyed by the duty
    salesperson, in order of first appearance.
    """

    visits: int = 0
    walk_ins: int = 0
    calls: int = 0
    without_details: int = 0
    ordered: int = 0
    unchecked: int = 0
    by_weekday: tuple[int, ...] = attrs.field(default=(0,) * 7, converter=to_tuple)
    by_day_of_month: tuple[int, ...] = attrs.field(default=(0,) * 31, converter=to_tuple)
    by_salesperson: Mapping[str, SellerFigures] = attrs.field(
        factory=_no_sellers, converter=freeze_mapping, hash=False
    )

    def __attrs_post_init__(self) -> None:
        check = Checker("RegisterFigures")
        for name in ("visits", "walk_ins", "calls", "without_details", "ordered", "unchecked"):
            check.integer(name, getattr(self, name), low=0)
        _counts(check, "by_weekday", self.by_weekday, 7)
        _counts(check, "by_day_of_month", self.by_day_of_month, 31)
        if not isinstance(self.by_salesperson, Mapping):
            check.add("by_salesperson", f"expected a mapping, got {describe(self.by_salesperson)}")
        else:
            for key, value in self.by_salesperson.items():
                check.instance(f"by_salesperson[{key!r}]", value, SellerFigures, "SellerFigures")
        check.done()

    @property
    def share_without_details(self) -> Decimal | None:
        """The share of entries without contact details (4 places), ``None`` for none."""
        return _share(self.without_details, self.visits)

    @property
    def busiest_weekdays(self) -> tuple[str, ...]:
        """The weekdays with the most visitors (``"monday"`` ...), none if no visitors."""
        top = max(self.by_weekday, default=0)
        return tuple(d for d, n in zip(_WEEKDAYS, self.by_weekday, strict=True) if n and n == top)


def _selected(register: Register, start: date | None, end: date | None) -> list[Visit]:
    check = Checker("register_figures")
    check.instance("register", register, Register, "a Register")
    start_ok = check.day("start", start, optional=True)
    end_ok = check.day("end", end, optional=True)
    if start_ok and end_ok and start is not None and end is not None and end < start:
        check.add("end", f"{end} is before start {start}")
    check.done()
    return [
        v
        for v in register.entries
        if (start is None or v.day >= start) and (end is None or v.day <= end)
    ]


def register_figures(
    register: Register, *, start: date | None = None, end: date | None = None
) -> RegisterFigures:
    """The register's figures over the days from ``start`` to ``end`` (both included).

    Leave either out for no bound on that side.
    """
    visits = _selected(register, start, end)
    weekdays = [0] * 7
    days = [0] * 31
    sellers: dict[str, list[int]] = {}
    for v in visits:
        weekdays[v.day.weekday()] += 1
        days[v.day.day - 1] += 1
        row = sellers.setdefault(v.duty, [0, 0, 0])
        row[0] += 1
        row[1] += not v.has_details
        row[2] += v.ordered
    return RegisterFigures(
        visits=len(visits),
        walk_ins=sum(v.kind is VisitKind.WALK_IN for v in visits),
        calls=sum(v.kind is VisitKind.CALL for v in visits),
        without_details=sum(not v.has_details for v in visits),
        ordered=sum(v.ordered for v in visits),
        unchecked=sum(not v.is_checked for v in visits),
        by_weekday=tuple(weekdays),
        by_day_of_month=tuple(days),
        by_salesperson={
            who: SellerFigures(visits=n, without_details=w, ordered=o)
            for who, (n, w, o) in sellers.items()
        },
    )
