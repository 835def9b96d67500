"""Every speed goal of issue 20 in one run, printed as ratios measured in one process.

Run: ``python benchmarks/run_all.py [--deals N] [--book-customers N] [--book-deals N]``.

* a stage move (open, advance through every open stage, win) against the same
  moves written by hand on ``NamedTuple`` records (goal: at least 0.9 of
  their speed), and against python-statemachine, one instance per deal: the
  hand-built class and the generated one (goal: at least 80 times);
* ``lose`` with a reason against the same loss on ``NamedTuple`` records;
* ``Pipeline.open()`` in µs a deal (goal: at most 15 µs);
* BANT and rww20 against hand-written evaluators returning an equivalent
  result (goal: at least 0.6 of their speed);
* ``Tracker.obligations()`` per obligation at 1x, 2x and 4x books (goal:
  within 10% of linear); the default 1x book is 75,000 deals: below about
  30,000 the data still fits the processor's caches at 1x and not at 2x, a
  step of some 10% that is the hardware's, not the algorithm's (the goal is
  checked on ``bench_cadence.py``'s own 300,000-deal book);
* ``import salesflow`` CPU (goal: under 250 ms).

Every figure is the best of several CPU-time (``process_time``) runs, and the
compared runs are interleaved, so a busy machine moves the ratios less than
the absolute figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import attrs

sys.path.insert(0, str(Path(__file__).parent))

import bench_cadence
import bench_import
import bench_scoring
import bench_stages

from salesflow import Money, Move, Opportunity, OpportunityStatus
from salesflow.scoring import presets as scoring_presets
from salesflow.stages import Pipeline, presets

OPEN = OpportunityStatus.OPEN
WON = OpportunityStatus.WON
LOST = OpportunityStatus.LOST
PAUSED = OpportunityStatus.PAUSED


class Change(NamedTuple):
    """A hand-written stage change: the same fields as ``StageChange``."""

    move: Move
    at: datetime
    to_stage: str
    to_status: OpportunityStatus
    probability_after: int
    from_stage: str | None
    from_status: OpportunityStatus | None
    probability_before: int | None
    by: str | None
    reason: str | None
    note: str | None


#: A hand-written deal: the same fields as ``Opportunity``.
Deal = NamedTuple("Deal", [(a.name, Any) for a in attrs.fields(Opportunity)])  # type: ignore[misc]


def _by_hand(
    pipeline: Pipeline,
) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """``advance``, ``win`` and ``lose`` on :data:`Deal`, checking what the engine checks."""
    keys = pipeline.keys
    index = {k: i for i, k in enumerate(keys)}
    probs = [s.probability for s in pipeline.stages]
    last_open = len(pipeline.open_keys) - 1
    won = index[pipeline.won_stage] if pipeline.won_stage else None
    lost_reasons = frozenset(pipeline.lost_reasons)

    def _check(deal: Any, at: datetime) -> int:
        if type(at) is not datetime or at.tzinfo is None:
            raise ValueError("at: expected a timezone-aware datetime")
        if at < (deal.history[-1].at if deal.history else deal.created_at):
            raise ValueError("at: before the deal's last change")
        if deal.status is not OPEN:
            raise ValueError("the deal is not open")
        return index[deal.stage]

    def advance(deal: Any, *, at: datetime) -> Any:
        i = _check(deal, at)
        if i >= last_open:
            raise ValueError("no next stage")
        t = i + 1
        change = Change(Move.ADVANCE, at, keys[t], OPEN, probs[t], deal.stage, OPEN, probs[i],
                        None, None, None)  # fmt: skip
        return deal._replace(stage=keys[t], history=(*deal.history, change))

    def win(deal: Any, *, at: datetime) -> Any:
        i = _check(deal, at)
        t = i if won is None else won
        change = Change(Move.WIN, at, keys[t], WON, 100, deal.stage, OPEN, probs[i],
                        None, None, None)  # fmt: skip
        return deal._replace(stage=keys[t], status=WON, history=(*deal.history, change))

    def lose(deal: Any, *, reason: str, at: datetime) -> Any:
        if deal.status is PAUSED:
            deal = deal._replace(status=OPEN)  # _check's status test, for a paused deal
        i = _check(deal, at)
        if reason not in lost_reasons:
            raise ValueError("reason: not one of the pipeline's lost reasons")
        before = probs[i] if deal.probability is None else deal.probability
        change = Change(Move.LOSE, at, deal.stage, LOST, 0, deal.stage, OPEN, before,
                        None, reason, None)  # fmt: skip
        return deal._replace(status=LOST, lost_reason=reason, history=(*deal.history, change))

    return advance, win, lose


def _walk(advance: Any, win: Any, seeds: list[Any], times: list[datetime]) -> float:
    steps = len(times) - 1
    t0 = time.process_time()
    for deal in seeds:
        for at in times[:steps]:
            deal = advance(deal, at=at)
        deal = win(deal, at=times[steps])
    return time.process_time() - t0


def _losses(lose: Any, seeds: list[Any], reason: str, at: datetime) -> float:
    t0 = time.process_time()
    for deal in seeds:
        lose(deal, reason=reason, at=at)
    return time.process_time() - t0


def _best(runs: dict[str, Callable[[], float]], rounds: int = 5) -> dict[str, float]:
    """Interleaved rounds of every run; the best time of each."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, run in runs.items():
            best[name] = min(best[name], run())
    return best


def moves(n: int) -> dict[str, float]:
    pipeline = presets.get("complex", checklists=False)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    amount = Money("1000", "CNY")
    steps = len(pipeline.open_keys) - 1
    times = [start + timedelta(hours=k + 1) for k in range(steps + 1)]
    ids = [f"o-{i}" for i in range(n)]

    def opening() -> float:
        t0 = time.process_time()
        for i in ids:
            pipeline.open(id=i, customer_id="c-1", owner="li.na", amount=amount, at=start,
                          expected_close=start.date())  # fmt: skip
        return time.process_time() - t0

    seeds = [
        pipeline.open(
            id=i,
            customer_id="c-1",
            owner="li.na",
            amount=amount,
            at=start,
            expected_close=start.date(),
        )
        for i in ids
    ]
    tuples = [
        Deal(**{a.name: getattr(o, a.name) for a in attrs.fields(Opportunity)}) for o in seeds
    ]
    advance, win, lose = _by_hand(pipeline)
    reason = pipeline.lost_reasons[0]
    m = max(n // 20, 200)
    hand = bench_stages.hand_built(pipeline.open_keys, pipeline.won_stage or "won")
    generated = pipeline.to_statemachine()
    best = _best(
        {
            "fast": lambda: _walk(pipeline.advance, pipeline.win, seeds, times),
            "namedtuple": lambda: _walk(advance, win, tuples, times),
            "lose": lambda: _losses(pipeline.lose, seeds, reason, times[0]),
            "namedtuple_lose": lambda: _losses(lose, tuples, reason, times[0]),
            "open": opening,
            "hand_sm": lambda: bench_stages._peer(hand, seeds[:m], steps, track=False),
            "gen_sm": lambda: bench_stages._peer(generated, seeds[:m], steps, track=True),
        }
    )
    per_move = {k: best[k] / (n * (steps + 1)) for k in ("fast", "namedtuple")}
    per_move.update({k: best[k] / (m * (steps + 1)) for k in ("hand_sm", "gen_sm")})
    return {
        "move µs": per_move["fast"] * 1e6,
        "move / NamedTuple move (goal >= 0.9)": per_move["namedtuple"] / per_move["fast"],
        "move / hand-built python-statemachine (goal >= 80)": per_move["hand_sm"]
        / per_move["fast"],
        "move / generated python-statemachine (goal >= 80)": per_move["gen_sm"] / per_move["fast"],
        "lose µs": best["lose"] / n * 1e6,
        "lose / NamedTuple lose": best["namedtuple_lose"] / best["lose"],
        "open() µs a deal (goal <= 15)": best["open"] / n * 1e6,
    }


def scores(n: int) -> dict[str, float]:
    out = {}
    for name, by_hand, keys, seed in (
        ("bant", bench_scoring.bant_by_hand, bench_scoring._BANT_KEYS, 4),
        ("rww20", bench_scoring.rww20_by_hand, bench_scoring._RWW_KEYS, 20),
    ):
        card = scoring_presets.get(name)
        inputs = bench_scoring._inputs(keys, n, seed)
        evaluate = card.evaluate
        if not all(bench_scoring._agree(evaluate(f), by_hand(f)) for f in inputs):
            raise SystemExit(f"{name}: the engine and the hand-written evaluator differ")

        def timed(run: Callable[[Any], object], inputs: list[Any] = inputs) -> Callable[[], float]:
            def go() -> float:
                t0 = time.process_time()
                for f in inputs:
                    run(f)
                return time.process_time() - t0

            return go

        best = _best({"engine": timed(evaluate), "hand": timed(by_hand)})
        out[f"{name} µs"] = best["engine"] / n * 1e6
        out[f"{name} / hand-written (goal >= 0.6)"] = best["hand"] / best["engine"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--deals", type=int, default=20_000, help="deals moved")
    parser.add_argument("--scores", type=int, default=50_000, help="inputs scored")
    parser.add_argument("--book-customers", type=int, default=25_000, help="1x book")
    parser.add_argument("--book-deals", type=int, default=75_000, help="1x book")
    args = parser.parse_args()
    figures = {**moves(args.deals), **scores(args.scores)}
    print("-- obligations() (bench_cadence) --")
    book = bench_cadence.main(
        ["--customers", str(args.book_customers), "--deals", str(args.book_deals)]
    )
    figures["obligations() µs an obligation at 1x (best)"] = book[1][2] * 1e6
    for scale in (2, 4):
        figures[f"obligations() at {scale}x, per obligation, of linear (goal <= 1.10)"] = (
            book[scale][2] / book[1][2]
        )
        figures[f"obligations() at {scale}x, of linear, medians"] = book[scale][3] / book[1][3]
    print("-- import (bench_import) --")
    imports = bench_import.main([])
    figures["import salesflow CPU ms (goal < 250)"] = imports[
        "import salesflow (in-process CPU ms)"
    ]
    print("-- summary --")
    for name, value in figures.items():
        print(f"{name:<62} {value:10.2f}")


if __name__ == "__main__":
    main()
