"""OpenDocument input: .odt and flat .fodt are recognised by their content, refused with a hint,
and converted with ``--convert`` / ``convert_doc=True`` (LibreOffice)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import xxfill
from docxbuild import soffice_marker
from xxfill.cli.main import main

needs_soffice = soffice_marker()

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
)
BODY = "<office:body><office:text><text:p>{}</text:p></office:text></office:body>"
MIME = "application/vnd.oasis.opendocument.text"


def odt(text: str) -> bytes:
    """A minimal .odt: the stored mimetype member first, a manifest and the content."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), MIME)  # stored, first
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{MIME}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        z.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
            f"{BODY.format(text)}</office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buf.getvalue()


def fodt(text: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} '
        f'office:mimetype="{MIME}">{BODY.format(text)}</office:document>'
    ).encode()


@pytest.mark.parametrize(
    ("name", "make", "what"),
    [
        ("t.odt", odt, "an OpenDocument file"),
        ("t.fodt", fodt, "a flat (XML) OpenDocument file"),
        ("looks-like.txt", fodt, "a flat (XML) OpenDocument file"),
        ("renamed.docx", odt, "an OpenDocument file"),
    ],
)
def test_opendocument_is_recognised_by_content_and_refused_with_a_hint(
    tmp_path: Path, name: str, make: object, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make("本年度召开会议XX次。"))  # type: ignore[operator]
    with pytest.raises(xxfill.UnsupportedFormatError) as err:
        xxfill.scan(path)
    assert f"is {what} ({MIME})" in str(err.value)
    assert "--convert" in str(err.value)


def test_flat_odt_bytes_are_never_read_as_plain_text() -> None:
    with pytest.raises(xxfill.UnsupportedFormatError):
        xxfill.scan(fodt("召开XX次会议"))


def test_an_xml_file_that_is_not_opendocument_stays_text() -> None:
    scan = xxfill.scan(xxfill.Text('<?xml version="1.0"?><doc>召开XX次会议</doc>'))
    assert len(scan) == 1


@needs_soffice
@pytest.mark.parametrize(("name", "make"), [("t.odt", odt), ("t.fodt", fodt)])
def test_convert_reads_odt_and_flat_odt(tmp_path: Path, name: str, make: object) -> None:
    path = tmp_path / name
    path.write_bytes(make("本年度召开会议XX次。"))  # type: ignore[operator]
    scan = xxfill.scan(path, convert_doc=True)
    assert [p.context for p in scan] == ["本年度召开会议XX次。"]
    result = xxfill.fill(path, {"#1": 12}, convert_doc=True)
    assert "召开会议12次" in result.text


@needs_soffice
def test_cli_convert_fills_an_odt(tmp_path: Path) -> None:
    path = tmp_path / "t.odt"
    path.write_bytes(odt("本年度召开会议XX次。"))
    values = tmp_path / "v.toml"
    values.write_text('"#1" = 7\n', encoding="utf-8")
    out = tmp_path / "out.docx"
    assert main(["fill", "--convert", str(path), str(values), "-o", str(out)]) == 0
    assert "召开会议7次" in xxfill.scan(out).parts[0].text
