"""The demo's analytics section: the sample book's funnel, rates, forecast, time in stage."""

from __future__ import annotations

import attrs
import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, analytics, sections
from salesflow.cli import sample_portfolio_text


def _sample() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        (
            "en",
            [
                "Funnel of the Complex sale (7 steps) pipeline",
                "  Sign the contract: 1",
                "li.na: 1 of 1 won (100%)",
                "cycle 58.3 days -> 82,344.53 CNY a day",
                "2026-Q1: commit 1,200,000.00 CNY",
                "Build the prospect list: visits 2, still there 2, median not reached yet",
                "Sign the contract: visits 1, still there 0, median 58.3 days",
                "Answer the customer's objection / wang.jun: 1 on time, 0 late",
            ],
        ),
        (
            "zh-Hans",
            ["复杂销售流程（7 步） 流程的漏斗", "li.na：1 个中赢 1 个（100%）", "中位数 尚未达到"],
        ),
    ],
)
def test_the_section_shows_the_book_s_figures(locale: str, words: list[str]) -> None:
    text = "\n".join(analytics.section(_sample(), locale))
    for word in words:
        assert word in text


def test_the_figures_are_the_analytics_own() -> None:
    """Every open deal of the sample is still in its first stage: censored, never an exit."""
    text = "\n".join(analytics.section(_sample(), "en"))
    assert text.count("median not reached yet") == 2
    assert "insufficient history" not in text


def test_a_portfolio_without_deals_is_skipped() -> None:
    empty = Portfolio(as_of=_sample().as_of)
    assert analytics.section(empty, "en")[0].startswith("(skipped:")


def test_deals_of_a_pipeline_the_demo_does_not_know_still_show_their_rates() -> None:
    sample = _sample()
    other = attrs.evolve(
        sample,
        opportunities=[attrs.evolve(o, pipeline="field_sales") for o in sample.opportunities],
    )
    text = "\n".join(analytics.section(other, "en"))
    assert "Funnel" not in text
    assert "Forecast" not in text
    assert "field_sales / sign_contract: visits 1" in text
    assert "li.na: 1 of 1 won (100%)" in text


def test_the_section_is_registered_last() -> None:
    assert sections()[-1][1] is analytics.section
