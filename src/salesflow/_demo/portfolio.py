"""The demo's portfolio type (defined in :mod:`salesflow.records.portfolio`)."""

from salesflow.locales import default_catalogs
from salesflow.records import Opportunity, OpportunityStatus
from salesflow.records.portfolio import Portfolio

__all__ = ["Portfolio", "open_deal", "skipped"]


def open_deal(
    portfolio: Portfolio, pipeline: str, deal_id: str | None = None
) -> Opportunity | None:
    """The open deal ``deal_id`` (else the first open one) of ``pipeline``, if any."""
    for opp in portfolio.opportunities:
        if opp.pipeline != pipeline or opp.status is not OpportunityStatus.OPEN:
            continue
        if deal_id is None or opp.id == deal_id:
            return opp
    return None


def skipped(what: str, locale: str = "en") -> list[str]:
    """The one line a section prints when the portfolio lacks what it shows.

    ``what`` is English; other locales say that the data is missing, in their words.
    """
    if locale == "en":
        return [f"(skipped: this portfolio has no {what})"]
    return [default_catalogs().label("demo.skipped_missing", locale)]
