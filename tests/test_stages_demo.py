"""The stages demo section: refused by the checklist gate, ticked through to won, history."""

from __future__ import annotations

import re

import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, sections
from salesflow._demo.stages import section
from salesflow.cli import sample_portfolio_text
from salesflow.locales import default_catalogs
from salesflow.stages import presets


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_is_refused_by_the_checklist_then_walks_to_won(
    portfolio: Portfolio, locale: str
) -> None:
    """The refusal names the missing items; one tick line per stage left; the deal is won."""
    lines = section(portfolio, locale)
    checklist = presets.get("complex").stage("prospect_list").checklist
    assert checklist is not None
    refused = [line for line in lines if line.startswith("  [unmet_requirement]")]
    items = [checklist.item(k).label_key for k in ("no_duplicate_customers", "profile_fit")]
    labels = [default_catalogs().label(k, locale) for k in items]
    assert [line.split("] ", 1)[1] for line in refused] == labels
    word = " ticked (" if locale == "en" else "已勾选 "
    ticked = [line for line in lines if word in line]
    counts = [
        int(n) for line in ticked for n in re.findall(r"(\d+) ticked|已勾选 (\d+)", line)[0] if n
    ]
    assert counts == [2, 4, 5, 7, 4, 3]
    won = "Won in " if locale == "en" else "赢单，"
    assert lines[-1].startswith(won)
    assert "100%" in lines[-1]


def test_the_demo_section_is_registered() -> None:
    """The section is one of the demo's sections."""
    assert section in [fn for _, fn in sections()]
