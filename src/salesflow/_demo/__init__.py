"""The demo walkthrough, as lines of text: the CLI prints them.

The sample portfolio is package data (``salesflow/data/sample_portfolio.json``);
``cli.py`` reads it and hands the parsed :class:`Portfolio` here. Each area
contributes one section: a function ``section(portfolio, locale) -> list[str]``
in a module of this package, listed in :func:`sections`.
"""

from __future__ import annotations

from collections.abc import Callable

from salesflow._demo.portfolio import Portfolio

__all__ = ["Portfolio", "Section", "sections", "walkthrough"]

#: A demo section: the portfolio and a locale in, lines of text out.
Section = Callable[[Portfolio, str], list[str]]


def sections() -> list[tuple[str, Section]]:
    """The demo's sections, in order: (title, function)."""
    from salesflow._demo import analytics as analytics_demo
    from salesflow._demo import cadence as cadence_demo
    from salesflow._demo import checklists as checklists_demo
    from salesflow._demo import control as control_demo
    from salesflow._demo import dedupe as dedupe_demo
    from salesflow._demo import gates as gates_demo
    from salesflow._demo import people as people_demo
    from salesflow._demo import records
    from salesflow._demo import scoring as scoring_demo
    from salesflow._demo import stages as stages_demo

    return [
        ("The sample portfolio", records.section),
        ("Stages: a deal moves through the complex pipeline", stages_demo.section),
        ("Checklists: a deal's pre-flight list", checklists_demo.section),
        ("Scoring: leads, customers and deals", scoring_demo.section),
        ("Time rules: one salesperson's agenda", cadence_demo.section),
        ("Scores in the gates: BANT qualifies, a weak deal is re-planned", gates_demo.section),
        ("Control: the Hengtai contract review", control_demo.section),
        ("De-duplication: a customer entered twice", dedupe_demo.section),
        ("Key accounts: the Hengtai deal's stakeholder map and plan", people_demo.section),
        ("Analytics: the book's funnel, win rates, velocity and forecast", analytics_demo.section),
    ]


def walkthrough(portfolio: Portfolio, locale: str = "en") -> list[str]:
    """Every section's lines, each under its title."""
    lines: list[str] = []
    for title, section in sections():
        lines.append("")
        lines.append(f"== {title} ==")
        lines.extend(section(portfolio, locale))
    return lines
