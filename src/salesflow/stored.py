"""Stored data: a versioned document around a record or definition, and migrations.

:func:`~salesflow.to_dict` gives a value's plain data; a store that keeps it
for years keeps it in a *document*, which says what it holds and which
version of salesflow's data format wrote it::

    {"kind": "opportunity", "version": 1, "data": {...to_dict(deal)...}}

:func:`to_document` writes one and :func:`from_document` reads it back: it
applies the :class:`Migrations` steps from the document's version up to
the library's (:data:`~salesflow.convert.SCHEMA_VERSION`) before building
the value, and refuses a document written by a newer salesflow unless told
to ``ignore_unknown`` (then the keys this version does not know are
skipped at every depth, as :func:`~salesflow.from_dict` does).
:func:`document_schema` is the JSON Schema of a kind's documents.

>>> from salesflow import Money
>>> doc = to_document(Money("12.50", "CNY"))
>>> doc
{'kind': 'money', 'version': 1, 'data': {'amount': '12.50', 'currency': 'CNY'}}
>>> from_document(doc)
Money(amount=Decimal('12.50'), currency='CNY')
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from salesflow._checks import describe, shown
from salesflow.convert import SCHEMA_VERSION, converter, from_dict, to_dict
from salesflow.exceptions import Problem, ValidationError
from salesflow.frozen import FrozenDict
from salesflow.kinds import KINDS, json_schema, kind_class
from salesflow.predicates import Registry
from salesflow.schema import DIALECT

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Migrations",
    "Step",
    "document_schema",
    "from_document",
    "kind_name",
    "to_document",
]

#: A migration step: a kind's plain data at one version in, at the next out.
Step = Callable[[dict[str, Any]], dict[str, Any]]

_ENVELOPE = ("kind", "version", "data")
#: What a migration step may be for: every kind, and playbooks.
_MIGRATABLE = (*KINDS, "playbook")


def _check_steps(steps: object) -> None:
    problems: list[Problem] = []
    if not isinstance(steps, Mapping):
        raise ValidationError.single(
            "Migrations",
            "steps",
            f"expected a mapping of (kind, version) to step, got {describe(steps)}",
        )
    for where, step in steps.items():
        path = f"steps[{shown(where)}]"
        if not (
            isinstance(where, tuple)
            and len(where) == 2
            and isinstance(where[0], str)
            and where[0] in _MIGRATABLE
            and isinstance(where[1], int)
            and not isinstance(where[1], bool)
            and where[1] >= 1
        ):
            problems.append(
                Problem(
                    path,
                    f"expected (kind, version): one of {', '.join(_MIGRATABLE)} "
                    "and a version from 1",
                )
            )
        if not callable(step):
            problems.append(
                Problem(path, f"expected a function of plain data, got {describe(step)}")
            )
    if problems:
        raise ValidationError("Migrations", problems)


def _freeze_steps(value: object) -> object:
    return FrozenDict(value) if isinstance(value, Mapping) else value


@attrs.frozen(slots=True, kw_only=True)
class Migrations:
    """Steps that bring stored data of older versions up to ``version``.

    ``steps`` maps ``(kind, from_version)`` to a function taking the kind's
    plain data at ``from_version`` and giving it at ``from_version + 1``
    (a kind whose format did not change at a version needs no step there).
    :data:`MIGRATIONS` holds the library's own; a step for a new version is
    added there when the format of a kind changes.

    >>> def split_name(data):
    ...     first, _, last = data.pop("full_name").partition(" ")
    ...     return {**data, "name": first, "family_name": last}
    >>> mine = Migrations(version=2, steps={("contact", 1): split_name})
    >>> mine.migrate("contact", {"full_name": "Li Wei"}, 1)
    {'name': 'Li', 'family_name': 'Wei'}
    """

    version: int = SCHEMA_VERSION
    steps: Mapping[tuple[str, int], Step] = attrs.field(
        factory=dict, converter=_freeze_steps, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if isinstance(self.version, bool) or not isinstance(self.version, int) or self.version < 1:
            raise ValidationError.single(
                "Migrations", "version", f"expected a version from 1, got {describe(self.version)}"
            )
        _check_steps(self.steps)
        late = [w for w in self.steps if w[1] >= self.version]
        if late:
            raise ValidationError(
                "Migrations",
                [
                    Problem(
                        f"steps[{shown(w)}]",
                        f"a step from version {w[1]} leads past version {self.version}",
                    )
                    for w in late
                ],
            )

    def with_step(self, kind: str, from_version: int, step: Step) -> Migrations:
        """A new value with ``step`` for ``kind`` from ``from_version`` (replacing any)."""
        return Migrations(version=self.version, steps={**self.steps, (kind, from_version): step})

    def migrate(self, kind: str, data: Any, version: int) -> Any:
        """``kind``'s plain ``data`` at ``version``, brought up to :attr:`version`.

        Each step from ``version`` on is applied in order to a copy (the data
        handed in is never changed). A version newer than :attr:`version` is
        a :class:`~salesflow.ValidationError` at ``version``; a step that
        fails is one at ``data``, naming the step.
        """
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValidationError.single(
                "document", "version", f"expected a version from 1, got {describe(version)}"
            )
        if version > self.version:
            raise ValidationError.single("document", "version", _newer(version, self.version))
        current = copy.deepcopy(data)
        for at in range(version, self.version):
            step = self.steps.get((kind, at))
            if step is None:
                continue
            try:
                current = step(current)
            except Exception as exc:
                name = getattr(step, "__name__", repr(step))
                raise ValidationError.single(
                    "document",
                    "data",
                    f"migration {name} of {kind} from version {at} failed: "
                    f"{type(exc).__name__}: {exc}",
                ) from None
        return current


def _newer(version: int, known: int) -> str:
    return (
        f"version {version} was written by a newer salesflow (this one reads versions "
        f"1 to {known}): upgrade salesflow, or read it with ignore_unknown=True to skip "
        "what this version does not know"
    )


def _not_data(value: Any, _: Any) -> Migrations:
    raise ValidationError.single(
        "Migrations",
        "",
        "Migrations hold Python functions, not data: build them in Python and pass "
        "them as migrations=",
    )


converter.register_structure_hook(Migrations, _not_data)


#: The library's own migrations (none yet: version 1 is the first stored format).
MIGRATIONS = Migrations()


def kind_name(value_or_class: Any) -> str:
    """The kind name of a record, a definition or their class (``"opportunity"``)."""
    cls = value_or_class if isinstance(value_or_class, type) else type(value_or_class)
    for name, known in KINDS.items():
        if known is cls:
            return name
    raise ValidationError.single(
        "kind_name",
        "value",
        f"expected a record or definition of a known kind, got {describe(value_or_class)}",
    )


def to_document(value: Any) -> dict[str, Any]:
    """A stored document of ``value``: its kind, the format version and its plain data."""
    return {"kind": kind_name(value), "version": SCHEMA_VERSION, "data": to_dict(value)}


def _envelope_problems(data: Any, ignore_unknown: bool) -> list[Problem]:
    if not isinstance(data, Mapping):
        return [
            Problem(
                "",
                f"expected a document (a mapping with {', '.join(_ENVELOPE)}), "
                f"got {describe(data)}",
            )
        ]
    problems = [Problem(k, "required key missing") for k in _ENVELOPE if k not in data]
    if not ignore_unknown:
        problems.extend(
            Problem(
                f"[{shown(k)}]" if not (isinstance(k, str) and k.isidentifier()) else k,
                f"unknown key {shown(k)} (expected only: {', '.join(_ENVELOPE)})",
            )
            for k in data
            if not (isinstance(k, str) and k in _ENVELOPE)
        )
    kind = data.get("kind")
    if "kind" in data and not (isinstance(kind, str) and kind in KINDS):
        problems.append(
            Problem("kind", f"{shown(kind)} is not a kind (expected one of {', '.join(KINDS)})")
        )
    return problems


def from_document(
    data: Any,
    *,
    kind: str | type[Any] | None = None,
    ignore_unknown: bool = False,
    migrations: Migrations = MIGRATIONS,
    registry: Registry | None = None,
) -> Any:
    """The value a stored document holds, migrated to this version first.

    ``kind`` (a name or a class), when given, must be the document's kind.
    Problems in the data are named from the top of the document
    (``data.amount.currency``).
    """
    if not isinstance(migrations, Migrations):
        raise ValidationError.single(
            "from_document", "migrations", f"expected a Migrations, got {describe(migrations)}"
        )
    problems = _envelope_problems(data, ignore_unknown)
    if problems:
        raise ValidationError("document", problems)
    name: str = data["kind"]
    known = (isinstance(kind, str) and kind in KINDS) or (
        isinstance(kind, type) and kind in KINDS.values()
    )
    if kind is not None and not known:
        raise ValidationError.single(
            "from_document",
            "kind",
            f"{describe(kind)} is not a kind (expected one of {', '.join(KINDS)})",
        )
    if kind is not None and kind_class(kind) is not KINDS[name]:
        raise ValidationError.single(
            "document", "kind", f"a {name} document, not the {kind_name(kind_class(kind))} expected"
        )
    version = data["version"]
    if ignore_unknown and isinstance(version, int) and version > migrations.version:
        plain = data["data"]  # newer: read what this version knows
    else:
        plain = migrations.migrate(name, data["data"], version)
    try:
        return from_dict(KINDS[name], plain, registry=registry, ignore_unknown=ignore_unknown)
    except ValidationError as exc:
        raise type(exc)(exc.subject, [p.prefixed("data") for p in exc.problems]) from None


def document_schema(kind: str | type[Any]) -> dict[str, Any]:
    """The JSON Schema of ``kind``'s stored documents (see :func:`to_document`)."""
    cls = kind_class(kind)
    name = kind_name(cls)
    inner = json_schema(cls)
    defs: dict[str, Any] = dict(inner.pop("$defs", {}))
    inner.pop("$schema", None)
    title = inner["title"]
    defs[title] = _repoint(inner, title)
    return {
        "$schema": DIALECT,
        "title": f"{title} document",
        "type": "object",
        "properties": {
            "kind": {"const": name},
            "version": {"type": "integer", "minimum": 1, "maximum": SCHEMA_VERSION},
            "data": {"$ref": f"#/$defs/{title}"},
        },
        "required": list(_ENVELOPE),
        "additionalProperties": False,
        "$defs": {k: _repoint(v, title) for k, v in sorted(defs.items())},
    }


def _repoint(schema: Any, title: str) -> Any:
    """``schema`` with its references to the top (``#``) pointed at ``title``'s entry."""
    if isinstance(schema, dict):
        if schema.get("$ref") == "#":
            return {"$ref": f"#/$defs/{title}"}
        return {k: _repoint(v, title) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_repoint(v, title) for v in schema]
    return schema
