"""Plain-text views for the terminal: columns measured by display width (CJK counts two)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["clip", "display_pad", "display_width", "table"]


def display_width(s: str) -> int:
    """Terminal columns ``s`` takes: wide and full-width characters take two.

    >>> display_width("召开XX次"), display_width("ab")
    (8, 2)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def display_pad(s: str, width: int) -> str:
    """``s`` padded with spaces to ``width`` terminal columns."""
    return s + " " * max(0, width - display_width(s))


def clip(s: str, width: int) -> str:
    """``s`` cut to ``width`` terminal columns, ending in ``…`` when cut.

    >>> clip("召开党委会XX次", 9)
    '召开党委…'
    """
    out, w = "", 0
    for c in s:
        cw = display_width(c)
        if w + cw > width - 1:
            return out + "…"
        out += c
        w += cw
    return out


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], max_width: int = 40) -> str:
    """A plain-text table that aligns CJK text (wide characters count as two columns)."""
    cells = [[clip(str(c).replace("\n", "⏎"), max_width) for c in r] for r in rows]
    widths = [
        max([display_width(h)] + [display_width(r[i]) for r in cells])
        for i, h in enumerate(headers)
    ]
    lines = ["  ".join(display_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(display_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells
    ]
    return "\n".join(lines)
