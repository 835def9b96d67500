"""What evaluating time rules gives: obligations, one person's agenda, a summary.

An :class:`Obligation` is one thing due (by which rule, on which record,
for whom, by when, and how it stands at ``at``); an :class:`Agenda` holds one
person's open ones in due order; a :class:`Summary` counts them by status
(:class:`Tally`) per rule and per person.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from enum import StrEnum

import attrs

from salesflow._checks import freeze_mapping, to_tuple
from salesflow._html import Column, table_html
from salesflow.cadence._rules import Event, RuleSubject, TimeRule
from salesflow.records import Activity, Customer, Lead, Opportunity

__all__ = [
    "Agenda",
    "Obligation",
    "ObligationStatus",
    "Record",
    "Summary",
    "Tally",
    "concerns",
    "due_order",
    "sort_key",
    "tally",
]

#: A record a rule's clock runs on.
Record = Lead | Opportunity | Customer | Activity


class ObligationStatus(StrEnum):
    """Where an obligation stands at a moment."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATED = "escalated"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"

    @property
    def is_open(self) -> bool:
        """Not met yet (upcoming, due, overdue or escalated)."""
        return self not in (ObligationStatus.MET_ON_TIME, ObligationStatus.MET_LATE)

    @property
    def is_late(self) -> bool:
        """Past its deadline and not met in time (overdue, escalated or met late)."""
        return self in (
            ObligationStatus.OVERDUE,
            ObligationStatus.ESCALATED,
            ObligationStatus.MET_LATE,
        )


def _rule_repr(rule: TimeRule) -> str:
    return repr(rule.key)


def _record_repr(record: Record) -> str:
    return f"{type(record).__name__}({record.id!r})"


@attrs.frozen(slots=True, kw_only=True)
class Obligation:
    """One thing due: by which rule, on which record, for whom, by when, and how it stands.

    ``start_at`` is when the clock started (for a calendar recurrence: the
    period's first moment), ``due_at`` the deadline, ``met_at`` when the stop
    event happened (``None`` while open), ``escalate_at`` when it escalates
    (``None``: the rule does not escalate) and ``escalated_to`` to whom.
    ``event`` is the explicit event that started the clock, if one did;
    ``sequence`` numbers the obligations of one rule on one record, from 0.
    """

    rule: TimeRule = attrs.field(repr=_rule_repr)
    record: Record = attrs.field(repr=_record_repr)
    for_whom: str
    start_at: datetime
    due_at: datetime
    status: ObligationStatus
    met_at: datetime | None = None
    escalate_at: datetime | None = None
    escalated_to: str | None = None
    event: Event | None = attrs.field(default=None, repr=False)
    sequence: int = 0

    @property
    def rule_key(self) -> str:
        return self.rule.key

    @property
    def record_id(self) -> str:
        return self.record.id

    @property
    def subject(self) -> RuleSubject:
        return self.rule.subject

    @property
    def identity(self) -> tuple[str, str, int]:
        """(rule key, record id, sequence): the same obligation seen at another ``at``."""
        return (self.rule.key, self.record.id, self.sequence)

    @property
    def sort_key(self) -> tuple[datetime, str, str, int]:
        """Due order: deadline, then rule key, record id and sequence."""
        return (self.due_at, self.rule.key, self.record.id, self.sequence)


@attrs.frozen(slots=True, kw_only=True)
class Agenda:
    """One person's open obligations at ``at``, in due order.

    Holds what falls to ``person`` and what was escalated to them.
    """

    person: str
    at: datetime
    items: tuple[Obligation, ...] = attrs.field(default=(), converter=to_tuple)

    def _repr_html_(self) -> str:
        columns: tuple[Column, ...] = (
            ("rule", lambda o: o.rule_key),
            ("record", lambda o: o.record_id),
            ("status", lambda o: o.status),
            ("due at", lambda o: o.due_at),
            ("escalated to", lambda o: o.escalated_to),
        )
        caption = f"{self.person} at {self.at.isoformat(timespec='minutes')}"
        return table_html(self.items, columns, limit=50, caption=caption)

    @property
    def overdue(self) -> tuple[Obligation, ...]:
        """Past their deadline (overdue or escalated)."""
        return tuple(
            o
            for o in self.items
            if o.status in (ObligationStatus.OVERDUE, ObligationStatus.ESCALATED)
        )

    @property
    def escalated(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.items if o.status is ObligationStatus.ESCALATED)

    @property
    def due(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.items if o.status is ObligationStatus.DUE)

    @property
    def upcoming(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.items if o.status is ObligationStatus.UPCOMING)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Obligation]:
        return iter(self.items)


@attrs.frozen(slots=True, kw_only=True)
class Tally:
    """Counts of obligations by status."""

    met_on_time: int = 0
    met_late: int = 0
    upcoming: int = 0
    due: int = 0
    overdue: int = 0
    escalated: int = 0

    @property
    def met(self) -> int:
        return self.met_on_time + self.met_late

    @property
    def open(self) -> int:
        return self.upcoming + self.due + self.overdue + self.escalated

    @property
    def late(self) -> int:
        """Late in any way: met late, overdue or escalated."""
        return self.met_late + self.overdue + self.escalated

    @property
    def total(self) -> int:
        return self.met + self.open


def _freeze_tallies(value: Mapping[str, Tally]) -> Mapping[str, Tally]:
    frozen: Mapping[str, Tally] = freeze_mapping(dict(value))
    return frozen


@attrs.frozen(slots=True, kw_only=True)
class Summary:
    """Obligations counted by status per rule and per person, at ``at``."""

    at: datetime
    by_rule: Mapping[str, Tally] = attrs.field(converter=_freeze_tallies, hash=False)
    by_person: Mapping[str, Tally] = attrs.field(converter=_freeze_tallies, hash=False)
    total: Tally = Tally()


def tally(obligations: Iterable[Obligation]) -> Tally:
    """The counts by status of ``obligations``."""
    counts = {s.value: 0 for s in ObligationStatus}
    for o in obligations:
        counts[o.status.value] += 1
    return Tally(**counts)


def sort_key(o: Obligation) -> tuple[datetime, str, str, int]:
    """Due order: deadline, then rule key, record id and sequence."""
    return (o.due_at, o.rule.key, o.record.id, o.sequence)


#: Below this many obligations a comparison sort is as quick as the passes.
_SMALL = 4096
#: Obligations a bucket holds on average: a few, sorted in C, cost less than more buckets.
_PER_BUCKET = 4


def _seconds(found: list[Obligation]) -> list[int]:
    """Each deadline as a whole second, in an order-keeping (not epoch-based) count.

    When every deadline carries the one fixed-offset ``timezone`` object, local
    time orders them as the instant does and is read from the fields (a third
    the cost of ``timestamp()``); otherwise the POSIX second, whose ``int()``
    rounds toward zero and so keeps the order too (ties go to the key sort).
    """
    tz = found[0].due_at.tzinfo
    if type(tz) is timezone and all(o.due_at.tzinfo is tz for o in found):
        return [
            (d := o.due_at).toordinal() * 86400 + d.hour * 3600 + d.minute * 60 + d.second
            for o in found
        ]
    return [int(o.due_at.timestamp()) for o in found]


def due_order(found: list[Obligation]) -> list[Obligation]:
    """``found`` in due order (:func:`sort_key`), in passes that grow linearly with it.

    A bucket sort on each deadline's whole second: one pass drops each
    obligation into one of about ``len(found) / 4`` buckets of equal spans of
    seconds (the buckets are in time order), then each bucket of more than
    one (a few, usually) is sorted by the full key. A comparison sort of the
    whole list would cost ``n log n`` comparisons of datetimes.
    """
    n = len(found)
    if n < max(_SMALL, 2):
        found.sort(key=sort_key)
        return found
    seconds = _seconds(found)
    low = min(seconds)
    span = max(seconds) - low
    shift = max(0, span.bit_length() - max(n // _PER_BUCKET, 1).bit_length())
    buckets: list[list[Obligation]] = [[] for _ in range((span >> shift) + 1)]
    for o, second in zip(found, seconds, strict=True):
        buckets[(second - low) >> shift].append(o)
    out: list[Obligation] = []
    for bucket in buckets:
        if len(bucket) > 1:
            bucket.sort(key=sort_key)
        out += bucket
    return out


def concerns(o: Obligation, person: str) -> bool:
    """Whether ``o`` belongs on ``person``'s agenda: open and theirs, or escalated to them."""
    status = o.status
    return (status.is_open and o.for_whom == person) or (
        status is ObligationStatus.ESCALATED and o.escalated_to == person
    )
