"""Generate ``examples/report_template.docx``: a 公文-style 述职报告 template full of placeholders.

Formatting follows GB/T 9704-2012: title in 小标宋 二号, body in 仿宋_GB2312 三号 with a
two-character first-line indent and fixed 28 pt line spacing, level-one headings in 黑体,
level-two lead-ins in 楷体_GB2312; a header, a page-number footer, a table and a footnote. Some
placeholders are split across runs (with ``w:proofErr`` between them) as Word and WPS leave them.

Run: ``python examples/make_example_docx.py`` (needs python-docx). The output is deterministic.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

OUT = Path(__file__).with_name("report_template.docx")

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SANHAO = Pt(16)  # 三号
ERHAO = Pt(22)  # 二号
SIHAO = Pt(14)  # 四号

#: In the text below, "¦" splits a placeholder into two runs with a w:proofErr between them and
#: "‖" splits it into two runs (as WPS does around ASCII between CJK characters).
TITLE = "X‖X市XX局副局长XXX\n2024年度述职报告"

INTRO = (
    "根据市委组织部《关于做好XX年度考核工作的通知》要求，现将本人2024年度履行岗位职责、"
    "完成重点任务和廉洁自律情况报告如下。"
)

SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "一、主要工作情况",
        [
            (
                "（一）抓学习，提升履职能力。",
                "全年参加局党组理论学习中心组集中学习X¦X次，撰写心得体会XX篇，在XX报发表理论"
                "文章XX篇。参加市委党校第XX期中青年干部培训班，累计学习XX学时，以“XX”为题作"
                "交流发言。",
            ),
            (
                "（二）抓改革，优化营商环境。",
                "牵头推进“一件事一次办”改革，梳理高频事项XX项，压减办理环节X‖X%，平均办理时限由"
                "XX个工作日缩短至XX个工作日。推动XX区、XX区试点“XX”审批模式，全年为XX家企业"
                "提供上门服务XX次。",
            ),
            (
                "（三）抓服务，回应群众诉求。",
                "统筹XX热线、XX平台等渠道，受理群众诉求XX件，按时办结率XX%，满意率XX%。对XX类"
                "重复投诉成立工作专班，约谈XX家责任单位。",
            ),
            (
                "（四）抓项目，推动任务落地。",
                "分管的XX项重点项目中，XX项已竣工，XX项正在推进，完成投资XX亿元，占年度计划的"
                "XX%^。",
            ),
        ],
    ),
    (
        "二、廉洁自律情况",
        [
            (
                "",
                "严格落实中央八项规定精神，认真执行《XX廉洁从政若干准则》，主动向局党组报告个人"
                "有关事项XX次。对分管科室开展廉政谈话XX人次，督促整改问题XX个。",
            )
        ],
    ),
    (
        "三、存在的不足",
        [
            (
                "",
                "一是对XX领域新政策研究还不够深；二是推动XX工作的方法还不够多；三是分管科室之间"
                "协调配合还需加强。",
            )
        ],
    ),
    (
        "四、下一步打算",
        [
            ("（一）聚焦目标任务。", "围绕“XX”目标，力争XXXX年底前完成XX项改革任务。"),
            ("（二）深化协同联动。", "加强与XX局的协作，推动XX平台于XX月上线运行。"),
            ("（三）加强队伍建设。", "选派X¦X名干部参加第XX期业务培训，培养业务骨干XX名。"),
        ],
    ),
]

FOOTNOTE = "投资数据截至XXXX年XX月XX日，来源为XX统计平台。"

TABLE_CAPTION = "表1  2024年度主要指标完成情况"
TABLE = [
    ["指标", "年度目标", "完成情况"],
    ["办理政务服务事项（件）", "XX", "XX"],
    ["企业开办平均时长（天）", "XX", "XX"],
    ["群众满意率（%）", "XX", "XX"],
]

SIGNATURE = ["述职人：XXX", "XXXX年XX月XX日"]
HEADER = "XX市XX局2024年度述职报告"


def set_font(run_or_style: object, name: str, size: Pt, *, bold: bool = False) -> None:
    """Set the Latin and East Asian font (w:rFonts/@w:eastAsia) and the size of a run/style."""
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = name
    font.size = size
    font.bold = bold or None
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def body_format(paragraph: Paragraph, *, indent: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号


def add_text(
    paragraph: Paragraph, text: str, font: str, size: Pt, *, bold: bool = False
) -> list[object]:
    """Add ``text`` as runs, honouring the split marks, ``\\n`` (a break) and ``^`` (the
    footnote reference). Returns the runs."""
    runs = []
    chunks = text.replace("¦", "\x00¦\x00").replace("‖", "\x00‖\x00").replace("^", "\x00^\x00")
    for chunk in chunks.split("\x00"):
        if not chunk:
            continue
        if chunk == "¦":
            proof = OxmlElement("w:proofErr")
            proof.set(qn("w:type"), "spellStart")
            paragraph._p.append(proof)
            continue
        if chunk == "‖":
            continue
        if chunk == "^":
            run = paragraph.add_run()
            set_font(run, font, size)
            run.font.superscript = True
            ref = OxmlElement("w:footnoteReference")
            ref.set(qn("w:id"), "1")
            run._r.append(ref)
            continue
        for k, line in enumerate(chunk.split("\n")):
            if k:
                runs[-1].add_break()
            run = paragraph.add_run(line)
            set_font(run, font, size, bold=bold)
            runs.append(run)
    return runs


def add_footnotes(document: docx.document.Document) -> None:
    """python-docx has no footnote API: add the part and its relationship by hand."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    rfonts = f'<w:rFonts w:ascii="{FANGSONG}" w:hAnsi="{FANGSONG}" w:eastAsia="{FANGSONG}"/>'
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:rPr>{rfonts}<w:sz w:val="28"/></w:rPr>'
        f'<w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def add_page_number(paragraph: Paragraph) -> None:
    """A centred "— PAGE —" footer, as complex field runs (ECMA-376 Part 1 §17.16, fldChar)."""
    set_font(paragraph.add_run("— "), "宋体", SIHAO)
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None)):
        run = paragraph.add_run()
        set_font(run, "宋体", SIHAO)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = instr
            run._r.append(code)
    set_font(paragraph.add_run("1"), "宋体", SIHAO)
    end = paragraph.add_run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end._r.append(fld)
    set_font(paragraph.add_run(" —"), "宋体", SIHAO)


def build() -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    set_font(document.styles["Normal"], FANGSONG, SANHAO)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_text(header, HEADER.replace("XX局", "X¦X局", 1), FANGSONG, SIHAO)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number(footer)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body_format(title, indent=False)
    title.paragraph_format.line_spacing = Pt(36)
    add_text(title, TITLE, XIAOBIAOSONG, ERHAO)
    body_format(document.add_paragraph(), indent=False)

    intro = document.add_paragraph()
    body_format(intro)
    add_text(intro, INTRO, FANGSONG, SANHAO)
    for heading, items in SECTIONS:
        h = document.add_paragraph()
        body_format(h)
        add_text(h, heading, HEITI, SANHAO)
        for lead, text in items:
            para = document.add_paragraph()
            body_format(para)
            if lead:
                add_text(para, lead, KAITI, SANHAO)
            add_text(para, text, FANGSONG, SANHAO)
        if heading.startswith("一、"):
            caption = document.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            body_format(caption, indent=False)
            add_text(caption, TABLE_CAPTION, HEITI, SIHAO)
            table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
            table.style = document.styles["Table Grid"]
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for row, cells in zip(table.rows, TABLE, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    p = cell.paragraphs[0]
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    add_text(p, text, FANGSONG, SIHAO, bold=cells is TABLE[0])
    body_format(document.add_paragraph(), indent=False)
    for line in SIGNATURE:
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        body_format(para, indent=False)
        para.paragraph_format.right_indent = Pt(64)
        add_text(para, line, FANGSONG, SANHAO)
    add_footnotes(document)

    props = document.core_properties
    props.title = "XX市XX局副局长XXX2024年度述职报告"
    props.subject = "年度述职"
    props.author = "xxfill example"
    props.keywords = "述职报告;XX局"
    props.comments = ""
    props.last_modified_by = "xxfill example"
    props.revision = 1
    fixed = __import__("datetime").datetime(2024, 12, 20, 9, 0, 0)
    props.created = props.modified = fixed
    buf = io.BytesIO()
    document.save(buf)
    return _deterministic(buf.getvalue())


def _deterministic(data: bytes) -> bytes:
    """Re-zip with fixed timestamps so the committed file only changes when its content does."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 12, 20, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
