"""Stage, MovePolicy and Pipeline as definitions: round trips and bad definitions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given

from salesflow import (
    DefinitionError,
    ValidationError,
    from_dict,
    from_json,
    from_toml,
    to_dict,
    to_json,
)
from salesflow.predicates import Registry, using
from salesflow.stages import (
    DEFAULT_LOST_REASONS,
    ForecastCategory,
    MovePolicy,
    Pipeline,
    Stage,
    presets,
)
from tests import strategies as strat

# -- properties --------------------------------------------------------------------------


@given(strat.random_pipelines())
def test_pipeline_round_trip(pipeline: Pipeline) -> None:
    """from_dict(to_dict(p)) == p, also through JSON text."""
    data = to_dict(pipeline)
    assert "registry" not in data
    assert "_x" not in data
    assert from_dict(Pipeline, data, registry=strat.STAGE_GUARDS) == pipeline
    assert from_json(Pipeline, to_json(pipeline), registry=strat.STAGE_GUARDS) == pipeline


@given(strat.stages())
def test_stage_round_trip(stage: Stage) -> None:
    """A stage survives the converter."""
    with using(strat.STAGE_GUARDS):
        assert from_dict(Stage, to_dict(stage)) == stage


@given(strat.move_policies)
def test_policy_round_trip(policy: MovePolicy) -> None:
    """A move policy survives the converter."""
    assert from_dict(MovePolicy, to_dict(policy)) == policy


def test_presets_round_trip() -> None:
    """Every preset survives the converter, and its moves still work after."""
    for name in presets.names():
        for gated in (True, False):
            p = presets.get(name, checklists=gated)
            again = from_dict(Pipeline, json.loads(to_json(p)))
            assert again == p
        assert again.keys == p.keys


# -- examples ----------------------------------------------------------------------------


def test_minimal_pipeline_defaults() -> None:
    """One stage is enough; the defaults are the documented ones."""
    p = Pipeline(key="mini", stages=[Stage(key="only")])
    assert p.lost_reasons == DEFAULT_LOST_REASONS
    assert p.policy == MovePolicy(allow_back=True, allow_skip=False, allow_reopen=False)
    assert p.stages[0].forecast is ForecastCategory.PIPELINE
    assert p.pipeline_label_key == "pipeline.mini"
    assert p.stage_label_key("only") == "stage.mini.only"
    assert p.index("only") == 0
    assert p.open_keys == ("only",)


def test_pipeline_from_toml() -> None:
    """A team writes its pipeline in TOML; guards are registered names."""
    text = """
key = "field_sales"
won_stage = "done"
lost_reasons = ["price", "other"]

[policy]
allow_skip = true

[[stages]]
key = "call"
probability = 10
guards = ["flagged"]

[[stages]]
key = "meet"
probability = 50
forecast = "best_case"
required_fields = ["expected_close"]
rot_days = 14

[[stages]]
key = "done"
probability = 100
forecast = "closed"
"""
    p = from_toml(Pipeline, text, registry=strat.STAGE_GUARDS)
    assert p.keys == ("call", "meet", "done")
    assert p.policy.allow_skip
    assert p.stage("meet").forecast is ForecastCategory.BEST_CASE
    assert p.stage("meet").rot_days == 14


def test_enum_values_are_accepted_as_plain_strings() -> None:
    """Stage(forecast="commit") works in Python too."""
    assert Stage(key="a", forecast="commit").forecast is ForecastCategory.COMMIT  # type: ignore[arg-type]


# -- bad definitions -------------------------------------------------------------------------


def _bad_pipeline_data() -> dict[str, Any]:
    return {
        "key": "Bad Key",
        "stages": [
            {"key": "a", "probability": 120},
            {"key": "a", "guards": ["unknown_guard"]},
            {"key": "c", "rot_days": 0, "required_fields": ["x", "x"]},
        ],
        "lost_reasons": ["price", "price"],
        "won_stage": "a",
    }


def test_bad_pipeline_lists_every_problem_with_its_path() -> None:
    """Every problem of a bad pipeline, each with its path, in one DefinitionError."""
    with pytest.raises(DefinitionError) as info:
        from_dict(Pipeline, _bad_pipeline_data(), registry=Registry())
    paths = set(info.value.paths)
    assert {
        "stages[0].probability",
        "stages[2].rot_days",
        "stages[2].required_fields[1]",
    } <= paths
    with pytest.raises(DefinitionError) as info:
        Pipeline(
            key="Bad Key",
            stages=[Stage(key="a"), Stage(key="a", guards=["unknown_guard"]), Stage(key="c")],
            lost_reasons=["price", "price"],
            won_stage="a",
            registry=Registry(),
        )
    paths = set(info.value.paths)
    assert {"key", "stages[1]", "stages[1].guards[0]", "lost_reasons[1]", "won_stage"} <= paths
    assert "unknown guard 'unknown_guard'" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"stages": []}, "stages"),
        ({"stages": "abc"}, "stages"),
        ({"stages": [{"key": "a"}]}, "stages[0]"),
        ({"lost_reasons": []}, "lost_reasons"),
        ({"lost_reasons": ["Not A Key"]}, "lost_reasons[0]"),
        ({"win_outcomes": ["up", "up"]}, "win_outcomes[1]"),
        ({"won_stage": "nowhere"}, "won_stage"),
        ({"won_stage": "a"}, "won_stage"),
        ({"policy": "lenient"}, "policy"),
        ({"label_key": ""}, "label_key"),
        ({"registry": {}}, "registry"),
    ],
)
def test_bad_pipeline_fields(kwargs: dict[str, Any], path: str) -> None:
    """Each bad field of a pipeline is a DefinitionError naming it."""
    fields: dict[str, Any] = {"key": "p", "stages": [Stage(key="a"), Stage(key="b")]}
    fields.update(kwargs)
    with pytest.raises(DefinitionError) as info:
        Pipeline(**fields)
    assert path in info.value.paths


def test_only_stage_cannot_be_the_won_stage() -> None:
    """A deal must be able to be open somewhere."""
    with pytest.raises(DefinitionError) as info:
        Pipeline(key="p", stages=[Stage(key="a")], won_stage="a")
    assert "won_stage" in info.value.paths


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"key": "Bad"}, "key"),
        ({"probability": -1}, "probability"),
        ({"probability": 101}, "probability"),
        ({"probability": True}, "probability"),
        ({"forecast": "maybe"}, "forecast"),
        ({"required_fields": ["ok", "Not-Key"]}, "required_fields[1]"),
        ({"required_fields": "expected_close"}, "required_fields"),
        ({"guards": [""]}, "guards[0]"),
        ({"guards": ["g", "g"]}, "guards[1]"),
        ({"rot_days": 0}, "rot_days"),
        ({"rot_days": "7"}, "rot_days"),
        ({"label_key": 5}, "label_key"),
    ],
)
def test_bad_stage_fields(kwargs: dict[str, Any], path: str) -> None:
    """Each bad field of a stage is a DefinitionError naming it."""
    fields: dict[str, Any] = {"key": "a"}
    fields.update(kwargs)
    with pytest.raises(DefinitionError) as info:
        Stage(**fields)
    assert path in info.value.paths


def test_bad_policy_and_unknown_keys() -> None:
    """Policies take booleans; unknown keys in data are refused with their path."""
    with pytest.raises(DefinitionError) as info:
        MovePolicy(allow_skip="yes")  # type: ignore[arg-type]
    assert "allow_skip" in info.value.paths
    with pytest.raises(DefinitionError) as info:
        from_dict(Pipeline, {"key": "p", "stages": [{"key": "a", "colour": "red"}]})
    assert "stages[0].colour" in info.value.paths
    with pytest.raises(DefinitionError) as info:
        from_dict(Pipeline, {"key": "p"})
    assert "stages" in info.value.paths


def test_guard_names_checked_against_the_registry_in_force() -> None:
    """Guards are names looked up when the pipeline is built, never code."""
    with pytest.raises(DefinitionError) as info:
        Pipeline(key="p", stages=[Stage(key="a", guards=["flagged"])])
    assert "stages[0].guards[0]" in info.value.paths
    with using(strat.STAGE_GUARDS):
        p = Pipeline(key="p", stages=[Stage(key="a", guards=["flagged"])])
    assert p.registry is strat.STAGE_GUARDS


def test_unknown_stage_lookups() -> None:
    """stage(), index() and stage_label_key() name the unknown key."""
    p = presets.get("basic")
    for call in (p.stage, p.index, p.stage_label_key):
        with pytest.raises(ValidationError) as info:
            call("nowhere")
        assert info.value.paths == ("key",)
        assert "nowhere" in str(info.value)
