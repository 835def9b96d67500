"""The book an analytic reads, checked once and handed to the engine that computes it.

A book is a sequence of :class:`~salesflow.Opportunity` values, or the
``opportunities`` table (a polars frame or an Arrow table) with, for the
figures that read history, its ``events`` table. Each engine takes either
form: a sequence goes to the polars engine through
:func:`salesflow.tables.to_polars`, a frame to the reference engine through
:func:`salesflow.tables.from_polars` (every row checked by its record).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from salesflow._checks import Checker, describe
from salesflow.exceptions import ValidationError
from salesflow.records import Opportunity
from salesflow.tables import _spark_extra

__all__ = ["ENGINES", "Book", "prepare"]

#: The engines an analytic can run on.
ENGINES = ("reference", "polars", "spark")

#: What an engine is given: a tuple of deals, or (deals frame, events frame).
Book = tuple[str, Any]

_EVENTS = ("opportunity_id", "move", "at", "to_stage")
_NEEDED = ("id", "pipeline", "stage", "status", "amount", "amount_currency", "created_at")


def _frame_kind(value: object) -> str | None:
    module = type(value).__module__
    if module.startswith("polars") and type(value).__name__ == "DataFrame":
        return "polars"
    if module.startswith("pyarrow") and type(value).__name__ == "Table":
        return "arrow"
    if _spark_extra.is_spark_frame(value):
        return "spark"
    return None


def _deals(check: Checker, opportunities: object) -> tuple[Opportunity, ...]:
    if isinstance(opportunities, (str, bytes)) or not isinstance(opportunities, Sequence):
        check.add(
            "opportunities",
            "expected a sequence of Opportunity values or an opportunities table, "
            f"got {describe(opportunities)}",
        )
        return ()
    for i, opp in enumerate(opportunities):
        check.instance(f"opportunities[{i}]", opp, Opportunity, "an Opportunity")
    found = tuple(o for o in opportunities if isinstance(o, Opportunity))
    check.unique("opportunities", (o.id for o in found), "opportunity id")
    return found


def _frame(check: Checker, path: str, value: object, needed: Sequence[str]) -> Any:
    from salesflow.tables import _extra

    pl = _extra.polars()
    frame: Any = pl.from_arrow(value) if _frame_kind(value) == "arrow" else value
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        check.add(path, f"missing column {missing[0]!r} (expected the {path} table's columns)")
    return frame


def _tables(check: Checker, opportunities: object, events: object) -> tuple[Any, Any]:
    from salesflow import tables

    deals = _frame(check, "opportunities", opportunities, _NEEDED)
    if events is None:
        moves = _extra_polars().from_arrow(tables.schema("events").empty_table())
    elif _frame_kind(events) is None:
        check.add("events", f"expected an events table, got {describe(events)}")
        moves = None
    else:
        moves = _frame(check, "events", events, _EVENTS)
    if "id" in deals.columns and not _unique(deals["id"]):
        check.add("opportunities", "opportunity ids are not unique (expected one row a deal)")
    return deals, moves


def _unique(ids: Any) -> bool:
    """Whether no id is given twice: distinct hashes prove it at half the cost of comparing
    the ids (which is done only when two hashes are the same)."""
    return bool(ids.hash().n_unique() == ids.len() or ids.n_unique() == ids.len())


def _extra_polars() -> Any:
    from salesflow.tables import _extra

    return _extra.polars()


def _spark(check: Checker, opportunities: object, events: object) -> Book:
    """A book of Spark DataFrames, for the spark engine (checked without collecting it)."""
    F = _spark_extra.functions()  # noqa: N806
    if _frame_kind(opportunities) != "spark":
        check.add(
            "opportunities",
            "the spark engine reads Spark DataFrames (expected the opportunities table as one, "
            f"got {describe(opportunities)})",
        )
        check.done()
    deals: Any = opportunities
    missing = [c for c in _NEEDED if c not in deals.columns]
    if missing:
        check.add(
            "opportunities",
            f"missing column {missing[0]!r} (expected the opportunities table's columns)",
        )
    if events is None:
        from salesflow import tables

        moves: Any = tables.to_spark([], "events", session=deals.sparkSession)
    elif _frame_kind(events) != "spark":
        check.add(
            "events", f"expected the events table as a Spark DataFrame, got {describe(events)}"
        )
    else:
        moves = events
        missing = [c for c in _EVENTS if c not in moves.columns]
        if missing:
            check.add(
                "events", f"missing column {missing[0]!r} (expected the events table's columns)"
            )
    check.done()
    twice = deals.groupBy("id").agg(F.count(F.lit(1)).alias("n")).filter(F.col("n") > 1)
    if not twice.isEmpty():
        check.add("opportunities", "opportunity ids are not unique (expected one row a deal)")
    check.done()
    return "spark", (deals, moves)


def prepare(check: Checker, opportunities: object, events: object, engine: object) -> Book:
    """The book in the form ``engine`` reads; every problem filed in ``check`` (then raised)."""
    kind = _frame_kind(opportunities)
    framed = kind is not None
    if engine is None:
        engine = {None: "reference", "spark": "spark"}.get(kind, "polars")
    if engine not in ENGINES:
        check.add("engine", f"{engine!r} is not an engine (expected one of {', '.join(ENGINES)})")
    elif engine == "spark":
        return _spark(check, opportunities, events)
    if kind == "spark":
        check.add(
            "opportunities",
            f"a Spark DataFrame is read by the spark engine only (expected engine='spark', "
            f"got {engine!r})",
        )
        check.done()
    if framed:
        deals, moves = _tables(check, opportunities, events)
    else:
        if events is not None:
            check.add("events", "given with a sequence of deals (their history is their events)")
        found = _deals(check, opportunities)
    check.done()
    if framed and engine == "reference":
        from salesflow import tables

        return "reference", tables.from_polars(deals, "opportunities", events=moves)
    if framed:
        return "polars", (deals, moves)
    if engine == "polars":
        from salesflow import tables

        return "polars", (
            tables.to_polars(found, "opportunities"),
            tables.to_polars(found, "events"),
        )
    return "reference", found


def refuse(path: str, message: str) -> ValidationError:
    return ValidationError.single("analytics", path, message)
