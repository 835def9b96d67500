"""JSON Schema for records and definitions, generated from their attrs fields.

The schema is never written by hand: :func:`schema_for` walks the same attrs
field definitions the converter (:mod:`salesflow.convert`) structures from,
and maps each field type the way the converter reads it: ``Decimal`` as a
decimal string or a whole number, ``datetime`` as ISO 8601 text with an
offset, enums by value, tuples as arrays, a definition's decimals (thresholds,
weights) as a JSON number too, mappings as objects, unknown keys
refused (``additionalProperties: false``), fields without a default required.

Rules the records check in code that a schema can also state (an ISO 4217
currency code, a probability from 0 to 100) are added on top; rules across
fields (a lost deal needs a reason, history in time order) are for
:func:`~salesflow.from_dict`, which reports every one.

>>> from salesflow import Money
>>> from salesflow.schema import schema_for
>>> schema = schema_for(Money)
>>> schema["required"], schema["additionalProperties"]
(['amount', 'currency'], False)
>>> schema["properties"]["currency"]
{'type': 'string', 'pattern': '^[A-Z]{3}$'}
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from salesflow._checks import describe
from salesflow.exceptions import ValidationError
from salesflow.records.opportunity import AttributeValue

__all__ = ["DIALECT", "schema_for"]

#: The JSON Schema dialect of every schema salesflow generates.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: A decimal number as :class:`~decimal.Decimal` reads it (finite only).
DECIMAL_PATTERN = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
#: An ISO 8601 datetime with an offset (the converter refuses naive ones), and the
#: key of its IANA zone when it has one (``...-05:00[America/New_York]``).
DATETIME_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?"
    r"([Zz]|[+-]\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?)"
    r"(\[[A-Za-z0-9_+\-]{1,30}(/[A-Za-z0-9_+\-]{1,30}){0,3}\])?$"
)
DATE_PATTERN = r"^\d{4}-?\d{2}-?\d{2}$"

_INTEGER: dict[str, Any] = {"type": "integer"}
#: Extra rules per (class name, field name) that the records check in code
#: and a schema can state too.
_REFINEMENTS: dict[tuple[str, str], dict[str, Any]] = {
    ("Money", "currency"): {"pattern": "^[A-Z]{3}$"},
    ("Opportunity", "probability"): {"minimum": 0, "maximum": 100},
    ("StageChange", "probability_after"): {"minimum": 0, "maximum": 100},
    ("StageChange", "probability_before"): {"minimum": 0, "maximum": 100},
    ("Stage", "probability"): {"minimum": 0, "maximum": 100},
}


def _is_data_field(field: attrs.Attribute) -> bool:  # type: ignore[type-arg]
    return bool(field.init) and not field.metadata.get("salesflow_not_data")


def _is_definition(cls: type) -> bool:
    """A definition (thresholds and weights, never money): its decimals may be JSON numbers."""
    return any(
        b.__name__ == "Definition" and b.__module__ == "salesflow.convert" for b in cls.__mro__
    )


def _refine(schema: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with ``extra`` applied to its non-null branch."""
    if not extra:
        return schema
    if "anyOf" in schema:
        return {
            "anyOf": [_refine(s, extra) if s != {"type": "null"} else s for s in schema["anyOf"]]
        }
    return {**schema, **extra}


class _Builder:
    """Walks types, collecting one ``$defs`` entry per attrs class."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        #: a definition's decimal field is being read: a JSON number is exact there
        self.exact = False

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve first: classes may nest themselves
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type) -> dict[str, Any]:
        attrs.resolve_types(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not _is_data_field(field):
                continue
            extra = _REFINEMENTS.get((cls.__name__, field.name), {})
            self.exact = _is_definition(cls) and not field.metadata.get("salesflow_money_if")
            try:
                properties[field.name] = _refine(self.of(field.type), extra)
            finally:
                self.exact = False
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema: dict[str, Any] = {
            "type": "object",
            "title": cls.__name__,
            "properties": properties,
            "additionalProperties": False,
        }
        if cls.__doc__:
            schema["description"] = cls.__doc__.strip().split("\n\n", 1)[0]
        if required:
            schema["required"] = sorted(required)
        return _special(cls, schema)

    def of(self, kind: Any) -> dict[str, Any]:
        if kind == AttributeValue:
            return {"type": ["string", "integer", "boolean"]}
        origin = typing.get_origin(kind)
        args = typing.get_args(kind)
        if origin in (typing.Union, types.UnionType):
            return self.union(args)
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin is tuple:
            return self.tuple_of(args)
        if origin in (Mapping, dict, typing.Mapping) or kind in (Mapping, dict):
            value = self.of(args[1]) if len(args) == 2 and args[1] is not Any else {}
            return {"type": "object", "additionalProperties": value}
        if kind is Any:
            return {}
        if isinstance(kind, type):
            return self.plain(kind)
        raise TypeError(f"no JSON Schema for {kind!r}")

    def union(self, args: tuple[Any, ...]) -> dict[str, Any]:
        branches = [{"type": "null"} if a is type(None) else self.of(a) for a in args]
        return branches[0] if len(branches) == 1 else {"anyOf": branches}

    def tuple_of(self, args: tuple[Any, ...]) -> dict[str, Any]:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0])}
        return {
            "type": "array",
            "prefixItems": [self.of(a) for a in args],
            "items": False,
            "minItems": len(args),
        }

    def plain(self, kind: type) -> dict[str, Any]:
        if issubclass(kind, Enum):
            return {"enum": [m.value for m in kind]}
        if attrs.has(kind):
            return self.ref(kind)
        if kind is Decimal and self.exact:
            return {"anyOf": [*_scalar(kind)["anyOf"], {"type": "number"}]}
        return _scalar(kind)


def _scalar(kind: type) -> dict[str, Any]:
    if kind is bool:
        return {"type": "boolean"}
    if kind is int:
        return dict(_INTEGER)
    if kind is float:
        return {"type": "number"}
    if kind is str:
        return {"type": "string"}
    if kind is Decimal:
        return {"anyOf": [{"type": "string", "pattern": DECIMAL_PATTERN}, dict(_INTEGER)]}
    if kind is datetime:
        return {"type": "string", "pattern": DATETIME_PATTERN}
    if kind is date:
        return {"type": "string", "pattern": DATE_PATTERN}
    if kind in (frozenset, set, list, tuple):
        return {"type": "array"}
    raise TypeError(f"no JSON Schema for {kind!r}")


def _special(cls: type, schema: dict[str, Any]) -> dict[str, Any]:
    """Classes the converter also reads in a short form."""
    if cls.__name__ == "Condition" and cls.__module__.startswith("salesflow."):
        # a predicate name alone, or a table with predicate and params
        return {"anyOf": [{"type": "string", "pattern": r"\S"}, schema]}
    return schema


def schema_for(cls: type) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what :func:`~salesflow.from_dict` reads for ``cls``.

    ``cls`` is any salesflow record or definition class; anything else is a
    :class:`~salesflow.ValidationError`.
    """
    if not (isinstance(cls, type) and attrs.has(cls)):
        raise ValidationError.single(
            "schema_for",
            "cls",
            f"expected a salesflow record or definition class, got {describe(cls)}",
        )
    builder = _Builder()
    top = builder.object(cls)
    builder.defs.pop(cls.__name__, None)
    schema: dict[str, Any] = {"$schema": DIALECT, **top}
    if builder.defs:
        # a class nested in itself points back at the top
        schema["$defs"] = {k: v for k, v in sorted(builder.defs.items()) if v}
    result: dict[str, Any] = _point_self_refs(schema, cls.__name__)
    return result


def _point_self_refs(schema: Any, name: str) -> Any:
    if isinstance(schema, dict):
        if schema.get("$ref") == f"#/$defs/{name}":
            return {"$ref": "#"}
        return {k: _point_self_refs(v, name) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_point_self_refs(v, name) for v in schema]
    return schema
