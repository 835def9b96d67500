"""The scoring section of the demo, on the bundled sample portfolio."""

from __future__ import annotations

import json

import pytest

from salesflow import OpportunityStatus, from_dict
from salesflow._demo import Portfolio
from salesflow._demo.scoring import section
from salesflow.cli import sample_portfolio_text


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_dict(Portfolio, json.loads(sample_portfolio_text()))


def test_demo_explains_the_weak_deal_and_what_would_make_it_strong(portfolio: Portfolio) -> None:
    """The weakest sample deal is named with its reasons, the advice and the steps to strong."""
    lines = section(portfolio, "en")
    start = lines.index("Why Qingyun pilot is Weak: re-plan or pause:")
    assert lines[start + 1 : start + 8] == [
        "  Urgency of the need: no date (0 of 2)",
        "  Budget fit (% of our price): below 70 (0 of 2)",
        "  Clarity of the decision chain: unclear (0 of 2)",
        "  -> Re-plan the approach or pause the follow-up",
        "To make it Strong:",
        "  Urgency of the need: no date -> firm date (+2)",
        "  Budget fit (% of our price): below 70 -> at least 90 (+2)",
    ]


def test_demo_grades_every_lead_customer_and_open_deal(portfolio: Portfolio) -> None:
    """Each sample lead, customer and open deal gets a line, in both locales."""
    for locale in ("en", "zh-Hans"):
        text = "\n".join(section(portfolio, locale))
        ids = [r.id for r in portfolio.leads] + [c.id for c in portfolio.customers]
        ids += [o.id for o in portfolio.opportunities if o.status is OpportunityStatus.OPEN]
        for record_id in ids:
            assert record_id in text
    en = "\n".join(section(portfolio, "en"))
    assert "c-hengtai    A: strategic, high value, follow up every 7 days" in en
    assert "o-lanshan-fleet      Medium | Not qualified (AT)" in en
    zh = "\n".join(section(portfolio, "zh-Hans"))
    assert "Qingyun pilot 为何是“弱：调整策略或暂停跟进”：" in zh
