"""Text sources: encodings, BOMs and line endings survive a fill byte for byte."""

from __future__ import annotations

import codecs

import pytest

from xxfill import DecodeError, Edit, LimitExceededError
from xxfill.text.plain import TextOutput, TextSource, apply_edits, decode_text, detect_newline

SAMPLE = "一、工作情况\r\n召开XX次会议，参加XX人。\r\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (SAMPLE.encode("utf-8"), "utf-8", b""),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be", codecs.BOM_UTF16_BE),
        (SAMPLE.encode("gb18030"), "gb18030", b""),
        (SAMPLE.encode("gbk"), "gb18030", b""),
    ],
)
def test_each_supported_encoding_decodes_and_round_trips(
    data: bytes, encoding: str, bom: bytes
) -> None:
    """Decoding finds the encoding; re-encoding an unchanged text gives the same bytes."""
    text, enc, found_bom = decode_text(data)
    assert text == SAMPLE
    assert (enc, found_bom) == (encoding, bom)
    src = TextSource.from_bytes(data)
    assert src.apply([]).to_bytes() == data


def test_line_endings_are_kept_and_can_be_rewritten() -> None:
    """CRLF stays CRLF; newline= rewrites all line endings on request."""
    src = TextSource.from_bytes(SAMPLE.encode("utf-8"))
    assert src.newline == "\r\n"
    out = src.apply([Edit("text", 10, 12, "5")])
    assert out.to_bytes() == SAMPLE.replace("XX次", "5次", 1).encode("utf-8")
    assert b"\r\n" not in out.to_bytes(newline="\n")
    assert detect_newline("a\nb\r\nc\n") == "\n"


def test_undecodable_bytes_raise_a_decode_error_naming_the_file() -> None:
    """Bytes that are neither UTF-8 nor GB18030 are an error that names the file."""
    with pytest.raises(DecodeError, match=r"report\.txt"):
        decode_text(b"\x81\x30\x81", name="report.txt")


def test_broken_bom_is_reported_as_damage() -> None:
    """A UTF-8 BOM followed by invalid UTF-8 is damage, not silently GB18030."""
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode_text(codecs.BOM_UTF8 + b"\xff\xfe\x00")


def test_text_over_the_limit_is_refused() -> None:
    """A text larger than max_bytes is refused with the limit in the message."""
    with pytest.raises(LimitExceededError, match="limit"):
        TextSource.from_bytes(b"x" * 100, max_bytes=10)


def test_edits_splice_in_order_and_reject_overlaps() -> None:
    """Edits are applied by position; overlapping edits are a bug and raise."""
    assert apply_edits("abcdef", [Edit("text", 4, 5, "E"), Edit("text", 0, 1, "A")]) == "AbcdEf"
    with pytest.raises(ValueError):
        apply_edits("abcdef", [Edit("text", 0, 3, ""), Edit("text", 2, 4, "")])


def test_output_can_change_encoding() -> None:
    """to_bytes(encoding=...) re-encodes without the source's BOM."""
    out = TextOutput("甲乙", "utf-8", codecs.BOM_UTF8)
    assert out.to_bytes(encoding="gb18030") == "甲乙".encode("gb18030")


@pytest.mark.parametrize("text", ["XX一XX", "一", "召开XX次会议", "甲乙丙丁"])
def test_short_gb18030_that_happens_to_be_valid_utf8_is_read_as_chinese(text: str) -> None:
    """GB18030 bytes of 一 (D2 BB) are valid UTF-8 for a Cyrillic letter; Chinese wins."""
    decoded, encoding, _ = decode_text(text.encode("gb18030"))
    assert decoded == text
    assert encoding in ("gb18030", "utf-8")


def test_accented_latin_utf8_stays_utf8() -> None:
    """UTF-8 with accented Latin letters is not mistaken for GB18030."""
    assert decode_text("Müller，XX次".encode())[:2] == ("Müller，XX次", "utf-8")
    assert decode_text("Ünïcödé".encode())[:2] == ("Ünïcödé", "utf-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised(encoding: str) -> None:
    """UTF-16 saved without a BOM (ASCII bytes paired with NULs) is not read as UTF-8."""
    text = "共XX人，召开XX次会议\r\n"
    decoded, found, bom = decode_text(text.encode(encoding))
    assert (decoded, found, bom) == (text, encoding, b"")


def test_utf16_without_bom_and_without_ascii_is_read_when_nothing_else_reads_it() -> None:
    """Mostly-CJK UTF-16 has too few NUL bytes to tell by them; when neither UTF-8 nor GB18030
    can read the bytes, a clean Chinese UTF-16 reading is taken (and a fill writes it back)."""
    import xxfill

    text = "关于召开值班工作会议的通知，请各单位ＸＸ同志参加。"
    data = text.encode("utf-16-le")
    sc = xxfill.scan(data)
    assert sc._source_obj.encoding == "utf-16-le"
    out = xxfill.fill(data, {"#1": "王某"}).to_bytes()
    assert out.decode("utf-16-le") == text.replace("ＸＸ", "王某")
    assert xxfill.scan(out)._source_obj.encoding == "utf-16-le"
