"""DocxSource on broken, disguised and hostile files: one clear xxfill error for each."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docxbuild import build_docx, p, r
from xxfill.core.errors import (
    CorruptDocumentError,
    LimitExceededError,
    UnsafeDocumentError,
    UnsupportedFormatError,
    XXFillError,
)
from xxfill.core.model import Edit, Limits
from xxfill.docx.package import describe_ole
from xxfill.docx.stories import DocxSource

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
GOOD = build_docx(p(r("召开"), r("X"), r("X"), "次会议"), headers=[p("XX局")])


def zip_of(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def with_document(xml: str | bytes) -> bytes:
    return build_docx("", document_xml=xml)  # type: ignore[arg-type]


def open_(data: bytes, **kw: object) -> DocxSource:
    return DocxSource.from_bytes(data, name="in.docx", **kw)  # type: ignore[arg-type]


def test_an_empty_file_is_a_corrupt_document() -> None:
    """Zero bytes say so."""
    with pytest.raises(CorruptDocumentError, match="empty"):
        open_(b"")


def test_bytes_that_are_not_a_zip_are_a_corrupt_document() -> None:
    """Plain bytes named .docx are reported as not a zip package."""
    with pytest.raises(CorruptDocumentError, match="zip"):
        open_(b"this is not a word file at all")


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.99])
def test_a_truncated_zip_is_a_corrupt_document(keep: float) -> None:
    """Cutting the file anywhere gives CorruptDocumentError, naming the file."""
    with pytest.raises(CorruptDocumentError, match=r"in\.docx"):
        open_(GOOD[: int(len(GOOD) * keep)])


def test_damaged_compressed_data_is_a_corrupt_document() -> None:
    """A flipped byte inside the compressed document part fails the CRC or inflate cleanly."""
    with zipfile.ZipFile(io.BytesIO(GOOD)) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode())
    data = bytearray(GOOD)
    for k in range(start + 2, start + info.compress_size - 2, 7):
        data[k] ^= 0x55
    with pytest.raises(CorruptDocumentError, match=r"word/document\.xml"):
        open_(bytes(data))


def test_a_zip_without_word_document_xml_says_what_is_missing() -> None:
    """A zip that is no Word package names word/document.xml."""
    with pytest.raises(CorruptDocumentError, match=r"word/document\.xml"):
        open_(zip_of({"readme.txt": "hello"}))


@pytest.mark.parametrize(
    ("members", "what"),
    [
        ({"xl/workbook.xml": "<workbook/>"}, "Excel"),
        ({"ppt/presentation.xml": "<presentation/>"}, "PowerPoint"),
        ({"mimetype": "application/vnd.oasis.opendocument.text"}, "OpenDocument"),
    ],
)
def test_other_office_files_renamed_to_docx_are_named(members: dict, what: str) -> None:
    """xlsx, pptx and odt with a .docx name get UnsupportedFormatError saying what they are."""
    with pytest.raises(UnsupportedFormatError, match=what):
        open_(zip_of(members))


@pytest.mark.parametrize(
    ("stream", "suffix", "what"),
    [
        ("WordDocument", ".doc", "Word 97-2003"),
        ("WordDocument", ".wps", "WPS"),
        ("EncryptionInfo", ".docx", "password"),
        ("Workbook", ".xls", "Excel"),
    ],
)
def test_ole2_files_say_what_they_are_and_what_to_do(stream: str, suffix: str, what: str) -> None:
    """Binary Office files and encrypted OOXML are recognised from their OLE2 stream names."""
    data = OLE + stream.encode("utf-16-le") + bytes(64)
    message = describe_ole(data, suffix)
    assert what in message
    with pytest.raises(UnsupportedFormatError, match=what):
        DocxSource.from_bytes(data, name=f"x{suffix}")
    if stream == "WordDocument":
        assert "soffice --headless --convert-to docx" in message


def test_a_doctype_with_entity_expansion_is_refused() -> None:
    """Billion laughs: refused before any entity is expanded."""
    xml = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(UnsafeDocumentError, match="DOCTYPE"):
        open_(with_document(xml))


def test_an_external_entity_is_refused_and_never_fetched(tmp_path) -> None:
    """An external entity pointing at a local file is refused; its content never shows up."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(UnsafeDocumentError) as info:
        open_(with_document(xml))
    assert "TOPSECRET" not in str(info.value)


def test_a_doctype_in_a_utf16_part_is_refused_too() -> None:
    """The DOCTYPE check does not depend on the part's encoding."""
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body/></w:document>"
    ).encode("utf-16")
    with pytest.raises(UnsafeDocumentError):
        open_(with_document(xml))


def test_a_utf16_document_part_is_read() -> None:
    """Parts may be UTF-16 (OPC allows it); their text is read like UTF-8 parts."""
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>共XX人</w:t></w:r></w:p></w:body></w:document>"
    ).encode("utf-16")
    source = open_(with_document(xml))
    assert source.parts[0].text == "共XX人"
    assert source.apply([Edit("word/document.xml", 1, 3, "9")]).text == "共9人"


def test_malformed_xml_names_the_part_and_the_line() -> None:
    """A broken header part is reported with its name, line and column."""
    data = build_docx(p("正文"), headers=["<w:p><w:r><w:t>页眉</w:r></w:p>"])
    with pytest.raises(CorruptDocumentError, match=r"word/header1\.xml .*line 1, column \d+"):
        open_(data)


def test_strict_open_xml_is_named() -> None:
    """Strict OOXML uses other namespaces; it is reported, not read as an empty document."""
    xml = (
        '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
        "<w:body><w:p><w:r><w:t>XX</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(UnsupportedFormatError, match="Strict"):
        open_(with_document(xml))


def test_too_many_members_exceed_a_limit_that_can_be_raised() -> None:
    """Limits.max_members bounds the zip; raising it lets the same file through."""
    data = build_docx(p("XX"), extra={f"media/{i}.bin": b"x" for i in range(50)})
    with pytest.raises(LimitExceededError, match="max_members"):
        open_(data, limits=Limits(max_members=20))
    assert open_(data, limits=Limits(max_members=100)).parts[0].text == "XX"


def test_a_zip_bomb_part_is_refused_before_it_is_inflated() -> None:
    """A 100 MB part of zeros (a few hundred KB compressed) exceeds max_member_bytes."""
    doc = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + b" " * (100 * 1024 * 1024)
        + b"<w:body/></w:document>"
    )
    data = with_document(doc)
    assert len(data) < 1024 * 1024
    with pytest.raises(LimitExceededError, match="max_member_bytes"):
        open_(data)


def test_the_declared_total_size_is_bounded() -> None:
    """Limits.max_total_bytes bounds the sum of the declared uncompressed sizes."""
    data = build_docx(p("XX"), extra={"media/big.bin": bytes(2_000_000)})
    with pytest.raises(LimitExceededError, match="max_total_bytes"):
        open_(data, limits=Limits(max_total_bytes=1_000_000))


def test_duplicate_member_names_are_a_corrupt_document() -> None:
    """Two members named word/document.xml are ambiguous: refused."""
    buf = io.BytesIO(GOOD)
    with (
        pytest.warns(UserWarning),
        zipfile.ZipFile(buf, "a") as zf,
    ):
        zf.writestr("word/document.xml", "<x/>")
    with pytest.raises(CorruptDocumentError, match="two members"):
        open_(buf.getvalue())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=8),
    st.booleans(),
)
# found once: a member whose name became empty made the CRC check's ZipInfo.is_dir() raise
@example(flips=[(1648, 0)], truncate=False)
def test_mutated_docx_bytes_only_ever_raise_xxfill_errors(
    flips: list[tuple[int, int]], truncate: bool
) -> None:
    """Random byte mutations (and truncation) of a real fixture: reading and filling either
    work or raise an XXFillError, never anything else."""
    data = bytearray(GOOD)
    for pos, val in flips:
        data[pos] = val
    blob = bytes(data[: flips[0][0]] if truncate else data)
    try:
        source = open_(blob)
        edits = []
        for part in source.parts:
            pos = part.text.find("XX")
            if pos >= 0:
                edits.append(Edit(part.name, pos, pos + 2, "5"))
        source.apply(edits).to_bytes()
    except XXFillError:
        pass


def test_a_text_run_beyond_the_parsers_bound_is_a_limit_not_corruption() -> None:
    """A well-formed part with one text node over libxml2's 10 MB bound: LimitExceededError
    saying what to do, not 'malformed XML'."""
    import xxfill
    from docxbuild import build_docx, p, r

    with pytest.raises(xxfill.LimitExceededError, match="split the very long text"):
        xxfill.scan(build_docx(p(r("X" * 11_000_000))))
