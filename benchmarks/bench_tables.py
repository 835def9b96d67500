"""Benchmark: the book as a table against the one-by-one path.

Run with ``POLARS_MAX_THREADS=1 python benchmarks/bench_tables.py [N]``
(default N = 200,000 deals; the memory figure is for 1,000,000 deals).
Prints, in one run:

* opening N deals from a table (``open_many``) against ``pipeline.open`` in a
  loop, and ``open()``'s microseconds a deal (target: 200,000 deals a second
  from a table);
* replaying their events (``replay``) against the one-by-one path (``open``
  and the recorded moves in a loop) and against the moves alone;
* ``probability_frame`` and ``gate_frame`` against the per-deal calls;
* ``evaluate_frame`` with rww20 over N rows against ``evaluate`` per row and
  against a hand-written polars expression of the same rules (target:
  1,000,000 rows a second, within 1.5x the hand-written expression);
* the memory of 1,000,000 deals as an Arrow table (target: at most 300 MB)
  against the same deals as objects, and the process RSS.

Times are the process's CPU time (one thread: polars runs with
POLARS_MAX_THREADS=1), the best of a few runs, so that other work on a shared
machine weighs on them as little as it can; the ratios compare paths timed in
the same run.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import polars as pl
import pyarrow as pa

from salesflow import Money
from salesflow.checklists import Checklist, Item, tick
from salesflow.scoring import presets
from salesflow.stages import Pipeline, Stage
from salesflow.tables import (
    evaluate_frame,
    gate_frame,
    open_many,
    probability_frame,
    replay,
    to_arrow,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def _line(label: str, n: int, seconds: float) -> float:
    rate = n / seconds
    print(f"  {label:<44} {rate:>14,.0f} /s  ({seconds * 1000:,.0f} ms)")
    return rate


def _opening_table(n: int) -> Any:
    micros = 1_772_442_000_000_000
    return pa.table(
        {
            "id": [f"o-{i}" for i in range(n)],
            "customer_id": [f"c-{i % 5000}" for i in range(n)],
            "owner": pa.array([("ann", "bob", "cai")[i % 3] for i in range(n)]).dictionary_encode(),
            "amount": pa.array([Decimal(i % 100_000) / 4 for i in range(n)], pa.decimal128(38, 2)),
            "amount_currency": pa.array(["CNY"] * n).dictionary_encode(),
            "at": pa.array([micros + i * 1000 for i in range(n)], pa.int64()).cast(
                pa.timestamp("us", tz="UTC")
            ),
        }
    )


def _pipeline() -> Pipeline:
    return Pipeline(
        key="bench",
        stages=[Stage(key=k, probability=p) for k, p in (("a", 10), ("b", 40), ("c", 70))],
    )


def _gated() -> Pipeline:
    """The same stages, the first two gated by a checklist and a required field."""
    first = Checklist(key="qualify", items=[Item(key="fit"), Item(key="budget_known")])
    return Pipeline(
        key="bench",
        stages=[
            Stage(key="a", probability=10, checklist=first),
            Stage(key="b", probability=40, required_fields=["expected_close"]),
            Stage(key="c", probability=70),
        ],
    )


def bench_open(n: int) -> None:
    pipeline = _pipeline()
    table = _opening_table(n)
    rows = table.to_pylist()
    print(f"opening {n:,} deals")
    bulk = _line("open_many(pipeline, table)", n, _best(lambda: open_many(pipeline, table)))

    def one_by_one() -> None:
        for r in rows:
            pipeline.open(
                id=r["id"],
                customer_id=r["customer_id"],
                owner=r["owner"],
                amount=Money(r["amount"], r["amount_currency"]),
                at=r["at"],
            )

    single = _line("pipeline.open per row (values ready)", n, _best(one_by_one))
    print(f"  pipeline.open: {1e6 / single:.1f} us a deal (the issue's baseline: 38 us)")
    print(f"  ratio open_many / open per row: {bulk / single:.1f}x")
    deals = open_many(pipeline, table)
    moved = [
        pipeline.advance(d, at=d.created_at + timedelta(days=1)) if i % 2 else d
        for i, d in enumerate(deals)
    ]
    events = to_arrow(moved, "events")
    opps = to_arrow(moved, "opportunities")
    print(f"replaying {n:,} deals ({events.num_rows:,} events)")
    bulk = _line(
        "replay(pipeline, events, opportunities=...)",
        n,
        _best(lambda: replay(pipeline, events, opportunities=opps), 1),
    )
    recorded = [(r, d.created_at) for r, d in zip(rows, deals, strict=True)]

    def open_and_move() -> None:
        for i, (r, at) in enumerate(recorded):
            opp = pipeline.open(
                id=r["id"],
                customer_id=r["customer_id"],
                owner=r["owner"],
                amount=Money(r["amount"], r["amount_currency"]),
                at=at,
            )
            if i % 2:
                pipeline.advance(opp, at=at + timedelta(days=1))

    single = _line("open + moves per deal (values ready)", n, _best(open_and_move, 1))

    def moves() -> None:
        for i, d in enumerate(deals):
            if i % 2:
                pipeline.advance(d, at=d.created_at + timedelta(days=1))

    alone = _line("the moves alone per deal (deals ready)", n, _best(moves, 1))
    print(f"  ratio replay / open + moves per deal: {bulk / single:.2f}x")
    print(f"  ratio replay / moves alone: {bulk / alone:.2f}x")
    bench_frames(_gated(), moved)


def bench_frames(pipeline: Pipeline, deals: Any) -> None:
    """probability_frame and gate_frame against the per-deal calls."""
    first = pipeline.stages[0].checklist
    assert first is not None
    deals = [
        tick(d, first, "fit", by="ann", at=d.updated_at, stage="a") if i % 3 == 0 else d
        for i, d in enumerate(deals)
    ]
    n = len(deals)
    book = pl.from_arrow(to_arrow(deals, "opportunities"))
    marks = to_arrow(deals, "marks")
    print(f"weighing and gating {n:,} deals")
    frame = _line(
        "probability_frame(pipeline, book)", n, _best(lambda: probability_frame(pipeline, book))
    )
    head = deals[: min(n, 50_000)]
    per_deal = _line(
        "probability + weighted_amount per deal",
        len(head),
        _best(lambda: [(pipeline.probability(d), pipeline.weighted_amount(d)) for d in head], 1),
    )
    print(f"  ratio probability_frame / per deal: {frame / per_deal:.0f}x")
    gates = _line(
        "gate_frame(pipeline, book, marks)", n, _best(lambda: gate_frame(pipeline, book, marks))
    )
    per_gate = _line(
        "gate_reasons per deal",
        len(head),
        _best(lambda: [pipeline.gate_reasons(d, stage=d.stage) for d in head], 1),
    )
    print(f"  ratio gate_frame / per deal: {gates / per_gate:.1f}x")


def bench_scoring(n: int) -> None:
    card = presets.get("rww20")
    keys = [c.key for c in card.criteria]
    rng = random.Random(7)
    cells = {
        k: [(True, False, None)[min(int(rng.random() / 0.45), 2)] for _ in range(n)] for k in keys
    }
    frame = pl.DataFrame(cells, schema=dict.fromkeys(keys, pl.Boolean))
    rows = frame.head(min(n, 100_000)).to_dicts()
    print(f"rww20 over {n:,} rows (POLARS_MAX_THREADS={os.environ['POLARS_MAX_THREADS']})")
    full = _line(
        "evaluate_frame (levels, contributions, ...)", n, _best(lambda: evaluate_frame(card, frame))
    )
    lean = _line(
        "evaluate_frame(contributions_columns=False)",
        n,
        _best(lambda: evaluate_frame(card, frame, contributions_columns=False)),
    )
    per_row = _line(
        "scorecard.evaluate per row", len(rows), _best(lambda: [card.evaluate(r) for r in rows], 1)
    )
    level = [pl.col(k).fill_null(False).cast(pl.Int8) for k in keys]

    def hand(parts: bool) -> object:
        exprs = [lv.alias(f"levels.{k}") for lv, k in zip(level, keys, strict=True)]
        exprs += [pl.col(k).is_null().alias(f"unknown.{k}") for k in keys]
        if parts:
            exprs += [
                lv.cast(pl.Int64).cast(pl.Decimal(38, 0)).alias(f"contributions.{k}")
                for lv, k in zip(level, keys, strict=True)
            ]
        total = pl.sum_horizontal(level)
        band = (
            pl.when(total >= 15)
            .then(pl.lit("strong"))
            .when(total >= 10)
            .then(pl.lit("medium"))
            .otherwise(pl.lit("weak"))
            .cast(pl.Enum(["weak", "medium", "strong"]))
        )
        return (
            frame.lazy()
            .with_columns(*exprs, total.cast(pl.Decimal(38, 0)).alias("total"), band.alias("band"))
            .collect()
        )

    same = _line("hand-written polars, same columns", n, _best(lambda: hand(True)))
    lean_hand = _line("hand-written polars, no contributions", n, _best(lambda: hand(False)))
    bare = frame.lazy().with_columns(pl.sum_horizontal(level).alias("total"))
    total_only = _line("hand-written polars, total only", n, _best(lambda: bare.collect()))
    print(f"  evaluate_frame / per-row evaluate: {full / per_row:.0f}x")
    print(f"  hand-written / evaluate_frame (same columns): {same / full:.2f}x")
    print(f"  hand-written / evaluate_frame (no contributions): {lean_hand / lean:.2f}x")
    print(f"  total-only expression / evaluate_frame: {total_only / full:.1f}x")


def _rss() -> float:
    """The process's resident memory now, in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def bench_memory(n: int = 1_000_000) -> None:
    pipeline = _pipeline()
    opening = _opening_table(n)
    gc.collect()
    before = _rss()
    deals = open_many(pipeline, opening)
    gc.collect()
    objects = _rss() - before
    table = to_arrow(deals, "opportunities")
    events = to_arrow(deals, "events")
    del deals
    gc.collect()
    both = (table.nbytes + events.nbytes) / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory of {n:,} deals")
    print(f"  as objects (RSS growth while they are held): {objects:,.0f} MB")
    print(f"  opportunities table nbytes: {table.nbytes / 1e6:,.0f} MB")
    print(f"  events table nbytes:        {events.nbytes / 1e6:,.0f} MB")
    print(f"  both tables:                {both:,.0f} MB (target: at most 300 MB)")
    print(f"  ratio objects / tables: {objects / both:.1f}x")
    print(f"  process peak RSS (objects built on the way): {peak:,.0f} MB")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    bench_open(n)
    bench_scoring(max(n, 1_000_000))
    bench_memory()


if __name__ == "__main__":
    main()
