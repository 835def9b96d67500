"""The predicate registry: frozen, explicit, and in force only where asked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from salesflow import DefinitionError
from salesflow.predicates import Registry, current_registry, default_registry, using


def yes(subject: Any, context: Mapping[str, Any]) -> bool:
    return True


def test_with_predicate_returns_a_new_registry() -> None:
    empty = Registry()
    one = empty.with_predicate("yes", yes)
    assert "yes" in one
    assert "yes" not in empty
    assert one.check(None, "yes") is True


def test_rebinding_needs_replace() -> None:
    one = Registry().with_predicate("yes", yes)
    with pytest.raises(DefinitionError) as info:
        one.with_predicate("yes", yes)
    assert info.value.paths == ("['yes']",)
    assert one.with_predicate("yes", lambda s, c: False, replace=True).check(None, "yes") is False


def test_entries_must_be_callables_with_names() -> None:
    with pytest.raises(DefinitionError) as info:
        Registry({"": yes, "x": 3})  # type: ignore[dict-item]
    assert info.value.paths == ("['']", "['x']")


def test_using_sets_the_registry_in_force_and_restores_it() -> None:
    mine = default_registry().with_predicate("my_own_check", yes)
    assert "my_own_check" not in current_registry()
    with using(mine):
        assert "my_own_check" in current_registry()
    assert "my_own_check" not in current_registry()


def test_using_refuses_a_non_registry() -> None:
    with pytest.raises(DefinitionError), using({"x": yes}):  # type: ignore[arg-type]
        pass


def test_merged_prefers_the_other() -> None:
    a = Registry({"p": yes})
    b = Registry({"p": lambda s, c: False, "q": yes})
    assert a.merged(b).names == ("p", "q")
    assert a.merged(b).check(None, "p") is False


@pytest.mark.parametrize("entries", [None, [1], "abc", 5])
def test_entries_must_be_a_mapping(entries: object) -> None:
    """Registry(entries=<not a mapping>) is a DefinitionError, not a TypeError from dict()."""
    with pytest.raises(DefinitionError) as info:
        Registry(entries)  # type: ignore[arg-type]
    assert info.value.paths == ("entries",)


def test_check_names_an_unknown_predicate() -> None:
    """check() with a name not registered is a DefinitionError naming it, not a KeyError."""
    with pytest.raises(DefinitionError, match="nope") as info:
        Registry().check(object(), "nope")
    assert info.value.paths == ("['nope']",)


@pytest.mark.parametrize("name", [[], None, 5, ""])
def test_with_predicate_needs_a_name(name: object) -> None:
    with pytest.raises(DefinitionError):
        Registry().with_predicate(name, lambda s, c: True)  # type: ignore[arg-type]


def test_merged_needs_a_registry() -> None:
    with pytest.raises(DefinitionError) as info:
        Registry().merged({"x": lambda s, c: True})  # type: ignore[arg-type]
    assert info.value.paths == ("other",)
