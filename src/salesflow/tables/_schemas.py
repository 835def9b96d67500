"""The columns of each record kind, derived from the records' own attrs fields.

Nothing here lists a record's fields by hand: :func:`columns` walks
``attrs.fields`` of the record class and maps each field's type to one or
more columns. Nested parts (a customer's ``basic``, ``characteristics``,
...) are flattened with dotted names (``basic.registered_capital``), so a
column is named by the same path an error names. A field whose values are a
table of their own (an opportunity's ``history`` and ``checklists``) is a
*child* kind: the ``events`` and ``marks`` tables.

Encodings (the Arrow types are built in :mod:`salesflow.tables._arrow`):

* text: ``string`` (dictionary-encoded for the few key-like fields in
  :data:`DICTIONARY_TEXT`, whose values repeat: stages, owners, reasons);
* whole numbers ``int64``; ``bool``; dates ``date32``;
* datetimes: ``timestamp[us, tz=UTC]``: the instant is kept exactly, the
  offset is not (a datetime read back is in UTC and compares equal);
* enums: dictionary-encoded strings of the enum's values;
* :class:`~salesflow.Money`: ``decimal128(38, 4)`` beside a
  ``<name>_currency`` column;
* tuples of strings: ``list<string>``; the ``attributes`` mapping: JSON text.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from types import NoneType, UnionType
from typing import Any

import attrs

from salesflow.checklists import ChecklistState, Mark
from salesflow.exceptions import ValidationError
from salesflow.money import Money
from salesflow.records import Activity, Contact, Customer, Lead, Opportunity, StageChange
from salesflow.scoring import Scorecard, ScoreResult

__all__ = [
    "DICTIONARY_TEXT",
    "KINDS",
    "MONEY_PRECISION",
    "MONEY_SCALE",
    "Column",
    "Kind",
    "columns",
    "kind",
]

#: Money amounts are stored as decimal128 with this precision and scale: up to
#: 34 digits before the point and 4 after. An amount that does not fit is refused.
MONEY_PRECISION = 38
MONEY_SCALE = 4

#: Text fields whose values repeat (keys of definitions, people): dictionary-encoded.
DICTIONARY_TEXT = frozenset(
    {"pipeline", "stage", "from_stage", "to_stage", "owner", "by", "lost_reason", "role", "item"}
)


@attrs.frozen(slots=True)
class Column:
    """One column: its name, the attribute path it is read from, and its encoding.

    ``encoding`` is one of ``text``, ``int``, ``bool``, ``datetime``, ``date``,
    ``enum``, ``money`` (the amount of a Money), ``currency`` (its currency),
    ``texts`` (a tuple of strings), ``json`` (the attributes mapping),
    ``records`` (a tuple of nested records, e.g. an intent history's marks,
    as JSON text of their plain-data form),
    ``decimal`` (a score total), ``level`` and ``flag`` (one criterion of a
    score result).
    """

    name: str
    path: tuple[str, ...]
    encoding: str
    nullable: bool = False
    enum: type[Enum] | None = None
    dictionary: bool = False
    #: Whether the record field has a default (a missing column then means the default).
    optional: bool = False
    #: For ``records``: the record class of each element.
    record: type | None = None


@attrs.frozen(slots=True)
class Kind:
    """A record kind as a table: its record class, key columns, columns and child kinds."""

    name: str
    record: type
    keys: tuple[Column, ...]
    columns: tuple[Column, ...]
    #: Record fields held in a table of their own: field name -> kind name.
    children: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return (*self.keys, *self.columns)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.all_columns)


#: Fields held as child tables, by record class and field name.
_CHILDREN: Mapping[type, Mapping[str, str]] = {
    Opportunity: {"history": "events", "checklists": "marks"},
}


def _split_optional(kind: Any) -> tuple[Any, bool]:
    """``(T, True)`` for ``T | None``; ``(kind, False)`` otherwise."""
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is UnionType:
        args = [a for a in typing.get_args(kind) if a is not NoneType]
        if len(args) < len(typing.get_args(kind)):
            return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), True  # noqa: UP007
    return kind, False


def _leaf(name: str, path: tuple[str, ...], kind: Any, nullable: bool, optional: bool) -> Column:
    leaf = path[-1]
    if kind is str:
        return Column(name, path, "text", nullable, None, leaf in DICTIONARY_TEXT, optional)
    if kind is bool:
        return Column(name, path, "bool", nullable, optional=optional)
    if kind is int:
        return Column(name, path, "int", nullable, optional=optional)
    if kind is datetime:
        return Column(name, path, "datetime", nullable, optional=optional)
    if kind is date:
        return Column(name, path, "date", nullable, optional=optional)
    if kind is Decimal:
        return Column(name, path, "decimal", nullable, optional=optional)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return Column(name, path, "enum", nullable, kind, True, optional)
    if typing.get_origin(kind) is tuple and typing.get_args(kind) == (str, ...):
        return Column(name, path, "texts", nullable, optional=optional)
    args = typing.get_args(kind)
    if (
        typing.get_origin(kind) is tuple
        and len(args) == 2
        and args[1] is Ellipsis
        and attrs.has(args[0])
    ):
        return Column(name, path, "records", nullable, optional=optional, record=args[0])
    if typing.get_origin(kind) is Mapping and typing.get_args(kind)[0] is str:
        return Column(name, path, "json", True, optional=True)  # empty: null
    raise TypeError(f"no column encoding for field {'.'.join(path)!r} of type {kind!r}")


def columns(cls: type, prefix: tuple[str, ...] = ()) -> tuple[Column, ...]:
    """The columns of record class ``cls``, one or more per data field, in field order."""
    hints = typing.get_type_hints(cls)
    children = _CHILDREN.get(cls, {})
    out: list[Column] = []
    for field in attrs.fields(cls):
        if not field.init or field.metadata.get("salesflow_not_data") or field.name in children:
            continue
        path = (*prefix, field.name)
        name = ".".join(path)
        kind, nullable = _split_optional(hints[field.name])
        optional = field.default is not attrs.NOTHING or nullable
        if kind is Money:
            out.append(Column(name, path, "money", nullable, optional=optional))
            out.append(Column(f"{name}_currency", path, "currency", nullable, None, True, optional))
        elif attrs.has(kind):
            out.extend(columns(kind, path))
        else:
            out.append(_leaf(name, path, kind, nullable, optional))
    return tuple(out)


def _opportunity_key(*extra: Column) -> tuple[Column, ...]:
    return (Column("opportunity_id", (), "text"), *extra)


@cache
def _kinds() -> Mapping[str, Kind]:
    plain = {
        "opportunities": Opportunity,
        "customers": Customer,
        "contacts": Contact,
        "leads": Lead,
        "activities": Activity,
    }
    out = {
        name: Kind(name, cls, (), columns(cls), _CHILDREN.get(cls, {}))
        for name, cls in plain.items()
    }
    out["events"] = Kind(
        "events",
        StageChange,
        _opportunity_key(Column("pipeline", (), "text", dictionary=True)),
        columns(StageChange),
    )
    out["marks"] = Kind(
        "marks",
        Mark,
        _opportunity_key(Column("stage", (), "text", dictionary=True)),
        columns(Mark),
    )
    return out


#: The record kinds a table can hold.
KINDS = (
    "opportunities",
    "events",
    "marks",
    "customers",
    "contacts",
    "leads",
    "activities",
    "score_results",
)


def score_columns(criteria: tuple[str, ...]) -> tuple[Column, ...]:
    """The columns of a score results table: one level and one unknown flag per criterion.

    Derived from :class:`~salesflow.ScoreResult`'s fields: ``levels`` (a
    mapping) and ``unknown`` (a tuple of criterion keys) become one column
    per criterion each (``levels.<key>``, ``unknown.<key>``).
    """
    hints = typing.get_type_hints(ScoreResult)
    out: list[Column] = []
    for field in attrs.fields(ScoreResult):
        if field.metadata.get("salesflow_not_data"):
            continue
        if field.name == "levels":
            out.extend(Column(f"levels.{k}", ("levels", k), "level") for k in criteria)
        elif field.name == "unknown":
            out.extend(Column(f"unknown.{k}", ("unknown", k), "flag") for k in criteria)
        else:
            kind, nullable = _split_optional(hints[field.name])
            optional = field.default is not attrs.NOTHING or nullable
            out.append(_leaf(field.name, (field.name,), kind, nullable, optional))
    return tuple(c if c.name != "scorecard" and c.name != "band" else _dict(c) for c in out)


def _dict(column: Column) -> Column:
    return attrs.evolve(column, dictionary=True)


def kind(name: object, criteria: tuple[str, ...] = ()) -> Kind:
    """The kind ``name`` (one of :data:`KINDS`); anything else is a ValidationError."""
    if name == "score_results":
        return Kind("score_results", ScoreResult, (), score_columns(criteria))
    found = _kinds().get(name) if isinstance(name, str) else None
    if found is None:
        raise ValidationError.single(
            "tables",
            "kind",
            f"unknown record kind {name!r} (expected one of {', '.join(KINDS)})",
        )
    return found


#: The kind of each record class (for ``to_arrow(records)`` without ``kind=``).
KIND_OF: Mapping[type, str] = {
    Opportunity: "opportunities",
    Customer: "customers",
    Contact: "contacts",
    Lead: "leads",
    Activity: "activities",
    ScoreResult: "score_results",
    StageChange: "events",
    Mark: "marks",
    ChecklistState: "marks",
}


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent if value else 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def score_scale(card: Scorecard) -> int:
    """The decimal places a total of ``card`` can have (bounded by decimal128's 38 digits)."""
    places = max((_places(v) for c in card.criteria for v in card.contributions(c.key)), default=0)
    whole = max(card.maximum.adjusted() + 1, 1)
    return min(places, 38 - whole)
