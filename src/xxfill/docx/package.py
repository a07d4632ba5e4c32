"""The zip package: format sniffing, the bounded reader and the one raw-copy zip writer.

Everything in xxfill that looks at zip or OLE2 bytes does it here: ``sniff_format`` decides what a
file is, ``ZipPackage`` reads members within ``Limits``, ``rewrite`` copies untouched members byte
for byte (``docx.compiled`` writes through the same header layouts and ``compress``).
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from xxfill.core.errors import (
    CorruptDocumentError,
    LimitExceededError,
    SourceError,
    UnsupportedFormatError,
)
from xxfill.core.model import DEFAULT_LIMITS, Limits

__all__ = [
    "CONVERTIBLE",
    "CentralDirectory",
    "NoRawCopy",
    "ZipPackage",
    "central_directory",
    "compress",
    "convert_doc",
    "describe_ole",
    "is_package",
    "is_python_docx",
    "opendocument_kind",
    "read_limit",
    "sniff_format",
]

ZIP_MAGIC = b"PK\x03\x04"
EOCD_MAGIC = b"PK\x05\x06"  # an empty zip starts with its end record
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Zip record layouts: end of central directory, central directory header, local file header.
EOCD = struct.Struct("<4s4H2LH")
CDH = struct.Struct("<4s4B4HL2L5H2L")
LFH = struct.Struct("<4s5HL2L2H")
OFFSET = struct.Struct("<L")


def is_package(head: bytes) -> bool:
    """Whether bytes starting with ``head`` are a zip (DOCX) or OLE2 (.doc/.wps) file."""
    return head.startswith((ZIP_MAGIC, EOCD_MAGIC, OLE_MAGIC))


def is_zip(head: bytes) -> bool:
    """Whether bytes starting with ``head`` are a zip package (what DOCX is)."""
    return head.startswith((ZIP_MAGIC, EOCD_MAGIC))


def is_python_docx(obj: Any) -> bool:
    """Whether ``obj`` is a python-docx ``Document`` (checked without importing python-docx)."""
    cls = type(obj)
    return cls.__name__ == "Document" and cls.__module__.startswith("docx.")


def read_limit(head: bytes, format: str | None = None, limits: Limits = DEFAULT_LIMITS) -> int:
    """How many bytes a template starting with ``head`` may have: ``Limits.max_text_bytes`` for
    text, ``Limits.max_total_bytes`` for a zip or OLE2 file (a package cannot be larger than
    what it may decompress to)."""
    if format == "docx" or (format is None and is_package(head)):
        return limits.max_total_bytes
    return limits.max_text_bytes


def local_header(
    flags: int, method: int, time: int, date: int, crc: int, csize: int, size: int, name: bytes
) -> bytes:
    """A local file header (no extra field) for a member written anew."""
    return LFH.pack(ZIP_MAGIC, 20, flags, method, time, date, crc, csize, size, len(name), 0)


def central_header(
    fields: tuple[int, ...] | list[int],
    flags: int,
    method: int,
    crc: int,
    csize: int,
    size: int,
    name: bytes,
    comment: bytes,
    offset: int,
) -> bytes:
    """A central directory record for a member written anew, keeping the version made by,
    times and attributes of ``fields`` (the member's unpacked old record)."""
    return CDH.pack(
        b"PK\x01\x02", fields[1], fields[2], 20, 0, flags, method, fields[7], fields[8], crc,
        csize, size, len(name), 0, len(comment), 0, fields[16], fields[17], offset,
    )  # fmt: skip


def compress(content: bytes, method: int) -> tuple[bytes, int, int]:
    """``(compressed bytes, crc32, size)`` of ``content`` stored or deflated as Word does."""
    crc = zlib.crc32(content)
    if method == zipfile.ZIP_STORED:
        return content, crc, len(content)
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    return co.compress(content) + co.flush(), crc, len(content)


#: Suffixes ``convert_doc=True`` hands to LibreOffice.
CONVERTIBLE = frozenset({".doc", ".wps", ".rtf", ".odt", ".fodt", ".ott", ".dot", ".wpt"})

_ODF = b"application/vnd.oasis.opendocument"
_CONVERT_HINT = (
    "pass --convert (convert_doc=True) to convert it with LibreOffice, or convert it yourself "
    "with soffice --headless --convert-to docx FILE"
)


def opendocument_kind(data: bytes) -> str | None:
    """The OpenDocument media type of ``data`` (a zipped ``.odt`` or a flat XML ``.fodt``),
    or ``None`` when it is not OpenDocument.

    >>> opendocument_kind(b'<?xml version="1.0"?><office:document office:mimetype='
    ...                   b'"application/vnd.oasis.opendocument.text">')
    'application/vnd.oasis.opendocument.text'
    """
    if is_zip(data):
        # an ODF package stores its media type first, uncompressed, in a member "mimetype"
        if data[30:38] == b"mimetype" and data[38 : 38 + len(_ODF)] == _ODF:
            return data[38:120].split(b"PK", 1)[0].decode("ascii", "replace")
        return None
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") and b"<office:document" in head:
        start = head.find(_ODF)
        if start >= 0:
            end = head.find(b'"', start)
            return head[start:end].decode("ascii", "replace")
        return "application/vnd.oasis.opendocument.text"
    return None


def sniff_format(data: bytes, name: str) -> str:
    """``"docx"`` for a zip, ``"text"`` for text; a clear error for binary formats we don't read."""
    suffix = Path(name).suffix.lower() if not name.startswith("<") else ""
    kind = opendocument_kind(data)
    if kind is not None:
        what = "an OpenDocument file" if is_zip(data) else "a flat (XML) OpenDocument file"
        raise UnsupportedFormatError(
            f"is {what} ({kind}), not a .docx: {_CONVERT_HINT}", source=name
        )
    if is_zip(data):
        return "docx"
    if data.startswith(OLE_MAGIC):
        raise UnsupportedFormatError(describe_ole(data, suffix), source=name)
    if suffix in (".docx", ".docm", ".dotx", ".dotm"):
        if not data:
            # the same class DocxSource gives empty bytes: one kind of problem, one class
            raise CorruptDocumentError(
                "the file is empty (0 bytes), not a DOCX document", source=name
            )
        raise CorruptDocumentError(
            "is named .docx but is not a zip package: the file is damaged or not a Word document",
            source=name,
        )
    if suffix in (".doc", ".wps", ".xls", ".xlsx", ".ppt", ".pptx", ".pdf", ".odt", ".rtf"):
        raise UnsupportedFormatError(
            f"{suffix} files are not supported: save or convert it as .docx "
            "(e.g. soffice --headless --convert-to docx FILE)",
            source=name,
        )
    return "text"


# --------------------------------------------------------------------------------------------
# OLE2 and format sniffing
# --------------------------------------------------------------------------------------------


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def describe_ole(data: bytes, suffix: str = "") -> str:
    """What an OLE2 compound file is and what to do with it.

    >>> describe_ole(b"", ".doc").startswith("is a Word 97-2003")
    True
    """
    convert = "convert it first: soffice --headless --convert-to docx FILE (or Save As .docx)"
    if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
        return (
            "is a password-protected (encrypted) Office document: open it in Word or WPS, remove "
            "the password (File > Info > Protect Document > Encrypt), save it as .docx, and try "
            "again"
        )
    if suffix == ".wps":
        return f"is a WPS Writer (.wps) document, a binary format xxfill does not read: {convert}"
    if _utf16("WordDocument") in data or suffix in (".doc", ".dot"):
        return f"is a Word 97-2003 (.doc) document, a binary format xxfill does not read: {convert}"
    if _utf16("Workbook") in data or _utf16("Book") in data or suffix in (".xls", ".et"):
        return "is an Excel 97-2003 (.xls) workbook, not a Word document"
    if _utf16("PowerPoint Document") in data or suffix in (".ppt", ".dps"):
        return "is a PowerPoint 97-2003 (.ppt) presentation, not a Word document"
    return f"is an OLE2 compound file (an old binary Office format), not a .docx: {convert}"


def convert_doc(path: str | Path, *, timeout: float = 120.0) -> bytes:
    """Convert a ``.doc``/``.wps``/``.rtf``/``.odt`` file to DOCX bytes with LibreOffice.

    Only used when asked for explicitly; needs ``soffice`` on the PATH.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    src = Path(path)
    if soffice is None:
        raise UnsupportedFormatError(
            "converting needs LibreOffice (soffice) on the PATH; install it or convert the file "
            "to .docx yourself",
            source=str(src),
        )
    with tempfile.TemporaryDirectory(prefix="xxfill-soffice-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        outdir = Path(tmp, "out")
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(outdir),
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SourceError(f"LibreOffice conversion failed: {exc}", source=str(src)) from None
        result = outdir / (src.stem + ".docx")
        if not result.is_file():
            raise UnsupportedFormatError(
                "LibreOffice could not convert this file to .docx", source=str(src)
            )
        return result.read_bytes()


# --------------------------------------------------------------------------------------------
# The zip package: bounded reading, raw-copy rewriting
# --------------------------------------------------------------------------------------------


class ZipPackage:
    """A DOCX zip read with bounds; members are decompressed only on demand."""

    def __init__(
        self, data: bytes, *, source: str, limits: Limits, copy_damaged: bool = False
    ) -> None:
        self.data = data
        self.source = source
        self.limits = limits
        #: copy members that fail their CRC check as they are, instead of refusing them
        self.copy_damaged = copy_damaged
        #: members whose bytes are known to match their CRC (read in full, or checked)
        self.verified: set[str] = set()
        if not data:
            raise CorruptDocumentError("the file is empty (0 bytes)", source=source)
        if data.startswith(OLE_MAGIC):
            raise UnsupportedFormatError(describe_ole(data, _suffix(source)), source=source)
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            NotImplementedError,
            OSError,
            ValueError,
            EOFError,
            struct.error,
            UnicodeDecodeError,
        ) as exc:
            raise CorruptDocumentError(
                f"is not a readable zip package (truncated or damaged: {exc}); re-save it as .docx",
                source=source,
            ) from None
        if len(infos) > limits.max_members:
            raise LimitExceededError(
                f"the zip has {len(infos)} members, more than Limits.max_members="
                f"{limits.max_members}",
                source=source,
            )
        total = sum(i.file_size for i in infos)
        if total > limits.max_total_bytes:
            raise LimitExceededError(
                f"the zip declares {total} uncompressed bytes, more than Limits.max_total_bytes="
                f"{limits.max_total_bytes}",
                source=source,
            )
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.filename in self.infos:
                raise CorruptDocumentError(
                    f"the zip holds two members named {info.filename}", source=source
                )
            self.infos[info.filename] = info
        self.read_total = 0

    def names(self) -> list[str]:
        return list(self.infos)

    def read(self, name: str) -> bytes:
        info = self.infos[name]
        limit = self.limits.max_member_bytes
        if info.file_size > limit:
            raise LimitExceededError(
                f"part {name} is {info.file_size} bytes uncompressed, more than "
                f"Limits.max_member_bytes={limit}",
                source=self.source,
            )
        if info.flag_bits & 0x1:
            raise UnsupportedFormatError(
                f"part {name} is encrypted with zip encryption: remove the password in Word",
                source=self.source,
            )
        try:
            with self.zf.open(info) as fh:
                # zipfile never returns more than the declared size, but inflates up to
                # what is asked for in one go: ask for the declared size, not the limit.
                data = fh.read(info.file_size + 1)
        except NotImplementedError as exc:
            raise UnsupportedFormatError(
                f"part {name} uses an unsupported zip compression ({exc})", source=self.source
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError) as exc:
            raise CorruptDocumentError(
                f"part {name} cannot be decompressed (damaged zip: {exc})", source=self.source
            ) from None
        if len(data) > limit:
            raise LimitExceededError(
                f"part {name} decompresses to more than Limits.max_member_bytes={limit}",
                source=self.source,
            )
        self.read_total += len(data)
        if self.read_total > self.limits.max_total_bytes:
            raise LimitExceededError(
                f"decompressed parts exceed Limits.max_total_bytes={self.limits.max_total_bytes}",
                source=self.source,
            )
        self.verified.add(name)  # zipfile checked the CRC on reaching the end
        return data

    def verify(self, names: Iterable[str]) -> None:
        """Check that each of ``names`` (members about to be copied raw into an output)
        decompresses to bytes matching its CRC; ``CorruptDocumentError`` naming the first that
        does not, unless ``copy_damaged``. Each member is checked once per package, streaming,
        so a large picture costs time but not memory."""
        if self.copy_damaged:
            return
        todo = [n for n in names if n not in self.verified and n in self.infos]
        if not todo:
            return
        # A fresh reader: apply() may run in several threads on one source.
        with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
            for name in todo:
                info = self.infos[name]
                if info.flag_bits & 0x1 or info.filename.endswith("/"):  # not is_dir(): ""
                    continue  # encrypted: cannot be checked, copied as it always was
                try:
                    with zf.open(info) as fh:
                        while fh.read(1 << 20):
                            pass
                except NotImplementedError:
                    continue  # a compression zipfile cannot read: copied as it always was
                except (
                    zipfile.BadZipFile,
                    zlib.error,
                    EOFError,
                    OSError,
                    ValueError,
                    IndexError,
                    struct.error,
                ) as exc:
                    why = "CRC mismatch" if "CRC" in str(exc) else f"cannot be decompressed: {exc}"
                    raise CorruptDocumentError(
                        f"{name} is damaged ({why}); Word would call the filled copy "
                        "unreadable. Open the template in Word or WPS and save it again, or "
                        "pass copy_damaged=True (on the command line --copy-damaged) to copy "
                        "the member as it is",
                        source=self.source,
                    ) from None
                self.verified.add(name)

    def rewrite(self, replaced: dict[str, bytes]) -> bytes:
        """A new zip: members in ``replaced`` get new content; all others are copied raw (same
        compressed bytes, headers, order), after checking their CRCs (``verify``)."""
        self.verify(n for n in self.infos if n not in replaced)
        try:
            return raw_rewrite(self.data, replaced)
        except (NoRawCopy, struct.error, UnicodeDecodeError, KeyError):
            pass
        try:
            # A fresh reader: apply() may run in several threads on one source.
            with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
                return rebuild(zf, replaced)
        except NotImplementedError as exc:
            raise UnsupportedFormatError(
                f"the zip uses an unsupported compression ({exc})", source=self.source
            ) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError) as exc:
            raise CorruptDocumentError(
                f"the zip is damaged and cannot be rewritten ({exc}); re-save it as .docx",
                source=self.source,
            ) from None


def _suffix(name: str) -> str:
    return Path(name).suffix.lower() if not name.startswith("<") else ""


class NoRawCopy(Exception):
    """The zip uses something the raw copier does not handle (zip64, prepended data...)."""


@attrs.frozen
class CentralDirectory:
    """A zip's members as its central directory lists them: ``(name, local header offset, raw
    directory record)`` in order, where the directory starts, and the end record's position and
    comment length."""

    entries: tuple[tuple[str, int, bytes], ...]
    cd_offset: int
    eocd_pos: int
    comment_len: int


def central_directory(data: bytes) -> CentralDirectory:
    """Read the central directory for a raw copy; ``NoRawCopy`` when the zip uses something a
    raw copier cannot reproduce (zip64, several disks, records overrunning the end record)."""
    pos = data.rfind(EOCD_MAGIC, max(0, len(data) - 65557 - EOCD.size))
    if pos < 0 or pos + EOCD.size > len(data):
        raise NoRawCopy("no end of central directory")
    _sig, disk, cd_disk, n_disk, n_total, cd_size, cd_offset, comment_len = EOCD.unpack_from(
        data, pos
    )
    if (
        disk
        or cd_disk
        or n_disk != n_total
        or n_total == 0xFFFF
        or cd_offset == 0xFFFFFFFF
        or cd_offset + cd_size != pos
        or data[pos - 20 : pos - 16] == b"PK\x06\x07"
    ):
        raise NoRawCopy("zip64 or multi-disk zip")
    entries: list[tuple[str, int, bytes]] = []
    p = cd_offset
    for _ in range(n_total):
        if data[p : p + 4] != b"PK\x01\x02":
            raise NoRawCopy("bad central directory")
        fields = CDH.unpack_from(data, p)
        flags, n, m, k, offset = fields[5], fields[12], fields[13], fields[14], fields[18]
        if p + 46 + n + m + k > pos:  # a record reaching into the end record: zipfile
            raise NoRawCopy("bad central directory")  # tolerates it, a raw copy cannot
        raw_name = data[p + 46 : p + 46 + n]
        try:
            name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
        except UnicodeDecodeError:
            raise NoRawCopy("undecodable member name") from None
        if offset == 0xFFFFFFFF or fields[10] == 0xFFFFFFFF or fields[11] == 0xFFFFFFFF:
            raise NoRawCopy("zip64 member")
        entries.append((name, offset, data[p : p + 46 + n + m + k]))
        p += 46 + n + m + k
    if p != pos:
        # The records do not exactly fill the central directory (an extra/comment length
        # reaching into the end record): zipfile tolerates it, a raw copy would not.
        raise NoRawCopy("bad central directory")
    return CentralDirectory(tuple(entries), cd_offset, pos, comment_len)


def raw_rewrite(data: bytes, replaced: dict[str, bytes]) -> bytes:
    cd = central_directory(data)
    entries, cd_offset, pos, comment_len = cd.entries, cd.cd_offset, cd.eocd_pos, cd.comment_len
    n_total = len(entries)
    if not set(replaced) <= {e[0] for e in entries} or len({e[1] for e in entries}) != n_total:
        raise NoRawCopy
    offsets = sorted({e[1] for e in entries})
    ends = {
        o: (offsets[i + 1] if i + 1 < len(offsets) else cd_offset) for i, o in enumerate(offsets)
    }
    out = bytearray()
    central = bytearray()
    for name, offset, cd_raw in entries:
        if data[offset : offset + 4] != ZIP_MAGIC:
            raise NoRawCopy
        new_offset = len(out)
        if name in replaced:
            fields = CDH.unpack_from(cd_raw)
            flags, method = fields[5], fields[6]
            if method != zipfile.ZIP_STORED:
                method = zipfile.ZIP_DEFLATED
            comp, crc, size = compress(replaced[name], method)
            flags &= 0x800  # keep the UTF-8 name flag; no data descriptor, no encryption
            raw_name = cd_raw[46 : 46 + fields[12]]
            comment = cd_raw[46 + fields[12] + fields[13] :]
            out += local_header(flags, method, fields[7], fields[8], crc, len(comp), size, raw_name)
            out += raw_name
            out += comp
            central += central_header(
                fields, flags, method, crc, len(comp), size, raw_name, comment, new_offset
            )
            central += raw_name + comment
        else:
            out += data[offset : ends[offset]]
            central += cd_raw[:42] + OFFSET.pack(new_offset) + cd_raw[46:]
    if len(out) + len(central) > 0xFFFFFFFF:
        raise NoRawCopy
    new_cd_offset = len(out)
    out += central
    out += EOCD.pack(EOCD_MAGIC, 0, 0, n_total, n_total, len(central), new_cd_offset, comment_len)
    out += data[pos + EOCD.size : pos + EOCD.size + comment_len]
    return bytes(out)


def rebuild(zf: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    """Rewrite the whole zip (for zip64 or otherwise unusual packages), streaming each member so
    that memory stays bounded; names, order, dates and compression methods are kept."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", allowZip64=True) as out:
        for info in zf.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            new.compress_type = (
                info.compress_type
                if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                else zipfile.ZIP_DEFLATED
            )
            new.external_attr = info.external_attr
            new.create_system = info.create_system
            if info.filename in replaced:
                out.writestr(new, replaced[info.filename])
                continue
            new.file_size = info.file_size
            with zf.open(info) as src, out.open(new, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
    return buf.getvalue()
