"""The optional packages of the dedupe extra, imported lazily.

``import salesflow.dedupe`` needs nothing beyond salesflow; the functions
that convert characters, spell pinyin or measure string similarity import
their package on first use and raise :class:`~salesflow.MissingExtraError`
naming ``salesflow[dedupe]`` when it is missing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from salesflow.exceptions import MissingExtraError

__all__ = ["jaro_winkler", "levenshtein", "pinyin", "to_simplified"]


def _missing(package: str) -> MissingExtraError:
    return MissingExtraError(
        f"de-duplication needs the optional dedupe extra (the {package!r} package is "
        "missing): pip install 'salesflow[dedupe]'"
    )


@functools.cache
def _opencc() -> Any:
    try:
        import opencc
    except ImportError:
        raise _missing("opencc-python-reimplemented") from None
    return opencc.OpenCC("t2s")


@functools.cache
def _pinyin() -> Callable[[str], list[str]]:
    try:
        from pypinyin import lazy_pinyin
    except ImportError:
        raise _missing("pypinyin") from None
    return lazy_pinyin


@functools.cache
def _distance() -> Any:
    try:
        from rapidfuzz import distance
    except ImportError:
        raise _missing("rapidfuzz") from None
    return distance


def to_simplified(text: str) -> str:
    """``text`` with traditional Chinese characters turned into simplified ones."""
    return str(_opencc().convert(text))


@functools.lru_cache(maxsize=65536)
def pinyin(text: str) -> str:
    """The toneless pinyin of ``text``, syllables run together (``恒泰`` -> ``hengtai``)."""
    return "".join(_pinyin()(text)).lower()


def jaro_winkler(a: str, b: str) -> float:
    """The Jaro-Winkler similarity of two strings, from 0 to 1."""
    return float(_distance().JaroWinkler.similarity(a, b))


def levenshtein(a: str, b: str) -> int:
    """The Levenshtein (edit) distance of two strings."""
    return int(_distance().Levenshtein.distance(a, b))


def require() -> None:
    """Import every package of the extra now; a MissingExtraError if one is missing."""
    _opencc()
    _pinyin()
    _distance()
