"""Approval policies as data: phases of steps, who may approve, when, and which duties conflict.

A policy's ``phases`` run in sequence; the ``steps`` of one phase are
decided in parallel. A step names who may approve it (:class:`Approvers`:
roles, departments or people of a :class:`~salesflow.cadence.Team`), how
many of them must (``needed``, n of m), the duty an approver takes on, and
when it applies (:class:`When`: amount, discount, currency, stage).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

import attrs

from salesflow._checks import Checker, definition_checker, describe, to_optional_decimal, to_tuple
from salesflow.cadence import Team
from salesflow.convert import Definition
from salesflow.money import Money

__all__ = ["ApprovalPolicy", "Approvers", "Conflict", "Phase", "Step", "When"]


class Facts(Protocol):
    """What a :class:`When` reads: a request's amount, discount and stage."""

    @property
    def amount(self) -> Money | None: ...
    @property
    def discount(self) -> Decimal | None: ...
    @property
    def stage(self) -> str | None: ...


def _keys(check: Checker, path: str, value: object, what: str, *, at_least: int = 0) -> bool:
    """``value`` is a tuple of distinct keys, at least ``at_least`` of them."""
    if not isinstance(value, tuple):
        check.add(path, f"expected a list of {what}s, got {describe(value)}")
        return False
    ok = True
    for i, item in enumerate(value):
        ok = check.key(f"{path}[{i}]", item) and ok
    if ok:
        check.unique(path, value, what)
    if len(value) < at_least:
        check.add(path, f"expected at least {at_least} {what}s, got {len(value)}")
        return False
    return ok


def _currency(check: Checker, path: str, value: object) -> None:
    if not isinstance(value, str) or len(value) != 3 or not value.isalpha() or not value.isupper():
        check.add(path, f"expected an ISO 4217 code such as 'CNY', got {describe(value)}")


@attrs.frozen(slots=True, kw_only=True)
class When(Definition):
    """When a policy or a step applies: every condition given holds (none given: always).

    * ``amount_above``: the amount is strictly above this; ``amount_at_most``:
      at most this. An amount in another currency, or none, never counts.
    * ``discount_above``: the discount (a percentage, 0 to 100) is strictly
      above this; no discount never counts.
    * ``currencies``: the amount is in one of these.
    * ``stages``: the deal is in one of these stages.
    """

    amount_above: Money | None = None
    amount_at_most: Money | None = None
    discount_above: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    currencies: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    stages: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("When")
        for name in ("amount_above", "amount_at_most"):
            value = getattr(self, name)
            if value is not None:
                check.instance(name, value, Money, "Money or None")
        check.number("discount_above", self.discount_above, low=0, high=100, optional=True)
        if check.instance("currencies", self.currencies, tuple, "a list of currency codes"):
            for i, code in enumerate(self.currencies):
                _currency(check, f"currencies[{i}]", code)
            check.unique("currencies", (str(c) for c in self.currencies), "currency")
        _keys(check, "stages", self.stages, "stage key")
        check.done()

    def holds(self, facts: Facts) -> bool:
        """Whether every condition holds for ``facts`` (a request)."""
        amount = facts.amount
        for bound, above in ((self.amount_above, True), (self.amount_at_most, False)):
            if bound is None:
                continue
            if amount is None or amount.currency != bound.currency:
                return False
            if (amount.amount <= bound.amount) if above else (amount.amount > bound.amount):
                return False
        if self.currencies and (amount is None or amount.currency not in self.currencies):
            return False
        if self.discount_above is not None and (
            facts.discount is None or facts.discount <= self.discount_above
        ):
            return False
        return not self.stages or facts.stage in self.stages


@attrs.frozen(slots=True, kw_only=True)
class Approvers(Definition):
    """Who may approve a step: holders of ``roles``, members of ``departments``, or ``people``."""

    roles: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    departments: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    people: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Approvers")
        ok = _keys(check, "roles", self.roles, "role")
        ok = _keys(check, "departments", self.departments, "department") and ok
        if check.items("people", self.people, str, "person ids"):
            for i, person in enumerate(self.people):
                check.text(f"people[{i}]", person)
            check.unique("people", self.people, "person")
        elif ok:
            ok = False
        if ok and not (self.roles or self.departments or self.people):
            check.add("", "name at least one role, department or person")
        check.done()

    def of(self, team: Team) -> tuple[str, ...]:
        """Everyone in ``team`` who may approve, sorted."""
        found = {team.roles[r] for r in self.roles if r in team.roles}
        found.update(p for p, d in team.departments.items() if d in self.departments)
        found.update(self.people)
        return tuple(sorted(found))


def _label(prefix: str) -> Any:
    return attrs.Factory(lambda self: f"control.{prefix}.{self.key}", takes_self=True)


@attrs.frozen(slots=True, kw_only=True)
class Step(Definition):
    """One decision of a policy: ``needed`` of its ``approvers`` approve it.

    ``duty``: the duty an approver of this step takes on (``"collect"``),
    checked against the policy's :class:`Conflict` sets. ``when``: the step
    applies only when it holds (a step that does not apply is skipped).
    ``label_key`` defaults to ``control.step.<key>``.
    """

    key: str
    approvers: Approvers
    needed: int = 1
    duty: str | None = None
    when: When | None = None
    label_key: str = _label("step")

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Step")
        check.key("key", self.key)
        check.instance("approvers", self.approvers, Approvers, "Approvers")
        check.integer("needed", self.needed, low=1, high=100)
        if self.duty is not None:
            check.key("duty", self.duty)
        if self.when is not None:
            check.instance("when", self.when, When, "a When or None")
        check.text("label_key", self.label_key)
        check.done()

    def applies(self, facts: Facts) -> bool:
        """Whether the step applies to ``facts`` (a request)."""
        return self.when is None or self.when.holds(facts)


@attrs.frozen(slots=True, kw_only=True)
class Phase(Definition):
    """Steps decided in parallel; a policy's phases follow one another.

    ``label_key`` defaults to ``control.phase.<key>``.
    """

    key: str
    steps: tuple[Step, ...] = attrs.field(converter=to_tuple)
    label_key: str = _label("phase")

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Phase")
        check.key("key", self.key)
        if check.items("steps", self.steps, Step, "Step"):
            if not self.steps:
                check.add("steps", "a phase needs at least one step")
            check.unique("steps", (s.key for s in self.steps), "step key")
        check.text("label_key", self.label_key)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Conflict(Definition):
    """Duties that must be held by different people (``invoice``, ``ship``, ``collect``, ``book``).

    ``label_key`` defaults to ``control.conflict.<key>``.
    """

    key: str
    duties: tuple[str, ...] = attrs.field(converter=to_tuple)
    label_key: str = _label("conflict")

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Conflict")
        check.key("key", self.key)
        _keys(check, "duties", self.duties, "duty", at_least=2)
        check.text("label_key", self.label_key)
        check.done()


def _phase_steps(phases: Iterable[Phase]) -> list[tuple[int, Step]]:
    return [(i, s) for i, p in enumerate(phases) for s in p.steps]


@attrs.frozen(slots=True, kw_only=True)
class ApprovalPolicy(Definition):
    """An approval policy: what a request needs before it counts as approved.

    * ``phases``: in sequence; each a set of steps decided in parallel.
      Step keys are distinct over the whole policy.
    * ``when``: the policy applies only when it holds; a request it does not
      apply to is approved when opened (nothing to approve).
    * ``requester_duty``: the duty the requester takes on by requesting
      (``"invoice"``: the sales clerk who drafts the invoice).
    * ``conflicts``: duty sets held by different people over a request's
      whole chain (:attr:`ApprovalRequest.chain`).
    * ``break_glass``: roles whose holder may override the remaining steps
      with a recorded reason (empty: never).
    * ``label_key`` defaults to ``control.policy.<key>``.

    Whatever the policy says, a requester never approves their own request
    and no one decides twice in one chain.
    """

    key: str
    phases: tuple[Phase, ...] = attrs.field(converter=to_tuple)
    when: When | None = None
    requester_duty: str | None = None
    conflicts: tuple[Conflict, ...] = attrs.field(default=(), converter=to_tuple)
    break_glass: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    label_key: str = _label("policy")

    def __attrs_post_init__(self) -> None:
        check = definition_checker("ApprovalPolicy")
        check.key("key", self.key)
        if check.items("phases", self.phases, Phase, "Phase"):
            if not self.phases:
                check.add("phases", "a policy needs at least one phase")
            check.unique("phases", (p.key for p in self.phases), "phase key")
            seen: set[str] = set()
            for i, phase in enumerate(self.phases):
                for j, step in enumerate(phase.steps):
                    if step.key in seen:
                        check.add(f"phases[{i}].steps[{j}]", f"duplicate step key {step.key!r}")
                    seen.add(step.key)
        if self.when is not None:
            check.instance("when", self.when, When, "a When or None")
        if self.requester_duty is not None:
            check.key("requester_duty", self.requester_duty)
        if check.items("conflicts", self.conflicts, Conflict, "Conflict"):
            check.unique("conflicts", (c.key for c in self.conflicts), "conflict key")
        _keys(check, "break_glass", self.break_glass, "role")
        check.text("label_key", self.label_key)
        check.done()

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every step, phase by phase."""
        return tuple(s for _, s in _phase_steps(self.phases))

    @property
    def step_keys(self) -> tuple[str, ...]:
        """Every step's key, phase by phase."""
        return tuple(s.key for s in self.steps)

    @property
    def duties(self) -> tuple[str, ...]:
        """Every duty the policy names (the requester's, then the steps'), without repeats."""
        found = [self.requester_duty, *(s.duty for s in self.steps)]
        return tuple(dict.fromkeys(d for d in found if d is not None))

    def step(self, key: str) -> Step:
        """The step ``key``."""
        for s in self.steps:
            if s.key == key:
                return s
        check = Checker("ApprovalPolicy.step")
        check.add("step", f"unknown step {key!r} (expected one of {', '.join(self.step_keys)})")
        check.fail()

    def phase_of(self, key: str) -> int:
        """The index of the phase holding step ``key``."""
        self.step(key)
        return next(i for i, s in _phase_steps(self.phases) if s.key == key)

    def conflicting(self, held: Iterable[str], duty: str) -> Conflict | None:
        """The first conflict that ``duty`` breaks for someone already holding ``held``."""
        mine = set(held)
        for conflict in self.conflicts:
            if duty in conflict.duties and (mine - {duty}) & set(conflict.duties):
                return conflict
        return None
