"""What to compare and how: comparisons, their levels, blocking keys, thresholds.

A :class:`Settings` is a definition (plain data through
:func:`salesflow.from_dict`). Each :class:`Comparison` compares one field of
two :class:`~salesflow.dedupe.Profile` values and puts the pair at one of
the levels of its :class:`Method`, from ``different`` (level 0) up to
``exact``; a field missing on either side is at no level and weighs
nothing. ``blocking`` names the fields whose equal values make two records
candidates (the union of the blocks is compared). ``exact_keys`` name
fields whose agreement decides a match by itself (the credit code).

The presets :data:`CUSTOMER_SETTINGS`, :data:`CONTACT_SETTINGS` and
:data:`LEAD_SETTINGS` are what :func:`~salesflow.dedupe.find_duplicates`
uses for each kind of record.
"""

from __future__ import annotations

import enum

import attrs

from salesflow._checks import Checker, definition_checker, describe, to_tuple
from salesflow.convert import Definition

__all__ = [
    "CONTACT_SETTINGS",
    "CUSTOMER_SETTINGS",
    "LEAD_SETTINGS",
    "Comparison",
    "Method",
    "Settings",
]


class Method(enum.StrEnum):
    """How a comparison puts a pair at a level; each has its own levels."""

    EXACT = "exact"  #: equal or not
    TEXT = "text"  #: Jaro-Winkler similarity against two thresholds
    NEAR = "near"  #: edit distance (numbers, dates, codes): one or two edits
    CORE = "core"  #: a company's core name: characters, sound, transliteration
    REGION = "region"  #: a region: equal, or a city and its province
    INDUSTRY = "industry"  #: industry keys: equal, overlapping or not
    PERSON = "person"  #: a person's name: exact, same pinyin, similar
    EMAIL = "email"  #: an address: equal, same domain or not

    @property
    def levels(self) -> tuple[str, ...]:
        """The level keys, lowest (``different``) first."""
        return _LEVELS[self]


_LEVELS: dict[Method, tuple[str, ...]] = {
    Method.EXACT: ("different", "exact"),
    Method.TEXT: ("different", "similar", "close", "exact"),
    Method.NEAR: ("different", "similar", "close", "exact"),
    Method.CORE: ("different", "sounds_alike", "similar", "transliterated", "exact"),
    Method.REGION: ("different", "same_province", "exact"),
    Method.INDUSTRY: ("different", "overlap", "exact"),
    Method.PERSON: ("different", "similar", "sounds_alike", "exact"),
    Method.EMAIL: ("different", "same_domain", "exact"),
}


def _unit(check: Checker, path: str, value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        check.add(path, f"expected a number from 0 to 1, got {describe(value)}")
        return False
    if not 0 < value < 1:
        check.add(path, f"{value} is out of range (expected more than 0 and less than 1)")
        return False
    return True


@attrs.frozen(slots=True, kw_only=True)
class Comparison(Definition):
    """Compare ``field`` of two profiles by ``method``.

    ``conflict`` marks a field whose disagreement means two distinct
    entities (another region, another credit code): such a pair is never
    joined into one cluster through third records. ``thresholds`` are the
    ``close`` and ``similar`` cut-offs of the TEXT and PERSON methods.
    """

    field: str
    method: Method
    conflict: bool = False
    thresholds: tuple[float, float] = (0.94, 0.85)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Comparison")
        check.text("field", self.field)
        check.enum_field(self, "method", Method)
        check.instance("conflict", self.conflict, bool, "true or false")
        if not isinstance(self.thresholds, tuple) or len(self.thresholds) != 2:
            check.add("thresholds", f"expected two numbers, got {describe(self.thresholds)}")
        elif (
            all(_unit(check, f"thresholds[{i}]", t) for i, t in enumerate(self.thresholds))
            and self.thresholds[0] < self.thresholds[1]
        ):
            check.add("thresholds", "the close cut-off must not be below the similar one")
        check.done()

    @property
    def levels(self) -> tuple[str, ...]:
        """The level keys of this comparison, lowest first."""
        return self.method.levels


def _check_fields(check: Checker, settings: Settings) -> None:
    fields = [c.field for c in settings.comparisons if isinstance(c, Comparison)]
    check.unique("comparisons", fields, "compared field")
    for i, key in enumerate(settings.exact_keys):
        if check.text(f"exact_keys[{i}]", key) and key not in fields:
            check.add(f"exact_keys[{i}]", f"{key!r} is not a compared field ({', '.join(fields)})")
    for i, key in enumerate(settings.blocking):
        check.text(f"blocking[{i}]", key)


@attrs.frozen(slots=True, kw_only=True)
class Settings(Definition):
    """Comparisons, blocking keys and the thresholds between the outcomes.

    A pair whose match probability is at least ``match_at`` is a match, at
    least ``review_at`` goes to human review, below that it is not a match.
    Blocks of more than ``max_block_size`` records are skipped (and
    reported); the model is estimated by EM only from at least
    ``min_pairs_for_em`` candidate pairs, else its prior values are used.
    """

    comparisons: tuple[Comparison, ...] = attrs.field(converter=to_tuple)
    blocking: tuple[str, ...] = attrs.field(converter=to_tuple)
    exact_keys: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    match_at: float = 0.9
    review_at: float = 0.3
    max_block_size: int = 200
    min_pairs_for_em: int = 200
    max_iterations: int = 200
    tolerance: float = 1e-6

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Settings")
        ok = check.items("comparisons", self.comparisons, Comparison, "Comparison")
        if ok and not self.comparisons:
            check.add("comparisons", "must not be empty")
        check.items("blocking", self.blocking, str, "field names")
        check.items("exact_keys", self.exact_keys, str, "field names")
        if ok and isinstance(self.blocking, tuple) and isinstance(self.exact_keys, tuple):
            _check_fields(check, self)
        if not self.blocking and isinstance(self.blocking, tuple):
            check.add("blocking", "must not be empty (name at least one field to block on)")
        good = _unit(check, "match_at", self.match_at) & _unit(check, "review_at", self.review_at)
        if good and self.review_at > self.match_at:
            check.add("review_at", f"{self.review_at} is above match_at {self.match_at}")
        check.integer("max_block_size", self.max_block_size, low=2)
        check.integer("min_pairs_for_em", self.min_pairs_for_em, low=1)
        check.integer("max_iterations", self.max_iterations, low=1)
        _unit(check, "tolerance", self.tolerance)
        check.done()

    @property
    def fields(self) -> tuple[str, ...]:
        """The compared fields, in order."""
        return tuple(c.field for c in self.comparisons)


_COMPANY = (
    Comparison(field="uscc", method=Method.EXACT, conflict=True),
    Comparison(field="core", method=Method.CORE),
    Comparison(field="region", method=Method.REGION, conflict=True),
    Comparison(field="industry", method=Method.INDUSTRY, conflict=True),
    Comparison(field="legal_kind", method=Method.EXACT),
    Comparison(field="branch", method=Method.EXACT, conflict=True),
    Comparison(field="phone", method=Method.EXACT),
)

#: Customers: the credit code decides; the name is compared part by part.
CUSTOMER_SETTINGS = Settings(
    comparisons=(*_COMPANY, Comparison(field="web_domain", method=Method.EXACT)),
    blocking=("uscc", "core", "core.pinyin", "phone", "web_domain"),
    exact_keys=("uscc",),
)

#: Contacts: name (characters and sound), phone, e-mail, employer, title.
CONTACT_SETTINGS = Settings(
    comparisons=(
        Comparison(field="name", method=Method.PERSON),
        Comparison(field="phone", method=Method.EXACT),
        Comparison(field="email", method=Method.EMAIL),
        Comparison(field="customer_id", method=Method.EXACT),
        Comparison(field="title", method=Method.TEXT),
    ),
    blocking=("name", "name.pinyin", "phone", "email"),
)

#: Leads: the company name part by part, and the contact person's details.
LEAD_SETTINGS = Settings(
    comparisons=(
        *_COMPANY[1:],
        Comparison(field="email", method=Method.EMAIL),
        Comparison(field="contact_name", method=Method.PERSON),
    ),
    blocking=("core", "core.pinyin", "phone", "email", "email_domain"),
)
