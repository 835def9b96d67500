"""The intent progression sheet, read from the book: a property over any book and moment."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import Intent, LeadStatus, Portfolio, from_dict, to_dict
from salesflow.frontdesk import ProgressionSheet, SubjectKind, progression_sheet
from tests import strategies as sst

books = st.builds(
    Portfolio,
    as_of=sst.aware_datetimes,
    leads=st.lists(sst.leads(), max_size=3, unique_by=lambda x: x.id),
    customers=st.lists(sst.customers, max_size=3, unique_by=lambda c: c.id),
)


@settings(max_examples=40)  # whole leads and customers are slow to draw
@given(
    book=books,
    at=sst.aware_datetimes,
    intents=st.lists(st.sampled_from(Intent), unique=True, max_size=5).map(tuple),
)
def test_the_sheet_lists_exactly_the_open_prospects_holding_a_tracked_intent(
    book: Portfolio, at: datetime, intents: tuple[Intent, ...]
) -> None:
    """Every row is a lead (neither converted nor disqualified) or a customer whose intent
    held at ``at`` is tracked; every such record has a row; hottest first, then oldest."""
    sheet = progression_sheet(book, at=at, intents=intents)
    expected = {
        ("lead", x.id)
        for x in book.leads
        if x.status not in (LeadStatus.CONVERTED, LeadStatus.DISQUALIFIED)
        and x.intent.as_of(at) in intents
    } | {("customer", c.id) for c in book.customers if c.intent.as_of(at) in intents}
    assert {(r.kind.value, r.id) for r in sheet.rows} == expected
    order = list(Intent)
    keys = [(order.index(r.intent), r.since, r.id) for r in sheet.rows]
    assert keys == sorted(keys)
    for row in sheet.rows:
        records = book.leads if row.kind is SubjectKind.LEAD else book.customers
        record = next(x for x in records if x.id == row.id)
        held = [m for m in record.intent.marks if m.at <= at]
        assert (row.marks, row.by, row.intent) == (len(held), held[-1].by, held[-1].intent)
        assert row.since <= held[-1].at
        assert all(m.intent is row.intent for m in held if m.at >= row.since)
    assert from_dict(ProgressionSheet, to_dict(sheet)) == sheet
