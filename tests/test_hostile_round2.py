"""Reproducers from the second fuzz round (issue 17): output paths that are not regular files,
names too long, encodings that cannot write, batch data that breaks Python's parsers, damaged or
unsafe XLSX. Each must end in a clean error (exit 2 on the CLI) or a failed row, never a
traceback, and never replace anything but a regular file."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from xxfill.batch.run import read_table, run_batch, sanitize_name
from xxfill.cli.main import main
from xxfill.filler.template import compile


@pytest.fixture
def job(tmp_path: Path) -> tuple[Path, Path]:
    template = tmp_path / "t.txt"
    template.write_text("召开会议XX次" + "很长的一行" * 20, encoding="utf-8")
    values = tmp_path / "v.json"
    values.write_text('{"#1": 3}', encoding="utf-8")
    return template, values


def _fill(job: tuple[Path, Path], *extra: str) -> int:
    return main(["fill", str(job[0]), str(job[1]), *extra])


def test_a_fifo_is_never_replaced(job: tuple[Path, Path], tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    assert _fill(job, "-o", str(fifo)) == 2
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_device_is_never_replaced(job: tuple[Path, Path]) -> None:
    assert _fill(job, "-o", os.devnull) == 2
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_an_empty_output_path_is_a_usage_error(
    job: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _fill(job, "-o", "") == 2
    assert "empty" in capsys.readouterr().err
    assert not job[0].with_name("t.filled.txt").exists()


def test_names_too_long_fail_cleanly_and_long_names_still_work(
    job: tuple[Path, Path], tmp_path: Path
) -> None:
    assert _fill(job, "-o", str(tmp_path / ("a" * 300 + ".txt"))) == 2
    long_ok = tmp_path / ("b" * 250)
    assert _fill(job, "-o", str(long_ok)) == 0
    assert long_ok.read_text(encoding="utf-8").startswith("召开会议3次")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_symlink_is_written_through(job: tuple[Path, Path], tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert _fill(job, "-o", str(link)) == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("召开会议3次")


@pytest.mark.parametrize("encoding", ["undefined", "idna"])
def test_encodings_that_cannot_write_are_clean_errors(
    job: tuple[Path, Path], tmp_path: Path, encoding: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.txt"
    assert _fill(job, "-o", str(out), "--encoding", encoding) == 2
    assert "cannot write this text" in capsys.readouterr().err
    assert not out.exists()


def test_bidi_controls_never_reach_a_file_name() -> None:
    assert sanitize_name("报告\u202egpj.exe", ".docx") == "报告gpj.exe.docx"
    assert sanitize_name("\u200b\u2066甲\u2069", ".txt") == "甲.txt"


def test_batch_data_that_breaks_parsers_fails_rows_not_the_batch(tmp_path: Path) -> None:
    template = tmp_path / "t.txt"
    template.write_text("召开会议XX次", encoding="utf-8")
    lines = [
        '{"#1": ' + "9" * 5000 + "}",  # past Python's integer-digit limit
        "[" * 100_000 + "]" * 100_000,  # deeper than the parser recurses
        json.dumps({"#1": "\ud800"}),  # a lone surrogate, then the error report
        '{"#1": 3}',
    ]
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = run_batch(compile(template), read_table(data).rows, tmp_path / "out")
    assert (s.written, s.failed) == (1, 3)
    assert [o.problems[0].code for o in s.failures] == [
        "unreadable-row",
        "unreadable-row",
        "type-mismatch",
    ]
    assert (tmp_path / "out" / "_errors.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    csv = tmp_path / "d.csv"
    csv.write_text("#1\n" + "9" * 5000 + "\n", encoding="utf-8")
    s = run_batch(compile(template), read_table(csv).rows, tmp_path / "out2")
    assert (s.written, s.failed) == (0, 1)


def _xlsx(tmp_path: Path, change: object) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["#1"])
    for i in range(200):
        ws.append([i + 1])
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = change(info.filename, zin.read(info.filename))  # type: ignore[operator]
            if body is not None:
                zout.writestr(info, body)
    path = tmp_path / "d.xlsx"
    path.write_bytes(out.getvalue())
    return path


SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, b: b[: len(b) // 2] if n == SHEET else b, "damaged workbook"),
        (lambda n, b: b'<!DOCTYPE x [<!ENTITY a "b">]>' + b if n == SHEET else b, "DOCTYPE"),
        (lambda n, b: None if n == SHEET else b, "no sheet"),
    ],
    ids=["cut-in-half", "doctype", "no-sheet-xml"],
)
def test_damaged_or_unsafe_xlsx_is_a_clean_error(
    tmp_path: Path, change: object, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.txt"
    template.write_text("召开会议XX次", encoding="utf-8")
    data = _xlsx(tmp_path, change)
    code = main(["batch", str(template), str(data), "-o", str(tmp_path / "o"), "-q"])
    assert code == 2
    assert message in capsys.readouterr().err


def test_a_json_line_may_hold_line_separators_in_its_strings(tmp_path: Path) -> None:
    """JSON allows U+2028 and \\x1c raw inside strings; a JSON Lines row ends only at \\n."""
    data = tmp_path / "d.jsonl"
    rows = [{"#1": "一\u2028二"}, {"#1": "三\x1c四"}, {"#1": "五"}]
    data.write_text(
        "\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\r\n", encoding="utf-8"
    )
    got = list(read_table(data).rows)
    assert [r.values for r in got] == rows
    assert [r.line for r in got] == [1, 2, 3]
