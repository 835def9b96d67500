"""The political strength behind the 20-criterion scorecard's "can we win" question.

Three of its criteria are facts about people: ``supporters_strong``,
``political_alignment_strong`` and ``informal_process_known``
(:data:`salesflow.scoring.presets.RWW20_QUESTIONS`). :func:`strength` derives
them from a stakeholder map, with the reason behind each, and
:attr:`Strength.facts` hands them to a scorecard as plain facts (scores read
facts, never engines)::

    presets.get("rww20").evaluate({**other_facts, **strength(deal_map, at=at).facts})

A fact is ``None`` (unknown to the scorecard) when the map cannot tell.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import attrs

from salesflow._checks import Checker, definition_checker, to_tuple
from salesflow.convert import Definition
from salesflow.frozen import FrozenDict
from salesflow.records.stakeholders import (
    INFLUENCE_HIGHEST,
    INFLUENCE_LOWEST,
    BuyingRole,
    StakeholderMap,
    SupportBehaviour,
)

__all__ = ["POLITICAL_FACTS", "Strength", "StrengthRules", "strength"]

#: The scorecard facts :func:`strength` gives, in the sheet's order.
POLITICAL_FACTS = ("supporters_strong", "informal_process_known", "political_alignment_strong")


@attrs.frozen(slots=True, kw_only=True)
class StrengthRules(Definition):
    """When the map counts as politically strong.

    ``strong_influence``: a supporter or coach is a strong supporter when
    they are a decision maker or an approver, or their influence is at least
    this (default 4 of 5). ``aligned_from``: political alignment is strong
    when every decision maker stands at least this high on the support
    ladder (default: privately says we are the best solution, the first
    step of the tier "prefers us").
    """

    strong_influence: int = 4
    aligned_from: SupportBehaviour = SupportBehaviour.PREFERS_PRIVATELY

    def __attrs_post_init__(self) -> None:
        check = definition_checker("StrengthRules")
        check.integer(
            "strong_influence", self.strong_influence, low=INFLUENCE_LOWEST, high=INFLUENCE_HIGHEST
        )
        check.enum_field(self, "aligned_from", SupportBehaviour)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Strength:
    """The three political facts, and who makes each what it is.

    ``strong_supporters``: the supporters and coaches who count as strong.
    ``unaligned``: the decision makers below the alignment bar.
    ``unknown``: contacts whose stance or influence is not known yet.
    """

    at: datetime
    supporters_strong: bool | None
    political_alignment_strong: bool | None
    informal_process_known: bool | None
    strong_supporters: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    unaligned: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    unknown: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def facts(self) -> Mapping[str, bool | None]:
        """The facts for the 20-criterion scorecard (``presets.get("rww20")``)."""
        return FrozenDict({name: getattr(self, name) for name in POLITICAL_FACTS})


_SENIOR = (BuyingRole.DECISION_MAKER, BuyingRole.APPROVER)


def _rank(position: SupportBehaviour | None) -> int:
    return 0 if position is None else position.rank


def strength(
    stakeholder_map: StakeholderMap, *, at: datetime, rules: StrengthRules | None = None
) -> Strength:
    """The political strength of ``stakeholder_map`` as of ``at`` (timezone-aware).

    * ``supporters_strong``: some supporter or coach is a decision maker, an
      approver, or of influence at least ``rules.strong_influence``.
    * ``political_alignment_strong``: every decision maker's ladder position
      on ``at``'s date is at least ``rules.aligned_from`` (``None`` without a
      decision maker on the map).
    * ``informal_process_known``: there is a coach, every contact's stance
      and influence are known, and the map draws at least one reporting
      line or line of influence.

    On an empty map every fact is ``None``.
    """
    check = Checker("strength")
    check.instance("stakeholder_map", stakeholder_map, StakeholderMap, "a StakeholderMap")
    check.aware("at", at)
    if rules is not None:
        check.instance("rules", rules, StrengthRules, "StrengthRules or None")
    check.done()
    rules = StrengthRules() if rules is None else rules
    people = stakeholder_map.stakeholders
    if not people:
        return Strength(
            at=at,
            supporters_strong=None,
            political_alignment_strong=None,
            informal_process_known=None,
        )
    strong = tuple(
        s.id
        for s in stakeholder_map.supporters
        if any(r in s.roles for r in _SENIOR)
        or (s.influence is not None and s.influence >= rules.strong_influence)
    )
    today = at.date()
    bar = rules.aligned_from.rank
    unaligned = tuple(
        s.id for s in stakeholder_map.decision_makers if _rank(s.position(today)) < bar
    )
    unknown = tuple(s.id for s in people if s.stance is None or s.influence is None)
    lines = any(s.reports_to is not None or s.influences for s in people)
    return Strength(
        at=at,
        supporters_strong=bool(strong),
        political_alignment_strong=(None if not stakeholder_map.decision_makers else not unaligned),
        informal_process_known=bool(stakeholder_map.coaches) and not unknown and lines,
        strong_supporters=strong,
        unaligned=unaligned,
        unknown=unknown,
    )
