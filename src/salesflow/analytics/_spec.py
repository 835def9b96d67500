"""The definition of each analytic: a frozen value both engines read.

A spec says what an analytic counts, how it groups (``by``) and its
parameters (percentiles, the sample floor). It is checked once, here; the
engines (:mod:`._reference`, :mod:`._polars`) compute it and the rules
(:mod:`._rules`) finish it, so the two engines cannot define it differently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

import attrs

from salesflow._checks import Checker, describe, to_tuple

__all__ = [
    "FIELDS",
    "PERIODS",
    "Conversion",
    "Counts",
    "CycleTime",
    "Forecast",
    "Funnel",
    "Grouping",
    "Reasons",
    "Slippage",
    "Spec",
    "Stale",
    "Velocity",
    "WinRate",
    "grouping",
]

#: Opportunity fields a figure may be grouped by.
FIELDS = ("owner", "pipeline", "stage", "status", "customer_id", "lead_id")
#: Periods of creation a figure may be grouped by (``created_at.<period>``, in UTC).
PERIODS = ("year", "quarter", "month")
#: The default sample floor: a group with fewer deals says "insufficient history".
MIN_SAMPLE = 5

_ATTRIBUTE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@attrs.frozen(slots=True)
class Grouping:
    """One ``by=`` key: an opportunity field, a custom attribute, or a period of creation.

    ``kind`` is ``field``, ``attribute`` or ``period``; ``name`` the field,
    the attribute key or the period.
    """

    kind: str
    name: str

    @property
    def column(self) -> str:
        """The result column this key fills."""
        if self.kind == "field":
            return self.name
        if self.kind == "attribute":
            return f"attributes.{self.name}"
        return f"created_{self.name}"


def grouping(check: Checker, by: object) -> tuple[Grouping, ...]:
    """``by`` (None, one key or a sequence of keys) as groupings; problems at ``by``."""
    if by is None:
        return ()
    keys = (by,) if isinstance(by, str) else by
    if not isinstance(keys, (tuple, list)):
        check.add("by", f"expected a key or a list of keys, got {describe(by)}")
        return ()
    out: list[Grouping] = []
    for i, key in enumerate(keys):
        path = "by" if isinstance(by, str) else f"by[{i}]"
        found = _one(key)
        if found is None:
            check.add(
                path,
                f"{key!r} is not a grouping (expected one of {', '.join(FIELDS)}, "
                "'attributes.<key>' or 'created_at.<year|quarter|month>')",
            )
        elif found in out:
            check.add(path, f"{key!r} is given twice")
        else:
            out.append(found)
    return tuple(out)


def _one(key: object) -> Grouping | None:
    if not isinstance(key, str):
        return None
    if key in FIELDS:
        return Grouping("field", key)
    head, _, tail = key.partition(".")
    if head == "attributes" and _ATTRIBUTE.match(tail):
        return Grouping("attribute", tail)
    if head == "created_at" and tail in PERIODS:
        return Grouping("period", tail)
    return None


def _percentiles(value: object) -> tuple[int, ...]:
    found: tuple[int, ...] = to_tuple(value)
    return found


@attrs.frozen(slots=True, kw_only=True)
class Spec:
    """What every analytic has: its grouping and its sample floor."""

    by: tuple[Grouping, ...] = ()
    min_sample: int = MIN_SAMPLE

    @property
    def group_columns(self) -> tuple[str, ...]:
        return tuple(g.column for g in self.by)


@attrs.frozen(slots=True, kw_only=True)
class Counts(Spec):
    """Deals and amounts by pipeline, stage, status and currency (and ``by``)."""


@attrs.frozen(slots=True, kw_only=True)
class Funnel(Spec):
    """Deals of ``pipeline`` that reached each of its stages (``stages`` in order)."""

    pipeline: str
    stages: tuple[str, ...]


@attrs.frozen(slots=True, kw_only=True)
class Conversion(Funnel):
    """From each stage of ``pipeline`` to the next: the share of deals that went on."""


@attrs.frozen(slots=True, kw_only=True)
class WinRate(Spec):
    """Won among closed (won or lost) deals, per group."""


@attrs.frozen(slots=True, kw_only=True)
class CycleTime(Spec):
    """From creation to the last win or loss, per outcome and group: median and percentiles."""

    percentiles: tuple[int, ...] = attrs.field(default=(50,), converter=_percentiles)


@attrs.frozen(slots=True, kw_only=True)
class Reasons(Spec):
    """Lost deals by lost reason and won deals by win outcome, with their amounts."""


@attrs.frozen(slots=True, kw_only=True)
class Stale(Spec):
    """Open deals that have sat in their stage for its ``rot_days`` or more at ``at``.

    ``stages`` maps each given pipeline's key to its stages' ``rot_days``
    (stage key -> days, ``None``: never stale).
    """

    stages: Mapping[str, Mapping[str, int | None]]
    at: datetime


@attrs.frozen(slots=True, kw_only=True)
class Velocity(Spec):
    """Open deals x win rate x average won amount / average won cycle in days, per currency."""


@attrs.frozen(slots=True, kw_only=True)
class Forecast(Spec):
    """Amounts by forecast category and period of expected close, weighted and rolled up.

    ``stages`` maps each given pipeline's key to its stages' (default
    probability, forecast category); ``period`` is ``month`` or ``quarter``
    of the fiscal year that starts in month ``fiscal_start``.
    """

    stages: Mapping[str, Mapping[str, tuple[int, str]]]
    period: str = "month"
    fiscal_start: int = 1


#: What a deal did between two snapshots of a book, in this order.
CHANGES = (
    "new",
    "removed",
    "won",
    "lost",
    "forward",
    "back",
    "amount_up",
    "amount_down",
    "close_pushed",
    "close_pulled",
)


@attrs.frozen(slots=True, kw_only=True)
class Slippage(Spec):
    """What changed between two snapshots of a book; ``stages``: each pipeline's stage order."""

    stages: Mapping[str, tuple[str, ...]]
