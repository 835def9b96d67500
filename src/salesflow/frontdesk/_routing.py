"""Assignment rules as data: routes to teams, weighting, the high-priority owner rule."""

from __future__ import annotations

from enum import StrEnum

import attrs

from salesflow._checks import definition_checker, to_tuple
from salesflow.convert import Definition

__all__ = ["AssignmentRules", "Route", "RouteField", "Weighting"]


class Weighting(StrEnum):
    """How new leads are shared within a team: equally, by capacity, or by quota."""

    EQUAL = "equal"
    CAPACITY = "capacity"
    QUOTA = "quota"


class RouteField(StrEnum):
    """Which fact of a lead a route reads."""

    TERRITORY = "territory"
    INDUSTRY = "industry"
    SOURCE = "source"


@attrs.frozen(slots=True, kw_only=True)
class Route(Definition):
    """Leads whose ``field`` is one of ``values`` go to ``team``."""

    field: RouteField
    values: tuple[str, ...] = attrs.field(converter=to_tuple)
    team: str

    def __attrs_post_init__(self) -> None:
        check = definition_checker("Route")
        check.enum_field(self, "field", RouteField)
        if check.items("values", self.values, str, "strings"):
            if not self.values:
                check.add("values", "a route needs at least one value")
            for i, v in enumerate(self.values):
                check.text(f"values[{i}]", v)
        check.text("team", self.team)
        check.done()


@attrs.frozen(slots=True, kw_only=True)
class AssignmentRules(Definition):
    """How leads are assigned.

    The first of ``routes`` that matches a lead names its team; with none,
    ``default_team`` (``None``: every member). Within the team, leads go
    round-robin among the members able to take one, weighted by
    ``weighting``. A high-priority lead must have an owner within
    ``high_priority_within_hours`` of its creation (default 24, the
    ``high_priority_lead_owner`` time rule); when no member can take it, it
    goes to ``fallback`` (the sales manager, say) rather than waiting.
    """

    routes: tuple[Route, ...] = attrs.field(default=(), converter=to_tuple)
    default_team: str | None = None
    weighting: Weighting = Weighting.EQUAL
    high_priority_within_hours: int = 24
    fallback: str | None = None

    def __attrs_post_init__(self) -> None:
        check = definition_checker("AssignmentRules")
        check.items("routes", self.routes, Route, "Route")
        check.optional_text("default_team", self.default_team)
        check.enum_field(self, "weighting", Weighting)
        check.integer(
            "high_priority_within_hours", self.high_priority_within_hours, low=1, high=24 * 365
        )
        check.optional_text("fallback", self.fallback)
        check.done()
