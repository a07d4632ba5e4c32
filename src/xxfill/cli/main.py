"""The ``xxfill`` command line: scan, form, fill (and lint, batch).

Exit codes: 0 success, 1 the values do not fit the template (every problem listed),
2 usage errors (a missing file, a broken values file, an unreadable template).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from xxfill.cli import batch, fill, form, lint, scan
from xxfill.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from xxfill.core.errors import ValidationError, XXFillError
from xxfill.core.version import VERSION

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xxfill",
        description="Find, classify and fill XX placeholders in report templates (DOCX, text).",
    )
    parser.add_argument("--version", action="version", version=f"xxfill {VERSION}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for command in (scan, form, fill, lint, batch):
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except ValidationError as exc:
        print(f"xxfill: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except XXFillError as exc:
        print(f"xxfill: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
