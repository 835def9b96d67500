"""The approval engine: opens requests and records decisions, refusing what breaks the rules.

Separation of duties holds over a request's whole chain (the request and
the other requests sharing its ``chain``): the requester never approves
their own request, no one decides twice in one chain, and no one holds two
duties of one of the policies' :class:`~salesflow.control.Conflict` sets.
A refused decision raises :class:`~salesflow.ApprovalError` carrying every
reason with a stable code, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from salesflow._checks import NOT_DATA, Checker, describe, to_tuple
from salesflow.cadence import Team
from salesflow.control._policy import ApprovalPolicy, Conflict, Step
from salesflow.control._requests import (
    ApprovalRequest,
    Decision,
    DecisionKind,
    RequestStatus,
)
from salesflow.exceptions import ApprovalError, Reason
from salesflow.frozen import FrozenDict
from salesflow.money import Money

__all__ = ["Approvals"]


def _index(policies: Any) -> Mapping[str, ApprovalPolicy]:
    if not isinstance(policies, tuple):
        return FrozenDict()
    return FrozenDict({p.key: p for p in policies if isinstance(p, ApprovalPolicy)})


def _reason(code: str, message: str, requirement: str | None = None) -> Reason:
    return Reason(code, message, None, requirement)


@attrs.frozen(slots=True, kw_only=True)
class Approvals:
    """Approval policies and the team whose people decide under them.

    Every operation takes the request first and returns a new one; a refusal
    raises :class:`~salesflow.ApprovalError`. ``related`` is the other
    requests of the request's chain (any request may be passed: only those
    with the same ``chain`` count), so duties stay separated across them.
    The :class:`~salesflow.control.Conflict` sets of every policy hold over
    every chain.
    """

    policies: tuple[ApprovalPolicy, ...] = attrs.field(converter=to_tuple)
    team: Team = attrs.field(factory=Team)
    _by_key: Mapping[str, ApprovalPolicy] = attrs.field(
        init=False, eq=False, repr=False, metadata=NOT_DATA
    )

    def __attrs_post_init__(self) -> None:
        check = Checker("Approvals")
        if check.items("policies", self.policies, ApprovalPolicy, "ApprovalPolicy"):
            check.unique("policies", (p.key for p in self.policies), "policy key")
        if check.instance("team", self.team, Team, "a Team"):
            for i, policy in enumerate(self.policies):
                if isinstance(policy, ApprovalPolicy):
                    self._check_quorum(check, f"policies[{i}]", policy)
        check.done()
        object.__setattr__(self, "_by_key", _index(self.policies))

    def _check_quorum(self, check: Checker, path: str, policy: ApprovalPolicy) -> None:
        for i, phase in enumerate(policy.phases):
            for j, step in enumerate(phase.steps):
                found = step.approvers.of(self.team)
                if len(found) < step.needed:
                    check.add(
                        f"{path}.phases[{i}].steps[{j}].needed",
                        f"step {step.key!r} needs {step.needed} approvers but the team has "
                        f"{len(found)} ({', '.join(found) or 'no one'})",
                    )

    # -- look-ups -------------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """The policies' keys."""
        return tuple(p.key for p in self.policies)

    def policy(self, key: str) -> ApprovalPolicy:
        """The policy ``key``."""
        found = self._by_key.get(key) if isinstance(key, str) else None
        if found is None:
            check = Checker("Approvals")
            check.add("policy", f"unknown policy {describe(key)} (expected one of {self._known})")
            check.fail()
        return found

    @property
    def _known(self) -> str:
        return ", ".join(self.keys) or "none"

    def open_steps(self, request: ApprovalRequest) -> tuple[str, ...]:
        """The steps waiting for decisions now (the current phase's unfinished ones)."""
        policy = self._policy_of(request, "request")
        if not request.is_open:
            return ()
        for phase in self._applicable(policy, request):
            waiting = [s for s in phase if _count(request, s.key) < s.needed]
            if waiting:
                return tuple(s.key for s in waiting)
        return ()

    def applicable_steps(self, request: ApprovalRequest) -> tuple[str, ...]:
        """The steps that apply to ``request`` (by the policy's and the steps' conditions)."""
        policy = self._policy_of(request, "request")
        return tuple(s.key for phase in self._applicable(policy, request) for s in phase)

    def eligible(
        self, request: ApprovalRequest, *, step: str, related: Iterable[ApprovalRequest] = ()
    ) -> tuple[str, ...]:
        """Who may approve ``step`` of ``request`` now, sorted."""
        policy = self._policy_of(request, "request")
        chain = self._chain(request, related)
        found = policy.step(step).approvers.of(self.team)
        return tuple(p for p in found if not self._refusals(policy, request, chain, p, step))

    def duties(
        self, request: ApprovalRequest, *, related: Iterable[ApprovalRequest] = ()
    ) -> Mapping[str, tuple[str, ...]]:
        """Person -> the duties they hold over the request's chain (sorted)."""
        self._policy_of(request, "request")
        held = self._held(self._chain(request, related))
        return FrozenDict({p: tuple(sorted(d)) for p, d in sorted(held.items())})

    # -- operations -----------------------------------------------------------------

    def open(
        self,
        *,
        policy: str,
        id: str,
        subject_id: str,
        requested_by: str,
        at: datetime,
        amount: Money | None = None,
        discount: Decimal | int | str | None = None,
        stage: str | None = None,
        chain: str | None = None,
        note: str | None = None,
        related: Iterable[ApprovalRequest] = (),
    ) -> ApprovalRequest:
        """A new request under ``policy``; approved at once when nothing in it applies.

        Refused (``conflicting_duty``) when the requester's duty conflicts
        with one they already hold in the chain.
        """
        found = self.policy(policy)
        request = ApprovalRequest(
            id=id,
            policy=policy,
            subject_id=subject_id,
            requested_by=requested_by,
            requested_at=at,
            amount=amount,
            discount=discount,
            stage=stage,
            chain=chain,
            note=note,
        )
        chain_of = self._chain(request, related)
        duty = found.requester_duty
        if duty is not None:
            held = self._held(chain_of[1:]).get(requested_by, set())
            clash = self._conflicting(chain_of, held, duty)
            if clash is not None:
                raise ApprovalError("open", id, [_clash(requested_by, duty, clash)])
        if not self._applicable(found, request):
            return attrs.evolve(request, status=RequestStatus.APPROVED)
        return request

    def approve(
        self,
        request: ApprovalRequest,
        *,
        by: str,
        at: datetime,
        step: str | None = None,
        note: str | None = None,
        related: Iterable[ApprovalRequest] = (),
    ) -> ApprovalRequest:
        """``request`` with ``by``'s approval in ``step``.

        ``step`` defaults to the one open step ``by`` may approve.
        """
        policy, _, key = self._prelude(request, by, at, step, related, "approve")
        decision = Decision(kind=DecisionKind.APPROVE, by=by, at=at, step=key, note=note)
        after = attrs.evolve(request, decisions=(*request.decisions, decision))
        done = self._complete(policy, after)
        return attrs.evolve(after, status=RequestStatus.APPROVED) if done else after

    def reject(
        self,
        request: ApprovalRequest,
        *,
        by: str,
        at: datetime,
        reason: str,
        step: str | None = None,
        related: Iterable[ApprovalRequest] = (),
    ) -> ApprovalRequest:
        """``request`` rejected by ``by``, an approver of an open step, for ``reason``."""
        _check_reason("Approvals.reject", reason)
        _, _, key = self._prelude(request, by, at, step, related, "reject")
        decision = Decision(kind=DecisionKind.REJECT, by=by, at=at, step=key, reason=reason)
        return attrs.evolve(
            request, decisions=(*request.decisions, decision), status=RequestStatus.REJECTED
        )

    def break_glass(
        self,
        request: ApprovalRequest,
        *,
        by: str,
        at: datetime,
        reason: str,
        related: Iterable[ApprovalRequest] = (),
    ) -> ApprovalRequest:
        """``request`` approved over its remaining steps by a break-glass holder, for ``reason``.

        The override is recorded as a decision with its reason; it never lets
        the requester approve, nor anyone decide twice in the chain.
        """
        _check_reason("Approvals.break_glass", reason)
        policy = self._checked(request, by, at, related)
        chain = self._chain(request, related)
        reasons = [*_open_reasons(request), *self._person_reasons(request, chain, by)]
        if not policy.break_glass:
            reasons.append(
                _reason("break_glass_not_allowed", f"policy {policy.key!r} allows no override")
            )
        elif by not in {self.team.roles.get(r) for r in policy.break_glass}:
            roles = ", ".join(policy.break_glass)
            reasons.append(
                _reason("not_break_glass_holder", f"{by!r} holds none of the roles {roles}")
            )
        if reasons:
            raise ApprovalError("break_glass", request.id, reasons)
        decision = Decision(kind=DecisionKind.BREAK_GLASS, by=by, at=at, reason=reason)
        return attrs.evolve(
            request, decisions=(*request.decisions, decision), status=RequestStatus.APPROVED
        )

    def withdraw(
        self, request: ApprovalRequest, *, by: str, at: datetime, note: str | None = None
    ) -> ApprovalRequest:
        """``request`` taken back by its requester."""
        self._checked(request, by, at, ())
        reasons = list(_open_reasons(request))
        if by != request.requested_by:
            reasons.append(
                _reason("not_the_requester", f"only {request.requested_by!r} may withdraw")
            )
        if reasons:
            raise ApprovalError("withdraw", request.id, reasons)
        decision = Decision(kind=DecisionKind.WITHDRAW, by=by, at=at, note=note)
        return attrs.evolve(
            request, decisions=(*request.decisions, decision), status=RequestStatus.WITHDRAWN
        )

    def reasons(
        self,
        request: ApprovalRequest,
        *,
        by: str,
        step: str | None = None,
        related: Iterable[ApprovalRequest] = (),
    ) -> tuple[Reason, ...]:
        """Why ``by`` may not approve ``request`` now (empty: they may)."""
        policy = self._policy_of(request, "request")
        check = Checker("Approvals.reasons")
        check.text("by", by)
        if step is not None:
            check.key("step", step)
        check.done()
        return tuple(self._refusals(policy, request, self._chain(request, related), by, step))

    # -- the rules ------------------------------------------------------------------

    def _prelude(
        self,
        request: ApprovalRequest,
        by: str,
        at: datetime,
        step: str | None,
        related: Iterable[ApprovalRequest],
        action: str,
    ) -> tuple[ApprovalPolicy, list[ApprovalRequest], str]:
        policy = self._checked(request, by, at, related, step=step)
        chain = self._chain(request, related)
        reasons = self._refusals(policy, request, chain, by, step)
        if reasons:
            raise ApprovalError(action, request.id, reasons)
        key = step if step is not None else self._steps_for(policy, request, by)[0]
        return policy, chain, key

    def _refusals(
        self,
        policy: ApprovalPolicy,
        request: ApprovalRequest,
        chain: list[ApprovalRequest],
        by: str,
        step: str | None,
    ) -> list[Reason]:
        reasons = [*_open_reasons(request), *self._person_reasons(request, chain, by)]
        if reasons and not request.is_open:
            return reasons
        if step is None:
            candidates = self._steps_for(policy, request, by)
            if not candidates:
                waiting = ", ".join(self.open_steps(request)) or "none"
                reasons.append(
                    _reason(
                        "not_an_approver", f"{by!r} may approve none of the open steps ({waiting})"
                    )
                )
                return reasons
            if len(candidates) > 1:
                reasons.append(
                    _reason(
                        "ambiguous_step",
                        f"{by!r} may approve several open steps ({', '.join(candidates)}): "
                        "name the step",
                    )
                )
                return reasons
            step = candidates[0]
        reasons.extend(self._step_reasons(policy, request, step, by))
        found = policy.step(step) if step in policy.step_keys else None
        if found is not None and found.duty is not None:
            held = self._held(chain).get(by, set())
            clash = self._conflicting(chain, held, found.duty)
            if clash is not None:
                reasons.append(_clash(by, found.duty, clash))
        return reasons

    def _person_reasons(
        self, request: ApprovalRequest, chain: list[ApprovalRequest], by: str
    ) -> list[Reason]:
        reasons = []
        if by == request.requested_by:
            reasons.append(
                _reason("requester_cannot_approve", f"{by!r} requested it and cannot decide it")
            )
        if any(by in r.deciders for r in chain):
            reasons.append(_reason("already_decided", f"{by!r} has already decided in this chain"))
        return reasons

    def _step_reasons(
        self, policy: ApprovalPolicy, request: ApprovalRequest, step: str, by: str
    ) -> list[Reason]:
        if step not in policy.step_keys:
            keys = ", ".join(policy.step_keys)
            return [_reason("unknown_step", f"no step {step!r} (steps: {keys})", step)]
        if step not in self.applicable_steps(request):
            return [_reason("step_not_applicable", f"step {step!r} does not apply", step)]
        found = policy.step(step)
        reasons = []
        if _count(request, step) >= found.needed:
            reasons.append(_reason("step_complete", f"step {step!r} is already approved", step))
        elif step not in self.open_steps(request):
            reasons.append(
                _reason("step_not_open", f"step {step!r} waits for an earlier phase", step)
            )
        if by not in found.approvers.of(self.team):
            reasons.append(
                _reason("not_an_approver", f"{by!r} may not approve step {step!r}", step)
            )
        return reasons

    def _steps_for(self, policy: ApprovalPolicy, request: ApprovalRequest, by: str) -> list[str]:
        return [
            key
            for key in self.open_steps(request)
            if by in policy.step(key).approvers.of(self.team)
        ]

    def _applicable(self, policy: ApprovalPolicy, request: ApprovalRequest) -> list[list[Step]]:
        if policy.when is not None and not policy.when.holds(request):
            return []
        phases = [[s for s in phase.steps if s.applies(request)] for phase in policy.phases]
        return [p for p in phases if p]

    def _complete(self, policy: ApprovalPolicy, request: ApprovalRequest) -> bool:
        return all(
            _count(request, s.key) >= s.needed
            for phase in self._applicable(policy, request)
            for s in phase
        )

    def _chain(
        self, request: ApprovalRequest, related: Iterable[ApprovalRequest]
    ) -> list[ApprovalRequest]:
        others = _related(related)
        if request.chain is None:
            return [request]
        return [request, *(r for r in others if r.chain == request.chain and r.id != request.id)]

    def _held(self, chain: Iterable[ApprovalRequest]) -> dict[str, set[str]]:
        held: dict[str, set[str]] = {}
        for r in chain:
            policy = self._by_key.get(r.policy)
            if policy is None:
                continue
            if policy.requester_duty is not None:
                held.setdefault(r.requested_by, set()).add(policy.requester_duty)
            for d in r.decisions:
                if d.kind is DecisionKind.APPROVE and d.step in policy.step_keys:
                    duty = policy.step(d.step).duty
                    if duty is not None:
                        held.setdefault(d.by, set()).add(duty)
        return held

    def _conflicting(
        self, chain: list[ApprovalRequest], held: set[str], duty: str
    ) -> Conflict | None:
        # every policy's conflicts hold over every chain: a request opened later
        # under another policy can never make earlier decisions a breach
        for policy in self.policies:
            clash = policy.conflicting(held, duty)
            if clash is not None:
                return clash
        return None

    def _policy_of(self, request: object, path: str) -> ApprovalPolicy:
        if not isinstance(request, ApprovalRequest):
            check = Checker("Approvals")
            check.add(path, f"expected an ApprovalRequest, got {describe(request)}")
            check.fail()
        found = self._by_key.get(request.policy)
        if found is None:
            check = Checker("Approvals")
            check.add(
                f"{path}.policy",
                f"unknown policy {request.policy!r} (expected one of {self._known})",
            )
            check.fail()
        return found

    def _checked(
        self,
        request: ApprovalRequest,
        by: str,
        at: datetime,
        related: Iterable[ApprovalRequest],
        *,
        step: str | None = None,
    ) -> ApprovalPolicy:
        policy = self._policy_of(request, "request")
        check = Checker("Approvals")
        check.text("by", by)
        if step is not None:
            check.key("step", step)
        if check.aware("at", at):
            last = request.decisions[-1].at if request.decisions else request.requested_at
            if at < last:
                check.add(
                    "at", f"{at.isoformat()} is before the request's last change {last.isoformat()}"
                )
        check.done()
        _related(related)
        return policy


def _related(related: Iterable[ApprovalRequest]) -> tuple[ApprovalRequest, ...]:
    found: object = related
    if isinstance(related, Iterable) and not isinstance(related, (str, bytes, Mapping)):
        found = tuple(related)
    check = Checker("Approvals")
    if not check.items("related", found, ApprovalRequest, "ApprovalRequest"):
        check.fail()
    assert isinstance(found, tuple)
    return found


def _count(request: ApprovalRequest, step: str) -> int:
    return sum(1 for d in request.decisions if d.kind is DecisionKind.APPROVE and d.step == step)


def _open_reasons(request: ApprovalRequest) -> list[Reason]:
    if request.is_open:
        return []
    return [_reason("not_pending", f"request {request.id!r} is {request.status.value}")]


def _clash(by: str, duty: str, conflict: Conflict) -> Reason:
    duties = ", ".join(conflict.duties)
    return _reason(
        "conflicting_duty",
        f"{by!r} would hold {duty!r} beside another duty of {conflict.key!r} ({duties})",
        duty,
    )


def _check_reason(where: str, reason: object) -> None:
    check = Checker(where)
    check.text("reason", reason)
    check.done()
