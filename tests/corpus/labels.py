"""Read the labeled classification corpus.

Format: plain UTF-8 text in the genre; every placeholder is written with its label right after it,
``XX{count}``, ``20XX{date}年``, ``‘XX{quote}·XX{quote}’``. Stripping the ``{kind}`` labels gives
the template; a placeholder without a label, or a label not after a run of marks, is an error.

A label may name a fill group, ``XX{name@unit}``: placeholders of one document with the same
group are the ones a careful reader would obviously fill with the same value (the gold for
keys); a placeholder without a group stands alone. Splits labeled with groups list them in
``GROUPED``.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import regex

CORPUS = Path(__file__).resolve().parent
LABEL = regex.compile(r"(?P<run>[XＸ×]{2,})\{(?P<kind>[a-z]+)(?:@(?P<group>[A-Za-z0-9_]+))?\}")
#: The simple detector used to check that labels cover every placeholder.
PLACEHOLDER = regex.compile(r"(?<![A-Za-z])[XＸ×]{2,}(?![A-Za-z])")
KINDS = ("count", "ordinal", "date", "name", "person", "title", "quote", "term", "other")
#: The splits whose labels carry fill groups (``XX{kind@group}``).
GROUPED = ("heldout13",)


@attrs.frozen
class Labeled:
    """One corpus document: the template text, the (start, end, kind) of each placeholder, and
    each placeholder's fill group (``None``: it stands alone)."""

    name: str
    text: str
    spans: tuple[tuple[int, int, str], ...]
    groups: tuple[str | None, ...] = ()


def parse(name: str, annotated: str) -> Labeled:
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    groups: list[str | None] = []
    cursor = 0
    length = 0
    for m in LABEL.finditer(annotated):
        if m.group("kind") not in KINDS:
            raise ValueError(f"{name}: unknown kind {m.group('kind')!r} at {m.start()}")
        seg = annotated[cursor : m.end("run")]
        out.append(seg)
        length += len(seg)
        spans.append((length - len(m.group("run")), length, m.group("kind")))
        groups.append(m.group("group"))
        cursor = m.end()
    out.append(annotated[cursor:])
    text = "".join(out)
    if "{" in text and regex.search(r"[XＸ×]\{", text):
        raise ValueError(f"{name}: a label not right after a placeholder")
    detected = [m.span() for m in PLACEHOLDER.finditer(text)]
    if detected != [(s, e) for s, e, _ in spans]:
        missing = sorted(set(detected) - {(s, e) for s, e, _ in spans})
        raise ValueError(f"{name}: unlabeled placeholders at {missing[:5]}")
    return Labeled(name, text, tuple(spans), tuple(groups))


def load(split: str) -> list[Labeled]:
    """Every document of ``dev`` or ``heldout``, sorted by file name."""
    return [
        parse(p.name, p.read_text(encoding="utf-8")) for p in sorted((CORPUS / split).glob("*.txt"))
    ]
