# ruff: noqa: E501  (fixture XML is kept on one line per element)
"""Build DOCX fixtures in code: split runs, markup between runs, every kind of story.

Strings passed to ``p()`` are plain runs unless they start with ``<`` (then they are raw XML), so a
split placeholder reads ``p("召开", r("X", FS), proof(), r("X"), "次会议")``.
Run ``python tests/docxbuild.py`` to regenerate the LibreOffice fixtures (needs ``soffice``).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
W = NS["w"]
ROOT_NS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items()) + ' mc:Ignorable="w14 wp14"'

#: 仿宋_GB2312 三号 (16 pt = 32 half-points): the 公文 body font.
FS = (
    '<w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/>'
    '<w:sz w:val="32"/><w:szCs w:val="32"/>'
)
BOLD = "<w:b/>"
RED = '<w:color w:val="FF0000"/>'
HL = '<w:highlight w:val="yellow"/>'


def r(text: str = "", rpr: str = "", *, deleted: bool = False) -> str:
    """A run; ``\\t`` and ``\\n`` in ``text`` become ``w:tab`` and ``w:br``."""
    tag = "w:delText" if deleted else "w:t"
    parts: list[str] = []
    buf = ""
    for ch in text:
        if ch in "\t\n":
            if buf:
                parts.append(_t(tag, buf))
                buf = ""
            parts.append("<w:tab/>" if ch == "\t" else "<w:br/>")
        else:
            buf += ch
    if buf:
        parts.append(_t(tag, buf))
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f"<w:r>{props}{''.join(parts)}</w:r>"


def _t(tag: str, text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<{tag}{space}>{escape(text)}</{tag}>"


def _items(items: Sequence[str]) -> str:
    return "".join(i if i.startswith("<") else r(i) for i in items)


def p(*items: str, ppr: str = "") -> str:
    """A paragraph of runs (plain strings) and raw XML (strings starting with ``<``)."""
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{props}{_items(items)}</w:p>"


def proof(kind: str = "spellStart") -> str:
    return f'<w:proofErr w:type="{kind}"/>'


def bookmark(name: str, *items: str, bid: int = 0) -> str:
    return (
        f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>{_items(items)}'
        f'<w:bookmarkEnd w:id="{bid}"/>'
    )


def comment_range(*items: str, cid: int = 0) -> str:
    return (
        f'<w:commentRangeStart w:id="{cid}"/>{_items(items)}<w:commentRangeEnd w:id="{cid}"/>'
        f'<w:r><w:commentReference w:id="{cid}"/></w:r>'
    )


def perm(*items: str) -> str:
    return f'<w:permStart w:id="1" w:edGrp="everyone"/>{_items(items)}<w:permEnd w:id="1"/>'


def hyperlink(*items: str) -> str:
    return f'<w:hyperlink w:anchor="top">{_items(items)}</w:hyperlink>'


def smart_tag(*items: str) -> str:
    return f'<w:smartTag w:uri="urn:x" w:element="place">{_items(items)}</w:smartTag>'


def custom_xml(*items: str) -> str:
    return f'<w:customXml w:element="field">{_items(items)}</w:customXml>'


def sdt(*items: str, block: bool = False) -> str:
    """A content control; ``block=True`` for one around paragraphs/tables (items are raw)."""
    inner = "".join(items) if block else _items(items)
    return f'<w:sdt><w:sdtPr><w:alias w:val="ctl"/><w:id w:val="7"/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'


def ins(*items: str) -> str:
    return f'<w:ins w:id="11" w:author="a" w:date="2024-01-01T00:00:00Z">{_items(items)}</w:ins>'


def dele(text: str, rpr: str = "") -> str:
    return (
        f'<w:del w:id="12" w:author="a" w:date="2024-01-01T00:00:00Z">'
        f"{r(text, rpr, deleted=True)}</w:del>"
    )


def field(code: str, *result: str, rpr: str = "") -> str:
    """A complex field: begin, code, separate, result runs, end."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> {escape(code)} </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_items(result)}"
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def fld_simple(instr: str, *result: str) -> str:
    return f'<w:fldSimple w:instr="{escape(instr)}">{_items(result)}</w:fldSimple>'


def footnote_ref(fid: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{fid}"/></w:r>'


def textbox(*paras: str, fallback: bool = True, fallback_paras: Sequence[str] | None = None) -> str:
    """A run anchoring a DrawingML text box; with ``fallback`` also a VML copy in mc:Fallback."""
    content = "".join(paras)
    shadow = "".join(fallback_paras) if fallback_paras is not None else content
    drawing = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="2000000" cy="600000"/><wp:wrapNone/>'
        '<wp:docPr id="5" name="TextBox 5"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" '
        'cy="600000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    if not fallback:
        return f"<w:r>{drawing}</w:r>"
    vml = (
        '<w:pict><v:shape id="tb5" type="#_x0000_t202" style="width:157pt;height:47pt">'
        f"<v:textbox><w:txbxContent>{shadow}</w:txbxContent></v:textbox></v:shape></w:pict>"
    )
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"{drawing}</mc:Choice><mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def table(rows: Sequence[Sequence[str]]) -> str:
    """A table; each cell is raw block XML (paragraphs, nested tables) or plain text."""
    body = ""
    for row in rows:
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>'
            f"{c if c.startswith('<') else p(c)}</w:tc>"
            for c in row
        )
        body += f"<w:tr>{cells}</w:tr>"
    return (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
        + '<w:gridCol w:w="2000"/>' * max(len(r_) for r_ in rows)
        + f"</w:tblGrid>{body}</w:tbl>"
    )


_CT_W = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _notes(tag: str, notes: Sequence[str]) -> str:
    sep = (
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:{tag}>"
    )
    body = "".join(f'<w:{tag} w:id="{i}">{n}</w:{tag}>' for i, n in enumerate(notes, 1))
    return f"<w:{tag}s {ROOT_NS}>{sep}{body}</w:{tag}s>"


def build_docx(
    body: str,
    *,
    headers: Sequence[str] = (),
    footers: Sequence[str] = (),
    header_names: Sequence[str] | None = None,
    footnotes: Sequence[str] = (),
    endnotes: Sequence[str] = (),
    comments: Sequence[str] = (),
    core: Mapping[str, str] | None = None,
    extra: Mapping[str, bytes] | None = None,
    document_xml: str | None = None,
) -> bytes:
    """A complete .docx. ``headers``/``footers``/notes/``comments`` are raw block XML per part;
    ``core`` maps ``title``/``subject``/``keywords``/``description`` to text; ``extra`` adds
    members (stored, e.g. fake media) to check that they are copied untouched."""
    overrides: list[tuple[str, str]] = [("/word/document.xml", _CT_W + "document.main+xml")]
    rels: list[tuple[str, str]] = []
    members: list[tuple[str, bytes]] = []
    refs = ""
    names = list(header_names) if header_names else [f"header{i}" for i in range(1, 11)]
    for kind, items in (("header", headers), ("footer", footers)):
        tag = "hdr" if kind == "header" else "ftr"
        for i, xml in enumerate(items):
            name = names[i] if kind == "header" else f"footer{i + 1}"
            rid = f"rId{kind}{i + 1}"
            overrides.append((f"/word/{name}.xml", _CT_W + f"{kind}+xml"))
            rels.append((rid, f"{_REL}{kind}", f"{name}.xml"))  # type: ignore[arg-type]
            members.append((f"word/{name}.xml", f"<w:{tag} {ROOT_NS}>{xml}</w:{tag}>".encode()))
            if i < 3:
                which = ("default", "first", "even")[i]
                refs += f'<w:{kind}Reference w:type="{which}" r:id="{rid}"/>'
    for kind, items, tag in (
        ("footnotes", footnotes, "footnote"),
        ("endnotes", endnotes, "endnote"),
    ):
        if items:
            overrides.append((f"/word/{kind}.xml", _CT_W + f"{kind}+xml"))
            rels.append((f"rId{kind}", f"{_REL}{kind}", f"{kind}.xml"))  # type: ignore[arg-type]
            members.append((f"word/{kind}.xml", _notes(tag, items).encode()))
    if comments:
        overrides.append(("/word/comments.xml", _CT_W + "comments+xml"))
        rels.append(("rIdcomments", f"{_REL}comments", "comments.xml"))  # type: ignore[arg-type]
        body_c = "".join(
            f'<w:comment w:id="{i}" w:author="审核人" w:initials="SH">{c}</w:comment>'
            for i, c in enumerate(comments)
        )
        members.append(
            ("word/comments.xml", f"<w:comments {ROOT_NS}>{body_c}</w:comments>".encode())
        )
    sect = f'<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    doc = document_xml or (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f"<w:document {ROOT_NS}><w:body>{body}{sect}</w:body></w:document>"
    )
    pkg_rels = [
        (
            "rId1",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            "word/document.xml",
        )
    ]
    if core is not None:
        overrides.append(
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
        )
        pkg_rels.append(
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            )
        )
        fields = "".join(
            f"<{tag}>{escape(core[key])}</{tag}>"
            for key, tag in (
                ("title", "dc:title"),
                ("subject", "dc:subject"),
                ("creator", "dc:creator"),
                ("keywords", "cp:keywords"),
                ("description", "dc:description"),
            )
            if key in core
        )
        members.append(
            (
                "docProps/core.xml",
                (
                    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    "<cp:coreProperties xmlns:cp="
                    '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
                    'xmlns:dcterms="http://purl.org/dc/terms/" '
                    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                    f"{fields}</cp:coreProperties>"
                ).encode(),
            )
        )
    ct = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
        + "</Types>"
    )
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", _rels(pkg_rels))
        zf.writestr("word/document.xml", doc)
        zf.writestr("word/_rels/document.xml.rels", _rels(rels))
        for name, data in members:
            zf.writestr(name, data)
        for name, data in (extra or {}).items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    return zbuf.getvalue()


def _rels(rels: Sequence[tuple[str, str, str]]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
        + "</Relationships>"
    )


def raw_member(data: bytes, name: str) -> bytes:
    """The raw bytes of a member's local record (header + compressed data)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    start = info.header_offset
    n, m = (
        int.from_bytes(data[start + 26 : start + 28], "little"),
        int.from_bytes(data[start + 28 : start + 30], "little"),
    )
    return data[start : start + 30 + n + m + info.compress_size]


def soffice_marker() -> Any:
    """``@pytest.mark.skipif`` for tests that need LibreOffice: they skip where ``soffice`` is
    missing, except that ``XXFILL_REQUIRE_SOFFICE=1`` (CI sets it) makes a missing one an
    error, so CI never passes by skipping them."""
    import pytest

    missing = shutil.which("soffice") is None
    if missing and os.environ.get("XXFILL_REQUIRE_SOFFICE") == "1":  # pragma: no cover
        raise RuntimeError("XXFILL_REQUIRE_SOFFICE=1 but soffice (LibreOffice) is not installed")
    return pytest.mark.skipif(missing, reason="soffice (LibreOffice) is missing")


def soffice_convert(docx: bytes, workdir: Path, target: str) -> bytes:
    """Convert DOCX bytes with LibreOffice (a fresh profile under ``workdir``) to ``target``,
    e.g. ``"txt:Text (encoded):UTF8"`` or ``"docx"``; return the converted bytes."""
    soffice = shutil.which("soffice")
    assert soffice, "soffice is not on the PATH"
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / "in.docx"
    src.write_bytes(docx)
    profile = (workdir / "profile").as_uri()
    outdir = workdir / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (outdir / f"in.{target.split(':')[0]}").read_bytes()


def soffice_to_text(docx: bytes, workdir: Path) -> str:
    """The text LibreOffice reads from DOCX bytes (body and tables; no headers or text boxes)."""
    return soffice_convert(docx, workdir, "txt:Text (encoded):UTF8").decode("utf-8-sig")


# --------------------------------------------------------------------------------------------
# LibreOffice-saved fixtures (committed as tests/fixtures/lo_*.docx)
# --------------------------------------------------------------------------------------------

_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>XX街道2024年度工作总结</dc:title><dc:subject>XX工作</dc:subject></office:meta>
 <office:font-face-decls>
  <style:font-face style:name="仿宋_GB2312" svg:font-family="仿宋_GB2312" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties style:font-name="仿宋_GB2312" style:font-name-asian="仿宋_GB2312" fo:font-size="16pt" style:font-size-asian="16pt"/></style:style>
  <style:style style:name="T2" style:family="text"><style:text-properties style:font-name-asian="仿宋_GB2312" fo:font-size="16pt" style:font-size-asian="16pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
  <style:style style:name="T3" style:family="text"><style:text-properties fo:color="#c9211e" style:font-size-asian="16pt" fo:font-size="16pt"/></style:style>
  <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"/><style:header-style/></style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:header><text:p>XX县XX局<text:span text:style-name="T2">XX</text:span>年度材料</text:p></style:header>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
  <text:p><text:span text:style-name="T1">本年度共走访企业</text:span><text:span text:style-name="T2">X</text:span><text:span text:style-name="T3">X</text:span><text:span text:style-name="T1">家，解决实际问题XX项。</text:span></text:p>
  <text:p><text:span text:style-name="T1">牵头单位为XX中心，联系人XXX，联系电话XXXXXXXX<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>数据截至XX月XX日。</text:p></text:note-body></text:note>。</text:span></text:p>
  <table:table table:name="T"><table:table-column table:number-columns-repeated="2"/>
   <table:table-row><table:table-cell><text:p>项目</text:p></table:table-cell><table:table-cell><text:p>数量</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell><text:p>培训场次</text:p></table:table-cell><table:table-cell><text:p><text:span text:style-name="T2">XX</text:span>场</text:p></table:table-cell></table:table-row>
  </table:table>
  <text:p>下一步，将围绕“XX”目标，推动第XX批项目落地。</text:p>
 </office:text></office:body>
</office:document>
"""

_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>XX社区工作简报</title></head>
<body><h1>XX社区第XX期工作简报</h1>
<p><span style="font-family:'仿宋_GB2312';font-size:16pt">本月组织志愿服务活动</span><b>XX</b>次，
参与群众XX余人次。</p>
<p>活动由<span style="color:red">XX</span>同志牵头，于XXXX年XX月XX日在XX广场举行。</p>
<table border="1"><tr><td>类别</td><td>次数</td></tr><tr><td>宣讲</td><td>XX</td></tr></table>
</body></html>
"""


def make_lo_fixtures(outdir: Path) -> list[Path]:
    """Write the sources above and let LibreOffice save them as .docx in ``outdir``."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice not found")
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for stem, suffix, text in (("lo_report", ".fodt", _FODT), ("lo_brief", ".html", _HTML)):
            src = tmpdir / f"{stem}{suffix}"
            src.write_text(text, encoding="utf-8")
            cmd = [
                soffice,
                f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML" if suffix == ".html" else "docx",
                "--outdir",
                str(outdir),
                str(src),
            ]
            subprocess.run(cmd, check=True, capture_output=True, timeout=180)
            made.append(outdir / f"{stem}.docx")
    return made


if __name__ == "__main__":
    for path in make_lo_fixtures(Path(__file__).parent / "fixtures"):
        print(path, path.stat().st_size)
