"""Diagrams escape every text they did not write: labels cannot add lines or statements.

A stage's label comes from the catalogs, or is its ``label_key`` when the
catalogs lack it; a stakeholder's name and title come from the data. Any
text there (line breaks, quotes, brackets, ``click ... href``, ``%%``) stays
inside one label of one line.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from salesflow.people import Stakeholder, StakeholderMap, diagram
from salesflow.stages import Pipeline, Stage
from tests.fuzz.hostile import fuzz_settings

_hostile_text = st.one_of(
    st.sampled_from(
        [
            'x\nclick open_a href "javascript:alert(1)"',
            "a\r\n  open_a --> won_a: win",
            'q" ]; evil [label="x',
            "%%{init: {'theme': 'dark'}}%%",
            "a\u2028b\u0085c\x00d",
            "back; x -> y",
            "s:::hidden",
        ]
    ),
    st.text(min_size=1, max_size=40),
).filter(lambda t: t.strip() != "")

_MERMAID_LINE = re.compile(
    r"  ([a-z0-9_]+: .*|\[\*\] --> [a-z0-9_]+|[a-z0-9_]+ --> [a-z0-9_]+: [a-z, ]+|"
    r"note left of [a-z0-9_]+: .*)"
)


#: text with no character that ends a Mermaid label, except as an entity code (#34;)
_ESCAPED = re.compile(r'([^":;{}\[\]<>%`|#\n]|#[0-9]+;)*')


def _pipeline(label: str) -> Pipeline:
    return Pipeline(
        key="p",
        stages=[
            Stage(key="a", probability=10, label_key=label),
            Stage(key="b", probability=50, label_key=label),
        ],
    )


@fuzz_settings(quick=40, thorough=200)
@given(label=_hostile_text)
def test_stage_labels_cannot_add_lines_to_a_pipeline_diagram(label: str) -> None:
    """Whatever the label, the diagrams have the lines of a plain one, each well formed."""
    plain = _pipeline("plain label")
    hostile = _pipeline(label)
    mermaid = hostile.diagram("mermaid").splitlines()
    assert len(mermaid) == len(plain.diagram("mermaid").splitlines())
    for line in mermaid[2:]:
        assert _MERMAID_LINE.fullmatch(line), line
        if ": " in line and "-->" not in line:  # a state's or the note's text
            assert _ESCAPED.fullmatch(line.split(": ", 1)[1]), line
    dot = hostile.diagram("dot").splitlines()
    assert len(dot) == len(plain.diagram("dot").splitlines())
    for line in dot[1:-1]:
        # every quoted string is closed on its line: an even count of unescaped quotes
        assert len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2 == 0, line


def test_a_click_line_cannot_be_injected_into_mermaid() -> None:
    """A label_key holding a newline and a click statement stays one escaped label."""
    text = _pipeline('x\nclick open_a href "javascript:alert(1)"').diagram("mermaid")
    assert not any(line.lstrip().startswith("click") for line in text.splitlines())
    assert "  open_a: x click open_a href #34;javascript#58;alert(1)#34;" in text


@fuzz_settings(quick=40, thorough=200)
@given(name=_hostile_text, title=_hostile_text)
def test_stakeholder_texts_cannot_add_lines_to_a_people_diagram(name: str, title: str) -> None:
    """A stakeholder's name and title stay inside their label, in both formats."""
    people = StakeholderMap(
        opportunity_id="o",
        stakeholders=[
            Stakeholder(id="c1", name=name, title=title),
            Stakeholder(id="c2", name="Plain", title="Plain", reports_to="c1"),
        ],
    )
    plain = StakeholderMap(
        opportunity_id="o",
        stakeholders=[
            Stakeholder(id="c1", name="Plain", title="Plain"),
            Stakeholder(id="c2", name="Plain", title="Plain", reports_to="c1"),
        ],
    )
    for format in ("mermaid", "dot"):
        lines = diagram(people, format=format).splitlines()
        assert len(lines) == len(diagram(plain, format=format).splitlines())
        assert not any(line.lstrip().startswith("click") for line in lines)
