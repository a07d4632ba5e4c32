"""Reproducers from the second fuzz round (issue 17) that were slow, not wrong: quadratic
paths, a missing placeholder limit, and damaged members copied into the output.

Each input here is sized so that the old quadratic code took tens of seconds on it and the
linear code a fraction of one; the tests assert the outcome, never the time (the growth
benchmark, ``benchmarks/growth.py``, measures the exponents)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest

import xxfill
from docxbuild import build_docx, p, r, textbox
from xxfill.batch.run import Namer
from xxfill.cli.main import main

MANY = xxfill.Limits(max_placeholders=10**7)


# -- scanning ------------------------------------------------------------------------------


def test_unclosed_fields_do_not_make_the_scan_quadratic() -> None:
    """Runs of fldChar begin/separate that never end: every run used to re-check the whole
    field stack. Text after a separate is the field's result, so it is read."""
    runs = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>a</w:t></w:r>'
    ) * 40_000
    sc = xxfill.scan(build_docx(f"<w:p>{runs}{r('召开XX次')}</w:p>"))
    assert [(ph.literal, ph.kind) for ph in sc] == [("XX", xxfill.Kind.COUNT)]
    assert sc.text().endswith("a召开XX次")


def test_unclosed_field_codes_still_hide_their_text() -> None:
    code = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>X</w:instrText></w:r>'
    sc = xxfill.scan(build_docx(f"<w:p>{code * 1000}<w:r><w:t>XX</w:t></w:r></w:p>"))
    assert len(sc) == 0  # inside an unclosed field code: never text


def test_a_text_box_whose_fallback_copy_differs_links_in_linear_time() -> None:
    """mc:Choice and mc:Fallback copies with nothing in common: each paragraph used to search
    the whole copy. The Choice copy is the text; the shadows are simply not linked."""
    n = 8000
    box = textbox(
        *(p(r(f"a{i}")) for i in range(n)), fallback_paras=[p(r(f"b{i}")) for i in range(n)]
    )
    sc = xxfill.scan(build_docx(p(box) + p(r("召开XX次"))))
    text = sc.text()
    assert "a7999" in text and "b0" not in text
    assert len(sc) == 1


def test_a_text_box_fallback_copy_is_still_filled_in_step() -> None:
    box = textbox(p(r("召开XX次")), p(r("其他")))
    out = xxfill.fill(build_docx(p(box)), {"#1": 3})
    xml = zipfile.ZipFile(io.BytesIO(out.to_bytes())).read("word/document.xml").decode()
    assert xml.count("召开3次") == 2 and "XX" not in xml  # the Choice and the Fallback copy


def test_tabs_are_counted_once_along_a_line() -> None:
    """``XX\\t`` x 20,000 on one line: each placeholder's column used to be counted from the
    start of the line (31 s at 200,000)."""
    sc = xxfill.scan(xxfill.Text("XX\t" * 20_000), limits=MANY)
    assert len(sc) == 20_000


def test_a_tab_separated_table_still_reads_each_columns_header() -> None:
    sc = xxfill.scan(xxfill.Text("单位\t人数\t时间\nXXXX\tXX\tXXXX\n"))
    assert [ph.kind for ph in sc] == [xxfill.Kind.NAME, xxfill.Kind.COUNT, xxfill.Kind.DATE]
    assert [ph.key for ph in sc] == ["单位：XXXX", "人数：XX", "时间：XXXX"]


def test_one_long_line_of_placeholders_finds_each_lines_ends_once() -> None:
    """Context windows used to search back and forth to the line's ends for each of the
    placeholders of a long line."""
    sc = xxfill.scan(xxfill.Text("召开XX次，" * 20_000), limits=MANY)
    assert len(sc) == 20_000
    assert (sc[20_000].before, sc[20_000].after) == ("XX次，召开XX次，召开", "次，")
    assert (sc[1].before, sc[1].after) == ("召开", "次，召开XX次，召开XX")


# -- the placeholder limit -----------------------------------------------------------------


def test_too_many_placeholders_is_a_limit_not_a_memory_error() -> None:
    default = xxfill.Limits().max_placeholders
    with pytest.raises(xxfill.LimitExceededError, match="max_placeholders"):
        xxfill.scan(xxfill.Text("XX，" * (default + 1)))
    assert default == 50_000  # a 500-page report at 34 a page has 17,000
    exactly = xxfill.Limits(max_placeholders=1000)
    assert len(xxfill.scan(xxfill.Text("XX，" * 1000), limits=exactly)) == 1000
    with pytest.raises(xxfill.LimitExceededError):
        xxfill.scan(xxfill.Text("XX，" * 1001), limits=exactly)


def test_the_placeholder_limit_stops_the_search_early() -> None:
    """5 MB of ``XX，`` in one DOCX run: refused before millions of spans are collected (the
    limit is checked while searching, not after)."""
    data = build_docx(p(r("XX，" * 1_700_000)))
    with pytest.raises(xxfill.LimitExceededError, match="more than 50,000 placeholders"):
        xxfill.scan(data)


def test_the_placeholder_limit_counts_across_parts() -> None:
    data = build_docx(p(r("XX，" * 6)), headers=[p(r("XX，" * 6))])
    with pytest.raises(xxfill.LimitExceededError):
        xxfill.scan(data, limits=xxfill.Limits(max_placeholders=10))
    assert len(xxfill.scan(data, limits=xxfill.Limits(max_placeholders=12))) == 12


def test_the_placeholder_limit_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.txt"
    template.write_text("召开XX次，" * 30, encoding="utf-8")
    values = tmp_path / "v.json"
    values.write_text(json.dumps({f"#{i}": i for i in range(1, 31)}), encoding="utf-8")
    assert main(["fill", str(template), str(values), "--limit", "max_placeholders=20"]) == 2
    err = capsys.readouterr().err
    assert "max_placeholders" in err and "Traceback" not in err
    assert main(["fill", str(template), str(values), "--limit", "max_placeholders=30"]) == 0
    assert main(["scan", str(template), "--limit", "max_placeholders=²"]) == 2  # not a number


def test_compile_and_batch_keep_the_placeholder_limit(tmp_path: Path) -> None:
    small = xxfill.Limits(max_placeholders=3)
    with pytest.raises(xxfill.LimitExceededError):
        xxfill.compile(xxfill.Text("XX，XX，XX，XX"), limits=small)
    template = tmp_path / "t.txt"
    template.write_text("XX，XX，XX，XX", encoding="utf-8")
    data = tmp_path / "rows.csv"
    data.write_text("#1,#2,#3,#4\n1,2,3,4\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(template), str(data), "-o", str(out)]
    assert main([*args, "--limit", "max_placeholders=3"]) == 2
    assert main([*args, "--limit", "max_placeholders=4"]) == 0


# -- lint ------------------------------------------------------------------------------------


def test_lint_on_millions_of_empty_lines() -> None:
    findings = xxfill.lint(text="\n" * 1_000_000 + "一、概况\n三、问题")
    assert [f.code for f in findings] == ["numbering-skip"]


def test_lint_on_a_long_latin_line() -> None:
    """8 MiB of ``a``: the banner phrases starting with a Latin letter used to be tried, case
    folded, at every position (seconds per MiB); the bracket rule walked every character."""
    assert list(xxfill.lint(text="a" * (8 << 20))) == []


def test_lint_still_finds_latin_banners_and_brackets_in_long_lines() -> None:
    long = "正文" * 50_000
    codes = {f.code for f in xxfill.lint(text=f"{long}\nEvaluation Warning: made by Aspose\n")}
    assert "site-banner" in codes
    codes = {f.code for f in xxfill.lint(text=f"（{long}")}
    assert codes == {"unbalanced-bracket"}
    assert [f.code for f in xxfill.lint(text="【WORD版可编辑】")] == ["site-banner"]


# -- values and names ------------------------------------------------------------------------


def test_a_hundred_thousand_unknown_selectors_are_reported_quickly() -> None:
    """Each unknown selector used to be compared with every placeholder and every key (16 s);
    only the first hundred get a "did you mean"."""
    sc = xxfill.scan(
        xxfill.Text("".join(f"第{i}项召开XX次会议，XX名同志参加。\n" for i in range(100)))
    )
    values: dict[str, object] = {f"未知{i}": i for i in range(100_000)}
    values |= {f"#{i}": i for i in range(1, 201)}
    with pytest.raises(xxfill.ValidationError) as info:
        xxfill.fill(sc, values)
    problems = info.value.problems
    assert len(problems) == 100_000
    assert {q.code for q in problems} == {"unknown-selector"}


def test_a_misspelt_key_still_gets_a_suggestion() -> None:
    sc = xxfill.scan(xxfill.Text("学习贯彻党的XX大精神"))
    with pytest.raises(xxfill.ValidationError) as info:
        xxfill.fill(sc, {"党的XX太": 20})
    assert "did you mean the key '党的XX大'" in str(info.value)


@pytest.mark.parametrize("spec", ["{row:>1000000000}", "{row:.99999}", "{x:0{}}", "{x:9999}"])
def test_a_file_name_pattern_cannot_ask_for_a_huge_width(spec: str) -> None:
    if spec == "{x:0{}}":  # braces inside a spec are unmatched: refused as before
        with pytest.raises(ValueError):
            Namer(spec, ".txt")
        return
    with pytest.raises(ValueError, match="more than a file name can hold"):
        Namer(spec, ".txt")
    assert Namer("{row:04d}", ".txt").name(7, {}) == "0007.txt"


def test_the_command_line_refuses_a_huge_name_width(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.txt"
    template.write_text("召开XX次", encoding="utf-8")
    data = tmp_path / "rows.csv"
    data.write_text("#1\n3\n", encoding="utf-8")
    args = ["batch", str(template), str(data), "-o", str(tmp_path / "o")]
    assert main([*args, "--name", "{row:>1000000000}"]) == 2
    assert "file name can hold" in capsys.readouterr().err


# -- damaged members -----------------------------------------------------------------------


def _damage(data: bytes, member: str) -> bytes:
    """``data`` with one bit flipped in the middle of ``member``'s compressed bytes."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
    pos = info.header_offset + 30 + n + m + info.compress_size // 2
    out = bytearray(data)
    out[pos] ^= 0x01
    return bytes(out)


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' * 20
    + "</w:styles>"
)


@pytest.fixture(params=["word/styles.xml", "word/media/image1.png"])
def damaged(request: pytest.FixtureRequest) -> tuple[bytes, str]:
    data = build_docx(
        p(r("召开XX次会议")),
        extra={"word/styles.xml": STYLES.encode(), "word/media/image1.png": bytes(range(256)) * 8},
    )
    return _damage(data, request.param), request.param


def test_a_damaged_member_is_refused_by_fill_and_compile(damaged: tuple[bytes, str]) -> None:
    data, member = damaged
    assert len(xxfill.scan(data)) == 1  # reading the text is fine: only writing copies it
    with pytest.raises(xxfill.CorruptDocumentError, match=rf"{member} is damaged \(CRC mismatch\)"):
        xxfill.fill(data, {"#1": 3})
    with pytest.raises(xxfill.CorruptDocumentError, match="copy_damaged"):
        xxfill.compile(data)


def test_copy_damaged_copies_the_member_as_it_is(damaged: tuple[bytes, str]) -> None:
    data, member = damaged
    out = xxfill.fill(data, {"#1": 3}, copy_damaged=True).to_bytes()
    raw = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    new = zipfile.ZipFile(io.BytesIO(out)).getinfo(member)
    assert (new.CRC, new.compress_size) == (raw.CRC, raw.compress_size)
    template = xxfill.compile(data, copy_damaged=True)
    assert template.render({"#1": 3}).to_bytes() == out


def test_the_command_line_names_the_damaged_member(
    damaged: tuple[bytes, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, member = damaged
    template = tmp_path / "t.docx"
    template.write_bytes(data)
    values = tmp_path / "v.json"
    values.write_text('{"#1": 3}', encoding="utf-8")
    out = tmp_path / "out.docx"
    assert main(["fill", str(template), str(values), "-o", str(out)]) == 2
    assert f"{member} is damaged" in capsys.readouterr().err
    assert not out.exists()
    assert main(["fill", str(template), str(values), "-o", str(out), "--copy-damaged"]) == 0


def test_an_intact_package_renders_as_before() -> None:
    data = build_docx(p(r("召开XX次会议")), extra={"word/styles.xml": STYLES.encode()})
    template = xxfill.compile(data)
    assert template.render({"#1": 3}).to_bytes() == xxfill.fill(data, {"#1": 3}).to_bytes()
