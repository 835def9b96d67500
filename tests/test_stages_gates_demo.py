"""The scores-in-the-gates demo section: BANT refuses qualification, a weak deal on the agenda."""

from __future__ import annotations

import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, sections
from salesflow._demo.gates import section
from salesflow.cli import sample_portfolio_text
from salesflow.locales import default_catalogs
from salesflow.stages import presets


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_refuses_qualification_for_the_missing_bant_letters(
    portfolio: Portfolio, locale: str
) -> None:
    """The refusal is score_too_low on BANT, the letters are A and T, then the deal moves on."""
    lines = section(portfolio, locale)
    cats = default_catalogs()
    (refused,) = [line for line in lines if line.startswith("  [score_too_low]")]
    if locale == "en":  # the reason's own message; other locales show its label
        assert "'bant'" in refused
        assert "raise authority, timeline" in refused
        assert any(line.endswith("missing AT") for line in lines)
    else:
        assert refused.endswith(cats.label("transition.score_too_low", locale))
        assert any(line.endswith("缺少 AT") for line in lines)
    needs = cats.label(presets.get("seven_step").stage_label_key("needs_assessment"), locale)
    assert any(line.endswith(f"：{needs}" if locale != "en" else f": {needs}") for line in lines)


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_puts_the_weak_deal_on_its_owners_agenda(
    portfolio: Portfolio, locale: str
) -> None:
    """The weak deal is recommended a re-plan, and the rule is overdue on li.na's agenda."""
    lines = section(portfolio, locale)
    card = default_catalogs().label("scorecard.three_dimension", locale)
    colon = ": " if locale == "en" else "："
    assert any(line.startswith(f"o-demo-weak{colon}{card}") for line in lines)
    mine = "li.na's agenda" if locale == "en" else "li.na 的待办"
    (agenda,) = [line for line in lines if mine in line]
    due = "(Overdue, due 2026-03-05)" if locale == "en" else "（逾期，截止 2026-03-05）"
    assert due in agenda
    what = "Re-plan or pause this weak deal" if locale == "en" else "重新规划或暂停这个弱商机"
    assert what in agenda


def test_the_gates_demo_section_is_registered() -> None:
    assert section in [fn for _, fn in sections()]
