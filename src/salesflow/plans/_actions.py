"""Actions and the tactical plan: who does what, by when, with which resources.

An :class:`Action` is an obligation of its owner: open, it is on their
agenda through the time rules (:func:`salesflow.plans.agenda`); done, it
records when and the actual result, and a done presentation, demo or
reference visit satisfies the checklist item "the customer has seen a demo
or visited a reference user" (:func:`salesflow.plans.checklist_facts`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from salesflow._checks import Checker, require_aware, to_tuple
from salesflow.exceptions import ValidationError
from salesflow.plans._checks import texts

__all__ = ["Action", "ActionKind", "TacticalPlan"]


class ActionKind(StrEnum):
    """What kind of step an action is."""

    PRESENTATION = "presentation"
    DEMO = "demo"
    REFERENCE_VISIT = "reference_visit"
    CALL = "call"
    MEETING = "meeting"
    PROPOSAL = "proposal"
    BRIEFING = "briefing"
    REHEARSAL = "rehearsal"
    LOGISTICS = "logistics"
    OTHER = "other"

    @property
    def shows_the_offer(self) -> bool:
        """A presentation, a demo or a reference visit: the customer sees what we offer."""
        return self in (ActionKind.PRESENTATION, ActionKind.DEMO, ActionKind.REFERENCE_VISIT)


def _as_given(value: object) -> object:
    return value


@attrs.frozen(slots=True, kw_only=True)
class Action:
    """Who (``owner``) does what (``what``) by when (``due``), with which ``resources``.

    ``contacts``: the customer's people it involves (ids on the stakeholder
    map). ``done_at`` and ``result``: when it was done and the actual
    result (a result only for a done action).
    """

    id: str
    what: str
    owner: str
    due: datetime
    kind: ActionKind = attrs.field(default=ActionKind.OTHER, converter=_as_given)
    resources: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    contacts: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    done_at: datetime | None = None
    result: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("Action")
        check.text("id", self.id)
        check.text("what", self.what)
        check.text("owner", self.owner)
        check.aware("due", self.due)
        check.enum_field(self, "kind", ActionKind)
        texts(check, self, ("resources", "contacts"))
        done_ok = check.aware("done_at", self.done_at, optional=True)
        result_ok = check.text("result", self.result, allow_empty=True)
        if result_ok and self.result and done_ok and self.done_at is None:
            check.add("result", "a result is recorded only for a done action (set done_at)")
        check.done()

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def done_by(self, at: datetime) -> bool:
        """Whether it was done at or before ``at``."""
        require_aware("Action.done_by", "at", at)
        return self.done_at is not None and self.done_at <= at


@attrs.frozen(slots=True, kw_only=True)
class TacticalPlan:
    """The actions that carry out a deal's plans, with distinct ids."""

    id: str
    opportunity_id: str
    actions: tuple[Action, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("TacticalPlan")
        check.text("id", self.id)
        check.text("opportunity_id", self.opportunity_id)
        if check.items("actions", self.actions, Action, "Action"):
            check.unique("actions", (a.id for a in self.actions), "action id")
        check.done()

    def action(self, action_id: str) -> Action:
        """The action with ``action_id``; an unknown id is a ValidationError."""
        for a in self.actions:
            if a.id == action_id:
                return a
        known = ", ".join(repr(a.id) for a in self.actions) or "none"
        raise ValidationError.single(
            "TacticalPlan", "action_id", f"unknown action {action_id!r} (known: {known})"
        )

    @property
    def open_actions(self) -> tuple[Action, ...]:
        """The actions not done yet, soonest due first."""
        return tuple(sorted((a for a in self.actions if not a.is_done), key=lambda a: a.due))

    @property
    def done_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.is_done)

    def with_action(self, action: Action) -> TacticalPlan:
        """A new plan with ``action`` added, or replacing the action with its id."""
        check = Checker("TacticalPlan.with_action")
        check.instance("action", action, Action, "an Action")
        check.done()
        if any(a.id == action.id for a in self.actions):
            actions = tuple(action if a.id == action.id else a for a in self.actions)
        else:
            actions = (*self.actions, action)
        return attrs.evolve(self, actions=actions)

    def completed(self, action_id: str, *, at: datetime, result: str = "") -> TacticalPlan:
        """A new plan where the action was done ``at``, with its actual ``result``.

        Completing a done action again is a ValidationError.
        """
        found = self.action(action_id)
        if found.is_done:
            raise ValidationError.single(
                "TacticalPlan.completed", "action_id", f"action {action_id!r} is already done"
            )
        try:
            done = attrs.evolve(found, done_at=at, result=result)
        except ValidationError as exc:
            raise ValidationError("TacticalPlan.completed", exc.problems) from None
        return self.with_action(done)
