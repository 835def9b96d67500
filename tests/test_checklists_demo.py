"""The checklists demo section: blocked, the missing items in both languages, then moved."""

from __future__ import annotations

import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, sections
from salesflow._demo.checklists import section
from salesflow.cli import sample_portfolio_text


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_shows_the_block_both_languages_and_the_move(
    portfolio: Portfolio, locale: str
) -> None:
    lines = section(portfolio, locale)
    text = "\n".join(lines)
    # the seven missing items of data gathering, in the locale's language only
    english = ("Opponents inside the customer identified", "Project funding requested and approved")
    chinese = ("已查明客户内部的反对者", "项目所需资金已申请并获批准")
    shown, hidden = (english, chinese) if locale == "en" else (chinese, english)
    assert all(item in text for item in shown)
    assert not any(item in text for item in hidden)
    if locale == "en":
        assert lines[1] == "Blocked by 7 open checklist item(s):"
        assert lines[-1] == "Checklist complete: the deal moves on to Advance the project"
    else:
        assert lines[1] == "有 7 项检查清单事项未完成："
        assert lines[-1].startswith("检查清单已完成")
    assert sum("DMS-" in line for line in lines) == 3
    assert all(len(line) <= 100 for line in lines)


def test_the_demo_section_is_registered() -> None:
    assert section in [fn for _, fn in sections()]
