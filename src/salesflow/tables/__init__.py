"""The book as a table: Arrow schemas, frames in and out, bulk opening, columnar scores.

Needs the optional extra ``pip install 'salesflow[tables]'`` (pyarrow,
polars, pandas). Importing this module imports none of them; calling a
function without them raises :class:`~salesflow.MissingExtraError` naming
``salesflow[tables]``.

* :func:`schema` gives the Arrow schema of a record kind (:data:`KINDS`),
  derived from the records' own attrs fields.
* :func:`to_arrow` / :func:`from_arrow` (and ``to_polars``, ``from_polars``,
  ``to_pandas``, ``from_pandas``) write records as a table and read them back,
  every row checked by its record.
* :func:`open_many` opens a deal for every row of a table, as
  ``pipeline.open`` would; :func:`replay` rebuilds deals from their events.
* :func:`evaluate_frame` scores every row of a frame with a scorecard compiled
  to polars expressions: what ``scorecard.evaluate`` gives, as columns.
* :func:`probability_frame` gives each deal's effective probability,
  weighted amount and forecast category; :func:`gate_frame` which deals may
  leave their stage and what each lacks (checklist marks from a marks
  table): what the pipeline's per-deal answers give, as columns.
* :func:`to_spark` gives records or a table as a Spark DataFrame of the same
  columns (``salesflow[spark]``); ``evaluate_frame`` and the analytics read it.
"""

from __future__ import annotations

from typing import Any

from salesflow.tables._convert import (
    from_arrow,
    from_pandas,
    from_polars,
    to_arrow,
    to_pandas,
    to_polars,
)
from salesflow.tables._forecast import probability_frame
from salesflow.tables._gates import gate_frame
from salesflow.tables._open import open_many, replay
from salesflow.tables._schemas import KINDS, MONEY_PRECISION, MONEY_SCALE
from salesflow.tables._scoring import evaluate_frame
from salesflow.tables._spark_frames import to_spark

__all__ = [
    "KINDS",
    "MONEY_PRECISION",
    "MONEY_SCALE",
    "evaluate_frame",
    "from_arrow",
    "from_pandas",
    "from_polars",
    "gate_frame",
    "open_many",
    "probability_frame",
    "replay",
    "schema",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "to_spark",
]


def schema(kind: str, *, scorecard: Any = None) -> Any:
    """The Arrow schema of record kind ``kind`` (one of :data:`KINDS`).

    ``score_results`` needs the ``scorecard`` whose results the table holds
    (one level and one unknown column per criterion).
    """
    from salesflow._checks import describe
    from salesflow.exceptions import ValidationError
    from salesflow.scoring import Scorecard
    from salesflow.tables import _arrow, _extra, _schemas
    from salesflow.tables._schemas import score_scale

    pa = _extra.pyarrow()
    if kind == "score_results":
        if not isinstance(scorecard, Scorecard):
            raise ValidationError.single(
                "schema", "scorecard", f"expected a Scorecard, got {describe(scorecard)}"
            )
        spec = _schemas.kind(kind, tuple(c.key for c in scorecard.criteria))
        return _arrow.schema_of(pa, spec.all_columns, score_scale(scorecard))
    return _arrow.schema_of(pa, _schemas.kind(kind).all_columns)
