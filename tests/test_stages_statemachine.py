"""The generated python-statemachine class and the diagrams.

The differential property: for every pipeline and every sequence of events,
the generated class and the fast engine accept and refuse the same moves and
end in the same place (score requirements and won reasons included).
"""

from __future__ import annotations

import sys
import types
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesflow import (
    DefinitionError,
    Money,
    Opportunity,
    OpportunityStatus,
    TransitionError,
    ValidationError,
)
from salesflow.stages import MissingExtraError, MovePolicy, Pipeline, Stage, presets, state_id
from tests import strategies as strat

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def events(pipeline: Pipeline) -> st.SearchStrategy[tuple[str, Any, dict[str, Any] | None]]:
    """(move, argument, context) triples, valid and invalid."""
    contexts: st.SearchStrategy[dict[str, Any] | None] = st.none() | st.builds(
        dict, ok=st.booleans()
    )
    return st.one_of(
        st.tuples(
            st.just("advance"), st.none() | st.sampled_from([*pipeline.keys, "nowhere"]), contexts
        ),
        st.tuples(
            st.just("win"),
            st.tuples(
                st.none() | st.sampled_from(["upgraded", "bogus"]),
                st.none() | st.sampled_from(["price", "service", "bogus"]),
            ),
            contexts,
        ),
        st.tuples(st.just("lose"), st.sampled_from([*pipeline.lost_reasons, "bogus"]), st.none()),
        st.tuples(st.sampled_from(["pause", "resume", "reopen"]), st.none(), st.none()),
        st.tuples(st.just("edit"), st.booleans(), st.none()),
    )


def fast_move(
    p: Pipeline, opp: Opportunity, move: str, arg: Any, ctx: Any, at: datetime
) -> Opportunity:
    if move == "advance":
        return p.advance(opp, to=arg, at=at, context=ctx)
    if move == "win":
        return p.win(opp, at=at, outcome=arg[0], reason=arg[1], context=ctx)
    if move == "lose":
        return p.lose(opp, reason=arg, at=at)
    result: Opportunity = getattr(p, move)(opp, at=at)
    return result


def machine_move(sm: Any, move: str, arg: Any, ctx: Any) -> None:
    if move == "advance":
        sm.send("advance" if arg is None else f"to_{arg}", context=ctx)
    elif move == "win":
        sm.send("win", outcome=arg[0], reason=arg[1], context=ctx)
    elif move == "lose":
        sm.lose(reason=arg)  # by attribute: every move is a method of every class
    else:
        getattr(sm, move)()


@settings(max_examples=max(settings().max_examples * 5, 200))
@given(
    (strat.random_pipelines() | strat.pipelines).flatmap(
        lambda p: st.tuples(st.just(p), strat.opened(p), st.lists(events(p), max_size=14))
    )
)
def test_generated_class_and_fast_engine_agree(
    case: tuple[Pipeline, Opportunity, list[tuple[str, Any, Any]]],
) -> None:
    """Same accepted and refused moves, same place after every event."""
    pipeline, opp, script = case
    sm = pipeline.to_statemachine()(opportunity=opp)
    at = opp.updated_at
    for move, arg, ctx in script:
        at += timedelta(hours=1)
        if move == "edit":  # the user edits gate fields; both see the new deal
            opp = attrs.evolve(
                opp,
                attributes={**opp.attributes, "flag": arg},
                expected_close=date(2026, 6, 30) if arg else None,
            )
            sm.opportunity = opp
            continue
        try:
            new = fast_move(pipeline, opp, move, arg, ctx, at)
        except TransitionError as exc:
            fast_ok, codes = False, exc.codes
        else:
            fast_ok, codes = True, ()
        refusal: TransitionError | None = None
        try:
            machine_move(sm, move, arg, ctx)
        except TransitionError as exc:
            refusal = exc
        sm_ok = refusal is None
        assert refusal is None or refusal.move == move
        assert fast_ok == sm_ok, (move, arg, ctx, codes, opp.stage, opp.status)
        if fast_ok:
            opp = new
            sm.opportunity = opp
        assert (sm.stage, sm.status) == (opp.stage, opp.status)
        assert sm.state == state_id(opp.stage, opp.status)


def test_machine_refusals_carry_the_fast_engines_reasons() -> None:
    """python-statemachine's TransitionNotAllowed becomes a TransitionError with reasons."""
    p = presets.get("basic", checklists=False)
    opp = p.open(id="o-1", customer_id="c", owner="w", amount=Money("10", "CNY"), at=T0)
    opp = p.advance(p.advance(opp, at=T0), at=T0)
    sm = p.to_statemachine()(opportunity=opp)
    with pytest.raises(TransitionError) as info:
        sm.advance()
    assert info.value.codes == ("unmet_requirement",)
    assert info.value.unmet == ("expected_close",)
    assert info.value.opportunity_id == "o-1"
    with pytest.raises(TransitionError) as info:
        sm.send("resume")
    assert info.value.codes == ("wrong_status",)
    with pytest.raises(TransitionError) as info:
        sm.send("to_nowhere")
    assert info.value.codes == ("unknown_stage",)
    assert sm.state == "open_propose_brief", "a refused event left the machine where it was"


def test_machine_listeners_see_moves() -> None:
    """The generated class is a normal StateMachine: listeners get callbacks."""
    p = presets.get("basic", checklists=False)
    seen: list[str] = []

    class Listener:
        def after_transition(self, event: str, source: Any, target: Any) -> None:
            seen.append(f"{event}:{source.id}->{target.id}")

    sm = p.to_statemachine()(listeners=[Listener()])
    sm.advance()
    sm.send("pause")
    sm.send("resume")
    sm.send("win")
    assert seen == [
        "advance:open_prospect_list->open_book_visit",
        "pause:open_book_visit->paused_book_visit",
        "resume:paused_book_visit->open_book_visit",
        "win:open_book_visit->won_after_sale",
    ]
    assert sm.status is OpportunityStatus.WON


def test_machine_class_is_built_once_and_named_after_the_pipeline() -> None:
    """to_statemachine() returns the same class each time."""
    p = presets.get("complex", checklists=False)
    cls = p.to_statemachine()
    assert cls is p.to_statemachine()
    assert cls.__name__ == "ComplexMachine"
    assert cls.pipeline is p
    assert "won_after_sale" in cls.places
    assert "open_after_sale" not in cls.places


def test_untracked_machine_refuses_gated_advance() -> None:
    """Without an opportunity the machine still runs the move rules (with their reasons);
    a gate with requirements has nothing to be checked on, so leaving its stage is refused."""
    machine = presets.get("basic", checklists=False).to_statemachine()
    sm = machine()
    sm.send("lose", reason="price")
    with pytest.raises(TransitionError) as info:
        sm.send("pause")
    assert info.value.opportunity_id == "(untracked)"
    assert info.value.codes == ("wrong_status",)
    sm = machine()
    sm.advance()
    sm.advance()
    assert sm.state == "open_propose_brief"
    with pytest.raises(TransitionError) as info:
        sm.advance()
    assert info.value.codes == ("not_allowed",)
    assert "no opportunity is tracked" in str(info.value)
    assert sm.state == "open_propose_brief"


def test_machine_for_a_deal_in_an_unknown_place() -> None:
    """A deal whose stage the pipeline lacks cannot be tracked."""
    p = presets.get("basic", checklists=False)
    opp = attrs.evolve(
        p.open(id="o", customer_id="c", owner="w", amount=Money("1", "CNY"), at=T0),
        stage="x",
        history=(),
    )
    with pytest.raises(TransitionError) as info:
        p.to_statemachine()(opportunity=opp)
    assert info.value.codes == ("unknown_stage",)


# -- diagrams -----------------------------------------------------------------------------


def test_mermaid_and_dot_text() -> None:
    """Both diagrams draw every state and the labelled moves, in the locale asked for."""
    p = presets.get("basic", checklists=False)
    mermaid = p.diagram("mermaid")
    assert mermaid.startswith("stateDiagram-v2\n")
    assert "  [*] --> open_prospect_list\n" in mermaid
    assert "  open_prospect_list --> open_book_visit: advance\n" in mermaid
    assert "  open_close --> won_after_sale: win\n" in mermaid
    assert "open_book_visit: Book the visit" in mermaid
    zh = p.diagram("mermaid", locale="zh-Hans")
    assert "open_book_visit: 预约拜访" in zh
    dot = p.diagram("dot")
    assert dot.startswith('digraph "basic" {')
    assert 'open_prospect_list -> open_book_visit [label="advance"];' in dot
    assert 'open_book_visit -> open_prospect_list [label="back"];' in dot
    assert 'label="back goes to any earlier stage";' in dot


def test_diagram_bad_formats() -> None:
    """Unknown formats are ValidationErrors naming ``format``."""
    p = presets.get("basic", checklists=False)
    with pytest.raises(ValidationError) as info:
        p.diagram("svg")
    assert "format" in info.value.paths
    with pytest.raises(ValidationError) as info:
        p.diagram_image("gif")
    assert "format" in info.value.paths


def test_image_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the graphviz package, images raise MissingExtraError naming salesflow[graphviz]."""
    monkeypatch.setitem(sys.modules, "graphviz", None)  # makes `import graphviz` fail
    with pytest.raises(MissingExtraError, match=r"salesflow\[graphviz\]") as info:
        presets.get("basic", checklists=False).diagram_image("svg")
    assert isinstance(info.value, ImportError)


class _FakeGraphviz(types.ModuleType):
    """Stands in for the graphviz package: records the source, answers or fails."""

    class ExecutableNotFound(RuntimeError):  # noqa: N818 - the name graphviz uses
        pass

    def __init__(self, *, dot_installed: bool) -> None:
        super().__init__("graphviz")
        self.calls: list[tuple[str, str]] = []
        fake = self

        class Source:
            def __init__(self, source: str) -> None:
                self.source = source

            def pipe(self, format: str) -> bytes:
                fake.calls.append((self.source, format))
                if not dot_installed:
                    raise fake.ExecutableNotFound("dot")
                return b"<svg/>"

        self.Source = Source


def test_image_with_the_extra_pipes_the_dot_text_through_graphviz(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the package, the image is Graphviz's rendering of diagram('dot')."""
    fake = _FakeGraphviz(dot_installed=True)
    monkeypatch.setitem(sys.modules, "graphviz", fake)
    p = presets.get("basic", checklists=False)
    assert p.diagram_image("png", locale="zh-Hans") == b"<svg/>"
    assert fake.calls == [(p.diagram("dot", locale="zh-Hans"), "png")]


def test_image_without_the_dot_program_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package without Graphviz's dot program is a MissingExtraError naming dot."""
    monkeypatch.setitem(sys.modules, "graphviz", _FakeGraphviz(dot_installed=False))
    with pytest.raises(MissingExtraError, match="'dot' program was not found"):
        presets.get("basic", checklists=False).diagram_image("svg")


def test_bad_pipeline_definition_is_not_turned_into_a_machine() -> None:
    """A bad definition fails when built, before any class is generated."""
    with pytest.raises(DefinitionError):
        Pipeline(key="x", stages=[Stage(key="a")], won_stage="a", policy=MovePolicy())


def test_every_move_is_an_event_method_of_every_generated_class() -> None:
    """sm.advance() on a one-stage pipeline and sm.reopen() where reopening is not allowed
    were AttributeErrors (the class had no such event); they are refusals with the fast
    engine's reasons, by attribute and by send()."""
    one = Pipeline(key="one", stages=[Stage(key="only")])
    opp = one.open(id="o-1", customer_id="c", owner="w", amount=Money("10", "CNY"), at=T0)
    sm = one.to_statemachine()(opportunity=opp)
    for call in (sm.advance, lambda: sm.send("advance")):
        with pytest.raises(TransitionError) as info:
            call()
        assert info.value.codes == ("not_allowed",)
    basic = presets.get("basic", checklists=False)
    lost = basic.lose(
        basic.open(id="o-2", customer_id="c", owner="w", amount=Money("1", "CNY"), at=T0),
        reason="price",
        at=T0,
    )
    sm = basic.to_statemachine()(opportunity=lost)
    for call in (sm.reopen, lambda: sm.send("reopen")):
        with pytest.raises(TransitionError) as info:
            call()
        assert info.value.codes == ("reopen_not_allowed",)
    sm = basic.to_statemachine()(
        opportunity=basic.open(
            id="o-3", customer_id="c", owner="w", amount=Money("1", "CNY"), at=T0
        )
    )
    with pytest.raises(TransitionError) as info:
        sm.reopen()
    assert info.value.codes == ("wrong_status",)
    assert sm.state == "open_prospect_list"


def test_machine_refusals_read_the_events_arguments() -> None:
    """A refused lose or win names the reason or outcome actually given (it said "unknown
    lost reason None", and a bad outcome fell back to python-statemachine's message)."""
    p = presets.get("lifecycle", checklists=False)
    sm = p.to_statemachine()(
        opportunity=p.open(id="o-1", customer_id="c", owner="w", amount=Money("1", "CNY"), at=T0)
    )
    with pytest.raises(TransitionError) as info:
        sm.lose(reason="bogus")
    assert info.value.codes == ("bad_reason",)
    assert "'bogus'" in str(info.value)
    with pytest.raises(TransitionError) as info:
        sm.send("win", outcome="bogus")
    assert info.value.codes == ("bad_reason",)
    assert "'bogus'" in str(info.value)
    sm.send("win", outcome="upgraded")
    assert sm.status is OpportunityStatus.WON


def test_machine_refuses_a_non_opportunity_and_a_deal_of_another_pipeline() -> None:
    """Machine(opportunity=5) leaked AttributeError; a complex deal in prospect_list was
    tracked by the basic machine because the two share the stage key."""
    machine = presets.get("basic", checklists=False).to_statemachine()
    with pytest.raises(ValidationError) as info:
        machine(opportunity=5)  # type: ignore[arg-type]
    assert info.value.paths == ("opportunity",)
    complex_ = presets.get("complex", checklists=False)
    with pytest.raises(TransitionError) as tinfo:
        machine(
            opportunity=complex_.open(
                id="o", customer_id="c", owner="w", amount=Money("1", "CNY"), at=T0
            )
        )
    assert tinfo.value.codes == ("wrong_pipeline",)


def test_an_unknown_diagram_locale_is_named_as_the_locale_argument() -> None:
    """diagram(locale='tlh') names the ``locale`` argument, like a bad ``format``."""
    p = presets.get("basic", checklists=False)
    bad: list[Any] = ["tlh", 5, None]
    for locale in bad:
        for format in ("mermaid", "dot"):
            with pytest.raises(ValidationError) as info:
                p.diagram(format, locale=locale)
            assert info.value.paths == ("locale",)


def test_a_pipeline_pickles_and_compares_the_same_after_to_statemachine() -> None:
    """The generated class is cached beside the pipeline, not on it: a pipeline whose class
    was built pickles, deep-copies and compares equal like one whose class never was."""
    import copy
    import pickle

    p = attrs.evolve(presets.get("basic"), key="fresh")
    before = pickle.dumps(p)
    machine = p.to_statemachine()
    assert pickle.dumps(p) == before
    again = pickle.loads(pickle.dumps(p))
    assert again == p == copy.deepcopy(p)
    assert again.to_statemachine() is not machine, "a copy is a new value with its own class"
    assert machine.pipeline is p


def test_the_class_is_built_once_under_threads() -> None:
    """Many threads asking a new pipeline for its class at once all get the same one."""
    from concurrent.futures import ThreadPoolExecutor

    p = attrs.evolve(presets.get("complex", checklists=False), key="threaded")
    with ThreadPoolExecutor(max_workers=8) as pool:
        classes = list(pool.map(lambda _: p.to_statemachine(), range(32)))
    assert all(cls is classes[0] for cls in classes)


def test_allowed_and_enabled_events_leave_out_refused_moves() -> None:
    """Every state answers every move (refusing ones raise), but allowed_events lists only
    the moves out of the state and enabled_events() those the rules accept now."""
    p = presets.get("basic", checklists=False)
    opp = p.open(id="o-1", customer_id="c", owner="w", amount=Money("10", "CNY"), at=T0)
    opp = p.advance(p.advance(opp, at=T0), at=T0)
    sm = p.to_statemachine()(opportunity=opp)
    allowed = sorted(e.id for e in sm.allowed_events)
    assert allowed == sorted(
        ["advance", "to_close", "to_prospect_list", "to_book_visit", "win", "lose", "pause"]
    )
    enabled = {e.id for e in sm.enabled_events()}
    assert "advance" not in enabled, "the gate needs expected_close"
    assert {"to_book_visit", "win", "pause"} <= enabled
    assert "resume" not in enabled


def test_no_private_python_statemachine_name_is_used() -> None:
    """The generated classes use python-statemachine's public API only: no private method
    of its classes is overridden or called (the modules that import it are scanned)."""
    import pathlib
    import re

    import salesflow

    root = pathlib.Path(salesflow.__file__).parent
    private = re.compile(
        r"_put_nonblocking|_processing_loop|super\(\)\._(?!_)|\b(self|sm|machine)\._"
    )
    users = [p for p in root.rglob("*.py") if "from statemachine" in p.read_text(encoding="utf-8")]
    assert users, "the machine factory imports python-statemachine"
    for path in users:
        assert not private.search(path.read_text(encoding="utf-8")), path
