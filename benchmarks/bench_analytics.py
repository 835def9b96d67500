"""Benchmark: each analytic on the polars engine against a hand-written polars query.

Run with ``POLARS_MAX_THREADS=1 python benchmarks/bench_analytics.py [--deals N] [--full]``
(default N = 100,000 deals, about 5 stage changes each; ``--full`` is the
target size of 1,000,000 deals and about 5,000,000 stage changes). The book
is generated from a seeded generator straight into the two tables
(``opportunities`` and ``events``). Prints, per analytic, the polars
engine's time (the whole call: checks, engine, the finished Result), a
hand-written polars query of the same figure, their ratio (goal: within 2
times), and the reference engine's time over a sample of the deals as
Opportunity values (``--reference N``, default 20,000; 100,000 with ``--full``,
as the reference engine over a million deals would take minutes a figure) beside them.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import polars as pl

from salesflow import analytics, tables
from salesflow.stages import MovePolicy, Pipeline, Stage

T0 = datetime(2025, 1, 1, tzinfo=UTC)
STAGES = ("lead", "qualify", "visit", "brief", "offer")
PIPELINE = Pipeline(
    key="direct",
    stages=tuple(Stage(key=k, probability=10 * (i + 1), rot_days=30) for i, k in enumerate(STAGES)),
    policy=MovePolicy(allow_reopen=True),
)
OWNERS = tuple(f"owner-{k}" for k in range(50))
REASONS = ("price", "timing", "competitor", "no_budget")


def _deal(
    rng: random.Random, n: int, deals: dict[str, list[Any]], ev: dict[str, list[Any]]
) -> None:
    created = T0 + timedelta(minutes=rng.randrange(0, 500 * 24 * 60))
    did, at, stage, status = f"o-{n}", created, 0, "open"

    def move(kind: str, to: int, to_status: str, reason: str | None = None) -> None:
        nonlocal at, stage, status
        at = at + timedelta(hours=rng.randrange(1, 24 * 20))
        for key, value in (
            ("opportunity_id", did),
            ("move", kind),
            ("at", at),
            ("to_stage", STAGES[to]),
            ("to_status", to_status),
            ("from_stage", STAGES[stage]),
            ("from_status", status),
            ("reason", reason),
        ):
            ev[key].append(value)
        stage, status = to, to_status

    for key, value in (
        ("opportunity_id", did),
        ("move", "open"),
        ("at", created),
        ("to_stage", STAGES[0]),
        ("to_status", "open"),
        ("from_stage", None),
        ("from_status", None),
        ("reason", None),
    ):
        ev[key].append(value)
    for _ in range(rng.choice((1, 2, 3, 4, 4, 4))):
        if stage + 1 < len(STAGES):
            move("advance", stage + 1, "open")
        if rng.random() < 0.06:
            move("pause", stage, "paused")
            move("resume", stage, "open")
    fate = rng.random()
    lost = None
    if fate < 0.3:
        move("win", stage, "won")
    elif fate < 0.6:
        lost = rng.choice(REASONS)
        move("lose", stage, "lost", lost)
    elif fate < 0.7:
        move("pause", stage, "paused")
    cents = rng.randrange(100_000, 100_000_000)
    row = (
        did,
        "c-" + str(n % 9973),
        rng.choice(OWNERS),
        "direct",
        STAGES[stage],
        cents,
        rng.choice(("CNY", "CNY", "USD")),
        created,
        status,
        lost,
        (created + timedelta(days=rng.randrange(10, 200))).date(),
    )
    for key, value in zip(deals, row, strict=True):
        deals[key].append(value)


def book(n: int, seed: int = 13) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    names = (
        "id",
        "customer_id",
        "owner",
        "pipeline",
        "stage",
        "amount",
        "amount_currency",
        "created_at",
        "status",
        "lost_reason",
        "expected_close",
    )
    deals: dict[str, list[Any]] = {k: [] for k in names}
    ev: dict[str, list[Any]] = {
        k: []
        for k in (
            "opportunity_id",
            "move",
            "at",
            "to_stage",
            "to_status",
            "from_stage",
            "from_status",
            "reason",
        )
    }
    for k in range(n):
        _deal(rng, k, deals, ev)
    cat = pl.Categorical
    frame = pl.DataFrame(deals).with_columns(
        pl.col("amount").cast(pl.Decimal(38, 2)).truediv(100).cast(pl.Decimal(38, 4)),
        *(
            pl.col(c).cast(cat)
            for c in ("owner", "pipeline", "stage", "amount_currency", "status", "lost_reason")
        ),
        pl.col("created_at").dt.cast_time_unit("us"),
        pl.lit(None, pl.String).alias("attributes"),
        pl.lit(None, pl.Int64).alias("probability"),
    )
    events = pl.DataFrame(ev).with_columns(
        *(
            pl.col(c).cast(cat)
            for c in ("move", "to_stage", "to_status", "from_stage", "from_status")
        ),
        pl.col("at").dt.cast_time_unit("us"),
        pl.lit("direct").cast(cat).alias("pipeline"),
        pl.lit(10, pl.Int64).alias("probability_after"),
    )
    return frame, events


def _best(run: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _pair(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """The best of at least ``repeat`` runs of each, taken in turn (a busy machine slows both
    alike), and more for quick figures: until each has run for half a second, up to 50 runs.
    """
    a = b = float("inf")
    spent, runs = 0.0, 0
    while runs < repeat or (spent < 0.5 and runs < 50):
        start = time.perf_counter()
        a = min(a, _best(ours, 1))
        spent += time.perf_counter() - start
        b = min(b, _best(theirs, 1))
        runs += 1
    return a, b


def hand(d: pl.DataFrame, e: pl.DataFrame) -> dict[str, Callable[[], object]]:
    """The same figures, written by hand in polars (rows out, as a user would read them)."""
    s = pl.col("status")

    def closed() -> pl.DataFrame:
        return d.filter(s.is_in(["won", "lost"]))

    index = {k: i for i, k in enumerate(STAGES)}
    at = T0 + timedelta(days=700)

    def funnel() -> object:
        k = e.select("opportunity_id", pl.col("to_stage").replace_strict(index))
        far = k.group_by("opportunity_id").agg(pl.col("to_stage").max()).group_by("to_stage").len()
        return far.sort("to_stage", descending=True).with_columns(pl.col("len").cum_sum()).rows()

    def cycles() -> object:
        ends = (
            e.filter(pl.col("move").is_in(["win", "lose"]))
            .group_by("opportunity_id")
            .agg(pl.col("at").max())
        )
        j = closed().join(ends, left_on="id", right_on="opportunity_id")
        return j.group_by(s).agg((pl.col("at") - pl.col("created_at")).median()).rows()

    def reasons() -> object:
        wins = (
            e.filter(pl.col("move") == "win")
            .group_by("opportunity_id")
            .agg(pl.col("reason").last())
        )
        j = closed().join(wins, left_on="id", right_on="opportunity_id", how="left")
        why = pl.coalesce(pl.col("lost_reason").cast(pl.String), pl.col("reason"))
        return j.group_by(s, why, "amount_currency").agg(pl.len(), pl.col("amount").sum()).rows()

    def stale() -> object:
        ent = (
            e.filter(
                pl.col("from_stage").is_null()
                | (pl.col("from_stage") != pl.col("to_stage"))
                | pl.col("from_status").is_in(["won", "lost"])
            )
            .group_by("opportunity_id")
            .agg(pl.col("at").max())
        )
        return (
            d.filter(s == "open")
            .join(ent, left_on="id", right_on="opportunity_id")
            .filter(pl.lit(at) - pl.col("at") >= pl.duration(days=30))
            .select(
                "pipeline",
                "stage",
                "id",
                "owner",
                "at",
                (pl.lit(at) - pl.col("at")).dt.total_days(),
            )
            .rows()
        )

    def forecast() -> object:
        probability = {k: 10 * (i + 1) for i, k in enumerate(STAGES)}
        chance = (
            pl.when(s == "won").then(100).otherwise(pl.col("stage").replace_strict(probability))
        )
        category = pl.when(s == "won").then(pl.lit("closed")).otherwise(pl.lit("pipeline"))
        return (
            d.filter(s.is_in(["won", "open"]))
            .with_columns((pl.col("amount") * chance.cast(pl.Decimal(38, 0))).alias("w"))
            .group_by(pl.col("expected_close").dt.strftime("%Y-%m"), "amount_currency", category)
            .agg(pl.col("amount").sum(), pl.col("w").sum())
            .rows()
        )

    def win_probability() -> object:
        """Counts per stage (every stage a deal was in) and owner, then each open deal's odds."""
        visited = pl.concat(
            [
                e.select(pl.col("opportunity_id").alias("id"), pl.col("to_stage").alias("v")),
                e.select(pl.col("opportunity_id").alias("id"), pl.col("from_stage").alias("v")),
            ]
        ).unique()
        outcome = closed().select("id", (s == "won").alias("won"))
        won = outcome["won"].sum()
        lost = outcome.height - won

        def ratio(counts: pl.DataFrame, field: str, totals: tuple[int, int]) -> pl.DataFrame:
            w, lo = pl.col("won").cast(pl.Float64), pl.col("lost").cast(pl.Float64)
            k = 2 if field == "stage" else counts.height  # a stage is in a deal or not
            return counts.select(
                pl.col("v").cast(pl.String).alias(field),
                (((w + 1) / (totals[0] + k)) / ((lo + 1) / (totals[1] + k))).alias(f"r_{field}"),
            )

        def tally(frame: pl.DataFrame) -> pl.DataFrame:
            return frame.group_by("v").agg(
                pl.col("won").sum().alias("won"), (~pl.col("won")).sum().alias("lost")
            )

        stage = tally(outcome.join(visited, on="id").drop_nulls("v"))
        owner = tally(closed().select(pl.col("owner").alias("v"), (s == "won").alias("won")))
        return (
            d.filter(s == "open")
            .select(
                "id", "pipeline", pl.col("stage").cast(pl.String), pl.col("owner").cast(pl.String)
            )
            .join(ratio(stage, "stage", (won, lost)), on="stage", how="left")
            .join(ratio(owner, "owner", (won, lost)), on="owner", how="left")
            .with_columns((won / lost * pl.col("r_stage") * pl.col("r_owner")).alias("odds"))
            .select("id", "pipeline", "stage", (pl.col("odds") / (1 + pl.col("odds"))))
            .rows()
        )

    return {
        "counts": lambda: (
            d.group_by("pipeline", "stage", "status", "amount_currency")
            .agg(pl.len(), pl.col("amount").sum())
            .rows()
        ),
        "funnel": funnel,
        "conversion": funnel,
        "win_rate (owner)": lambda: closed().group_by("owner").agg((s == "won").mean()).rows(),
        "cycle_time": cycles,
        "reasons": reasons,
        "stale": stale,
        "velocity": lambda: (
            cycles(),
            d.group_by("status", "amount_currency").agg(pl.len(), pl.col("amount").sum()).rows(),
        ),
        "forecast": forecast,
        "win_probability": win_probability,
    }


def ours(book_: Any, events: Any) -> dict[str, Callable[[], object]]:
    at = T0 + timedelta(days=700)
    ev = {} if events is None else {"events": events}
    fields = ("stage", "owner")
    return {
        "counts": lambda: analytics.counts(book_, **ev),
        "funnel": lambda: analytics.funnel(book_, pipeline=PIPELINE, **ev),
        "conversion": lambda: analytics.conversion(book_, pipeline=PIPELINE, **ev),
        "win_rate (owner)": lambda: analytics.win_rate(book_, by="owner", **ev),
        "cycle_time": lambda: analytics.cycle_time(book_, **ev),
        "reasons": lambda: analytics.reasons(book_, **ev),
        "stale": lambda: analytics.stale(book_, pipelines=PIPELINE, at=at, **ev),
        "velocity": lambda: analytics.velocity(book_, **ev),
        "forecast": lambda: analytics.forecast(book_, pipelines=PIPELINE, **ev),
        "win_probability": lambda: analytics.win_probability(book_, fields=fields, **ev),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="1,000,000 deals")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each, the best kept")
    parser.add_argument(
        "--reference", type=int, default=None, help="default 20,000; 100,000 with --full"
    )
    args = parser.parse_args()
    n = 1_000_000 if args.full else args.deals
    if args.reference is None:
        args.reference = 100_000 if args.full else 20_000
    start = time.perf_counter()
    d, e = book(n)
    print(
        f"book: {d.height:,} deals, {e.height:,} stage changes, "
        f"generated in {time.perf_counter() - start:.1f}s"
    )
    sample = tables.from_polars(
        d.head(args.reference),
        "opportunities",
        events=e.filter(pl.col("opportunity_id").is_in(d.head(args.reference)["id"].implode())),
    )
    mine, theirs, ref = ours(d, e), hand(d, e), ours(list(sample), None)
    print(
        f"{'analytic':18} {'polars engine':>14} {'hand polars':>12} {'ratio':>6} "
        f"{'reference (' + format(len(sample), ',') + ')':>20}"
    )
    from salesflow.analytics._book import _unique

    check = _best(lambda: _unique(d["id"]), repeat=args.repeat)
    print(
        f"(of each call on the polars engine, the check that ids are unique: {check * 1000:.1f}ms)"
    )
    for name in mine:
        a, b = _pair(mine[name], theirs[name], args.repeat)
        r = _best(ref[name], repeat=1)
        print(f"{name:18} {a * 1000:12.1f}ms {b * 1000:10.1f}ms {a / b:6.2f} {r * 1000:18.1f}ms")


if __name__ == "__main__":
    main()
