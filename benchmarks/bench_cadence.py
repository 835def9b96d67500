"""Benchmark: one person's agenda over 100,000 customers and 300,000 open deals.

Run: ``python benchmarks/bench_cadence.py [--customers N] [--deals N]``.

Builds a book (customers with value grades and owners among 200 salespeople,
open deals in the basic and complex pipelines with some stage history, one
done contact per customer, objections and deliveries as events), then times:

* indexing the book once (:class:`salesflow.cadence.Tracker`),
* one salesperson's agenda for one ``at`` (the figure the issue asks for),
* one manager's agenda (their reports' escalations),
* every obligation of the whole book for that ``at``, and the summary.

No peer library does this; the figures stand alone.
"""

from __future__ import annotations

import argparse
import random
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
PEOPLE = [f"rep{i:03d}" for i in range(200)]
T = TypeVar("T")


def build(n_customers: int, n_deals: int, seed: int = 7) -> dict[str, list[Any]]:
    rnd = random.Random(seed)
    grades = [ValueGrade.A, ValueGrade.B, ValueGrade.C, None]
    customers = [
        Customer(
            id=f"c{i}",
            name=f"Customer {i}",
            value_grade=rnd.choice(grades),
            owner=PEOPLE[i % len(PEOPLE)],
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
                owner=PEOPLE[cid % len(PEOPLE)],
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
            owner=PEOPLE[i % len(PEOPLE)],
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


def timed(label: str, fn: Callable[[], T], repeat: int = 1) -> T:
    """Run ``fn`` ``repeat`` times; print the best time; return its result."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<48} {best * 1000:10.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--deals", type=int, default=300_000)
    args = parser.parse_args()
    start = time.perf_counter()
    book = build(args.customers, args.deals)
    print(
        f"built {args.customers:,} customers, {args.deals:,} open deals, "
        f"{len(book['activities']):,} activities, {len(book['events']):,} events "
        f"in {time.perf_counter() - start:.1f} s (not timed below)"
    )
    team = Team(
        roles={"sales_manager": "boss"},
        managers={p: f"mgr{i // 20}" for i, p in enumerate(PEOPLE)},
    )
    rules = presets.all_rules()
    tracker = timed(
        "index the book (Tracker)",
        lambda: Tracker(
            rules,
            team=team,
            customers=book["customers"],
            opportunities=book["opportunities"],
            activities=book["activities"],
            events=book["events"],
        ),
    )
    agenda = timed(
        "agenda of one salesperson at one `at`", lambda: tracker.agenda("rep007", at=AT), 5
    )
    print(
        f"  -> {len(agenda)} open items: {len(agenda.overdue)} overdue "
        f"({len(agenda.escalated)} escalated), {len(agenda.due)} due"
    )
    boss = timed("agenda of one manager (20 reports)", lambda: tracker.agenda("mgr0", at=AT), 3)
    print(f"  -> {len(boss)} escalated items")
    everything = timed("every obligation of the whole book", lambda: tracker.obligations(at=AT))
    print(f"  -> {len(everything):,} obligations")
    summary = timed("summary (met on time / late per rule, person)", lambda: tracker.summary(at=AT))
    print(
        f"  -> {summary.total.met_on_time:,} met on time, {summary.total.met_late:,} met late, "
        f"{summary.total.overdue + summary.total.escalated:,} overdue"
    )


if __name__ == "__main__":
    main()
