"""Where a pair stands on one comparison: the level functions of each method.

Each function takes the two profiles' values and returns a level index
(0 is ``different``), or -1 when a value is missing on either side. Every
function is symmetric in its two sides.
"""

from __future__ import annotations

from collections.abc import Callable

from salesflow.dedupe import _extra
from salesflow.dedupe._lexicon import PROVINCE_OF
from salesflow.dedupe.profiles import Profile
from salesflow.dedupe.settings import Comparison, Method

__all__ = ["MISSING", "level"]

#: The level of a pair whose field is missing on either side.
MISSING = -1

_Level = Callable[[Comparison, Profile, Profile, str, str], int]


def _exact(_: Comparison, __: Profile, ___: Profile, a: str, b: str) -> int:
    return 1 if a == b else 0


def _text(c: Comparison, _: Profile, __: Profile, a: str, b: str) -> int:
    if a == b:
        return 3
    score = _extra.jaro_winkler(a, b)
    return 2 if score >= c.thresholds[0] else 1 if score >= c.thresholds[1] else 0


def _near(_: Comparison, __: Profile, ___: Profile, a: str, b: str) -> int:
    if a == b:
        return 3
    edits = _extra.levenshtein(a, b)
    return 2 if edits <= 1 else 1 if edits <= 2 else 0


def _core(c: Comparison, pa: Profile, pb: Profile, a: str, b: str) -> int:
    if a == b:
        return 4
    sa, sb = pa.get(f"{c.field}.pinyin") or "", pb.get(f"{c.field}.pinyin") or ""
    if pa.get(f"{c.field}.script") != pb.get(f"{c.field}.script"):
        if sa and sa == sb:
            return 3
        return 2 if sa and sb and _extra.jaro_winkler(sa, sb) >= c.thresholds[0] else 0
    if pa.get(f"{c.field}.script") == "en" or (not sa and not sb):
        return 2 if _extra.jaro_winkler(a, b) >= c.thresholds[0] else 0
    if max(len(a), len(b)) >= 3 and _extra.levenshtein(a, b) <= 1:
        return 2
    return 1 if sa and sa == sb else 0


def _region(_: Comparison, __: Profile, ___: Profile, a: str, b: str) -> int:
    if a == b:
        return 2
    # a city and its province are compatible; two cities of one province are not
    return 1 if PROVINCE_OF.get(a) == b or PROVINCE_OF.get(b) == a else 0


def _industry(_: Comparison, __: Profile, ___: Profile, a: str, b: str) -> int:
    ka, kb = set(a.split()), set(b.split())
    return 2 if ka == kb else 1 if ka & kb else 0


def _person(c: Comparison, pa: Profile, pb: Profile, a: str, b: str) -> int:
    if a == b:
        return 3
    sa, sb = pa.get(f"{c.field}.pinyin"), pb.get(f"{c.field}.pinyin")
    if sa is not None and sa == sb:
        return 2
    return 1 if _extra.jaro_winkler(a, b) >= c.thresholds[1] else 0


def _email(_: Comparison, __: Profile, ___: Profile, a: str, b: str) -> int:
    if a == b:
        return 2
    return 1 if a.rsplit("@", 1)[-1] == b.rsplit("@", 1)[-1] else 0


_FUNCTIONS: dict[Method, _Level] = {
    Method.EXACT: _exact,
    Method.TEXT: _text,
    Method.NEAR: _near,
    Method.CORE: _core,
    Method.REGION: _region,
    Method.INDUSTRY: _industry,
    Method.PERSON: _person,
    Method.EMAIL: _email,
}


def level(comparison: Comparison, left: Profile, right: Profile) -> int:
    """The level index of ``left`` and ``right`` on ``comparison`` (-1: a value is missing)."""
    a, b = left.values.get(comparison.field), right.values.get(comparison.field)
    if not a or not b:
        return MISSING
    return _FUNCTIONS[comparison.method](comparison, left, right, a, b)
