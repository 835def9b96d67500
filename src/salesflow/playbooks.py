"""Playbooks: a team's pipelines, checklists, scorecards, time rules and labels in one document.

A playbook is one TOML or JSON text (or the mapping parsed from it) with up
to six top-level keys, each optional::

    version = 1                       # the stored-data version (default: this one's)

    [checklists.acme_visit]           # a Checklist; its key is the table's name
    [scorecards.acme_fit]             # a Scorecard
    [pipelines.acme]                  # a Pipeline; a stage's checklist may be a
                                      # checklist's name, a score requirement may
                                      # name one of the playbook's scorecards
    [time_rules.acme]                 # a RuleSet
    [labels.en]                       # label key -> text, one table a locale
    [labels.zh-Hans]

:func:`load_playbook` reads it and checks it as a whole: every problem of
every definition, and every name one gives that the playbook lacks, comes
in one :class:`~salesflow.DefinitionError` naming its path from the top of
the document (``pipelines.acme.stages[2].checklist``). Numbers written
``3.5`` are read exactly where a definition holds a threshold, a weight or
a rate; money stays refused as a float. The result is a frozen
:class:`Playbook`; its :attr:`~Playbook.catalogs` are the library's labels
with the playbook's own over them, to pass where labels are rendered
(``result.explain("en", catalogs=playbook.catalogs)``); the library's
catalogs are never changed.

>>> book = load_playbook('''
... [labels.en]
... "checklist.acme_visit" = "Before the site visit"
... [checklists.acme_visit]
... items = [{key = "book_room"}]
... [pipelines.acme]
... stages = [{key = "lead"}, {key = "visit", checklist = "acme_visit"}, {key = "won"}]
... ''')
>>> book.pipelines["acme"].stage("visit").checklist.key
'acme_visit'
>>> book.catalogs.label("checklist.acme_visit")
'Before the site visit'
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from salesflow._checks import describe, shown
from salesflow.cadence import RuleSet
from salesflow.checklists import Checklist
from salesflow.convert import (
    NOT_DATA,
    SCHEMA_VERSION,
    Definition,
    _join,
    _key_path,
    _parse_json,
    _problems,
    converter,
    from_dict,
    to_dict,
)
from salesflow.exceptions import DefinitionError, Problem, ValidationError
from salesflow.frozen import FrozenDict
from salesflow.locales import Catalogs, default_catalogs
from salesflow.predicates import Registry
from salesflow.scoring import Scorecard
from salesflow.stages import Pipeline
from salesflow.stored import MIGRATIONS, Migrations

__all__ = ["SECTIONS", "Playbook", "load_playbook"]

#: The top-level keys of a playbook document, besides ``version``.
SECTIONS = ("checklists", "labels", "pipelines", "scorecards", "time_rules")
_TOP = ("version", *SECTIONS)


def _freeze(value: object) -> object:
    return FrozenDict(value) if isinstance(value, Mapping) else value


def _freeze_labels(value: object) -> object:
    if isinstance(value, Mapping) and all(isinstance(v, Mapping) for v in value.values()):
        return FrozenDict({k: FrozenDict(v) for k, v in value.items()})
    return value


def _check_section(
    problems: list[Problem], name: str, section: object, kind: type, keyed: bool
) -> None:
    if not isinstance(section, Mapping):
        problems.append(
            Problem(name, f"expected a mapping of name to {kind.__name__}, got {describe(section)}")
        )
        return
    for key, value in section.items():
        where = _join(name, _key_path(key))
        if not isinstance(key, str) or not key:
            problems.append(Problem(where, "a name is a non-empty string"))
        elif not isinstance(value, kind):
            problems.append(Problem(where, f"expected a {kind.__name__}, got {describe(value)}"))
        elif keyed and getattr(value, "key", key) != key:
            problems.append(
                Problem(
                    f"{where}.key",
                    f"{getattr(value, 'key', key)!r} is not the name it is filed under ({key!r})",
                )
            )


@attrs.frozen(slots=True, kw_only=True, repr=False)
class Playbook(Definition):
    """A team's definitions and labels, checked together (see :func:`load_playbook`).

    Each section maps a name to its definition (the name is the
    definition's ``key``; a rule set has none). ``labels`` maps a locale to
    its labels by key; :attr:`catalogs` lays them over the library's.
    """

    pipelines: Mapping[str, Pipeline] = attrs.field(factory=dict, converter=_freeze, hash=False)
    checklists: Mapping[str, Checklist] = attrs.field(factory=dict, converter=_freeze, hash=False)
    scorecards: Mapping[str, Scorecard] = attrs.field(factory=dict, converter=_freeze, hash=False)
    time_rules: Mapping[str, RuleSet] = attrs.field(factory=dict, converter=_freeze, hash=False)
    labels: Mapping[str, Mapping[str, str]] = attrs.field(
        factory=dict, converter=_freeze_labels, hash=False
    )
    _catalogs: Catalogs = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _check_section(problems, "pipelines", self.pipelines, Pipeline, True)
        _check_section(problems, "checklists", self.checklists, Checklist, True)
        _check_section(problems, "scorecards", self.scorecards, Scorecard, True)
        _check_section(problems, "time_rules", self.time_rules, RuleSet, False)
        problems.extend(_label_problems(self.labels))
        if problems:
            raise DefinitionError("Playbook", problems)
        catalogs = default_catalogs()
        for locale, labels in self.labels.items():
            catalogs = catalogs.with_labels(locale, labels)
        object.__setattr__(self, "_catalogs", catalogs)

    def __repr__(self) -> str:
        """Short: the names in each section and the locales of the labels."""
        parts = ", ".join(
            f"{name}={sorted(getattr(self, name))!r}" for name in SECTIONS if getattr(self, name)
        )
        return f"Playbook({parts})"

    @property
    def catalogs(self) -> Catalogs:
        """The library's labels with the playbook's over them (aliases such as ``zh-CN`` folded)."""
        return self._catalogs

    def label(self, key: str, locale: str = "en") -> str:
        """The label for ``key`` in ``locale``: the playbook's, else the library's."""
        return self._catalogs.label(key, locale)


def _label_problems(labels: object) -> list[Problem]:
    """What is wrong with ``labels`` (a mapping of locale to a mapping of key to text)."""
    if not isinstance(labels, Mapping):
        return [Problem("labels", f"expected a table of locale to labels, got {describe(labels)}")]
    problems: list[Problem] = []
    for locale, table in labels.items():
        where = _join("labels", _key_path(locale))
        if not isinstance(locale, str) or not locale:
            problems.append(Problem(where, "a locale is a non-empty string"))
        elif not isinstance(table, Mapping):
            problems.append(
                Problem(where, f"expected a table of label key to text, got {describe(table)}")
            )
            continue
        for key, text in table.items() if isinstance(table, Mapping) else ():
            at = _join(where, _key_path(key))
            if isinstance(text, Mapping):
                problems.append(
                    Problem(
                        at,
                        "expected a label, got a table (quote a dotted label key in TOML: "
                        '"band.acme_fit.warm" = "Warm")',
                    )
                )
            elif not isinstance(key, str) or not isinstance(text, str):
                problems.append(Problem(at, f"expected a label (text), got {describe(text)}"))
    return problems


# -- reading a document: names resolved, every problem at once --------------------


def _named(section: Mapping[str, Any], key: str, body: Any) -> Any:
    """``body`` with its ``key`` filled in from the name it is filed under."""
    if isinstance(body, Mapping) and "key" not in body:
        return {"key": key, **body}
    return body


def _build(
    problems: list[Problem],
    name: str,
    section: Any,
    kind: type,
    prepare: Callable[[str, Any, str], Any] | None = None,
) -> dict[str, Any]:
    """Each entry of ``section`` built as a ``kind``; problems filed under their path."""
    if section is None:
        return {}
    if not isinstance(section, Mapping):
        problems.append(
            Problem(name, f"expected a table of name to {kind.__name__}, got {describe(section)}")
        )
        return {}
    built: dict[str, Any] = {}
    for key, body in section.items():
        where = _join(name, _key_path(key))
        if not isinstance(key, str) or not key:
            problems.append(Problem(where, "a name is a non-empty string"))
            continue
        if kind is not RuleSet:
            body = _named(section, key, body)
        if prepare is not None:
            body = prepare(key, body, where)
        try:
            built[key] = converter.structure(body, kind)
        except Exception as exc:  # a cattrs group or our own error, translated
            problems.extend(_problems(exc, where))
    return built


def _pipeline_preparer(
    problems: list[Problem],
    built: tuple[Mapping[str, Checklist], Mapping[str, Scorecard]],
    broken: tuple[frozenset[str], frozenset[str]],
) -> Callable[[str, Any, str], Any]:
    """Resolves a pipeline body's checklist names and adds the scorecards it names.

    A name of a checklist or scorecard that failed to build is left out of
    the pipeline: its problems are reported where it is defined.
    """
    checklists, scorecards = built

    def prepare(key: str, body: Any, where: str) -> Any:
        if not isinstance(body, Mapping) or not isinstance(body.get("stages"), list):
            return body
        stages: list[Any] = []
        named: list[str] = []
        for i, stage in enumerate(body["stages"]):
            if isinstance(stage, Mapping):
                stage = _stage(problems, stage, f"{where}.stages[{i}]", checklists, broken)
                named.extend(_card_names(stage))
            stages.append(stage)
        out = {**body, "stages": stages}
        own = body.get("scorecards", [])
        if isinstance(own, list):
            have = {
                c.get("key")
                for c in own
                if isinstance(c, Mapping) and isinstance(c.get("key"), str)
            }
            extra = [
                to_dict(scorecards[n])
                for n in dict.fromkeys(named)
                if n in scorecards and n not in have
            ]
            if extra:
                out["scorecards"] = [*own, *extra]
        return out

    return prepare


def _card_names(stage: Any) -> list[str]:
    required = stage.get("required_scores") if isinstance(stage, Mapping) else None
    if not isinstance(required, list):
        return []
    return [
        r["scorecard"]
        for r in required
        if isinstance(r, Mapping) and isinstance(r.get("scorecard"), str)
    ]


def _stage(
    problems: list[Problem],
    stage: Mapping[str, Any],
    where: str,
    checklists: Mapping[str, Checklist],
    broken: tuple[frozenset[str], frozenset[str]],
) -> Any:
    """A stage with its checklist name resolved (and broken names left out)."""
    out = dict(stage)
    if isinstance(out.get("required_scores"), list):
        out["required_scores"] = [
            r
            for r in out["required_scores"]
            if not (
                isinstance(r, Mapping)
                and isinstance(r.get("scorecard"), str)
                and r["scorecard"] in broken[1]
            )
        ]
    name = out.get("checklist")
    if not isinstance(name, str):
        return out
    if name in checklists:
        return {**out, "checklist": to_dict(checklists[name])}
    del out["checklist"]
    if name not in broken[0]:
        known = ", ".join(sorted(checklists)) or "none"
        problems.append(
            Problem(
                f"{where}.checklist",
                f"unknown checklist {shown(name)} (this playbook's checklists: {known})",
            )
        )
    return out


def _broken(data: Mapping[str, Any], name: str, built: Mapping[str, Any]) -> frozenset[str]:
    section = data.get(name)
    if not isinstance(section, Mapping):
        return frozenset()
    return frozenset(k for k in section if k not in built)


def _version_problems(data: Mapping[str, Any]) -> list[Problem]:
    version = data.get("version", SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return [Problem("version", f"expected a version from 1, got {describe(version)}")]
    if version > SCHEMA_VERSION:
        return [
            Problem(
                "version",
                f"version {version} was written by a newer salesflow "
                f"(this one reads versions 1 to {SCHEMA_VERSION})",
            )
        ]
    return []


def _structure_playbook(data: Any, _: Any) -> Playbook:
    if not isinstance(data, Mapping):
        raise DefinitionError.single(
            "Playbook", "", f"expected a mapping (a TOML or JSON document), got {describe(data)}"
        )
    problems = _version_problems(data)
    problems.extend(
        Problem(_key_path(k), f"unknown key {shown(k)} (expected only: {', '.join(_TOP)})")
        for k in data
        if not (isinstance(k, str) and k in _TOP)
    )
    checklists = _build(problems, "checklists", data.get("checklists"), Checklist)
    scorecards = _build(problems, "scorecards", data.get("scorecards"), Scorecard)
    broken = (_broken(data, "checklists", checklists), _broken(data, "scorecards", scorecards))
    prepare = _pipeline_preparer(problems, (checklists, scorecards), broken)
    pipelines = _build(problems, "pipelines", data.get("pipelines"), Pipeline, prepare)
    time_rules = _build(problems, "time_rules", data.get("time_rules"), RuleSet)
    labels = data.get("labels", {})
    problems.extend(_label_problems(labels))
    if problems:
        raise DefinitionError("Playbook", problems)
    return Playbook(
        pipelines=pipelines,
        checklists=checklists,
        scorecards=scorecards,
        time_rules=time_rules,
        labels=labels,
    )


converter.register_structure_hook(Playbook, _structure_playbook)


def _parse(text: str, format: str | None) -> Any:
    if format is None:
        format = "json" if text.lstrip().startswith("{") else "toml"
    if format == "json":
        data, why = _parse_json(text)
        if why is not None:
            raise DefinitionError.single("Playbook", "", why)
        return data
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise DefinitionError.single("Playbook", "", f"not valid TOML: {exc}") from None
    except RecursionError:
        raise DefinitionError.single(
            "Playbook", "", "not valid TOML here: nested too deeply"
        ) from None


def load_playbook(
    source: str | bytes | Mapping[str, Any],
    *,
    format: Literal["toml", "json"] | None = None,
    registry: Registry | None = None,
    migrations: Migrations = MIGRATIONS,
    ignore_unknown: bool = False,
) -> Playbook:
    """A :class:`Playbook` from TOML or JSON text, or from the mapping parsed from it.

    ``format`` says how to read text (default: JSON when it starts with
    ``{``, else TOML). A document of an older ``version`` is migrated with
    ``migrations`` first. Guards and conditions are looked up in
    ``registry`` (default: the registry in force). ``ignore_unknown`` skips
    the keys this version does not know, at every depth (see
    :func:`~salesflow.from_dict`). Every problem is in one
    :class:`~salesflow.DefinitionError`, each named by its path.
    """
    if format not in (None, "toml", "json"):
        raise ValidationError.single(
            "load_playbook",
            "format",
            f"{shown(format)} is not a format (expected 'toml' or 'json')",
        )
    if not isinstance(migrations, Migrations):
        raise ValidationError.single(
            "load_playbook", "migrations", f"expected a Migrations, got {describe(migrations)}"
        )
    if isinstance(source, (bytes, bytearray)):
        try:
            source = bytes(source).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DefinitionError.single("Playbook", "", f"not UTF-8 text ({exc.reason})") from None
    if isinstance(source, str):
        data = _parse(source, format)
    elif isinstance(source, Mapping):
        data = source
    else:
        raise ValidationError.single(
            "load_playbook",
            "source",
            f"expected TOML or JSON text or a mapping, got {describe(source)}",
        )
    if isinstance(data, Mapping) and "version" in data:
        data = _migrated(data, migrations, ignore_unknown is True)
    if ignore_unknown is True and isinstance(data, Mapping):
        known = {k: v for k, v in data.items() if isinstance(k, str) and k in _TOP}
        return from_dict(Playbook, known, registry=registry, ignore_unknown=True)
    return from_dict(Playbook, data, registry=registry)


def _migrated(data: Mapping[str, Any], migrations: Migrations, newer_ok: bool) -> Any:
    """A versioned document brought up to ``migrations.version``, without its version key.

    A newer version is read as it is when ``newer_ok`` (unknown keys are then skipped).
    """
    version = data["version"]
    rest = {k: v for k, v in data.items() if not (isinstance(k, str) and k == "version")}
    if newer_ok and isinstance(version, int) and version > migrations.version:
        return rest
    try:
        return migrations.migrate("playbook", rest, version)
    except ValidationError as exc:
        raise DefinitionError("Playbook", exc.problems) from None
