"""HTML views for notebooks: a scan, its groups, a fill result and a validation error.

Everything shown comes from untrusted documents and values, so every piece of text and every
attribute value goes through :func:`html.escape` with ``quote=True``; nothing here emits
JavaScript. Styles are inline (a scoped ``<style>`` block plus ``style`` attributes on the
highlights, so colours survive renderers that strip ``<style>``); class names start with
``xxf-``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from xxfill.core.model import Kind

if TYPE_CHECKING:  # pragma: no cover
    from xxfill.core.errors import ValidationError
    from xxfill.core.model import Placeholder
    from xxfill.filler.result import FillResult
    from xxfill.scanner.scan import Group, Scan

__all__ = [
    "KIND_COLOURS",
    "fill_html",
    "filled_spans",
    "groups_html",
    "problems_html",
    "scan_html",
]

#: Background and border colour of each kind's highlight.
KIND_COLOURS: dict[Kind, tuple[str, str]] = {
    Kind.COUNT: ("#dbeafe", "#2563eb"),
    Kind.ORDINAL: ("#e0e7ff", "#4f46e5"),
    Kind.DATE: ("#dcfce7", "#16a34a"),
    Kind.NAME: ("#fef3c7", "#d97706"),
    Kind.PERSON: ("#fce7f3", "#db2777"),
    Kind.TITLE: ("#ede9fe", "#7c3aed"),
    Kind.QUOTE: ("#cffafe", "#0891b2"),
    Kind.TERM: ("#ffedd5", "#ea580c"),
    Kind.OTHER: ("#e5e7eb", "#4b5563"),
}

#: Documents with more paragraphs than this collapse runs of paragraphs without placeholders.
COLLAPSE_ABOVE = 40
#: A run of at least this many paragraphs without placeholders is collapsed.
COLLAPSE_RUN = 3
#: Paragraphs shown before the rest goes behind "show all".
MAX_PARAGRAPHS = 400
#: Rows of a table shown before the rest goes behind "show all".
MAX_ROWS = 300
#: A view stops adding paragraphs or rows once its HTML reaches about this many characters:
#: Jupyter drops outputs that exceed its IOPub data rate (1 MB/s over 3 s by default).
MAX_CHARS = 1_000_000

_CSS = """
.xxf-root{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",
sans-serif;line-height:1.7;max-width:60em}
.xxf-root .xxf-head{font-weight:600;margin:.2em 0 .4em}
.xxf-root .xxf-legend{display:flex;flex-wrap:wrap;gap:.3em .5em;margin:.3em 0 .6em;
font-size:.85em}
.xxf-root .xxf-zero{opacity:.45}
.xxf-root .xxf-part{font-size:1em;margin:.8em 0 .3em;font-family:monospace}
.xxf-root .xxf-doc{border-left:3px solid #d1d5db;padding-left:.8em;margin-top:.5em}
.xxf-root .xxf-p{white-space:pre-wrap;margin:0;min-height:1.2em}
.xxf-root .xxf-ph,.xxf-root .xxf-val{border-radius:3px;padding:0 2px;color:#111;
border-bottom:2px solid}
.xxf-root .xxf-badge{font-size:.65em;vertical-align:super;font-family:monospace;
color:#fff;border-radius:6px;padding:0 3px;margin-right:1px}
.xxf-root .xxf-doubtful{border-bottom-style:dotted}
.xxf-root .xxf-doubtful>.xxf-badge::after{content:"?"}
.xxf-root .xxf-artifact{color:#9ca3af;text-decoration:line-through}
.xxf-root .xxf-unfilled{background:#fee2e2;color:#991b1b;border:1px dashed #dc2626;
border-radius:3px;padding:0 2px}
.xxf-root details.xxf-fold>summary{color:#6b7280;cursor:pointer;font-size:.85em}
.xxf-root table.xxf-table{border-collapse:collapse;font-size:.9em;margin:.3em 0}
.xxf-root table.xxf-table th,.xxf-root table.xxf-table td{border:1px solid #d1d5db;
padding:2px 6px;text-align:left;vertical-align:top}
.xxf-root .xxf-ok{color:#15803d}
.xxf-root .xxf-bad{color:#b91c1c}
.xxf-root .xxf-muted{color:#6b7280}
.xxf-root code{font-family:monospace}
.xxf-root .xxf-note{color:#6b7280;font-style:italic;margin:.4em 0}
"""


def _kind_css() -> str:
    rules = []
    for kind, (bg, border) in KIND_COLOURS.items():
        k = f".xxf-root .xxf-k-{kind.value}"
        rules.append(f"{k}{{background:{bg};border-bottom-color:{border}}}")
        rules.append(f"{k} .xxf-badge{{background:{border}}}")
    return "\n".join(rules)


_STYLE = f"<style>{_CSS}{_kind_css()}\n</style>"


#: Characters that HTML cannot show or that would silently reorder what is shown (C0/C1
#: controls other than tab and line breaks, bidi embeddings, overrides and isolates): a hostile
#: template could use them to make the view lie ("Trojan Source"), so they are shown as codes.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _visible(match: re.Match[str]) -> str:
    return f"⟨U+{ord(match.group()):04X}⟩"


def _e(value: object) -> str:
    """Escape for text and for attribute values alike (quotes included); invisible and
    reordering characters become visible codes such as ``⟨U+202E⟩``.

    >>> _e('"><img src=x onerror=alert(1)>\u202e')
    '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;⟨U+202E⟩'
    """
    return html.escape(_INVISIBLE.sub(_visible, str(value)), quote=True)


def _kind(value: object) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        return Kind.OTHER


def _chip(kind: Kind, label: str | None = None) -> str:
    bg, border = KIND_COLOURS[kind]
    return (
        f'<span class="xxf-chip xxf-k-{kind.value}" style="background:{bg};'
        f'border-bottom:2px solid {border};color:#111;border-radius:3px;padding:0 4px">'
        f"{_e(label if label is not None else kind.value)}</span>"
    )


def _wrap(body: str, cls: str) -> str:
    return f'<div class="xxf-root {cls}">{_STYLE}{body}</div>'


def _fold(summary: str, inner: str) -> str:
    return f'<details class="xxf-fold"><summary>{summary}</summary>{inner}</details>'


# --- paragraphs with marked spans -----------------------------------------------------------


@attrs.frozen
class _Span:
    """Replace ``text[start:end]`` with ``html`` when rendering (``html`` is already safe)."""

    start: int
    end: int
    html: str


class _Budget:
    """Characters of HTML a view may still emit (``None``: no limit), shared by its parts."""

    def __init__(self, chars: int | None) -> None:
        self.left = chars

    @property
    def spent(self) -> bool:
        return self.left is not None and self.left <= 0

    def take(self, html_: str) -> None:
        if self.left is not None:
            self.left -= len(html_)


def _omitted(n: int, what: str) -> str:
    return (
        f'<div class="xxf-note">… {n} more {what} not shown: the view stops at about '
        f"{MAX_CHARS // 1000}k characters of HTML to stay within notebook output limits "
        "(pass max_chars=None to the xxfill.display.html function for everything).</div>"
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of ``text``, line terminators (``\\n``, ``\\r\\n``,
    ``\\r``) excluded."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(text)
    start = 0
    while i < n:
        c = text[i]
        if c == "\n" or c == "\r":
            out.append((start, i))
            i += 2 if c == "\r" and i + 1 < n and text[i + 1] == "\n" else 1
            start = i
        else:
            i += 1
    out.append((start, n))
    return out


def _paragraph(text: str, start: int, end: int, spans: Sequence[_Span]) -> str:
    pos = start
    pieces: list[str] = []
    for s in spans:
        if s.start < pos:  # overlapping spans: keep the first
            continue
        pieces.append(_e(text[pos : s.start]))
        pieces.append(s.html)
        pos = s.end
    pieces.append(_e(text[pos:end]))
    return f'<div class="xxf-p">{"".join(pieces)}</div>'


def _preview(text: str, width: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width] + "…"


def _render_text(
    text: str,
    spans: Iterable[_Span],
    *,
    collapse: bool | None,
    max_paragraphs: int,
    budget: _Budget,
) -> str:
    """``text`` as paragraphs with ``spans`` substituted; long runs of paragraphs without a span
    collapse into ``<details>``, paragraphs past ``max_paragraphs`` go behind "show all", and
    nothing more is rendered once ``budget`` is spent."""
    lines = _lines(text)
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    by_line: list[list[_Span]] = [[] for _ in lines]
    li = 0
    for s in ordered:
        while li < len(lines) - 1 and s.start > lines[li][1]:
            li += 1
        by_line[li].append(s)
    if collapse is None:
        collapse = len(lines) > COLLAPSE_ABOVE
    blocks: list[str] = []  # one entry per visible block (a paragraph or a fold)
    block_lines: list[int] = []  # how many source paragraphs each block holds
    i = 0
    while i < len(lines) and not budget.spent:
        block, n = None, 1
        if collapse and not by_line[i]:
            j = i
            while j < len(lines) and not by_line[j]:
                j += 1
            if j - i >= COLLAPSE_RUN:
                inner = "".join(_paragraph(text, *lines[k], ()) for k in range(i, j))
                first = next((text[s:e] for s, e in lines[i:j] if text[s:e].strip()), "")
                summary = f"⋯ {j - i} paragraphs without placeholders"
                if first:
                    summary += f": {_e(_preview(first))}"
                block, n = _fold(summary, inner), j - i
        if block is None:
            block = _paragraph(text, *lines[i], by_line[i])
        blocks.append(block)
        block_lines.append(n)
        budget.take(block)
        i += n
    shown, count = 0, 0
    for n in block_lines:
        if count + n > max_paragraphs and shown:
            break
        count += n
        shown += 1
    body = "".join(blocks[:shown])
    if shown < len(blocks):
        rest = sum(block_lines[shown:])
        body += _fold(f"show all: {rest} more paragraphs", "".join(blocks[shown:]))
    if i < len(lines):
        body += _omitted(len(lines) - i, "paragraphs")
    return f'<div class="xxf-doc">{body}</div>'


def _part_heading(name: str) -> str:
    return f'<div class="xxf-part">{_e(name)}</div>'


def _show_part_names(scan: Scan) -> bool:
    return scan.format != "text" or len(scan.parts) > 1


# --- scan -----------------------------------------------------------------------------------


def _placeholder_title(p: Placeholder) -> str:
    sure = "" if p.confidence is None else f" · confidence {p.confidence:.0%}"
    doubt = " (doubtful: check the kind)" if p.doubtful else ""
    return f"#{p.index} · {_kind(p.kind).value} · key: {p.key}{sure}{doubt}\n{p.reason}"


def _highlight(p: Placeholder, inner_text: str, *, cls: str = "xxf-ph", extra: str = "") -> str:
    kind = _kind(p.kind)
    title = _placeholder_title(p) + extra
    return (
        f'<span class="{cls} xxf-k-{kind.value}{" xxf-doubtful" if p.doubtful else ""}" '
        f'data-index="{p.index}" data-kind="{kind.value}" data-key="{_e(p.key)}" '
        f'data-confidence="{"" if p.confidence is None else p.confidence}" title="{_e(title)}">'
        f'<span class="xxf-badge">{p.index}</span>{_e(inner_text)}</span>'
    )


def _legend(counts: dict[Kind, int]) -> str:
    items = []
    for kind in Kind:
        n = counts.get(kind, 0)
        zero = " xxf-zero" if not n else ""
        items.append(
            f'<span class="xxf-legend-item{zero}" data-kind="{kind.value}" data-count="{n}">'
            f"{_chip(kind)} {n}</span>"
        )
    return f'<div class="xxf-legend">{"".join(items)}</div>'


def _render_parts(
    scan: Scan,
    by_part: dict[str, list[_Span]],
    collapse: bool | None,
    max_paragraphs: int,
    max_chars: int | None,
    *,
    empty: str,
) -> list[str]:
    """Each part's text with its spans, under its part name when there are several parts; a part
    with no span is folded under the note ``empty``."""
    body: list[str] = []
    budget = _Budget(max_chars)
    names = _show_part_names(scan)
    for part in scan.parts:
        spans = by_part.get(part.name, [])
        if names and not part.text.strip():
            continue
        rendered = _render_text(
            part.text, spans, collapse=collapse, max_paragraphs=max_paragraphs, budget=budget
        )
        if names:
            body.append(_part_heading(part.name))
            if not spans:
                rendered = _fold(empty, rendered)
        body.append(rendered)
    return body


def scan_html(
    scan: Scan,
    *,
    collapse: bool | None = None,
    max_paragraphs: int = MAX_PARAGRAPHS,
    max_chars: int | None = MAX_CHARS,
) -> str:
    """The document's text with every placeholder highlighted in its kind's colour.

    Each highlight carries the placeholder's index as a badge and its kind, key and reason on
    hover; a legend counts the placeholders of each kind; artifacts (``##paidbegin##``) are
    struck through. DOCX parts get their part name as a heading. ``collapse`` folds runs of
    paragraphs without placeholders into ``<details>`` (default: when a part has more than
    ``COLLAPSE_ABOVE`` paragraphs); paragraphs past ``max_paragraphs`` go behind "show all";
    past ``max_chars`` characters of HTML the rest is left out with a note, because Jupyter
    drops outputs that are too large (``None``: no limit). This is what ``Scan`` shows in a
    notebook.

    >>> import xxfill
    >>> page = scan_html(xxfill.scan(text="召开XX次会议<b>"))
    >>> 'data-kind="count"' in page, "&lt;b&gt;" in page
    (True, True)
    """
    counts = {_kind(k): n for k, n in scan.counts().items()}
    n_keys = len({p.key for p in scan.placeholders})
    head = (
        f'<div class="xxf-head">{_e(scan.source)} <span class="xxf-muted">({_e(scan.format)})'
        f"</span>: {len(scan.placeholders)} placeholders, {n_keys} keys, "
        f"{len(scan.artifacts)} artifacts</div>"
    )
    removed = "kept on fill" if scan.options.keep_artifacts else "removed on fill"
    by_part: dict[str, list[_Span]] = {p.name: [] for p in scan.parts}
    for p in scan.placeholders:
        by_part.setdefault(p.part, []).append(_Span(p.start, p.end, _highlight(p, p.literal)))
    for a in scan.artifacts:
        by_part.setdefault(a.part, []).append(
            _Span(
                a.start,
                a.end,
                f'<del class="xxf-artifact" title="{_e("artifact: " + removed)}">'
                f"{_e(a.literal)}</del>",
            )
        )
    body = _render_parts(
        scan, by_part, collapse, max_paragraphs, max_chars, empty="no placeholders in this part"
    )
    return _wrap(head + _legend(counts) + "".join(body), "xxf-scan")


# --- groups ---------------------------------------------------------------------------------


def _context_html(p: Placeholder) -> str:
    return f"{_e(p.before)}{_highlight(p, p.literal)}{_e(p.after)}"


def _rows_table(
    headers: Sequence[str],
    rows: Sequence[str],
    *,
    max_rows: int = MAX_ROWS,
    max_chars: int | None = MAX_CHARS,
) -> str:
    budget = _Budget(max_chars)
    kept = 0
    for row in rows:
        if budget.spent:
            break
        budget.take(row)
        kept += 1
    head = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"
    visible = "".join(rows[: min(max_rows, kept)])
    table = f'<table class="xxf-table"><thead>{head}</thead><tbody>{visible}</tbody></table>'
    if kept > max_rows:
        rest = f'<table class="xxf-table"><tbody>{"".join(rows[max_rows:kept])}</tbody></table>'
        table += _fold(f"show all: {kept - max_rows} more rows", rest)
    if kept < len(rows):
        table += _omitted(len(rows) - kept, "rows")
    return table


def groups_html(
    groups: Sequence[Group], *, max_rows: int = MAX_ROWS, max_chars: int | None = MAX_CHARS
) -> str:
    """A table of keys, one row each: key, kind, occurrences and the first context: what a
    person fills. Rows past ``max_rows`` go behind "show all", rows past ``max_chars``
    characters of HTML are left out with a note. This is what ``scan.groups()`` shows in a
    notebook.

    >>> import xxfill
    >>> page = groups_html(xxfill.scan(text="学习党的XX大精神，贯彻党的XX大部署").groups())
    >>> page.count("<tr")  # the header and one key
    2
    """
    rows = []
    for g in groups:
        kind = _kind(g.kind)
        indices = ", ".join(f"#{i}" for i in g.indices)
        rows.append(
            f'<tr data-key="{_e(g.key)}"><td><code>{_e(g.key)}</code></td>'
            f"<td>{_chip(kind)}</td><td>{len(g.placeholders)} "
            f'<span class="xxf-muted">({_e(indices)})</span></td>'
            f"<td>{_context_html(g.placeholders[0])}</td>"
            f'<td class="xxf-muted">{_e(g.evidence)}</td></tr>'
        )
    n = sum(len(g.placeholders) for g in groups)
    head = f'<div class="xxf-head">{len(rows)} keys for {n} placeholders</div>'
    table = _rows_table(
        ["key", "kind", "occurrences", "first context", "why one value"],
        rows,
        max_rows=max_rows,
        max_chars=max_chars,
    )
    return _wrap(head + table, "xxf-groups")


# --- fill result ----------------------------------------------------------------------------


def filled_spans(result: FillResult) -> dict[str, list[tuple[int, int, Any]]]:
    """Where each edit landed in the filled text: per part, ``(start, end, edit)`` in output
    offsets. Edits are sorted, so an edit's output start is its source start plus the length
    change of the earlier edits of the same part.

    >>> import xxfill
    >>> r = xxfill.fill(text="召开XX次会议，走访XX户", values={"#1": 12, "#2": 300})
    >>> [(s, e, r.text[s:e]) for s, e, _ in filled_spans(r)["text"]]
    [(2, 4, '12'), (10, 13, '300')]
    """
    out: dict[str, list[tuple[int, int, Any]]] = {}
    delta: dict[str, int] = {}
    for edit in sorted(result.edits, key=lambda e: (e.part, e.start)):
        d = delta.get(edit.part, 0)
        start = edit.start + d
        out.setdefault(edit.part, []).append((start, start + len(edit.text), edit))
        delta[edit.part] = d + len(edit.text) - (edit.end - edit.start)
    return out


def _value_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "…"


_PROBLEM_HEADERS = ("code", "#", "context", "selector", "message")


def _problem_rows(problems: Sequence[Any]) -> list[str]:
    rows = []
    for p in problems:
        index = f"#{p.index}" if p.index is not None else ""
        selector = f"<code>{_e(p.selector)}</code>" if p.selector is not None else ""
        rows.append(
            f'<tr data-code="{_e(p.code)}"><td><code>{_e(p.code)}</code></td>'
            f"<td>{_e(index)}</td><td>{_e(p.context or '')}</td><td>{selector}</td>"
            f"<td>{_e(p.message)}</td></tr>"
        )
    return rows


def _report_html(result: FillResult) -> str:
    r = result.report
    problems = tuple(getattr(r, "problems", ()))
    ok = not r.unfilled and not r.unused and not problems
    status = (
        '<span class="xxf-ok">✓ complete</span>'
        if ok
        else '<span class="xxf-bad">✗ incomplete</span>'
    )
    summary = (
        f'<div class="xxf-head">{_e(result.scan.source)}: {status} · '
        f'<span data-count="filled">{len(r.filled)}</span> filled · '
        f'<span data-count="unfilled">{len(r.unfilled)}</span> unfilled · '
        f'<span data-count="unused">{len(r.unused)}</span> unused selectors · '
        f'<span data-count="problems">{len(problems)}</span> problems · '
        f'<span data-count="warnings">{len(r.warnings)}</span> warnings · '
        f'<span data-count="artifacts">{len(r.artifacts_removed)}</span> artifacts removed</div>'
    )
    parts = [summary]
    if problems:
        parts.append(
            '<div class="xxf-bad">Problems with the values (strict=False: not raised; the '
            "placeholders they concern are left as they were)</div>"
        )
        parts.append(_rows_table(_PROBLEM_HEADERS, _problem_rows(problems)))
    if r.unfilled:
        rows = [
            f'<tr class="xxf-unfilled-row"><td>#{p.index}</td><td><code>{_e(p.key)}</code></td>'
            f"<td>{_chip(_kind(p.kind))}</td><td>{_context_html(p)}</td></tr>"
            for p in r.unfilled
        ]
        parts.append('<div class="xxf-bad">Unfilled placeholders</div>')
        parts.append(_rows_table(["#", "key", "kind", "context"], rows))
    if r.unused:
        items = "".join(f"<li><code>{_e(s)}</code></li>" for s in r.unused)
        parts.append(
            '<div class="xxf-bad">Selectors that matched no placeholder</div>'
            f'<ul class="xxf-unused">{items}</ul>'
        )
    if r.warnings:  # messages show one way: the same table as problems
        table = _rows_table(_PROBLEM_HEADERS, _problem_rows(r.warnings))
        parts.append(f'<div>Warnings</div><div class="xxf-warnings">{table}</div>')
    return "".join(parts)


def fill_html(
    result: FillResult,
    *,
    collapse: bool | None = None,
    max_paragraphs: int = MAX_PARAGRAPHS,
    max_chars: int | None = MAX_CHARS,
) -> str:
    """The report (counts, problems kept by ``strict=False``, unfilled placeholders, unused
    selectors, warnings) on top, then the filled text with every inserted value highlighted in
    its placeholder's kind colour (the selector and value on hover) and placeholders left
    unfilled marked in red. Removed artifacts
    are simply gone, as in the output. ``collapse``, ``max_paragraphs`` and ``max_chars`` work
    as for :func:`scan_html`. This is what ``FillResult`` shows in a notebook.

    >>> import xxfill
    >>> page = fill_html(xxfill.fill(text="召开XX次会议", values={"#1": 12}))
    >>> 'class="xxf-val xxf-k-count"' in page
    True
    """
    scan = result.scan
    filled = {(f.placeholder.part, f.placeholder.start): f for f in result.report.filled}
    unfilled = {(p.part, p.start): p for p in result.report.unfilled}
    by_part: dict[str, list[_Span]] = {p.name: [] for p in scan.parts}
    edited: set[tuple[str, int]] = set()
    for e in result.edits:
        edited.add((e.part, e.start))
        f = filled.get((e.part, e.start))
        if f is not None:
            extra = f"\nvalue {_value_repr(f.value)} via selector {f.selector!r}"
            html_ = _highlight(f.placeholder, e.text, cls="xxf-val", extra=extra)
        elif (e.part, e.start) in unfilled:
            p = unfilled[(e.part, e.start)]
            html_ = (
                f'<span class="xxf-unfilled" data-index="{p.index}" '
                f'title="{_e(_placeholder_title(p) + chr(10) + "unfilled, marked")}">'
                f"{_e(e.text)}</span>"
            )
        else:
            html_ = _e(e.text)  # artifact removal ("") or an edit we cannot attribute
        by_part.setdefault(e.part, []).append(_Span(e.start, e.end, html_))
    for key, p in unfilled.items():
        if key not in edited:  # kept as it was (missing="keep")
            by_part.setdefault(p.part, []).append(
                _Span(
                    p.start,
                    p.end,
                    f'<span class="xxf-unfilled" data-index="{p.index}" '
                    f'title="{_e(_placeholder_title(p) + chr(10) + "unfilled, kept")}">'
                    f"{_e(p.literal)}</span>",
                )
            )
    body = _render_parts(
        scan, by_part, collapse, max_paragraphs, max_chars, empty="nothing filled in this part"
    )
    return _wrap(_report_html(result) + "".join(body), "xxf-fill")


# --- validation problems --------------------------------------------------------------------


def problems_html(error: ValidationError) -> str:
    """A table of every problem of a ``ValidationError``: code, placeholder, context, selector
    and message. This is what the error shows in a notebook when displayed as a value.

    >>> from xxfill import Problem, ValidationError
    >>> err = ValidationError([Problem("missing", "no value", index=1, context="召开XX次")])
    >>> "<td><code>missing</code></td>" in problems_html(err)
    True
    """
    problems = tuple(error.problems)
    rows = _problem_rows(problems)
    source = getattr(error, "source", None)
    where = f"{_e(source)}: " if source else ""
    n = len(problems)
    head = (
        f'<div class="xxf-head xxf-bad">{where}{n} problem{"s" if n != 1 else ""} '
        "with the values</div>"
    )
    table = _rows_table(_PROBLEM_HEADERS, rows)
    return _wrap(head + table, "xxf-problems")
