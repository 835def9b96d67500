"""Hypothesis strategies for every record and definition of salesflow.

Every test module draws from here, so a record's shape is described once.
Sections: primitives, money, records; later areas add their own section.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from salesflow import (
    Activity,
    ActivityKind,
    BasicData,
    BusinessStatus,
    Channel,
    Characteristics,
    Contact,
    CreditRating,
    Customer,
    CustomerCategory,
    EnterpriseNature,
    Industry,
    Lead,
    LeadSource,
    LeadStatus,
    Money,
    Move,
    OperatingStatus,
    Opportunity,
    OpportunityStatus,
    Portfolio,
    Priority,
    Relationship,
    StageChange,
    TradingStatus,
    ValueGrade,
)

# -- primitives -------------------------------------------------------------

CURRENCIES = ("CNY", "USD", "EUR", "JPY", "HKD")

ids = st.from_regex(r"[a-z][a-z0-9\-]{0,11}", fullmatch=True)
keys = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
names = st.text(
    alphabet=st.characters(categories=("L", "N", "Zs"), exclude_characters="\x00"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() != "")
free_text = st.text(max_size=30)
emails = st.builds(lambda user, host: f"{user}@{host}.com", ids, ids)
phones = st.from_regex(r"\+?[0-9]{6,13}", fullmatch=True)

timezones = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=8)),
        timezone(timedelta(hours=-5)),
        timezone(timedelta(hours=5, minutes=30)),
    ]
)
aware_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=timezones
)
naive_datetimes = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
probabilities = st.integers(min_value=0, max_value=100)

# -- money ----------------------------------------------------------------

amounts = st.decimals(
    min_value=Decimal("-1e12"),
    max_value=Decimal("1e12"),
    allow_nan=False,
    allow_infinity=False,
    places=2,
)
non_negative_amounts = st.decimals(
    min_value=Decimal(0), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False, places=2
)
currencies = st.sampled_from(CURRENCIES)


def money(currency: str | None = None, *, non_negative: bool = False) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (any of :data:`CURRENCIES` when None)."""
    values = non_negative_amounts if non_negative else amounts
    cur = st.just(currency) if currency else currencies
    return st.builds(Money, values, cur)


# -- records --------------------------------------------------------------

basic_data = st.builds(
    BasicData,
    address=free_text,
    phone=st.none() | phones,
    website=st.none() | st.builds(lambda h: f"https://{h}.example", ids),
    legal_representative=free_text,
    founded=st.none() | dates,
    registered_capital=st.none() | money(non_negative=True),
)
characteristics = st.builds(
    Characteristics,
    region=free_text,
    annual_revenue=st.none() | money(non_negative=True),
    headcount=st.none() | st.integers(min_value=0, max_value=1_000_000),
    capacity=free_text,
    potential=free_text,
)
business_status = st.builds(
    BusinessStatus,
    operating=st.sampled_from(OperatingStatus),
    main_business=free_text,
    main_products=st.lists(names, max_size=3).map(tuple),
    notes=free_text,
)


@st.composite
def trading_status(draw: st.DrawFn) -> TradingStatus:
    first = draw(st.none() | dates)
    last = (
        None
        if first is None
        else draw(st.none() | st.dates(min_value=first, max_value=date(2099, 12, 31)))
    )
    return TradingStatus(
        credit_rating=draw(st.none() | st.sampled_from(CreditRating)),
        payment_terms_days=draw(st.none() | st.integers(min_value=0, max_value=365)),
        past_problems=tuple(draw(st.lists(names, max_size=3))),
        first_order=first,
        last_order=last,
    )


customers = st.builds(
    Customer,
    id=ids,
    name=names,
    industry=st.sampled_from(Industry),
    nature=st.sampled_from(EnterpriseNature),
    category=st.sampled_from(CustomerCategory),
    relationship=st.sampled_from(Relationship),
    value_grade=st.none() | st.sampled_from(ValueGrade),
    owner=st.none() | ids,
    basic=basic_data,
    characteristics=characteristics,
    business=business_status,
    trading=trading_status(),
)


@st.composite
def contacts(draw: st.DrawFn) -> Contact:
    contact_id = draw(ids)
    return Contact(
        id=contact_id,
        customer_id=draw(ids),
        name=draw(names),
        title=draw(free_text),
        reports_to=draw(st.none() | ids.filter(lambda x: x != contact_id)),
        phone=draw(st.none() | phones),
        email=draw(st.none() | emails),
    )


@st.composite
def leads(draw: st.DrawFn) -> Lead:
    created = draw(aware_datetimes)
    status = draw(st.sampled_from(LeadStatus))
    needs_owner = status in (LeadStatus.ASSIGNED, LeadStatus.QUALIFIED, LeadStatus.CONVERTED)
    owner = draw(ids) if needs_owner else draw(st.none() | ids)
    assigned = None
    if owner is not None and draw(st.booleans()):
        assigned = created + draw(
            st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))
        )
    return Lead(
        id=draw(ids),
        customer_name=draw(names),
        created_at=created,
        source=draw(st.sampled_from(LeadSource)),
        channel=draw(st.sampled_from(Channel)),
        priority=draw(st.sampled_from(Priority)),
        status=status,
        owner=owner,
        assigned_at=assigned,
        industry=draw(st.none() | st.sampled_from(Industry)),
        contact_name=draw(free_text),
        contact_title=draw(free_text),
        phone=draw(st.none() | phones),
        email=draw(st.none() | emails),
        need=draw(free_text),
    )


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    planned = draw(st.none() | aware_datetimes)
    done = draw(aware_datetimes) if planned is None else draw(st.none() | aware_datetimes)
    return Activity(
        id=draw(ids),
        kind=draw(st.sampled_from(ActivityKind)),
        owner=draw(ids),
        subject=draw(names),
        customer_id=draw(st.none() | ids),
        opportunity_id=draw(st.none() | ids),
        contact_id=draw(st.none() | ids),
        planned_at=planned,
        done_at=done,
        outcome=draw(free_text) if done is not None else "",
    )


attribute_values = st.one_of(free_text, st.integers(-(10**9), 10**9), st.booleans())
attributes = st.dictionaries(keys, attribute_values, max_size=4)


@st.composite
def opportunities(draw: st.DrawFn, *, with_history: bool = True) -> Opportunity:
    """An opportunity whose history (when drawn) is consistent with its state.

    The history is only shaped like a real one (ordered in time, ending
    where the deal is); whether each move was allowed is the stages'
    business, tested there.
    """
    created = draw(aware_datetimes)
    stage_keys = draw(st.lists(keys, min_size=1, max_size=4, unique=True))
    history: list[StageChange] = []
    at = created
    status = OpportunityStatus.OPEN
    stage = stage_keys[0]
    if with_history:
        for _ in range(draw(st.integers(0, 4))):
            at = at + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)))
            new_stage = draw(st.sampled_from(stage_keys))
            new_status = draw(st.sampled_from(OpportunityStatus))
            history.append(
                StageChange(
                    move=draw(st.sampled_from(Move)),
                    at=at,
                    from_stage=stage,
                    to_stage=new_stage,
                    from_status=status,
                    to_status=new_status,
                    probability_before=draw(probabilities),
                    probability_after=draw(probabilities),
                    by=draw(st.none() | ids),
                    reason=draw(st.none() | names),
                    note=draw(st.none() | free_text),
                )
            )
            stage, status = new_stage, new_status
    return Opportunity(
        id=draw(ids),
        customer_id=draw(ids),
        owner=draw(ids),
        pipeline=draw(keys),
        stage=stage,
        amount=draw(money(non_negative=True)),
        created_at=created,
        status=status,
        name=draw(free_text),
        expected_close=draw(st.none() | dates),
        lost_reason=draw(names) if status is OpportunityStatus.LOST else None,
        probability=draw(st.none() | probabilities),
        history=tuple(history),
        attributes=draw(attributes),
    )


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    """A small portfolio whose ids are unique and whose deals' customers exist."""
    customer_list = draw(st.lists(customers, max_size=3, unique_by=lambda c: c.id))
    deals: list[Opportunity] = []
    if customer_list:
        for opp in draw(st.lists(opportunities(), max_size=3, unique_by=lambda o: o.id)):
            owner = draw(st.sampled_from(customer_list))
            deals.append(attrs.evolve(opp, customer_id=owner.id))
    return Portfolio(
        as_of=draw(aware_datetimes),
        customers=customer_list,
        contacts=draw(st.lists(contacts(), max_size=2, unique_by=lambda c: c.id)),
        leads=draw(st.lists(leads(), max_size=2, unique_by=lambda x: x.id)),
        opportunities=deals,
        activities=draw(st.lists(activities(), max_size=2, unique_by=lambda a: a.id)),
    )


#: One strategy per record type, for tests that run over all of them.
RECORDS: dict[type, st.SearchStrategy[object]] = {
    Money: money(),
    BasicData: basic_data,
    Characteristics: characteristics,
    BusinessStatus: business_status,
    TradingStatus: trading_status(),
    Customer: customers,
    Contact: contacts(),
    Lead: leads(),
    Activity: activities(),
    Opportunity: opportunities(),
    Portfolio: portfolios(),
}


# -- stages (issue 4) -----------------------------------------------------

# -- end of stages --


# -- checklists (issue 5) -------------------------------------------------

# -- end of checklists --


# -- scoring (issue 6) ----------------------------------------------------

# -- end of scoring --


# -- cadence (issue 7) ----------------------------------------------------

# -- end of cadence --
