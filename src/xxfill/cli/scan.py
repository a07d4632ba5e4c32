"""``xxfill scan FILE``: every placeholder with its kind, context and key (or JSON)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from xxfill.cli.common import EXIT_OK, add_scan_options, options_from
from xxfill.display.terminal import table
from xxfill.mapping.form import count_entries

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``scan`` to the ``xxfill`` command line."""
    p = subparsers.add_parser("scan", help="list every placeholder with its kind, context and key")
    p.add_argument("file", help="a template: .docx, .txt or .md")
    p.add_argument("--json", action="store_true", help="print the scan as JSON (stable schema)")
    add_scan_options(p)
    p.set_defaults(func=_cmd_scan)


def _cmd_scan(args: argparse.Namespace) -> int:
    from xxfill.api import scan

    sc = scan(Path(args.file), options_from(args))
    if args.json:
        print(json.dumps(sc.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    rows = [
        (f"#{p.index}", p.kind.value + ("?" if p.doubtful else ""), p.literal, p.context, p.key)
        + ((p.part,) if sc.format != "text" else ())
        for p in sc.placeholders
    ]
    headers = ["index", "kind", "literal", "context", "key"] + (
        ["part"] if sc.format != "text" else []
    )
    print(table(rows, headers))
    print()
    kinds = ", ".join(f"{k.value} {n}" for k, n in sc.counts().items())
    groups = sc.groups()
    n, keys = len(sc.placeholders), len(groups)
    entries = count_entries(sc.placeholders, marks=sc.options.marks)
    form = (
        f"; the form asks {_plural(entries, 'entry', 'entries')} (a written date is one entry)"
        if entries != keys
        else ""
    )
    print(
        f"{sc.source}: {_plural(n, 'placeholder')}, {_plural(keys, 'key')} to fill"
        + (f" ({kinds})" if kinds else "")
        + form
    )
    shared = [g for g in groups if len(g) > 1]
    if shared:
        print("keys that take one value in several places, and why:")
        for g in shared:
            where = ", ".join(f"#{i}" for i in g.indices)
            print(f"  {g.key} ({where}): {g.evidence}")
    doubtful = sum(p.doubtful for p in sc.placeholders)
    if doubtful:
        print(
            f"{_plural(doubtful, 'kind')} marked ? decided on weak evidence: check them, and "
            "give a typed value or slot(..., kind=...) where they are wrong"
        )
    for a in sc.artifacts:
        print(f"artifact {a.literal} in {a.part} at {a.start}: removed on fill")
    return EXIT_OK


def _plural(n: int, one: str, many: str | None = None) -> str:
    """``1 key``, ``2 keys``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
