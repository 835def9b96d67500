"""The presentation plan: purpose, agenda, who attends with their buying
roles and arguments, our team, and the six steps from the commitment we want to the
business value we bring."""

from __future__ import annotations

from datetime import datetime

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.plans._checks import texts
from salesflow.records.stakeholders import BuyingRole

__all__ = ["STEPS", "Attendee", "PresentationPlan", "PresentationSteps", "TeamMember"]

#: The six steps of a presentation, in the order they are thought through.
STEPS = (
    "commitment",
    "problem",
    "consequences",
    "customer_view",
    "solution",
    "business_value",
)


@attrs.frozen(slots=True, kw_only=True)
class Attendee:
    """Someone of the customer's at the presentation: buying roles and the arguments
    (business and political) that move them. ``contact_id``: their id on the map."""

    name: str
    title: str = ""
    roles: tuple[BuyingRole, ...] = attrs.field(default=(), converter=to_tuple)
    arguments: str = ""
    contact_id: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Attendee")
        check.text("name", self.name)
        check.text("title", self.title, allow_empty=True)
        check.enum_tuple_field(self, "roles", BuyingRole)
        check.text("arguments", self.arguments, allow_empty=True)
        check.optional_text("contact_id", self.contact_id)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class TeamMember:
    """One of our team: their part in the presentation, and whom of the customer's
    people they look after."""

    name: str
    part: str = ""
    looks_after: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("TeamMember")
        check.text("name", self.name)
        check.text("part", self.part, allow_empty=True)
        texts(check, self, ("looks_after",))
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class PresentationSteps:
    """The six steps, thought through from the end.

    1. ``commitment``: what we want the customer to commit to when it ends,
       and what we commit to.
    2. ``problem``: the project, problem or opportunity, tied to the
       customer's financial, operational, market or competitive issues.
    3. ``consequences``: cause and effect: the compelling event, what happens
       if the problem stays, what solving it is worth.
    4. ``customer_view``: the customer's aims and the key elements of a
       solution as they see them.
    5. ``solution``: the main elements of ours, before and after.
    6. ``business_value``: its effect on the customer's finances, downstream
       and upstream operations, in the customer's own definition of value.
    """

    commitment: str = ""
    problem: str = ""
    consequences: str = ""
    customer_view: str = ""
    solution: str = ""
    business_value: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("PresentationSteps")
        for name in STEPS:
            check.text(name, getattr(self, name), allow_empty=True)
        check.done()

    @property
    def missing(self) -> tuple[str, ...]:
        """The steps not thought through yet, in order."""
        return tuple(name for name in STEPS if not getattr(self, name).strip())


@attrs.frozen(slots=True, kw_only=True)
class PresentationPlan:
    """A presentation to the customer, planned for ``at``; ``held_at`` once it took place.

    A held presentation satisfies "the customer has seen a demo or visited a
    reference user" (:func:`salesflow.plans.checklist_facts`).
    """

    id: str
    opportunity_id: str
    at: datetime
    owner: str
    purpose: str
    agenda: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    attendees: tuple[Attendee, ...] = attrs.field(default=(), converter=to_tuple)
    team: tuple[TeamMember, ...] = attrs.field(default=(), converter=to_tuple)
    steps: PresentationSteps = attrs.field(factory=PresentationSteps)
    held_at: datetime | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("PresentationPlan")
        for name in ("id", "opportunity_id", "owner", "purpose"):
            check.text(name, getattr(self, name))
        check.aware("at", self.at)
        texts(check, self, ("agenda",))
        check.items("attendees", self.attendees, Attendee, "Attendee")
        check.items("team", self.team, TeamMember, "TeamMember")
        check.instance("steps", self.steps, PresentationSteps, "PresentationSteps")
        check.aware("held_at", self.held_at, optional=True)
        check.done()

    def held(self, *, at: datetime) -> PresentationPlan:
        """A new plan recording that the presentation took place ``at``."""
        return attrs.evolve(self, held_at=at)
