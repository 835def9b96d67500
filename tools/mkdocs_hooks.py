"""Build hooks for the docs site (``mkdocs.yml`` names this file).

The package's docstrings hold doctest examples (``>>>`` lines and their
output) that the test suite runs. Markdown would read them as prose, so this
hook fences every run of doctest lines as a ``pycon`` code block before the
API reference is rendered.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import event_priority

_PROMPT = re.compile(r"^(\s*)>>> ")


class _DoctestFence(Preprocessor):
    """Wrap each doctest example (prompt lines to the next blank line) in a fence."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fenced = False
        in_fence = False
        for line in lines:
            if line.lstrip().startswith("```"):
                in_fence = not in_fence
            if not in_fence and not fenced and _PROMPT.match(line):
                indent = _PROMPT.match(line).group(1)  # type: ignore[union-attr]
                out.extend([f"{indent}```pycon"])
                fenced = True
            elif fenced and not line.strip():
                out.append(f"{indent}```")
                fenced = False
            out.append(line)
        if fenced:
            out.append(f"{indent}```")
        return out


class DoctestFenceExtension(Extension):
    """The Markdown extension that registers :class:`_DoctestFence`."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.register(_DoctestFence(md), "doctest_fence", 35)


@event_priority(100)
def on_config(config: Any) -> Any:
    """Add the doctest fence before mkdocstrings builds its Markdown renderer."""
    config.markdown_extensions.append(DoctestFenceExtension())
    return config
