"""Prints the long run's figures: inputs tried and foreign exceptions found."""

from __future__ import annotations

from typing import Any

from tests.fuzz import hostile


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not hostile.LONG:
        return
    write = terminalreporter.write_line
    write("fuzz: inputs tried / foreign exceptions, by test")
    for name in sorted(hostile.TRIED):
        write(f"  {name}: {hostile.TRIED[name]} / {hostile.FOREIGN[name]}")
        for example in hostile.EXAMPLES.get(name, []):
            write(f"      {example}")
    write(f"  total: {sum(hostile.TRIED.values())} / {sum(hostile.FOREIGN.values())}")
