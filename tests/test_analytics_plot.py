"""The analytics' pictures: each renders to a real PNG, in both locales, without pyplot."""

from __future__ import annotations

import subprocess
import sys
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from salesflow import MissingExtraError, Money, ValidationError, analytics
from salesflow.analytics import plot
from salesflow.locales import label
from salesflow.stages import presets as stage_presets
from tests.test_analytics_time_in_stage import PIPELINE, book, day

PNG = b"\x89PNG\r\n\x1a\n"


def _dated() -> list[Any]:
    """The book with close dates, its paused USD deal resumed (so two currencies count)."""
    closes = [date(2026, 1, 31), date(2026, 2, 28), None, date(2026, 3, 31)]
    deals = [attrs.evolve(d, expected_close=c) for d, c in zip(book(), closes, strict=True)]
    deals[2] = PIPELINE.resume(deals[2], at=day(7))
    return deals


def _results() -> list[tuple[str, Any]]:
    deals = _dated()
    cny = [d for d in deals if d.amount.currency == "CNY"]
    return [
        ("funnel", lambda loc: plot.funnel(analytics.funnel(deals, pipeline=PIPELINE), locale=loc)),
        (
            "funnel_labelled",
            lambda loc: plot.funnel(
                analytics.funnel(deals, pipeline=PIPELINE, by="owner"),
                pipeline=PIPELINE,
                locale=loc,
            ),
        ),
        (
            "forecast",
            lambda loc: plot.forecast(analytics.forecast(cny, pipelines=PIPELINE), locale=loc),
        ),
        (
            "forecast_usd",
            lambda loc: plot.forecast(
                analytics.forecast(deals, pipelines=PIPELINE, by="owner"),
                currency="USD",
                locale=loc,
            ),
        ),
        (
            "curve",
            lambda loc: plot.time_in_stage(
                analytics.time_in_stage_curve(deals, at=day(60), min_sample=2),
                pipeline=PIPELINE,
                locale=loc,
            ),
        ),
        (
            "percentiles",
            lambda loc: plot.time_in_stage(
                analytics.time_in_stage(deals, at=day(60), percentiles=(25, 50, 75), min_sample=2),
                locale=loc,
            ),
        ),
        ("win_rate", lambda loc: plot.win_rate(analytics.win_rate(deals, by="owner"), locale=loc)),
        (
            "win_rate_all",
            lambda loc: plot.win_rate(analytics.win_rate(deals, min_sample=1), locale=loc),
        ),
    ]


@pytest.mark.parametrize("locale", ["en", "zh-Hans"])
@pytest.mark.parametrize(("name", "draw"), _results())
def test_each_picture_renders_to_a_png(name: str, draw: Any, locale: str, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = draw(locale)
    assert isinstance(figure, Figure)
    FigureCanvasAgg(figure)  # the Agg backend draws it, whatever the default backend
    target = tmp_path / f"{name}.png"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a machine without a CJK font warns of missing glyphs
        figure.savefig(target, format="png", dpi=60)
    data = target.read_bytes()
    assert data.startswith(PNG)
    assert 2_000 < len(data) < 2_000_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert 200 <= width <= 2_000
    assert 100 <= height <= 2_000


def test_labels_follow_the_locale() -> None:
    pytest.importorskip("matplotlib")
    result = analytics.win_rate(book(), by="owner", min_sample=1)
    english = plot.win_rate(result).axes[0]
    chinese = plot.win_rate(result, locale="zh-Hans").axes[0]
    assert english.get_title() == "Win rate: won among closed deals"
    assert chinese.get_title() == "赢单率：已关闭商机中赢单的比例"
    assert chinese.get_xlabel() == "赢单率"
    assert [t.get_text() for t in english.get_yticklabels()] == ["li.na", "wang.wei"]
    assert "Noto Sans CJK SC" in chinese.title.get_fontfamily()
    unlabelled = plot.funnel(analytics.funnel(book(), pipeline=PIPELINE), pipeline=PIPELINE)
    assert [t.get_text() for t in unlabelled.axes[0].get_yticklabels()] == list(PIPELINE.keys)
    basic = stage_presets.get("basic")
    deal = basic.open(id="o-1", customer_id="c", owner="a", amount=Money("1", "CNY"), at=day(0))
    for loc in ("en", "zh-Hans"):
        labelled = plot.funnel(analytics.funnel([deal], pipeline=basic), pipeline=basic, locale=loc)
        assert [t.get_text() for t in labelled.axes[0].get_yticklabels()] == [
            label(basic.stage_label_key(s), loc) for s in basic.keys
        ]


def test_a_picture_touches_no_pyplot_state() -> None:
    pytest.importorskip("matplotlib")
    code = (
        "import sys\n"
        "from salesflow import analytics\n"
        "from salesflow.analytics import plot\n"
        "plot.win_rate(analytics.win_rate([]))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_salesflow_and_the_plot_module_loads_no_matplotlib() -> None:
    code = (
        "import sys\n"
        "import salesflow, salesflow.analytics, salesflow.analytics.plot\n"
        "assert 'matplotlib' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtraError, match=r"salesflow\[plot\]"):
        plot.funnel(analytics.funnel(book(), pipeline=PIPELINE))


def _funnel() -> analytics.Result:
    return analytics.funnel(book(), pipeline=PIPELINE)


def _forecast() -> analytics.Result:
    return analytics.forecast(_dated(), pipelines=PIPELINE)


BAD_CALLS = [
    (lambda: plot.funnel("funnel"), "result"),  # type: ignore[arg-type]
    (lambda: plot.funnel(analytics.win_rate(book())), "result"),
    (lambda: plot.win_rate(analytics.win_rate(book()), locale="fr"), "locale"),
    (lambda: plot.funnel(_funnel(), pipeline="p"), "pipeline"),  # type: ignore[arg-type]
    (lambda: plot.forecast(_forecast()), "currency"),
    (lambda: plot.forecast(_forecast(), currency="EUR"), "currency"),
    (lambda: plot.forecast(_forecast(), currency=3), "currency"),  # type: ignore[arg-type]
    (lambda: plot.time_in_stage(analytics.counts(book())), "result"),
]


@pytest.mark.parametrize(("call", "path"), BAD_CALLS)
def test_bad_input_is_a_validation_error_naming_the_path(call: Any, path: str) -> None:
    pytest.importorskip("matplotlib")
    with pytest.raises(ValidationError) as caught:
        call()
    assert path in caught.value.paths
