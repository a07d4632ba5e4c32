"""``xxfill fill FILE VALUES``: fill a template from a values file and print the report."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

from xxfill.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_fill_options,
    add_scan_options,
    options_from,
)
from xxfill.core.errors import ValidationError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``fill`` to the ``xxfill`` command line."""
    p = subparsers.add_parser("fill", help="fill a template from a values file (TOML or JSON)")
    p.add_argument("file", help="a template: .docx, .txt or .md")
    p.add_argument("values", help="values: a .toml or .json file (see 'xxfill form')")
    p.add_argument(
        "-o",
        "--output",
        help="the filled file (default: NAME.filled.EXT beside it); a .pdf name writes PDF "
        "through LibreOffice",
    )
    p.add_argument("--in-place", action="store_true", help="overwrite the template itself")
    add_fill_options(p)
    p.add_argument(
        "--lenient",
        action="store_true",
        help="report selectors that match nothing instead of failing",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--lint", action="store_true", help="check the filled document afterwards")
    p.add_argument(
        "--encoding", help="text output: write in this encoding (default: the template's)"
    )
    p.add_argument(
        "--newline",
        choices=("lf", "crlf"),
        help="text output: line endings (default: the template's)",
    )
    add_scan_options(p)
    p.set_defaults(func=_cmd_fill)


def default_output(path: Path) -> Path:
    """``report.docx`` → ``report.filled.docx`` beside it."""
    return path.with_name(f"{path.stem}.filled{path.suffix}")


def _cmd_fill(args: argparse.Namespace) -> int:
    from xxfill.api import fill
    from xxfill.mapping.files import load_values

    values = load_values(args.values)
    src = Path(args.file)
    if args.output == "":
        raise UsageError("-o/--output is empty: give a file name, or leave -o out for the default")
    out = Path(args.output) if args.output else default_output(src)
    if args.in_place:
        out = src
    try:
        result = fill(src, values, options_from(args), strict=not args.lenient)
        # --lenient forgives selectors that match nothing, not values that do not fit
        serious = [p for p in result.report.problems if p.code != "unknown-selector"]
        if serious:
            raise ValidationError(serious, source=result.scan.source)
    except ValidationError as exc:
        if args.json:  # a script asked for JSON: it gets JSON on failure too
            problems = [p.to_dict() for p in exc.problems]
            failed = {"ok": False, "source": exc.source, "problems": problems}
            print(json.dumps(failed, ensure_ascii=False, indent=2))
        raise
    newline = {"lf": "\n", "crlf": "\r\n", None: None}[args.newline]
    with warnings.catch_warnings(record=True) as caught:  # missing fonts for a PDF
        warnings.simplefilter("always")
        result.save(out, overwrite_input=args.in_place, encoding=args.encoding, newline=newline)
    for w in caught:
        print(f"xxfill: warning: {w.message}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.report)
        print(f"wrote {out}")
    if getattr(args, "lint", False):
        findings = result.lint()
        from xxfill.linter.rules import format_findings

        stream = sys.stderr if args.json else sys.stdout  # never mixed into the JSON
        print(format_findings(findings) if findings else "lint: no findings", file=stream)
        if any(f.severity == "error" for f in findings):
            return EXIT_PROBLEMS  # written, but the filled document has errors (placeholders left)
    return EXIT_OK
