"""Benchmark: the analytics and ``evaluate_frame`` on Spark (local mode) against polars.

Run with ``python benchmarks/bench_spark.py [--sizes 1000000,10000000] [--cap-gib 4]``.

The book is the seeded one of ``bench_analytics.py`` (about 4 stage changes
a deal), generated once at the smallest size and repeated (fresh ids) up to
each size, written as Parquet (the form a book has in a lake), read by both
engines. Every (engine, size) runs in its own process, so that its peak
memory is its own: the resident memory of the process and its children
(Spark's JVM) sampled every 50 ms. Prints, per size, each analytic's time
(the whole call, to the finished Result) on polars and on Spark, their ratio,
and each engine's peak memory; ``evaluate_frame`` is timed to a computed
result (polars: the frame; Spark: every column written to Spark's ``noop``
sink).

Spark runs with a small JVM heap (``--heap``, default 2g): it spills to disk
rather than fail. ``--cap-gib`` then looks for the point where polars runs
out of memory: the polars run again, its address space capped
(``RLIMIT_AS``) at that many GiB (say, what Spark's whole process tree
used), at each size. The machine's memory is never at risk: a capped
process fails alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

T0 = datetime(2025, 1, 1, tzinfo=UTC)
AT = T0 + timedelta(days=700)


# -- the data --------------------------------------------------------------------------


def write_books(sizes: list[int], folder: Path) -> dict[int, Path]:
    """The seeded book at the smallest size, repeated up to each size, as Parquet files."""
    import polars as pl
    from bench_analytics import book

    base = min(sizes)
    start = time.perf_counter()
    deals, events = book(base)
    deals = deals.with_columns(
        (pl.col("created_at").dt.date() + pl.duration(days=90)).alias("expected_close"),
        pl.lit(None, pl.Int64).alias("probability"),
        pl.lit(None, pl.String).alias("lead_id"),
        pl.col("id").alias("name"),
    )
    print(
        f"book: {deals.height:,} deals, {events.height:,} stage changes generated in "
        f"{time.perf_counter() - start:.0f}s; repeated up to each size"
    )
    out = {}
    for n in sorted(sizes):
        copies = -(-n // base)
        d = pl.concat([deals.with_columns(pl.col("id") + f"-{k}") for k in range(copies)]).head(n)
        e = pl.concat(
            [events.with_columns(pl.col("opportunity_id") + f"-{k}") for k in range(copies)]
        )
        if n % base:
            e = e.filter(pl.col("opportunity_id").is_in(d["id"].implode()))
        where = folder / f"book-{n}"
        where.mkdir()
        d.write_parquet(where / "opportunities.parquet")
        e.write_parquet(where / "events.parquet")
        out[n] = where
        print(f"  {n:>12,} deals, {e.height:>12,} changes -> Parquet")
        del d, e
    return out


# -- what is measured ------------------------------------------------------------------


def scorecard() -> Any:
    from salesflow.scoring import Band, Criterion, RuleKind, Scorecard

    return Scorecard(
        key="deal_size",
        criteria=[
            Criterion(
                key="amount", kind=RuleKind.NUMERIC, field="amount", thresholds=[10_000, 100_000]
            ),
            Criterion(
                key="age",
                kind=RuleKind.DAYS_UNTIL,
                field="created_at",
                thresholds=[-600, -300, -100],
                higher_is_better=True,
                weight=2,
            ),
        ],
        bands=[Band(key="low", minimum=0), Band(key="mid", minimum=1), Band(key="high", minimum=2)],
    )


def analytics_calls(deals: Any, events: Any) -> dict[str, Callable[[], object]]:
    """Every analytic, or those named in ``SALESFLOW_BENCH_ONLY`` (comma-separated)."""
    from bench_analytics import PIPELINE

    from salesflow import analytics

    ev = {"events": events}
    only = [n for n in os.environ.get("SALESFLOW_BENCH_ONLY", "").split(",") if n]
    calls: dict[str, Callable[[], object]] = {
        "counts": lambda: analytics.counts(deals, **ev),
        "funnel": lambda: analytics.funnel(deals, pipeline=PIPELINE, **ev),
        "win_rate (owner)": lambda: analytics.win_rate(deals, by="owner", **ev),
        "cycle_time": lambda: analytics.cycle_time(deals, percentiles=[50, 90], **ev),
        "reasons": lambda: analytics.reasons(deals, **ev),
        "stale": lambda: analytics.stale(deals, pipelines=PIPELINE, at=AT, **ev),
        "velocity": lambda: analytics.velocity(deals, **ev),
        "forecast": lambda: analytics.forecast(deals, pipelines=PIPELINE, **ev),
    }
    return {k: v for k, v in calls.items() if not only or k in only}


class Peak:
    """The peak resident memory of this process and its children, sampled."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out = [pid]
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in kids:
                out.extend(Peak._tree(int(kid)))
        return out

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop:
            self.peak = max(self.peak, sum(self._rss(p) for p in self._tree(os.getpid())))
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop = True
        self._thread.join()
        return self.peak


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def polars_worker(where: Path) -> dict[str, Any]:
    os.environ.setdefault("POLARS_MAX_THREADS", "2")
    import polars as pl

    from salesflow import tables

    peak = Peak()
    times: dict[str, float] = {}
    start = time.perf_counter()
    deals = pl.read_parquet(where / "opportunities.parquet")
    events = pl.read_parquet(where / "events.parquet")
    times["(read Parquet)"] = time.perf_counter() - start
    for name, run in analytics_calls(deals, events).items():
        times[name] = _timed(run)
    times["evaluate_frame"] = _timed(
        lambda: tables.evaluate_frame(scorecard(), deals, at=AT).height
    )
    return {"times": times, "peak": peak.stop()}


def spark_worker(where: Path, heap: str) -> dict[str, Any]:
    from pyspark.sql import SparkSession

    from salesflow import tables

    peak = Peak()
    start = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.driver.memory", heap)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    times: dict[str, float] = {"(start Spark)": time.perf_counter() - start}
    deals = spark.read.parquet(str(where / "opportunities.parquet"))
    events = spark.read.parquet(str(where / "events.parquet"))
    for name, run in analytics_calls(deals, events).items():
        times[name] = _timed(run)

    def score() -> None:
        out = tables.evaluate_frame(scorecard(), deals, at=AT)
        out.write.format("noop").mode("overwrite").save()

    times["evaluate_frame"] = _timed(score)
    spark.stop()
    return {"times": times, "peak": peak.stop()}


# -- the driver ------------------------------------------------------------------------


def _run_worker(engine: str, where: Path, cap: int | None, heap: str) -> dict[str, Any] | str:
    """One (engine, size) in its own process; its figures, or why it failed."""

    def limit() -> None:
        if cap is not None:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    command = [sys.executable, __file__, "--worker", engine, "--where", str(where), "--heap", heap]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}  # no thread pool reserving memory
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        check=False,
        timeout=3600,
        env=env,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return f"failed (exit {done.returncode}): {tail[:120]}"
    figures: dict[str, Any] = json.loads(lines[-1])
    return figures


def _report(n: int, polars: dict[str, Any] | str, spark: dict[str, Any] | str) -> None:
    print(f"\n{n:,} deals")
    if isinstance(polars, str) or isinstance(spark, str):
        print(f"  polars: {polars if isinstance(polars, str) else 'ok'}")
        print(f"  spark:  {spark if isinstance(spark, str) else 'ok'}")
    names = list((polars if isinstance(polars, dict) else spark)["times"])  # type: ignore[index]
    if isinstance(spark, dict):
        names += [k for k in spark["times"] if k not in names]
    print(f"  {'':22} {'polars':>10} {'spark':>10} {'spark/polars':>13}")
    for name in names:
        a = polars["times"].get(name) if isinstance(polars, dict) else None
        b = spark["times"].get(name) if isinstance(spark, dict) else None
        ratio = f"{b / a:13.1f}" if a and b else f"{'':13}"
        shown = [f"{v:9.2f}s" if v is not None else f"{'-':>10}" for v in (a, b)]
        print(f"  {name:22} {shown[0]} {shown[1]} {ratio}")
    for label, fig in (("polars", polars), ("spark (driver + JVM)", spark)):
        if isinstance(fig, dict):
            print(f"  peak memory {label}: {fig['peak'] / 2**30:.2f} GiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--cap-gib", type=float, default=None)
    parser.add_argument("--heap", default="2g", help="Spark's driver (JVM) heap")
    parser.add_argument("--worker", choices=("polars", "spark"))
    parser.add_argument("--where", type=Path)
    parser.add_argument("--only", default="", help="analytics to time (default: all)")
    parser.add_argument("--data", type=Path, help="reuse the book-<N> folders written before")
    args = parser.parse_args()
    if args.worker:
        if args.worker == "polars":
            figures = polars_worker(args.where)
        else:
            figures = spark_worker(args.where, args.heap)
        print(json.dumps(figures))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    os.environ["SALESFLOW_BENCH_ONLY"] = args.only
    with tempfile.TemporaryDirectory(prefix="salesflow-bench-spark-") as folder:
        if args.data:
            books = {n: args.data / f"book-{n}" for n in sizes}
        else:
            books = write_books(sizes, Path(folder))
        for n in sizes:
            _report(
                n,
                _run_worker("polars", books[n], None, args.heap),
                _run_worker("spark", books[n], None, args.heap),
            )
        if args.cap_gib:
            cap = int(args.cap_gib * 2**30)
            print(f"\npolars with its address space capped at {args.cap_gib:g} GiB (RLIMIT_AS)")
            for n in sizes:
                got = _run_worker("polars", books[n], cap, args.heap)
                peak = "" if isinstance(got, str) else f", peak {got['peak'] / 2**30:.2f} GiB"
                print(f"  {n:>12,} deals: {'ok' if isinstance(got, dict) else got}{peak}")


if __name__ == "__main__":
    main()
