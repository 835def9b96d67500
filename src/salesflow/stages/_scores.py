"""Scores in the gates: which scorecard each requirement names, and what a deal's scores say.

A :class:`~salesflow.stages.ScoreRequirement` names a scorecard by key: one of
the pipeline's own ``scorecards``, else a preset of
:mod:`salesflow.scoring.presets`. :func:`resolve_scorecards` finds each one
when the pipeline is built and checks the requirement against it (band,
group and minimum exist there), filing every problem under its path. The
evaluation itself is a gate rule (:mod:`._rules`), so every engine applies it
alike; :class:`ScoreCheck` and :class:`Recommendation` are what the
pipeline answers when asked about a deal's scores. Scores never know the
pipeline: only this side imports scoring.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from salesflow._checks import Checker
from salesflow.scoring import Scorecard, ScoreResult
from salesflow.scoring import presets as scoring_presets
from salesflow.stages._definitions import ScoreRequirement, Stage

__all__ = ["Recommendation", "ScoreCheck", "resolve_scorecards"]


@attrs.frozen(slots=True, kw_only=True)
class ScoreCheck:
    """One score requirement of a stage's gate, checked on a deal.

    Truthy when the deal reaches it. ``lift`` lists the criteria whose
    raising to their top level would meet it (empty when met).
    """

    stage: str
    requirement: ScoreRequirement
    result: ScoreResult = attrs.field(eq=False)
    passed: bool
    lift: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.passed


@attrs.frozen(slots=True, kw_only=True)
class Recommendation:
    """A move a deal's score recommends: its band carries ``data["recommend"]``.

    ``stage`` is the stage whose gate reads the scorecard; ``move`` the
    band's recommendation (the three-dimension ``weak`` band:
    ``"replan_or_pause"``).
    """

    stage: str
    scorecard: str
    band: str
    move: str
    result: ScoreResult = attrs.field(eq=False, repr=False)


def _find(key: str, own: dict[str, Scorecard]) -> Scorecard | None:
    card = own.get(key)
    if card is None and key in scoring_presets.names():
        card = scoring_presets.get(key)
    return card


def _group_maximum(card: Scorecard, group: str) -> Decimal:
    return sum(
        (card.contributions(c.key)[-1] for c in card.criteria if c.group == group), Decimal(0)
    )


def _check_one(check: Checker, path: str, req: ScoreRequirement, card: Scorecard) -> None:
    if card.needs_at:
        check.add(
            f"{path}.scorecard",
            f"scorecard {card.key!r} counts days and needs at=, which a gate does not have",
        )
    if req.band is not None and req.band not in {b.key for b in card.bands}:
        bands = ", ".join(b.key for b in card.bands)
        check.add(f"{path}.band", f"unknown band {req.band!r} of {card.key!r} (bands: {bands})")
    top = card.maximum
    if req.group is not None:
        groups = sorted({c.group for c in card.criteria if c.group is not None})
        if req.group not in groups:
            known = ", ".join(groups) or "none"
            check.add(
                f"{path}.group", f"unknown group {req.group!r} of {card.key!r} (groups: {known})"
            )
            return
        top = _group_maximum(card, req.group)
    if req.minimum is not None and req.minimum > top:
        check.add(
            f"{path}.minimum",
            f"{req.minimum} is above the highest possible total {top} (never reached)",
        )


def resolve_scorecards(check: Checker, stages: object, scorecards: object) -> dict[str, Scorecard]:
    """The scorecard of every requirement of ``stages``, by key; problems go to ``check``."""
    own: dict[str, Scorecard] = {}
    if check.items("scorecards", scorecards, Scorecard, "Scorecard"):
        assert isinstance(scorecards, tuple)
        check.unique("scorecards", (c.key for c in scorecards), "scorecard key")
        own = {c.key: c for c in scorecards}
    found: dict[str, Scorecard] = {}
    for i, stage in enumerate(stages if isinstance(stages, tuple) else ()):
        if not isinstance(stage, Stage):
            continue
        for j, req in enumerate(stage.required_scores):
            path = f"stages[{i}].required_scores[{j}]"
            card = _find(req.scorecard, own)
            if card is None:
                known = ", ".join([*own, *scoring_presets.names()])
                check.add(
                    f"{path}.scorecard",
                    f"unknown scorecard {req.scorecard!r} (expected one of the pipeline's "
                    f"scorecards or a preset: {known})",
                )
                continue
            _check_one(check, path, req, card)
            found[card.key] = card
    return found
