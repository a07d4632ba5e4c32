"""What every sub-command shares: exit codes, the placeholder and fill options, --limit."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

import attrs
import regex

from xxfill.core.errors import XXFillError
from xxfill.core.model import DEFAULT_MARKS, Limits, Options

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "UsageError",
    "add_fill_options",
    "add_scan_options",
    "options_from",
    "parse_limits",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def options_from(args: argparse.Namespace) -> Options:
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
    if getattr(args, "copy_damaged", False):
        kw["copy_damaged"] = True
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
        if name not in names or not (number.isascii() and number.isdigit()):
            raise UsageError(
                f"--limit {item!r}: write NAME=NUMBER[K|M|G] with NAME one of "
                f"{', '.join(sorted(names))}"
            )
        kw[name] = int(number) * _SIZE_SUFFIX[unit]
    return Limits(**kw)


class UsageError(XXFillError, ValueError):
    """A command-line argument that cannot be used (exit code 2)."""


def add_scan_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("placeholder options")
    g.add_argument(
        "--marks",
        metavar="CHARS",
        help="characters whose runs of two or more are placeholders (default: "
        f"{''.join(DEFAULT_MARKS)})",
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
        help="raise or lower a safety limit, e.g. max_total_bytes=2G, max_members=20000, "
        "max_placeholders=100000 (repeatable; names as in xxfill.Limits)",
    )
    g.add_argument(
        "--convert",
        action="store_true",
        help="convert .doc/.wps/.rtf/.odt/.fodt to DOCX with LibreOffice (soffice) first",
    )


def add_fill_options(p: argparse.ArgumentParser) -> None:
    """What to do with missing values and site markers (fill and batch)."""
    g = p.add_argument_group("fill options")
    g.add_argument(
        "--missing",
        choices=("error", "keep", "mark"),
        help="a placeholder without a value: error (default), keep it, or mark it",
    )
    g.add_argument("--mark", help="the text that marks a missing value (with --missing mark)")
    g.add_argument("--keep-artifacts", action="store_true", help="keep ##paidbegin##-style markers")
    g.add_argument(
        "--copy-damaged",
        action="store_true",
        help="copy DOCX members that fail their CRC check as they are, instead of refusing "
        "the template",
    )
