"""Label catalogs: complete in both languages, overridable without editing."""

from __future__ import annotations

from enum import Enum

import pytest

import salesflow.records as records
from salesflow import ValidationError
from salesflow.locales import LOCALES, Catalogs, default_catalogs, enum_key, label
from salesflow.locales._areas import area_catalogs


def test_every_catalog_has_the_same_keys() -> None:
    """A key in one shipped language and not the other fails here, with the key."""
    cats = default_catalogs()
    en = set(cats.catalogs["en"])
    zh = set(cats.catalogs["zh-Hans"])
    assert sorted(en - zh) == [], "missing from zh-Hans"
    assert sorted(zh - en) == [], "missing from en"


def test_each_area_ships_both_languages_with_the_same_keys() -> None:
    for en, zh in area_catalogs():
        assert set(en) == set(zh)


def test_no_label_is_empty() -> None:
    for locale in LOCALES:
        for key, text in default_catalogs().catalogs[locale].items():
            assert text.strip(), (locale, key)


def _enums() -> list[type[Enum]]:
    return [
        obj
        for obj in vars(records).values()
        if isinstance(obj, type) and issubclass(obj, Enum) and obj is not Enum
    ]


@pytest.mark.parametrize("kind", _enums(), ids=lambda k: k.__name__)
def test_every_enum_member_has_a_label(kind: type[Enum]) -> None:
    en = default_catalogs().catalogs["en"]
    for member in kind:
        assert enum_key(member) in en


def test_aliases_and_fallbacks() -> None:
    cats = default_catalogs()
    assert cats.label("enum.priority.low", "zh-CN") == "低"
    assert cats.label("enum.priority.low", "zh") == "低"
    partial = cats.with_labels("fr", {"enum.priority.low": "Basse"})
    assert partial.label("enum.priority.low", "fr") == "Basse"
    assert partial.label("enum.priority.high", "fr") == "High"  # falls back to English
    assert cats.label("no.such.key") == "no.such.key"


def test_overrides_make_a_new_value() -> None:
    cats = default_catalogs()
    mine = cats.with_labels("zh-Hans", {"enum.priority.high": "紧急"})
    assert mine.label("enum.priority.high", "zh-Hans") == "紧急"
    assert cats.label("enum.priority.high", "zh-Hans") == "高"
    assert label("enum.priority.high", "zh-Hans", catalogs=mine) == "紧急"


def test_unknown_locale_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="unknown locale 'xx'"):
        default_catalogs().label("enum.priority.high", "xx")


def test_bad_overrides_are_refused() -> None:
    cats = default_catalogs()
    with pytest.raises(ValidationError) as info:
        cats.with_labels("en", {"a": 1})  # type: ignore[dict-item]
    assert info.value.paths == ("en['a']",)
    with pytest.raises(ValidationError):
        cats.with_labels("en", ["a"])  # type: ignore[arg-type]


def test_format_fills_placeholders() -> None:
    cats = Catalogs({"en": {"greet": "Hello {name}"}})
    assert cats.format("greet", "en", name="Li") == "Hello Li"


def test_no_key_is_defined_by_two_areas() -> None:
    """Areas merge into one catalog; a key two areas define would silently shadow one."""
    seen: dict[str, int] = {}
    clashes = []
    for index, (en, _) in enumerate(area_catalogs()):
        for key in en:
            if key in seen:
                clashes.append((key, seen[key], index))
            seen[key] = index
    assert clashes == []
