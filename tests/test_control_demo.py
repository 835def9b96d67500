"""The control demo section: the Hengtai contract through the contract review, both locales."""

from __future__ import annotations

import re

import attrs
import pytest

from salesflow import from_json
from salesflow._demo import Portfolio, sections
from salesflow._demo.control import REVIEWERS, SIGNER, section
from salesflow.cli import sample_portfolio_text
from salesflow.locales import default_catalogs


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return from_json(Portfolio, sample_portfolio_text())


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
def test_the_demo_reviews_refuses_the_organiser_and_is_signed_by_the_deputy(
    portfolio: Portfolio, locale: str
) -> None:
    """The departments' steps are open first, the organiser's signature is refused with its
    reasons, each reviewer decides once, then the deputy general manager signs."""
    cats = default_catalogs()
    lines = section(portfolio, locale)
    assert "o-hengtai-line2" in lines[0]
    assert cats.label("control.policy.contract_review", locale) in lines[0]
    keys = ["capacity", "acceptance", "standards", "production", "materials"]
    labels = [cats.label(f"control.step.{k}", locale) for k in keys]
    assert all(label in line for label, line in zip(labels, lines[2:7], strict=True))
    if locale == "en":  # English names the step's key too
        assert [line.split(":")[0].strip() for line in lines[2:7]] == keys
    refused = [line for line in lines if line.startswith("    - ")]
    assert [line.rsplit("[", 1)[1].rstrip("]") for line in refused] == [
        "requester_cannot_approve",
        "step_not_open",
        "not_an_approver",
        "conflicting_duty",
    ]
    requester = cats.label("control.reason.requester_cannot_approve", locale)
    assert refused[0] == f"    - {requester} [requester_cannot_approve]"
    deciders = [re.split("[:：]", line.split()[0])[0] for line in lines if "2026-03-" in line]
    assert deciders == [p for p, _ in REVIEWERS] + [SIGNER]
    signing = cats.label("control.step.sign", locale)
    assert any(
        line.strip().startswith(signing if locale != "en" else "sign: ") and signing in line
        for line in lines
    )
    approved = cats.label("enum.request_status.approved", locale)
    assert lines[-1] == "  " + cats.format("control.demo.status", locale, status=approved)


def test_the_demo_section_is_registered() -> None:
    """The section is one of the demo's sections."""
    assert section in [fn for _, fn in sections()]


def test_the_demo_is_skipped_without_the_hengtai_deal(portfolio: Portfolio) -> None:
    """A portfolio without the sample deal gets one line saying the section is skipped."""
    lines = section(attrs.evolve(portfolio, opportunities=()), "en")
    assert lines == [
        "(skipped: this portfolio has no Hengtai deal to put through the contract review)"
    ]
