"""The optional extra ``salesflow[tables]``: imported lazily, named when missing.

The table functions import pyarrow, polars and pandas here, inside the
function that needs them, so that ``import salesflow`` (and
``import salesflow.tables``) never imports them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from salesflow.exceptions import MissingExtraError

__all__ = ["EXTRA", "pandas", "polars", "pyarrow", "pyarrow_compute"]

#: The extra that brings the table libraries.
EXTRA = "salesflow[tables]"


def _load(module: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{what} needs the optional tables extra ({module} is not installed): "
            f"pip install '{EXTRA}'"
        ) from None


def pyarrow() -> ModuleType:
    """The ``pyarrow`` module, or a MissingExtraError naming ``salesflow[tables]``."""
    return _load("pyarrow", "the book as a table")


def pyarrow_compute() -> ModuleType:
    """The ``pyarrow.compute`` module (same extra)."""
    pyarrow()
    return _load("pyarrow.compute", "the book as a table")


def polars() -> ModuleType:
    """The ``polars`` module, or a MissingExtraError naming ``salesflow[tables]``."""
    return _load("polars", "polars frames")


def pandas() -> ModuleType:
    """The ``pandas`` module, or a MissingExtraError naming ``salesflow[tables]``."""
    return _load("pandas", "pandas frames")
