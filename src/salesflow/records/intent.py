"""Purchase intent held on a lead or a customer, as a history.

The showroom grades every prospect's intent to buy: H within 7 days, A
within a month, B in 1 to 3 months, C beyond 3 months, and D for a lead that
does not qualify. The grade is a judgement a salesperson makes and revises
after each reception or follow-up; the intent progression sheet tracks how
it moves. :class:`IntentHistory` holds those judgements in time order, each
with who set it and when; the current intent is the latest one.

``salesflow.scoring`` still *computes* an intent from a deal's close date
(the ``purchase_intent`` scorecard); this is the intent a person *holds*,
which a scorecard reads through the field path ``intent.current``.

>>> from datetime import datetime, timezone
>>> from salesflow.records import Intent, IntentHistory
>>> at = datetime(2026, 3, 2, 10, 40, tzinfo=timezone.utc)
>>> history = IntentHistory().progressed(Intent.B, at=at, by="li.na")
>>> history.current
<Intent.B: 'B'>
"""

from __future__ import annotations

from datetime import datetime

import attrs

from salesflow._checks import Checker, to_tuple
from salesflow.exceptions import ValidationError
from salesflow.records._enums import Intent

__all__ = ["IntentHistory", "IntentMark"]


@attrs.frozen(slots=True, kw_only=True)
class IntentMark:
    """One judgement of intent: which grade, when, by whom, and why."""

    intent: Intent
    at: datetime
    by: str
    note: str = ""

    def __attrs_post_init__(self) -> None:
        check = Checker("IntentMark")
        check.enum_field(self, "intent", Intent)
        check.aware("at", self.at)
        check.text("by", self.by)
        check.text("note", self.note, allow_empty=True)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class IntentHistory:
    """Every intent judgement of one lead or customer, oldest first.

    Marks are in time order (two marks may share a moment: the later one in
    the tuple is the one that holds). An empty history means nobody has
    judged the intent yet; :attr:`current` is then ``None``.
    """

    marks: tuple[IntentMark, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = Checker("IntentHistory")
        if check.items("marks", self.marks, IntentMark, "IntentMark"):
            for i in range(1, len(self.marks)):
                before, mark = self.marks[i - 1], self.marks[i]
                if mark.at < before.at:
                    check.add(
                        f"marks[{i}].at",
                        f"{mark.at.isoformat()} is before marks[{i - 1}].at "
                        f"{before.at.isoformat()} (marks must be in time order)",
                    )
        check.done()

    @property
    def latest(self) -> IntentMark | None:
        """The mark that holds now: the last one, or ``None`` for an empty history."""
        return self.marks[-1] if self.marks else None

    @property
    def current(self) -> Intent | None:
        """The intent that holds now, or ``None`` when never judged."""
        return self.marks[-1].intent if self.marks else None

    def as_of(self, at: datetime) -> Intent | None:
        """The intent that held at ``at`` (the last mark at or before it)."""
        check = Checker("IntentHistory")
        if not check.aware("at", at):
            check.fail()
        found: Intent | None = None
        for mark in self.marks:
            if mark.at > at:
                break
            found = mark.intent
        return found

    def progressed(
        self, intent: Intent | str, *, at: datetime, by: str, note: str = ""
    ) -> IntentHistory:
        """A new history with ``intent`` judged at ``at`` by ``by``.

        A mark before the latest one is a :class:`~salesflow.ValidationError`
        (history only grows forward); bad values are reported at their
        argument's name.
        """
        try:
            mark = IntentMark(intent=intent, at=at, by=by, note=note)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise ValidationError("IntentHistory.progressed", exc.problems) from None
        latest = self.latest
        if latest is not None and mark.at < latest.at:
            raise ValidationError.single(
                "IntentHistory.progressed",
                "at",
                f"{mark.at.isoformat()} is before the latest mark's {latest.at.isoformat()} "
                "(intent history only grows forward)",
            )
        return IntentHistory(marks=(*self.marks, mark))
