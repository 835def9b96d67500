"""Explanations: each criterion's part of a result, its reason in words, and the lift.

Everything a result says about itself in a locale is built here: the
level of a criterion in words ("at least 70", "firm date"), the reason of
one criterion, the one-line summary, the grouped explanation, and the
fewest criteria that would lift a result to a better band. The functions
take the pieces they word (criteria, label keys, totals), never the
scorecard engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import attrs

from salesflow._checks import describe, to_tuple
from salesflow.convert import NOT_DATA
from salesflow.exceptions import ValidationError
from salesflow.locales import DEFAULT_LOCALE, Catalogs, default_catalogs
from salesflow.scoring._criteria import THRESHOLD_KINDS, Band, Criterion, RuleKind

__all__ = [
    "CriterionResult",
    "Lift",
    "LiftStep",
    "explain_lines",
    "find_lift",
    "level_text",
    "number_text",
    "summary_line",
    "wording",
]

_ZERO = Decimal(0)


# -- catalogs and locale ---------------------------------------------------------


def wording(where: str, locale: object, catalogs: object) -> tuple[Catalogs, str]:
    """The catalogs (the library's for None) and the catalog name of ``locale``.

    A bad ``catalogs`` is a :class:`~salesflow.ValidationError` at ``catalogs``,
    a bad ``locale`` one at ``locale``; both under the subject ``where``.
    """
    if catalogs is None:
        cats = default_catalogs()
    elif isinstance(catalogs, Catalogs):
        cats = catalogs
    else:
        raise ValidationError.single(
            where, "catalogs", f"expected a Catalogs or None, got {describe(catalogs)}"
        )
    if not isinstance(locale, str):
        raise ValidationError.single(
            where, "locale", f"expected a locale name such as 'en', got {describe(locale)}"
        )
    try:
        return cats, cats.normalise(locale)
    except ValidationError as exc:
        raise ValidationError(where, [p.prefixed("locale") for p in exc.problems]) from None


def number_text(value: Decimal) -> str:
    """A Decimal without trailing zeros, large ones grouped: 2, 0.5, 1.333, 10,000."""
    if value == value.to_integral_value():
        whole = int(value)
        return f"{whole:,}" if abs(whole) >= 10_000 else str(whole)
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _threshold(c: Criterion, value: Decimal) -> str:
    text = number_text(value)
    return f"{text} {c.currency}" if c.currency else text


def level_text(cats: Catalogs, locale: str, c: Criterion, level: int) -> str:
    """Level ``level`` of ``c`` in words: "yes", "+", a grade, "at least 70"."""
    kind = c.kind
    if kind is RuleKind.YES_NO:
        return cats.label("scoring.level.yes" if level else "scoring.level.no", locale)
    if kind is RuleKind.PLUS_MINUS:
        return "+" if level else "-"
    if kind is RuleKind.GRADED:
        grade = c.grades[level]
        key = f"grade.{grade}"
        found = cats.label(key, locale)
        return grade if found == key else found
    assert kind in THRESHOLD_KINDS
    ts = c.thresholds
    if c.better_when_higher:
        if level == 0:
            return cats.format("scoring.range.below", locale, value=_threshold(c, ts[0]))
        return cats.format("scoring.range.at_least", locale, value=_threshold(c, ts[level - 1]))
    days = kind is RuleKind.DAYS_UNTIL
    if level == 0:
        key = "scoring.range.beyond_days" if days else "scoring.range.above"
        return cats.format(key, locale, value=_threshold(c, ts[-1]))
    key = "scoring.range.within_days" if days else "scoring.range.at_most"
    return cats.format(key, locale, value=_threshold(c, ts[len(ts) - level]))


# -- one criterion's part ----------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class CriterionResult:
    """One criterion's part of a result: its level, contribution and reason."""

    key: str
    level: int
    top: int
    level_key: str
    contribution: Decimal
    best: Decimal
    unknown: bool
    group: str | None = None
    criterion: Criterion | None = attrs.field(default=None, eq=False, repr=False, metadata=NOT_DATA)
    label_key: str = ""

    @property
    def passed(self) -> bool:
        """At its top level."""
        return self.level == self.top

    def reason(self, locale: str = DEFAULT_LOCALE, *, catalogs: Catalogs | None = None) -> str:
        """Why this criterion scored what it did, in words."""
        cats, loc = wording("CriterionResult.reason", locale, catalogs)
        return self._reason(cats, loc)

    def _reason(self, cats: Catalogs, locale: str) -> str:
        name = cats.label(self.label_key, locale)
        c = self.criterion
        assert c is not None
        level = level_text(cats, locale, c, self.level)
        if self.unknown:
            return cats.format("scoring.reason.unknown", locale, criterion=name, level=level)
        return cats.format(
            "scoring.reason.known",
            locale,
            criterion=name,
            level=level,
            contribution=number_text(self.contribution),
            best=number_text(self.best),
        )


# -- the lift ------------------------------------------------------------------------


@attrs.frozen(slots=True, kw_only=True)
class LiftStep:
    """Raise criterion ``key`` from ``from_level`` to ``to_level``, adding ``gain``."""

    key: str
    from_level: int
    to_level: int
    gain: Decimal


@attrs.frozen(slots=True, kw_only=True)
class Lift:
    """What would lift a result to ``band``: the steps, fewest first, and the gap."""

    band: str
    gap: Decimal
    steps: tuple[LiftStep, ...] = attrs.field(converter=to_tuple)

    @property
    def keys(self) -> tuple[str, ...]:
        """The criteria to raise, in the order of the steps."""
        return tuple(s.key for s in self.steps)


def find_lift(
    parts: Iterable[CriterionResult],
    bands: Sequence[Band],
    *,
    band: str,
    total: Decimal,
    to: Band | None,
) -> Lift | None:
    """The fewest criteria whose raising to their top closes the gap to ``to``.

    ``to`` None means the band above ``band``; ``None`` when already there.
    """
    keys = [b.key for b in bands]
    here = keys.index(band)
    if to is None:
        if here == len(keys) - 1:
            return None
        target = bands[here + 1]
    else:
        target = to
        if keys.index(target.key) <= here:
            return None
    gap = target.minimum - total
    candidates = [r for r in parts if r.level < r.top]
    candidates.sort(key=lambda r: r.best - r.contribution, reverse=True)
    steps: list[LiftStep] = []
    gained = _ZERO
    for r in candidates:
        if gained >= gap:
            break
        gain = r.best - r.contribution
        if gain <= 0:
            continue
        steps.append(LiftStep(key=r.key, from_level=r.level, to_level=r.top, gain=gain))
        gained += gain
    return Lift(band=target.key, gap=gap, steps=tuple(steps))


# -- a whole result in words ---------------------------------------------------------


def summary_line(
    cats: Catalogs,
    locale: str,
    *,
    scorecard_label_key: str,
    band_label_key: str,
    total: Decimal,
    maximum: Decimal,
    unknown: int,
) -> str:
    """The verdict in one line: scorecard, band, total of maximum, unknowns."""
    text = cats.format(
        "scoring.summary",
        locale,
        scorecard=cats.label(scorecard_label_key, locale),
        band=cats.label(band_label_key, locale),
        total=number_text(total),
        maximum=number_text(maximum),
    )
    if unknown:
        text += cats.format("scoring.summary.unknown", locale, count=unknown)
    return text


def explain_lines(
    cats: Catalogs,
    locale: str,
    *,
    summary: str,
    parts: Sequence[CriterionResult],
    group_label_key: Callable[[str], str],
    lift: tuple[str, Sequence[str]] | None,
) -> tuple[str, ...]:
    """The summary, every reason (under its group's total when grouped), and the lift.

    ``lift`` is the target band's label key and the label keys of the
    criteria to raise.
    """
    lines = [summary]
    if any(r.group is not None for r in parts):
        # grouped (e.g. the four questions of rww20): a count per group, then its reasons
        for group in dict.fromkeys(r.group for r in parts):
            members = [r for r in parts if r.group == group]
            indent = "  "
            if group is not None:
                lines.append("  " + _group_total(cats, locale, group_label_key(group), members))
                indent = "    "
            lines.extend(f"{indent}{r._reason(cats, locale)}" for r in members)
    else:
        lines.extend(f"  {r._reason(cats, locale)}" for r in parts)
    if lift is not None:
        band_key, criterion_keys = lift
        names = cats.label("scoring.list_separator", locale).join(
            cats.label(k, locale) for k in criterion_keys
        )
        lines.append(
            cats.format("scoring.lift", locale, band=cats.label(band_key, locale), criteria=names)
        )
    return tuple(lines)


def _group_total(
    cats: Catalogs, locale: str, label_key: str, members: Sequence[CriterionResult]
) -> str:
    return cats.format(
        "scoring.group_total",
        locale,
        group=cats.label(label_key, locale),
        total=number_text(sum((r.contribution for r in members), _ZERO)),
        maximum=number_text(sum((r.best for r in members), _ZERO)),
    )
