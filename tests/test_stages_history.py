"""What a stage history tells: entry time, time by stage, staleness, cycle time."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Money, Opportunity, ValidationError
from salesflow.stages import (
    MovePolicy,
    Pipeline,
    cycle_time,
    days_in_stage,
    entered_stage_at,
    is_stale,
    presets,
    time_by_stage,
    time_in_stage,
    timeline,
    win_outcome,
)
from tests import strategies as strat

T0 = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def walked(pipeline: Pipeline, opp: Opportunity, data: st.DataObject) -> Opportunity:
    """Random accepted moves on ``opp``."""
    for _ in range(data.draw(st.integers(0, 8))):
        at = opp.updated_at + data.draw(strat.move_gaps)
        move = data.draw(
            st.sampled_from(["advance", "back", "win", "lose", "pause", "resume", "reopen"])
        )
        try:
            if move == "advance":
                opp = pipeline.advance(opp, at=at, context={"ok": True})
            elif move == "back":
                opp = pipeline.advance(
                    opp, to=data.draw(st.sampled_from(pipeline.open_keys)), at=at
                )
            elif move == "lose":
                opp = pipeline.lose(opp, reason=pipeline.lost_reasons[0], at=at)
            else:
                opp = getattr(pipeline, move)(opp, at=at)
        except Exception:
            continue
    return opp


pairs = strat.pipelines.map(
    lambda p: attrs.evolve(p, policy=MovePolicy(allow_reopen=True, allow_skip=True))
).flatmap(lambda p: st.tuples(st.just(p), strat.opened(p)))


@given(pairs, st.data())
def test_time_by_stage_adds_up_to_the_open_time(
    pair: tuple[Pipeline, Opportunity], data: st.DataObject
) -> None:
    """Time by stage sums to the time the deal was open or paused, never negative."""
    pipeline, opp = pair
    opp = walked(pipeline, opp, data)
    at = opp.updated_at + data.draw(strat.move_gaps)
    totals = time_by_stage(opp, at=at)
    assert all(v >= timedelta(0) for v in totals.values())
    assert set(totals) <= set(pipeline.keys)
    assert opp.stage in totals
    if opp.is_closed:
        closed_since = opp.updated_at
        assert sum(totals.values(), timedelta(0)) <= closed_since - opp.created_at
    else:
        assert totals[opp.stage] >= time_in_stage(opp, at=at)
        assert sum(totals.values(), timedelta(0)) <= at - opp.created_at


@given(pairs, st.data())
def test_entered_stage_at_is_a_change_into_the_stage(
    pair: tuple[Pipeline, Opportunity], data: st.DataObject
) -> None:
    """The entry time is the at of a change that ended in the current stage, from elsewhere."""
    pipeline, opp = pair
    opp = walked(pipeline, opp, data)
    entered = entered_stage_at(opp)
    entries = [c for c in opp.history if c.at == entered and c.to_stage == opp.stage]
    assert entries
    later = [c for c in opp.history if c.at > entered]
    assert all(c.from_stage == c.to_stage == opp.stage for c in later)
    at = opp.updated_at + timedelta(days=3)
    end = opp.updated_at if opp.is_closed else at  # a win or loss stops the clock
    assert days_in_stage(opp, at=at) == (end - entered).days


@given(pairs, st.data())
def test_timeline_durations_chain(pair: tuple[Pipeline, Opportunity], data: st.DataObject) -> None:
    """Each change lasts until the next; only a closed deal's last change has no duration."""
    pipeline, opp = pair
    opp = walked(pipeline, opp, data)
    at = opp.updated_at + timedelta(hours=5)
    spans = timeline(opp, at=at)
    assert [c for c, _ in spans] == list(opp.history)
    for (change, span), (nxt, _) in itertools.pairwise(spans):
        assert span == nxt.at - change.at
    assert (spans[-1][1] is None) == opp.is_closed


def deal(pipeline_name: str = "complex") -> tuple[Pipeline, Opportunity]:
    p = presets.get(pipeline_name, checklists=False)
    opp = p.open(
        id="o-hengtai-line2",
        customer_id="c-hengtai",
        owner="li.na",
        amount=Money("2400000", "CNY"),
        at=T0,
        expected_close=date(2026, 6, 30),
    )
    return p, opp


def test_revisits_add_up() -> None:
    """Going back to a stage adds the second stay to the first."""
    p, opp = deal()
    opp = p.advance(opp, at=day(10))  # prospect_list: 10 days
    opp = p.advance(opp, at=day(15))  # book_visit: 5 days
    opp = p.advance(opp, to="prospect_list", at=day(16))  # propose_brief: 1 day
    opp = p.advance(opp, at=day(20))  # prospect_list again: 4 days
    totals = time_by_stage(opp, at=day(22))
    assert totals == {
        "prospect_list": timedelta(days=14),
        "book_visit": timedelta(days=5 + 2),
        "propose_brief": timedelta(days=1),
    }
    assert entered_stage_at(opp) == day(20)
    assert days_in_stage(opp, at=day(22)) == 2


def test_pause_counts_and_closing_stops_the_clock() -> None:
    """Paused time counts toward the stage; after a win the clock stops."""
    p, opp = deal("basic")
    opp = p.pause(opp, at=day(3))
    opp = p.resume(opp, at=day(5))
    assert entered_stage_at(opp) == T0, "pausing in place does not re-enter the stage"
    won = p.win(opp, at=day(9), outcome=None)
    assert time_by_stage(won, at=day(100)) == {
        "prospect_list": timedelta(days=9),
        "after_sale": timedelta(0),
    }
    assert cycle_time(won) == timedelta(days=9)
    assert cycle_time(opp) is None
    assert timeline(won, at=day(100))[-1][1] is None


def test_staleness_follows_rot_days() -> None:
    """A deal is stale after its stage's rot_days; paused and closed deals are not."""
    p, opp = deal("basic")  # prospect_list rots after 30 days
    assert p.stage("prospect_list").rot_days == 30
    assert not is_stale(p, opp, at=day(29.9))
    assert is_stale(p, opp, at=day(30))
    assert not is_stale(p, p.pause(opp, at=day(1)), at=day(60))
    assert not is_stale(p, p.win(opp, at=day(1)), at=day(60))
    moved = p.advance(opp, at=day(29))
    assert not is_stale(p, moved, at=day(40)), "entering a stage restarts its clock"


def test_deal_without_history_uses_created_at() -> None:
    """Imported deals without history start their stage at created_at."""
    _p, opp = deal("basic")
    bare = attrs.evolve(opp, history=())
    assert entered_stage_at(bare) == T0
    assert time_by_stage(bare, at=day(2)) == {"prospect_list": timedelta(days=2)}
    assert timeline(bare, at=day(2)) == ()


def test_win_outcome() -> None:
    """The outcome tag of a won deal; None for a plain win or an open deal."""
    p, opp = deal("lifecycle")
    assert win_outcome(p.win(opp, at=day(1), outcome="upgraded")) == "upgraded"
    assert win_outcome(p.win(opp, at=day(1))) is None
    assert win_outcome(opp) is None


@pytest.mark.parametrize(
    "call",
    [
        lambda opp: time_by_stage(opp, at=datetime(2026, 3, 1)),
        lambda opp: time_in_stage(opp, at=datetime(2026, 3, 1)),
        lambda opp: days_in_stage(opp, at=T0 - timedelta(days=1)),
        lambda opp: timeline(opp, at="2026-03-01"),  # type: ignore[arg-type]
        lambda opp: is_stale(
            presets.get("complex", checklists=False), opp, at=datetime(2026, 3, 1)
        ),
    ],
)
def test_bad_at_is_a_validation_error(call: object) -> None:
    """A naive, non-datetime or too early ``at`` is a ValidationError on ``at``."""
    _, opp = deal()
    with pytest.raises(ValidationError) as info:
        call(opp)  # type: ignore[operator]
    assert "at" in info.value.paths


def test_not_an_opportunity() -> None:
    """Every function names the bad subject."""
    for call in (entered_stage_at, cycle_time, win_outcome):
        with pytest.raises(ValidationError) as info:
            call("o-1")  # type: ignore[arg-type]
        assert "opportunity" in info.value.paths


def test_is_stale_refuses_a_non_pipeline_and_a_deal_of_another_pipeline() -> None:
    """is_stale names a bad ``pipeline`` and refuses to read another pipeline's rot_days
    for a deal whose stage key the two pipelines share."""
    _, opp = deal("complex")  # prospect_list rots after 30 days in both presets
    with pytest.raises(ValidationError) as info:
        is_stale(None, opp, at=day(1))  # type: ignore[arg-type]
    assert info.value.paths == ("pipeline",)
    with pytest.raises(ValidationError) as info:
        is_stale(presets.get("basic", checklists=False), opp, at=day(40))
    assert info.value.paths == ("opportunity",)
    with pytest.raises(ValidationError) as info:
        is_stale("basic", "o-1", at="x")  # type: ignore[arg-type]
    assert set(info.value.paths) == {"pipeline", "opportunity", "at"}


@given(pairs, st.data())
def test_time_in_stage_never_exceeds_the_stage_total(
    pair: tuple[Pipeline, Opportunity], data: st.DataObject
) -> None:
    """The clock stops at a win or loss for both answers: the current stay is part of
    the stage's total, so time_in_stage <= time_by_stage[stage] at any later moment."""
    pipeline, opp = pair
    opp = walked(pipeline, opp, data)
    at = opp.updated_at + data.draw(strat.move_gaps)
    assert time_in_stage(opp, at=at) <= time_by_stage(opp, at=at)[opp.stage]


def test_a_closed_deal_stops_the_clock_of_its_stage() -> None:
    """A deal lost after 2 days in prospect_list has been there 2 days, however late we ask
    (the module's rule: after a win or loss the clock stops, until a reopen)."""
    p, opp = deal("basic")
    opp = p.pause(opp, at=day(1))
    lost = p.lose(opp, reason="price", at=day(2))
    assert time_by_stage(lost, at=day(50)) == {"prospect_list": timedelta(days=2)}
    assert time_in_stage(lost, at=day(50)) == timedelta(days=2)
    assert days_in_stage(lost, at=day(50)) == 2
    reopened = attrs.evolve(p, policy=MovePolicy(allow_reopen=True)).reopen(lost, at=day(10))
    assert time_in_stage(reopened, at=day(12)) == timedelta(days=2), "a reopen restarts it"
