"""What the map is missing: coverage gaps.

:func:`coverage` reads a :class:`~salesflow.records.StakeholderMap` against
:class:`CoverageRules` (which buying roles must be filled, whether a coach
is needed, how many days without a meeting make a contact neglected) and
lists every :class:`Gap`, each able to say itself in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

import attrs

from salesflow._checks import Checker, definition_checker, freeze_mapping, to_tuple
from salesflow.convert import Definition
from salesflow.locales import DEFAULT_LOCALE, Catalogs, enum_key
from salesflow.people._text import catalogs_and_locale
from salesflow.records.stakeholders import BuyingRole, StakeholderMap

__all__ = ["Coverage", "CoverageRules", "Gap", "GapKind", "coverage"]


class GapKind(StrEnum):
    """What kind of hole a :class:`Gap` is."""

    MISSING_ROLE = "missing_role"
    DECISION_MAKER_NOT_SUPPORTER = "decision_maker_not_supporter"
    NO_COACH = "no_coach"
    NOT_MET = "not_met"


def _all_roles() -> tuple[BuyingRole, ...]:
    return tuple(BuyingRole)


@attrs.frozen(slots=True, kw_only=True)
class CoverageRules(Definition):
    """What a well-covered map has.

    ``roles``: the buying roles someone must hold (default: all four).
    ``need_coach``: a coach is needed (default yes). ``stale_after_days``: a
    contact no one has met for more than this many days is a gap (default
    30; a contact never met always is).
    """

    roles: tuple[BuyingRole, ...] = attrs.field(factory=_all_roles, converter=to_tuple)
    need_coach: bool = True
    stale_after_days: int = 30

    def __attrs_post_init__(self) -> None:
        check = definition_checker("CoverageRules")
        check.enum_tuple_field(self, "roles", BuyingRole)
        check.instance("need_coach", self.need_coach, bool, "true or false")
        check.integer("stale_after_days", self.stale_after_days, low=0, high=36_525)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Gap:
    """One hole in the map: a role no one holds, a decision maker not on our side,
    no coach, or a contact not met for ``days`` days (``None``: never met).

    ``contact_id`` and ``name`` say whom a gap about one contact is about.
    """

    kind: GapKind
    role: BuyingRole | None = None
    contact_id: str | None = None
    name: str | None = None
    days: int | None = None

    def label(self, locale: str = DEFAULT_LOCALE, catalogs: Catalogs | None = None) -> str:
        """The gap in words, in ``locale``."""
        cats, locale = catalogs_and_locale("Gap.label", catalogs, locale)
        role = "" if self.role is None else cats.label(enum_key(self.role), locale)
        who = self.name or self.contact_id
        if self.kind is GapKind.NOT_MET and self.days is None:
            return cats.format("people.gap.never_met", locale, contact=who)
        return cats.format(enum_key(self.kind), locale, role=role, contact=who, days=self.days)


@attrs.frozen(slots=True, kw_only=True)
class Coverage:
    """The map's coverage at ``at``: who holds each role, and every gap, in a fixed order
    (missing roles, decision makers not on our side, no coach, contacts not met)."""

    at: datetime
    holders: Mapping[BuyingRole, tuple[str, ...]] = attrs.field(
        converter=freeze_mapping, hash=False
    )
    has_coach: bool
    has_supporter: bool
    gaps: tuple[Gap, ...] = attrs.field(default=(), converter=to_tuple)

    @property
    def covered(self) -> frozenset[BuyingRole]:
        """The buying roles someone holds."""
        return frozenset(r for r, ids in self.holders.items() if ids)

    @property
    def missing_roles(self) -> tuple[BuyingRole, ...]:
        return tuple(g.role for g in self.gaps if g.kind is GapKind.MISSING_ROLE and g.role)

    @property
    def complete(self) -> bool:
        """No gap at all."""
        return not self.gaps


def coverage(
    stakeholder_map: StakeholderMap, *, at: datetime, rules: CoverageRules | None = None
) -> Coverage:
    """Every coverage gap of ``stakeholder_map`` as of ``at`` (a timezone-aware datetime).

    Days without a meeting count from ``last_met`` to ``at``'s own date.
    """
    check = Checker("coverage")
    check.instance("stakeholder_map", stakeholder_map, StakeholderMap, "a StakeholderMap")
    check.aware("at", at)
    if rules is not None:
        check.instance("rules", rules, CoverageRules, "CoverageRules or None")
    check.done()
    rules = CoverageRules() if rules is None else rules
    people = stakeholder_map.stakeholders
    holders = {r: tuple(s.id for s in people if r in s.roles) for r in BuyingRole}
    gaps = [Gap(kind=GapKind.MISSING_ROLE, role=r) for r in rules.roles if not holders[r]]
    gaps.extend(
        Gap(
            kind=GapKind.DECISION_MAKER_NOT_SUPPORTER,
            role=BuyingRole.DECISION_MAKER,
            contact_id=s.id,
            name=s.name,
        )
        for s in stakeholder_map.decision_makers
        if s.stance is None or not s.stance.is_favourable
    )
    has_coach = bool(stakeholder_map.coaches)
    if rules.need_coach and not has_coach:
        gaps.append(Gap(kind=GapKind.NO_COACH))
    today = at.date()
    for s in people:
        if s.last_met is None:
            gaps.append(Gap(kind=GapKind.NOT_MET, contact_id=s.id, name=s.name))
        elif (today - s.last_met).days > rules.stale_after_days:
            days = (today - s.last_met).days
            gaps.append(Gap(kind=GapKind.NOT_MET, contact_id=s.id, name=s.name, days=days))
    return Coverage(
        at=at,
        holders=holders,
        has_coach=has_coach,
        has_supporter=bool(stakeholder_map.supporters),
        gaps=gaps,
    )
