"""Checking the sheets against each other and against the book (the front desk's rules).

:func:`consistency_report` runs every rule of a
:class:`~salesflow.frontdesk.ConsistencyRules` over a
:class:`~salesflow.frontdesk.FrontDesk` and the book (a
:class:`~salesflow.Portfolio` holding the leads and customers with their
intent) and returns every :class:`~salesflow.frontdesk.Violation`;
:func:`require_consistency` raises them all as one
:class:`~salesflow.ValidationError`.

A sheet's moment matches a report entry when the entry is in the right
person's report of that day (the moment's date in its own offset), within
the rules' tolerance, and about the same party: a lead and the customer it
was converted into are one party.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta

from salesflow._checks import Checker
from salesflow.exceptions import ValidationError
from salesflow.frontdesk._cards import Card, CardSide, FollowUp
from salesflow.frontdesk._desk import FrontDesk
from salesflow.frontdesk._findings import ConsistencyReport, Violation
from salesflow.frontdesk._register import Visit, VisitKind
from salesflow.frontdesk._report import DailyReport, EntryKind, PlanItem, ReportItem
from salesflow.frontdesk._rules import ConsistencyRule, ConsistencyRules
from salesflow.records import Customer, Intent, Lead, LeadStatus, Portfolio

__all__ = ["consistency_report", "require_consistency"]

R = ConsistencyRule
_FOLLOW_UP_KINDS = (EntryKind.FOLLOW_UP, EntryKind.VISIT, EntryKind.CALL)


class _Book:
    """The desk and the book, indexed once for one check (internal)."""

    def __init__(self, desk: FrontDesk, book: Portfolio, rules: ConsistencyRules) -> None:
        self.desk = desk
        self.book = book
        self.rules = rules
        self.tolerance = timedelta(minutes=rules.tolerance_minutes)
        self.reports = {(r.salesperson, r.day): r for r in desk.reports}
        self.leads = {lead.id: lead for lead in book.leads}
        self.customers = {c.id: c for c in book.customers}
        self._party: dict[str, str] = {}
        for lead in book.leads:
            if lead.converted_customer_id is not None:
                self._join(lead.id, lead.converted_customer_id)
        for c in book.customers:
            if c.lead_id is not None:
                self._join(c.id, c.lead_id)

    def _root(self, key: str) -> str:
        while key in self._party and self._party[key] != key:
            key = self._party[key]
        return key

    def _join(self, a: str, b: str) -> None:
        self._party[self._root(a)] = self._root(b)

    def same(self, a: str | None, b: str | None) -> bool:
        """Whether ``a`` and ``b`` name one party (``b`` None: any)."""
        if a is None or b is None:
            return True
        return a == b or self._root(a) == self._root(b)

    def report(self, person: str, day: date) -> DailyReport | None:
        return self.reports.get((person, day))

    def previous(self, person: str, day: date) -> DailyReport | None:
        """The person's latest report before ``day``."""
        days = [d for (p, d) in self.reports if p == person and d < day]
        return self.reports[(person, max(days))] if days else None

    def done(
        self, person: str, at: datetime, subject: str | None, kinds: Iterable[EntryKind] | None
    ) -> tuple[DailyReport | None, ReportItem | None]:
        report = self.report(person, at.date())
        if report is None:
            return None, None
        wanted = None if kinds is None else tuple(kinds)
        for item in report.done:
            if wanted is not None and item.kind not in wanted:
                continue
            if abs(item.at - at) <= self.tolerance and self.same(subject, item.subject):
                return report, item
        return report, None

    def cards_of(self, subject: str) -> list[Card]:
        return [c for c in self.desk.cards if any(self.same(subject, s) for s in _held(c))]


def _held(card: Card) -> list[str]:
    return [s for s in (card.lead_id, card.customer_id) if s is not None]


def _missing(person: str, at: datetime, report: DailyReport | None, what: str) -> str:
    if report is None:
        return f"{what}, but {person!r} filed no daily report for {at.date()}"
    return (
        f"{what}, but {person!r}'s daily report for {at.date()} has no entry for it "
        f"near {at.time().isoformat(timespec='minutes')}"
    )


def _record(index: _Book, subject: str) -> Lead | Customer | None:
    return index.customers.get(subject) or index.leads.get(subject)


def _visitor_tracked(index: _Book, i: int, visit: Visit) -> Iterator[Violation]:
    path = f"register.entries[{i}]"
    subject = visit.subject
    if subject is None:
        if not (visit.has_details or visit.ordered) and index.rules.anonymous_exempt:
            return
        yield Violation(
            rule=R.VISITOR_TRACKED,
            path=path,
            message=f"visitor {visit.visitor!r} is tracked as no lead or customer "
            "(set lead_id or customer_id)",
        )
        return
    record = _record(index, subject)
    cards = index.cards_of(subject)
    if visit.ordered and not any(c.is_buyer for c in cards):
        yield Violation(
            rule=R.VISITOR_TRACKED,
            path=path,
            message=f"visitor {visit.visitor!r} ordered on the spot, but no card of "
            f"{subject!r} shows the purchase (set the card's bought_at)",
        )
        return
    if record is None and not cards:
        yield Violation(
            rule=R.VISITOR_TRACKED,
            path=path,
            message=f"visitor {visit.visitor!r} is linked to {subject!r}, which is neither in "
            "the book nor on a card",
        )
        return
    intent = record.intent.current if record is not None else None
    dropped = intent is Intent.D or (
        isinstance(record, Lead) and record.status is LeadStatus.DISQUALIFIED
    )
    converted = isinstance(record, Lead) and record.status is LeadStatus.CONVERTED
    if cards or dropped or converted or intent in index.rules.tracked_intents:
        return
    yield Violation(
        rule=R.VISITOR_TRACKED,
        path=path,
        message=f"visitor {visit.visitor!r} ({subject!r}) is neither tracked nor converted "
        "(open a card, or judge an intent the progression sheet tracks)",
    )


def _reception_reported(index: _Book, i: int, visit: Visit) -> Iterator[Violation]:
    if visit.kind is VisitKind.CALL:
        kinds: tuple[EntryKind, ...] = (EntryKind.RECEPTION, EntryKind.CALL)
    else:
        kinds = (EntryKind.RECEPTION,)
    report, item = index.done(visit.duty, visit.arrived_at, visit.subject, kinds)
    if item is None:
        yield Violation(
            rule=R.RECEPTION_REPORTED,
            path=f"register.entries[{i}]",
            message=_missing(
                visit.duty, visit.arrived_at, report, f"{visit.visitor!r} was received"
            ),
        )


def _progressions(index: _Book) -> Iterator[Violation]:
    records: list[tuple[str, Lead | Customer]] = [
        *((f"book.leads[{i}]", lead) for i, lead in enumerate(index.book.leads)),
        *((f"book.customers[{i}]", c) for i, c in enumerate(index.book.customers)),
    ]
    for path, record in records:
        for j, mark in enumerate(record.intent.marks):
            report, item = index.done(mark.by, mark.at, record.id, None)
            if item is None:
                yield Violation(
                    rule=R.PROGRESSION_REPORTED,
                    path=f"{path}.intent.marks[{j}]",
                    message=_missing(
                        mark.by,
                        mark.at,
                        report,
                        f"intent {mark.intent.value} was judged on {record.id!r}",
                    ),
                )


def _follow_ups(index: _Book) -> Iterator[tuple[str, Card, FollowUp]]:
    for i, card in enumerate(index.desk.cards):
        for j, f in enumerate(card.follow_ups):
            yield f"cards[{i}].follow_ups[{j}]", card, f


def _follow_up_reported(index: _Book, path: str, card: Card, f: FollowUp) -> Iterator[Violation]:
    if f.done_at is None:
        return
    report, item = index.done(f.by, f.done_at, card.subject, _FOLLOW_UP_KINDS)
    if item is None:
        side = "buyer" if f.side is CardSide.BUYER else "prospect"
        yield Violation(
            rule=R.FOLLOW_UP_REPORTED,
            path=path,
            message=_missing(
                f.by, f.done_at, report, f"{card.subject!r} had a {side} follow-up ({f.id!r})"
            ),
        )
        return
    yield from _result_matched(index, path, card, f, item)


def _planned(index: _Book, report: DailyReport, at: datetime, subject: str) -> PlanItem | None:
    for plan in report.plan:
        if abs(plan.at - at) <= index.tolerance and index.same(subject, plan.subject):
            return plan
    return None


def _plan_matched(index: _Book, path: str, card: Card, f: FollowUp) -> Iterator[Violation]:
    if f.planned_at is None:
        return
    report = index.previous(f.by, f.planned_at.date())
    if report is not None and _planned(index, report, f.planned_at, card.subject) is not None:
        return
    when = f.planned_at.isoformat(timespec="minutes")
    if report is None:
        message = f"follow-up {f.id!r} is planned for {when}, but {f.by!r} filed no report before"
    else:
        message = (
            f"follow-up {f.id!r} is planned for {when}, but {f.by!r}'s report of {report.day} "
            "does not plan it"
        )
    yield Violation(rule=R.PLAN_MATCHED, path=f"{path}.planned_at", message=message)


def _held_intent(index: _Book, subject: str, at: datetime) -> list[Intent]:
    found: list[Intent] = []
    records: list[Lead | Customer] = [*index.customers.values(), *index.leads.values()]
    for record in records:
        if index.same(subject, record.id):
            found.extend(m.intent for m in record.intent.marks if abs(m.at - at) <= index.tolerance)
    return found


def _result_matched(
    index: _Book, path: str, card: Card, f: FollowUp, item: ReportItem
) -> Iterator[Violation]:
    if R.RESULT_MATCHED not in index.rules.checks:
        return
    assert f.done_at is not None
    if f.result and not item.result:
        yield Violation(
            rule=R.RESULT_MATCHED,
            path=f"{path}.result",
            message=f"follow-up {f.id!r} has a result, but the report's entry at "
            f"{item.at.isoformat(timespec='minutes')} gives none",
        )
    if f.intent_after is None:
        return
    if item.intent_after is not f.intent_after:
        got = item.intent_after.value if item.intent_after else "none"
        yield Violation(
            rule=R.RESULT_MATCHED,
            path=f"{path}.intent_after",
            message=f"follow-up {f.id!r} ended at intent {f.intent_after.value}, the report's "
            f"entry says {got}",
        )
    if f.intent_after not in _held_intent(index, card.subject, f.done_at):
        yield Violation(
            rule=R.RESULT_MATCHED,
            path=f"{path}.intent_after",
            message=f"follow-up {f.id!r} ended at intent {f.intent_after.value}, but "
            f"{card.subject!r} holds no such judgement at "
            f"{f.done_at.isoformat(timespec='minutes')}",
        )


def _purposes(index: _Book) -> Iterator[Violation]:
    known = index.rules.purpose_keys
    for i, report in enumerate(index.desk.reports):
        entries: list[tuple[str, ReportItem | PlanItem]] = [
            *((f"reports[{i}].done[{j}]", e) for j, e in enumerate(report.done)),
            *((f"reports[{i}].plan[{j}]", e) for j, e in enumerate(report.plan)),
        ]
        for path, entry in entries:
            if entry.purpose is None and entry.kind is EntryKind.VISIT:
                yield Violation(
                    rule=R.PURPOSE_STATED,
                    path=f"{path}.purpose",
                    message="a visit states its purpose (a VisitPurpose or the team's own key)",
                )
            elif entry.purpose is not None and entry.purpose not in known:
                yield Violation(
                    rule=R.PURPOSE_STATED,
                    path=f"{path}.purpose",
                    message=f"unknown purpose {entry.purpose!r} (expected one of "
                    f"{', '.join(known)})",
                )


def _filed_on_time(index: _Book, i: int, visit: Visit) -> Iterator[Violation]:
    if visit.logged_at is None:
        return
    due = index.rules.filing_due(visit)
    if visit.logged_at > due:
        yield Violation(
            rule=R.FILED_ON_TIME,
            path=f"register.entries[{i}].logged_at",
            message=f"{visit.visitor!r} was logged by {visit.duty!r} at "
            f"{visit.logged_at.isoformat(timespec='minutes')}, after the end of the working "
            f"day at {due.isoformat(timespec='minutes')}",
        )


def _violations(index: _Book) -> Iterator[Violation]:
    checks = index.rules.checks
    entries = list(enumerate(index.desk.register.entries))
    if R.VISITOR_TRACKED in checks:
        for i, visit in entries:
            yield from _visitor_tracked(index, i, visit)
    if R.RECEPTION_REPORTED in checks:
        for i, visit in entries:
            yield from _reception_reported(index, i, visit)
    if R.PROGRESSION_REPORTED in checks:
        yield from _progressions(index)
    if R.FOLLOW_UP_REPORTED in checks or R.RESULT_MATCHED in checks:
        for path, card, f in _follow_ups(index):
            found = list(_follow_up_reported(index, path, card, f))
            if R.FOLLOW_UP_REPORTED not in checks:
                found = [v for v in found if v.rule is not R.FOLLOW_UP_REPORTED]
            yield from found
    if R.PLAN_MATCHED in checks:
        for path, card, f in _follow_ups(index):
            yield from _plan_matched(index, path, card, f)
    if R.PURPOSE_STATED in checks:
        yield from _purposes(index)
    if R.FILED_ON_TIME in checks:
        for i, visit in entries:
            yield from _filed_on_time(index, i, visit)


def _index(desk: object, book: object, rules: object, subject: str) -> _Book:
    check = Checker(subject)
    check.instance("desk", desk, FrontDesk, "a FrontDesk")
    check.instance("book", book, Portfolio, "a Portfolio")
    check.instance("rules", rules, ConsistencyRules, "ConsistencyRules")
    check.done()
    assert isinstance(desk, FrontDesk)
    assert isinstance(book, Portfolio)
    assert isinstance(rules, ConsistencyRules)
    return _Book(desk, book, rules)


def consistency_report(
    desk: FrontDesk, *, book: Portfolio, rules: ConsistencyRules | None = None
) -> ConsistencyReport:
    """Every violation of the front desk's rules in ``desk`` and ``book`` (nothing raised for them).

    ``rules`` chooses the checks and their settings (default: every rule,
    with the defaults of :class:`~salesflow.frontdesk.ConsistencyRules`).
    """
    index = _index(desk, book, ConsistencyRules() if rules is None else rules, "consistency_report")
    return ConsistencyReport(violations=tuple(_violations(index)))


def require_consistency(
    desk: FrontDesk, *, book: Portfolio, rules: ConsistencyRules | None = None
) -> ConsistencyReport:
    """:func:`consistency_report`, raising one :class:`~salesflow.ValidationError` listing every
    violation with its path when there is any; the (clean) report otherwise.
    """
    index = _index(
        desk, book, ConsistencyRules() if rules is None else rules, "require_consistency"
    )
    report = ConsistencyReport(violations=tuple(_violations(index)))
    if not report.ok:
        raise ValidationError("FrontDesk", report.problems)
    return report
