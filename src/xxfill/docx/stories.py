"""DOCX sources: story parts as plain text, and edits spliced back into their runs.

The zip package itself (reading within limits, raw-copy writing, sniffing) is ``docx.package``.
"""

from __future__ import annotations

import functools
import io
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import regex
from lxml import etree

from xxfill.core.errors import (
    CorruptDocumentError,
    LimitExceededError,
    Problem,
    UnsafeDocumentError,
    UnsupportedFormatError,
    ValidationError,
)
from xxfill.core.model import DEFAULT_LIMITS, DEFAULT_MARKS, Edit, Limits, PartText, mark_class
from xxfill.docx.package import ZipPackage, convert_doc, describe_ole

if TYPE_CHECKING:  # pragma: no cover
    import docx.document

__all__ = [
    "DocxOutput",
    "DocxSource",
    "Limits",
    "StoryMap",
    "convert_doc",
    "describe_ole",
    "map_story",
    "splice_story",
]

# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


W_P = _w("p")
W_R = _w("r")
W_T = _w("t")
W_TAB = _w("tab")
W_PTAB = _w("ptab")
W_BR = _w("br")
W_CR = _w("cr")
W_NBH = _w("noBreakHyphen")
W_RPR = _w("rPr")
W_FLDCHAR = _w("fldChar")
W_FLDCHARTYPE = _w("fldCharType")
W_TXBX = _w("txbxContent")
W_TYPE = _w("type")
W_SDT = _w("sdt")
W_SDTPR = _w("sdtPr")
#: Content-control properties that would undo or disown a fill: a binding to a custom XML part
#: (Word refreshes the control from the part when the file opens, §17.5.2.6) and the flag that
#: the content is the control's placeholder prompt (§17.5.2.39).
_CONTROL_RESETS = (_w("dataBinding"), _w("showingPlcHdr"))
MC_ALT = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
XML_SPACE = f"{{{XML_NS}}}space"

#: The character that stands in the plain text for a visible object inside a run that is not
#: text: a symbol (w:sym), a picture or shape (w:drawing, w:pict, w:object, mc:AlternateContent),
#: a note reference mark, a page number or date/time element (ECMA-376 Part 1 §17.3.3, run
#: content). It keeps ``XX→XX`` two placeholders and is never a placeholder mark itself.
OBJECT_CHAR = "\ufffc"
_OBJECTS = frozenset(
    _w(n)
    for n in (
        "sym",
        "drawing",
        "pict",
        "object",
        "pgNum",
        "dayLong",
        "dayShort",
        "monthLong",
        "monthShort",
        "yearLong",
        "yearShort",
        "footnoteReference",
        "endnoteReference",
        "footnoteRef",
        "endnoteRef",
    )
)

#: Elements whose whole subtree carries no visible text of the story. Tracked deletions and
#: moves away (ECMA-376 Part 1 §17.13.5, revisions: del, moveFrom) are not current text;
#: property elements hold no text; instrText/delInstrText are field codes (§17.16, fields).
_SKIP = frozenset(
    _w(n)
    for n in (
        "del",
        "moveFrom",
        "pPr",
        "rPr",
        "sdtPr",
        "sdtEndPr",
        "tblPr",
        "tblGrid",
        "trPr",
        "tcPr",
        "sectPr",
        "instrText",
        "delInstrText",
        "delText",
        "fldData",
        "rt",  # ruby (phonetic guide) text above its base text (§17.3.3)
    )
)

#: Footnotes/endnotes of these types are the separator lines, not notes (ECMA-376 Part 1
#: §17.11, footnotes and endnotes, their w:type).
_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})

#: Content types of the story parts, by role (ECMA-376 Part 1 §11.3, WordprocessingML parts).
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_MAIN_TYPES = frozenset(
    {
        _WML + "document.main+xml",
        _WML + "template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
_ROLE_TYPES = {
    _WML + "header+xml": "header",
    _WML + "footer+xml": "footer",
    _WML + "footnotes+xml": "footnotes",
    _WML + "endnotes+xml": "endnotes",
    _WML + "comments+xml": "comments",
}
_CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_ROLE_ORDER = ("main", "header", "footer", "footnotes", "endnotes", "comments", "core")
_ROLE_BY_NAME = (
    (re.compile(r"word/header\d*\.xml"), "header"),
    (re.compile(r"word/footer\d*\.xml"), "footer"),
    (re.compile(r"word/footnotes\.xml"), "footnotes"),
    (re.compile(r"word/endnotes\.xml"), "endnotes"),
    (re.compile(r"word/comments\.xml"), "comments"),
    (re.compile(r"docProps/core\.xml"), "core"),
)

#: Core properties that are text of the document, in the order they become "paragraphs".
_CORE_FIELDS = (
    f"{{{DC_NS}}}title",
    f"{{{DC_NS}}}subject",
    f"{{{CP_NS}}}keywords",
    f"{{{DC_NS}}}description",
)

MAIN_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"


def _natural_key(name: str) -> tuple[Any, ...]:
    return tuple(int(s) if s.isdigit() else s for s in re.split(r"(\d+)", name))


# --------------------------------------------------------------------------------------------
# Limits and safe parsing
# --------------------------------------------------------------------------------------------


# Limits and DEFAULT_LIMITS live in _model (they are options); re-exported here.


def _parser() -> etree.XMLParser:
    # No DTD loading, no entity expansion, no network: templates come from the internet.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


_DOCTYPE_RE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def parse_xml(data: bytes, *, part: str, source: str) -> etree._Element:
    """Parse one package part safely; refuse DTDs; name the part and line on malformed XML."""
    if _DOCTYPE_RE.search(data[:4096]) or b"<!ENTITY" in data:
        raise UnsafeDocumentError(
            f"part {part} declares a DOCTYPE/entities; xxfill refuses DTDs (no entity is expanded "
            "or fetched)",
            source=source,
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno, 0)
        msg = str(exc.msg or exc).split(", line ")[0]
        if "Resource limit exceeded" in msg or "huge" in msg.lower():
            # libxml2's own bounds (a text node over 10 MB, nesting over 256 levels): the part
            # may be well-formed, but xxfill parses without lifting them (templates are untrusted)
            raise LimitExceededError(
                f"part {part} has a text run or element nesting beyond what xxfill's XML parser "
                f"accepts (line {line}, column {col}: {msg}); split the very long text, or save "
                "the document again in Word or LibreOffice",
                source=source,
            ) from None
        raise CorruptDocumentError(
            f"part {part} is not well-formed XML (line {line}, column {col}): {msg}",
            source=source,
        ) from None
    if root is None:
        raise CorruptDocumentError(f"part {part} is empty", source=source)
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise UnsafeDocumentError(
            f"part {part} declares a DOCTYPE; xxfill refuses DTDs", source=source
        )
    return root


def serialize_xml(root: etree._Element) -> bytes:
    """Serialise a changed part, keeping every namespace declaration and the standalone flag."""
    tree = root.getroottree()
    standalone = tree.docinfo.standalone
    kwargs: dict[str, Any] = {"xml_declaration": True, "encoding": "UTF-8"}
    if standalone is not None:
        kwargs["standalone"] = standalone
    return etree.tostring(tree, **kwargs)


# --------------------------------------------------------------------------------------------
# Story maps: plain text <-> XML positions (reusable; no mutation)
# --------------------------------------------------------------------------------------------


@attrs.define(eq=False)
class Atom:
    """A stretch ``[start, end)`` of a paragraph's plain text and the element that holds it:
    a ``w:t`` (``kind='t'``), a ``w:tab``/``w:br``/... (``'sep'``, one character), a visible
    object such as ``w:sym`` or ``w:drawing`` (``'obj'``, one ``OBJECT_CHAR``, never changed by an
    edit) or a core property element (``'prop'``)."""

    start: int
    end: int
    kind: str
    el: etree._Element


@attrs.define(eq=False)
class Para:
    """One paragraph of a story: its plain text and the atoms behind it. ``shadows`` are the
    paragraphs of ``mc:Fallback`` copies of the same text box, which get the same edits."""

    text: str
    atoms: list[Atom]
    el: etree._Element
    shadows: list[Para] = attrs.Factory(list)


@attrs.define(eq=False)
class StoryMap:
    """The plain text of one part and where each character lives in the XML.

    Built by ``map_story`` without touching the tree; ``splice_story`` applies edits through it.
    Kept apart so that a compiled template can precompute it once per part.
    """

    part: str
    paras: list[Para]
    starts: list[int]
    text: str

    def locate(self, start: int, end: int) -> tuple[Para, int, int]:
        """The paragraph holding ``[start, end)`` and the offsets within it."""
        i = bisect_right(self.starts, start) - 1
        if i < 0 or not self.paras:
            raise ValueError(f"offset {start} is outside part {self.part}")
        # An empty range at the very start of a paragraph belongs to it, not to the previous.
        para, base = self.paras[i], self.starts[i]
        if end > base + len(para.text):
            raise ValueError(
                f"edit [{start}, {end}) of part {self.part} spans a paragraph boundary"
            )
        return para, start - base, end - base


@attrs.define(eq=False)
class _Box:
    content: etree._Element
    shadows: list[etree._Element] = attrs.Factory(list)


class _Walker:
    """Walks a WordprocessingML story in document order, collecting paragraphs."""

    def __init__(self) -> None:
        self.fields: list[bool] = []  # complex field stack: True while in the field code
        self.in_code = 0  # how many entries of ``fields`` are True (a run asks once, not all)

    def blocks(self, el: etree._Element, out: list[Para]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W_P:
                self.paragraph(child, out)
            elif tag == MC_ALT:
                branch = _primary_branch(child)
                if branch is not None:
                    self.blocks(branch, out)
            else:
                # Tables (nested ones inside their cell), block sdt, customXml, ins/moveTo...
                self.blocks(child, out)

    def paragraph(self, p: etree._Element, out: list[Para]) -> None:
        atoms: list[Atom] = []
        chunks: list[str] = []
        boxes: list[_Box] = []
        self._inline(p, atoms, chunks, boxes)
        out.append(Para("".join(chunks), atoms, p))
        # Text-box paragraphs come right after the paragraph that anchors them.
        for box in boxes:
            sub = _Walker()
            box_paras: list[Para] = []
            sub.blocks(box.content, box_paras)
            for shadow in box.shadows:
                shadow_paras: list[Para] = []
                _Walker().blocks(shadow, shadow_paras)
                _link_shadows(box_paras, shadow_paras)
            out.extend(box_paras)

    def _inline(
        self, el: etree._Element, atoms: list[Atom], chunks: list[str], boxes: list[_Box]
    ) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W_R:
                self._run(child, atoms, chunks, boxes)
            elif tag == W_TXBX:
                boxes.append(_Box(child))
            elif tag == MC_ALT:
                self._alternate(child, atoms, chunks, boxes)
            else:
                # hyperlink, smartTag, customXml, sdt/sdtContent, fldSimple (its runs are the
                # result, §17.16), ins, moveTo, dir, bdo, drawings on their way to a txbx...
                self._inline(child, atoms, chunks, boxes)

    def _alternate(
        self, alt: etree._Element, atoms: list[Atom], chunks: list[str], boxes: list[_Box]
    ) -> None:
        # ECMA-376 Part 3 (Markup Compatibility), AlternateContent: a consumer processes one
        # Choice (or the Fallback). Only the first branch counts as text; the others are shadow
        # copies kept in step with it.
        primary = _primary_branch(alt)
        if primary is None:
            return
        before = len(boxes)
        self._inline(primary, atoms, chunks, boxes)
        mine = boxes[before:]
        for branch in alt:
            if branch is primary or branch.tag not in (MC_CHOICE, MC_FALLBACK):
                continue
            theirs = _outer_boxes(branch)
            if len(theirs) == len(mine):
                for box, shadow in zip(mine, theirs, strict=True):
                    box.shadows.append(shadow)

    def _run(
        self, r: etree._Element, atoms: list[Atom], chunks: list[str], boxes: list[_Box]
    ) -> None:
        for child in r:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == W_FLDCHAR:
                # Complex fields (§17.16, fldChar): begin, code, separate, result, end; may nest.
                kind = child.get(W_FLDCHARTYPE)
                if kind == "begin":
                    self.fields.append(True)
                    self.in_code += 1
                elif kind == "separate" and self.fields:
                    self.in_code -= self.fields[-1]
                    self.fields[-1] = False
                elif kind == "end" and self.fields:
                    self.in_code -= self.fields.pop()
                continue
            if self.in_code:
                continue  # field code: never text
            if tag == W_T:
                text = _t_text(child)
                if text:
                    pos = _end(atoms)
                    atoms.append(Atom(pos, pos + len(text), "t", child))
                    chunks.append(text)
            elif tag in (W_TAB, W_PTAB, W_BR, W_CR, W_NBH):
                char = "\t" if tag in (W_TAB, W_PTAB) else "-" if tag == W_NBH else "\n"
                pos = _end(atoms)
                atoms.append(Atom(pos, pos + 1, "sep", child))
                chunks.append(char)
            elif tag in _SKIP:
                continue
            elif tag == MC_ALT or tag in _OBJECTS:
                # A picture, symbol, emoji (w16se:symEx) or note mark: one object character. A
                # shape holding a text box adds none: its text follows the paragraph instead.
                before, boxes_before = len(atoms), len(boxes)
                if tag == MC_ALT:
                    self._alternate(child, atoms, chunks, boxes)
                else:
                    self._inline(child, atoms, chunks, boxes)
                if len(atoms) == before and len(boxes) == boxes_before:
                    pos = _end(atoms)
                    atoms.append(Atom(pos, pos + 1, "obj", child))
                    chunks.append(OBJECT_CHAR)
            else:
                self._inline(child, atoms, chunks, boxes)


def _end(atoms: list[Atom]) -> int:
    # Every chunk of paragraph text has exactly one atom, so the last atom ends the text.
    return atoms[-1].end if atoms else 0


def _primary_branch(alt: etree._Element) -> etree._Element | None:
    for branch in alt:
        if branch.tag in (MC_CHOICE, MC_FALLBACK):
            return branch
    return None


def _outer_boxes(el: etree._Element) -> list[etree._Element]:
    """The text boxes in ``el`` that are not inside another text box."""
    return [box for box in el.iter(W_TXBX) if not any(True for _ in box.iterancestors(W_TXBX))]


def _link_shadows(paras: list[Para], shadows: list[Para]) -> None:
    """Pair each paragraph of a text box with the same-text paragraph of its shadow copy, in
    order (a copy may have an extra empty paragraph); a copy whose text differs is left as is."""
    # Each text's positions in the copy, so that a copy with nothing in common is not searched
    # to its end for every paragraph (that was quadratic).
    where: dict[str, list[int]] = {}
    for k, shadow in enumerate(shadows):
        where.setdefault(shadow.text, []).append(k)
    j = 0
    for para in paras:
        places = where.get(para.text, [])
        n = bisect_left(places, j)
        if n < len(places):
            k = places[n]
            para.shadows.append(shadows[k])
            para.shadows.extend(shadows[k].shadows)
            j = k + 1


def map_story(root: etree._Element, *, part: str, core: bool = False) -> StoryMap:
    """The ``StoryMap`` of a part's root element (a ``w:document``, ``w:hdr``, ``w:ftr``,
    ``w:footnotes``, ``w:endnotes``, ``w:comments`` or ``cp:coreProperties``)."""
    paras: list[Para] = []
    if core:
        for tag in _CORE_FIELDS:
            el = root.find(tag)
            if el is not None and el.text:
                text = el.text
                paras.append(Para(text, [Atom(0, len(text), "prop", el)], el))
    elif root.tag in (_w("footnotes"), _w("endnotes")):
        for note in root:
            if not isinstance(note.tag, str) or note.get(W_TYPE) in _NOTE_SEPARATORS:
                continue
            _Walker().blocks(note, paras)
    elif root.tag == _w("document"):
        body = root.find(_w("body"))
        if body is not None:
            _Walker().blocks(body, paras)
    else:
        _Walker().blocks(root, paras)
    starts: list[int] = []
    pos = 0
    for para in paras:
        starts.append(pos)
        pos += len(para.text) + 1
    return StoryMap(part, paras, starts, "\n".join(p.text for p in paras))


# --------------------------------------------------------------------------------------------
# Splicing edits into a mapped story
# --------------------------------------------------------------------------------------------

# XML 1.0 Char production: what an element's text may hold.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TOKENS = re.compile(r"\r\n|[\r\n\t]|[^\r\n\t]+")


def check_value(text: str) -> None:
    """Refuse values that no XML document can hold (control characters, lone surrogates)."""
    bad = _XML_INVALID.search(text)
    if bad:
        char = bad.group()
        raise ValidationError(
            [
                Problem(
                    "invalid-value",
                    f"the value contains U+{ord(char):04X}, which a DOCX document cannot hold",
                    context=text[max(0, bad.start() - 10) : bad.start() + 10],
                )
            ]
        )


def _value_nodes(text: str, ref: etree._Element) -> list[etree._Element]:
    """``w:t``/``w:br``/``w:tab`` elements for a value: ``\\n`` becomes a break, ``\\t`` a tab."""
    nodes: list[etree._Element] = []
    for tok in _TOKENS.findall(text):
        if tok in ("\n", "\r", "\r\n"):
            nodes.append(ref.makeelement(W_BR, {}))
        elif tok == "\t":
            nodes.append(ref.makeelement(W_TAB, {}))
        else:
            t = ref.makeelement(W_T, {})
            _set_t(t, tok)
            nodes.append(t)
    return nodes


#: XML's white space (XML 1.0 §2.3, S).
_XML_WS = " \t\r\n"


def _t_text(t: etree._Element) -> str:
    """The text a ``w:t`` shows: without ``xml:space="preserve"``, white space at its ends is
    not content (§17.3.3.31, t; Word and LibreOffice drop it), so it is not read, and a splice
    drops it rather than making it visible."""
    text = t.text or ""
    if t.get(XML_SPACE) != "preserve":
        return text.strip(_XML_WS)
    return text


def _set_t(t: etree._Element, text: str) -> None:
    t.text = text
    # Leading/trailing spaces survive only with xml:space="preserve" (§17.3.3, w:t).
    if text != text.strip() and t.get(XML_SPACE) != "preserve":
        t.set(XML_SPACE, "preserve")


def _replace_el(el: etree._Element, nodes: list[etree._Element]) -> None:
    parent = el.getparent()
    if parent is None:  # pragma: no cover - atoms always have a parent
        return
    idx = parent.index(el)
    tail = el.tail
    parent.remove(el)
    for k, node in enumerate(nodes):
        parent.insert(idx + k, node)
    if nodes and tail and nodes[-1].tail is None:
        nodes[-1].tail = tail


def _splice_t(t: etree._Element, lo: int, hi: int, value: str | None) -> None:
    """Replace ``[lo, hi)`` of a ``w:t``'s text; ``value`` None just deletes the range."""
    text = _t_text(t)
    before, after = text[:lo], text[hi:]
    if value is None or not _needs_nodes(value):
        new = before + (value or "") + after
        if new:
            _set_t(t, new)
        else:
            _replace_el(t, [])
        return
    nodes: list[etree._Element] = []
    if before:
        nodes.append(t)
        _set_t(t, before)
    nodes.extend(_value_nodes(value, t))
    if after:
        tail_t = t.makeelement(W_T, {})
        _set_t(tail_t, after)
        nodes.append(tail_t)
    if nodes and nodes[0] is t:
        # keep t in place and put the others after it
        anchor = t
        for node in nodes[1:]:
            anchor.addnext(node)
            anchor = node
    else:
        _replace_el(t, nodes)


def _needs_nodes(value: str) -> bool:
    return any(c in value for c in "\n\r\t")


def _run_of(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    return parent if parent is not None and parent.tag == W_R else None


def _prune_run(run: etree._Element | None) -> None:
    """Remove a run that has nothing left but its properties."""
    if run is None:
        return
    if all(isinstance(c.tag, str) and c.tag == W_RPR for c in run):
        parent = run.getparent()
        if parent is not None:
            prev = run.getprevious()
            if run.tail and prev is not None:
                prev.tail = (prev.tail or "") + run.tail
            parent.remove(run)


def _splice_para(para: Para, lo: int, hi: int, value: str) -> None:
    atoms = para.atoms
    if not atoms:
        if value:
            r = para.el.makeelement(W_R, {})
            r.extend(_value_nodes(value, para.el))
            para.el.append(r)
        return
    if atoms[0].kind == "prop":
        el = atoms[0].el
        text = el.text or ""
        el.text = text[:lo] + value + text[hi:]
        return
    if lo == hi:
        # Pure insertion: into the atom that holds position lo, else at the end of the last.
        first = next((a for a in atoms if a.start <= lo < a.end), atoms[-1])
        affected = [first]
    else:
        # Objects (pictures, symbols) are never removed: an edit over one keeps it.
        affected = [a for a in atoms if a.start < hi and a.end > lo and a.kind != "obj"]
        if not affected:
            if value:
                _splice_para(para, lo, lo, value)
            return
        first = affected[0]
    touched: list[etree._Element | None] = []
    for atom in affected[1:]:
        touched.append(_run_of(atom.el))
        if atom.kind == "t":
            _splice_t(
                atom.el, max(lo, atom.start) - atom.start, min(hi, atom.end) - atom.start, None
            )
        else:
            _replace_el(atom.el, [])
    touched.insert(0, _run_of(first.el))
    a_lo = max(lo, first.start) - first.start
    a_hi = min(hi, first.end) - first.start
    if first.kind == "t":
        _splice_t(first.el, min(a_lo, first.end - first.start), a_hi, value)
    elif lo == hi:
        if lo < first.end:
            nodes = _value_nodes(value, first.el)
            for node in nodes:
                first.el.addprevious(node)
        else:
            anchor = first.el
            for node in _value_nodes(value, first.el):
                anchor.addnext(node)
                anchor = node
    else:
        _replace_el(first.el, _value_nodes(value, first.el))
    for run in touched:
        _prune_run(run)


def splice_story(story: StoryMap, edits: Iterable[tuple[int, int, str]]) -> None:
    """Apply ``(start, end, text)`` edits to the tree behind ``story`` (mutates the tree; the map
    is stale afterwards). Edits may not overlap. Only a removal (``text == ""``) may span one
    paragraph boundary: a paragraph it empties is deleted when that is safe (see
    ``_deletable``), and emptied otherwise."""
    ordered = sorted(edits, key=lambda e: (e[0], e[1]), reverse=True)
    limit = len(story.text) + 1
    for start, end, text in ordered:
        if not (0 <= start <= end <= len(story.text)):
            raise ValueError(f"edit [{start}, {end}) is outside part {story.part}")
        if end > limit:
            raise ValueError(f"edits overlap in part {story.part} at offset {start}")
        limit = start
        check_value(text)
        i = bisect_right(story.starts, start) - 1
        if (
            not text
            and 0 <= i < len(story.paras) - 1
            and end > story.starts[i] + len(story.paras[i].text)
        ):
            _remove_across(story, i, start, end)
            continue
        para, lo, hi = story.locate(start, end)
        _splice_all(para, lo, hi, text)


def _splice_all(para: Para, lo: int, hi: int, text: str) -> None:
    for p in (para, *para.shadows):
        _release_controls(p, lo, hi)
        _splice_para(p, lo, hi, text)


def _remove_across(story: StoryMap, i: int, start: int, end: int) -> None:
    """Remove ``[start, end)``, which runs from paragraph ``i`` over one or more breaks. Every
    paragraph it covers whole is deleted when ``_deletable`` (else emptied); the paragraphs it
    covers in part lose that part, and the break between them stays."""
    j = bisect_right(story.starts, end) - 1
    for k in range(i, j):
        if story.starts[k + 1] != story.starts[k] + len(story.paras[k].text) + 1:
            raise ValueError(
                f"edit [{start}, {end}) of part {story.part} spans a paragraph boundary"
            )
    for k in range(j, i - 1, -1):  # back to front, like every splice
        para, base = story.paras[k], story.starts[k]
        lo, hi = max(start - base, 0), min(end - base, len(para.text))
        whole = lo == 0 and hi == len(para.text) and (para.text or k < j)
        if whole and _deletable(para):
            _delete_para(para)
        elif hi > lo:
            _splice_all(para, lo, hi, "")


#: Markup that ties a paragraph to something elsewhere (a section, a range that ends in another
#: paragraph, a revision, a picture, a note): such a paragraph is emptied, never deleted.
_TIED = frozenset(
    {
        *(
            _w(n)
            for n in (
                "sectPr",
                "bookmarkStart",
                "bookmarkEnd",
                "commentRangeStart",
                "commentRangeEnd",
                "commentReference",
                "permStart",
                "permEnd",
                "moveFromRangeStart",
                "moveFromRangeEnd",
                "moveToRangeStart",
                "moveToRangeEnd",
                "ins",
                "del",
                "moveFrom",
                "moveTo",
                "fldChar",
                "fldSimple",
                "sdt",
            )
        ),
        *_OBJECTS,
        MC_ALT,
        W_TXBX,
    }
)
_W_TBL = _w("tbl")


def _deletable(para: Para) -> bool:
    """Whether ``para`` can be deleted: no shadow copies, nothing tied to it, and its container
    keeps a paragraph last (a table cell and the body must end with one)."""
    el = para.el
    parent = el.getparent()
    if para.shadows or parent is None or el.tag != W_P:
        return False
    if any(isinstance(d.tag, str) and d.tag in _TIED for d in el.iter()):
        return False
    blocks = [c for c in parent if c.tag in (W_P, _W_TBL)]
    if len(blocks) < 2:
        return False
    if blocks[-1] is el and blocks[-2].tag != W_P:
        return False  # a table would end the container
    return True


def _delete_para(para: Para) -> None:
    parent = para.el.getparent()
    if parent is not None:
        parent.remove(para.el)


_W_TR, _W_TC, _W_TCPR, _W_GRIDSPAN, _W_VAL = (
    _w("tr"),
    _w("tc"),
    _w("tcPr"),
    _w("gridSpan"),
    _w("val"),
)
_WORDS = regex.compile(r"[\p{Han}\p{L}]")


@attrs.frozen
class HeaderTable:
    """A table's first row (``header``: each cell's text) and, for the paragraphs of the cells
    below it, their column's header by ``(part, offset)``; whether the first row is a header
    row depends on the marks (``column_headers``)."""

    header: tuple[str, ...]
    cells: dict[tuple[str, int], str]


def header_tables(story: StoryMap, part: str = "") -> list[HeaderTable]:
    """The tables of ``story`` with two rows or more, and the header text over each cell of
    their lower rows (by the paragraph's start offset in the story's plain text)."""
    if not story.paras:
        return []
    root = story.paras[0].el.getroottree().getroot()
    if next(root.iter(_W_TBL), None) is None:
        return []
    start_of = {para.el: start for para, start in zip(story.paras, story.starts, strict=True)}
    text_of = {para.el: para.text for para in story.paras}
    out: list[HeaderTable] = []
    for tbl in root.iter(_W_TBL):
        rows = tbl.findall(_W_TR)
        if len(rows) < 2:
            continue
        header: dict[int, str] = {}
        for col, tc in _grid_cells(rows[0]):
            header[col] = "".join(text_of.get(p, "") for p in tc.findall(W_P)).strip()
        cells: dict[tuple[str, int], str] = {}
        for row in rows[1:]:
            for col, tc in _grid_cells(row):
                label = header.get(col, "")
                if not _WORDS.search(label):
                    continue
                for p in tc.findall(W_P):
                    if p in start_of:
                        cells[(part, start_of[p])] = label[-40:]
        out.append(HeaderTable(tuple(header.values()), cells))
    return out


def column_headers(
    tables: Iterable[HeaderTable], marks: tuple[str, ...] = DEFAULT_MARKS
) -> dict[tuple[str, int], str]:
    """``(part, offset) -> header`` for the cells of tables whose first row is a header row:
    one with words and no placeholders (a row such as ``姓名 | XX | 性别 | XX`` is a form row:
    its labels sit beside the values, not above)."""
    run = _mark_run(marks)
    out: dict[tuple[str, int], str] = {}
    for table in tables:
        if run is not None and any(run.search(t) for t in table.header):
            continue
        out.update(table.cells)
    return out


@functools.lru_cache(maxsize=16)
def _mark_run(marks: tuple[str, ...]) -> Any:
    return regex.compile(mark_class(marks) + "{2,}") if marks else None


def _add_headers(out: list[HeaderTable], part: str, story: StoryMap, core: bool) -> None:
    if not core:
        out.extend(header_tables(story, part))


def _grid_cells(row: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    """The cells of a table row with their grid column (merged cells span several)."""
    col = 0
    for tc in row.findall(_W_TC):
        yield col, tc
        span = tc.find(f"{_W_TCPR}/{_W_GRIDSPAN}")
        try:
            col += max(1, int(span.get(_W_VAL, "1"))) if span is not None else 1
        except ValueError:
            col += 1


def _release_controls(para: Para, lo: int, hi: int) -> None:
    """Content controls around ``[lo, hi)`` keep the new text: drop their data binding and their
    showing-placeholder flag (the value is content now, not a prompt)."""
    atoms = [a for a in para.atoms if a.start < hi and a.end > lo] or [
        a for a in para.atoms if a.start <= lo <= a.end
    ][:1]
    for atom in atoms:
        for sdt in atom.el.iterancestors(W_SDT):
            props = sdt.find(W_SDTPR)
            if props is None:
                continue
            for tag in _CONTROL_RESETS:
                for el in props.findall(tag):
                    props.remove(el)


# --------------------------------------------------------------------------------------------
# Stories of a package
# --------------------------------------------------------------------------------------------


def _classify_parts(
    names: Sequence[str], content_types: dict[str, str], default_types: dict[str, str]
) -> list[tuple[str, str]]:
    """``(role, name)`` of every story part, in document order.

    Roles come from the part's content type (an ``Override`` in ``[Content_Types].xml``,
    ECMA-376 Part 2, OPC). A type that only comes from a ``Default`` for an extension, or a
    package without ``[Content_Types].xml``, is trusted only for the usual part names: some
    generators map every ``.xml`` to the main document type."""
    by_name = {name: _role_by_name(name) for name in names}
    roles: list[tuple[str, str]] = []
    for name in names:
        ctype = content_types.get(name)
        if ctype is None:
            ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            default = default_types.get(ext)
            role = by_name[name] if default is None or _role_of(default) else None
        else:
            role = _role_of(ctype)
        if role is not None:
            roles.append((role, name))
    mains = [n for r, n in roles if r == "main"]
    if len(mains) > 1:  # keep one main document: the usual name, else the first
        keep = MAIN_PART if MAIN_PART in mains else sorted(mains, key=_natural_key)[0]
        roles = [(r, n) for r, n in roles if r != "main" or n == keep]
    roles.sort(key=lambda rn: (_ROLE_ORDER.index(rn[0]), _natural_key(rn[1])))
    return roles


def _role_of(ctype: str) -> str | None:
    if ctype in _MAIN_TYPES:
        return "main"
    if ctype in _ROLE_TYPES:
        return _ROLE_TYPES[ctype]
    return "core" if ctype == _CORE_TYPE else None


def _role_by_name(name: str) -> str | None:
    if name == MAIN_PART:
        return "main"
    return next((r for rx, r in _ROLE_BY_NAME if rx.fullmatch(name)), None)


def _read_content_types(
    zipped: ZipPackage,
) -> tuple[dict[str, str], dict[str, str]]:
    if "[Content_Types].xml" not in zipped.infos:
        return {}, {}
    root = parse_xml(
        zipped.read("[Content_Types].xml"), part="[Content_Types].xml", source=zipped.source
    )
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for el in root:
        if el.tag == f"{{{CT_NS}}}Override":
            overrides[(el.get("PartName") or "").lstrip("/")] = el.get("ContentType") or ""
        elif el.tag == f"{{{CT_NS}}}Default":
            defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
    return overrides, defaults


def _not_word(
    names: Iterable[str], content_types: dict[str, str], zipped: ZipPackage
) -> str | None:
    names = list(names)
    types = " ".join(content_types.values())
    if "spreadsheetml" in types or any(n.startswith("xl/") for n in names):
        return "is an Excel workbook (.xlsx), not a Word document (was it renamed to .docx?)"
    if "presentationml" in types or any(n.startswith("ppt/") for n in names):
        return "is a PowerPoint presentation (.pptx), not a Word document (was it renamed?)"
    if "mimetype" in zipped.infos:
        kind = zipped.read("mimetype")[:100].decode("ascii", "replace")
        if "opendocument" in kind:
            return (
                f"is an OpenDocument file ({kind}), not a .docx: convert it with "
                "soffice --headless --convert-to docx FILE"
            )
    if "Content.xml" in names or "content.xml" in names:
        return "is not a Word document (no word/document.xml): save it as .docx"
    return None


# --------------------------------------------------------------------------------------------
# Source and output
# --------------------------------------------------------------------------------------------


@attrs.define(eq=False)
class _Story:
    name: str
    core: bool
    raw: bytes | None  # the part's bytes (zip sources); None for live python-docx parts
    element: Any = None  # live element (python-docx XmlPart) or None
    docx_part: Any = None  # python-docx Part (for write-back of non-XmlParts)


class DocxOutput:
    """A filled DOCX: ``to_bytes()`` is the new file, ``text`` its plain text (parts joined by a
    blank line), ``document`` the python-docx ``Document`` (opened lazily)."""

    def __init__(
        self, *, data: bytes | None, text: str, document: Any = None, name: str = "<docx>"
    ) -> None:
        self._data = data
        self._document = document
        self.text = text
        self.name = name

    def to_bytes(self) -> bytes:
        if self._data is None:
            buf = io.BytesIO()
            self._document.save(buf)
            return buf.getvalue()
        return self._data

    @property
    def document(self) -> docx.document.Document:
        if self._document is None:
            import docx

            self._document = docx.Document(io.BytesIO(self.to_bytes()))
        return self._document

    def __repr__(self) -> str:
        return f"<DocxOutput {self.name} {len(self.text)} chars>"


class DocxSource:
    """A DOCX template: its stories as plain text, and ``apply(edits)`` to fill it.

    >>> import io, docx
    >>> d = docx.Document(); _ = d.add_paragraph("召开XX次会议")
    >>> buf = io.BytesIO(); d.save(buf)
    >>> src = DocxSource.from_bytes(buf.getvalue(), name="t.docx")
    >>> src.parts[0].text
    '召开XX次会议'
    >>> src.apply([Edit("word/document.xml", 2, 4, "12")]).text.splitlines()[0]
    '召开12次会议'
    """

    format = "docx"

    def __init__(
        self,
        *,
        name: str,
        path: Path | None,
        stories: list[_Story],
        parts: tuple[PartText, ...],
        zipped: ZipPackage | None = None,
        document: Any = None,
        headers: Sequence[HeaderTable] = (),
    ) -> None:
        self.name = name
        self.path = path
        self.parts = parts
        self._stories = {s.name: s for s in stories}
        self._zip = zipped
        self._document = document
        self._headers = tuple(headers)

    def __repr__(self) -> str:
        return f"<DocxSource {self.name} parts={[p.name for p in self.parts]}>"

    def column_headers(self, marks: tuple[str, ...] = DEFAULT_MARKS) -> dict[tuple[str, int], str]:
        """``(part, offset) -> header`` for table-cell paragraphs under a header row (one with
        no run of ``marks``, see ``column_headers``): classification reads a lone
        placeholder's column header."""
        return column_headers(self._headers, marks)

    #: Not compiled: ``apply_texts`` applies the edits.
    fast = False

    def apply_texts(self, texts: Sequence[str], edits: Any, artifacts_removed: bool) -> Any:
        """``apply`` of the edits (``texts`` serve compiled templates only)."""
        return self.apply(edits.get())

    #: Line breaks in values become ``w:br`` elements, written from ``\n``.
    newline = "\n"

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        *,
        name: str = "<bytes>",
        path: Path | None = None,
        limits: Limits | None = None,
        copy_damaged: bool = False,
    ) -> DocxSource:
        """Open DOCX bytes (``limits`` bounds what may be decompressed; ``copy_damaged`` lets
        members that fail their CRC check be copied into outputs as they are)."""
        zipped = ZipPackage(
            bytes(data), source=name, limits=limits or DEFAULT_LIMITS, copy_damaged=copy_damaged
        )
        overrides, defaults = _read_content_types(zipped)
        roles = _classify_parts(zipped.names(), overrides, defaults)
        if not any(role == "main" for role, _ in roles):
            if MAIN_PART in zipped.infos:
                roles.insert(0, ("main", MAIN_PART))
            else:
                why = _not_word(zipped.names(), overrides, zipped)
                if why:
                    raise UnsupportedFormatError(why, source=name)
                raise CorruptDocumentError(
                    "the zip has no word/document.xml: it is not a Word document or it is damaged",
                    source=name,
                )
        stories: list[_Story] = []
        parts: list[PartText] = []
        headers: list[HeaderTable] = []
        for role, member in roles:
            raw = zipped.read(member)
            root = parse_xml(raw, part=member, source=name)
            if role == "main" and root.tag == f"{{{W_STRICT_NS}}}document":
                raise UnsupportedFormatError(
                    "is saved as Strict Open XML, which xxfill does not read: save it as a "
                    "standard Word Document (.docx)",
                    source=name,
                )
            story = map_story(root, part=member, core=role == "core")
            if role == "core" and not story.paras:
                continue
            stories.append(_Story(member, role == "core", raw))
            parts.append(PartText(member, story.text))
            _add_headers(headers, member, story, role == "core")
        return cls(
            name=name,
            path=path,
            stories=stories,
            parts=tuple(parts),
            zipped=zipped,
            headers=headers,
        )

    @classmethod
    def from_document(cls, doc: docx.document.Document) -> DocxSource:
        """Wrap a python-docx ``Document``; ``apply`` fills it in place."""
        package = doc.part.package
        names: list[str] = []
        by_name: dict[str, Any] = {}
        types: dict[str, str] = {}
        for part in package.iter_parts():
            pname = str(part.partname).lstrip("/")
            names.append(pname)
            by_name[pname] = part
            types[pname] = part.content_type
        roles = _classify_parts(names, types, {})
        main = str(doc.part.partname).lstrip("/")
        if not any(n == main for _, n in roles):
            roles.insert(0, ("main", main))
        stories: list[_Story] = []
        parts: list[PartText] = []
        headers: list[HeaderTable] = []
        for role, member in roles:
            part = by_name[member]
            element = getattr(part, "_element", None)
            raw = None
            if element is None:
                raw = part.blob
                root = parse_xml(raw, part=member, source="<Document>")
            else:
                root = element
            story = map_story(root, part=member, core=role == "core")
            if role == "core" and not story.paras:
                continue
            stories.append(_Story(member, role == "core", raw, element, part))
            parts.append(PartText(member, story.text))
            _add_headers(headers, member, story, role == "core")
        return cls(
            name="<Document>",
            path=None,
            stories=stories,
            parts=tuple(parts),
            document=doc,
            headers=headers,
        )

    def verify_members(self) -> None:
        """Check every member of the package against its CRC (``CorruptDocumentError`` naming
        a damaged one, unless opened with ``copy_damaged``); a live ``Document`` has none."""
        if self._zip is not None:
            self._zip.verify(self._zip.names())

    @property
    def package_bytes(self) -> bytes | None:
        """The template's zip bytes (``None`` for a live python-docx ``Document``)."""
        return self._zip.data if self._zip is not None else None

    def as_package(self, limits: Limits = DEFAULT_LIMITS) -> DocxSource:
        """This source read from zip bytes: itself, or for a live python-docx ``Document`` a
        copy of the document as saved now (the document itself is never changed)."""
        if self._zip is not None:
            return self
        buf = io.BytesIO()
        self._document.save(buf)
        return DocxSource.from_bytes(buf.getvalue(), name=self.name, path=self.path, limits=limits)

    @property
    def core_parts(self) -> frozenset[str]:
        """The parts read as core properties (their values are text, not runs)."""
        return frozenset(n for n, story in self._stories.items() if story.core)

    def story_map(self, part: str) -> StoryMap:
        """A fresh map of one part's paragraphs (plain text positions to XML)."""
        story = self._stories[part]
        return map_story(self._root(story), part=part, core=story.core)

    def plain_text(self, part: str) -> str:
        """The plain text of one part."""
        for p in self.parts:
            if p.name == part:
                return p.text
        raise KeyError(part)

    def _root(self, story: _Story) -> etree._Element:
        if story.element is not None:
            return story.element
        assert story.raw is not None
        return parse_xml(story.raw, part=story.name, source=self.name)

    def apply(self, edits: Sequence[Edit]) -> DocxOutput:
        """A new document with ``edits`` applied; the source is unchanged (a python-docx
        ``Document`` is filled in place)."""
        grouped: dict[str, list[tuple[int, int, str]]] = {}
        for edit in edits:
            if edit.part not in self._stories:
                raise ValueError(f"edit for unknown part {edit.part!r} of {self.name}")
            grouped.setdefault(edit.part, []).append((edit.start, edit.end, edit.text))
        for values in grouped.values():
            for _s, _e, text in values:
                check_value(text)
        replaced: dict[str, bytes] = {}
        texts: dict[str, str] = {p.name: p.text for p in self.parts}
        for part, part_edits in grouped.items():
            story = self._stories[part]
            root = self._root(story)
            splice_story(map_story(root, part=part, core=story.core), part_edits)
            texts[part] = map_story(root, part=part, core=story.core).text
            if story.element is None:
                replaced[part] = serialize_xml(root)
                if story.docx_part is not None:
                    story.docx_part._blob = replaced[part]
        text = "\n\n".join(texts[p.name] for p in self.parts)
        if self._document is not None:
            return DocxOutput(data=None, text=text, document=self._document, name=self.name)
        assert self._zip is not None
        return DocxOutput(data=self._zip.rewrite(replaced), text=text, name=self.name)
