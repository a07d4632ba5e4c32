"""The ``xxfill`` command line: scan, form, fill (and lint, batch).

Exit codes: 0 success, 1 the values do not fit the template (every problem listed),
2 usage errors (a missing file, a broken values file, an unreadable template).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import regex

from xxfill import __version__
from xxfill.core.errors import ValidationError, XXFillError
from xxfill.core.model import Limits, Options
from xxfill.text.plain import display_pad as _pad
from xxfill.text.plain import display_width as _width

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _clip(s: str, width: int) -> str:
    out, w = "", 0
    for c in s:
        cw = _width(c)
        if w + cw > width - 1:
            return out + "…"
        out += c
        w += cw
    return out


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], max_width: int = 40) -> str:
    """A plain-text table that aligns CJK text (wide characters count as two columns)."""
    cells = [[_clip(str(c).replace("\n", "⏎"), max_width) for c in r] for r in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _options(args: argparse.Namespace) -> Options:
    kw: dict[str, Any] = {}
    if getattr(args, "marks", None):
        kw["marks"] = tuple(args.marks)
    if getattr(args, "pattern", None):
        for pattern in args.pattern:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise UsageError(
                    f"--pattern {pattern!r} is not a valid regular expression: {exc}"
                ) from None
        kw["patterns"] = tuple(args.pattern)
    if getattr(args, "rules", None):
        kw["rules"] = _rules_file(args.rules)
    if getattr(args, "missing", None):
        kw["missing"] = args.missing
    if getattr(args, "mark", None):
        kw["missing_mark"] = args.mark
    if getattr(args, "keep_artifacts", False):
        kw["keep_artifacts"] = True
    if getattr(args, "convert", False):
        kw["convert_doc"] = True
    if getattr(args, "limit", None):
        kw["limits"] = parse_limits(args.limit)
    return Options(**kw)


def _rules_file(path: str) -> Any:
    """The default rules with a --rules file appended, or a UsageError that says what is
    wrong with the file."""
    from xxfill.classify import Rules, TOMLDecodeError

    try:
        return Rules.default().merged_with_file(path)
    except OSError as exc:
        raise UsageError(f"--rules {path}: cannot read it: {exc.strerror or exc}") from None
    except TOMLDecodeError as exc:
        raise UsageError(f"--rules {path}: not valid TOML: {exc}") from None
    except (ValueError, TypeError) as exc:
        raise UsageError(
            f"--rules {path}: {exc} (a rules file holds lists of words such as "
            'measure_words = ["批次"], and a [blockers] table)'
        ) from None


_SIZE_SUFFIX = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def parse_limits(items: Sequence[str]) -> Limits:
    """``["max_total_bytes=2G", "max_members=20000"]`` → ``Limits`` (K/M/G are powers of 1024).

    >>> parse_limits(["max_text_bytes=128M"]).max_text_bytes
    134217728
    """
    names = {a.name for a in attrs.fields(Limits)}
    kw: dict[str, int] = {}
    for item in items:
        name, _, raw = item.partition("=")
        name, raw = name.strip(), raw.strip().upper().removesuffix("B")
        unit = raw[-1:] if raw[-1:] in ("K", "M", "G") else ""
        number = raw[: len(raw) - len(unit)]
        if name not in names or not number.isdigit():
            raise UsageError(
                f"--limit {item!r}: write NAME=NUMBER[K|M|G] with NAME one of "
                f"{', '.join(sorted(names))}"
            )
        kw[name] = int(number) * _SIZE_SUFFIX[unit]
    return Limits(**kw)


class UsageError(XXFillError, ValueError):
    """A command-line argument that cannot be used (exit code 2)."""


def _add_scan_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("placeholder options")
    g.add_argument(
        "--marks",
        metavar="CHARS",
        help="characters whose runs of two or more are placeholders (default: XＸ×)",
    )
    g.add_argument(
        "--pattern",
        action="append",
        metavar="REGEX",
        help="an extra regular expression whose matches are placeholders (repeatable)",
    )
    g.add_argument("--rules", metavar="TOML", help="extra classification rules (a TOML file)")
    g.add_argument(
        "--limit",
        action="append",
        metavar="NAME=SIZE",
        help="raise or lower a safety limit, e.g. max_total_bytes=2G, max_members=20000 "
        "(repeatable; names as in xxfill.Limits)",
    )
    g.add_argument(
        "--convert",
        action="store_true",
        help="convert .doc/.wps/.rtf/.odt to DOCX with LibreOffice (soffice) first",
    )


def _add_fill_options(p: argparse.ArgumentParser) -> None:
    """What to do with missing values and site markers (fill and batch)."""
    g = p.add_argument_group("fill options")
    g.add_argument(
        "--missing",
        choices=("error", "keep", "mark"),
        help="a placeholder without a value: error (default), keep it, or mark it",
    )
    g.add_argument("--mark", help="the text that marks a missing value (with --missing mark)")
    g.add_argument("--keep-artifacts", action="store_true", help="keep ##paidbegin##-style markers")


def _cmd_scan(args: argparse.Namespace) -> int:
    from xxfill.api import scan

    sc = scan(Path(args.file), _options(args))
    if args.json:
        print(json.dumps(sc.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    rows = [
        (f"#{p.index}", p.kind.value, p.literal, p.context, p.key)
        + ((p.part,) if sc.format != "text" else ())
        for p in sc.placeholders
    ]
    headers = ["index", "kind", "literal", "context", "key"] + (
        ["part"] if sc.format != "text" else []
    )
    print(table(rows, headers))
    print()
    kinds = ", ".join(f"{k.value} {n}" for k, n in sc.counts().items())
    print(
        f"{sc.source}: {len(sc.placeholders)} placeholders, {len(sc.groups())} keys to fill"
        + (f" ({kinds})" if kinds else "")
    )
    for a in sc.artifacts:
        print(f"artifact {a.literal} in {a.part} at {a.start}: removed on fill")
    return EXIT_OK


def _cmd_form(args: argparse.Namespace) -> int:
    from xxfill.api import scan
    from xxfill.mapping.form import make_form
    from xxfill.output.atomic import write_atomic

    sc = scan(Path(args.file), _options(args))
    form = make_form(sc.placeholders, source=sc.source)
    if args.output in (None, "-"):
        sys.stdout.write(form)
    else:
        write_atomic(args.output, form.encode("utf-8"), protect=Path(args.file))
        entries = sum(1 for line in form.splitlines() if line.startswith('"'))
        print(f"wrote {args.output}: {entries} entries to fill", file=sys.stderr)
    return EXIT_OK


def default_output(path: Path) -> Path:
    """``report.docx`` → ``report.filled.docx`` beside it."""
    return path.with_name(f"{path.stem}.filled{path.suffix}")


def _cmd_fill(args: argparse.Namespace) -> int:
    from xxfill.api import fill
    from xxfill.mapping.files import load_values

    values = load_values(args.values)
    src = Path(args.file)
    out = Path(args.output) if args.output else default_output(src)
    if args.in_place:
        out = src
    try:
        result = fill(src, values, _options(args), strict=not args.lenient)
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
    result.save(out, overwrite_input=args.in_place, encoding=args.encoding, newline=newline)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xxfill",
        description="Find, classify and fill XX placeholders in report templates (DOCX, text).",
    )
    parser.add_argument("--version", action="version", version=f"xxfill {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("scan", help="list every placeholder with its kind, context and key")
    p.add_argument("file", help="a template: .docx, .txt or .md")
    p.add_argument("--json", action="store_true", help="print the scan as JSON (stable schema)")
    _add_scan_options(p)
    p.set_defaults(func=_cmd_scan)

    p = sub.add_parser("form", help="write a TOML values skeleton to fill in an editor")
    p.add_argument("file", help="a template: .docx, .txt or .md")
    p.add_argument("-o", "--output", help="where to write the TOML (default: standard output)")
    _add_scan_options(p)
    p.set_defaults(func=_cmd_form)

    p = sub.add_parser("fill", help="fill a template from a values file (TOML or JSON)")
    p.add_argument("file", help="a template: .docx, .txt or .md")
    p.add_argument("values", help="values: a .toml or .json file (see 'xxfill form')")
    p.add_argument("-o", "--output", help="the filled file (default: NAME.filled.EXT beside it)")
    p.add_argument("--in-place", action="store_true", help="overwrite the template itself")
    _add_fill_options(p)
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
    _add_scan_options(p)
    p.set_defaults(func=_cmd_fill)

    from xxfill.cli import batch as _batch_cli
    from xxfill.cli import lint as _lint_cli

    _lint_cli.register(sub)
    _batch_cli.register(sub)
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
