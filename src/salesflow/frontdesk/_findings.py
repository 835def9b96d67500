"""What the consistency check finds: each violation with its rule, path and message."""

from __future__ import annotations

import attrs

from salesflow._checks import Checker, describe, member_of, to_tuple
from salesflow.exceptions import Problem
from salesflow.frontdesk._rules import ConsistencyRule
from salesflow.locales import enum_key

__all__ = ["ConsistencyReport", "Violation"]


@attrs.frozen(slots=True, kw_only=True)
class Violation:
    """One broken rule: which rule, where (a path from the desk or the book), and what.

    Paths start at ``register``, ``cards`` or ``reports`` (the desk) or at
    ``book`` (the portfolio): ``cards[0].follow_ups[1]``,
    ``book.leads[2].intent.marks[0]``.
    """

    rule: ConsistencyRule
    path: str
    message: str

    def __attrs_post_init__(self) -> None:
        check = Checker("Violation")
        check.enum_field(self, "rule", ConsistencyRule)
        check.text("path", self.path)
        check.text("message", self.message)
        check.done()

    @property
    def problem(self) -> Problem:
        """The violation as a :class:`~salesflow.Problem` (path and message)."""
        return Problem(self.path, self.message)

    @property
    def label_key(self) -> str:
        """The label key of the violated rule: ``enum.consistency_rule.<rule>``."""
        return enum_key(self.rule)


@attrs.frozen(slots=True, kw_only=True)
class ConsistencyReport:
    """Every violation found, in the order the rules run (see :class:`ConsistencyRule`)."""

    violations: tuple[Violation, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("ConsistencyReport")
        check.items("violations", self.violations, Violation, "Violation")
        check.done()

    @property
    def ok(self) -> bool:
        """Whether every rule holds."""
        return not self.violations

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The violations as problems, each with its path."""
        return tuple(v.problem for v in self.violations)

    @property
    def rules(self) -> tuple[ConsistencyRule, ...]:
        """The rules broken at least once, in the order they run."""
        broken = {v.rule for v in self.violations}
        return tuple(r for r in ConsistencyRule if r in broken)

    def of(self, rule: ConsistencyRule | str) -> tuple[Violation, ...]:
        """The violations of ``rule``."""
        check = Checker("ConsistencyReport.of")
        found = member_of(ConsistencyRule, rule)
        if found is not None:
            wanted = found
        else:
            choices = ", ".join(repr(r.value) for r in ConsistencyRule)
            check.add(
                "rule", f"{describe(rule)} is not a ConsistencyRule (expected one of {choices})"
            )
            check.fail()
        return tuple(v for v in self.violations if v.rule is wanted)
