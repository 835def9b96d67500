"""Slippage and pipeline change between two snapshots of a book, on both engines.

A deal is matched by id between the ``before`` and the ``after`` book. Each
change it shows is one row of the figure (a deal may show several):

* ``new`` (only after), ``removed`` (only before);
* ``won`` / ``lost``: its status became won / lost;
* ``forward`` / ``back``: its stage is later / earlier in its pipeline;
* ``amount_up`` / ``amount_down``: its amount rose / fell (same currency;
  the amount column sums the change);
* ``close_pushed`` / ``close_pulled``: its expected close moved later /
  earlier (a close date set or cleared is neither).

Amounts are the after amount (the before amount for ``removed``), per currency.
There is no columnar engine for it yet: tables are read into deals
(:func:`salesflow.tables.from_polars`) and counted here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from salesflow.analytics import _reference
from salesflow.analytics._rules import Key
from salesflow.analytics._spec import Slippage
from salesflow.exceptions import ValidationError
from salesflow.records import Opportunity

__all__ = ["changes", "figures"]


def _index(spec: Slippage, opp: Opportunity, side: str, i: int) -> int:
    stages = spec.stages.get(opp.pipeline)
    if stages is None or opp.stage not in stages:
        raise ValidationError.single(
            "analytics",
            f"{side}[{i}]",
            f"deal {opp.id!r} is in stage {opp.stage!r} of pipeline {opp.pipeline!r}, "
            "which the given pipelines do not have",
        )
    return stages.index(opp.stage)


def changes(a: Opportunity, b: Opportunity, ia: int, ib: int) -> Iterator[tuple[str, Decimal]]:
    """What deal ``a`` (before) to ``b`` (after) did, with the amount each change counts."""
    amount = b.amount.amount
    if b.status.value == "won" and a.status.value != "won":
        yield "won", amount
    if b.status.value == "lost" and a.status.value != "lost":
        yield "lost", amount
    if ib > ia:
        yield "forward", amount
    if ib < ia:
        yield "back", amount
    if a.amount.currency == b.amount.currency and b.amount.amount != a.amount.amount:
        change = b.amount.amount - a.amount.amount
        yield ("amount_up", change) if change > 0 else ("amount_down", -change)
    if a.expected_close is not None and b.expected_close is not None:
        if b.expected_close > a.expected_close:
            yield "close_pushed", amount
        elif b.expected_close < a.expected_close:
            yield "close_pulled", amount


def _add(out: dict[Key, tuple[int, Decimal]], key: Key, amount: Decimal) -> None:
    n, total = out.get(key, (0, Decimal(0)))
    out[key] = (n + 1, total + amount)


def figures(
    spec: Slippage, before: Sequence[Opportunity], after: Sequence[Opportunity]
) -> dict[Key, tuple[int, Decimal]]:
    old = {o.id: (i, o, _index(spec, o, "before", i)) for i, o in enumerate(before)}
    out: dict[Key, tuple[int, Decimal]] = {}
    seen: set[str] = set()
    for i, b in enumerate(after):
        ib = _index(spec, b, "after", i)
        key = _reference._key(spec, b)
        seen.add(b.id)
        if b.id not in old:
            _add(out, (*key, "new", b.amount.currency), b.amount.amount)
            continue
        _, a, ia = old[b.id]
        for change, amount in changes(a, b, ia, ib):
            _add(out, (*key, change, b.amount.currency), amount)
    for _, a, _ia in old.values():
        if a.id not in seen:
            _add(out, (*_reference._key(spec, a), "removed", a.amount.currency), a.amount.amount)
    return out
