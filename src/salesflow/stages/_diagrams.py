"""Diagrams of a pipeline's moves: Mermaid and Graphviz text, and Graphviz images.

They draw the edges the generated machine is built from
(:func:`salesflow.stages._rules.edges`), labelled in the locale asked for,
except that going back and skipping are drawn as one edge a stage (to the
stage before, and to the stage after next) with a note saying what they
stand for: the machine has a transition for every pair of stages, a drawing
of them all would grow as the square of the stages.

Every text we did not write (labels from the catalogs, keys from the
definition) is escaped for the format: no newline, quote, bracket or
semicolon of a label can end a line or a statement and start another
(a ``click ... href`` line, a new node).
"""

from __future__ import annotations

import re

from salesflow._checks import describe
from salesflow.exceptions import MissingExtraError, ValidationError
from salesflow.locales import default_catalogs, enum_key
from salesflow.records import OpportunityStatus
from salesflow.stages import _rules
from salesflow.stages._lookups import Lookups

__all__ = ["image", "text", "to_dot", "to_mermaid"]

_TEXT_FORMATS = ("mermaid", "dot")
_IMAGE_FORMATS = ("svg", "png", "pdf")


def _locale(where: str, locale: object) -> str:
    """The catalog name of ``locale``; a bad one is a ValidationError on ``locale``."""
    if not isinstance(locale, str):
        raise ValidationError.single(
            where, "locale", f"expected a locale name such as 'en', got {describe(locale)}"
        )
    try:
        return default_catalogs().normalise(locale)
    except ValidationError as exc:
        raise ValidationError(where, [p.prefixed("locale") for p in exc.problems]) from None


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]")
#: the punctuation a Mermaid label keeps as it is
_MERMAID_SAFE = frozenset(" .,-_()'/&+")
#: what a Mermaid id may hold; anything else becomes an underscore
_NOT_ID = re.compile(r"[^A-Za-z0-9_]")


def _one_line(text: str) -> str:
    """``text`` on one line: every line break and control character a space."""
    return _CONTROL.sub(" ", text)


def mermaid_text(text: str) -> str:
    """``text`` safe in a Mermaid label: on one line, and anything but letters, digits
    and plain punctuation as an entity code (``#58;``), so no character of it can end
    the label or start a statement (``click``, ``%%``, ``:::``, ``-->``...)."""
    return "".join(
        ch if ch.isalnum() or ch in _MERMAID_SAFE else f"#{ord(ch)};" for ch in _one_line(text)
    )


def mermaid_id(text: str) -> str:
    """``text`` as a Mermaid state id: letters, digits and underscores only."""
    return _NOT_ID.sub("_", text)


def dot_quote(text: str) -> str:
    """``text`` as a Graphviz double-quoted string, on one line."""
    return '"' + _one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _labels(lk: Lookups, locale: str) -> dict[str, str]:
    cats = default_catalogs()
    out: dict[str, str] = {}
    for sid, stage, status in _rules.states(lk):
        name = cats.label(lk.label_keys[lk.index[stage]], locale)
        if status is not OpportunityStatus.OPEN:
            name = f"{name} ({cats.label(enum_key(status), locale)})"
        out[sid] = name
    return out


def _merged(lk: Lookups) -> list[tuple[str, str, str]]:
    """Edges between the same two states merged, labelled by their kind of move."""
    merged: dict[tuple[str, str], list[str]] = {}
    for e in _rules.edges(lk, every_pair=False):
        names = merged.setdefault((e.source, e.target), [])
        if e.move not in names:
            names.append(e.move)
    return [(s, t, ", ".join(names)) for (s, t), names in merged.items()]


def _legend(lk: Lookups, locale: str) -> list[str]:
    """What the one back and one skip edge of a stage stand for, in ``locale``."""
    cats = default_catalogs()
    found = []
    if lk.policy.allow_back and len(lk.open_keys) > 1:
        found.append(cats.label("stages.diagram.back", locale))
    if lk.policy.allow_skip and len(lk.open_keys) > 2:
        found.append(cats.label("stages.diagram.skip", locale))
    return found


_quote = dot_quote


def to_dot(lk: Lookups, locale: str = "en") -> str:
    """Graphviz text of the pipeline's moves."""
    labels = _labels(lk, locale)
    lines = [f"digraph {_quote(lk.key)} {{", "  rankdir=LR;", "  node [shape=box];"]
    legend = _legend(lk, locale)
    if legend:
        lines.append(f"  label={_quote('; '.join(legend))};")
    lines.append('  start [shape=point, label=""];')
    # state ids are made of checked keys (letters, digits, underscores): safe as dot ids
    lines.append(f"  start -> {mermaid_id('open_' + lk.open_keys[0])};")
    for sid, label in labels.items():
        shape = "doublecircle" if sid.startswith(("won_", "lost_")) else "box"
        lines.append(f"  {mermaid_id(sid)} [label={_quote(label)}, shape={shape}];")
    for src, tgt, label in _merged(lk):
        lines.append(f"  {mermaid_id(src)} -> {mermaid_id(tgt)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(lk: Lookups, locale: str = "en") -> str:
    """Mermaid text of the pipeline's moves."""
    labels = _labels(lk, locale)
    lines = ["stateDiagram-v2", "  direction LR"]
    for sid, label in labels.items():
        lines.append(f"  {mermaid_id(sid)}: {mermaid_text(label)}")
    first = mermaid_id(f"open_{lk.open_keys[0]}")
    lines.append(f"  [*] --> {first}")
    for src, tgt, label in _merged(lk):
        lines.append(f"  {mermaid_id(src)} --> {mermaid_id(tgt)}: {mermaid_text(label)}")
    for text in _legend(lk, locale):
        lines.append(f"  note left of {first}: {mermaid_text(text)}")
    return "\n".join(lines) + "\n"


def text(lk: Lookups, format: object, locale: object) -> str:
    """``Pipeline.diagram``: Mermaid or dot text, or a ValidationError naming the argument."""
    name = _locale("diagram", locale)
    if not isinstance(format, str):
        format = None  # named as a bad format below, never compared
    if format == "mermaid":
        return to_mermaid(lk, name)
    if format == "dot":
        return to_dot(lk, name)
    raise ValidationError.single(
        "diagram",
        "format",
        f"unknown text format {describe(format)} (expected one of "
        f"{', '.join(_TEXT_FORMATS)}; images: diagram_image)",
    )


def image(lk: Lookups, format: object, locale: object) -> bytes:
    """``Pipeline.diagram_image``: the dot text rendered by the optional graphviz package."""
    if not isinstance(format, str) or format not in _IMAGE_FORMATS:
        raise ValidationError.single(
            "diagram",
            "format",
            f"unknown image format {describe(format)} (expected one of "
            f"{', '.join(_IMAGE_FORMATS)})",
        )
    source = text(lk, "dot", locale)
    try:
        import graphviz
    except ImportError:
        raise MissingExtraError(
            "image diagrams need the optional graphviz extra: "
            "pip install 'salesflow[graphviz]' (text diagrams need nothing: "
            "pipeline.diagram('dot') or pipeline.diagram('mermaid'))"
        ) from None
    try:
        return bytes(graphviz.Source(source).pipe(format=format))
    except graphviz.ExecutableNotFound:
        raise MissingExtraError(
            "the Graphviz 'dot' program was not found: install Graphviz "
            "(https://graphviz.org/download/) besides salesflow[graphviz]"
        ) from None
