"""The Kaplan-Meier estimate, exactly: survival as fractions, percentiles by first crossing.

The input is, for one group, how many observations ended (``exits``) and how
many were still running when observation stopped (``censored``) at each
distinct duration. The estimate steps at every duration with an exit:

    S(t) = product over durations u <= t with exits of (1 - d(u) / n(u))

where ``n(u)`` is the number *at risk* at ``u`` (observations whose duration
is ``u`` or more) and ``d(u)`` the exits at ``u``. At a tie, exits come
before censorings: an observation censored at ``u`` is still at risk at
``u``. Everything is a :class:`~fractions.Fraction`, so both engines, which
hand over the same counts, give the same figures to the last digit.

The ``p``-th percentile is the first duration at which the estimate falls to
``1 - p / 100`` or below (the median: to one half); ``None`` when it never
does (too many observations still running).

>>> steps = estimate({1: (1, 0), 2: (1, 1), 4: (1, 0)})
>>> [(s.duration, s.at_risk, s.exits, s.censored, str(s.survival)) for s in steps]
[(1, 4, 1, 0, '3/4'), (2, 3, 1, 1, '1/2'), (4, 1, 1, 0, '0')]
>>> percentile(steps, 50), percentile(steps, 60)
(2, 4)
>>> percentiles({1: (1, 0), 2: (1, 1), 4: (1, 0)}, (50, 60, 100))
[2, 4, 4]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

__all__ = ["Step", "estimate", "percentile", "percentiles"]


@attrs.frozen(slots=True)
class Step:
    """The estimate at one distinct ``duration``: who was at risk, who left, who was cut off."""

    duration: int
    at_risk: int
    exits: int
    censored: int
    #: The estimated share still in the stage just after ``duration``.
    survival: Fraction


def estimate(counts: Mapping[int, tuple[int, int]]) -> tuple[Step, ...]:
    """The estimate's steps, one per distinct duration (with exits or censorings), ascending."""
    at_risk = sum(exits + censored for exits, censored in counts.values())
    survival = Fraction(1)
    out: list[Step] = []
    for duration in sorted(counts):
        exits, censored = counts[duration]
        if exits:
            survival *= Fraction(at_risk - exits, at_risk)
        out.append(Step(duration, at_risk, exits, censored, survival))
        at_risk -= exits + censored
    return tuple(out)


def percentile(steps: Sequence[Step], p: int) -> int | None:
    """The first duration at which the estimate is ``1 - p / 100`` or less; None if never."""
    level = Fraction(100 - p, 100)
    for step in steps:
        if step.exits and step.survival <= level:
            return step.duration
    return None


def percentiles(counts: Mapping[int, tuple[int, int]], ps: Sequence[int]) -> list[int | None]:
    """:func:`percentile` of each of ``ps``, without building the steps.

    The same exact arithmetic, kept as an unreduced numerator and
    denominator (products of whole numbers): a comparison with a level needs
    no common divisor, which is what makes a fraction of thousands of steps
    slow.
    """
    at_risk = sum(exits + censored for exits, censored in counts.values())
    num = den = 1
    found: list[int | None] = [None] * len(ps)
    waiting = sorted(range(len(ps)), key=lambda i: ps[i])
    for duration in sorted(counts):
        exits, censored = counts[duration]
        if exits:
            num, den = num * (at_risk - exits), den * at_risk
            # S <= (100 - p) / 100, for the smallest p still waiting first
            while waiting and num * 100 <= (100 - ps[waiting[0]]) * den:
                found[waiting.pop(0)] = duration
            if not waiting:
                break
        at_risk -= exits + censored
    return found
