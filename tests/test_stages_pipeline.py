"""The fast engine: every move of :class:`salesflow.stages.Pipeline`.

Properties first (a Hypothesis state machine drives random valid and invalid
moves over random pipelines and the presets), then examples from the source
documents' flows, then bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from salesflow import (
    Money,
    Move,
    Opportunity,
    OpportunityStatus,
    TransitionError,
    ValidationError,
    from_dict,
    to_dict,
)
from salesflow.stages import ForecastCategory, MovePolicy, Pipeline, Stage, presets
from tests import strategies as strat

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
OPEN, WON, LOST, PAUSED = (
    OpportunityStatus.OPEN,
    OpportunityStatus.WON,
    OpportunityStatus.LOST,
    OpportunityStatus.PAUSED,
)


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


def fully_valid(opp: Opportunity) -> Opportunity:
    """Re-run every check of the record (attrs.evolve) and the converter round trip."""
    again = attrs.evolve(opp)
    assert from_dict(Opportunity, to_dict(opp)) == opp
    return again


# -- properties ------------------------------------------------------------------------


class DealLife(RuleBasedStateMachine):
    """Random moves, valid and invalid, on one deal of a random pipeline or preset."""

    def __init__(self) -> None:
        super().__init__()
        self.pipeline: Pipeline = presets.get("basic", checklists=False)
        self.opp: Opportunity = self.pipeline.open(
            id="x", customer_id="c", owner="o", amount=Money("1", "CNY"), at=T0
        )

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        self.pipeline = data.draw(strat.pipelines, label="pipeline")
        self.opp = data.draw(strat.opened(self.pipeline), label="opened")
        fully_valid(self.opp)

    def _at(self, data: st.DataObject) -> datetime:
        return self.opp.updated_at + data.draw(strat.move_gaps, label="gap")

    def _context(self, data: st.DataObject) -> dict[str, Any] | None:
        return data.draw(st.none() | st.builds(dict, ok=st.booleans()), label="context")

    def _attempt(
        self, move: str, call: Any, allowed_statuses: tuple[OpportunityStatus, ...]
    ) -> None:
        before = self.opp
        snapshot = to_dict(before)
        refused: TransitionError | None = None
        try:
            result = call()
        except TransitionError as exc:
            refused = exc
        if refused is not None:
            err = refused
            assert to_dict(self.opp) == snapshot, "a refused move changed the deal"
            assert err.move == move
            assert err.opportunity_id == before.id
            assert err.reasons
            assert err.codes
            assert ("wrong_status" in err.codes) == (
                before.status not in allowed_statuses
                and "wrong_pipeline" not in err.codes
                and "unknown_stage" not in err.codes
            )
            return
        assert before.status in allowed_statuses
        fully_valid(result)
        assert result.history[:-1] == before.history
        change = result.history[-1]
        assert change.from_stage == before.stage
        assert change.from_status == before.status
        assert change.to_stage == result.stage
        assert change.to_status == result.status
        assert change.at >= before.updated_at
        assert change.probability_before == self.pipeline.probability(before)
        assert change.probability_after == self.pipeline.probability(result)
        if before.is_closed:
            assert change.move is Move.REOPEN, "a closed deal left its outcome without a reopen"
        self.opp = result

    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        to = data.draw(st.none() | st.sampled_from([*self.pipeline.keys, "nowhere"]), label="to")
        at, ctx = self._at(data), self._context(data)
        self._attempt(
            "advance", lambda: self.pipeline.advance(self.opp, to=to, at=at, context=ctx), (OPEN,)
        )
        if self.opp.history[-1].move in (Move.ADVANCE, Move.BACK) and self.opp.history[-1].at == at:
            assert self.opp.status is OPEN

    @rule(data=st.data())
    def win(self, data: st.DataObject) -> None:
        outcome = data.draw(st.none() | st.sampled_from(["upgraded", "renewed", "bogus"]))
        at, ctx = self._at(data), self._context(data)
        self._attempt(
            "win",
            lambda: self.pipeline.win(self.opp, at=at, outcome=outcome, context=ctx),
            (OPEN,),
        )

    @rule(data=st.data())
    def lose(self, data: st.DataObject) -> None:
        reason = data.draw(st.sampled_from([*self.pipeline.lost_reasons, "bogus"]), label="reason")
        at = self._at(data)
        self._attempt(
            "lose", lambda: self.pipeline.lose(self.opp, reason=reason, at=at), (OPEN, PAUSED)
        )

    @rule(data=st.data())
    def pause(self, data: st.DataObject) -> None:
        at = self._at(data)
        self._attempt(
            "pause", lambda: self.pipeline.pause(self.opp, at=at, reason="waiting"), (OPEN,)
        )

    @rule(data=st.data())
    def resume(self, data: st.DataObject) -> None:
        at = self._at(data)
        self._attempt("resume", lambda: self.pipeline.resume(self.opp, at=at), (PAUSED,))

    @rule(data=st.data())
    def reopen(self, data: st.DataObject) -> None:
        at = self._at(data)
        self._attempt("reopen", lambda: self.pipeline.reopen(self.opp, at=at), (WON, LOST))

    @precondition(lambda self: self.opp.updated_at > self.opp.created_at)
    @rule(data=st.data())
    def move_back_in_time(self, data: st.DataObject) -> None:
        """A move dated before the last change is a ValidationError on ``at``."""
        gap = data.draw(st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(1)))
        at = self.opp.updated_at - gap
        before = to_dict(self.opp)
        with pytest.raises(ValidationError) as info:
            self.pipeline.pause(self.opp, at=at)
        assert "at" in info.value.paths
        assert to_dict(self.opp) == before

    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        """The user edits gate fields (full checks run, as for any edit)."""
        flag = data.draw(st.booleans())
        self.opp = attrs.evolve(
            self.opp,
            expected_close=data.draw(st.none() | st.just(date(2026, 6, 30))),
            attributes={**self.opp.attributes, "flag": flag},
        )

    @invariant()
    def history_is_ordered(self) -> None:
        ats = [c.at for c in self.opp.history]
        assert ats == sorted(ats)
        assert all(a >= self.opp.created_at for a in ats)

    @invariant()
    def place_matches_last_change(self) -> None:
        last = self.opp.history[-1]
        assert (last.to_stage, last.to_status) == (self.opp.stage, self.opp.status)
        assert self.opp.stage in self.pipeline.keys
        if not self.opp.is_closed:
            assert self.opp.stage in self.pipeline.open_keys

    @invariant()
    def probability_in_range(self) -> None:
        p = self.pipeline.probability(self.opp)
        assert 0 <= p <= 100
        if self.opp.status is WON:
            assert p == 100
        if self.opp.status is LOST:
            assert p == 0
            assert self.opp.lost_reason in self.pipeline.lost_reasons


DealLife.TestCase.settings = settings(DealLife.TestCase.settings, stateful_step_count=25)
TestDealLife = DealLife.TestCase


@given(strat.pipelines.flatmap(lambda p: st.tuples(st.just(p), strat.opened(p))), st.data())
def test_every_accepted_move_passes_full_validation(
    pair: tuple[Pipeline, Opportunity], data: st.DataObject
) -> None:
    """Moves skip the record's full checks; their results pass them anyway."""
    pipeline, opp = pair
    for _ in range(6):
        at = opp.updated_at + data.draw(strat.move_gaps)
        move = data.draw(st.sampled_from(["advance", "win", "lose", "pause", "resume", "reopen"]))
        try:
            if move == "advance":
                opp = pipeline.advance(opp, at=at, context={"ok": True})
            elif move == "win":
                opp = pipeline.win(opp, at=at)
            elif move == "lose":
                opp = pipeline.lose(opp, reason=pipeline.lost_reasons[0], at=at)
            else:
                opp = getattr(pipeline, move)(opp, at=at)
        except TransitionError:
            continue
        fully_valid(opp)


@given(strat.pipelines.flatmap(lambda p: st.tuples(st.just(p), strat.opened(p))), st.data())
def test_can_advance_agrees_with_advance(
    pair: tuple[Pipeline, Opportunity], data: st.DataObject
) -> None:
    """can_advance says yes exactly when advance accepts, with the same reasons."""
    pipeline, opp = pair
    to = data.draw(st.none() | st.sampled_from(pipeline.keys))
    ctx: dict[str, Any] | None = data.draw(st.none() | st.builds(dict, ok=st.booleans()))
    answer = pipeline.can_advance(opp, to=to, context=ctx)
    refused: TransitionError | None = None
    try:
        moved = pipeline.advance(opp, to=to, at=opp.updated_at, context=ctx)
    except TransitionError as exc:
        refused = exc
    if refused is not None:
        assert not answer
        assert answer.reasons == refused.reasons
        assert answer.missing == refused.unmet
    else:
        assert answer
        assert answer.reasons == ()
        assert answer.to_stage == moved.stage


# -- examples ----------------------------------------------------------------------------


def hengtai(pipeline: Pipeline, **kw: Any) -> Opportunity:
    fields: dict[str, Any] = {"expected_close": date(2026, 6, 30), "name": "Line 2"}
    fields.update(kw)
    return pipeline.open(
        id="o-hengtai-line2",
        customer_id="c-hengtai",
        owner="li.na",
        amount=Money("2400000", "CNY"),
        at=T0,
        **fields,
    )


def test_complex_flow_to_won_and_history() -> None:
    """A deal walks the complex pipeline stage by stage, is won and lands in after-sale."""
    p = presets.get("complex", checklists=False)
    opp = hengtai(p)
    for n, key in enumerate(p.open_keys[1:], start=1):
        opp = p.advance(opp, at=day(n), by="li.na")
        assert opp.stage == key
    won = p.win(opp, at=day(10), by="li.na", note="signed")
    assert (won.stage, won.status) == ("after_sale", WON)
    assert [c.move for c in won.history] == [Move.OPEN] + [Move.ADVANCE] * 5 + [Move.WIN]
    assert [c.probability_after for c in won.history] == [5, 10, 20, 35, 50, 80, 100]
    assert won.history[-1].note == "signed"
    assert won.history[1].by == "li.na"


def test_gate_refuses_and_lists_each_requirement() -> None:
    """Leaving propose_brief needs expected_close; the error names it with its code."""
    p = presets.get("basic", checklists=False)
    opp = p.advance(p.advance(hengtai(p, expected_close=None), at=day(1)), at=day(2))
    with pytest.raises(TransitionError) as info:
        p.advance(opp, at=day(3))
    err = info.value
    assert err.codes == ("unmet_requirement",)
    assert err.unmet == ("expected_close",)
    assert err.reasons[0].stage == "propose_brief"
    assert (err.from_stage, err.to_stage) == ("propose_brief", "close")
    assert "expected_close" in str(err)
    check = p.can_advance(opp)
    assert not check
    assert check.missing == ("expected_close",)


def test_skipping_needs_policy_and_every_skipped_gate() -> None:
    """Skipping is refused by default; when allowed, each skipped gate is checked."""
    base = presets.get("basic", checklists=False)
    opp = hengtai(base, expected_close=None)
    with pytest.raises(TransitionError) as info:
        base.advance(opp, to="close", at=day(1))
    assert info.value.codes == ("not_allowed",)
    skipping = attrs.evolve(base, policy=MovePolicy(allow_skip=True))
    with pytest.raises(TransitionError) as info:
        skipping.advance(opp, to="close", at=day(1))
    assert info.value.codes == ("skipped_gate",)
    assert info.value.reasons[0].stage == "propose_brief"
    moved = skipping.advance(
        attrs.evolve(opp, expected_close=date(2026, 5, 1)), to="close", at=day(1)
    )
    assert moved.stage == "close"
    assert moved.history[-1].move is Move.ADVANCE


def test_back_moves_need_no_gate_and_can_be_forbidden() -> None:
    """Back to an earlier stage is a BACK move; a policy may forbid it."""
    p = presets.get("basic", checklists=False)
    opp = p.advance(p.advance(hengtai(p), at=day(1)), at=day(2))
    back = p.advance(opp, to="prospect_list", at=day(3))
    assert back.stage == "prospect_list"
    assert back.history[-1].move is Move.BACK
    strict = attrs.evolve(p, policy=MovePolicy(allow_back=False))
    with pytest.raises(TransitionError) as info:
        strict.advance(opp, to="prospect_list", at=day(3))
    assert info.value.codes == ("not_allowed",)


def test_guards_receive_the_context() -> None:
    """A guard is called as predicate(opp, context)."""
    reg = strat.STAGE_GUARDS
    p = Pipeline(
        key="g", stages=[Stage(key="a", guards=["context_ok"]), Stage(key="b")], registry=reg
    )
    opp = p.open(id="o", customer_id="c", owner="w", amount=Money("1", "CNY"), at=T0)
    with pytest.raises(TransitionError) as info:
        p.advance(opp, at=day(1))
    assert info.value.unmet == ("context_ok",)
    assert p.advance(opp, at=day(1), context={"ok": True}).stage == "b"


def test_lose_pause_resume_reopen() -> None:
    """Lose needs a listed reason; pause and resume keep the stage; reopen needs the policy."""
    p = presets.get("seven_step")
    opp = hengtai(p)
    paused = p.pause(opp, at=day(1), reason="budget freeze")
    assert paused.status is PAUSED
    assert paused.history[-1].reason == "budget freeze"
    assert p.forecast_category(paused) is ForecastCategory.OMITTED
    resumed = p.resume(paused, at=day(2))
    assert resumed.status is OPEN
    assert resumed.stage == opp.stage
    lost = p.lose(paused, reason="no_budget", at=day(3))
    assert lost.status is LOST
    assert lost.lost_reason == "no_budget"
    with pytest.raises(TransitionError) as info:
        p.reopen(lost, at=day(4))
    assert info.value.codes == ("reopen_not_allowed",)
    reopening = attrs.evolve(p, policy=MovePolicy(allow_reopen=True))
    again = reopening.reopen(lost, at=day(4))
    assert again.status is OPEN
    assert again.lost_reason is None
    assert again.stage == "prospecting"
    won = reopening.win(again, at=day(5))
    back = reopening.reopen(won, at=day(6))
    assert back.stage == "close", "a won deal reopens in the stage before the won stage"


def test_lifecycle_upgraded_is_a_tagged_win() -> None:
    """The lifecycle close ends won, upgraded (a win tagged 'upgraded'), paused or lost."""
    p = presets.get("lifecycle")
    opp = p.advance(hengtai(p, stage="follow_up"), at=day(1))
    assert opp.stage == "close"
    up = p.win(opp, at=day(2), outcome="upgraded")
    assert up.status is WON
    assert up.history[-1].reason == "upgraded"
    assert up.stage == "maintain"
    with pytest.raises(TransitionError) as info:
        p.win(opp, at=day(2), outcome="downgraded")
    assert info.value.codes == ("bad_reason",)


def test_wrong_status_for_each_move() -> None:
    """Each move names the statuses it accepts."""
    p = presets.get("basic", checklists=False)
    won = p.win(hengtai(p), at=day(1))
    calls: list[Callable[[], Opportunity]] = [
        lambda: p.advance(won, at=day(2)),
        lambda: p.win(won, at=day(2)),
        lambda: p.lose(won, reason="price", at=day(2)),
        lambda: p.pause(won, at=day(2)),
        lambda: p.resume(won, at=day(2)),
    ]
    for call in calls:
        with pytest.raises(TransitionError) as info:
            call()
        assert info.value.codes == ("wrong_status",)
    with pytest.raises(TransitionError) as info:
        p.reopen(hengtai(p), at=day(2))
    assert info.value.codes == ("wrong_status",)


def test_probability_override_cleared_on_stage_change_unless_kept() -> None:
    """A manual probability wins until the deal changes stage (unless the policy keeps it)."""
    p = presets.get("basic", checklists=False)
    opp = hengtai(p, probability=65)
    assert p.probability(opp) == 65
    paused = p.pause(opp, at=day(1))
    assert paused.probability == 65, "a status change in place keeps the override"
    moved = p.advance(opp, at=day(1))
    assert moved.probability is None
    assert p.probability(moved) == 20
    keeping = attrs.evolve(p, policy=MovePolicy(keep_probability=True))
    assert keeping.advance(opp, at=day(1)).probability == 65


def test_weighted_amount_and_forecast() -> None:
    """Weighted amount = amount x probability; forecast sums amounts by category."""
    p = presets.get("basic", checklists=False)
    opp = hengtai(p)
    assert p.weighted_amount(opp) == Money("240000", "CNY")
    assert p.weighted_amount(p.lose(opp, reason="price", at=day(1))) == Money("0", "CNY")
    won = p.win(opp, at=day(1))
    totals = p.forecast(
        [opp, won, p.advance(p.advance(p.advance(opp, at=day(1)), at=day(2)), at=day(3))],
        currency="CNY",
    )
    assert totals[ForecastCategory.PIPELINE] == Money("2400000", "CNY")
    assert totals[ForecastCategory.CLOSED] == Money("2400000", "CNY")
    assert totals[ForecastCategory.COMMIT] == Money("2400000", "CNY")
    assert totals[ForecastCategory.OMITTED].amount == Decimal(0)


def test_open_in_a_later_stage_and_not_in_the_won_stage() -> None:
    """open(stage=...) starts mid-pipeline; the won stage is entered only by winning."""
    p = presets.get("complex", checklists=False)
    assert hengtai(p, stage="gather_data").stage == "gather_data"
    with pytest.raises(TransitionError) as info:
        hengtai(p, stage="after_sale")
    assert info.value.codes == ("not_allowed",)
    with pytest.raises(TransitionError) as info:
        hengtai(p, stage="nowhere")
    assert info.value.codes == ("unknown_stage",)
    last = hengtai(p, stage="sign_contract")
    with pytest.raises(TransitionError) as info:
        p.advance(last, at=day(1))
    assert info.value.codes == ("not_allowed",)
    with pytest.raises(TransitionError) as info:
        p.advance(last, to="after_sale", at=day(1))
    assert info.value.codes == ("not_allowed",)


def test_wrong_pipeline_and_unknown_stage_of_the_deal() -> None:
    """A deal of another pipeline, or in a stage the pipeline lacks, is refused with a code."""
    basic, complex_ = (
        presets.get("basic", checklists=False),
        presets.get("complex", checklists=False),
    )
    with pytest.raises(TransitionError) as info:
        basic.advance(hengtai(complex_), at=day(1))
    assert info.value.codes == ("wrong_pipeline",)
    odd = attrs.evolve(hengtai(basic), stage="nowhere", history=())
    with pytest.raises(TransitionError) as info:
        basic.win(odd, at=day(1))
    assert info.value.codes == ("unknown_stage",)


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"at": datetime(2026, 3, 2, 9, 0)}, "at"),
        ({"at": "2026-03-02"}, "at"),
        ({"at": T0 - timedelta(seconds=1)}, "at"),
        ({"at": day(1), "by": ""}, "by"),
        ({"at": day(1), "by": 7}, "by"),
        ({"at": day(1), "note": 3}, "note"),
    ],
)
def test_bad_move_arguments_are_validation_errors(kwargs: dict[str, Any], path: str) -> None:
    """Naive or early ``at``, empty ``by``, non-text ``note``: ValidationError naming the path."""
    p = presets.get("basic", checklists=False)
    opp = hengtai(p)
    before = to_dict(opp)
    for call in (p.advance, p.win, p.pause):
        with pytest.raises(ValidationError) as info:
            call(opp, **kwargs)
        assert path in info.value.paths
    assert to_dict(opp) == before


def test_bad_targets_reasons_and_subjects() -> None:
    """Non-text targets and reasons, and non-opportunities, are ValidationErrors."""
    p = presets.get("basic", checklists=False)
    opp = hengtai(p)
    with pytest.raises(ValidationError) as info:
        p.advance(opp, to=3, at=day(1))  # type: ignore[arg-type]
    assert "to" in info.value.paths
    with pytest.raises(ValidationError) as info:
        p.lose(opp, reason=None, at=day(1))
    assert "reason" in info.value.paths
    with pytest.raises(TransitionError) as tinfo:
        p.lose(opp, reason="too_expensive", at=day(1))
    assert tinfo.value.codes == ("bad_reason",)
    with pytest.raises(ValidationError) as info:
        p.advance({"id": "x"}, at=day(1))  # type: ignore[arg-type]
    assert "opportunity" in info.value.paths
    with pytest.raises(ValidationError) as info:
        p.can_advance("x")  # type: ignore[arg-type]
    assert "opportunity" in info.value.paths
    with pytest.raises(ValidationError) as info:
        p.reasons(opp, move="fly")
    assert "move" in info.value.paths
    with pytest.raises(ValidationError) as info:
        p.gate_reasons(opp, stage="nowhere")
    assert "stage" in info.value.paths


def test_bad_open_arguments() -> None:
    """open() reports every bad value of the new deal with its path."""
    p = presets.get("basic", checklists=False)
    with pytest.raises(ValidationError) as info:
        p.open(id="", customer_id="c", owner="o", amount=Money("-1", "CNY"), at=T0, probability=120)
    assert {"id", "amount", "probability"} <= set(info.value.paths)
    with pytest.raises(ValidationError) as info:
        p.open(
            id="o", customer_id="c", owner="o", amount=Money("1", "CNY"), at=datetime(2026, 1, 1)
        )
    assert "at" in info.value.paths


def test_bad_open_names_every_argument_even_with_a_bad_at() -> None:
    """A bad ``at`` does not hide the other bad arguments of open()."""
    p = presets.get("basic", checklists=False)
    with pytest.raises(ValidationError) as info:
        p.open(id="", customer_id=3, owner=None, amount=1.5, at="x", by="")  # type: ignore[arg-type]
    assert info.value.paths == ("at", "by", "id", "customer_id", "owner", "amount")


@pytest.mark.parametrize("bad", [None, "o-1", {"stage": "close"}, 3])
def test_the_answers_refuse_a_non_opportunity(bad: object) -> None:
    """probability, forecast_category, weighted_amount, forecast and gate_reasons name
    ``opportunity`` (or ``opportunities[i]``) instead of leaking AttributeError."""
    p = presets.get("basic")
    for answer in (p.probability, p.forecast_category, p.weighted_amount):
        with pytest.raises(ValidationError) as info:
            answer(bad)  # type: ignore[arg-type]
        assert info.value.paths == ("opportunity",)
    with pytest.raises(ValidationError) as info:
        p.gate_reasons(bad, stage="close")  # type: ignore[arg-type]
    assert info.value.paths == ("opportunity",)
    with pytest.raises(ValidationError) as info:
        p.forecast([hengtai(p), bad], currency="CNY")  # type: ignore[list-item]
    assert info.value.paths == ("opportunities[1]",)
    with pytest.raises(ValidationError) as info:
        p.forecast(None, currency="CNY")  # type: ignore[arg-type]
    assert info.value.paths == ("opportunities",)


def test_the_answers_refuse_a_deal_of_another_pipeline_sharing_stage_keys() -> None:
    """basic and complex share 'prospect_list': complex must not answer with its own 5%
    for a basic deal (it would be a silently wrong probability, forecast or gate)."""
    basic = presets.get("basic", checklists=False)
    complex_ = presets.get("complex", checklists=False)
    opp = hengtai(basic)
    for answer in (complex_.probability, complex_.forecast_category, complex_.weighted_amount):
        with pytest.raises(ValidationError) as info:
            answer(opp)
        assert info.value.paths == ("opportunity",)
        assert "'basic'" in str(info.value)
        assert "'complex'" in str(info.value)
    with pytest.raises(ValidationError) as info:
        complex_.gate_reasons(opp, stage="propose_brief")
    assert info.value.paths == ("opportunity",)
    with pytest.raises(ValidationError) as info:
        complex_.forecast([opp], currency="CNY")
    assert info.value.paths == ("opportunities[0]",)


@pytest.mark.parametrize("gated", [False, True])
@pytest.mark.parametrize("bad", [[1], "ok", 3])
def test_a_bad_context_is_named_by_every_move_that_takes_one(gated: bool, bad: object) -> None:
    """advance, can_advance, win and reasons refuse a context that is not a mapping with a
    ValidationError on ``context`` whether or not the stage has a gate to read it (it was
    accepted silently by an ungated stage, and blamed on ``Checklist.gate`` by a gated one)."""
    p = presets.get("basic", checklists=gated)
    opp = hengtai(p)
    calls: list[Callable[[], object]] = [
        lambda: p.advance(opp, at=day(1), context=bad),  # type: ignore[arg-type]
        lambda: p.can_advance(opp, context=bad),  # type: ignore[arg-type]
        lambda: p.win(opp, at=day(1), context=bad),  # type: ignore[arg-type]
        lambda: p.reasons(opp, move="advance", context=bad),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(ValidationError) as info:
            call()
        assert info.value.paths == ("context",)
        assert info.value.subject == "move"


def test_reasons_checks_its_target_reason_and_outcome() -> None:
    """reasons() names a non-text ``to``, ``reason`` or ``outcome`` as the moves do, instead
    of answering with a Reason whose stage is the bad value."""
    p = presets.get("basic", checklists=False)
    opp = hengtai(p)
    for kwargs, path in (
        ({"to": 5}, "to"),
        ({"reason": 5}, "reason"),
        ({"outcome": []}, "outcome"),
    ):
        with pytest.raises(ValidationError) as info:
            p.reasons(opp, move="advance", **kwargs)
        assert info.value.paths == (path,)


def test_open_with_a_non_text_stage_is_a_validation_error() -> None:
    """open(stage=...) of the wrong type is bad input (ValidationError on ``stage``), not a
    refused move; an unknown stage name stays a TransitionError."""
    p = presets.get("basic", checklists=False)
    for bad in (["close"], 3):
        with pytest.raises(ValidationError) as info:
            hengtai(p, stage=bad)
        assert "stage" in info.value.paths


def test_wrong_status_messages_read_as_english() -> None:
    """'only an open deal can advance', not 'only a open deal'."""
    p = presets.get("basic", checklists=False)
    lost = p.lose(hengtai(p), reason="price", at=day(1))
    with pytest.raises(TransitionError) as info:
        p.advance(lost, at=day(2))
    assert "(only an open deal can advance)" in str(info.value)
    with pytest.raises(TransitionError) as info:
        p.resume(lost, at=day(2))
    assert "(only a paused deal can resume)" in str(info.value)


def test_forecast_names_the_deal_in_another_currency() -> None:
    """A deal in another currency is a ValidationError naming that deal's amount, not a bare
    Money error that says neither which deal nor which list."""
    p = presets.get("basic", checklists=False)
    cny = hengtai(p)
    usd = p.open(id="o-usd", customer_id="c-usd", owner="li.na", amount=Money("10", "USD"), at=T0)
    with pytest.raises(ValidationError) as info:
        p.forecast([cny, cny, usd], currency="CNY")
    assert info.value.paths == ("opportunities[2].amount",)
    assert "USD" in str(info.value)
    assert "CNY" in str(info.value)


_texts = st.none() | st.text(alphabet=" \t\nab\u00e9\u3000", max_size=4)


@given(by=_texts, reason=_texts, note=_texts)
def test_a_move_refuses_what_the_record_would_refuse(
    by: str | None, reason: str | None, note: str | None
) -> None:
    """Whatever text is passed as by, reason or note, a move either raises a
    ValidationError or returns a deal that loads back: by='  ' or reason='  ' slipped
    past the fast path into a history that from_dict then refused."""
    p = presets.get("basic", checklists=False)
    opp = hengtai(p)
    calls: list[Callable[[], Opportunity]] = [
        lambda: p.advance(opp, at=day(1), by=by, note=note),
        lambda: p.pause(opp, at=day(1), by=by, reason=reason, note=note),
        lambda: p.win(opp, at=day(1), by=by, note=note),
    ]
    for call in calls:
        try:
            moved = call()
        except ValidationError:
            continue
        assert from_dict(Opportunity, to_dict(moved)) == moved


@given(strat.pipelines.flatmap(lambda p: st.tuples(st.just(p), strat.opened(p))), st.data())
def test_fused_moves_equal_the_general_path_and_pass_full_validation(
    pair: tuple[Pipeline, Opportunity], data: st.DataObject
) -> None:
    """advance and win with no option take a fused path: the same result or the same
    refusal as the general path, and a result that passes the record's full checks."""
    from salesflow.stages import _engine

    pipeline, opp = pair
    lk = pipeline._x
    for _ in range(6):
        at = opp.updated_at + data.draw(strat.move_gaps)
        win = data.draw(st.booleans())
        general: Any
        try:
            general = (
                _engine.win(lk, opp, at, None, None, None, None)
                if win
                else _engine.advance(lk, opp, None, at, None, None, None)
            )
        except TransitionError as exc:
            general = exc.reasons
        try:
            fused: Any = pipeline.win(opp, at=at) if win else pipeline.advance(opp, at=at)
        except TransitionError as exc:
            fused = exc.reasons
        assert fused == general
        if isinstance(fused, Opportunity):
            fully_valid(fused)
            opp = fused


def _outcome(call: Callable[[], Opportunity]) -> Any:
    """A move's result, or what it was refused with (reasons, or the problems' paths)."""
    try:
        return call()
    except TransitionError as exc:
        return exc.reasons
    except ValidationError as exc:
        return exc.paths


@given(strat.pipelines.flatmap(lambda p: st.tuples(st.just(p), strat.opened(p))), st.data())
def test_fused_lose_equals_the_general_path_and_passes_full_validation(
    pair: tuple[Pipeline, Opportunity], data: st.DataObject
) -> None:
    """lose with a reason and no by or note takes a fused path (from open or paused):
    the same result or refusal as the general path, and a result that passes the
    record's full checks."""
    from salesflow.stages import _engine

    pipeline, opp = pair
    if data.draw(st.booleans(), label="paused first"):
        opp = pipeline.pause(opp, at=opp.updated_at)
    if data.draw(st.booleans(), label="closed first"):
        opp = pipeline.lose(opp, reason=pipeline.lost_reasons[-1], at=opp.updated_at)
    gap = data.draw(st.sampled_from([timedelta(0), timedelta(hours=3), -timedelta(seconds=1)]))
    at = opp.updated_at + gap
    reason: Any = data.draw(st.sampled_from([*pipeline.lost_reasons, "bogus", " ", None, 3]))
    general = _outcome(lambda: _engine.lose(pipeline._x, opp, reason, at, None, None))
    fused = _outcome(lambda: pipeline.lose(opp, reason=reason, at=at))
    assert fused == general
    if isinstance(fused, Opportunity):
        fully_valid(fused)
        assert fused.lost_reason == reason
        # every allowed loss of this kind is the fused one
        assert _engine.fused_lose(pipeline._x, opp, reason, at) == fused


_maybe_blank = st.sampled_from(["", " ", "\u3000"]) | strat.ids


@given(
    strat.pipelines,
    st.fixed_dictionaries(
        {
            "id": _maybe_blank,
            "customer_id": _maybe_blank,
            "owner": _maybe_blank | st.just(7),
            "amount": strat.money() | st.just(Decimal(1)),
            "at": strat.aware_datetimes | strat.naive_datetimes | st.just("2026-01-01"),
            "name": st.sampled_from(["", "Line 2", None]),
            "expected_close": st.none() | strat.dates | strat.aware_datetimes,
            "probability": st.none() | st.integers(-2, 102) | st.just(True),
        }
    ),
)
def test_fused_open_equals_the_general_path_and_passes_full_validation(
    pipeline: Pipeline, fields: dict[str, Any]
) -> None:
    """open in the first stage with no attributes, by or note is fused: the same deal or
    the same refused paths as the general path, and a deal that passes full validation."""
    from salesflow.stages import _engine

    record = {k: v for k, v in fields.items() if k != "at"}
    general = _outcome(
        lambda: _engine.open(
            pipeline._x,
            _engine.opening_fields(**record, attributes=None),
            fields["at"],
            None,
            None,
            None,
        )
    )
    fused = _outcome(lambda: pipeline.open(**fields))
    assert fused == general
    if isinstance(fused, Opportunity):
        fully_valid(fused)
        # every deal opened this way is the fused one
        assert _engine.fused_open(pipeline._x, **fields) == fused
