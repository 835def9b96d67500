"""Time-rule compliance: per rule and person, obligations met on time, late, or still open.

The figure counts what :class:`salesflow.cadence.Tracker` says: the tracker
evaluates every rule on every record as of ``at`` (when a clock starts,
what stops it, the deadline, working time, escalation) and gives each
obligation its :class:`~salesflow.cadence.ObligationStatus`; nothing of that
is decided here. This module only groups the obligations and counts them.

There is one engine, the reference one: the time rules are evaluated by the
tracker over record values, and neither the rules nor the explicit events
have a table form, so there is nothing for a columnar engine to read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from salesflow._checks import Checker, describe
from salesflow.analytics._results import INSUFFICIENT, Result
from salesflow.analytics._rules import Key, _order, period
from salesflow.analytics._spec import MIN_SAMPLE, PERIODS
from salesflow.cadence import Obligation, ObligationStatus, Tracker

__all__ = ["COMPLIANCE_KEYS", "compliance", "count"]

#: What compliance may be grouped by: the rule, the person, the rule's subject, or the
#: period of the deadline (``due_at.<year|quarter|month>``, in UTC).
COMPLIANCE_KEYS = ("rule", "person", "subject", *(f"due_at.{p}" for p in PERIODS))

_S = ObligationStatus
#: Each column and the statuses it counts.
_COLUMNS: tuple[tuple[str, tuple[ObligationStatus, ...]], ...] = (
    ("met_on_time", (_S.MET_ON_TIME,)),
    ("met_late", (_S.MET_LATE,)),
    ("overdue", (_S.OVERDUE, _S.ESCALATED)),
    ("escalated", (_S.ESCALATED,)),
    ("not_due", (_S.UPCOMING, _S.DUE)),
)


def _value(key: str, o: Obligation) -> str:
    if key == "rule":
        return o.rule_key
    if key == "person":
        return o.for_whom
    if key == "subject":
        return o.subject.value
    due = o.due_at.astimezone(UTC)
    return period(key.partition(".")[2], due.year, due.month)


def count(keys: tuple[str, ...], obligations: Iterable[Obligation]) -> dict[Key, list[int]]:
    """Per group: the count of each column of :data:`_COLUMNS`."""
    out: dict[Key, list[int]] = {}
    for o in obligations:
        cells = out.setdefault(tuple(_value(k, o) for k in keys), [0] * len(_COLUMNS))
        for i, (_name, statuses) in enumerate(_COLUMNS):
            if o.status in statuses:
                cells[i] += 1
    return out


def _keys(check: Checker, by: object) -> tuple[str, ...]:
    keys = (by,) if isinstance(by, str) else by
    if not isinstance(keys, (tuple, list)) or not keys:
        check.add("by", f"expected a key or a non-empty list of keys, got {describe(by)}")
        return ()
    for i, key in enumerate(keys):
        path = "by" if isinstance(by, str) else f"by[{i}]"
        if key not in COMPLIANCE_KEYS:
            check.add(path, f"{key!r} is not a grouping (expected one of {COMPLIANCE_KEYS})")
        elif key in keys[:i]:
            check.add(path, f"{key!r} is given twice")
    return tuple(keys)


def _finish(keys: tuple[str, ...], counted: dict[Key, list[int]], floor: int) -> Result:
    rows: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for key, (on_time, late, overdue, escalated, not_due) in sorted(
        counted.items(), key=lambda kv: _order(kv[0])
    ):
        decided = on_time + late + overdue
        enough = decided >= max(floor, 1)
        rate = Fraction(on_time, decided) if enough else None
        total = on_time + late + overdue + not_due
        rows.append((*key, total, on_time, late, overdue, escalated, not_due, rate))
        notes.append(None if enough else INSUFFICIENT)
    columns = (*keys, "obligations", *(name for name, _ in _COLUMNS), "on_time_rate")
    return Result("compliance", columns, tuple(rows), tuple(notes))


def compliance(
    tracker: Tracker,
    *,
    at: datetime,
    by: object = ("rule", "person"),
    engine: object = None,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """How the time rules were kept as of ``at``: per rule and person (or ``by``), obligations
    met on time, met late, overdue (escalated among them) and not due yet.

    ``tracker`` is a :class:`salesflow.cadence.Tracker` holding the rules and
    the records; every obligation it gives at ``at`` is counted once, with
    the status it gives (``person`` is whom the obligation falls to).
    ``on_time_rate`` is met on time among the obligations already decided
    (met, or past their deadline): those not due yet can still be met on
    time and are left out; below ``min_sample`` decided obligations it is
    None ("insufficient history"). Only the reference engine exists.
    """
    check = Checker("compliance")
    check.instance("tracker", tracker, Tracker, "a salesflow.cadence.Tracker")
    check.aware("at", at)
    keys = _keys(check, by)
    check.integer("min_sample", min_sample, low=0)
    if engine == "polars":
        check.add(
            "engine",
            "compliance has no polars engine (the time rules are evaluated by the tracker "
            "over records; expected reference)",
        )
    elif engine not in (None, "reference"):
        check.add("engine", f"{engine!r} is not an engine (expected reference)")
    check.done()
    return _finish(keys, count(keys, tracker.obligations(at=at)), min_sample)
