"""Benchmark: one person's agenda, and a manager's, on books of 1x, 2x and 4x.

Run: ``python benchmarks/bench_cadence.py [--customers N] [--deals N] [--scales 1,2,4]``.

The 1x book is 100,000 customers and 300,000 open deals. Each scale builds a
book (customers with value grades and owners, open deals in the basic and
complex pipelines with some stage history, one done contact per customer,
objections and deliveries as events) where the book grows by its number of
salespeople: 200 per 1x, 20 reports per manager, so one person holds the
same number of records at every scale (``--fixed-team`` keeps 200
salespeople instead, so that one person's records grow with the book). It
times, at each scale:

* indexing the book once (:class:`salesflow.cadence.Tracker`),
* one salesperson's agenda for one ``at`` (best of 5),
* one manager's agenda (their 20 reports' escalations, best of 3),
* every obligation of the whole book (``obligations()``, best and median of 5),
* at 1x only: the summary,

then prints each agenda's cost at 2x and 4x as a ratio of its cost at 1x,
and ``obligations()``'s cost per obligation at 2x and 4x as a ratio of its
cost at 1x, of the best runs and of the medians (1.00 is linear growth; the
goal is within 10%).
No peer library does this; the figures stand alone.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from salesflow import (
    Activity,
    ActivityKind,
    Customer,
    Money,
    Move,
    Opportunity,
    OpportunityStatus,
    StageChange,
    ValueGrade,
)
from salesflow.cadence import CadenceEventKind, Event, Team, Tracker, presets
from salesflow.stages import presets as stage_presets

CST = timezone(timedelta(hours=8))
AT = datetime(2026, 3, 16, 9, 0, tzinfo=CST)
T = TypeVar("T")


def people(n: int) -> list[str]:
    return [f"rep{i:04d}" for i in range(n)]


def build(n_customers: int, n_deals: int, team: list[str], seed: int = 7) -> dict[str, list[Any]]:
    rnd = random.Random(seed)
    grades = [ValueGrade.A, ValueGrade.B, ValueGrade.C, None]
    customers = [
        Customer(
            id=f"c{i}",
            name=f"Customer {i}",
            value_grade=rnd.choice(grades),
            owner=team[i % len(team)],
        )
        for i in range(n_customers)
    ]
    stages = {
        name: [s.key for s in stage_presets.get(name).stages] for name in ("basic", "complex")
    }
    deals: list[Opportunity] = []
    for i in range(n_deals):
        pipeline = "basic" if i % 2 else "complex"
        keys = stages[pipeline]
        created = AT - timedelta(days=rnd.randint(1, 200), minutes=rnd.randint(0, 1440))
        history = []
        stage = keys[0]
        when = created
        for _ in range(rnd.randint(0, 2)):
            nxt = keys[min(keys.index(stage) + 1, len(keys) - 2)]
            when = when + timedelta(days=rnd.randint(1, 30))
            if when > AT:
                break
            history.append(
                StageChange(
                    move=Move.ADVANCE,
                    at=when,
                    from_stage=stage,
                    to_stage=nxt,
                    from_status=OpportunityStatus.OPEN,
                    to_status=OpportunityStatus.OPEN,
                    probability_after=30,
                )
            )
            stage = nxt
        cid = i % n_customers
        deals.append(
            Opportunity(
                id=f"o{i}",
                customer_id=f"c{cid}",
                owner=team[cid % len(team)],
                pipeline=pipeline,
                stage=stage,
                amount=Money("10000", "CNY"),
                created_at=created,
                history=history,
            )
        )
    activities = [
        Activity(
            id=f"a{i}",
            kind=ActivityKind.VISIT if i % 3 == 0 else ActivityKind.CALL,
            owner=team[i % len(team)],
            subject="contact",
            customer_id=f"c{i}",
            done_at=AT - timedelta(days=rnd.randint(0, 60), minutes=rnd.randint(0, 1440)),
        )
        for i in range(n_customers)
    ]
    events: list[Event] = []
    for i in range(0, n_deals, 30):
        events.append(
            Event(
                kind=CadenceEventKind.OBJECTION_RAISED,
                subject_id=f"o{i}",
                at=AT - timedelta(hours=rnd.randint(1, 120)),
            )
        )
    for i in range(1, n_deals, 60):
        events.append(
            Event(
                kind=CadenceEventKind.DELIVERED,
                subject_id=f"o{i}",
                at=AT - timedelta(days=rnd.randint(1, 100)),
            )
        )
    return {
        "customers": list(customers),
        "opportunities": list(deals),
        "activities": list(activities),
        "events": list(events),
    }


def timed(label: str, fn: Callable[[], T], repeat: int = 1) -> tuple[T, float, float]:
    """Run ``fn`` ``repeat`` times; print the best and median CPU times; return its result,
    the best and the median."""
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    best, median = min(times), statistics.median(times)
    spread = f"   (median {median * 1000:.1f} ms of {repeat})" if repeat > 1 else ""
    print(f"  {label:<46} {best * 1000:10.1f} ms{spread}")
    return result, best, median


def run_scale(scale: int, args: argparse.Namespace) -> tuple[float, float, float, float]:
    """Build the book of ``scale`` and time it; seconds: (person, manager, per obligation
    best, per obligation median)."""
    n_customers, n_deals = args.customers * scale, args.deals * scale
    team_size = 200 if args.fixed_team else 200 * scale
    reps = people(team_size)
    start = time.perf_counter()
    book = build(n_customers, n_deals, reps)
    print(
        f"{scale}x: {n_customers:,} customers, {n_deals:,} open deals, "
        f"{len(book['activities']):,} activities, {len(book['events']):,} events, "
        f"{team_size} salespeople (built in {time.perf_counter() - start:.1f} s, not timed)"
    )
    team = Team(
        roles={"sales_manager": "boss"},
        managers={p: f"mgr{i // 20}" for i, p in enumerate(reps)},
    )
    tracker, _, _ = timed(
        "index the book (Tracker)",
        lambda: Tracker(
            presets.all_rules(),
            team=team,
            customers=book["customers"],
            opportunities=book["opportunities"],
            activities=book["activities"],
            events=book["events"],
        ),
    )
    agenda, person, _ = timed(
        "agenda of one salesperson at one `at`", lambda: tracker.agenda("rep0007", at=AT), 5
    )
    print(
        f"    -> {len(agenda)} open items: {len(agenda.overdue)} overdue "
        f"({len(agenda.escalated)} escalated), {len(agenda.due)} due"
    )
    boss, manager, _ = timed(
        "agenda of one manager (20 reports)", lambda: tracker.agenda("mgr0", at=AT), 3
    )
    print(f"    -> {len(boss)} items")
    everything, whole, middle = timed(
        "every obligation of the whole book", lambda: tracker.obligations(at=AT), 5
    )
    print(f"    -> {len(everything):,} obligations, {whole / len(everything) * 1e6:.2f} µs each")
    if scale == 1:
        summary, _, _ = timed("summary (per rule, per person)", lambda: tracker.summary(at=AT))
        print(
            f"    -> {summary.total.met_on_time:,} met on time, "
            f"{summary.total.met_late:,} met late, "
            f"{summary.total.overdue + summary.total.escalated:,} overdue"
        )
    return person, manager, whole / len(everything), middle / len(everything)


def main(argv: list[str] | None = None) -> dict[int, tuple[float, float, float, float]]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--deals", type=int, default=300_000)
    parser.add_argument("--scales", default="1,2,4", help="book sizes, as multiples of 1x")
    parser.add_argument("--fixed-team", action="store_true", help="200 salespeople at every scale")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    figures = {}
    for scale in scales:
        figures[scale] = run_scale(scale, args)
        gc.collect()
    base = scales[0]
    print(f"cost as a ratio of the {base}x book:")
    for scale in scales[1:]:
        person, manager, each, middle = figures[scale]
        print(
            f"  {scale}x: one salesperson {person / figures[base][0]:.2f}, "
            f"one manager {manager / figures[base][1]:.2f}, "
            f"obligations() per obligation {each / figures[base][2]:.2f} of linear "
            f"(medians: {middle / figures[base][3]:.2f})"
        )
    return figures


if __name__ == "__main__":
    main()
