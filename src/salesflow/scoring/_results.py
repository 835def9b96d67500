"""Results: a scorecard's verdict on one input, and what it is made of.

A :class:`ScoreResult` holds the total, the band and each criterion's
level; it explains itself (:mod:`salesflow.scoring._explanations` words
it) through the scorecard that made it, which it reads only through the
:class:`Explainer` protocol, so results never import the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Protocol, TypeVar, runtime_checkable

import attrs

from salesflow._checks import Checker, describe, freeze_mapping, make_builder, to_tuple
from salesflow._html import Column, table_html
from salesflow.convert import NOT_DATA, converter
from salesflow.exceptions import ValidationError
from salesflow.locales import DEFAULT_LOCALE, Catalogs
from salesflow.scoring._criteria import Band, BandValue, Criterion, check_band_key
from salesflow.scoring._explanations import (
    CriterionResult,
    Lift,
    explain_lines,
    find_lift,
    summary_line,
    wording,
)

__all__ = ["Explainer", "ScoreResult", "result_maker"]

E = TypeVar("E", bound=Enum)
_ZERO = Decimal(0)


@runtime_checkable
class Explainer(Protocol):
    """What a result reads of the scorecard that made it (a :class:`Scorecard` is one)."""

    @property
    def key(self) -> str: ...
    @property
    def label_key(self) -> str: ...
    @property
    def criteria(self) -> tuple[Criterion, ...]: ...
    @property
    def bands(self) -> tuple[Band, ...]: ...
    def band(self, key: str) -> Band: ...
    def criterion(self, key: str) -> Criterion: ...
    def criterion_label_key(self, key: str) -> str: ...
    def band_label_key(self, key: str) -> str: ...
    def contributions(self, key: str) -> tuple[Decimal, ...]: ...


class _Levels(Mapping[str, int]):
    """A result's levels by criterion key: a read-only mapping over a tuple (internal).

    Cheaper to build than a dict for every evaluation; equal to any mapping
    with the same items.
    """

    __slots__ = ("_index", "_values")

    def __init__(self, index: Mapping[str, int], values: tuple[int, ...]) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, key: str) -> int:
        return self._values[self._index[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"mappingproxy({dict(self)!r})"


converter.register_unstructure_hook(_Levels, dict)


@attrs.frozen(slots=True, kw_only=True)
class ScoreResult:
    """A scorecard's verdict on one input: total, band, each criterion's level.

    It explains itself through the scorecard that made it (:attr:`criteria`,
    :meth:`reasons`, :meth:`lift`); a result loaded with
    :func:`~salesflow.from_dict` is bound again with :meth:`bind`.
    """

    scorecard: str
    total: Decimal
    maximum: Decimal
    band: str
    levels: Mapping[str, int] = attrs.field(converter=freeze_mapping, hash=False)
    unknown: tuple[str, ...] = attrs.field(default=(), converter=to_tuple)
    at: datetime | None = None
    definition: Explainer | None = attrs.field(
        default=None, eq=False, repr=False, metadata=NOT_DATA
    )

    def _repr_html_(self) -> str:
        caption = f"{self.scorecard}: {self.total} of {self.maximum}, band {self.band}"
        columns: tuple[Column, ...] = (
            ("criterion", lambda k: k),
            ("level", lambda k: "unknown" if k in self.unknown else self.levels[k]),
        )
        return table_html(tuple(self.levels), columns, limit=len(self.levels), caption=caption)

    def __attrs_post_init__(self) -> None:
        check = Checker("ScoreResult")
        check.key("scorecard", self.scorecard)
        check.number("total", self.total)
        check.number("maximum", self.maximum)
        check_band_key(check, "band", self.band)
        if not isinstance(self.levels, Mapping):
            check.add("levels", f"expected a mapping, got {describe(self.levels)}")
        else:
            for k, v in self.levels.items():
                check.integer(f"levels[{k!r}]", v, low=0)
        if check.items("unknown", self.unknown, str, "criterion keys") and isinstance(
            self.levels, Mapping
        ):
            for i, k in enumerate(self.unknown):
                if k not in self.levels:
                    check.add(f"unknown[{i}]", f"{k!r} is not a criterion of this result")
        check.aware("at", self.at, optional=True)
        if self.definition is not None:
            self._check_against(check, self.definition)
        check.done()

    def _check_against(self, check: Checker, card: object) -> None:
        if not isinstance(card, Explainer):
            check.add("definition", f"expected a Scorecard, got {describe(card)}")
            return
        if card.key != self.scorecard:
            check.add("scorecard", f"{self.scorecard!r} is not the scorecard {card.key!r}")
            return
        if isinstance(self.levels, Mapping) and set(self.levels) != {c.key for c in card.criteria}:
            check.add("levels", f"the keys differ from the criteria of {card.key!r}")
            return
        bands = [b.key for b in card.bands]
        if self.band not in bands:
            check.add(
                "band",
                f"{self.band!r} is not a band of {card.key!r} (expected one of {', '.join(bands)})",
            )
        for c in card.criteria:
            level = self.levels[c.key]
            if isinstance(level, int) and level > c.top:
                check.add(f"levels[{c.key!r}]", f"{level} is above the top level {c.top}")

    def bind(self, scorecard: Explainer) -> ScoreResult:
        """This result, attached to the scorecard that explains it."""
        return attrs.evolve(self, definition=scorecard)

    def _card(self) -> Explainer:
        if self.definition is None:
            raise ValidationError.single(
                "ScoreResult",
                "definition",
                f"not bound to a scorecard (call bind() with scorecard {self.scorecard!r})",
            )
        return self.definition

    # -- what it is made of ------------------------------------------------------

    @property
    def criteria(self) -> tuple[CriterionResult, ...]:
        """Each criterion's level, contribution and reason, in the scorecard's order."""
        card = self._card()
        unknown = set(self.unknown)
        out = []
        for c in card.criteria:
            level = self.levels[c.key]
            worth = card.contributions(c.key)
            out.append(
                CriterionResult(
                    key=c.key,
                    level=level,
                    top=c.top,
                    level_key=c.level_key(level),
                    contribution=worth[level],
                    best=worth[-1],
                    unknown=c.key in unknown,
                    group=c.group,
                    criterion=c,
                    label_key=card.criterion_label_key(c.key),
                )
            )
        return tuple(out)

    @property
    def contributions(self) -> Mapping[str, Decimal]:
        """Each criterion's contribution; they add up to :attr:`total`."""
        frozen: Mapping[str, Decimal] = freeze_mapping(
            {r.key: r.contribution for r in self.criteria}
        )
        return frozen

    @property
    def group_totals(self) -> Mapping[str, Decimal]:
        """The total of each group of criteria (e.g. each question of ``rww20``)."""
        out: dict[str, Decimal] = {}
        for r in self.criteria:
            if r.group is not None:
                out[r.group] = out.get(r.group, _ZERO) + r.contribution
        frozen: Mapping[str, Decimal] = freeze_mapping(out)
        return frozen

    @property
    def failing(self) -> tuple[str, ...]:
        """The criteria not at their top level (for BANT: the missing letters)."""
        card = self._card()
        return tuple(c.key for c in card.criteria if self.levels[c.key] < c.top)

    @property
    def band_data(self) -> Mapping[str, BandValue]:
        """The data the band carries (e.g. ``follow_up_every_days``)."""
        return self._card().band(self.band).data

    def band_as(self, kind: type[E]) -> E:
        """The band as a member of enum ``kind`` (e.g. ``ValueGrade``)."""
        if not (isinstance(kind, type) and issubclass(kind, Enum)):
            raise ValidationError.single(
                "ScoreResult.band_as", "kind", f"expected an Enum class, got {describe(kind)}"
            )
        try:
            return kind(self.band)
        except ValueError:
            choices = ", ".join(repr(m.value) for m in kind)
            raise ValidationError.single(
                "ScoreResult", "band", f"{self.band!r} is not a {kind.__name__} ({choices})"
            ) from None

    # -- explanations ---------------------------------------------------------------

    def lift(self, *, to: str | None = None) -> Lift | None:
        """What would lift this result to band ``to`` (default: the next band up).

        The fewest criteria whose raising to their top level closes the gap,
        biggest gain first. ``None`` when the result is already there.
        """
        card = self._card()
        target = None if to is None else card.band(to)
        return find_lift(self.criteria, card.bands, band=self.band, total=self.total, to=target)

    def band_label(self, locale: str = DEFAULT_LOCALE, *, catalogs: Catalogs | None = None) -> str:
        """The band's label in ``locale``."""
        cats, loc = wording("ScoreResult.band_label", locale, catalogs)
        return cats.label(self._card().band_label_key(self.band), loc)

    def reasons(
        self, locale: str = DEFAULT_LOCALE, *, catalogs: Catalogs | None = None
    ) -> tuple[str, ...]:
        """One sentence per criterion, in ``locale``."""
        cats, loc = wording("ScoreResult.reasons", locale, catalogs)
        return tuple(r._reason(cats, loc) for r in self.criteria)

    def summary(self, locale: str = DEFAULT_LOCALE, *, catalogs: Catalogs | None = None) -> str:
        """The verdict in one line: scorecard, band, total of maximum, unknowns."""
        cats, loc = wording("ScoreResult.summary", locale, catalogs)
        return self._summary(cats, loc)

    def _summary(self, cats: Catalogs, locale: str) -> str:
        card = self._card()
        return summary_line(
            cats,
            locale,
            scorecard_label_key=card.label_key,
            band_label_key=card.band_label_key(self.band),
            total=self.total,
            maximum=self.maximum,
            unknown=len(self.unknown),
        )

    def explain(
        self, locale: str = DEFAULT_LOCALE, *, catalogs: Catalogs | None = None
    ) -> tuple[str, ...]:
        """The summary, every reason (under its group's total, when criteria are
        grouped), and what would lift the result, as lines."""
        cats, loc = wording("ScoreResult.explain", locale, catalogs)
        card = self._card()
        found = self.lift()
        lift = None
        if found is not None:
            lift = (
                card.band_label_key(found.band),
                [card.criterion_label_key(k) for k in found.keys],
            )
        return explain_lines(
            cats,
            loc,
            summary=self._summary(cats, loc),
            parts=self.criteria,
            group_label_key=lambda group: f"group.{card.key}.{group}",
            lift=lift,
        )


_build_result = make_builder(ScoreResult)


def result_maker(
    definition: Explainer, index: Mapping[str, int], maximum: Decimal
) -> Callable[[Decimal, str, tuple[int, ...], tuple[str, ...], datetime | None], ScoreResult]:
    """A fast builder of ``definition``'s results, for the engine (skips the checks).

    The engine's results are correct by construction; building them
    without ``__init__`` keeps evaluation cheap.
    """
    key = definition.key
    build = _build_result

    def make(
        total: Decimal,
        band: str,
        levels: tuple[int, ...],
        unknown: tuple[str, ...],
        at: datetime | None,
    ) -> ScoreResult:
        return build(
            scorecard=key,
            total=total,
            maximum=maximum,
            band=band,
            levels=_Levels(index, levels),
            unknown=unknown,
            at=at,
            definition=definition,
        )

    return make
