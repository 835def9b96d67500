"""Label catalogs: every user-facing label has a stable key, in English and
Simplified Chinese.

A :class:`Catalogs` value maps a locale (``"en"``, ``"zh-Hans"``) to its
labels. :func:`default_catalogs` holds the library's own; a team adds a
locale or overrides labels by building a new value, never by editing the
package or a global.

>>> from salesflow.locales import default_catalogs
>>> cats = default_catalogs()
>>> cats.label("enum.priority.high", "zh-Hans")
'高'
>>> mine = cats.with_labels("en", {"enum.priority.high": "Hot"})
>>> mine.label("enum.priority.high")
'Hot'
>>> cats.label("enum.priority.high")
'High'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import Enum

import attrs

from salesflow._checks import built_once, describe, shown
from salesflow.exceptions import Problem, ValidationError
from salesflow.frozen import FrozenDict

__all__ = ["DEFAULT_LOCALE", "LOCALES", "Catalogs", "default_catalogs", "enum_key", "label"]

#: The locale used when none is asked for, and the fallback for missing labels.
DEFAULT_LOCALE = "en"
#: The locales the library ships.
LOCALES = ("en", "zh-Hans")

_ALIASES = {
    "zh": "zh-Hans",
    "zh-CN": "zh-Hans",
    "zh_CN": "zh-Hans",
    "zh_Hans": "zh-Hans",
    "zh-Hans-CN": "zh-Hans",
    "zh_Hans_CN": "zh-Hans",
}


def _freeze(value: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    # lenient: what is not a mapping of mappings is left for the post-init check
    if not isinstance(value, Mapping) or not all(isinstance(m, Mapping) for m in value.values()):
        return value
    return FrozenDict({loc: FrozenDict(m) for loc, m in value.items()})


@attrs.frozen(slots=True)
class Catalogs:
    """Labels by locale. Missing labels fall back to English, then the key."""

    catalogs: Mapping[str, Mapping[str, str]] = attrs.field(converter=_freeze, hash=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        value = self.catalogs
        if not isinstance(value, Mapping):
            problems.append(
                Problem(
                    "catalogs",
                    f"expected a mapping of locale to labels, got {describe(value)}",
                )
            )
        else:
            for locale, labels in value.items():
                where = f"catalogs[{locale!r}]"
                if not isinstance(locale, str) or not locale:
                    problems.append(Problem(where, "a locale is a non-empty string"))
                if not isinstance(labels, Mapping):
                    problems.append(
                        Problem(
                            where, f"expected a mapping of key to label, got {describe(labels)}"
                        )
                    )
                    continue
                for key, text in labels.items():
                    if not isinstance(key, str) or not isinstance(text, str):
                        problems.append(
                            Problem(f"{where}[{key!r}]", "keys and labels must be strings")
                        )
        if problems:
            raise ValidationError("Catalogs", problems)

    def locales(self) -> tuple[str, ...]:
        return tuple(self.catalogs)

    def normalise(self, locale: str) -> str:
        """The catalog name for ``locale`` (``"zh-CN"`` and ``"zh"`` mean ``"zh-Hans"``)."""
        name = _ALIASES.get(locale, locale) if isinstance(locale, str) else None
        if name is None or name not in self.catalogs:
            known = ", ".join(repr(k) for k in self.catalogs)
            raise ValidationError.single(
                "locale", "", f"unknown locale {shown(locale)} (expected one of {known})"
            )
        return name

    def label(self, key: str, locale: str = DEFAULT_LOCALE) -> str:
        """The label for ``key`` in ``locale``; English, then the key, if missing."""
        if not isinstance(key, str):
            raise ValidationError.single(
                "label", "key", f"expected a label key string, got {describe(key)}"
            )
        catalog = self.catalogs[self.normalise(locale)]
        found = catalog.get(key)
        if found is None:
            found = self.catalogs.get(DEFAULT_LOCALE, {}).get(key, key)
        return found

    def format(self, key: str, locale: str = DEFAULT_LOCALE, /, **values: object) -> str:
        """The label for ``key`` with ``{name}`` placeholders filled in.

        A label whose placeholders do not match ``values`` (an override with a
        typo) is a :class:`~salesflow.ValidationError` at ``key``.
        """
        text = self.label(key, locale)
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            given = ", ".join(sorted(values)) or "none"
            raise ValidationError.single(
                "label",
                key,
                f"the {locale!r} label {text!r} does not fit its values ({type(exc).__name__}: "
                f"{exc}; expected placeholders among: {given})",
            ) from None

    def with_labels(self, locale: str, labels: Mapping[str, str]) -> Catalogs:
        """A new value with ``labels`` added to (or overriding) ``locale``'s catalog.

        An unknown ``locale`` adds a new catalog.
        """
        if not isinstance(locale, str) or not locale:
            raise ValidationError.single(
                "Catalogs", "locale", f"expected a locale string, got {describe(locale)}"
            )
        if not isinstance(labels, Mapping):
            raise ValidationError.single(
                "Catalogs", locale, f"expected a mapping of labels, got {describe(labels)}"
            )
        bad = [k for k, v in labels.items() if not isinstance(k, str) or not isinstance(v, str)]
        if bad:
            raise ValidationError(
                "Catalogs",
                [Problem(f"{locale}[{k!r}]", "keys and labels must be strings") for k in bad],
            )
        name = _ALIASES.get(locale, locale)
        merged = {**self.catalogs}
        merged[name] = {**self.catalogs.get(name, {}), **labels}
        return Catalogs(merged)


@built_once
def default_catalogs() -> Catalogs:
    """The library's own catalogs, English and Simplified Chinese."""
    from salesflow.locales._areas import area_catalogs

    en: dict[str, str] = {}
    zh: dict[str, str] = {}
    for area_en, area_zh in area_catalogs():
        en.update(area_en)
        zh.update(area_zh)
    return Catalogs({"en": en, "zh-Hans": zh})


def enum_key(member: Enum) -> str:
    """The label key of an enum member: ``enum.<vocabulary>.<value>``.

    >>> from salesflow import Priority
    >>> enum_key(Priority.HIGH)
    'enum.priority.high'
    """
    if not isinstance(member, Enum):
        raise ValidationError.single(
            "enum_key", "member", f"expected an enum member, got {describe(member)}"
        )
    vocabulary = re.sub(r"(?<!^)(?=[A-Z])", "_", type(member).__name__).lower()
    return f"enum.{vocabulary}.{member.value}"


def label(key: str, locale: str = DEFAULT_LOCALE, catalogs: Catalogs | None = None) -> str:
    """The label for ``key`` in ``locale``, from ``catalogs`` (default: the library's)."""
    if catalogs is None:
        return default_catalogs().label(key, locale)
    if not isinstance(catalogs, Catalogs):
        raise ValidationError.single(
            "label", "catalogs", f"expected a Catalogs or None, got {describe(catalogs)}"
        )
    return catalogs.label(key, locale)
