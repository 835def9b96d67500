"""Errors for machines: codes, path parts, JSON-ready lists, and a FastAPI 422."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from fastapi import Body, FastAPI
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

import salesflow
from salesflow import Problem, ValidationError, from_dict, to_dict
from salesflow.exceptions import PROBLEM_CODES, code_for, path_parts
from tests import strategies as s

DEAL: dict[str, Any] = {
    "id": "opp-1",
    "customer_id": "c-1",
    "owner": "li",
    "pipeline": "standard",
    "stage": "qualify",
    "amount": {"amount": "120000", "currency": "CNY"},
    "created_at": "2026-03-01T09:30:00+08:00",
}


def _problems(data: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        from_dict(salesflow.Opportunity, data)
    return caught.value.to_list()


def test_an_existing_construction_keeps_working_and_gets_a_code() -> None:
    problem = Problem("amount", "required key missing")
    assert problem.code == "missing"
    assert Problem("x", "anything", "range").code == "range"
    assert Problem("", "a lost opportunity needs a lost reason").code == "rule"


@pytest.mark.parametrize(
    ("change", "code", "parts"),
    [
        ({"customer_id": 7}, "type", ["customer_id"]),
        ({"amount": {"amount": 1.5, "currency": "CNY"}}, "type", ["amount", "amount"]),
        ({"created_at": "2026-03-01T09:30:00"}, "format", ["created_at"]),
        ({"expected_close": "soon"}, "format", ["expected_close"]),
        ({"status": "maybe"}, "range", ["status"]),
        ({"probability": 101}, "range", ["probability"]),
        ({"extra": 1}, "unknown_key", ["extra"]),
        ({"status": "lost"}, "rule", ["lost_reason"]),
        ({"id": ""}, "missing", ["id"]),
    ],
)
def test_each_kind_of_problem_has_its_code(
    change: dict[str, Any], code: str, parts: list[str]
) -> None:
    (problem,) = _problems(DEAL | change)
    assert (problem["code"], problem["path_parts"]) == (code, parts)
    assert problem["code"] in PROBLEM_CODES


def test_a_missing_key_is_missing() -> None:
    data = dict(DEAL)
    del data["owner"]
    assert [(p["code"], p["path"]) for p in _problems(data)] == [("missing", "owner")]


def test_nested_paths_have_indexes_as_numbers() -> None:
    data = DEAL | {"history": [{"move": "open"}], "attributes": {"size": 1.5}}
    parts = [p["path_parts"] for p in _problems(data)]
    assert ["attributes", "size"] in parts
    assert any(p[:2] == ["history", 0] for p in parts)


@given(
    st.lists(
        st.one_of(
            st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True),
            st.integers(0, 99),
            st.text(max_size=6),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_path_parts_read_back_what_prefixed_wrote(parts: list[str | int]) -> None:
    """Building a path segment by segment (as the converter does) and reading it back agree."""
    problem = Problem("", "bad")
    for part in reversed(parts):
        if isinstance(part, int):
            segment = f"[{part}]"
        elif part.isidentifier() and part.isascii():
            segment = part
        else:
            segment = f"[{part!r}]"
        problem = problem.prefixed(segment) if problem.path else Problem(segment, "bad")
    assert problem.path_parts == tuple(parts)


def test_to_list_is_json_ready_and_pickles() -> None:
    with pytest.raises(ValidationError) as caught:
        from_dict(salesflow.Opportunity, DEAL | {"customer_id": 7, "extra": 1})
    error = caught.value
    assert json.loads(json.dumps(error.to_list())) == error.to_list()
    assert error.codes == ("type", "unknown_key")
    again = pickle.loads(pickle.dumps(error))
    assert again.to_list() == error.to_list()


def test_an_odd_path_is_kept_whole() -> None:
    assert path_parts("a]]") == ("a]]",)
    assert code_for("something else entirely") == "rule"


@given(s.opportunities())
def test_a_valid_deal_has_no_problems(opportunity: salesflow.Opportunity) -> None:
    assert from_dict(salesflow.Opportunity, to_dict(opportunity)) == opportunity


# -- the FastAPI endpoint of docs/web.md ------------------------------------------------

app = FastAPI()


@app.post("/deals")
def open_deal(payload: Any = Body(...)) -> Any:  # noqa: B008 - FastAPI's own idiom
    try:
        deal = from_dict(salesflow.Opportunity, payload)
    except ValidationError as exc:
        return JSONResponse(status_code=422, content={"detail": exc.to_list()})
    return {"id": deal.id}


client = TestClient(app)


def test_the_endpoint_builds_a_good_deal() -> None:
    answer = client.post("/deals", json=DEAL)
    assert (answer.status_code, answer.json()) == (200, {"id": "opp-1"})


def test_the_endpoint_answers_422_with_every_type_problem_at_once() -> None:
    bad = DEAL | {"customer_id": 7, "created_at": "2026-03-01", "currency_rate": "7"}
    answer = client.post("/deals", json=bad)
    assert answer.status_code == 422
    found = [(p["code"], p["path"]) for p in answer.json()["detail"]]
    assert found == [
        ("type", "customer_id"),
        ("format", "created_at"),
        ("unknown_key", "currency_rate"),
    ]


def test_the_endpoint_answers_422_with_every_rule_at_once_when_the_types_are_right() -> None:
    bad = DEAL | {
        "status": "lost",
        "probability": 101,
        "amount": {"amount": "-5", "currency": "CNY"},
    }
    answer = client.post("/deals", json=bad)
    assert answer.status_code == 422
    found = [(p["code"], p["path"]) for p in answer.json()["detail"]]
    assert found == [("range", "amount"), ("range", "probability"), ("rule", "lost_reason")]
