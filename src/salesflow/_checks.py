"""Small checks shared by every record and definition.

A record collects all its problems with a :class:`Checker` in
``__attrs_post_init__`` and raises one :class:`ValidationError` (or
:class:`DefinitionError`) listing them all.
"""

from __future__ import annotations

import functools
import gc
import numbers
import re
import reprlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, NoReturn, ParamSpec, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from salesflow.exceptions import DefinitionError, Problem, ValidationError
from salesflow.frozen import FrozenDict

E = TypeVar("E", bound=Enum)
V = TypeVar("V")
P = ParamSpec("P")

#: Field metadata for attributes that are not data: a definition's predicate
#: registry, caches, derived fields. :func:`~salesflow.to_dict` leaves them out
#: and :func:`~salesflow.from_dict` neither reads nor accepts them. Use as
#: ``attrs.field(metadata=NOT_DATA)``.
NOT_DATA: Mapping[str, bool] = FrozenDict({"salesflow_not_data": True})

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_KEY = re.compile(r"[a-z][a-z0-9_]*")

#: Nesting deeper than this in plain data is refused before any other work.
MAX_DEPTH = 100
#: A Decimal has at most this many digits and an exponent at most this large
#: (Python's own limit on the digits of an integer read from text): beyond
#: that, arithmetic and writing the number out cost seconds to minutes.
MAX_DIGITS = 4300
#: What an IANA zone name can look like; checked before the name reaches the
#: file system (a long or odd name would make ZoneInfo raise OSError).
ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]{1,30}(/[A-Za-z0-9_+\-]{1,30}){0,3}")
#: Integers of more bits than this (about 300 digits) are described by size.
_MAX_BITS = 1000


class _Short(reprlib.Repr):
    """``repr`` bounded in depth, length and digits; never raises."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > _MAX_BITS:
            return f"<a whole number of about {int(x.bit_length() * 0.30103)} digits>"
        return reprlib.Repr.repr_int(self, x, level)

    def repr_str(self, x: str, level: int) -> str:
        return repr(x[:60]) + ("..." if len(x) > 60 else "")


_SHORT = _Short()
_SHORT.maxlevel = 3
_SHORT.maxother = 60


def describe(value: object) -> str:
    """A short, safe description of a bad value for an error message.

    Bounded whatever the value: no recursion into deep nesting, no
    conversion of a huge number to text, and an object whose ``repr``
    raises is named by its type.
    """
    try:
        text = _SHORT.repr(value)
    except Exception:
        text = "<unprintable>"
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def shown(value: object) -> str:
    """``value`` as a message shows it: its bounded ``repr``, never raising."""
    return describe(value).rsplit(" (", 1)[0]


def zone_info(name: str) -> ZoneInfo | None:
    """The IANA zone ``name``, or ``None`` when there is none (checked before any file is read)."""
    if not ZONE_NAME.fullmatch(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def decimal_too_large(value: Decimal) -> bool:
    """Whether a finite Decimal has more digits, or a larger exponent, than allowed."""
    _sign, digits, exponent = value.as_tuple()
    return (
        len(digits) > MAX_DIGITS
        or not isinstance(exponent, int)
        or not -MAX_DIGITS <= exponent <= MAX_DIGITS
    )


def number_text(value: int | Decimal) -> str:
    """A number for a message, described by size when it is huge."""
    if isinstance(value, int) and value.bit_length() > _MAX_BITS:
        return shown(value)
    return str(value)


def member_of(kind: type[E], value: object) -> E | None:
    """The member of ``kind`` whose value is ``value`` (a str or int), else ``None``.

    Never hashes, compares or prints anything but a plain string or number,
    so a hostile or deeply nested value is simply not a member.
    """
    if isinstance(value, kind):
        return value
    plain: str | int
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        plain = str.__str__(value)  # the characters, whatever a subclass overrides
    elif isinstance(value, int):
        plain = int.__index__(value)
    else:
        return None
    for member in kind:
        if type(member.value) is type(plain) and member.value == plain:
            return member
    return None


class Checker:
    """Collects problems; :meth:`done` raises them all at once."""

    __slots__ = ("_error", "problems", "subject")

    def __init__(self, subject: str, error: type[ValidationError] = ValidationError) -> None:
        self.subject = subject
        self.problems: list[Problem] = []
        self._error = error

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def extend(self, prefix: str, problems: Iterable[Problem]) -> None:
        self.problems.extend(p.prefixed(prefix) for p in problems)

    def nested(self, path: str, build: Callable[[], object]) -> None:
        """Run ``build`` and file its ValidationError's problems under ``path``."""
        try:
            build()
        except ValidationError as exc:
            self.extend(path, exc.problems)

    def fail(self) -> NoReturn:
        raise self._error(self.subject, self.problems)

    def done(self) -> None:
        if self.problems:
            self.fail()

    # -- field checks: each returns True when the value is good ----------------

    def instance(
        self, path: str, value: object, kind: type | tuple[type, ...], expected: str
    ) -> bool:
        if isinstance(value, bool) and kind in (int, (int,)):
            self.add(path, f"expected {expected}, got {describe(value)}")
            return False
        if not isinstance(value, kind):
            self.add(path, f"expected {expected}, got {describe(value)}")
            return False
        return True

    def text(self, path: str, value: object, *, allow_empty: bool = False) -> bool:
        if not self.instance(path, value, str, "a string"):
            return False
        assert isinstance(value, str)
        if not allow_empty and not value.strip():
            self.add(path, "must not be empty")
            return False
        return True

    def optional_text(self, path: str, value: object) -> bool:
        return value is None or self.text(path, value)

    def key(self, path: str, value: object) -> bool:
        """A stable key: lower-case letters, digits and underscores."""
        if not self.instance(path, value, str, "a key string"):
            return False
        assert isinstance(value, str)
        if not _KEY.fullmatch(value):
            self.add(
                path,
                f"{value!r} is not a valid key (expected lower-case letters, digits and "
                "underscores, starting with a letter)",
            )
            return False
        return True

    def email(self, path: str, value: object) -> bool:
        if value is None:
            return True
        if not self.text(path, value):
            return False
        assert isinstance(value, str)
        if not _EMAIL.fullmatch(value):
            self.add(path, f"{value!r} is not shaped like an e-mail address (expected name@domain)")
            return False
        return True

    def aware(self, path: str, value: object, *, optional: bool = False) -> bool:
        if value is None and optional:
            return True
        if not self.instance(path, value, datetime, "a timezone-aware datetime"):
            return False
        assert isinstance(value, datetime)
        if value.tzinfo is None or value.utcoffset() is None:
            self.add(
                path,
                f"naive datetime {value.isoformat()} (expected a timezone-aware datetime, "
                "e.g. with tzinfo=timezone.utc)",
            )
            return False
        return True

    def day(self, path: str, value: object, *, optional: bool = False) -> bool:
        if value is None and optional:
            return True
        if isinstance(value, datetime) or not isinstance(value, date):
            self.add(path, f"expected a date, got {describe(value)}")
            return False
        return True

    def enum(self, path: str, value: object, kind: type[Enum], *, optional: bool = False) -> bool:
        if value is None and optional:
            return True
        if not isinstance(value, kind):
            choices = ", ".join(repr(m.value) for m in kind)
            self.add(path, f"expected a {kind.__name__} ({choices}), got {describe(value)}")
            return False
        return True

    def enum_field(
        self, owner: object, name: str, kind: type[Enum], *, optional: bool = False
    ) -> bool:
        """Check ``owner.name`` is a ``kind``; a plain value of one is turned into it.

        Lets ``Lead(priority="high")`` work at run time while the field stays
        typed as the enum.
        """
        value = getattr(owner, name)
        if value is not None and not isinstance(value, kind):
            member = member_of(kind, value)
            if member is not None:
                value = member
                object.__setattr__(owner, name, value)
        return self.enum(name, value, kind, optional=optional)

    def enum_tuple_field(self, owner: object, name: str, kind: type[Enum]) -> bool:
        """Check ``owner.name`` is a tuple of distinct ``kind`` values; plain values become them.

        Every bad element is reported at ``name[i]``, a repeated one at its second
        place; the field is set to the converted tuple.
        """
        value = getattr(owner, name)
        if not isinstance(value, tuple):
            self.add(name, f"expected a list of {kind.__name__} values, got {describe(value)}")
            return False
        before = len(self.problems)
        items: list[object] = []
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                member = member_of(kind, item)
                if member is not None:
                    item = member
                else:
                    choices = ", ".join(repr(m.value) for m in kind)
                    self.add(
                        f"{name}[{i}]",
                        f"expected a {kind.__name__} ({choices}), got {describe(item)}",
                    )
            items.append(item)
        # a bad element (already reported) never equals another, nor is printed
        marks = (str(x) if isinstance(x, kind) else f"\x00{i}" for i, x in enumerate(items))
        self.unique(name, marks, kind.__name__)
        object.__setattr__(owner, name, tuple(items))
        return len(self.problems) == before

    def integer(
        self,
        path: str,
        value: object,
        *,
        low: int | None = None,
        high: int | None = None,
        optional: bool = False,
    ) -> bool:
        if value is None and optional:
            return True
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, f"expected a whole number, got {describe(value)}")
            return False
        return self._range(path, value, low, high)

    def number(
        self,
        path: str,
        value: object,
        *,
        low: Decimal | int | None = None,
        high: Decimal | int | None = None,
        optional: bool = False,
    ) -> bool:
        if value is None and optional:
            return True
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.add(path, f"expected a Decimal or an int, got {describe(value)}")
            return False
        if isinstance(value, Decimal) and not value.is_finite():
            self.add(path, f"expected a finite number, got {value}")
            return False
        if isinstance(value, Decimal) and decimal_too_large(value):
            self.add(
                path,
                f"{describe(value)} has too many digits or too large an exponent "
                f"(expected at most {MAX_DIGITS} of each)",
            )
            return False
        return self._range(path, value, low, high)

    def _range(
        self, path: str, value: int | Decimal, low: Decimal | int | None, high: Decimal | int | None
    ) -> bool:
        if low is not None and value < low:
            bounds = f"at least {low}" if high is None else f"from {low} to {high}"
            self.add(path, f"{number_text(value)} is out of range (expected {bounds})")
            return False
        if high is not None and value > high:
            bounds = f"at most {high}" if low is None else f"from {low} to {high}"
            self.add(path, f"{number_text(value)} is out of range (expected {bounds})")
            return False
        return True

    def unique(self, path: str, keys: Iterable[str], what: str) -> None:
        """Report each repeated key at the index of its second appearance."""
        seen: set[str] = set()
        for i, key in enumerate(keys):
            if key in seen:
                self.add(f"{path}[{i}]", f"duplicate {what} {key!r}")
            seen.add(key)

    def items(self, path: str, value: object, kind: type, expected: str) -> bool:
        """A tuple whose every element is of ``kind``."""
        if not isinstance(value, tuple):
            self.add(path, f"expected a tuple of {expected}, got {describe(value)}")
            return False
        ok = True
        for i, item in enumerate(value):
            ok = self.instance(f"{path}[{i}]", item, kind, expected) and ok
        return ok


def definition_checker(subject: str) -> Checker:
    return Checker(subject, DefinitionError)


def built_once(build: Callable[P, V]) -> Callable[P, V]:
    """``build`` cached by its (hashable) arguments, and run once per arguments even
    when many threads ask first at the same time (``functools.cache`` may run it
    in each of them). Reentrant: a builder may ask for another of its values."""
    results: dict[Any, V] = {}
    lock = threading.RLock()

    @functools.wraps(build)
    def once(*args: P.args, **kwargs: P.kwargs) -> V:
        key = (args, tuple(sorted(kwargs.items())))
        try:
            return results[key]
        except KeyError:
            pass
        with lock:
            if key not in results:
                results[key] = build(*args, **kwargs)
            return results[key]

    return once


# -- argument checks of public entry points -------------------------------------
#
# One call at the top of an entry point, before any comparison, look-up or
# message touches the argument: a wrong type is a ValidationError naming it,
# so no TypeError, no hostile __eq__/__hash__/__repr__ and no huge repr is
# ever reached further down.


def require_text(where: str, path: str, value: object, *, optional: bool = False) -> None:
    """``value`` is a string (a key, an id, a name), or ``None`` when ``optional``."""
    if (value is None and optional) or isinstance(value, str):
        return
    expected = "a string or None" if optional else "a string"
    raise ValidationError.single(where, path, f"expected {expected}, got {describe(value)}")


def require_aware(where: str, path: str, value: object, *, optional: bool = False) -> None:
    """``value`` is a timezone-aware datetime (or ``None`` when ``optional``)."""
    check = Checker(where)
    check.aware(path, value, optional=optional)
    check.done()


def require_choice(where: str, path: str, value: object, choices: Iterable[str]) -> str:
    """``value`` is one of the strings ``choices``; returns it."""
    names = tuple(choices)
    if isinstance(value, str) and value in names:
        return value
    raise ValidationError.single(
        where, path, f"expected one of {', '.join(names)}, got {describe(value)}"
    )


def require_enum(where: str, path: str, value: object, kind: type[E]) -> E:
    """``value`` as a ``kind`` (a member, or a member's value); else a ValidationError."""
    if isinstance(value, kind):
        return value
    member = member_of(kind, value)
    if member is not None:
        return member
    choices = ", ".join(repr(m.value) for m in kind)
    raise ValidationError.single(
        where, path, f"expected a {kind.__name__} ({choices}), got {describe(value)}"
    )


# -- attrs converters: lenient, so that Checker reports bad values -----------


def to_tuple(value: Any) -> Any:
    """Turn a list or other iterable (not a string or mapping) into a tuple."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return value
    return tuple(value)


def to_decimal(value: Any) -> Any:
    """int, str and Decimal become a Decimal; anything else is left for the check."""
    if isinstance(value, (bool, float)):
        return value
    if isinstance(value, numbers.Integral):  # numpy's integers too
        return Decimal(int(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return value
    return value


def to_optional_decimal(value: Any) -> Any:
    return None if value is None else to_decimal(value)


def freeze_mapping(value: Any) -> Any:
    """A :class:`~salesflow.FrozenDict` copy of a mapping, so a value cannot be changed.

    A ``FrozenDict`` is kept as it is (it can never change); any other
    mapping, a caller's read-only view included, is copied. A non-mapping
    is left for the owner's check to report.
    """
    if type(value) is FrozenDict:
        return value
    if isinstance(value, Mapping):
        return FrozenDict(value)
    return value


# -- unchecked construction for hot paths ---------------------------------------
#
# No checks and no converters: only for values whose every field the caller
# has already checked (a pipeline's moves validate what they add and copy the
# rest from a value that was valid). The builders are generated once per class
# and field set, as attrs generates ``__init__``. Each fills a twin of the
# class: a subclass with the same slots and no frozen ``__setattr__``, so every
# field is one plain (specialised) attribute store rather than a call; the
# finished object is then given its real class, whose layout is the same.


def _twin(cls: type) -> type:
    """A subclass of ``cls`` of the same layout whose attributes can be assigned."""
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a slotted class")
    namespace = {
        "__slots__": (),
        "__module__": cls.__module__,
        "__qualname__": f"{cls.__qualname__}._Build",
        # both: a class overriding only one of them keeps the slow slot for both
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
    }
    return type(f"{cls.__name__}_Build", (cls,), namespace)


def _field_names(cls: type) -> list[str]:
    return [a.name for a in attrs.fields(cls)]


def _generate(cls: type, name: str, params: str, values: dict[str, str]) -> Callable[..., Any]:
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_twin": _twin(cls)}
    body = "".join(f"    obj.{field} = {value}\n" for field, value in values.items())
    source = (
        f"def {name}({params}):\n    obj = _new(_twin)\n{body}"
        "    obj.__class__ = _cls\n    return obj\n"
    )
    exec(source, namespace)
    made: Callable[..., Any] = namespace[name]
    return made


def make_builder(cls: type[V], *, positional: bool = False) -> Callable[..., V]:
    """``build(**every_field)`` for ``cls``, keyword-only, every field required.

    ``positional=True`` makes every field positional-only, in field order:
    for the hottest paths, where a keyword call's own cost shows.
    """
    names = _field_names(cls)
    params = f"{', '.join(names)}, /" if positional else f"*, {', '.join(names)}"
    built: Callable[..., V] = _generate(cls, "build", params, {n: n for n in names})
    return built


def make_evolver(cls: type[V], changing: tuple[str, ...]) -> Callable[..., V]:
    """``evolve(instance, *changing_values)``: a copy with the ``changing`` fields replaced."""
    names = _field_names(cls)
    unknown = set(changing) - set(names)
    if unknown:
        raise TypeError(f"{cls.__name__} has no fields {sorted(unknown)}")
    values = {n: n if n in changing else f"old.{n}" for n in names}
    evolved: Callable[..., V] = _generate(cls, "evolve", f"old, {', '.join(changing)}", values)
    return evolved


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a bulk read builds many acyclic values.

    A collection in the middle of such a read frees nothing the read made
    (its values hold no reference cycles) and a full one walks every live
    object, a whole book of deals included, so its cost grows with the book,
    not with the read. The collector is enabled again on the way out (it
    resumes where it was, and then sees the new values once); when it was
    off already, nothing is changed.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
