"""The built-in predicates of the scoring area, usable in any scorecard's criteria.

Each is ``(subject, context) -> bool``; ``None`` means "unknown" to a scorecard.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salesflow.frozen import FrozenDict
from salesflow.predicates._registry import Predicate

__all__ = ["BUILTIN_PREDICATES"]


def _has_expected_close(subject: Any, context: Mapping[str, Any]) -> bool:
    """The deal has an expected close date (a timeline)."""
    return getattr(subject, "expected_close", None) is not None


def _has_amount(subject: Any, context: Mapping[str, Any]) -> bool:
    """The deal has a positive amount (a budget figure)."""
    amount = getattr(subject, "amount", None)
    return amount is not None and getattr(amount, "amount", 0) > 0


BUILTIN_PREDICATES: Mapping[str, Predicate] = FrozenDict(
    {
        "scoring.has_expected_close": _has_expected_close,
        "scoring.has_amount": _has_amount,
    }
)
