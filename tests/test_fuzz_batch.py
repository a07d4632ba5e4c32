"""A bounded, deterministic mutation fuzzer over batch data and values files: CSV, JSONL, XLSX,
and the JSON/TOML/CSV values files of ``xxfill fill``.

Each case builds a small good file, applies one to three mutations (byte flips, cuts, inserted
slices, hostile tokens: 5,000-digit numbers, nesting 100,000 deep, lone surrogates, NULs, BOMs,
bidi controls, formulas, path separators, huge format widths; for XLSX, edits inside the sheet
XML or a missing sheet), then runs ``xxfill batch`` (or ``xxfill fill``) on it through the
command line. Every case must end with exit 0, 1 or 2 and no traceback, write nothing outside
its output folder, and leave the data file unchanged.

Case ``i`` draws from ``random.Random(f"batch:{seed}:{i}")``; ``XXFILL_FUZZ_CASES`` scales the
number of cases as for ``test_fuzz.py``; ``benchmarks/fuzz.py --batch-data`` runs long
campaigns.
"""

from __future__ import annotations

import collections
import contextlib
import io
import json
import os
import random
import tempfile
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

SEED = 20261202
DEFAULT_CASES = 150

HOSTILE = (
    "9" * 5000,
    "-" + "1" * 4400 + ".5e3",
    "[" * 100_000,
    '"\\ud800"',
    "\ud800",
    "\x00",
    "\ufeff",
    "\u202egpj.exe",
    "=cmd|' /C calc'!A0",
    "../../etc/passwd",
    "CON",
    '""""',
    "\r\r\n\n",
    "，、；",
    "{row:>1000000000}",
    "1e999999",
    "NaN",
    "true",
    "null",
    "2025-02-30",
    "XX",
    "\t",
)

TEMPLATE = "关于XX单位召开XX次会议的通知\n参会人员XX名，时间：XXXX年XX月XX日。\n"
COLUMNS = ("#1", "#2", "#3", "#4", "#5", "#6")


def _rows(rng: random.Random) -> list[list[str]]:
    rows = []
    for i in range(rng.randint(1, 4)):
        rows.append([f"一处{i}", str(i + 1), "30", "2025", "3", str(10 + i)])
    return rows


def _csv(rng: random.Random) -> bytes:
    sep = rng.choice([",", "\t", ";"])
    lines = [sep.join(COLUMNS), *(sep.join(r) for r in _rows(rng))]
    enc = rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16"])
    return ("\r\n".join(lines) + "\n").encode(enc)


def _jsonl(rng: random.Random) -> bytes:
    lines = [json.dumps(dict(zip(COLUMNS, r, strict=True)), ensure_ascii=False) for r in _rows(rng)]
    return ("\n".join(lines) + "\n").encode()


def _xlsx_sheet(rows: list[list[str]]) -> bytes:
    def cell(ref: str, v: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'

    body = []
    for n, row in enumerate([list(COLUMNS), *rows], start=1):
        cells = "".join(cell(f"{chr(65 + k)}{n}", v) for k, v in enumerate(row))
        body.append(f'<row r="{n}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    ).encode()


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _xlsx(rng: random.Random, rows: list[list[str]] | None = None) -> bytes:
    sheet = _xlsx_sheet(rows if rows is not None else _rows(rng))
    roll = rng.random()
    if roll < 0.15:
        sheet = sheet[: rng.randrange(len(sheet))]  # cut in half
    elif roll < 0.25:
        sheet = sheet.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
    elif roll < 0.35:
        sheet = sheet.replace(b"<t>", b"<t>&#0;", 1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _XLSX_PARTS.items():
            z.writestr(name, text)
        if rng.random() > 0.1:  # sometimes no sheet at all
            z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def _values_file(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["json", "toml"])
    row = dict(zip(COLUMNS, _rows(rng)[0], strict=True))
    if kind == "json":
        return ".json", json.dumps(row, ensure_ascii=False).encode()
    return ".toml", "".join(f'"{k}" = "{v}"\n' for k, v in row.items()).encode()


# -- mutations -------------------------------------------------------------------------------


def _flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
    return bytes(b)


def _cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _splice(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(HOSTILE).encode("utf-8", "surrogatepass") + data[at:]


def _replace_value(rng: random.Random, data: bytes) -> bytes:
    for good in (b"30", b"2025", "一处0".encode(), b"3"):
        if good in data:
            token = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
            return data.replace(good, token, 1)
    return _splice(rng, data)


def _repeat(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 64))
    return data[:b] + data[a:b] * rng.randint(2, 500) + data[b:]


MUTATORS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": _flip,
    "cut": _cut,
    "splice": _splice,
    "value": _replace_value,
    "repeat": _repeat,
}


@attrs.define
class Case:
    desc: str
    suffix: str
    data: bytes
    batch: bool  # batch data (True) or a values file for ``fill`` (False)
    name: str | None  # a --name pattern


def make_case(seed: int, i: int) -> Case:
    rng = random.Random(f"batch:{seed}:{i}")
    what = rng.choice(["csv", "csv", "jsonl", "jsonl", "xlsx", "values"])
    if what == "values":
        suffix, data = _values_file(rng)
    elif what == "xlsx":
        rows = _rows(rng)
        if rng.random() < 0.5:
            rows[0][rng.randrange(len(COLUMNS))] = rng.choice(HOSTILE).replace("\x00", "")
            rows[0] = [
                v.encode("utf-8", "ignore").decode().replace("<", "&lt;").replace("&", "&amp;")
                for v in rows[0]
            ]
        suffix, data = ".xlsx", _xlsx(rng, rows)
    else:
        suffix, data = f".{what}", (_csv if what == "csv" else _jsonl)(rng)
    steps = []
    if what != "xlsx" or rng.random() < 0.3:
        for _ in range(rng.choice((1, 1, 2, 3))):
            mut = rng.choice(list(MUTATORS))
            data = MUTATORS[mut](rng, data)
            steps.append(mut)
    name = rng.choice([None, None, "{#1}", "{row:03d}-{#1}", "{#2}/{#1}", "{#1:>30}"])
    return Case(
        f"case {i} (seed {seed}): {what} + {'+'.join(steps) or 'none'}",
        suffix,
        data,
        what != "values",
        name,
    )


@attrs.define
class Stats:
    cases: int = 0
    exits: collections.Counter[int] = attrs.Factory(collections.Counter)
    failures: list[str] = attrs.Factory(list)


def run_case(case: Case) -> int:
    """Run the case through the command line in a fresh folder; return the exit status.
    Raises AssertionError for a traceback, a file outside the output folder, or a changed
    input."""
    from xxfill.cli.main import main

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = root / "t.txt"
        template.write_text(TEMPLATE, encoding="utf-8")
        data = root / f"data{case.suffix}"
        data.write_bytes(case.data)
        out = root / "out"
        if case.batch:
            argv = ["batch", str(template), str(data), "-o", str(out), "-q"]
            if case.name:
                argv += ["--name", case.name]
        else:
            out.mkdir()
            argv = ["fill", str(template), str(data), "-o", str(out / "filled.txt")]
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(argv)
        assert "Traceback" not in err.getvalue(), err.getvalue()[-2000:]
        assert code in (0, 1, 2), f"exit {code}"
        assert data.read_bytes() == case.data, "the data file changed"
        assert template.read_text(encoding="utf-8") == TEMPLATE, "the template changed"
        for path in root.rglob("*"):
            assert path in (template, data, out) or out in path.parents, f"wrote {path}"
        return code


def campaign(cases: int, seed: int = SEED, *, start: int = 0) -> Stats:
    stats = Stats()
    for i in range(start, start + cases):
        case = make_case(seed, i)
        stats.cases += 1
        try:
            stats.exits[run_case(case)] += 1
        except Exception:
            stats.failures.append(f"{case.desc}\n{traceback.format_exc()}")
    return stats


def _cases_from_env() -> int:
    raw = os.environ.get("XXFILL_FUZZ_CASES", "")
    return max(DEFAULT_CASES, int(raw) // 2) if raw.strip() else DEFAULT_CASES


def test_batch_cases_are_deterministic() -> None:
    assert make_case(SEED, 3) == make_case(SEED, 3)
    assert make_case(SEED, 3) != make_case(SEED, 4)


def test_good_files_fill() -> None:
    rng = random.Random(0)
    for suffix, data in ((".csv", _csv(rng)), (".jsonl", _jsonl(rng))):
        assert run_case(Case("good", suffix, data, True, "{#1}")) == 0, suffix
    for seed in range(4):  # json and toml values files
        suffix, data = _values_file(random.Random(seed))
        assert run_case(Case("good", suffix, data, False, None)) == 0, suffix


def test_mutated_batch_data_only_ever_ends_cleanly() -> None:
    """Mutated data and values files: exit 0, 1 or 2 with a message, never a traceback, never
    a file outside the output folder."""
    stats = campaign(_cases_from_env())
    assert not stats.failures, f"{len(stats.failures)} failure(s):\n\n" + "\n\n".join(
        stats.failures[:5]
    )
    assert stats.exits[0] > 0 and stats.exits[1] + stats.exits[2] > 0, stats.exits


def test_batch_campaign_outcomes_are_spread() -> None:
    """The campaign reaches every end: some files fill, some rows fail, some files are
    refused (a fuzzer whose mutations all fail at the first byte tests nothing)."""
    stats = campaign(60, seed=1)
    assert not stats.failures
    assert min(stats.exits[0], stats.exits[1], stats.exits[2]) > 0, stats.exits


#: Cases that once failed (seed, case number): each is a regression test now.
FOUND = [
    pytest.param(11, 6891, id="toml-error-line-past-splitlines"),
    pytest.param(11, 7490, id="toml-unterminated-multiline-string"),
]


@pytest.mark.parametrize(("seed", "number"), FOUND)
def test_cases_the_batch_fuzzer_once_failed_on_now_pass(seed: int, number: int) -> None:
    assert run_case(make_case(seed, number)) == 2


def test_a_toml_error_on_a_line_split_at_carriage_returns_is_a_values_error() -> None:
    from xxfill import ValuesError
    from xxfill.mapping.files import parse_values

    for text in ('"#1" = """x\r\r\n\n', '"#1" = "a"\n"#2" = """', '"#1" = "x\u2028\n"#2" = """'):
        with pytest.raises(ValuesError, match="invalid TOML"):
            parse_values(text, "toml")
