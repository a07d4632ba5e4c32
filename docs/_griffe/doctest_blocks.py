"""A griffe extension for the API reference: docstrings are written for ``help()`` and doctest
(reStructuredText-flavoured), the reference renders Markdown. This turns ``>>>`` examples into
``pycon`` code blocks and ``:func:`x``` roles into code spans, so examples are not read as
Markdown (``[('a', 1)]`` would otherwise look like a link)."""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|attr|mod|exc|data|obj|const):`~?(?:[\w.]*\.)?([^`]+)`")


def convert(text: str) -> str:
    r"""Fence every doctest block (from a ``>>>`` line to the next blank line) and drop roles.

    >>> convert("See :func:`xxfill.scan`:\n\n>>> 1 + 1\n2")
    'See `scan`:\n\n```pycon\n>>> 1 + 1\n2\n```'
    """
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out.append(f"{indent}```pycon")
            out.extend(block)
            out.append(f"{indent}```")
            continue
        out.append(_ROLE.sub(r"`\1`", line))
        i += 1
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Rewrite each docstring once, when griffe loads the object."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
