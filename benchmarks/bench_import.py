"""CPU cost of ``import salesflow`` and of a CLI start, best of N fresh processes.

Run: ``python benchmarks/bench_import.py`` (``-X importtime`` detail:
``python -X importtime -c "import salesflow" 2>&1 | sort -t'|' -k2 -n | tail``).
Each figure is the child process's user+system CPU time, so a busy machine
slows it less than wall time; the baseline is a bare ``python -c pass``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys

ROUNDS = 9


def child_cpu_ms(args: list[str]) -> float:
    """The best CPU time (ms) of ``ROUNDS`` fresh runs of ``python *args``."""
    best = float("inf")
    for _ in range(ROUNDS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used * 1000)
    return best


def in_process_ms() -> float:
    """``import salesflow`` alone, timed inside the child (process_time), best of N."""
    code = (
        "import time; t = time.process_time(); import salesflow; "
        "print((time.process_time() - t) * 1000)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True
            ).stdout
        )
        for _ in range(ROUNDS)
    ]
    return min(runs)


def main() -> dict[str, float]:
    no_cache = os.environ.get("PYTHONDONTWRITEBYTECODE") is not None
    bare = child_cpu_ms(["-c", "pass"])
    figures = {
        "import salesflow (in-process CPU ms)": in_process_ms(),
        "python -c 'import salesflow' (process CPU ms)": child_cpu_ms(["-c", "import salesflow"]),
        "python -m salesflow --version (process CPU ms)": child_cpu_ms(
            ["-m", "salesflow", "--version"]
        ),
        "python -c pass (process CPU ms)": bare,
    }
    for name, value in figures.items():
        print(f"{name:50s} {value:8.1f}")
    if no_cache:
        print("(bytecode caching off: figures include compiling)")
    return figures


if __name__ == "__main__":
    main()
