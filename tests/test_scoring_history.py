"""Assessment histories: one scorecard at several dates, for us and each competitor (seed 004)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import ValidationError, from_dict, to_dict
from salesflow.scoring import US, AssessmentHistory, Change, presets
from salesflow.scoring.presets import RWW20_QUESTIONS

KEYS = [k for ks in RWW20_QUESTIONS.values() for k in ks]
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CARD = presets.get("rww20")


def _marks(pluses: int) -> dict[str, bool]:
    return {k: i < pluses for i, k in enumerate(KEYS)}


@st.composite
def histories(draw: st.DrawFn) -> AssessmentHistory:
    history = AssessmentHistory(scorecard="rww20")
    parties = draw(st.lists(st.sampled_from(["us", "acme", "globex"]), min_size=0, max_size=6))
    for i, party in enumerate(parties):
        pluses = draw(st.integers(0, 20))
        at = START + timedelta(days=draw(st.integers(0, 60)), minutes=i)
        history = history.record(party, CARD.evaluate(_marks(pluses)), at=at)
    return history


@given(histories())
def test_history_stays_in_time_order_and_round_trips(history: AssessmentHistory) -> None:
    """Recording in any order keeps the assessments sorted; the history survives to_dict."""
    times = [a.at for a in history.assessments]
    assert times == sorted(times)
    back = from_dict(AssessmentHistory, to_dict(history))
    assert back == history


@given(histories())
def test_changes_chain_from_first_to_last(history: AssessmentHistory) -> None:
    """Each party's changes add up to the difference between its first and last totals."""
    for party in history.parties:
        series = history.series(party)
        delta = sum((c.delta for c in history.changes(party)), Decimal(0))
        assert delta == series[-1].result.total - series[0].result.total


def test_seed_004_sheet_us_and_competitor_over_three_dates() -> None:
    """Seed 004: the sheet filled in at three dates for us and one competitor."""
    h = AssessmentHistory(scorecard="rww20")
    for week, (ours, them) in enumerate([(8, 12), (12, 12), (16, 10)]):
        at = START + timedelta(weeks=week)
        h = h.record(US, CARD.evaluate(_marks(ours)), at=at)
        h = h.record("acme", CARD.evaluate(_marks(them)), at=at)
    assert h.parties == ("us", "acme")
    assert [a.result.band for a in h.series(US)] == ["weak", "medium", "strong"]
    assert dict(h.standings()) == {"us": Decimal(16), "acme": Decimal(10)}
    assert dict(h.standings(at=START)) == {"us": Decimal(8), "acme": Decimal(12)}
    change = h.change(US)
    assert change is not None
    assert (change.delta, change.band_before, change.band_after) == (Decimal(4), "medium", "strong")
    assert change.improved == tuple(KEYS[12:16])
    theirs = h.change("acme")
    assert theirs is not None
    assert theirs.worsened == tuple(KEYS[10:12])
    assert h.latest(US, at=START + timedelta(days=8)).result.total == Decimal(12)


def test_bad_histories() -> None:
    """Wrong scorecard, duplicate party and time, naive datetimes, unknown parties refused."""
    h = AssessmentHistory(scorecard="rww20").record(US, CARD.evaluate({}), at=START)
    with pytest.raises(ValidationError) as info:
        h.record(US, CARD.evaluate({}), at=START)
    assert info.value.paths == ("assessments[1]",)
    with pytest.raises(ValidationError) as info:
        h.record("acme", presets.get("bant").evaluate({}), at=START)
    assert "assessments[1].result.scorecard" in info.value.paths
    with pytest.raises(ValidationError) as info:
        h.record(US, CARD.evaluate({}), at=datetime(2026, 2, 1))
    assert info.value.paths == ("at",)
    with pytest.raises(ValidationError) as info:
        h.record("Not A Key", CARD.evaluate({}), at=START)
    assert info.value.paths == ("party",)
    with pytest.raises(ValidationError) as info:
        h.series("globex")
    assert info.value.paths == ("party",)
    with pytest.raises(ValidationError) as info:
        h.latest(US, at=START - timedelta(days=1))
    assert info.value.paths == ("at",)
    assert h.change(US) is None
    assert len(h.assessments) == 1


@pytest.mark.parametrize("at", [datetime(2026, 3, 5), "2026-03-05"])
def test_standings_checks_at(at: object) -> None:
    """A naive or non-datetime at= is a ValidationError, not a TypeError from comparing."""
    card = presets.get("rww20")
    march = datetime(2026, 3, 1, tzinfo=UTC)
    history = AssessmentHistory(scorecard="rww20").record("us", card.evaluate({}), at=march)
    with pytest.raises(ValidationError) as info:
        history.standings(at=at)  # type: ignore[arg-type]
    assert info.value.paths == ("at",)


def test_a_change_checks_its_fields() -> None:
    with pytest.raises(ValidationError) as info:
        Change(
            party="Us!",
            since=datetime(2026, 3, 1),
            until=None,  # type: ignore[arg-type]
            total_before=1.5,  # type: ignore[arg-type]
            total_after=Decimal(1),
            band_before="weak",
            band_after="",
            improved="abc",
            worsened=(),
        )
    assert set(info.value.paths) == {
        "party",
        "since",
        "until",
        "total_before",
        "band_after",
        "improved",
    }
