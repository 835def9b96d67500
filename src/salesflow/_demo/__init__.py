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
    from salesflow._demo import records

    return [
        ("The sample portfolio", records.section),
    ]


def walkthrough(portfolio: Portfolio, locale: str = "en") -> list[str]:
    """Every section's lines, each under its title."""
    lines: list[str] = []
    for title, section in sections():
        lines.append("")
        lines.append(f"== {title} ==")
        lines.extend(section(portfolio, locale))
    return lines
