"""The demo's key-account section: the Hengtai map, its gaps, its diagram and the plan's agenda."""

from __future__ import annotations

import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, people, sections
from salesflow.cli import sample_portfolio_text


def _sample() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en", ["Decision maker", "No one holds the role User", "Escalated", "flowchart TB"]),
        ("zh-Hans", ["决策者", "没有人担任“使用者”角色", "已升级", "flowchart TB"]),
    ],
)
def test_the_section_shows_the_map_its_gaps_and_the_agenda(locale: str, words: list[str]) -> None:
    text = "\n".join(people.section(_sample(), locale))
    for word in words:
        assert word in text
    assert text.count("a-") == 3  # the three actions of the tactical plan, once each


def test_a_portfolio_without_the_deal_is_skipped() -> None:
    empty = Portfolio(as_of=_sample().as_of)
    assert people.section(empty, "en")[0].startswith("(skipped:")


def test_the_section_is_registered() -> None:
    assert people.section in [s for _, s in sections()]
