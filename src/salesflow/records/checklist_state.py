"""The completion state of one checklist: every tick and untick, in order.

A :class:`ChecklistState` is a value: its ``trail`` holds every
:class:`Mark` (who ticked or unticked which item, when, with what evidence
and in which role). Whether an item is done is read from its latest mark.
The state does not know the checklist's items: the checklist engine
(:mod:`salesflow.checklists`) checks the item, the evidence and the role of
a tick and returns a new state. The state is a record, like the
:class:`~salesflow.Opportunity` that holds one per stage.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from salesflow._checks import NOT_DATA, Checker, make_builder, to_tuple

__all__ = ["ChecklistState", "Mark"]


@attrs.frozen(slots=True, kw_only=True)
class Mark:
    """One entry of a checklist's trail: ``item`` ticked (``done``) or unticked."""

    item: str
    done: bool
    by: str
    at: datetime
    evidence: str | None = None
    role: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        check = Checker("Mark")
        check.key("item", self.item)
        check.instance("done", self.done, bool, "true or false")
        check.text("by", self.by)
        check.aware("at", self.at)
        check.optional_text("evidence", self.evidence)
        if self.role is not None:
            check.key("role", self.role)
        if self.note is not None:
            check.text("note", self.note, allow_empty=True)
        check.done()


def _done_items(trail: tuple[Mark, ...]) -> frozenset[str]:
    done: set[str] = set()
    for mark in trail:
        if mark.done:
            done.add(mark.item)
        else:
            done.discard(mark.item)
    return frozenset(done)


@attrs.frozen(slots=True, kw_only=True)
class ChecklistState:
    """Where one checklist stands: the trail of marks, oldest first.

    The trail is in time order, and per item it alternates tick, untick,
    tick, ... starting with a tick. ``done`` is the set of items whose
    latest mark is a tick (derived, not data).

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> state = ChecklistState(trail=[Mark(item="visit", done=True, by="li.na", at=at)])
    >>> state.is_done("visit"), state.is_done("call")
    (True, False)
    """

    trail: tuple[Mark, ...] = attrs.field(default=(), converter=to_tuple)
    done: frozenset[str] = attrs.field(
        init=False, eq=False, repr=False, hash=False, metadata=NOT_DATA
    )

    def __attrs_post_init__(self) -> None:
        check = Checker("ChecklistState")
        if check.items("trail", self.trail, Mark, "Mark"):
            self._check_trail(check)
        check.done()
        object.__setattr__(self, "done", _done_items(self.trail))

    def _check_trail(self, check: Checker) -> None:
        previous: datetime | None = None
        done: set[str] = set()
        for i, mark in enumerate(self.trail):
            if previous is not None and mark.at < previous:
                check.add(
                    f"trail[{i}].at",
                    f"{mark.at.isoformat()} is before {previous.isoformat()} "
                    "(the trail must be in time order)",
                )
            previous = mark.at if previous is None else max(previous, mark.at)
            if mark.done and mark.item in done:
                check.add(f"trail[{i}].done", f"item {mark.item!r} ticked while already done")
            elif not mark.done and mark.item not in done:
                check.add(f"trail[{i}].done", f"item {mark.item!r} unticked while not done")
            if mark.done:
                done.add(mark.item)
            else:
                done.discard(mark.item)

    def is_done(self, item: str) -> bool:
        """Whether ``item``'s latest mark is a tick."""
        return isinstance(item, str) and item in self.done

    def latest(self, item: str) -> Mark | None:
        """The latest mark of ``item``, or None if it was never marked."""
        if not isinstance(item, str):  # any other value is simply never marked
            return None
        for mark in reversed(self.trail):
            if mark.item == item:
                return mark
        return None

    def history(self, item: str) -> tuple[Mark, ...]:
        """Every mark of ``item``, oldest first."""
        if not isinstance(item, str):
            return ()
        return tuple(m for m in self.trail if m.item == item)

    @property
    def updated_at(self) -> datetime | None:
        """When the state last changed, or None if it never did."""
        return self.trail[-1].at if self.trail else None


_build_state = make_builder(ChecklistState)


def with_mark(state: ChecklistState, mark: Mark) -> ChecklistState:
    """``state`` with ``mark`` appended, the trail not checked again.

    Only for a mark already checked against ``state`` (its item's done state
    and its time not before the last mark), as a checklist's tick does: the
    new state costs the copy of the trail, never a second pass over it.
    """
    done = state.done | {mark.item} if mark.done else state.done - {mark.item}
    return _build_state(trail=(*state.trail, mark), done=done)
