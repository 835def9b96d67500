"""A datetime in an IANA zone round-trips through to_dict/from_dict equal, fold and gap included.

``to_dict`` writes the offset and the zone's key (``...-05:00[America/New_York]``,
as RFC 9557 does); ``from_dict`` gives back the same wall time in the same
zone, with the fold the offset says.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesflow import Intent, IntentMark, ValidationError, from_dict, from_json, to_dict, to_json
from salesflow.schema import DATETIME_PATTERN
from tests.fuzz.hostile import fuzz_settings

_NEW_YORK = ZoneInfo("America/New_York")


def _same(a: datetime, b: datetime) -> bool:
    """Equal, and the same wall time, zone and offset (``==`` in one zone ignores the fold;
    the offset is what the fold decides)."""
    return a == b and a.tzinfo is b.tzinfo and a.isoformat() == b.isoformat()


def test_every_half_hour_of_2026_in_new_york_round_trips() -> None:
    """The 17,520 half-hour instants of 2026, the autumn fold and the spring gap included."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(365 * 48):
        at = (start + timedelta(minutes=30 * i)).astimezone(_NEW_YORK)
        mark = IntentMark(intent=Intent.A, at=at, by="ann")
        back = from_dict(IntentMark, to_dict(mark))
        assert back == mark
        assert _same(back.at, at), at
        assert back.at.fold == at.fold


@fuzz_settings(quick=60, thorough=300)
@given(at=st.datetimes(timezones=st.timezones()))
def test_any_zone_and_any_wall_time_round_trips(at: datetime) -> None:
    """Any IANA zone, any wall time (folds and imaginary times in gaps too), through JSON."""
    mark = IntentMark(intent=Intent.B, at=at, by="ann")
    back = from_json(IntentMark, to_json(mark))
    assert _same(back.at, at)


@pytest.mark.parametrize(
    ("text", "fold"),
    [
        ("2026-11-01T01:30:00-04:00[America/New_York]", 0),
        ("2026-11-01T01:30:00-05:00[America/New_York]", 1),
    ],
)
def test_the_offset_picks_the_fold(text: str, fold: int) -> None:
    at = from_dict(IntentMark, {"intent": "A", "at": text, "by": "ann"}).at
    assert at.tzinfo is _NEW_YORK
    assert at.fold == fold


@pytest.mark.parametrize(
    "text",
    [
        "2026-07-01T12:00:00+08:00[America/New_York]",  # an offset the zone never has then
        "2026-07-01T12:00:00+00:00[Nowhere/Zone]",
        "2026-07-01T12:00:00+00:00[" + "x" * 300 + "]",
        "2026-07-01T12:00:00+00:00[../../etc/passwd]",
    ],
)
def test_a_bad_zone_key_is_a_validation_error(text: str) -> None:
    with pytest.raises(ValidationError, match="at"):
        from_dict(IntentMark, {"intent": "A", "at": text, "by": "ann"})


def test_the_schema_accepts_a_zone_key() -> None:
    pattern = DATETIME_PATTERN
    assert re.search(pattern, "2026-11-01T01:30:00-05:00[America/New_York]")
    assert re.search(pattern, "2026-11-01T01:30:00-05:00")
