"""Batch generation: one document per row of a table (CSV, JSON Lines, XLSX).

Reading: ``read_table`` turns a data file into ``Row``s (columns are selectors; empty cells are
not given). Naming: ``Namer`` formats ``--name`` patterns with column values and ``{row}``,
sanitises the result to one safe file name inside the output folder and resolves collisions
deterministically (`` (2)``, `` (3)`` in row order). Running: ``run_batch`` renders every row
with a compiled ``Template`` (in worker processes with ``jobs > 1``), writes each document
atomically, and never lets one bad row stop the others; every failure lands in the error report.

Cell values: CSV cells are strings and a string is inserted verbatim (``"12"`` fills a count as
``12``, ``"二十"`` an ordinal as 二十); ``typed=True`` turns integer, decimal and ISO-date
strings into numbers and dates first so that typed rendering applies (``20`` in ``党的XX大``
becomes 二十). JSON Lines and XLSX cells keep their types (Excel's whole-number floats become
ints; dates at midnight become dates).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import pickle
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from xxfill.core.errors import OutputError, Problem, ValidationError, ValuesError, XXFillError
from xxfill.core.model import DEFAULT_LIMITS, Kind
from xxfill.output.atomic import write_atomic

__all__ = [
    "BatchSummary",
    "Namer",
    "Outcome",
    "Row",
    "read_table",
    "run_batch",
    "sanitize_name",
    "write_error_report",
]

# ------------------------------------------------------------------------------------------
# Reading data
# ------------------------------------------------------------------------------------------


@attrs.frozen
class Row:
    """One data row: ``number`` counts data rows from 1 (blank rows are skipped, the header is
    not counted); ``line`` is where it is in the file (CSV/JSONL line, XLSX sheet row);
    ``values`` the non-empty cells; ``problem`` says why the row could not be read at all."""

    number: int
    line: int | None
    values: dict[str, Any]
    problem: str | None = None


@attrs.frozen
class Table:
    """A data file opened for reading: its ``columns`` (empty for JSON Lines until read) and
    ``rows`` (an iterator, read lazily)."""

    path: str
    format: str
    columns: tuple[str, ...]
    rows: Iterator[Row] = attrs.field(eq=False)


_INT_RE = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")
_DEC_RE = re.compile(r"[+-]?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def typed_cell(text: str) -> Any:
    """A CSV cell as a number or date when it plainly is one (``--typed``), else the string.

    Leading zeros (``007``) and anything else stay text.

    >>> typed_cell("12"), typed_cell("4.50"), typed_cell("2024-03-01"), typed_cell("007")
    (12, Decimal('4.50'), datetime.date(2024, 3, 1), '007')
    """
    s = text.strip()
    if _INT_RE.fullmatch(s):
        try:
            return int(s)
        except ValueError:  # past Python's integer-digit limit: not a number to fill with
            return text
    if _DEC_RE.fullmatch(s):
        return Decimal(s)
    if _DATE_RE.fullmatch(s):
        try:
            return _dt.date.fromisoformat(s)
        except ValueError:
            return text
    return text


def _excel_value(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.date() if value.time() == _dt.time(0) else value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _check_columns(columns: list[str], path: str) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    for i, c in enumerate(columns, start=1):
        if not c:
            continue
        if c in seen:
            raise ValuesError(f"column {c!r} appears twice (columns {seen[c]} and {i})", file=path)
        seen[c] = i
    if not seen:
        raise ValuesError("the first row has no column names", file=path)
    return tuple(columns)


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: str, data: bytes, typed: bool) -> Table:
    from xxfill.text.plain import decode_text

    try:
        text, _enc, _bom = decode_text(data, name=path)
    except XXFillError as exc:
        raise ValuesError(str(exc).split(": ", 1)[-1], file=path) from None
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first), strict=True
    )
    try:
        header = next(reader)
    except StopIteration:
        raise ValuesError("the file is empty: no header row", file=path) from None
    except csv.Error as exc:
        raise ValuesError(f"cannot read the header: {exc}", file=path) from None
    columns = _check_columns([h.strip() for h in header], path)

    def rows() -> Iterator[Row]:
        number = 0
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                yield Row(number, line, {}, f"line {line} is not valid CSV: {exc}")
                continue
            if not any(c.strip() for c in cells):
                continue
            number += 1
            values: dict[str, Any] = {}
            extra = cells[len(columns) :]
            for col, cell in zip(columns, cells, strict=False):
                if col and cell != "":
                    values[col] = typed_cell(cell) if typed else cell
            problem = None
            if any(c.strip() for c in extra):
                problem = (
                    f"line {line} has {len(cells)} cells but the header names {len(columns)} "
                    "columns"
                )
            yield Row(number, line, values, problem)

    return Table(path, "csv", columns, rows())


def _read_jsonl(path: str, data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValuesError("is not UTF-8 (JSON Lines must be UTF-8)", file=path, line=line) from None

    def rows() -> Iterator[Row]:
        number = 0
        # JSON Lines are separated by \n (and \r\n); splitlines() would also cut at U+2028,
        # \x1c and friends, which JSON strings may hold as they are
        for line_no, line in enumerate(text.split("\n"), start=1):
            line = line.removesuffix("\r")
            if not line.strip():
                continue
            number += 1
            try:
                obj = json.loads(line, parse_float=Decimal)
            except json.JSONDecodeError as exc:
                yield Row(number, line_no, {}, f"line {line_no} is not valid JSON: {exc.msg}")
                continue
            except ValueError as exc:  # a number past Python's integer-digit limit
                yield Row(number, line_no, {}, f"line {line_no} cannot be read: {exc}")
                continue
            except RecursionError:
                why = f"line {line_no} nests arrays or objects too deeply to be a row"
                yield Row(number, line_no, {}, why)
                continue
            if not isinstance(obj, dict):
                yield Row(
                    number,
                    line_no,
                    {},
                    f"line {line_no} is a JSON {type(obj).__name__}, not an object",
                )
                continue
            values = {str(k): v for k, v in obj.items() if v is not None and v != ""}
            yield Row(number, line_no, values)

    return Table(path, "jsonl", (), rows())


def _read_xlsx(path: str, data: bytes, sheet: str | None) -> Table:
    try:
        import openpyxl
    except ModuleNotFoundError:
        raise ValuesError(
            "reading .xlsx needs openpyxl: pip install 'xxfill[excel]' (or save the sheet as CSV)",
            file=path,
        ) from None
    _refuse_unsafe_xlsx(path, data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ValuesError(f"cannot open the workbook: {exc}", file=path) from None
    if not wb.worksheets:
        raise ValuesError("the workbook has no sheet (is it damaged?)", file=path)
    try:
        return _xlsx_table(path, data, wb, sheet, openpyxl)
    except XXFillError:
        raise
    except Exception as exc:  # a sheet whose XML is cut short or malformed, read lazily
        raise ValuesError(
            f"the sheet cannot be read (damaged workbook: {exc})", file=path
        ) from None


def _refuse_unsafe_xlsx(path: str, data: bytes) -> None:
    """XLSX parts get the rules DOCX parts get: bounded reading, and no DTD or entity."""
    from xxfill.docx.package import ZipPackage

    try:
        package = ZipPackage(data, source=path, limits=DEFAULT_LIMITS)
        for member in package.names():
            if member.endswith((".xml", ".rels")):
                head = package.read(member)
                if b"<!DOCTYPE" in head[:4096].upper() or b"<!ENTITY" in head:
                    raise ValuesError(
                        f"part {member} declares a DOCTYPE or entities; xxfill refuses DTDs "
                        "(re-save the workbook in Excel or LibreOffice)",
                        file=path,
                    )
    except ValuesError:
        raise
    except XXFillError as exc:
        raise ValuesError(f"cannot open the workbook: {exc}", file=path) from None


def _xlsx_table(path: str, data: bytes, wb: Any, sheet: str | None, openpyxl: Any) -> Table:
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise ValuesError(f"no sheet {sheet!r}; sheets are {wb.sheetnames}", file=path)
        ws = wb[sheet]
    else:
        ws = wb.worksheets[0]
    # The same sheet with formulas, to tell an empty cell from a formula whose value was never
    # saved (a workbook written by a program, not by Excel): that one must not pass as empty.
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    fws = formulas[ws.title]
    fit = fws.iter_rows(values_only=True)
    it = ws.iter_rows(values_only=True)
    header: list[str] | None = None
    header_line = 0
    for header_line, cells in enumerate(it, start=1):  # noqa: B007
        next(fit, None)
        if any(c not in (None, "") for c in cells):
            header = ["" if c is None else str(c).strip() for c in cells]
            break
    if header is None:
        raise ValuesError("the sheet is empty: no header row", file=path)
    columns = _check_columns(header, path)

    def rows() -> Iterator[Row]:
        number = 0
        for line, cells in enumerate(it, start=header_line + 1):
            raw = next(fit, ()) or ()
            unsaved = [
                (col, f)
                for col, c, f in zip(columns, cells, raw, strict=False)
                if col and c is None and isinstance(f, str) and f.startswith("=")
            ]
            if not any(c not in (None, "") for c in cells) and not unsaved:
                continue
            number += 1
            values = {
                col: _excel_value(c)
                for col, c in zip(columns, cells, strict=False)
                if col and c is not None and c != ""
            }
            if unsaved:
                col, f = unsaved[0]
                why = (
                    f"column {col!r} holds a formula ({f[:40]}) whose value was never saved: "
                    "open the workbook in Excel or LibreOffice and save it, or write the value"
                )
                yield Row(number, line, values, problem=why)
                continue
            yield Row(number, line, values)
        wb.close()
        formulas.close()

    def safe_rows() -> Iterator[Row]:
        try:
            yield from rows()
        except Exception as exc:  # the sheet's XML ends or breaks part-way (read lazily)
            raise ValuesError(
                f"the sheet cannot be read past this point (damaged workbook: {exc})", file=path
            ) from None

    return Table(path, "xlsx", columns, safe_rows())


def read_table(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    sheet: str | None = None,
    typed: bool = False,
) -> Table:
    """Open a data file: ``.csv`` (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16 with BOM; comma,
    tab or semicolon), ``.jsonl``/``.ndjson``, or ``.xlsx`` (needs ``xxfill[excel]``).

    Raises ``ValuesError`` when the file as a whole cannot be read; a single bad row becomes a
    ``Row`` with a ``problem`` instead.
    """
    p = Path(path)
    fmt = (format or p.suffix.lower().lstrip(".")).lower()
    fmt = {"ndjson": "jsonl", "tsv": "csv", "txt": "csv", "xlsm": "xlsx"}.get(fmt, fmt)
    if fmt not in ("csv", "jsonl", "xlsx"):
        raise ValuesError(
            f"unsupported data file type {p.suffix or '(no suffix)'!r}: use .csv, .jsonl or .xlsx",
            file=str(p),
        )
    from xxfill.mapping.files import read_file

    data = read_file(p, "a data file")
    if fmt == "csv":
        return _read_csv(str(p), data, typed)
    if fmt == "jsonl":
        return _read_jsonl(str(p), data)
    return _read_xlsx(str(p), data, sheet)


# ------------------------------------------------------------------------------------------
# Naming
# ------------------------------------------------------------------------------------------

_FIELD_RE = re.compile(r"\{\{|\}\}|\{([^{}!:]*)(?:![rsa])?(?::([^{}]*))?\}|[{}]")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{i}" for i in "123456789¹²³"]
    + [f"LPT{i}" for i in "123456789¹²³"]
)
#: File names are cut to this many UTF-8 bytes (most file systems allow 255).
MAX_NAME_BYTES = 240


#: Bidirectional controls and other invisible format characters: dropped from file names.
_BIDI = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def sanitize_name(name: str, suffix: str) -> str:
    """``name`` as one safe file name ending in ``suffix``.

    Bidirectional controls (U+202E, which would show ``gpj.exe`` as ``exe.jpg``) and zero-width
    characters are dropped; path separators, ``..``, control characters and characters Windows
    forbids become ``_``;
    leading and trailing dots and spaces go; Windows device names (``CON``, ``NUL``, ``COM1``…)
    get a ``_`` in front; names are cut to ``MAX_NAME_BYTES`` bytes, keeping the suffix.

    >>> sanitize_name("../etc/passwd", ".docx")
    '__etc_passwd.docx'
    >>> sanitize_name("CON", ".txt"), sanitize_name("一处/二科: 报告", ".docx")
    ('_CON.txt', '一处_二科_ 报告.docx')
    """
    name = unicodedata.normalize("NFC", name)
    name = _BIDI.sub("", name)  # U+202E and friends would show the name reversed (spoofing)
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\.{2,}", "_", name)
    if suffix and name.lower().endswith(suffix.lower()):
        name = name[: -len(suffix)]
    name = name.strip(" .")
    if not name:
        name = "_"
    if name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    if len(name.encode("utf-8")) > budget:
        name = name.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(" .") or "_"
    return name + suffix


class FileNameError(XXFillError, ValueError):
    """A row's file name cannot be made from ``--name`` (a field is empty or its format spec
    does not fit the value): that row fails with code ``name``."""


def _name_text(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class Namer:
    """Makes each row's output file name from a pattern such as ``"{单位}-述职报告.docx"``.

    Fields are column names or ``row`` (the row number; ``{row:04d}`` pads it). Any text is a
    column name, including dots and brackets; ``{{`` and ``}}`` are literal braces. Names are
    sanitised (``sanitize_name``) and made unique case-insensitively in the order rows are named:
    the second ``一处.docx`` becomes ``一处 (2).docx``.

    >>> n = Namer("{单位}-报告", ".docx")
    >>> n.name(1, {"单位": "一处"}), n.name(2, {"单位": "一处"}), n.name(3, {"单位": "一/处"})
    ('一处-报告.docx', '一处-报告 (2).docx', '一_处-报告.docx')
    """

    def __init__(self, pattern: str, suffix: str, *, reserved: Iterable[str] = ()) -> None:
        self.pattern = pattern
        self.suffix = suffix
        self.fields: list[str] = []
        pos = 0
        for m in _FIELD_RE.finditer(pattern):
            tok = m.group(0)
            if tok in ("{", "}"):
                raise ValueError(
                    f"--name {pattern!r}: unmatched {tok!r} at {m.start()} (write {tok * 2} "
                    "for a literal brace)"
                )
            if tok not in ("{{", "}}"):
                field = m.group(1).strip()
                if not field:
                    raise ValueError(f"--name {pattern!r}: empty field {{}} at {m.start()}")
                spec = m.group(2) or ""
                wide = [d for d in re.findall(r"[0-9]+", spec) if len(d) > 3 or int(d) > 255]
                if wide:
                    # {row:>1000000000} would build a gigabyte per row to cut it to 240 bytes.
                    raise ValueError(
                        f"--name {pattern!r}: the width or precision {wide[0][:20]} in "
                        f"{{{field}:{spec[:40]}}} is more than a file name can hold (255)"
                    )
                self.fields.append(field)
            pos = m.end()
        del pos
        self._taken: set[str] = {r.casefold() for r in reserved}

    def format(self, number: int, values: Mapping[str, Any]) -> str:
        """The unsanitised name; raises ``FileNameError`` when a field has no value."""

        def sub(m: re.Match[str]) -> str:
            tok = m.group(0)
            if tok == "{{":
                return "{"
            if tok == "}}":
                return "}"
            field = m.group(1).strip()
            spec = m.group(2) or ""
            if field == "row" and "row" not in values:
                value: Any = number
            elif field in values and not (
                isinstance(values[field], str) and not values[field].strip()
            ):
                value = _name_text(values[field])
            else:  # missing, or only spaces (which would name the file "_")
                raise FileNameError(f"the file name uses {{{field}}}, which is empty in this row")
            try:
                return format(value, spec)
            except (ValueError, TypeError) as exc:
                raise FileNameError(f"the file name field {{{field}:{spec}}}: {exc}") from None

        return _FIELD_RE.sub(sub, self.pattern)

    def name(self, number: int, values: Mapping[str, Any]) -> str:
        """A sanitised, unique file name for row ``number``."""
        base = sanitize_name(self.format(number, values), self.suffix)
        candidate = base
        stem = base[: len(base) - len(self.suffix)] if self.suffix else base
        n = 1
        while candidate.casefold() in self._taken:
            n += 1
            candidate = f"{stem} ({n}){self.suffix}"
        self._taken.add(candidate.casefold())
        return candidate


# ------------------------------------------------------------------------------------------
# Outcomes and the error report
# ------------------------------------------------------------------------------------------

Status = Literal["written", "skipped", "failed"]


@attrs.frozen
class Outcome:
    """What happened to one row."""

    row: int
    line: int | None
    name: str | None
    status: Status
    problems: tuple[Problem, ...] = ()
    values: dict[str, Any] = attrs.field(factory=dict, eq=False)


@attrs.frozen
class BatchSummary:
    """Counts, timing and where the documents and the error report went."""

    total: int
    written: int
    skipped: int
    failed: int
    seconds: float
    out_dir: str
    errors_path: str | None
    failures: tuple[Outcome, ...] = attrs.field(eq=False, repr=False)
    ignored_columns: tuple[str, ...] = ()
    #: the files written, in row order
    written_files: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    @property
    def rate(self) -> float:
        """Rows finished (written, skipped or failed) per second: the speed the progress bar
        shows, measured over the same time."""
        done = self.written + self.skipped + self.failed
        return done / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        text = (
            f"{self.written} written, {self.skipped} skipped, {self.failed} failed of "
            f"{self.total} rows in {self.seconds:.1f} s ({self.rate:.0f} rows/s) → {self.out_dir}"
        )
        if self.ignored_columns:
            text += f"\nignored columns (no placeholder): {', '.join(self.ignored_columns)}"
        if self.errors_path and self.failed:
            text += f"\nerror report: {self.errors_path}"
        return text


def _problem_text(p: Problem) -> str:
    return str(p)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def write_error_report(
    path: str | os.PathLike[str], failures: Iterable[Outcome], columns: Iterable[str] = ()
) -> Path:
    """Write the failed rows to ``path`` atomically: JSON when it ends in ``.json``, else CSV
    (UTF-8 with BOM, so Excel shows Chinese). One entry per row: its number, line, the file name
    it would have had, every problem, and the row's values."""
    failures = sorted(failures, key=lambda o: o.row)
    p = Path(path)
    if p.suffix.lower() == ".json":
        doc = [
            {
                "row": o.row,
                "line": o.line,
                "name": o.name,
                "problems": [pr.to_dict() for pr in o.problems],
                "values": _jsonable(o.values),
            }
            for o in failures
        ]
        # a lone surrogate from the data ("\\ud800") is written escaped, never an exception
        data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode(
            "utf-8", "backslashreplace"
        )
        return write_atomic(p, data)
    cols = list(dict.fromkeys([c for c in columns if c]))
    for o in failures:
        for k in o.values:
            if k not in cols:
                cols.append(k)
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(["row", "line", "name", "problems", *cols])
    for o in failures:
        w.writerow(
            [
                o.row,
                "" if o.line is None else o.line,
                o.name or "",
                "\n".join(_problem_text(pr) for pr in o.problems),
                *("" if o.values.get(c) is None else _jsonable(o.values.get(c)) for c in cols),
            ]
        )
    return write_atomic(p, buf.getvalue().encode("utf-8-sig", "backslashreplace"))


# ------------------------------------------------------------------------------------------
# Progress
# ------------------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal (nothing when ``enabled`` is false)."""

    def __init__(self, total: int | None, stream: IO[str], enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.start = time.monotonic()
        self._last = 0.0
        self._shown = False

    def update(self, done: int, failed: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        width = shutil.get_terminal_size((80, 20)).columns
        tail = f" {done}" + (f"/{self.total}" if self.total else "") + f"  {rate:.0f} rows/s"
        if failed:
            tail += f"  {failed} failed"
        if self.total and rate > 0 and done < self.total:
            eta = (self.total - done) / rate
            tail += f"  ETA {int(eta // 60):d}:{int(eta % 60):02d}"
        bar_width = max(10, min(40, width - len(tail) - 4))
        if self.total:
            filled = int(bar_width * min(done, self.total) / self.total)
            bar = "[" + "#" * filled + "." * (bar_width - filled) + "]"
        else:
            bar = ""
        self.stream.write("\r" + (bar + tail)[: width - 1])
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\n")
            self.stream.flush()


# ------------------------------------------------------------------------------------------
# Running
# ------------------------------------------------------------------------------------------

_WORKER_TEMPLATE: Any = None


def _init_worker(blob: bytes) -> None:
    global _WORKER_TEMPLATE
    _WORKER_TEMPLATE = pickle.loads(blob)


def _problems_of(exc: BaseException) -> tuple[Problem, ...]:
    if isinstance(exc, ValidationError):
        return tuple(exc.problems)
    if isinstance(exc, XXFillError):
        return (Problem("error", str(exc)),)
    return (Problem("internal-error", f"{type(exc).__name__}: {exc}"),)


def render_to_file(template: Any, values: Mapping[str, Any], target: str) -> tuple[Problem, ...]:
    """Render ``values`` and write the document to ``target`` atomically; the problems, or
    ``()`` on success. Never raises for a bad row."""
    try:
        result = template.render(values)
        write_atomic(target, result.to_bytes())
    except Exception as exc:
        return _problems_of(exc)
    return ()


def _work_chunk(
    jobs: list[tuple[int, dict[str, Any], str]],
) -> list[tuple[int, tuple[Problem, ...]]]:
    return [(n, render_to_file(_WORKER_TEMPLATE, values, target)) for n, values, target in jobs]


Existing = Literal["refuse", "skip", "overwrite"]


#: Kinds whose cells must be numbers when checked by kind.
_NUMBER_KINDS = frozenset({Kind.COUNT, Kind.ORDINAL})
#: A cell written in Chinese numerals (二十, 十四): a number for an ordinal or a count.
_CHINESE_NUMERAL = re.compile(r"[〇零一二三四五六七八九十百千万两]+")


@attrs.frozen
class RowPlan:
    """What to do with one readable row: its selector values and the file to write."""

    number: int
    line: int | None
    name: str
    target: Path
    values: dict[str, Any] = attrs.field(eq=False)
    raw: dict[str, Any] = attrs.field(eq=False)


@attrs.frozen(eq=False)
class BatchPlanner:
    """Decides, row by row and without writing anything, what each row becomes: a ``RowPlan``,
    or an ``Outcome`` (skipped, or failed with the problem) when it cannot be rendered."""

    out: Path
    out_resolved: Path
    inputs: frozenset[Path]
    namer: Namer
    matches: Any
    existing: Existing
    lenient: bool
    name_fields: frozenset[str]
    #: the compiled template, for checking cells by kind (``None``: cells go in verbatim)
    checker: Any = None
    ignored: dict[str, None] = attrs.field(factory=dict)

    def plan(self, row: Row) -> RowPlan | Outcome:
        """The plan for ``row``, or why it has none."""
        if row.problem:
            return self._failed(row, None, "unreadable-row", row.problem)
        try:
            fname = self.namer.name(row.number, row.values)
        except FileNameError as exc:
            return self._failed(row, None, "name", str(exc))
        target = self.out / fname
        if target.resolve().parent != self.out_resolved:  # pragma: no cover - sanitised names
            return self._failed(row, fname, "name", f"{fname!r} would leave {self.out}")
        if target.resolve() in self.inputs:
            why = f"{target} is an input (the template or the data file): choose another --name"
            return self._failed(row, fname, "name", why)
        if target.exists():
            if self.existing == "skip":
                return Outcome(row.number, row.line, fname, "skipped", (), row.values)
            if self.existing != "overwrite":
                why = f"{target} exists: pass --skip-existing or --overwrite"
                return self._failed(row, fname, "exists", why)
        values = self._values(row)
        problems = self._by_kind(row, values)
        if problems:
            return Outcome(row.number, row.line, fname, "failed", problems, row.values)
        return RowPlan(row.number, row.line, fname, target, values, row.values)

    def _values(self, row: Row) -> dict[str, Any]:
        """The row's selector values: columns used only in the file name are not selectors,
        and with ``lenient`` columns that select nothing are dropped (and remembered)."""
        name_fields = self.name_fields
        values: dict[str, Any] = {}
        for k, v in row.values.items():
            if (k in name_fields or self.lenient) and not self.matches(k):
                if self.lenient and k not in name_fields:
                    self.ignored[k] = None
                continue
            values[k] = v
        return values

    def _by_kind(self, row: Row, values: dict[str, Any]) -> tuple[Problem, ...]:
        """Checked by kind: a text cell for a column that fills only counts or ordinals is read
        as a number (``12``, ``4.5``; ``二十`` stays a numeral); ``-40`` then fails as a
        negative count and ``abc`` as not a number, instead of being written."""
        if self.checker is None:
            return ()
        problems = []
        for column, value in values.items():
            if not isinstance(value, str):
                continue
            kinds = self.checker.kinds_of(column)
            if not kinds or not kinds <= _NUMBER_KINDS or _CHINESE_NUMERAL.fullmatch(value.strip()):
                continue
            number = typed_cell(value)
            if isinstance(number, (int, Decimal)):
                values[column] = number
                continue
            what = " and ".join(sorted(k.value for k in kinds))
            problems.append(
                Problem(
                    "type-mismatch",
                    f"column {column!r} fills a {what}, and {value!r} is not a number: "
                    "correct the cell (or pass --verbatim to insert cells as text)",
                    selector=column,
                    line=row.line,
                )
            )
        return tuple(problems) + self._other_problems(values, problems) if problems else ()

    def _other_problems(
        self, values: dict[str, Any], bad: Sequence[Problem]
    ) -> tuple[Problem, ...]:
        """Every other problem of a row that fails by kind (validation lists them all): the
        row's other values checked in memory, nothing written."""
        columns = {p.selector for p in bad}
        spared = set().union(*(self.checker.indices_of(c) for c in columns if c is not None))
        rest = {k: v for k, v in values.items() if k not in columns}
        report = self.checker.render(rest, strict=False).report
        return tuple(p for p in report.problems if p.index is None or p.index not in spared)

    @staticmethod
    def _failed(row: Row, fname: str | None, code: str, text: str) -> Outcome:
        problem = Problem(code, text, line=row.line)
        return Outcome(row.number, row.line, fname, "failed", (problem,), row.values)


class _Tally:
    """Counts and failures as rows finish, and the progress bar that shows them."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.counts = {"written": 0, "skipped": 0, "failed": 0, "total": 0}
        self.failures: list[Outcome] = []
        self.written: list[tuple[int, str]] = []

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "failed":
            self.failures.append(outcome)
        elif outcome.status == "written" and outcome.name is not None:
            self.written.append((outcome.row, outcome.name))
        self.counts[outcome.status] += 1

    def tick(self, *, force: bool = False) -> None:
        if self.progress:
            done = self.counts["written"] + self.counts["skipped"] + self.counts["failed"]
            self.progress.update(done, self.counts["failed"], force=force)


def _protected_inputs(template: Any, protect: Iterable[str | os.PathLike[str]]) -> set[Path]:
    inputs = {Path(p).resolve() for p in protect}
    template_path = template.scan.handle.path
    if template_path is not None:
        inputs.add(Path(template_path).resolve())
    return inputs


def _make_planner(
    template: Any,
    out: Path,
    report: Path,
    inputs: set[Path],
    name: str | None,
    existing: Existing,
    lenient: bool,
    by_kind: bool = True,
) -> BatchPlanner:
    """Create the output folder and the per-row planner; refuse an error report over an input."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from exc
    out_resolved = out.resolve()
    if report.resolve() in inputs:
        raise OutputError(
            f"{report}: the error report would overwrite an input (the template or the data "
            "file); choose another --errors path"
        )
    reserved = [report.name] if report.resolve().parent == out_resolved else []
    namer = Namer(name or "{row:05d}", template.suffix, reserved=reserved)
    return BatchPlanner(
        out,
        out_resolved,
        frozenset(inputs),
        namer,
        _SelectorCache(template),
        existing,
        lenient,
        frozenset(namer.fields),
        template if by_kind else None,
    )


def run_batch(
    template: Any,
    rows: Iterable[Row],
    out_dir: str | os.PathLike[str],
    *,
    name: str | None = None,
    existing: Existing = "refuse",
    jobs: int = 1,
    columns: Iterable[str] = (),
    lenient: bool = False,
    errors_path: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    chunk_size: int = 8,
    protect: Iterable[str | os.PathLike[str]] = (),
    by_kind: bool = True,
) -> BatchSummary:
    """Render one document per row into ``out_dir``.

    Cells are checked by kind (``by_kind``, the default): a text cell for a column that fills
    counts or ordinals must be a number, so ``共培训-40人`` or ``abc人`` fail their row instead of
    being written; ``by_kind=False`` inserts text cells verbatim.

    ``name`` is the file-name pattern (default ``{row:05d}`` plus the template's suffix).
    ``existing``: ``"refuse"`` (default: such a row fails with ``exists``), ``"skip"`` or
    ``"overwrite"``. ``lenient`` drops columns that match no placeholder instead of failing
    the rows that carry them. Columns used only in ``name`` are never selectors. Failures go to
    ``errors_path`` (default ``out_dir/_errors.csv``). Nothing is ever written over the
    template's file or over a path in ``protect`` (the data file): a row whose name would is a
    failure, and such an error report path raises ``OutputError`` before anything is written.
    """
    start = time.monotonic()
    if progress is not None:
        progress.start = start  # one clock for the bar and the summary
    out = Path(out_dir)
    report = Path(errors_path) if errors_path is not None else out / "_errors.csv"
    inputs = _protected_inputs(template, protect)
    planner = _make_planner(template, out, report, inputs, name, existing, lenient, by_kind)
    tally = _Tally(progress)
    pending: dict[int, RowPlan] = {}

    def prepared() -> Iterator[tuple[int, dict[str, Any], str]]:
        for row in rows:
            tally.counts["total"] += 1
            plan = planner.plan(row)
            if isinstance(plan, Outcome):
                tally.add(plan)
                continue
            pending[plan.number] = plan
            yield plan.number, plan.values, str(plan.target)
        if progress:
            progress.total = tally.counts["total"]

    def record(number: int, problems: tuple[Problem, ...]) -> None:
        plan = pending.pop(number)
        status: Status = "failed" if problems else "written"
        tally.add(Outcome(number, plan.line, plan.name, status, problems, plan.raw))
        tally.tick()

    if jobs <= 1:
        for number, values, target in prepared():
            record(number, render_to_file(template, values, target))
    else:
        _run_parallel(template, prepared(), jobs, chunk_size, record)
    if progress:
        tally.tick(force=True)
        progress.close()
    written_report: str | None = None
    if tally.failures or report.exists() or errors_path is not None:
        write_error_report(report, tally.failures, columns)
        written_report = str(report)
    c = tally.counts
    return BatchSummary(
        total=c["total"],
        written=c["written"],
        skipped=c["skipped"],
        failed=c["failed"],
        seconds=time.monotonic() - start,
        out_dir=str(out),
        errors_path=written_report,
        failures=tuple(sorted(tally.failures, key=lambda o: o.row)),
        ignored_columns=tuple(planner.ignored),
        written_files=tuple(str(out / name) for _row, name in sorted(tally.written)),
    )


def _run_parallel(
    template: Any,
    work: Iterator[tuple[int, dict[str, Any], str]],
    jobs: int,
    chunk_size: int,
    record: Callable[[int, tuple[Problem, ...]], None],
) -> None:
    import multiprocessing

    blob = pickle.dumps(template, protocol=pickle.HIGHEST_PROTOCOL)
    ctx = multiprocessing.get_context("spawn")
    max_inflight = jobs * 4
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(blob,)
    ) as pool:
        inflight: dict[Future[Any], list[tuple[int, dict[str, Any], str]]] = {}

        def drain() -> None:
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = inflight.pop(fut)
                try:
                    results = fut.result()
                except Exception as exc:  # a worker died: every row of the chunk fails
                    results = [(n, _problems_of(exc)) for n, _v, _t in chunk]
                for number, problems in results:
                    record(number, problems)

        def submit(chunk: list[tuple[int, dict[str, Any], str]]) -> None:
            try:
                inflight[pool.submit(_work_chunk, chunk)] = chunk
            except BrokenProcessPool as exc:  # a worker died: the rows left fail, none is lost
                for number, _v, _t in chunk:
                    record(number, _problems_of(exc))

        chunk: list[tuple[int, dict[str, Any], str]] = []
        for item in work:
            chunk.append(item)
            if len(chunk) >= chunk_size:
                submit(chunk)
                chunk = []
                while len(inflight) >= max_inflight:
                    drain()
        if chunk:
            submit(chunk)
        while inflight:
            drain()


class _SelectorCache:
    """Whether a column name selects any placeholder of the template (cached)."""

    def __init__(self, template: Any) -> None:
        self.template = template
        self.cache: dict[str, bool] = {}

    def __call__(self, column: str) -> bool:
        hit = self.cache.get(column)
        if hit is None:
            from xxfill.mapping.selectors import resolve

            plan = resolve(
                self.template.placeholders,
                {column: "样"},
                options=self.template.options,
                strict=False,
            )
            hit = column not in plan.unused
            self.cache[column] = hit
        return hit


def unknown_columns(template: Any, columns: Iterable[str], exempt: Iterable[str] = ()) -> list[str]:
    """The columns that select no placeholder (``exempt`` ones, e.g. used in names, aside)."""
    cache = _SelectorCache(template)
    skip = set(exempt)
    return [c for c in columns if c and c not in skip and not cache(c)]


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
