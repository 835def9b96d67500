"""The result of an analytic: a frozen table of rows, shown and exported the same way.

A :class:`Result` names its analytic, its columns and its rows (tuples of
plain values: text, whole numbers, :class:`~salesflow.Money`, exact
:class:`~fractions.Fraction` rates, :class:`~datetime.timedelta` durations,
``None`` where a figure is not given). Money is never added across
currencies: a money figure sits in a row whose ``currency`` column says which.
"""

from __future__ import annotations

import html
from datetime import timedelta
from fractions import Fraction
from typing import Any

import attrs

from salesflow.money import Money

__all__ = ["INSUFFICIENT", "Result"]

#: What a figure below the sample floor says instead of a number.
INSUFFICIENT = "insufficient history"

_SHOWN = 5


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, Fraction):
        return f"{float(value):.1%}"
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, timedelta):
        return f"{value.total_seconds() / 86400:.1f}d"
    return str(value)


@attrs.frozen(slots=True)
class Result:
    """Rows of one analytic: ``columns`` names each cell of every row."""

    analytic: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    #: Why a figure is missing where it is (e.g. "insufficient history"), one per row.
    notes: tuple[str | None, ...] = ()

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> tuple[Any, ...]:
        """Every row's value of column ``name``."""
        from salesflow.exceptions import ValidationError

        if name not in self.columns:
            raise ValidationError.single(
                "Result", "name", f"{name!r} is not a column (expected one of {self.columns})"
            )
        i = self.columns.index(name)
        return tuple(row[i] for row in self.rows)

    def as_dicts(self) -> tuple[dict[str, Any], ...]:
        """Each row as a dict of column name to value."""
        return tuple(dict(zip(self.columns, row, strict=True)) for row in self.rows)

    def __repr__(self) -> str:
        head = f"<{self.analytic}: {len(self.rows)} rows>"
        lines = [head, "  " + " | ".join(self.columns)]
        lines += ["  " + " | ".join(_cell(c) for c in row) for row in self.rows[:_SHOWN]]
        if len(self.rows) > _SHOWN:
            lines.append(f"  ... {len(self.rows) - _SHOWN} more")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(c))}</td>" for c in row) + "</tr>"
            for row in self.rows
        )
        caption = html.escape(self.analytic)
        return (
            f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def to_arrow(self) -> Any:
        """The rows as a pyarrow Table (Money as decimal128(38, 4), rates as float64)."""
        from salesflow.tables import _extra

        pa = _extra.pyarrow()
        arrays: dict[str, Any] = {}
        for i, name in enumerate(self.columns):
            values = [row[i] for row in self.rows]
            if any(isinstance(v, Money) for v in values):
                arrays[name] = pa.array(
                    [None if v is None else v.amount for v in values], pa.decimal128(38, 4)
                )
            elif any(isinstance(v, Fraction) for v in values):
                arrays[name] = pa.array([None if v is None else float(v) for v in values])
            else:
                arrays[name] = pa.array(values)
        if self.notes:
            arrays["note"] = pa.array(list(self.notes), pa.string())
        return pa.table(arrays)

    def to_polars(self) -> Any:
        """The rows as a polars DataFrame (through :meth:`to_arrow`)."""
        from salesflow.tables import _extra

        return _extra.polars().from_arrow(self.to_arrow())
