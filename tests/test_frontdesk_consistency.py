"""Seed 002's consistency rules: each violation found with its path, strict variant raises all."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Customer, DefinitionError, Intent, Portfolio, ValidationError
from salesflow.frontdesk import (
    ConsistencyRule,
    ConsistencyRules,
    EntryKind,
    FrontDesk,
    PlanItem,
    ReportItem,
    Visit,
    VisitKind,
    consistency_report,
    progression_sheet,
    require_consistency,
)
from tests import frontdesk_day as day
from tests import strategies as sst

R = ConsistencyRule


def _books(draw: st.DrawFn) -> Portfolio:
    return draw(
        st.builds(
            Portfolio,
            as_of=st.just(day.at(20, 9)),
            leads=st.lists(sst.leads(), max_size=3, unique_by=lambda x: x.id),
            customers=st.lists(sst.customers, max_size=3, unique_by=lambda c: c.id),
        )
    )


@given(sst.front_desks, st.data(), sst.consistency_rules)
def test_the_check_reports_and_never_raises_on_valid_input(
    desk: FrontDesk, data: st.DataObject, rules: ConsistencyRules
) -> None:
    """Any valid desk and book give a report; only the chosen rules speak; strict agrees."""
    book = data.draw(st.composite(_books)())
    report = consistency_report(desk, book=book, rules=rules)
    assert set(report.rules) <= set(rules.checks)
    for v in report.violations:
        assert v.path.split("[")[0].split(".")[0] in ("register", "cards", "reports", "book")
    if report.ok:
        assert require_consistency(desk, book=book, rules=rules) == report
    else:
        with pytest.raises(ValidationError) as info:
            require_consistency(desk, book=book, rules=rules)
        assert info.value.problems == report.problems


def test_the_day_is_consistent() -> None:
    report = require_consistency(day.desk(), book=day.book())
    assert report.ok
    assert report.violations == ()


def test_an_unreported_reception_and_an_untracked_visitor() -> None:
    """Ms. Sun calls, leaves her number, and nothing follows: two rules are broken."""
    sun = Visit(
        id="v-3",
        kind=VisitKind.CALL,
        arrived_at=day.at(2, 14),
        left_at=day.at(2, 14, 5),
        duty="wu.gang",
        visitor="Ms. Sun",
        phone="13700000000",
    )
    desk = attrs.evolve(day.desk(), register=day.register().added(sun))
    report = consistency_report(desk, book=day.book())
    assert [(v.rule, v.path) for v in report.violations] == [
        (R.VISITOR_TRACKED, "register.entries[2]"),
        (R.RECEPTION_REPORTED, "register.entries[2]"),
    ]
    assert "wu.gang' filed no daily report for 2026-03-02" in report.violations[1].message
    assert report.of("visitor_tracked") == report.violations[:1]
    assert report.violations[0].label_key == "enum.consistency_rule.visitor_tracked"
    with pytest.raises(ValidationError) as info:
        require_consistency(desk, book=day.book())
    assert info.value.paths == ("register.entries[2]", "register.entries[2]")


def test_an_anonymous_visitor_need_not_be_tracked_unless_the_rules_say_so() -> None:
    strict = ConsistencyRules(anonymous_exempt=False)
    report = consistency_report(day.desk(), book=day.book(), rules=strict)
    assert [(v.rule, v.path) for v in report.violations] == [
        (R.VISITOR_TRACKED, "register.entries[0]")
    ]


def test_a_visitor_tracked_by_intent_alone_or_converted_passes() -> None:
    desk = attrs.evolve(day.desk(), cards=())
    # no card, but intent H is on the progression sheet; the follow-up went with the card
    assert consistency_report(desk, book=day.book()).ok
    dropped = attrs.evolve(
        day.zhao(), intent=attrs.evolve(day.zhao().intent, marks=day.zhao().intent.marks[:1])
    )
    only_a = Portfolio(as_of=day.at(3, 18), leads=[dropped])
    rules = ConsistencyRules(tracked_intents=(Intent.H,))
    found = consistency_report(desk, book=only_a, rules=rules)
    assert [(v.rule, v.path) for v in found.violations] == [
        (R.VISITOR_TRACKED, "register.entries[1]")
    ]


def test_an_order_on_the_spot_needs_a_buyer_card() -> None:
    register = day.register()
    ordered = attrs.evolve(register.entries[1], ordered=True)
    desk = attrs.evolve(
        day.desk(), register=attrs.evolve(register, entries=(register.entries[0], ordered))
    )
    found = consistency_report(desk, book=day.book())
    assert [v.rule for v in found.violations] == [R.VISITOR_TRACKED]
    assert "ordered on the spot" in found.violations[0].message
    bought = attrs.evolve(day.card(), bought_at=day.at(2, 11))
    assert consistency_report(attrs.evolve(desk, cards=[bought]), book=day.book()).ok


def test_a_follow_up_missing_from_the_report_and_the_plan() -> None:
    tuesday, monday = day.reports()[1], day.reports()[0]
    desk = attrs.evolve(
        day.desk(),
        reports=[attrs.evolve(monday, plan=()), attrs.evolve(tuesday, done=())],
    )
    found = consistency_report(desk, book=day.book())
    assert [(v.rule, v.path) for v in found.violations] == [
        (R.PROGRESSION_REPORTED, "book.leads[0].intent.marks[1]"),
        (R.FOLLOW_UP_REPORTED, "cards[0].follow_ups[0]"),
        (R.PLAN_MATCHED, "cards[0].follow_ups[0].planned_at"),
    ]
    assert "report of 2026-03-02 does not plan it" in found.violations[2].message


def test_results_must_match_the_report_and_the_held_intent() -> None:
    tuesday = day.reports()[1]
    entry = attrs.evolve(tuesday.done[0], intent_after=Intent.A, result="")
    desk = attrs.evolve(day.desk(), reports=[day.reports()[0], attrs.evolve(tuesday, done=[entry])])
    found = consistency_report(desk, book=day.book())
    assert [(v.rule, v.path) for v in found.violations] == [
        (R.RESULT_MATCHED, "cards[0].follow_ups[0].result"),
        (R.RESULT_MATCHED, "cards[0].follow_ups[0].intent_after"),
    ]
    stale = Portfolio(
        as_of=day.at(3, 18),
        leads=[
            attrs.evolve(
                day.zhao(),
                intent=attrs.evolve(day.zhao().intent, marks=day.zhao().intent.marks[:1]),
            )
        ],
    )
    found = consistency_report(day.desk(), book=stale)
    assert [(v.rule, v.path) for v in found.violations] == [
        (R.RESULT_MATCHED, "cards[0].follow_ups[0].intent_after")
    ]
    assert "holds no such judgement" in found.violations[0].message


def test_visits_state_a_known_purpose() -> None:
    monday = day.reports()[0]
    visit = ReportItem(at=day.at(2, 16), kind=EntryKind.VISIT, subject="c-1")
    gala = PlanItem(at=day.at(4, 10), kind=EntryKind.VISIT, subject="c-1", purpose="dealer_gala")
    desk = attrs.evolve(
        day.desk(),
        reports=[
            attrs.evolve(monday, done=[*monday.done, visit], plan=[*monday.plan, gala]),
            day.reports()[1],
        ],
    )
    found = consistency_report(desk, book=day.book())
    assert [(v.rule, v.path) for v in found.violations] == [
        (R.PURPOSE_STATED, "reports[0].done[2].purpose"),
        (R.PURPOSE_STATED, "reports[0].plan[1].purpose"),
    ]
    team = ConsistencyRules(purposes=("dealer_gala",), checks=(R.PURPOSE_STATED,))
    assert [v.path for v in consistency_report(desk, book=day.book(), rules=team).violations] == [
        "reports[0].done[2].purpose"
    ]


def test_a_lead_and_its_customer_are_one_party() -> None:
    """After conversion the card names the customer, the report still the lead: they match."""
    customer = Customer(id="c-zhao", name="Zhao Min", lead_id="l-zhao")
    book = Portfolio(as_of=day.at(3, 18), leads=[day.zhao()], customers=[customer])
    card = attrs.evolve(day.card(), lead_id=None, customer_id="c-zhao")
    assert consistency_report(attrs.evolve(day.desk(), cards=[card]), book=book).ok


def test_tolerance_decides_what_matches() -> None:
    tight = ConsistencyRules(tolerance_minutes=0)
    found = consistency_report(day.desk(), book=day.book(), rules=tight)
    # the intent judged at 10:50 is 30 minutes after the reception entry at 10:20
    assert [v.path for v in found.violations] == ["book.leads[0].intent.marks[0]"]


def test_the_progression_sheet_reads_the_held_intent() -> None:
    sheet = progression_sheet(day.book(), at=day.at(3, 18))
    assert sheet.ids == ("l-zhao",)
    assert sheet.rows[0].intent is Intent.H
    assert sheet.rows[0].marks == 2
    assert progression_sheet(day.book(), at=day.at(2, 10)).rows == ()
    assert progression_sheet(day.book(), at=day.at(3, 18), intents=(Intent.C,)).rows == ()
    with pytest.raises(ValidationError) as info:
        progression_sheet([], at=day.at(3, 1).replace(tzinfo=None), intents=("Z",))  # type: ignore[arg-type]
    assert info.value.paths == ("book", "at", "intents[0]")


def test_bad_arguments_and_rules_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        consistency_report("desk", book=None, rules=1)  # type: ignore[arg-type]
    assert info.value.paths == ("desk", "book", "rules")
    with pytest.raises(ValidationError) as info:
        require_consistency(day.desk(), book=day.register())  # type: ignore[arg-type]
    assert info.value.paths == ("book",)
    with pytest.raises(DefinitionError) as info:
        ConsistencyRules(
            checks=("everything",), tolerance_minutes=-1, tracked_intents=("Q",), purposes=("Bad",)
        )
    assert info.value.paths == (
        "checks[0]",
        "tolerance_minutes",
        "tracked_intents[0]",
        "purposes[0]",
    )
    report = consistency_report(day.desk(), book=day.book())
    with pytest.raises(ValidationError) as info:
        report.of("nonsense")
    assert info.value.paths == ("rule",)
    assert date(2026, 3, 2) == day.desk().reports[0].day  # nothing changed
