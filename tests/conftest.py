"""Hypothesis profiles: "dev" is quick, "ci" is thorough.

CI sets ``CI=true``, which selects "ci"; ``HYPOTHESIS_PROFILE`` overrides.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# a shared machine may be slow to generate data: that is no failure of the code
settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
_default = "ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))


# -- spark (issue 14): one small local Spark session for the whole test session ------

import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402


def java_missing() -> str | None:
    """Why Spark cannot start here (no Java runtime), or None."""
    home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (home and os.path.exists(f"{home}/bin/java")):
        return (
            "Java is missing: the Spark tests need a Java 17+ runtime (java on PATH or JAVA_HOME)"
        )
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session (2 cores, 2 shuffle partitions, no UI, small memory), in a
    session time zone other than UTC so that no figure may depend on it."""
    pytest.importorskip("pyspark", reason="the spark extra (pyspark) is not installed")
    reason = java_missing()
    if reason:
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("salesflow-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "768m")
        .config("spark.sql.session.timeZone", "America/New_York")
        # tiny frames: adaptive re-planning costs more than it saves here
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
