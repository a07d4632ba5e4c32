"""Proof that real office software reads what xxfill writes: LibreOffice converts filled files.

Skipped when ``soffice`` is not on the PATH, unless ``XXFILL_REQUIRE_SOFFICE=1`` (CI sets it).
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
import regex

from docxbuild import (
    FS,
    build_docx,
    dele,
    field,
    footnote_ref,
    ins,
    p,
    proof,
    r,
    sdt,
    soffice_convert,
    soffice_to_text,
    table,
    textbox,
)
from xxfill.core.model import Edit
from xxfill.docx.stories import DocxSource

pytestmark = pytest.mark.soffice
if shutil.which("soffice") is None:  # pragma: no cover - depends on the machine
    if os.environ.get("XXFILL_REQUIRE_SOFFICE") == "1":
        raise RuntimeError("XXFILL_REQUIRE_SOFFICE=1 but soffice (LibreOffice) is not installed")
    pytest.skip("soffice (LibreOffice) is not on the PATH", allow_module_level=True)

FIXTURES = Path(__file__).parent / "fixtures"
PLACEHOLDER = regex.compile(r"X{2,}")


def fill_all(source: DocxSource) -> tuple[bytes, list[str]]:
    """Fill every run of two or more X in every part with a distinct value ``值N``."""
    edits: list[Edit] = []
    values: list[str] = []
    for part in source.parts:
        for m in PLACEHOLDER.finditer(part.text):
            value = f"值{len(values) + 1}"
            values.append(value)
            edits.append(Edit(part.name, m.start(), m.end(), value))
    return source.apply(edits).to_bytes(), values


@pytest.mark.parametrize("name", ["lo_report.docx", "lo_brief.docx"])
def test_filled_libreoffice_files_read_back_in_libreoffice_with_every_value(
    name: str, tmp_path: Path
) -> None:
    """A file LibreOffice saved, filled by xxfill, converts to text showing the body values and
    no placeholder; re-saved by LibreOffice, every part still holds its values."""
    source = DocxSource.from_bytes((FIXTURES / name).read_bytes(), name=name)
    filled, values = fill_all(source)
    assert len(values) >= 6
    text = soffice_to_text(filled, tmp_path / "txt")
    assert not PLACEHOLDER.search(text), text
    body_values = [v for v in values if v in DocxSource.from_bytes(filled, name="f").parts[0].text]
    assert body_values and all(v in text for v in body_values)
    again = DocxSource.from_bytes(soffice_convert(filled, tmp_path / "rt", "docx"), name="rt")
    all_text = "\n".join(pt.text for pt in again.parts)
    assert not PLACEHOLDER.search(all_text), all_text
    assert all(v in all_text for v in values), (values, all_text)


def test_every_construct_filled_by_xxfill_is_read_by_libreoffice(tmp_path: Path) -> None:
    """Split runs, proofErr, content controls, fields, tracked changes, nested tables, a text
    box with a VML fallback, a header and a footnote: LibreOffice sees every value."""
    body = (
        p(r("本年度召开", FS), r("X", FS), proof(), r("X", FS), r("次会议", FS))
        + p("由", sdt(r("XX"), r("同志")), "牵头", footnote_ref(1))
        + p("第", field("PAGE", r("XX")), "页，", dele("删去"), ins(r("新增XX项")))
        + table([["项目", p("外层") + table([["内层XX场"]])]])
        + p("锚", textbox(p("框内XX人")))
    )
    data = build_docx(
        body, headers=[p(r("XX局", FS))], footnotes=[p("数据截至XX月")], core={"title": "XX总结"}
    )
    source = DocxSource.from_bytes(data, name="all.docx")
    filled, values = fill_all(source)
    assert len(values) == 9
    text = soffice_to_text(filled, tmp_path / "txt")
    for value in ("值1", "值2", "值4", "值5"):
        assert value in text
    assert "删去" in text  # LibreOffice shows tracked deletions; xxfill left it alone
    again = DocxSource.from_bytes(soffice_convert(filled, tmp_path / "rt", "docx"), name="rt")
    all_text = "\n".join(pt.text for pt in again.parts)
    assert not PLACEHOLDER.search(all_text), all_text
    for value in values:
        if value != "值3":  # a PAGE field result is recomputed by LibreOffice
            assert value in all_text, (value, all_text)


def test_a_real_word_97_file_is_named_and_can_be_converted_on_request(tmp_path: Path) -> None:
    """A .doc written by LibreOffice is refused with advice; convert_doc turns it into a DOCX
    whose placeholders are found."""
    from xxfill.core.errors import UnsupportedFormatError
    from xxfill.docx.package import convert_doc

    doc = soffice_convert((FIXTURES / "lo_report.docx").read_bytes(), tmp_path / "doc", "doc")
    path = tmp_path / "旧模板.doc"
    path.write_bytes(doc)
    with pytest.raises(UnsupportedFormatError, match="Word 97-2003"):
        DocxSource.from_bytes(doc, name=str(path))
    converted = DocxSource.from_bytes(convert_doc(path), name="converted.docx")
    assert "本年度共走访企业XX家" in converted.parts[0].text


LO_TEMPLATES = sorted(Path("/usr/lib/libreoffice/share/template/common").glob("*/*.ott"))


@pytest.mark.slow
@pytest.mark.skipif(not LO_TEMPLATES, reason="LibreOffice's bundled templates are not installed")
def test_documents_nobody_wrote_for_xxfill_fill_exactly_and_reopen(tmp_path: Path) -> None:
    """LibreOffice's own templates, saved as .docx: every word of four or more letters replaced
    (with a line break in each value) reads back exactly, and LibreOffice opens every result."""
    import subprocess

    import docx

    picked = LO_TEMPLATES[:: max(1, len(LO_TEMPLATES) // 8)][:8]
    profile = (tmp_path / "profile").as_uri()
    converted = tmp_path / "docx"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
         "--outdir", str(converted), *map(str, picked)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    word = regex.compile(r"\p{L}{4,}")
    filled_dir = tmp_path / "filled"
    filled_dir.mkdir()
    total = 0
    for path in sorted(converted.glob("*.docx")):
        source = DocxSource.from_bytes(path.read_bytes(), name=path.name)
        edits = [
            Edit(pt.name, m.start(), m.end(), "ZQ" + m.group().upper() + "\n")
            for pt in source.parts
            for m in word.finditer(pt.text)
        ]
        total += len(edits)
        data = source.apply(edits).to_bytes()
        again = DocxSource.from_bytes(data, name="again")
        for before, after in zip(source.parts, again.parts, strict=True):
            expected = word.sub(lambda m: "ZQ" + m.group().upper() + "\n", before.text)
            assert after.text == expected, (path.name, before.name)
        docx.Document(io.BytesIO(data))
        (filled_dir / path.name).write_bytes(data)
    assert total > 100
    texts = tmp_path / "txt"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         "txt:Text (encoded):UTF8", "--outdir", str(texts), *map(str, filled_dir.glob("*.docx"))],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    assert len(list(texts.glob("*.txt"))) == len(list(filled_dir.glob("*.docx"))) == len(picked)
