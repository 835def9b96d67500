"""The scores-in-the-gates demo section: BANT refuses qualification, a weak deal on the agenda."""

from __future__ import annotations

import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, sections
from salesflow._demo.gates import section
from salesflow.cli import sample_portfolio_text


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_refuses_qualification_for_the_missing_bant_letters(
    portfolio: Portfolio, locale: str
) -> None:
    """The refusal is score_too_low on BANT, the letters are A and T, then the deal moves on."""
    lines = section(portfolio, locale)
    (refused,) = [line for line in lines if line.startswith("  [score_too_low]")]
    assert "'bant'" in refused
    assert "raise authority, timeline" in refused
    assert any(line.endswith("missing AT") for line in lines)
    assert any(line.endswith(": needs_assessment") for line in lines)


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_puts_the_weak_deal_on_its_owners_agenda(
    portfolio: Portfolio, locale: str
) -> None:
    """The weak deal is recommended a re-plan, and the rule is overdue on li.na's agenda."""
    lines = section(portfolio, locale)
    assert any(line.startswith("o-demo-weak: three_dimension") for line in lines)
    (agenda,) = [line for line in lines if "li.na's agenda" in line]
    assert "(overdue, due 2026-03-05)" in agenda
    what = "Re-plan or pause this weak deal" if locale == "en" else "重新规划或暂停这个弱商机"
    assert what in agenda


def test_the_gates_demo_section_is_registered() -> None:
    assert section in [fn for _, fn in sections()]
