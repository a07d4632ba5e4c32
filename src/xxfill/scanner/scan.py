"""Placeholder detection (the grammar of marks) and the ``Scan`` value it produces."""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import regex

from xxfill.core.errors import LimitExceededError
from xxfill.core.model import Artifact, Kind, Options, PartText, Placeholder
from xxfill.source.open import Source

__all__ = ["ARTIFACT_RE", "Group", "Scan", "find_artifacts", "find_placeholders"]

#: Why placeholders share a key when nothing but the words around them says so.
SAME_WORDS = "the same words around every occurrence"

#: Site residue such as ``##paidbegin##`` / ``##paidend##``: ``##`` + an ASCII word + ``##``.
ARTIFACT_RE = regex.compile(r"##[A-Za-z][A-Za-z0-9_]*##")

# A letter of a Latin word next to a run makes the run part of that word (XXL, ABXXCD, 0xXX).
_LATIN = r"[\p{Latin}&&\p{L}]"


#: Units written in Latin letters after a number (XXcm, XXkg, XXMB, XXm²).
_UNITS = "|".join(
    sorted(
        "cm mm km dm kg mg ml mL m² m³ m2 m3 m kW kWh MW MWh MB GB KB TB Hz kHz MHz GHz kV mA "
        "km² km2 min".split(),
        key=len,
        reverse=True,
    )
)


@functools.lru_cache(maxsize=64)
def _compile(marks: tuple[str, ...], patterns: tuple[str, ...]) -> tuple[Any, tuple[Any, ...]]:
    cls = "".join(regex.escape(m) for m in marks)
    latin_marks = "".join(regex.escape(m) for m in marks if regex.match(_LATIN, m))
    not_mark_latin = f"[{_LATIN[1:-1]}--[{latin_marks}]]" if latin_marks else _LATIN
    # A Latin word glued by '-' or '_' (XX-Large) also makes the run part of a word, but another
    # run of marks (XXXX-XXXXXXX, a phone number) does not.
    # A single letter (A-XX号楼) is a label, not a word.
    word_after = rf"(?={_LATIN}{{2}})(?:{_LATIN}*{not_mark_latin}{_LATIN}*)"
    word_before = rf"(?:{_LATIN}*{not_mark_latin}{_LATIN}*)(?<={_LATIN}{{2}})"
    # XX.X (增长XX.X%, XX.X亿元): one decimal place written as a single mark after the point
    # belongs to the number. Two marks after it (XX.XX, a month and a day) stay two runs.
    decimal = rf"(?:[.．][{cls}](?![{cls}.．]))?"
    # A unit of measure written in Latin letters (身高XXcm, XXkg, XXMB) does not make the run
    # part of a word.
    unit = rf"(?:{_UNITS})(?![\p{{L}}])"
    run = regex.compile(
        rf"(?<!{_LATIN})(?<!{word_before}[-_])[{cls}]{{2,}}{decimal}(?!(?!{unit}){_LATIN})"
        rf"(?![-_]{word_after})",
        regex.V1,
    )
    extra = tuple(regex.compile(p, regex.V1) for p in patterns)
    return run, extra


def find_placeholders(
    text: str, options: Options | None = None, *, limit: int | None = None
) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the placeholders in ``text``, in order.

    A placeholder is a maximal run of two or more marks that is not part of a Latin word or code
    (with one decimal place, ``XX.X``, when a single mark follows a point). With ``limit``, more
    placeholders than that raise ``TooManyPlaceholders``, as soon as the search finds them
    (a text of millions is never held in memory).

    >>> find_placeholders("召开XX次会议，XXL码，0xXX，20XX年，增长XX.X%")
    [(2, 4), (20, 22), (26, 30)]
    """
    opts = options or Options()
    run, extra = _compile(opts.marks, opts.patterns)
    artifacts = [m.span() for m in ARTIFACT_RE.finditer(text)]
    starts = [a for a, _ in artifacts]
    # Raw matches are never fewer than placeholders; a pattern may join a few runs into one and
    # an artifact may hide one, so the search stops only far past the limit, and the exact count
    # is checked at the end.
    cap = None if limit is None else 4 * limit + len(artifacts) + 16
    spans = _bounded(run.finditer(text), cap, limit)
    for pat in extra:
        spans.extend(s for s in _bounded(pat.finditer(text), cap, limit) if s[1] > s[0])
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue  # overlaps an earlier, longer match
        # Artifacts never overlap, so only the last one starting at or before s can hold the
        # span (checking them all made a template full of artifacts quadratic).
        k = bisect_right(starts, s) - 1
        if k >= 0 and e <= artifacts[k][1]:
            continue
        if "\n" in text[s:e] or "\r" in text[s:e]:
            continue  # never across paragraphs
        out.append((s, e))
    if limit is not None and len(out) > limit:
        raise TooManyPlaceholders(len(out), limit)
    return out


class TooManyPlaceholders(Exception):
    """More placeholders than ``limit`` in one text (``found`` is a lower bound when the search
    stopped early)."""

    def __init__(self, found: int, limit: int) -> None:
        super().__init__(f"more than {limit:,} placeholders (at least {found:,})")
        self.found, self.limit = found, limit


def _bounded(matches: Iterator[Any], cap: int | None, limit: int | None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in matches:
        spans.append(m.span())
        if cap is not None and len(spans) > cap:
            raise TooManyPlaceholders(len(spans) // 4, limit or 0)
    return spans


def find_artifacts(text: str) -> list[tuple[int, int]]:
    """Spans of ``##word##`` site markers in ``text``."""
    return [m.span() for m in ARTIFACT_RE.finditer(text)]


def context_around(
    text: str, start: int, end: int, width: int, *, line: tuple[int, int] | None = None
) -> tuple[str, str]:
    """Up to ``width`` characters before and after ``[start, end)`` within the same line; a
    window that would cut a number (``2024``, ``0571``) in two takes the whole number.
    ``line`` gives the line's ``(start, end)`` when the caller knows it (a line of many
    placeholders is then not searched again for each one).

    >>> context_around("副局长XXX2024年度报告", 3, 6, 2)
    ('局长', '2024')
    """
    if line is None:
        line = _line_of(_breaks(text), start, end, len(text))
    line_start, line_end = line
    lo, hi = max(line_start, start - width), min(line_end, end + width)
    for _ in range(_MAX_NUMBER_TAIL):
        if not (lo > line_start and text[lo - 1 : lo + 1].isdigit() and text[lo - 1].isascii()):
            break
        lo -= 1
    for _ in range(_MAX_NUMBER_TAIL):
        if not (hi < line_end and text[hi - 1 : hi + 1].isdigit() and text[hi].isascii()):
            break
        hi += 1
    return text[lo:start], text[end:hi]


#: How far a context window stretches to finish a number it would otherwise cut.
_MAX_NUMBER_TAIL = 8

_BREAK = regex.compile(r"[\r\n]")


def _breaks(text: str) -> list[int]:
    return [m.start() for m in _BREAK.finditer(text)]


def _line_of(breaks: Sequence[int], start: int, end: int, size: int) -> tuple[int, int]:
    """The ``(start, end)`` of the line holding ``[start, end)``, ``breaks`` being the sorted
    positions of every \\r and \\n in the text."""
    k = bisect_left(breaks, start)
    after = bisect_left(breaks, end)
    return (breaks[k - 1] + 1 if k else 0), (breaks[after] if after < len(breaks) else size)


@attrs.frozen
class Group:
    """All placeholders that share one key: what a person fills once.

    >>> import xxfill
    >>> g = xxfill.scan(xxfill.Text("党的XX大；党的XX大")).groups()[0]
    >>> (g.key, g.kind.value, g.indices)
    ('党的XX大', 'ordinal', (1, 2))
    """

    key: str
    kind: Kind
    placeholders: tuple[Placeholder, ...]
    #: why these placeholders take one value (``""`` for a key that stands alone)
    evidence: str = ""

    @property
    def indices(self) -> tuple[int, ...]:
        return tuple(p.index for p in self.placeholders)

    @property
    def context(self) -> str:
        """The first occurrence in its context."""
        return self.placeholders[0].context

    def __len__(self) -> int:
        return len(self.placeholders)

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "kind": self.kind.value,
            "indices": list(self.indices),
            "context": self.context,
            "evidence": self.evidence,
        }


class Groups(tuple):  # type: ignore[type-arg]
    """A tuple of ``Group`` (what ``Scan.groups()`` returns) that displays as a table in a
    notebook: one entry per key, the questions a person answers.

    >>> import xxfill
    >>> groups = xxfill.scan(xxfill.Text("召开XX次会议，其中XX次")).groups()
    >>> isinstance(groups, xxfill.Groups), len(groups) >= 1
    (True, True)
    """

    def __repr__(self) -> str:
        shown = ", ".join(f"{g.key!r}×{len(g)}" for g in self[:6])
        more = f", … {len(self) - 6} more" if len(self) > 6 else ""
        return f"<Groups {len(self)} keys: {shown}{more}>"

    def _repr_html_(self) -> str:
        from xxfill.display.html import groups_html

        return groups_html(self)


@attrs.frozen(repr=False)
class Scan:
    """Every placeholder and artifact of one source, classified.

    >>> from xxfill import Text, scan
    >>> s = scan(Text("共召开XX次会议"))
    >>> [(p.literal, p.kind.value) for p in s.placeholders]
    [('XX', 'count')]
    """

    source: str
    format: str
    parts: tuple[PartText, ...]
    placeholders: tuple[Placeholder, ...]
    artifacts: tuple[Artifact, ...]
    options: Options = attrs.field(factory=Options)
    #: ``(key, why its placeholders share it)`` where the document gave more evidence than the
    #: same words around them
    evidence: tuple[tuple[str, str], ...] = ()
    _source_obj: Any = attrs.field(default=None, eq=False, alias="source_obj")

    @property
    def handle(self) -> Source:
        """The opened template this scan was made from, through its declared interface
        (``xxfill.source.Source``): what the fill stage applies edits to."""
        return self._source_obj

    def text(self, part: str | None = None) -> str:
        """The plain text of ``part`` (default: the first part, the body)."""
        if part is None:
            return self.parts[0].text if self.parts else ""
        for p in self.parts:
            if p.name == part:
                return p.text
        raise KeyError(f"no part {part!r}; parts are {[p.name for p in self.parts]}")

    def groups(self) -> Groups:
        """The keys in order of first occurrence, each with its placeholders."""
        order: dict[str, list[Placeholder]] = {}
        for p in self.placeholders:
            order.setdefault(p.key, []).append(p)
        why = dict(self.evidence)
        return Groups(
            Group(k, ps[0].kind, tuple(ps), why.get(k) or (SAME_WORDS if len(ps) > 1 else ""))
            for k, ps in order.items()
        )

    def __len__(self) -> int:
        return len(self.placeholders)

    def __iter__(self) -> Iterator[Placeholder]:
        return iter(self.placeholders)

    def __reversed__(self) -> Iterator[Placeholder]:
        # Defined because __getitem__ is 1-based: Python's fallback would stop at index 0.
        return reversed(self.placeholders)

    def __getitem__(self, index: int) -> Placeholder:
        """The placeholder with 1-based ``index`` (as in ``#N`` selectors)."""
        if not 1 <= index <= len(self.placeholders):
            raise IndexError(f"placeholder #{index} does not exist (1..{len(self.placeholders)})")
        return self.placeholders[index - 1]

    def counts(self) -> dict[Kind, int]:
        """How many placeholders of each kind."""
        out: dict[Kind, int] = {}
        for p in self.placeholders:
            out[p.kind] = out.get(p.kind, 0) + 1
        return out

    def to_dict(self) -> dict[str, object]:
        """The JSON schema of ``xxfill scan --json`` (stable)."""
        return {
            "source": self.source,
            "placeholders": [p.to_dict() for p in self.placeholders],
            "artifacts": [a.to_dict() for a in self.artifacts],
        }

    def __repr__(self) -> str:
        kinds = ", ".join(f"{k.value}={n}" for k, n in self.counts().items())
        return (
            f"<Scan {self.source!r}: {len(self.placeholders)} placeholders in "
            f"{len(self.groups())} keys ({kinds}), {len(self.artifacts)} artifacts>"
        )

    def _repr_html_(self) -> str:
        from xxfill.display.html import scan_html

        return scan_html(self)


def build_scan(source_obj: Source, parts: Sequence[PartText], options: Options) -> Scan:
    """Detect, classify and index every placeholder of ``parts``."""
    from xxfill.classify import Found, classify

    found: list[Found] = []
    artifacts: list[Artifact] = []
    limit = options.limits.max_placeholders
    for part in parts:
        try:
            spans = find_placeholders(part.text, options, limit=limit - len(found))
        except TooManyPlaceholders:
            raise LimitExceededError(
                f"has more than {limit:,} placeholders, over Limits.max_placeholders (to scan "
                f"it anyway, pass limits=xxfill.Limits(max_placeholders=...), or on the command "
                f"line --limit max_placeholders=N)",
                source=source_obj.name,
            ) from None
        for s, e in spans:
            found.append(Found(part=part.name, start=s, end=e, literal=part.text[s:e]))
        for s, e in find_artifacts(part.text):
            artifacts.append(Artifact(part.text[s:e], part.name, s, e))
    texts = {p.name: p.text for p in parts}
    headers = source_obj.column_headers(options.marks) if found else None
    classified = classify(found, texts, options.rules, headers, options.marks)
    placeholders = []
    breaks: dict[str, list[int]] = {}  # only for the parts that hold placeholders
    for i, (f, c) in enumerate(zip(found, classified, strict=True), start=1):
        text = texts[f.part]
        if f.part not in breaks:
            breaks[f.part] = _breaks(text)
        line = _line_of(breaks[f.part], f.start, f.end, len(text))
        before, after = context_around(text, f.start, f.end, options.context, line=line)
        placeholders.append(
            Placeholder(
                index=i,
                literal=f.literal,
                kind=c.kind,
                key=c.key,
                part=f.part,
                start=f.start,
                end=f.end,
                before=before,
                after=after,
                reason=c.reason,
                confidence=c.confidence,
            )
        )
    evidence: dict[str, str] = {}
    for ph, c in zip(placeholders, classified, strict=True):
        if c.evidence:
            evidence.setdefault(ph.key, c.evidence)
    return Scan(
        source=source_obj.name,
        evidence=tuple(evidence.items()),
        format=source_obj.format,
        parts=tuple(parts),
        placeholders=tuple(placeholders),
        artifacts=tuple(artifacts),
        options=options,
        source_obj=source_obj,
    )
