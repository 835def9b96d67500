"""The demo's wording: its lines from the label catalog, padded by display width."""

from __future__ import annotations

from datetime import timedelta

from salesflow._html import pad
from salesflow.locales import default_catalogs

__all__ = ["heading", "joined", "pad", "say", "span"]


def say(key: str, locale: str, /, **values: object) -> str:
    """The demo label ``demo.<key>`` in ``locale``, its placeholders filled in."""
    return default_catalogs().format(f"demo.{key}", locale, **values)


def span(duration: timedelta | None, locale: str) -> str:
    """A duration as days and hours (``7d 05h``, ``7天05小时``); ``-`` for none."""
    if duration is None:
        return "-"
    days, rest = divmod(int(duration.total_seconds()), 86400)
    return say("span", locale, days=days, hours=rest // 3600)


def heading(title: str, locale: str) -> str:
    """``title`` as the heading of a list (``Title:``, ``标题：``)."""
    return say("heading", locale, title=title)


def joined(parts: list[str], locale: str) -> str:
    """``parts`` as one list (``a, b``; ``a，b``)."""
    return say("comma", locale).join(parts)
