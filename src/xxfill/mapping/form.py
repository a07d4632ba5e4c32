"""A values form: a flat TOML skeleton, one commented ``key = ""`` line per key, to fill by hand."""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Literal

import attrs
import regex

from xxfill.core.model import DEFAULT_MARKS, Kind, Placeholder
from xxfill.mapping.render import RenderError, date_slot, render
from xxfill.mapping.selectors import _code_gap
from xxfill.scanner.scan import SAME_WORDS

__all__ = ["FormEntry", "count_entries", "form_entries", "make_form", "toml_value"]

_MAX_CONTEXTS = 3
# TOML comments may hold no control character but tab (TOML 1.0, "Comment").
_COMMENT_BAD = regex.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

_HEADER = """\
# xxfill values for {source}
# {n_placeholders} placeholder{s1} under {n_keys} key{s2}. Replace each "" with the value:
#   - text, inserted exactly as written:      "中共某某区委"
#   - counts and ordinals, as bare numbers:    12   (党的XX大 = 20 becomes 党的二十大)
#   - dates, as TOML dates or bare numbers:    2023-12-05, or 12 for a month slot
# An entry left as "" is reported as missing by `xxfill fill`.
# Besides these keys you may add "#N" (the N-th placeholder) or a context fragment such
# as "党的XX大"; the most specific selector wins (#N > longer fragment > shorter > key).
"""


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (usable as a quoted key)."""
    out = ['"']
    for ch in text:
        cp = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif cp < 0x20 or cp == 0x7F:
            out.append(f"\\u{cp:04X}")
        elif 0xD800 <= cp <= 0xDFFF:
            out.append("\ufffd")  # not representable in TOML (nor in UTF-8)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _comment(text: str) -> str:
    text = _COMMENT_BAD.sub(" ", text)
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def _example(p: Placeholder, marks: tuple[str, ...] = DEFAULT_MARKS) -> str:
    """An example value of the right type for ``p``, with what it would become."""
    if p.kind is Kind.COUNT:
        return "12"
    if p.kind is Kind.ORDINAL:
        try:
            shown = render(20, p, marks=marks)
        except RenderError:  # pragma: no cover - 20 is always a valid ordinal
            shown = "20"
        return f"20 (written {shown})" if shown != "20" else "20"
    if p.kind is Kind.DATE:
        part = date_slot(p, marks).part
        samples: dict[str, object] = {
            "year": 2023,
            "month": 12,
            "day": 5,
            "hour": 9,
            "minute": 30,
            "weekday": 5,
            "quarter": 3,
            "full": _dt.date(2023, 12, 5),
        }
        value = samples.get(part, _dt.date(2023, 12, 5))
        try:
            shown = render(value, p, marks=marks)
        except RenderError:
            shown = str(value)
        slot = date_slot(p, marks)
        if slot.part == "year" and slot.prefix:
            # 20XX年 with 2023: the template's own 20 and the slot's 23 read 2023年
            return f"{value} (the line then reads {slot.prefix}{shown}{p.after[:1]})"
        return f"{value} (written {shown})" if shown != str(value) else str(value)
    return _TEXT_EXAMPLES.get(p.kind, _text_example_of_name)(p)


#: What follows a name blank says what it names: a place (滨江区), an organ whose field the blank
#: holds (数据资源局), or a body whose whole unit it holds (滨江社区党委).
_NAME_EXAMPLES = (
    (regex.compile(r"\A(?:省|市|县|区|镇|乡|村|街道|社区|州|盟|旗)"), '"滨江"'),
    (
        regex.compile(r"\A(?:局|厅|委员会|办公室|办|中心|公司|集团|学校|学院|医院|所|站|处|科)"),
        '"数据资源"',
    ),
    (regex.compile(r"\A(?:党委|党工委|党总支|党支部|党组|工会|团委|妇联)"), '"滨江社区"'),
)


def _text_example_of_name(p: Placeholder) -> str:
    if p.kind is not Kind.NAME:
        return '"…"'
    for after, example in _NAME_EXAMPLES:
        if after.match(p.after):
            return example
    return '"滨江"'


#: A real example of each text kind, so the form shows what kind of text a blank takes.
_TEXT_EXAMPLES = {
    Kind.PERSON: lambda p: '"王建华"',
    Kind.TITLE: lambda p: '"关于做好年度考核工作的通知"',
    Kind.QUOTE: lambda p: '"一件事一次办"',
}


#: What may join the parts of one written date (20XX年XX月XX日), and what may end it.
_DATE_JOIN = "年月"
_DATE_END = "年月日号"
_DIGITS_BEFORE = regex.compile(r"[0-9０-９〇零一二三四五六七八九]+\Z")


def _date_entries(
    placeholders: Sequence[Placeholder],
    groups: Sequence[Sequence[Placeholder]],
    marks: tuple[str, ...] = DEFAULT_MARKS,
) -> dict[str, tuple[str, list[Placeholder]]]:
    """Keys whose placeholders are exactly the parts of written dates, mapped to a fragment that
    selects those dates (``于20XX年XX月XX日``) and the placeholders it fills: the form then asks
    for one date instead of a year, a month and a day. Every fragment is checked by resolving
    the whole form: where it would not fill exactly its own placeholders, the separate keys
    stay."""
    from xxfill.core.model import Options
    from xxfill.mapping.selectors import SelectorIndex, resolve

    ps = sorted(placeholders, key=lambda p: p.index)
    by_key = {g[0].key: list(g) for g in groups}
    options = Options(missing="keep", marks=marks)
    index = SelectorIndex(ps, options)
    candidates: dict[str, tuple[str, list[Placeholder]]] = {}
    used: dict[str, list[str]] = {}
    for run in [*_date_runs(ps), *_code_runs(ps)]:
        keys = list(dict.fromkeys(p.key for p in run))
        if any(k in candidates for k in keys):
            continue
        covered = sorted({q.index: q for k in keys for q in by_key.get(k, [])}.values(),
                         key=lambda p: p.index)  # fmt: skip
        if _is_code(run):
            if [q.index for q in covered] != [q.index for q in run]:
                continue  # a part's key also fills elsewhere: the parts stay apart
        elif any(q.kind is not Kind.DATE for q in covered):
            continue
        fragment = _date_fragment(run, {q.index for q in covered}, index, ps)
        if fragment in used:
            # another date with other keys wants the same fragment (two rows of a table):
            # one entry would give both one value, so both keep their keys
            for k in used[fragment]:
                candidates.pop(k, None)
            continue
        used[fragment] = keys
        for k in keys:
            candidates[k] = (fragment, covered)
    # Resolve the form as it would be filled in; drop the fragments that miss or overreach.
    for _round in range(4):
        if not candidates:
            break
        values: dict[str, object] = {}
        intended: dict[int, str] = {}
        for g in groups:
            key = g[0].key
            sel = candidates[key][0] if key in candidates else key
            if key in candidates:
                members = candidates[key][1]
                values[sel] = _code_example(members) if _is_code(members) else _dt.date(2001, 1, 1)
            else:
                values[sel] = "v"
            for q in g:
                intended[q.index] = sel
        plan = resolve(ps, values, options=options, strict=False, index=index)
        got = {a.placeholder.index: a.selector for a in plan.assignments}
        wrong = {intended[i] for i in intended if got.get(i) != intended[i]}
        wrong |= {got[i] for i in got if got[i] != intended.get(i)}
        bad = {k for k, (f, _m) in candidates.items() if f in wrong}
        if not bad:
            return candidates
        for k in bad:
            del candidates[k]
    return {}


def _runs(
    ps: Sequence[Placeholder], joined: Callable[[Placeholder, Placeholder], bool]
) -> Iterator[list[Placeholder]]:
    """Maximal runs, two or more long, of neighbours in ``ps`` that ``joined`` links."""
    i = 0
    while i < len(ps):
        run = [ps[i]]
        while i + len(run) < len(ps) and joined(run[-1], ps[i + len(run)]):
            run.append(ps[i + len(run)])
        i += len(run)
        if len(run) >= 2:
            yield run


def _date_joined(last: Placeholder, nxt: Placeholder) -> bool:
    """Two date slots of one written date: 20XX年XX月 (joined by 年 or 月)."""
    return (
        last.kind is Kind.DATE
        and nxt.kind is Kind.DATE
        and nxt.part == last.part
        and nxt.start - last.end == 1
        and last.after[:1] in _DATE_JOIN
    )


def _date_runs(ps: Sequence[Placeholder]) -> Iterator[list[Placeholder]]:
    """Runs of date placeholders joined by 年/月 (20XX年XX月XX日), two or more long."""
    return _runs(ps, _date_joined)


def _gap(a: Placeholder, b: Placeholder) -> str:
    """The text between two neighbouring placeholders of one part."""
    return a.after[: b.start - a.end]


def _code_runs(ps: Sequence[Placeholder]) -> Iterator[list[Placeholder]]:
    """Runs of placeholders that are the parts of one code: neighbours joined by separators
    only (联系电话：XXXX-XXXXXXX, XX-20XX-XXXX)."""
    return (run for run in _runs(ps, lambda a, b: _code_gap(a, b) is not None) if _is_code(run))


def _is_code(run: Sequence[Placeholder]) -> bool:
    """Parts of one code: neighbours joined by separators, not all of them date slots (a date
    written 20XX.XX.XX takes a date, as one joined by 年 and 月)."""
    if len(run) < 2 or all(p.kind is Kind.DATE for p in run):
        return False
    return all(_code_gap(a, b) is not None for a, b in itertools.pairwise(run))


def _code_example(run: Sequence[Placeholder]) -> str:
    """A string of the code's shape: 1234-1234567 for XXXX-XXXXXXX."""

    def digits(n: int) -> str:
        return ("1234567890" * (n // 10 + 1))[:n]

    out = digits(len(run[0].literal))
    for a, b in itertools.pairwise(run):
        out += _gap(a, b) + digits(len(b.literal))
    return out


def _date_fragment(
    run: Sequence[Placeholder], want: set[int], index: object, ps: Sequence[Placeholder]
) -> str:
    """The written date of ``run`` with as few words around it as make it select ``want``
    (and only that); the bare date when no nearby words do (the form check then decides)."""
    prefix = m.group() if (m := _DIGITS_BEFORE.search(run[0].before)) else ""
    core = prefix + run[0].literal
    for p in run[1:]:
        core += _gap(ps[p.index - 2], p) + p.literal
    tail = run[-1].after[:1] if run[-1].after[:1] in _DATE_END and not _is_code(run) else ""
    core += tail
    before = run[0].before[: len(run[0].before) - len(prefix)]
    after = run[-1].after[len(tail) :]
    # the bare date; then a word that leads into dates (于…, 截至…); then the words after it;
    # then anything nearby
    combos = [(0, 0)]
    if _is_code(run) and (label := _LABEL_BEFORE.search(before)):
        combos.insert(0, (len(label.group()), 0))  # a code by its whole label: 电话：XXXX-…
    combos += [(b, 0) for b in (1, 2) if before[len(before) - b :] in _DATE_LEADS]
    combos += [(0, a) for a in (1, 2)]
    combos += [(b, a) for b in (1, 2, 3, 4) for a in (0, 1, 2)]
    for b, a in combos:
        head, rest = before[len(before) - b :] if b else "", after[:a]
        if b > len(before) or a > len(after) or _BREAK.search(head.rstrip("：:") + rest):
            continue
        fragment = head + core + rest
        reach = index.reach(fragment)  # type: ignore[attr-defined]
        if not isinstance(reach, str) and {p.index for _r, p in reach} == want:
            return fragment
    return core


#: A form label right before a code: 联系电话：, 传真:
_LABEL_BEFORE = regex.compile(
    r"(?<![\p{Han}])\p{Han}{1,8}[：:]\s*\Z|(?<=[，。；、\s])\p{Han}{1,8}[：:]\s*\Z"
)

_DATE_LEADS = frozenset({"于", "在", "至", "到", "自", "从", "截至", "截止", "定于", "拟于"})


_BREAK = regex.compile(r"[\s，。；：、,.;:!?！？]")


def _groups(placeholders: Sequence[Placeholder]) -> list[list[Placeholder]]:
    order: dict[str, list[Placeholder]] = {}
    for p in sorted(placeholders, key=lambda p: p.index):
        order.setdefault(p.key, []).append(p)
    return list(order.values())


def _entries(
    placeholders: Sequence[Placeholder], marks: tuple[str, ...] = DEFAULT_MARKS
) -> tuple[list[list[Placeholder]], dict[str, tuple[str, list[Placeholder]]]]:
    """The form's entries: key groups, and whole written dates (one entry each) by key."""
    groups = _groups(placeholders)
    dates = _date_entries(placeholders, groups, marks)
    for fragment, _members in dates.values():
        groups = [g for g in groups if g[0].key not in dates or dates[g[0].key][0] != fragment]
    return groups, dates


@attrs.frozen
class FormEntry:
    """One question of the form: a key (``shape="key"``), or the fragment that fills a whole
    written date (``"date"``) or a split code (``"code"``) at once. ``placeholders`` are the ones
    the entry fills, in document order."""

    selector: str
    shape: Literal["key", "date", "code"]
    placeholders: tuple[Placeholder, ...]


def form_entries(
    placeholders: Sequence[Placeholder], *, marks: tuple[str, ...] = DEFAULT_MARKS
) -> tuple[FormEntry, ...]:
    """The entries ``make_form`` writes, in order of first occurrence: one per key, but one for
    each whole written date (``20XX年XX月XX日`` is three keys and one entry) and split code.

    >>> import xxfill
    >>> [(e.selector, e.shape) for e in form_entries(xxfill.scan(xxfill.Text(
    ...     "于20XX年XX月XX日召开XX次")).placeholders)]
    [('20XX年XX月XX日', 'date'), ('召开XX次', 'key')]
    """
    groups, dates = _entries(placeholders, marks)
    entries: list[tuple[int, FormEntry]] = [
        (g[0].index, FormEntry(g[0].key, "key", tuple(g))) for g in groups
    ]
    seen: set[str] = set()
    for fragment, members in dates.values():
        if fragment not in seen:
            seen.add(fragment)
            shape: Literal["date", "code"] = "code" if _is_code(members) else "date"
            entries.append(
                (min(p.index for p in members), FormEntry(fragment, shape, tuple(members)))
            )
    entries.sort(key=lambda e: e[0])
    return tuple(e for _first, e in entries)


def count_entries(
    placeholders: Sequence[Placeholder], *, marks: tuple[str, ...] = DEFAULT_MARKS
) -> int:
    """How many entries ``make_form`` writes (``form_entries``).

    >>> import xxfill
    >>> count_entries(xxfill.scan(xxfill.Text("于20XX年XX月XX日召开")).placeholders)
    1
    """
    return len(form_entries(placeholders, marks=marks))


def toml_value(value: object) -> str:
    """``value`` written as a TOML value: a string, a whole or decimal number, a date.

    >>> [toml_value(v) for v in ("滨江", 12, 2.5, _dt.date(2024, 3, 5))]
    ['"滨江"', '12', '2.5', '2024-03-05']
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return _toml_string(str(value))


def make_form(
    scan_placeholders: Sequence[Placeholder],
    *,
    source: str,
    marks: tuple[str, ...] = DEFAULT_MARKS,
    evidence: Mapping[str, str] | None = None,
    values: Mapping[str, object] | None = None,
    notes: Mapping[str, str] | None = None,
) -> str:
    """A TOML values skeleton for ``scan_placeholders``: one ``"key" = ""`` per key, in order of
    first occurrence, each under a comment with its kind, occurrences, contexts and an example
    (``marks``: the template's marks, as ``Options.marks``; ``evidence``: why the placeholders
    of a key share it, as ``Scan.evidence``, said above an entry of several occurrences).

    ``values`` fills entries in (a selector that is no entry, such as ``"#7"``, is written
    right after the entry of its placeholder); ``notes`` adds a comment line above a
    selector's line. The form parses with ``tomllib``; an entry left as ``""`` is reported
    missing by fill.

    >>> from xxfill.core.model import Kind, Placeholder
    >>> p = Placeholder(1, "XX", Kind.COUNT, "XX次会议", "text", 2, 4, "召开", "次会议", "")
    >>> make_form([p], source="t.txt").splitlines()[-3:]
    ['# count · #1 · 召开XX次会议', '# e.g. 12', '"XX次会议" = ""']
    """
    entries = form_entries(scan_placeholders, marks=marks)
    n, k = len(scan_placeholders), len(entries)
    lines = [
        _HEADER.format(
            source=_comment(source),
            n_placeholders=n,
            s1="" if n == 1 else "s",
            n_keys=k,
            s2="" if k == 1 else "s",
        ).rstrip("\n")
    ]
    if not scan_placeholders:
        lines.append("# (no placeholders found: nothing to fill)")
    given = dict(values or {})
    extra = _extra_selectors(given, entries)
    for entry in entries:
        lines.append("")
        lines += _entry_comment(entry, marks, evidence)
        lines += _entry_lines(entry.selector, given.get(entry.selector, ""), notes)
        for sel in extra.get(entry.selector, ()):
            lines += _entry_lines(sel, given[sel], notes)
    return "\n".join(lines) + "\n"


def _extra_selectors(
    given: Mapping[str, object], entries: Sequence[FormEntry]
) -> dict[str, list[str]]:
    """The given selectors that are no entry (``#N``), under the entry holding placeholder N
    (the last entry for any other)."""
    owner = {p.index: e.selector for e in entries for p in e.placeholders}
    names = {e.selector for e in entries}
    out: dict[str, list[str]] = {}
    for sel in given:
        if sel in names:
            continue
        m = regex.fullmatch(r"#([0-9]+)", sel)
        home = owner.get(int(m.group(1))) if m else None
        if home is None and entries:
            home = entries[-1].selector
        if home is not None:
            out.setdefault(home, []).append(sel)
    return out


def _entry_lines(selector: str, value: object, notes: Mapping[str, str] | None) -> list[str]:
    out = []
    if notes and selector in notes:
        out.append(_comment(f"# {notes[selector]}"))
    out.append(f"{_toml_string(selector)} = {toml_value(value)}")
    return out


def _entry_comment(
    entry: FormEntry, marks: tuple[str, ...], evidence: Mapping[str, str] | None
) -> list[str]:
    """The comment lines above one entry: kind, occurrences, contexts, why one value, an
    example."""
    group = list(entry.placeholders)
    first = group[0]
    indices = ", ".join(f"#{p.index}" for p in group)
    contexts = list(dict.fromkeys(p.context for p in group))
    kinds = "/".join(dict.fromkeys(p.kind.value for p in group))
    if entry.shape != "key":  # one entry for a whole date (2023-12-05) or a split code
        shown = " / ".join(contexts[:_MAX_CONTEXTS])
        lines = [_comment(f"# {kinds} · {indices} · {shown}")]
        if entry.shape == "code":
            seps = " and ".join(repr(_gap(a, b)) for a, b in itertools.pairwise(group))
            lines.append(f"# e.g. {_code_example(group)} (one string, cut at {seps})")
        else:
            lines.append("# e.g. 2023-12-05 (a date fills every part)")
        return lines
    shown = " / ".join(contexts[:_MAX_CONTEXTS])
    if len(contexts) > _MAX_CONTEXTS:
        shown += f" / … {len(contexts) - _MAX_CONTEXTS} more"
    lines = [_comment(f"# {kinds} · {indices} · {shown}")]
    if len(group) > 1:
        why = (evidence or {}).get(first.key) or SAME_WORDS
        lines.append(
            f'# one value for all {len(group)}: {why} (add "#{group[-1].index}" = … to '
            "give one its own)"
        )
    doubtful = [p for p in group if p.doubtful]
    if doubtful:
        sure = min(p.confidence or 0.0 for p in doubtful)
        lines.append(
            f"# doubtful kind (rules like this are right {sure:.0%} of the time): check it"
        )
    lines.append(_comment(f"# e.g. {_example(first, marks)}"))
    return lines
