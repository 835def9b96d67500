"""Diagrams of a pipeline's moves: Mermaid and Graphviz text, and Graphviz images.

They draw the same edges the generated machine is built from
(:func:`salesflow.stages._rules.edges`), labelled in the locale asked for.
"""

from __future__ import annotations

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
    """Edges between the same two states merged; ``to_<next>`` folded into ``advance``."""
    merged: dict[tuple[str, str], list[str]] = {}
    for e in _rules.edges(lk):
        names = merged.setdefault((e.source, e.target), [])
        label = e.event if e.move in ("back", "skip") else e.move
        if label not in names:
            names.append(label)
    return [(s, t, ", ".join(names)) for (s, t), names in merged.items()]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(lk: Lookups, locale: str = "en") -> str:
    """Graphviz text of the pipeline's moves."""
    labels = _labels(lk, locale)
    lines = [f"digraph {_quote(lk.key)} {{", "  rankdir=LR;", "  node [shape=box];"]
    lines.append('  start [shape=point, label=""];')
    lines.append(f"  start -> open_{lk.open_keys[0]};")
    for sid, label in labels.items():
        shape = "doublecircle" if sid.startswith(("won_", "lost_")) else "box"
        lines.append(f"  {sid} [label={_quote(label)}, shape={shape}];")
    for src, tgt, label in _merged(lk):
        lines.append(f"  {src} -> {tgt} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(lk: Lookups, locale: str = "en") -> str:
    """Mermaid text of the pipeline's moves."""
    labels = _labels(lk, locale)
    lines = ["stateDiagram-v2", "  direction LR"]
    for sid, label in labels.items():
        lines.append(f"  {sid}: {label.replace(':', ' ')}")
    lines.append(f"  [*] --> open_{lk.open_keys[0]}")
    for src, tgt, label in _merged(lk):
        lines.append(f"  {src} --> {tgt}: {label}")
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
