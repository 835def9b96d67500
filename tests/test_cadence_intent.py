"""Time rules that read the purchase intent held on leads and customers (issue 18, point 2)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import DefinitionError, Intent, ValidationError, from_dict, to_dict
from salesflow.cadence import (
    Duration,
    DurationUnit,
    ObligationStatus,
    Recurrence,
    RecurrenceUnit,
    RuleSubject,
    StartEvent,
    StopEvent,
    TimeRule,
    evaluate,
)
from salesflow.locales import default_catalogs, enum_key
from salesflow.records import Activity, ActivityKind, Customer, Lead
from tests import frontdesk_day as day
from tests.strategies import CADENCE_BASE, cadence_books

DAY = Duration(amount=1, unit=DurationUnit.DAYS)


def _follow_up(
    *intents: Intent,
    subject: RuleSubject = RuleSubject.LEAD,
    stop: StopEvent = StopEvent.INTENT_JUDGED,
) -> TimeRule:
    """Each judgement of one of ``intents`` is followed up within a day."""
    return TimeRule(
        key="hot_follow_up",
        label_key="my.rule",
        subject=subject,
        start=StartEvent.INTENT_JUDGED,
        stop=stop,
        due=DAY,
        intents=intents,
    )


# -- properties ----------------------------------------------------------------------


@settings(max_examples=40)  # drawn books are slow to build; the property is simple
@given(
    book=cadence_books(),
    intents=st.lists(st.sampled_from(Intent), unique=True, max_size=3),
    days=st.integers(0, 130),
)
def test_each_judgement_of_a_chosen_intent_starts_one_clock_met_by_the_next(
    book: dict[str, object], intents: list[Intent], days: int
) -> None:
    """One obligation per judgement of a chosen intent (none chosen: all but D) up to ``at``,
    started at the judgement and met by the next one; none for a converted lead."""
    at = CADENCE_BASE + timedelta(days=days)
    rule = _follow_up(*intents)
    found = {(o.record_id, o.sequence): o for o in evaluate([rule], at=at, leads=book["leads"])}
    expected = set()
    for lead in book["leads"]:  # type: ignore[attr-defined]
        if lead.owner is None:
            continue
        marks = lead.intent.marks
        for i, mark in enumerate(marks):
            chosen = mark.intent in intents if intents else mark.intent is not Intent.D
            if mark.at <= at and chosen:
                expected.add((lead.id, i))
                o = found[(lead.id, i)]
                assert o.start_at == mark.at
                nxt = marks[i + 1].at if i + 1 < len(marks) else None
                assert o.met_at == (nxt if nxt is not None and nxt <= at else None)
    assert set(found) == expected


@settings(max_examples=40)
@given(
    book=cadence_books(),
    intents=st.lists(st.sampled_from(Intent), unique=True, min_size=1, max_size=3),
    days=st.integers(0, 130),
)
def test_intents_keep_exactly_the_records_holding_one_and_change_nothing_else(
    book: dict[str, object], intents: list[Intent], days: int
) -> None:
    """A rule with intents gives the same rule's obligations, for just the leads and customers
    whose intent held at ``at`` is one of them."""
    at = CADENCE_BASE + timedelta(days=days)
    rules = [
        TimeRule(
            key="owner",
            label_key="my.rule",
            subject=RuleSubject.LEAD,
            start=StartEvent.LEAD_CREATED,
            stop=StopEvent.LEAD_ASSIGNED,
            due=Duration(amount=24),
        ),
        TimeRule(
            key="cadence",
            label_key="my.rule",
            subject=RuleSubject.CUSTOMER,
            start=StartEvent.LAST_CONTACT,
            stop=StopEvent.CONTACT,
            every=Recurrence(every=2, unit=RecurrenceUnit.WEEKS),
        ),
    ]
    narrowed = [attrs.evolve(r, intents=intents) for r in rules]
    every = evaluate(rules, at=at, **book)
    chosen = evaluate(narrowed, at=at, **book)
    holding = {
        o.identity
        for o in every
        if isinstance(o.record, (Lead, Customer)) and o.record.intent.as_of(at) in intents
    }
    assert {o.identity for o in chosen} == holding
    by_identity = {o.identity: o for o in every}
    for o in chosen:
        assert attrs.evolve(o, rule=by_identity[o.identity].rule) == by_identity[o.identity]


# -- examples: the showroom ----------------------------------------------------------------


def test_an_intent_h_prospect_is_followed_up_within_a_day_of_each_judgement() -> None:
    """Ms. Zhao, judged A on Monday and H on Tuesday: only the H judgement starts the clock."""
    rule = _follow_up(Intent.H)
    (o,) = evaluate([rule], at=day.at(4, 16), leads=[day.zhao()])
    assert (o.start_at, o.due_at, o.status) == (
        day.at(3, 15, 10),
        day.at(4, 15, 10),
        ObligationStatus.OVERDUE,
    )
    again = day.zhao()
    again = attrs.evolve(again, intent=again.intent.progressed("H", at=day.at(4, 11), by="li.na"))
    first, second = evaluate([rule], at=day.at(4, 16), leads=[again])
    assert (first.status, first.met_at) == (ObligationStatus.MET_ON_TIME, day.at(4, 11))
    assert (second.start_at, second.status) == (day.at(4, 11), ObligationStatus.DUE)


def test_a_converted_lead_leaves_its_clocks_to_the_customer_it_became() -> None:
    from salesflow.frontdesk import convert
    from salesflow.money import Money
    from salesflow.stages import presets

    done = convert(
        day.zhao(),
        pipeline=presets.get("basic"),
        at=day.at(3, 16),
        amount=Money("186000", "CNY"),
        customer_id="c-zhao",
        opportunity_id="o-suv",
    )
    lead_rule = _follow_up(Intent.H)
    customer_rule = attrs.evolve(
        _follow_up(Intent.H, subject=RuleSubject.CUSTOMER, stop=StopEvent.CONTACT),
        key="customer_follow_up",
    )
    found = evaluate(
        [lead_rule, customer_rule], at=day.at(4, 9), leads=[done.lead], customers=[done.customer]
    )
    assert [(o.rule_key, o.record_id) for o in found] == [("customer_follow_up", "c-zhao")]
    visit = Activity(
        id="a-1",
        kind=ActivityKind.VISIT,
        owner="li.na",
        subject="test drive",
        customer_id="c-zhao",
        done_at=day.at(4, 10),
    )
    (met,) = evaluate(
        [customer_rule], at=day.at(4, 18), customers=[done.customer], activities=[visit]
    )
    assert (met.status, met.met_at) == (ObligationStatus.MET_ON_TIME, day.at(4, 10))


def test_a_d_judgement_starts_a_clock_only_when_the_rule_names_d() -> None:
    dropped = attrs.evolve(
        day.zhao(), intent=day.zhao().intent.progressed("D", at=day.at(4, 9), by="li.na")
    )
    every = evaluate([_follow_up()], at=day.at(9, 9), leads=[dropped])
    assert [o.start_at for o in every] == [day.at(2, 10, 50), day.at(3, 15, 10)]
    (only_d,) = evaluate([_follow_up(Intent.D)], at=day.at(9, 9), leads=[dropped])
    assert only_d.start_at == day.at(4, 9)


def test_a_customer_recurrence_can_select_by_intent() -> None:
    """A two-weekly follow-up for customers of intent B only: a hot customer is left out."""
    rule = TimeRule(
        key="b_every_two_weeks",
        label_key="my.rule",
        subject=RuleSubject.CUSTOMER,
        start=StartEvent.LAST_CONTACT,
        stop=StopEvent.CONTACT,
        every=Recurrence(every=2, unit=RecurrenceUnit.WEEKS),
        intents=["B"],
    )
    base = Customer(id="c-1", name="Lanshan", owner="li.na")
    visits = [
        Activity(
            id="a-1",
            kind=ActivityKind.CALL,
            owner="li.na",
            subject="call",
            customer_id="c-1",
            done_at=day.at(2, 9),
        )
    ]
    b = attrs.evolve(base, intent=base.intent.progressed("B", at=day.at(2, 9), by="li.na"))
    h = attrs.evolve(b, intent=b.intent.progressed("H", at=day.at(5, 9), by="li.na"))
    assert len(evaluate([rule], at=day.at(4, 9), customers=[b], activities=visits)) == 1
    assert evaluate([rule], at=day.at(6, 9), customers=[h], activities=visits) == ()
    assert len(evaluate([rule], at=day.at(4, 9), customers=[h], activities=visits)) == 1


def test_the_new_events_have_labels_in_both_languages() -> None:
    cats = default_catalogs()
    for event in (StartEvent.INTENT_JUDGED, StopEvent.INTENT_JUDGED):
        assert cats.label(enum_key(event), "en") != cats.label(enum_key(event), "zh-Hans")


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"intents": ["X"]}, "intents[0]", "is not a valid Intent"),
        ({"intents": ["H", "H"]}, "intents[1]", "duplicate"),
        ({"intents": "H"}, "intents", ""),
        ({"every": Recurrence(every=1)}, "every", "give due, not every"),
        ({"subject": RuleSubject.OPPORTUNITY}, "start", "does not start a clock"),
        ({"stop": StopEvent.CONTACT}, "stop", "does not stop a clock"),
    ],
)
def test_bad_intent_rules_name_the_path(changes: dict[str, object], path: str, words: str) -> None:
    fields = to_dict(_follow_up(Intent.H))
    fields.update({k: to_dict(v) if isinstance(v, Recurrence) else v for k, v in changes.items()})
    if "every" in changes:
        fields.pop("due")
    with pytest.raises(DefinitionError) as caught:
        from_dict(TimeRule, fields)
    message = str(caught.value)
    assert f"{path}:" in message
    assert words in message


def test_intents_on_an_opportunity_or_activity_rule_are_refused() -> None:
    for subject, start, stop in (
        (RuleSubject.OPPORTUNITY, StartEvent.STAGE_ENTERED, StopEvent.STAGE_LEFT),
        (RuleSubject.ACTIVITY, StartEvent.VISIT_PLANNED, StopEvent.VISIT_REPORTED),
    ):
        with pytest.raises(
            ValidationError, match="intents: only a lead or customer rule selects by intent"
        ):
            TimeRule(
                key="k",
                label_key="my.rule",
                subject=subject,
                start=start,
                stop=stop,
                due=DAY,
                intents=[Intent.H],
            )


def test_a_bad_evaluation_of_an_intent_rule_raises_and_names_the_argument() -> None:
    with pytest.raises(ValidationError, match="at"):
        evaluate([_follow_up(Intent.H)], at=datetime(2026, 3, 4, 9), leads=[day.zhao()])
    with pytest.raises(ValidationError, match=r"leads\[0\]"):
        evaluate([_follow_up(Intent.H)], at=day.at(4, 9), leads=["l-zhao"])
