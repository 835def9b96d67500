"""What the frame compilers share: a frame from any table, text columns, bad rows named.

The compilers (:mod:`._scoring`, :mod:`._forecast`, :mod:`._gates`) each
turn a definition into polars expressions over a frame; this module holds
the parts that are not about any one definition, so that an engine for
another frame library mirrors the compilers and reuses its own version of
these few helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from salesflow.exceptions import Problem
from salesflow.tables._arrow import to_table

__all__ = ["Check", "bad_rows", "frame_of", "is_text", "text"]

#: One check of a column: (column name, expression true on a bad row, message of a bad value).
Check = tuple[str, Any, Callable[[Any], str]]


def frame_of(pl: Any, frame: object, path: str, where: str) -> Any:
    """A polars DataFrame from a polars (lazy) frame, an Arrow table or a pandas frame."""
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if isinstance(frame, pl.DataFrame):
        return frame
    return pl.from_arrow(to_table(frame, path, where))


def is_text(pl: Any, dtype: Any) -> bool:
    """Whether a column of ``dtype`` holds text (plain, categorical or enum)."""
    return bool(dtype == pl.String or isinstance(dtype, (pl.Categorical, pl.Enum)))


def text(pl: Any, name: str) -> Any:
    """Column ``name`` as plain strings (a categorical or enum column decoded)."""
    return pl.col(name).cast(pl.String)


def bad_rows(pl: Any, data: Any, checks: Sequence[Check], prefix: str = "rows") -> list[Problem]:
    """Every bad cell of ``data``: ``<prefix>[i].<column>`` with the message of its value.

    The checks run in one pass; only the bad rows come back to Python (to
    word their messages), in row order and, within a row, in check order.
    """
    if not checks or data.height == 0:
        return []
    flags = [expr.fill_null(False).alias(f"__bad{n}") for n, (_, expr, _) in enumerate(checks)]
    marked = data.with_row_index("__row").with_columns(flags)
    found = marked.filter(pl.any_horizontal([f"__bad{n}" for n in range(len(checks))]))
    out: list[Problem] = []
    for row in found.iter_rows(named=True):
        for n, (column, _, message) in enumerate(checks):
            if row[f"__bad{n}"]:
                out.append(Problem(f"{prefix}[{row['__row']}].{column}", message(row.get(column))))
    return out
