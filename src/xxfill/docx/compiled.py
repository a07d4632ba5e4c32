"""A DOCX template compiled to bytes: filling it splices escaped values between constant byte
segments and deflates only the changed parts; no XML is parsed at render time.

How it is compiled (``compile_docx``):

1. ``docx.stories.DocxSource`` fills the template once with a unique *sentinel* per placeholder
   (two private-use characters around the placeholder's index) and removes the artifacts. All
   the run surgery (placeholder characters taken out of later runs, emptied runs removed, text box
   shadows) is thereby done by the one implementation in ``xxfill.docx.stories``.
2. Each changed part of that output is cut at the ``w:t`` elements that hold sentinels ("cells").
   A cell keeps its open tag, its literal text pieces and the placeholder indices between them.
3. Rendering a cell replays, on plain strings, what ``docx.stories._splice_t`` does to the element:
   values without line breaks or tabs are merged into the text; values with them become
   ``w:t``/``w:br``/``w:tab`` siblings; ``xml:space="preserve"`` is added when the text starts or
   ends with whitespace. The output is byte-identical to ``xxfill.fill``'s.
4. The zip is written like ``docx.package.raw_rewrite``: unchanged members are copied as raw bytes
   (headers and compressed data), changed parts deflated at level 6.

Compilation checks itself: a few probe value sets are rendered both ways and compared byte for
byte. Where they differ (unusual XML the replay does not model), or where a render needs
something the replay cannot do (a placeholder kept as it is, a value that empties its run), the
template falls back to the full ``docx.stories`` path for that render: always correct, only slower.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from xxfill.core.model import (
    DEFAULT_LIMITS,
    DEFAULT_MARKS,
    Deferred,
    Edit,
    Limits,
    PartText,
    resolved,
)
from xxfill.docx.package import (
    CDH,
    EOCD,
    EOCD_MAGIC,
    OFFSET,
    ZIP_MAGIC,
    NoRawCopy,
    central_directory,
    central_header,
    compress,
    local_header,
)
from xxfill.docx.stories import DocxSource

__all__ = ["CompiledDocx", "CompiledDocxOutput", "compile_docx"]


_TOKENS = re.compile(r"\r\n|[\r\n\t]|[^\r\n\t]+")
_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_TAG = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[^>]*>\Z", re.S)
_PRESERVE = re.compile(rb"""\bxml:space\s*=\s*["']preserve["']""")

#: Candidate sentinel brackets (private-use characters); the first pair absent from the
#: template is used.
_SENTINELS = (("\ue000", "\ue001"), ("\uf8f0", "\uf8f1"), ("\U000f0000", "\U000f0001"))


class _Fallback(Exception):
    """This render needs the full ``docx.stories`` path."""


def _unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name[0] == "#":
            return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
        return _ENTITIES[name]

    return _ENTITY.sub(sub, text)


def _escape_text(text: str) -> str:
    """Text as lxml serialises element content."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _escape(text: str) -> bytes:
    """Text as lxml serialises element content, in UTF-8."""
    return _escape_text(text).encode("utf-8")


def _needs_preserve(text: str) -> bool:
    return bool(text) and (text[0].isspace() or text[-1].isspace())


@attrs.frozen
class _Cell:
    """One element whose text holds placeholders: ``lits[0] slot lits[1] slot ... lits[n]``."""

    mode: str  # "t" (a w:t) or "prop" (a core property element)
    open_tag: bytes
    close_tag: bytes
    prefix: bytes  # namespace prefix of the w:t, e.g. b"w:"
    preserve: bool
    lits: tuple[str, ...]
    slots: tuple[int, ...]
    befores: tuple[str, ...]  # befores[k]: the text before slot k (other slots as "X")

    def render(self, vals: dict[int, str]) -> bytes:
        if len(self.slots) == 1 and self.mode == "t":
            # The common case: one placeholder in the w:t, a value without breaks or tabs.
            v = vals[self.slots[0]]
            if v and "\n" not in v and "\t" not in v and "\r" not in v:
                lo, hi = self.lits
                tag = self.open_tag
                if not self.preserve and (
                    (lo[0] if lo else v[0]).isspace() or (hi[-1] if hi else v[-1]).isspace()
                ):
                    tag = tag[:-1] + b' xml:space="preserve">'
                return tag + _escape(lo + v + hi) + self.close_tag
        if self.mode == "prop":
            parts = [self.lits[0]]
            for k, idx in enumerate(self.slots):
                parts.append(vals[idx])
                parts.append(self.lits[k + 1])
            text = "".join(parts)
            if not text:
                raise _Fallback
            return self.open_tag + _escape(text) + self.close_tag
        preserve = self.preserve
        cur = self.lits[-1]
        tail: list[bytes] = []
        removed = False
        for k in range(len(self.slots) - 1, -1, -1):
            v = vals[self.slots[k]]
            before = self.befores[k]
            if "\n" not in v and "\t" not in v and "\r" not in v:
                cur = v + cur
                if not before and not cur:
                    raise _Fallback  # the w:t would be removed (and maybe its run)
                if not preserve and _needs_preserve(before + cur):
                    preserve = True
                cur = self.lits[k] + cur
                continue
            nodes = self._nodes(v)
            if cur:
                nodes.append(self._new_t(cur))
            tail[:0] = nodes
            if before:
                if not preserve and _needs_preserve(before):
                    preserve = True
                cur = self.lits[k]
            else:
                removed = True
                cur = ""
        if removed:
            return b"".join(tail)
        tag = self.open_tag
        if preserve and not self.preserve:
            tag = tag[:-1] + b' xml:space="preserve">'
        return tag + _escape(cur) + self.close_tag + b"".join(tail)

    def _nodes(self, value: str) -> list[bytes]:
        out: list[bytes] = []
        p = self.prefix
        for tok in _TOKENS.findall(value):
            if tok == "\t":
                out.append(b"<" + p + b"tab/>")
            elif tok in ("\n", "\r", "\r\n"):
                out.append(b"<" + p + b"br/>")
            else:
                out.append(self._new_t(tok))
        return out

    def _new_t(self, text: str) -> bytes:
        p = self.prefix
        attr = b' xml:space="preserve"' if _needs_preserve(text) else b""
        return b"<" + p + b"t" + attr + b">" + _escape(text) + b"</" + p + b"t>"


@attrs.frozen
class _Member:
    """A changed zip member: its headers' fields and either constant content or pieces."""

    name_raw: bytes
    comment: bytes
    cd_fields: tuple[int, ...]
    flags: int
    method: int
    pieces: tuple[bytes | _Cell, ...]
    # For members without cells: the content compressed once.
    const: tuple[bytes, int, int] | None  # (compressed, crc, size)
    segments: _Segments | None = None


_PRESERVE_ATTR = b' xml:space="preserve"'


@attrs.frozen
class _Segments:
    """A changed member as a list of byte segments with holes, for renders whose values are all
    plain (non-empty, no line break, tab or CR): a one-placeholder ``w:t`` then needs only its
    escaped value in one hole, and, when the value's edge decides it, ``xml:space`` in another.

    ``values``: (segment, slot) for escaped values. ``spaces``: (segment, slot, first, last) for
    attributes that depend on the value's first or last character being whitespace.
    ``cells``: (segment, cell) for cells rendered the general way (several placeholders, core
    properties).
    """

    segs: tuple[bytes, ...]
    values: tuple[tuple[int, int], ...]
    spaces: tuple[tuple[int, int, bool, bool], ...]
    cells: tuple[tuple[int, _Cell], ...]

    @classmethod
    def build(cls, pieces: Sequence[bytes | _Cell]) -> _Segments:
        segs: list[bytes] = []
        values: list[tuple[int, int]] = []
        spaces: list[tuple[int, int, bool, bool]] = []
        cells: list[tuple[int, _Cell]] = []
        buf = b""
        for piece in pieces:
            if isinstance(piece, bytes):
                buf += piece
                continue
            if piece.mode != "t" or len(piece.slots) != 1:
                segs.append(buf)
                cells.append((len(segs), piece))
                segs.append(b"")
                buf = b""
                continue
            # Mirrors the one-placeholder branch of _Cell.render.
            lo, hi = piece.lits
            slot = piece.slots[0]
            tag = piece.open_tag
            if not piece.preserve:
                fixed = bool(lo and lo[0].isspace()) or bool(hi and hi[-1].isspace())
                if fixed:
                    tag = tag[:-1] + _PRESERVE_ATTR + b">"
                elif not (lo and hi):
                    segs.append(buf + tag[:-1])
                    spaces.append((len(segs), slot, not lo, not hi))
                    segs.append(b"")
                    buf, tag = b"", b">"
            segs.append(buf + tag + _escape(lo))
            values.append((len(segs), slot))
            segs.append(b"")
            buf = _escape(hi) + piece.close_tag
        segs.append(buf)
        return cls(tuple(segs), tuple(values), tuple(spaces), tuple(cells))

    def render(self, vals: dict[int, str], escaped: dict[int, bytes]) -> bytes:
        segs = list(self.segs)
        for pos, slot in self.values:
            segs[pos] = escaped[slot]
        for pos, slot, first, last in self.spaces:
            v = vals[slot]
            if (first and v[0].isspace()) or (last and v[-1].isspace()):
                segs[pos] = _PRESERVE_ATTR
        for pos, cell in self.cells:
            segs[pos] = cell.render(vals)
        return b"".join(segs)


def _escape_all(vals: dict[int, str]) -> dict[int, bytes] | None:
    """Every value escaped and encoded in one pass, or None when some value is not plain (empty,
    or with a line break, tab or CR) and the cells must render one by one."""
    if not all(vals.values()):
        return None
    joined = "\x00".join(vals.values())
    if "\n" in joined or "\t" in joined or "\r" in joined or joined.count("\x00") != len(vals) - 1:
        return None
    return dict(zip(vals, _escape(joined).split(b"\x00"), strict=True))


@attrs.frozen
class _Raw:
    """A run of unchanged members copied as raw bytes, with their central directory entries."""

    start: int
    end: int
    central: tuple[tuple[bytes, bytes, int], ...]  # (before offset, after offset, rel. offset)


@attrs.frozen
class _Layout:
    items: tuple[_Raw | _Member, ...]
    n_total: int
    eocd_comment: bytes


class CompiledDocxOutput:
    """A rendered DOCX: ``to_bytes()``, ``text`` (computed on first use), ``document``."""

    def __init__(
        self,
        data: bytes,
        parts: tuple[PartText, ...],
        edits: Sequence[Edit] | Deferred[Edit],
        core_parts: frozenset[str] = frozenset(),
    ) -> None:
        self._data = data
        self._parts = parts
        self._edits = edits
        self._core = core_parts
        self._text: str | None = None
        self._document: Any = None

    def to_bytes(self) -> bytes:
        return self._data

    @property
    def text(self) -> str:
        if self._text is None:
            from xxfill.text.plain import apply_edits

            by_part: dict[str, list[Edit]] = {}
            for e in resolved(self._edits):  # type: ignore[arg-type]
                if e.part not in self._core:  # breaks become w:br, read back as "\n"
                    e = attrs.evolve(e, text=e.text.replace("\r\n", "\n").replace("\r", "\n"))
                by_part.setdefault(e.part, []).append(e)
            self._text = "\n\n".join(
                apply_edits(p.text, by_part.get(p.name, ())) for p in self._parts
            )
        return self._text

    @property
    def document(self) -> Any:
        if self._document is None:
            import docx

            self._document = docx.Document(io.BytesIO(self._data))
        return self._document

    def __repr__(self) -> str:
        return f"<CompiledDocxOutput {len(self._data)} bytes>"


@attrs.frozen(repr=False)
class CompiledDocx:
    """The ``Source`` of a compiled DOCX template: ``apply(edits)`` renders without parsing
    whenever the edits are exactly the compiled slots (every placeholder, every artifact)."""

    name: str
    parts: tuple[PartText, ...]
    path: Path | None
    data: bytes = attrs.field(eq=False)
    slots: dict[tuple[str, int, int], int] = attrs.field(eq=False)
    artifacts: frozenset[tuple[str, int, int]] = attrs.field(eq=False)
    layout: _Layout | None = attrs.field(eq=False)
    core_parts: frozenset[str] = frozenset()
    limits: Limits = DEFAULT_LIMITS
    format: str = "docx"
    _order: tuple[int, ...] = attrs.field(
        init=False,
        eq=False,
        default=attrs.Factory(lambda s: tuple(sorted(s.slots.values())), takes_self=True),
    )

    @property
    def fast(self) -> bool:
        """Whether renders take the compiled path (False: every render refills from XML)."""
        return self.layout is not None

    @property
    def newline(self) -> str:
        """Line breaks in values become ``w:br`` elements, written from ``\\n``."""
        return "\n"

    def __repr__(self) -> str:
        mode = "compiled" if self.fast else "fallback"
        return f"<CompiledDocx {self.name} {mode}, {len(self.slots)} slots>"

    def column_headers(self, marks: tuple[str, ...] = DEFAULT_MARKS) -> dict[tuple[str, int], str]:
        """The headers were read when the template was scanned; a compiled template is never
        scanned again."""
        return {}

    def apply(self, edits: Sequence[Edit]) -> Any:
        if self.layout is not None:
            try:
                vals = self._values(edits)
                data = _write(self.layout, self.data, vals)
                return CompiledDocxOutput(data, self.parts, tuple(edits), self.core_parts)
            except _Fallback:
                pass
        return self.slow_apply(edits)

    def apply_texts(
        self, texts: Sequence[str], edits: Deferred[Edit], artifacts_removed: bool
    ) -> Any:
        """``apply`` for a value per placeholder (document order) and every artifact removed
        when ``artifacts_removed``; ``edits`` are the same change, built only if needed."""
        if self.layout is not None and (artifacts_removed or not self.artifacts):
            try:
                data = _write(self.layout, self.data, dict(zip(self._order, texts, strict=True)))
                return CompiledDocxOutput(data, self.parts, edits, self.core_parts)
            except _Fallback:
                pass
        return self.slow_apply(edits.get())

    def slow_apply(self, edits: Sequence[Edit]) -> Any:
        """Fill through ``docx.stories`` (parses the template's XML, within the same limits)."""
        # compile_docx checked every member's CRC once: a render does not check them again.
        return DocxSource.from_bytes(
            self.data, name=self.name, path=self.path, limits=self.limits, copy_damaged=True
        ).apply(edits)

    def _values(self, edits: Sequence[Edit]) -> dict[int, str]:
        from xxfill.docx.stories import _XML_INVALID, check_value

        vals: dict[int, str] = {}
        n_art = 0
        slots = self.slots
        bad = _XML_INVALID.search
        for e in edits:
            idx = slots.get((e.part, e.start, e.end))
            if idx is not None:
                if bad(e.text):
                    check_value(e.text)  # raises the ValidationError fill raises
                vals[idx] = e.text
            elif e.text == "" and (e.part, e.start, e.end) in self.artifacts:
                n_art += 1
            else:
                raise _Fallback
        if len(vals) != len(self.slots) or n_art != len(self.artifacts):
            raise _Fallback  # a placeholder kept as it is, or artifacts kept
        return vals


def _write(layout: _Layout, data: bytes, vals: dict[int, str]) -> bytes:
    out: list[bytes | memoryview] = []
    central: list[bytes] = []
    pos = 0
    mv = memoryview(data)
    escaped = _escape_all(vals) if vals else None
    for item in layout.items:
        if isinstance(item, _Raw):
            out.append(mv[item.start : item.end])
            for head, rest, rel in item.central:
                central.append(head + OFFSET.pack(pos + rel) + rest)
            pos += item.end - item.start
            continue
        f = item.cd_fields
        if item.const is not None:
            comp, crc, size = item.const
        else:
            if escaped is not None and item.segments is not None:
                content = item.segments.render(vals, escaped)
            else:
                content = b"".join(
                    p if isinstance(p, bytes) else p.render(vals) for p in item.pieces
                )
            comp, crc, size = compress(content, item.method)
        lfh = local_header(item.flags, item.method, f[7], f[8], crc, len(comp), size, item.name_raw)
        out.append(lfh)
        out.append(item.name_raw)
        out.append(comp)
        cdh = central_header(
            f, item.flags, item.method, crc, len(comp), size, item.name_raw, item.comment, pos
        )
        central.append(cdh + item.name_raw + item.comment)
        pos += len(lfh) + len(item.name_raw) + len(comp)
    cd = b"".join(central)
    if pos + len(cd) > 0xFFFFFFFF:
        raise _Fallback
    out.append(cd)
    n = layout.n_total
    eocd = EOCD.pack(EOCD_MAGIC, 0, 0, n, n, len(cd), pos, len(layout.eocd_comment))
    out.append(eocd)
    out.append(layout.eocd_comment)
    return b"".join(out)


class _Unsupported(Exception):
    """The zip or XML has something the compiled path does not model."""


def _layout(data: bytes, changed: dict[str, tuple[bytes | _Cell, ...]]) -> _Layout:
    """Plan the output zip exactly as ``docx.package.raw_rewrite`` writes it."""
    try:
        cd = central_directory(data)
    except NoRawCopy as exc:
        raise _Unsupported(str(exc) or "zip the raw copier cannot reproduce") from None
    entries, cd_offset, pos, comment_len = cd.entries, cd.cd_offset, cd.eocd_pos, cd.comment_len
    n_total = len(entries)
    offsets = sorted({e[1] for e in entries})
    ends = {
        o: (offsets[i + 1] if i + 1 < len(offsets) else cd_offset) for i, o in enumerate(offsets)
    }
    items: list[_Raw | _Member] = []
    run: list[tuple[int, int, bytes]] = []  # consecutive raw members (start, end, cd_raw)

    def flush() -> None:
        if not run:
            return
        start = run[0][0]
        central = tuple((cd[:42], cd[46:], s - start) for s, _e, cd in run)
        items.append(_Raw(start, run[-1][1], central))
        run.clear()

    for name, offset, cd_raw in entries:
        if data[offset : offset + 4] != ZIP_MAGIC:
            raise _Unsupported("bad local header")
        if name in changed:
            flush()
            fields = CDH.unpack_from(cd_raw)
            method = zipfile.ZIP_STORED if fields[6] == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
            pieces = changed[name]
            const = None
            if all(isinstance(x, bytes) for x in pieces):
                const = compress(b"".join(pieces), method)  # type: ignore[arg-type]
            items.append(
                _Member(
                    name_raw=cd_raw[46 : 46 + fields[12]],
                    comment=cd_raw[46 + fields[12] + fields[13] :],
                    cd_fields=tuple(fields),
                    flags=fields[5] & 0x800,
                    method=method,
                    pieces=pieces,
                    const=const,
                    segments=None if const is not None else _Segments.build(pieces),
                )
            )
        elif run and run[-1][1] == offset:
            run.append((offset, ends[offset], cd_raw))
        else:
            flush()
            run.append((offset, ends[offset], cd_raw))
    flush()
    return _Layout(tuple(items), n_total, data[pos + EOCD.size : pos + EOCD.size + comment_len])


def _cut(xml: bytes, sentinel: re.Pattern[bytes], *, core: bool) -> tuple[bytes | _Cell, ...]:
    """Cut a filled part at the elements holding sentinels."""
    pieces: list[bytes | _Cell] = []
    pos = 0
    matches = list(sentinel.finditer(xml))
    i = 0
    while i < len(matches):
        m = matches[i]
        lt = xml.rfind(b"<", 0, m.start())
        gt = xml.find(b">", lt)
        if lt < pos or gt < 0 or gt > m.start():
            raise _Unsupported("a placeholder outside element text")
        open_tag = xml[lt : gt + 1]
        tm = _TAG.match(open_tag)
        if not tm or open_tag.startswith((b"</", b"<?", b"<!")) or open_tag.endswith(b"/>"):
            raise _Unsupported("a placeholder outside element text")
        prefix, local = tm.group(1) or b"", tm.group(2)
        if not core and local != b"t":
            raise _Unsupported(f"a placeholder in <{local.decode()}>, not w:t")
        close_tag = b"</" + prefix + local + b">"
        end = xml.find(b"<", m.end())
        if end < 0 or not xml.startswith(close_tag, end):
            raise _Unsupported("element text with markup inside")
        content_matches = []
        while i < len(matches) and matches[i].start() < end:
            content_matches.append(matches[i])
            i += 1
        lits: list[str] = []
        slots: list[int] = []
        cpos = gt + 1
        for cm in content_matches:
            lits.append(_unescape(xml[cpos : cm.start()].decode("utf-8")))
            slots.append(int(cm.group(1)))
            cpos = cm.end()
        lits.append(_unescape(xml[cpos:end].decode("utf-8")))
        befores = []
        acc = ""
        for k in range(len(slots)):
            acc = acc + ("X" if k else "") + lits[k]
            befores.append(acc)
        pieces.append(xml[pos:lt])
        pieces.append(
            _Cell(
                mode="prop" if core else "t",
                open_tag=open_tag,
                close_tag=close_tag,
                prefix=prefix,
                preserve=bool(_PRESERVE.search(open_tag)),
                lits=tuple(lits),
                slots=tuple(slots),
                befores=tuple(befores),
            )
        )
        pos = end + len(close_tag)
    pieces.append(xml[pos:])
    return tuple(p for p in pieces if not (isinstance(p, bytes) and not p))


def _probes(indices: Sequence[int]) -> list[dict[int, str]]:
    """Value sets that exercise merging, escaping, edge whitespace, breaks and tabs: one plain
    (the common case), one mixing every kind of value across neighbouring slots."""
    plain = {i: f"值{i}" for i in indices}
    kinds = (" a&<>\"'b ", "a\nb\tc", "x y", "\t 段\r\n", "q ", " q")
    mixed = {i: kinds[i % len(kinds)] for i in indices}
    return [plain, mixed]


def compile_docx(
    src: DocxSource,
    slots: dict[tuple[str, int, int], int],
    artifacts: frozenset[tuple[str, int, int]],
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> CompiledDocx:
    """Compile ``src`` (opened from zip bytes) for its placeholders' spans ``slots``
    (``(part, start, end) -> index``) and the ``artifacts`` a render removes."""
    data = src.package_bytes
    if data is None:
        raise TypeError("compile a DOCX from its bytes (DocxSource.as_package())")
    src.verify_members()  # once per template: renders copy the raw bytes unchecked
    compiled = CompiledDocx(
        name=src.name,
        parts=src.parts,
        path=src.path,
        data=data,
        slots=slots,
        artifacts=artifacts,
        layout=None,
        core_parts=src.core_parts,
        limits=limits,
    )
    try:
        layout = _compile_layout(src, compiled)
    except _Unsupported:
        return compiled
    return attrs.evolve(compiled, layout=layout)


def _artifacts_empty_a_core_property(
    src: DocxSource, artifacts: frozenset[tuple[str, int, int]]
) -> bool:
    """Whether removing the artifacts leaves a core property empty (a title that is only
    ``##paidend##``): fill then drops that line from the text, which splicing the plain text
    cannot know, so such a template renders through the fallback."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for part, s, e in artifacts:
        spans.setdefault(part, []).append((s, e))
    for name in src.core_parts:
        if name not in spans:
            continue
        story = src.story_map(name)
        for para, start in zip(story.paras, story.starts, strict=True):
            end = start + len(para.text)
            gone = sum(min(e, end) - max(s, start) for s, e in spans[name] if s < end and e > start)
            if gone >= len(para.text):
                return True
    return False


def _compile_layout(src: DocxSource, fallback: CompiledDocx) -> _Layout:
    """The byte layout of ``fallback`` (the template compiled without one), checked against
    the full fill on probe values."""
    data, slots, artifacts = fallback.data, fallback.slots, fallback.artifacts
    if _artifacts_empty_a_core_property(src, artifacts):
        raise _Unsupported("a core property holds only artifacts")
    all_text = "".join(p.text for p in src.parts)
    for left, right in _SENTINELS:
        if left not in all_text and right not in all_text:
            break
    else:  # pragma: no cover - a template using every candidate
        raise _Unsupported("no free sentinel")
    sentinel = re.compile(re.escape(left.encode()) + rb"([0-9]+)" + re.escape(right.encode()))
    art_edits = [Edit(p, s, e, "") for p, s, e in artifacts]
    edits = [Edit(p, s, e, f"{left}{i}{right}") for (p, s, e), i in slots.items()] + art_edits
    if not edits:
        return _layout(data, {})
    filled = src.apply(edits).to_bytes()
    changed_names = {e.part for e in edits}
    core_parts = fallback.core_parts
    with zipfile.ZipFile(io.BytesIO(filled)) as zf:
        changed: dict[str, tuple[bytes | _Cell, ...]] = {}
        for part in changed_names:
            xml = zf.read(part)
            pieces = _cut(xml, sentinel, core=part in core_parts)
            found = [s for p in pieces if isinstance(p, _Cell) for s in p.slots]
            expected = {i for (pp, _s, _e), i in slots.items() if pp == part}
            if set(found) != expected:
                raise _Unsupported(f"sentinels lost in {part}")
            changed[part] = pieces
    layout = _layout(data, changed)
    # Self-check: the compiled path must write exactly what the full path writes.
    compiled = attrs.evolve(fallback, layout=layout)
    for vals in _probes(sorted(slots.values())):
        probe = [Edit(p, s, e, vals[i]) for (p, s, e), i in slots.items()] + art_edits
        try:
            fast = _write(layout, data, compiled._values(probe))
        except _Fallback:
            continue
        if fast != compiled.slow_apply(probe).to_bytes():
            raise _Unsupported("the compiled render differs from the full fill")
    return layout
