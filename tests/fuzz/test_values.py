"""Examples of the causes the fuzz suite found, fixed at their depth."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from salesflow import (
    Contact,
    DefinitionError,
    Money,
    Stage,
    ValidationError,
    WorkingCalendar,
    from_dict,
    to_dict,
    to_json,
)
from salesflow._checks import describe
from salesflow.cadence import Agenda
from salesflow.cadence import presets as cadence_presets
from salesflow.predicates import Registry, current_registry
from salesflow.scoring import Criterion, RuleKind
from salesflow.scoring import presets as scoring_presets
from tests.fuzz.hostile import Hostile, nest


@pytest.mark.parametrize(
    "value",
    [nest(5_000, "list"), nest(5_000, "dict"), 10**5000, Hostile(), "x" * 10**6],
    ids=["deep-list", "deep-dict", "huge-int", "hostile", "long-text"],
)
def test_describe_is_bounded_and_never_raises(value: object) -> None:
    """Deep nesting, a huge integer, a raising repr: a short description all the same."""
    assert len(describe(value)) < 100


@pytest.mark.parametrize(
    ("build", "path"),
    [
        (lambda: Money("1", "CNY\n"), "currency"),
        (lambda: Stage(key="a\n"), "key"),
        (lambda: Contact(id="c", customer_id="k", name="n", email="a@b.cn\n"), "email"),
    ],
)
def test_text_checks_match_whole_strings(build: object, path: str) -> None:
    """A trailing newline is not accepted by a pattern that ends in ``$``."""
    with pytest.raises(ValidationError) as caught:
        build()  # type: ignore[operator]
    assert path in caught.value.paths


@pytest.mark.parametrize("amount", ["0E-10000000", "0E+5000", "1E+1000000", "1E-1000000"])
def test_money_exponents_are_bounded_like_digits(amount: str) -> None:
    with pytest.raises(ValidationError, match="amount"):
        Money(amount, "CNY")


def test_a_criterion_weight_with_a_huge_exponent_is_refused_at_once() -> None:
    start = time.perf_counter()
    with pytest.raises(ValidationError, match="weight"):
        Criterion(key="a", kind=RuleKind.YES_NO, field="a", weight=Decimal("1E-3000000"))
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize("name", ["x" * 300, "../../etc/passwd", "UTC\n", "\x00"])
def test_a_time_zone_name_is_checked_before_the_file_system(name: str) -> None:
    with pytest.raises(ValidationError, match="timezone"):
        WorkingCalendar(timezone=name)


def test_a_registry_is_refused_as_data_with_a_clear_error() -> None:
    """A registry holds functions: from_dict and to_dict refuse it, saying why."""
    with pytest.raises(ValidationError, match="Python functions, not data"):
        from_dict(Registry, {"entries": {}})
    with pytest.raises(ValidationError, match="Python functions, not data"):
        to_json(current_registry())


def test_preset_constants_are_immutable() -> None:
    for constant in (
        scoring_presets.BANT_LETTERS,
        scoring_presets.RWW20_QUESTIONS,
        cadence_presets.GRADE_FOLLOW_UP_DAYS,
    ):
        with pytest.raises(TypeError):
            constant["x"] = 1  # type: ignore[index]


def test_a_result_holds_its_own_copy_of_a_callers_list() -> None:
    items: list[object] = []
    agenda = Agenda(person="ann", at=datetime(2026, 1, 1, tzinfo=UTC), items=items)
    items.append("x")
    assert agenda.items == ()
    hash(agenda)


def test_a_key_that_is_not_a_plain_name_is_quoted_in_the_path() -> None:
    data = {**to_dict(Money("1", "CNY")), "amount.currency": 1, "x\ny": 2}
    with pytest.raises(ValidationError) as caught:
        from_dict(Money, data)
    assert set(caught.value.paths) == {"['amount.currency']", "['x\\ny']"}


def test_a_definition_error_for_deep_nesting_names_the_path() -> None:
    with pytest.raises(DefinitionError) as caught:
        from_dict(Stage, {"key": "a", "label_key": nest(500, "list")})
    assert caught.value.paths[0].startswith("label_key[0][0]")
