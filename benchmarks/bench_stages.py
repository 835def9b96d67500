"""Benchmark: move deals through a whole pipeline to won, fast engine vs python-statemachine.

Run by hand: ``python benchmarks/bench_stages.py [N]``. Each deal is opened,
advanced through every open stage and won. The fast engine uses the
pipeline's own methods (each returning a new Opportunity with its history).
Two python-statemachine peers create one instance per deal, as their users
do, and send the same events: a hand-built ``StateMachine`` of the same
stages (plain states and transitions, no gates: the cheapest such class) and
the class ``pipeline.to_statemachine()`` generates (gates and refusals with
reasons). All run in this process, one core, and the ratios are printed; the
claim "at least 60 times python-statemachine" is against the hand-built one.
All use the bare complex preset (``presets.get("complex", checklists=False)``):
this measures the moves.
A third figure is the fast engine on the default, checklist-gated complex
preset, each deal with every required item of every stage ticked beforehand
(so every gate passes and each move also evaluates a checklist).
Every figure is the best of three rounds of CPU time (``process_time``), the
engines interleaved in each round, so a busy machine moves them less.
"""

from __future__ import annotations

import itertools
import sys
import time
from datetime import UTC, datetime, timedelta

import attrs
from statemachine import State, StateMachine

from salesflow import Money, Opportunity
from salesflow.checklists import tick
from salesflow.stages import Pipeline, presets


def _walk(pipeline: Pipeline, seeds: list[Opportunity], times: list[datetime]) -> float:
    steps = len(times) - 1
    advance = pipeline.advance
    win = pipeline.win
    t0 = time.process_time()
    for opp in seeds:
        for at in times[:steps]:
            opp = advance(opp, at=at)
        opp = win(opp, at=times[steps])
    elapsed = time.process_time() - t0
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


def hand_built(keys: tuple[str, ...], won: str) -> type[StateMachine]:
    """A StateMachine of the stages as a user would write it: advance along, win to won."""
    states = {k: State(k, initial=i == 0) for i, k in enumerate(keys)}
    states[won] = State(won, final=True)
    pairs = list(itertools.pairwise(keys))
    advance = states[pairs[0][0]].to(states[pairs[0][1]])
    for a, b in pairs[1:]:
        advance |= states[a].to(states[b])
    win = states[keys[0]].to(states[won])
    for k in keys[1:]:
        win |= states[k].to(states[won])
    namespace = {**states, "advance": advance, "win": win}
    return type("HandBuilt", (StateMachine,), namespace)


def _peer(machine: type[StateMachine], seeds: list[Opportunity], steps: int, track: bool) -> float:
    t0 = time.process_time()
    for opp in seeds:
        sm = machine(opportunity=opp) if track else machine()
        for _ in range(steps):
            sm.send("advance")
        sm.send("win")
    return time.process_time() - t0


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

    moves = n * (steps + 1)
    gated = presets.get("complex")
    ticked = _all_ticked(gated, seeds[0])
    gated_seeds = [attrs.evolve(ticked, id=opp.id) for opp in seeds]
    m = max(n // 20, 200)
    peer_moves = m * (steps + 1)
    hand = hand_built(pipeline.open_keys, pipeline.won_stage or "won")
    generated = pipeline.to_statemachine()
    fast = gated_time = hand_time = gen_time = float("inf")
    for _ in range(3):
        fast = min(fast, _walk(pipeline, seeds, times))
        gated_time = min(gated_time, _walk(gated, gated_seeds, times))
        hand_time = min(hand_time, _peer(hand, seeds[:m], steps, track=False))
        gen_time = min(gen_time, _peer(generated, seeds[:m], steps, track=True))

    fast_rate = moves / fast
    hand_rate = peer_moves / hand_time
    gen_rate = peer_moves / gen_time
    print(f"pipeline {pipeline.key!r}: {steps} advances and a win per deal")
    print(f"fast engine:          {n:>8} deals, {moves:>9} moves, {fast_rate:>12,.0f} moves/s")
    print(
        f"python-statemachine, hand-built class, one instance per deal: {m} deals, "
        f"{hand_rate:,.0f} moves/s"
    )
    print(
        f"python-statemachine, generated class,  one instance per deal: {m} deals, "
        f"{gen_rate:,.0f} moves/s"
    )
    print(f"ratio fast / hand-built python-statemachine: {fast_rate / hand_rate:.1f}x")
    print(f"ratio fast / generated class:                {fast_rate / gen_rate:.1f}x")
    gated_rate = moves / gated_time
    print(
        f"fast engine, checklist-gated preset (items ticked): {n} deals, "
        f"{gated_rate:,.0f} moves/s ({gated_rate / fast_rate:.2f}x the bare preset)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
