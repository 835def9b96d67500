"""Demo section: the Hengtai contract through the contract review (approvals and duties).

The sales department organises the review (li.na requests it), five
departments review their parts in parallel, then the general manager or a
deputy signs. Whoever organises the review may not sign: the demo shows
that refusal with its reasons, then the reviews and the deputy general
manager's signature.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from salesflow._demo._text import say
from salesflow._demo.portfolio import skipped
from salesflow.cadence import Team
from salesflow.control import ApprovalRequest, Approvals, presets
from salesflow.exceptions import ApprovalError
from salesflow.locales import default_catalogs, enum_key
from salesflow.records import Portfolio

__all__ = ["DEAL", "REVIEWERS", "SIGNER", "TEAM", "section"]

#: The deal whose contract is reviewed.
DEAL = "o-hengtai-line2"
#: Who reviews each step of the review phase, in the order they decide.
REVIEWERS: tuple[tuple[str, str], ...] = (
    ("zhou.pmc", "production_planning"),
    ("wu.qc", "quality"),
    ("zheng.rd", "rnd"),
    ("feng.prod", "production"),
    ("chen.buy", "purchasing"),
)
#: The deputy general manager, who signs.
SIGNER = "liu.yan"
#: The signers' roles and everyone's department (the deal's owner organises, in sales).
TEAM = Team(
    roles={"general_manager": "wang.gang", "deputy_general_manager": SIGNER},
    departments={"li.na": "sales", **dict(REVIEWERS)},
)


def _open_steps(desk: Approvals, request: ApprovalRequest, locale: str) -> list[str]:
    """The steps waiting now, each with its label and who may decide it."""
    cats = default_catalogs()
    policy = desk.policy(request.policy)
    lines: list[str] = []
    for key in desk.open_steps(request):
        step = policy.step(key)
        people = ", ".join(desk.eligible(request, step=key))
        label = cats.label(step.label_key, locale)
        lines.append("    " + say("control.step", locale, step=key, label=label, approvers=people))
    return lines


def _decided(desk: Approvals, request: ApprovalRequest, locale: str) -> str:
    """The last decision: who decided which step, when."""
    cats = default_catalogs()
    decision = request.decisions[-1]
    step = desk.policy(request.policy).step(decision.step) if decision.step else None
    return "  " + cats.format(
        "control.demo.decided",
        locale,
        person=decision.by,
        decision=cats.label(enum_key(decision.kind), locale),
        step=cats.label(step.label_key, locale) if step is not None else "",
        at=decision.at.strftime("%Y-%m-%d %H:%M"),
    )


def _refusal(desk: Approvals, request: ApprovalRequest, at: datetime, locale: str) -> list[str]:
    """The organiser tries to sign: refused, with every reason."""
    cats = default_catalogs()
    person = request.requested_by
    lines = ["  " + cats.format("control.demo.refused", locale, person=person)]
    try:
        desk.approve(request, by=person, at=at, step="sign")
    except ApprovalError as error:
        for reason in error.reasons:
            label = cats.label(f"control.reason.{reason.code}", locale)
            lines.append(f"    - {label} [{reason.code}]")
    return lines


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    deal = next((o for o in portfolio.opportunities if o.id == DEAL), None)
    if deal is None:
        return skipped("Hengtai deal to put through the contract review", locale)
    desk = Approvals(policies=[presets.get("contract_review")], team=TEAM)
    at = portfolio.as_of
    request = desk.open(
        policy="contract_review",
        id=f"cr-{deal.id}",
        subject_id=deal.id,
        requested_by=deal.owner,
        at=at,
        amount=deal.amount,
    )
    policy = desk.policy(request.policy)
    lines = [
        cats.format(
            "control.demo.request",
            locale,
            policy=cats.label(policy.label_key, locale),
            deal=deal.name or deal.id,
            id=deal.id,
            amount=deal.amount,
            person=request.requested_by,
        ),
        "  " + cats.label("control.demo.open_steps", locale),
        *_open_steps(desk, request, locale),
        *_refusal(desk, request, at, locale),
    ]
    for hours, (person, _) in enumerate(REVIEWERS, start=1):
        request = desk.approve(request, by=person, at=at + timedelta(hours=hours))
        lines.append(_decided(desk, request, locale))
    lines.append("  " + cats.label("control.demo.open_steps", locale))
    lines.extend(_open_steps(desk, request, locale))
    request = desk.approve(request, by=SIGNER, at=at + timedelta(days=1))
    lines.append(_decided(desk, request, locale))
    status = cats.label(enum_key(request.status), locale)
    lines.append("  " + cats.format("control.demo.status", locale, status=status))
    return lines
