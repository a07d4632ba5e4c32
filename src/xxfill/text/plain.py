"""Text sources: decoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK), keeping the
encoding and line endings for output."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import regex

from xxfill.core.errors import DecodeError, LimitExceededError
from xxfill.core.model import DEFAULT_LIMITS, DEFAULT_MARKS, Edit, PartText

__all__ = ["TEXT_PART", "TextOutput", "TextSource", "decode_text"]

#: The part name of a text source's only story.
TEXT_PART = "text"

#: Text sources larger than this are refused (``TextSource.from_bytes(max_bytes=...)`` raises it).
MAX_TEXT_BYTES = DEFAULT_LIMITS.max_text_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes, *, name: str = "<bytes>") -> tuple[str, str, bytes]:
    """Decode ``data``; return ``(text, encoding, bom)``.

    >>> decode_text("召开XX次".encode("gb18030"))[1]
    'gb18030'
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            codec = "utf-8" if enc == "utf-8-sig" else enc
            try:
                return body.decode(codec), codec, bom
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {codec} byte-order mark but byte {exc.start + len(bom)} is not "
                    f"valid {codec}: the file is damaged",
                    source=name,
                ) from None
    bomless = _utf16_without_bom(data)
    if bomless is not None:
        return bomless
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_exc:
        try:
            return data.decode("gb18030"), "gb18030", b""
        except UnicodeDecodeError:
            last = _utf16_last_resort(data)
            if last is not None:
                return last
            raise DecodeError(
                f"is neither UTF-8 (invalid byte at offset {utf8_exc.start}) nor GB18030/GBK: "
                "save it as UTF-8 and try again",
                source=name,
            ) from None
    # Short GB18030 texts can be valid UTF-8 by accident (一 is D2 BB, which UTF-8 reads as the
    # Cyrillic һ). When the UTF-8 reading has no CJK at all but letters of scripts no Chinese
    # report is written in, while the GB18030 reading is Chinese, the file is GB18030. Accented
    # Latin (Müller) stays UTF-8.
    if _FOREIGN.search(text) and not _CJK.search(text):
        try:
            gb = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if _cjk_share(gb) >= 0.9:
                return gb, "gb18030", b""
    return text, "utf-8", b""


_CJK = regex.compile(
    r"[\p{Han}\p{InCJK_Symbols_and_Punctuation}\p{InHalfwidth_and_Fullwidth_Forms}]"
)
# Letters that are neither Latin nor CJK, marks other than Latin accents, and code points no
# text uses (controls, unassigned, private use).
_FOREIGN = regex.compile(
    r"[[\p{L}&&[^\p{Latin}\p{Han}]][\p{M}--\p{InCombining_Diacritical_Marks}]"
    r"[\p{Cc}\p{Cn}\p{Co}--[\t\n\r]]]",
    regex.V1,
)


def _utf16_without_bom(data: bytes) -> tuple[str, str, bytes] | None:
    """UTF-16 saved without a byte-order mark: every other byte of ASCII text is NUL, and CJK
    text decodes to mostly Han. UTF-8 would read it as text full of NULs."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data[:4096]:
        return None
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for enc, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        ascii_like = zeros >= len(sample) // 8 and other * 4 <= zeros
        if ascii_like or (not zeros and _cjk_share(text) >= 0.9 and "\x00" not in text):
            return text, enc, b""
    return None


def _utf16_last_resort(data: bytes) -> tuple[str, str, bytes] | None:
    """UTF-16 without a byte-order mark and with too few NULs to tell (mostly CJK text), when
    neither UTF-8 nor GB18030 can read the bytes: the byte order whose reading is most CJK, if
    it has no control characters and is at least 80% CJK."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            continue
        share = _cjk_share(text)
        if share >= 0.8 and (best is None or share > best[0]):
            best = (share, text, enc)
    return (best[1], best[2], b"") if best else None


_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _cjk_share(text: str) -> float:
    """The share of CJK characters among the non-ASCII ones (1.0 for pure ASCII)."""
    non_ascii = sum(1 for c in text if ord(c) > 127)
    if not non_ascii:
        return 1.0
    return len(_CJK.findall(text)) / non_ascii


def detect_newline(text: str) -> str:
    """The dominant line ending of ``text`` (``\\n`` when there is none)."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


_SURROGATE = regex.compile("[\ud800-\udfff]")


@attrs.frozen
class TextOutput:
    """A filled text document; ``to_bytes()`` encodes it as the source was encoded."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def to_bytes(self, *, encoding: str | None = None, newline: str | None = None) -> bytes:
        """The encoded text. ``encoding``/``newline`` override the source's (``newline`` rewrites
        every line ending, e.g. ``"\\n"``)."""
        text = self.text
        if newline is not None:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if newline != "\n":
                text = text.replace("\n", newline)
        if (
            encoding is not None
            and codecs.lookup(encoding).name != codecs.lookup(self.encoding).name
        ):
            return text.encode(encoding)
        return self.bom + text.encode(self.encoding)


@attrs.frozen
class TextSource:
    """A plain-text template (``.txt``, ``.md`` or a ``str``)."""

    name: str
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    path: Path | None = None
    format: str = "text"

    @property
    def parts(self) -> tuple[PartText, ...]:
        return (PartText(TEXT_PART, self.text),)

    @property
    def newline(self) -> str:
        return detect_newline(self.text)

    def column_headers(self, marks: tuple[str, ...] = DEFAULT_MARKS) -> dict[tuple[str, int], str]:
        """Text has no tables: no cell has a column header."""
        return {}

    #: Not compiled: ``apply_texts`` applies the edits.
    fast = False

    def apply_texts(self, texts: Sequence[str], edits: Any, artifacts_removed: bool) -> Any:
        """``apply`` of the edits (``texts`` serve compiled templates only)."""
        return self.apply(edits.get())

    @classmethod
    def from_str(cls, text: str, *, name: str = "<text>") -> TextSource:
        bad = _SURROGATE.search(text)
        if bad:
            # No encoding can write it, so the filled text could never be saved.
            raise DecodeError(
                f"contains a lone surrogate (U+{ord(bad.group()):04X}) at offset {bad.start()}, "
                "which no encoding can write: decode the text without errors='surrogateescape'",
                source=name,
            )
        return cls(name=name, text=text)

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        *,
        name: str = "<bytes>",
        path: Path | None = None,
        max_bytes: int = MAX_TEXT_BYTES,
    ) -> TextSource:
        if len(data) > max_bytes:
            raise LimitExceededError(
                f"is {len(data):,} bytes, over the text limit of {max_bytes:,} bytes "
                "(to read it anyway, pass limits=xxfill.Limits(max_text_bytes=...), or on the "
                "command line --limit max_text_bytes=SIZE)",
                source=name,
            )
        text, encoding, bom = decode_text(data, name=name)
        return cls(name=name, text=text, encoding=encoding, bom=bom, path=path)

    def apply(self, edits: Sequence[Edit]) -> TextOutput:
        return TextOutput(apply_edits(self.text, edits), self.encoding, self.bom)


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Splice non-overlapping ``edits`` into ``text``."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[pos : e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
