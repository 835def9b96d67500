"""The package's structure: no import cycle, no reach into other libraries' insides.

The layer contracts themselves are import-linter's (``lint-imports``, run by
``.ci/run``); these tests guard what a contract cannot say.
"""

from __future__ import annotations

import copy
import pickle
import re
from pathlib import Path
from types import MappingProxyType

import grimp

import salesflow

SRC = Path(salesflow.__file__).parent


def _sources() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))]


def test_no_module_imports_one_that_imports_it_back() -> None:
    """For every direct import a -> b, no chain leads from b back to a."""
    graph = grimp.build_graph("salesflow")
    cycles = sorted(
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.find_shortest_chain(importer=imported, imported=importer)
    )
    assert cycles == []


def test_python_statemachine_is_used_through_its_public_api_only() -> None:
    """No private name of python-statemachine is overridden or read in src/."""
    private = re.compile(r"\b(_put_nonblocking|_processing_loop|_engine|_graph|_listeners)\b")
    offenders = [
        f"{path.relative_to(SRC)}: {m.group(0)}"
        for path, text in _sources()
        for m in private.finditer(text)
    ]
    assert offenders == []
    imports = re.compile(r"from statemachine[.\w]* import ([^\n]+)")
    names = [
        n.strip()
        for path, text in _sources()
        for line in imports.findall(text)
        for n in line.split(",")
    ]
    assert [n for n in names if n.startswith("_")] == []


def test_nothing_is_registered_with_the_interpreter() -> None:
    """No copyreg, no patching of other types: the library changes nothing outside itself."""
    offenders = [
        str(path.relative_to(SRC))
        for path, text in _sources()
        if re.search(r"\bcopyreg\b|\bsys\.modules\[|\bbuiltins\.", text)
    ]
    assert offenders == []


def test_other_libraries_mapping_proxies_behave_as_without_salesflow() -> None:
    """A standard-library read-only view still refuses to pickle after ``import salesflow``."""
    view = MappingProxyType({"a": 1})
    try:
        pickle.dumps(view)
    except TypeError:
        pass
    else:  # pragma: no cover - would mean a process-wide registration
        raise AssertionError("mappingproxy pickles: something registered a reducer")
    try:
        copy.deepcopy(view)
    except TypeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("mappingproxy deep-copies: something registered a reducer")


def _long_public_functions(limit: int) -> list[str]:
    import ast

    found = []
    for path, text in _sources():
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef | ast.Module):
                for child in node.body:
                    if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                        continue
                    public = not child.name.startswith("_") or child.name == "__init__"
                    length = (child.end_lineno or child.lineno) - child.lineno + 1
                    if public and length > limit:
                        found.append(
                            f"{path.relative_to(SRC)}:{child.lineno} {child.name} {length}"
                        )
    return found


def test_no_public_function_or_method_is_over_sixty_lines() -> None:
    """One concept per function too: every public def (and every __init__) fits in 60 lines."""
    assert _long_public_functions(60) == []
