"""Events and deals tables read fast: every column checked at once, records built unchecked.

:func:`read_events` and :func:`read_opportunities` give what reading the
table row by row through :class:`~salesflow.StageChange` and
:class:`~salesflow.Opportunity` gives, when every row is certainly one the
record accepts (the columns are checked with Arrow compute, as the record
checks each field); otherwise None, and the caller reads it row by row, so
that a refusal is the record's own, word for word.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from salesflow._checks import freeze_mapping, make_builder
from salesflow.money import Money
from salesflow.records import Mark, Move, Opportunity, OpportunityStatus, StageChange
from salesflow.tables import _arrow, _extra
from salesflow.tables._schemas import Kind

__all__ = ["read_events", "read_marks", "read_opportunities"]

#: Every string Python's ``str.strip()`` removes (and the empty string), as RE2 sees it.
BLANK = r"^[\t\n\x{0b}\f\r\x{1c}-\x{1f}\x{85}\p{Z}]*$"

_change = make_builder(StageChange, positional=True)
_mark = make_builder(Mark, positional=True)
_deal = make_builder(Opportunity)
_cash = make_builder(Money)
_NOTHING: Any = freeze_mapping({})
_MOVES = {m.value: m for m in Move}
_STATUSES = {s.value: s for s in OpportunityStatus}


def _strings(pa: Any, col: Any) -> Any:
    """The column as plain strings, or None when it holds no text."""
    if pa.types.is_dictionary(col.type):
        col = col.cast(pa.string())
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return col
    return None


def _text(pa: Any, pc: Any, col: Any, *, optional: bool, empty: bool = False) -> Any:
    """Rows whose value the record's text check accepts (``optional``: null too)."""
    values = _strings(pa, col)
    if values is None:
        return pc.is_null(col) if optional else pa.array([False] * len(col), pa.bool_())
    good = pc.is_valid(values) if empty else pc.invert(pc.match_substring_regex(values, BLANK))
    return pc.or_kleene(pc.is_null(values), good) if optional else pc.fill_null(good, False)


def _enum(pa: Any, pc: Any, col: Any, members: dict[str, Any], *, optional: bool) -> Any:
    values = _strings(pa, col)
    if values is None:
        return pc.is_null(col) if optional else pa.array([False] * len(col), pa.bool_())
    inside = pc.is_in(values, pa.array(list(members), pa.string()))
    return pc.or_kleene(pc.is_null(values), inside) if optional else pc.fill_null(inside, False)


def _percent(pa: Any, pc: Any, col: Any, *, optional: bool) -> Any:
    if not pa.types.is_integer(col.type):
        return pc.is_null(col) if optional else pa.array([False] * len(col), pa.bool_())
    inside = pc.and_(pc.greater_equal(col, 0), pc.less_equal(col, 100))
    return pc.or_kleene(pc.is_null(col), inside) if optional else pc.fill_null(inside, False)


def _good(pa: Any, pc: Any, name: str, col: Any) -> Any:
    """Which rows of column ``name`` the record (or the table's key check) accepts."""
    if name in ("opportunity_id", "pipeline", "to_stage", "stage"):
        return _text(pa, pc, col, optional=False)
    if name in ("from_stage", "by", "reason"):
        return _text(pa, pc, col, optional=True)
    if name == "note":
        return _text(pa, pc, col, optional=True, empty=True)
    if name == "move":
        return _enum(pa, pc, col, _MOVES, optional=False)
    if name in ("to_status", "from_status"):
        return _enum(pa, pc, col, _STATUSES, optional=name == "from_status")
    if name in ("probability_after", "probability_before"):
        return _percent(pa, pc, col, optional=name == "probability_before")
    return _deal_good(pa, pc, name, col)


def _key(pa: Any, pc: Any, col: Any, *, optional: bool) -> Any:
    """Rows holding a stable key (lower-case letters, digits, underscores)."""
    values = _strings(pa, col)
    if values is None:
        return pc.is_null(col) if optional else pa.array([False] * len(col), pa.bool_())
    good = pc.match_substring_regex(values, r"^[a-z][a-z0-9_]*$")
    return pc.or_kleene(pc.is_null(values), good) if optional else pc.fill_null(good, False)


def _mark_good(pa: Any, pc: Any, name: str, col: Any) -> Any:
    if name in ("item", "role"):
        return _key(pa, pc, col, optional=name == "role")
    if name == "done":
        if pa.types.is_boolean(col.type):
            return pc.is_valid(col)
        return pa.array([False] * len(col), pa.bool_())
    if name in ("evidence", "by"):
        return _text(pa, pc, col, optional=name == "evidence")
    return _good(pa, pc, name, col)


def _deal_good(pa: Any, pc: Any, name: str, col: Any) -> Any:
    kind = col.type
    if name in ("id", "customer_id", "owner", "stage"):
        return _text(pa, pc, col, optional=False)
    if name in ("lost_reason", "lead_id"):
        return _text(pa, pc, col, optional=True)
    if name == "name":
        return _text(pa, pc, col, optional=False, empty=True)
    if name == "status":
        return _enum(pa, pc, col, _STATUSES, optional=False)
    if name == "probability":
        return _percent(pa, pc, col, optional=True)
    if name == "amount" and (pa.types.is_decimal(kind) or pa.types.is_integer(kind)):
        return pc.fill_null(pc.greater_equal(col, 0), False)
    if name == "amount_currency" and _strings(pa, col) is not None:
        return pc.fill_null(pc.match_substring_regex(_strings(pa, col), r"^[A-Z]{3}$"), False)
    if name == "expected_close":
        return (
            pa.array([True] * len(col), pa.bool_()) if pa.types.is_date32(kind) else pc.is_null(col)
        )
    if name == "attributes":
        # the JSON text is judged row by row
        return (
            pa.array([True] * len(col), pa.bool_())
            if _strings(pa, col) is not None
            else pc.is_null(col)
        )
    if name in ("at", "created_at") and pa.types.is_timestamp(kind) and kind.tz:
        return pc.is_valid(col)
    return pa.array([False] * len(col), pa.bool_())


def _clean(pa: Any, pc: Any, spec: Kind, table: Any) -> list[str] | None:
    """The column names, when every row of every column is certainly good; else None."""
    names = [c.name for c in spec.all_columns]
    if any(name not in table.column_names for name in names):
        return None  # an optional column left out: the row by row reader fills defaults
    good = _mark_good if spec.record is Mark else _good
    ok = pa.array([True] * table.num_rows, pa.bool_())
    for name in names:
        ok = pc.and_(ok, good(pa, pc, name, table.column(name)))
    if table.num_rows and not pc.all(ok).as_py():
        return None
    return names


def read_events(spec: Kind, table: Any) -> list[tuple[StageChange, tuple[Any, Any]]] | None:
    """``(change, (opportunity id, pipeline))`` of every row; None when a row needs the
    record's own check (a bad or missing value somewhere)."""
    pa = _extra.pyarrow()
    pc = _extra.pyarrow_compute()
    names = _clean(pa, pc, spec, table)
    if names is None:
        return None
    v = {name: _arrow.pylist(pa, table.column(name)) for name in names}
    for name, members in (("move", _MOVES), ("to_status", _STATUSES), ("from_status", _STATUSES)):
        v[name] = [None if x is None else members[x] for x in v[name]]
    keys, fields = names[: len(spec.keys)], names[len(spec.keys) :]
    change = _change
    return [
        (change(*values), (opp_id, pipeline))
        for opp_id, pipeline, *values in zip(
            *(v[k] for k in keys), *(v[f] for f in fields), strict=True
        )
    ]


def _attributes(text: str | None) -> Any:
    """The attributes mapping of a JSON text cell; None when the record must judge it."""
    if text is None:
        return _NOTHING
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    good = type(value) is dict and all(
        type(k) is str and k and type(v) in (str, int, bool) for k, v in value.items()
    )
    return freeze_mapping(value) if good else None


def read_opportunities(spec: Kind, table: Any) -> list[Opportunity] | None:
    """Every row's deal (no history, no checklists); None when a row needs the record's
    own check."""
    pa = _extra.pyarrow()
    pc = _extra.pyarrow_compute()
    names = _clean(pa, pc, spec, table)
    if names is None:
        return None
    v = {name: _arrow.pylist(pa, table.column(name)) for name in names}
    statuses, lost = _STATUSES, OpportunityStatus.LOST.value
    empty = _NOTHING
    out = []
    for i, text in enumerate(v["attributes"]):
        attributes = _attributes(text)
        status, reason = v["status"][i], v["lost_reason"][i]
        if attributes is None or (status == lost) is (reason is None):
            return None
        amount = v["amount"][i]
        out.append(
            _deal(
                id=v["id"][i],
                customer_id=v["customer_id"][i],
                owner=v["owner"][i],
                pipeline=v["pipeline"][i],
                stage=v["stage"][i],
                amount=_cash(
                    amount=amount if type(amount) is Decimal else Decimal(amount),
                    currency=v["amount_currency"][i],
                ),
                created_at=v["created_at"][i],
                status=statuses[status],
                name=v["name"][i],
                expected_close=v["expected_close"][i],
                lost_reason=reason,
                probability=v["probability"][i],
                history=(),
                attributes=attributes,
                checklists=empty,
                lead_id=v["lead_id"][i],
            )
        )
    return out


def read_marks(spec: Kind, table: Any) -> list[tuple[Mark, tuple[Any, Any]]] | None:
    """``(mark, (opportunity id, stage))`` of every row; None when a row needs the
    record's own check."""
    pa = _extra.pyarrow()
    pc = _extra.pyarrow_compute()
    names = _clean(pa, pc, spec, table)
    if names is None:
        return None
    v = {name: _arrow.pylist(pa, table.column(name)) for name in names}
    keys, fields = names[: len(spec.keys)], names[len(spec.keys) :]
    mark = _mark
    return [
        (mark(*values), (opp_id, stage))
        for opp_id, stage, *values in zip(
            *(v[k] for k in keys), *(v[f] for f in fields), strict=True
        )
    ]
