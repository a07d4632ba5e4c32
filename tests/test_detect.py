"""Placeholder detection: what is a placeholder and what is not (false positives are worse)."""

from __future__ import annotations

import pytest

from xxfill import Options
from xxfill.scanner.scan import find_artifacts, find_placeholders


def literals(text: str, options: Options | None = None) -> list[str]:
    return [text[s:e] for s, e in find_placeholders(text, options)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("组织召开XX次会议", ["XX"]),
        ("XXX同志", ["XXX"]),
        ("XXXX年度", ["XXXX"]),
        ("ＸＸ区人民政府", ["ＸＸ"]),
        ("中共××市委办公室", ["××"]),
        ("‘XX·XX’XX星级党支部", ["XX", "XX", "XX"]),
        ("20XX年XX月XX日", ["XX", "XX", "XX"]),
        ("电话：XXXX-XXXXXXX", ["XXXX", "XXXXXXX"]),
        ("《XX区XX管理办法》", ["XX", "XX"]),
        ("“XX”“XX”", ["XX", "XX"]),
        ("A-XX号楼", ["XX"]),
        ("XXX、XX和XXXX", ["XXX", "XX", "XXXX"]),
    ],
)
def test_runs_of_two_or_more_marks_are_one_placeholder_each(text: str, expected: list[str]) -> None:
    """Each maximal run of marks is one placeholder, whatever its length; digits may touch it."""
    assert literals(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "工装尺码为XXL码",
        "Windows XP系统",
        "编号ABXXCD",
        "XX-Large尺码",
        "Large-XX尺码",
        "寄存器0xXX",
        "ＡＢＸＸ型号",
        "单个X不算",
        "屏幕分辨率1920×1080",
        "小写xx不是占位符",
        "XXXL加大码",
        "the word MAXX",
    ],
)
def test_runs_inside_latin_words_or_code_are_not_placeholders(text: str) -> None:
    """Marks glued to Latin letters are part of a word (size codes, hex, model numbers)."""
    assert literals(text) == []


def test_a_placeholder_never_spans_lines() -> None:
    """Marks on two lines are two placeholders, even when the lines touch."""
    assert literals("共XX\nXX人") == ["XX", "XX"]


def test_marks_are_configurable() -> None:
    """Users add their own marks; the defaults then no longer apply unless listed."""
    opts = Options(marks=("○", "X"))
    assert literals("○○社区召开XX次", opts) == ["○○", "XX"]
    assert literals("某某单位", Options(marks="某")) == ["某某"]
    assert literals("某单位", Options(marks="某")) == []


def test_extra_patterns_add_placeholders() -> None:
    """A regex in Options.patterns marks its matches as placeholders too."""
    opts = Options(patterns=(r"【请填写】", r"_{3,}"))
    text = "单位：【请填写】，人数：____，XX次"
    assert literals(text, opts) == ["【请填写】", "____", "XX"]


def test_marks_must_be_single_characters() -> None:
    """A multi-character mark is a usage error, said plainly."""
    with pytest.raises(ValueError, match="one character"):
        Options(marks=("XX",))


def test_site_markers_are_artifacts_not_placeholders() -> None:
    """##paidbegin## and friends are artifacts; the X inside such markers is not a placeholder."""
    text = "工作##paidbegin##重点XX项\n##paidend##\n##XXX##"
    assert [text[s:e] for s, e in find_artifacts(text)] == [
        "##paidbegin##",
        "##paidend##",
        "##XXX##",
    ]
    assert literals(text) == ["XX"]


@pytest.mark.parametrize(
    ("text", "literals"),
    [
        ("完成投资XX.X亿元，增长XX.X%", ["XX.X", "XX.X"]),
        ("增长ＸＸ．Ｘ个百分点", ["ＸＸ．Ｘ"]),
        ("活动时间XX.XX-XX.XX", ["XX", "XX", "XX", "XX"]),  # month.day stays two
        ("日期：20XX.XX.XX", ["XX", "XX", "XX"]),
        ("XX.X.X", ["XX"]),  # a dotted code, not a decimal
    ],
)
def test_one_decimal_place_belongs_to_the_number(text: str, literals: list[str]) -> None:
    """XX.X is one placeholder (a value such as 35.2 fills it whole, no stray .X is left);
    two marks after the point, or more dots, are separate runs."""
    assert [text[s:e] for s, e in find_placeholders(text)] == literals


@pytest.mark.parametrize(
    ("text", "literals"),
    [
        ("身高XXcm，体重XXkg", ["XX", "XX"]),
        ("道路XXkm，面积XXm²，容量XXMB", ["XX", "XX", "XX"]),
        ("XXL码", []),  # a size, part of a word
        ("XXcms", []),  # not a unit: part of a word
    ],
)
def test_a_latin_unit_after_a_run_does_not_hide_it(text: str, literals: list[str]) -> None:
    """身高XXcm is a placeholder and a unit, not a Latin word (XXL, ABXXCD still are)."""
    assert [text[s:e] for s, e in find_placeholders(text)] == literals
