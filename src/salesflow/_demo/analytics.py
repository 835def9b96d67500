"""Demo section: the sample book's funnel, win rates, velocity, forecast, time in stage and
time-rule compliance.

The sample is a small book, so the sample floor is lowered to one deal: with
the default floor every rate would say "insufficient history".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from fractions import Fraction

from salesflow import analytics
from salesflow._demo import cadence as cadence_demo
from salesflow._demo.portfolio import Portfolio, skipped
from salesflow.cadence import Tracker, presets
from salesflow.locales import default_catalogs
from salesflow.stages import Pipeline
from salesflow.stages import presets as stage_presets

__all__ = ["FLOOR", "section"]

#: The sample floor the demo uses (the sample book holds a handful of deals).
FLOOR = 1

Say = Callable[..., str]


def _pipelines(portfolio: Portfolio) -> list[Pipeline]:
    keys = sorted({o.pipeline for o in portfolio.opportunities})
    return [stage_presets.get(k) for k in keys if k in stage_presets.names()]


def _rate(rate: Fraction | None, say: Say) -> str:
    return say("insufficient") if rate is None else f"{float(rate):.0%}"


def _days(value: timedelta | None, say: Say) -> str:
    if value is None:
        return say("not_reached")
    return say("days", days=f"{value / timedelta(days=1):.1f}")


def _funnels(portfolio: Portfolio, pipelines: list[Pipeline], say: Say, text: Say) -> list[str]:
    lines = []
    for pipeline in pipelines:
        lines.append(say("funnel", pipeline=text(pipeline.pipeline_label_key)))
        for stage, reached in analytics.funnel(portfolio.opportunities, pipeline=pipeline).rows:
            name = text(pipeline.stage_label_key(stage))
            lines.append("  " + say("funnel_line", stage=name, reached=reached))
    return lines


def _rates(portfolio: Portfolio, say: Say) -> list[str]:
    deals = portfolio.opportunities
    lines = [say("win_rate")]
    for owner, closed, won, rate in analytics.win_rate(deals, by="owner", min_sample=FLOOR).rows:
        lines.append(
            "  " + say("win_rate_line", owner=owner, won=won, closed=closed, rate=_rate(rate, say))
        )
    lines.append(say("velocity"))
    for row in analytics.velocity(deals, min_sample=FLOOR).as_dicts():
        figure = row["velocity"]
        lines.append(
            "  "
            + say(
                "velocity_line",
                currency=row["currency"],
                open=row["open"],
                rate=_rate(row["win_rate"], say),
                average=row["average_won"] or "-",
                days=f"{row['cycle'] / timedelta(days=1):.1f}" if row["cycle"] else "-",
                velocity=say("insufficient") if figure is None else figure,
            )
        )
    return lines


def _forecast(portfolio: Portfolio, pipelines: list[Pipeline], say: Say) -> list[str]:
    keys = {p.key for p in pipelines}
    deals = [o for o in portfolio.opportunities if o.pipeline in keys]
    if not deals:
        return []
    lines = [say("forecast")]
    result = analytics.forecast(deals, pipelines=pipelines, period="quarter")
    for row in result.as_dicts():
        lines.append(
            "  "
            + say(
                "forecast_line",
                period=row["period"] or say("no_close"),
                commit=row["commit_total"],
                closed=row["closed"],
                best_case=row["best_case_total"],
                pipeline=row["pipeline_total"],
                weighted=row["weighted"],
            )
        )
    return lines


def _time_in_stage(
    portfolio: Portfolio, pipelines: list[Pipeline], say: Say, text: Say
) -> list[str]:
    by_key = {p.key: p for p in pipelines}
    at = portfolio.as_of
    result = analytics.time_in_stage(portfolio.opportunities, at=at, min_sample=FLOOR)
    lines = [say("time_in_stage", day=at.date())]
    for pipeline, stage, visits, _exits, censored, median in result.rows:
        known = by_key.get(pipeline)
        name = text(known.stage_label_key(stage)) if known else stage
        flow = text(known.pipeline_label_key) if known else pipeline
        lines.append(
            "  "
            + say(
                "time_in_stage_line",
                pipeline=flow,
                stage=name,
                visits=visits,
                still=censored,
                median=_days(median, say),
            )
        )
    return lines


def _compliance(portfolio: Portfolio, say: Say, text: Say) -> list[str]:
    tracker = Tracker(
        presets.all_rules(),
        customers=portfolio.customers,
        leads=portfolio.leads,
        opportunities=portfolio.opportunities,
        activities=portfolio.activities,
        events=cadence_demo.events(portfolio),
        team=cadence_demo.TEAM,
    )
    result = analytics.compliance(tracker, at=portfolio.as_of, min_sample=FLOOR)
    lines = [say("compliance")]
    for row in result.as_dicts():
        lines.append(
            "  "
            + say(
                "compliance_line",
                rule=text(tracker.rules.get(row["rule"]).label_key),
                person=row["person"],
                on_time=row["met_on_time"],
                late=row["met_late"],
                overdue=row["overdue"],
                not_due=row["not_due"],
            )
        )
    return lines


def section(portfolio: Portfolio, locale: str) -> list[str]:
    if not portfolio.opportunities:
        return skipped("opportunities")
    cats = default_catalogs()

    def say(key: str, **values: object) -> str:
        return cats.format(f"analytics.demo.{key}", locale, **values)

    def text(key: str) -> str:
        return cats.label(key, locale)

    pipelines = _pipelines(portfolio)
    return [
        say("floor", floor=FLOOR),
        *_funnels(portfolio, pipelines, say, text),
        *_rates(portfolio, say),
        *_forecast(portfolio, pipelines, say),
        *_time_in_stage(portfolio, pipelines, say, text),
        *_compliance(portfolio, say, text),
    ]
