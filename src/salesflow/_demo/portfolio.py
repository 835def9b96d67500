"""The demo's portfolio type (defined in :mod:`salesflow.records.portfolio`)."""

from salesflow.records.portfolio import Portfolio

__all__ = ["Portfolio"]
