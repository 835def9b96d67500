"""Stage gates over a deals table and a checklist marks table, as polars expressions.

For every row of a deals table, :func:`gate_frame` gives what
``pipeline.gate_reasons(deal, stage=deal.stage)`` gives for that deal:
whether the gate of the stage it is in is met (``may_leave``) and the name
of each unmet requirement, in the gate's order (``lacks``: required fields,
guards, checklist items, scorecards). A gate made of required fields and
plain checklist items (no condition, no ``satisfied_by``) compiles to
column expressions, one function per requirement kind below; a gate that
runs a predicate (a guard, an item's condition or ``satisfied_by``, a
required score) is asked deal by deal, of the deals in that stage only,
through the pipeline's own gate. So an engine for another frame library
mirrors this module function for function and keeps the same fallback.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs

from salesflow._checks import Checker, describe
from salesflow.checklists import Checklist, ChecklistState
from salesflow.exceptions import Problem, ValidationError
from salesflow.money import Money
from salesflow.records import Opportunity
from salesflow.stages import Pipeline, Stage
from salesflow.tables import _convert, _extra, _fastread, _schemas
from salesflow.tables._arrow import to_table
from salesflow.tables._forecast import place_checks
from salesflow.tables._frames import Check, bad_rows, frame_of, is_text, text
from salesflow.tables._open import paused_gc

__all__ = [
    "OUTPUT",
    "columnar",
    "gate_frame",
    "lacks",
    "lacks_field",
    "lacks_item",
    "stage_lacks",
]

#: The columns added, in order.
OUTPUT = ("may_leave", "lacks")

#: The record fields a gate reads from their own column (the rest are attribute keys).
_RECORD_FIELDS = frozenset(
    a.name
    for a in attrs.fields(Opportunity)
    if a.name not in ("history", "attributes", "checklists")
)
_MONEY_FIELDS = frozenset(
    name for name, kind in typing.get_type_hints(Opportunity).items() if kind is Money
)
#: The column holding each deal's done items of its own stage (from the marks).
DONE = "__done"


# -- one function per requirement kind ---------------------------------------------------


def lacks_field(pl: Any, name: str, schema: Mapping[str, Any]) -> Any:
    """``name`` when the deal's field or attribute ``name`` is not set, else null.

    Not set: null, ``""``, or a zero amount, as the gate counts it; an
    attribute is read from the ``attributes`` column (JSON text). An absent
    column is not set.
    """
    if name in _RECORD_FIELDS:
        if name not in schema:
            return pl.lit(name)
        col = pl.col(name)
        missing = col.is_null()
        if name in _MONEY_FIELDS:
            missing = missing | (col == 0)
        elif is_text(pl, schema[name]):
            missing = missing | (text(pl, name) == "")
    elif "attributes" not in schema:
        return pl.lit(name)
    else:
        value = pl.col("attributes").str.json_path_match(f"$.{name}")
        missing = value.is_null() | (value == "")
    return pl.when(missing).then(pl.lit(name)).otherwise(pl.lit(None, pl.String))


def lacks_item(pl: Any, item: str) -> Any:
    """``item`` when the deal's checklist state for its stage has it not done, else null."""
    done = pl.col(DONE).list.contains(pl.lit(item)).fill_null(False)
    return pl.when(done).then(pl.lit(None, pl.String)).otherwise(pl.lit(item))


def stage_lacks(pl: Any, stage: Stage, schema: Mapping[str, Any]) -> Any:
    """The unmet requirements of a compilable ``stage``'s gate, in the gate's order."""
    parts = [lacks_field(pl, name, schema) for name in stage.required_fields]
    if stage.checklist is not None:
        parts += [lacks_item(pl, i.key) for i in stage.checklist.items if i.required]
    if not parts:
        return pl.lit([], pl.List(pl.String))
    return pl.concat_list(parts).list.drop_nulls()


def columnar(stage: Stage) -> bool:
    """Whether ``stage``'s gate compiles to expressions (it runs no predicate)."""
    if stage.guards or stage.required_scores:
        return False
    checklist: Checklist | None = stage.checklist
    return checklist is None or all(
        i.condition is None and i.satisfied_by is None for i in checklist.items if i.required
    )


def lacks(pl: Any, pipeline: Pipeline, schema: Mapping[str, Any]) -> Any:
    """The ``lacks`` column of the compilable gates (null for a deal whose gate runs a
    predicate: :func:`gate_frame` asks the pipeline for those)."""
    stage = text(pl, "stage")
    expr = pl.lit(None, pl.List(pl.String))
    for s in reversed(pipeline.stages):
        got = stage_lacks(pl, s, schema) if columnar(s) else pl.lit(None, pl.List(pl.String))
        expr = pl.when(stage == s.key).then(got).otherwise(expr)
    return expr


# -- the marks ---------------------------------------------------------------------------


def _states(
    pa: Any, marks: object, ids: set[str]
) -> tuple[dict[str, dict[str, ChecklistState]], list[Problem]]:
    """Every deal's checklist states by stage, each mark checked as ``from_arrow`` does."""
    if marks is None:
        return {}, []
    table = to_table(marks, "marks", "gate_frame")
    spec = _schemas.kind("marks")
    _convert._check_columns(spec, table, "marks.", "gate_frame")
    fast = _fastread.read_marks(spec, table)
    rows, problems = (fast, []) if fast is not None else _convert._read(pa, spec, table, "marks")
    out: dict[str, dict[str, ChecklistState]] = {}
    for opp_id, items in _convert._grouped(rows).items():
        states, bad = _convert._states(items)
        problems.extend(bad)
        if opp_id is not None and opp_id not in ids:
            where = f"marks[{items[0][0]}].opportunity_id"
            problems.append(Problem(where, f"no opportunity {opp_id!r} in the table"))
        out[opp_id] = states
    return out, problems


def _done(pl: Any, states: Mapping[str, Mapping[str, ChecklistState]]) -> Any:
    """(id, stage, done items) of every checklist state, as a frame to join on."""
    ids, stages, items = [], [], []
    for opp_id, by_stage in states.items():
        for stage, state in by_stage.items():
            for item in state.done:
                ids.append(opp_id)
                stages.append(stage)
                items.append(item)
    flat = pl.DataFrame(
        {"id": ids, "__stage": stages, "item": items},
        schema={"id": pl.String, "__stage": pl.String, "item": pl.String},
    )
    return flat.group_by("id", "__stage").agg(pl.col("item").alias(DONE))


# -- the deals whose gate runs a predicate -----------------------------------------------


def _at_row(problem: Problem, where: list[int]) -> Problem:
    """``rows[k]...`` of the asked deals as ``rows[i]...`` of the whole table."""
    head, _, rest = problem.path.partition("]")
    if head.startswith("rows[") and head[5:].isdigit():
        return Problem(f"rows[{where[int(head[5:])]}]{rest}", problem.message)
    return problem


def _asked(
    pl: Any, pipeline: Pipeline, data: Any, states: Mapping[str, Mapping[str, ChecklistState]]
) -> Any:
    """(row, may_leave, lacks) of the deals in a stage whose gate runs a predicate."""
    stages = [s.key for s in pipeline.stages if not columnar(s)]
    rows = data.with_row_index("__row").filter(text(pl, "stage").is_in(stages))
    schema = {"__row": pl.UInt32, "__lacks": pl.List(pl.String)}
    if rows.height == 0:
        return pl.DataFrame(schema=schema)
    where = rows["__row"].to_list()
    try:
        deals = _convert.from_arrow(rows.drop("__row").to_arrow(), "opportunities")
    except ValidationError as exc:  # named at the row of the whole table
        raise ValidationError("gate_frame", [_at_row(p, where) for p in exc.problems]) from None
    found = []
    for opp in deals:
        deal = attrs.evolve(opp, checklists=states.get(opp.id, {}))
        reasons = pipeline.gate_reasons(deal, stage=deal.stage)
        found.append([r.requirement or r.code for r in reasons])
    return pl.DataFrame({"__row": rows["__row"], "__lacks": found}, schema=schema)


# -- the entry point ---------------------------------------------------------------------


def _check_arguments(pipeline: object, data: Any) -> None:
    check = Checker("gate_frame")
    if not isinstance(pipeline, Pipeline):
        check.add("pipeline", f"expected a Pipeline, got {describe(pipeline)}")
    for name in ("id", "stage"):
        if name not in data.columns:
            check.add(f"columns.{name}", "missing (a required column)")
    check.done()


def _row_checks(pl: Any, pipeline: Pipeline, data: Any) -> list[Check]:
    ids: list[Check] = [
        ("id", pl.col("id").is_null(), lambda v: "missing (a deal has an id)"),
        ("id", pl.col("id").is_duplicated(), lambda v: f"duplicate opportunity id {v!r}"),
    ]
    return [*ids, *place_checks(pl, pipeline, data)]


def gate_frame(pipeline: Pipeline, opportunities: Any, marks: Any = None) -> Any:
    """Which deals may leave their stage, and what each lacks, as columns.

    ``opportunities`` is a deals table (an Arrow table, a polars or pandas
    frame, with at least ``id`` and ``stage``, and the columns the gates
    read: required fields, ``attributes``), ``marks`` the checklist marks
    table (the ``marks`` kind: each deal's ticks and unticks by stage; None:
    nothing ticked). The
    result is the deals frame with ``may_leave`` (the gate of the deal's
    stage is met) and ``lacks`` (the unmet requirements' names, in the
    gate's order) added: what ``pipeline.gate_reasons(deal, stage=deal.stage)``
    gives for each deal. A stage whose gate runs a predicate needs the full
    ``opportunities`` table (the deal is built to run it). Bad rows are
    named (``rows[3].stage``, ``marks[7].done``) in one
    :class:`~salesflow.ValidationError`.
    """
    pl = _extra.polars()
    pa = _extra.pyarrow()
    data = frame_of(pl, opportunities, "opportunities", "gate_frame")
    _check_arguments(pipeline, data)
    assert isinstance(pipeline, Pipeline)
    problems = bad_rows(pl, data, _row_checks(pl, pipeline, data))
    ids = set(data["id"].cast(pl.String).drop_nulls().to_list())
    with paused_gc():  # many marks built at once: no collector passes
        states, more = _states(pa, marks, ids)
    problems.extend(more)
    if problems:
        raise ValidationError("gate_frame", problems)
    done = _done(pl, states)
    query = (
        data.lazy()
        .with_row_index("__row")
        .with_columns(text(pl, "id").alias("__id"), text(pl, "stage").alias("__stage"))
        .join(done.lazy().rename({"id": "__id"}), on=["__id", "__stage"], how="left")
        .with_columns(lacks(pl, pipeline, data.schema).alias("lacks"))
        .join(_asked(pl, pipeline, data, states).lazy(), on="__row", how="left")
        .with_columns(pl.coalesce("lacks", "__lacks").alias("lacks"))
        .with_columns((pl.col("lacks").list.len() == 0).alias("may_leave"))
        .sort("__row")
    )
    return query.collect().select(*data.columns, *OUTPUT)
