"""The catalogs and locale a text of the people area is written with (internal)."""

from __future__ import annotations

from salesflow._checks import describe
from salesflow.exceptions import ValidationError
from salesflow.locales import Catalogs, default_catalogs

__all__ = ["catalogs_and_locale"]


def catalogs_and_locale(where: str, catalogs: object, locale: object) -> tuple[Catalogs, str]:
    """``catalogs`` (default: the library's) and ``locale`` normalised; a bad one names its path."""
    if catalogs is None:
        cats = default_catalogs()
    elif isinstance(catalogs, Catalogs):
        cats = catalogs
    else:
        raise ValidationError.single(
            where, "catalogs", f"expected Catalogs or None, got {describe(catalogs)}"
        )
    try:
        return cats, cats.normalise(locale)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ValidationError.single(where, "locale", exc.problems[0].message) from None
