"""A pipeline definition resolved once: the look-ups its rules, engines and diagrams read.

:class:`Lookups` is built by :class:`~salesflow.stages.Pipeline` when it is
constructed (from values it has already checked) and is never built by
users. Everything below the definition (the move rules, the fast engine,
the machine factory, the diagrams) reads a pipeline through it, so none of
them imports the definition.
"""

from __future__ import annotations

from collections.abc import Mapping

from salesflow._checks import describe
from salesflow.checklists._model import Checklist
from salesflow.exceptions import ValidationError
from salesflow.predicates import Predicate, Registry
from salesflow.records import Opportunity
from salesflow.scoring import Scorecard
from salesflow.stages._definitions import OPPORTUNITY_FIELDS, MovePolicy, ScoreRequirement, Stage

__all__ = ["Gate", "Lookups", "ScoreGate"]


class ScoreGate:
    """A score requirement resolved once: its scorecard and the rank of the band it needs."""

    __slots__ = ("card", "rank", "ranks", "requirement")

    def __init__(self, requirement: ScoreRequirement, card: Scorecard) -> None:
        self.requirement = requirement
        self.card = card
        #: band key -> its rank (0: the lowest)
        self.ranks: Mapping[str, int] = {b.key: n for n, b in enumerate(card.bands)}
        band = requirement.band
        self.rank = -1 if band is None else self.ranks[band]


class Gate:
    """A stage's gate, resolved once: field look-ups, guard callables, checklist, scores."""

    __slots__ = ("checklist", "fields", "guards", "scores", "stage")

    def __init__(
        self,
        stage: str,
        fields: tuple[tuple[str, bool], ...],
        guards: tuple[tuple[str, Predicate], ...],
        checklist: Checklist | None = None,
        scores: tuple[ScoreGate, ...] = (),
    ) -> None:
        self.stage = stage
        self.fields = fields
        self.guards = guards
        self.checklist = checklist
        self.scores = scores


def _gate(stage: Stage, registry: Registry, cards: Mapping[str, Scorecard]) -> Gate | None:
    if not (
        stage.required_fields
        or stage.guards
        or stage.checklist is not None
        or stage.required_scores
    ):
        return None
    fields = tuple((f, f in OPPORTUNITY_FIELDS) for f in stage.required_fields)
    guards = tuple((g, registry[g]) for g in stage.guards)
    scores = tuple(ScoreGate(r, cards[r.scorecard]) for r in stage.required_scores)
    return Gate(stage.key, fields, guards, stage.checklist, scores)


class Lookups:
    """A checked pipeline's look-ups: stage keys and positions, gates, policy, label keys."""

    __slots__ = (
        "gates",
        "index",
        "key",
        "keys",
        "label_keys",
        "last_open",
        "lost_reason_set",
        "lost_reasons",
        "lost_stand_in",
        "pipeline_label_key",
        "policy",
        "probs",
        "stages",
        "steps",
        "win_outcome_set",
        "win_outcomes",
        "won_index",
        "won_reason_set",
        "won_reasons",
        "won_stage",
    )

    def __init__(
        self,
        *,
        key: str,
        label_key: str | None,
        stages: tuple[Stage, ...],
        lost_reasons: tuple[str, ...],
        win_outcomes: tuple[str, ...],
        won_stage: str | None,
        policy: MovePolicy,
        registry: Registry,
        won_reasons: tuple[str, ...] = (),
        scorecards: Mapping[str, Scorecard] | None = None,
        lost_stand_in: str | None = None,
    ) -> None:
        self.key = key
        self.stages = stages
        self.keys: tuple[str, ...] = tuple(s.key for s in stages)
        self.index: Mapping[str, int] = {k: i for i, k in enumerate(self.keys)}
        self.probs: tuple[int, ...] = tuple(s.probability for s in stages)
        cards = {} if scorecards is None else scorecards
        self.gates: tuple[Gate | None, ...] = tuple(_gate(s, registry, cards) for s in stages)
        self.won_stage = won_stage
        self.won_index: int | None = None if won_stage is None else self.index[won_stage]
        self.last_open = len(stages) - 1 if self.won_index is None else self.won_index - 1
        self.lost_reasons = lost_reasons
        self.lost_reason_set = frozenset(lost_reasons)
        #: the lost reason a loss without one records (None: a loss must give one)
        self.lost_stand_in = lost_stand_in
        self.win_outcomes = win_outcomes
        self.win_outcome_set = frozenset(win_outcomes)
        self.won_reasons = won_reasons
        self.won_reason_set = frozenset(won_reasons)
        self.policy = policy
        self.pipeline_label_key = label_key or f"pipeline.{key}"
        self.label_keys: tuple[str, ...] = tuple(
            s.label_key or f"stage.{key}.{s.key}" for s in stages
        )
        #: the common move, one stage on, from each stage that has a next open one:
        #: (position, its probability, the next stage, its probability, whether gated)
        self.steps: Mapping[str, tuple[int, int, str, int, bool]] = {
            self.keys[i]: (
                i,
                self.probs[i],
                self.keys[i + 1],
                self.probs[i + 1],
                self.gates[i] is not None,
            )
            for i in range(self.last_open)
        }

    @property
    def open_keys(self) -> tuple[str, ...]:
        """The stages an open deal may be in (all but the won stage)."""
        return self.keys[: self.last_open + 1]

    def unknown(self, stage: object) -> str:
        """The message for a stage this pipeline lacks."""
        return f"unknown stage {stage!r} (pipeline {self.key!r} has {', '.join(self.keys)})"

    def stage_index(self, key: object, path: str, where: str = "Pipeline") -> int:
        """The position of stage ``key``; an unknown one is a ValidationError at ``path``."""
        i = self.index.get(key) if isinstance(key, str) else None
        if i is None:
            raise ValidationError.single(
                where,
                path,
                f"unknown stage {describe(key)} in pipeline {self.key!r} "
                f"(expected one of {', '.join(self.keys)})",
            )
        return i

    def own(self, opportunity: object, path: str = "opportunity", where: str = "Pipeline") -> int:
        """The stage index of a deal of this pipeline; anything else is a ValidationError."""
        if isinstance(opportunity, Opportunity):
            if opportunity.pipeline == self.key:
                i = self.index.get(opportunity.stage)
                if i is not None:
                    return i
                message = self.unknown(opportunity.stage)
            else:
                message = (
                    f"the deal {opportunity.id!r} is in pipeline "
                    f"{opportunity.pipeline!r}, not {self.key!r}"
                )
        else:
            message = f"expected an Opportunity, got {describe(opportunity)}"
        raise ValidationError.single(where, path, message)
