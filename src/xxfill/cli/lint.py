"""The ``xxfill lint`` sub-command: findings as a table or JSON; ``--fix`` removes site residue."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]

from xxfill.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, add_scan_options, options_from


def register(subparsers: Any) -> None:
    """Add ``lint`` to the ``xxfill`` command line."""
    from xxfill.linter.rules import RULES

    codes = ", ".join(RULES)
    p = subparsers.add_parser(
        "lint",
        help="find site residue, broken numbering, emptied lists, unbalanced brackets...",
        description=(
            "Check a template for what a download site or a careless edit left behind. "
            "Exit status: 0 no error-severity findings, 1 there are some, 2 usage error. "
            f"Rule codes: {codes}."
        ),
    )
    p.add_argument("file", help="a template: .docx, .txt or .md")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument(
        "--fix",
        action="store_true",
        help="remove site markers, banner lines and page footers (nothing else) and write a copy",
    )
    p.add_argument(
        "-o",
        "--output",
        help="with --fix: where to write (default: NAME.fixed.EXT beside the template)",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODE",
        help="skip a rule by its code (repeatable)",
    )
    add_scan_options(p)
    p.set_defaults(func=_cmd_lint, _lint_parser=p)


def _cmd_lint(args: argparse.Namespace) -> int:
    from xxfill.linter.rules import RULES, Findings, fix, format_findings, lint

    parser: argparse.ArgumentParser = args._lint_parser
    unknown = [c for c in args.ignore if c not in RULES]
    if unknown:
        parser.print_usage(sys.stderr)
        print(
            f"xxfill lint: error: unknown rule code(s) {', '.join(unknown)}; "
            f"codes are: {', '.join(RULES)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.output and not args.fix:
        parser.print_usage(sys.stderr)
        print("xxfill lint: error: -o/--output is only used with --fix", file=sys.stderr)
        return EXIT_USAGE
    src = Path(args.file)
    options = options_from(args)
    written: str | None = None
    removed: Findings = Findings()
    if args.fix:
        out = Path(args.output) if args.output else src.with_name(f"{src.stem}.fixed{src.suffix}")
        fixed = fix(src, options)
        written = fixed.save(out)
        removed = fixed.removed
        findings = Findings(f for f in fixed.remaining() if f.code not in args.ignore)
    else:
        findings = lint(src, options, ignore=args.ignore)
    if args.json:
        doc: dict[str, object] = {
            "source": str(src),
            "findings": findings.to_list(),
            "counts": {s: sum(1 for f in findings if f.severity == s) for s in _SEVERITIES},
        }
        if args.fix:
            doc["fixed"] = removed.to_list()
            doc["output"] = written
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        if args.fix:
            print(f"removed {len(removed)} site artifact(s)/banner(s); wrote {written}")
            if findings:
                print("still to check by hand:")
        print(format_findings(findings))
    return EXIT_PROBLEMS if findings.errors else EXIT_OK


_SEVERITIES = ("error", "warning", "info")
