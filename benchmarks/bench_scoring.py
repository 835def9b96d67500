"""Benchmark: BANT and rww20 evaluations a second, over N generated inputs.

Run with ``python benchmarks/bench_scoring.py [N]``. Target: at least
100,000 rww20 evaluations a second on one core. Prints the rates of
``evaluate`` in a loop and of ``evaluate_many`` (streaming) over the same inputs.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from salesflow.money import Money
from salesflow.scoring import presets
from salesflow.scoring.presets import BANT_LETTERS, RWW20_QUESTIONS


def _inputs(keys: list[str], n: int, seed: int) -> list[dict[str, Any]]:
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


def _rate(label: str, n: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    rate = n / best
    print(f"{label:<36} {rate:>12,.0f} evaluations/s  ({best * 1e6 / n:.2f} us each)")
    return rate


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"N = {n:,} inputs per run, best of 3, one core")
    rww20 = presets.get("rww20")
    bant = presets.get("bant")
    rww_keys = [k for keys in RWW20_QUESTIONS.values() for k in keys]
    rww_inputs = _inputs(rww_keys, n, 20)
    bant_inputs = _inputs(list(BANT_LETTERS), n, 4)

    def loop(card: Any, inputs: list[dict[str, Any]]) -> Callable[[], object]:
        evaluate = card.evaluate
        return lambda: [evaluate(f) for f in inputs]

    def stream(card: Any, inputs: list[dict[str, Any]]) -> Callable[[], object]:
        # the streaming use: each result consumed as it comes (bands counted)
        return lambda: Counter(r.band for r in card.evaluate_many(inputs))

    _rate("bant evaluate, all results kept", n, loop(bant, bant_inputs))
    _rate("bant evaluate_many, streamed", n, stream(bant, bant_inputs))
    kept = _rate("rww20 evaluate, all results kept", n, loop(rww20, rww_inputs))
    rate = _rate("rww20 evaluate_many, streamed", n, stream(rww20, rww_inputs))
    grade = presets.get("customer_value_grade")
    grade_inputs = [
        {
            "characteristics": {"annual_revenue": Money(i * 1000, "CNY"), "headcount": i % 2000},
            "expected_purchase": Money(i * 10, "CNY"),
            "strategic_fit": ("low", "medium", "high")[i % 3],
        }
        for i in range(n)
    ]
    _rate("customer_value_grade, kept", n, loop(grade, grade_inputs))
    target = 100_000
    for label, value in (("streamed", rate), ("all kept", kept)):
        verdict = "meets" if value >= target else "misses"
        print(f"rww20 target {target:,}/s, {label}: {verdict} it ({value / target:.2f}x)")
    print("(keeping every result alive adds garbage-collector work; streaming does not)")


if __name__ == "__main__":
    main()
