"""The preset scorecards, each with its usual defaults.

>>> from salesflow.scoring import presets
>>> presets.names()[:4]
('bant', 'champ', 'credit_rating', 'customer_value_grade')
>>> presets.get("bant").evaluate({"budget": True, "authority": True, "need": True}).band
'not_qualified'

Every preset is built by a function whose keyword arguments are its
numbers (thresholds, weights, band minimums), so a team tunes one without
rewriting it: ``presets.purchase_intent(hot_within_days=5)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from salesflow._checks import describe
from salesflow._presets import Presets
from salesflow.exceptions import ValidationError
from salesflow.frozen import FrozenDict
from salesflow.records import CreditRating, Priority, ValueGrade
from salesflow.scoring._criteria import Aggregation, Band, Criterion, RuleKind
from salesflow.scoring._results import ScoreResult
from salesflow.scoring._scorecard import Scorecard

__all__ = [
    "BANT_LETTERS",
    "RWW20_QUESTIONS",
    "as_credit_rating",
    "as_priority",
    "as_value_grade",
    "bant",
    "bant_missing",
    "champ",
    "credit_rating",
    "customer_value_grade",
    "get",
    "lead_priority",
    "meddicc",
    "names",
    "purchase_intent",
    "rww20",
    "three_dimension",
]

Number = Decimal | int | str


def _yes_no(keys: tuple[str, ...], *, group: str | None = None) -> list[Criterion]:
    return [Criterion(key=k, kind=RuleKind.YES_NO, field=k, group=group) for k in keys]


# -- BANT ------------------------------------------------------------

#: Criterion key -> letter of BANT.
BANT_LETTERS: Mapping[str, str] = FrozenDict(
    {
        "budget": "B",
        "authority": "A",
        "need": "N",
        "timeline": "T",
    }
)


def bant() -> Scorecard:
    """Budget, authority (a decision maker), need, timeline: qualified only with all four.

    Facts: ``budget``, ``authority``, ``need``, ``timeline``, each true or false.
    """
    return Scorecard(
        key="bant",
        criteria=_yes_no(tuple(BANT_LETTERS)),
        aggregation=Aggregation.ALL_MUST_PASS,
        bands=[Band(key="not_qualified", minimum=0), Band(key="qualified", minimum=4)],
    )


def bant_missing(result: ScoreResult) -> str:
    """The BANT letters a result misses, in order: ``"AT"``; ``""`` when qualified."""
    _expect(result, "bant")
    return "".join(BANT_LETTERS[k] for k in result.failing)


# -- three-dimension assessment ------------------------------------


def three_dimension(
    *,
    budget_near_percent: Number = 70,
    budget_match_percent: Number = 90,
    strong_from: Number = 5,
    medium_from: Number = 3,
) -> Scorecard:
    """Urgency, budget fit and clarity of the decision chain: strong, medium or weak.

    Facts: ``urgency`` (``"none"``, ``"vague"``, ``"firm"``: a firm date),
    ``budget_fit_percent`` (the customer's budget as a percentage of our
    price: from ``budget_near_percent`` it is near, from
    ``budget_match_percent`` it matches), ``decision_chain`` (``"unclear"``,
    ``"decision_maker_known"``, ``"clear"``: final decision maker and roles
    known). Each criterion weighs 2, so the total runs 0 to 6. A weak deal
    carries ``{"recommend": "replan_or_pause"}``.
    """
    return Scorecard(
        key="three_dimension",
        criteria=[
            Criterion(
                key="urgency",
                kind=RuleKind.GRADED,
                field="urgency",
                grades=("none", "vague", "firm"),
                weight=2,
            ),
            Criterion(
                key="budget_fit",
                kind=RuleKind.NUMERIC,
                field="budget_fit_percent",
                thresholds=(budget_near_percent, budget_match_percent),
                weight=2,
            ),
            Criterion(
                key="decision_chain",
                kind=RuleKind.GRADED,
                field="decision_chain",
                grades=("unclear", "decision_maker_known", "clear"),
                weight=2,
            ),
        ],
        bands=[
            Band(key="weak", minimum=0, data={"recommend": "replan_or_pause"}),
            Band(key="medium", minimum=medium_from, data={"recommend": "keep_following"}),
            Band(key="strong", minimum=strong_from, data={"recommend": "push_to_proposal"}),
        ],
    )


# -- the 20-criterion opportunity scorecard ------------------------------

#: The four questions of ``rww20`` and their five criteria each, in the sheet's order.
RWW20_QUESTIONS: Mapping[str, tuple[str, ...]] = FrozenDict(
    {
        "is_there_an_opportunity": (
            "application_defined",
            "business_profile_known",
            "finances_strong",
            "funding_exists",
            "compelling_event_defined",
        ),
        "can_we_compete": (
            "decision_criteria_known",
            "product_fit_good",
            "sales_resources_low",
            "relationship_strong",
            "unique_value_defined",
        ),
        "can_we_win": (
            "supporters_strong",
            "execution_credibility_strong",
            "company_capability_good",
            "informal_process_known",
            "political_alignment_strong",
        ),
        "is_it_worth_winning": (
            "short_term_profit_high",
            "future_sales_high",
            "reference_value_high",
            "risk_low",
            "strategic_value",
        ),
    }
)


def rww20(*, strong_from: Number = 15, medium_from: Number = 10) -> Scorecard:
    """Twenty criteria, each + or -, in four questions; the total counts the pluses.

    Facts: one flag per criterion (true or ``"+"`` is a plus); see
    :data:`RWW20_QUESTIONS`. ``result.group_totals`` gives the pluses per
    question. The bands are ours (the sheet only counts): strong from 15,
    medium from 10, weak below.
    """
    criteria = [
        Criterion(key=k, kind=RuleKind.PLUS_MINUS, field=k, group=question)
        for question, keys in RWW20_QUESTIONS.items()
        for k in keys
    ]
    return Scorecard(
        key="rww20",
        criteria=criteria,
        aggregation=Aggregation.COUNT_PLUSES,
        bands=[
            Band(key="weak", minimum=0),
            Band(key="medium", minimum=medium_from),
            Band(key="strong", minimum=strong_from),
        ],
    )


# -- MEDDICC and CHAMP --------------------------------------------------------------

MEDDICC_KEYS = (
    "metrics",
    "economic_buyer",
    "decision_criteria",
    "decision_process",
    "paper_process",
    "identify_pain",
    "champion",
    "competition",
)


def meddicc(*, strong_from: Number = 7, medium_from: Number = 4) -> Scorecard:
    """Metrics, economic buyer, decision criteria, decision process, paper process,
    identified pain, champion, competition: each known or not, counted.
    """
    return Scorecard(
        key="meddicc",
        criteria=_yes_no(MEDDICC_KEYS),
        aggregation=Aggregation.COUNT_PLUSES,
        bands=[
            Band(key="weak", minimum=0),
            Band(key="medium", minimum=medium_from),
            Band(key="strong", minimum=strong_from),
        ],
    )


def champ() -> Scorecard:
    """Challenges, authority, money, prioritisation: qualified only with all four."""
    return Scorecard(
        key="champ",
        criteria=_yes_no(("challenges", "authority", "money", "prioritisation")),
        aggregation=Aggregation.ALL_MUST_PASS,
        bands=[Band(key="not_qualified", minimum=0), Band(key="qualified", minimum=4)],
    )


# -- customers -----------------------------------------------


def customer_value_grade(
    *,
    currency: str = "CNY",
    revenue_mid: Number = 10_000_000,
    revenue_high: Number = 100_000_000,
    headcount_mid: Number = 100,
    headcount_high: Number = 1000,
    purchase_mid: Number = 200_000,
    purchase_high: Number = 1_000_000,
    grade_a_from: Number = 6,
    grade_b_from: Number = "3.5",
    a_follow_up_days: int = 7,
    b_follow_up_days: int = 14,
    c_follow_up_days: int = 30,
) -> Scorecard:
    """Value grade A, B or C from size, cooperation potential and decision-chain complexity.

    Facts (a :class:`~salesflow.Customer` has the first two):
    ``characteristics.annual_revenue`` (Money), ``characteristics.headcount``,
    ``expected_purchase`` (Money), ``strategic_fit`` (``"low"``,
    ``"medium"``, ``"high"``), ``decision_chain_complexity`` (``"complex"``,
    ``"moderate"``, ``"simple"``). Money thresholds are in ``currency``.
    Each size criterion weighs 1, each potential criterion 2, complexity 1:
    totals 0 to 7; A from 6, B from 3.5. The bands carry their follow-up cadence (A
    weekly, B every two weeks, C monthly) as ``follow_up_every_days`` and
    the emphasis of the contact as a label key.
    """
    criteria = _value_criteria(
        currency=currency,
        revenue=(revenue_mid, revenue_high),
        headcount=(headcount_mid, headcount_high),
        purchase=(purchase_mid, purchase_high),
    )
    follow_up = {"A": a_follow_up_days, "B": b_follow_up_days, "C": c_follow_up_days}
    minimums = {"C": 0, "B": grade_b_from, "A": grade_a_from}
    bands = [
        Band(
            key=grade,
            minimum=minimums[grade],
            data={
                "follow_up_every_days": follow_up[grade],
                "emphasis": f"emphasis.customer_value_grade.{grade}",
            },
        )
        for grade in ("C", "B", "A")
    ]
    return Scorecard(key="customer_value_grade", criteria=criteria, bands=bands)


def _value_criteria(
    *,
    currency: str,
    revenue: tuple[Number, Number],
    headcount: tuple[Number, Number],
    purchase: tuple[Number, Number],
) -> list[Criterion]:
    """The five criteria of ``customer_value_grade``: size, potential, decision chain."""
    return [
        Criterion(
            key="annual_revenue",
            kind=RuleKind.NUMERIC,
            field="characteristics.annual_revenue",
            thresholds=revenue,
            currency=currency,
            group="size",
        ),
        Criterion(
            key="headcount",
            kind=RuleKind.NUMERIC,
            field="characteristics.headcount",
            thresholds=headcount,
            group="size",
        ),
        Criterion(
            key="expected_purchase",
            kind=RuleKind.NUMERIC,
            field="expected_purchase",
            thresholds=purchase,
            currency=currency,
            weight=2,
            group="potential",
        ),
        Criterion(
            key="strategic_fit",
            kind=RuleKind.GRADED,
            field="strategic_fit",
            grades=("low", "medium", "high"),
            weight=2,
            group="potential",
        ),
        Criterion(
            key="decision_chain_complexity",
            kind=RuleKind.GRADED,
            field="decision_chain_complexity",
            grades=("complex", "moderate", "simple"),
            group="decision_chain",
        ),
    ]


def purchase_intent(
    *,
    field: str = "expected_close",
    hot_within_days: Number = 7,
    a_within_days: Number = 30,
    b_within_days: Number = 90,
) -> Scorecard:
    """Purchase intent H, A, B or C from the expected purchase date and ``at``.

    H buys within 7 days, A within a month (30 days), B in 1 to 3 months
    (90 days), C beyond. The date is read from ``field``
    (an :class:`~salesflow.Opportunity`'s ``expected_close`` by default);
    ``evaluate`` needs ``at``.
    """
    return Scorecard(
        key="purchase_intent",
        criteria=[
            Criterion(
                key="expected_purchase",
                kind=RuleKind.DAYS_UNTIL,
                field=field,
                thresholds=(hot_within_days, a_within_days, b_within_days),
                weight=3,
            )
        ],
        bands=[
            Band(key="C", minimum=0),
            Band(key="B", minimum=1, data={"intent_progression_sheet": True}),
            Band(key="A", minimum=2, data={"intent_progression_sheet": True}),
            Band(key="H", minimum=3, data={"intent_progression_sheet": True}),
        ],
    )


def credit_rating() -> Scorecard:
    """Credit rating A, B or C from the payment record.

    Fact ``payment_record``: ``"on_time"`` (cash, or on time within the
    terms), ``"late_recovered"`` (often late, but recovered),
    ``"defaulted"`` (defaults, hard to recover).
    """
    return Scorecard(
        key="credit_rating",
        criteria=[
            Criterion(
                key="payment_record",
                kind=RuleKind.GRADED,
                field="payment_record",
                grades=("defaulted", "late_recovered", "on_time"),
                weight=2,
            )
        ],
        bands=[Band(key="C", minimum=0), Band(key="B", minimum=1), Band(key="A", minimum=2)],
    )


def lead_priority(
    *,
    currency: str = "CNY",
    budget_mid: Number = 100_000,
    budget_high: Number = 1_000_000,
    high_from: Number = 5,
    medium_from: Number = 3,
) -> Scorecard:
    """Lead priority high, medium or low from the customer profile.

    Facts: ``industry_fit`` (``"poor"``, ``"partial"``, ``"good"``),
    ``need_clarity`` (``"vague"``, ``"partial"``, ``"clear"``), ``budget``
    (Money in ``currency``). Each weighs 2: totals 0 to 6. A high-priority
    lead must get an owner within 24 hours (the cadence rules read it).
    """
    return Scorecard(
        key="lead_priority",
        criteria=[
            Criterion(
                key="industry_fit",
                kind=RuleKind.GRADED,
                field="industry_fit",
                grades=("poor", "partial", "good"),
                weight=2,
            ),
            Criterion(
                key="need_clarity",
                kind=RuleKind.GRADED,
                field="need_clarity",
                grades=("vague", "partial", "clear"),
                weight=2,
            ),
            Criterion(
                key="budget",
                kind=RuleKind.NUMERIC,
                field="budget",
                thresholds=(budget_mid, budget_high),
                currency=currency,
                weight=2,
            ),
        ],
        bands=[
            Band(key="low", minimum=0),
            Band(key="medium", minimum=medium_from),
            Band(key="high", minimum=high_from),
        ],
    )


# -- enum helpers --------------------------------------------------------------------


def _expect(result: object, name: str) -> None:
    if not isinstance(result, ScoreResult):
        raise ValidationError.single(
            "result", "", f"expected a ScoreResult, got {describe(result)}"
        )
    if result.scorecard != name:
        raise ValidationError.single(
            "result", "scorecard", f"{result.scorecard!r} is not a {name!r} result"
        )


def as_value_grade(result: ScoreResult) -> ValueGrade:
    """The :class:`~salesflow.ValueGrade` of a ``customer_value_grade`` result."""
    _expect(result, "customer_value_grade")
    return result.band_as(ValueGrade)


def as_credit_rating(result: ScoreResult) -> CreditRating:
    """The :class:`~salesflow.CreditRating` of a ``credit_rating`` result."""
    _expect(result, "credit_rating")
    return result.band_as(CreditRating)


def as_priority(result: ScoreResult) -> Priority:
    """The :class:`~salesflow.Priority` of a ``lead_priority`` result."""
    _expect(result, "lead_priority")
    return result.band_as(Priority)


# -- look-up by name -----------------------------------------------------------------

_PRESETS: Presets[Scorecard] = Presets(
    "scorecard",
    {
        "bant": bant,
        "champ": champ,
        "credit_rating": credit_rating,
        "customer_value_grade": customer_value_grade,
        "lead_priority": lead_priority,
        "meddicc": meddicc,
        "purchase_intent": purchase_intent,
        "rww20": rww20,
        "three_dimension": three_dimension,
    },
    sort=True,
)


def names() -> tuple[str, ...]:
    """The names of the preset scorecards, sorted."""
    return _PRESETS.names()


def get(name: str) -> Scorecard:
    """The preset scorecard ``name`` with its default numbers (built once, a frozen value)."""
    return _PRESETS.get(name)
