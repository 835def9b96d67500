"""Lead statuses, intent judgements and conversion into a customer, a contact and a deal."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    Customer,
    Intent,
    Lead,
    LeadStatus,
    Money,
    SalesflowError,
    TransitionError,
    ValidationError,
)
from salesflow.frontdesk import (
    ALLOWED_MOVES,
    convert,
    disqualify,
    judge_intent,
    qualify,
    work,
)
from salesflow.stages import presets as stage_presets
from tests import frontdesk_day as day
from tests import strategies as sst

BASIC = stage_presets.get("basic")
AMOUNT = Money("168000", "CNY")


def _convert(lead: Lead, **options: object) -> object:
    arguments: dict[str, object] = {
        "pipeline": BASIC,
        "at": day.at(4, 11),
        "amount": AMOUNT,
        "customer_id": "c-zhao",
        "contact_id": "p-zhao",
        "opportunity_id": "o-zhao",
    }
    arguments.update(options)
    return convert(lead, **arguments)  # type: ignore[arg-type]


def test_conversion_makes_three_records_with_lineage_both_ways() -> None:
    lead = day.zhao()
    done = convert(
        lead,
        pipeline=BASIC,
        at=day.at(4, 11),
        amount=AMOUNT,
        customer_id="c-zhao",
        contact_id="p-zhao",
        opportunity_id="o-zhao",
        by="li.na",
    )
    assert done.lead.status is LeadStatus.CONVERTED
    assert done.lead.converted_at == day.at(4, 11)
    assert (
        done.lead.converted_customer_id,
        done.lead.converted_contact_id,
        done.lead.converted_opportunity_id,
    ) == ("c-zhao", "p-zhao", "o-zhao")
    assert done.customer.lead_id == done.contact.lead_id == done.opportunity.lead_id == "l-zhao"  # type: ignore[union-attr]
    assert done.customer.intent == lead.intent
    assert done.customer.intent.current is Intent.H
    assert done.opportunity.pipeline == "basic"
    assert done.opportunity.stage == "prospect_list"
    assert done.opportunity.owner == "li.na"
    assert done.opportunity.customer_id == "c-zhao"
    assert done.new_customer


def test_conversion_into_an_existing_customer_and_in_a_chosen_stage() -> None:
    existing = Customer(id="c-7", name="Zhao Min")
    done = _convert(
        day.zhao(), into=existing, customer_id=None, contact_id=None, stage="book_visit"
    )
    assert done.customer is existing  # type: ignore[attr-defined]
    assert done.contact is None  # type: ignore[attr-defined]
    assert not done.new_customer  # type: ignore[attr-defined]
    assert done.opportunity.stage == "book_visit"  # type: ignore[attr-defined]
    assert done.lead.converted_customer_id == "c-7"  # type: ignore[attr-defined]


def test_the_duplicates_hook_stops_a_conversion() -> None:
    """The de-duplication hook sees the would-be customer; a duplicate stops the conversion."""
    existing = Customer(id="c-7", name="Zhao Min")
    seen: list[Customer] = []

    def same_name(customer: Customer) -> Iterable[Customer]:
        seen.append(customer)
        return [c for c in (existing,) if c.name == customer.name]

    with pytest.raises(ValidationError) as info:
        _convert(day.zhao(), duplicates=same_name)
    assert info.value.paths == ("customer",)
    assert "'c-7'" in str(info.value)
    assert seen[0].id == "c-zhao"
    assert _convert(day.zhao(), duplicates=lambda c: []).customer.id == "c-zhao"  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as info:
        _convert(day.zhao(), duplicates=lambda c: ["c-7"])
    assert info.value.paths == ("duplicates",)


def test_a_disqualified_or_converted_lead_is_not_converted() -> None:
    dropped = disqualify(day.zhao(), reason="bought elsewhere", at=day.at(4, 9), by="li.na")
    with pytest.raises(ValidationError) as info:
        _convert(dropped)
    assert info.value.paths == ("lead.status",)
    done = _convert(day.zhao()).lead  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        _convert(done)


def test_every_bad_conversion_argument_is_named_at_once() -> None:
    lead = attrs.evolve(day.zhao(), contact_name="")
    with pytest.raises(ValidationError) as info:
        convert(
            lead,
            pipeline="basic",  # type: ignore[arg-type]
            at=day.at(1, 9),
            amount=Money("-1", "CNY"),
            customer_id="",
            contact_id="p-1",
            opportunity_id="",
            duplicates=3,  # type: ignore[arg-type]
        )
    assert info.value.paths == (
        "pipeline",
        "opportunity_id",
        "amount",
        "customer_id",
        "duplicates",
        "at",
        "contact_id",
    )
    with pytest.raises(TransitionError):
        _convert(day.zhao(), stage="no_such_stage")
    unowned = attrs.evolve(day.zhao(), status=LeadStatus.NEW, owner=None, assigned_at=None)
    with pytest.raises(ValidationError) as info:
        _convert(unowned)
    assert info.value.paths == ("owner",)
    assert _convert(unowned, by="wu.gang").lead.owner == "wu.gang"  # type: ignore[attr-defined]


def test_statuses_move_as_allowed() -> None:
    new = attrs.evolve(day.zhao(), status=LeadStatus.NEW, owner=None, assigned_at=None)
    working = work(new, at=day.at(2, 12), by="li.na")
    assert working.status is LeadStatus.WORKING
    assert working.owner == "li.na"
    assert working.assigned_at == day.at(2, 12)
    qualified = qualify(working, at=day.at(3, 9), by="li.na")
    assert qualified.status is LeadStatus.QUALIFIED
    dropped = disqualify(qualified, reason="no budget this year", at=day.at(4, 9), by="li.na")
    assert dropped.status is LeadStatus.DISQUALIFIED
    assert dropped.disqualified_reason == "no budget this year"
    assert dropped.intent.current is Intent.D
    assert dropped.intent.latest.note == "no budget this year"  # type: ignore[union-attr]
    again = work(dropped, at=day.at(9, 9), by="li.na")
    assert again.disqualified_reason is None
    with pytest.raises(ValidationError) as info:
        qualify(dropped, at=day.at(9, 9), by="li.na")
    assert info.value.paths == ("lead.status",)
    with pytest.raises(ValidationError) as info:
        disqualify(dropped, reason="", at=day.at(9, 9), by="li.na")
    assert info.value.paths == ("lead.status", "reason")


@given(sst.leads(), st.sampled_from(["work", "qualify", "disqualify"]))
def test_a_move_either_follows_the_table_or_changes_nothing(lead: Lead, move: str) -> None:
    """A status move is allowed exactly when ALLOWED_MOVES says so; a refused one is an error."""
    target = {"work": LeadStatus.WORKING, "qualify": LeadStatus.QUALIFIED}.get(
        move, LeadStatus.DISQUALIFIED
    )
    later = lead.created_at.replace(year=2100, month=1, day=1)  # 29 February has no 2100
    moves: dict[str, Callable[[], Lead]] = {
        "work": lambda: work(lead, at=later, by="li.na"),
        "qualify": lambda: qualify(lead, at=later, by="li.na"),
        "disqualify": lambda: disqualify(lead, reason="no need", at=later, by="li.na"),
    }
    if target in ALLOWED_MOVES[lead.status]:
        assert moves[move]().status is target
    else:
        with pytest.raises(ValidationError) as info:
            moves[move]()
        assert info.value.paths == ("lead.status",)


def test_judging_intent_on_leads_and_customers() -> None:
    customer = judge_intent(Customer(id="c", name="Hengtai"), "B", at=day.at(2, 9), by="li.na")
    assert customer.intent.current is Intent.B
    lead = judge_intent(day.zhao(), Intent.A, at=day.at(5, 9), by="li.na", note="cooled down")
    assert lead.intent.current is Intent.A
    with pytest.raises(ValidationError) as info:
        judge_intent(lead, Intent.H, at=day.at(4, 9), by="li.na")
    assert info.value.paths == ("at",)
    with pytest.raises(ValidationError) as info:
        judge_intent("l-zhao", Intent.H, at=day.at(4, 9), by="li.na")  # type: ignore[type-var]
    assert info.value.paths == ("record",)


garbage = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    sst.naive_datetimes,
)


@given(garbage, garbage, garbage)
def test_only_salesflow_errors_escape(a: object, b: object, c: object) -> None:
    """Whatever the arguments, an entry point returns or raises a SalesflowError; the lead stays."""
    lead = day.zhao()
    calls: list[Callable[[], object]] = [
        lambda: work(a, at=b, by=c),  # type: ignore[arg-type]
        lambda: qualify(lead, at=a, by=b),  # type: ignore[arg-type]
        lambda: disqualify(lead, reason=a, at=b, by=c),  # type: ignore[arg-type]
        lambda: judge_intent(lead, a, at=b, by=c),  # type: ignore[arg-type]
        lambda: _convert(lead, amount=a, at=b, opportunity_id=c),
        lambda: _convert(lead, pipeline=a, into=b, stage=c),
        lambda: _convert(lead, customer_id=a, contact_id=b, expected_close=c, name=a),
    ]
    for call in calls:
        with contextlib.suppress(SalesflowError):
            call()
    assert lead == day.zhao()
