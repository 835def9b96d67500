"""Demo section: the portfolio's deals as a polars frame, scored, weighted and gated over it."""

from __future__ import annotations

from typing import Any

from salesflow._demo._text import joined, say
from salesflow._demo.portfolio import Portfolio, skipped
from salesflow.exceptions import MissingExtraError, ValidationError
from salesflow.locales import default_catalogs
from salesflow.money import Money
from salesflow.records import Opportunity, OpportunityStatus
from salesflow.scoring import presets
from salesflow.stages import presets as stage_presets

__all__ = ["section"]

#: The scorecard the section runs over the frame, and the attributes it reads.
_CARD = "bant"


def _facts(pl: Any, book: Any, fields: list[str]) -> Any:
    """The book with one boolean column per fact, read from the attributes' JSON text."""
    return book.with_columns(
        (pl.col("attributes").str.json_path_match(f"$.{name}") == "true").alias(name)
        for name in fields
    )


def _scores(pl: Any, book: Any, deals: list[Opportunity], locale: str) -> list[str]:
    from salesflow import tables

    cats = default_catalogs()
    card = presets.get(_CARD)
    fields = [c.field for c in card.criteria if c.field is not None]
    scored = tables.evaluate_frame(card, _facts(pl, book, fields))
    lines = [cats.label("tables.demo.scores", locale)]
    same = True
    for opp, row in zip(deals, scored.iter_rows(named=True), strict=True):
        band = cats.label(card.band_label_key(row["band"]), locale)
        total, maximum = f"{row['total']:f}", f"{card.maximum:f}"
        lines.append(
            cats.format(
                "tables.demo.score_row", locale, id=opp.id, total=total, maximum=maximum, band=band
            )
        )
        want = card.evaluate(opp)
        same = same and want.total == row["total"] and want.band == row["band"]
    lines.append(cats.format("tables.demo.same", locale, same=say("yes" if same else "no", locale)))
    return lines


def _weighted(book: Any, deals: list[Opportunity], locale: str) -> list[str]:
    from salesflow import tables

    cats = default_catalogs()
    lines = []
    for key in sorted({d.pipeline for d in deals} & set(stage_presets.names())):
        pipeline = stage_presets.get(key)
        mine = book.filter(book["pipeline"].cast(str) == key)
        out = tables.probability_frame(pipeline, mine)
        open_rows = out.filter(out["status"].cast(str) == OpportunityStatus.OPEN.value)
        currency = open_rows["amount_currency"][0] if open_rows.height else "CNY"
        amount = Money(open_rows["weighted_amount"].sum() or 0, str(currency))
        lines.append(
            cats.format(
                "tables.demo.weighted", locale, pipeline=key, deals=mine.height, amount=amount
            )
        )
        lines += _gates(pipeline, mine, [d for d in deals if d.pipeline == key], locale)
    return lines


def _gates(pipeline: Any, book: Any, deals: list[Opportunity], locale: str) -> list[str]:
    from salesflow import tables

    cats = default_catalogs()
    gated = tables.gate_frame(pipeline, book, tables.to_arrow(deals, "marks"))
    leaving = int(gated["may_leave"].sum())
    lines = [cats.format("tables.demo.gates", locale, leaving=leaving, deals=gated.height)]
    for row in gated.head(2).iter_rows(named=True):
        checklist = pipeline.stage(row["stage"]).checklist
        named = [
            cats.label(checklist.item(k).label_key, locale)
            if checklist is not None and k in checklist
            else k
            for k in row["lacks"]
        ]
        if named:
            lines.append(
                cats.format(
                    "tables.demo.lacks",
                    locale,
                    id=row["id"],
                    count=len(named),
                    first=joined(named[:3], locale),
                )
            )
    return lines


def section(portfolio: Portfolio, locale: str) -> list[str]:
    cats = default_catalogs()
    deals = list(portfolio.opportunities)
    if not deals:
        return skipped("deals to hold as a table", locale)
    try:
        from salesflow import tables
        from salesflow.tables import _extra

        pl = _extra.polars()
        book = tables.to_polars(deals)
    except MissingExtraError:
        return [cats.label("tables.demo.no_extra", locale)]
    lines = [cats.format("tables.demo.book", locale, rows=book.height, columns=book.width)]
    lines += _scores(pl, book, deals, locale)
    try:
        lines += _weighted(book, deals, locale)
    except ValidationError:  # a deal in a stage its pipeline lacks: nothing to weigh
        lines += skipped("deals in their pipelines' stages", locale)
    return lines
