"""The one converter: records and definitions to plain data and back.

:func:`to_dict` gives JSON-ready data: datetimes as ISO 8601 with their
offset (and, in an IANA zone, the zone's key: ``...-05:00[America/New_York]``,
so they read back equal in their zone, fold and gap included), dates as
ISO 8601, ``Decimal`` as strings, enums by value, tuples as lists,
:class:`~salesflow.Money` as ``{"amount": "12.50", "currency": "CNY"}``.
:func:`from_dict` builds the value back. It is strict: it refuses unknown
keys, strings where numbers belong (and the reverse), floats for money, and
naive datetimes, and it reports *every* bad path in one
:class:`~salesflow.ValidationError` (a :class:`~salesflow.DefinitionError`
for definitions).

>>> from salesflow import Money, from_dict, to_dict
>>> to_dict(Money("12.50", "CNY"))
{'amount': '12.50', 'currency': 'CNY'}
>>> from_dict(Money, {"amount": "12.50", "currency": "CNY"})
Money(amount=Decimal('12.50'), currency='CNY')
"""

from __future__ import annotations

import json
import numbers
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from salesflow._checks import (
    MAX_DEPTH,
    MAX_DIGITS,
    NOT_DATA,
    decimal_too_large,
    describe,
    shown,
    zone_info,
)
from salesflow.exceptions import DefinitionError, Problem, ValidationError
from salesflow.frozen import FrozenDict
from salesflow.predicates import Registry, using
from salesflow.records.opportunity import AttributeValue

__all__ = [
    "NOT_DATA",
    "SCHEMA_VERSION",
    "Definition",
    "converter",
    "from_dict",
    "from_json",
    "from_toml",
    "to_dict",
    "to_json",
    "unknown_keys",
]

T = TypeVar("T")

#: The version of the plain data format :func:`to_dict` writes; a stored
#: document (:mod:`salesflow.stored`) carries it.
SCHEMA_VERSION = 1


class Definition:
    """Marker base of definitions (pipelines, checklists, scorecards, rules).

    :func:`from_dict` raises :class:`~salesflow.DefinitionError` rather than
    :class:`~salesflow.ValidationError` when building one.
    """

    __slots__ = ()


class _Bad(Exception):  # noqa: N818 - internal, never escapes
    """A structuring failure with a ready message (internal)."""


# -- structure hooks: strict, with messages that say what was expected --------


def _str(value: Any, kind: type) -> Any:
    if issubclass(kind, Enum):  # a StrEnum is a str: singledispatch lands here
        return _enum(value, kind)
    if not isinstance(value, str):
        raise _Bad(f"expected a string, got {describe(value)}")
    return value


def _int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f"expected a whole number, got {describe(value)}")
    return value


def _bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"expected true or false, got {describe(value)}")
    return value


def _float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(f"expected a number, got {describe(value)}")
    return float(value)


def _decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, Decimal):
        if value.is_finite() and decimal_too_large(value):
            raise _Bad(f"{describe(value)} has too many digits or too large an exponent")
        return value
    if isinstance(value, float):
        raise _Bad(
            f"float {shown(value)} refused: it cannot hold an exact amount "
            "(expected a string such as '12.50' or a whole number)"
        )
    if isinstance(value, bool):
        raise _Bad(f"expected a decimal number, got {describe(value)}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise _Bad(
                f"{describe(value)} is not a decimal number (expected e.g. '12.50')"
            ) from None
        if not result.is_finite():
            raise _Bad(f"{describe(value)} is not a finite number")
        if decimal_too_large(result):
            raise _Bad(
                f"{describe(value)} has too many digits or too large an exponent "
                f"(expected at most {MAX_DIGITS} of each)"
            )
        return result
    raise _Bad(f"expected a decimal number as a string, got {describe(value)}")


#: ``...+08:00[Asia/Shanghai]``: an ISO 8601 datetime with its zone's key (RFC 9557)
_ZONED = re.compile(r"(.+)\[([^\]]{1,200})\]")


def _write_datetime(value: datetime) -> str:
    """ISO 8601 with the offset; a datetime in an IANA zone also keeps the zone's key.

    The offset says which of two equal wall times in an autumn fold is meant,
    the key which zone: the value reads back equal, fold and gap included.
    """
    key = getattr(value.tzinfo, "key", None) if type(value.tzinfo) is ZoneInfo else None
    text = value.isoformat()
    return f"{text}[{key}]" if isinstance(key, str) else text


def _in_zone(parsed: datetime, key: str, value: str) -> datetime:
    """``parsed`` (with its written offset) as the same wall time in zone ``key``."""
    zone = zone_info(key)
    if zone is None:
        raise _Bad(f"unknown time zone {key!r} in {shown(value)} (expected an IANA name)")
    wall = parsed.replace(tzinfo=zone, fold=0)
    if wall.utcoffset() != parsed.utcoffset():
        wall = wall.replace(fold=1)  # the second of two equal wall times in a fold
    if wall.utcoffset() != parsed.utcoffset():
        raise _Bad(f"{shown(value)}: the offset is not one {key!r} has at that time")
    return wall


def _datetime(value: Any, _: type) -> datetime:
    zone: str | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        zoned = _ZONED.fullmatch(value)
        text, zone = (zoned.group(1), zoned.group(2)) if zoned else (value, None)
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise _Bad(
                f"{shown(value)} is not an ISO 8601 datetime "
                "(expected e.g. '2026-03-01T09:30:00+08:00')"
            ) from None
    else:
        raise _Bad(f"expected an ISO 8601 datetime string, got {describe(value)}")
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _Bad(
            f"naive datetime {shown(value)} (expected a timezone-aware datetime with an offset, "
            "e.g. '2026-03-01T09:30:00+08:00')"
        )
    if zone is not None:
        return _in_zone(parsed, zone, value)
    return parsed


def _date(value: Any, _: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Bad(
                f"{shown(value)} is not an ISO 8601 date (expected e.g. '2026-03-01')"
            ) from None
    raise _Bad(f"expected an ISO 8601 date string, got {describe(value)}")


def _enum(value: Any, kind: type[Enum]) -> Enum:
    try:
        return kind(value)
    except Exception:  # a value whose __eq__ or __hash__ raises is not a member either
        choices = ", ".join(repr(m.value) for m in kind)
        raise _Bad(
            f"{shown(value)} is not a valid {kind.__name__} (expected one of {choices})"
        ) from None


def _attribute_value(value: Any, _: Any) -> AttributeValue:
    if not isinstance(value, (str, int, bool)):
        raise _Bad(f"expected a string, a whole number or a boolean, got {describe(value)}")
    return value


_REGISTRY_NOT_DATA = (
    "a predicate Registry holds Python functions, not data: build it in Python "
    "and pass it as registry= (a definition names its predicates by key)"
)


def _registry(value: Any, _: Any) -> Registry:
    raise _Bad(_REGISTRY_NOT_DATA)


def _is_homogeneous_tuple(kind: Any) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_factory(kind: Any, conv: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    item = typing.get_args(kind)[0]

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
            raise _Bad(f"expected a list, got {describe(value)}")
        out: list[Any] = []
        problems: list[Problem] = []
        for i, element in enumerate(value):
            try:
                out.append(conv.structure(element, item))
            except Exception as exc:
                problems.extend(_problems(exc, f"[{i}]"))
        if problems:
            raise ValidationError("list", problems)
        return tuple(out)

    return structure


def _is_str_mapping(kind: Any) -> bool:
    origin = typing.get_origin(kind)
    return origin in (Mapping, dict, typing.Mapping) or kind in (Mapping, dict)


def _mapping_factory(kind: Any, conv: cattrs.Converter) -> Callable[[Any, Any], dict[str, Any]]:
    args = typing.get_args(kind)
    value_type: Any = args[1] if len(args) == 2 else Any

    def structure(value: Any, _: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _Bad(f"expected a mapping (a JSON object), got {describe(value)}")
        out: dict[str, Any] = {}
        problems: list[Problem] = []
        for key, element in value.items():
            if not isinstance(key, str):
                problems.append(Problem(f"[{shown(key)}]", f"key {describe(key)} is not a string"))
                continue
            try:
                out[key] = element if value_type is Any else conv.structure(element, value_type)
            except Exception as exc:
                problems.extend(_problems(exc, f"[{shown(key)}]"))
        if problems:
            raise ValidationError("mapping", problems)
        return out

    return structure


class ExactNumber:
    """Marks a definition's ``Decimal`` field in the converter (internal).

    A definition's decimals are thresholds, weights and rates, never money
    (:class:`~salesflow.Money` is a record), so a number written ``3.5`` in
    TOML or JSON is read exactly, as ``Decimal(str(3.5))``. Money keeps
    refusing floats.
    """

    __slots__ = ()


def _exact(value: Any, kind: type) -> Decimal:
    if isinstance(value, float) and not is_missing(value):
        if value != value or value in (float("inf"), float("-inf")):
            raise _Bad(f"{shown(value)} is not a finite number")
        return _decimal(Decimal(str(value)), kind)
    return _decimal_arrived(value, kind)


def _exact_type(kind: Any) -> Any:
    """``kind`` with each ``Decimal`` in it replaced by :class:`ExactNumber`."""
    if kind is Decimal:
        return ExactNumber
    args = typing.get_args(kind)
    if not args:
        return kind
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        swapped: Any = typing.Union[tuple(_exact_type(a) for a in args)]  # noqa: UP007
        return swapped
    if _is_homogeneous_tuple(kind):
        return tuple[_exact_type(args[0]), ...]  # type: ignore[misc]
    return kind


def _exact_overrides(kind: Any, conv: cattrs.Converter) -> dict[str, Any]:
    """Overrides reading a definition's decimal fields with :func:`_exact`."""
    if not (isinstance(kind, type) and issubclass(kind, Definition)):
        return {}
    found: dict[str, Any] = {}
    for a in attrs.fields(kind):  # type: ignore[arg-type]  # an attrs class, by the factory
        if a.metadata.get("salesflow_not_data") or not a.init:
            continue
        swapped = _exact_type(a.type)
        if swapped != a.type:
            found[a.name] = cattrs.gen.override(struct_hook=_structure_as(conv, swapped))
    return found


def _structure_as(conv: cattrs.Converter, kind: Any) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        return conv.structure(value, kind)

    return structure


def _money_guard(kind: Any, inner: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``inner``, refusing floats in a decimal field that holds money when a currency is set.

    A field with ``metadata={"salesflow_money_if": "currency"}`` (a
    criterion's thresholds) holds amounts of money whenever that field is set.
    """
    guarded = [
        (a.name, a.metadata["salesflow_money_if"])
        for a in attrs.fields(kind)
        if a.metadata.get("salesflow_money_if")
    ]
    if not guarded:
        return inner

    def structure(value: Any, cls: Any) -> Any:
        if isinstance(value, Mapping):
            problems = [
                Problem(
                    f"{name}[{i}]",
                    f"float {x!r} refused: with {currency} set, {name} are amounts of money "
                    f"(write the string {str(x)!r} instead)",
                )
                for name, currency in guarded
                if value.get(currency) is not None and isinstance(value.get(name), (list, tuple))
                for i, x in enumerate(value[name])
                if isinstance(x, float)
            ]
            if problems:
                raise ValidationError(cls.__name__, problems)
        return inner(value, cls)

    return structure


def _attrs_guard(
    inner: Callable[[Any, Any], Any],
) -> Callable[[Any, Any], Any]:
    def structure(value: Any, kind: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _Bad(
                f"expected a mapping (a JSON object) for {kind.__name__}, got {describe(value)}"
            )
        try:
            return inner(value, kind)
        except ClassValidationError as exc:
            problems = _problems(exc, "")
            more = _hidden_problems(kind, value, problems)
            if not more:
                raise
            raise ValidationError("mapping", problems + more) from None

    return structure


def _root(path: str) -> str:
    """The field a problem path starts with (``amount`` of ``amount.currency``)."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _hidden_problems(kind: Any, value: Mapping[Any, Any], found: list[Problem]) -> list[Problem]:
    """The problems of the fields that structured well, which a bad field hid.

    When a field's type is wrong the value is never built, so its own checks
    (a currency's pattern beside an amount that is not a number) never ran:
    the value is built again (the good fields structured, the bad ones as
    given), and the problems of fields not already reported are added, so
    every field's problem shows.
    """
    reported = {_root(p.path) for p in found}
    arguments: dict[str, Any] = {}
    try:
        for a in attrs.fields(kind):
            if not a.init or a.metadata.get("salesflow_not_data") or a.name not in value:
                continue
            raw = value[a.name]
            # a good field as it structures, a bad one as given (its check refuses it)
            arguments[a.alias] = raw if a.name in reported else converter.structure(raw, a.type)
        kind(**arguments)
    except ValidationError as exc:
        return [p for p in exc.problems if _root(p.path) not in reported]
    except Exception:  # the data as given cannot even be passed: nothing more to add
        return []
    return []


def _omitted(kind: Any) -> dict[str, Any]:
    return {
        a.name: cattrs.gen.override(omit=True)
        for a in attrs.fields(kind)
        if a.metadata.get("salesflow_not_data")
    }


def _data_field_names(cls: Any) -> list[str]:
    """The keys a dict for ``cls`` may hold: its data fields, sorted."""
    if not attrs.has(cls):
        return []
    return sorted(
        a.name for a in attrs.fields(cls) if a.init and not a.metadata.get("salesflow_not_data")
    )


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(Enum, _enum)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_structure_hook(datetime, _datetime)
    conv.register_structure_hook(date, _date)
    conv.register_structure_hook_func(lambda t: t == AttributeValue, _attribute_value)
    conv.register_structure_hook(Registry, _registry)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_factory)
    conv.register_structure_hook_factory(_is_str_mapping, _mapping_factory)

    def attrs_structure(kind: Any) -> Callable[[Any, Any], Any]:
        attrs.resolve_types(kind)
        overrides = {**_exact_overrides(kind, conv), **_omitted(kind)}
        fn = cattrs.gen.make_dict_structure_fn(kind, conv, **overrides)
        return _attrs_guard(_money_guard(kind, fn))

    def attrs_unstructure(kind: Any) -> Callable[[Any], Any]:
        attrs.resolve_types(kind)
        return cattrs.gen.make_dict_unstructure_fn(kind, conv, **_omitted(kind))

    conv.register_structure_hook_factory(attrs.has, attrs_structure)
    conv.register_unstructure_hook_factory(attrs.has, attrs_unstructure)

    conv.register_unstructure_hook(datetime, _write_datetime)
    conv.register_unstructure_hook(date, lambda v: v.isoformat())
    conv.register_unstructure_hook(Decimal, str)
    # a StrEnum is a str: singledispatch sends it to str's hook, so that hook
    # turns enums into their plain values
    conv.register_unstructure_hook(str, _plain)
    conv.register_unstructure_hook(Enum, _plain)
    conv.register_unstructure_hook_func(
        _is_homogeneous_tuple, lambda v: [converter.unstructure(x) for x in v]
    )
    conv.register_unstructure_hook(
        FrozenDict, lambda v: {k: converter.unstructure(x) for k, x in v.items()}
    )
    return conv


#: The one configured cattrs converter. Extensions register their hooks on it
#: when their module is imported; users normally call :func:`to_dict` and
#: :func:`from_dict` instead.
converter: cattrs.Converter = _make_converter()


# -- data as it arrives: numpy integers, pandas timestamps, NaT and NaN ----------


def is_missing(value: Any) -> bool:
    """``None``, a float NaN (numpy's too) or pandas' ``NaT``: no value."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN is the only value unequal to itself
    return type(value).__name__ == "NaTType"


def _integral(value: Any) -> Any:
    """A numpy or other ``numbers.Integral`` as a plain int; anything else as it is."""
    if isinstance(value, numbers.Integral) and not isinstance(value, int):
        return int(value)
    return value


def _int_arrived(value: Any, kind: type) -> int:
    return _int(_integral(value), kind)


def _decimal_arrived(value: Any, kind: type) -> Decimal:
    if isinstance(value, float) and not is_missing(value):
        exact = str(float(value))
        raise _Bad(
            f"float {value!r} refused: a float cannot hold money exactly "
            f"(write the string {exact!r} or Decimal({exact!r}) instead)"
        )
    if is_missing(value):
        raise _Bad(f"missing value {value!r} (expected a decimal number such as '12.50')")
    return _decimal(_integral(value), kind)


def _datetime_arrived(value: Any, kind: type) -> datetime:
    if is_missing(value):
        raise _Bad(f"missing value {value!r} (expected a timezone-aware datetime)")
    if (
        isinstance(value, datetime)
        and type(value) is not datetime
        and hasattr(value, "to_pydatetime")
    ):
        value = value.to_pydatetime()  # a pandas Timestamp becomes a plain datetime
    return _datetime(value, kind)


def _is_optional(kind: Any) -> bool:
    args = typing.get_args(kind)
    return (
        typing.get_origin(kind) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_factory(kind: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    inner = next(a for a in typing.get_args(kind) if a is not type(None))

    def structure(value: Any, _: Any) -> Any:
        # where a field may be missing, NaT and NaN mean missing as None does
        return None if is_missing(value) else conv.structure(value, inner)

    return structure


def _accept_data_as_it_arrives(conv: cattrs.Converter) -> None:
    """Hooks for frames' values: numpy integers, pandas timestamps, NaT and NaN."""
    conv.register_structure_hook(int, _int_arrived)
    conv.register_structure_hook(Decimal, _decimal_arrived)
    conv.register_structure_hook(datetime, _datetime_arrived)
    conv.register_structure_hook_factory(_is_optional, _optional_factory)
    conv.register_structure_hook(ExactNumber, _exact)


_accept_data_as_it_arrives(converter)


# -- error translation ----------------------------------------------------------


def _join(path: str, name: str) -> str:
    if not path:
        return name
    return f"{path}{name}" if name.startswith("[") else f"{path}.{name}"


def _key_path(key: object) -> str:
    """A key as a path segment: ``name`` for a plain name, ``['a.b']`` or ``[7]`` otherwise.

    Only a plain identifier is written bare, so a key such as ``"amount.currency"``
    or one holding a newline cannot read as another path or forge a line.
    """
    if isinstance(key, str) and key.isidentifier() and key.isascii():
        return key
    return f"[{shown(key)}]"


def _problems(exc: BaseException, path: str) -> list[Problem]:
    """Every problem in ``exc`` (a cattrs error group, our own, or another)."""
    if isinstance(exc, ValidationError):
        return [p.prefixed(path) for p in exc.problems]
    if isinstance(exc, ClassValidationError):
        found: list[Problem] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            found.extend(_problems(sub, _join(path, note.name)))
        for sub in without:
            found.extend(_problems(sub, path))
        return found
    if isinstance(exc, IterableValidationError):
        found = []
        with_inotes, without = exc.group_exceptions()
        for sub, inote in with_inotes:
            found.extend(_problems(sub, _join(path, f"[{shown(inote.index)}]")))
        for sub in without:
            found.extend(_problems(sub, path))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        known = _data_field_names(exc.cl)
        expected = f" (expected only: {', '.join(known)})" if known else ""
        return [
            Problem(_join(path, _key_path(key)), f"unknown key {shown(key)}{expected}")
            for key in sorted(exc.extra_fields, key=shown)
        ]
    if isinstance(exc, KeyError):
        return [Problem(path, "required key missing")]
    if isinstance(exc, _Bad):
        return [Problem(path, str(exc))]
    if isinstance(exc, (TypeError, ValueError)):
        return [Problem(path, str(exc) or type(exc).__name__)]
    raise exc


def _error_for(cls: Any) -> type[ValidationError]:
    """DefinitionError for a definition, ValidationError for anything else."""
    return (
        DefinitionError
        if isinstance(cls, type) and issubclass(cls, Definition)
        else ValidationError
    )


def _subject(cls: Any) -> str:
    name = getattr(cls, "__name__", None) if isinstance(cls, type) else None
    return name if isinstance(name, str) else shown(cls)


def _is_attrs_class(cls: object) -> bool:
    # a plain bool: attrs.has() would narrow ``cls`` away from ``type[T]``
    return isinstance(cls, type) and attrs.has(cls)


_PLAIN = (str, bool, int, float, Decimal, date, Enum, type(None))
_INT_BITS = int(MAX_DIGITS * 3.3219)  # bits of the largest int of MAX_DIGITS digits


def _plain_problems(data: Any) -> list[Problem]:
    """What makes ``data`` unsafe to read, found in one pass without recursion.

    Nesting deeper than :data:`~salesflow._checks.MAX_DEPTH`, whole numbers of
    more than :data:`~salesflow._checks.MAX_DIGITS` digits and objects that are
    not plain data are refused here, before any costly work.
    """
    problems: list[Problem] = []
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack and len(problems) < 20:
        value, path, depth = stack.pop()
        if isinstance(value, int) and value.bit_length() > _INT_BITS:
            problems.append(Problem(path, f"a whole number of more than {MAX_DIGITS} digits"))
        elif isinstance(value, (list, tuple, Mapping)) and depth >= MAX_DEPTH:
            problems.append(Problem(path, f"nested more than {MAX_DEPTH} levels deep"))
        elif isinstance(value, (list, tuple)):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
        elif isinstance(value, Mapping):
            stack.extend(
                (v, _join(path, _key_path(k)), depth + 1)
                for k, v in value.items()
                if isinstance(k, str)
            )
        elif (
            not isinstance(value, _PLAIN)
            and not isinstance(value, numbers.Integral)  # numpy's integers, as data arrives
            and not is_missing(value)  # pandas' NaT
            and not attrs.has(type(value))
        ):
            problems.append(
                Problem(
                    path,
                    "expected plain data (a string, number, boolean, null, list or mapping), "
                    f"got {describe(value)}",
                )
            )
    return problems


# -- unknown keys: data stored by a newer version ---------------------------------


def _attrs_branch(kind: Any) -> Any:
    """The one attrs class an optional field holds, or ``kind`` itself."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        found = [a for a in typing.get_args(kind) if isinstance(a, type) and attrs.has(a)]
        return found[0] if len(found) == 1 else None
    return kind


def _walk_unknown(data: Any, kind: Any, path: str, found: list[str] | None) -> Any:
    """``data`` without the keys ``kind`` does not know, at every depth.

    Each dropped key's path is appended to ``found`` (when given). Only what
    the type says is a record or definition is pruned; a free mapping
    (``attributes``, labels) keeps every key.
    """
    kind = _attrs_branch(kind)
    if kind is None:
        return data
    if isinstance(kind, type) and attrs.has(kind) and isinstance(data, Mapping):
        attrs.resolve_types(kind)
        fields = {
            a.name: a.type
            for a in attrs.fields(kind)
            if a.init and not a.metadata.get("salesflow_not_data")
        }
        out: dict[Any, Any] = {}
        for key, value in data.items():
            where = _join(path, _key_path(key))
            if isinstance(key, str) and key in fields:
                out[key] = _walk_unknown(value, fields[key], where, found)
            elif found is not None:
                found.append(where)
        return out
    if _is_homogeneous_tuple(kind) and isinstance(data, (list, tuple)):
        item = typing.get_args(kind)[0]
        return [_walk_unknown(v, item, f"{path}[{i}]", found) for i, v in enumerate(data)]
    if _is_str_mapping(kind) and isinstance(data, Mapping):
        args = typing.get_args(kind)
        if len(args) != 2:
            return data
        return {
            k: _walk_unknown(v, args[1], _join(path, f"[{shown(k)}]"), found)
            for k, v in data.items()
        }
    return data


def unknown_keys(cls: type[Any], data: Any) -> tuple[str, ...]:
    """The paths of the keys in ``data`` that ``cls`` does not know, at every depth.

    These are the keys ``from_dict(cls, data, ignore_unknown=True)`` skips
    (and that the strict default refuses): call it to log what was ignored.

    >>> from salesflow import Money
    >>> unknown_keys(Money, {"amount": "1", "currency": "CNY", "rate": "7.1"})
    ('rate',)
    """
    if not _is_attrs_class(cls):
        raise ValidationError.single(
            "unknown_keys",
            "cls",
            f"expected a salesflow record or definition class, got {describe(cls)}",
        )
    unsafe = _plain_problems(data)
    if unsafe:
        raise _error_for(cls)(_subject(cls), unsafe)
    found: list[str] = []
    _walk_unknown(data, cls, "", found)
    return tuple(found)


def from_dict(
    cls: type[T],
    data: Any,
    *,
    registry: Registry | None = None,
    ignore_unknown: bool = False,
) -> T:
    """Build a ``cls`` from plain data, or raise one error listing every bad path.

    Definitions that name predicates check the names against ``registry``
    (default: the registry in force, see :func:`salesflow.predicates.using`).
    Unknown keys are refused (each named by its path) unless
    ``ignore_unknown``: then a key no record or definition knows is skipped
    at every depth, as data stored by a newer version may hold. The call
    still returns the value only; :func:`unknown_keys` lists what it skipped.

    Raises :class:`~salesflow.ValidationError` (for definitions,
    :class:`~salesflow.DefinitionError`) whose ``problems`` name each path
    from the top of ``data``: ``history[2].at``, ``amount.currency``.
    """
    if not _is_attrs_class(cls):
        raise ValidationError.single(
            "from_dict",
            "cls",
            f"expected a salesflow record or definition class, got {describe(cls)}",
        )
    unsafe = _plain_problems(data)
    if unsafe:
        raise _error_for(cls)(_subject(cls), unsafe)
    if ignore_unknown is not False:
        if not isinstance(ignore_unknown, bool):
            raise ValidationError.single(
                "from_dict",
                "ignore_unknown",
                f"expected true or false, got {describe(ignore_unknown)}",
            )
        data = _walk_unknown(data, cls, "", None)
    try:
        if registry is None:
            return converter.structure(data, cls)
        with using(registry):
            return converter.structure(data, cls)
    except ValidationError as exc:
        error = _error_for(cls)
        if error is DefinitionError and not isinstance(exc, DefinitionError):
            raise DefinitionError(_subject(cls), exc.problems) from None
        if exc.subject in ("list", "mapping"):  # raised by a list or mapping hook
            raise type(exc)(_subject(cls), exc.problems) from None
        raise
    except Exception as exc:
        raise _error_for(cls)(_subject(cls), _problems(exc, "")) from None


def to_dict(value: Any) -> Any:
    """Plain, JSON-ready data for a record, a definition or a result.

    A list or tuple of them gives a list; anything else is a
    :class:`~salesflow.ValidationError`.
    """
    if isinstance(value, (list, tuple)):
        return [_record_dict(v, f"value[{i}]") for i, v in enumerate(value)]
    return _record_dict(value, "value")


def _record_dict(value: Any, path: str) -> Any:
    """One record's plain data (a list in a list is refused: no recursion on nesting)."""
    if not attrs.has(type(value)):
        raise ValidationError.single(
            "to_dict",
            path,
            f"expected a salesflow record, definition or result, got {describe(value)}",
        )
    if isinstance(value, Registry):
        raise ValidationError.single("to_dict", path, _REGISTRY_NOT_DATA)
    return converter.unstructure(value)


def to_json(value: Any, *, indent: int | None = 2) -> str:
    """:func:`to_dict`, as JSON text (non-ASCII kept readable)."""
    if indent is not None and (
        isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= 16
    ):
        raise ValidationError.single(
            "to_json",
            "indent",
            f"expected None or a whole number 0 to 16, got {describe(indent)}",
        )
    return json.dumps(to_dict(value), indent=indent, ensure_ascii=False)


def _parse_json(text: Any) -> tuple[Any, str | None]:
    """Parsed JSON, or ``(None, why)`` for text that is not JSON salesflow can read.

    Catches what :func:`json.loads` raises beyond ``JSONDecodeError``: bytes
    that are not UTF-8 (``UnicodeDecodeError``), numbers past Python's limit
    on integer digits (``ValueError``) and nesting past the recursion limit
    (``RecursionError``).
    """
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    except UnicodeDecodeError as exc:
        return None, f"not valid JSON: the bytes are not UTF-8 text ({exc.reason})"
    except ValueError as exc:
        return None, f"not valid JSON: {exc}"
    except RecursionError:
        return None, "not valid JSON here: nested too deeply (expected a record or a definition)"


def from_json(
    cls: type[T],
    text: str | bytes,
    *,
    registry: Registry | None = None,
    ignore_unknown: bool = False,
) -> T:
    """Build a ``cls`` from JSON text; bad JSON is a :class:`~salesflow.ValidationError`."""
    if not isinstance(text, (str, bytes, bytearray)):
        raise ValidationError.single(
            "from_json", "text", f"expected JSON text, got {describe(text)}"
        )
    data, why = _parse_json(text)
    if why is not None:
        raise _error_for(cls).single(_subject(cls), "", why)
    return from_dict(cls, data, registry=registry, ignore_unknown=ignore_unknown)


def from_toml(
    cls: type[T],
    text: str,
    *,
    registry: Registry | None = None,
    ignore_unknown: bool = False,
) -> T:
    """Build a ``cls`` from TOML text; bad TOML is a :class:`~salesflow.ValidationError`."""
    if not isinstance(text, str):
        raise ValidationError.single(
            "from_toml", "text", f"expected TOML text, got {describe(text)}"
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _error_for(cls).single(_subject(cls), "", f"not valid TOML: {exc}") from None
    except ValueError as exc:  # e.g. an integer past Python's limit on digits
        raise _error_for(cls).single(_subject(cls), "", f"not valid TOML: {exc}") from None
    except RecursionError:
        raise _error_for(cls).single(
            _subject(cls),
            "",
            "not valid TOML here: nested too deeply (expected a record or a definition)",
        ) from None
    return from_dict(cls, data, registry=registry, ignore_unknown=ignore_unknown)
