"""Approval requests and their decisions: frozen records with their whole history."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from salesflow._checks import Checker, to_optional_decimal, to_tuple
from salesflow.money import Money

__all__ = ["ApprovalRequest", "Decision", "DecisionKind", "RequestStatus"]


class RequestStatus(StrEnum):
    """Where a request stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self is RequestStatus.PENDING


class DecisionKind(StrEnum):
    """What a decision did.

    ``approve`` and ``reject`` act in a step; ``break_glass`` overrides the
    remaining steps with a reason; ``withdraw`` is the requester taking the
    request back.
    """

    APPROVE = "approve"
    REJECT = "reject"
    BREAK_GLASS = "break_glass"
    WITHDRAW = "withdraw"


_CLOSING = {
    DecisionKind.REJECT: RequestStatus.REJECTED,
    DecisionKind.BREAK_GLASS: RequestStatus.APPROVED,
    DecisionKind.WITHDRAW: RequestStatus.WITHDRAWN,
}


@attrs.frozen(slots=True, kw_only=True)
class Decision:
    """One decision on a request: what, by whom, when, in which step, and why.

    ``approve`` and ``reject`` name their ``step``; ``reject`` and
    ``break_glass`` carry a ``reason``.
    """

    kind: DecisionKind
    by: str
    at: datetime
    step: str | None = None
    reason: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Decision")
        kind_ok = check.enum_field(self, "kind", DecisionKind)
        check.text("by", self.by)
        check.aware("at", self.at)
        step_ok = self.step is None or check.key("step", self.step)
        reason_ok = check.optional_text("reason", self.reason)
        if self.note is not None:
            check.text("note", self.note, allow_empty=True)
        if kind_ok and step_ok:
            in_step = self.kind in (DecisionKind.APPROVE, DecisionKind.REJECT)
            if in_step and self.step is None:
                check.add("step", f"a {self.kind.value} decision names its step")
            if not in_step and self.step is not None:
                check.add("step", f"a {self.kind.value} decision is about no single step")
        closing = (DecisionKind.REJECT, DecisionKind.BREAK_GLASS)
        if kind_ok and reason_ok and self.reason is None and self.kind in closing:
            check.add("reason", f"a {self.kind.value} decision needs a reason")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class ApprovalRequest:
    """A request for approval under a policy, with every decision taken on it.

    ``policy`` is the policy's key; ``subject_id`` what it is about (a deal,
    a contract, an order, a customer); ``chain`` groups the requests whose
    duties must stay separated (the order-to-cash requests of one order), and
    is ``None`` for a request standing alone. ``amount``, ``discount`` (a
    percentage) and ``stage`` are the facts the policy's conditions read.
    ``status`` follows the decisions: a rejection, a withdrawal or a
    break-glass decision closes the request and is its last decision.
    """

    id: str
    policy: str
    subject_id: str
    requested_by: str
    requested_at: datetime
    amount: Money | None = None
    discount: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    stage: str | None = None
    chain: str | None = None
    note: str | None = None
    status: RequestStatus = RequestStatus.PENDING
    decisions: tuple[Decision, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("ApprovalRequest")
        check.text("id", self.id)
        check.key("policy", self.policy)
        check.text("subject_id", self.subject_id)
        check.text("requested_by", self.requested_by)
        at_ok = check.aware("requested_at", self.requested_at)
        if (
            self.amount is not None
            and check.instance("amount", self.amount, Money, "Money")
            and self.amount.amount < 0
        ):
            check.add("amount", f"{self.amount} is negative (expected at least 0)")
        check.number("discount", self.discount, low=0, high=100, optional=True)
        check.optional_text("stage", self.stage)
        check.optional_text("chain", self.chain)
        if self.note is not None:
            check.text("note", self.note, allow_empty=True)
        status_ok = check.enum_field(self, "status", RequestStatus)
        if check.items("decisions", self.decisions, Decision, "Decision") and at_ok and status_ok:
            self._check_history(check)
        check.done()

    def _check_history(self, check: Checker) -> None:
        previous = self.requested_at
        for i, decision in enumerate(self.decisions):
            if decision.at < previous:
                check.add(
                    f"decisions[{i}].at",
                    f"{decision.at.isoformat()} is before {previous.isoformat()} "
                    "(decisions are in time order, from requested_at on)",
                )
            previous = max(previous, decision.at)
            closing = _CLOSING.get(decision.kind)
            if closing is not None and i != len(self.decisions) - 1:
                check.add(f"decisions[{i + 1}]", f"after a {decision.kind.value} decision")
            if decision.kind is DecisionKind.WITHDRAW and decision.by != self.requested_by:
                check.add(f"decisions[{i}].by", "only the requester withdraws a request")
            if decision.kind is not DecisionKind.WITHDRAW and decision.by == self.requested_by:
                check.add(f"decisions[{i}].by", "the requester never decides their own request")
        last = self.decisions[-1].kind if self.decisions else None
        expected = _CLOSING.get(last) if last is not None else None
        if expected is not None and self.status is not expected:
            check.add("status", f"{self.status.value!r} after a {last} decision")
        if expected is None and self.status in (RequestStatus.REJECTED, RequestStatus.WITHDRAWN):
            check.add("status", f"{self.status.value!r} without a decision that closes it")

    @property
    def is_open(self) -> bool:
        """Still waiting for decisions."""
        return self.status is RequestStatus.PENDING

    @property
    def approved(self) -> bool:
        return self.status is RequestStatus.APPROVED

    @property
    def overridden(self) -> bool:
        """Approved by a break-glass decision."""
        return bool(self.decisions) and self.decisions[-1].kind is DecisionKind.BREAK_GLASS

    @property
    def deciders(self) -> tuple[str, ...]:
        """Everyone who decided on the request (the requester's withdrawal aside), in order."""
        found = (d.by for d in self.decisions if d.kind is not DecisionKind.WITHDRAW)
        return tuple(dict.fromkeys(found))

    @property
    def decided_at(self) -> datetime | None:
        """When the request was closed (approved, rejected, withdrawn), else ``None``."""
        if self.is_open:
            return None
        return self.decisions[-1].at if self.decisions else self.requested_at
