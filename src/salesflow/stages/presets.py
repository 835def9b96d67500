"""The ready pipelines: common B2B sales flows.

>>> from salesflow.stages import presets
>>> presets.names()
('basic', 'complex', 'seven_step', 'lifecycle', 'full_process')
>>> presets.get("basic").keys
('prospect_list', 'book_visit', 'propose_brief', 'close', 'after_sale')
>>> presets.get("basic").stage("prospect_list").checklist.key
'prospect_list'
>>> presets.get("basic", checklists=False).stage("prospect_list").checklist is None
True

``basic`` and ``complex`` carry the checklists of the same name
(:mod:`salesflow.checklists.presets`) in their gates; ``checklists=False``
gives them bare. Each preset's last stage is its after-sale stage (``won_stage``): winning a
deal moves it there. Default probabilities and forecast categories are
listed in ``docs/stages-presets.md``; they are defaults, so change them by
building a new pipeline (``attrs.evolve``).
"""

from __future__ import annotations

import attrs

from salesflow._checks import built_once, describe
from salesflow._presets import Presets
from salesflow.checklists import presets as checklist_presets
from salesflow.exceptions import ValidationError
from salesflow.predicates import default_registry
from salesflow.stages._binding import bind
from salesflow.stages._definitions import ForecastCategory, MovePolicy, ScoreRequirement, Stage
from salesflow.stages._pipeline import Pipeline

__all__ = ["basic", "complex", "full_process", "get", "lifecycle", "names", "seven_step"]

_P = ForecastCategory.PIPELINE
_B = ForecastCategory.BEST_CASE
_C = ForecastCategory.COMMIT
_X = ForecastCategory.CLOSED


def _pipeline(key: str, stages: list[Stage], **kwargs: object) -> Pipeline:
    return Pipeline(
        key=key,
        stages=stages,
        won_stage=stages[-1].key,
        policy=MovePolicy(),
        registry=default_registry(),
        **kwargs,  # type: ignore[arg-type]
    )


def basic() -> Pipeline:
    """The basic five steps: list, visit, propose, close, after-sale."""
    return _pipeline(
        "basic",
        [
            Stage(key="prospect_list", probability=10, forecast=_P, rot_days=30),
            Stage(key="book_visit", probability=20, forecast=_P, rot_days=14),
            Stage(
                key="propose_brief",
                probability=40,
                forecast=_B,
                rot_days=21,
                required_fields=("expected_close",),
            ),
            Stage(key="close", probability=80, forecast=_C, rot_days=30),
            Stage(key="after_sale", probability=100, forecast=_X),
        ],
    )


def complex(*, worth_winning_from: int | None = None) -> Pipeline:
    """The complex seven steps: adds gathering data and advancing the project.

    ``worth_winning_from``: when set, a deal leaves ``gather_data`` (to
    advance the project) only with at least this many pluses on the
    20-criterion scorecard's "is it worth winning?" question (``rww20``,
    group ``is_it_worth_winning``, 0 to 5). Not required by default: the
    sheet is a key-account tool filled in at review dates, and most complex
    deals never get one.
    """
    worth = (
        ()
        if worth_winning_from is None
        else (
            ScoreRequirement(
                scorecard="rww20", minimum=worth_winning_from, group="is_it_worth_winning"
            ),
        )
    )
    return _pipeline(
        "complex",
        [
            Stage(key="prospect_list", probability=5, forecast=_P, rot_days=30),
            Stage(key="book_visit", probability=10, forecast=_P, rot_days=14),
            Stage(
                key="propose_brief",
                probability=20,
                forecast=_P,
                rot_days=21,
                required_fields=("expected_close",),
            ),
            Stage(
                key="gather_data",
                probability=35,
                forecast=_B,
                rot_days=30,
                required_scores=worth,
            ),
            Stage(key="advance_project", probability=50, forecast=_B, rot_days=45),
            Stage(key="sign_contract", probability=80, forecast=_C, rot_days=30),
            Stage(key="after_sale", probability=100, forecast=_X),
        ],
    )


def seven_step() -> Pipeline:
    """The seven-step sale, from prospecting to follow-up and referrals.

    A deal leaves ``qualification`` for needs assessment only when BANT is
    ``qualified`` (the deal's ``budget``, ``authority``, ``need`` and
    ``timeline`` facts all true, in its attributes or the move's context).
    """
    return _pipeline(
        "seven_step",
        [
            Stage(key="prospecting", probability=5, forecast=_P, rot_days=30),
            Stage(
                key="qualification",
                probability=10,
                forecast=_P,
                rot_days=14,
                required_scores=(ScoreRequirement(scorecard="bant", band="qualified"),),
            ),
            Stage(key="needs_assessment", probability=25, forecast=_P, rot_days=21),
            Stage(key="presentation", probability=40, forecast=_B, rot_days=21),
            Stage(
                key="proposal",
                probability=60,
                forecast=_B,
                rot_days=30,
                required_fields=("expected_close",),
            ),
            Stage(key="close", probability=80, forecast=_C, rot_days=30),
            Stage(key="follow_up", probability=100, forecast=_X),
        ],
    )


def lifecycle() -> Pipeline:
    """The customer lifecycle: find, invite, visit, follow up, close, maintain.

    Its close ends in won, upgraded, paused or lost: "upgraded" is a win
    with the outcome tag ``"upgraded"`` (``pipeline.win(opp, outcome="upgraded")``),
    so it counts as won everywhere and stays tellable apart
    (:func:`salesflow.stages.history.win_outcome`).
    """
    return _pipeline(
        "lifecycle",
        [
            Stage(key="find", probability=5, forecast=_P, rot_days=30),
            Stage(key="invite", probability=10, forecast=_P, rot_days=14),
            Stage(key="visit", probability=25, forecast=_P, rot_days=21),
            Stage(key="follow_up", probability=50, forecast=_B, rot_days=14),
            Stage(key="close", probability=80, forecast=_C, rot_days=30),
            Stage(key="maintain", probability=100, forecast=_X),
        ],
        win_outcomes=("upgraded",),
    )


def full_process() -> Pipeline:
    """The full process, from lead capture to delivery and after-sales.

    A deal leaves ``assessment_proposal`` for negotiation only when the
    three-dimension assessment (``three_dimension``: urgency, budget fit,
    decision chain) is at least ``medium``; a weak deal is to be re-planned
    or paused, which :meth:`~salesflow.stages.Pipeline.recommendations` says.
    """
    return _pipeline(
        "full_process",
        [
            Stage(key="lead_capture", probability=5, forecast=_P, rot_days=7),
            Stage(key="grading_discovery", probability=15, forecast=_P, rot_days=14),
            Stage(
                key="assessment_proposal",
                probability=40,
                forecast=_B,
                rot_days=30,
                required_fields=("expected_close",),
                required_scores=(ScoreRequirement(scorecard="three_dimension", band="medium"),),
            ),
            Stage(key="negotiation_contract", probability=75, forecast=_C, rot_days=30),
            Stage(key="delivery_after_sales", probability=100, forecast=_X),
        ],
    )


_PRESETS: Presets[Pipeline] = Presets(
    "pipeline",
    {
        "basic": basic,
        "complex": complex,
        "seven_step": seven_step,
        "lifecycle": lifecycle,
        "full_process": full_process,
    },
)


def names() -> tuple[str, ...]:
    """The preset names, from the simplest flow to the fullest."""
    return _PRESETS.names()


# the presets whose checklists (salesflow.checklists.presets) gate their stages
_GATED = frozenset({"basic", "complex"})


@built_once
def _built(name: str, checklists: bool) -> Pipeline:
    bare = _PRESETS.get(name)
    if not checklists or name not in _GATED:
        return bare
    policy = attrs.evolve(bare.policy, win_needs_gate=True)
    return bind(attrs.evolve(bare, policy=policy), checklist_presets.get(name))


def get(name: str, *, checklists: bool = True) -> Pipeline:
    """The preset pipeline ``name`` (one value per name and flag, built once).

    ``basic`` and ``complex`` come with the checklists of the same name
    (:mod:`salesflow.checklists.presets`) in their stages' gates: ``advance``
    refuses to leave a stage while a required item of its checklist is not
    done, naming each item (reason code ``"unmet_requirement"``), and the
    policy has ``win_needs_gate`` set, so the closing stage's checklist gates
    winning too. ``checklists=False`` gives the bare pipeline (no checklist
    in any gate). The other presets have no checklist preset: the flag
    changes nothing for them. A custom checklist set goes into any pipeline
    with :func:`salesflow.stages.bind`.
    """
    _PRESETS.check(name)
    if not isinstance(checklists, bool):
        raise ValidationError.single(
            "presets",
            "checklists",
            f"expected True or False, got {describe(checklists)}",
        )
    return _built(name, checklists and name in _GATED)
