"""A stage's probability and weighted amount over a deals table, as polars expressions.

For every row of a deals table (the ``opportunities`` kind's columns),
:func:`probability_frame` gives what the pipeline's per-deal answers give
for that deal: :meth:`~salesflow.stages.Pipeline.probability`,
:meth:`~salesflow.stages.Pipeline.weighted_amount` (exact, with its
currency) and :meth:`~salesflow.stages.Pipeline.forecast_category`. One
function per output column, each reading the pipeline only through its
public definition (stage keys, probabilities, forecast categories), so an
engine for another frame library mirrors this module function for function.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from salesflow._checks import Checker, describe
from salesflow.exceptions import ValidationError
from salesflow.money import Money
from salesflow.records import OpportunityStatus
from salesflow.stages import ForecastCategory, Pipeline
from salesflow.tables import _extra
from salesflow.tables._frames import Check, bad_rows, frame_of, is_text, text

__all__ = [
    "COLUMNS",
    "OUTPUT",
    "effective_probability",
    "forecast_category",
    "place_checks",
    "probability_frame",
    "weighted_amount",
    "weighted_amount_currency",
]

#: The columns read, and whether each is required. An absent ``pipeline`` means every
#: row is a deal of this pipeline; an absent ``status`` open; an absent ``probability``
#: no override.
COLUMNS = {
    "pipeline": False,
    "stage": True,
    "status": False,
    "probability": False,
    "amount": True,
    "amount_currency": True,
}

#: The columns added, in order.
OUTPUT = (
    "effective_probability",
    "weighted_amount",
    "weighted_amount_currency",
    "forecast_category",
)

_STATUSES = tuple(s.value for s in OpportunityStatus)


# -- one function per output column ----------------------------------------------------


def effective_probability(pl: Any, pipeline: Pipeline) -> Any:
    """``Pipeline.probability``: won 100, lost 0, else the override, else the stage's."""
    defaults = {s.key: s.probability for s in pipeline.stages}
    stage = text(pl, "stage").replace_strict(defaults, default=None, return_dtype=pl.Int64)
    status = text(pl, "status")
    return (
        pl.when(status == OpportunityStatus.WON.value)
        .then(pl.lit(100, pl.Int64))
        .when(status == OpportunityStatus.LOST.value)
        .then(pl.lit(0, pl.Int64))
        .otherwise(pl.col("probability").cast(pl.Int64).fill_null(stage))
    )


def weighted_amount(pl: Any, scale: int) -> Any:
    """``Pipeline.weighted_amount``: the amount times the effective probability over 100.

    Exact: the amount is widened to ``scale`` (its own scale plus two)
    before it is multiplied, so nothing is rounded.
    """
    widened = pl.col("amount").cast(pl.Decimal(38, scale))
    return widened * pl.col("effective_probability") / 100


def weighted_amount_currency(pl: Any) -> Any:
    """The weighted amount's currency: the deal's own."""
    return text(pl, "amount_currency")


def forecast_category(pl: Any, pipeline: Pipeline) -> Any:
    """``Pipeline.forecast_category``: won closed, lost or paused omitted, else the stage's."""
    categories = [c.value for c in ForecastCategory]
    by_stage = {s.key: s.forecast.value for s in pipeline.stages}
    stage = text(pl, "stage").replace_strict(by_stage, default=None, return_dtype=pl.String)
    status = text(pl, "status")
    return (
        pl.when(status == OpportunityStatus.WON.value)
        .then(pl.lit(ForecastCategory.CLOSED.value))
        .when(status == OpportunityStatus.OPEN.value)
        .then(stage)
        .otherwise(pl.lit(ForecastCategory.OMITTED.value))
        .cast(pl.Enum(categories))
    )


# -- the checks ------------------------------------------------------------------------


def _amount_scale(pl: Any, dtype: Any) -> int | None:
    """The weighted amount's scale for an amount column of ``dtype``; None: not exact money."""
    if isinstance(dtype, pl.Decimal):
        scale = dtype.scale or 0
        return scale + 2 if scale + 2 <= 36 else None
    if dtype.is_integer():
        return 2
    return None


def _money_words(value: Any, currency: str) -> str:
    try:
        Money(value, currency)
    except ValidationError as exc:
        return exc.problems[0].message
    return f"expected an exact decimal or whole number column, got {describe(value)}"


def _text_check(pl: Any, data: Any, name: str, allowed: list[str], word: str) -> list[Check]:
    if name not in data.columns:
        return []
    if not is_text(pl, data.schema[name]):
        return [(name, pl.col(name).is_not_null(), lambda v: f"expected a {word}, got {v!r}")]
    known = ", ".join(allowed)
    bad = text(pl, name).is_in(allowed).not_() | pl.col(name).is_null()
    return [(name, bad, lambda v: f"unknown {word} {v!r} (expected one of {known})")]


def place_checks(pl: Any, pipeline: Pipeline, data: Any) -> list[Check]:
    """A row's deal is in ``pipeline`` (when the table says) and in one of its stages."""
    out: list[Check] = []
    if "pipeline" in data.schema:
        wrong = (text(pl, "pipeline") != pipeline.key).fill_null(True)
        out.append(
            ("pipeline", wrong, lambda v: f"the deal is in pipeline {v!r}, not {pipeline.key!r}")
        )
    keys = ", ".join(pipeline.keys)
    bad_stage = _text_check(pl, data, "stage", list(pipeline.keys), "stage")
    out += [
        (n, e, lambda v: f"unknown stage {v!r} (pipeline {pipeline.key!r} has {keys})")
        for n, e, _ in bad_stage
    ]
    return out


def checks(pl: Any, pipeline: Pipeline, data: Any, scale: int | None) -> list[Check]:
    """What a row must hold for the pipeline's per-deal answers to accept its deal."""
    schema = data.schema
    out = place_checks(pl, pipeline, data)
    out += _text_check(pl, data, "status", list(_STATUSES), "status")
    if "probability" in schema:
        prob = pl.col("probability")
        if schema["probability"].is_integer():
            bad = (prob < 0) | (prob > 100)
            out.append(("probability", bad, lambda v: f"{v} is out of range (expected 0 to 100)"))
        else:
            out.append(
                ("probability", prob.is_not_null(), lambda v: f"expected a whole number, got {v!r}")
            )
    return out + _money_checks(pl, data, scale)


def _money_checks(pl: Any, data: Any, scale: int | None) -> list[Check]:
    amount = pl.col("amount")
    if scale is None:
        return [("amount", pl.lit(True), lambda v: _money_words(v, "CNY"))]
    limit = Decimal(10) ** (36 - scale)
    currency = text(pl, "amount_currency")
    return [
        ("amount", amount.is_null(), lambda v: "missing (a deal has an amount)"),
        (
            "amount",
            amount.abs() >= limit,
            lambda v: f"{v} is too large for an exact weighted amount (expected under {limit:,})",
        ),
        (
            "amount_currency",
            currency.str.contains(r"^[A-Z]{3}$").not_().fill_null(True),
            lambda v: _money_words(Decimal(0), v),
        ),
    ]


def _check_arguments(pipeline: object, data: Any) -> None:
    check = Checker("probability_frame")
    if not isinstance(pipeline, Pipeline):
        check.add("pipeline", f"expected a Pipeline, got {describe(pipeline)}")
    for name, required in COLUMNS.items():
        if required and name not in data.columns:
            check.add(f"columns.{name}", "missing (a required column)")
    check.done()


def probability_frame(pipeline: Pipeline, opportunities: Any) -> Any:
    """Each deal's effective probability, weighted amount and forecast category, as columns.

    ``opportunities`` is a deals table (an Arrow table, a polars or pandas
    frame; the ``opportunities`` kind's columns ``stage``, ``amount``,
    ``amount_currency`` and, when present, ``pipeline``, ``status`` and
    ``probability``). The result is the frame with ``effective_probability``,
    ``weighted_amount`` (exact decimals), ``weighted_amount_currency`` and
    ``forecast_category`` added, equal row by row to the pipeline's
    ``probability``, ``weighted_amount`` and ``forecast_category`` of each
    deal. A row those would refuse (another pipeline, an unknown stage or
    status, an override out of range, a bad amount) is named
    (``rows[17].stage``) in one :class:`~salesflow.ValidationError`.
    """
    pl = _extra.polars()
    data = frame_of(pl, opportunities, "opportunities", "probability_frame")
    _check_arguments(pipeline, data)
    assert isinstance(pipeline, Pipeline)
    scale = _amount_scale(pl, data.schema["amount"])
    problems = bad_rows(pl, data, checks(pl, pipeline, data, scale))
    if problems:
        raise ValidationError("probability_frame", problems)
    assert scale is not None or data.height == 0
    scale = 2 if scale is None else scale
    absent = {
        "status": pl.lit(OpportunityStatus.OPEN.value),
        "probability": pl.lit(None, pl.Int64),
    }
    inputs = data.lazy().with_columns(
        e.alias(name) for name, e in absent.items() if name not in data.columns
    )
    out = (
        inputs.with_columns(effective_probability(pl, pipeline).alias("effective_probability"))
        .with_columns(
            weighted_amount(pl, scale).alias("weighted_amount"),
            weighted_amount_currency(pl).alias("weighted_amount_currency"),
            forecast_category(pl, pipeline).alias("forecast_category"),
        )
        .collect()
    )
    return out.select(*data.columns, *OUTPUT)
