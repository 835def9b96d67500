"""The usual approval policies.

>>> from salesflow.control import presets
>>> presets.names()[:3]
('proposal_approval', 'legal_review', 'contract_review')
>>> [p.key for p in presets.get("contract_review").phases]
['review', 'sign']

Roles and departments are keys a :class:`~salesflow.cadence.Team` maps to
people: roles ``sales_manager``, ``general_manager``,
``deputy_general_manager``, ``sales_head``, ``accounting_head``;
departments ``sales``, ``legal``, ``production_planning``, ``quality``,
``rnd``, ``production``, ``purchasing``, ``accounting``, ``treasury``,
``warehouse``. Each builder's keyword arguments are the usual numbers
and names, so a team builds its variant by calling it.
"""

from __future__ import annotations

from decimal import Decimal

from salesflow._presets import Presets
from salesflow.control._governance import customer_data_policy
from salesflow.control._policy import ApprovalPolicy, Approvers, Conflict, Phase, Step, When

__all__ = [
    "contract_review",
    "customer_data_policy",
    "delivery_before_payment",
    "discount_approval",
    "get",
    "legal_review",
    "names",
    "order_to_cash",
    "proposal_approval",
]


def _roles(*roles: str) -> Approvers:
    return Approvers(roles=roles)


def _department(department: str) -> Approvers:
    return Approvers(departments=(department,))


def proposal_approval(*, approver_role: str = "sales_manager") -> ApprovalPolicy:
    """A proposal goes to the customer only after the sales manager approves it.

    The general manager may override it, with a recorded reason.
    """
    step = Step(key="sales_manager", approvers=_roles(approver_role))
    return ApprovalPolicy(
        key="proposal_approval",
        phases=(Phase(key="approve", steps=(step,)),),
        break_glass=("general_manager",),
    )


def legal_review(*, department: str = "legal") -> ApprovalPolicy:
    """A contract goes to the customer only after the legal department reviews it."""
    step = Step(key="legal", approvers=_department(department))
    return ApprovalPolicy(key="legal_review", phases=(Phase(key="review", steps=(step,)),))


#: The contract review's departments and what each reviews.
CONTRACT_REVIEWERS: tuple[tuple[str, str], ...] = (
    ("capacity", "production_planning"),  # overall production capacity (PMC)
    ("acceptance", "quality"),  # the product acceptance standards
    ("standards", "rnd"),  # technical standards and environmental requirements
    ("production", "production"),  # production and equipment capacity
    ("materials", "purchasing"),  # lead times of the raw materials
)


def contract_review(
    *,
    reviewers: tuple[tuple[str, str], ...] = CONTRACT_REVIEWERS,
    signers: tuple[str, ...] = ("general_manager", "deputy_general_manager"),
) -> ApprovalPolicy:
    """The contract review: departments review in parallel, then a manager signs.

    The sales department organises it (the requester, duty ``organise``);
    each department of ``reviewers`` reviews its part; then the general
    manager or a deputy signs.
    """
    review = Phase(
        key="review",
        steps=tuple(Step(key=k, approvers=_department(d)) for k, d in reviewers),
    )
    sign = Phase(key="sign", steps=(Step(key="sign", approvers=_roles(*signers), duty="sign"),))
    return ApprovalPolicy(
        key="contract_review",
        phases=(review, sign),
        requester_duty="organise",
        conflicts=(Conflict(key="organise_sign", duties=("organise", "sign")),),
    )


def order_to_cash() -> ApprovalPolicy:
    """The order-to-cash duties, one request an order.

    Sales drafts the invoice from the price list (the requester, duty
    ``invoice``); the sales head and the accounting head check it (in
    parallel); the cashier collects the cash; the warehouse ships only
    against the paid invoice (a later phase); accounting books it. Invoicing,
    collecting, shipping and booking are held by four different people.
    """
    check = Phase(
        key="check",
        steps=(
            Step(key="sales_head", approvers=_roles("sales_head"), duty="check"),
            Step(key="accounting_head", approvers=_roles("accounting_head"), duty="check"),
        ),
    )
    phases = (
        check,
        Phase(
            key="collect",
            steps=(Step(key="collect", approvers=_department("treasury"), duty="collect"),),
        ),
        Phase(
            key="ship", steps=(Step(key="ship", approvers=_department("warehouse"), duty="ship"),)
        ),
        Phase(
            key="book", steps=(Step(key="book", approvers=_department("accounting"), duty="book"),)
        ),
    )
    duties = Conflict(key="order_to_cash", duties=("invoice", "collect", "ship", "book"))
    return ApprovalPolicy(
        key="order_to_cash", phases=phases, requester_duty="invoice", conflicts=(duties,)
    )


def discount_approval(
    *, manager_above: Decimal | int = 0, general_manager_above: Decimal | int = 20
) -> ApprovalPolicy:
    """A price below the list's floor: the sales manager approves; a deep discount also a GM.

    The thresholds (percent) are this library's defaults; practice
    names none.
    """
    steps = (
        Step(key="sales_manager", approvers=_roles("sales_manager")),
        Step(
            key="general_manager",
            approvers=_roles("general_manager", "deputy_general_manager"),
            when=When(discount_above=Decimal(general_manager_above)),
        ),
    )
    return ApprovalPolicy(
        key="discount_approval",
        phases=(Phase(key="approve", steps=steps),),
        when=When(discount_above=Decimal(manager_above)),
    )


def delivery_before_payment() -> ApprovalPolicy:
    """The exception to "payment before delivery": accounting head and a GM approve."""
    steps = (
        Step(key="accounting_head", approvers=_roles("accounting_head")),
        Step(key="general_manager", approvers=_roles("general_manager", "deputy_general_manager")),
    )
    return ApprovalPolicy(
        key="delivery_before_payment", phases=(Phase(key="approve", steps=steps),)
    )


_PRESETS: Presets[ApprovalPolicy] = Presets(
    "approval policy",
    {
        "proposal_approval": proposal_approval,
        "legal_review": legal_review,
        "contract_review": contract_review,
        "order_to_cash": order_to_cash,
        "discount_approval": discount_approval,
        "delivery_before_payment": delivery_before_payment,
    },
)


def names() -> tuple[str, ...]:
    """The preset policies' names."""
    return _PRESETS.names()


def get(name: str) -> ApprovalPolicy:
    """The preset policy ``name`` (built once; it is frozen)."""
    return _PRESETS.get(name)
