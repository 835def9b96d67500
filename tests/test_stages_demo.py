"""The stages demo section: refused by the checklist gate, ticked through to won, history."""

from __future__ import annotations

import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, sections
from salesflow._demo.stages import section
from salesflow.cli import sample_portfolio_text


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_is_refused_by_the_checklist_then_walks_to_won(
    portfolio: Portfolio, locale: str
) -> None:
    """The refusal names the missing item keys; one tick line per stage left; the deal is won."""
    lines = section(portfolio, locale)
    refused = [line for line in lines if line.startswith("  [unmet_requirement]")]
    assert [line.split()[1] for line in refused] == ["no_duplicate_customers:", "profile_fit:"]
    ticked = [line for line in lines if " ticked (" in line]
    assert [int(line.split(" ticked")[0].split()[-1]) for line in ticked] == [2, 4, 5, 7, 4, 3]
    won = "Won" if locale == "en" else "赢单"
    assert lines[-1].startswith(f"{won} in ")
    assert "100%" in lines[-1]


def test_the_demo_section_is_registered() -> None:
    """The section is one of the demo's sections."""
    assert section in [fn for _, fn in sections()]
