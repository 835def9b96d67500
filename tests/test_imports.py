"""``import salesflow`` stays light: python-statemachine and every extra load on first use."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("statemachine", "asyncio", "pyarrow", "polars", "pandas", "pyspark", "graphviz")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


def test_import_salesflow_loads_no_heavy_module() -> None:
    """Neither the machine's library nor any extra is imported by ``import salesflow``."""
    loaded = _loaded_after("import salesflow, salesflow.stages, salesflow.tables")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_machine_names_load_python_statemachine_on_first_use() -> None:
    """``salesflow.stages.PipelineMachine`` (PEP 562) and ``to_statemachine`` load it."""
    loaded = _loaded_after(
        "import salesflow.stages as s\n"
        "assert issubclass(s.PipelineMachine, object)\n"
        "assert s.state_id('qualify', 'open') == 'open_qualify'\n"
        "from salesflow.stages import presets\n"
        "presets.get(presets.names()[0]).to_statemachine()"
    )
    assert "statemachine" in loaded


def test_import_salesflow_loads_no_pyspark() -> None:
    """The spark engine's modules are imported with the analytics, PySpark only on use."""
    loaded = _loaded_after(
        "import salesflow, salesflow.analytics, salesflow.tables\n"
        "from salesflow.tables import _spark_extra\n"
        "assert not _spark_extra.is_spark_frame([])\n"
        "assert salesflow.analytics.counts([]).rows == ()"
    )
    assert "pyspark" not in loaded
    assert "py4j" not in loaded
