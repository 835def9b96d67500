"""The agenda index: each person's records, by rule, in the order their clocks can start.

For every rule, the records are grouped by the person their obligations fall
to (the owner, or a role's holder); a group is indexed under that person and
under the person its obligations escalate to (their manager, or a role's
holder), because neither depends on ``at``. Inside a group the records are
sorted by their ``first_start``, and records that can never have an
obligation under the rule are left out. One person's agenda at ``at`` then
reads only that person's groups, and in each only the records whose clock
can have started by ``at``: its cost follows that person's items, not the
book.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from itertools import islice

import attrs

from salesflow.cadence._evaluators import Evaluator, Scope, evaluator_of
from salesflow.cadence._people import assignee, escalation_target
from salesflow.cadence._results import Record
from salesflow.cadence._rules import RuleSubject, TimeRule

__all__ = ["AgendaIndex", "Run"]


@attrs.frozen(slots=True)
class Run:
    """One rule's records falling to one person, sorted by when their clock can first start."""

    rule: TimeRule
    evaluator: Evaluator
    starts: list[datetime] = attrs.field(eq=False)
    records: list[Record] = attrs.field(eq=False)

    def started(self, at: datetime) -> Iterator[Record]:
        """The records whose clock can have started by ``at``."""
        return islice(self.records, bisect_right(self.starts, at))


def _run(scope: Scope, rule: TimeRule, evaluator: Evaluator, records: Iterable[Record]) -> Run:
    first_start = evaluator.first_start
    keyed: list[tuple[datetime, Record]] = []
    for record in records:
        start = first_start(scope, rule, record)
        if start is not None:
            keyed.append((start, record))
    keyed.sort(key=lambda pair: pair[0])
    return Run(rule, evaluator, [s for s, _ in keyed], [r for _, r in keyed])


class AgendaIndex:
    """Every rule's runs, and each person's runs (their own and those escalated to them)."""

    __slots__ = ("_by_person", "runs")

    def __init__(
        self,
        rules: Iterable[TimeRule],
        scope: Scope,
        every: Mapping[RuleSubject, Iterable[Record]],
        owned: Mapping[RuleSubject, Mapping[str, list[Record]]],
    ) -> None:
        self.runs: list[Run] = []
        self._by_person: dict[str, list[Run]] = {}
        for rule in rules:
            evaluator = evaluator_of(rule)
            if rule.falls_to == "owner":
                groups: Iterable[tuple[str, Iterable[Record]]] = owned[rule.subject].items()
            else:
                holder = assignee(scope.team, rule, None)
                assert holder is not None
                groups = [(holder, every[rule.subject])]
            for person, records in groups:
                run = _run(scope, rule, evaluator, records)
                if run.records:
                    self._add(person, run, escalation_target(scope.team, rule, person))

    def _add(self, person: str, run: Run, target: str | None) -> None:
        self.runs.append(run)
        self._by_person.setdefault(person, []).append(run)
        if target is not None and target != person:
            self._by_person.setdefault(target, []).append(run)

    def of(self, person: str) -> list[Run]:
        """The runs whose obligations can fall to ``person`` or escalate to them."""
        return self._by_person.get(person, [])
