"""The win-probability entry points: fit a model, predict the open deals, backtest it.

Each takes the book first (a sequence of opportunities, or the opportunities
table with ``events=``) and options as keywords, checks them all, runs an
engine (``engine="reference"`` or ``"polars"``) and finishes in
:mod:`._winmodel`, so both engines give the same model and predictions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from salesflow._checks import Checker, describe
from salesflow.analytics import _probability as P  # noqa: N812
from salesflow.analytics._book import prepare
from salesflow.analytics._results import Result
from salesflow.analytics._spec import MIN_SAMPLE
from salesflow.analytics._winmodel import (
    DEFAULT_FIELDS,
    VALUE_FLOOR,
    WinModel,
    _check_fields,
    counts_model,
    feature,
    scorer,
)
from salesflow.exceptions import ValidationError
from salesflow.stages import Pipeline

__all__ = ["fit_win_model", "win_probability", "win_probability_backtest"]


def _options(
    check: Checker, fields: object, smoothing: object, value_floor: object, min_sample: object
) -> dict[str, Any]:
    keys = _check_fields(check, "fields", fields)
    check.integer("smoothing", smoothing, low=1)
    check.integer("value_floor", value_floor, low=0)
    check.integer("min_sample", min_sample, low=0)
    return {
        "keys": keys,
        "smoothing": smoothing,
        "value_floor": value_floor,
        "min_sample": min_sample,
    }


def _spec(options: dict[str, Any], before: datetime | None) -> P.WinSpec:
    fields = tuple(feature(k) for k in options["keys"])
    return P.WinSpec(
        keys=options["keys"],
        fields=fields,  # type: ignore[arg-type]
        before=before,
        min_sample=options["min_sample"],
    )


def _fit(options: dict[str, Any], spec: P.WinSpec, name: str, book: Any) -> WinModel:
    if name == "reference":
        totals, counted = P.reference_fit(spec, book)
    else:
        totals, counted = P.polars_fit(spec, *book)
    return counts_model(
        options["keys"],
        totals,
        counted,
        smoothing=options["smoothing"],
        value_floor=options["value_floor"],
        min_sample=options["min_sample"],
    )


def fit_win_model(
    opportunities: object,
    *,
    events: object = None,
    fields: str | Sequence[str] = DEFAULT_FIELDS,
    before: datetime | None = None,
    engine: object = None,
    smoothing: int = 1,
    value_floor: int = VALUE_FLOOR,
    min_sample: int = MIN_SAMPLE,
) -> WinModel:
    """A :class:`WinModel` of the book's closed deals (those closed before ``before``, if given).

    ``fields`` are the opportunity fields (``stage``, ``pipeline``, ``owner``,
    ``customer_id``, ``lead_id``), custom attributes (``attributes.<key>``)
    or periods of creation (``created_at.<year|quarter|month>``) it counts;
    ``status`` is the outcome, never a field. A won or lost deal counts once
    per value, and once for each stage its history shows it in.
    """
    check = Checker("fit_win_model")
    options = _options(check, fields, smoothing, value_floor, min_sample)
    check.aware("before", before, optional=True)
    name, book = prepare(check, opportunities, events, engine)
    return _fit(options, _spec(options, before), name, book)


def _model_or_options(
    check: Checker, model: object, fields: object, smoothing: object, value_floor: object
) -> dict[str, Any] | WinModel:
    if model is None:
        return _options(
            check,
            DEFAULT_FIELDS if fields is None else fields,
            1 if smoothing is None else smoothing,
            VALUE_FLOOR if value_floor is None else value_floor,
            MIN_SAMPLE,
        )
    if check.instance("model", model, WinModel, "a WinModel or None"):
        given = {"fields": fields, "smoothing": smoothing, "value_floor": value_floor}
        for name, value in given.items():
            if value is not None:
                check.add(name, "given with a model (the model's own is used)")
    return model if isinstance(model, WinModel) else {}


def win_probability(
    opportunities: object,
    *,
    events: object = None,
    model: WinModel | None = None,
    fields: str | Sequence[str] | None = None,
    engine: object = None,
    smoothing: int | None = None,
    value_floor: int | None = None,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """The win probability of each open deal of the book, with what raises and lowers it.

    Uses ``model``, or fits one on the same book (:func:`fit_win_model` with
    ``fields``, ``smoothing``, ``value_floor`` and ``min_sample``). Rows
    (id, pipeline, stage, probability, raises, lowers), by id: ``probability``
    an exact fraction, ``raises`` / ``lowers`` the ``field=value`` texts that
    move it, strongest first. Below the sample floor ``probability`` is
    ``None`` and the note says "insufficient history". For the words,
    :meth:`WinModel.predict` on the deal and :meth:`Prediction.explain`.
    """
    check = Checker("win_probability")
    found = _model_or_options(check, model, fields, smoothing, value_floor)
    if isinstance(found, dict):
        check.integer("min_sample", min_sample, low=0)
        found["min_sample"] = min_sample
    elif min_sample != MIN_SAMPLE:
        check.add("min_sample", "given with a model (the model's own is used)")
    if not isinstance(found, WinModel) and model is not None:
        check.fail()
    name, book = prepare(check, opportunities, events, engine)
    options = found if isinstance(found, dict) else {"keys": found.fields, "min_sample": 0}
    spec = _spec(options, None)
    fitted = found if isinstance(found, WinModel) else _fit(found, spec, name, book)
    rows = P.reference_open(spec, book) if name == "reference" else P.polars_open(spec, *book)
    score = scorer(fitted)
    shown: dict[tuple[str | None, ...], tuple[Any, ...]] = {}  # one per combination of values
    out: list[tuple[Any, ...]] = []
    notes: list[str | None] = []
    for id_, pipeline, stage, values in sorted(rows, key=lambda r: r[0]):
        cell = shown.get(values)
        if cell is None:
            guess = score(values)
            up = tuple(f"{f.field}={f.value}" for f in guess.raises)
            down = tuple(f"{f.field}={f.value}" for f in guess.lowers)
            cell = shown[values] = (guess.probability, up, down, guess.note)
        out.append((id_, pipeline, stage, *cell[:3]))
        notes.append(cell[3])
    columns = ("id", "pipeline", "stage", "probability", "raises", "lowers")
    return Result("win_probability", columns, tuple(out), tuple(notes))


def _defaults(check: Checker, pipelines: object) -> dict[str, dict[str, int]]:
    given = (pipelines,) if isinstance(pipelines, Pipeline) else pipelines
    if not isinstance(given, (tuple, list)) or not given:
        check.add("pipelines", f"expected a Pipeline or a list of them, got {describe(pipelines)}")
        return {}
    out: dict[str, dict[str, int]] = {}
    for i, pipeline in enumerate(given):
        if check.instance(f"pipelines[{i}]", pipeline, Pipeline, "a Pipeline"):
            assert isinstance(pipeline, Pipeline)
            if pipeline.key in out:
                check.add(f"pipelines[{i}]", f"pipeline {pipeline.key!r} is given twice")
            out[pipeline.key] = {s.key: s.probability for s in pipeline.stages}
    return out


def _misfit(stages: dict[str, dict[str, int]], tested: list[P.Tested]) -> None:
    for id_, pipeline, stage, _won, _values in sorted(tested, key=lambda t: t[0]):
        if pipeline not in stages:
            problem = (
                f"deal {id_!r} is in pipeline {pipeline!r}, which is not given "
                f"(expected one of {', '.join(stages)})"
            )
        elif stage not in stages[pipeline]:
            problem = (
                f"deal {id_!r} was in stage {stage!r} at the split, which pipeline "
                f"{pipeline!r} does not have"
            )
        else:
            continue
        raise ValidationError.single("win_probability_backtest", "opportunities", problem)


def win_probability_backtest(
    opportunities: object,
    *,
    split: datetime,
    pipelines: Pipeline | Sequence[Pipeline],
    events: object = None,
    fields: str | Sequence[str] = DEFAULT_FIELDS,
    engine: object = None,
    smoothing: int = 1,
    value_floor: int = VALUE_FLOOR,
    min_sample: int = MIN_SAMPLE,
) -> Result:
    """How well the model would have predicted, on a time split at ``split``.

    Fits :func:`fit_win_model` on the deals closed before ``split`` and scores
    it on the deals open at ``split`` that are now won or lost (each in its
    stage at ``split``), against the stage's default probability (from
    ``pipelines``) and the base rate. Rows (predictor, deals, brier,
    log_loss) for ``model``, ``stage_default`` and ``base_rate``: the Brier
    score (exact) and the log loss (probabilities clipped to [0.001, 0.999]);
    lower is better. Below ``min_sample`` tested deals, or with a model of
    insufficient history, the scores are ``None`` ("insufficient history").
    """
    check = Checker("win_probability_backtest")
    options = _options(check, fields, smoothing, value_floor, min_sample)
    stages = _defaults(check, pipelines)
    if not check.aware("split", split):
        check.fail()
    name, book = prepare(check, opportunities, events, engine)
    spec = _spec(options, split)
    model = _fit(options, spec, name, book)
    if name == "reference":
        tested = P.reference_tested(spec, book, split)
    else:
        tested = P.polars_tested(spec, book[0], book[1], split)
    _misfit(stages, tested)
    enough = model.is_sufficient and len(tested) >= max(min_sample, 1)
    rows, notes = P.scores(tested, scorer(model), model.base_rate, stages, enough)
    columns = ("predictor", "deals", "brier", "log_loss")
    return Result("win_probability_backtest", columns, rows, notes)
