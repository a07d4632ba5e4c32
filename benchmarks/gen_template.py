"""Generate the benchmark template: a 公文-style report of about 30 pages with about 1,000
placeholders in the body, in tables, in the header and footer and in footnotes, most of them split
across runs the way Word and WPS split text (two runs, or a proofing mark in between).

The same document is written in three placeholder syntaxes with identical structure and the
same splitting, so every tool is measured on the same work:

- ``xxfill``: ``XX`` (split as ``X`` + ``X``), filled with ``{"#N": value}``;
- ``docxtpl``: ``{{vN}}`` (split as ``{{v`` + ``N}}``);
- ``replace`` (python-docx-replace): ``${vN}`` (split as ``${v`` + ``N}``).

    python benchmarks/gen_template.py --pages 30 -o /tmp/bench   # writes three .docx files
"""

from __future__ import annotations

import argparse
import io
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"'
)
FANGSONG = (
    '<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/>'
    '<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'
)
FANGSONG_LANG = FANGSONG.replace("</w:rPr>", '<w:lang w:eastAsia="zh-CN"/></w:rPr>')
HEITI = '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="32"/></w:rPr>'

# Sentence frames in the genre; "{}" is a placeholder. Written for this benchmark.
FRAMES = (
    "全年共组织开展专题学习{}次，覆盖党员干部{}人次，撰写心得体会{}篇。",
    "围绕中心工作，召开党委会议{}次，研究部署重点事项{}项，形成会议纪要{}份。",
    "由{}同志牵头，{}科室具体负责，于{}月底前完成全部整改任务。",
    "深入基层开展调研{}次，收集意见建议{}条，已办结{}条，办结率达到百分之{}。",
    "组织干部职工参加{}培训班，累计培训{}人次，考核合格率为百分之{}。",
    "全年完成固定资产投资{}万元，同比增长百分之{}，超额完成年度目标任务。",
    "按照{}要求，制定实施方案{}个，明确责任单位{}个、责任人{}名。",
    "持续深化{}工作，新建服务站点{}个，服务群众{}人次，群众满意度明显提升。",
)
TABLE_ROW = ("{}单位", "{}项", "{}人")
FOOTNOTE = "数据来源：{}统计年报，截至{}月底。"


class Doc:
    """Builds the three syntaxes in lockstep."""

    def __init__(self, syntax: str, rng: random.Random) -> None:
        self.syntax = syntax
        self.rng = rng
        self.n = 0

    def token_runs(self) -> str:
        """The runs of one placeholder, split the way this document splits it."""
        self.n += 1
        n = self.n
        first, second = {
            "xxfill": ("X", "X"),
            "docxtpl": ("{{v", f"{n}}}}}"),
            "replace": ("${v", f"{n}}}"),
        }[self.syntax]
        style = self.rng.random()
        if style < 0.45:  # two runs, the second with a language tag (as Word's rsid splits)
            return self._r(first, FANGSONG) + self._r(second, FANGSONG_LANG)
        if style < 0.7:  # a proofing mark between the halves
            return (
                self._r(first, FANGSONG)
                + '<w:proofErr w:type="spellStart"/>'
                + self._r(second, FANGSONG)
                + '<w:proofErr w:type="spellEnd"/>'
            )
        return self._r(first + second, FANGSONG)

    @staticmethod
    def _r(text: str, rpr: str) -> str:
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f"<w:r>{rpr}<w:t{space}>{escape(text)}</w:t></w:r>"

    def para(self, frame: str, rpr: str = FANGSONG, extra: str = "") -> str:
        pieces = frame.split("{}")
        runs = []
        for i, piece in enumerate(pieces):
            if piece:
                runs.append(self._r(piece, rpr))
            if i < len(pieces) - 1:
                runs.append(self.token_runs())
        ppr = (
            '<w:pPr><w:ind w:firstLine="640"/><w:spacing w:line="560" w:lineRule="exact"/></w:pPr>'
        )
        return f"<w:p>{ppr}{''.join(runs)}{extra}</w:p>"

    def table(self, rows: int) -> str:
        head = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="2800" w:type="dxa"/></w:tcPr>'
            f"<w:p>{self._r(h, HEITI)}</w:p></w:tc>"
            for h in ("单位", "事项", "人数")
        )
        body = f"<w:tr>{head}</w:tr>"
        for _ in range(rows):
            cells = "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="2800" w:type="dxa"/></w:tcPr>{self.para(c)}</w:tc>'
                for c in TABLE_ROW
            )
            body += f"<w:tr>{cells}</w:tr>"
        return (
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            "</w:tblPr><w:tblGrid>" + '<w:gridCol w:w="2800"/>' * 3 + f"</w:tblGrid>{body}</w:tbl>"
        )


def build(syntax: str, pages: int = 30, seed: int = 7) -> bytes:
    """The benchmark template in ``syntax`` (``xxfill``, ``docxtpl`` or ``replace``)."""
    rng = random.Random(seed)
    doc = Doc(syntax, rng)
    body: list[str] = []
    header = f"<w:hdr {ROOT}>{doc.para('{}局{}年度工作报告')}</w:hdr>"
    footer = f"<w:ftr {ROOT}>{doc.para('第{}页 {}办公室印发')}</w:ftr>"
    notes: list[str] = []
    body.append(f"<w:p>{doc._r('关于2024年度工作情况的报告', HEITI)}</w:p>")
    for page in range(pages):
        body.append(f"<w:p>{doc._r(f'{page + 1}. 第{page + 1}部分工作情况', HEITI)}</w:p>")
        for k in range(8):
            frame = FRAMES[rng.randrange(len(FRAMES))]
            ref = ""
            if k == 3:
                nid = len(notes) + 1
                ref = (
                    '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:footnoteReference w:id="{nid}"/></w:r>'
                )
                notes.append(f'<w:footnote w:id="{nid}">{doc.para(FOOTNOTE)}</w:footnote>')
            body.append(doc.para(frame, extra=ref))
        if page % 3 == 2:
            body.append(doc.table(rows=7))
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>'
        '<w:footerReference w:type="default" r:id="rIdF1"/>'
        '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" '
        'w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>'
    )
    document = f"<w:document {ROOT}><w:body>{''.join(body)}{sect}</w:body></w:document>"
    footnotes = (
        f"<w:footnotes {ROOT}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        f"{''.join(notes)}</w:footnotes>"
    )
    return _package(document, header, footer, footnotes, rng)


def _styles(rng: random.Random) -> str:
    styles = "".join(
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="S{i}"><w:name w:val="样式{i}"/>'
        f'<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="{500 + rng.randrange(100)}" '
        'w:lineRule="exact"/></w:pPr><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr></w:style>'
        for i in range(120)
    )
    return (
        f"<w:styles {ROOT}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts "
        'w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"</w:style>{styles}</w:styles>"
    )


def _package(document: str, header: str, footer: str, footnotes: str, rng: random.Random) -> bytes:
    wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f'<Override PartName="/word/document.xml" ContentType="{wml}document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{wml}styles+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{wml}header+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{wml}footer+xml"/>'
        f'<Override PartName="/word/footnotes.xml" ContentType="{wml}footnotes+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>'
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdS" Type="{rel}styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdH1" Type="{rel}header" Target="header1.xml"/>'
        f'<Relationship Id="rIdF1" Type="{rel}footer" Target="footer1.xml"/>'
        f'<Relationship Id="rIdN" Type="{rel}footnotes" Target="footnotes.xml"/>'
        f'<Relationship Id="rIdI" Type="{rel}image" Target="media/image1.png"/>'
        "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>年度工作报告</dc:title></cp:coreProperties>"
    )
    decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    image = bytes(rng.randrange(256) for _ in range(60_000))  # an incompressible "logo"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("word/document.xml", decl + document)
        zf.writestr("word/_rels/document.xml.rels", doc_rels)
        zf.writestr("word/styles.xml", decl + _styles(rng))
        zf.writestr("word/header1.xml", decl + header)
        zf.writestr("word/footer1.xml", decl + footer)
        zf.writestr("word/footnotes.xml", decl + footnotes)
        zf.writestr("docProps/core.xml", core)
        zf.writestr("word/media/image1.png", image, compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


def placeholder_count(pages: int = 30) -> int:
    doc_bytes = build("docxtpl", pages)
    with zipfile.ZipFile(io.BytesIO(doc_bytes)) as zf:
        return sum(zf.read(n).count(b"{{v") for n in zf.namelist() if n.endswith(".xml"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("-o", "--output", default=".")
    args = ap.parse_args()
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    for syntax in ("xxfill", "docxtpl", "replace"):
        path = out / f"bench-{syntax}-{args.pages}p.docx"
        path.write_bytes(build(syntax, args.pages))
        print(path)
    print(f"{placeholder_count(args.pages)} placeholders")


if __name__ == "__main__":
    main()
