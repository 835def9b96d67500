"""Approvals: separation of duties over random policies and decisions, the presets, bad input."""

from __future__ import annotations

import copy
import pickle
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from salesflow import ApprovalError, DefinitionError, Money, ValidationError, from_dict, to_dict
from salesflow.cadence import Team
from salesflow.control import (
    ApprovalPolicy,
    ApprovalRequest,
    Approvals,
    Approvers,
    Decision,
    DecisionKind,
    Phase,
    RequestStatus,
    Step,
    When,
    presets,
)
from tests.strategies import (
    CONTROL_AT,
    CONTROL_PEOPLE,
    approval_desks,
    approval_policies,
    approval_requests,
)

AT = CONTROL_AT


# -- properties: round trips -----------------------------------------------------


@given(approval_policies())
def test_policies_round_trip(policy: ApprovalPolicy) -> None:
    assert from_dict(ApprovalPolicy, to_dict(policy)) == policy


@given(approval_requests())
def test_requests_round_trip(request: ApprovalRequest) -> None:
    assert from_dict(ApprovalRequest, to_dict(request)) == request
    assert pickle.loads(pickle.dumps(request)) == request


@given(approval_desks())
def test_desks_round_trip(desk: Approvals) -> None:
    back = from_dict(Approvals, to_dict(desk))
    assert back == desk
    assert back.keys == desk.keys


@pytest.mark.parametrize("name", presets.names())
def test_presets_round_trip(name: str) -> None:
    policy = presets.get(name)
    assert from_dict(ApprovalPolicy, to_dict(policy)) == policy
    assert presets.get(name) is policy  # built once


# -- the stateful property: no order of decisions breaks the separation of duties ---


class SeparationOfDuties(RuleBasedStateMachine):
    """Random policies, random people deciding in any order, on requests of one chain.

    After every step: no requester decided their own request, no one decided
    twice in the chain, no one holds two duties of a conflict set, and the
    status follows the decisions. A refused decision changes nothing, and
    ``reasons`` foretells exactly whether an approval goes through.
    """

    def __init__(self) -> None:
        super().__init__()
        self.desk: Approvals
        self.requests: dict[str, ApprovalRequest] = {}
        self.clock = AT
        self.opened = 0

    @initialize(desk=approval_desks())
    def start(self, desk: Approvals) -> None:
        self.desk = desk

    def _tick(self, hours: int) -> None:
        self.clock = self.clock + timedelta(hours=hours)

    def _related(self, request: ApprovalRequest) -> list[ApprovalRequest]:
        return [r for r in self.requests.values() if r.id != request.id]

    @rule(data=st.data(), chained=st.booleans())
    def open(self, data: st.DataObject, chained: bool) -> None:
        policy = data.draw(st.sampled_from(self.desk.keys))
        by = data.draw(st.sampled_from(CONTROL_PEOPLE))
        amount = data.draw(st.none() | st.integers(0, 2000).map(lambda n: Money(n, "CNY")))
        discount = data.draw(st.none() | st.integers(0, 60))
        self.opened += 1
        rid = f"r{self.opened}"
        before = dict(self.requests)
        try:
            request = self.desk.open(
                policy=policy,
                id=rid,
                subject_id="o-1",
                requested_by=by,
                at=self.clock,
                amount=amount,
                discount=discount,
                chain="order-1" if chained else None,
                related=list(self.requests.values()),
            )
        except ApprovalError as err:
            assert err.codes == ("conflicting_duty",)  # noqa: PT017
            assert self.requests == before
            return
        self.requests[rid] = request

    @precondition(lambda self: bool(self.requests))
    @rule(data=st.data(), hours=st.integers(0, 5), named=st.booleans())
    def approve(self, data: st.DataObject, hours: int, named: bool) -> None:
        request = self.requests[data.draw(st.sampled_from(sorted(self.requests)))]
        policy = self.desk.policy(request.policy)
        by = data.draw(st.sampled_from(CONTROL_PEOPLE))
        step = data.draw(st.sampled_from(policy.step_keys)) if named else None
        self._tick(hours)
        related = self._related(request)
        reasons = self.desk.reasons(request, by=by, step=step, related=related)
        try:
            after = self.desk.approve(request, by=by, at=self.clock, step=step, related=related)
        except ApprovalError as err:
            assert err.codes == tuple(r.code for r in reasons)  # noqa: PT017
            assert self.requests[request.id] is request  # nothing changed
            return
        assert reasons == ()
        assert after.decisions[:-1] == request.decisions
        assert after.decisions[-1].by == by
        self.requests[request.id] = after

    @precondition(lambda self: bool(self.requests))
    @rule(data=st.data(), kind=st.sampled_from(["reject", "break_glass", "withdraw"]))
    def close(self, data: st.DataObject, kind: str) -> None:
        request = self.requests[data.draw(st.sampled_from(sorted(self.requests)))]
        by = data.draw(st.sampled_from(CONTROL_PEOPLE))
        related = self._related(request)
        self._tick(1)
        try:
            if kind == "reject":
                after = self.desk.reject(
                    request, by=by, at=self.clock, reason="no", related=related
                )
            elif kind == "break_glass":
                after = self.desk.break_glass(
                    request, by=by, at=self.clock, reason="plant stopped", related=related
                )
            else:
                after = self.desk.withdraw(request, by=by, at=self.clock)
        except ApprovalError:
            assert self.requests[request.id] is request
            return
        assert not after.is_open
        self.requests[request.id] = after

    def _chains(self) -> list[list[ApprovalRequest]]:
        chained = [r for r in self.requests.values() if r.chain is not None]
        alone = [[r] for r in self.requests.values() if r.chain is None]
        return [chained, *alone] if chained else alone

    @invariant()
    def requester_never_decides(self) -> None:
        for r in self.requests.values():
            assert r.requested_by not in r.deciders

    @invariant()
    def no_one_decides_twice_in_a_chain(self) -> None:
        for chain in self._chains():
            deciders = [
                d.by for r in chain for d in r.decisions if d.kind is not DecisionKind.WITHDRAW
            ]
            assert len(deciders) == len(set(deciders))

    @invariant()
    def no_one_holds_two_conflicting_duties(self) -> None:
        for chain in self._chains():
            held: dict[str, set[str]] = {}
            conflicts = [c for p in self.desk.policies for c in p.conflicts]
            for r in chain:
                policy = self.desk.policy(r.policy)
                if policy.requester_duty:
                    held.setdefault(r.requested_by, set()).add(policy.requester_duty)
                for d in r.decisions:
                    if d.kind is DecisionKind.APPROVE and d.step is not None:
                        duty = policy.step(d.step).duty
                        if duty:
                            held.setdefault(d.by, set()).add(duty)
            for person, duties in held.items():
                for conflict in conflicts:
                    assert len(duties & set(conflict.duties)) <= 1, (person, duties, conflict)

    @invariant()
    def status_follows_the_decisions(self) -> None:
        for r in self.requests.values():
            if r.status is RequestStatus.APPROVED and not r.overridden:
                assert self.desk.open_steps(r) == ()
            if r.is_open:
                assert self.desk.open_steps(r) != ()


TestSeparationOfDuties = SeparationOfDuties.TestCase


# -- examples: the presets against the documents -------------------------------------


def _team() -> Team:
    return Team(
        roles={
            "sales_manager": "zhao.min",
            "general_manager": "wang.gang",
            "deputy_general_manager": "liu.yan",
            "sales_head": "zhao.min",
            "accounting_head": "qian.li",
        },
        departments={
            "li.na": "sales",
            "sun.hao": "legal",
            "zhou.pmc": "production_planning",
            "wu.qc": "quality",
            "zheng.rd": "rnd",
            "feng.prod": "production",
            "chen.buy": "purchasing",
            "he.cash": "treasury",
            "lu.wh": "warehouse",
            "qian.li": "accounting",
            "ma.acc": "accounting",
        },
    )


def _desk() -> Approvals:
    return Approvals(policies=[presets.get(n) for n in presets.names()], team=_team())


def test_a_proposal_needs_the_sales_manager() -> None:
    desk = _desk()
    request = desk.open(
        policy="proposal_approval", id="p-1", subject_id="o-1", requested_by="li.na", at=AT
    )
    assert desk.open_steps(request) == ("sales_manager",)
    with pytest.raises(ApprovalError) as err:
        desk.approve(request, by="sun.hao", at=AT)
    assert err.value.codes == ("not_an_approver",)
    approved = desk.approve(request, by="zhao.min", at=AT + timedelta(hours=2))
    assert approved.approved
    assert approved.deciders == ("zhao.min",)


def test_the_requester_never_approves_even_when_they_hold_the_role() -> None:
    desk = _desk()
    request = desk.open(
        policy="proposal_approval", id="p-1", subject_id="o-1", requested_by="zhao.min", at=AT
    )
    with pytest.raises(ApprovalError) as err:
        desk.approve(request, by="zhao.min", at=AT)
    assert "requester_cannot_approve" in err.value.codes
    assert desk.eligible(request, step="sales_manager") == ()
    # only the break-glass decision remains, and it is recorded with its reason
    overridden = desk.break_glass(request, by="wang.gang", at=AT, reason="the manager wrote it")
    assert overridden.approved
    assert overridden.overridden
    assert overridden.decisions[-1].reason == "the manager wrote it"


def test_contract_review_runs_the_departments_in_parallel_then_the_signature() -> None:
    desk = _desk()
    request = desk.open(
        policy="contract_review",
        id="cr-1",
        subject_id="o-hengtai",
        requested_by="li.na",
        at=AT,
        amount=Money("1280000", "CNY"),
    )
    assert desk.open_steps(request) == (
        "capacity",
        "acceptance",
        "standards",
        "production",
        "materials",
    )
    with pytest.raises(ApprovalError) as err:
        desk.approve(request, by="wang.gang", at=AT, step="sign")
    assert err.value.codes == ("step_not_open",)
    for i, person in enumerate(["chen.buy", "wu.qc", "zhou.pmc", "feng.prod", "zheng.rd"]):
        request = desk.approve(request, by=person, at=AT + timedelta(hours=i))
    assert desk.open_steps(request) == ("sign",)
    signed = desk.approve(request, by="liu.yan", at=AT + timedelta(days=1))
    assert signed.status is RequestStatus.APPROVED
    with pytest.raises(ApprovalError) as err:
        desk.break_glass(signed, by="wang.gang", at=AT + timedelta(days=2), reason="x")
    assert "not_pending" in err.value.codes


def test_order_to_cash_keeps_invoicing_collecting_shipping_and_booking_apart() -> None:
    team = Team(
        roles={"sales_head": "zhao.min", "accounting_head": "qian.li"},
        departments={
            "li.na": "treasury",
            "he.cash": "treasury",
            "lu.wh": "warehouse",
            "li.wh": "warehouse",
            "ma.acc": "accounting",
            "he.acc": "accounting",
        },
    )
    desk = Approvals(policies=[presets.get("order_to_cash")], team=team)
    # li.na drafts the invoice (duty invoice) and also sits in the treasury
    request = desk.open(
        policy="order_to_cash", id="so-1", subject_id="so-1", requested_by="li.na", at=AT
    )
    request = desk.approve(request, by="zhao.min", at=AT, step="sales_head")
    with pytest.raises(ApprovalError) as err:  # shipping waits for the payment
        desk.approve(request, by="lu.wh", at=AT)
    assert err.value.codes == ("not_an_approver",)
    request = desk.approve(request, by="qian.li", at=AT, step="accounting_head")
    with pytest.raises(ApprovalError) as err:  # the invoicer may not collect
        desk.approve(request, by="li.na", at=AT)
    assert "requester_cannot_approve" in err.value.codes
    request = desk.approve(request, by="he.cash", at=AT)
    request = desk.approve(request, by="lu.wh", at=AT)
    request = desk.approve(request, by="ma.acc", at=AT)
    assert request.approved
    assert desk.duties(request) == {
        "he.cash": ("collect",),
        "li.na": ("invoice",),
        "lu.wh": ("ship",),
        "ma.acc": ("book",),
        "qian.li": ("check",),
        "zhao.min": ("check",),
    }


def test_conflicting_duties_are_kept_apart_across_a_chain() -> None:
    invoice = ApprovalPolicy(
        key="invoice",
        phases=(
            Phase(
                key="p",
                steps=(
                    Step(key="draft", approvers=Approvers(people=("ann", "bob")), duty="invoice"),
                ),
            ),
        ),
    )
    ship = ApprovalPolicy(
        key="ship",
        phases=(
            Phase(
                key="p",
                steps=(Step(key="ship", approvers=Approvers(people=("ann", "cai")), duty="ship"),),
            ),
        ),
        conflicts=(presets.get("order_to_cash").conflicts[0],),
    )
    desk = Approvals(policies=[invoice, ship], team=Team())
    first = desk.open(
        policy="invoice", id="i-1", subject_id="so-1", requested_by="zed", at=AT, chain="so-1"
    )
    first = desk.approve(first, by="ann", at=AT)
    second = desk.open(
        policy="ship", id="s-1", subject_id="so-1", requested_by="zed", at=AT, chain="so-1"
    )
    with pytest.raises(ApprovalError) as err:
        desk.approve(second, by="ann", at=AT, related=[first])
    assert set(err.value.codes) == {"already_decided", "conflicting_duty"}
    assert desk.eligible(second, step="ship", related=[first]) == ("cai",)
    # without the chain the history is not seen: the request alone is no proof
    assert desk.approve(second, by="cai", at=AT, related=[first]).approved


def test_n_of_m_and_conditions() -> None:
    policy = ApprovalPolicy(
        key="big_deal",
        phases=(
            Phase(
                key="p",
                steps=(
                    Step(key="board", approvers=Approvers(people=("a", "b", "c")), needed=2),
                    Step(
                        key="cfo",
                        approvers=Approvers(people=("d",)),
                        when=When(amount_above=Money(1_000_000, "CNY")),
                    ),
                ),
            ),
        ),
        when=When(stages=("close",)),
    )
    desk = Approvals(policies=[policy], team=Team())
    small = desk.open(
        policy="big_deal",
        id="x",
        subject_id="o",
        requested_by="z",
        at=AT,
        amount=Money(10, "CNY"),
        stage="close",
    )
    assert desk.applicable_steps(small) == ("board",)
    small = desk.approve(small, by="a", at=AT)
    assert small.is_open
    assert desk.approve(small, by="c", at=AT).approved
    elsewhere = desk.open(
        policy="big_deal", id="y", subject_id="o", requested_by="z", at=AT, stage="propose_brief"
    )
    assert elsewhere.approved
    assert elsewhere.decisions == ()
    usd = desk.open(
        policy="big_deal",
        id="u",
        subject_id="o",
        requested_by="z",
        at=AT,
        amount=Money(5_000_000, "USD"),
        stage="close",
    )
    assert desk.applicable_steps(usd) == ("board",)  # another currency never counts as above


def test_a_step_the_team_cannot_staff_is_refused_when_built() -> None:
    policy = ApprovalPolicy(
        key="p",
        phases=(
            Phase(key="p", steps=(Step(key="s", approvers=Approvers(roles=("cfo",)), needed=2),)),
        ),
    )
    with pytest.raises(ValidationError) as err:
        Approvals(policies=[policy], team=Team(roles={"cfo": "d"}))
    assert err.value.paths == ("policies[0].phases[0].steps[0].needed",)


def test_a_person_of_two_steps_names_the_step() -> None:
    policy = ApprovalPolicy(
        key="p",
        phases=(
            Phase(
                key="p",
                steps=(
                    Step(key="a", approvers=Approvers(people=("x", "y"))),
                    Step(key="b", approvers=Approvers(people=("x", "z"))),
                ),
            ),
        ),
    )
    desk = Approvals(policies=[policy], team=Team())
    request = desk.open(policy="p", id="r", subject_id="o", requested_by="q", at=AT)
    with pytest.raises(ApprovalError) as err:
        desk.approve(request, by="x", at=AT)
    assert err.value.codes == ("ambiguous_step",)
    assert desk.approve(request, by="x", at=AT, step="b").decisions[0].step == "b"


def test_withdraw_and_reject() -> None:
    desk = _desk()
    request = desk.open(
        policy="legal_review", id="l-1", subject_id="o-1", requested_by="li.na", at=AT
    )
    with pytest.raises(ApprovalError) as err:
        desk.withdraw(request, by="sun.hao", at=AT)
    assert err.value.codes == ("not_the_requester",)
    assert desk.withdraw(request, by="li.na", at=AT).status is RequestStatus.WITHDRAWN
    rejected = desk.reject(request, by="sun.hao", at=AT, reason="clause 7 unlimited liability")
    assert rejected.status is RequestStatus.REJECTED
    with pytest.raises(ApprovalError) as err:
        desk.approve(rejected, by="sun.hao", at=AT)
    assert "not_pending" in err.value.codes
    with pytest.raises(ApprovalError) as err:
        desk.break_glass(request, by="wang.gang", at=AT, reason="urgent")
    assert err.value.codes == ("break_glass_not_allowed",)


def test_approval_errors_pickle_and_say_why() -> None:
    desk = _desk()
    request = desk.open(
        policy="legal_review", id="l-1", subject_id="o-1", requested_by="li.na", at=AT
    )
    with pytest.raises(ApprovalError) as err:
        desk.approve(request, by="li.na", at=AT)
    again = pickle.loads(pickle.dumps(err.value))
    assert again.codes == err.value.codes
    assert str(again) == str(err.value)
    assert copy.deepcopy(err.value).subject_id == "l-1"
    assert "cannot approve 'l-1'" in str(err.value)


# -- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ({"key": "Bad", "phases": []}, "key"),
        ({"key": "p", "phases": []}, "phases"),
        ({"key": "p", "phases": [{"key": "x", "steps": []}]}, "phases[0].steps"),
        (
            {"key": "p", "phases": [{"key": "x", "steps": [{"key": "s", "approvers": {}}]}]},
            "phases[0].steps[0].approvers",
        ),
        (
            {
                "key": "p",
                "phases": [
                    {
                        "key": "x",
                        "steps": [{"key": "s", "approvers": {"people": ["a"]}, "needed": 0}],
                    }
                ],
            },
            "phases[0].steps[0].needed",
        ),
        (
            {
                "key": "p",
                "phases": [{"key": "x", "steps": [{"key": "s", "approvers": {"roles": ["Bad"]}}]}],
            },
            "phases[0].steps[0].approvers.roles[0]",
        ),
        (
            {
                "key": "p",
                "phases": [
                    {"key": "x", "steps": [{"key": "s", "approvers": {"people": ["a"]}}]},
                    {"key": "y", "steps": [{"key": "s", "approvers": {"people": ["a"]}}]},
                ],
            },
            "phases[1].steps[0]",
        ),
        (
            {
                "key": "p",
                "phases": [{"key": "x", "steps": [{"key": "s", "approvers": {"people": ["a"]}}]}],
                "conflicts": [{"key": "c", "duties": ["ship"]}],
            },
            "conflicts[0].duties",
        ),
        (
            {
                "key": "p",
                "phases": [{"key": "x", "steps": [{"key": "s", "approvers": {"people": ["a"]}}]}],
                "when": {"discount_above": "120"},
            },
            "when.discount_above",
        ),
        (
            {
                "key": "p",
                "phases": [{"key": "x", "steps": [{"key": "s", "approvers": {"people": ["a"]}}]}],
                "when": {"currencies": ["cny"]},
            },
            "when.currencies[0]",
        ),
        (
            {
                "key": "p",
                "phases": [{"key": "x", "steps": [{"key": "s", "approvers": {"people": ["a"]}}]}],
                "break_glass": ["General Manager"],
            },
            "break_glass[0]",
        ),
        ({"key": "p", "phases": [], "colour": "red"}, "colour"),
    ],
)
def test_bad_policy_data(data: dict[str, Any], path: str) -> None:
    with pytest.raises(DefinitionError) as err:
        from_dict(ApprovalPolicy, data)
    assert path in err.value.paths


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"requested_at": AT.replace(tzinfo=None)}, "requested_at"),
        ({"policy": "Bad Key"}, "policy"),
        ({"discount": 101}, "discount"),
        ({"amount": Money(-1, "CNY")}, "amount"),
        ({"status": "lost"}, "status"),
        ({"status": RequestStatus.REJECTED}, "status"),
        (
            {
                "decisions": [
                    Decision(kind=DecisionKind.APPROVE, by="b", at=AT - timedelta(days=1), step="s")
                ]
            },
            "decisions[0].at",
        ),
        (
            {"decisions": [Decision(kind=DecisionKind.APPROVE, by="ann", at=AT, step="s")]},
            "decisions[0].by",
        ),
        (
            {
                "decisions": [
                    Decision(kind=DecisionKind.REJECT, by="b", at=AT, step="s", reason="no"),
                    Decision(kind=DecisionKind.APPROVE, by="c", at=AT, step="s"),
                ],
                "status": RequestStatus.REJECTED,
            },
            "decisions[1]",
        ),
    ],
)
def test_bad_requests(fields: dict[str, Any], path: str) -> None:
    good: dict[str, Any] = {
        "id": "r",
        "policy": "p",
        "subject_id": "o",
        "requested_by": "ann",
        "requested_at": AT,
    }
    with pytest.raises(ValidationError) as err:
        ApprovalRequest(**{**good, **fields})
    assert path in err.value.paths


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"kind": "approve", "step": None}, "step"),
        ({"kind": "reject", "step": "s"}, "reason"),
        ({"kind": "break_glass", "step": "s", "reason": "r"}, "step"),
        ({"kind": "shrug"}, "kind"),
        ({"by": ""}, "by"),
    ],
)
def test_bad_decisions(fields: dict[str, Any], path: str) -> None:
    good: dict[str, Any] = {"kind": "approve", "by": "b", "at": AT, "step": "s"}
    with pytest.raises(ValidationError) as err:
        Decision(**{**good, **fields})
    assert path in err.value.paths


def test_bad_arguments_to_the_desk() -> None:
    desk = _desk()
    request = desk.open(
        policy="legal_review", id="l-1", subject_id="o-1", requested_by="li.na", at=AT
    )
    with pytest.raises(ValidationError) as err:
        desk.open(policy="nope", id="x", subject_id="o", requested_by="a", at=AT)
    assert err.value.paths == ("policy",)
    with pytest.raises(ValidationError) as err:
        desk.approve("l-1", by="sun.hao", at=AT)  # type: ignore[arg-type]
    assert err.value.paths == ("request",)
    with pytest.raises(ValidationError) as err:
        desk.approve(request, by="", at=AT.replace(tzinfo=None))
    assert err.value.paths == ("by", "at")
    with pytest.raises(ValidationError) as err:
        desk.approve(request, by="sun.hao", at=AT - timedelta(seconds=1))
    assert err.value.paths == ("at",)
    with pytest.raises(ValidationError) as err:
        desk.approve(request, by="sun.hao", at=AT, related=["x"])  # type: ignore[list-item]
    assert err.value.paths == ("related[0]",)
    with pytest.raises(ValidationError) as err:
        desk.reject(request, by="sun.hao", at=AT, reason=" ")
    assert err.value.paths == ("reason",)
    with pytest.raises(ValidationError) as err:
        desk.approve(request, by="sun.hao", at=AT, step="Nope")
    assert err.value.paths == ("step",)
    with pytest.raises(ApprovalError) as aerr:
        desk.approve(request, by="sun.hao", at=AT, step="nope")
    assert aerr.value.codes == ("unknown_step",)
    with pytest.raises(ValidationError) as err:
        desk.approve(
            from_dict(ApprovalRequest, {**to_dict(request), "policy": "other"}), by="x", at=AT
        )
    assert err.value.paths == ("request.policy",)
    with pytest.raises(ValidationError) as err:
        Approvals(policies=[presets.get("legal_review"), presets.get("legal_review")], team="t")  # type: ignore[arg-type]
    assert set(err.value.paths) == {"policies[1]", "team"}
    with pytest.raises(ValidationError):
        desk.policy(3)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        presets.get("nope")


def test_a_team_knows_each_persons_department() -> None:
    team = Team(departments={"wu.qc": "quality", "ma.qc": "quality", "li.na": "sales"})
    assert team.members_of("quality") == ("ma.qc", "wu.qc")
    assert Approvers(departments=("quality",), people=("boss",)).of(team) == (
        "boss",
        "ma.qc",
        "wu.qc",
    )
    with pytest.raises(ValidationError) as err:
        Team(departments={"wu.qc": "Quality Dept", "": "sales"})
    assert set(err.value.paths) == {"departments['wu.qc']", "departments['']"}
    with pytest.raises(ValidationError) as err:
        team.members_of("Quality")
    assert err.value.paths == ("department",)
    assert from_dict(Team, to_dict(team)) == team
