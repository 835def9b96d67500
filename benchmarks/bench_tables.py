"""Benchmark: the book as a table against the one-by-one path.

Run with ``POLARS_MAX_THREADS=1 python benchmarks/bench_tables.py [N]``
(default N = 200,000 deals; the memory figure is for 1,000,000 deals).
Prints, in one run:

* opening N deals from a table (``open_many``) against ``pipeline.open`` in a
  loop (target: 200,000 deals a second from a table);
* replaying their events (``replay``) against the moves in a loop;
* ``evaluate_frame`` with rww20 over N rows against ``evaluate`` per row and
  against a hand-written polars expression of the same rules (target:
  1,000,000 rows a second, within 1.5x the hand-written expression);
* the memory of 1,000,000 deals as an Arrow table (target: at most 300 MB)
  and the process RSS.
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
from salesflow.scoring import presets
from salesflow.stages import Pipeline, Stage
from salesflow.tables import evaluate_frame, open_many, replay, to_arrow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
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
    print(f"  ratio bulk / one-by-one: {bulk / single:.1f}x")
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

    def moves() -> None:
        for i, d in enumerate(deals):
            if i % 2:
                pipeline.advance(d, at=d.created_at + timedelta(days=1))

    single = _line("pipeline moves per deal (deals ready)", n, _best(moves, 1))
    print(f"  ratio replay / moves alone: {bulk / single:.2f}x")


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


def bench_memory(n: int = 1_000_000) -> None:
    pipeline = _pipeline()
    deals = open_many(pipeline, _opening_table(n))
    table = to_arrow(deals, "opportunities")
    events = to_arrow(deals, "events")
    del deals
    gc.collect()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory of {n:,} deals as tables")
    print(f"  opportunities table nbytes: {table.nbytes / 1e6:,.0f} MB")
    print(f"  events table nbytes:        {events.nbytes / 1e6:,.0f} MB")
    print(f"  both:                       {(table.nbytes + events.nbytes) / 1e6:,.0f} MB")
    print(f"  process peak RSS (objects built on the way): {rss:,.0f} MB")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    bench_open(n)
    bench_scoring(max(n, 1_000_000))
    bench_memory()


if __name__ == "__main__":
    main()
