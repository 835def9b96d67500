"""The demo walkthrough, as lines of text: the CLI prints them.

The sample portfolio is package data (``salesflow/data/sample_portfolio.json``);
``cli.py`` reads it and hands the parsed :class:`Portfolio` here. Each area
contributes one section: a function ``section(portfolio, locale) -> list[str]``
in a module of this package, listed in :func:`sections`, its title the label
``demo.section.<name>`` (``locales/_demo.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from salesflow._demo._text import say
from salesflow._demo.portfolio import Portfolio

__all__ = ["Portfolio", "Section", "sections", "walkthrough"]

#: A demo section: the portfolio and a locale in, lines of text out.
Section = Callable[[Portfolio, str], list[str]]


def sections() -> list[tuple[str, Section]]:
    """The demo's sections, in order: (name, function).

    A section's title is the label ``demo.section.<name>``.
    """
    from salesflow._demo import analytics as analytics_demo
    from salesflow._demo import cadence as cadence_demo
    from salesflow._demo import checklists as checklists_demo
    from salesflow._demo import control as control_demo
    from salesflow._demo import dedupe as dedupe_demo
    from salesflow._demo import frontdesk as frontdesk_demo
    from salesflow._demo import gates as gates_demo
    from salesflow._demo import people as people_demo
    from salesflow._demo import records
    from salesflow._demo import scoring as scoring_demo
    from salesflow._demo import stages as stages_demo
    from salesflow._demo import tables as tables_demo

    return [
        ("records", records.section),
        ("stages", stages_demo.section),
        ("checklists", checklists_demo.section),
        ("scoring", scoring_demo.section),
        ("cadence", cadence_demo.section),
        ("gates", gates_demo.section),
        ("control", control_demo.section),
        ("dedupe", dedupe_demo.section),
        ("people", people_demo.section),
        ("tables", tables_demo.section),
        ("frontdesk", frontdesk_demo.section),
        ("analytics", analytics_demo.section),
    ]


def walkthrough(portfolio: Portfolio, locale: str = "en") -> list[str]:
    """Every section's lines, each under its title."""
    lines: list[str] = []
    for name, section in sections():
        lines.append("")
        lines.append(f"== {say(f'section.{name}', locale)} ==")
        lines.extend(section(portfolio, locale))
    return lines
