"""Source normalisation: what ``scan``/``fill`` accept, turned into one ``Source`` protocol.

A source exposes its stories as plain text (``parts``) and can produce a new document from a list
of ``Edit``s on that plain text. Everything format-specific lives behind this protocol:
``xxfill.text`` for text, ``xxfill.docx`` for OOXML.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Protocol, Union, runtime_checkable

import attrs
import regex

from xxfill.core.errors import LimitExceededError, SourceError, UnsupportedFormatError
from xxfill.core.model import (
    DEFAULT_LIMITS,
    DEFAULT_MARKS,
    Edit,
    Limits,
    Options,
    PartText,
    mark_class,
)
from xxfill.docx import (
    CONVERTIBLE,
    DocxSource,
    convert_to_docx,
    is_python_docx,
    opendocument_kind,
    read_limit,
    sniff_format,
)

__all__ = [
    "CONVERTIBLE",
    "Output",
    "Source",
    "SourceLike",
    "Text",
    "open_input",
    "open_source",
    "sniff_format",
]


@attrs.frozen
class Text:
    """Text given in memory, so that a ``str`` is never mistaken for a path.

    >>> Text("召开XX次会议").content
    '召开XX次会议'
    """

    content: str
    name: str = "<text>"


#: Everything ``scan``/``fill`` accept as a template.
SourceLike = Union[Text, str, "os.PathLike[str]", bytes, bytearray, IO[bytes], Any]


@runtime_checkable
class Output(Protocol):
    """A filled document: its bytes, and its plain text (parts joined by a blank line)."""

    @property
    def text(self) -> str: ...

    def to_bytes(self) -> bytes: ...


@runtime_checkable
class Source(Protocol):
    """A template opened for scanning and filling: what every later stage may use of it
    (``Scan.handle``). Every source declares all of it; a compiled template's source
    (``xxfill.compile``) answers ``fast`` with True and fills ``apply_texts`` without edits."""

    #: The file path, or ``<text>``/``<bytes>``/``<stream>``/``<Document>``.
    name: str
    #: ``"text"`` or ``"docx"``.
    format: str
    #: The stories in document order.
    parts: tuple[PartText, ...]
    #: The path the source was read from, if any (so ``save`` can refuse to overwrite it).
    path: Path | None

    @property
    def newline(self) -> str:
        """The line ending a value's line breaks become (a text's own; ``"\\n"`` in DOCX)."""
        ...

    def apply(self, edits: Sequence[Edit]) -> Output:
        """A new document with ``edits`` applied (the source itself is unchanged, except for a
        python-docx ``Document``, which is filled in place)."""
        ...

    def column_headers(self, marks: tuple[str, ...] = DEFAULT_MARKS) -> dict[tuple[str, int], str]:
        """``(part, offset) -> header`` for table cells under a header row (a first row with
        no run of ``marks``): data that classification reads (a text source has no tables:
        ``{}``)."""
        ...

    @property
    def fast(self) -> bool:
        """Whether ``apply_texts`` fills without re-reading the template (a compiled one)."""
        ...

    def apply_texts(self, texts: Sequence[str], edits: Any, artifacts_removed: bool) -> Output:
        """``apply`` given one text per placeholder (document order) and ``edits``, a
        ``Deferred`` of what ``apply`` would get: a source that cannot use the texts applies
        the edits."""
        ...


def _too_big(size: str, limit: int, name: str, limits: Limits) -> LimitExceededError:
    field = "max_text_bytes" if limit == limits.max_text_bytes else "max_total_bytes"
    how = (
        f"to read it anyway, pass limits=xxfill.Limits({field}=...), or on the command line "
        f"--limit {field}=SIZE"
    )
    return LimitExceededError(
        f"is {size} bytes, over the limit of {limit:,} bytes for this kind of template ({how})",
        source=name,
    )


def _read_bounded(fh: Any, name: str, format: str | None, limits: Limits) -> bytes:
    """Read a binary file object, refusing (before reading it all) one over ``read_limit``."""
    head = fh.read(8)
    if isinstance(head, str):
        raise SourceError(
            "the file object is open in text mode: open it with 'rb', or pass xxfill.Text(...)",
            source=name,
        )
    head = bytes(head or b"")
    limit = read_limit(head, format, limits)
    try:
        size = os.fstat(fh.fileno()).st_size
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        size = -1
    if size > limit:
        raise _too_big(f"{size:,}", limit, name, limits)
    chunks = [head]
    total = len(head)
    while head:
        chunk = fh.read(min(limit + 1 - total, 1 << 20))  # a read(n) allocates n up front
        if not chunk:
            break
        chunks.append(bytes(chunk))
        total += len(chunk)
        if total > limit:
            raise _too_big(f"more than {limit:,}", limit, name, limits)
    return b"".join(chunks)


#: Chinese punctuation or a run of placeholder marks: a string with these is likely text. This
#: only words the message for a path that does not exist ("did you mean xxfill.Text?"), so the
#: default marks serve: what is found never depends on it.
_TEXTISH = regex.compile(rf"[，。；：、！？“”《》（）]|{mark_class()}{{2,}}")


def _read_bytes(
    source: Any, *, format: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[bytes, str, Path | None]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), "<bytes>", None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if isinstance(source, str) and ("\n" in source or len(source) > 4096):
            raise SourceError(
                "this string looks like text, not a path: pass xxfill.Text(...) for text in memory"
            )
        try:
            if path.is_dir():
                raise SourceError("is a directory, not a template file", source=str(path))
            with open(path, "rb") as fh:
                return _read_bounded(fh, str(path), format, limits), str(path), path
        except FileNotFoundError:
            why = "no such file"
            if isinstance(source, str) and _TEXTISH.search(source) and not path.suffix:
                why += (
                    " (this string looks like text, not a path: pass xxfill.Text(...) for text "
                    "in memory)"
                )
            raise SourceError(why, source=str(path)) from None
        except PermissionError:
            raise SourceError("permission denied", source=str(path)) from None
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
    if hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
        return _read_bounded(source, name, format, limits), name, None
    raise TypeError(
        "a template is a path, bytes, a binary file object, xxfill.Text(...) or a python-docx "
        f"Document, not {type(source).__name__}"
    )


def open_source(
    source: SourceLike,
    *,
    format: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    convert_doc: bool = False,
    copy_damaged: bool = False,
) -> Source:
    """Open anything ``scan``/``fill`` accept as a ``Source``.

    ``format`` forces ``"text"`` or ``"docx"``; by default bytes are sniffed (a zip is DOCX) and
    ``.txt``/``.md`` paths are text. ``limits`` bounds what is read. With ``convert_doc`` a
    ``.doc``/``.wps``/``.rtf``/``.odt`` file given by path is converted to DOCX by LibreOffice
    instead of being refused. ``copy_damaged`` lets a DOCX member that fails its CRC check be
    copied into filled output as it is (see ``Options.copy_damaged``).
    """
    from xxfill.text import plain as _text

    if isinstance(source, Source):
        return source
    if isinstance(source, Text):
        return _text.TextSource.from_str(source.content, name=source.name)
    if is_python_docx(source):
        return DocxSource.from_document(source)
    data, name, path = _read_bytes(source, format=format, limits=limits)
    try:
        fmt = format or sniff_format(data, name)
    except UnsupportedFormatError:
        convertible = path is not None and (
            path.suffix.lower() in CONVERTIBLE or opendocument_kind(data) is not None
        )
        if not (convert_doc and convertible):
            raise
        data, fmt = convert_to_docx(path), "docx"
    if fmt == "text":
        return _text.TextSource.from_bytes(
            data, name=name, path=path, max_bytes=limits.max_text_bytes
        )
    if fmt == "docx":
        return DocxSource.from_bytes(
            data, name=name, path=path, limits=limits, copy_damaged=copy_damaged
        )
    raise UnsupportedFormatError(f"unknown format {fmt!r}", source=name)


def open_input(
    source: Any, text: str | None, format: str | None, options: Options | None = None
) -> Source:
    """``open_source`` for the public entry points: ``text=...`` instead of a source, and the
    options' limits and ``convert_doc``."""
    options = options or Options()
    if text is not None:
        if source is not None:
            raise TypeError("pass either a source or text=..., not both")
        return open_source(Text(text), format="text")
    return open_source(
        source,
        format=format,
        limits=options.limits,
        convert_doc=options.convert_doc,
        copy_damaged=options.copy_damaged,
    )
