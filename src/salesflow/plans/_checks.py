"""Checks shared by the plans' values (internal)."""

from __future__ import annotations

from collections.abc import Iterable

from salesflow._checks import Checker
from salesflow.money import Money

__all__ = ["money_or_none", "texts"]


def texts(check: Checker, owner: object, names: Iterable[str]) -> None:
    """Each of ``names`` is a tuple of strings."""
    for name in names:
        check.items(name, getattr(owner, name), str, "strings")


def money_or_none(check: Checker, path: str, value: object) -> None:
    """``None`` or an amount of at least 0."""
    if value is None:
        return
    if check.instance(path, value, Money, "Money or None") and value.amount < 0:  # type: ignore[attr-defined]
        check.add(path, f"{value} is negative (expected an amount of at least 0)")
