"""The executive call plan and its summary.

A plan says why we call on an executive, what we expect, who takes part on
both sides, the agenda, the competitive views and obstacles, the resources
and preparation, the views we can influence and their business and
political value, and the questions to ask and why. The summary after the
call holds what happened, the commitments, and the actions that follow.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.plans._actions import Action
from salesflow.plans._checks import texts

__all__ = [
    "CallSide",
    "CallSummary",
    "ExecutiveCallPlan",
    "InfluencePoint",
    "Participant",
    "Question",
]


class CallSide(StrEnum):
    """Which side a participant is on."""

    CUSTOMER = "customer"
    OURS = "ours"


def _as_given(value: object) -> object:
    return value


@attrs.frozen(slots=True, kw_only=True)
class Participant:
    """Someone in the call: name, title and role, on the customer's side or ours.

    ``contact_id``: for a customer participant on the stakeholder map, its id.
    """

    name: str
    side: CallSide = attrs.field(converter=_as_given)
    title: str = ""
    role: str = ""
    contact_id: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Participant")
        check.text("name", self.name)
        check.enum_field(self, "side", CallSide)
        check.text("title", self.title, allow_empty=True)
        check.text("role", self.role, allow_empty=True)
        check.optional_text("contact_id", self.contact_id)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class InfluencePoint:
    """A view we can influence, how we bring it about, and what it is worth to the customer."""

    view: str
    how: str = ""
    business_value: str = ""
    political_value: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("InfluencePoint")
        check.text("view", self.view)
        for name in ("how", "business_value", "political_value"):
            check.text(name, getattr(self, name), allow_empty=True)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Question:
    """What we need to know, and why."""

    ask: str
    why: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("Question")
        check.text("ask", self.ask)
        check.text("why", self.why, allow_empty=True)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class CallSummary:
    """What happened in the call (``held_at``), the commitments made, the actions that follow."""

    held_at: datetime
    happened: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    commitments: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    actions: tuple[Action, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("CallSummary")
        check.aware("held_at", self.held_at)
        texts(check, self, ("happened", "commitments"))
        if check.items("actions", self.actions, Action, "Action"):
            check.unique("actions", (a.id for a in self.actions), "action id")
        check.done()


_LISTS = ("agenda", "obstacles", "resources")


@attrs.frozen(slots=True, kw_only=True)
class ExecutiveCallPlan:
    """A planned call on one of the customer's executives, and (after it) its summary.

    ``executive``: the contact called on (an id on the stakeholder map).
    ``at``: when the call is planned. ``owner``: our salesperson;
    ``manager``: their manager. At least one participant from each side.
    """

    id: str
    opportunity_id: str
    executive: str
    at: datetime
    owner: str
    purpose: str
    expected_result: str = ""
    manager: str | None = None
    participants: tuple[Participant, ...] = attrs.field(default=(), converter=to_tuple)
    agenda: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    obstacles: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    resources: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    influence: tuple[InfluencePoint, ...] = attrs.field(default=(), converter=to_tuple)
    questions: tuple[Question, ...] = attrs.field(default=(), converter=to_tuple)
    summary: CallSummary | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("ExecutiveCallPlan")
        for name in ("id", "opportunity_id", "executive", "owner", "purpose"):
            check.text(name, getattr(self, name))
        check.aware("at", self.at)
        check.text("expected_result", self.expected_result, allow_empty=True)
        check.optional_text("manager", self.manager)
        if check.items("participants", self.participants, Participant, "Participant"):
            sides = {p.side for p in self.participants}
            for side in CallSide:
                if side not in sides:
                    check.add("participants", f"no participant on the {side.value} side")
        texts(check, self, _LISTS)
        check.items("influence", self.influence, InfluencePoint, "InfluencePoint")
        check.items("questions", self.questions, Question, "Question")
        if self.summary is not None:
            check.instance("summary", self.summary, CallSummary, "a CallSummary or None")
        check.done()

    def summarised(self, summary: CallSummary) -> ExecutiveCallPlan:
        """A new plan with the call's ``summary``."""
        return attrs.evolve(self, summary=summary)
