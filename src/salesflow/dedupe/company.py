"""Company names taken apart: region, core name, industry, legal form, branch.

:func:`parse_company` reads a Chinese or English company name and returns a
:class:`CompanyName` that shows each part it found, after full-width to
half-width and traditional to simplified conversion and folding of case,
spaces and punctuation. Nothing is thrown away: bracketed text that names a
region becomes the region, a branch marker becomes a relation to the head
office, and the original stays on the value.

``parse_company("恒泰机械(北京)有限公司")`` has region 北京, core 恒泰,
industry 机械 and legal form 有限公司; ``parse_company("Hengtai Machinery
Co., Ltd.")`` has core ``hengtai`` and industry ``machinery``
(docs/dedupe-chinese-names.md shows every part).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from salesflow._checks import Checker, describe, to_tuple
from salesflow.dedupe import _extra
from salesflow.dedupe._lexicon import (
    BRANCH_EN,
    BRANCH_ZH,
    COUNTRY_WORDS,
    INDUSTRY_EN,
    INDUSTRY_ZH,
    LEGAL_EN,
    LEGAL_ZH,
    PROVINCE_OF,
    REGION_ENGLISH,
    REGION_SUFFIXES,
    REGIONS,
)
from salesflow.exceptions import ValidationError

__all__ = ["SCRIPTS", "CompanyName", "fold_text", "parse_company", "parse_region"]

#: The scripts a name is read in: Chinese characters, or Latin letters.
SCRIPTS = ("zh", "en")

_CJK = re.compile(r"[\u3400-\u9fff]")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")"})
_ZH_DROP = re.compile(r"[^\w()]|_")
_BRACKET_GROUP = re.compile(r"\(([^()]*)\)")
_REGION_AT = re.compile(f"({'|'.join(REGIONS)})(?:{'|'.join(REGION_SUFFIXES)})?")
_INDUSTRY_END = re.compile(f"(?:{'|'.join(INDUSTRY_ZH)})$")


@attrs.frozen(slots=True, kw_only=True)
class CompanyName:
    """A company name and the parts :func:`parse_company` found in it.

    ``normalised`` is the whole name folded (half-width, simplified, lower
    case, no punctuation); ``core`` the distinctive name (恒泰, ``hengtai``);
    ``core_pinyin`` its toneless pinyin, a blocking key only. ``region`` is
    in simplified Chinese for both scripts (``Beijing`` gives 北京).
    ``industry`` is the industry word as written and ``industry_keys`` its
    language-neutral keys (机械 and ``machinery`` are both ``"machinery"``);
    ``legal_form`` likewise with ``legal_kind`` (``"limited"``,
    ``"joint_stock"``, ``"group"``, ...). A branch keeps its marker in
    ``branch``, its place in ``branch_region`` and the head office's
    normalised name in ``head_office``. A name written in both scripts
    (恒泰机械 Hengtai Machinery) is parsed from its Chinese and keeps the
    rest, folded, in ``alias``.
    """

    original: str
    normalised: str
    script: str
    core: str
    core_pinyin: str
    region: str | None = None
    industry: str | None = None
    industry_keys: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    legal_form: str | None = None
    legal_kind: str | None = None
    branch: str | None = None
    branch_region: str | None = None
    head_office: str | None = None
    alias: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("CompanyName")
        check.text("original", self.original)
        check.text("normalised", self.normalised)
        if check.instance("script", self.script, str, "a script") and self.script not in SCRIPTS:
            check.add("script", f"unknown script {self.script!r} (expected 'zh' or 'en')")
        check.text("core", self.core)
        check.text("core_pinyin", self.core_pinyin, allow_empty=True)
        for name in ("region", "industry", "legal_form", "legal_kind", "branch"):
            check.optional_text(name, getattr(self, name))
        check.optional_text("branch_region", self.branch_region)
        check.optional_text("head_office", self.head_office)
        check.optional_text("alias", self.alias)
        check.items("industry_keys", self.industry_keys, str, "industry keys")
        if self.head_office is not None and self.branch is None:
            check.add("head_office", "set, but the name has no branch marker")
        check.done()

    @property
    def is_branch(self) -> bool:
        """True when the name carries a branch marker (分公司, 办事处, branch, ...)."""
        return self.branch is not None

    @property
    def province(self) -> str | None:
        """The province of the region (the region itself when it is a province)."""
        return None if self.region is None else PROVINCE_OF.get(self.region, self.region)


def fold_text(text: str) -> str:
    """Full-width to half-width, traditional to simplified, lower case, one space."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    if _CJK.search(folded):
        folded = _extra.to_simplified(folded)
    return " ".join(folded.lower().split())


def parse_company(name: str) -> CompanyName:
    """Take a company name apart; see :class:`CompanyName` for the parts.

    Raises :class:`~salesflow.ValidationError` at ``name`` for a value that is
    not a string or holds no letters or characters.
    """
    if not isinstance(name, str):
        raise ValidationError.single(
            "parse_company", "name", f"expected a company name string, got {describe(name)}"
        )
    folded = fold_text(name)
    if not re.search(r"[^\W_]", folded) or not (_CJK.search(folded) or _words(folded)):
        raise ValidationError.single(
            "parse_company",
            "name",
            f"{name!r} holds no letters or characters (expected a company name)",
        )
    if _CJK.search(folded):
        chinese, alias = _split_bilingual(folded)
        parsed = _parse_zh(name, _ZH_DROP.sub("", chinese))
        return parsed if alias is None else attrs.evolve(parsed, alias=alias)
    return _parse_en(name, _words(folded))


def _words(folded: str) -> list[str]:
    """The words of a name in letters: accents dropped, punctuation gone."""
    plain = unicodedata.normalize("NFKD", folded)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", plain)


def _split_bilingual(folded: str) -> tuple[str, str | None]:
    """A name written in both scripts (恒泰机械 Hengtai Machinery): the Chinese, the rest."""
    words = folded.replace("(", " ( ").replace(")", " ) ").split()
    latin = [w for w in words if re.fullmatch(r"[a-z][a-z0-9.,&'-]*", w)]
    bracketed = re.search(r"\(\s*[a-z][a-z0-9 .,&'-]*\)", folded) is not None
    if len(latin) < 2 and not (latin and bracketed):
        return folded, None
    chinese = "".join(w for w in words if w not in latin and w not in "()")
    if not _CJK.search(chinese):
        return folded, None
    return chinese, " ".join(re.findall(r"[a-z0-9]+", " ".join(latin)))


def parse_region(text: str) -> str | None:
    """The region a place name or address names (北京市, ``Shanghai``), if any."""
    folded = fold_text(text) if isinstance(text, str) else ""
    if _CJK.search(folded):
        region, _ = _leading_regions(_ZH_DROP.sub("", folded))
        return region
    return _en_regions(_words(folded))[0]


# -- Chinese names ----------------------------------------------------------------


def _region_at(text: str, start: int) -> tuple[str, int] | None:
    """A region name (with its administrative suffix) at ``start``, and where it ends."""
    found = _REGION_AT.match(text, start)
    return None if found is None else (found.group(1), found.end())


def _as_region(text: str) -> str | None:
    """``text`` is exactly a region name, perhaps with its suffix."""
    found = _region_at(text, 0)
    return found[0] if found is not None and found[1] == len(text) else None


def _leading_regions(text: str) -> tuple[str | None, str]:
    """Regions at the start (广东省深圳市...): the most specific, and the rest."""
    region = None
    while (found := _region_at(text, 0)) is not None and found[1] < len(text):
        region, text = found[0], text[found[1] :]
    return region, text


def _bracket_regions(text: str) -> tuple[str | None, str]:
    """Bracketed regions anywhere (恒泰机械(北京)有限公司): the region, the rest."""
    region = None
    for content in _BRACKET_GROUP.findall(text):
        if (found := _as_region(content)) is not None:
            region = region or found
            text = text.replace(f"({content})", "", 1)
        elif content in COUNTRY_WORDS:
            text = text.replace(f"({content})", "", 1)
    return region, text


def _split_branch_zh(text: str) -> tuple[str | None, str | None, str]:
    """(branch marker, branch region, head office part) of a Chinese name."""
    marker = next((m for m in BRANCH_ZH if text.endswith(m) and len(text) > len(m)), None)
    if marker is None:
        return None, None, text
    rest = text[: -len(marker)]
    bracket = re.search(r"\(([^()]*)\)$", rest)
    if bracket is not None:
        return f"{bracket.group(1)}{marker}", _as_region(bracket.group(1)), rest[: bracket.start()]
    cut = max((rest.rfind(f) + len(f) for f in LEGAL_ZH if f in rest), default=-1)
    if 0 < cut < len(rest):
        place = rest[cut:]
        return f"{place}{marker}", _as_region(place), rest[:cut]
    for region in REGIONS:
        for suffix in ("", *REGION_SUFFIXES):
            tail = region + suffix
            if rest.endswith(tail) and len(rest) > len(tail):
                return f"{tail}{marker}", region, rest[: -len(tail)]
    return marker, None, rest


def _take_industry_zh(text: str) -> tuple[str | None, tuple[str, ...], str]:
    """Industry words at the end of ``text`` (电子科技): text, keys, and the core."""
    words: list[str] = []
    keys: list[str] = []
    while (found := _INDUSTRY_END.search(text)) is not None:
        word = found.group(0)
        if len(text) - len(word) < 2:
            fits = (w for w in INDUSTRY_ZH if text.endswith(w) and len(text) - len(w) >= 2)
            word = next(fits, "")
            if not word:
                break
        words.insert(0, word)
        keys.insert(0, INDUSTRY_ZH[word])
        text = text[: -len(word)]
    return ("".join(words) or None), tuple(dict.fromkeys(keys)), text


def _parse_zh(original: str, text: str) -> CompanyName:
    branch, branch_region, head = _split_branch_zh(text)
    region, rest = _bracket_regions(head)
    legal = next((f for f in LEGAL_ZH if rest.endswith(f) and len(rest) > len(f)), None)
    if legal is not None:
        rest = rest[: -len(legal)]
        more, rest = _bracket_regions(rest)
        region = region or more
    for word in COUNTRY_WORDS:
        if rest.startswith(word) and len(rest) > len(word) + 1:
            rest = rest[len(word) :]
    leading, rest = _leading_regions(rest)
    region = region or leading
    rest = rest.replace("(", "").replace(")", "")
    industry, keys, core = _take_industry_zh(rest)
    if not core:
        core, industry, keys = rest or head, None, ()
    return CompanyName(
        original=original,
        normalised=text,
        script="zh",
        core=core,
        core_pinyin=_extra.pinyin(core),
        region=region,
        industry=industry,
        industry_keys=keys,
        legal_form=legal,
        legal_kind=None if legal is None else LEGAL_ZH[legal],
        branch=branch,
        branch_region=branch_region,
        head_office=head if branch is not None else None,
    )


# -- English names ----------------------------------------------------------------


@functools.cache
def _english_regions() -> dict[str, str]:
    found: dict[str, str] = {}
    for region in sorted(REGIONS, key=lambda r: (r not in PROVINCE_OF.values(), r)):
        if region != "陕西":
            found.setdefault(_extra.pinyin(region), region)
    found.update(REGION_ENGLISH)
    return found


def _en_regions(tokens: list[str]) -> tuple[str | None, list[str]]:
    """The first region named by one or two tokens, and the tokens without it."""
    names = _english_regions()
    for i in range(len(tokens)):
        for width in (2, 1):
            key = "".join(tokens[i : i + width])
            if len(tokens[i : i + width]) == width and key in names:
                return names[key], tokens[:i] + tokens[i + width :]
    return None, tokens


def _ends_with(tokens: list[str], seq: tuple[str, ...]) -> bool:
    return len(tokens) > len(seq) and tuple(tokens[-len(seq) :]) == seq


def _split_branch_en(tokens: list[str]) -> tuple[str | None, str | None, list[str]]:
    """(branch marker, branch region, head office tokens) of an English name."""
    for seq in BRANCH_EN:
        for i in range(len(tokens) - len(seq) + 1):
            if tuple(tokens[i : i + len(seq)]) != seq:
                continue
            after = tokens[i + len(seq) :]
            if after[:1] == ["of"] and len(after) > 1:  # "Shanghai Branch of Hengtai ..."
                place, head = tokens[:i], after[1:]
            elif not after and i > 0:  # "Hengtai ... Co., Ltd. Shanghai Branch"
                head, place = tokens[:i], []
                region, rest = _en_regions(head[-2:])
                if region is not None:
                    place, head = [t for t in head[-2:] if t not in rest], head[:-2] + rest
            else:
                continue
            branch_region = _en_regions(place)[0] if place else None
            return " ".join([*place, *seq]), branch_region, head
    return None, None, tokens


def _take_legal_en(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Legal-form tokens stripped from the end (``group co ltd``), and the rest."""
    legal: list[str] = []
    for _ in range(2):
        seq = next((s for s, _ in LEGAL_EN if _ends_with(tokens, s)), None)
        if seq is None:
            break
        legal[:0] = list(seq)
        tokens = tokens[: -len(seq)]
    return legal, tokens


def _legal_kind_en(legal: list[str]) -> str | None:
    kinds = [kind for seq, kind in LEGAL_EN if " ".join(seq) in " ".join(legal)]
    if not kinds:
        return None
    return "group" if "group" in kinds else kinds[0]


def _take_industry_en(tokens: list[str]) -> tuple[list[str], list[str]]:
    words: list[str] = []
    while len(tokens) > 1 and (
        tokens[-1] in INDUSTRY_EN or (tokens[-1] == "and" and words and len(tokens) > 2)
    ):
        words.insert(0, tokens.pop())
    if words[:1] == ["and"]:
        tokens.append(words.pop(0))
    return words, tokens


def _parse_en(original: str, tokens: list[str]) -> CompanyName:
    normalised = " ".join(tokens)
    if tokens[:1] == ["the"] and len(tokens) > 1:
        tokens = tokens[1:]
    branch, branch_region, head = _split_branch_en(tokens)
    legal, rest = _take_legal_en(head)
    region, rest = _en_regions(rest)
    rest = [t for t in rest if t not in COUNTRY_WORDS] or rest
    words, core_tokens = _take_industry_en(rest)
    return CompanyName(
        original=original,
        normalised=normalised,
        script="en",
        core=" ".join(core_tokens),
        core_pinyin="".join(core_tokens),
        region=region,
        industry=" ".join(words) or None,
        industry_keys=tuple(dict.fromkeys(INDUSTRY_EN[w] for w in words if w in INDUSTRY_EN)),
        legal_form=" ".join(legal) or None,
        legal_kind=_legal_kind_en(legal),
        branch=branch,
        branch_region=branch_region,
        head_office=" ".join(head) if branch is not None else None,
    )
