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
    Intent,
    IntentHistory,
    IntentMark,
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


@st.composite
def intent_histories(draw: st.DrawFn, *, since: datetime | None = None) -> IntentHistory:
    """An intent history in time order (from ``since`` when given)."""
    at = since if since is not None else draw(aware_datetimes)
    marks: list[IntentMark] = []
    for _ in range(draw(st.integers(0, 3))):
        at = at + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)))
        marks.append(
            IntentMark(
                intent=draw(st.sampled_from(Intent)), at=at, by=draw(ids), note=draw(free_text)
            )
        )
    return IntentHistory(marks=tuple(marks))


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
    intent=intent_histories(),
    lead_id=st.none() | ids,
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
        lead_id=draw(st.none() | ids),
    )


@st.composite
def leads(draw: st.DrawFn) -> Lead:
    created = draw(aware_datetimes)
    status = draw(st.sampled_from(LeadStatus))
    needs_owner = status in (
        LeadStatus.ASSIGNED,
        LeadStatus.WORKING,
        LeadStatus.QUALIFIED,
        LeadStatus.CONVERTED,
    )
    converted = status is LeadStatus.CONVERTED
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
        territory=draw(st.none() | names),
        intent=draw(intent_histories(since=created)),
        disqualified_reason=(
            draw(st.none() | names) if status is LeadStatus.DISQUALIFIED else None
        ),
        converted_at=(
            created + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)))
            if converted and draw(st.booleans())
            else None
        ),
        converted_customer_id=draw(st.none() | ids) if converted else None,
        converted_contact_id=draw(st.none() | ids) if converted else None,
        converted_opportunity_id=draw(st.none() | ids) if converted else None,
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
        lead_id=draw(st.none() | ids),
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
    IntentMark: st.builds(
        IntentMark, intent=st.sampled_from(Intent), at=aware_datetimes, by=ids, note=free_text
    ),
    IntentHistory: intent_histories(),
    Activity: activities(),
    Opportunity: opportunities(),
    Portfolio: portfolios(),
}


# -- stages (issue 4) -----------------------------------------------------

from salesflow.predicates import Registry  # noqa: E402
from salesflow.stages import (  # noqa: E402
    DEFAULT_WON_REASONS,
    ForecastCategory,
    MovePolicy,
    Pipeline,
    ScoreRequirement,
    Stage,
)
from salesflow.stages import presets as stage_presets  # noqa: E402

#: Guards the drawn pipelines may name: constant, attribute- and context-driven.
STAGE_GUARDS = Registry(
    {
        "always": lambda opp, ctx: True,
        "never": lambda opp, ctx: False,
        "flagged": lambda opp, ctx: opp.attributes.get("flag") is True,
        "context_ok": lambda opp, ctx: bool(ctx.get("ok", False)),
    }
)
#: Fields the drawn gates may require: record fields and one custom attribute.
STAGE_FIELDS = ("expected_close", "name", "probability", "budget")

from salesflow.scoring import Band as _Band  # noqa: E402
from salesflow.scoring import Criterion as _Criterion  # noqa: E402
from salesflow.scoring import RuleKind as _RuleKind  # noqa: E402
from salesflow.scoring import Scorecard as _Scorecard  # noqa: E402

#: The scorecard drawn pipelines carry: the deal's ``flag`` attribute and the move's
#: ``ok`` context, each a yes or no (so the events of the differential test move it).
GATE_CARD = _Scorecard(
    key="gate_card",
    criteria=[
        _Criterion(key="flag", kind=_RuleKind.YES_NO, field="flag", group="deal"),
        _Criterion(key="ok", kind=_RuleKind.YES_NO, field="ok", weight=2),
    ],
    bands=[_Band(key="low", minimum=0), _Band(key="mid", minimum=1), _Band(key="full", minimum=3)],
)

#: Score requirements a drawn gate may hold: on GATE_CARD, and on BANT (whose
#: ``budget`` fact a drawn deal may hold as text: a ``bad_fact`` refusal).
score_requirements = st.sampled_from(
    [
        ScoreRequirement(scorecard="gate_card", band="mid"),
        ScoreRequirement(scorecard="gate_card", band="full"),
        ScoreRequirement(scorecard="gate_card", minimum=2),
        ScoreRequirement(scorecard="gate_card", minimum=1, group="deal"),
        ScoreRequirement(scorecard="bant", band="qualified"),
    ]
)


@st.composite
def stages(draw: st.DrawFn, key: str | None = None) -> Stage:
    """A valid stage (guards from STAGE_GUARDS); gates are usually empty."""
    gated = draw(st.integers(0, 3)) == 0
    return Stage(
        key=draw(keys) if key is None else key,
        probability=draw(probabilities),
        forecast=draw(st.sampled_from(ForecastCategory)),
        label_key=draw(st.none() | st.sampled_from(["my.stage", "stage.custom"])),
        required_fields=draw(st.lists(st.sampled_from(STAGE_FIELDS), unique=True, max_size=2))
        if gated
        else (),
        guards=draw(st.lists(st.sampled_from(STAGE_GUARDS.names), unique=True, max_size=2))
        if gated
        else (),
        rot_days=draw(st.none() | st.integers(1, 90)),
        required_scores=draw(st.lists(score_requirements, unique=True, max_size=2))
        if gated
        else (),
    )


move_policies = st.builds(
    MovePolicy,
    allow_back=st.booleans(),
    allow_skip=st.booleans(),
    allow_reopen=st.booleans(),
    win_needs_gate=st.booleans(),
    keep_probability=st.booleans(),
)


@st.composite
def won_reason_policies(draw: st.DrawFn) -> tuple[tuple[str, ...], tuple[str, ...], MovePolicy]:
    """(win outcomes, won reasons, policy): outcomes or won reasons, never both."""
    policy = draw(move_policies)
    if draw(st.booleans()):
        outcomes = draw(st.sampled_from([(), ("upgraded",), ("upgraded", "renewed")]))
        return outcomes, (), policy
    reasons = draw(st.sampled_from([("price", "relationship"), DEFAULT_WON_REASONS]))
    return (), reasons, attrs.evolve(policy, win_needs_reason=draw(st.booleans()))


@st.composite
def random_pipelines(draw: st.DrawFn, *, max_stages: int = 6) -> Pipeline:
    """A valid pipeline with 1 to ``max_stages`` stages, built on STAGE_GUARDS."""
    n = draw(st.integers(1, max_stages))
    stage_keys = draw(st.lists(keys, min_size=n, max_size=n, unique=True))
    won = n >= 2 and draw(st.booleans())
    outcomes, won_reasons, policy = draw(won_reason_policies())
    return Pipeline(
        key=draw(keys),
        stages=[draw(stages(k)) for k in stage_keys],
        label_key=draw(st.none() | st.just("pipeline.custom")),
        lost_reasons=draw(
            st.just(("price", "timing", "other"))
            | st.lists(keys, min_size=1, max_size=3, unique=True)
        ),
        win_outcomes=outcomes,
        won_reasons=won_reasons,
        won_stage=stage_keys[-1] if won else None,
        policy=policy,
        registry=STAGE_GUARDS,
        scorecards=(GATE_CARD,),
    )


#: A preset or a drawn pipeline.
pipelines = st.sampled_from(stage_presets.names()).map(stage_presets.get) | random_pipelines()


@st.composite
def opened(draw: st.DrawFn, pipeline: Pipeline) -> Opportunity:
    """A deal just opened in ``pipeline`` (first or any open stage), gate fields drawn."""
    extra: dict[str, str | int | bool] = {}
    flag = draw(st.none() | st.booleans())
    if flag is not None:
        extra["flag"] = flag
    budget = draw(st.none() | st.sampled_from(["", "approved"]))
    if budget is not None:
        extra["budget"] = budget
    return pipeline.open(
        id=draw(ids),
        customer_id=draw(ids),
        owner=draw(ids),
        amount=draw(money(non_negative=True)),
        at=draw(aware_datetimes),
        stage=draw(st.none() | st.sampled_from(pipeline.open_keys)),
        by=draw(st.none() | ids),
        name=draw(st.sampled_from(["", "Line 2"])),
        expected_close=draw(st.none() | dates),
        probability=draw(st.none() | probabilities),
        attributes=extra,
    )


#: Time between two moves (zero allowed: several moves in one instant).
move_gaps = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40))

# -- end of stages --


# -- checklists (issue 5) -------------------------------------------------

from salesflow.checklists import (  # noqa: E402
    Checklist,
    ChecklistSet,
    ChecklistState,
    Condition,
    Item,
    Mark,
)

#: Built-in predicates an item may name (and the parameters they need).
CHECKLIST_CONDITIONS = st.one_of(
    st.sampled_from(["several_decision_makers", "has_complaints"]).map(
        lambda name: Condition(predicate=name)
    ),
    st.builds(
        lambda amount, cur: Condition(
            predicate="amount_above", params={"amount": str(amount), "currency": cur}
        ),
        st.integers(0, 10**7),
        currencies,
    ),
)
CHECKLIST_SATISFIERS = st.sampled_from(
    ["decision_maker_identified", "supporter_won", "opponents_identified"]
).map(lambda name: Condition(predicate=name))
roles = st.sampled_from(["sales_manager", "legal", "owner"])


def checklist_items(key: str) -> st.SearchStrategy[Item]:
    return st.builds(
        Item,
        key=st.just(key),
        required=st.booleans(),
        condition=st.none() | CHECKLIST_CONDITIONS,
        satisfied_by=st.none() | CHECKLIST_SATISFIERS,
        evidence_required=st.booleans(),
        role=st.none() | roles,
    )


@st.composite
def checklists(draw: st.DrawFn, *, min_items: int = 0, max_items: int = 8) -> Checklist:
    """A valid checklist: unique item keys, built-in predicates only."""
    item_keys = draw(st.lists(keys, min_size=min_items, max_size=max_items, unique=True))
    return Checklist(key=draw(keys), items=[draw(checklist_items(k)) for k in item_keys])


@st.composite
def checklist_sets(draw: st.DrawFn) -> ChecklistSet:
    stages = draw(st.lists(keys, min_size=0, max_size=3, unique=True))
    return ChecklistSet(
        key=draw(keys), checklists={s: draw(checklists(max_items=4)) for s in stages}
    )


@st.composite
def checklist_states(
    draw: st.DrawFn, item_keys: list[str] | tuple[str, ...] | None = None
) -> ChecklistState:
    """A consistent trail: in time order, each item alternating tick and untick."""
    pool = list(item_keys) if item_keys is not None else draw(st.lists(keys, max_size=5))
    if not pool:
        return ChecklistState()
    at = draw(aware_datetimes.filter(lambda d: d.year < 2090))
    done: set[str] = set()
    trail: list[Mark] = []
    for item in draw(st.lists(st.sampled_from(pool), max_size=10)):
        at = at + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=9)))
        ticking = item not in done
        trail.append(
            Mark(
                item=item,
                done=ticking,
                by=draw(ids),
                at=at,
                evidence=draw(st.none() | names) if ticking else None,
                role=draw(st.none() | roles),
                note=draw(st.none() | free_text),
            )
        )
        if ticking:
            done.add(item)
        else:
            done.discard(item)
    return ChecklistState(trail=trail)


@st.composite
def opportunities_with_checklists(draw: st.DrawFn) -> Opportunity:
    """An opportunity holding checklist states for a few stages."""
    opp = draw(opportunities())
    stages = draw(st.lists(keys, max_size=3, unique=True))
    return attrs.evolve(opp, checklists={s: draw(checklist_states()) for s in stages})


RECORDS[Mark] = st.builds(
    Mark,
    item=keys,
    done=st.booleans(),
    by=ids,
    at=aware_datetimes,
    evidence=st.none() | names,
    role=st.none() | roles,
    note=st.none() | free_text,
)
RECORDS[ChecklistState] = checklist_states()
#: One strategy per checklist definition.
CHECKLIST_DEFINITIONS: dict[type, st.SearchStrategy[object]] = {
    Condition: CHECKLIST_CONDITIONS,
    Item: keys.flatmap(checklist_items),
    Checklist: checklists(),
    ChecklistSet: checklist_sets(),
}

# -- end of checklists --


# -- scoring (issue 6) ----------------------------------------------------

from salesflow.scoring import (  # noqa: E402
    Aggregation,
    Band,
    Criterion,
    RuleKind,
    Scorecard,
    UnknownPolicy,
)


@st.composite
def scoring_criteria(draw: st.DrawFn, key: str) -> Criterion:
    """A criterion reading field ``key``, of any kind, with a weight from 1 to 5."""
    kind = draw(st.sampled_from(list(RuleKind)))
    weight = Decimal(draw(st.integers(min_value=1, max_value=5)))
    extra: dict[str, object] = {}
    if kind is RuleKind.GRADED:
        extra["grades"] = tuple(draw(st.lists(keys, min_size=2, max_size=5, unique=True)))
    elif kind in (RuleKind.NUMERIC, RuleKind.DAYS_UNTIL):
        points = draw(st.lists(st.integers(-1000, 1000), min_size=1, max_size=4, unique=True))
        extra["thresholds"] = tuple(Decimal(p) for p in sorted(points))
        extra["higher_is_better"] = draw(st.none() | st.booleans())
    return Criterion(key=key, kind=kind, field=key, weight=weight, **extra)  # type: ignore[arg-type]


@st.composite
def scorecards(draw: st.DrawFn) -> Scorecard:
    """A valid scorecard: 1 to 6 criteria, any aggregation, 1 to 4 bands over its range."""
    names_ = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    criteria = [draw(scoring_criteria(k)) for k in names_]
    aggregation = draw(st.sampled_from(list(Aggregation)))
    maximum = sum((c.weight for c in criteria), Decimal(0))
    cuts = draw(st.lists(st.integers(1, int(maximum * 4)), max_size=3, unique=True).map(sorted))
    minimums = [Decimal(0), *(Decimal(c) / 4 for c in cuts if Decimal(c) / 4 <= maximum)]
    if aggregation is Aggregation.ALL_MUST_PASS:
        minimums = [m for m in minimums if m < maximum] + [maximum]
    bands = [Band(key=f"band_{i}", minimum=m, data={"rank": i}) for i, m in enumerate(minimums)]
    return Scorecard(
        key=draw(keys),
        criteria=criteria,
        bands=bands,
        aggregation=aggregation,
        unknown=draw(st.sampled_from(list(UnknownPolicy))),
    )


SCORING_AT = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def scoring_value(criterion: Criterion, level: int, at: datetime = SCORING_AT) -> object:
    """An input value that puts ``criterion`` at ``level``."""
    kind = criterion.kind
    if kind in (RuleKind.YES_NO, RuleKind.PLUS_MINUS):
        return bool(level)
    if kind is RuleKind.GRADED:
        return criterion.grades[level]
    ts = criterion.thresholds
    top = len(ts)
    if criterion.better_when_higher:
        number = ts[0] - 1 if level == 0 else ts[level - 1]
    else:
        number = ts[-1] + 1 if level == 0 else ts[top - level]
    if kind is RuleKind.DAYS_UNTIL:
        return at.date() + timedelta(days=int(number))
    return number


@st.composite
def scoring_levels(draw: st.DrawFn, card: Scorecard) -> dict[str, int | None]:
    """A level (or None: unknown) for each criterion of ``card``."""
    return {
        c.key: draw(st.none() | st.integers(min_value=0, max_value=c.top)) for c in card.criteria
    }


def scoring_facts(card: Scorecard, levels: dict[str, int | None]) -> dict[str, object]:
    """Facts that put each criterion at its level; None levels are left out (unknown)."""
    return {
        c.key: scoring_value(c, level)
        for c in card.criteria
        if (level := levels.get(c.key)) is not None
    }


# -- end of scoring --


# -- cadence (issue 7) ----------------------------------------------------

from salesflow.cadence import (  # noqa: E402
    ALLOWED,
    CadenceEventKind,
    DueOffset,
    Duration,
    DurationUnit,
    Event,
    EventKind,
    Recurrence,
    RecurrenceAnchor,
    RecurrenceUnit,
    RuleSet,
    RuleSubject,
    StartEvent,
    Team,
    TimeBasis,
    TimeRule,
    WorkingCalendar,
)

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Time zones for drawn calendars: fixed offsets and zones without daylight saving.
CALENDAR_ZONES = ("UTC", "+08:00", "-05:00", "+05:30", "Asia/Shanghai")
#: People of the drawn books and teams.
CADENCE_PEOPLE = ("ann", "bob", "cai")
CADENCE_TEAM = Team(
    roles={"sales_manager": "mgr", "manager": "boss"},
    managers={"ann": "mgr", "bob": "mgr"},
)


def durations(basis: TimeBasis | None = None, max_amount: int = 200) -> st.SearchStrategy[Duration]:
    return st.builds(
        Duration,
        amount=st.integers(0, max_amount),
        unit=st.sampled_from(DurationUnit),
        basis=st.sampled_from(TimeBasis) if basis is None else st.just(basis),
    )


@st.composite
def recurrences(draw: st.DrawFn, anchor: RecurrenceAnchor | None = None) -> Recurrence:
    anchor = draw(st.sampled_from(RecurrenceAnchor)) if anchor is None else anchor
    if anchor is RecurrenceAnchor.CALENDAR:
        return Recurrence(every=1, unit=draw(st.sampled_from(RecurrenceUnit)), anchor=anchor)
    by_grade = draw(
        st.dictionaries(st.sampled_from(["A", "B", "C"]), st.integers(1, 40), max_size=3)
    )
    return Recurrence(
        every=draw(st.integers(1, 12)),
        unit=draw(st.sampled_from(RecurrenceUnit)),
        anchor=anchor,
        by_grade=by_grade,
    )


@st.composite
def working_calendars(draw: st.DrawFn) -> WorkingCalendar:
    """A valid calendar: 1 to 7 working days, one or two windows, a few holidays."""
    days = draw(st.lists(st.sampled_from(WEEKDAY_NAMES), min_size=1, max_size=7, unique=True))
    n = draw(st.sampled_from([2, 4]))
    points = sorted(draw(st.lists(st.integers(0, 96), min_size=n, max_size=n, unique=True)))
    hours = []
    for i in range(0, n, 2):
        a, b = points[i] * 15, points[i + 1] * 15
        hours.append(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}")
    span = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
    holidays = draw(st.lists(span, max_size=6, unique=True))
    extra = draw(st.lists(span.filter(lambda d: d not in holidays), max_size=3, unique=True))
    return WorkingCalendar(
        timezone=draw(st.sampled_from(CALENDAR_ZONES)),
        working_days=days,
        hours=hours,
        holidays=holidays,
        extra_working_days=extra,
    )


@st.composite
def time_rules(draw: st.DrawFn, *, working: bool = True) -> TimeRule:
    """A valid time rule of any subject; durations in working time only if ``working``."""
    subject, start = draw(st.sampled_from(sorted(ALLOWED)))
    stop = draw(st.sampled_from(ALLOWED[(subject, start)]))
    basis = None if working else TimeBasis.CALENDAR
    fields: dict[str, object] = {}
    if subject is RuleSubject.CUSTOMER and start is not StartEvent.INTENT_JUDGED:
        anchor = None if start is StartEvent.DELIVERED else RecurrenceAnchor.ROLLING
        fields["every"] = draw(recurrences(anchor))
        fields["grades"] = draw(st.lists(st.sampled_from(ValueGrade), unique=True, max_size=2))
    elif start is StartEvent.STAGE_ENTERED and draw(st.booleans()):
        fields["due_from_stage"] = True
    elif start is StartEvent.VISIT_PLANNED and draw(st.booleans()):
        fields["offset"] = DueOffset.BEFORE
        fields["due"] = draw(durations(basis, 10))
    else:
        fields["due"] = draw(durations(basis, 60))
        fields["end_of_day"] = start is StartEvent.VISIT_PLANNED and draw(st.booleans())
    if subject is RuleSubject.LEAD:
        fields["priorities"] = draw(st.lists(st.sampled_from(Priority), unique=True, max_size=2))
    if subject is RuleSubject.ACTIVITY:
        fields["activity_kinds"] = draw(
            st.lists(st.sampled_from(ActivityKind), unique=True, max_size=2)
        )
    if subject in (RuleSubject.LEAD, RuleSubject.CUSTOMER):
        fields["intents"] = draw(st.lists(st.sampled_from(Intent), unique=True, max_size=3))
    return TimeRule(
        key=draw(keys),
        label_key=draw(st.sampled_from(["cadence.rule.custom", "my.rule"])),
        subject=subject,
        start=start,
        stop=stop,
        falls_to=draw(st.sampled_from(["owner", "owner", "sales_manager"])),
        escalate_after=draw(st.none() | durations(basis, 30)),
        escalate_to=draw(st.sampled_from(["manager", "sales_manager"])),
        remind_before=draw(durations(TimeBasis.CALENDAR, 48)),
        **fields,  # type: ignore[arg-type]
    )


#: Declared event kinds of drawn books: a start and a stop kind on each subject.
DECLARED_EVENT_KINDS: tuple[EventKind, ...] = tuple(
    EventKind(key=f"drawn.{subject.value}_{end}", subject=subject)
    for subject in RuleSubject
    for end in ("start", "stop")
)
#: Built-in starts a declared stop may end, with the deadline kind each takes.
_DECLARED_STOP_STARTS = (
    (RuleSubject.OPPORTUNITY, StartEvent.DELIVERED),
    (RuleSubject.CUSTOMER, StartEvent.LAST_CONTACT),
    (RuleSubject.CUSTOMER, StartEvent.DELIVERED),
)


@st.composite
def declared_time_rules(draw: st.DrawFn) -> TimeRule:
    """A valid rule reading :data:`DECLARED_EVENT_KINDS`: a declared start (met by a
    declared stop, or by the next start of the same kind), or a built-in start that a
    declared stop ends."""
    subject = draw(st.sampled_from(RuleSubject))
    start: str = f"drawn.{subject.value}_start"
    stop = draw(st.sampled_from([f"drawn.{subject.value}_stop", start]))
    if draw(st.booleans()):
        subject, start = draw(st.sampled_from(_DECLARED_STOP_STARTS))
        stop = f"drawn.{subject.value}_stop"
    fields: dict[str, object] = {}
    if subject is RuleSubject.CUSTOMER and (isinstance(start, StartEvent) or draw(st.booleans())):
        anchor = RecurrenceAnchor.ROLLING if start is StartEvent.LAST_CONTACT else None
        fields["every"] = draw(recurrences(anchor))
    else:
        fields["due"] = draw(durations(None, 60))
    return TimeRule(
        key=draw(keys),
        label_key="my.rule",
        subject=subject,
        start=start,
        stop=stop,
        falls_to=draw(st.sampled_from(["owner", "sales_manager"])),
        escalate_after=draw(st.none() | durations(None, 30)),
        escalate_to=draw(st.sampled_from(["manager", "sales_manager"])),
        remind_before=draw(durations(TimeBasis.CALENDAR, 48)),
        **fields,  # type: ignore[arg-type]
    )


rule_sets = st.lists(time_rules(), max_size=4, unique_by=lambda r: r.key).map(
    lambda rules: RuleSet(rules=rules)
)

cadence_events = st.builds(
    Event,
    kind=st.sampled_from(CadenceEventKind),
    subject_id=ids,
    at=aware_datetimes,
    owner=st.none() | ids,
)

teams = st.builds(
    Team,
    roles=st.dictionaries(keys, ids, max_size=3),
    managers=st.dictionaries(st.sampled_from(CADENCE_PEOPLE), st.sampled_from(["mgr", "boss"])),
)

#: The start of the drawn books' window of time (a Monday).
CADENCE_BASE = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def _moments(days: int = 120) -> st.SearchStrategy[datetime]:
    return st.integers(0, days * 24 * 4).map(lambda q: CADENCE_BASE + timedelta(minutes=15 * q))


def _cadence_intents(draw: st.DrawFn, since: datetime) -> IntentHistory:
    """A short intent history from ``since`` (cheap to draw: no free text)."""
    marks: list[IntentMark] = []
    at = since
    for _ in range(draw(st.integers(0, 2))):
        at = at + timedelta(hours=draw(st.integers(0, 30 * 24)))
        marks.append(
            IntentMark(
                intent=draw(st.sampled_from(Intent)),
                at=at,
                by=draw(st.sampled_from(CADENCE_PEOPLE)),
            )
        )
    return IntentHistory(marks=tuple(marks))


@st.composite
def cadence_books(draw: st.DrawFn, *, declared: bool = False) -> dict[str, object]:
    """Records and events that refer to each other, within 120 days from CADENCE_BASE.

    Keyword arguments for :class:`salesflow.cadence.Tracker` (records and events);
    with ``declared``, events of :data:`DECLARED_EVENT_KINDS` too (for a rule set
    that declares them).
    """
    people = st.sampled_from(CADENCE_PEOPLE)
    moment = _moments()
    customers = [
        Customer(
            id=f"c{i}",
            name=f"Customer {i}",
            value_grade=draw(st.none() | st.sampled_from(ValueGrade)),
            owner=draw(st.none() | people),
            trading=TradingStatus(last_order=draw(st.none() | st.just(date(2026, 1, 15)))),
            intent=_cadence_intents(draw, CADENCE_BASE),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    cids = [c.id for c in customers]
    leads = []
    for i in range(draw(st.integers(0, 3))):
        created = draw(moment)
        owner = draw(st.none() | people)
        assigned = None
        if owner is not None and draw(st.booleans()):
            assigned = created + timedelta(hours=draw(st.integers(0, 96)))
        leads.append(
            Lead(
                id=f"l{i}",
                customer_name=f"Lead {i}",
                created_at=created,
                source=LeadSource.OTHER,
                priority=draw(st.sampled_from(Priority)),
                status=LeadStatus.ASSIGNED if owner else LeadStatus.NEW,
                owner=owner,
                assigned_at=assigned,
                intent=_cadence_intents(draw, created),
            )
        )
    opportunities = []
    for i in range(draw(st.integers(0, 3))):
        pipeline = stage_presets.get(draw(st.sampled_from(["basic", "complex"])))
        stage_keys = [s.key for s in pipeline.stages]
        created = draw(moment)
        at, stage, history = created, stage_keys[0], []
        for _ in range(draw(st.integers(0, 3))):
            at = at + timedelta(days=draw(st.integers(0, 40)))
            new = draw(st.sampled_from(stage_keys))
            history.append(
                StageChange(
                    move=Move.ADVANCE,
                    at=at,
                    from_stage=stage,
                    to_stage=new,
                    from_status=OpportunityStatus.OPEN,
                    to_status=OpportunityStatus.OPEN,
                    probability_after=50,
                )
            )
            stage = new
        opportunities.append(
            Opportunity(
                id=f"o{i}",
                customer_id=draw(st.sampled_from(cids)),
                owner=draw(people),
                pipeline=pipeline.key,
                stage=stage,
                amount=Money("1000", "CNY"),
                created_at=created,
                history=history,
            )
        )
    activities = []
    for i in range(draw(st.integers(0, 5))):
        planned = draw(st.none() | moment)
        done = draw(moment) if planned is None else draw(st.none() | moment)
        activities.append(
            Activity(
                id=f"a{i}",
                kind=draw(st.sampled_from([ActivityKind.VISIT, ActivityKind.CALL])),
                owner=draw(people),
                subject="visit",
                customer_id=draw(st.sampled_from(cids)),
                planned_at=planned,
                done_at=done,
            )
        )
    subjects = {
        RuleSubject.LEAD: [x.id for x in leads],
        RuleSubject.CUSTOMER: cids,
        RuleSubject.OPPORTUNITY: [o.id for o in opportunities],
        RuleSubject.ACTIVITY: [a.id for a in activities],
    }
    kinds: list[tuple[str, RuleSubject]] = [(k, k.subject) for k in CadenceEventKind]
    if declared:
        kinds += [(k.key, k.subject) for k in DECLARED_EVENT_KINDS]
    events = []
    for _ in range(draw(st.integers(0, 12 if declared else 6))):
        kind, subject = draw(st.sampled_from(kinds))
        pool = subjects[subject]
        if pool:
            events.append(Event(kind=kind, subject_id=draw(st.sampled_from(pool)), at=draw(moment)))
    return {
        "customers": customers,
        "leads": leads,
        "opportunities": opportunities,
        "activities": activities,
        "events": events,
    }


# -- end of cadence --


# -- tables (issue 12) ----------------------------------------------------


@st.composite
def table_opportunities(draw: st.DrawFn) -> Opportunity:
    """An opportunity with history and checklists, as a table holds it.

    A stage's checklist state with no marks has no row in the marks table,
    so it is left out (it reads back absent: nothing is done either way).
    """
    opp = draw(opportunities_with_checklists())
    return attrs.evolve(opp, checklists={k: v for k, v in opp.checklists.items() if v.trail})


# -- end of tables --


#: Values an opening table's cells may hold: mostly good, sometimes what ``open`` refuses.
def opening_rows(pipeline: Pipeline) -> st.SearchStrategy[dict[str, object]]:
    """One row of an opening table for ``pipeline`` (good and bad values alike)."""
    text = ids | st.sampled_from(["", "  ", "\u3000"])
    return st.fixed_dictionaries(
        {
            "id": text,
            "customer_id": ids,
            "owner": text,
            "amount": st.one_of(non_negative_amounts, st.just(Decimal("-1"))),
            "amount_currency": st.sampled_from(["CNY", "USD", "usd"]),
            "at": aware_datetimes.map(lambda d: d.astimezone(UTC)),
        },
        optional={
            "stage": st.none() | st.sampled_from([*pipeline.keys, "nowhere"]),
            "by": st.none() | text,
            "name": st.sampled_from(["", "Line 2"]),
            "expected_close": st.none() | dates,
            "probability": st.none() | st.integers(-5, 105),
            "note": st.none() | free_text,
        },
    )


@st.composite
def moved_deals(draw: st.DrawFn, pipeline: Pipeline) -> Opportunity:
    """A deal opened in ``pipeline`` and moved by up to five allowed moves."""
    from salesflow import TransitionError

    opp = draw(opened(pipeline))
    at = opp.created_at
    for _ in range(draw(st.integers(0, 5))):
        at = at + draw(move_gaps)
        move = draw(
            st.sampled_from(["advance", "back", "win", "lose", "pause", "resume", "reopen"])
        )
        try:
            if move == "advance":
                opp = pipeline.advance(opp, at=at)
            elif move == "back":
                opp = pipeline.advance(opp, to=draw(st.sampled_from(pipeline.keys)), at=at)
            elif move == "win":
                opp = pipeline.win(opp, at=at)
            elif move == "lose":
                opp = pipeline.lose(opp, reason=pipeline.lost_reasons[0], at=at)
            elif move == "pause":
                opp = pipeline.pause(opp, at=at, reason=draw(st.none() | st.just("budget freeze")))
            else:
                opp = getattr(pipeline, move)(opp, at=at)
        except TransitionError:
            continue
    return opp


# -- frontdesk --------------------------------------------------------------

from salesflow.frontdesk import (  # noqa: E402 - each area's section imports its own
    Absence,
    AssignmentRules,
    Card,
    CardSide,
    ConsistencyReport,
    ConsistencyRule,
    ConsistencyRules,
    DailyReport,
    EntryKind,
    FollowUp,
    FrontDesk,
    Member,
    PlanItem,
    Register,
    ReportItem,
    Roster,
    Route,
    RouteField,
    TeamState,
    Violation,
    Visit,
    VisitKind,
    VisitPurpose,
    Weighting,
)

FD_PEOPLE = ("li.na", "wu.gang", "zhao.min")
fd_people = st.sampled_from(FD_PEOPLE)
fd_day_start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))
#: moments within one working fortnight, in the showroom's offset
fd_moments = st.integers(0, 14 * 24 * 60 - 1).map(lambda m: fd_day_start + timedelta(minutes=m))
fd_purposes = st.sampled_from([p.value for p in VisitPurpose])


@st.composite
def visits(draw: st.DrawFn, *, id: str | None = None) -> Visit:
    """A register entry; with or without contact details, checked or not."""
    arrived = draw(fd_moments)
    left = arrived + draw(st.timedeltas(timedelta(0), timedelta(hours=3)))
    logged = draw(st.none() | st.timedeltas(timedelta(0), timedelta(hours=30)).map(left.__add__))
    checked = draw(st.booleans())
    return Visit(
        id=id if id is not None else draw(ids),
        kind=draw(st.sampled_from(VisitKind)),
        arrived_at=arrived,
        left_at=left,
        duty=draw(fd_people),
        visitor=draw(names),
        phone=draw(st.none() | phones),
        email=draw(st.none() | emails),
        asked_about=draw(free_text),
        intent=draw(st.none() | st.sampled_from(Intent)),
        note=draw(free_text),
        ordered=draw(st.booleans()),
        lead_id=draw(st.none() | ids),
        customer_id=draw(st.none() | ids),
        logged_at=logged,
        checked_by="manager" if checked else None,
        checked_at=max(left, logged or left) + timedelta(hours=1) if checked else None,
    )


registers = st.lists(visits(), max_size=8, unique_by=lambda v: v.id).map(
    lambda vs: Register(entries=vs)
)


@st.composite
def follow_ups(draw: st.DrawFn, *, buyer: bool = True) -> FollowUp:
    planned = draw(st.none() | fd_moments)
    done = draw(fd_moments) if planned is None else draw(st.none() | fd_moments)
    return FollowUp(
        id=draw(ids),
        by=draw(fd_people),
        side=draw(st.sampled_from(CardSide)) if buyer else CardSide.PROSPECT,
        planned_at=planned,
        done_at=done,
        result=draw(free_text) if done is not None else "",
        intent_after=draw(st.none() | st.sampled_from(Intent)) if done is not None else None,
    )


@st.composite
def cards(draw: st.DrawFn) -> Card:
    opened = draw(fd_moments)
    bought = draw(st.none() | st.just(opened + timedelta(days=1)))
    lead_id = draw(st.none() | ids)
    return Card(
        id=draw(ids),
        owner=draw(fd_people),
        opened_at=opened,
        lead_id=lead_id,
        customer_id=draw(ids) if lead_id is None else draw(st.none() | ids),
        bought_at=bought,
        follow_ups=draw(
            st.lists(follow_ups(buyer=bought is not None), max_size=3, unique_by=lambda f: f.id)
        ),
    )


def _entry_fields(draw: st.DrawFn, at: datetime) -> dict[str, object]:
    return {
        "at": at,
        "kind": draw(st.sampled_from(EntryKind)),
        "subject": draw(st.none() | ids),
        "people": tuple(draw(st.lists(names, max_size=3))),
        "purpose": draw(st.none() | fd_purposes | keys),
    }


@st.composite
def daily_reports(draw: st.DrawFn) -> DailyReport:
    """A report whose done entries are on its day and plan entries after it."""
    start = draw(fd_moments).replace(hour=0, minute=0)
    done: list[ReportItem] = []
    seen: set[tuple[str, datetime]] = set()
    for _ in range(draw(st.integers(0, 4))):
        at = start + timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)))
        fields = _entry_fields(draw, at)
        if fields["kind"] is EntryKind.VISIT and fields["subject"] is not None:
            if (fields["subject"], at) in seen:
                continue
            seen.add((str(fields["subject"]), at))
        purpose_met = fields["purpose"] is not None and draw(st.booleans())
        done.append(
            ReportItem(
                **fields,  # type: ignore[arg-type]
                purpose_met=purpose_met,
                result=draw(free_text),
                intent_after=draw(st.none() | st.sampled_from(Intent)),
            )
        )
    plan = [
        PlanItem(**_entry_fields(draw, start + timedelta(days=1, minutes=m)))  # type: ignore[arg-type]
        for m in draw(st.lists(st.integers(0, 3 * 24 * 60), max_size=3))
    ]
    return DailyReport(
        salesperson=draw(fd_people),
        day=start.date(),
        done=done,
        plan=plan,
        summary=draw(free_text),
    )


front_desks = st.builds(
    FrontDesk,
    register=registers,
    cards=st.lists(cards(), max_size=3, unique_by=lambda c: c.id),
    reports=st.lists(daily_reports(), max_size=4, unique_by=lambda r: (r.salesperson, r.day)),
)

consistency_rules = st.builds(
    ConsistencyRules,
    checks=st.lists(st.sampled_from(ConsistencyRule), unique=True).map(tuple),
    tolerance_minutes=st.integers(0, 24 * 60),
    tracked_intents=st.lists(st.sampled_from(Intent), unique=True).map(tuple),
    purposes=st.lists(keys, unique=True, max_size=3).map(tuple),
    anonymous_exempt=st.booleans(),
    calendar=st.none() | working_calendars(),
)

violations = st.builds(Violation, rule=st.sampled_from(ConsistencyRule), path=ids, message=names)


@st.composite
def absences(draw: st.DrawFn) -> Absence:
    start = draw(fd_moments)
    return Absence(
        start=start,
        end=start + draw(st.timedeltas(timedelta(minutes=1), timedelta(days=5))),
        reason=draw(free_text),
    )


@st.composite
def members(draw: st.DrawFn, *, id: str | None = None, team: str | None = None) -> Member:
    return Member(
        id=id if id is not None else draw(ids),
        team=team if team is not None else draw(st.sampled_from(["north", "south"])),
        capacity=draw(st.none() | st.integers(0, 20)),
        quota=draw(st.integers(0, 6)),
        territories=tuple(draw(st.lists(st.sampled_from(["sh", "bj", "gz"]), unique=True))),
        industries=tuple(draw(st.lists(st.sampled_from(Industry), max_size=2, unique=True))),
        sources=tuple(draw(st.lists(st.sampled_from(LeadSource), max_size=2, unique=True))),
        away=tuple(draw(st.lists(absences(), max_size=2))),
        active=draw(st.booleans()),
    )


rosters = st.lists(members(), max_size=5, unique_by=lambda m: m.id).map(
    lambda ms: Roster(members=ms)
)
routes = st.builds(
    Route,
    field=st.sampled_from(RouteField),
    values=st.lists(names, min_size=1, max_size=3).map(tuple),
    team=st.sampled_from(["north", "south"]),
)
assignment_rules = st.builds(
    AssignmentRules,
    routes=st.lists(routes, max_size=3).map(tuple),
    default_team=st.none() | st.sampled_from(["north", "south"]),
    weighting=st.sampled_from(Weighting),
    high_priority_within_hours=st.integers(1, 72),
    fallback=st.none() | fd_people,
)
_counts = st.dictionaries(ids, st.integers(0, 50), max_size=4)
team_states = st.builds(
    TeamState,
    open_leads=_counts,
    credit=st.dictionaries(ids, st.integers(-50, 50), max_size=4),
    assigned=_counts,
)

#: One strategy per front-desk value, for the round trips.
FRONTDESK: dict[type, st.SearchStrategy[object]] = {
    Visit: visits(),
    Register: registers,
    FollowUp: follow_ups(),
    Card: cards(),
    DailyReport: daily_reports(),
    FrontDesk: front_desks,
    ConsistencyRules: consistency_rules,
    Violation: violations,
    ConsistencyReport: st.lists(violations, max_size=3).map(
        lambda vs: ConsistencyReport(violations=vs)
    ),
    Absence: absences(),
    Member: members(),
    Roster: rosters,
    Route: routes,
    AssignmentRules: assignment_rules,
    TeamState: team_states,
}

# -- end of frontdesk --


# -- people: the stakeholder map ---------------------------------------------

from salesflow.records import (  # noqa: E402 - each area's section imports what it draws
    INFLUENCE_HIGHEST,
    INFLUENCE_LOWEST,
    BuyingRole,
    Concern,
    LadderStep,
    Profile,
    Stakeholder,
    StakeholderMap,
    Stance,
    SupportBehaviour,
)

short_texts = st.lists(free_text, max_size=3)
profiles = st.builds(
    Profile,
    company=free_text,
    education=free_text,
    born=st.none() | dates,
    phone=st.none() | phones,
    email=st.none() | emails,
    personality=free_text,
    agenda=free_text,
    background=short_texts,
    interests=short_texts,
    recent_decisions=short_texts,
    responsibilities=short_texts,
    product_criteria=short_texts,
    business_criteria=short_texts,
)


@st.composite
def ladders(draw: st.DrawFn, *, max_size: int = 5) -> tuple[LadderStep, ...]:
    """Ladder steps on strictly increasing days."""
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)))
    gaps = draw(st.lists(st.integers(1, 60), max_size=max_size))
    steps = []
    day = start
    for gap in gaps:
        day += timedelta(days=gap)
        behaviour = draw(st.none() | st.sampled_from(SupportBehaviour))
        steps.append(LadderStep(on=day, behaviour=behaviour, note=draw(free_text)))
    return tuple(steps)


@st.composite
def stakeholder_maps(
    draw: st.DrawFn, *, opportunity_id: str | None = None, max_size: int = 6
) -> StakeholderMap:
    """A valid map: reporting lines only to earlier contacts (no circle), influence anywhere."""
    size = draw(st.integers(0, max_size))
    contact_ids = [f"p{i}" for i in range(size)]
    people = []
    for i, cid in enumerate(contact_ids):
        others = [c for c in contact_ids if c != cid]
        people.append(
            Stakeholder(
                id=cid,
                name=draw(names),
                title=draw(free_text),
                roles=draw(st.lists(st.sampled_from(BuyingRole), unique=True, max_size=2)),
                concern=draw(st.none() | st.sampled_from(Concern)),
                stance=draw(st.none() | st.sampled_from(Stance)),
                influence=draw(st.none() | st.integers(INFLUENCE_LOWEST, INFLUENCE_HIGHEST)),
                reports_to=draw(st.none() | st.sampled_from(contact_ids[:i])) if i else None,
                influences=draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
                if others
                else (),
                owner=draw(st.none() | ids),
                last_met=draw(st.none() | dates),
                ladder=draw(ladders()),
                strategy=draw(free_text),
                profile=draw(profiles),
            )
        )
    return StakeholderMap(
        opportunity_id=opportunity_id if opportunity_id is not None else draw(ids),
        stakeholders=people,
    )


# -- end of people --


# -- plans: competitors, the sales, call, presentation and tactical plans --------

from salesflow.plans import (  # noqa: E402
    Action,
    ActionKind,
    Attendee,
    BusinessProfile,
    CallSide,
    CallSummary,
    Competition,
    Competitor,
    ExecutiveCallPlan,
    InfluencePoint,
    Milestone,
    Objective,
    Participant,
    Position,
    PresentationPlan,
    PresentationSteps,
    Question,
    SalesPlan,
    TacticalPlan,
    TeamMember,
)
from salesflow.scoring import US, AssessmentHistory  # noqa: E402
from salesflow.scoring import presets as scoring_presets  # noqa: E402

texts = st.lists(names, max_size=3)
optional_money = st.none() | money("CNY", non_negative=True)


@st.composite
def actions(draw: st.DrawFn, *, action_id: str | None = None) -> Action:
    due = draw(aware_datetimes)
    done = draw(st.none() | aware_datetimes)
    return Action(
        id=action_id if action_id is not None else draw(ids),
        what=draw(names),
        owner=draw(st.sampled_from(["li.na", "wang.jun", "chen.yu"])),
        due=due,
        kind=draw(st.sampled_from(ActionKind)),
        resources=draw(texts),
        contacts=draw(st.lists(ids, max_size=2)),
        done_at=done,
        result=draw(names) if done is not None and draw(st.booleans()) else "",
    )


@st.composite
def tactical_plans(
    draw: st.DrawFn, *, opportunity_id: str | None = None, prefix: str = "a"
) -> TacticalPlan:
    count = draw(st.integers(0, 5))
    return TacticalPlan(
        id=draw(ids),
        opportunity_id=opportunity_id if opportunity_id is not None else draw(ids),
        actions=[draw(actions(action_id=f"{prefix}{i}")) for i in range(count)],
    )


competitors = st.builds(
    Competitor,
    key=keys.filter(lambda k: k != US),
    name=names,
    products=texts,
    order_size=optional_money,
    close_date=st.none() | dates,
    strategy=free_text,
    allies=st.lists(ids, unique=True, max_size=2),
    strengths=texts,
    weaknesses=texts,
)


@st.composite
def competitions(draw: st.DrawFn) -> Competition:
    """Competitors with distinct keys and rww20 assessments of us and of them."""
    rivals = draw(st.lists(competitors, unique_by=lambda c: c.key, max_size=3))
    card = scoring_presets.get("rww20")
    history = None
    if draw(st.booleans()):
        history = AssessmentHistory(scorecard="rww20")
        parties = [US, *(c.key for c in rivals)]
        keys_ = [c.key for c in card.criteria]
        for _ in range(draw(st.integers(0, 4))):
            facts = {k: draw(st.booleans()) for k in keys_}
            at = draw(aware_datetimes)
            party = draw(st.sampled_from(parties))
            if any(a.party == party and a.at == at for a in history.assessments):
                continue
            history = history.record(party, card.evaluate(facts), at=at)
    return Competition(opportunity_id=draw(ids), competitors=rivals, assessments=history)


@st.composite
def sales_plans(draw: st.DrawFn) -> SalesPlan:
    milestones = sorted(
        draw(st.lists(st.builds(Milestone, on=dates, what=names, done=st.booleans()), max_size=3)),
        key=lambda m: m.on,
    )
    positions = draw(
        st.lists(
            st.builds(Position, party=keys, products=texts, revenue_to_date=optional_money),
            unique_by=lambda p: p.party,
            max_size=3,
        )
    )
    return SalesPlan(
        id=draw(ids),
        opportunity_id=draw(ids),
        owner=draw(ids),
        manager=draw(st.none() | ids),
        profile=BusinessProfile(
            revenue=draw(optional_money),
            profit=draw(st.none() | money("CNY")),
            fiscal_year_end=draw(st.none() | st.integers(1, 12)),
        ),
        positions=positions,
        need=draw(free_text),
        compelling_event=draw(free_text),
        unique_value=draw(free_text),
        decision_criteria=draw(texts),
        milestones=milestones,
        goals=draw(texts),
        objective=Objective(
            offering=draw(texts), amount=draw(optional_money), close_by=draw(st.none() | dates)
        ),
        formal_strategy=draw(free_text),
        political_strategy=draw(free_text),
        key_people=draw(st.lists(ids, max_size=2)),
        strengths=draw(texts),
        weaknesses=draw(texts),
    )


participants = st.builds(
    Participant,
    name=names,
    side=st.sampled_from(CallSide),
    title=free_text,
    role=free_text,
    contact_id=st.none() | ids,
)


@st.composite
def call_plans(draw: st.DrawFn) -> ExecutiveCallPlan:
    people = [
        draw(participants.map(lambda p: attrs.evolve(p, side=CallSide.CUSTOMER))),
        draw(participants.map(lambda p: attrs.evolve(p, side=CallSide.OURS))),
        *draw(st.lists(participants, max_size=2)),
    ]
    summary = None
    if draw(st.booleans()):
        count = draw(st.integers(0, 2))
        summary = CallSummary(
            held_at=draw(aware_datetimes),
            happened=draw(texts),
            commitments=draw(texts),
            actions=[draw(actions(action_id=f"c{i}")) for i in range(count)],
        )
    return ExecutiveCallPlan(
        id=draw(ids),
        opportunity_id=draw(ids),
        executive=draw(ids),
        at=draw(aware_datetimes),
        owner=draw(ids),
        purpose=draw(names),
        expected_result=draw(free_text),
        manager=draw(st.none() | ids),
        participants=people,
        agenda=draw(texts),
        obstacles=draw(texts),
        resources=draw(texts),
        influence=draw(
            st.lists(
                st.builds(
                    InfluencePoint,
                    view=names,
                    how=free_text,
                    business_value=free_text,
                    political_value=free_text,
                ),
                max_size=2,
            )
        ),
        questions=draw(st.lists(st.builds(Question, ask=names, why=free_text), max_size=2)),
        summary=summary,
    )


presentation_plans = st.builds(
    PresentationPlan,
    id=ids,
    opportunity_id=ids,
    at=aware_datetimes,
    owner=ids,
    purpose=names,
    agenda=texts,
    attendees=st.lists(
        st.builds(
            Attendee,
            name=names,
            title=free_text,
            roles=st.lists(st.sampled_from(BuyingRole), unique=True, max_size=2),
            arguments=free_text,
            contact_id=st.none() | ids,
        ),
        max_size=3,
    ),
    team=st.lists(st.builds(TeamMember, name=names, part=free_text, looks_after=texts), max_size=2),
    steps=st.builds(
        PresentationSteps,
        commitment=free_text,
        problem=free_text,
        consequences=free_text,
        customer_view=free_text,
        solution=free_text,
        business_value=free_text,
    ),
    held_at=st.none() | aware_datetimes,
)


# -- end of plans --


# -- dedupe (issue 15) ------------------------------------------------------

from salesflow.dedupe import (  # noqa: E402
    Cluster,
    Comparison,
    FieldEvidence,
    MatchOutcome,
    MergeRule,
    Method,
    Model,
    PairDecision,
    Settings,
    SurvivorRule,
    prior_model,
)
from salesflow.dedupe import (  # noqa: E402
    Profile as MatchProfile,
)
from salesflow.dedupe._lexicon import LEGAL_ZH, PROVINCES  # noqa: E402

#: Characters a drawn company core is made of (some traditional, some homophones).
CORE_CHARS = "恒泰恆太华兴鑫达宏远盛隆金禾蓝山青云星河汇通北风长江东方新宇"
ZH_INDUSTRIES = ("机械", "化工", "电子", "科技", "贸易", "物流", "電子", "機械", "")
EN_WORDS = ("hengtai", "xinghe", "lanshan", "jinhe", "qingyun", "huatong")
EN_INDUSTRIES = ("Machinery", "Chemical", "Electronics", "Trading", "Logistics", "")
EN_FORMS = ("Co., Ltd.", "Co. Ltd", "Inc.", "GmbH", "LLC", "Group", "Limited", "")


@st.composite
def company_name_texts(draw: st.DrawFn) -> str:
    """A Chinese or English company name, composed from its parts in many layouts."""
    if draw(st.booleans()):
        core = draw(st.text(CORE_CHARS, min_size=2, max_size=4))
        region = draw(st.sampled_from(("", *PROVINCES[:8], "深圳", "苏州")))
        industry = draw(st.sampled_from(ZH_INDUSTRIES))
        form = draw(st.sampled_from(("", *LEGAL_ZH)))
        layout = draw(st.sampled_from(("lead", "bracket", "none")))
        branch = draw(st.sampled_from(("", "", "上海分公司", "办事处")))
        if layout == "bracket" and region:
            return f"{core}{industry}({region}){form}{branch}"
        return f"{region if layout == 'lead' else ''}{core}{industry}{form}{branch}"
    core = draw(st.sampled_from(EN_WORDS)).title()
    region = draw(st.sampled_from(("", "Beijing ", "Shanghai ")))
    return (
        f"{region}{core} {draw(st.sampled_from(EN_INDUSTRIES))} {draw(st.sampled_from(EN_FORMS))}"
    )


dedupe_comparisons = st.builds(
    Comparison,
    field=keys,
    method=st.sampled_from(Method),
    conflict=st.booleans(),
    thresholds=st.tuples(
        st.floats(min_value=0.85, max_value=0.99), st.floats(min_value=0.5, max_value=0.85)
    ),
)


@st.composite
def dedupe_settings(draw: st.DrawFn) -> Settings:
    comparisons = draw(
        st.lists(dedupe_comparisons, min_size=1, max_size=4, unique_by=lambda c: c.field)
    )
    fields = [c.field for c in comparisons]
    review = draw(st.floats(min_value=0.05, max_value=0.6))
    return Settings(
        comparisons=comparisons,
        blocking=draw(st.lists(st.sampled_from(fields), min_size=1, unique=True)),
        exact_keys=draw(st.lists(st.sampled_from(fields), max_size=1)),
        review_at=review,
        match_at=draw(st.floats(min_value=review, max_value=0.99)),
        max_block_size=draw(st.integers(2, 500)),
    )


def _distribution(size: int) -> st.SearchStrategy[tuple[float, ...]]:
    return st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=size, max_size=size).map(
        lambda xs: tuple(x / sum(xs) for x in xs)
    )


@st.composite
def dedupe_models(draw: st.DrawFn, settings: Settings | None = None) -> Model:
    """A model that fits ``settings`` (drawn when not given), probabilities drawn."""
    chosen = settings if settings is not None else draw(dedupe_settings())
    start = prior_model(chosen)
    return Model(
        prior=draw(st.floats(min_value=0.001, max_value=0.999)),
        m={c.field: draw(_distribution(len(c.levels))) for c in chosen.comparisons},
        u={c.field: draw(_distribution(len(c.levels))) for c in chosen.comparisons},
        pairs=draw(st.integers(0, 10**6)),
        iterations=start.iterations,
    )


dedupe_profiles = st.builds(
    MatchProfile,
    id=ids,
    kind=st.sampled_from(("customer", "contact", "lead", "person")),
    values=st.dictionaries(keys, free_text, max_size=4),
)

field_evidence = st.builds(
    FieldEvidence,
    field=keys,
    level=st.sampled_from(("different", "similar", "exact", "missing")),
    weight=st.floats(min_value=-20, max_value=20),
    left=st.none() | free_text,
    right=st.none() | free_text,
)

pair_decisions = st.builds(
    PairDecision,
    left=ids,
    right=ids,
    outcome=st.sampled_from(MatchOutcome),
    probability=st.floats(min_value=0, max_value=1),
    weight=st.floats(min_value=-50, max_value=50),
    prior_weight=st.floats(min_value=-20, max_value=0),
    evidence=st.lists(field_evidence, max_size=3).map(tuple),
    rules=st.lists(st.sampled_from(("exact_key", "possible_branch")), max_size=2).map(tuple),
)

clusters = st.builds(
    Cluster,
    ids=st.lists(ids, min_size=2, max_size=4, unique=True).map(tuple),
    pairs=st.lists(pair_decisions, max_size=2).map(tuple),
)


@st.composite
def merge_rules(draw: st.DrawFn, ids_in: tuple[str, ...] = ()) -> MergeRule:
    survivor_id = draw(st.none() | st.sampled_from(ids_in)) if ids_in else None
    trusted: dict[str, str] = {}
    use_trusted: bool = draw(st.booleans())
    if ids_in and use_trusted:
        trusted = {
            draw(st.sampled_from(("owner", "basic.phone", "name"))): draw(st.sampled_from(ids_in))
        }
    return MergeRule(
        survivor=draw(st.sampled_from(SurvivorRule)),
        survivor_id=survivor_id,
        trusted=trusted,
        fill_gaps=draw(st.booleans()),
    )


@st.composite
def books_with_duplicates(draw: st.DrawFn) -> Portfolio:
    """A book whose customers have composed company names, with records pointing at them."""
    names_drawn = draw(st.lists(company_name_texts(), min_size=2, max_size=5))
    customer_list = [
        attrs.evolve(draw(customers), id=f"c-{i}", name=name) for i, name in enumerate(names_drawn)
    ]
    cids = [c.id for c in customer_list]
    contact_list = [
        attrs.evolve(c, id=f"k-{i}", customer_id=draw(st.sampled_from(cids)), reports_to=None)
        for i, c in enumerate(draw(st.lists(contacts(), max_size=3)))
    ]
    kids = [c.id for c in contact_list]
    if len(kids) > 1:
        contact_list[0] = attrs.evolve(contact_list[0], reports_to=kids[1])
    deals = [
        attrs.evolve(o, id=f"o-{i}", customer_id=draw(st.sampled_from(cids)))
        for i, o in enumerate(draw(st.lists(opportunities(with_history=False), max_size=3)))
    ]
    acts = [
        attrs.evolve(
            a,
            id=f"a-{i}",
            customer_id=draw(st.sampled_from(cids)),
            contact_id=draw(st.none() | st.sampled_from(kids)) if kids else None,
        )
        for i, a in enumerate(draw(st.lists(activities(), max_size=3)))
    ]
    lead_list = [
        attrs.evolve(x, id=f"l-{i}", customer_name=draw(st.sampled_from(names_drawn)))
        for i, x in enumerate(draw(st.lists(leads(), max_size=2)))
    ]
    return Portfolio(
        as_of=draw(aware_datetimes),
        customers=customer_list,
        contacts=contact_list,
        leads=lead_list,
        opportunities=deals,
        activities=acts,
    )


# -- analytics (issue 13) ---------------------------------------------------

#: Owners and lead sources a book's deals share, so that groups hold several deals.
BOOK_OWNERS = ("li.na", "wang.wei", "zhao.min")
BOOK_SOURCES = ("web", "fair", 3, True)


def _reopening(pipeline: Pipeline) -> Pipeline:
    return attrs.evolve(pipeline, policy=attrs.evolve(pipeline.policy, allow_reopen=True))


@st.composite
def books(
    draw: st.DrawFn, *, max_deals: int = 12, shaped: bool = True
) -> tuple[tuple[Pipeline, ...], tuple[Opportunity, ...]]:
    """A book and its pipelines: deals of one to three pipelines (reopening allowed), moved
    by allowed moves (paused, resumed, won, lost, reopened), in several currencies, ids
    unique; with ``shaped``, also deals whose histories are only shaped like real ones.
    """
    chosen = draw(st.lists(pipelines, min_size=1, max_size=3, unique_by=lambda p: p.key))
    chosen = [_reopening(p) for p in chosen]
    deals: list[Opportunity] = []
    for i in range(draw(st.integers(0, max_deals))):
        deal = draw(moved_deals(draw(st.sampled_from(chosen))))
        source = draw(st.none() | st.sampled_from(BOOK_SOURCES))
        extra = {} if source is None else {"source": source}
        deals.append(
            attrs.evolve(
                deal,
                id=f"d-{i}",
                owner=draw(st.sampled_from(BOOK_OWNERS)),
                attributes={**deal.attributes, **extra},
            )
        )
    if shaped:
        for i in range(draw(st.integers(0, 3))):
            deals.append(attrs.evolve(draw(opportunities()), id=f"s-{i}"))
    order = draw(st.permutations(range(len(deals))))
    return tuple(chosen), tuple(deals[k] for k in order)


# -- end of analytics --


# -- control --------------------------------------------------------------------

from salesflow.control import (  # noqa: E402
    ApprovalPolicy,
    ApprovalRequest,
    Approvals,
    Approvers,
    Conflict,
    Decision,
    DecisionKind,
    FieldRule,
    Phase,
    Price,
    PriceList,
    RequestStatus,
    Step,
    When,
)
from salesflow.control import Classification as _Classification  # noqa: E402
from salesflow.control import DataPolicy as _DataPolicy  # noqa: E402

#: The people, roles, departments and duties of drawn control teams and policies.
CONTROL_PEOPLE = ("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7")
CONTROL_ROLES = ("r0", "r1", "r2", "r3")
CONTROL_DEPARTMENTS = ("d0", "d1", "d2")
CONTROL_DUTIES = ("invoice", "check", "collect", "ship", "book")
CONTROL_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@st.composite
def control_teams(draw: st.DrawFn) -> Team:
    """A team of the control people: each role held by someone, most people in a department."""
    roles = {r: draw(st.sampled_from(CONTROL_PEOPLE)) for r in CONTROL_ROLES}
    departments = {
        p: d
        for p in CONTROL_PEOPLE
        if (d := draw(st.none() | st.sampled_from(CONTROL_DEPARTMENTS))) is not None
    }
    return Team(roles=roles, departments=departments)


@st.composite
def whens(draw: st.DrawFn) -> When:
    fields: dict[str, object] = {}
    if draw(st.booleans()):
        fields["amount_above"] = Money(draw(st.integers(0, 1000)), "CNY")
    if draw(st.booleans()):
        fields["amount_at_most"] = Money(draw(st.integers(0, 2000)), "CNY")
    if draw(st.booleans()):
        fields["discount_above"] = Decimal(draw(st.integers(0, 50)))
    fields["currencies"] = draw(st.lists(st.sampled_from(CURRENCIES), unique=True, max_size=2))
    fields["stages"] = draw(st.lists(keys, unique=True, max_size=2))
    return When(**fields)  # type: ignore[arg-type]


@st.composite
def approvers(draw: st.DrawFn) -> Approvers:
    """Approvers naming at least one person, so every step can be decided."""
    return Approvers(
        roles=draw(st.lists(st.sampled_from(CONTROL_ROLES), unique=True, max_size=2)),
        departments=draw(st.lists(st.sampled_from(CONTROL_DEPARTMENTS), unique=True, max_size=2)),
        people=draw(st.lists(st.sampled_from(CONTROL_PEOPLE), unique=True, min_size=1, max_size=3)),
    )


@st.composite
def approval_policies(
    draw: st.DrawFn, *, team: Team | None = None, conditions: bool = True
) -> ApprovalPolicy:
    """A random policy: 1 to 3 phases of 1 to 3 steps, duties, conflicts, maybe break-glass.

    With ``team``, each step needs at most as many approvers as the team has.
    """
    counter = iter(range(100))
    phases = []
    for p in range(draw(st.integers(1, 3))):
        steps = []
        for _ in range(draw(st.integers(1, 3))):
            who = draw(approvers())
            most = 3 if team is None else len(who.of(team))
            steps.append(
                Step(
                    key=f"s{next(counter)}",
                    approvers=who,
                    needed=draw(st.integers(1, max(1, min(2, most)))),
                    duty=draw(st.none() | st.sampled_from(CONTROL_DUTIES)),
                    when=draw(st.none() | whens()) if conditions else None,
                )
            )
        phases.append(Phase(key=f"phase{p}", steps=tuple(steps)))
    conflicts = tuple(
        Conflict(key=f"c{i}", duties=tuple(duties))
        for i, duties in enumerate(
            draw(
                st.lists(
                    st.lists(st.sampled_from(CONTROL_DUTIES), unique=True, min_size=2, max_size=4),
                    max_size=2,
                )
            )
        )
    )
    return ApprovalPolicy(
        key=draw(keys),
        phases=tuple(phases),
        when=draw(st.none() | whens()) if conditions else None,
        requester_duty=draw(st.none() | st.sampled_from(CONTROL_DUTIES)),
        conflicts=conflicts,
        break_glass=draw(st.lists(st.sampled_from(CONTROL_ROLES), unique=True, max_size=2)),
    )


@st.composite
def approval_desks(draw: st.DrawFn) -> Approvals:
    """Approvals over one to three random policies with distinct keys and a random team."""
    team = draw(control_teams())
    found: dict[str, ApprovalPolicy] = {}
    for _ in range(draw(st.integers(1, 3))):
        policy = draw(approval_policies(team=team))
        found.setdefault(policy.key, policy)
    return Approvals(policies=tuple(found.values()), team=team)


@st.composite
def approval_requests(draw: st.DrawFn) -> ApprovalRequest:
    """A structurally valid request with a short, ordered history (for round trips)."""
    requester = draw(st.sampled_from(CONTROL_PEOPLE))
    others = [p for p in CONTROL_PEOPLE if p != requester]
    at = CONTROL_AT
    decisions = []
    for i in range(draw(st.integers(0, 3))):
        at = at + timedelta(hours=draw(st.integers(0, 30)))
        decisions.append(
            Decision(
                kind=DecisionKind.APPROVE,
                by=others[i],
                at=at,
                step=f"s{i}",
                note=draw(st.none() | free_text),
            )
        )
    status = draw(st.sampled_from([RequestStatus.PENDING, RequestStatus.APPROVED]))
    if draw(st.booleans()):
        decisions.append(
            Decision(kind=DecisionKind.REJECT, by=others[5], at=at, step="s9", reason="too dear")
        )
        status = RequestStatus.REJECTED
    return ApprovalRequest(
        id=draw(ids),
        policy=draw(keys),
        subject_id=draw(ids),
        requested_by=requester,
        requested_at=CONTROL_AT,
        amount=draw(st.none() | money("CNY", non_negative=True)),
        discount=draw(st.none() | st.decimals(0, 100, places=2)),
        stage=draw(st.none() | keys),
        chain=draw(st.none() | ids),
        status=status,
        decisions=tuple(decisions),
    )


@st.composite
def price_lists(draw: st.DrawFn) -> PriceList:
    """A CNY price list: each product one or two consecutive validity periods."""
    prices = []
    for product in draw(st.lists(keys, unique=True, min_size=1, max_size=4)):
        start = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 6, 30)))
        end = start + timedelta(days=draw(st.integers(0, 200)))
        amount = Decimal(draw(st.integers(1, 10**7))).scaleb(-2)
        prices.append(
            Price(product=product, unit_price=Money(amount, "CNY"), valid_from=start, valid_to=end)
        )
        if draw(st.booleans()):
            prices.append(
                Price(
                    product=product,
                    unit_price=Money(amount * 2, "CNY"),
                    valid_from=end + timedelta(days=1),
                    max_discount=draw(st.none() | st.decimals(0, 100, places=1)),
                )
            )
    return PriceList(
        key=draw(keys),
        currency="CNY",
        prices=tuple(prices),
        max_discount=draw(st.decimals(0, 100, places=2)),
    )


@st.composite
def data_policies(draw: st.DrawFn) -> _DataPolicy:
    paths = draw(
        st.lists(
            st.sampled_from(["name", "basic", "basic.phone", "trading", "owner", "industry"]),
            unique=True,
        )
    )
    fields = tuple(
        FieldRule(
            path=p,
            classification=draw(st.sampled_from(_Classification)),
            governed=draw(st.booleans()),
            department=draw(st.none() | st.sampled_from(CONTROL_DEPARTMENTS)),
        )
        for p in paths
    )
    clearance = draw(
        st.dictionaries(
            st.sampled_from(CONTROL_ROLES), st.sampled_from(_Classification), max_size=3
        )
    )
    return _DataPolicy(
        key=draw(keys),
        fields=fields,
        default=draw(st.sampled_from(_Classification)),
        clearance=clearance,
    )


# -- end of control --


# -- tables: gates and probabilities over a frame (issue 12) ------------------------

from salesflow.stages import bind as _bind  # noqa: E402


@st.composite
def checklist_pipelines(draw: st.DrawFn) -> Pipeline:
    """A drawn pipeline with checklists bound to some of its stages' gates.

    Items are plain (compiled to columns) or run a predicate (asked deal by deal).
    """
    pipeline = draw(random_pipelines(max_stages=4))
    stage_keys = draw(st.lists(st.sampled_from(pipeline.keys), unique=True, max_size=3))
    bound = ChecklistSet(
        key="bound", checklists={s: draw(checklists(max_items=4)) for s in stage_keys}
    )
    return _bind(pipeline, bound)


@st.composite
def gated_deals(draw: st.DrawFn, pipeline: Pipeline) -> Opportunity:
    """A deal of ``pipeline`` (moved, so any status) with ticks in its stages' checklists."""
    opp = draw(moved_deals(pipeline))
    states: dict[str, ChecklistState] = {}
    for stage in draw(st.lists(st.sampled_from(pipeline.keys), unique=True, max_size=2)):
        checklist = pipeline.stage(stage).checklist
        pool = checklist.keys if checklist is not None and checklist.keys else ("stray",)
        states[stage] = draw(checklist_states(pool))
    return attrs.evolve(opp, checklists={k: v for k, v in states.items() if v.trail})


# -- end of tables: gates and probabilities --


# -- playbooks and stored data (issue 11) -------------------------------------

from salesflow.playbooks import Playbook  # noqa: E402
from salesflow.predicates import default_registry  # noqa: E402

#: What a drawn playbook's definitions name: the built-in predicates and STAGE_GUARDS.
PLAYBOOK_REGISTRY = default_registry().merged(STAGE_GUARDS)

label_keys = st.from_regex(r"[a-z]{1,8}(\.[a-z_]{1,8}){1,2}", fullmatch=True)
label_texts = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)


@st.composite
def playbooks(draw: st.DrawFn) -> Playbook:
    """A valid playbook; some pipeline stages hold one of its own checklists."""
    lists = draw(st.lists(checklists(max_items=3), max_size=3, unique_by=lambda c: c.key))
    pipes = []
    for pipeline in draw(
        st.lists(random_pipelines(max_stages=4), max_size=2, unique_by=lambda p: p.key)
    ):
        if lists:
            stages_ = [
                attrs.evolve(s, checklist=draw(st.sampled_from(lists)))
                if draw(st.booleans())
                else s
                for s in pipeline.stages
            ]
            pipeline = attrs.evolve(pipeline, stages=stages_)
        pipes.append(pipeline)
    cards = draw(st.lists(scorecards(), max_size=2, unique_by=lambda c: c.key))
    return Playbook(
        pipelines={p.key: p for p in pipes},
        checklists={c.key: c for c in lists},
        scorecards={c.key: c for c in cards},
        time_rules=draw(st.dictionaries(keys, rule_sets, max_size=2)),
        labels=draw(
            st.dictionaries(
                st.sampled_from(["en", "zh-Hans", "fr"]),
                st.dictionaries(label_keys, label_texts, max_size=3),
                max_size=2,
            )
        ),
    )


# -- end of playbooks --


# -- analytics: time in stage, compliance (issue 13) ------------------------------

#: Kaplan-Meier input: per distinct duration (whole units), (exits, censored), not both 0.
km_counts = st.dictionaries(
    st.integers(0, 30),
    st.tuples(st.integers(0, 4), st.integers(0, 4)).filter(lambda c: c != (0, 0)),
    min_size=1,
    max_size=12,
)

#: ``by=`` of compliance: one key or a list of keys.
compliance_groupings = st.sampled_from(
    [
        "rule",
        "person",
        ["rule", "person"],
        ["person", "rule"],
        "subject",
        ["rule", "due_at.month"],
        ["person", "due_at.quarter"],
        "due_at.year",
    ]
)


@st.composite
def book_moments(draw: st.DrawFn, deals: tuple[Opportunity, ...]) -> datetime:
    """A moment to censor a book at: after every change, inside some deal's history (on a
    change or between two), or before some deal was created."""
    if not deals:
        return draw(aware_datetimes)
    deal = draw(st.sampled_from(deals))
    moments = [deal.created_at, *(c.at for c in deal.history)]
    base = draw(st.sampled_from([max(d.updated_at for d in deals), *moments]))
    shift = draw(st.sampled_from([timedelta(0), timedelta(hours=1), -timedelta(hours=1)]))
    return (
        base + shift + draw(st.timedeltas(timedelta(0), timedelta(days=30)) | st.just(timedelta(0)))
    )


# -- end of analytics: time in stage, compliance --


# -- analytics: win probability (issue 13) ---------------------------------------

from salesflow.analytics import ValueCount as _ValueCount  # noqa: E402
from salesflow.analytics import WinModel as _WinModel  # noqa: E402

#: Field keys a win model may count.
WIN_FIELDS = ("stage", "pipeline", "owner", "attributes.source", "created_at.quarter")


@st.composite
def win_models(draw: st.DrawFn) -> _WinModel:
    """A win model whose counts are consistent: no value counts more deals than there are."""
    fields = tuple(draw(st.lists(st.sampled_from(WIN_FIELDS), min_size=1, max_size=4, unique=True)))
    won, lost = draw(st.integers(0, 40)), draw(st.integers(0, 40))
    values = []
    for field in fields:
        left = [won, lost]
        for value in draw(st.lists(st.sampled_from(["a", "b", "c", "", "2026-Q1"]), unique=True)):
            w, lo = draw(st.integers(0, left[0])), draw(st.integers(0, left[1]))
            if field != "stage":
                left = [left[0] - w, left[1] - lo]
            values.append(_ValueCount(field=field, value=value, won=w, lost=lo))
    return _WinModel(
        fields=fields,
        won=won,
        lost=lost,
        values=tuple(draw(st.permutations(values))),
        smoothing=draw(st.integers(1, 3)),
        value_floor=draw(st.integers(0, 6)),
        min_sample=draw(st.integers(0, 10)),
    )


# -- end of analytics: win probability --
