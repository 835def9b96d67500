"""Scoring: one scorecard engine, and on it BANT, the three-dimension assessment,
the 20-criterion scorecard, MEDDICC, CHAMP, customer grades, intent, credit and
lead priority (:mod:`salesflow.scoring.presets`).

>>> from salesflow.scoring import presets
>>> result = presets.get("bant").evaluate({"budget": True, "authority": False, "need": True})
>>> result.band, presets.bant_missing(result), result.unknown
('not_qualified', 'AT', ('timeline',))
"""

from salesflow.scoring import presets
from salesflow.scoring._criteria import (
    Aggregation,
    Band,
    BandValue,
    Criterion,
    RuleKind,
    UnknownPolicy,
)
from salesflow.scoring._explanations import CriterionResult, Lift, LiftStep
from salesflow.scoring._history import US, Assessment, AssessmentHistory, Change
from salesflow.scoring._results import ScoreResult
from salesflow.scoring._scorecard import Scorecard

__all__ = [
    "US",
    "Aggregation",
    "Assessment",
    "AssessmentHistory",
    "Band",
    "BandValue",
    "Change",
    "Criterion",
    "CriterionResult",
    "Lift",
    "LiftStep",
    "RuleKind",
    "ScoreResult",
    "Scorecard",
    "UnknownPolicy",
    "presets",
]
