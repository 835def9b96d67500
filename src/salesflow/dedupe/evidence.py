"""The results of matching and their wording: evidence, decisions, clusters.

Every decision explains itself: :meth:`PairDecision.explain` lists each
field's level and weight in English or Simplified Chinese.
"""

from __future__ import annotations

import enum

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.dedupe._lexicon import INDUSTRIES
from salesflow.dedupe.model import Model
from salesflow.locales import DEFAULT_LOCALE, default_catalogs

__all__ = ["Cluster", "Duplicates", "FieldEvidence", "MatchOutcome", "PairDecision"]


class MatchOutcome(enum.StrEnum):
    """What a pair is judged to be."""

    MATCH = "match"  #: one entity: merge
    REVIEW = "review"  #: a person should look (the band between the thresholds)
    NON_MATCH = "non_match"  #: two entities


def _field_label(field: str, locale: str) -> str:
    key = f"dedupe.field.{field}"
    text = default_catalogs().label(key, locale)
    return field if text == key else text


# each industry key in Chinese: the first Chinese word of its lexicon entry
_INDUSTRY_WORDS = {key: zh[0] for key, zh, _ in INDUSTRIES}


@attrs.frozen(slots=True, kw_only=True)
class FieldEvidence:
    """One field of a pair: its level (``"exact"``, ``"missing"``...), weight and values."""

    field: str
    level: str
    weight: float
    left: str | None = None
    right: str | None = None

    def label(self, locale: str = DEFAULT_LOCALE) -> str:
        """``core: exact (+6.3)`` in ``locale``."""
        cats = default_catalogs()
        return cats.format(
            "dedupe.explain.field",
            locale,
            field=_field_label(self.field, locale),
            level=cats.label(f"dedupe.level.{self.level}", locale),
            weight=f"{self.weight:+.1f}",
            left=_value(self.field, self.left, locale),
            right=_value(self.field, self.right, locale),
        )


def _value(field: str, value: str | None, locale: str) -> str:
    """A compared value as shown: an industry key in the locale's own word (``机械``)."""
    if value is None or value == "":
        return "-"
    if field == "industry" and locale.startswith("zh"):
        return _INDUSTRY_WORDS.get(value, value)
    return value


@attrs.frozen(slots=True, kw_only=True)
class PairDecision:
    """The decision about two records, with everything it rests on.

    ``weight`` is the match weight in bits (prior included), ``probability``
    the match probability it gives; ``rules`` lists the rules that set or
    changed the outcome (``"exact_key"``, ``"sound_needs_support"``,
    ``"possible_branch"``).
    """

    left: str
    right: str
    outcome: MatchOutcome
    probability: float
    weight: float
    prior_weight: float
    evidence: tuple[FieldEvidence, ...] = attrs.field(converter=to_tuple)
    rules: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("PairDecision")
        check.text("left", self.left)
        check.text("right", self.right)
        check.enum_field(self, "outcome", MatchOutcome)
        check.items("evidence", self.evidence, FieldEvidence, "FieldEvidence")
        check.items("rules", self.rules, str, "rule keys")
        check.done()

    @property
    def ids(self) -> tuple[str, str]:
        return (self.left, self.right)

    @property
    def possible_branch(self) -> bool:
        """True when the two look like a company and its branch (or two branches)."""
        return "possible_branch" in self.rules

    def explain(self, locale: str = DEFAULT_LOCALE) -> str:
        """The decision in words, one line per field, then the rules applied."""
        cats = default_catalogs()
        head = cats.format(
            "dedupe.explain.pair",
            locale,
            left=self.left,
            right=self.right,
            outcome=cats.label(f"enum.match_outcome.{self.outcome.value}", locale),
            probability=f"{self.probability:.3f}",
            weight=f"{self.weight:+.1f}",
        )
        lines = [
            head,
            "  " + cats.format("dedupe.explain.prior", locale, weight=f"{self.prior_weight:+.1f}"),
        ]
        lines.extend(f"  {e.label(locale)}" for e in self.evidence)
        lines.extend(f"  {cats.label(f'dedupe.rule.{r}', locale)}" for r in self.rules)
        return "\n".join(lines)


@attrs.frozen(slots=True, kw_only=True)
class Cluster:
    """Records judged to be one entity, and the matched pairs that join them."""

    ids: tuple[str, ...] = attrs.field(converter=to_tuple)
    pairs: tuple[PairDecision, ...] = attrs.field(converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("Cluster")
        if check.items("ids", self.ids, str, "record ids"):
            check.unique("ids", self.ids, "record id")
            if len(self.ids) < 2:
                check.add("ids", "a cluster holds at least two records")
        check.items("pairs", self.pairs, PairDecision, "PairDecision")
        check.done()

    def explain(self, locale: str = DEFAULT_LOCALE) -> str:
        """Each joining pair's explanation, one after the other."""
        return "\n".join(p.explain(locale) for p in self.pairs)


@attrs.frozen(slots=True, kw_only=True)
class Duplicates:
    """What :func:`~salesflow.dedupe.find_duplicates` found.

    ``clusters`` are the groups to merge, ``review`` the pairs for a person
    to look at, ``model`` the estimated probabilities; ``candidates`` is the
    number of pairs compared and ``skipped_blocks`` the blocking values
    left out because their block was larger than the settings allow.
    """

    clusters: tuple[Cluster, ...] = attrs.field(converter=to_tuple)
    review: tuple[PairDecision, ...] = attrs.field(converter=to_tuple)
    model: Model
    candidates: int = 0
    skipped_blocks: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def matched_pairs(self) -> frozenset[tuple[str, str]]:
        """Every pair of ids in one cluster (each pair sorted)."""
        return frozenset(
            (a, b) if a < b else (b, a)
            for c in self.clusters
            for i, a in enumerate(c.ids)
            for b in c.ids[i + 1 :]
        )

    def cluster_of(self, record_id: str) -> Cluster | None:
        """The cluster holding ``record_id``, if any."""
        return next((c for c in self.clusters if record_id in c.ids), None)
