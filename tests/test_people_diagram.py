"""The map's diagram: stance as colour, roles as shapes, both locales, nothing injected."""

from __future__ import annotations

import re
import shutil
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import ValidationError
from salesflow.locales import default_catalogs
from salesflow.people import Stakeholder, StakeholderMap, diagram
from tests import strategies as sst

MAP = StakeholderMap(
    opportunity_id="o-1",
    stakeholders=[
        Stakeholder(
            id="p-zhou",
            name="Zhou Heng",
            title="General Manager",
            roles=["decision_maker", "approver"],
            stance="supporter",
            influence=5,
        ),
        Stakeholder(
            id="p-xu",
            name="Xu Min",
            roles=["evaluator"],
            stance="enemy",
            reports_to="p-zhou",
            influences=["p-zhou"],
        ),
        Stakeholder(id="p-li", name="Li Wei", roles=["user"], reports_to="p-xu"),
        Stakeholder(id="p-he", name="He Jun", stance="coach"),
    ],
)


def test_the_mermaid_diagram() -> None:
    text = diagram(MAP)
    lines = text.splitlines()
    assert lines[0] == "flowchart TB"
    assert (
        '  s0{{"Zhou Heng<br/>General Manager<br/>Decision maker #183; Approver #183; '
        'Supporter<br/>Influence 5#47;5"}}' in lines
    )
    assert '  s1["Xu Min<br/>Evaluator #183; Enemy"]' in lines
    assert '  s2("Li Wei<br/>User #183; Stance unknown")' in lines
    assert '  s3(["He Jun<br/>Coach"])' in lines
    assert "  s0 --> s1" in lines
    assert "  s1 --> s2" in lines
    assert '  s1 -.->|"influences"| s0' in lines
    assert "  class s0 stance_supporter" in lines
    assert "  class s2 stance_unknown" in lines
    assert "  class s1 stance_enemy" in lines


def test_the_dot_diagram_in_chinese() -> None:
    text = diagram(MAP, format="dot", locale="zh-Hans")
    assert text.startswith('digraph "o-1" {\n  label="o-1 的关键人物图";')
    assert 'label="Zhou Heng\\nGeneral Manager\\n决策者 · 批准者 · 支持者\\n影响力 5/5"' in text
    assert "shape=hexagon" in text
    assert "shape=box, peripheries=2" not in text
    assert 'style="filled,rounded,dashed"' in text  # a user of unknown stance
    assert 's1 -> s0 [style=dashed, constraint=false, label="影响"];' in text
    assert text.rstrip().endswith("}")


def test_labels_follow_the_catalogs() -> None:
    cats = default_catalogs().with_labels("en", {"enum.stance.enemy": "Blocker"})
    assert "Blocker" in diagram(MAP, catalogs=cats)


NASTY = st.sampled_from(['"', "]", "[", "}", "{", "-->", "\n", "\\", ";", "|", "#", "<br/>", ">"])
nasty_text = st.lists(NASTY | st.text(max_size=3), min_size=1, max_size=6).map("".join)


QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _structure(text: str) -> str:
    """The diagram with every quoted string emptied: what a label cannot change."""
    return QUOTED.sub('""', text)


@given(nasty_text.filter(lambda s: s.strip() != ""), nasty_text, nasty_text)
def test_no_label_can_add_a_line_a_node_or_an_edge(name: str, title: str, deal: str) -> None:
    """Whatever the names hold, the diagram outside its quoted labels is the same."""

    def one(name: str, title: str, deal: str) -> StakeholderMap:
        return StakeholderMap(
            opportunity_id=deal if deal.strip() else "o",
            stakeholders=[
                Stakeholder(id="a", name=name, title=title, roles=["user"], stance="neutral"),
                Stakeholder(id="b", name=name, reports_to="a", influences=["a"]),
            ],
        )

    evil, plain = one(name, title, deal), one("A", "T", "o")
    for fmt in ("mermaid", "dot"):
        got, expected = diagram(evil, format=fmt), diagram(plain, format=fmt)
        assert _structure(got) == _structure(expected)
    for label in QUOTED.findall(diagram(evil)):
        assert not set(label[1:-1].replace("<br/>", " ")) & set('"[]{}|<>\n\\')


@given(sst.stakeholder_maps(), st.sampled_from(["en", "zh-Hans"]))
def test_every_map_draws_one_line_a_node_in_both_formats(
    deal_map: StakeholderMap, locale: str
) -> None:
    edges = sum((s.reports_to is not None) + len(s.influences) for s in deal_map.stakeholders)
    mermaid = diagram(deal_map, locale=locale).splitlines()
    assert len(mermaid) == 1 + len(deal_map) + edges + 6 + len(deal_map)
    dot = diagram(deal_map, format="dot", locale=locale).splitlines()
    assert len(dot) == 5 + len(deal_map) + edges + 1


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graphviz_reads_the_dot_text() -> None:  # pragma: no cover - needs the dot program
    import subprocess

    out = subprocess.run(
        ["dot", "-Tsvg"], input=diagram(MAP, format="dot"), text=True, capture_output=True
    )
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize(
    ("args", "kwargs", "path"),
    [
        ((None,), {}, "stakeholder_map"),
        ((MAP,), {"format": "svg"}, "format"),
        ((MAP,), {"format": ["dot"]}, "format"),
        ((MAP,), {"locale": "xx"}, "locale"),
        ((MAP,), {"locale": None}, "locale"),
        ((MAP,), {"catalogs": {"en": {}}}, "catalogs"),
    ],
)
def test_bad_calls_name_the_path(args: tuple[Any, ...], kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationError) as info:
        diagram(*args, **kwargs)
    assert info.value.paths == (path,)
