"""A first stakeholder map from the customer's contact records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from salesflow._checks import Checker
from salesflow.exceptions import ValidationError
from salesflow.records import Contact
from salesflow.records.stakeholders import Stakeholder, StakeholderMap

__all__ = ["from_contacts"]


def from_contacts(contacts: Iterable[Contact], *, opportunity_id: str) -> StakeholderMap:
    """A map of ``contacts`` for the deal ``opportunity_id``: names, titles and reporting lines.

    A reporting line to someone not among ``contacts`` is left out; roles,
    stances and the rest are filled in afterwards
    (:meth:`~salesflow.records.StakeholderMap.with_stakeholder`).
    """
    check = Checker("from_contacts")
    found: object = contacts
    if isinstance(contacts, Iterable) and not isinstance(contacts, (str, bytes, Mapping)):
        found = tuple(contacts)
    check.text("opportunity_id", opportunity_id)
    if check.items("contacts", found, Contact, "Contact"):
        assert isinstance(found, tuple)
        check.unique("contacts", (c.id for c in found), "contact id")
    check.done()
    assert isinstance(found, tuple)
    known = {c.id for c in found}
    people = [
        Stakeholder(
            id=c.id,
            name=c.name,
            title=c.title,
            reports_to=c.reports_to if c.reports_to in known else None,
        )
        for c in found
    ]
    try:
        return StakeholderMap(opportunity_id=opportunity_id, stakeholders=people)
    except ValidationError as exc:  # a reporting circle among the contacts
        raise ValidationError("from_contacts", exc.problems) from None
