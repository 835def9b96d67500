"""The stakeholder map of a deal: who matters inside the customer.

A :class:`StakeholderMap` is a record, like a deal's checklist state: the
kernel's checklist predicates read it (``decision_maker_identified``,
``supporter_won``, ``opponents_identified``), so it lives with the records
and names no area. Its analysis (coverage gaps, political strength,
diagrams) is in :mod:`salesflow.people`.

Every vocabulary is closed: a buying role, a concern, a stance and a step of
the support ladder are enums, and a string that is not one of their values
is a :class:`~salesflow.ValidationError` naming the path and the values
expected.

>>> from datetime import date
>>> from salesflow.records import BuyingRole, Stakeholder, StakeholderMap, Stance
>>> zhou = Stakeholder(id="p-zhou", name="Zhou Heng", roles=["decision_maker"], stance="coach")
>>> xu = Stakeholder(id="p-xu", name="Xu Min", roles=["evaluator"], reports_to="p-zhou")
>>> deal_map = StakeholderMap(opportunity_id="o-1", stakeholders=[zhou, xu])
>>> [s.id for s in deal_map.with_role(BuyingRole.DECISION_MAKER)], deal_map.supporters[0].stance
(['p-zhou'], <Stance.COACH: 'coach'>)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import Enum, StrEnum
from typing import Any, TypeVar

import attrs

from salesflow._checks import Checker, describe, require_enum, require_text, to_tuple
from salesflow.exceptions import ValidationError

__all__ = [
    "INFLUENCE_HIGHEST",
    "INFLUENCE_LOWEST",
    "BuyingRole",
    "Concern",
    "LadderMove",
    "LadderStep",
    "Profile",
    "Stakeholder",
    "StakeholderMap",
    "Stance",
    "SupportBehaviour",
    "SupportTier",
]

E = TypeVar("E", bound=Enum)

#: The bounds of a contact's influence on the decision (1 little, 5 decisive).
INFLUENCE_LOWEST = 1
INFLUENCE_HIGHEST = 5


class BuyingRole(StrEnum):
    """A contact's formal role in the purchase (E, A, D, U on the stakeholder sheet)."""

    EVALUATOR = "evaluator"
    APPROVER = "approver"
    DECISION_MAKER = "decision_maker"
    USER = "user"


class Concern(StrEnum):
    """What a contact's concern turns on: money, technology, relationships or the business."""

    FINANCIAL = "financial"
    TECHNICAL = "technical"
    RELATIONSHIP = "relationship"
    BUSINESS = "business"


class Stance(StrEnum):
    """Where a contact stands toward us. A coach is a supporter who guides us."""

    SUPPORTER = "supporter"
    COACH = "coach"
    NEUTRAL = "neutral"
    NON_SUPPORTER = "non_supporter"
    ENEMY = "enemy"

    @property
    def is_favourable(self) -> bool:
        """A supporter or a coach."""
        return self in (Stance.SUPPORTER, Stance.COACH)

    @property
    def is_opposed(self) -> bool:
        """A non-supporter or an enemy."""
        return self in (Stance.NON_SUPPORTER, Stance.ENEMY)


class SupportTier(StrEnum):
    """The three tiers of the support ladder, lowest first."""

    OPEN = "open"
    PREFERS = "prefers"
    SPONSORS = "sponsors"

    @property
    def rank(self) -> int:
        """1 for the lowest tier, 3 for the highest."""
        return _TIER_RANK[self]


class SupportBehaviour(StrEnum):
    """The fifteen behaviours of the support ladder, lowest first.

    Five of each tier: open to a change, prefers us, sponsors us.
    ``rank`` runs from 1 (sees a need) to 15 (sells for us when we are absent).
    """

    SEES_NEED = "sees_need"
    SHARES_INFORMATION = "shares_information"
    EXPLAINS_EVENTS = "explains_events"
    AGREES_POSSIBLE = "agrees_possible"
    INVESTS_TIME = "invests_time"
    PREFERS_PRIVATELY = "prefers_privately"
    PLANS_WITH_US = "plans_with_us"
    PREFERS_PUBLICLY = "prefers_publicly"
    SHARES_COMPETITOR_PLANS = "shares_competitor_plans"
    SHARES_POLITICS = "shares_politics"
    ANSWERS_FOR_US = "answers_for_us"
    SHARES_CONFIDENTIAL_PLANS = "shares_confidential_plans"
    BUILDS_PLAN_WITH_US = "builds_plan_with_us"
    SUCCESS_TIED_TO_US = "success_tied_to_us"
    SELLS_FOR_US = "sells_for_us"

    @property
    def rank(self) -> int:
        """1 (lowest) to 15 (highest)."""
        return _BEHAVIOUR_RANK[self]

    @property
    def tier(self) -> SupportTier:
        return _TIERS[(self.rank - 1) // 5]


_TIER_RANK = {tier: i for i, tier in enumerate(SupportTier, start=1)}
_TIERS = tuple(SupportTier)
_BEHAVIOUR_RANK = {b: i for i, b in enumerate(SupportBehaviour, start=1)}


def _plain_or_enum(value: Any) -> Any:
    """A converter that lets a field take an enum or its plain value (checked after)."""
    return value


def _texts(check: Checker, owner: object, names: Iterable[str]) -> None:
    for name in names:
        check.items(name, getattr(owner, name), str, "strings")


@attrs.frozen(slots=True, kw_only=True)
class LadderStep:
    """Where a contact stood on the support ladder ``on`` a day.

    ``behaviour`` is the highest behaviour they showed then; ``None`` means
    they showed none (they fell off the ladder).
    """

    on: date
    behaviour: SupportBehaviour | None = attrs.field(converter=_plain_or_enum)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("LadderStep")
        check.day("on", self.on)
        check.enum_field(self, "behaviour", SupportBehaviour, optional=True)
        check.text("note", self.note, allow_empty=True)
        check.done()

    @property
    def rank(self) -> int:
        """The behaviour's rank, 0 when off the ladder."""
        return 0 if self.behaviour is None else self.behaviour.rank


@attrs.frozen(slots=True, kw_only=True)
class LadderMove:
    """A change of position on the ladder between two recorded days."""

    on: date
    before: SupportBehaviour | None
    after: SupportBehaviour | None

    @property
    def direction(self) -> int:
        """+1 up the ladder, -1 down, 0 level."""
        a = 0 if self.after is None else self.after.rank
        b = 0 if self.before is None else self.before.rank
        return (a > b) - (a < b)


_PROFILE_LISTS = (
    "background",
    "interests",
    "recent_decisions",
    "responsibilities",
    "product_criteria",
    "business_criteria",
)
_PROFILE_TEXTS = ("company", "education", "address", "spouse", "assistant", "personality", "agenda")


@attrs.frozen(slots=True, kw_only=True)
class Profile:
    """A contact's personal profile.

    ``background``: previous jobs and companies. ``recent_decisions``: recent
    decisions, projects and achievements. ``responsibilities``: current
    responsibilities, most important first. ``product_criteria`` and
    ``business_criteria``: their decision criteria on the product and
    technical side and on the business side. ``agenda``: their personal agenda.
    """

    company: str = ""
    education: str = ""
    born: date | None = None
    phone: str | None = None
    email: str | None = None
    address: str = ""
    spouse: str = ""
    assistant: str = ""
    personality: str = ""
    agenda: str = ""
    background: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    interests: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    recent_decisions: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    responsibilities: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    product_criteria: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    business_criteria: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("Profile")
        for name in _PROFILE_TEXTS:
            check.text(name, getattr(self, name), allow_empty=True)
        check.day("born", self.born, optional=True)
        check.optional_text("phone", self.phone)
        check.email("email", self.email)
        _texts(check, self, _PROFILE_LISTS)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Stakeholder:
    """One contact on a deal's stakeholder map.

    ``id`` is the contact's id (a :class:`~salesflow.Contact` id when there
    is one). ``roles``: the formal buying roles, several allowed. ``stance``
    and ``concern``: ``None`` while not known. ``influence``: from
    :data:`INFLUENCE_LOWEST` to :data:`INFLUENCE_HIGHEST`, ``None`` while not
    known. ``reports_to`` and ``influences``: ids of other contacts on the
    same map (the reporting line and the lines of influence). ``owner``: who
    on our side owns the relationship; ``last_met``: when we last met them.
    ``ladder``: their positions on the support ladder, oldest first, one a
    day. ``strategy``: how we bring them to our side.
    """

    id: str
    name: str
    title: str = ""
    roles: tuple[BuyingRole, ...] = attrs.field(default=(), converter=to_tuple)
    concern: Concern | None = attrs.field(default=None, converter=_plain_or_enum)
    stance: Stance | None = attrs.field(default=None, converter=_plain_or_enum)
    influence: int | None = None
    reports_to: str | None = None
    influences: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    owner: str | None = None
    last_met: date | None = None
    ladder: tuple[LadderStep, ...] = attrs.field(default=(), converter=to_tuple)
    strategy: str = ""
    profile: Profile = attrs.field(factory=Profile)

    def __attrs_post_init__(self) -> None:
        check = Checker("Stakeholder")
        id_ok = check.text("id", self.id)
        check.text("name", self.name)
        check.text("title", self.title, allow_empty=True)
        check.enum_tuple_field(self, "roles", BuyingRole)
        check.enum_field(self, "concern", Concern, optional=True)
        check.enum_field(self, "stance", Stance, optional=True)
        check.integer(
            "influence", self.influence, low=INFLUENCE_LOWEST, high=INFLUENCE_HIGHEST, optional=True
        )
        if (
            check.optional_text("reports_to", self.reports_to)
            and id_ok
            and self.reports_to == self.id
        ):
            check.add("reports_to", f"a contact cannot report to itself ({self.id!r})")
        if check.items("influences", self.influences, str, "contact ids"):
            check.unique("influences", self.influences, "line of influence to")
            for i, target in enumerate(self.influences):
                if id_ok and target == self.id:
                    check.add(f"influences[{i}]", f"a contact cannot influence itself ({target!r})")
        check.optional_text("owner", self.owner)
        check.day("last_met", self.last_met, optional=True)
        if check.items("ladder", self.ladder, LadderStep, "LadderStep"):
            _check_ladder(check, self.ladder)
        check.text("strategy", self.strategy, allow_empty=True)
        check.instance("profile", self.profile, Profile, "a Profile")
        check.done()

    @property
    def is_decision_maker(self) -> bool:
        return BuyingRole.DECISION_MAKER in self.roles

    def position(self, on: date | None = None) -> SupportBehaviour | None:
        """The latest ladder position on or before ``on`` (default: the latest of all)."""
        if on is not None:
            check = Checker("Stakeholder.position")
            check.day("on", on)
            check.done()
        found: SupportBehaviour | None = None
        for step in self.ladder:
            if on is not None and step.on > on:
                break
            found = step.behaviour
        return found

    def tier(self, on: date | None = None) -> SupportTier | None:
        """The tier of :meth:`position`, ``None`` when off the ladder."""
        found = self.position(on)
        return None if found is None else found.tier

    @property
    def moves(self) -> tuple[LadderMove, ...]:
        """Each change of ladder position, oldest first (an unchanged step is no move)."""
        out: list[LadderMove] = []
        before: SupportBehaviour | None = None
        for step in self.ladder:
            if step.behaviour != before:
                out.append(LadderMove(on=step.on, before=before, after=step.behaviour))
            before = step.behaviour
        return tuple(out)


def _check_ladder(check: Checker, ladder: tuple[LadderStep, ...]) -> None:
    for i in range(1, len(ladder)):
        if ladder[i].on <= ladder[i - 1].on:
            check.add(
                f"ladder[{i}].on",
                f"{ladder[i].on.isoformat()} is not after {ladder[i - 1].on.isoformat()} "
                "(the ladder is in date order, one position a day)",
            )


def _cycle_from(start: str, boss: dict[str, str | None]) -> bool:
    seen = {start}
    current = boss.get(start)
    while current is not None and current in boss:
        if current in seen:
            return True
        seen.add(current)
        current = boss.get(current)
    return False


@attrs.frozen(slots=True, kw_only=True)
class StakeholderMap:
    """Everyone who matters in one deal, and the lines between them.

    Checked when built: contact ids are distinct, every reporting line and
    line of influence names a contact on the map, and no one reports (even
    through others) to themselves.
    """

    opportunity_id: str
    stakeholders: tuple[Stakeholder, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("StakeholderMap")
        check.text("opportunity_id", self.opportunity_id)
        if check.items("stakeholders", self.stakeholders, Stakeholder, "Stakeholder"):
            check.unique("stakeholders", (s.id for s in self.stakeholders), "contact id")
            self._check_lines(check)
        check.done()

    def _check_lines(self, check: Checker) -> None:
        known = {s.id for s in self.stakeholders}
        boss = {s.id: s.reports_to for s in self.stakeholders}
        for i, s in enumerate(self.stakeholders):
            if s.reports_to is not None and s.reports_to not in known:
                check.add(
                    f"stakeholders[{i}].reports_to",
                    f"unknown contact {s.reports_to!r} (not on the map)",
                )
            elif s.reports_to is not None and _cycle_from(s.id, boss):
                check.add(
                    f"stakeholders[{i}].reports_to",
                    f"the reporting line from {s.id!r} runs in a circle",
                )
            for j, target in enumerate(s.influences):
                if target not in known:
                    check.add(
                        f"stakeholders[{i}].influences[{j}]",
                        f"unknown contact {target!r} (not on the map)",
                    )

    # -- reading ------------------------------------------------------------------

    @property
    def ids(self) -> tuple[str, ...]:
        """The contacts' ids, in map order."""
        return tuple(s.id for s in self.stakeholders)

    def __contains__(self, contact_id: object) -> bool:
        return any(s.id == contact_id for s in self.stakeholders)

    def __len__(self) -> int:
        return len(self.stakeholders)

    def stakeholder(self, contact_id: str) -> Stakeholder:
        """The contact with ``contact_id``; an unknown id is a ValidationError."""
        require_text("StakeholderMap.stakeholder", "contact_id", contact_id)
        for s in self.stakeholders:
            if s.id == contact_id:
                return s
        known = ", ".join(repr(i) for i in self.ids) or "none"
        raise ValidationError.single(
            "StakeholderMap",
            "contact_id",
            f"unknown contact {describe(contact_id)} (on the map: {known})",
        )

    def with_role(self, role: BuyingRole | str) -> tuple[Stakeholder, ...]:
        """The contacts who hold ``role``, in map order."""
        try:
            wanted = require_enum("StakeholderMap.with_role", "role", role, BuyingRole)
        except ValidationError:
            choices = ", ".join(repr(r.value) for r in BuyingRole)
            raise ValidationError.single(
                "StakeholderMap.with_role",
                "role",
                f"{describe(role)} is not a BuyingRole (expected one of {choices})",
            ) from None
        return tuple(s for s in self.stakeholders if wanted in s.roles)

    @property
    def decision_makers(self) -> tuple[Stakeholder, ...]:
        return self.with_role(BuyingRole.DECISION_MAKER)

    @property
    def supporters(self) -> tuple[Stakeholder, ...]:
        """Supporters and coaches."""
        return tuple(
            s for s in self.stakeholders if s.stance is not None and s.stance.is_favourable
        )

    @property
    def coaches(self) -> tuple[Stakeholder, ...]:
        return tuple(s for s in self.stakeholders if s.stance is Stance.COACH)

    @property
    def opponents(self) -> tuple[Stakeholder, ...]:
        """Non-supporters and enemies."""
        return tuple(s for s in self.stakeholders if s.stance is not None and s.stance.is_opposed)

    @property
    def stances_known(self) -> bool:
        """At least one contact, and every contact's stance is known."""
        return bool(self.stakeholders) and all(s.stance is not None for s in self.stakeholders)

    # -- changing (new values) --------------------------------------------------------

    def with_stakeholder(self, stakeholder: Stakeholder) -> StakeholderMap:
        """A new map with ``stakeholder`` added, or replacing the contact with its id."""
        check = Checker("StakeholderMap.with_stakeholder")
        check.instance("stakeholder", stakeholder, Stakeholder, "a Stakeholder")
        check.done()
        kept = [s for s in self.stakeholders if s.id != stakeholder.id]
        if len(kept) == len(self.stakeholders):
            kept.append(stakeholder)
        else:
            kept = [stakeholder if s.id == stakeholder.id else s for s in self.stakeholders]
        return _rebuilt("StakeholderMap.with_stakeholder", self.opportunity_id, kept)

    def without(self, contact_id: str) -> StakeholderMap:
        """A new map without the contact, and without every line to them."""
        self.stakeholder(contact_id)
        kept = [
            attrs.evolve(
                s,
                reports_to=None if s.reports_to == contact_id else s.reports_to,
                influences=tuple(t for t in s.influences if t != contact_id),
            )
            for s in self.stakeholders
            if s.id != contact_id
        ]
        return _rebuilt("StakeholderMap.without", self.opportunity_id, kept)

    def moved(
        self, contact_id: str, *, behaviour: SupportBehaviour | str | None, on: date, note: str = ""
    ) -> StakeholderMap:
        """A new map where the contact stands at ``behaviour`` on the ladder ``on`` that day."""
        s = self.stakeholder(contact_id)
        try:
            step = LadderStep(on=on, behaviour=behaviour, note=note)
            changed = attrs.evolve(s, ladder=(*s.ladder, step))
        except ValidationError as exc:
            raise ValidationError("StakeholderMap.moved", exc.problems) from None
        return self.with_stakeholder(changed)

    def met(self, contact_id: str, *, on: date, by: str | None = None) -> StakeholderMap:
        """A new map recording a meeting ``on`` that day (and, with ``by``, who owns it now).

        An earlier meeting than the one recorded keeps the later date.
        """
        s = self.stakeholder(contact_id)
        check = Checker("StakeholderMap.met")
        check.day("on", on)
        check.optional_text("by", by)
        check.done()
        last = on if s.last_met is None else max(on, s.last_met)
        owner = s.owner if by is None else by
        return self.with_stakeholder(attrs.evolve(s, last_met=last, owner=owner))


def _rebuilt(where: str, opportunity_id: str, stakeholders: list[Any]) -> StakeholderMap:
    try:
        return StakeholderMap(opportunity_id=opportunity_id, stakeholders=stakeholders)
    except ValidationError as exc:
        raise ValidationError(where, exc.problems) from None
