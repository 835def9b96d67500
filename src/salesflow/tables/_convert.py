"""Records to tables and back: Arrow, polars and pandas.

``to_arrow`` writes records as a table of their kind; ``from_arrow`` reads
one back, checking every row through the records' own constructors: a bad
table raises one :class:`~salesflow.ValidationError` naming every bad cell
(``rows[17].amount``) and builds nothing. polars and pandas go through Arrow.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import attrs

from salesflow._checks import Checker, describe, freeze_mapping
from salesflow.checklists import ChecklistState, Mark
from salesflow.convert import from_dict
from salesflow.exceptions import Problem, ValidationError
from salesflow.money import Money
from salesflow.records import Opportunity
from salesflow.scoring import Scorecard, ScoreResult
from salesflow.tables import _arrow, _extra, _schemas
from salesflow.tables._schemas import KIND_OF, Column, Kind, score_scale

__all__ = [
    "from_arrow",
    "from_pandas",
    "from_polars",
    "to_arrow",
    "to_pandas",
    "to_polars",
]


# -- writing ------------------------------------------------------------------------


def _records(records: object, path: str = "records") -> list[Any]:
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Iterable):
        raise ValidationError.single(
            "to_arrow", path, f"expected a collection of records, got {describe(records)}"
        )
    return list(records)


def _infer(records: list[Any], given: object) -> str:
    if given is not None:
        return _schemas.kind(given).name
    if not records:
        raise ValidationError.single(
            "to_arrow", "kind", "no records to infer the kind from (pass kind=)"
        )
    found = KIND_OF.get(type(records[0]))
    if found is None:
        raise ValidationError.single(
            "to_arrow",
            "records[0]",
            f"expected a record (Opportunity, Customer, Contact, Lead, Activity or "
            f"ScoreResult), got {describe(records[0])}",
        )
    return found


def _rows(spec: Kind, records: list[Any]) -> tuple[list[Any], list[tuple[Any, ...]], list[str]]:
    """The row values (records, or child values), their key values and where each came from."""
    check = Checker("to_arrow")
    source = Opportunity if spec.name in ("events", "marks") else spec.record
    for i, r in enumerate(records):
        if type(r) is not source and not isinstance(r, source):
            check.add(f"records[{i}]", f"expected a {source.__name__}, got {describe(r)}")
    check.done()
    if spec.name == "events":
        rows, keys, where = [], [], []
        for i, opp in enumerate(records):
            for j, change in enumerate(opp.history):
                rows.append(change)
                keys.append((opp.id, opp.pipeline))
                where.append(f"records[{i}].history[{j}]")
        return rows, keys, where
    if spec.name == "marks":
        rows, keys, where = [], [], []
        for i, opp in enumerate(records):
            for stage, state in opp.checklists.items():
                for j, mark in enumerate(state.trail):
                    rows.append(mark)
                    keys.append((opp.id, stage))
                    where.append(f"records[{i}].checklists[{stage!r}].trail[{j}]")
        return rows, keys, where
    return records, [() for _ in records], [f"records[{i}]" for i in range(len(records))]


def _score_spec(records: list[Any], card: object) -> tuple[Kind, int]:
    if card is not None and not isinstance(card, Scorecard):
        raise ValidationError.single(
            "to_arrow", "scorecard", f"expected a Scorecard or None, got {describe(card)}"
        )
    first = records[0] if records else None
    if card is None and isinstance(first, ScoreResult):
        card = first.definition
    if isinstance(card, Scorecard):
        criteria = tuple(c.key for c in card.criteria)
        return _schemas.kind("score_results", criteria), score_scale(card)
    criteria = tuple(first.levels) if isinstance(first, ScoreResult) else ()
    return _schemas.kind("score_results", criteria), 0


def _score_value(column: Column) -> Callable[[ScoreResult], Any]:
    key = column.path[-1]
    if column.encoding == "level":
        return lambda r: r.levels.get(key)
    if column.encoding == "flag":
        return lambda r: key in r.unknown
    return _arrow.reader(column)


def _check_scores(spec: Kind, records: list[Any]) -> None:
    check = Checker("to_arrow")
    keys = {c.path[-1] for c in spec.columns if c.encoding == "level"}
    for i, r in enumerate(records):
        if not isinstance(r, ScoreResult):
            check.add(f"records[{i}]", f"expected a ScoreResult, got {describe(r)}")
        elif set(r.levels) != keys:
            check.add(
                f"records[{i}].levels",
                f"the criteria {sorted(r.levels)} differ from the table's {sorted(keys)} "
                "(one table holds the results of one scorecard)",
            )
    check.done()


def _at(where: list[str], name: str) -> Callable[[int], str]:
    return lambda i: f"{where[i]}.{name}"


def to_arrow(records: Iterable[Any], kind: str | None = None, *, scorecard: Any = None) -> Any:
    """The records as an Arrow table of their kind (inferred from the first record).

    ``kind="events"`` and ``kind="marks"`` write opportunities' histories and
    checklist trails as flat tables (one row a change, one row a mark).
    Score results take their criteria (one level and one unknown column
    each) from ``scorecard`` or from the scorecard the results are bound to.
    A value the table cannot hold (an amount beyond ``decimal128(38, 4)``) is a
    :class:`~salesflow.ValidationError` naming every such value.
    """
    pa = _extra.pyarrow()
    items = _records(records)
    name = _infer(items, kind)
    scale = 0
    if name == "score_results":
        spec, scale = _score_spec(items, scorecard)
        _check_scores(spec, items)
        read_of: Callable[[Column], Callable[[Any], Any]] = _score_value
    else:
        spec = _schemas.kind(name)
        read_of = _arrow.reader
    rows, keys, where = _rows(spec, items)
    arrays, problems = [], []
    for n, column in enumerate(spec.keys):
        got, _ = _arrow.array(pa, column, [k[n] for k in keys], where.__getitem__)
        arrays.append(got)
    for column in spec.columns:
        read = read_of(column)
        values = [read(r) for r in rows]
        got, bad = _arrow.array(pa, column, values, _at(where, column.name), scale)
        arrays.append(got)
        problems.extend(bad)
    if problems:
        raise ValidationError("to_arrow", problems)
    return pa.Table.from_arrays(arrays, schema=_arrow.schema_of(pa, spec.all_columns, scale))


# -- reading ------------------------------------------------------------------------


def _table(pa: Any, table: object, path: str, where: str) -> Any:
    if isinstance(table, pa.RecordBatch):
        return pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise ValidationError.single(where, path, f"expected an Arrow table, got {describe(table)}")
    return table


def _check_columns(spec: Kind, table: Any, prefix: str, where: str) -> None:
    check = Checker(where)
    names = set(table.column_names)
    known = set(spec.names)
    for c in spec.all_columns:
        if c.name not in names and not c.optional:
            check.add(f"{prefix}columns.{c.name}", "missing (a required column)")
    for n in table.column_names:
        if n not in known:
            check.add(
                f"{prefix}columns.{n}",
                f"unknown column (expected the columns of {spec.name}: {', '.join(spec.names)})",
            )
    if len(table.column_names) != len(names):
        check.add(f"{prefix}columns", "a column name appears twice")
    check.done()


def _column_values(pa: Any, table: Any, column: Column) -> list[Any] | None:
    if column.name not in table.column_names:
        return None
    return _arrow.pylist(pa, table.column(column.name))


def _money(amount: Any, currency: Any, column: Column) -> tuple[Any, list[Problem]]:
    if amount is None and currency is None and column.nullable:
        return None, []
    try:
        return Money(amount, currency), []
    except ValidationError as exc:
        out = []
        for p in exc.problems:
            name = f"{column.name}_currency" if p.path == "currency" else column.name
            out.append(Problem(name, p.message))
        # a stand-in, so the record checks its other fields without repeating this one
        return Money(0, "XXX"), out


def _json(value: Any, column: Column) -> tuple[Any, list[Problem]]:
    if value is None:
        return {}, []
    if not isinstance(value, str):
        return value, []  # the record reports a non-mapping
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        return None, [Problem(column.name, f"not JSON text ({exc.msg})")]
    return parsed, []


def _nested(value: Any, column: Column) -> tuple[Any, list[Problem]]:
    """A tuple of nested records from its JSON text, each built by the one converter."""
    if value is None:
        return (), []
    parsed, bad = _json(value, column)
    if bad or not isinstance(parsed, list):
        return parsed, bad or [Problem(column.name, "expected a JSON list of records")]
    assert column.record is not None
    out: list[Any] = []
    problems: list[Problem] = []
    for i, item in enumerate(parsed):
        try:
            out.append(from_dict(column.record, item))
        except ValidationError as exc:
            problems.extend(p.prefixed(f"{column.name}[{i}]") for p in exc.problems)
    return tuple(out), problems


class _Reader:
    """Builds the records of one table, row by row, collecting every problem."""

    def __init__(self, pa: Any, spec: Kind, table: Any) -> None:
        self.spec = spec
        self.n = table.num_rows
        self.values = {c.name: _column_values(pa, table, c) for c in spec.all_columns}

    def cell(self, column: Column, i: int) -> Any:
        got = self.values[column.name]
        return got[i] if got is not None else None

    def fields(self, i: int) -> tuple[dict[str, Any], list[Problem]]:
        """The constructor arguments of row ``i`` (nested parts as dicts) and its problems."""
        args: dict[str, Any] = {}
        problems: list[Problem] = []
        for column in self.spec.columns:
            if column.encoding == "currency" or (
                self.values[column.name] is None and column.optional
            ):
                continue
            value = self.cell(column, i)
            if column.encoding == "money":
                currency = self.values.get(f"{column.name}_currency")
                value, bad = _money(value, None if currency is None else currency[i], column)
                problems.extend(bad)
            elif column.encoding == "json":
                value, bad = _json(value, column)
                problems.extend(bad)
            elif column.encoding == "records":
                value, bad = _nested(value, column)
                problems.extend(bad)
            elif column.encoding == "texts" and isinstance(value, list):
                value = tuple(value)
            target = args
            for part in column.path[:-1]:
                target = target.setdefault(part, {})
            target[column.path[-1]] = value
        flags = args.get("unknown")
        if isinstance(flags, dict):  # a score result's unknown criteria, from one flag each
            args["unknown"] = tuple(k for k, v in flags.items() if v)
            problems.extend(
                Problem(f"unknown.{k}", f"expected true or false, got {describe(v)}")
                for k, v in flags.items()
                if not isinstance(v, bool)
            )
        return args, problems


def _build(cls: type, args: dict[str, Any], extra: Mapping[str, Any]) -> tuple[Any, list[Problem]]:
    """``cls(**args)`` with nested parts built first; every problem, with its path."""
    problems: list[Problem] = []
    built: dict[str, Any] = {}
    parts = _parts(cls)
    for name, value in args.items():
        if isinstance(value, dict) and name in parts:
            part, bad = _build(parts[name], value, {})
            problems.extend(p.prefixed(name) for p in bad)
            if part is not None:
                built[name] = part
        else:
            built[name] = value
    try:
        return cls(**built, **extra), problems
    except ValidationError as exc:
        return None, problems + list(exc.problems)


@cache
def _parts(cls: type) -> Mapping[str, type]:
    """The fields of ``cls`` that hold a nested record part, and the part's class."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in attrs.fields(cls) if attrs.has(hints[f.name])}


_INDEXED = re.compile(r"^(\w+)\[(\d+)\](.*)\Z")


def _remap(
    problems: Iterable[Problem], field: str, rows: Sequence[int], table: str
) -> list[Problem]:
    """Problems at ``field[j]...`` of a record, seen at the child table's rows instead."""
    out = []
    for p in problems:
        m = _INDEXED.match(p.path)
        if m and m.group(1) == field and int(m.group(2)) < len(rows):
            out.append(Problem(f"{table}[{rows[int(m.group(2))]}]{m.group(3)}", p.message))
        else:
            out.append(p)
    return out


def _read(
    pa: Any, spec: Kind, table: Any, prefix: str, extra: Mapping[str, Any] | None = None
) -> tuple[list[tuple[Any, tuple[Any, ...]]], list[Problem]]:
    """Every row of ``table`` as ``(record, key values)``; problems at ``<prefix>[i]``."""
    reader = _Reader(pa, spec, table)
    out: list[tuple[Any, tuple[Any, ...]]] = []
    problems: list[Problem] = []
    keys = [reader.values[c.name] for c in spec.keys]
    check = Checker("from_arrow")
    for i in range(reader.n):
        key = tuple(None if k is None else k[i] for k in keys)
        for column, value in zip(spec.keys, key, strict=True):
            check.text(f"{prefix}[{i}].{column.name}", value)
        args, bad = reader.fields(i)
        record, more = _build(spec.record, args, extra or {})
        bad.extend(more)
        problems.extend(p.prefixed(f"{prefix}[{i}]") for p in bad)
        out.append((record, key))
    return out, [*check.problems, *problems]


def _grouped(rows: list[tuple[Any, tuple[Any, ...]]]) -> dict[str, list[tuple[int, Any, Any]]]:
    """Rows by opportunity id, in table order: ``(row index, second key, record)``."""
    out: dict[str, list[tuple[int, Any, Any]]] = {}
    for i, (record, key) in enumerate(rows):
        out.setdefault(key[0], []).append((i, key[1], record))
    return out


def _children(
    pa: Any, events: object, marks: object
) -> tuple[
    dict[str, list[tuple[int, Any, Any]]], dict[str, list[tuple[int, Any, Any]]], list[Problem]
]:
    problems: list[Problem] = []
    groups: list[dict[str, list[tuple[int, Any, Any]]]] = []
    for name, table in (("events", events), ("marks", marks)):
        if table is None:
            groups.append({})
            continue
        got = _table(pa, table, name, "from_arrow")
        spec = _schemas.kind(name)
        _check_columns(spec, got, f"{name}.", "from_arrow")
        rows, bad = _read(pa, spec, got, name)
        problems.extend(bad)
        groups.append(_grouped(rows))
    return groups[0], groups[1], problems


def _states(marks: list[tuple[int, Any, Any]]) -> tuple[dict[str, ChecklistState], list[Problem]]:
    by_stage: dict[str, list[tuple[int, Mark]]] = {}
    for i, stage, mark in marks:
        by_stage.setdefault(stage, []).append((i, mark))
    states: dict[str, ChecklistState] = {}
    problems: list[Problem] = []
    for stage, items in by_stage.items():
        try:
            states[stage] = ChecklistState(trail=[m for _, m in items])
        except ValidationError as exc:
            problems.extend(_remap(exc.problems, "trail", [i for i, _ in items], "marks"))
    return states, problems


def _opportunities(
    pa: Any, rows: list[tuple[Any, tuple[Any, ...]]], events: object, marks: object
) -> tuple[list[Any], list[Problem]]:
    """The deals of ``rows`` with their history and checklists from the child tables."""
    history, checks, problems = _children(pa, events, marks)
    if events is None and marks is None:
        return [r for r, _ in rows], problems
    out = []
    seen: set[str] = set()
    for i, (opp, _) in enumerate(rows):
        if opp is None:
            continue
        if opp.id in seen:
            problems.append(Problem(f"rows[{i}].id", f"duplicate opportunity id {opp.id!r}"))
        seen.add(opp.id)
        changes = history.get(opp.id, [])
        for j, pipeline, _change in changes:
            if pipeline != opp.pipeline:
                problems.append(
                    Problem(
                        f"events[{j}].pipeline",
                        f"{pipeline!r} differs from the deal's pipeline {opp.pipeline!r}",
                    )
                )
        states, bad = _states(checks.get(opp.id, []))
        problems.extend(bad)
        try:
            out.append(
                attrs_evolve(opp, history=tuple(c for _, _, c in changes), checklists=states)
            )
        except ValidationError as exc:
            problems.extend(
                p.prefixed(f"rows[{i}]")
                for p in _remap(exc.problems, "history", [j for j, _, _ in changes], "events")
            )
    for name, groups in (("events", history), ("marks", checks)):
        for opp_id, items in groups.items():
            if opp_id is not None and opp_id not in seen:
                problems.append(
                    Problem(
                        f"{name}[{items[0][0]}].opportunity_id",
                        f"no opportunity {opp_id!r} in the table",
                    )
                )
    return out, problems


def attrs_evolve(opp: Opportunity, **changes: Any) -> Opportunity:
    """A checked copy of ``opp`` (the record validates its new history and checklists)."""
    return attrs.evolve(opp, **changes)


def _score_kind(table: Any, card: object) -> Kind:
    if card is not None and not isinstance(card, Scorecard):
        raise ValidationError.single(
            "from_arrow", "scorecard", f"expected a Scorecard or None, got {describe(card)}"
        )
    if isinstance(card, Scorecard):
        return _schemas.kind("score_results", tuple(c.key for c in card.criteria))
    found = tuple(n[len("levels.") :] for n in table.column_names if n.startswith("levels."))
    return _schemas.kind("score_results", found)


def from_arrow(
    table: Any,
    kind: str,
    *,
    events: Any = None,
    marks: Any = None,
    scorecard: Scorecard | None = None,
) -> Any:
    """The records of an Arrow ``table`` of ``kind``, every row checked by its record.

    A tuple of records; for ``kind="events"`` a mapping of opportunity id to
    its history, for ``kind="marks"`` a mapping of opportunity id to its
    checklist states by stage. Opportunities take their history and
    checklists from the ``events`` and ``marks`` tables when given. Bad rows
    raise one :class:`~salesflow.ValidationError` naming every bad cell
    (``rows[17].amount``, ``events[3].at``); nothing is built.
    """
    pa = _extra.pyarrow()
    got = _table(pa, table, "table", "from_arrow")
    if kind == "score_results":
        spec = _score_kind(got, scorecard)
    else:
        spec = _schemas.kind(kind)
        if (events is not None or marks is not None) and spec.name != "opportunities":
            raise ValidationError.single(
                "from_arrow", "events", "only opportunities have events and marks tables"
            )
    _check_columns(spec, got, "", "from_arrow")
    extra = {"definition": scorecard} if scorecard is not None else None
    rows, problems = _read(pa, spec, got, "rows", extra)
    if spec.name == "opportunities":
        records, more = _opportunities(pa, rows, events, marks)
        problems.extend(more)
    else:
        records = [r for r, _ in rows]
    if problems:
        raise ValidationError("from_arrow", problems)
    if spec.name == "events":
        return freeze_mapping({k: tuple(c for _, _, c in v) for k, v in _grouped(rows).items()})
    if spec.name == "marks":
        return freeze_mapping({k: freeze_mapping(_states(v)[0]) for k, v in _grouped(rows).items()})
    return tuple(records)


# -- polars and pandas, through Arrow ---------------------------------------------


def to_polars(records: Iterable[Any], kind: str | None = None, *, scorecard: Any = None) -> Any:
    """The records as a polars DataFrame (the Arrow table of :func:`to_arrow`, zero-copy)."""
    pl = _extra.polars()
    return pl.from_arrow(to_arrow(records, kind, scorecard=scorecard))


def _from_frames(
    as_table: Callable[[object, str], Any],
    frame: object,
    kind: str,
    events: object,
    marks: object,
    scorecard: Scorecard | None,
) -> Any:
    """:func:`from_arrow` of a frame and its child frames, each turned into a table first."""
    return from_arrow(
        as_table(frame, "frame"),
        kind,
        events=None if events is None else as_table(events, "events"),
        marks=None if marks is None else as_table(marks, "marks"),
        scorecard=scorecard,
    )


def _polars_table(frame: object, path: str) -> Any:
    pl = _extra.polars()
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    if not isinstance(frame, pl.DataFrame):
        raise ValidationError.single(
            "from_polars", path, f"expected a polars DataFrame, got {describe(frame)}"
        )
    return frame.to_arrow()


def from_polars(
    frame: Any,
    kind: str,
    *,
    events: Any = None,
    marks: Any = None,
    scorecard: Scorecard | None = None,
) -> Any:
    """The records of a polars DataFrame (or LazyFrame) of ``kind``; see :func:`from_arrow`."""
    return _from_frames(_polars_table, frame, kind, events, marks, scorecard)


def to_pandas(records: Iterable[Any], kind: str | None = None, *, scorecard: Any = None) -> Any:
    """The records as a pandas DataFrame backed by Arrow (``pd.ArrowDtype`` columns).

    Arrow-backed columns keep exact decimals, time zones and dictionaries,
    without copying the buffers.
    """
    pd = _extra.pandas()
    table = to_arrow(records, kind, scorecard=scorecard)
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _pandas_table(frame: object, path: str) -> Any:
    pd = _extra.pandas()
    pa = _extra.pyarrow()
    if not isinstance(frame, pd.DataFrame):
        raise ValidationError.single(
            "from_pandas", path, f"expected a pandas DataFrame, got {describe(frame)}"
        )
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise ValidationError.single(
            "from_pandas", path, f"the frame has no Arrow form ({exc})"
        ) from None


def from_pandas(
    frame: Any,
    kind: str,
    *,
    events: Any = None,
    marks: Any = None,
    scorecard: Scorecard | None = None,
) -> Any:
    """The records of a pandas DataFrame of ``kind``; see :func:`from_arrow`."""
    return _from_frames(_pandas_table, frame, kind, events, marks, scorecard)
