"""Assessments over time: one scorecard, several dates, us and each competitor.

The 20-criterion sheet is filled in at several dates, once for
our company and once for each competitor. An :class:`AssessmentHistory`
holds those results; it answers "how do we stand now", "what changed since
last time" and "how do we compare with each competitor".
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

import attrs

from salesflow._checks import Checker, describe, freeze_mapping, to_tuple
from salesflow.exceptions import ValidationError
from salesflow.scoring._results import ScoreResult

__all__ = ["US", "Assessment", "AssessmentHistory", "Change"]

#: The party key of our own company.
US = "us"


@attrs.frozen(slots=True, kw_only=True)
class Assessment:
    """One filled-in scorecard: for ``party`` (``"us"`` or a competitor), at ``at``."""

    party: str
    at: datetime
    result: ScoreResult

    def __attrs_post_init__(self) -> None:
        check = Checker("Assessment")
        check.key("party", self.party)
        check.aware("at", self.at)
        check.instance("result", self.result, ScoreResult, "a ScoreResult")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Change:
    """How one party's assessment moved between two dates."""

    party: str
    since: datetime
    until: datetime
    total_before: Decimal
    total_after: Decimal
    band_before: str
    band_after: str
    improved: tuple[str, ...] = attrs.field(converter=to_tuple)
    worsened: tuple[str, ...] = attrs.field(converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("Change")
        check.key("party", self.party)
        check.aware("since", self.since)
        check.aware("until", self.until)
        check.number("total_before", self.total_before)
        check.number("total_after", self.total_after)
        check.text("band_before", self.band_before)
        check.text("band_after", self.band_after)
        check.items("improved", self.improved, str, "criterion keys")
        check.items("worsened", self.worsened, str, "criterion keys")
        check.done()

    @property
    def delta(self) -> Decimal:
        return self.total_after - self.total_before


@attrs.frozen(slots=True, kw_only=True)
class AssessmentHistory:
    """Assessments of one deal with one scorecard, in time order.

    >>> from datetime import datetime, timezone
    >>> from salesflow.scoring import AssessmentHistory, presets
    >>> card = presets.get("rww20")
    >>> march = datetime(2026, 3, 1, tzinfo=timezone.utc)
    >>> history = AssessmentHistory(scorecard="rww20").record(
    ...     "us", card.evaluate({"funding_exists": True}), at=march)
    >>> history.latest("us").result.total
    Decimal('1')
    """

    scorecard: str
    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("AssessmentHistory")
        check.key("scorecard", self.scorecard)
        if check.items("assessments", self.assessments, Assessment, "Assessment"):
            seen: set[tuple[str, datetime]] = set()
            previous: datetime | None = None
            for i, a in enumerate(self.assessments):
                if a.result.scorecard != self.scorecard:
                    check.add(
                        f"assessments[{i}].result.scorecard",
                        f"{a.result.scorecard!r} is not {self.scorecard!r}",
                    )
                if (a.party, a.at) in seen:
                    check.add(
                        f"assessments[{i}]",
                        f"duplicate assessment of {a.party!r} at {a.at.isoformat()}",
                    )
                seen.add((a.party, a.at))
                if previous is not None and a.at < previous:
                    check.add(
                        f"assessments[{i}].at",
                        f"{a.at.isoformat()} is before {previous.isoformat()} "
                        "(expected assessments in time order)",
                    )
                previous = a.at if previous is None else max(previous, a.at)
        check.done()

    def record(self, party: str, result: ScoreResult, *, at: datetime) -> AssessmentHistory:
        """A new history with ``result`` recorded for ``party`` at ``at``.

        An earlier ``at`` than the last assessment is placed in order; the
        same party twice at the same time is a :class:`~salesflow.ValidationError`.
        """
        new = Assessment(party=party, at=at, result=result)
        items = sorted((*self.assessments, new), key=lambda a: a.at)
        try:
            return AssessmentHistory(scorecard=self.scorecard, assessments=items)
        except ValidationError as exc:
            raise ValidationError("AssessmentHistory.record", exc.problems) from None

    @property
    def parties(self) -> tuple[str, ...]:
        """Every party assessed, ``"us"`` first, then competitors in order of appearance."""
        found = list(dict.fromkeys(a.party for a in self.assessments))
        if US in found:
            found.remove(US)
            found.insert(0, US)
        return tuple(found)

    def series(self, party: str) -> tuple[Assessment, ...]:
        """``party``'s assessments, oldest first."""
        self._check_party(party)
        return tuple(a for a in self.assessments if a.party == party)

    def latest(self, party: str = US, *, at: datetime | None = None) -> Assessment:
        """``party``'s last assessment (at or before ``at``, when given)."""
        if at is not None:
            check = Checker("AssessmentHistory.latest")
            check.aware("at", at)
            check.done()
        found = [a for a in self.series(party) if at is None or a.at <= at]
        if not found:
            raise ValidationError.single(
                "AssessmentHistory", "at", f"no assessment of {party!r} at or before {at}"
            )
        return found[-1]

    def change(self, party: str = US) -> Change | None:
        """How ``party``'s last two assessments differ; ``None`` with fewer than two."""
        series = self.series(party)
        if len(series) < 2:
            return None
        before, after = series[-2], series[-1]
        return _change(party, before, after)

    def changes(self, party: str = US) -> tuple[Change, ...]:
        """Each step of ``party``'s series, oldest first."""
        series = self.series(party)
        return tuple(_change(party, b, a) for b, a in itertools.pairwise(series))

    def standings(self, *, at: datetime | None = None) -> Mapping[str, Decimal]:
        """Each party's latest total (at or before ``at``), ``"us"`` first."""
        if at is not None:
            check = Checker("AssessmentHistory.standings")
            check.aware("at", at)
            check.done()
        out: dict[str, Decimal] = {}
        for party in self.parties:
            found = [a for a in self.series(party) if at is None or a.at <= at]
            if found:
                out[party] = found[-1].result.total
        frozen: Mapping[str, Decimal] = freeze_mapping(out)
        return frozen

    def _check_party(self, party: object) -> None:
        if not isinstance(party, str) or party not in self.parties:
            known = ", ".join(repr(p) for p in self.parties) or "none yet"
            raise ValidationError.single(
                "AssessmentHistory", "party", f"unknown party {describe(party)} (known: {known})"
            )


def _change(party: str, before: Assessment, after: Assessment) -> Change:
    lb, la = before.result.levels, after.result.levels
    improved = tuple(k for k in la if la[k] > lb.get(k, 0))
    worsened = tuple(k for k in la if la[k] < lb.get(k, 0))
    return Change(
        party=party,
        since=before.at,
        until=after.at,
        total_before=before.result.total,
        total_after=after.result.total,
        band_before=before.result.band,
        band_after=after.result.band,
        improved=improved,
        worsened=worsened,
    )
