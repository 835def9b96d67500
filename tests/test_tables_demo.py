"""The tables demo section: the portfolio's scores, weighted amounts and gates over a frame."""

from __future__ import annotations

import sys

import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, sections
from salesflow._demo.tables import section
from salesflow.cli import sample_portfolio_text
from salesflow.scoring import presets

pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_scores_weighs_and_gates_the_book_over_a_frame(
    portfolio: Portfolio, locale: str
) -> None:
    lines = section(portfolio, locale)
    text = "\n".join(lines)
    bant = presets.get("bant")
    for opp in portfolio.opportunities:  # every deal's row shows what evaluate gives
        row = next(line for line in lines if line.strip().startswith(opp.id))
        assert f"{bant.evaluate(opp).total:f}" in row
    if locale == "en":
        assert "Row by row, scorecard.evaluate gives the same: yes." in lines
        assert "Pipeline complex: 3 deals" in text
        assert "may leave their stage" in text
    else:
        assert "逐行调用 scorecard.evaluate 结果相同：是。" in lines
        assert "销售流程 complex：3 个商机" in text
    assert len(lines) <= 25


def test_the_demo_names_the_extra_when_it_is_missing(
    portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    assert section(portfolio, "en") == [
        "(skipped: the book as a table needs pip install 'salesflow[tables]')"
    ]


def test_the_demo_skips_an_empty_book(portfolio: Portfolio) -> None:
    assert section(Portfolio(as_of=portfolio.as_of), "en")[0].startswith("(skipped:")


def test_the_demo_section_is_registered() -> None:
    assert section in [fn for _, fn in sections()]
