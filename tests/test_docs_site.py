"""The docs site and the words the docs and labels use.

The site's navigation lists every page; the glossary's terms are the ones the
Chinese catalog uses; the docs speak in their own words, naming no file
outside the repository. (`.ci/run` builds the site with ``mkdocs build
--strict``; these checks need no mkdocs.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from salesflow.locales import default_catalogs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _nav_pages() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") :]
    return re.findall(r":\s*([\w./-]+\.md)\s*$", nav, flags=re.MULTILINE)


def test_every_docs_page_is_in_the_navigation_and_every_entry_exists() -> None:
    pages = _nav_pages()
    assert len(pages) == len(set(pages)), "a page is listed twice in mkdocs.yml's nav"
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert sorted(on_disk - set(pages)) == [], "pages missing from mkdocs.yml's nav"
    assert sorted(set(pages) - on_disk) == [], "nav entries naming no page"


def _glossary() -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in (DOCS / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] == "concept" or not CJK.search(cells[1]):
            continue
        split = re.compile(r"[、,，]\s*")
        rows.append((cells[0], split.split(cells[1]), [t for t in split.split(cells[2]) if t]))
    return rows


def test_the_glossary_has_rows() -> None:
    assert len(_glossary()) >= 10


@pytest.mark.parametrize(("concept", "terms", "avoid"), _glossary())
def test_the_chinese_catalog_says_each_concept_one_way(
    concept: str, terms: list[str], avoid: list[str]
) -> None:
    labels = default_catalogs().catalogs["zh-Hans"]
    assert any(t in v for t in terms for v in labels.values()), f"{concept}: {terms} unused"
    wrong = sorted(k for k, v in labels.items() for t in avoid if t in v)
    assert wrong == [], f"{concept}: labels use {avoid} instead of {terms}"


def test_chinese_labels_use_full_width_punctuation() -> None:
    # ASCII punctuation beside a Chinese character, or between placeholders of a Chinese label
    ascii_next_to_cjk = re.compile(r"[\u4e00-\u9fff}][,:;()!?]|[,:;()!?][\u4e00-\u9fff{]")
    labels = default_catalogs().catalogs["zh-Hans"]
    wrong = sorted(k for k, v in labels.items() if CJK.search(v) and ascii_next_to_cjk.search(v))
    assert wrong == []


#: Words that would send a reader to material that is not in the repository.
OUTSIDE = re.compile(
    r"\bseeds?\s*0\d\d|\bseeds/|DOMAIN\.md|DESIGN\.md|source documents?", re.IGNORECASE
)


def _own_words_files() -> list[Path]:
    files = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
    files += sorted((ROOT / "src" / "salesflow").rglob("*.py"))
    return files


def test_the_docs_and_docstrings_refer_to_nothing_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _own_words_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []
