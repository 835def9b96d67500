"""records.stays: a deal's history read as contiguous stays."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Opportunity, ValidationError
from salesflow.records import Stay, stays
from tests import strategies as strat


@given(strat.opportunities(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
def test_stays_are_contiguous_and_end_where_the_deal_is(
    deal: Opportunity, extra: timedelta
) -> None:
    """Each stay starts where the one before left off; the last is open and is the deal's place."""
    until = deal.updated_at + extra
    found = stays(deal, until=until)
    assert found[0].entered_at == deal.created_at
    for before, after in pairwise(found):
        assert before.left_at == after.entered_at
        assert (before.stage, before.status) != (after.stage, after.status)
    assert found[-1].left_at is None
    assert (found[-1].stage, found[-1].status) == (deal.stage, deal.status)
    total = sum((s.length(until=until) for s in found), timedelta(0))
    assert total == until - deal.created_at
    # built without __init__, each is the value the constructor builds
    assert all(type(s) is Stay and Stay(**attrs.asdict(s, recurse=False)) == s for s in found)


@given(strat.opportunities())
def test_stays_up_to_a_moment_read_only_the_changes_before_it(deal: Opportunity) -> None:
    for change in deal.history:
        until = change.at - timedelta(microseconds=1)
        if until < deal.created_at:
            continue
        assert all(s.entered_at <= until for s in stays(deal, until=until))


@pytest.mark.parametrize(
    ("args", "paths"),
    [
        (({"id": "o-1"},), ("opportunity",)),
        ((None,), ("opportunity",)),
    ],
)
def test_bad_arguments_are_validation_errors(args: tuple[object], paths: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError) as info:
        stays(*args, until=datetime(2026, 1, 1))  # type: ignore[arg-type]
    assert info.value.paths == (*paths, "until")
