"""The parts of a pipeline: stages, the move policy, the forecast categories."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import attrs

from salesflow._checks import Checker, definition_checker, to_optional_decimal, to_tuple
from salesflow.checklists._model import Checklist
from salesflow.convert import Definition
from salesflow.records import Opportunity

__all__ = [
    "DEFAULT_LOST_REASONS",
    "DEFAULT_WON_REASONS",
    "NOT_RECORDED",
    "OPPORTUNITY_FIELDS",
    "ForecastCategory",
    "MovePolicy",
    "ScoreRequirement",
    "Stage",
]

#: The lost reasons a pipeline allows unless it names its own.
DEFAULT_LOST_REASONS: tuple[str, ...] = (
    "price",
    "competitor",
    "no_budget",
    "no_decision",
    "timing",
    "product_fit",
    "no_response",
    "other",
)

#: The lost reason a loss without one records when ``policy.lose_needs_reason``
#: is off and the pipeline names no ``unrecorded_lost_reason`` of its own.
NOT_RECORDED = "not_recorded"

#: Won reasons a team may declare (``Pipeline(won_reasons=DEFAULT_WON_REASONS)``);
#: a pipeline declares none unless it names them.
DEFAULT_WON_REASONS: tuple[str, ...] = (
    "price",
    "relationship",
    "product_fit",
    "service",
    "reference",
    "other",
)

#: Opportunity fields a gate may require (any other name is a key of ``attributes``).
OPPORTUNITY_FIELDS: frozenset[str] = frozenset(
    a.name
    for a in attrs.fields(Opportunity)
    if a.name not in ("history", "attributes", "checklists")
)


class ForecastCategory(StrEnum):
    """Where a deal counts in a forecast (after Salesforce's categories).

    An open deal takes its stage's category; a won deal is ``closed``, a
    lost or paused one ``omitted``.
    """

    PIPELINE = "pipeline"
    BEST_CASE = "best_case"
    COMMIT = "commit"
    CLOSED = "closed"
    OMITTED = "omitted"


def check_keys(check: Checker, path: str, value: object, what: str) -> bool:
    """``value`` is a tuple of distinct keys (each problem filed under ``path``)."""
    if not isinstance(value, tuple):
        check.add(path, f"expected a list of {what}s, got {type(value).__name__}")
        return False
    ok = True
    for i, item in enumerate(value):
        ok = check.key(f"{path}[{i}]", item) and ok
    if ok:
        check.unique(path, value, what)
    return ok


@attrs.frozen(slots=True, kw_only=True)
class ScoreRequirement(Definition):
    """A score a deal must reach before it leaves a stage forward.

    ``scorecard`` names a scorecard: one of the pipeline's own
    ``scorecards``, else a preset of :mod:`salesflow.scoring.presets`. It
    is evaluated on the deal: the move's ``context`` first, then the deal's
    fields, then its ``attributes`` (BANT reads ``budget``, ``authority``,
    ``need`` and ``timeline``). Exactly one of ``band`` (the band to reach,
    or any band above it) and ``minimum`` (the total to reach); with
    ``group``, ``minimum`` is the total of that group of criteria (a
    question of ``rww20``). The pipeline checks the names against the
    scorecard when it is built.
    """

    scorecard: str
    band: str | None = None
    minimum: Decimal | None = attrs.field(default=None, converter=to_optional_decimal)
    group: str | None = None

    def __attrs_post_init__(self) -> None:
        check = definition_checker("ScoreRequirement")
        check.key("scorecard", self.scorecard)
        if self.band is not None:
            check.text("band", self.band)
        check.number("minimum", self.minimum, low=0, optional=True)
        if self.group is not None:
            check.key("group", self.group)
        if (self.band is None) == (self.minimum is None):
            check.add("band", "give exactly one of band and minimum")
        elif self.group is not None and self.band is not None:
            check.add("group", "a group's total is compared with minimum, not with a band")
        check.done()

    @property
    def needed(self) -> str:
        """What the requirement asks, in words: ``"band 'qualified'"``, ``"3 in 'g'"``."""
        if self.band is not None:
            return f"band {self.band!r}"
        where = "" if self.group is None else f" in group {self.group!r}"
        return f"a total of {self.minimum}{where}"


@attrs.frozen(slots=True, kw_only=True)
class Stage(Definition):
    """One stage of a pipeline and its gate.

    ``probability`` (0 to 100) is the default win probability of a deal in
    this stage and ``forecast`` its forecast category. The *gate* is what
    must hold before a deal may leave the stage forward: every name in
    ``required_fields`` is set (an :class:`~salesflow.Opportunity` field such
    as ``"expected_close"``, else a key of the deal's ``attributes``; ``None``,
    ``""`` and a zero amount count as missing) and every guard in ``guards``
    (a registered predicate name) answers true. ``rot_days``: after this many
    days in the stage an open deal is stale (``None``: never).
    ``label_key`` defaults to ``stage.<pipeline>.<key>``.

    ``checklist`` (a :class:`~salesflow.checklists.Checklist`) is part of the
    gate too: each of its required, applicable items not done in the deal's
    state for this stage (``opportunity.checklists[key]``) is an unmet
    requirement named by the item's key.

    ``required_scores`` (:class:`ScoreRequirement` values) are part of the
    gate too: each score the deal does not reach is refused with code
    ``"score_too_low"``, naming the scorecard.
    """

    key: str
    probability: int = 0
    forecast: ForecastCategory = ForecastCategory.PIPELINE
    label_key: str | None = None
    required_fields: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    guards: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    rot_days: int | None = None
    checklist: Checklist | None = None
    required_scores: tuple[ScoreRequirement, ...] = attrs.field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Stage")
        check.key("key", self.key)
        check.integer("probability", self.probability, low=0, high=100)
        check.enum_field(self, "forecast", ForecastCategory)
        check.optional_text("label_key", self.label_key)
        check_keys(check, "required_fields", self.required_fields, "required field")
        if isinstance(self.guards, tuple):
            for i, name in enumerate(self.guards):
                check.text(f"guards[{i}]", name)
            check.unique("guards", (g for g in self.guards if isinstance(g, str)), "guard")
        else:
            check.add("guards", f"expected a list of guard names, got {type(self.guards).__name__}")
        check.integer("rot_days", self.rot_days, low=1, optional=True)
        if self.checklist is not None:
            check.instance("checklist", self.checklist, Checklist, "a Checklist")
        check.items("required_scores", self.required_scores, ScoreRequirement, "ScoreRequirement")
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class MovePolicy(Definition):
    """Which moves a pipeline allows besides "forward one stage".

    * ``allow_back``: move back to any earlier stage (default yes).
    * ``allow_skip``: move forward past stages, when every skipped gate passes
      (default no).
    * ``allow_reopen``: reopen a won or lost deal (default no).
    * ``win_needs_gate``: winning needs the current stage's gate (default no:
      a deal may be won from any open stage).
    * ``keep_probability``: keep a manual probability override when the deal
      changes stage (default no: the override is cleared).
    * ``win_needs_reason``: a win must give one of the pipeline's
      ``won_reasons`` (default no: a won reason is optional).
    * ``lose_needs_reason``: a loss must give one of the pipeline's
      ``lost_reasons`` (default yes). When no, a loss without one records
      the pipeline's ``unrecorded_lost_reason``, else ``"not_recorded"``
      (:data:`NOT_RECORDED`), so every lost deal still has a reason to
      count it by.
    """

    allow_back: bool = True
    allow_skip: bool = False
    allow_reopen: bool = False
    win_needs_gate: bool = False
    keep_probability: bool = False
    win_needs_reason: bool = False
    lose_needs_reason: bool = True

    def __attrs_post_init__(self) -> None:
        check = definition_checker("MovePolicy")
        for name in (
            "allow_back",
            "allow_skip",
            "allow_reopen",
            "win_needs_gate",
            "win_needs_reason",
            "lose_needs_reason",
        ):
            check.instance(name, getattr(self, name), bool, "true or false")
        check.instance("keep_probability", self.keep_probability, bool, "true or false")
        check.done()
