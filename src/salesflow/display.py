"""Tables of values for notebooks: ``display.table(deals)`` shows as HTML and as text.

A deal, a pipeline, a score result and an agenda each show as HTML in a
notebook on their own (``_repr_html_``); a list of them shows as one table
through :func:`table`. Long lists show their first rows and a count of the
rest; every cell is escaped.

>>> import salesflow
>>> from salesflow.display import table
>>> pipeline = salesflow.stages.presets.get("basic")
>>> deal = pipeline.open(
...     id="opp-1", customer_id="c-1", owner="li",
...     amount=salesflow.Money("120000", "CNY"),
...     at=__import__("datetime").datetime.fromisoformat("2026-03-01T09:30:00+08:00"),
... )
>>> shown = table([deal], pipeline=pipeline)
>>> shown.columns[4:]
('stage', 'status', 'amount', 'probability', 'weighted', 'expected close')
>>> shown.rows[0]["weighted"]
'12,000.00 CNY'
>>> "<table>" in shown._repr_html_()
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from salesflow._checks import describe
from salesflow._html import Column, cell, pad, table_html, width
from salesflow.cadence import Obligation
from salesflow.exceptions import ValidationError
from salesflow.records import Customer, Lead, Opportunity
from salesflow.scoring import ScoreResult
from salesflow.stages import Pipeline

__all__ = ["Table", "table"]


def _deal_columns(pipeline: Pipeline | None) -> tuple[Column, ...]:
    columns: list[Column] = [
        ("id", lambda o: o.id),
        ("name", lambda o: o.name),
        ("customer", lambda o: o.customer_id),
        ("owner", lambda o: o.owner),
        ("stage", lambda o: o.stage),
        ("status", lambda o: o.status),
        ("amount", lambda o: o.amount),
    ]
    if pipeline is not None:
        # the effective probability: the override, else the stage's default
        columns.append(("probability", pipeline.probability))
        columns.append(("weighted", pipeline.weighted_amount))
    else:
        columns.append(("probability override", lambda o: o.probability))
    columns.append(("expected close", lambda o: o.expected_close))
    return tuple(columns)


_COLUMNS: dict[type, tuple[Column, ...]] = {
    Customer: (
        ("id", lambda c: c.id),
        ("name", lambda c: c.name),
        ("industry", lambda c: c.industry),
        ("category", lambda c: c.category),
        ("value grade", lambda c: c.value_grade),
        ("owner", lambda c: c.owner),
    ),
    Lead: (
        ("id", lambda x: x.id),
        ("customer", lambda x: x.customer_name),
        ("status", lambda x: x.status),
        ("priority", lambda x: x.priority),
        ("owner", lambda x: x.owner),
        ("created at", lambda x: x.created_at),
    ),
    ScoreResult: (
        ("scorecard", lambda r: r.scorecard),
        ("total", lambda r: r.total),
        ("maximum", lambda r: r.maximum),
        ("band", lambda r: r.band),
        ("unknown", lambda r: ", ".join(r.unknown)),
    ),
    Obligation: (
        ("rule", lambda o: o.rule_key),
        ("record", lambda o: o.record_id),
        ("for", lambda o: o.for_whom),
        ("status", lambda o: o.status),
        ("due at", lambda o: o.due_at),
    ),
    Pipeline: (
        ("key", lambda p: p.key),
        ("stages", lambda p: " > ".join(p.keys)),
    ),
}


def _generic_columns(kind: type) -> tuple[Column, ...]:
    names = [a.name for a in attrs.fields(kind) if a.init][:8]
    return tuple((n, lambda v, n=n: getattr(v, n)) for n in names)


@attrs.frozen(slots=True)
class Table:
    """Values as rows: text cells (:attr:`rows`), HTML in a notebook, text in a terminal."""

    values: tuple[Any, ...]
    spec: tuple[Column, ...] = attrs.field(repr=False)
    limit: int = 20

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.spec)

    @property
    def rows(self) -> list[dict[str, str]]:
        """Every row as text cells by column (money in minor units)."""
        return [{name: cell(read(v)) for name, read in self.spec} for v in self.values]

    def _repr_html_(self) -> str:
        return table_html(self.values, self.spec, limit=self.limit)

    def __repr__(self) -> str:
        shown = self.rows[: self.limit]
        # padded by display width: a Chinese character takes two columns
        widths = [max([width(c), *(width(r[c]) for r in shown)]) for c in self.columns]
        lines = [
            "  ".join(pad(r[c], w) for c, w in zip(self.columns, widths, strict=True))
            for r in [dict(zip(self.columns, self.columns, strict=True)), *shown]
        ]
        if len(self.values) > self.limit:
            lines.append(f"… {len(self.values) - self.limit} more ({len(self.values)} rows)")
        return "\n".join(line.rstrip() for line in lines)


def table(values: Iterable[Any], *, pipeline: Pipeline | None = None, limit: int = 20) -> Table:
    """``values`` (all of one kind) as a :class:`Table`.

    With ``pipeline``, deals show their effective probability (the manual
    override, else the stage's default) and their weighted amount.
    """
    rows = tuple(values)
    kinds = {type(v) for v in rows}
    if len(kinds) > 1:
        names = ", ".join(sorted(k.__name__ for k in kinds))
        raise ValidationError.single(
            "table", "values", f"values of several kinds ({names}); expected one kind"
        )
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValidationError.single(
            "table", "limit", f"expected a whole number of at least 1, got {describe(limit)}"
        )
    kind = next(iter(kinds), Opportunity)
    if kind is Opportunity:
        spec = _deal_columns(pipeline)
    elif kind in _COLUMNS:
        spec = _COLUMNS[kind]
    elif attrs.has(kind):
        spec = _generic_columns(kind)
    else:
        raise ValidationError.single(
            "table", "values", f"expected salesflow values, got {describe(rows[0])}"
        )
    return Table(rows, spec, limit)
