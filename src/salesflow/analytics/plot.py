"""Pictures of the analytics' results: a funnel, a forecast, time in stage, win rates.

Each function takes a :class:`~salesflow.analytics.Result` (the value the
analytic returned) and returns a :class:`matplotlib.figure.Figure`, built
directly (no ``pyplot``, no global state, nothing drawn on screen or
written): save it with ``figure.savefig(...)`` or show it in a notebook.
Labels come from the catalogs in English or Simplified Chinese
(``locale=``); Chinese needs a CJK font, see the analytics docs.

Needs the optional extra ``salesflow[plot]`` (matplotlib), imported on first
use; without it a :class:`~salesflow.MissingExtraError` names the extra.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from salesflow._checks import Checker, describe
from salesflow.analytics._results import Result
from salesflow.exceptions import MissingExtraError, ValidationError
from salesflow.locales import Catalogs, default_catalogs
from salesflow.stages import Pipeline

__all__ = ["CJK_FONTS", "EXTRA", "forecast", "funnel", "time_in_stage", "win_rate"]

#: The extra that brings matplotlib.
EXTRA = "salesflow[plot]"
#: Fonts tried, in order, for Chinese labels (the first one installed is used).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)
_LATIN = ("DejaVu Sans",)
_DAY = timedelta(days=1)
_CATEGORIES = ("closed", "commit", "best_case", "pipeline")
_COLOURS = {
    "closed": "#2e7d32",
    "commit": "#1565c0",
    "best_case": "#64b5f6",
    "pipeline": "#cfd8dc",
}


def _figure_class() -> Any:
    try:
        module = importlib.import_module("matplotlib.figure")
    except ImportError:
        raise MissingExtraError(
            "pictures of the analytics need the optional plot extra (matplotlib is not "
            f"installed): pip install '{EXTRA}'"
        ) from None
    return module.Figure


class _Words:
    """The labels of one locale, and the font family that can show them."""

    def __init__(self, catalogs: Catalogs, locale: str) -> None:
        self.catalogs, self.locale = catalogs, locale
        self.family = list(CJK_FONTS + _LATIN) if locale == "zh-Hans" else list(_LATIN)

    def __call__(self, key: str, **values: object) -> str:
        if values:
            return self.catalogs.format(f"analytics.plot.{key}", self.locale, **values)
        return self.catalogs.label(f"analytics.plot.{key}", self.locale)

    def text(self, key: str) -> str:
        return self.catalogs.label(key, self.locale)


def _start(
    name: str, result: object, analytics: Sequence[str], locale: object, pipeline: object = None
) -> tuple[Checker, _Words]:
    check = Checker(name)
    if not isinstance(result, Result):
        check.add("result", f"expected an analytics Result, got {describe(result)}")
    elif result.analytic not in analytics:
        check.add(
            "result",
            f"a {result.analytic} result (expected the result of {' or '.join(analytics)})",
        )
    catalogs = default_catalogs()
    try:
        found = catalogs.normalise(locale)  # type: ignore[arg-type]
    except ValidationError:
        check.add("locale", f"unknown locale {describe(locale)} (expected 'en' or 'zh-Hans')")
        found = "en"
    if pipeline is not None:
        check.instance("pipeline", pipeline, Pipeline, "a Pipeline or None")
    return check, _Words(catalogs, found)


def _group_label(words: _Words, values: Sequence[object]) -> str:
    shown = [words("none") if v is None else str(v) for v in values]
    return " / ".join(shown) if shown else words("win_rate.all")


def _new(words: _Words, title: str, size: tuple[float, float]) -> tuple[Any, Any]:
    figure = _figure_class()(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title, fontfamily=words.family, fontsize=11, wrap=True)
    return figure, axes


def _stage_names(words: _Words, stages: Sequence[str], pipeline: object) -> list[str]:
    """Each stage's label from ``pipeline`` (its key where the catalogs have none)."""
    if not isinstance(pipeline, Pipeline):
        return list(stages)
    out = []
    for stage in stages:
        key = pipeline.stage_label_key(stage)
        found = words.text(key)
        out.append(stage if found == key else found)
    return out


def funnel(result: Result, *, pipeline: Pipeline | None = None, locale: str = "en") -> Any:
    """A funnel chart of a :func:`~salesflow.analytics.funnel` result: one centred bar a stage,
    the deals that reached it, and the share that went on from the stage before.

    Groups (``by=``) are added up. With ``pipeline``, stages show their labels.
    """
    check, words = _start("plot.funnel", result, ("funnel",), locale, pipeline)
    check.done()
    width = len(result.columns) - 2
    totals: dict[str, int] = {}
    for row in result.rows:
        totals[row[width]] = totals.get(row[width], 0) + row[width + 1]
    stages = list(totals)
    figure, axes = _new(words, words("funnel.title"), (7.0, 1.0 + 0.6 * max(len(stages), 1)))
    widest = max(totals.values(), default=0) or 1
    values = [totals[s] for s in stages]
    lefts = [(widest - v) / 2 for v in values]
    axes.barh(range(len(stages)), values, left=lefts, color="#1565c0")
    for i, value in enumerate(values):
        note = str(value)
        if i and values[i - 1]:
            note += "  " + words("funnel.went_on", share=f"{value / values[i - 1]:.0%}")
        axes.text(widest / 2, i, note, ha="center", va="center", color="white", fontsize=9)
    axes.set_yticks(
        range(len(stages)), labels=_stage_names(words, stages, pipeline), fontfamily=words.family
    )
    axes.invert_yaxis()
    axes.set_xlabel(words("funnel.axis"), fontfamily=words.family)
    axes.set_xticks([])
    return figure


def _forecast_cells(result: Result, currency: object, check: Checker) -> dict[Any, list[Decimal]]:
    at = result.columns.index("period")
    currencies = sorted({str(r[at + 1]) for r in result.rows})
    if currency is None and len(currencies) > 1:
        check.add("currency", f"the result holds {currencies}: choose one (currency=...)")
    elif currency is not None and currency not in currencies:
        check.add("currency", f"{currency!r} is not in the result (expected one of {currencies})")
    check.done()
    chosen = currency if currency is not None else (currencies[0] if currencies else None)
    cells: dict[Any, list[Decimal]] = {}
    for row in result.as_dicts():
        if row["currency"] != chosen:
            continue
        here = cells.setdefault(row["period"], [Decimal(0)] * 5)
        for i, name in enumerate((*_CATEGORIES, "weighted")):
            here[i] += row[name].amount
    return cells


def forecast(result: Result, *, currency: str | None = None, locale: str = "en") -> Any:
    """A stacked bar a period of a :func:`~salesflow.analytics.forecast` result: closed, commit,
    best case and pipeline amounts (their tops are the roll-ups), the weighted amount marked.

    One currency is drawn (``currency``: needed when the result holds several); groups are
    added up; the period without an expected close comes last.
    """
    check, words = _start("plot.forecast", result, ("forecast",), locale)
    if currency is not None:
        check.text("currency", currency)
    if check.problems:
        check.done()
    cells = _forecast_cells(result, currency, check)
    periods = sorted(cells, key=lambda p: (p is None, p or ""))
    names = [words("forecast.no_close") if p is None else str(p) for p in periods]
    figure, axes = _new(words, words("forecast.title"), (max(6.5, 1.5 + 1.1 * len(periods)), 4.5))
    bottoms = [0.0] * len(periods)
    for i, category in enumerate(_CATEGORIES):
        heights = [float(cells[p][i]) for p in periods]
        label = words.text(f"enum.forecast_category.{category}")
        axes.bar(names, heights, bottom=bottoms, color=_COLOURS[category], label=label)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    weighted = [float(cells[p][4]) for p in periods]
    axes.scatter(names, weighted, color="black", marker="_", s=600, zorder=3,
                 label=words("forecast.weighted"))  # fmt: skip
    axes.legend(prop={"family": words.family}, fontsize=8)
    shown = currency or str(result.rows[0][result.columns.index("currency")] if result else "")
    axes.set_ylabel(words("forecast.axis", currency=shown), fontfamily=words.family)
    for label in axes.get_xticklabels():
        label.set_fontfamily(words.family)
    return figure


def _curves(result: Result) -> dict[tuple[Any, ...], list[tuple[float, Fraction | None]]]:
    at = result.columns.index("duration")
    out: dict[tuple[Any, ...], list[tuple[float, Fraction | None]]] = {}
    for row in result.rows:
        out.setdefault(tuple(row[:at]), []).append((row[at] / _DAY, row[-1]))
    return out


def _steps(axes: Any, words: _Words, result: Result, pipeline: object) -> None:
    for key, points in _curves(result).items():
        name = " / ".join(
            _stage_names(words, [str(key[-1])], pipeline) + [str(k) for k in key[:-2]]
        )
        if any(s is None for _, s in points):
            name += f" ({words('insufficient')})"
            axes.plot([], [], label=name)
            continue
        xs, ys = [0.0], [1.0]
        for x, s in points:
            xs.append(x)
            ys.append(float(s))  # type: ignore[arg-type]
        axes.step(xs, ys, where="post", label=name)
    axes.set_ylim(0, 1.05)
    axes.set_xlabel(words("time_in_stage.days"), fontfamily=words.family)
    axes.set_ylabel(words("time_in_stage.share"), fontfamily=words.family)
    axes.legend(prop={"family": words.family}, fontsize=8)


def _bars(axes: Any, words: _Words, result: Result, pipeline: object) -> None:
    first = result.columns.index("censored") + 1
    percentiles = result.columns[first:]
    rows = result.rows
    stage_at = first - 4  # (group..., pipeline, stage, visits, exits, censored, p<k>...)
    names = [
        " / ".join(
            _stage_names(words, [str(r[stage_at])], pipeline) + [str(k) for k in r[: stage_at - 1]]
        )
        for r in rows
    ]
    step = 0.8 / max(len(percentiles), 1)
    middle = (len(percentiles) - 1) / 2
    for j, column in enumerate(percentiles):
        p = int(column[1:])
        label = (
            words("time_in_stage.median")
            if p == 50
            else words("time_in_stage.percentile", percentile=p)
        )
        days = [0.0 if r[first + j] is None else r[first + j] / _DAY for r in rows]
        axes.barh(
            [i + (j - middle) * step for i in range(len(rows))], days, height=step, label=label
        )
    for i, note in enumerate(result.notes):
        if note is not None:
            axes.text(0, i, " " + words("insufficient"), va="center", fontfamily=words.family)
    axes.set_yticks(range(len(rows)), labels=names, fontfamily=words.family)
    axes.invert_yaxis()
    axes.set_xlabel(words("time_in_stage.days"), fontfamily=words.family)
    axes.legend(prop={"family": words.family}, fontsize=8)


def time_in_stage(result: Result, *, pipeline: Pipeline | None = None, locale: str = "en") -> Any:
    """Time in stage: from a :func:`~salesflow.analytics.time_in_stage_curve` result, the
    Kaplan-Meier step curve of each stage (the share still there after so many days); from a
    :func:`~salesflow.analytics.time_in_stage` result, a bar per percentile and stage.

    With ``pipeline``, stages show their labels; a stage below the sample floor says so.
    """
    check, words = _start(
        "plot.time_in_stage", result, ("time_in_stage", "time_in_stage_curve"), locale, pipeline
    )
    check.done()
    height = 4.5 if result.analytic == "time_in_stage_curve" else 1.5 + 0.5 * len(result.rows)
    figure, axes = _new(words, words("time_in_stage.title"), (8.0, height))
    if result.analytic == "time_in_stage_curve":
        _steps(axes, words, result, pipeline)
    else:
        _bars(axes, words, result, pipeline)
    return figure


def win_rate(result: Result, *, locale: str = "en") -> Any:
    """A bar a group of a :func:`~salesflow.analytics.win_rate` result: its rate, with won of
    closed beside it; a group below the sample floor shows no bar and says so."""
    check, words = _start("plot.win_rate", result, ("win_rate",), locale)
    check.done()
    width = len(result.columns) - 3
    names = [_group_label(words, r[:width]) for r in result.rows]
    figure, axes = _new(words, words("win_rate.title"), (7.0, 1.5 + 0.5 * len(result.rows)))
    rates = [0.0 if r[-1] is None else float(r[-1]) for r in result.rows]
    axes.barh(range(len(rates)), rates, color="#2e7d32")
    for i, row in enumerate(result.rows):
        closed, won, rate = row[width:]
        note = words("win_rate.closed", won=won, closed=closed)
        if rate is None:
            note = words("insufficient") + ", " + note
        else:
            note = f"{float(rate):.0%}  " + note
        axes.text(rates[i] + 0.01, i, note, va="center", fontsize=9, fontfamily=words.family)
    axes.set_yticks(range(len(names)), labels=names, fontfamily=words.family)
    axes.invert_yaxis()
    axes.set_xlim(0, 1.35)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1], labels=["0%", "25%", "50%", "75%", "100%"])
    axes.set_xlabel(words("win_rate.axis"), fontfamily=words.family)
    return figure
