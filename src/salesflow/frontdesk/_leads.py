"""Where a lead stands: working it, qualifying it, disqualifying it, judging its intent.

A lead moves new -> (assigned) -> working -> qualified -> converted, and
may be disqualified (with a reason) on the way; a disqualified lead may be
worked again, a converted one is done. Every move returns a new lead; a
move the lead's status does not allow is a :class:`~salesflow.ValidationError`
at path ``lead.status``, and the lead is unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from salesflow._checks import Checker, describe
from salesflow.exceptions import ValidationError
from salesflow.frozen import FrozenDict
from salesflow.records import Customer, Intent, IntentHistory, Lead, LeadStatus

__all__ = ["ALLOWED_MOVES", "disqualify", "judge_intent", "qualify", "work"]

S = LeadStatus

#: The statuses a lead may move to from each status (conversion included).
ALLOWED_MOVES: Mapping[LeadStatus, tuple[LeadStatus, ...]] = FrozenDict(
    {
        S.NEW: (S.ASSIGNED, S.WORKING, S.QUALIFIED, S.DISQUALIFIED, S.CONVERTED),
        S.ASSIGNED: (S.WORKING, S.QUALIFIED, S.DISQUALIFIED, S.CONVERTED),
        S.WORKING: (S.QUALIFIED, S.DISQUALIFIED, S.CONVERTED),
        S.QUALIFIED: (S.WORKING, S.DISQUALIFIED, S.CONVERTED),
        S.DISQUALIFIED: (S.WORKING,),
        S.CONVERTED: (),
    }
)

T = TypeVar("T", Lead, Customer)


def check_move(check: Checker, lead: object, to: LeadStatus) -> bool:
    """File a problem unless ``lead`` is a Lead whose status may move to ``to``."""
    if not check.instance("lead", lead, Lead, "a Lead"):
        return False
    assert isinstance(lead, Lead)
    if to not in ALLOWED_MOVES[lead.status]:
        allowed = [s.value for s, targets in ALLOWED_MOVES.items() if to in targets]
        check.add(
            "lead.status",
            f"a {lead.status.value} lead cannot become {to.value} "
            f"(expected a lead that is {', '.join(allowed)})",
        )
        return False
    return True


def _owned(lead: Lead, by: str, at: datetime) -> Lead:
    """The lead with ``by`` as owner, if it had none (assigned at ``at``)."""
    if lead.owner is not None:
        return lead
    return attrs.evolve(lead, owner=by, assigned_at=max(at, lead.created_at))


def _start(subject: str, lead: object, to: LeadStatus, at: object, by: object) -> Checker:
    check = Checker(subject)
    check_move(check, lead, to)
    check.aware("at", at)
    check.text("by", by)
    return check


def work(lead: Lead, *, at: datetime, by: str) -> Lead:
    """The lead being worked by ``by`` (who becomes its owner if it had none)."""
    check = _start("work", lead, S.WORKING, at, by)
    check.done()
    return attrs.evolve(_owned(lead, by, at), status=S.WORKING, disqualified_reason=None)


def qualify(lead: Lead, *, at: datetime, by: str) -> Lead:
    """The lead qualified by ``by`` (who becomes its owner if it had none)."""
    check = _start("qualify", lead, S.QUALIFIED, at, by)
    check.done()
    return attrs.evolve(_owned(lead, by, at), status=S.QUALIFIED)


def disqualify(lead: Lead, *, reason: str, at: datetime, by: str) -> Lead:
    """The lead disqualified by ``by`` for ``reason``; its intent is judged D at ``at``."""
    check = _start("disqualify", lead, S.DISQUALIFIED, at, by)
    check.text("reason", reason)
    check.done()
    assert isinstance(lead, Lead)
    intent = _progressed(lead, Intent.D, at, by, reason, "disqualify")
    return attrs.evolve(lead, status=S.DISQUALIFIED, disqualified_reason=reason, intent=intent)


def _progressed(
    record: Lead | Customer, intent: Any, at: Any, by: Any, note: Any, subject: str
) -> IntentHistory:
    try:
        return record.intent.progressed(intent, at=at, by=by, note=note)
    except ValidationError as exc:
        raise ValidationError(subject, exc.problems) from None


def judge_intent(record: T, intent: Intent | str, *, at: datetime, by: str, note: str = "") -> T:
    """The lead or customer with ``intent`` judged at ``at`` by ``by`` (added to its history).

    A judgement before the latest one is a :class:`~salesflow.ValidationError`
    at ``at``.
    """
    if not isinstance(record, (Lead, Customer)):
        raise ValidationError.single(
            "judge_intent", "record", f"expected a Lead or a Customer, got {describe(record)}"
        )
    history = _progressed(record, intent, at, by, note, "judge_intent")
    return attrs.evolve(record, intent=history)
