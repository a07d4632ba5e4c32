"""What the rules read and return: the line around one placeholder (``_Ctx``, with table
headers and the line above) and one rule's ``_Decision``; ``Found`` and ``Classified`` are what
``classify`` takes and gives.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import regex

from xxfill.core.model import DEFAULT_MARKS, Kind, mark_class

__all__ = ["Classified", "Found"]


#: Site residue (``##paidbegin##``): invisible to classification.
_ARTIFACT_RE = regex.compile(r"##[A-Za-z_]\w*##")
#: Stands for another placeholder inside a context string.
_OTHER = "\ue000"
_HAN = regex.compile(r"\p{Han}")
_SPACE = " \t\u3000\u00a0"


@attrs.frozen
class Found:
    """One detected placeholder: ``text[start:end] == literal`` in part ``part``."""

    part: str
    start: int
    end: int
    literal: str


@attrs.frozen
class Classified:
    """The kind of one placeholder, the rule and cue that decided it, and its key."""

    kind: Kind
    reason: str
    key: str
    #: how often the rule that decided is right on the labeled corpus (0–1, see
    #: ``classify.confidence``)
    confidence: float = 1.0
    #: why this placeholder shares its key beyond the same words around it ("" when not)
    evidence: str = ""


# --------------------------------------------------------------------------------------------
# The line around one placeholder


@attrs.frozen
class _Ctx:
    """A placeholder's line with artifacts removed and other placeholders as ``_OTHER``."""

    line: str  # the cleaned line, focal placeholder as _OTHER too
    pos: int  # index of the focal placeholder in ``line``
    literal: str
    line_id: tuple[str, int] = ("", 0)  # (part, offset of the line in the part)
    above: str = ""  # the nearest line above with words in it (a table row's header cell)
    in_row: bool = False  # a cell of a table row under a header row: one record among many
    header: str = ""  # for a cell of a tab-separated line: the header of its column, if any

    @property
    def left(self) -> str:
        return self.line[: self.pos]

    @property
    def right(self) -> str:
        return self.line[self.pos + 1 :]

    def render(self, start: int, end: int) -> str:
        """``line[start:end]`` for a key: the focal literal as is, others as ``…``."""
        out = []
        for i in range(start, end):
            ch = self.line[i]
            if i == self.pos:
                out.append(self.literal)
            elif ch == _OTHER:
                out.append("…")
            elif ch in "\r\n\t":
                continue
            else:
                out.append(ch)
        return "".join(out).strip()


_LINE_BREAK = regex.compile(r"[\r\n]")


@functools.lru_cache(maxsize=16)
def _blankish(marks: tuple[str, ...]) -> Any:
    """A line or cell with nothing but spaces, the template's marks and blank fillers (○, ＿)."""
    return regex.compile(r"^[\s○＿_" + mark_class(marks)[1:-1] + "]*$" if marks else r"^[\s○＿_]*$")


def _line_above(text: str, ls: int, blank: Any, lines: int = 4) -> str:
    """The nearest of the ``lines`` lines above ``ls`` that has words (not only marks)."""
    end = ls - 1
    for _ in range(lines):
        if end < 0:
            return ""
        start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        row = _ARTIFACT_RE.sub("", text[start:end]).strip()
        if not blank.match(row):
            return row[-40:]
        end = start - 1
    return ""


def _column_above(
    text: str, ls: int, col: int, memo: dict[int, list[str]], blank: Any, lines: int = 4
) -> str:
    """Field ``col`` of the nearest tab-separated line above ``ls`` that has words there.
    ``memo`` keeps each line above split once (a row of many cells asks for every column)."""
    end = ls - 1
    for _ in range(lines):
        if end < 0:
            return ""
        start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        fields = memo.get(start)
        if fields is None:
            fields = memo[start] = text[start:end].split("\t")
        if len(fields) > col and len(fields) > 1:
            field = _ARTIFACT_RE.sub("", fields[col]).strip()
            if not blank.match(field):
                return field[-40:]
        end = start - 1
    return ""


#: How far around a placeholder its line is read (a bound for very long lines).
_REACH = 300
#: How far back an opening bracket may be (a title or a quote is shorter than this).
_BRACKET_REACH = 120


def _contexts(
    found: Sequence[Found],
    texts: Mapping[str, str],
    headers: Mapping[tuple[str, int], str] | None = None,
    marks: tuple[str, ...] = DEFAULT_MARKS,
) -> list[_Ctx]:
    """The cleaned line around each placeholder; each line is cleaned once. ``headers`` gives
    the column header of a table cell's line (``(part, line start) -> header``); a line of
    nothing but ``marks`` above a placeholder is no label for it."""
    blank = _blankish(marks)
    lines: dict[tuple[str, int], list[int]] = {}
    ends: dict[tuple[str, int], int] = {}
    breaks: dict[str, list[int]] = {}
    for i, f in enumerate(found):
        text = texts[f.part]
        if f.part not in breaks:
            # A line ends at \n, \r\n or a lone \r (old Mac text): a \r kept inside the line
            # would be dropped below and shift ``pos``.
            breaks[f.part] = [m.start() for m in _LINE_BREAK.finditer(text)]
        marks = breaks[f.part]
        k = bisect.bisect_left(marks, f.start)
        ls = marks[k - 1] + 1 if k else 0
        key = (f.part, ls)
        if key not in ends:
            after = bisect.bisect_left(marks, f.end)
            ends[key] = marks[after] if after < len(marks) else len(text)
        lines.setdefault(key, []).append(i)
    out: dict[int, _Ctx] = {}
    for (part, ls), members in lines.items():
        text = texts[part]
        members.sort(key=lambda j: found[j].start)
        pieces: list[str] = []
        positions: dict[int, int] = {}
        cursor, length = ls, 0
        for j in members:
            g = found[j]
            if g.start < cursor:
                continue  # overlapping spans: keep the first
            seg = _ARTIFACT_RE.sub("", text[cursor : g.start]).replace("\r", "")
            pieces.append(seg)
            length += len(seg)
            positions[j] = length
            pieces.append(_OTHER)
            length += 1
            cursor = g.end
        pieces.append(_ARTIFACT_RE.sub("", text[cursor : ends[(part, ls)]]).replace("\r", ""))
        line = "".join(pieces)
        lone = not line.strip(_SPACE + _OTHER)
        above = ""
        in_row = (part, ls) in (headers or {})
        if lone:
            above = (headers or {}).get((part, ls)) or _line_above(text, ls, blank)
        tabbed = "\t" in line
        col, counted = 0, ls  # tabs between the line start and ``counted``
        memo: dict[int, list[str]] = {}
        for j in members:
            f = found[j]
            pos = positions.get(j)
            if tabbed:
                # a row of a tab-separated table: the header of this placeholder's column
                # (members are in order, so the tabs are counted once along the line)
                col += text.count("\t", counted, max(counted, f.start))
                counted = max(counted, f.start)
                header = _column_above(text, ls, col, memo, blank)
                if lone:
                    above = header or above
                in_row = in_row or bool(header)
            else:
                header = ""
            if pos is None:  # overlapped another span: read it in its own little line
                out[j] = _Ctx(line=_OTHER, pos=0, literal=f.literal, line_id=(part, ls))
                continue
            a = max(0, pos - _REACH)
            out[j] = _Ctx(
                line=line[a : pos + 1 + _REACH],
                pos=pos - a,
                literal=f.literal,
                line_id=(part, ls),
                above=above,
                in_row=in_row,
                header=header,
            )
    return [out[i] for i in range(len(found))]


@attrs.frozen
class _Decision:
    kind: Kind
    reason: str
    key: str
    strength: int = 3  # 3 strong cue, 2 label or prefix, 1 weak hint, 0 fallback
    unique: bool = False  # never share the key (a table cell: its header is not its identity)
    #: readable forms of ``key`` shown to people, best first; ``key`` itself still decides
    #: which placeholders share (a label is used only where it names no other group)
    labels: tuple[str, ...] = ()
    #: the rule that decided (its function's name, or ``listed``/``range`` when a neighbour's
    #: kind was taken): what the confidence is calibrated by
    rule: str = ""


_DIGIT = regex.compile(r"[0-9０-９]")
