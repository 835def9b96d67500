"""Benchmark: time in stage (Kaplan-Meier) on the polars engine against a hand-written query.

Run with ``POLARS_MAX_THREADS=1 python benchmarks/bench_time_in_stage.py [--deals N] [--full]``
(default N = 100,000 deals; ``--full`` is 1,000,000 deals and about 3,000,000
stage changes). The book is the one of ``bench_analytics.py`` (seeded, straight
into the two tables). Prints, in one run:

* our polars engine: the whole ``analytics.time_in_stage`` call (checks, the
  visits, the exact Kaplan-Meier estimate, the finished Result);
* a hand-written polars query of the same figure (the median per stage), which
  knows this book's shape (every history opens the deal, a pause is final) and
  computes the estimate in floats with ``cum_prod``;
* their ratio (goal: within 2 times), a check that both give the same medians;
* lifelines' ``KaplanMeierFitter`` fitted per stage on the hand query's
  durations (the fit alone, its input made for it), as a peer;
* the reference engine over a sample of the deals as Opportunity values.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("POLARS_MAX_THREADS", "1")
sys.path.insert(0, str(Path(__file__).parent))

import bench_analytics
import polars as pl

from salesflow import analytics, tables

AT = bench_analytics.T0 + timedelta(days=700)
_CLOSED = ["won", "lost"]


def visits(e: pl.DataFrame) -> pl.DataFrame:
    """Per visit: stage, duration in microseconds, exited; written for this book's shape."""
    s, t = pl.col("to_stage").cast(pl.String), pl.col("to_status").cast(pl.String)
    nxt = pl.col("move").cast(pl.String).shift(-1).over("opportunity_id")
    ends = nxt.is_in(["advance", "win", "lose"])
    return (
        e.filter(pl.col("at") <= pl.lit(AT))
        .with_columns(
            pl.col("at").shift(-1).over("opportunity_id").alias("_next"), ends.alias("_x")
        )
        .filter(pl.col("move").cast(pl.String).is_in(["open", "advance"]) & (t == "open"))
        .select(
            s.alias("stage"),
            (pl.when(pl.col("_x")).then(pl.col("_next")).otherwise(pl.lit(AT)) - pl.col("at"))
            .dt.total_microseconds()
            .alias("d"),
            pl.col("_x").fill_null(False).alias("x"),
        )
    )


def hand(e: pl.DataFrame) -> dict[str, int | None]:
    """The median time in each stage: visits, then the estimate, by hand in polars."""
    counted = (
        visits(e)
        .group_by("stage", "d")
        .agg(pl.col("x").sum().alias("exits"), pl.len().alias("n"))
        .sort("stage", "d")
    )
    total = pl.col("n").sum().over("stage")
    at_risk = total - pl.col("n").cum_sum().over("stage") + pl.col("n")
    curve = counted.with_columns(
        (1 - pl.col("exits") / at_risk).cum_prod().over("stage").alias("s")
    )
    # floats: an estimate of exactly one half comes out a hair above it, hence the margin
    found = curve.filter(pl.col("s") <= 0.5 + 1e-9).group_by("stage").agg(pl.col("d").min())
    medians: dict[str, int | None] = dict.fromkeys(curve["stage"].unique().to_list())
    medians.update(dict(found.iter_rows()))
    return medians


def lifelines_fit(durations: pl.DataFrame) -> object:
    from lifelines import KaplanMeierFitter

    out = {}
    for (stage,), part in durations.group_by("stage"):
        fitter = KaplanMeierFitter().fit(part["d"].to_numpy(), event_observed=part["x"].to_numpy())
        out[stage] = fitter.median_survival_time_
    return out


def _ours(book: Any, events: Any) -> analytics.Result:
    extra = {} if events is None else {"events": events}
    return analytics.time_in_stage(book, at=AT, min_sample=1, **extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 deals")
    parser.add_argument("--reference", type=int, default=20_000)
    args = parser.parse_args()
    n = 1_000_000 if args.full else args.deals
    start = time.perf_counter()
    d, e = bench_analytics.book(n)
    took = time.perf_counter() - start
    print(f"book: {d.height:,} deals, {e.height:,} stage changes, in {took:.1f}s")
    ours = _ours(d, e)
    medians = {
        r[1]: (None if r[5] is None else r[5] // timedelta(microseconds=1)) for r in ours.rows
    }
    assert medians == hand(e), (medians, hand(e))
    a = bench_analytics._best(lambda: _ours(d, e))
    b = bench_analytics._best(lambda: hand(e))
    prepared = visits(e)
    c = bench_analytics._best(lambda: lifelines_fit(prepared), repeat=1)
    head = d.head(args.reference)
    sample = tables.from_polars(
        head, "opportunities", events=e.filter(pl.col("opportunity_id").is_in(head["id"].implode()))
    )
    r = bench_analytics._best(lambda: _ours(list(sample), None), repeat=1)
    print("same medians per stage on both: yes")
    print(f"polars engine      {a * 1000:10.1f} ms")
    print(f"hand polars query  {b * 1000:10.1f} ms   ratio {a / b:.2f} (goal: within 2)")
    print(f"lifelines fit      {c * 1000:10.1f} ms   (on the hand query's durations)")
    print(f"reference engine   {r * 1000:10.1f} ms   ({len(sample):,} deals)")


if __name__ == "__main__":
    main()
