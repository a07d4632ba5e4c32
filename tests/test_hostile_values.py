"""Hostile values: characters no document can hold, absurd numbers, wrong types, selectors
that match nothing or everything, and broken values and data files. Every problem is a
``ValidationError`` (all of them at once) or a ``ValuesError`` with file and line."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path

import pytest

import xxfill
from docxbuild import build_docx, p, r
from strategies import BODY, char_formats
from xxfill.batch.run import read_table

TEXT = xxfill.Text("共召开XX次会议，由XX同志主持。")
DOCX = build_docx(p(r("共召开"), r("X"), r("X"), "次会议，由XX同志主持。"))
SOURCES = pytest.mark.parametrize("source", [TEXT, DOCX], ids=["text", "docx"])
MB = 1024 * 1024


def problems(source: object, values: dict, **kw: object) -> list[xxfill.Problem]:
    with pytest.raises(xxfill.ValidationError) as info:
        xxfill.fill(source, values, **kw)
    return list(info.value.problems)


# --------------------------------------------------------------------------------------------
# Characters


@SOURCES
@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe", "\uffff"]
)
def test_control_characters_in_a_value_are_invalid(source: object, char: str) -> None:
    """Characters XML 1.0 cannot hold are refused for text and DOCX alike (the same values
    must work for both), naming the code point and the placeholder."""
    (problem,) = problems(source, {"#1": f"1{char}2", "#2": "王"})
    assert problem.code == "invalid-value"
    assert f"U+{ord(char):04X}" in problem.message
    assert problem.index == 1


@SOURCES
@pytest.mark.parametrize("value", ["\ud800", "a\udfffb", "\udc80\ud800"])
def test_lone_surrogates_in_a_value_are_invalid(source: object, value: str) -> None:
    """A lone surrogate (from a badly decoded file) is refused, never written."""
    (problem,) = problems(source, {"#1": value, "#2": "王"})
    assert problem.code == "invalid-value"
    assert "surrogate" in problem.message


def test_tabs_and_line_breaks_in_docx_values_become_tab_and_break_elements() -> None:
    """The allowed control characters: tab and line feed become w:tab and w:br in the run of
    the placeholder."""
    out = xxfill.fill(DOCX, {"#1": "1\t2\n3", "#2": "王"}).to_bytes()
    chars = "".join(c for c, _ in char_formats(out, BODY)[0])
    assert chars == "共召开1\t2\n3次会议，由王同志主持。"


@SOURCES
def test_a_one_megabyte_value_is_written_exactly_once(source: object) -> None:
    """A 1 MB string fills its placeholder in full; the document opens again."""
    big = "很长的内容" * (MB // 5)
    result = xxfill.fill(source, {"#1": big, "#2": "王"})
    assert result.text.count(big) == 1
    assert result.text.startswith("共召开" + big + "次会议")
    again = xxfill.scan(result.to_bytes(), format="docx" if source is DOCX else "text")
    assert len(again) == 0


def test_a_value_full_of_xml_metacharacters_stays_text() -> None:
    """<, &, ]]> and quotes in a value are escaped text in the DOCX, not markup."""
    value = "<w:t>&amp;]]></w:p>\"'"
    out = xxfill.fill(DOCX, {"#1": value, "#2": "王"}).to_bytes()
    assert xxfill.scan(out).text(BODY) == f"共召开{value}次会议，由王同志主持。"


# --------------------------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize(
    "value",
    [
        math.nan,
        math.inf,
        -math.inf,
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        -1,
        -0.5,
        Decimal("-3"),
        10**5000,
        -(10**5000),
        Decimal("1E+99999"),
        Decimal("1E-99999"),
    ],
    ids=lambda v: repr(v)[:20] if not isinstance(v, int) or abs(v) < 10**20 else "huge-int",
)
def test_absurd_counts_are_invalid_values(value: object) -> None:
    """NaN, infinities, negative counts and numbers too long to write out: invalid-value,
    never a crash and never a number written wrong."""
    (problem,) = problems(TEXT, {"#1": value, "#2": "王"})
    assert problem.code == "invalid-value"
    assert problem.index == 1


@pytest.mark.parametrize(
    ("value", "text"), [(-0.0, "0"), (Decimal("-0"), "0"), (1e16, "10000000000000000")]
)
def test_edge_numbers_are_written_plainly(value: object, text: str) -> None:
    """Negative zero is zero; a big float is written without an exponent."""
    assert (
        xxfill.fill(TEXT, {"#1": value, "#2": "王"}).text == f"共召开{text}次会议，由王同志主持。"
    )


@pytest.mark.parametrize("value", [0, -1, 2.5, Decimal("1.5"), math.nan])
def test_ordinals_must_be_positive_whole_numbers(value: object) -> None:
    """党的XX大 takes a positive whole number; zero, negatives, fractions and NaN are
    refused."""
    (problem,) = problems(xxfill.Text("学习党的XX大精神"), {"#1": value})
    assert problem.code == "invalid-value"


# --------------------------------------------------------------------------------------------
# Types


@pytest.mark.parametrize(
    "value",
    [None, True, False, [1], (1,), {"a": 1}, {1}, b"12", complex(1, 2), object(), dt.time(9, 30)],
    ids=lambda v: type(v).__name__,
)
def test_values_of_the_wrong_type_are_type_mismatches(value: object) -> None:
    """None, bools, containers, bytes, complex numbers, arbitrary objects and times cannot
    fill a count: type-mismatch, naming the type."""
    (problem,) = problems(TEXT, {"#1": value, "#2": "王"})
    assert problem.code == "type-mismatch"
    assert problem.selector == "#1"


def test_every_problem_is_reported_at_once() -> None:
    """Several bad values, an unknown selector and a missing placeholder: one ValidationError
    lists them all, each located by index and context."""
    found = problems(
        xxfill.Text("共XX人，XX次，第XX名，XX同志"),
        {"#1": "a\x00", "#2": math.nan, "#3": [3], "#9": 1, "不存在的XX处": 2},
    )
    codes = sorted(p.code for p in found)
    assert codes == sorted(
        ["invalid-value", "invalid-value", "type-mismatch", "unknown-selector",
         "unknown-selector", "missing"]
    )  # fmt: skip
    assert {p.index for p in found if p.code != "unknown-selector"} == {1, 2, 3, 4}


def test_values_that_are_not_a_mapping_are_a_type_error_naming_the_type() -> None:
    """Passing a list (or None) where the mapping goes is a programming error: TypeError with
    the type named (values files with a wrong top level are ValuesError, see below)."""
    with pytest.raises(TypeError, match="list"):
        xxfill.fill(TEXT, [("#1", 3)])
    with pytest.raises(TypeError, match="NoneType"):
        xxfill.fill(TEXT, None)


# --------------------------------------------------------------------------------------------
# Selectors


@pytest.mark.parametrize(
    "selector",
    ["#0", "#-1", "#999", "# 1", "#１", "#" + "9" * 5000, "", "完全无关", "XXX"],
    ids=lambda s: repr(s[:8]),
)
def test_selectors_that_match_nothing_are_unknown(selector: str) -> None:
    """Out-of-range, malformed, empty, unrelated or wrong-length selectors: unknown-selector
    (strict) or listed in report.unused (strict=False); the rest still fills."""
    (problem,) = [p for p in problems(TEXT, {selector: 1, "#1": 2, "#2": "王"})]
    assert problem.code == "unknown-selector"
    result = xxfill.fill(TEXT, {selector: 1, "#1": 2, "#2": "王"}, strict=False)
    assert result.report.unused == (selector,)
    assert result.text == "共召开2次会议，由王同志主持。"


@pytest.mark.parametrize("selector", [1, None, ("#", 1), 2.5])
def test_selectors_that_are_not_strings_are_reported(selector: object) -> None:
    """A non-string key in the mapping is an unknown-selector problem, not a crash."""
    found = problems(TEXT, {selector: 1, "#1": 2, "#2": "王"})
    assert [p.code for p in found] == ["unknown-selector"]


@pytest.mark.parametrize(
    "selector", ["共XX\x00", "\ud800XX", "X" * MB], ids=["nul", "surrogate", "megabyte"]
)
def test_hostile_selector_strings_are_just_unknown(selector: str) -> None:
    """Control characters, lone surrogates and a megabyte of marks in a selector: matched
    like any fragment (no match), no crash."""
    found = problems(TEXT, {selector: 1, "#1": 2, "#2": "王"})
    assert [p.code for p in found] == ["unknown-selector"]


def test_a_fragment_of_marks_alone_selects_every_placeholder_of_that_length() -> None:
    """The selector "XX" matches every two-mark placeholder, whatever the marks (XX, ＸＸ,
    ××), and never a three-mark one; a longer fragment still wins where it matches."""
    template = xxfill.Text("共XX人，ＸＸ次，××项，XXX同志")
    result = xxfill.fill(template, {"XX": 7, "，××项": 9, "XXX同志": "王某"})
    assert result.text == "共7人，7次，9项，王某同志"


# --------------------------------------------------------------------------------------------
# Values files


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("v.toml", '"党的XX大" = 20\n"召开XX次" = \n', 2),
        ("v.toml", '"a" = 1\n"b" = "unterminated\n"c" = 3\n', 2),
        ("v.toml", '"a" = 1\n"a" = 2\n', 2),
        ("v.toml", '"a" = "\\q"\n', 1),
        ("v.toml", '"a" = 1\n"b" = ' + "1" * 5000 + "\n", 2),
        ("v.json", '{\n  "a": 1,\n  "b": 2,\n}\n', 4),
        ("v.json", "{\n  'a': 1\n}\n", 2),
        ("v.json", '{\n  "a": "open\n}\n', 2),
        ("v.json", '{\n  "a": 1,\n  "a": 2\n}\n', 3),
        ("v.json", '{\n  "a": ' + "9" * 5000 + "\n}\n", 2),
    ],
    ids=[
        "toml-missing-value",
        "toml-unterminated",
        "toml-duplicate",
        "toml-bad-escape",
        "toml-huge-int",
        "json-trailing-comma",
        "json-single-quotes",
        "json-unterminated",
        "json-duplicate",
        "json-huge-int",
    ],
)
def test_syntax_errors_in_values_files_name_the_file_and_line(
    tmp_path: Path, name: str, content: str, line: int
) -> None:
    """Each broken values file raises ValuesError whose message starts with file:line."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(xxfill.ValuesError) as info:
        xxfill.load_values(path)
    assert info.value.file == str(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("v.json", b"[" * 100_000),
        ("v.toml", b"a = " + b"[" * 100_000),
        ("v.json", b"[1, 2]"),
        ("v.json", b"\xff\xfe{}"),
        ("v.toml", "a = 1".encode("gb18030") + b"\n\xb9\xb2 = 2"),
    ],
    ids=["json-deep", "toml-deep", "json-list", "not-utf8", "gb18030"],
)
def test_unreadable_values_files_are_values_errors(
    tmp_path: Path, name: str, content: bytes
) -> None:
    """Deep nesting, a top level that is not a table, bytes that are not UTF-8: ValuesError
    naming the file, never RecursionError or UnicodeDecodeError."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(xxfill.ValuesError, match=r"v\.(json|toml)"):
        xxfill.load_values(path)


def test_json_nan_and_null_values_reach_validation(tmp_path: Path) -> None:
    """JSON's NaN literal and null load fine and are then refused as values of the slot."""
    path = tmp_path / "v.json"
    path.write_text('{"#1": NaN, "#2": null}', encoding="utf-8")
    found = problems(TEXT, xxfill.load_values(path))
    assert sorted(p.code for p in found) == ["invalid-value", "type-mismatch"]


# --------------------------------------------------------------------------------------------
# Data files for batch filling (CSV and JSON Lines)


def test_an_unterminated_csv_quote_is_a_row_problem_with_its_line(tmp_path: Path) -> None:
    """A quote that never closes would swallow every later row into one cell; it is reported
    as a problem of the row where it starts, not read as data."""
    path = tmp_path / "rows.csv"
    path.write_text('名称,数量\n"未闭合,1\n乙,2\n丙,3\n', encoding="utf-8")
    rows = list(read_table(path).rows)
    assert [(row.line, row.values) for row in rows if row.problem is None] == []
    (bad,) = rows
    assert bad.line == 2
    assert "line 2" in (bad.problem or "")


def test_a_malformed_csv_row_is_reported_and_the_others_are_read(tmp_path: Path) -> None:
    """A row with stray characters after a quoted cell is a problem with its line; the rows
    around it are read normally."""
    path = tmp_path / "rows.csv"
    path.write_text('名称,数量\n甲,1\n乙,"2"x\n丙,3\n', encoding="utf-8")
    rows = list(read_table(path).rows)
    assert [(row.line, row.problem is None) for row in rows] == [(2, True), (3, False), (4, True)]
    assert "line 3" in (rows[1].problem or "")
    assert rows[2].values == {"名称": "丙", "数量": "3"}


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty"),
        ("名称,名称\n甲,乙\n".encode(), "twice"),
        (b"\x80\x81\xff,\xfe\n", "UTF-8"),
    ],
    ids=["empty", "duplicate-column", "undecodable"],
)
def test_unreadable_csv_files_are_values_errors_naming_the_file(
    tmp_path: Path, content: bytes, match: str
) -> None:
    """A CSV that cannot be read as a whole: ValuesError naming the file."""
    path = tmp_path / "rows.csv"
    path.write_bytes(content)
    with pytest.raises(xxfill.ValuesError, match=match) as info:
        list(read_table(path).rows)
    assert str(path) in str(info.value)


def test_bad_json_lines_are_row_problems_with_their_line(tmp_path: Path) -> None:
    """In JSON Lines each bad line (syntax error, not an object) is a problem of that row,
    with its line number; good lines are read."""
    path = tmp_path / "rows.jsonl"
    path.write_text('{"a": 1}\n{"a": \n[1, 2]\n\n{"a": 4}\n', encoding="utf-8")
    rows = list(read_table(path).rows)
    assert [(row.line, row.problem is None) for row in rows] == [
        (1, True),
        (2, False),
        (3, False),
        (5, True),
    ]
    assert "line 2" in (rows[1].problem or "")
    assert "line 3" in (rows[2].problem or "")
