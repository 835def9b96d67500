"""Arrow types of the columns, and records written to Arrow arrays.

The one place that turns a :class:`~salesflow.tables._schemas.Column` into an
Arrow type. pyarrow is imported by the callers (lazily) and handed in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from operator import attrgetter
from typing import Any

from salesflow._checks import describe
from salesflow.convert import to_dict
from salesflow.exceptions import Problem, ValidationError
from salesflow.tables import _extra
from salesflow.tables._schemas import MONEY_PRECISION, MONEY_SCALE, Column

__all__ = ["array", "arrow_type", "datetimes", "fits", "pylist", "schema_of"]

_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def arrow_type(pa: Any, column: Column, scale: int = 0) -> Any:
    """The Arrow type of ``column`` (``scale``: of a score total's decimal)."""
    enc = column.encoding
    if enc == "text":
        return pa.dictionary(pa.int32(), pa.string()) if column.dictionary else pa.string()
    if enc in ("enum", "currency"):
        return pa.dictionary(pa.int8(), pa.string())
    simple = {
        "int": pa.int64(),
        "level": pa.int64(),
        "bool": pa.bool_(),
        "flag": pa.bool_(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "date": pa.date32(),
        "money": pa.decimal128(MONEY_PRECISION, MONEY_SCALE),
        "decimal": pa.decimal128(MONEY_PRECISION, scale),
        "texts": pa.list_(pa.string()),
        "json": pa.string(),
        "records": pa.string(),
    }
    return simple[enc]


def schema_of(pa: Any, cols: Sequence[Column], scale: int = 0) -> Any:
    """The Arrow schema of ``cols``."""
    return pa.schema(
        [pa.field(c.name, arrow_type(pa, c, scale), nullable=c.nullable) for c in cols]
    )


def fits(value: Decimal, precision: int, scale: int) -> bool:
    """Whether ``value`` is exact in ``decimal128(precision, scale)``."""
    if not value.is_finite():
        return False
    if not value:
        return True
    normal = value.normalize(_EXACT)
    exponent = normal.as_tuple().exponent
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    return places <= scale and normal.adjusted() < precision - scale


def reader(column: Column) -> Callable[[Any], Any]:
    """Read ``column``'s plain value from a record (the value an Arrow array holds)."""
    if not column.path:
        raise ValueError(f"{column.name} is a key column")
    get = attrgetter(".".join(column.path))
    enc = column.encoding
    if enc == "money":
        return lambda r: None if (v := get(r)) is None else v.amount
    if enc == "currency":
        return lambda r: None if (v := get(r)) is None else v.currency
    if enc == "enum":
        return lambda r: None if (v := get(r)) is None else v.value
    if enc == "texts":
        return lambda r: list(get(r))
    if enc == "json":
        return lambda r: json.dumps(dict(v), ensure_ascii=False) if (v := get(r)) else None
    if enc == "records":
        return lambda r: json.dumps(to_dict(list(get(r))), ensure_ascii=False)
    return get


def _enum_array(pa: Any, column: Column, values: list[Any]) -> Any:
    assert column.enum is not None
    members = [m.value for m in column.enum]
    index = {v: i for i, v in enumerate(members)}
    codes = pa.array([None if v is None else index[v] for v in values], pa.int8())
    return pa.DictionaryArray.from_arrays(codes, pa.array(members, pa.string()))


def array(
    pa: Any, column: Column, values: list[Any], where: Callable[[int], str], scale: int = 0
) -> tuple[Any, list[Problem]]:
    """The Arrow array of ``values``; problems (at ``where(i)``) for values that do not fit."""
    kind = arrow_type(pa, column, scale)
    if column.encoding == "enum":
        return _enum_array(pa, column, values), []
    if column.encoding in ("money", "decimal"):
        precision = MONEY_PRECISION
        scale = MONEY_SCALE if column.encoding == "money" else scale
        bad = [
            Problem(
                where(i),
                f"{v} does not fit the table's decimal128({precision}, {scale}) (expected at "
                f"most {precision - scale} digits before the point and {scale} after)",
            )
            for i, v in enumerate(values)
            if v is not None and not fits(v, precision, scale)
        ]
        if bad:
            return None, bad
    if (
        column.encoding in ("text", "currency") and column.dictionary
    ) or column.encoding == "currency":
        return pa.array(values, pa.string()).cast(kind), []
    return pa.array(values, kind), []


def datetimes(pa: Any, chunked: Any) -> list[datetime | None]:
    """Aware datetimes (UTC) from a timestamp column with a time zone, exactly and fast."""
    unit = chunked.type.unit
    if unit != "us":
        return [None if v is None else v.astimezone(UTC) for v in chunked.to_pylist()]
    step = timedelta(microseconds=1)
    raw = chunked.cast(pa.int64()).to_pylist()
    epoch = _EPOCH
    return [None if v is None else epoch + v * step for v in raw]


def to_table(frame: object, path: str, where: str) -> Any:
    """An Arrow table from an Arrow table, a polars or a pandas DataFrame."""
    pa = _extra.pyarrow()
    if isinstance(frame, pa.Table):
        return frame
    if isinstance(frame, pa.RecordBatch):
        return pa.Table.from_batches([frame])
    module = type(frame).__module__.split(".")[0]
    if module == "polars":
        pl = _extra.polars()
        if isinstance(frame, pl.LazyFrame):
            frame = frame.collect()
        if isinstance(frame, pl.DataFrame):
            return frame.to_arrow()
    if module == "pandas":
        pd = _extra.pandas()
        if isinstance(frame, pd.DataFrame):
            return pa.Table.from_pandas(frame, preserve_index=False)
    raise ValidationError.single(
        where,
        path,
        f"expected an Arrow table, a polars or a pandas DataFrame, got {describe(frame)}",
    )


def _decoded(pa: Any, chunk: Any) -> list[Any]:
    """A dictionary array's values: each distinct value built once, shared by its rows."""
    values = chunk.dictionary.to_pylist()
    codes = chunk.indices.to_pylist()
    return [None if c is None else values[c] for c in codes]


def _decimals(pa: Any, chunk: Any) -> list[Any]:
    """A decimal128 array's values from its two 64-bit words a value, exactly."""
    try:
        import numpy as np  # comes with pandas, in the same extra
    except ImportError:  # pragma: no cover - the tables extra brings it
        values: list[Any] = chunk.to_pylist()
        return values
    scale = chunk.type.scale
    words = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
    start = 2 * chunk.offset
    low = words[start : start + 2 * len(chunk) : 2]
    high = words[start + 1 : start + 2 * len(chunk) : 2]
    if not (high == (low >> 63)).all():  # a value beyond 64 bits: the general way
        wide: list[Any] = chunk.to_pylist()
        return wide
    exact, step = _EXACT, -scale
    out: list[Any] = [Decimal(v).scaleb(step, exact) for v in low.tolist()]
    if chunk.null_count:
        for i, valid in enumerate(chunk.is_valid().to_pylist()):
            if not valid:
                out[i] = None
    return out


def pylist(pa: Any, chunked: Any) -> list[Any]:
    """A column's values as Python values, as ``to_pylist`` gives them, faster.

    Dictionary columns are decoded through their dictionary, decimals
    through their integer words and aware timestamps as :func:`datetimes`.
    """
    kind = chunked.type
    if pa.types.is_timestamp(kind) and kind.tz:
        return datetimes(pa, chunked)
    chunks = chunked.chunks if isinstance(chunked, pa.ChunkedArray) else [chunked]
    if pa.types.is_dictionary(kind):
        return [v for chunk in chunks for v in _decoded(pa, chunk)]
    if pa.types.is_decimal(kind) and kind.bit_width == 128:
        return [v for chunk in chunks for v in _decimals(pa, chunk)]
    values: list[Any] = chunked.to_pylist()
    return values
