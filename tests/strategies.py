"""Hypothesis strategies for xxfill: random templates (DOCX and text) and random values.

A template is drawn as a model first (paragraphs of filler text, placeholders and site
artifacts), so every test knows exactly what the filled document must say. The model is then
written out as DOCX with random run splits, random run formatting, markup between runs and
several ``w:t`` in one run, or as text with random line endings.

``char_formats`` reads a DOCX back independently of xxfill (plain lxml), character by character,
with the properties of the run each character sits in, so tests can check formatting exactly.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

import attrs
from hypothesis import strategies as st
from lxml import etree

from docxbuild import NS, build_docx, table

W = "{" + NS["w"] + "}"
BODY = "word/document.xml"
HEADER = "word/header1.xml"

#: Filler characters: Han, digits, Chinese and ASCII punctuation, spaces and tabs. No Latin
#: letters and no marks, so the only placeholders are the ones the model puts in.
FILLER_ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也能而子那得"
    "年月日次届第党委局县区组织召开会议工作总结报告方案通知"
    "0123456789０１２３"
    "，。、；：！？“”‘’（）《》【】—…·"
    " \t"
)
#: Placeholder marks (the defaults of ``xxfill.Options``).
MARKS = "XＸ×"
#: Site residue that fill removes.
ARTIFACTS = ("##paidbegin##", "##paidend##", "##ad1##")
#: Run properties drawn for runs: none, 公文 fonts, bold, colour, highlight, size, style...
RPRS: tuple[str, ...] = (
    "",
    '<w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/>'
    '<w:sz w:val="32"/><w:szCs w:val="32"/>',
    '<w:rFonts w:eastAsia="黑体"/><w:b/><w:bCs/>',
    '<w:color w:val="FF0000"/>',
    '<w:highlight w:val="yellow"/>',
    '<w:i/><w:u w:val="single"/>',
    '<w:rStyle w:val="Strong"/><w:sz w:val="28"/>',
    '<w:lang w:val="en-US" w:eastAsia="zh-CN"/>',
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:vertAlign '
    'w:val="superscript"/>',
)
#: Non-text markup that Word and WPS put between runs.
MARKUP: tuple[str, ...] = (
    '<w:proofErr w:type="spellStart"/>',
    '<w:proofErr w:type="gramEnd"/>',
    '<w:bookmarkStart w:id="90" w:name="_GoBack"/>',
    '<w:bookmarkEnd w:id="90"/>',
    '<w:commentRangeStart w:id="91"/>',
    '<w:commentRangeEnd w:id="91"/>',
    '<w:permStart w:id="92" w:edGrp="everyone"/>',
    '<w:permEnd w:id="92"/>',
)
#: Characters values are made of: anything XML can hold that reads like report content,
#: including spaces at the ends (xml:space), XML metacharacters, and (for DOCX) tab and break.
VALUE_ALPHABET = "一二三四五十百千万甲乙丙张王李0123456789.%,，、 &<>\"'（）abcXYZ"


@attrs.frozen
class Segment:
    """A piece of a paragraph: filler text, a placeholder or an artifact."""

    kind: str  # "text" | "placeholder" | "artifact"
    text: str


@attrs.frozen
class Template:
    """A template model: paragraphs of segments, in document order, per part."""

    body: tuple[tuple[Segment, ...], ...]
    header: tuple[tuple[Segment, ...], ...] = ()
    #: how many of the body paragraphs (from the end) sit in a one-column table
    in_table: int = 0

    def placeholders(self) -> list[Segment]:
        """Every placeholder, in ``xxfill`` index order (body, then header)."""
        return [s for para in (*self.body, *self.header) for s in para if s.kind == "placeholder"]

    def para_texts(self, paras: Sequence[Sequence[Segment]]) -> list[str]:
        return ["".join(s.text for s in para) for para in paras]

    def filled(self, paras: Sequence[Sequence[Segment]], values: Sequence[str]) -> list[str]:
        """The paragraphs' text after filling: placeholders replaced in order, artifacts gone.
        ``values`` are consumed from the front (body before header)."""
        out = []
        it = iter(values)
        for para in paras:
            chunks = []
            for s in para:
                if s.kind == "placeholder":
                    chunks.append(next(it))
                elif s.kind == "text":
                    chunks.append(s.text)
            out.append("".join(chunks))
        return out


filler = st.text(alphabet=FILLER_ALPHABET, min_size=1, max_size=12)
placeholder_literal = st.text(alphabet=MARKS, min_size=2, max_size=4)


@st.composite
def paragraph(draw: st.DrawFn, *, max_placeholders: int = 4) -> tuple[Segment, ...]:
    """Filler and placeholders alternating (filler between two placeholders keeps them apart);
    placeholders may open or close the paragraph; an artifact now and then."""
    segments: list[Segment] = []
    n = draw(st.integers(0, max_placeholders))
    if draw(st.booleans()):
        segments.append(Segment("text", draw(filler)))
    for i in range(n):
        if i and segments[-1].kind != "text":
            segments.append(Segment("text", draw(filler)))
        if draw(st.integers(0, 7)) == 0:
            segments.append(Segment("artifact", draw(st.sampled_from(ARTIFACTS))))
            segments.append(Segment("text", draw(filler)))
        segments.append(Segment("placeholder", draw(placeholder_literal)))
    if not segments or draw(st.booleans()):
        segments.append(Segment("text", draw(filler)))
    return tuple(segments)


@st.composite
def templates(draw: st.DrawFn, *, header: bool = True) -> Template:
    """A template with 1-4 body paragraphs (some perhaps in a table) and perhaps a header."""
    body = tuple(draw(st.lists(paragraph(), min_size=1, max_size=4)))
    head = tuple(draw(st.lists(paragraph(max_placeholders=2), max_size=2))) if header else ()
    in_table = draw(st.integers(0, len(body) - 1)) if len(body) > 1 else 0
    return Template(body, head, in_table)


def value_text(*, docx: bool) -> st.SearchStrategy[str]:
    """A non-empty value (``""`` means "not filled in" to xxfill)."""
    alphabet = VALUE_ALPHABET + ("\t\n" if docx else "")
    return st.text(alphabet=alphabet, min_size=1, max_size=8).filter(lambda s: s.strip("\t\n"))


# --------------------------------------------------------------------------------------------
# Writing a model as DOCX


@attrs.frozen
class Layout:
    """How a paragraph's text was cut into runs: per character, the rPr of its run."""

    xml: str
    char_rprs: tuple[str, ...]


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def _run_content(text: str, split_t: bool) -> str:
    """The children of a run holding ``text``: ``w:t`` pieces, ``w:tab`` and ``w:br``."""
    out = []
    buf = ""
    for ch in text:
        if ch in "\t\n":
            if buf:
                out.append(_t(buf))
                buf = ""
            out.append("<w:tab/>" if ch == "\t" else "<w:br/>")
        else:
            buf += ch
    if buf:
        if split_t and len(buf) > 1:
            half = len(buf) // 2
            out += [_t(buf[:half]), _t(buf[half:])]
        else:
            out.append(_t(buf))
    return "".join(out)


@st.composite
def layout(draw: st.DrawFn, text: str) -> Layout:
    """Cut ``text`` into runs at random places, give each run random properties, and put
    random markup (proofErr, bookmarks, comment ranges, permissions) or a hyperlink between."""
    if not text:
        return Layout("<w:p/>", ())
    cuts = draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=len(text)))
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    items: list[str] = []
    rprs: list[str] = []
    for a, b in itertools.pairwise(bounds):
        rpr = draw(st.sampled_from(RPRS))
        rprs.extend([rpr] * (b - a))
        props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        run = f"<w:r>{props}{_run_content(text[a:b], draw(st.booleans()))}</w:r>"
        wrap = draw(st.integers(0, 9))
        if wrap == 0:
            run = f'<w:hyperlink w:anchor="a{a}">{run}</w:hyperlink>'
        elif wrap == 1:
            run = f'<w:smartTag w:uri="urn:x" w:element="place">{run}</w:smartTag>'
        if draw(st.integers(0, 2)) == 0:
            items.append(draw(st.sampled_from(MARKUP)))
        items.append(run)
    ppr = draw(st.sampled_from(["", '<w:pPr><w:jc w:val="both"/></w:pPr>']))
    return Layout(f"<w:p>{ppr}{''.join(items)}</w:p>", tuple(rprs))


@attrs.frozen
class Docx:
    """A DOCX drawn from a ``Template``: its bytes and the rPr of every character per part."""

    model: Template
    data: bytes
    rprs: dict[str, tuple[tuple[str, ...], ...]]


@st.composite
def docx_templates(draw: st.DrawFn) -> Docx:
    """A random ``Template`` written as a DOCX with random runs and formatting."""
    model = draw(templates())
    body_layouts = [draw(layout(t)) for t in model.para_texts(model.body)]
    head_layouts = [draw(layout(t)) for t in model.para_texts(model.header)]
    split = len(body_layouts) - model.in_table
    body_xml = "".join(lay.xml for lay in body_layouts[:split])
    if model.in_table:
        body_xml += table([[lay.xml] for lay in body_layouts[split:]])
    headers = ["".join(lay.xml for lay in head_layouts)] if head_layouts else []
    data = build_docx(body_xml, headers=headers, extra={"media/image1.png": b"\x89PNG fake"})
    rprs = {BODY: tuple(lay.char_rprs for lay in body_layouts)}
    if headers:
        rprs[HEADER] = tuple(lay.char_rprs for lay in head_layouts)
    return Docx(model, data, rprs)


# --------------------------------------------------------------------------------------------
# Reading a DOCX back without xxfill


def _canon(el: etree._Element | None) -> str:
    """The run properties as a canonical string (element order kept, attributes sorted)."""
    if el is None:
        return ""

    def walk(e: etree._Element) -> str:
        tag = etree.QName(e).localname
        attrs_ = " ".join(f"{etree.QName(k).localname}={v}" for k, v in sorted(e.attrib.items()))
        return f"<{tag} {attrs_}>" + "".join(walk(c) for c in e if isinstance(c.tag, str))

    return "".join(walk(c) for c in el if isinstance(c.tag, str))


def _canon_rpr_xml(rpr: str) -> str:
    if not rpr:
        return ""
    root = etree.fromstring(f'<w:rPr xmlns:w="{NS["w"]}">{rpr}</w:rPr>')
    return _canon(root)


def char_formats(data: bytes, part: str) -> list[list[tuple[str, str]]]:
    """Per paragraph of ``part``: each character with the canonical rPr of its run.

    Text comes from ``w:t`` (``w:tab`` is ``\\t``, ``w:br`` is ``\\n``); deleted text is left out.
    Paragraphs are every ``w:p`` in document order, tables included.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read(part))
    out: list[list[tuple[str, str]]] = []
    for para in root.iter(f"{W}p"):
        chars: list[tuple[str, str]] = []
        for run in para.iter(f"{W}r"):
            if any(etree.QName(a).localname == "del" for a in run.iterancestors()):
                continue
            rpr = _canon(run.find(f"{W}rPr"))
            for child in run:
                if child.tag == f"{W}t":
                    chars.extend((c, rpr) for c in child.text or "")
                elif child.tag == f"{W}tab":
                    chars.append(("\t", rpr))
                elif child.tag == f"{W}br":
                    chars.append(("\n", rpr))
        out.append(chars)
    return out


def expected_formats(
    paras: Sequence[Sequence[Segment]],
    rprs: Sequence[Sequence[str]],
    values: Sequence[str],
) -> list[list[tuple[str, str]]]:
    """What ``char_formats`` must read after filling: text outside placeholders keeps its run's
    properties; a value takes the properties of the run where its placeholder started."""
    it = iter(values)
    out = []
    for para, para_rprs in zip(paras, rprs, strict=True):
        chars: list[tuple[str, str]] = []
        pos = 0
        for seg in para:
            if seg.kind == "text":
                chars += [(c, _canon_rpr_xml(para_rprs[pos + i])) for i, c in enumerate(seg.text)]
            elif seg.kind == "placeholder":
                rpr = _canon_rpr_xml(para_rprs[pos])
                chars += [(c, rpr) for c in next(it)]
            pos += len(seg.text)
        out.append(chars)
    return out


def member_bytes(data: bytes) -> dict[str, bytes]:
    """The uncompressed content of every member."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# --------------------------------------------------------------------------------------------
# Writing a model as text

NEWLINES = ("\n", "\r\n", "\r")


@st.composite
def text_templates(draw: st.DrawFn) -> tuple[Template, tuple[str, ...]]:
    """A template model for text and the line ending after each of its lines, each drawn on
    its own (mixed ``\n``, ``\r\n`` and ``\r``; the last line may have none)."""
    model = draw(templates(header=False))
    n = len(model.body)
    endings = [draw(st.sampled_from(NEWLINES)) for _ in range(n - 1)]
    endings.append(draw(st.sampled_from(("", *NEWLINES))))
    return model, tuple(endings)


def join_lines(lines: Sequence[str], endings: Sequence[str]) -> str:
    return "".join(line + end for line, end in zip(lines, endings, strict=True))


#: Typed values for count slots: what a pipeline hands over.
count_values = st.one_of(
    st.integers(0, 10**12),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
)
