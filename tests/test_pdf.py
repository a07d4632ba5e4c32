"""PDF output, page previews and the missing-font warning, through the LibreOffice CI installs.

Tests that need LibreOffice skip when ``soffice`` is missing, unless ``XXFILL_REQUIRE_SOFFICE=1``
(CI sets it); the behaviour without LibreOffice is tested by hiding it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from pathlib import Path

import docx
import pytest

import xxfill
from docxbuild import soffice_marker
from xxfill.cli.main import main
from xxfill.docx import fonts_named
from xxfill.output import office

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "report_template.docx"
VALUES = ROOT / "examples" / "report_docx_values.toml"

needs_soffice = soffice_marker()


def _template(text: str, font: str = "仿宋_GB2312") -> bytes:
    d = docx.Document()
    run = d.add_paragraph().add_run(text)
    run.font.name = font
    run._element.rPr.rFonts.set(docx.oxml.ns.qn("w:eastAsia"), font)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:  # pragma: no cover - poppler-utils is installed by .ci/run
        pytest.skip("pdftotext (poppler-utils) is missing")
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([exe, str(path), "-"], capture_output=True, check=True)
    return "".join(done.stdout.decode("utf-8").split())  # PDF text spaces out numbers


@pytest.fixture
def no_office(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "soffice_path", lambda: None)


def test_fonts_named_reads_styles_and_runs() -> None:
    names = fonts_named(_template("通知", font="方正小标宋简体"))
    assert "方正小标宋简体" in names
    assert fonts_named(EXAMPLE.read_bytes()) >= {"仿宋_GB2312", "黑体"}


def test_a_font_that_is_not_installed_is_named_with_its_stand_in() -> None:
    missing = office.missing_fonts(["这个字体不存在XYZ"])
    if office.installed_families() is None:  # pragma: no cover - no fontconfig
        assert missing == []
        return
    assert [m.name for m in missing] == ["这个字体不存在XYZ"]
    assert "is not installed" in str(missing[0])


def test_without_libreoffice_pdf_output_says_how_to_install_it(
    no_office: None, tmp_path: Path
) -> None:
    result = xxfill.fill(xxfill.Text("召开XX次会议"), {"#1": 3})
    with pytest.raises(xxfill.OutputError, match="apt-get install libreoffice"):
        result.save(tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_without_libreoffice_the_preview_says_so_instead_of_failing(no_office: None) -> None:
    preview = xxfill.fill(xxfill.Text("召开XX次会议"), {"#1": 3}).preview()
    assert preview.pages == ()
    assert "LibreOffice" in (preview.note or "")
    assert "LibreOffice" in preview._repr_html_()


def test_cli_pdf_without_libreoffice_is_a_usage_error(
    no_office: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["fill", str(EXAMPLE), str(VALUES), "-o", str(tmp_path / "r.pdf")])
    assert code == 2
    assert "LibreOffice" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


@needs_soffice
def test_a_filled_docx_saves_as_pdf_with_its_values(tmp_path: Path) -> None:
    template = _template("本年度共召开会议XX次，由XXX主持。")
    result = xxfill.fill(template, {"#1": 12, "#2": "王建华"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = result.save(tmp_path / "filled.pdf")
    installed = office.installed_families()
    if installed is not None and "仿宋_GB2312" not in installed:
        assert any("仿宋_GB2312 is not installed" in str(w.message) for w in caught)
    pdf = Path(path).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf, tmp_path)
    assert "12" in text and "王建华" in text and "XX" not in text


@needs_soffice
def test_a_filled_text_saves_as_pdf(tmp_path: Path) -> None:
    result = xxfill.fill(xxfill.Text("学习贯彻党的XX大精神"), {"党的XX大": 20})
    pdf = Path(result.save(tmp_path / "t.pdf")).read_bytes()
    assert "二十大" in _pdf_text(pdf, tmp_path)


@needs_soffice
def test_cli_fill_writes_pdf_and_warns_about_missing_fonts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    assert main(["fill", str(EXAMPLE), str(VALUES), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    err = capsys.readouterr().err
    missing = office.missing_fonts(fonts_named(EXAMPLE.read_bytes()))
    for font in missing:
        assert f"xxfill: warning: the font {font.name} is not installed" in err


@needs_soffice
def test_the_preview_is_a_picture_of_the_filled_pages() -> None:
    result = xxfill.fill(EXAMPLE, xxfill.load_values(VALUES))
    preview = result.preview(pages=2)
    if shutil.which("pdftoppm") is None:  # pragma: no cover - poppler-utils is in .ci/run
        assert preview.pages == () and "poppler" in (preview.note or "")
        return
    assert len(preview.pages) == 2
    assert all(p.startswith(b"\x89PNG") for p in preview.pages)
    assert preview._repr_html_().count("data:image/png;base64,") == 2
    assert preview._repr_png_() == preview.pages[0]


@needs_soffice
def test_one_office_converts_many_documents_in_one_run(tmp_path: Path) -> None:
    docs = [(_template(f"第{i}份文件"), f"d{i}.docx") for i in range(3)]
    with office.Office() as o:
        pdfs = o.convert_many(docs, "pdf")
    assert len(pdfs) == 3
    texts = [_pdf_text(p, tmp_path) for p in pdfs]
    assert [f"第{i}份文件" in t for i, t in enumerate(texts)] == [True] * 3


@needs_soffice
def test_batch_pdf_writes_a_pdf_beside_each_document(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    template.write_bytes(_template("本年度共召开会议XX次。"))
    data = tmp_path / "d.csv"
    data.write_text("召开会议XX次\n3\n4\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(template), str(data), "-o", str(out), "-q", "--pdf"]) == 0
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == ["00001.pdf", "00002.pdf"]
    assert "召开会议4次" in _pdf_text((out / "00002.pdf").read_bytes(), tmp_path)


def test_batch_pdf_without_libreoffice_says_how_to_install_it(
    no_office: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.txt"
    template.write_text("召开会议XX次", encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("召开会议XX次\n3\n", encoding="utf-8")
    code = main(["batch", str(template), str(data), "-o", str(tmp_path / "o"), "-q", "--pdf"])
    assert code == 2
    assert "LibreOffice" in capsys.readouterr().err
