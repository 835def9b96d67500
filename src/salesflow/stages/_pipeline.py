"""The pipeline definition: ordered stages, lost reasons, win outcomes and the move policy.

:class:`Pipeline` is a checked, frozen value. Its moves (:meth:`~Pipeline.open`,
:meth:`~Pipeline.advance`, ...) are thin delegations to the fast engine
(:mod:`._engine`), its refusals come from the move rules (:mod:`._rules`),
:meth:`~Pipeline.to_statemachine` from the machine factory (:mod:`._machine`)
and :meth:`~Pipeline.diagram` from :mod:`._diagrams`; all of them read the
pipeline through its :class:`~salesflow.stages._lookups.Lookups`, built once here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from salesflow._checks import Checker, definition_checker, describe, freeze_mapping, to_tuple
from salesflow._html import Column, table_html
from salesflow.convert import NOT_DATA, Definition
from salesflow.exceptions import Reason, ValidationError
from salesflow.money import Money
from salesflow.predicates import Registry, current_registry
from salesflow.records import AttributeValue, Opportunity, OpportunityStatus
from salesflow.scoring import Scorecard
from salesflow.stages import _diagrams, _engine, _rules
from salesflow.stages._definitions import (
    DEFAULT_LOST_REASONS,
    NOT_RECORDED,
    ForecastCategory,
    MovePolicy,
    Stage,
    check_keys,
)
from salesflow.stages._lookups import Lookups
from salesflow.stages._scores import Recommendation, ScoreCheck, resolve_scorecards

if TYPE_CHECKING:
    from salesflow.stages._machine import PipelineMachine

__all__ = ["MoveCheck", "Pipeline"]

_OPEN = OpportunityStatus.OPEN
_WON = OpportunityStatus.WON
_LOST = OpportunityStatus.LOST


@attrs.frozen(slots=True)
class MoveCheck:
    """The answer of :meth:`Pipeline.can_advance`: allowed or not, and why.

    Truthy when the move is allowed. ``reasons`` are the same
    :class:`~salesflow.Reason` values the move would raise with; ``missing``
    lists the unmet requirements of the gates (field, guard or item names).
    """

    allowed: bool
    to_stage: str | None
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=to_tuple)

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.requirement for r in self.reasons if r.requirement is not None)


def _default_registry() -> Registry:
    return current_registry()


def _check_guards(check: Checker, stages: object, registry: object) -> None:
    """Every guard of every stage is a predicate of ``registry``."""
    if not isinstance(registry, Registry):
        check.add("registry", f"expected a Registry, got {describe(registry)}")
        return
    for i, stage in enumerate(stages if isinstance(stages, tuple) else ()):
        if not isinstance(stage, Stage):
            continue
        for j, guard in enumerate(stage.guards):
            if guard not in registry:
                known = ", ".join(registry.names) or "none"
                check.add(
                    f"stages[{i}].guards[{j}]",
                    f"unknown guard {guard!r} (registered predicates: {known})",
                )


def _check_won_reasons(check: Checker, pipeline: Pipeline) -> None:
    """Won reasons are keys; not beside win outcomes; there when the policy needs one."""
    if not check_keys(check, "won_reasons", pipeline.won_reasons, "won reason"):
        return
    if pipeline.won_reasons and pipeline.win_outcomes:
        check.add(
            "won_reasons",
            "a win keeps its outcome tag or its won reason as the change's reason "
            "(declare win_outcomes or won_reasons, not both)",
        )
    policy = pipeline.policy
    if isinstance(policy, MovePolicy) and policy.win_needs_reason and not pipeline.won_reasons:
        check.add("policy.win_needs_reason", "a win cannot need a won reason: none are declared")


def _check_unrecorded(check: Checker, pipeline: Pipeline, lost_ok: bool) -> None:
    """The reason standing for "not recorded" is a key and one of the lost reasons."""
    name = pipeline.unrecorded_lost_reason
    if name is None or not check.key("unrecorded_lost_reason", name) or not lost_ok:
        return
    if name not in pipeline.lost_reasons:
        check.add(
            "unrecorded_lost_reason",
            f"{name!r} is not one of the lost reasons ({', '.join(pipeline.lost_reasons)})",
        )


def _stand_in(pipeline: Pipeline) -> tuple[str | None, tuple[str, ...]]:
    """The reason a loss without one records (None: a loss needs one), and the lost reasons."""
    name = pipeline.unrecorded_lost_reason
    if name is None and not pipeline.policy.lose_needs_reason:
        name = NOT_RECORDED
    reasons = pipeline.lost_reasons
    if name is not None and name not in reasons:
        reasons = (*reasons, name)
    return name, reasons


@attrs.frozen(slots=True, kw_only=True)
class Pipeline(Definition):
    """A sales pipeline: ordered stages, lost reasons, win outcomes and the move policy.

    ``won_stage``, when set, must be the last stage: the after-sale stage a
    won deal moves to. Open deals cannot advance into it; winning is the way
    in. ``win_outcomes`` are optional tags a win may carry (the lifecycle
    preset's ``"upgraded"``); ``lost_reasons`` the reasons a loss must give;
    ``won_reasons`` the reasons a win may give (``policy.win_needs_reason``:
    must give), kept as the win's ``reason`` like an outcome tag, so a
    pipeline declares win outcomes or won reasons, not both.
    Guards are looked up in ``registry`` (default: the registry in force when
    the pipeline is built, see :func:`salesflow.predicates.using`); the
    scorecards a gate's :class:`~salesflow.stages.ScoreRequirement` names in
    ``scorecards``, else among :mod:`salesflow.scoring.presets`.
    """

    key: str
    stages: tuple[Stage, ...] = attrs.field(converter=to_tuple)
    label_key: str | None = None
    lost_reasons: tuple[str, ...] = attrs.field(default=DEFAULT_LOST_REASONS, converter=to_tuple)
    win_outcomes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    won_reasons: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    won_stage: str | None = None
    policy: MovePolicy = attrs.field(factory=MovePolicy)
    unrecorded_lost_reason: str | None = None
    scorecards: tuple[Scorecard, ...] = attrs.field(default=(), converter=to_tuple)
    registry: Registry = attrs.field(
        factory=_default_registry, eq=False, repr=False, metadata=NOT_DATA
    )
    _x: Lookups = attrs.field(init=False, eq=False, repr=False, metadata=NOT_DATA)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Pipeline")
        check.key("key", self.key)
        check.optional_text("label_key", self.label_key)
        keys: list[str] = []
        if check.items("stages", self.stages, Stage, "Stage"):
            if not self.stages:
                check.add("stages", "a pipeline needs at least one stage")
            keys = [s.key for s in self.stages]
            check.unique("stages", keys, "stage key")
        _check_guards(check, self.stages, self.registry)
        lost_ok = check_keys(check, "lost_reasons", self.lost_reasons, "lost reason")
        if lost_ok and not self.lost_reasons:
            check.add("lost_reasons", "a pipeline needs at least one lost reason")
        _check_unrecorded(check, self, lost_ok)
        check_keys(check, "win_outcomes", self.win_outcomes, "win outcome")
        _check_won_reasons(check, self)
        cards = resolve_scorecards(check, self.stages, self.scorecards)
        if self.won_stage is not None and check.key("won_stage", self.won_stage) and keys:
            if self.won_stage not in keys:
                check.add("won_stage", f"unknown stage {self.won_stage!r} (stages: {keys})")
            elif self.won_stage != keys[-1]:
                check.add(
                    "won_stage",
                    f"{self.won_stage!r} is not the last stage {keys[-1]!r} (stages after "
                    "the won stage could never be reached)",
                )
            elif len(keys) == 1:
                check.add("won_stage", "the won stage cannot be the only stage")
        check.instance("policy", self.policy, MovePolicy, "a MovePolicy")
        check.done()
        stand_in, lost_reasons = _stand_in(self)
        object.__setattr__(
            self,
            "_x",
            Lookups(
                key=self.key,
                label_key=self.label_key,
                stages=self.stages,
                lost_reasons=lost_reasons,
                lost_stand_in=stand_in,
                win_outcomes=self.win_outcomes,
                won_stage=self.won_stage,
                policy=self.policy,
                registry=self.registry,
                won_reasons=self.won_reasons,
                scorecards=cards,
            ),
        )

    # -- look-ups -----------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """The stage keys, in order."""
        return self._x.keys

    @property
    def open_keys(self) -> tuple[str, ...]:
        """The stages an open deal may be in (all but the won stage)."""
        return self._x.open_keys

    def stage(self, key: str) -> Stage:
        """The stage ``key``; an unknown key is a :class:`~salesflow.ValidationError`."""
        return self.stages[self._x.stage_index(key, "key")]

    def index(self, key: str) -> int:
        """The position of stage ``key`` (its order, from 0)."""
        return self._x.stage_index(key, "key")

    def stage_of(self, opportunity: Opportunity) -> Stage:
        """The stage ``opportunity`` is in; a deal of another pipeline is a ValidationError."""
        return self.stages[self._x.own(opportunity)]

    @property
    def pipeline_label_key(self) -> str:
        """The label key of the pipeline: ``label_key`` or ``pipeline.<key>``."""
        return self._x.pipeline_label_key

    def stage_label_key(self, key: str) -> str:
        """The label key of stage ``key``: its own, or ``stage.<pipeline>.<stage>``."""
        return self._x.label_keys[self._x.stage_index(key, "key")]

    # -- gates and the rules --------------------------------------------------------

    def gate_reasons(
        self,
        opportunity: Opportunity,
        *,
        stage: str,
        context: Mapping[str, Any] | None = None,
    ) -> tuple[Reason, ...]:
        """Every unmet requirement of stage ``stage``'s gate for ``opportunity``.

        The same rule :meth:`advance`, skipping, :meth:`can_advance` and the
        generated machine apply. Each reason has code ``"unmet_requirement"``,
        the stage and the requirement's name.
        """
        self._x.own(opportunity)
        i = self._x.stage_index(stage, "stage")
        _engine.check_subject(opportunity, context)
        return _rules.gate_reasons(self._x, i, opportunity, context)

    def reasons(
        self,
        opportunity: Opportunity,
        *,
        move: str,
        to: str | None = None,
        reason: str | None = None,
        outcome: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> tuple[Reason, ...]:
        """Why ``move`` (``"advance"``, ``"win"``, ``"lose"``, ``"pause"``,
        ``"resume"``, ``"reopen"``) would be refused for ``opportunity``; empty if allowed."""
        _engine.check_subject(opportunity, context, to=to, reason=reason, outcome=outcome)
        if not isinstance(move, str) or move not in _rules.MOVES:
            raise ValidationError.single(
                "Pipeline",
                "move",
                f"unknown move {describe(move)} (expected advance, win, lose, pause, "
                "resume or reopen)",
            )
        i, found = _rules.where(self._x, opportunity)
        if i is None:
            return found
        return _rules.move_reasons(
            self._x,
            move,
            i,
            opportunity.status,
            opportunity,
            to=to,
            reason=reason,
            outcome=outcome,
            context=context,
        )

    def can_advance(
        self,
        opportunity: Opportunity,
        *,
        to: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> MoveCheck:
        """Whether :meth:`advance` would accept the move, and every reason if not.

        Never raises :class:`~salesflow.TransitionError`; a value of the wrong
        type is still a :class:`~salesflow.ValidationError`.
        """
        _engine.check_subject(opportunity, context, to=to)
        target, found = _engine.advance_check(self._x, opportunity, to, context)
        keys = self._x.keys
        name = to if to is not None else (keys[target] if 0 <= target < len(keys) else None)
        return MoveCheck(not found, name, found)

    def score_checks(
        self,
        opportunity: Opportunity,
        *,
        stage: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> tuple[ScoreCheck, ...]:
        """Each score requirement of stage ``stage``'s gate (default: the deal's), checked.

        The same evaluation the gate makes (the move's ``context`` first,
        then the deal's fields and attributes); a fact of the wrong type is
        a :class:`~salesflow.ValidationError` here.
        """
        own = self._x.own(opportunity)
        i = own if stage is None else self._x.stage_index(stage, "stage")
        _engine.check_subject(opportunity, context)
        gate = self._x.gates[i]
        out: list[ScoreCheck] = []
        for score in () if gate is None else gate.scores:
            result = _rules.score_result(score, opportunity, context)
            passed = _rules.score_passes(score, result)
            lift = () if passed else _rules.score_lift(score, result)
            out.append(
                ScoreCheck(
                    stage=self._x.keys[i],
                    requirement=score.requirement,
                    result=result,
                    passed=passed,
                    lift=lift,
                )
            )
        return tuple(out)

    def recommendations(
        self, opportunity: Opportunity, *, context: Mapping[str, Any] | None = None
    ) -> tuple[Recommendation, ...]:
        """The moves an open deal's scores recommend (its band's ``data["recommend"]``).

        Each scorecard a gate requires, of the deal's stage and every stage
        before it, is evaluated once; empty for a deal that is not open.
        """
        own = self._x.own(opportunity)
        _engine.check_subject(opportunity, context)
        if opportunity.status is not _OPEN:
            return ()
        seen: set[str] = set()
        out: list[Recommendation] = []
        for i in range(own, -1, -1):
            gate = self._x.gates[i]
            for score in () if gate is None else gate.scores:
                key = score.card.key
                if key in seen:
                    continue
                seen.add(key)
                result = _rules.score_result(score, opportunity, context)
                move = result.band_data.get("recommend")
                if isinstance(move, str):
                    out.append(
                        Recommendation(
                            stage=self._x.keys[i],
                            scorecard=key,
                            band=result.band,
                            move=move,
                            result=result,
                        )
                    )
        return tuple(out)

    # -- probability and forecast -------------------------------------------------

    def _repr_html_(self) -> str:
        columns: tuple[Column, ...] = (
            ("stage", lambda s: s.key),
            ("probability", lambda s: s.probability),
            ("forecast", lambda s: s.forecast),
            ("required fields", lambda s: ", ".join(s.required_fields)),
            ("checklist items", lambda s: len(s.checklist.items) if s.checklist else 0),
            ("rot days", lambda s: s.rot_days),
        )
        return table_html(self.stages, columns, limit=len(self.stages), caption=self.key)

    def probability(self, opportunity: Opportunity) -> int:
        """The effective win probability (0 to 100) of ``opportunity``.

        Won is 100 and lost 0; otherwise the manual override when set, else
        the stage's default.
        """
        i = self._x.own(opportunity)
        status = opportunity.status
        if status is _WON:
            return 100
        if status is _LOST:
            return 0
        if opportunity.probability is not None:
            return opportunity.probability
        return self._x.probs[i]

    def forecast_category(self, opportunity: Opportunity) -> ForecastCategory:
        """``closed`` when won, ``omitted`` when lost or paused, else the stage's."""
        i = self._x.own(opportunity)
        if opportunity.status is _WON:
            return ForecastCategory.CLOSED
        if opportunity.status is not _OPEN:
            return ForecastCategory.OMITTED
        return self.stages[i].forecast

    def weighted_amount(self, opportunity: Opportunity) -> Money:
        """The amount times the effective probability."""
        rate = Decimal(self.probability(opportunity)) / 100  # checks ``opportunity`` first
        return opportunity.amount * rate

    def forecast(
        self, opportunities: Iterable[Opportunity], *, currency: str
    ) -> Mapping[ForecastCategory, Money]:
        """Amounts by forecast category (every category present, zero when empty).

        Every deal must be in ``currency``; a deal in another currency is a
        :class:`~salesflow.ValidationError` (convert first).
        """
        totals = {c: Money.zero(currency) for c in ForecastCategory}
        if isinstance(opportunities, (str, bytes, Mapping)) or not isinstance(
            opportunities, Iterable
        ):
            raise ValidationError.single(
                "Pipeline",
                "opportunities",
                f"expected a collection of Opportunity values, got {describe(opportunities)}",
            )
        for n, opp in enumerate(opportunities):
            self._x.own(opp, f"opportunities[{n}]")
            if opp.amount.currency != currency:
                raise ValidationError.single(
                    "Pipeline",
                    f"opportunities[{n}].amount",
                    f"deal {opp.id!r} is in {opp.amount.currency}, not {currency} "
                    "(expected one currency; convert first)",
                )
            category = self.forecast_category(opp)
            totals[category] = totals[category] + opp.amount
        frozen: Mapping[ForecastCategory, Money] = freeze_mapping(totals)
        return frozen

    # -- python-statemachine and diagrams ------------------------------------------

    def to_statemachine(self) -> type[PipelineMachine]:
        """The :class:`statemachine.StateMachine` subclass of this pipeline (built once).

        It derives from :class:`~salesflow.stages.PipelineMachine`.
        ``Machine(opportunity=opportunity)`` starts where the deal stands; its
        events are ``advance``, ``to_<stage>``, ``win``, ``lose``, ``pause``,
        ``resume`` and ``reopen``. For listeners and callbacks; bulk moves
        belong to the pipeline's own methods.
        """
        # python-statemachine (and asyncio with it) is loaded here, on first use
        from salesflow.stages import _machine

        return _machine.machine_class(self, self._x)

    def diagram(self, format: str = "mermaid", *, locale: str = "en") -> str:
        """The pipeline's state machine as Mermaid (``"mermaid"``) or Graphviz (``"dot"``) text."""
        return _diagrams.text(self._x, format, locale)

    def diagram_image(self, format: str = "svg", *, locale: str = "en") -> bytes:
        """The diagram rendered by Graphviz (``"svg"``, ``"png"`` or ``"pdf"``).

        Needs the optional extra: ``pip install 'salesflow[graphviz]'`` (and the
        Graphviz ``dot`` program); without it raises :class:`MissingExtraError`.
        """
        return _diagrams.image(self._x, format, locale)

    # -- the moves ------------------------------------------------------------------

    def open(
        self,
        *,
        id: str,
        customer_id: str,
        owner: str,
        amount: Money,
        at: datetime,
        stage: str | None = None,
        by: str | None = None,
        name: str = "",
        expected_close: date | None = None,
        probability: int | None = None,
        attributes: Mapping[str, AttributeValue] | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """A new open deal in ``stage`` (default: the first), created at ``at``.

        Its history starts with one change (``Move.OPEN``). Bad values are a
        :class:`~salesflow.ValidationError` naming each path; a stage an open
        deal cannot be in is a :class:`~salesflow.TransitionError`.
        """
        if stage is None and by is None and note is None and attributes is None:
            opened = _engine.fused_open(
                self._x, id, customer_id, owner, amount, at, name, expected_close, probability
            )
            if opened is not None:
                return opened
        fields = _engine.opening_fields(
            id, customer_id, owner, amount, name, expected_close, probability, attributes
        )
        return _engine.open(self._x, fields, at, stage, by, note)

    def advance(
        self,
        opportunity: Opportunity,
        *,
        to: str | None = None,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> Opportunity:
        """Move an open deal to stage ``to`` (default: the next stage).

        Forward one stage needs the current stage's gate; skipping needs the
        policy's ``allow_skip`` and every skipped gate; back to an earlier
        stage needs ``allow_back`` (no gate). A refused move raises
        :class:`~salesflow.TransitionError` listing every reason.
        """
        if to is None and by is None and note is None and context is None:
            moved = _engine.forward(self._x, opportunity, at)  # the common move, fused
            if moved is not None:
                return moved
        return _engine.advance(self._x, opportunity, to, at, by, note, context)

    def win(
        self,
        opportunity: Opportunity,
        *,
        at: datetime,
        by: str | None = None,
        outcome: str | None = None,
        reason: str | None = None,
        note: str | None = None,
        context: Mapping[str, Any] | None = None,
        amount: Money | None = None,
    ) -> Opportunity:
        """Mark an open deal won (moving it to ``won_stage`` when the pipeline has one).

        ``outcome`` is an optional tag from ``win_outcomes`` (e.g. the
        lifecycle preset's ``"upgraded"``) and ``reason`` one of
        ``won_reasons`` (needed when ``policy.win_needs_reason``); either is
        kept as the change's ``reason``. ``amount``, when given, is the
        deal's final value (in the deal's currency): the won deal's
        ``amount``.
        """
        if amount is not None:
            final = _engine.final_amount(opportunity, amount)
            closed = self.win(
                opportunity,
                at=at,
                by=by,
                outcome=outcome,
                reason=reason,
                note=note,
                context=context,
            )
            return attrs.evolve(closed, amount=final)
        if outcome is None and reason is None and by is None and note is None and context is None:
            won = _engine.fused_win(self._x, opportunity, at)
            if won is not None:
                return won
        return _engine.win(self._x, opportunity, at, by, outcome, note, context, reason)

    def lose(
        self,
        opportunity: Opportunity,
        *,
        reason: str | None = None,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Mark an open or paused deal lost, for ``reason`` (one of ``lost_reasons``).

        ``reason`` may be left out when the pipeline names an
        ``unrecorded_lost_reason`` or its policy's ``lose_needs_reason`` is
        off: the loss then records that reason (else ``"not_recorded"``).
        """
        if by is None and note is None:
            lost = _engine.fused_lose(self._x, opportunity, reason, at)
            if lost is not None:
                return lost
        return _engine.lose(self._x, opportunity, reason, at, by, note)

    def pause(
        self,
        opportunity: Opportunity,
        *,
        at: datetime,
        reason: str | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Pause an open deal where it stands (``reason`` is free text)."""
        return _engine.status_move(self._x, "pause", opportunity, at, by, note, reason)

    def resume(
        self,
        opportunity: Opportunity,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Resume a paused deal in the stage it was paused in."""
        return _engine.status_move(self._x, "resume", opportunity, at, by, note)

    def reopen(
        self,
        opportunity: Opportunity,
        *,
        at: datetime,
        by: str | None = None,
        note: str | None = None,
    ) -> Opportunity:
        """Reopen a won or lost deal, when the policy's ``allow_reopen`` says so.

        A lost deal reopens in its stage; a won deal in the won stage reopens
        in the stage before it (the deal is to be closed again).
        """
        return _engine.reopen(self._x, opportunity, at, by, note)
