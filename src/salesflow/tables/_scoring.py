"""Scorecards over a frame: a scorecard compiled once to polars expressions.

The compiler reads the scorecard only through its public definition
(criteria, aggregation, unknown policy, bands) and gives, for every row of a
frame, what :meth:`~salesflow.scoring.Scorecard.evaluate` gives for that row:
each criterion's level, contribution and whether it was unknown, the total
and the band. One module, so that a change to the scorecard's definition is
adapted here only.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from salesflow.scoring import Aggregation, Criterion, Scorecard

__all__ = ["card_key", "contributions", "exact_contributions", "score_scale"]

_ZERO = Decimal(0)


def card_key(card: Scorecard) -> str:
    """The scorecard's identifier (``key``; ``name`` before the rename)."""
    found: Any = getattr(card, "key", None)
    if not isinstance(found, str):
        found = card.name
    return str(found)


def contributions(card: Scorecard, c: Criterion) -> tuple[Decimal, ...]:
    """What criterion ``c`` adds at each level, worst first (as the engine adds it)."""
    top = c.top
    if card.aggregation is Aggregation.WEIGHTED_SUM:
        return tuple(c.weight * level / top for level in range(top + 1))
    return tuple(c.weight if level == top else _ZERO for level in range(top + 1))


def exact_contributions(card: Scorecard) -> bool:
    """Whether every contribution is exact (no third rounded to 28 digits)."""
    if card.aggregation is not Aggregation.WEIGHTED_SUM:
        return True
    return all(
        Fraction(value) == Fraction(c.weight) * level / c.top
        for c in card.criteria
        for level, value in enumerate(contributions(card, c))
    )


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent if value else 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def score_scale(card: Scorecard) -> int:
    """The decimal places a total of ``card`` can have (bounded by decimal128's 38 digits)."""
    places = max((_places(v) for c in card.criteria for v in contributions(card, c)), default=0)
    whole = max(card.maximum.adjusted() + 1, 1)
    return min(places, 38 - whole)
