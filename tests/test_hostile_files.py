"""Hostile and broken template files, through the public API: each gets one clear
``xxfill.XXFillError`` subclass that names the file (and the part), nothing is fetched or
expanded, memory stays bounded, and documented limits can be raised."""

from __future__ import annotations

import http.server
import io
import struct
import threading
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import xxfill
from docxbuild import build_docx, p, r

GOOD = build_docx(p(r("召开"), r("X"), r("X"), "次会议"), headers=[p("XX局")])
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MB = 1024 * 1024


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def zip_of(members: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """``data`` with member ``name`` replaced (all other members kept)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members[name] = content
    return zip_of(members)  # type: ignore[arg-type]


def peak_memory(fn: Callable[[], object]) -> tuple[int, BaseException | None]:
    """Peak Python allocation while running ``fn`` (and the exception it raised, if any)."""
    tracemalloc.start()
    error: BaseException | None = None
    try:
        fn()
    except BaseException as exc:
        error = exc
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, error


# --------------------------------------------------------------------------------------------
# A minimal OLE2 compound file (the container of .doc, .wps, .xls and encrypted OOXML)

_FREE, _END, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole_file(streams: list[tuple[str, int]]) -> bytes:
    """A structurally valid compound file (v3, 512-byte sectors): a FAT sector and one
    directory sector holding Root Entry and up to three empty entries ``(name, type)``
    (type 2 a stream, 1 a storage), chained as right siblings."""
    assert len(streams) <= 3
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    # number of directory sectors (0 in v3), FAT sectors, first directory sector, transaction
    struct.pack_into("<IIII", header, 40, 0, 1, 1, 0)
    # mini stream cutoff, first mini FAT sector, mini FAT sectors, first DIFAT sector, DIFAT count
    struct.pack_into("<IIIII", header, 56, 4096, _END, 0, _END, 0)
    difat = [0] + [_FREE] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = struct.pack("<128I", _FATSECT, _END, *([_FREE] * 126))
    entries = [("Root Entry", 5), *streams]
    directory = bytearray()
    for i, (name, kind) in enumerate(entries):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entry = bytearray(128)
        entry[0 : len(raw)] = raw
        right = i + 1 if 0 < i < len(entries) - 1 else _FREE
        child = 1 if i == 0 and len(entries) > 1 else _FREE
        struct.pack_into("<HBB", entry, 64, len(raw), kind, 1)
        struct.pack_into("<III", entry, 68, _FREE, right, child)
        struct.pack_into("<IQ", entry, 116, _END, 0)
        directory += entry
    directory += bytes(512 - len(directory))
    return bytes(header) + fat + bytes(directory)


DOC = ole_file([("WordDocument", 2), ("1Table", 2), ("\x05SummaryInformation", 2)])
ENCRYPTED = ole_file([("\x06DataSpaces", 1), ("EncryptionInfo", 2), ("EncryptedPackage", 2)])


def test_the_hand_built_ole_file_is_a_compound_document() -> None:
    """The OLE2 fixtures are real compound files (header, FAT, directory), not just magic."""
    assert len(DOC) == 3 * 512
    assert DOC[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert "WordDocument".encode("utf-16-le") in DOC[1024:]
    assert "EncryptedPackage".encode("utf-16-le") in ENCRYPTED[1024:]


# --------------------------------------------------------------------------------------------
# Empty, not a zip, truncated, damaged


def test_an_empty_docx_file_is_a_corrupt_document(tmp_path: Path) -> None:
    """Zero bytes named .docx: CorruptDocumentError saying the file is empty."""
    path = write(tmp_path, "empty.docx", b"")
    with pytest.raises(xxfill.CorruptDocumentError, match=r"empty\.docx.*empty"):
        xxfill.scan(path)


def test_an_empty_text_file_is_an_empty_template(tmp_path: Path) -> None:
    """Zero bytes named .txt: no placeholders, and filling it gives zero bytes."""
    path = write(tmp_path, "empty.txt", b"")
    assert len(xxfill.scan(path)) == 0
    result = xxfill.fill(path, {})
    assert result.to_bytes() == b""
    assert Path(result.save(tmp_path / "out.txt")).read_bytes() == b""


@pytest.mark.parametrize(
    "data",
    [b"just some text", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"<html><body>XX</body></html>", b"\x00"],
)
def test_a_docx_that_is_not_a_zip_is_a_corrupt_document(tmp_path: Path, data: bytes) -> None:
    """Anything named .docx that is not a zip package says so and names the file."""
    path = write(tmp_path, "report.docx", data)
    with pytest.raises(xxfill.CorruptDocumentError, match=r"report\.docx.*not a zip"):
        xxfill.scan(path)


@pytest.mark.parametrize("cut", [1, 4, 30, 200, -200, -60, -22, -10, -1])
def test_a_truncated_docx_is_a_corrupt_document(tmp_path: Path, cut: int) -> None:
    """Cut anywhere (inside a local header, the data, the central directory or the end
    record): a CorruptDocumentError naming the file."""
    path = write(tmp_path, "cut.docx", GOOD[:cut])
    with pytest.raises(xxfill.CorruptDocumentError, match=r"cut\.docx"):
        xxfill.scan(path)


def test_damaged_compressed_data_names_the_part(tmp_path: Path) -> None:
    """Garbage inside the deflated header part fails inflate or the CRC: the error names
    word/header1.xml."""
    with zipfile.ZipFile(io.BytesIO(GOOD)) as zf:
        info = zf.getinfo("word/header1.xml")
    start = info.header_offset + 30 + len(info.filename.encode())
    data = bytearray(GOOD)
    for k in range(start, start + info.compress_size, 3):
        data[k] ^= 0xA5
    path = write(tmp_path, "damaged.docx", bytes(data))
    with pytest.raises(xxfill.CorruptDocumentError, match=r"word/header1\.xml"):
        xxfill.scan(path)


def test_a_zip_without_word_document_xml_says_what_is_missing(tmp_path: Path) -> None:
    """A zip that holds no main document part is named as such."""
    path = write(tmp_path, "bundle.docx", zip_of({"notes/readme.txt": "XX"}))
    with pytest.raises(xxfill.CorruptDocumentError, match=r"word/document\.xml"):
        xxfill.scan(path)


# --------------------------------------------------------------------------------------------
# Other formats in disguise


@pytest.mark.parametrize(
    ("name", "what"),
    [("old.docx", "Word 97-2003"), ("old.doc", "Word 97-2003"), ("old.wps", "WPS")],
)
def test_binary_word_and_wps_files_say_what_they_are_and_how_to_convert(
    tmp_path: Path, name: str, what: str
) -> None:
    """A .doc or .wps (OLE2) file, renamed to .docx or not: UnsupportedFormatError that names
    the format and gives the LibreOffice command to convert it."""
    path = write(tmp_path, name, DOC)
    with pytest.raises(xxfill.UnsupportedFormatError, match=what) as info:
        xxfill.scan(path)
    assert "soffice --headless --convert-to docx" in str(info.value)
    assert name in str(info.value)


def _ooxml(main: str, ctype: str) -> bytes:
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{main}" ContentType="{ctype}"/></Types>'
    )
    return zip_of({"[Content_Types].xml": types, main: "<root/>", "_rels/.rels": "<r/>"})


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (
            _ooxml(
                "xl/workbook.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            ),
            "Excel",
        ),
        (
            _ooxml(
                "ppt/presentation.xml",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            ),
            "PowerPoint",
        ),
    ],
    ids=["xlsx", "pptx"],
)
def test_spreadsheets_and_presentations_renamed_to_docx_are_named(
    tmp_path: Path, data: bytes, what: str
) -> None:
    """An .xlsx or .pptx renamed to .docx: UnsupportedFormatError saying which it is."""
    path = write(tmp_path, "renamed.docx", data)
    with pytest.raises(xxfill.UnsupportedFormatError, match=what):
        xxfill.scan(path)


def test_an_encrypted_word_file_says_to_remove_the_password(tmp_path: Path) -> None:
    """Password-protected OOXML is an OLE2 container with EncryptionInfo/EncryptedPackage:
    UnsupportedFormatError that says it is encrypted and what to do."""
    path = write(tmp_path, "secret.docx", ENCRYPTED)
    with pytest.raises(xxfill.UnsupportedFormatError, match="password") as info:
        xxfill.scan(path)
    assert "encrypted" in str(info.value)


def central_record(data: bytes | bytearray, name: str) -> int:
    """The offset of ``name``'s central-directory record."""
    cd = bytes(data).find(b"PK\x01\x02")
    while cd != -1:
        n = int.from_bytes(data[cd + 28 : cd + 30], "little")
        if data[cd + 46 : cd + 46 + n] == name.encode():
            return cd
        cd = bytes(data).find(b"PK\x01\x02", cd + 4)
    raise KeyError(name)


def test_zip_encryption_of_a_part_is_refused(tmp_path: Path) -> None:
    """A member with the zip encryption flag is reported, not read as garbage."""
    data = bytearray(GOOD)
    with zipfile.ZipFile(io.BytesIO(GOOD)) as zf:
        info = zf.getinfo("word/document.xml")
    # bit 0 (encrypted) of the general purpose flags, in the local and the central header
    data[info.header_offset + 6] |= 1
    data[central_record(data, "word/document.xml") + 8] |= 1
    path = write(tmp_path, "zipcrypto.docx", bytes(data))
    with pytest.raises(xxfill.UnsupportedFormatError, match=r"word/document\.xml.*encrypt"):
        xxfill.scan(path)


# --------------------------------------------------------------------------------------------
# Zip bombs and limits


def _bomb_docx(size: int) -> bytes:
    doc = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    return replace_member(
        GOOD, "word/document.xml", doc + b" " * size + b"</w:t></w:r></w:p></w:body></w:document>"
    )


def test_a_zip_bomb_part_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    """A 200 MB part packed into a few hundred KB: LimitExceededError naming the part and
    Limits.max_member_bytes, with no more than a few MB ever allocated."""
    data = _bomb_docx(200 * MB)
    assert len(data) < MB
    path = write(tmp_path, "bomb.docx", data)
    peak, error = peak_memory(lambda: xxfill.scan(path))
    assert isinstance(error, xxfill.LimitExceededError)
    assert "word/document.xml" in str(error)
    assert "max_member_bytes" in str(error)
    assert peak < 8 * MB


def test_a_part_over_the_limit_goes_through_when_the_limit_is_raised(tmp_path: Path) -> None:
    """The same file is refused under a low max_member_bytes and read under a higher one
    (the documented way to accept unusually large documents)."""
    path = write(tmp_path, "big.docx", _bomb_docx(2 * MB))
    with pytest.raises(xxfill.LimitExceededError, match="max_member_bytes"):
        xxfill.scan(path, limits=xxfill.Limits(max_member_bytes=MB))
    assert len(xxfill.scan(path, limits=xxfill.Limits(max_member_bytes=4 * MB))) == 1


def test_a_zip_that_understates_a_parts_size_cannot_inflate_past_it(tmp_path: Path) -> None:
    """A member whose headers claim 1 KB but whose data inflates to 50 MB: reading stops at
    the claimed size and the CRC check fails, so the file is corrupt; memory stays small."""
    data = bytearray(_bomb_docx(50 * MB))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1024)  # local: uncompressed size
    struct.pack_into("<I", data, central_record(data, "word/document.xml") + 24, 1024)
    path = write(tmp_path, "liar.docx", bytes(data))
    peak, error = peak_memory(lambda: xxfill.scan(path))
    assert isinstance(error, xxfill.CorruptDocumentError), error
    assert "word/document.xml" in str(error)
    assert peak < 8 * MB


def test_a_zip_with_too_many_members_is_refused_unless_the_limit_is_raised(
    tmp_path: Path,
) -> None:
    """10,001 tiny members exceed Limits.max_members; raising it reads the same file."""
    with zipfile.ZipFile(io.BytesIO(GOOD)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    members.update({f"junk/{i}.bin": b"" for i in range(10_001)})
    path = write(tmp_path, "many.docx", zip_of(members, zipfile.ZIP_STORED))  # type: ignore[arg-type]
    with pytest.raises(xxfill.LimitExceededError, match="max_members"):
        xxfill.scan(path)
    assert len(xxfill.scan(path, limits=xxfill.Limits(max_members=20_000))) == 2


def test_the_declared_total_size_is_bounded(tmp_path: Path) -> None:
    """The sum of the sizes a zip declares is checked before anything is inflated."""
    data = build_docx(p("共XX人"), extra={"media/a.bin": bytes(3 * MB)})
    path = write(tmp_path, "media.docx", data)
    with pytest.raises(xxfill.LimitExceededError, match="max_total_bytes"):
        xxfill.scan(path, limits=xxfill.Limits(max_total_bytes=2 * MB))
    assert len(xxfill.scan(path)) == 1


def test_a_docx_file_larger_than_the_total_limit_is_refused_unread(tmp_path: Path) -> None:
    """A (sparse) 1.1 GB file starting like a zip is refused from its size alone."""
    path = tmp_path / "huge.docx"
    with open(path, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(1100 * MB)
    peak, error = peak_memory(lambda: xxfill.scan(path))
    assert isinstance(error, xxfill.LimitExceededError), error
    assert "max_total_bytes" in str(error)
    assert peak < 4 * MB


# --------------------------------------------------------------------------------------------
# DTDs and entities: refused, nothing expanded, nothing fetched

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def _doc_with(prolog: str, body_text: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body>'
        f"<w:p><w:r><w:t>{body_text}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


@pytest.mark.parametrize(
    "part", ["word/document.xml", "word/header1.xml", "[Content_Types].xml", "docProps/core.xml"]
)
def test_billion_laughs_in_any_part_is_refused(tmp_path: Path, part: str) -> None:
    """Nested entities (a billion laughs) in any part xxfill parses: UnsafeDocumentError
    naming the part; no expansion (memory stays small)."""
    base = build_docx(p("共XX人"), headers=[p("XX局")], core={"title": "XX"})
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        original = zf.read(part).decode()
    decl_end = original.find("?>") + 2 if original.startswith("<?xml") else 0
    hostile = original[:decl_end] + LAUGHS + original[decl_end:].replace("XX", "&lol9;", 1)
    path = write(tmp_path, "laughs.docx", replace_member(base, part, hostile.encode()))
    peak, error = peak_memory(lambda: xxfill.scan(path))
    assert isinstance(error, xxfill.UnsafeDocumentError), error
    assert part in str(error)
    assert "lollollol" not in str(error)
    assert peak < 8 * MB


def test_an_external_file_entity_is_refused_and_never_read(tmp_path: Path) -> None:
    """SYSTEM entities pointing at local files (/etc/passwd, a secret beside the template) are
    refused; their content appears nowhere."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-4711")
    for target in ("file:///etc/passwd", secret.as_uri()):
        prolog = f'<!DOCTYPE d [<!ENTITY x SYSTEM "{target}">]>'
        data = replace_member(GOOD, "word/document.xml", _doc_with(prolog, "&x;XX"))
        path = write(tmp_path, "xxe.docx", data)
        with pytest.raises(xxfill.UnsafeDocumentError) as info:
            xxfill.scan(path)
        assert "TOPSECRET" not in str(info.value)
        assert "root:" not in str(info.value)


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY x "FETCHED">')

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE d [<!ENTITY x SYSTEM "{url}/entity">]>',
        '<!DOCTYPE d SYSTEM "{url}/external.dtd">',
        '<!DOCTYPE d [<!ENTITY % p SYSTEM "{url}/param.dtd"> %p;]>',
        "<!--" + "padding " * 700 + '--><!DOCTYPE d SYSTEM "{url}/late.dtd">',
    ],
    ids=["general-entity", "external-dtd", "parameter-entity", "doctype-after-5kb"],
)
def test_network_entities_and_dtds_are_refused_and_never_fetched(
    tmp_path: Path, http_server: tuple[str, list[str]], prolog: str
) -> None:
    """External DTDs and entities over HTTP (even a DOCTYPE after 5 KB of comment): refused
    with UnsafeDocumentError, and the server never sees a request."""
    url, seen = http_server
    data = replace_member(GOOD, "word/document.xml", _doc_with(prolog.format(url=url), "XX"))
    path = write(tmp_path, "net.docx", data)
    with pytest.raises(xxfill.UnsafeDocumentError, match="DOCTYPE"):
        xxfill.scan(path)
    assert seen == []


def test_a_doctype_in_a_utf16_part_is_refused(tmp_path: Path) -> None:
    """A UTF-16 part hides its DOCTYPE from a byte search; the parsed tree still gives it away."""
    xml = _doc_with('<!DOCTYPE d [<!ENTITY x "boom">]>', "&x;").decode()
    xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = replace_member(GOOD, "word/document.xml", xml.encode("utf-16"))
    path = write(tmp_path, "utf16.docx", data)
    with pytest.raises(xxfill.UnsafeDocumentError):
        xxfill.scan(path)


# --------------------------------------------------------------------------------------------
# Malformed XML


@pytest.mark.parametrize(
    ("part", "broken"),
    [
        ("word/document.xml", "<w:document><w:body><w:p></w:body></w:document>"),
        ("word/header1.xml", f'<w:hdr xmlns:w="{W_NS}"><w:p><w:r><w:t>XX</w:p></w:hdr>'),
        ("word/header1.xml", f'<w:hdr xmlns:w="{W_NS}"><w:p>&undefined;</w:p></w:hdr>'),
        ("word/header1.xml", ""),
        ("[Content_Types].xml", "<Types"),
    ],
    ids=["unbound-prefix", "mismatched-tag", "undefined-entity", "empty-part", "cut-short"],
)
def test_malformed_xml_names_the_part(tmp_path: Path, part: str, broken: str) -> None:
    """A part that is not well-formed XML: CorruptDocumentError naming that part (and the
    line, when there is one)."""
    data = replace_member(GOOD, part, broken.encode())
    path = write(tmp_path, "malformed.docx", data)
    with pytest.raises(xxfill.CorruptDocumentError) as info:
        xxfill.scan(path)
    message = str(info.value)
    assert part in message
    assert "malformed.docx" in message


# --------------------------------------------------------------------------------------------
# Huge text


def test_a_200_mb_text_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A (sparse) 200 MB text file exceeds Limits.max_text_bytes: refused from its size,
    without reading it (a few MB of memory at most) and without touching it."""
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.write("共XX人\n".encode())
        fh.truncate(200 * MB)
    peak, error = peak_memory(lambda: xxfill.scan(path))
    assert isinstance(error, xxfill.LimitExceededError), error
    assert "huge.txt" in str(error)
    assert "max_text_bytes" in str(error)
    assert peak < 4 * MB
    assert path.stat().st_size == 200 * MB


class EndlessText(io.RawIOBase):
    """A stream of text that never ends (no size to stat); counts what was read."""

    def __init__(self) -> None:
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = len(buffer)
        buffer[:n] = b"a" * n
        self.consumed += n
        return n


def test_an_endless_stream_is_refused_after_reading_at_most_the_limit() -> None:
    """A stream with no size is read only up to the limit (plus one byte), then refused."""
    stream = EndlessText()
    limit = 2 * MB
    with pytest.raises(xxfill.LimitExceededError, match="max_text_bytes"):
        xxfill.scan(stream, limits=xxfill.Limits(max_text_bytes=limit))
    assert stream.consumed <= limit + 1


def test_the_text_limit_can_be_raised(tmp_path: Path) -> None:
    """A 3 MB text is refused under a 1 MB limit and read under the default."""
    path = write(tmp_path, "long.txt", ("共XX人。" + "说明文字" * 100 + "\n").encode() * 7000)
    assert path.stat().st_size > 3 * MB
    with pytest.raises(xxfill.LimitExceededError):
        xxfill.scan(path, limits=xxfill.Limits(max_text_bytes=MB))
    assert len(xxfill.scan(path)) == 7000


# --------------------------------------------------------------------------------------------
# Paths


def test_a_directory_or_missing_path_is_a_source_error(tmp_path: Path) -> None:
    """Neither a directory nor a missing file gets past open, and both name the path."""
    with pytest.raises(xxfill.SourceError, match="directory"):
        xxfill.scan(tmp_path)
    with pytest.raises(xxfill.SourceError, match="no such file"):
        xxfill.scan(tmp_path / "absent.docx")


def test_an_unknown_forced_format_is_unsupported() -> None:
    """format= accepts text or docx only."""
    with pytest.raises(xxfill.UnsupportedFormatError, match="pdf"):
        xxfill.scan(b"XX", format="pdf")


def test_compiled_templates_honour_the_same_limits(tmp_path: Path) -> None:
    """Compiling for batch filling reads under the limits given, like scan and fill: a lowered
    limit refuses what the default accepts (text, DOCX part, DOCX from bytes)."""
    from xxfill.filler.template import compile as compile_template

    text = write(tmp_path, "long.txt", "共XX人。".encode() * 20_000)
    docx = write(tmp_path, "big.docx", _bomb_docx(2 * MB))
    assert len(compile_template(text).placeholders) == 20_000
    with pytest.raises(xxfill.LimitExceededError):
        compile_template(text, limits=xxfill.Limits(max_text_bytes=100_000))
    with pytest.raises(xxfill.LimitExceededError):
        compile_template(text.read_bytes(), limits=xxfill.Limits(max_text_bytes=100_000))
    with pytest.raises(xxfill.LimitExceededError, match="max_member_bytes"):
        compile_template(docx, limits=xxfill.Limits(max_member_bytes=MB))
    with pytest.raises(xxfill.LimitExceededError, match="max_member_bytes"):
        compile_template(docx.read_bytes(), limits=xxfill.Limits(max_member_bytes=MB))
    assert len(compile_template(docx).placeholders) == 1


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("old.docx", DOC, "Word 97-2003"),
        ("secret.docx", ENCRYPTED, "password"),
        ("bomb.docx", None, "max_member_bytes"),
        ("cut.docx", GOOD[:-30], "zip"),
        ("empty.docx", b"", "empty"),
    ],
    ids=["doc", "encrypted", "bomb", "truncated", "empty"],
)
def test_the_command_line_reports_hostile_files_in_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes | None, words: str
) -> None:
    """`xxfill scan` and `xxfill fill` on a hostile file exit with status 2 and one error line
    on standard error (no traceback), and leave no output file."""
    from xxfill.cli.main import main

    path = write(tmp_path, name, _bomb_docx(100 * MB) if data is None else data)
    values = write(tmp_path, "v.toml", b'"#1" = 3\n')
    out = tmp_path / "out.docx"
    assert main(["scan", str(path)]) == 2
    assert main(["fill", str(path), str(values), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("xxfill: error:") == 2
    assert words in err
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(f.name for f in tmp_path.iterdir()) == sorted([name, "v.toml"])
