"""Deals opened in bulk from a table, and rebuilt from an events table.

:func:`open_many` gives, for every row, what ``pipeline.open(...)`` gives
for that row's values, and refuses what it refuses: the columns are checked
at once with Arrow compute (a row that passes is certainly one ``open``
accepts, and is built with the kernel's fast builders); every other row goes
through ``pipeline.open`` itself, so its refusal is the one-by-one refusal,
word for word. :func:`replay` rebuilds deals by running each recorded move:
clean events and deals tables are read at once (:mod:`._fastread`), a deal
whose first event opens it in an open stage is opened as ``open`` would
open it (built unchecked from values already checked), and every later
move is the pipeline's own move, so its refusal is the one-by-one refusal.
"""

from __future__ import annotations

import gc
import inspect
import json
import typing
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import Any

from salesflow._checks import Checker, describe, freeze_mapping, make_builder
from salesflow.exceptions import Problem, TransitionError, ValidationError
from salesflow.money import Money
from salesflow.records import Move, Opportunity, OpportunityStatus, StageChange
from salesflow.stages import Pipeline
from salesflow.tables import _arrow, _convert, _extra, _fastread, _schemas
from salesflow.tables._arrow import to_table

__all__ = ["open_columns", "open_many", "replay"]

#: Every string Python's ``str.strip()`` removes (and the empty string), as RE2 sees it.
BLANK = r"^[\t\n\x{0b}\f\r\x{1c}-\x{1f}\x{85}\p{Z}]*$"

_change = make_builder(StageChange)
_deal = make_builder(Opportunity)
_cash = make_builder(Money)
_OPEN = OpportunityStatus.OPEN
_NOTHING: Mapping[str, Any] = freeze_mapping({})


@cache
def open_columns() -> Mapping[str, tuple[Any, bool]]:
    """The columns of an opening table, from ``Pipeline.open``'s own parameters.

    Parameter name -> (type, required). ``amount`` (Money) is read from
    ``amount`` and ``amount_currency``.
    """
    hints = typing.get_type_hints(Pipeline.open)
    out: dict[str, tuple[Any, bool]] = {}
    for name, p in inspect.signature(Pipeline.open).parameters.items():
        if name == "self":
            continue
        out[name] = (hints.get(name), p.default is inspect.Parameter.empty)
    return out


def _names() -> list[str]:
    cols = []
    for name in open_columns():
        cols.append(name)
        if name == "amount":
            cols.append("amount_currency")
    return cols


def _check_columns(table: Any, where: str, known: list[str], required: list[str]) -> None:
    check = Checker(where)
    for name in required:
        if name not in table.column_names:
            check.add(f"columns.{name}", "missing (a required column)")
    for name in table.column_names:
        if name not in known:
            check.add(f"columns.{name}", f"unknown column (expected: {', '.join(known)})")
    check.done()


class _Columns:
    """The opening table's columns as Python values, and the rows certainly good."""

    def __init__(self, pipeline: Pipeline, table: Any) -> None:
        pa = _extra.pyarrow()
        pc = _extra.pyarrow_compute()
        self.n = n = table.num_rows
        self.values: dict[str, list[Any]] = {}
        ok = pa.array([True] * n, pa.bool_()) if n else pa.array([], pa.bool_())
        for name in _names():
            if name not in table.column_names:
                continue
            col = table.column(name)
            good = _good(pa, pc, pipeline, name, col)
            ok = pc.and_kleene(ok, pc.fill_null(good, False))
            self.values[name] = _pylist(pa, name, col)
        self.clean: list[bool] = ok.to_pylist() if n else []


def _pylist(pa: Any, name: str, col: Any) -> list[Any]:
    if name == "attributes":
        return [_attributes(v) for v in col.to_pylist()]
    return _arrow.pylist(pa, col)


def _attributes(value: Any) -> Any:
    if not isinstance(value, str):
        return {} if value is None else value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value  # open() refuses the text: expected a mapping


def _text(pa: Any, pc: Any, col: Any, *, optional: bool, empty: bool = False) -> Any:
    if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
        if pa.types.is_dictionary(col.type):
            return _text(pa, pc, col.cast(pa.string()), optional=optional, empty=empty)
        return pc.is_null(col) if optional else pa.array([False] * len(col))
    good = pc.is_valid(col) if empty else pc.invert(pc.match_substring_regex(col, BLANK))
    return pc.or_kleene(pc.is_null(col), good) if optional else pc.fill_null(good, False)


def _good(pa: Any, pc: Any, pipeline: Pipeline, name: str, col: Any) -> Any:
    """Which rows of column ``name`` ``open`` certainly accepts."""
    kind = col.type
    if name in ("id", "customer_id", "owner"):
        return _text(pa, pc, col, optional=False)
    if name in ("by",):
        return _text(pa, pc, col, optional=True)
    if name == "name":
        return _text(pa, pc, col, optional=False, empty=True)
    if name == "note":
        return pa.array([True] * len(col)) if _is_text(pa, kind) else pc.is_null(col)
    if name == "stage":
        keys = [s.key for s in pipeline.stages if s.key in pipeline.open_keys]
        values = col.cast(pa.string()) if pa.types.is_dictionary(kind) else col
        if not _is_text(pa, values.type):
            return pc.is_null(col)
        return pc.or_kleene(pc.is_null(values), pc.is_in(values, pa.array(keys, pa.string())))
    if name == "amount":
        if pa.types.is_decimal(kind) or pa.types.is_integer(kind):
            return pc.greater_equal(col, 0)
        return pa.array([False] * len(col))
    if name == "amount_currency":
        values = col.cast(pa.string()) if pa.types.is_dictionary(kind) else col
        if not _is_text(pa, values.type):
            return pa.array([False] * len(col))
        return pc.match_substring_regex(values, r"^[A-Z]{3}$")
    if name == "at":
        ok = pa.types.is_timestamp(kind) and bool(kind.tz)
        return pc.is_valid(col) if ok else pa.array([False] * len(col))
    if name == "expected_close":
        return pc.is_null(col) if not pa.types.is_date32(kind) else pa.array([True] * len(col))
    if name == "probability":
        if not pa.types.is_integer(kind):
            return pc.is_null(col)
        inside = pc.and_(pc.greater_equal(col, 0), pc.less_equal(col, 100))
        return pc.or_kleene(pc.is_null(col), inside)
    if name == "attributes":
        return pc.is_null(col)  # mappings are checked row by row
    return pa.array([False] * len(col))


def _is_text(pa: Any, kind: Any) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _good_attributes(value: Any) -> bool:
    return type(value) is dict and all(
        type(k) is str and k and type(v) in (str, int, bool) for k, v in value.items()
    )


def _row(cols: _Columns, i: int) -> dict[str, Any]:
    """Row ``i`` as the keyword arguments of ``pipeline.open`` (Money not yet built)."""
    out: dict[str, Any] = {}
    for name, values in cols.values.items():
        out[name] = values[i]
    return out


def _one(pipeline: Pipeline, row: dict[str, Any], i: int) -> tuple[Any, list[Problem]]:
    """``pipeline.open`` of one row; its refusal as problems at ``rows[i]``."""
    where = f"rows[{i}]"
    args = dict(row)
    currency = args.pop("amount_currency", None)
    try:
        args["amount"] = Money(args.get("amount"), currency)
    except ValidationError as exc:
        return None, [
            Problem(
                f"{where}.amount_currency" if p.path == "currency" else f"{where}.amount", p.message
            )
            for p in exc.problems
        ]
    try:
        return pipeline.open(**args), []
    except ValidationError as exc:
        return None, [p.prefixed(where) for p in exc.problems]
    except TransitionError as exc:
        return None, [Problem(f"{where}.stage", r.message) for r in exc.reasons]


def _fast(pipeline: Pipeline, cols: _Columns) -> list[Opportunity | None]:
    """The deal of every clean row, built unchecked; None where a row takes the slow path."""
    n = cols.n
    nothing = [None] * n
    v = cols.values
    first = pipeline.keys[0]
    default = {s.key: s.probability for s in pipeline.stages}
    key = pipeline.key
    empty = freeze_mapping({})
    attributes = v.get("attributes") or [None] * n
    out: list[Opportunity | None] = []
    append = out.append
    change, deal, cash, move, status = _change, _deal, _cash, Move.OPEN, _OPEN
    for ok, i, c, o, a, cur, at, stage, by, name, close, prob, extra, note in zip(
        cols.clean,
        v["id"],
        v["customer_id"],
        v["owner"],
        v["amount"],
        v["amount_currency"],
        v["at"],
        v.get("stage", nothing),
        v.get("by", nothing),
        v.get("name") or [""] * n,
        v.get("expected_close", nothing),
        v.get("probability", nothing),
        attributes,
        v.get("note", nothing),
        strict=True,
    ):
        if not ok or (extra and not _good_attributes(extra)):
            append(None)
            continue
        if stage is None:
            stage = first
        history = (
            change(
                move=move,
                at=at,
                to_stage=stage,
                to_status=status,
                probability_after=default[stage] if prob is None else prob,
                from_stage=None,
                from_status=None,
                probability_before=None,
                by=by,
                reason=None,
                note=note,
            ),
        )
        append(
            deal(
                id=i,
                customer_id=c,
                owner=o,
                pipeline=key,
                stage=stage,
                amount=cash(amount=a if type(a) is Decimal else Decimal(a), currency=cur),
                created_at=at,
                status=status,
                name=name,
                expected_close=close,
                lost_reason=None,
                probability=prob,
                history=history,
                attributes=freeze_mapping(extra) if extra else empty,
                checklists=empty,
                lead_id=None,
            )
        )
    return out


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while many records are built (they hold no cycles).

    Building a million frozen records triggers the collector thousands of
    times, each pass walking every record built so far: most of the cost of
    a bulk build. The collector's state is restored afterwards.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def open_many(pipeline: Pipeline, table: Any) -> tuple[Opportunity, ...]:
    """Open a deal in ``pipeline`` for every row of ``table``: what ``pipeline.open`` gives.

    The columns are ``open``'s parameters (``id``, ``customer_id``, ``owner``,
    ``amount`` with ``amount_currency``, ``at`` (a timezone-aware timestamp),
    and the optional ``stage``, ``by``, ``name``, ``expected_close``,
    ``probability``, ``attributes`` (JSON text), ``note``). ``table`` is an
    Arrow table, a polars or a pandas DataFrame. Every refused row is named
    (``rows[17].amount``) in one :class:`~salesflow.ValidationError`, with
    the words ``open`` uses; then nothing is opened.
    """
    if not isinstance(pipeline, Pipeline):
        raise ValidationError.single(
            "open_many", "pipeline", f"expected a Pipeline, got {describe(pipeline)}"
        )
    got = to_table(table, "table", "open_many")
    required = [n for n, (_, needed) in open_columns().items() if needed]
    if "amount" in required:
        required.append("amount_currency")
    _check_columns(got, "open_many", _names(), required)
    cols = _Columns(pipeline, got)
    problems: list[Problem] = []
    with paused_gc():
        out = _fast(pipeline, cols)
        for i, deal in enumerate(out):
            if deal is None:
                out[i], bad = _one(pipeline, _row(cols, i), i)
                problems.extend(bad)
    if problems:
        raise ValidationError("open_many", problems)
    return tuple(d for d in out if d is not None)


# -- replay -------------------------------------------------------------------------

#: What each recorded move calls, with the event's ``reason`` as the move's own argument.
_MOVES: Mapping[str, tuple[str, str | None]] = {
    "advance": ("advance", "to"),
    "back": ("advance", "to"),
    "win": ("win", "outcome"),
    "lose": ("lose", "reason"),
    "pause": ("pause", "reason"),
    "resume": ("resume", None),
    "reopen": ("reopen", None),
}
_COMPARED = (
    "to_stage",
    "to_status",
    "from_stage",
    "from_status",
    "probability_before",
    "probability_after",
)


def _apply(pipeline: Pipeline, opp: Opportunity, ev: StageChange) -> Opportunity:
    method, arg = _MOVES[ev.move.value]
    kwargs: dict[str, Any] = {"at": ev.at, "by": ev.by, "note": ev.note}
    if arg == "to":
        kwargs["to"] = ev.to_stage
    elif arg is not None:
        kwargs[arg] = ev.reason
    result: Opportunity = getattr(pipeline, method)(opp, **kwargs)
    return result


def _differences(made: StageChange, recorded: StageChange, where: str) -> list[Problem]:
    out = []
    for name in _COMPARED:
        a, b = getattr(made, name), getattr(recorded, name)
        if a != b:
            shown = getattr(b, "value", b), getattr(a, "value", a)
            out.append(
                Problem(
                    f"{where}.{name}", f"recorded {shown[0]!r}, but the move gives {shown[1]!r}"
                )
            )
    return out


def _opened(pipeline: Pipeline, opp: Opportunity, first: StageChange, override: Any) -> Any:
    """The deal ``pipeline.open`` makes from a checked table deal and its checked first
    event, built unchecked; None when ``open`` itself must decide (a stage it refuses)."""
    if first.to_stage not in pipeline.open_keys:
        return None
    change = _change(
        move=Move.OPEN,
        at=first.at,
        to_stage=first.to_stage,
        to_status=_OPEN,
        probability_after=first.probability_after,
        from_stage=None,
        from_status=None,
        probability_before=None,
        by=first.by,
        reason=None,
        note=first.note,
    )
    return _deal(
        id=opp.id,
        customer_id=opp.customer_id,
        owner=opp.owner,
        pipeline=pipeline.key,
        stage=first.to_stage,
        amount=opp.amount,
        created_at=first.at,
        status=_OPEN,
        name=opp.name,
        expected_close=opp.expected_close,
        lost_reason=None,
        probability=override,
        history=(change,),
        attributes=opp.attributes,
        checklists=_NOTHING,
        lead_id=None,
    )


def _replay_one(
    pipeline: Pipeline,
    deal: Opportunity,
    events: list[tuple[int, StageChange]],
    keep: bool = False,
) -> tuple[Opportunity | None, list[Problem]]:
    """One deal: opened by its first event, then each recorded move in turn."""
    j, first = events[0]
    if first.move is not Move.OPEN:
        return None, [
            Problem(f"events[{j}].move", f"a deal's first event opens it, got {first.move.value!r}")
        ]
    stage = (
        next(s for s in pipeline.stages)
        if first.to_stage not in pipeline.keys
        else pipeline.stage(first.to_stage)
    )
    same = first.probability_after == stage.probability
    override = None if same and not keep else first.probability_after
    opp = _opened(pipeline, deal, first, override)
    if opp is None:
        row = {
            **_open_args(deal),
            "at": first.at,
            "stage": first.to_stage,
            "by": first.by,
            "note": first.note,
            "probability": override,
        }
        opp, bad = _one(pipeline, row, j)
        if opp is None:
            return None, [
                Problem(p.path.replace(f"rows[{j}]", f"events[{j}]", 1), p.message) for p in bad
            ]
    for j, ev in events[1:]:
        try:
            opp = _apply(pipeline, opp, ev)
        except ValidationError as exc:
            return None, [p.prefixed(f"events[{j}]") for p in exc.problems]
        except TransitionError as exc:
            return None, [Problem(f"events[{j}].move", r.message) for r in exc.reasons]
        diff = _differences(opp.history[-1], ev, f"events[{j}]")
        if diff:
            return None, diff
    return opp, []


_STATE = ("pipeline", "stage", "status", "created_at", "lost_reason", "probability")


def _open_args(opp: Opportunity) -> dict[str, Any]:
    return {
        "id": opp.id,
        "customer_id": opp.customer_id,
        "owner": opp.owner,
        "amount": opp.amount.amount,
        "amount_currency": opp.amount.currency,
        "name": opp.name,
        "expected_close": opp.expected_close,
        "attributes": dict(opp.attributes),
    }


def _replay_deal(
    pipeline: Pipeline, i: int, opp: Opportunity, events: list[tuple[int, StageChange]]
) -> tuple[Opportunity | None, list[Problem]]:
    if not events:
        return None, [
            Problem(f"opportunities[{i}].id", f"no events for {opp.id!r} (replay needs its open)")
        ]
    made, bad = _replay_one(pipeline, opp, events)
    if made is not None and made.probability != opp.probability:
        # an override equal to the stage's default looks like none in the history
        made, bad = _replay_one(pipeline, opp, events, keep=True)
    if made is None:
        return None, bad
    diff = [
        Problem(
            f"opportunities[{i}].{name}",
            f"the table says {getattr(opp, name)!r}, the events give {getattr(made, name)!r}",
        )
        for name in _STATE
        if getattr(made, name) != getattr(opp, name)
    ]
    return (None, diff) if diff else (made, [])


def _deals(table: Any) -> list[Opportunity]:
    """The deals of an opportunities table: columns checked at once when every row is
    clean, else row by row by ``from_arrow`` (its refusals, word for word)."""
    spec = _schemas.kind("opportunities")
    got = _table_columns_ok(spec, table) and _fastread.read_opportunities(spec, table)
    if got is None or got is False:
        return list(_convert.from_arrow(table, "opportunities"))
    return got


def _table_columns_ok(spec: Any, table: Any) -> bool:
    known = set(spec.names)
    return len(set(table.column_names)) == len(table.column_names) and all(
        n in known for n in table.column_names
    )


def _inputs(
    pipeline: Pipeline, events: Any, opportunities: Any
) -> tuple[list[Opportunity], dict[str, list[tuple[int, StageChange]]], list[Problem]]:
    """The deals, each deal's events in order, and the events of another pipeline."""
    pa = _extra.pyarrow()
    deals = _deals(to_table(opportunities, "opportunities", "replay"))
    table = to_table(events, "events", "replay")
    spec = _schemas.kind("events")
    _convert._check_columns(spec, table, "events.", "replay")
    fast = _fastread.read_events(spec, table)
    rows, problems = (fast, []) if fast is not None else _convert._read(pa, spec, table, "events")
    if problems:
        raise ValidationError("replay", problems)
    by_deal: dict[str, list[tuple[int, StageChange]]] = {}
    key = pipeline.key
    for j, (change, (opp_id, pipe)) in enumerate(rows):
        if pipe != key:
            problems.append(
                Problem(f"events[{j}].pipeline", f"{pipe!r} is not this pipeline {key!r}")
            )
        by_deal.setdefault(opp_id, []).append((j, change))
    return deals, by_deal, problems


def replay(pipeline: Pipeline, events: Any, *, opportunities: Any) -> tuple[Opportunity, ...]:
    """Rebuild deals with their history by running every recorded move through ``pipeline``.

    ``events`` is an events table (one row a change, in order), ``opportunities``
    the deals' table (for what the events do not hold: customer, owner,
    amount, name, ...). Each deal is opened by its first event and moved by
    the rest, exactly as ``pipeline.open`` and its moves would (same
    refusals, same results); a move whose recorded outcome differs from what
    the pipeline gives is refused too. Every problem is named
    (``events[12].move``) in one :class:`~salesflow.ValidationError`; then
    nothing is rebuilt. Checklist gates see no marks (replay the marks with
    the deals' checklists afterwards).
    """
    if not isinstance(pipeline, Pipeline):
        raise ValidationError.single(
            "replay", "pipeline", f"expected a Pipeline, got {describe(pipeline)}"
        )
    out: list[Opportunity] = []
    with paused_gc():  # every record below is built at once: no collector passes
        deals, by_deal, problems = _inputs(pipeline, events, opportunities)
        for i, opp in enumerate(deals):
            made, bad = _replay_deal(pipeline, i, opp, by_deal.pop(opp.id, []))
            problems.extend(bad)
            if made is not None:
                out.append(made)
    for opp_id, items in by_deal.items():
        problems.append(
            Problem(
                f"events[{items[0][0]}].opportunity_id", f"no opportunity {opp_id!r} in the table"
            )
        )
    if problems:
        raise ValidationError("replay", problems)
    return tuple(out)
