"""CPU cost of ``import salesflow`` and of a CLI start, best of N fresh processes.

Run: ``python benchmarks/bench_import.py`` (``-X importtime`` detail:
``python -X importtime -c "import salesflow" 2>&1 | sort -t'|' -k2 -n | tail``).
Each figure is the child process's user+system CPU time, so a busy machine
slows it less than wall time; the baseline is a bare ``python -c pass``.
The children cache their bytecode (in a temporary directory, filled by a
first untimed run) as an installed package does, even when this process was
started with ``PYTHONDONTWRITEBYTECODE``; ``--compile`` times them compiling
every module instead.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile

ROUNDS = 9
#: the children's environment: set by :func:`main`
_ENV: dict[str, str] = dict(os.environ)


def child_cpu_ms(args: list[str]) -> float:
    """The best CPU time (ms) of ``ROUNDS`` fresh runs of ``python *args``."""
    best = float("inf")
    for _ in range(ROUNDS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL, env=_ENV)
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
                [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=_ENV
            ).stdout
        )
        for _ in range(ROUNDS)
    ]
    return min(runs)


def main(argv: list[str] | None = None) -> dict[str, float]:
    compile_ = "--compile" in (sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory() as cache:
        _ENV.clear()
        _ENV.update(os.environ)
        # an empty cache of our own: nothing stale is read, in either mode
        _ENV["PYTHONPYCACHEPREFIX"] = cache
        if compile_:
            _ENV["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            _ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            # fill the cache: the CLI imports every module a start needs
            subprocess.run([sys.executable, "-m", "salesflow", "--version"], check=True,
                           stdout=subprocess.DEVNULL, env=_ENV)  # fmt: skip
        figures = _figures(compile_)
        print("-X importtime, the slowest modules of `import salesflow` (self µs, best run):")
        for name, own in importtime_top():
            print(f"  {own:8d}  {name}")
        return figures


def importtime_top(count: int = 8) -> list[tuple[str, int]]:
    """The ``count`` modules with the largest ``-X importtime`` self time (best of the rounds)."""
    best: dict[str, int] = {}
    for _ in range(ROUNDS):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import salesflow"],
            check=True, capture_output=True, text=True, env=_ENV,
        ).stderr  # fmt: skip
        for line in err.splitlines():
            parts = line.split("|")
            if len(parts) != 3 or not parts[1].strip().isdigit():
                continue
            own, name = int(parts[0].split(":")[1]), parts[2].strip()
            best[name] = min(best.get(name, own), own)
    return sorted(best.items(), key=lambda kv: kv[1], reverse=True)[:count]


def _figures(compile_: bool) -> dict[str, float]:
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
    if compile_:
        print("(bytecode caching off: figures include compiling)")
    return figures


if __name__ == "__main__":
    main()
