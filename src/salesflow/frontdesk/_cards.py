"""The customer card: one per interested or buying customer, with its follow-ups.

The customer card. Every prospect of intent H, A, B or C and every buyer has
one. Its back holds a prospect's follow-up plan and results; its front, once
the customer has bought, the buyer's follow-ups (planned and done). A
:class:`FollowUp` says which side it belongs to.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.exceptions import ValidationError
from salesflow.records import Intent

__all__ = ["Card", "CardSide", "FollowUp"]


class CardSide(StrEnum):
    """Which side of the card: a prospect's follow-ups (back) or a buyer's (front)."""

    PROSPECT = "prospect"
    BUYER = "buyer"


@attrs.frozen(slots=True, kw_only=True)
class FollowUp:
    """One follow-up: planned, done, or both, by one salesperson.

    ``result`` says how it went and ``intent_after`` the intent judged after
    it (the progression sheet's result); both only for a done follow-up.
    """

    id: str
    by: str
    side: CardSide = CardSide.PROSPECT
    planned_at: datetime | None = None
    done_at: datetime | None = None
    result: str = ""
    intent_after: Intent | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("FollowUp")
        check.text("id", self.id)
        check.text("by", self.by)
        check.enum_field(self, "side", CardSide)
        planned_ok = check.aware("planned_at", self.planned_at, optional=True)
        done_ok = check.aware("done_at", self.done_at, optional=True)
        check.text("result", self.result, allow_empty=True)
        intent_ok = check.enum_field(self, "intent_after", Intent, optional=True)
        if planned_ok and done_ok and self.planned_at is None and self.done_at is None:
            check.add("", "a follow-up needs planned_at, done_at or both")
        if done_ok and self.done_at is None:
            if self.result:
                check.add("result", "a result is given only for a done follow-up (set done_at)")
            if intent_ok and self.intent_after is not None:
                check.add("intent_after", "judged only after a done follow-up (set done_at)")
        check.done()

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


@attrs.frozen(slots=True, kw_only=True)
class Card:
    """A customer card: whose it is, since when, and its follow-ups.

    A card belongs to a lead or a customer (``lead_id``, ``customer_id``,
    at least one). ``bought_at`` is when the holder bought: from then on the
    card's front is in use, and only then may it hold buyer follow-ups.
    Follow-up ids are unique on a card.
    """

    id: str
    owner: str
    opened_at: datetime
    lead_id: str | None = None
    customer_id: str | None = None
    bought_at: datetime | None = None
    follow_ups: tuple[FollowUp, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("Card")
        check.text("id", self.id)
        check.text("owner", self.owner)
        opened_ok = check.aware("opened_at", self.opened_at)
        lead_ok = check.optional_text("lead_id", self.lead_id)
        customer_ok = check.optional_text("customer_id", self.customer_id)
        bought_ok = check.aware("bought_at", self.bought_at, optional=True)
        if lead_ok and customer_ok and self.lead_id is None and self.customer_id is None:
            check.add(
                "", "a card belongs to a lead or a customer (give lead_id, customer_id or both)"
            )
        if (
            opened_ok
            and bought_ok
            and self.bought_at is not None
            and self.bought_at < self.opened_at
        ):
            check.add(
                "bought_at",
                f"{self.bought_at.isoformat()} is before opened_at {self.opened_at.isoformat()}",
            )
        if check.items("follow_ups", self.follow_ups, FollowUp, "FollowUp"):
            check.unique("follow_ups", (f.id for f in self.follow_ups), "follow-up id")
            if bought_ok and self.bought_at is None:
                for i, f in enumerate(self.follow_ups):
                    if f.side is CardSide.BUYER:
                        check.add(
                            f"follow_ups[{i}].side",
                            "a buyer's follow-up on a card whose holder has not bought "
                            "(set bought_at)",
                        )
        check.done()

    @property
    def subject(self) -> str:
        """The card's holder: its customer, else its lead."""
        held = self.customer_id if self.customer_id is not None else self.lead_id
        assert held is not None
        return held

    @property
    def is_buyer(self) -> bool:
        """Whether the holder has bought (the card's front is in use)."""
        return self.bought_at is not None

    def followed_up(self, follow_up: FollowUp) -> Card:
        """A new card with ``follow_up`` added (a repeated id is refused)."""
        try:
            return attrs.evolve(self, follow_ups=(*self.follow_ups, follow_up))
        except ValidationError as exc:
            raise ValidationError("Card.followed_up", exc.problems) from None
