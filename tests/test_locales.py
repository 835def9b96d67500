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


# -- review: odd arguments ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "path"),
    [
        (None, "catalogs"),
        ([("en", {})], "catalogs"),
        ({"en": ["a"]}, "catalogs['en']"),
        ({"en": {"a": 1}}, "catalogs['en']['a']"),
        ({1: {}}, "catalogs[1]"),
    ],
)
def test_catalogs_check_their_shape(value: object, path: str) -> None:
    """Catalogs(<not locale -> key -> label>) is a ValidationError with the path."""
    with pytest.raises(ValidationError) as info:
        Catalogs(value)  # type: ignore[arg-type]
    assert path in info.value.paths


@pytest.mark.parametrize("key", [None, [], 5])
def test_label_needs_a_string_key(key: object) -> None:
    """label(None) returned None and label([]) raised TypeError; both are refused."""
    with pytest.raises(ValidationError) as info:
        default_catalogs().label(key)  # type: ignore[arg-type]
    assert info.value.paths == ("key",)


@pytest.mark.parametrize("locale", [[], None, 5])
def test_locale_must_be_a_string(locale: object) -> None:
    with pytest.raises(ValidationError):
        default_catalogs().label("enum.priority.high", locale)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        default_catalogs().with_labels(locale, {})  # type: ignore[arg-type]


def test_a_label_that_does_not_fit_its_values_is_a_validation_error() -> None:
    """An overridden label with an unknown placeholder or a stray brace names the key."""
    cats = default_catalogs()
    with pytest.raises(ValidationError, match="scorecard") as info:
        cats.format("scoring.summary", "en")
    assert info.value.paths == ("scoring.summary",)
    broken = cats.with_labels("en", {"scoring.summary": "{band"})
    with pytest.raises(ValidationError) as info:
        broken.format("scoring.summary", "en", band="A")
    assert info.value.paths == ("scoring.summary",)


@pytest.mark.parametrize("member", ["high", None, 5])
def test_enum_key_needs_an_enum_member(member: object) -> None:
    with pytest.raises(ValidationError) as info:
        enum_key(member)  # type: ignore[arg-type]
    assert info.value.paths == ("member",)


def test_module_label_refuses_what_is_not_a_catalog() -> None:
    with pytest.raises(ValidationError) as info:
        label("enum.priority.high", "en", catalogs={"en": {}})  # type: ignore[arg-type]
    assert info.value.paths == ("catalogs",)


def test_catalogs_pickle_and_deep_copy() -> None:
    import copy
    import pickle

    cats = default_catalogs().with_labels("fr", {"enum.priority.high": "Haute"})
    assert pickle.loads(pickle.dumps(cats)) == cats
    assert copy.deepcopy(cats).label("enum.priority.high", "fr") == "Haute"
