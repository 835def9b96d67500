"""Benchmark: the gate of the complex checklist preset over N opportunity states.

Run: ``python benchmarks/bench_checklists.py [N]``. Prints gate evaluations a
second for the bare ``Checklist.gate`` (state in, answer out), for the
whole-opportunity :func:`salesflow.checklists.gate` (stage lookup included),
with and without stakeholder facts in the context, and for the whole stage
gate (``Pipeline.can_advance`` on the complex stage preset, checklist-gated
by default).
Target: at least 200,000 gate evaluations a second on one core.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from salesflow import Money, Opportunity
from salesflow.checklists import ChecklistState, Mark, gate, presets
from salesflow.stages import presets as stage_presets

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _states(n: int, seed: int = 7) -> list[Opportunity]:
    rng = random.Random(seed)
    preset = presets.get("complex")
    stages = preset.stages()
    out = []
    for i in range(n):
        stage = rng.choice(stages)
        keys = preset.checklist(stage).keys()
        done = [k for k in keys if rng.random() < 0.7]
        trail = [
            Mark(item=k, done=True, by="li.na", at=AT + timedelta(minutes=j), evidence="ref")
            for j, k in enumerate(done)
        ]
        out.append(
            Opportunity(
                id=f"o-{i}",
                customer_id="c-1",
                owner="li.na",
                pipeline="complex",
                stage=stage,
                amount=Money(rng.randrange(10_000, 5_000_000), "CNY"),
                created_at=AT,
                checklists={stage: ChecklistState(trail=trail)},
            )
        )
    return out


def _rate(label: str, n: int, run: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    rate = n / best
    print(f"{label:<58} {rate:>12,.0f} /s")
    return rate


def main(n: int = 100_000) -> None:
    preset = presets.get("complex")
    opps = _states(n)
    pairs = [(preset.checklist(o.stage), o.checklists.get(o.stage), o) for o in opps]
    empty: dict[str, object] = {}
    facts: dict[str, object] = {
        "stakeholders": [
            {"role": "decision_maker", "stance": "neutral"},
            {"role": "user", "stance": "supporter"},
        ]
    }
    print(f"complex checklist preset, {n:,} opportunity states, best of 5, one core")

    def bare() -> None:
        for checklist, state, opp in pairs:
            checklist.gate(state, opp, empty)

    def bare_facts() -> None:
        for checklist, state, opp in pairs:
            checklist.gate(state, opp, facts)

    def whole() -> None:
        for opp in opps:
            gate(opp, preset)

    pipeline = stage_presets.get("complex")

    def through_pipeline() -> None:
        for opp in opps:
            pipeline.can_advance(opp)

    r1 = _rate("Checklist.gate(state, opportunity, context)", n, bare)
    _rate("Checklist.gate with stakeholder facts in the context", n, bare_facts)
    _rate("checklists.gate(opportunity, preset) (stage lookup)", n, whole)
    _rate("Pipeline.can_advance, checklist-gated complex preset", n, through_pipeline)
    passed = sum(c.gate(s, o).passes for c, s, o in pairs)
    print(
        f"{passed:,} of {n:,} gates pass; target 200,000/s: {'met' if r1 >= 200_000 else 'MISSED'}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
