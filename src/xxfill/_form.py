"""A values form: a flat TOML skeleton, one commented ``key = ""`` line per key, to fill by hand."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

import regex

from ._model import Kind, Placeholder
from ._render import RenderError, date_slot, render

__all__ = ["make_form"]

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


def _example(p: Placeholder) -> str:
    """An example value of the right type for ``p``, with what it would become."""
    if p.kind is Kind.COUNT:
        return "12"
    if p.kind is Kind.ORDINAL:
        try:
            shown = render(20, p)
        except RenderError:  # pragma: no cover - 20 is always a valid ordinal
            shown = "20"
        return f"20 (written {shown})" if shown != "20" else "20"
    if p.kind is Kind.DATE:
        part = date_slot(p).part
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
            shown = render(value, p)
        except RenderError:
            shown = str(value)
        slot = date_slot(p)
        if slot.part == "year" and slot.prefix:
            # 20XX年 with 2023: the template's own 20 and the slot's 23 read 2023年
            return f"{value} (the line then reads {slot.prefix}{shown}年)"
        return f"{value} (written {shown})" if shown != str(value) else str(value)
    return '"…"'


def _groups(placeholders: Sequence[Placeholder]) -> list[list[Placeholder]]:
    order: dict[str, list[Placeholder]] = {}
    for p in sorted(placeholders, key=lambda p: p.index):
        order.setdefault(p.key, []).append(p)
    return list(order.values())


def make_form(scan_placeholders: Sequence[Placeholder], *, source: str) -> str:
    """A TOML values skeleton for ``scan_placeholders``: one ``"key" = ""`` per key, in order of
    first occurrence, each under a comment with its kind, occurrences, contexts and an example.

    The form parses with ``tomllib``; left as generated, every entry is reported missing by fill.

    >>> from xxfill._model import Kind, Placeholder
    >>> p = Placeholder(1, "XX", Kind.COUNT, "XX次会议", "text", 2, 4, "召开", "次会议", "")
    >>> make_form([p], source="t.txt").splitlines()[-3:]
    ['# count · #1 · 召开XX次会议', '# e.g. 12', '"XX次会议" = ""']
    """
    groups = _groups(scan_placeholders)
    n, k = len(scan_placeholders), len(groups)
    lines = [
        _HEADER.format(
            source=_comment(source),
            n_placeholders=n,
            s1="" if n == 1 else "s",
            n_keys=k,
            s2="" if k == 1 else "s",
        ).rstrip("\n")
    ]
    if not groups:
        lines.append("# (no placeholders found: nothing to fill)")
    for group in groups:
        first = group[0]
        indices = ", ".join(f"#{p.index}" for p in group)
        contexts = list(dict.fromkeys(p.context for p in group))
        shown = " / ".join(contexts[:_MAX_CONTEXTS])
        if len(contexts) > _MAX_CONTEXTS:
            shown += f" / … {len(contexts) - _MAX_CONTEXTS} more"
        kinds = list(dict.fromkeys(p.kind.value for p in group))
        lines.append("")
        lines.append(_comment(f"# {'/'.join(kinds)} · {indices} · {shown}"))
        lines.append(_comment(f"# e.g. {_example(first)}"))
        lines.append(f'{_toml_string(first.key)} = ""')
    return "\n".join(lines) + "\n"
