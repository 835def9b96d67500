"""Benchmark: move deals through a whole pipeline to won, fast engine vs python-statemachine.

Run by hand: ``python benchmarks/bench_stages.py [N]``. Each deal is opened,
advanced through every open stage and won. The fast engine uses the
pipeline's own methods (each returning a new Opportunity with its history);
the peer creates one instance of the generated python-statemachine class per
deal, as its users do, and sends the same events. Both run in this process,
one core, and the ratio is printed. Both use the bare complex preset
(``presets.get("complex", checklists=False)``): this measures the moves.
A third figure is the fast engine on the default, checklist-gated complex
preset, each deal with every required item of every stage ticked beforehand
(so every gate passes and each move also evaluates a checklist).
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

import attrs

from salesflow import Money, Opportunity
from salesflow.checklists import tick
from salesflow.stages import Pipeline, presets


def _walk(pipeline: Pipeline, seeds: list[Opportunity], times: list[datetime]) -> float:
    steps = len(times) - 1
    advance = pipeline.advance
    win = pipeline.win
    t0 = time.perf_counter()
    for opp in seeds:
        for at in times[:steps]:
            opp = advance(opp, at=at)
        opp = win(opp, at=times[steps])
    elapsed = time.perf_counter() - t0
    assert opp.status.value == "won"
    return elapsed


def _all_ticked(pipeline: Pipeline, opp: Opportunity) -> Opportunity:
    """The deal with every required item of every stage's checklist ticked."""
    for stage in pipeline.stages:
        if stage.checklist is None:
            continue
        for item in stage.checklist.items:
            if item.required:
                opp = tick(
                    opp,
                    stage.checklist,
                    item.key,
                    by="li.na",
                    at=opp.updated_at,
                    evidence="DMS-1" if item.evidence_required else None,
                    role=item.role,
                    stage=stage.key,
                )
    return opp


def main(n: int = 20_000) -> None:
    pipeline = presets.get("complex", checklists=False)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    step = timedelta(hours=1)
    amount = Money("1000", "CNY")
    steps = len(pipeline.open_keys) - 1
    seeds = [
        pipeline.open(
            id=f"o-{i}",
            customer_id="c-1",
            owner="li.na",
            amount=amount,
            at=start,
            expected_close=start.date(),
        )
        for i in range(n)
    ]
    times = [start + step * (k + 1) for k in range(steps + 1)]

    fast = _walk(pipeline, seeds, times)
    moves = n * (steps + 1)

    gated = presets.get("complex")
    ticked = _all_ticked(gated, seeds[0])
    gated_seeds = [attrs.evolve(ticked, id=opp.id) for opp in seeds]
    gated_time = _walk(gated, gated_seeds, times)

    machine = pipeline.to_statemachine()
    m = max(n // 20, 200)
    t0 = time.perf_counter()
    for opp in seeds[:m]:
        sm = machine(opportunity=opp)
        for _ in range(steps):
            sm.send("advance")
        sm.send("win")
    peer = time.perf_counter() - t0
    peer_moves = m * (steps + 1)
    assert sm.state == "won_after_sale"

    fast_rate = moves / fast
    peer_rate = peer_moves / peer
    print(f"pipeline {pipeline.key!r}: {steps} advances and a win per deal")
    print(f"fast engine:          {n:>8} deals, {moves:>9} moves, {fast_rate:>12,.0f} moves/s")
    print(f"python-statemachine:  {m:>8} deals, {peer_moves:>9} moves, {peer_rate:>12,.0f} moves/s")
    print(f"ratio fast / python-statemachine: {fast_rate / peer_rate:.1f}x")
    gated_rate = moves / gated_time
    print(
        f"fast engine, checklist-gated preset (items ticked): {n} deals, "
        f"{gated_rate:,.0f} moves/s ({gated_rate / fast_rate:.2f}x the bare preset)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
