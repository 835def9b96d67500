"""Exact keys and contact details, each in one canonical form.

* :func:`validate_uscc`: the unified social credit code (统一社会信用代码),
  18 characters whose last is a check character (GB 32100-2015).
* :func:`normalise_phone`: mainland mobiles and landlines in E.164
  (``+8613812345678``), whatever the spaces, dashes, brackets or prefix.
* :func:`normalise_email`: trimmed and lower case; :func:`email_domain`.
* :func:`normalise_person_name`: simplified characters without spaces or
  honorifics (张伟 先生 -> 张伟), Latin names folded, ``Last, First``
  turned round.

``normalise_phone("+86 138-1234-5678")`` is ``"+8613812345678"``; the
examples in docs/dedupe.md are tested.
"""

from __future__ import annotations

import re
import unicodedata

from salesflow._checks import describe
from salesflow.dedupe import _extra
from salesflow.exceptions import ValidationError

__all__ = [
    "email_domain",
    "is_uscc",
    "normalise_email",
    "normalise_person_name",
    "normalise_phone",
    "uscc_check_character",
    "validate_uscc",
]

#: The 31 characters a credit code is written in (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_USCC_SHAPE = re.compile(rf"^[{USCC_ALPHABET}]{{18}}$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EXTENSION = re.compile(r"(转|分机|ext\.?|x)\s*\d+$", re.IGNORECASE)
_HONORIFICS_ZH = ("先生", "女士", "小姐", "老师", "经理", "总经理", "总监", "主任", "老板", "总")
_HONORIFICS_EN = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam"})


def _string(entry: str, path: str, value: object, expected: str) -> str:
    if not isinstance(value, str):
        raise ValidationError.single(entry, path, f"expected {expected}, got {describe(value)}")
    return unicodedata.normalize("NFKC", value).strip()


def uscc_check_character(first17: str) -> str:
    """The check character of the first 17 characters of a credit code."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(code: str) -> str:
    """The credit code in canonical form (upper case, no spaces), or a ValidationError.

    The error is at ``uscc`` and says whether the length, a character or the
    check character is wrong.
    """
    text = re.sub(r"[\s-]", "", _string("validate_uscc", "uscc", code, "a credit code string"))
    text = text.upper()
    if len(text) != 18:
        raise ValidationError.single(
            "validate_uscc",
            "uscc",
            f"{code!r} has {len(text)} characters (expected 18: a unified social credit code)",
        )
    if not _USCC_SHAPE.match(text):
        bad = sorted({c for c in text if c not in USCC_ALPHABET})
        raise ValidationError.single(
            "validate_uscc",
            "uscc",
            f"{code!r} holds {', '.join(map(repr, bad))} (expected digits and the capitals "
            f"of {USCC_ALPHABET[10:]})",
        )
    expected = uscc_check_character(text[:17])
    if text[17] != expected:
        raise ValidationError.single(
            "validate_uscc",
            "uscc",
            f"{code!r} ends in {text[17]!r}, but its check character is {expected!r} "
            "(GB 32100-2015: a character is mistyped)",
        )
    return text


def is_uscc(code: object) -> bool:
    """True when ``code`` is a valid unified social credit code."""
    try:
        validate_uscc(code)  # type: ignore[arg-type]
    except ValidationError:
        return False
    return True


def normalise_phone(phone: str) -> str:
    """A phone number in one form: E.164 for China (``+86...``), digits otherwise.

    Spaces, dashes, dots, brackets, a ``+86``/``0086`` prefix, the trunk ``0``
    of a landline and an extension (``转 123``, ``ext 123``) are handled; a
    number with letters or too few digits is a ValidationError at ``phone``.
    """
    text = _EXTENSION.sub("", _string("normalise_phone", "phone", phone, "a phone string"))
    plus = text.startswith("+")
    digits = re.sub(r"[\s\-().]", "", text.lstrip("+"))
    if not digits.isdigit() or not 5 <= len(digits) <= 15:
        raise ValidationError.single(
            "normalise_phone",
            "phone",
            f"{phone!r} is not a phone number (expected 5 to 15 digits, with spaces, "
            "dashes or a +86 prefix if you like)",
        )
    if digits.startswith("0086"):
        digits, plus = digits[2:], True
    if plus and not digits.startswith("86"):
        return f"+{digits}"
    national = digits[2:] if digits.startswith("86") and (plus or len(digits) == 13) else digits
    if re.fullmatch(r"1[3-9]\d{9}", national):
        return f"+86{national}"
    if re.fullmatch(r"0[1-9]\d{8,10}", national):
        return f"+86{national[1:]}"
    if plus:
        return f"+86{national}"
    return national


def normalise_email(email: str) -> str:
    """The address trimmed, half-width and lower case; a ValidationError at ``email``."""
    text = _string("normalise_email", "email", email, "an e-mail string").lower()
    text = text.replace("mailto:", "", 1) if text.startswith("mailto:") else text
    if not _EMAIL.match(text):
        raise ValidationError.single(
            "normalise_email",
            "email",
            f"{email!r} is not shaped like an e-mail address (expected name@domain)",
        )
    return text


def email_domain(email: str) -> str:
    """The domain of an address (``sales@hengtai.cn`` -> ``hengtai.cn``)."""
    return normalise_email(email).rsplit("@", 1)[1]


def normalise_person_name(name: str) -> str:
    """A person's name in one form, for comparison.

    Chinese: simplified, no spaces, no honorific (张伟 先生, 張偉 -> 张伟).
    Latin: lower case, accents and punctuation dropped, ``Smith, John`` ->
    ``john smith``, no title (Mr, Dr). A ValidationError at ``name`` when it
    holds no letters.
    """
    text = _string("normalise_person_name", "name", name, "a name string")
    if _CJK.search(text):
        text = re.sub(r"[\s·.\-]", "", _extra.to_simplified(text))
        for word in _HONORIFICS_ZH:
            if text.endswith(word) and len(text) > len(word) + 1:
                text = text[: -len(word)]
                break
        folded = text.lower()
    else:
        if text.count(",") == 1:
            last, first = text.split(",")
            text = f"{first} {last}"
        plain = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
        words = [w for w in re.findall(r"[a-z0-9']+", plain) if w not in _HONORIFICS_EN]
        folded = " ".join(words)
    if not re.search(r"\w", folded):
        raise ValidationError.single(
            "normalise_person_name", "name", f"{name!r} holds no letters (expected a name)"
        )
    return folded
