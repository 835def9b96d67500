"""Competitors of a deal, and how each stands on the 20-criterion sheet over time.

Per competitor: products and services, order size, close date, strategy,
allies inside the customer, strengths and weaknesses. A
:class:`Competition` holds them with an
:class:`~salesflow.scoring.AssessmentHistory` whose parties are ``"us"``
and the competitors' keys, so the sheet filled in at several dates, for us
and for each competitor, stays with the analysis. This module is the plans
area's one call site into :mod:`salesflow.scoring`.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from salesflow._checks import Checker, require_text, to_tuple
from salesflow.exceptions import ValidationError
from salesflow.money import Money
from salesflow.plans._checks import money_or_none, texts
from salesflow.records.stakeholders import Stakeholder, StakeholderMap
from salesflow.scoring import US, Assessment, AssessmentHistory, ScoreResult

__all__ = ["Competition", "Competitor"]


@attrs.frozen(slots=True, kw_only=True)
class Competitor:
    """One competitor for the deal.

    ``key`` names it in the assessments (a key, never ``"us"``). ``allies``:
    the customer's people on its side (contact ids on the stakeholder map).
    """

    key: str
    name: str
    products: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    order_size: Money | None = None
    close_date: date | None = None
    strategy: str = ""
    allies: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    strengths: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    weaknesses: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("Competitor")
        if check.key("key", self.key) and self.key == US:
            check.add("key", f"{US!r} is our own party (expected a competitor's key)")
        check.text("name", self.name)
        money_or_none(check, "order_size", self.order_size)
        check.day("close_date", self.close_date, optional=True)
        check.text("strategy", self.strategy, allow_empty=True)
        texts(check, self, ("products", "allies", "strengths", "weaknesses"))
        if isinstance(self.allies, tuple):
            check.unique("allies", (a for a in self.allies if isinstance(a, str)), "ally")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Competition:
    """The competitors of one deal and the assessments of us and of them over time.

    Every assessed party is ``"us"`` or one of the competitors.
    """

    opportunity_id: str
    competitors: tuple[Competitor, ...] = attrs.field(default=(), converter=to_tuple)
    assessments: AssessmentHistory | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Competition")
        check.text("opportunity_id", self.opportunity_id)
        if check.items("competitors", self.competitors, Competitor, "Competitor"):
            check.unique("competitors", (c.key for c in self.competitors), "competitor key")
        if self.assessments is not None and check.instance(
            "assessments", self.assessments, AssessmentHistory, "an AssessmentHistory or None"
        ):
            known = {US, *(c.key for c in self.competitors if isinstance(c, Competitor))}
            for i, a in enumerate(self.assessments.assessments):
                if a.party not in known:
                    check.add(
                        f"assessments.assessments[{i}].party",
                        f"unknown party {a.party!r} (expected 'us' or a competitor: "
                        f"{', '.join(sorted(known))})",
                    )
        check.done()

    @property
    def keys(self) -> tuple[str, ...]:
        """The competitors' keys, in order."""
        return tuple(c.key for c in self.competitors)

    def competitor(self, key: str) -> Competitor:
        """The competitor ``key``; an unknown key is a ValidationError."""
        require_text("Competition.competitor", "key", key)
        for c in self.competitors:
            if c.key == key:
                return c
        known = ", ".join(repr(k) for k in self.keys) or "none"
        raise ValidationError.single(
            "Competition", "key", f"unknown competitor {key!r} (known: {known})"
        )

    def assessed(self, party: str, *, at: datetime, result: ScoreResult) -> Competition:
        """A new value with ``party``'s sheet (``"us"`` or a competitor) filled in ``at``.

        The first assessment starts the history with the result's scorecard.
        """
        require_text("Competition.assessed", "party", party)
        if party != US:
            self.competitor(party)
        history = self.assessments
        try:
            if history is None:
                history = AssessmentHistory(scorecard=getattr(result, "scorecard", ""))
            history = history.record(party, result, at=at)
        except ValidationError as exc:
            raise ValidationError("Competition.assessed", exc.problems) from None
        return attrs.evolve(self, assessments=history)

    def series(self, party: str) -> tuple[Assessment, ...]:
        """``party``'s assessments, oldest first (none yet: empty)."""
        require_text("Competition.series", "party", party)
        if party != US:
            self.competitor(party)
        if self.assessments is None:
            return ()
        return tuple(a for a in self.assessments.assessments if a.party == party)

    def ahead_of_us(self, *, at: datetime | None = None) -> tuple[str, ...]:
        """The competitors whose latest total (at or before ``at``) is above ours."""
        if at is not None:
            check = Checker("Competition.ahead_of_us")
            check.aware("at", at)
            check.done()
        if self.assessments is None:
            return ()
        standings = {
            a.party: a.result.total
            for a in self.assessments.assessments
            if at is None or a.at <= at
        }
        ours = standings.get(US)
        return tuple(
            k for k in self.keys if k in standings and (ours is None or standings[k] > ours)
        )

    def allies_of(self, key: str, stakeholder_map: StakeholderMap) -> tuple[Stakeholder, ...]:
        """The competitor's allies, read from the deal's map; an ally not on it is an error."""
        competitor = self.competitor(key)
        check = Checker("Competition.allies_of")
        if check.instance("stakeholder_map", stakeholder_map, StakeholderMap, "a StakeholderMap"):
            for i, ally in enumerate(competitor.allies):
                if ally not in stakeholder_map:
                    check.add(f"allies[{i}]", f"unknown contact {ally!r} (not on the map)")
        check.done()
        return tuple(stakeholder_map.stakeholder(a) for a in competitor.allies)
