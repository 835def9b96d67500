"""The opportunity record and its stage history.

An :class:`Opportunity` is a value: the moves of a pipeline
(:mod:`salesflow.stages`) return a new one with a :class:`StageChange`
appended to its history. The record checks its own invariants: the history
is in time order and not before ``created_at``; the last change ends where
the deal is (stage and status); a lost deal has a lost reason and only a
lost deal has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import attrs

from salesflow._checks import (
    Checker,
    describe,
    freeze_mapping,
    to_tuple,
)
from salesflow._html import fields_html, short_repr
from salesflow.frozen import EMPTY
from salesflow.money import Money
from salesflow.records._enums import Move, OpportunityStatus
from salesflow.records.checklist_state import ChecklistState

__all__ = ["AttributeValue", "Opportunity", "StageChange"]

#: The value of a custom attribute of an opportunity.
AttributeValue = str | int | bool


@attrs.frozen(slots=True, kw_only=True)
class StageChange:
    """One move in a deal's history: from where to where, when, by whom."""

    move: Move
    at: datetime
    to_stage: str
    to_status: OpportunityStatus
    probability_after: int
    from_stage: str | None = None
    from_status: OpportunityStatus | None = None
    probability_before: int | None = None
    by: str | None = None
    reason: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("StageChange")
        check.enum_field(self, "move", Move)
        check.aware("at", self.at)
        check.text("to_stage", self.to_stage)
        check.enum_field(self, "to_status", OpportunityStatus)
        check.integer("probability_after", self.probability_after, low=0, high=100)
        check.optional_text("from_stage", self.from_stage)
        check.enum_field(self, "from_status", OpportunityStatus, optional=True)
        check.integer("probability_before", self.probability_before, low=0, high=100, optional=True)
        check.optional_text("by", self.by)
        check.optional_text("reason", self.reason)
        if self.note is not None:
            check.text("note", self.note, allow_empty=True)
        check.done()


_REPR_FIELDS = ("id", "customer_id", "stage", "status", "amount", "history")
_HTML_FIELDS = (
    "id",
    "name",
    "customer_id",
    "owner",
    "pipeline",
    "stage",
    "status",
    "amount",
    "probability",
    "expected_close",
    "created_at",
    "updated_at",
    "lost_reason",
)


def _empty_attributes() -> Mapping[str, AttributeValue]:
    return EMPTY


def _empty_checklists() -> Mapping[str, ChecklistState]:
    return EMPTY


@attrs.frozen(slots=True, kw_only=True)
class Opportunity:
    """A deal: who it is for, whose it is, where it stands and how it got there.

    ``probability`` is a manual override (0 to 100); ``None`` means the
    stage's default (see :meth:`salesflow.stages.Pipeline.probability`).
    ``attributes`` holds a team's own fields (strings, whole numbers,
    booleans) that gates and guards may read. ``checklists`` holds the
    checklist state of each stage (stage key -> :class:`ChecklistState`; see
    :mod:`salesflow.checklists`). ``lead_id`` names the lead the deal was
    converted from, if it was.
    """

    id: str
    customer_id: str
    owner: str
    pipeline: str
    stage: str
    amount: Money
    created_at: datetime
    status: OpportunityStatus = OpportunityStatus.OPEN
    name: str = ""
    expected_close: date | None = None
    lost_reason: str | None = None
    probability: int | None = None
    history: tuple[StageChange, ...] = attrs.field(default=(), converter=to_tuple)
    attributes: Mapping[str, AttributeValue] = attrs.field(
        factory=_empty_attributes, converter=freeze_mapping, hash=False
    )
    checklists: Mapping[str, ChecklistState] = attrs.field(
        factory=_empty_checklists, converter=freeze_mapping, hash=False
    )
    lead_id: str | None = None

    @property
    def updated_at(self) -> datetime:
        """When the deal last changed: its last stage change, else its creation."""
        return self.history[-1].at if self.history else self.created_at

    @property
    def is_closed(self) -> bool:
        return self.status.is_closed

    def __repr__(self) -> str:
        # the key fields only (equality still compares every field)
        return short_repr(self, _REPR_FIELDS)

    def _repr_html_(self) -> str:
        return fields_html(self, _HTML_FIELDS, title=f"Opportunity {self.id}")

    def __attrs_post_init__(self) -> None:
        check = Checker("Opportunity")
        check.text("id", self.id)
        check.text("customer_id", self.customer_id)
        check.text("owner", self.owner)
        check.text("pipeline", self.pipeline)
        check.text("stage", self.stage)
        if check.instance("amount", self.amount, Money, "Money") and self.amount.amount < 0:
            check.add("amount", f"{self.amount} is negative (expected an amount of at least 0)")
        created_ok = check.aware("created_at", self.created_at)
        status_ok = check.enum_field(self, "status", OpportunityStatus)
        check.text("name", self.name, allow_empty=True)
        check.day("expected_close", self.expected_close, optional=True)
        reason_ok = check.optional_text("lost_reason", self.lost_reason)
        check.optional_text("lead_id", self.lead_id)
        check.integer("probability", self.probability, low=0, high=100, optional=True)
        self._check_attributes(check)
        self._check_checklists(check)
        if status_ok and reason_ok:
            if self.status is OpportunityStatus.LOST and self.lost_reason is None:
                check.add("lost_reason", "a lost opportunity needs a lost reason")
            if self.status is not OpportunityStatus.LOST and self.lost_reason is not None:
                check.add(
                    "lost_reason",
                    f"set on a {self.status.value} opportunity (only a lost one has a reason)",
                )
        if check.items("history", self.history, StageChange, "StageChange") and created_ok:
            self._check_history(check)
        check.done()

    def _check_attributes(self, check: Checker) -> None:
        if not isinstance(self.attributes, Mapping):
            check.add("attributes", f"expected a mapping, got {describe(self.attributes)}")
            return
        for key, value in self.attributes.items():
            if not isinstance(key, str) or not key:
                check.add("attributes", f"key {describe(key)} is not a non-empty string")
            elif not isinstance(value, (str, int, bool)):
                check.add(
                    f"attributes[{key!r}]",
                    f"expected a string, a whole number or a boolean, got {describe(value)}",
                )

    def _check_checklists(self, check: Checker) -> None:
        if not isinstance(self.checklists, Mapping):
            check.add("checklists", f"expected a mapping, got {describe(self.checklists)}")
            return
        for key, value in self.checklists.items():
            if not isinstance(key, str) or not key.strip():
                check.add("checklists", f"stage key {describe(key)} is not a non-empty string")
            elif not isinstance(value, ChecklistState):
                check.add(
                    f"checklists[{key!r}]", f"expected a ChecklistState, got {describe(value)}"
                )

    def _check_history(self, check: Checker) -> None:
        previous = self.created_at
        for i, change in enumerate(self.history):
            if change.at < previous:
                check.add(
                    f"history[{i}].at",
                    f"{change.at.isoformat()} is before {previous.isoformat()} "
                    "(history must be in time order, from created_at on)",
                )
            previous = max(previous, change.at)
        if self.history:
            last = self.history[-1]
            n = len(self.history) - 1
            if last.to_stage != self.stage:
                check.add(
                    "stage",
                    f"{self.stage!r} differs from the last change's to_stage "
                    f"{last.to_stage!r} (history[{n}])",
                )
            if last.to_status != self.status:
                check.add(
                    "status",
                    f"{self.status.value!r} differs from the last change's to_status "
                    f"{last.to_status.value!r} (history[{n}])",
                )
