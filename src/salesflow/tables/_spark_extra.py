"""The optional extra ``salesflow[spark]``: PySpark, imported lazily, named when missing.

The Spark paths (the ``spark`` analytics engine, :func:`salesflow.tables.evaluate_frame`
over a Spark DataFrame, :func:`salesflow.tables.to_spark`) import PySpark here,
inside the function that needs it, so that ``import salesflow`` never does.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from salesflow.exceptions import MissingExtraError

__all__ = ["EXTRA", "functions", "is_spark_frame", "pyspark", "types"]

#: The extra that brings PySpark.
EXTRA = "salesflow[spark]"


def _load(module: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"Spark DataFrames need the optional spark extra ({module} is not installed): "
            f"pip install '{EXTRA}'"
        ) from None


def pyspark() -> ModuleType:
    """The ``pyspark`` module, or a MissingExtraError naming ``salesflow[spark]``."""
    return _load("pyspark")


def functions() -> ModuleType:
    """The ``pyspark.sql.functions`` module (same extra)."""
    pyspark()
    return _load("pyspark.sql.functions")


def types() -> ModuleType:
    """The ``pyspark.sql.types`` module (same extra)."""
    pyspark()
    return _load("pyspark.sql.types")


def is_spark_frame(value: object) -> bool:
    """Whether ``value`` is a Spark DataFrame (classic or Spark Connect), without importing
    PySpark: a value of that type exists only once PySpark is loaded."""
    kind = type(value)
    return kind.__module__.startswith("pyspark.") and kind.__name__ == "DataFrame"
