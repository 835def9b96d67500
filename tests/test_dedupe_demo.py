"""The dedupe demo section: a duplicate found, explained, merged, re-pointed and undone."""

from __future__ import annotations

import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, sections
from salesflow._demo.dedupe import section
from salesflow.cli import sample_portfolio_text

pytest.importorskip("opencc")
pytest.importorskip("pypinyin")
pytest.importorskip("rapidfuzz")


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_merges_the_duplicate_and_undoes_it(portfolio: Portfolio, locale: str) -> None:
    lines = section(portfolio, locale)
    text = "\n".join(lines)
    assert "c-hengtai-2" in lines[0]
    if locale == "en":
        assert lines[1].startswith("c-hengtai and c-hengtai-2: Match")
        assert "Re-pointed: o-hengtai-line2 now belongs to c-hengtai." in text
        assert lines[-1] == "Undone: the book is back as it was (yes)."
    else:
        assert lines[1].startswith("c-hengtai 与 c-hengtai-2：匹配")
        assert "已改挂：o-hengtai-line2 现属于 c-hengtai。" in text
        assert lines[-1] == "已撤销：客户库恢复原状（是）。"
    assert len(lines) <= 25


def test_the_demo_skips_without_the_deal(portfolio: Portfolio) -> None:
    empty = Portfolio(as_of=portfolio.as_of)
    assert section(empty, "en")[0].startswith("(skipped:")


def test_the_demo_section_is_registered() -> None:
    assert section in [fn for _, fn in sections()]
