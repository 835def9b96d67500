"""The label catalogs of each area, merged by :func:`default_catalogs`.

Each area keeps its labels in a module of this package defining ``EN`` and
``ZH_HANS`` dicts with the same keys, and adds one line below.
"""

from __future__ import annotations

from collections.abc import Mapping

from salesflow.locales import (
    _analytics,
    _cadence,
    _checklists,
    _control,
    _dedupe,
    _frontdesk,
    _people,
    _plans,
    _records,
    _scoring,
    _stages,
)

__all__ = ["area_catalogs"]


def area_catalogs() -> list[tuple[Mapping[str, str], Mapping[str, str]]]:
    return [
        (_records.EN, _records.ZH_HANS),
        (_stages.EN, _stages.ZH_HANS),
        (_checklists.EN, _checklists.ZH_HANS),
        (_scoring.EN, _scoring.ZH_HANS),
        (_cadence.EN, _cadence.ZH_HANS),
        (_frontdesk.EN, _frontdesk.ZH_HANS),
        (_people.EN, _people.ZH_HANS),
        (_plans.EN, _plans.ZH_HANS),
        (_dedupe.EN, _dedupe.ZH_HANS),
        (_control.EN, _control.ZH_HANS),
        (_analytics.EN, _analytics.ZH_HANS),
    ]
