"""Finding duplicates: blocking, comparison, the Fellegi-Sunter decision, clusters.

1. **Blocking.** Records sharing a value of any blocking field (credit
   code, core name, its pinyin, phone, e-mail...) become candidate pairs;
   the pairs of every block are pooled (their union), so a record missed by
   one key is caught by another.
2. **Comparison.** Each candidate pair is put at a level of each comparison
   (``exact``, ``similar``, ``different``, or missing).
3. **Model.** m and u of every level are estimated by expectation
   maximisation from the unlabelled pairs (:func:`estimate`), unless a model
   is given or the pairs are too few (then the priors are used).
4. **Decision.** A pair's match weight gives its probability; at least
   ``match_at`` is a match, at least ``review_at`` goes to review. Four
   rules follow: an exact key (the credit code) that agrees decides a
   match; a field marked as a conflict (region, industry, branch, credit
   code) that disagrees vetoes a match (review at most); a core name that
   agrees only by its sound (pinyin, a homophone or an English
   transliteration) never decides by itself, the other fields
   must weigh for the match too; the same core name in the same industry
   with another region or as a branch is sent to review as a possible branch.
5. **Clusters.** Matched pairs, strongest first, join records into
   clusters, except that two records judged distinct by a conflicting field
   (another region, another credit code, branch and head office) are never
   put in one cluster through third records.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import attrs

from salesflow._checks import Checker, describe
from salesflow.dedupe._levels import MISSING, level
from salesflow.dedupe.evidence import (
    Cluster,
    Duplicates,
    FieldEvidence,
    MatchOutcome,
    PairDecision,
)
from salesflow.dedupe.identifiers import validate_uscc
from salesflow.dedupe.model import Model, fit, prior_model
from salesflow.dedupe.profiles import Profile, Record, profile_of
from salesflow.dedupe.settings import (
    CONTACT_SETTINGS,
    CUSTOMER_SETTINGS,
    LEAD_SETTINGS,
    Method,
    Settings,
)
from salesflow.exceptions import ValidationError

__all__ = ["compare", "estimate", "find_duplicates", "settings_for"]

_SOUND_LEVELS = ("sounds_alike", "transliterated")
_DEFAULTS = {"customer": CUSTOMER_SETTINGS, "contact": CONTACT_SETTINGS, "lead": LEAD_SETTINGS}


def settings_for(kind: str) -> Settings:
    """The preset settings of a kind of record: ``customer``, ``contact`` or ``lead``."""
    found = _DEFAULTS.get(kind) if isinstance(kind, str) else None
    if found is None:
        raise ValidationError.single(
            "settings_for",
            "kind",
            f"no preset settings for {describe(kind)} (expected customer, contact or lead; "
            "pass settings= for other data)",
        )
    return found


def _profiles(
    entry: str, records: object, uscc: object, settings: object
) -> tuple[list[Profile], Settings]:
    check = Checker(entry)
    if isinstance(records, (str, bytes, Mapping)) or not isinstance(records, Sequence):
        check.add("records", f"expected a list of records, got {describe(records)}")
        check.fail()
    if uscc is not None and not isinstance(uscc, Mapping):
        check.add("uscc", f"expected a mapping of record id to credit code, got {describe(uscc)}")
    if settings is not None and not isinstance(settings, Settings):
        check.add("settings", f"expected a Settings or None, got {describe(settings)}")
    check.done()
    codes: dict[str, str] = {}
    for rid, code in (uscc or {}).items():  # type: ignore[attr-defined]
        try:
            codes[rid] = validate_uscc(code)
        except ValidationError as exc:
            check.add(f"uscc[{rid!r}]", exc.problems[0].message)
    profiles: list[Profile] = []
    for i, record in enumerate(records):
        try:
            rid = getattr(record, "id", None)
            code = codes.get(rid) if isinstance(rid, str) else None
            profiles.append(profile_of(record, uscc=code))
        except ValidationError as exc:
            check.extend(f"records[{i}]", exc.problems)
    check.unique("records", (p.id for p in profiles), "record id")
    check.done()
    if isinstance(settings, Settings):
        return profiles, settings
    kinds = {p.kind for p in profiles}
    return profiles, settings_for(kinds.pop() if len(kinds) == 1 else "customer")


def _candidates(
    profiles: list[Profile], settings: Settings
) -> tuple[list[tuple[int, int]], list[str]]:
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for field in settings.blocking:
            value = p.get(field)
            if value is not None:
                blocks[(field, value)].append(i)
    pairs: set[tuple[int, int]] = set()
    skipped: list[str] = []
    for (field, value), members in blocks.items():
        if len(members) > settings.max_block_size:
            skipped.append(f"{field}={value!r} ({len(members)} records)")
            continue
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                pairs.add((i, j))
    return sorted(pairs), sorted(skipped)


def _pattern(left: Profile, right: Profile, settings: Settings) -> tuple[int, ...]:
    return tuple(level(c, left, right) for c in settings.comparisons)


class _Scorer:
    """The weights of a model laid out for fast scoring, and the decision rules."""

    def __init__(self, settings: Settings, model: Model) -> None:
        self.settings = settings
        self.model = model
        self.weights = [
            [model.weight(c.field, lv) for lv in range(len(c.levels))] for c in settings.comparisons
        ]
        self.exact = [settings.fields.index(k) for k in settings.exact_keys]
        self.sound = [
            (i, {c.levels.index(s) for s in _SOUND_LEVELS if s in c.levels})
            for i, c in enumerate(settings.comparisons)
            if c.method in (Method.CORE, Method.PERSON)
        ]
        self.conflicts = [i for i, c in enumerate(settings.comparisons) if c.conflict]
        self.cores = [i for i, c in enumerate(settings.comparisons) if c.method is Method.CORE]
        self.industry = [i for i, c in enumerate(settings.comparisons) if c.field == "industry"]
        self.place = [
            i for i, c in enumerate(settings.comparisons) if c.field in ("region", "branch")
        ]

    def score(self, pattern: tuple[int, ...]) -> tuple[MatchOutcome, float, float, tuple[str, ...]]:
        parts = [self.weights[i][lv] if lv >= 0 else 0.0 for i, lv in enumerate(pattern)]
        weight = self.model.prior_weight + sum(parts)
        probability = 1 / (1 + math.pow(2, -weight)) if weight > -1000 else 0.0
        s = self.settings
        if probability >= s.match_at:
            outcome = MatchOutcome.MATCH
        else:
            outcome = MatchOutcome.REVIEW if probability >= s.review_at else MatchOutcome.NON_MATCH
        rules: list[str] = []
        if any(pattern[i] == len(self.weights[i]) - 1 for i in self.exact):
            return MatchOutcome.MATCH, probability, weight, ("exact_key",)
        for i, sound in self.sound:
            if outcome is MatchOutcome.MATCH and pattern[i] in sound and sum(parts) - parts[i] <= 0:
                outcome = MatchOutcome.REVIEW
                rules.append("sound_needs_support")
        if outcome is not MatchOutcome.MATCH and self._branch_like(pattern):
            outcome = MatchOutcome.REVIEW
            rules.append("possible_branch")
        elif outcome is MatchOutcome.MATCH and self.conflicting(pattern):
            outcome = MatchOutcome.REVIEW
            rules.append("conflict")
        return outcome, probability, weight, tuple(rules)

    def _branch_like(self, pattern: tuple[int, ...]) -> bool:
        same_core = any(pattern[i] >= 3 for i in self.cores)
        same_trade = all(pattern[i] != 0 for i in self.industry)
        return same_core and same_trade and any(pattern[i] == 0 for i in self.place)

    def conflicting(self, pattern: tuple[int, ...]) -> bool:
        return any(pattern[i] == 0 for i in self.conflicts)

    def decision(self, left: Profile, right: Profile, pattern: tuple[int, ...]) -> PairDecision:
        outcome, probability, weight, rules = self.score(pattern)
        evidence = tuple(
            FieldEvidence(
                field=c.field,
                level="missing" if lv == MISSING else c.levels[lv],
                weight=self.weights[i][lv] if lv >= 0 else 0.0,
                left=left.get(c.field),
                right=right.get(c.field),
            )
            for i, (c, lv) in enumerate(zip(self.settings.comparisons, pattern, strict=True))
        )
        return PairDecision(
            left=left.id,
            right=right.id,
            outcome=outcome,
            probability=probability,
            weight=weight,
            prior_weight=self.model.prior_weight,
            evidence=evidence,
            rules=rules,
        )


def _model(patterns: Counter[tuple[int, ...]], settings: Settings, model: object) -> Model:
    if model is not None:
        if not isinstance(model, Model):
            raise ValidationError.single(
                "find_duplicates", "model", f"expected a Model or None, got {describe(model)}"
            )
        model.check_fits(settings)
        return model
    start = prior_model(settings)
    if sum(patterns.values()) < settings.min_pairs_for_em:
        return start
    fitted = fit(patterns, settings, start)
    flipped = sum(fitted.m[f][-1] - fitted.u[f][-1] for f in settings.fields) < 0
    return start if flipped else fitted


def estimate(
    records: Sequence[Record | Profile],
    *,
    settings: Settings | None = None,
    uscc: Mapping[str, str] | None = None,
) -> Model:
    """The model estimated by EM from the candidate pairs of ``records``.

    Reuse it (``find_duplicates(..., model=model)``) to judge other lists
    the same way; with fewer than ``settings.min_pairs_for_em`` candidate
    pairs it is the prior model.
    """
    profiles, chosen = _profiles("estimate", records, uscc, settings)
    pairs, _ = _candidates(profiles, chosen)
    patterns = Counter(_pattern(profiles[i], profiles[j], chosen) for i, j in pairs)
    return _model(patterns, chosen, None)


def find_duplicates(
    records: Sequence[Record | Profile],
    *,
    settings: Settings | None = None,
    model: Model | None = None,
    uscc: Mapping[str, str] | None = None,
) -> Duplicates:
    """The clusters of duplicates among ``records``, with their evidence.

    ``records`` are customers, contacts or leads (or profiles); ``settings``
    default to the preset of their kind (:func:`settings_for`); ``model`` to
    one estimated from these records; ``uscc`` maps record ids to their
    credit codes. Bad input is a :class:`~salesflow.ValidationError` naming
    each path (``records[3].name``, ``uscc['c-2']``).
    """
    profiles, chosen = _profiles("find_duplicates", records, uscc, settings)
    pairs, skipped = _candidates(profiles, chosen)
    patterns = [_pattern(profiles[i], profiles[j], chosen) for i, j in pairs]
    scorer = _Scorer(chosen, _model(Counter(patterns), chosen, model))
    matched: list[tuple[float, int, int, tuple[int, ...]]] = []
    review: list[PairDecision] = []
    distinct: dict[int, set[int]] = defaultdict(set)
    for (i, j), pattern in zip(pairs, patterns, strict=True):
        outcome, probability, _, _ = scorer.score(pattern)
        if outcome is MatchOutcome.MATCH:
            matched.append((probability, i, j, pattern))
            continue
        if scorer.conflicting(pattern):
            distinct[i].add(j)
            distinct[j].add(i)
        if outcome is MatchOutcome.REVIEW:
            review.append(scorer.decision(profiles[i], profiles[j], pattern))
    groups, refused = _cluster([p.id for p in profiles], matched, distinct)
    review.extend(
        attrs.evolve(
            scorer.decision(profiles[i], profiles[j], p),
            outcome=MatchOutcome.REVIEW,
            rules=(*scorer.score(p)[3], "conflicts_with_cluster"),
        )
        for i, j, p in refused
    )
    home = {k: n for n, members in enumerate(groups) for k in members}
    inside: list[list[PairDecision]] = [[] for _ in groups]
    for _, i, j, p in matched:
        if i in home and home[i] == home.get(j):
            inside[home[i]].append(scorer.decision(profiles[i], profiles[j], p))
    clusters = tuple(
        Cluster(ids=[profiles[k].id for k in members], pairs=inside[n])
        for n, members in enumerate(groups)
    )
    return Duplicates(
        clusters=clusters,
        review=sorted(review, key=lambda d: (-d.probability, d.left, d.right)),
        model=scorer.model,
        candidates=len(pairs),
        skipped_blocks=skipped,
    )


def _cluster(
    ids: list[str],
    matched: list[tuple[float, int, int, tuple[int, ...]]],
    distinct: Mapping[int, set[int]],
) -> tuple[list[list[int]], list[tuple[int, int, tuple[int, ...]]]]:
    """Join matched pairs strongest first, never across a pair judged distinct.

    Ties are broken by the records' ids, never by their places in the input,
    so the clusters do not depend on the order of the records.
    """
    size = len(ids)
    degree = Counter(k for _, i, j, _ in matched for k in (i, j))
    root = list(range(size))
    members: dict[int, set[int]] = {k: {k} for k in range(size)}

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    refused: list[tuple[int, int, tuple[int, ...]]] = []
    for _, i, j, pattern in sorted(
        matched,
        key=lambda t: (-t[0], -degree[t[1]] - degree[t[2]], *sorted((ids[t[1]], ids[t[2]]))),
    ):
        a, b = find(i), find(j)
        if a == b:
            continue
        small, large = sorted((members[a], members[b]), key=len)
        if any(distinct.get(k, set()) & large for k in small):
            refused.append((i, j, pattern))
            continue
        root[b] = a
        members[a] = members[a] | members.pop(b)
    groups = sorted(sorted(m) for m in members.values() if len(m) > 1)
    return groups, refused


def compare(
    left: Record | Profile,
    right: Record | Profile,
    *,
    settings: Settings | None = None,
    model: Model | None = None,
) -> PairDecision:
    """The decision about one pair, explained (the prior model unless ``model`` is given)."""
    profiles, chosen = _profiles("compare", [left, right], None, settings)
    scorer = _Scorer(chosen, _model(Counter(), chosen, model))
    return scorer.decision(profiles[0], profiles[1], _pattern(profiles[0], profiles[1], chosen))
