"""``xxfill batch TEMPLATE DATA -o DIR``: one document per data row (see ``_batch``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["register"]

from xxfill.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_fill_options,
    add_scan_options,
    options_from,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``batch`` command to the ``xxfill`` parser."""

    p = subparsers.add_parser(
        "batch",
        help="fill a template once per row of a CSV, JSON Lines or XLSX file",
        description=(
            "Fill TEMPLATE once per row of DATA and write one document per row into DIR. "
            "Column names are selectors (#N, keys, context fragments such as 党的XX大); empty "
            "cells are not given. Cells are checked by the kind of what they fill: numbers for "
            "counts and ordinals, dates for whole dates (CSV numbers and ISO dates are read as "
            "such; --verbatim inserts CSV cells as text); JSON Lines and XLSX keep their types. "
            "A row that fails "
            "never stops the others: it is listed in the error report. Exit code 1 when any "
            "row failed."
        ),
    )
    p.add_argument("template", help="the template: .docx, .txt or .md")
    p.add_argument("data", help="the rows: .csv (UTF-8 or GB18030), .jsonl, or .xlsx")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the output folder")
    p.add_argument(
        "--name",
        metavar="PATTERN",
        help=(
            "file name pattern with {column} and {row} fields, e.g. '{单位}-述职报告.docx' "
            "(default: {row:05d} plus the template's suffix); names are sanitised and made unique"
        ),
    )
    ex = p.add_mutually_exclusive_group()
    ex.add_argument(
        "--skip-existing", action="store_true", help="leave files that already exist alone"
    )
    ex.add_argument("--overwrite", action="store_true", help="replace files that already exist")
    p.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)"
    )
    p.add_argument(
        "--errors",
        metavar="FILE",
        help="the error report, .csv or .json (default: DIR/_errors.csv)",
    )
    p.add_argument("--sheet", help="the XLSX sheet to read (default: the first)")
    p.add_argument(
        "--verbatim",
        action="store_true",
        help="insert CSV cells as text, unchecked (default: read numbers and ISO dates as such "
        "and check each cell by the kind of placeholder it fills)",
    )
    p.add_argument(
        "--typed",
        action="store_true",
        help="deprecated: reading by kind is now the default (kept for one release)",
    )
    p.add_argument(
        "--lenient",
        action="store_true",
        help="ignore columns that match no placeholder instead of failing",
    )
    add_fill_options(p)
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also write a PDF beside each document, all converted in one LibreOffice run",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    add_scan_options(p)
    p.set_defaults(func=_cmd_batch)


def _cmd_batch(args: argparse.Namespace) -> int:
    from xxfill.batch.run import (
        Namer,
        Progress,
        read_table,
        run_batch,
        stderr_is_tty,
        unknown_columns,
    )
    from xxfill.filler.template import compile

    if args.jobs < 1:
        print("xxfill: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    template = compile(Path(args.template), options_from(args))
    if args.typed and args.verbatim:
        print("xxfill: error: --typed and --verbatim contradict each other", file=sys.stderr)
        return EXIT_USAGE
    table = read_table(args.data, sheet=args.sheet, typed=not args.verbatim)
    try:
        namer = Namer(args.name or "{row:05d}", template.suffix)
    except ValueError as exc:
        print(f"xxfill: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    unknown_name = [
        f for f in namer.fields if f != "row" and table.columns and f not in table.columns
    ]
    if unknown_name:
        fields = ", ".join("{" + f + "}" for f in unknown_name)
        cols = ", ".join(c for c in table.columns if c)
        print(
            f"xxfill: error: --name uses {fields}, but {args.data} has no such column "
            f"(columns: {cols})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if table.columns and not args.lenient:
        unknown = unknown_columns(template, table.columns, exempt=namer.fields)
        if unknown:
            print(
                f"xxfill: {args.data}: column(s) {', '.join(repr(c) for c in unknown)} match no "
                "placeholder of the template (check the spelling, or pass --lenient to ignore "
                "them); see 'xxfill scan' for the keys",
                file=sys.stderr,
            )
            for column in unknown:
                why = template.unmatched_reason(column)
                if why and "did you mean" in why:
                    print(f"  {column!r}: {why}", file=sys.stderr)
            return EXIT_PROBLEMS
    rows = list(table.rows)
    progress = Progress(len(rows), sys.stderr, enabled=not args.quiet and stderr_is_tty())
    existing = "skip" if args.skip_existing else "overwrite" if args.overwrite else "refuse"
    summary = run_batch(
        template,
        rows,
        args.output,
        name=args.name,
        existing=existing,
        jobs=args.jobs,
        columns=table.columns,
        lenient=args.lenient,
        errors_path=args.errors,
        progress=progress,
        protect=(args.data,),
        by_kind=not args.verbatim,
    )
    if not args.quiet:
        print(f"xxfill batch: {summary}", file=sys.stderr)
    if args.pdf and summary.written_files:
        _write_pdfs(summary.written_files, quiet=args.quiet)
    return EXIT_OK if summary.ok else EXIT_PROBLEMS


def _write_pdfs(files: Sequence[str], *, quiet: bool) -> None:
    """A PDF beside each written document, all converted in one LibreOffice run; the fonts
    the documents name that are missing are warned about once (they share one template)."""
    from xxfill.filler.result import fonts_missing_in
    from xxfill.output.atomic import write_atomic
    from xxfill.output.office import Office

    first = Path(files[0])
    for font in fonts_missing_in(first.read_bytes(), first.name):
        print(f"xxfill: warning: {font}", file=sys.stderr)
    with Office() as office:
        pdfs = office.convert_many([(Path(f).read_bytes(), f) for f in files], "pdf")
    for f, pdf in zip(files, pdfs, strict=True):
        write_atomic(Path(f).with_suffix(".pdf"), pdf)
    if not quiet:
        print(
            f"xxfill batch: {len(pdfs)} PDF file(s) written beside the documents", file=sys.stderr
        )
