"""Whole-opportunity operations: the state lives in ``Opportunity.checklists``.

Each function takes the opportunity, the checklist (a :class:`Checklist`, or
a :class:`ChecklistSet` from which the stage's checklist is taken) and
optionally a ``stage`` (default: the opportunity's current stage).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from salesflow._checks import describe
from salesflow.checklists._model import (
    Checklist,
    ChecklistSet,
    Gate,
    NextAction,
    Progress,
)
from salesflow.exceptions import ValidationError
from salesflow.locales import DEFAULT_LOCALE, Catalogs
from salesflow.records import ChecklistState, Opportunity

__all__ = ["gate", "next_actions", "progress", "state_of", "tick", "untick"]

_EMPTY_STATE = ChecklistState()


def _stage(where: str, opportunity: object, stage: str | None) -> str:
    if not isinstance(opportunity, Opportunity):
        raise ValidationError.single(
            where, "opportunity", f"expected an Opportunity, got {describe(opportunity)}"
        )
    if stage is None:
        return opportunity.stage
    if not isinstance(stage, str) or not stage.strip():
        raise ValidationError.single(where, "stage", f"expected a stage key, got {describe(stage)}")
    return stage


def _resolve(where: str, checklist: object, stage: str) -> Checklist:
    if isinstance(checklist, Checklist):
        return checklist
    if isinstance(checklist, ChecklistSet):
        found = checklist.get(stage)
        if found is None:
            known = ", ".join(checklist.stage_keys) or "none"
            raise ValidationError.single(
                where,
                "stage",
                f"no checklist for stage {stage!r} in {checklist.key!r} (expected one of {known})",
            )
        return found
    raise ValidationError.single(
        where, "checklist", f"expected a Checklist or a ChecklistSet, got {describe(checklist)}"
    )


def state_of(opportunity: Opportunity, stage: str | None = None) -> ChecklistState:
    """The checklist state of ``stage`` (default: the current one); empty if none yet."""
    key = _stage("state_of", opportunity, stage)
    return opportunity.checklists.get(key, _EMPTY_STATE)


def _marked(
    where: str,
    opportunity: Opportunity,
    checklist: Checklist | ChecklistSet,
    stage: str | None,
    mark: tuple[str, bool, str, datetime, str | None, str | None, str | None],
) -> Opportunity:
    key = _stage(where, opportunity, stage)
    found = _resolve(where, checklist, key)
    item, done, by, at, evidence, role, note = mark
    state = found._mark(
        opportunity.checklists.get(key),
        item,
        done,
        by,
        at,
        evidence,
        role,
        note,
        where,
        opportunity.created_at,
    )
    return attrs.evolve(opportunity, checklists={**opportunity.checklists, key: state})


def tick(
    opportunity: Opportunity,
    checklist: Checklist | ChecklistSet,
    item: str,
    *,
    by: str,
    at: datetime,
    evidence: str | None = None,
    role: str | None = None,
    note: str | None = None,
    stage: str | None = None,
) -> Opportunity:
    """A new opportunity with ``item`` of ``stage``'s checklist ticked.

    Errors as :meth:`Checklist.ticked`, and ``at`` may not be before the deal's
    ``created_at``; a failed tick changes nothing.
    """
    return _marked(
        "tick", opportunity, checklist, stage, (item, True, by, at, evidence, role, note)
    )


def untick(
    opportunity: Opportunity,
    checklist: Checklist | ChecklistSet,
    item: str,
    *,
    by: str,
    at: datetime,
    role: str | None = None,
    note: str | None = None,
    stage: str | None = None,
) -> Opportunity:
    """A new opportunity with ``item`` of ``stage``'s checklist unticked (``at`` not
    before the deal's ``created_at``)."""
    return _marked("untick", opportunity, checklist, stage, (item, False, by, at, None, role, note))


def gate(
    opportunity: Opportunity,
    checklist: Checklist | ChecklistSet,
    *,
    context: Mapping[str, Any] | None = None,
    stage: str | None = None,
) -> Gate:
    """The gate of ``stage``'s checklist for this opportunity."""
    key = _stage("gate", opportunity, stage)
    return _resolve("gate", checklist, key).gate(
        opportunity.checklists.get(key), opportunity=opportunity, context=context
    )


def progress(
    opportunity: Opportunity,
    checklist: Checklist | ChecklistSet,
    *,
    context: Mapping[str, Any] | None = None,
    stage: str | None = None,
) -> Progress:
    """The progress of ``stage``'s checklist for this opportunity."""
    key = _stage("progress", opportunity, stage)
    return _resolve("progress", checklist, key).progress(
        opportunity.checklists.get(key), opportunity=opportunity, context=context
    )


def next_actions(
    opportunity: Opportunity,
    checklist: Checklist | ChecklistSet,
    *,
    context: Mapping[str, Any] | None = None,
    stage: str | None = None,
    locale: str = DEFAULT_LOCALE,
    catalogs: Catalogs | None = None,
) -> tuple[NextAction, ...]:
    """What is left to do in ``stage``'s checklist, labelled in ``locale``."""
    key = _stage("next_actions", opportunity, stage)
    return _resolve("next_actions", checklist, key).next_actions(
        opportunity.checklists.get(key),
        opportunity=opportunity,
        context=context,
        locale=locale,
        catalogs=catalogs,
    )
