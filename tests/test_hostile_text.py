"""Hostile text templates: bad bytes, odd encodings, mixed line endings, NULs, stray BOMs,
control characters and very long lines. Every byte outside a placeholder survives a fill."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import xxfill

MB = 1024 * 1024


def fill_bytes(data: bytes, values: dict[str, object]) -> bytes:
    return xxfill.fill(data, values, format="text").to_bytes()


# --------------------------------------------------------------------------------------------
# Encodings


@pytest.mark.parametrize(
    "data",
    [
        "共XX人".encode() + b"\xff\xfe\xff",  # no GB18030 sequence starts with FF
        b"\x80XX",  # a lone continuation byte, not a GB18030 lead byte either
        "召开XX次会议".encode("gb18030") + b"\x81",  # a GB18030 lead byte cut short
    ],
    ids=["ff-bytes", "lone-0x80", "cut-gb18030"],
)
def test_bytes_in_no_supported_encoding_raise_a_decode_error(tmp_path: Path, data: bytes) -> None:
    """Neither UTF-8 nor GB18030: DecodeError (also a UnicodeError) naming the file and the
    offset of the first bad byte, and advising UTF-8."""
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(xxfill.DecodeError, match=r"bad\.txt.*offset \d+") as info:
        xxfill.scan(path)
    assert isinstance(info.value, UnicodeError)
    assert "UTF-8" in str(info.value)


def test_a_damaged_utf16_file_is_reported_as_damaged() -> None:
    """A UTF-16 BOM followed by an odd number of bytes is damage, not another encoding."""
    data = codecs.BOM_UTF16_LE + "共XX人".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(xxfill.DecodeError, match="utf-16"):
        xxfill.scan(data)


def test_gb18030_four_byte_characters_round_trip() -> None:
    """GB18030 text with characters outside GBK (four-byte sequences: 𠀀, €, an emoji) is read,
    filled and written back in GB18030, every other byte unchanged."""
    before, after = "关于𠀀€😀事项共", "人（见附件）"
    data = (before + "XX" + after).encode("gb18030")
    out = fill_bytes(data, {"#1": "１２𠀁"})
    assert out == (before + "１２𠀁" + after).encode("gb18030")


def test_a_gbk_file_is_read_as_gb18030_and_written_back_the_same_way() -> None:
    """GBK is a subset of GB18030: the output stays GBK-compatible bytes."""
    text = "各XX单位：\r\n请于XX月XX日前报送。\r\n"
    out = fill_bytes(text.encode("gbk"), {"#1": "有关", "#2": "3", "#3": "5"})
    assert out == "各有关单位：\r\n请于3月5日前报送。\r\n".encode("gbk")


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_a_leading_bom_is_kept_and_not_part_of_the_text(bom: bytes) -> None:
    """A BOM at the start selects the encoding, is not text, and is written again."""
    codec = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le"}.get(bom, "utf-16-be")
    data = bom + "XX年度总结".encode(codec)
    sc = xxfill.scan(data)
    assert sc.text() == "XX年度总结"
    assert sc[1].start == 0
    assert fill_bytes(data, {"#1": "2024"}) == bom + "2024年度总结".encode(codec)


def test_a_bom_in_the_middle_is_an_ordinary_character_kept_in_place() -> None:
    """U+FEFF in the middle (two files concatenated) stays where it is; the placeholder right
    after it is still found."""
    data = "第一部分。".encode() + codecs.BOM_UTF8 + "共XX人".encode()
    sc = xxfill.scan(data)
    assert [p.literal for p in sc] == ["XX"]
    assert sc.text() == "第一部分。\ufeff共XX人"
    assert fill_bytes(data, {"#1": 9}) == "第一部分。".encode() + codecs.BOM_UTF8 + "共9人".encode()


# --------------------------------------------------------------------------------------------
# Line endings, NULs, control characters


def test_mixed_line_endings_are_kept_byte_for_byte() -> None:
    """CRLF, LF and a lone CR in one file: each line keeps its own ending."""
    data = b"\xe5\x85\xb1XX\xe4\xba\xba\r\nXX\xe6\xac\xa1\nXX\xe5\xb9\xb4\rend"
    out = fill_bytes(data, {"#1": "1", "#2": "2", "#3": "3"})
    assert out == data.replace(b"XX", b"1", 1).replace(b"XX", b"2", 1).replace(b"XX", b"3", 1)


def test_a_line_break_in_a_value_takes_the_files_line_ending() -> None:
    """A value with a line break is written with the file's dominant ending (CRLF here)."""
    data = "一、XX\r\n二、其他\r\n".encode()
    out = fill_bytes(data, {"#1": "第一行\n第二行"})
    assert out == "一、第一行\r\n第二行\r\n二、其他\r\n".encode()


def test_old_mac_line_endings_alone_are_read_as_lines() -> None:
    """A file whose only line ending is a lone CR: placeholders on each line are classified
    on their own line and filled."""
    data = "工作总结\r共召开XX次会议\r党的XX大精神\r".encode()
    sc = xxfill.scan(data)
    assert [p.before[-2:] for p in sc] == ["召开", "党的"]
    assert (
        fill_bytes(data, {"#1": 3, "#2": "二十"})
        == "工作总结\r共召开3次会议\r党的二十大精神\r".encode()
    )


def test_nul_bytes_and_control_characters_in_a_text_template_are_kept() -> None:
    """NUL, BEL, ESC and form feed in a text template are text like any other: kept as they
    are; the placeholders around them are found and filled."""
    data = "\x00共XX人\x07\x1b[0m\fXX次\x00".encode()
    sc = xxfill.scan(data)
    assert [p.literal for p in sc] == ["XX", "XX"]
    out = fill_bytes(data, {"#1": "5", "#2": "6"})
    assert out == "\x00共5人\x07\x1b[0m\f6次\x00".encode()


def test_unicode_line_separators_are_kept_verbatim() -> None:
    """U+2028, U+2029 and NEL are not rewritten (only CR and LF are line endings here)."""
    data = "甲XX\u2028乙XX\u2029丙\x85XX".encode()
    out = fill_bytes(data, {"#1": "1", "#2": "2", "#3": "3"})
    assert out == "甲1\u2028乙2\u2029丙\x853".encode()


def test_a_template_with_a_lone_surrogate_is_refused_at_open() -> None:
    """A str template holding a lone surrogate could never be written: DecodeError at once
    (not a UnicodeEncodeError from to_bytes after filling)."""
    with pytest.raises(xxfill.DecodeError, match="surrogate"):
        xxfill.scan(xxfill.Text("共XX人\udc80"))


# --------------------------------------------------------------------------------------------
# Very long lines (no timing asserts: these just have to finish, with the right answer)


def test_a_one_megabyte_line_with_placeholders_scans_and_fills() -> None:
    """A single 1 MB line with a placeholder every thousand characters: every one is found
    and filled, nothing else changes."""
    unit = "共召开" + "会议" * 498 + "XX次"
    text = unit * (MB // len(unit))
    n = text.count("XX")
    sc = xxfill.scan(xxfill.Text(text))
    assert len(sc) == n
    result = xxfill.fill(sc, {f"#{i}": i for i in range(1, n + 1)})
    assert result.text == "".join(unit.replace("XX", str(i)) for i in range(1, n + 1))


def test_a_line_of_one_million_marks_is_one_placeholder() -> None:
    """1 MB of X is one placeholder (a maximal run), filled by one value."""
    sc = xxfill.scan(xxfill.Text("前" + "X" * MB + "后"))
    assert [(p.start, p.end) for p in sc] == [(1, MB + 1)]
    assert xxfill.fill(sc, {"#1": "中"}).text == "前中后"


@pytest.mark.parametrize(
    ("unit", "count", "size"),
    [
        ("##ad##XX", 1, 200_000),  # artifacts between placeholders (was quadratic)
        ("XX-", 1, 200_000),  # placeholders separated by dashes: not Latin words
        ("ab-XX ", 0, 200_000),  # a Latin word glued by a dash makes XX part of a code
        ("Xa-", 0, 200_000),
        ("ＸＸ年", 1, 50_000),  # dense placeholders that each need classifying
        ("××：", 1, 50_000),
        ("姓名：XX、", 1, 50_000),  # a form label followed by a very long list
    ],
)
def test_dense_adversarial_lines_finish_with_the_right_count(
    unit: str, count: int, size: int
) -> None:
    """Single lines built to stress look-behinds, artifacts and label search: the scan
    finishes and finds exactly the placeholders the pattern holds."""
    text = unit * (size // len(unit))
    many = xxfill.Limits(max_placeholders=size)
    assert len(xxfill.scan(xxfill.Text(text), limits=many)) == count * (size // len(unit))


def test_a_latin_run_of_a_megabyte_before_marks_makes_one_code() -> None:
    """A 1 MB run of Latin letters glued to marks by a dash makes that first run part of a code;
    the runs after it are glued only to other marks, so they are placeholders (as in a phone
    number XXXX-XXXXXXX). The look-behind does not rescan the megabyte for every mark."""
    text = "b" * MB + "-XX" + "-XX" * 1000
    assert [p.start for p in xxfill.scan(xxfill.Text(text))][:2] == [MB + 4, MB + 7]
    assert len(xxfill.scan(xxfill.Text(text))) == 1000
