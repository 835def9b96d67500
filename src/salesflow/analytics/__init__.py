"""Pipeline analytics: counts, funnel, conversion, win rates, cycle times, reasons, velocity.

And stale deals, the forecast and slippage between two snapshots.

One specification, two engines. Every figure is defined once (a frozen
spec, :mod:`._spec`) and computed by a pure-Python reference engine over a
sequence of :class:`~salesflow.Opportunity` values (no extra needed) or by
a polars engine over the tables of :mod:`salesflow.tables` (the
``opportunities`` table and its ``events``). Both hand their counts and sums
to one set of rules (:mod:`._rules`) that makes the :class:`Result`, so they
give identical results.

>>> from salesflow import analytics
>>> analytics.win_rate([]).rows
()
"""

from __future__ import annotations

from salesflow.analytics import plot
from salesflow.analytics._book import ENGINES
from salesflow.analytics._compliance import COMPLIANCE_KEYS, compliance
from salesflow.analytics._figures import (
    conversion,
    counts,
    cycle_time,
    forecast,
    funnel,
    reasons,
    slippage,
    stale,
    velocity,
    win_rate,
)
from salesflow.analytics._results import INSUFFICIENT, Result
from salesflow.analytics._spec import FIELDS, MIN_SAMPLE, PERIODS
from salesflow.analytics._time_in_stage import time_in_stage, time_in_stage_curve
from salesflow.analytics._win import fit_win_model, win_probability, win_probability_backtest
from salesflow.analytics._winmodel import Factor, Prediction, ValueCount, WinModel

__all__ = [
    "COMPLIANCE_KEYS",
    "ENGINES",
    "FIELDS",
    "INSUFFICIENT",
    "MIN_SAMPLE",
    "PERIODS",
    "Result",
    "compliance",
    "conversion",
    "counts",
    "cycle_time",
    "forecast",
    "funnel",
    "plot",
    "reasons",
    "slippage",
    "stale",
    "time_in_stage",
    "time_in_stage_curve",
    "velocity",
    "win_rate",
]
__all__ += [
    "Factor",
    "Prediction",
    "ValueCount",
    "WinModel",
    "fit_win_model",
    "win_probability",
    "win_probability_backtest",
]
