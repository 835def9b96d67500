"""The error family: one root, every problem with its path."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import (
    DefinitionError,
    Problem,
    Reason,
    SalesflowError,
    TransitionError,
    ValidationError,
)

paths = st.from_regex(r"([a-z]+(\[[0-9]\])?)(\.[a-z]+(\[[0-9]\])?){0,2}", fullmatch=True)


def test_one_family() -> None:
    assert issubclass(ValidationError, SalesflowError)
    assert issubclass(DefinitionError, ValidationError)
    assert issubclass(TransitionError, SalesflowError)
    assert issubclass(ValidationError, ValueError)


@given(st.lists(st.builds(Problem, paths, st.text(min_size=1, max_size=20)), min_size=1))
def test_every_problem_is_in_the_message(problems: list[Problem]) -> None:
    error = ValidationError("Thing", problems)
    assert error.problems == tuple(problems)
    for p in problems:
        assert str(p) in str(error)


@given(paths, paths)
def test_prefixing_joins_paths(prefix: str, path: str) -> None:
    assert Problem(path, "m").prefixed(prefix).path == f"{prefix}.{path}"
    assert Problem(f"[0].{path}", "m").prefixed(prefix).path == f"{prefix}[0].{path}"
    assert Problem("", "m").prefixed(prefix).path == prefix
    assert Problem(path, "m").prefixed("").path == path


def test_a_validation_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        ValidationError("Thing", [])


def test_errors_pickle() -> None:
    error = DefinitionError("Pipeline", [Problem("stages[0].key", "duplicate")])
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is DefinitionError
    assert again.problems == error.problems


def test_transition_error_carries_reasons_and_unmet() -> None:
    error = TransitionError(
        "advance",
        "o-1",
        [
            Reason("unmet_requirement", "expected_close is missing", "close", "expected_close"),
            Reason("unmet_requirement", "no decision maker", "close", "has_decision_maker"),
        ],
        from_stage="propose_brief",
        to_stage="close",
    )
    assert error.codes == ("unmet_requirement", "unmet_requirement")
    assert error.unmet == ("expected_close", "has_decision_maker")
    text = str(error)
    assert text.startswith("cannot advance opportunity 'o-1' from 'propose_brief' to 'close'")
    assert "expected_close is missing" in text
    with pytest.raises(ValueError, match="at least one reason"):
        TransitionError("win", "o-1", [])


def test_transition_errors_pickle_and_copy() -> None:
    """A TransitionError crosses a process boundary (pickle) and deep-copies with its reasons;
    its keyword-only stages made both raise TypeError."""
    import copy

    error = TransitionError(
        "advance",
        "o-1",
        [Reason("unmet_requirement", "no decision maker", "close", "has_decision_maker")],
        from_stage="propose_brief",
        to_stage="close",
    )
    for again in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error)):
        assert type(again) is TransitionError
        assert (again.move, again.opportunity_id, again.from_stage, again.to_stage) == (
            "advance",
            "o-1",
            "propose_brief",
            "close",
        )
        assert again.reasons == error.reasons
        assert str(again) == str(error)
