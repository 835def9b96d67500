"""The sales plan of a deal: the customer's business, where each party stands,
the need, the compelling event, our unique value and the decision's milestones."""

from __future__ import annotations

from datetime import date

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.money import Money
from salesflow.plans._checks import money_or_none, texts

__all__ = ["BusinessProfile", "Milestone", "Objective", "Position", "SalesPlan"]


@attrs.frozen(slots=True, kw_only=True)
class BusinessProfile:
    """The customer's business: revenue, profit and the month its fiscal year ends (1-12)."""

    revenue: Money | None = None
    profit: Money | None = None
    fiscal_year_end: int | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("BusinessProfile")
        money_or_none(check, "revenue", self.revenue)
        if self.profit is not None:  # a loss is a negative profit
            check.instance("profit", self.profit, Money, "Money or None")
        check.integer("fiscal_year_end", self.fiscal_year_end, low=1, high=12, optional=True)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Position:
    """Where a party stands with the customer: its products there and its revenue so far.

    ``party``: ``"us"`` or a competitor's key.
    """

    party: str
    products: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    revenue_to_date: Money | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Position")
        check.key("party", self.party)
        texts(check, self, ("products",))
        money_or_none(check, "revenue_to_date", self.revenue_to_date)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Milestone:
    """A step of the customer's decision process, by when, and whether it is behind us."""

    on: date
    what: str
    done: bool = False

    def __attrs_post_init__(self) -> None:
        check = Checker("Milestone")
        check.day("on", self.on)
        check.text("what", self.what)
        check.instance("done", self.done, bool, "true or false")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class Objective:
    """Our sales objective for the deal: the products or services, the amount, the close date."""

    offering: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    amount: Money | None = None
    close_by: date | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Objective")
        texts(check, self, ("offering",))
        money_or_none(check, "amount", self.amount)
        check.day("close_by", self.close_by, optional=True)
        check.done()


_LISTS = ("decision_criteria", "goals", "key_people", "strengths", "weaknesses")
_TEXTS = ("need", "compelling_event", "unique_value", "formal_strategy", "political_strategy")


@attrs.frozen(slots=True, kw_only=True)
class SalesPlan:
    """The plan of one deal.

    ``positions``: ours (``"us"``) and each competitor's, one a party.
    ``need``: the customer's need or problem behind this deal.
    ``decision_criteria``: the customer's criteria, formal and informal,
    most important first. ``milestones``: the customer's decision process,
    in date order. ``goals``: our aims with the account, essential and long
    term. ``formal_strategy`` and ``political_strategy``: how we win, on the
    record and among the people. ``key_people``: the contacts our success
    turns on (ids on the stakeholder map).
    """

    id: str
    opportunity_id: str
    owner: str
    manager: str | None = None
    profile: BusinessProfile = attrs.field(factory=BusinessProfile)
    positions: tuple[Position, ...] = attrs.field(default=(), converter=to_tuple)
    need: str = ""
    compelling_event: str = ""
    unique_value: str = ""
    decision_criteria: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    milestones: tuple[Milestone, ...] = attrs.field(default=(), converter=to_tuple)
    goals: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    objective: Objective = attrs.field(factory=Objective)
    formal_strategy: str = ""
    political_strategy: str = ""
    key_people: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    strengths: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    weaknesses: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("SalesPlan")
        check.text("id", self.id)
        check.text("opportunity_id", self.opportunity_id)
        check.text("owner", self.owner)
        check.optional_text("manager", self.manager)
        check.instance("profile", self.profile, BusinessProfile, "a BusinessProfile")
        if check.items("positions", self.positions, Position, "Position"):
            check.unique("positions", (p.party for p in self.positions), "party")
        for name in _TEXTS:
            check.text(name, getattr(self, name), allow_empty=True)
        texts(check, self, _LISTS)
        if check.items("milestones", self.milestones, Milestone, "Milestone"):
            for i in range(1, len(self.milestones)):
                if self.milestones[i].on < self.milestones[i - 1].on:
                    check.add(
                        f"milestones[{i}].on",
                        f"{self.milestones[i].on.isoformat()} is before "
                        f"{self.milestones[i - 1].on.isoformat()} (expected date order)",
                    )
        check.instance("objective", self.objective, Objective, "an Objective")
        check.done()

    @property
    def next_milestone(self) -> Milestone | None:
        """The first milestone not done yet; None when all are done."""
        return next((m for m in self.milestones if not m.done), None)
