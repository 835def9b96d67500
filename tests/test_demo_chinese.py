"""The zh-Hans demo reads as Chinese, and its columns line up.

Every line the demo prints in Simplified Chinese is Chinese apart from what the
data holds (names, titles, subjects, ids), codes in capitals (currency codes,
BANT's letters), numbers and dates. Columns are padded by display width, so a
Chinese cell takes two columns a character.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from salesflow import Portfolio, cli, from_json, to_dict
from salesflow._demo import frontdesk
from salesflow._html import width

WORD = re.compile(r"[A-Za-z][A-Za-z']+")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


#: Words of the data the demo builds beside the sample portfolio (a rival's
#: name, the people of a front-desk day), printed as the data holds them.
SCENARIO_WORDS: set[str] = {"acme"}
#: Names of the libraries a section runs on.
LIBRARY_NAMES = {"polars", "pyarrow", "pandas", "Arrow"}


def _data_words() -> set[str]:
    """Every word the sample data and the demo's own scenarios hold."""
    data = [json.loads(cli.sample_portfolio_text())]
    first = from_json(Portfolio, cli.sample_portfolio_text()).as_of.date()
    data += [to_dict(frontdesk.desk(first)), to_dict(frontdesk._unreported_call(first))]
    return {w for s in _strings(data) for w in WORD.findall(s)} | SCENARIO_WORDS | LIBRARY_NAMES


def _english(line: str, allowed: set[str]) -> list[str]:
    # ids and keys (with a separator or digits), e-mail and web addresses are data
    cleaned = re.sub(r"\S*[A-Za-z][\w]*[-_.@/#][\w.@/#-]*\S*", " ", line)
    return [
        w
        for w in WORD.findall(cleaned)
        if w not in allowed and not w.isupper() and w not in {"salesflow", "flowchart", "br"}
    ]


@pytest.fixture(scope="module")
def zh_lines() -> list[str]:
    out = io.StringIO()
    assert cli.main(["demo", "--locale", "zh-Hans"], out=out, err=io.StringIO()) == 0
    return out.getvalue().splitlines()


def test_every_zh_hans_demo_line_is_chinese(zh_lines: list[str]) -> None:
    allowed = _data_words()
    english = [(line, words) for line in zh_lines if (words := _english(line, allowed))]
    assert english == [], f"{len(english)} of {len(zh_lines)} lines hold English"


def test_zh_hans_demo_columns_align_by_display_width(zh_lines: list[str]) -> None:
    # the history table: every row's arrow sits in the same display column
    rows = [line for line in zh_lines if re.match(r"  \d{4}-\d\d-\d\d \d\d:\d\d  ", line)]
    assert len(rows) >= 5
    columns = {width(line[: line.index(">")]) for line in rows}
    assert len(columns) == 1, columns
