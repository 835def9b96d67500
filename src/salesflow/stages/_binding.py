"""Putting a set of checklists into a pipeline's gates.

A checklist never knows the pipeline that uses it: binding is the pipeline's
business, so it lives with the stages.
"""

from __future__ import annotations

import attrs

from salesflow._checks import describe
from salesflow.checklists import ChecklistSet
from salesflow.exceptions import Problem, ValidationError
from salesflow.stages._pipeline import Pipeline

__all__ = ["bind"]


def bind(pipeline: Pipeline, checklists: ChecklistSet) -> Pipeline:
    """A new pipeline whose stages carry the set's checklists in their gates.

    Each stage named in ``checklists`` gets that checklist (replacing any it
    had); the other stages keep theirs. A stage key of the set that the
    pipeline lacks is a :class:`~salesflow.ValidationError`.
    """
    if not isinstance(pipeline, Pipeline):
        raise ValidationError.single(
            "bind", "pipeline", f"expected a Pipeline, got {describe(pipeline)}"
        )
    if not isinstance(checklists, ChecklistSet):
        raise ValidationError.single(
            "bind", "checklists", f"expected a ChecklistSet, got {describe(checklists)}"
        )
    keys = {stage.key for stage in pipeline.stages}
    unknown = [s for s in checklists.stage_keys if s not in keys]
    if unknown:
        raise ValidationError(
            "bind",
            [
                Problem(
                    f"checklists[{s!r}]",
                    f"no stage {s!r} in pipeline {pipeline.key!r} "
                    f"(expected one of {', '.join(pipeline.keys)})",
                )
                for s in unknown
            ],
        )
    stages = [
        attrs.evolve(stage, checklist=checklists.checklists[stage.key])
        if stage.key in checklists.checklists
        else stage
        for stage in pipeline.stages
    ]
    return attrs.evolve(pipeline, stages=stages)
