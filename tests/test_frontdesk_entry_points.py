"""Every front-desk entry point validates its arguments: a SalesflowError, never another error."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import SalesflowError, ValidationError
from salesflow.frontdesk import (
    Absence,
    ConsistencyReport,
    ConsistencyRules,
    Member,
    consistency_report,
    progression_sheet,
    register_figures,
    require_consistency,
)
from tests import frontdesk_day as day
from tests import strategies as sst

garbage = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=4),
    st.lists(st.none(), max_size=2),
    sst.naive_datetimes,
    sst.dates,
)


def _calls(a: object, b: object, c: object) -> list[Callable[[], object]]:
    register, desk, card = day.register(), day.desk(), day.card()
    away = Absence(start=day.at(2, 9), end=day.at(2, 12))
    return [
        lambda: register.added(a),  # type: ignore[arg-type]
        lambda: register.on(a),  # type: ignore[arg-type]
        lambda: register.visit(a),  # type: ignore[arg-type]
        lambda: register.checked(day=a, by=b, at=c),  # type: ignore[arg-type]
        lambda: register_figures(a, start=b, end=c),  # type: ignore[arg-type]
        lambda: register_figures(register, start=a, end=b),  # type: ignore[arg-type]
        lambda: desk.report(a, b),  # type: ignore[arg-type]
        lambda: desk.cards_of(a),  # type: ignore[arg-type]
        lambda: card.followed_up(a),  # type: ignore[arg-type]
        lambda: consistency_report(a, book=b, rules=c),  # type: ignore[arg-type]
        lambda: consistency_report(desk, book=day.book(), rules=a),  # type: ignore[arg-type]
        lambda: require_consistency(a, book=b, rules=c),  # type: ignore[arg-type]
        lambda: ConsistencyReport().of(a),  # type: ignore[arg-type]
        lambda: ConsistencyRules().filing_due(a),  # type: ignore[arg-type]
        lambda: ConsistencyRules(calendar=a),  # type: ignore[arg-type]
        lambda: progression_sheet(a, at=b, intents=c),  # type: ignore[arg-type]
        lambda: progression_sheet(day.book(), at=day.at(3, 18), intents=a),  # type: ignore[arg-type]
        lambda: Member(id="m", team="t", away=[away]).is_away(a),  # type: ignore[arg-type]
        lambda: away.covers(a),  # type: ignore[arg-type]
    ]


@given(garbage, garbage, garbage)
def test_only_salesflow_errors_escape(a: object, b: object, c: object) -> None:
    for call in _calls(a, b, c):
        with contextlib.suppress(SalesflowError):
            call()


def test_a_naive_moment_is_named_not_compared() -> None:
    """Asking whether someone is away at a naive moment names ``at`` (no TypeError)."""
    away = Absence(start=day.at(2, 9), end=day.at(2, 12))
    calls: list[Callable[[], bool]] = [
        lambda: away.covers(datetime(2026, 3, 2, 10)),
        lambda: Member(id="m", team="t", away=[away]).is_away(datetime(2026, 3, 2, 10)),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.paths == ("at",)
    assert away.covers(day.at(2, 10))
    assert not away.covers(day.at(2, 12))
    assert Member(id="m", team="t", away=[away]).is_away(day.at(2, 11))
    assert Member(id="m", team="t", active=False).is_away(day.at(2, 13))
