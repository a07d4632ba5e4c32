"""``xxfill form FILE``: a TOML values skeleton, one entry per key, to fill in an editor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from xxfill.cli.common import EXIT_OK, UsageError, add_scan_options, options_from

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``form`` to the ``xxfill`` command line."""
    p = subparsers.add_parser("form", help="write a TOML values skeleton to fill in an editor")
    p.add_argument("file", help="a template: .docx, .txt or .md")
    p.add_argument("-o", "--output", help="where to write the TOML (default: standard output)")
    add_scan_options(p)
    p.set_defaults(func=_cmd_form)


def _cmd_form(args: argparse.Namespace) -> int:
    from xxfill.api import scan
    from xxfill.mapping.form import make_form
    from xxfill.output.atomic import write_atomic

    sc = scan(Path(args.file), options_from(args))
    form = make_form(
        sc.placeholders, source=sc.source, marks=sc.options.marks, evidence=dict(sc.evidence)
    )
    if args.output == "":
        raise UsageError("-o/--output is empty: give a file name, or - for standard output")
    if args.output in (None, "-"):
        sys.stdout.write(form)
    else:
        write_atomic(args.output, form.encode("utf-8"), protect=Path(args.file))
        entries = sum(1 for line in form.splitlines() if line.startswith('"'))
        print(f"wrote {args.output}: {entries} entries to fill", file=sys.stderr)
    return EXIT_OK
