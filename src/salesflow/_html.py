"""Short text and HTML views of values, for reprs and notebooks (internal).

Every cell is escaped: a name or a note can never inject markup.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

__all__ = ["Column", "cell", "fields_html", "pad", "short_repr", "table_html", "width"]

#: A column of a table: its heading and how to read a row's cell.
Column = tuple[str, Callable[[Any], object]]


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide and full-width characters take two."""
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``columns`` display columns."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def cell(value: object) -> str:
    """A value as short text: money in minor units, times to the minute, enums by value."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return f"{len(value)} item" + ("" if len(value) == 1 else "s")
    return str(value)


def short_repr(value: object, names: Iterable[str]) -> str:
    """``Kind(a='x', b=3, ...)`` with only ``names``; money as text, tuples as counts."""
    parts = []
    for name in names:
        field = getattr(value, name)
        if isinstance(field, (tuple, list)):
            shown = f"<{cell(field)}>"
        elif isinstance(field, Enum):
            shown = repr(field.value)
        elif isinstance(field, (datetime, date)):
            shown = repr(cell(field))
        elif type(field).__name__ == "Money":
            shown = f"'{field}'"
        else:
            shown = repr(field)
        parts.append(f"{name}={shown}")
    return f"{type(value).__name__}({', '.join(parts)})"


def fields_html(value: object, names: Sequence[str], *, title: str | None = None) -> str:
    """A two-column table: each of ``names`` and its value."""
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(n)}</th>"
        f"<td style='text-align:left'>{html.escape(cell(getattr(value, n)))}</td></tr>"
        for n in names
    )
    caption = html.escape(title or type(value).__name__)
    return f"<table><caption>{caption}</caption>{rows}</table>"


def table_html(
    rows: Sequence[Any], columns: Sequence[Column], *, limit: int = 20, caption: str = ""
) -> str:
    """One row a value, one column a field; past ``limit`` rows, a count of the rest."""
    head = "".join(f"<th>{html.escape(name)}</th>" for name, _ in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(cell(read(row)))}</td>" for _, read in columns)
        + "</tr>"
        for row in rows[:limit]
    )
    more = ""
    if len(rows) > limit:
        more = (
            f"<tr><td colspan='{len(columns)}'>… {len(rows) - limit} more "
            f"({len(rows)} rows)</td></tr>"
        )
    title = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}{more}</tbody></table>"
