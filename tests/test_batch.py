"""Batch generation: data files, safe unique names, error reports, re-runs and worker processes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import xxfill
from docxbuild import FS, build_docx, p, r
from xxfill.batch.run import (
    Namer,
    Progress,
    read_table,
    run_batch,
    sanitize_name,
    typed_cell,
)
from xxfill.cli.main import main
from xxfill.core.errors import ValuesError
from xxfill.filler.template import compile

TEMPLATE = "我单位共召开XX次会议，XX党委组织参会XX人。\n"


@pytest.fixture
def text_template(tmp_path: Path) -> Path:
    path = tmp_path / "t.txt"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


HEADER = ["单位", "召开XX次", "XX党委", "参会XX人"]


# -- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_is_read_in_the_encodings_excel_writes(tmp_path: Path, encoding: str) -> None:
    """UTF-8, UTF-8 with BOM and GB18030 CSV give the same rows; empty cells are not given."""
    path = write_csv(tmp_path / "d.csv", [HEADER, ["一处", "3", "一处", ""]], encoding)
    table = read_table(path)
    assert table.columns == tuple(HEADER)
    rows = list(table.rows)
    assert [(row.number, row.line, row.values) for row in rows] == [
        (1, 2, {"单位": "一处", "召开XX次": "3", "XX党委": "一处"})
    ]


def test_csv_with_semicolons_blank_lines_and_extra_cells(tmp_path: Path) -> None:
    """Semicolon CSV is sniffed, blank lines are skipped, a row with extra cells is a problem."""
    path = tmp_path / "d.csv"
    path.write_text("a;b\n1;2\n\n;\n3;4;5\n", encoding="utf-8")
    rows = list(read_table(path).rows)
    assert [r_.values for r_ in rows] == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
    assert rows[1].number == 2 and rows[1].line == 5
    assert rows[1].problem and "3 cells" in rows[1].problem


def test_duplicate_columns_and_unknown_formats_are_refused(tmp_path: Path) -> None:
    """A header naming a column twice, or a .pdf data file, is a ValuesError."""
    with pytest.raises(ValuesError, match="appears twice"):
        read_table(write_csv(tmp_path / "d.csv", [["a", "a"], ["1", "2"]]))
    (tmp_path / "d.pdf").write_bytes(b"%PDF")
    with pytest.raises(ValuesError, match="unsupported"):
        read_table(tmp_path / "d.pdf")


def test_typed_cells_turn_plain_numbers_and_dates_into_values() -> None:
    """``--typed`` reads integers, decimals and ISO dates; anything else stays text."""
    assert typed_cell("20") == 20
    assert typed_cell("4.50") == Decimal("4.50")
    assert typed_cell("2024-03-01") == dt.date(2024, 3, 1)
    assert typed_cell("007") == "007"
    assert typed_cell("二十") == "二十"
    assert typed_cell("2024-13-01") == "2024-13-01"


def test_json_lines_keep_types_and_a_bad_line_is_one_bad_row(tmp_path: Path) -> None:
    """JSON Lines: numbers stay numbers, null is not given, a broken line is reported alone."""
    path = tmp_path / "d.jsonl"
    path.write_text('{"a": 1, "b": null, "c": 4.5}\n\nnot json\n[1]\n{"a": "x"}\n', "utf-8")
    rows = list(read_table(path).rows)
    assert rows[0].values == {"a": 1, "c": Decimal("4.5")}
    assert rows[1].problem and "line 3" in rows[1].problem
    assert rows[2].problem and "not an object" in rows[2].problem
    assert (rows[3].number, rows[3].line, rows[3].values) == (4, 5, {"a": "x"})


def test_xlsx_cells_keep_types(tmp_path: Path) -> None:
    """XLSX: Excel's whole floats are ints, dates at midnight are dates, empty cells skipped."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位", "召开XX次", "日期"])
    ws.append(["一处", 3.0, dt.datetime(2024, 3, 1)])
    ws.append([None, None, None])
    ws.append(["二处", None, "2024年"])
    path = tmp_path / "d.xlsx"
    wb.save(path)
    rows = list(read_table(path).rows)
    assert [row.values for row in rows] == [
        {"单位": "一处", "召开XX次": 3, "日期": dt.date(2024, 3, 1)},
        {"单位": "二处", "日期": "2024年"},
    ]
    assert rows[1].line == 4


def test_an_xlsx_formula_without_a_saved_value_fails_its_row(tmp_path: Path) -> None:
    """A workbook written by a program holds formulas with no cached value; such a cell is not
    'empty' (that would report a missing value, or fill nothing): its row fails and says why."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位", "召开XX次"])
    ws.append(["一处", 3])
    ws.append(["二处", "=3+5"])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    rows = list(read_table(path).rows)
    assert rows[0].problem is None
    assert rows[1].problem and "=3+5" in rows[1].problem and "召开XX次" in rows[1].problem


# -- naming --------------------------------------------------------------------------------


def test_names_are_sanitised_and_collisions_numbered_in_row_order() -> None:
    """Separators, dot-dot, reserved device names and duplicates all become safe and unique."""
    n = Namer("{单位}-述职报告.docx", ".docx")
    names = [
        n.name(i, {"单位": u})
        for i, u in enumerate(["一处", "一处", "../../etc", "CON", "a\\b", "一处", "ＡＢ"], 1)
    ]
    assert names == [
        "一处-述职报告.docx",
        "一处-述职报告 (2).docx",
        "____etc-述职报告.docx",
        "CON-述职报告.docx",
        "a_b-述职报告.docx",
        "一处-述职报告 (3).docx",
        "ＡＢ-述职报告.docx",
    ]
    assert Namer("{单位}", ".docx").name(1, {"单位": "nul"}) == "_nul.docx"


def test_name_patterns_use_row_numbers_and_format_specs() -> None:
    """``{row:04d}`` pads; literal braces double; a missing field is a row problem."""
    n = Namer("{{{row:04d}}}-{名称}", ".txt")
    assert n.name(7, {"名称": "甲"}) == "{0007}-甲.txt"
    with pytest.raises(Exception, match="empty in this row"):
        n.name(8, {})
    with pytest.raises(Exception, match="empty in this row"):
        n.name(9, {"名称": "  \u3000"})  # only spaces would name the file "_"
    with pytest.raises(ValueError, match="unmatched"):
        Namer("{a", ".txt")


@given(st.text(max_size=300))
def test_any_name_stays_one_safe_file_name(name: str) -> None:
    """Whatever the cell holds, the name is one path component with the suffix, no control
    characters, no separators, no dot-dot, and within the byte limit."""
    out = sanitize_name(name, ".docx")
    assert out.endswith(".docx") and len(out) > len(".docx")
    assert "/" not in out and "\\" not in out and ".." not in out
    assert not any(ord(c) < 32 for c in out)
    assert Path(out).name == out and out not in (".", "..")
    assert len(out.encode("utf-8")) <= 240
    assert out.split(".")[0].upper() not in ("CON", "PRN", "AUX", "NUL", "COM1", "LPT1")


# -- running -------------------------------------------------------------------------------


def rows_of(path: Path):
    return list(read_table(path).rows)


def test_one_bad_row_never_stops_the_others(text_template: Path, tmp_path: Path) -> None:
    """Good rows are written; the bad ones go to the error report with every problem."""
    data = write_csv(
        tmp_path / "d.csv",
        [
            HEADER,
            ["一处", "3", "一处", "12"],
            ["二处", "x", "二处", ""],
            ["三处", "5", "三处", "9"],
        ],
    )
    t = compile(text_template)
    summary = run_batch(t, rows_of(data), tmp_path / "out", name="{单位}-报告")
    assert (summary.written, summary.failed, summary.total) == (2, 1, 3)
    out = tmp_path / "out"
    assert (out / "一处-报告.txt").read_text(
        "utf-8"
    ) == "我单位共召开3次会议，一处党委组织参会12人。\n"
    assert not (out / "二处-报告.txt").exists()
    with open(out / "_errors.csv", encoding="utf-8-sig", newline="") as fh:
        report = list(csv.DictReader(fh))
    assert len(report) == 1
    assert report[0]["row"] == "2" and report[0]["line"] == "3"
    assert report[0]["name"] == "二处-报告.txt"
    assert "missing" in report[0]["problems"]
    assert report[0]["召开XX次"] == "x" and report[0]["单位"] == "二处"


def test_the_error_report_can_be_json(text_template: Path, tmp_path: Path) -> None:
    """``errors_path`` ending in .json writes a JSON list with structured problems."""
    data = write_csv(tmp_path / "d.csv", [HEADER, ["一处", "", "", ""]])
    summary = run_batch(
        compile(text_template),
        rows_of(data),
        tmp_path / "o",
        name="{单位}",
        errors_path=tmp_path / "e.json",
    )
    assert summary.failed == 1
    doc = json.loads((tmp_path / "e.json").read_text("utf-8"))
    assert doc[0]["row"] == 1 and doc[0]["values"] == {"单位": "一处"}
    assert {pr["code"] for pr in doc[0]["problems"]} == {"missing"}
    assert len(doc[0]["problems"]) == 3


def test_existing_files_are_refused_skipped_or_overwritten(
    text_template: Path, tmp_path: Path
) -> None:
    """By default an existing file is not overwritten (the row is reported); ``skip`` and
    ``overwrite`` are explicit."""
    data = write_csv(tmp_path / "d.csv", [HEADER, ["一处", "3", "一处", "12"]])
    t = compile(text_template)
    out = tmp_path / "out"
    out.mkdir()
    (out / "一处.txt").write_text("old", "utf-8")
    s = run_batch(t, rows_of(data), out, name="{单位}")
    assert s.failed == 1 and s.failures[0].problems[0].code == "exists"
    assert (out / "一处.txt").read_text("utf-8") == "old"
    s = run_batch(t, rows_of(data), out, name="{单位}", existing="skip")
    assert (s.skipped, s.failed) == (1, 0)
    assert (out / "一处.txt").read_text("utf-8") == "old"
    s = run_batch(t, rows_of(data), out, name="{单位}", existing="overwrite")
    assert s.written == 1 and "召开3次" in (out / "一处.txt").read_text("utf-8")
    # the stale error report of the first run is replaced by an empty one
    with open(out / "_errors.csv", encoding="utf-8-sig") as fh:
        assert len(list(csv.reader(fh))) == 1


def test_worker_processes_write_the_same_files(tmp_path: Path) -> None:
    """``jobs=2`` writes exactly what one process writes, for DOCX templates too."""
    tpl = tmp_path / "t.docx"
    tpl.write_bytes(build_docx(p(r("召开X", FS), r("X次会议，XX党委"))))
    rows = [[f"单位{i}", str(i), f"单位{i}"] for i in range(1, 30)]
    data = write_csv(tmp_path / "d.csv", [["单位", "召开XX次", "XX党委"], *rows, ["坏", "", ""]])
    t = compile(tpl)
    one = run_batch(t, rows_of(data), tmp_path / "a", name="{单位}")
    two = run_batch(t, rows_of(data), tmp_path / "b", name="{单位}", jobs=2, chunk_size=4)
    assert (one.written, one.failed) == (two.written, two.failed) == (29, 1)
    files = sorted(f.name for f in (tmp_path / "a").glob("*.docx"))
    assert files == sorted(f.name for f in (tmp_path / "b").glob("*.docx"))
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    d = docx.Document(tmp_path / "b" / "单位7.docx")
    assert d.paragraphs[0].text == "召开7次会议，单位7党委"


def test_progress_bar_draws_only_when_enabled() -> None:
    """The bar is drawn with carriage returns when enabled, and nothing otherwise."""
    buf = io.StringIO()
    bar = Progress(10, buf, enabled=True)
    bar.update(5, 1, force=True)
    bar.close()
    assert buf.getvalue().startswith("\r[") and "5/10" in buf.getvalue()
    assert "1 failed" in buf.getvalue()
    quiet = io.StringIO()
    Progress(10, quiet, enabled=False).update(5, 0, force=True)
    assert quiet.getvalue() == ""


# -- command line --------------------------------------------------------------------------


def test_cli_batch_writes_files_and_a_summary(
    text_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``xxfill batch`` writes one file per row, prints a summary and no progress bar when
    stderr is not a terminal; exit 1 when a row failed."""
    data = write_csv(
        tmp_path / "d.csv", [HEADER, ["一处", "3", "一处", "12"], ["二处", "4", "二处", ""]]
    )
    out = tmp_path / "out"
    code = main(["batch", str(text_template), str(data), "-o", str(out), "--name", "{单位}"])
    err = capsys.readouterr().err
    assert code == 1
    assert "1 written, 0 skipped, 1 failed of 2 rows" in err and "\r" not in err
    assert (out / "一处.txt").exists() and (out / "_errors.csv").exists()
    code = main(
        ["batch", str(text_template), str(data), "-o", str(out), "--skip-existing", "-q",
         "--name", "{单位}", "--missing", "mark"]
    )  # fmt: skip
    assert code == 0 and capsys.readouterr().err == ""
    assert "【待填写】" in (out / "二处.txt").read_text("utf-8")


def test_cli_batch_never_writes_over_the_template_or_the_data(
    text_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row named like the template fails (even with --overwrite), and an error report aimed
    at the data file is refused before anything is written; both inputs stay as they were."""
    data = write_csv(
        tmp_path / "d.csv", [HEADER, ["t", "3", "一处", "12"], ["x", "4", "二处", "9"]]
    )
    before_t, before_d = text_template.read_bytes(), data.read_bytes()
    args = ["batch", str(text_template), str(data), "-o", str(tmp_path), "--name", "{单位}"]
    assert main([*args, "--overwrite"]) == 1
    err = capsys.readouterr().err
    assert "1 written, 0 skipped, 1 failed" in err
    assert text_template.read_bytes() == before_t and (tmp_path / "x.txt").exists()
    report = (tmp_path / "_errors.csv").read_text("utf-8-sig")
    assert "is an input" in report
    assert main([*args, "--overwrite", "--errors", str(data)]) == 2
    assert "would overwrite an input" in capsys.readouterr().err
    assert data.read_bytes() == before_d and text_template.read_bytes() == before_t


def test_cli_batch_refuses_unknown_columns_unless_lenient(
    text_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A misspelt column fails the whole batch up front; ``--lenient`` ignores it. A column
    used only in ``--name`` is never a selector."""
    data = write_csv(
        tmp_path / "d.csv",
        [["编号", "召开XX次", "XX党委", "参会XX人", "备注"], ["A1", "3", "甲", "5", "x"]],
    )
    args = ["batch", str(text_template), str(data), "-o", str(tmp_path / "o"), "--name", "{编号}"]
    assert main(args) == 1
    assert "'备注'" in capsys.readouterr().err
    assert main([*args, "--lenient"]) == 0
    assert "ignored columns" in capsys.readouterr().err
    assert (tmp_path / "o" / "A1.txt").read_text("utf-8").startswith("我单位共召开3次")


def test_cli_batch_usage_errors_exit_2(
    text_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name field that is no column, or a missing data file, is a usage error."""
    data = write_csv(tmp_path / "d.csv", [HEADER, ["一处", "3", "一处", "12"]])
    out = str(tmp_path / "o")
    assert main(["batch", str(text_template), str(data), "-o", out, "--name", "{部门}"]) == 2
    assert "{部门}" in capsys.readouterr().err
    assert main(["batch", str(text_template), str(tmp_path / "none.csv"), "-o", out]) == 2


def test_cli_csv_is_read_by_kind_unless_verbatim(tmp_path: Path) -> None:
    """By default a CSV ``20`` fills 党的XX大 as 二十 (read by kind); ``--verbatim`` inserts it
    as is; ``--typed`` (deprecated) is the default."""
    tpl = tmp_path / "t.txt"
    tpl.write_text("学习党的XX大精神", "utf-8")
    data = write_csv(tmp_path / "d.csv", [["党的XX大"], ["20"]])
    assert main(["batch", str(tpl), str(data), "-o", str(tmp_path / "a"), "-q"]) == 0
    assert (tmp_path / "a" / "00001.txt").read_text("utf-8") == "学习党的二十大精神"
    assert main(["batch", str(tpl), str(data), "-o", str(tmp_path / "b"), "-q", "--verbatim"]) == 0
    assert (tmp_path / "b" / "00001.txt").read_text("utf-8") == "学习党的20大精神"
    assert main(["batch", str(tpl), str(data), "-o", str(tmp_path / "c"), "-q", "--typed"]) == 0
    assert (tmp_path / "c" / "00001.txt").read_text("utf-8") == "学习党的二十大精神"


def test_batch_checks_cells_by_kind_and_one_bad_row_stops_no_other(tmp_path: Path) -> None:
    """A count column holding -40 or abc fails that row (with every problem of the row); the
    good rows are written; --verbatim writes what the cells say."""
    tpl = tmp_path / "t.txt"
    tpl.write_text("共培训XX人，由XXX授课", "utf-8")
    rows = [["培训XX人", "XXX授课"], ["30", "王建华"], ["-40", "李明"], ["abc", ""], ["二十", "赵"]]
    data = write_csv(tmp_path / "d.csv", rows)
    s = run_batch(compile(tpl), rows_of(data), tmp_path / "out")
    assert (s.written, s.failed) == (2, 2)
    codes = {o.row: sorted(p.code for p in o.problems) for o in s.failures}
    assert codes == {2: ["invalid-value"], 3: ["missing", "type-mismatch"]}
    assert (tmp_path / "out" / "00001.txt").read_text("utf-8") == "共培训30人，由王建华授课"
    v = run_batch(compile(tpl), rows_of(data), tmp_path / "raw", by_kind=False)
    assert (v.written, v.failed) == (3, 1)
    assert (tmp_path / "raw" / "00002.txt").read_text("utf-8") == "共培训-40人，由李明授课"


def test_cli_batch_suggests_the_nearest_key_for_a_misspelt_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tpl = tmp_path / "t.txt"
    tpl.write_text("XX社区党委召开会议XX次", "utf-8")
    data = write_csv(tmp_path / "d.csv", [["XX区党委", "召开会议XX次"], ["滨江", "3"]])
    assert main(["batch", str(tpl), str(data), "-o", str(tmp_path / "o"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "'XX区党委': " in err and "did you mean the key 'XX社区'" in err


def test_render_many_rows_from_a_table(text_template: Path, tmp_path: Path) -> None:
    """Rows read from a data file feed ``Template.render_many`` directly."""
    data = write_csv(tmp_path / "d.csv", [HEADER[1:], ["3", "甲", "5"], ["4", "乙", "6"]])
    t = xxfill.fill  # the same texts as one-shot fill
    texts = [
        res.text for res in compile(text_template).render_many(r_.values for r_ in rows_of(data))
    ]
    assert texts == [t(text_template, r_.values).text for r_ in rows_of(data)]


def test_the_row_planner_decides_each_row_without_writing(tmp_path: Path) -> None:
    """BatchPlanner.plan is pure per row: a plan for a good row, a failure or a skip otherwise,
    and no file is written while planning."""
    from xxfill.batch.run import BatchPlanner, Row, RowPlan, _make_planner

    template = compile(xxfill.Text("召开XX次会议"))
    out = tmp_path / "out"
    planner = _make_planner(template, out, out / "_errors.csv", set(), "{单位}.txt", "skip", True)
    assert isinstance(planner, BatchPlanner)
    good = planner.plan(Row(1, 2, {"单位": "滨江", "#1": 3, "无关列": "x"}))
    assert isinstance(good, RowPlan)
    assert (good.name, good.values) == ("滨江.txt", {"#1": 3})
    assert planner.ignored == {"无关列": None}
    unreadable = planner.plan(Row(2, 3, {}, problem="bad quoting"))
    assert unreadable.status == "failed" and unreadable.problems[0].code == "unreadable-row"
    unnamed = planner.plan(Row(3, 4, {"#1": 3}))
    assert unnamed.status == "failed" and unnamed.problems[0].code == "name"
    assert list(out.iterdir()) == []
    (out / "城南.txt").write_text("old", encoding="utf-8")
    assert planner.plan(Row(4, 5, {"单位": "城南", "#1": 3})).status == "skipped"
