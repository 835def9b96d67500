"""Records and tables as Spark DataFrames with the tables' columns (``salesflow[spark]``)."""

from __future__ import annotations

from typing import Any

from salesflow._checks import describe
from salesflow.exceptions import ValidationError
from salesflow.tables import _extra, _spark_extra
from salesflow.tables._convert import to_arrow

__all__ = ["plain_table", "to_spark"]


def plain_table(table: Any) -> Any:
    """The Arrow table with its dictionary-encoded text decoded (Spark has no dictionary type)."""
    pa = _extra.pyarrow()
    fields = [
        f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields))


def _is_session(value: object) -> bool:
    kind = type(value)
    return kind.__module__.startswith("pyspark.") and kind.__name__ == "SparkSession"


def to_spark(records: Any, kind: str | None = None, *, session: Any, scorecard: Any = None) -> Any:
    """The records (or an Arrow table or polars frame of their kind) as a Spark DataFrame.

    The columns are those of :func:`salesflow.tables.schema` (``kind``), with
    dictionary-encoded text as plain strings; datetimes are Spark timestamps
    (instants), money amounts ``decimal(38,4)``. The data is sent from the
    driver: for a book in a lake, read its Parquet files with Spark instead
    (written by :func:`salesflow.tables.to_arrow` or by any writer of these columns).
    """
    _spark_extra.pyspark()
    if not _is_session(session):
        raise ValidationError.single(
            "to_spark", "session", f"expected a SparkSession, got {describe(session)}"
        )
    module = type(records).__module__
    if module.startswith("pyarrow") and type(records).__name__ == "Table":
        table = records
    elif module.startswith("polars") and type(records).__name__ == "DataFrame":
        table = records.to_arrow()
    else:
        table = to_arrow(records, kind, scorecard=scorecard)
    return session.createDataFrame(plain_table(table))


#: Bits of ``monotonically_increasing_id`` below the partition id.
ROW_BITS = 33


def positions(numbered: Any, column: str, ids: list[int]) -> dict[int, int]:
    """The positions in the frame of the rows whose ``column`` holds the given
    ``monotonically_increasing_id`` values: the rows of the partitions before
    (one small aggregation) plus the row's place in its own partition.

    ``numbered`` must be the very DataFrame the ids were read from, so that
    Spark numbers its rows the same way again.
    """
    F = _spark_extra.functions()  # noqa: N806
    part = F.shiftright(F.col(column), ROW_BITS)
    sizes = dict(numbered.groupBy(part.alias("p")).count().collect())
    before: dict[int, int] = {}
    total = 0
    for p in sorted(sizes):
        before[p] = total
        total += sizes[p]
    low = (1 << ROW_BITS) - 1
    return {i: before.get(i >> ROW_BITS, 0) + (i & low) for i in ids}
