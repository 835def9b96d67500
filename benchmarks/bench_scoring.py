"""Benchmark: BANT and rww20 evaluations a second, against hand-written evaluators.

Run with ``python benchmarks/bench_scoring.py [N]``. Targets: at least
100,000 rww20 evaluations a second on one core, and the engine's
``evaluate`` within 3 times a hand-written Python evaluator of the same
rules (issue 10). In one run it times, over the same inputs, ``evaluate``
in a loop, ``evaluate_many`` (streaming) and a plain Python function
written for that one scorecard that returns an equivalent result (total,
band, levels, unknowns), checks that the two agree on every input, and
prints the ratio.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from salesflow.money import Money
from salesflow.scoring import Scorecard, ScoreResult, presets
from salesflow.scoring.presets import BANT_LETTERS, RWW20_QUESTIONS


class Plain(NamedTuple):
    """What a hand-written evaluator returns: the same facts as a ScoreResult."""

    total: int
    band: str
    levels: dict[str, int]
    unknown: tuple[str, ...]


_BANT_KEYS = tuple(BANT_LETTERS)
_RWW_KEYS = tuple(k for keys in RWW20_QUESTIONS.values() for k in keys)
_PLUS = {True: 1, "+": 1, False: 0, "-": 0}


def bant_by_hand(facts: Mapping[str, Any]) -> Plain:
    """BANT written out: each letter true or false, missing is unknown (a no); all four pass."""
    levels: dict[str, int] = {}
    unknown: list[str] = []
    total = 0
    for key in _BANT_KEYS:
        value = facts.get(key)
        if value is None:
            unknown.append(key)
            levels[key] = 0
        elif value is True or value is False:
            levels[key] = int(value)
            total += value
        else:
            raise ValueError(f"{key}: expected true or false, got {value!r}")
    band = "qualified" if total >= 4 else "not_qualified"
    return Plain(total, band, levels, tuple(unknown))


def rww20_by_hand(facts: Mapping[str, Any]) -> Plain:
    """rww20 written out: twenty flags (true or '+' a plus), the pluses counted, three bands."""
    levels: dict[str, int] = {}
    unknown: list[str] = []
    total = 0
    for key in _RWW_KEYS:
        value = facts.get(key)
        if value is None:
            unknown.append(key)
            levels[key] = 0
            continue
        level = _PLUS.get(value)
        if level is None:
            raise ValueError(f"{key}: expected true, false, '+' or '-', got {value!r}")
        levels[key] = level
        total += level
    band = "strong" if total >= 15 else "medium" if total >= 10 else "weak"
    return Plain(total, band, levels, tuple(unknown))


def _inputs(keys: tuple[str, ...], n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        facts: dict[str, Any] = {}
        for k in keys:
            roll = rng.random()
            if roll < 0.45:
                facts[k] = True
            elif roll < 0.9:
                facts[k] = False
            # else: missing, so unknown
        out.append(facts)
    return out


def _best(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _rate(label: str, n: int, run: Callable[[], object]) -> float:
    best = _best(run)
    rate = n / best
    print(f"{label:<40} {rate:>12,.0f} evaluations/s  ({best * 1e6 / n:.2f} us each)")
    return best


def _agree(result: ScoreResult, plain: Plain) -> bool:
    return (
        result.total == plain.total
        and result.band == plain.band
        and dict(result.levels) == plain.levels
        and result.unknown == plain.unknown
    )


def _versus(
    name: str, card: Scorecard, by_hand: Callable[[Any], Plain], inputs: list[dict[str, Any]]
) -> float:
    """Time the engine and the hand-written evaluator on ``inputs``; the engine's best time."""
    evaluate = card.evaluate
    bad = sum(1 for f in inputs if not _agree(evaluate(f), by_hand(f)))
    if bad:
        raise SystemExit(f"{name}: the engine and the hand-written evaluator differ on {bad}")
    n = len(inputs)
    engine = _rate(f"{name} evaluate, all results kept", n, lambda: [evaluate(f) for f in inputs])
    hand = _rate(f"{name} by hand, all results kept", n, lambda: [by_hand(f) for f in inputs])
    ratio = engine / hand
    verdict = "meets" if ratio <= 3 else "misses"
    print(f"{name}: engine / hand-written = {ratio:.2f}x (target at most 3x: {verdict} it)")
    return engine


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"N = {n:,} inputs per run, best of 5, one core")
    rww20 = presets.get("rww20")
    bant = presets.get("bant")
    rww_inputs = _inputs(_RWW_KEYS, n, 20)
    bant_inputs = _inputs(_BANT_KEYS, n, 4)

    def stream(card: Scorecard, inputs: list[dict[str, Any]]) -> Callable[[], object]:
        # the streaming use: each result consumed as it comes (bands counted)
        return lambda: Counter(r.band for r in card.evaluate_many(inputs))

    _versus("bant", bant, bant_by_hand, bant_inputs)
    _rate("bant evaluate_many, streamed", n, stream(bant, bant_inputs))
    kept = n / _versus("rww20", rww20, rww20_by_hand, rww_inputs)
    rww_best = _rate("rww20 evaluate_many, streamed", n, stream(rww20, rww_inputs))
    grade = presets.get("customer_value_grade")
    grade_inputs = [
        {
            "characteristics": {"annual_revenue": Money(i * 1000, "CNY"), "headcount": i % 2000},
            "expected_purchase": Money(i * 10, "CNY"),
            "strategic_fit": ("low", "medium", "high")[i % 3],
        }
        for i in range(n)
    ]
    evaluate = grade.evaluate
    _rate("customer_value_grade, kept", n, lambda: [evaluate(f) for f in grade_inputs])
    target = 100_000
    streamed = n / rww_best
    for label, value in (("streamed", streamed), ("all kept", kept)):
        verdict = "meets" if value >= target else "misses"
        print(f"rww20 target {target:,}/s, {label}: {verdict} it ({value / target:.2f}x)")
    print("(keeping every result alive adds garbage-collector work; streaming does not)")


if __name__ == "__main__":
    main()
