"""Benchmark: how the costly operations grow, each measured at 1x, 2x and 4x its size.

Run by hand: ``python benchmarks/bench_scaling.py [SCALE]`` (SCALE multiplies every
base size; default 1). For each case the time at 1x, 2x and 4x is printed with the
growth ratio t(4x) / t(1x): about 4 is linear, about 16 is the square.

Cases: ``diagram()`` of a pipeline with going back allowed, ``to_statemachine()``
(one transition per allowed pair of stages: the machine's own size is the
square), ``explain()`` of a scorecard with many criteria, one deal moved many
times, one tick on a long checklist trail, ``Tracker(rules=<long string>)``
refused, and ``WorkingCalendar.add`` of a long working time (and of
``timedelta.max``, refused).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from salesflow import Money, SalesflowError, Tracker, WorkingCalendar
from salesflow.checklists import Checklist, ChecklistState, Item, Mark
from salesflow.scoring import Band, Criterion, RuleKind, Scorecard
from salesflow.stages import Pipeline, Stage

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _pipeline(n: int) -> Pipeline:
    return Pipeline(
        key="p", stages=[Stage(key=f"s{i}", probability=1 + i * 98 // n) for i in range(n)]
    )


def case_diagram(n: int) -> Callable[[], object]:
    pipeline = _pipeline(n)
    return lambda: pipeline.diagram("mermaid")


def case_statemachine(n: int) -> Callable[[], object]:
    def build() -> object:
        return _pipeline(n).to_statemachine()  # a new pipeline: nothing cached

    return build


def case_explain(n: int) -> Callable[[], object]:
    card = Scorecard(
        key="many",
        criteria=[Criterion(key=f"c{i}", kind=RuleKind.YES_NO, field=f"f{i}") for i in range(n)],
        bands=[Band(key="low", minimum=0), Band(key="high", minimum=n)],
    )
    result = card.evaluate({f"f{i}": i % 2 == 0 for i in range(n)})
    return lambda: result.explain()


def case_moves(n: int) -> Callable[[], object]:
    pipeline = Pipeline(
        key="p", stages=[Stage(key="a", probability=10), Stage(key="b", probability=50)]
    )
    times = [AT + timedelta(minutes=i) for i in range(n + 1)]

    def move() -> object:
        opp = pipeline.open(id="d", customer_id="c", owner="o", amount=Money("1", "CNY"), at=AT)
        for k in range(n):
            opp = pipeline.advance(opp, to="b" if k % 2 == 0 else "a", at=times[k + 1])
        return opp

    return move


def case_tick(n: int) -> Callable[[], object]:
    checklist = Checklist(key="c", items=[Item(key="x"), Item(key="y")])
    marks = [
        Mark(item="x", done=i % 2 == 0, by="ann", at=AT + timedelta(seconds=i)) for i in range(n)
    ]
    state = ChecklistState(trail=marks)
    later = AT + timedelta(seconds=n + 1)
    return lambda: checklist.ticked(state, "y", by="ann", at=later)


def case_tracker_text(n: int) -> Callable[[], object]:
    def refuse() -> object:
        try:
            Tracker(rules="a" * n)  # type: ignore[arg-type]
        except SalesflowError as exc:
            return exc
        raise AssertionError("a string of rules was accepted")

    return refuse


def case_working_add(n: int) -> Callable[[], object]:
    calendar = WorkingCalendar(timezone="Asia/Shanghai")
    return lambda: calendar.add(AT, amount=timedelta(hours=9 * n))


CASES: list[tuple[str, Callable[[int], Callable[[], object]], int]] = [
    ("diagram (stages, back allowed)", case_diagram, 250),
    ("to_statemachine (stages)", case_statemachine, 25),
    ("explain (criteria)", case_explain, 5_000),
    ("one deal moved (moves)", case_moves, 5_000),
    ("one tick (marks in the trail)", case_tick, 100_000),
    ("Tracker(rules=str) refused (characters)", case_tracker_text, 250_000),
    ("WorkingCalendar.add (working days)", case_working_add, 100_000),
]


def _time(call: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main(scale: float = 1) -> None:
    print(f"{'case':42} {'1x':>10} {'2x':>10} {'4x':>10} {'4x/1x':>7}")
    for name, make, base in CASES:
        size = max(1, int(base * scale))
        times = [_time(make(size * k)) for k in (1, 2, 4)]
        ratio = times[2] / times[0] if times[0] else float("nan")
        cells = " ".join(f"{t * 1000:8.2f}ms" for t in times)
        print(f"{name + f' n={size}':42} {cells} {ratio:7.1f}")
    calendar = WorkingCalendar(timezone="Asia/Shanghai")
    start = time.perf_counter()
    with contextlib.suppress(SalesflowError):
        calendar.add(AT, amount=timedelta.max)
    took = (time.perf_counter() - start) * 1000
    print(f"{'WorkingCalendar.add(timedelta.max) refused':42} {took:8.2f}ms")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1)
