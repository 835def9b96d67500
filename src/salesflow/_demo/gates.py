"""Demo section: scores in the gates (a deal refused at qualification for its missing
BANT letters) and a weak deal put on its owner's agenda to be re-planned or paused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from salesflow._demo._text import say
from salesflow._demo.portfolio import Portfolio
from salesflow.cadence import RuleSet, Tracker, replan_events
from salesflow.cadence import presets as cadence_presets
from salesflow.exceptions import TransitionError
from salesflow.locales import Catalogs, default_catalogs, enum_key
from salesflow.money import Money
from salesflow.scoring import presets as scoring_presets
from salesflow.stages import Pipeline, presets

__all__ = ["section"]

_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
_OWNER = "li.na"


def _qualification(cats: Catalogs, locale: str) -> list[str]:
    p = presets.get("seven_step")
    opp = p.open(
        id="o-demo-bant",
        customer_id="c-demo-1",
        owner=_OWNER,
        amount=Money("80000", "CNY"),
        at=_AT,
        stage="qualification",
        attributes={"budget": True, "need": True},
    )
    stage = cats.label(p.stage_label_key("qualification"), locale)
    lines = [say("gates.known", locale, id=opp.id, stage=stage)]
    try:
        p.advance(opp, at=_AT + timedelta(days=1))
    except TransitionError as exc:
        # the reason's message is an English diagnostic; other locales show its label
        for r in exc.reasons:
            text = r.message if locale == "en" else cats.label(f"transition.{r.code}", locale)
            lines.append(f"  [{r.code}] {text}")
    (check,) = p.score_checks(opp)
    band = check.result.band_label(locale)
    missing = scoring_presets.bant_missing(check.result)
    lines.append("  " + say("gates.bant", locale, band=band, missing=missing))
    moved = p.advance(
        opp, at=_AT + timedelta(days=2), context={"authority": True, "timeline": True}
    )
    lines.append(
        "  "
        + say("gates.confirmed", locale, stage=cats.label(p.stage_label_key(moved.stage), locale))
    )
    return lines


def _weak_deal(cats: Catalogs, locale: str) -> list[str]:
    p: Pipeline = presets.get("full_process")
    weak = p.open(
        id="o-demo-weak",
        customer_id="c-demo-2",
        owner=_OWNER,
        amount=Money("50000", "CNY"),
        at=_AT,
        stage="assessment_proposal",
        expected_close=date(2026, 6, 30),
        attributes={"urgency": "vague", "budget_fit_percent": 40, "decision_chain": "unclear"},
    )
    lines = []
    for rec in p.recommendations(weak):
        band = rec.result.band_label(locale)
        move = cats.label(f"recommend.{rec.move}", locale)
        card = cats.label(f"scorecard.{rec.scorecard}", locale)
        lines.append(say("labelled", locale, label=weak.id, value=f"{card} {band} -> {move}"))
    rule = cadence_presets.get("weak_deal_replan")
    tracker = Tracker(
        rules=RuleSet(rules=[rule]),
        opportunities=[weak],
        events=replan_events(p, [weak], at=_AT),
    )
    now = _AT + timedelta(days=4)
    for item in tracker.agenda(_OWNER, at=now).items:
        what = cats.label(rule.label_key or rule.key, locale)
        due = item.due_at.date().isoformat()
        status = cats.label(enum_key(item.status), locale)
        lines.append(
            "  " + say("gates.agenda", locale, person=_OWNER, what=what, status=status, due=due)
        )
    return lines


def section(portfolio: Portfolio, locale: str) -> list[str]:
    """A deal refused at qualification for its BANT letters; a weak deal on the agenda."""
    cats = default_catalogs()
    return _qualification(cats, locale) + _weak_deal(cats, locale)
