"""Daily reports, visit purposes and customer cards."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given

from salesflow import ValidationError
from salesflow.frontdesk import (
    Card,
    CardSide,
    DailyReport,
    EntryKind,
    FollowUp,
    FrontDesk,
    PlanItem,
    ReportItem,
    VisitPurpose,
)
from tests import frontdesk_day as day
from tests import strategies as sst


@given(sst.daily_reports())
def test_effective_visits_are_visits_whose_purpose_was_met(report: DailyReport) -> None:
    assert set(report.effective_visits) <= set(report.visits)
    for item in report.done:
        assert item.is_effective == (
            item.kind is EntryKind.VISIT and item.purpose is not None and item.purpose_met
        )


def test_a_visit_counts_only_when_its_purpose_was_met() -> None:
    met = ReportItem(
        at=day.at(4, 10),
        kind=EntryKind.VISIT,
        subject="c-1",
        people=("Manager Hu", "Buyer Qian"),
        purpose=VisitPurpose.RECEIVABLES,
        purpose_met=True,
    )
    missed = attrs.evolve(met, at=day.at(4, 14), purpose_met=False)
    report = DailyReport(salesperson="li.na", day=date(2026, 3, 4), done=[met, missed])
    assert report.effective_visits == (met,)
    assert met.purpose == "receivables"
    assert ReportItem(at=day.at(4, 9), kind="visit", purpose="dealer_gala").purpose == "dealer_gala"  # type: ignore[arg-type]


def test_people_of_one_customer_met_together_are_one_entry() -> None:
    one = ReportItem(at=day.at(4, 10), kind=EntryKind.VISIT, subject="c-1", people=("Hu",))
    two = attrs.evolve(one, people=("Qian",))
    with pytest.raises(ValidationError) as info:
        DailyReport(salesperson="li.na", day=date(2026, 3, 4), done=[one, two])
    assert info.value.paths == ("done[1]",)
    assert "done[0].people" in str(info.value)


def test_entries_belong_to_the_day_and_plans_to_the_days_after() -> None:
    with pytest.raises(ValidationError) as info:
        DailyReport(
            salesperson="li.na",
            day=date(2026, 3, 4),
            done=[ReportItem(at=day.at(5, 10), kind=EntryKind.CALL)],
            plan=[PlanItem(at=day.at(4, 16), kind=EntryKind.VISIT)],
        )
    assert info.value.paths == ("done[0].at", "plan[0].at")


def test_report_entries_check_themselves() -> None:
    with pytest.raises(ValidationError) as info:
        ReportItem(
            at=day.at(4, 10).replace(tzinfo=None),
            kind="chat",  # type: ignore[arg-type]
            people=("",),
            purpose="Not A Key",
            purpose_met=True,
        )
    assert info.value.paths == ("at", "kind", "people[0]", "purpose")
    with pytest.raises(ValidationError) as info:
        ReportItem(at=day.at(4, 10), kind=EntryKind.VISIT, purpose_met=True)
    assert info.value.paths == ("purpose_met",)
    with pytest.raises(ValidationError) as info:
        DailyReport(salesperson="", day=day.at(4, 1), done=["x"])
    assert info.value.paths == ("salesperson", "day", "done[0]")


def test_follow_ups_and_cards_check_themselves() -> None:
    with pytest.raises(ValidationError) as info:
        FollowUp(id="f", by="li.na", result="went well", intent_after="H")  # type: ignore[arg-type]
    assert info.value.paths == ("", "result", "intent_after")
    buyer = FollowUp(id="f", by="li.na", side=CardSide.BUYER, planned_at=day.at(9, 10))
    with pytest.raises(ValidationError) as info:
        Card(id="k", owner="li.na", opened_at=day.at(2, 10), follow_ups=[buyer, buyer])
    assert info.value.paths == ("", "follow_ups[1]", "follow_ups[0].side", "follow_ups[1].side")
    with pytest.raises(ValidationError) as info:
        Card(id="k", owner="li.na", opened_at=day.at(2, 10), lead_id="l", bought_at=day.at(1, 9))
    assert info.value.paths == ("bought_at",)
    card = Card(
        id="k", owner="li.na", opened_at=day.at(2, 10), customer_id="c", bought_at=day.at(2, 11)
    )
    assert card.followed_up(buyer).follow_ups == (buyer,)
    assert card.is_buyer
    assert card.subject == "c"
    with pytest.raises(ValidationError) as info:
        card.followed_up(buyer).followed_up(buyer)
    assert info.value.paths == ("follow_ups[1]",)


def test_the_desk_holds_one_report_per_person_and_day() -> None:
    desk = day.desk()
    assert desk.report("li.na", date(2026, 3, 3)) is desk.reports[1]
    assert desk.report("wu.gang", date(2026, 3, 3)) is None
    assert desk.cards_of("l-zhao") == (desk.cards[0],)
    with pytest.raises(ValidationError) as info:
        FrontDesk(
            register=desk.register,
            cards=[*desk.cards, *desk.cards],
            reports=[*desk.reports, desk.reports[0]],
        )
    assert info.value.paths == ("cards[1]", "reports[2]")
    with pytest.raises(ValidationError) as info:
        desk.report("", "2026-03-03")  # type: ignore[arg-type]
    assert info.value.paths == ("salesperson", "day")
    with pytest.raises(ValidationError) as info:
        desk.cards_of(7)  # type: ignore[arg-type]
    assert info.value.paths == ("subject",)
