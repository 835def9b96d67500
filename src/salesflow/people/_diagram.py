"""The stakeholder map as a diagram: Mermaid or Graphviz dot text.

Stance is the colour, the most senior buying role the shape (decision maker
a hexagon, approver a double box, evaluator a box, user a rounded box, no
formal role an oval), reporting lines run from the manager down, lines of
influence are dashed. Labels come from the catalogs in the asked locale.

Every text that comes from the data or the catalogs is escaped: a name
holding quotes, brackets, arrows or line breaks stays one label and cannot
add a node, an edge or a line to the diagram. Node ids are generated
(``s0``, ``s1``, ...), never taken from the data.
"""

from __future__ import annotations

from salesflow._checks import describe
from salesflow.exceptions import ValidationError
from salesflow.locales import DEFAULT_LOCALE, Catalogs, enum_key
from salesflow.people._text import catalogs_and_locale
from salesflow.records.stakeholders import (
    INFLUENCE_HIGHEST,
    BuyingRole,
    Stakeholder,
    StakeholderMap,
    Stance,
)

__all__ = ["FORMATS", "diagram"]

#: The text formats :func:`diagram` writes.
FORMATS = ("mermaid", "dot")

# stance -> (fill, border); None is "not known yet"
_COLOURS: dict[Stance | None, tuple[str, str]] = {
    Stance.SUPPORTER: ("#c8e6c9", "#2e7d32"),
    Stance.COACH: ("#b2dfdb", "#00695c"),
    Stance.NEUTRAL: ("#eeeeee", "#757575"),
    Stance.NON_SUPPORTER: ("#ffe0b2", "#ef6c00"),
    Stance.ENEMY: ("#ffcdd2", "#c62828"),
    None: ("#ffffff", "#9e9e9e"),
}
_SENIORITY = (BuyingRole.DECISION_MAKER, BuyingRole.APPROVER, BuyingRole.EVALUATOR, BuyingRole.USER)
# role -> (Mermaid opening, closing); None: no formal role
_MERMAID_SHAPES: dict[BuyingRole | None, tuple[str, str]] = {
    BuyingRole.DECISION_MAKER: ("{{", "}}"),
    BuyingRole.APPROVER: ("[[", "]]"),
    BuyingRole.EVALUATOR: ("[", "]"),
    BuyingRole.USER: ("(", ")"),
    None: ("([", "])"),
}
# role -> (dot shape, its extra attributes); a user's box is rounded
_DOT_SHAPES: dict[BuyingRole | None, str] = {
    BuyingRole.DECISION_MAKER: "hexagon",
    BuyingRole.APPROVER: "box, peripheries=2",
    BuyingRole.EVALUATOR: "box",
    BuyingRole.USER: "box",
    None: "ellipse",
}
_MERMAID_SAFE = frozenset(" .,-_()'")


def _senior(s: Stakeholder) -> BuyingRole | None:
    return next((r for r in _SENIORITY if r in s.roles), None)


def _one_line(text: str) -> str:
    """Line breaks and other control characters become spaces."""
    return "".join(" " if not ch.isprintable() else ch for ch in text)


def _mermaid_text(text: str) -> str:
    """``text`` safe inside a quoted Mermaid label: anything but letters, digits and
    plain punctuation becomes an entity code (``#35;``)."""
    return "".join(
        ch if ch.isalnum() or ch in _MERMAID_SAFE else f"#{ord(ch)};" for ch in _one_line(text)
    )


def _dot_text(text: str) -> str:
    """``text`` safe inside a quoted Graphviz string (backslashes and quotes escaped)."""
    return _one_line(text).replace("\\", "\\\\").replace('"', '\\"')


def _lines(s: Stakeholder, cats: Catalogs, locale: str) -> list[str]:
    """The node's label lines, unescaped: name, title, roles and stance, influence."""
    lines = [s.name]
    if s.title.strip():
        lines.append(s.title)
    roles = [cats.label(enum_key(r), locale) for r in s.roles]
    stance = (
        cats.label("people.stance.unknown", locale)
        if s.stance is None
        else cats.label(enum_key(s.stance), locale)
    )
    lines.append(" · ".join([*roles, stance]))
    if s.influence is not None:
        lines.append(
            cats.format(
                "people.diagram.influence", locale, level=s.influence, top=INFLUENCE_HIGHEST
            )
        )
    return lines


def _to_mermaid(stakeholder_map: StakeholderMap, cats: Catalogs, locale: str) -> str:
    ids = {s.id: f"s{i}" for i, s in enumerate(stakeholder_map.stakeholders)}
    out = ["flowchart TB"]
    for s in stakeholder_map.stakeholders:
        opening, closing = _MERMAID_SHAPES[_senior(s)]
        label = "<br/>".join(_mermaid_text(line) for line in _lines(s, cats, locale))
        out.append(f'  {ids[s.id]}{opening}"{label}"{closing}')
    influences = _mermaid_text(cats.label("people.diagram.influences", locale))
    for s in stakeholder_map.stakeholders:
        if s.reports_to is not None:
            out.append(f"  {ids[s.reports_to]} --> {ids[s.id]}")
        out.extend(f'  {ids[s.id]} -.->|"{influences}"| {ids[t]}' for t in s.influences)
    for stance, (fill, border) in _COLOURS.items():
        name = "unknown" if stance is None else stance.value
        dash = ",stroke-dasharray:4 3" if stance is None else ""
        out.append(f"  classDef stance_{name} fill:{fill},stroke:{border}{dash}")
    for s in stakeholder_map.stakeholders:
        name = "unknown" if s.stance is None else s.stance.value
        out.append(f"  class {ids[s.id]} stance_{name}")
    return "\n".join(out) + "\n"


def _to_dot(stakeholder_map: StakeholderMap, cats: Catalogs, locale: str) -> str:
    ids = {s.id: f"s{i}" for i, s in enumerate(stakeholder_map.stakeholders)}
    title = cats.format("people.diagram.title", locale, opportunity=stakeholder_map.opportunity_id)
    out = [
        f'digraph "{_dot_text(stakeholder_map.opportunity_id)}" {{',
        f'  label="{_dot_text(title)}";',
        "  labelloc=t;",
        "  rankdir=TB;",
        '  node [style=filled, fontname="sans-serif"];',
    ]
    for s in stakeholder_map.stakeholders:
        fill, border = _COLOURS[s.stance]
        label = "\\n".join(_dot_text(line) for line in _lines(s, cats, locale))
        role = _senior(s)
        style = ",".join(
            ["filled"]
            + (["rounded"] if role is BuyingRole.USER else [])
            + (["dashed"] if s.stance is None else [])
        )
        out.append(
            f'  {ids[s.id]} [label="{label}", shape={_DOT_SHAPES[role]}, style="{style}", '
            f'fillcolor="{fill}", color="{border}"];'
        )
    influences = _dot_text(cats.label("people.diagram.influences", locale))
    for s in stakeholder_map.stakeholders:
        if s.reports_to is not None:
            out.append(f"  {ids[s.reports_to]} -> {ids[s.id]};")
        out.extend(
            f'  {ids[s.id]} -> {ids[t]} [style=dashed, constraint=false, label="{influences}"];'
            for t in s.influences
        )
    out.append("}")
    return "\n".join(out) + "\n"


def diagram(
    stakeholder_map: StakeholderMap,
    *,
    format: str = "mermaid",
    locale: str = DEFAULT_LOCALE,
    catalogs: Catalogs | None = None,
) -> str:
    """The map as Mermaid (``"mermaid"``) or Graphviz (``"dot"``) text, labelled in ``locale``."""
    if not isinstance(stakeholder_map, StakeholderMap):
        raise ValidationError.single(
            "diagram",
            "stakeholder_map",
            f"expected a StakeholderMap, got {describe(stakeholder_map)}",
        )
    if not isinstance(format, str) or format not in FORMATS:
        raise ValidationError.single(
            "diagram",
            "format",
            f"unknown text format {describe(format)} (expected one of {', '.join(FORMATS)})",
        )
    cats, loc = catalogs_and_locale("diagram", catalogs, locale)
    if format == "mermaid":
        return _to_mermaid(stakeholder_map, cats, loc)
    return _to_dot(stakeholder_map, cats, loc)
