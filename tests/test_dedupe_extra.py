"""Without the dedupe extra the package imports, and its functions name the extra."""

from __future__ import annotations

import sys

import pytest

from salesflow import MissingExtraError
from salesflow.dedupe import _extra


@pytest.mark.parametrize("module", ["opencc", "pypinyin", "rapidfuzz"])
def test_a_missing_package_is_a_missing_extra_error_naming_salesflow_dedupe(
    monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    for cached in (_extra._opencc, _extra._pinyin, _extra._distance):
        cached.cache_clear()
    try:
        with pytest.raises(MissingExtraError, match=r"salesflow\[dedupe\]"):
            _extra.require()
    finally:
        monkeypatch.undo()
        for cached in (_extra._opencc, _extra._pinyin, _extra._distance):
            cached.cache_clear()


def test_the_package_imports_without_touching_the_extra() -> None:
    import salesflow.dedupe as dedupe

    assert "parse_company" in dedupe.__all__
