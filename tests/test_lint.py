"""Template lint: every rule on its own positive and negative fixture, on text and DOCX alike;
the fix, the filled-document checks, the notebook table and the command line."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx as docx_module
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xxfill
from docxbuild import FS, build_docx, p, r
from xxfill.cli.main import main
from xxfill.linter.rules import RULES, Finding, Findings, cn_to_int, fix, format_findings, lint

BODY = "word/document.xml"


def docx_of(text: str) -> bytes:
    """One paragraph per line, each line split into runs of four characters (the way Word splits
    CJK text), so every rule also sees text that is not in one run."""
    paras = []
    for line in text.split("\n"):
        runs = [r(line[i : i + 4], FS) for i in range(0, len(line), 4)]
        paras.append(p(*runs))
    return build_docx("".join(paras))


def found(source: object, **kw: object) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.text) for f in lint(source, **kw)]


def both(text: str, **kw: object) -> list[tuple[str, int, str]]:
    """The findings of ``text``, checked to be the same for a text and a DOCX source."""
    as_text = found(xxfill.Text(text), **kw)
    as_docx = found(docx_of(text), **kw)
    assert as_text == as_docx
    return as_text


def codes(text: str, **kw: object) -> list[str]:
    return [c for c, _, _ in both(text, **kw)]


# --------------------------------------------------------------------------------------------
# Every rule: a positive and a negative fixture (text and DOCX)

POSITIVE: list[tuple[str, str, list[tuple[str, int, str]]]] = [
    (
        "site-artifact",
        "全年开展集中宣讲XX场次，##paidbegin##覆盖干部群众XX人次。\n##paidend##",
        [("site-artifact", 1, "##paidbegin##"), ("site-artifact", 2, "##paidend##")],
    ),
    (
        "site-banner",
        "一、基本情况\n本文档由某某范文网整理发布，仅供学习参考\n本单位共有干部XX名。\n"
        "第 2 页 共 9 页\n更多精品文档请关注微信公众号\nwww.example-docs.com",
        [
            ("site-banner", 2, "本文档由某某范文网整理发布，仅供学习参考"),
            ("site-banner", 4, "第 2 页 共 9 页"),
            ("site-banner", 5, "更多精品文档请关注微信公众号"),
            ("site-banner", 6, "www.example-docs.com"),
        ],
    ),
    (
        "numbering-skip",
        "一、主要做法\n（一）抓学习\n（二）抓制度\n（四）抓队伍\n三、下步打算\n"
        "一是强化督导；二是压实责任；四是严格考核。",
        [
            ("numbering-skip", 4, "（四）"),
            ("numbering-skip", 5, "三、"),
            ("numbering-skip", 6, "四是"),
        ],
    ),
    (
        "numbering-repeat",
        "（一）工作措施\n1.建立台账\n2.定期调度\n2.严格考核",
        [("numbering-repeat", 4, "2.")],
    ),
    (
        "empty-list-item",
        "严禁在、等平台发布不实信息，组织和、参加各类活动。\n认真学习（）和《》。",
        [
            ("empty-list-item", 1, "、"),
            ("empty-list-item", 1, "和、"),
            ("empty-list-item", 2, "（）"),
            ("empty-list-item", 2, "《》"),
        ],
    ),
    (
        "unbalanced-bracket",
        "纳入XX党委（党组织的统一管理。\n认真学习《XX工作方案，抓好落实。\n坚持”一线工作法”。",
        [
            ("unbalanced-bracket", 1, "（"),
            ("unbalanced-bracket", 2, "《"),
            ("unbalanced-bracket", 3, "”"),
            ("unbalanced-bracket", 3, "”"),
        ],
    ),
    (
        "placeholder-variant",
        "全年召开XX次党委会议。\n下半年又召开XXX次党委会议。",
        [("placeholder-variant", 2, "XXX")],
    ),
    (
        "mixed-width-punctuation",
        "加强组织建设,提升服务水平;开展(党建+)活动。\n工作要求:",
        [
            ("mixed-width-punctuation", 1, ","),
            ("mixed-width-punctuation", 1, ";"),
            ("mixed-width-punctuation", 1, "(党建+)"),
            ("mixed-width-punctuation", 2, ":"),
        ],
    ),
    (
        "numeral-style",
        "深入学习党的20大和20届三中全会精神，编制第14个五年规划。\n全年召开十二次专题会议。",
        [
            ("numeral-style", 1, "党的20大"),
            ("numeral-style", 1, "20届三中全会"),
            ("numeral-style", 1, "第14个五年规划"),
            ("numeral-style", 2, "十二"),
        ],
    ),
]

NEGATIVE: list[tuple[str, str]] = [
    ("site-artifact", "本单位编号为#12，共有XX个党支部。\n请按###格式填写标题。"),
    (
        "site-banner",
        "通过微信公众号发布政策解读XX篇，点击量明显提升。\n"
        "报名网址：https://www.example.gov.cn/apply\n"
        "以上测算数据仅供参考，最终以审计结果为准。\n"
        "下载安装“学习强国”客户端的党员达XX人。\n"
        "防范来自网络的风险。\n"
        "请于3月10日前以word格式报送，报名表可在XX网站下载。\n"
        "3/12",
    ),
    (
        "numbering-skip",
        "一、工作总结\n（一）抓学习\n1.集中学\n2.自主学\n（二）抓制度\n1.建台账\n二、工作计划\n"
        "一是强化督导；二是压实责任；三是严格考核。\n一、明年目标\n唯一是检验标准的是群众满意度。\n"
        "附件：1.检查表\n      2.汇总表",
    ),
    (
        "numbering-repeat",
        "（一）工作措施\n1.建立台账\n2.定期调度\n3.严格考核\n（二）保障措施\n1.经费",
    ),
    (
        "empty-list-item",
        "普及、推广先进经验，参与、支持改革，做到天时、地利、人和。\n"
        "组织党员、干部和群众等参加，学习《党章》（2022年修订）。",
    ),
    (
        "unbalanced-bracket",
        "纳入XX党委（党组）的统一管理，学习《XX工作方案》，坚持“一线工作法”。\n"
        "他说：“要把‘安全第一’落到实处。”\n"
        "1) 建立台账\n英文名称为 the People’s Congress。\n"
        "咨询时间：工作日（9:00—11:30，14:00—17:30），电话XXXX-XXXX（工作日XX:XX—XX:XX）。",
    ),
    ("placeholder-variant", "全年召开XX次党委会议。\n下半年又召开XX次党委会议。\n落款：XXXX年XX月"),
    (
        "mixed-width-punctuation",
        "全年培训350人次，参训率达98.5%，时间为8:30-17:30。\n"
        "详见https://www.example.gov.cn/a?b=1，(1)加强学习。",
    ),
    (
        "numeral-style",
        "深入学习党的二十大和二十届三中全会精神，编制“十四五”规划。\n"
        "全年召开12次专题会议，开展十几次督查，一次性通过验收，第十二次会议审议。\n"
        "出台“二十条”措施，开展十项行动，共十个方面。\n"
        "二〇二四年三月五日",
    ),
]


@pytest.mark.parametrize(("code", "text", "expected"), POSITIVE, ids=[c for c, _, _ in POSITIVE])
def test_each_rule_finds_its_fixture_in_text_and_docx(
    code: str, text: str, expected: list[tuple[str, int, str]]
) -> None:
    """Each rule reports exactly the damage planted in its fixture, the same for text and DOCX."""
    assert code in RULES
    assert both(text) == expected


@pytest.mark.parametrize(("code", "text"), NEGATIVE, ids=[c for c, _ in NEGATIVE])
def test_each_rule_stays_quiet_on_sound_text(code: str, text: str) -> None:
    """Sound report text that resembles each rule's damage gives no finding at all."""
    assert both(text) == []


def test_a_same_phrase_on_one_side_only_is_a_variant_of_low_severity() -> None:
    """XX同志 and XXX同志 are often two different people, so the variant is only info."""
    fs = lint(xxfill.Text("请XX同志主持。\n请XXX同志讲话。"))
    assert [(f.code, f.severity, f.text) for f in fs] == [("placeholder-variant", "info", "XXX")]


def test_blank_brackets_with_spaces_are_info_not_errors() -> None:
    """A （    ） with spaces inside is a blank to fill by hand, not deleted words."""
    fs = lint(xxfill.Text("兹证明（    ）同志系我单位职工。"))
    assert [(f.code, f.severity) for f in fs] == [("empty-list-item", "info")]


def test_numbering_levels_reset_under_a_new_parent_and_restart_at_one() -> None:
    """（一） under a new 一、 starts again; a second outline restarting at 一、 is fine; but a
    first item that is not 1 under its parent means the first was cut."""
    assert codes("一、总结\n（一）甲\n（二）乙\n二、计划\n（一）丙\n一、附录\n（一）丁") == []
    assert both("一、总结\n（二）甲") == [("numbering-skip", 2, "（二）")]
    assert both("一．总结\n三．计划") == [("numbering-skip", 2, "三．")]


def test_the_same_first_number_twice_is_a_repeat() -> None:
    """（一） right after （一） is a repeat; 1. after 3. is a new list."""
    assert both("（一）甲\n（一）乙") == [("numbering-repeat", 2, "（一）")]
    assert codes("1.甲\n2.乙\n3.丙\n1.丁\n2.戊") == []


def test_numbering_out_of_order_is_a_repeat() -> None:
    """（三） after （四） is out of order: reported as numbering-repeat."""
    assert both("（一）甲\n（二）乙\n（四）丙\n（三）丁") == [
        ("numbering-skip", 3, "（四）"),
        ("numbering-repeat", 4, "（三）"),
    ]


def test_a_run_of_items_may_go_on_in_the_next_paragraphs() -> None:
    """一是 / 二是 (and 第一，第二，) that start consecutive paragraphs form one run."""
    assert codes("一是抓学习。\n二是抓落实。\n三是抓考核。") == []
    assert both("第一，提高认识。\n第二，压实责任。\n第四，强化督查。") == [
        ("numbering-skip", 3, "第四")
    ]


def test_labels_inside_a_paragraph_are_checked_too() -> None:
    """（1）（2）（4） and ①②④ inside one paragraph skip a label; 1）2） labels are not
    unbalanced brackets."""
    assert both("主要措施：（1）加强学习；（2）完善制度；（4）严格考核。\n做到①早；②快；④准。") == [
        ("numbering-skip", 1, "（4）"),
        ("numbering-skip", 2, "④"),
    ]
    assert (
        codes("主要措施：（1）加强学习；（2）完善制度。\n主要措施：1）加强学习；2）完善制度。")
        == []
    )


def test_articles_run_on_across_chapters() -> None:
    """第X条 numbers continue through the chapters, so a new 第X章 does not restart them."""
    regulation = (
        "第一章　总则\n第一条　目的\n第二条　范围\n第二章　管理\n第三条　原则\n第五条　施行"
    )
    assert both(regulation) == [("numbering-skip", 6, "第五条")]


def test_a_quotation_over_several_paragraphs_may_leave_each_open() -> None:
    """Chinese typography opens each paragraph of a long quotation with “ and closes only the
    last: that is not an unbalanced quote."""
    assert codes("他在讲话中指出：“第一段内容。\n“第二段内容。”") == []
    assert codes("他在讲话中指出：“第一段内容。\n第二段内容。") == ["unbalanced-bracket"]


@pytest.mark.parametrize(
    "line",
    [
        "Evaluation Warning: The document was created with Spire.Doc for .NET.",
        "【最新整理，下载后即可编辑】",
        "— 5 —",
        "资料收集于网络，如有侵权请联系网站删除",
    ],
)
def test_other_sites_residue_is_recognised(line: str) -> None:
    """Residue of other sites and converters, not only 本文档由…提供, is a banner line."""
    assert both(f"一、概况\n{line}\n本单位共有干部XX名。") == [("site-banner", 2, line)]


def test_findings_carry_offsets_context_and_a_message() -> None:
    """start/end point at the flagged text in the part; context surrounds it; the message says
    what to do."""
    text = "一、概况\n三、问题"
    (f,) = lint(xxfill.Text(text))
    assert text[f.start : f.end] == f.text == "三、"
    assert (f.part, f.line, f.severity, f.fixable) == ("text", 2, "error", False)
    assert "二、" in f.message and "missing" in f.message
    assert f.context == "三、问题"
    assert f.to_dict() == {
        "code": "numbering-skip",
        "severity": "error",
        "part": "text",
        "start": 5,
        "end": 7,
        "line": 2,
        "text": "三、",
        "context": "三、问题",
        "message": f.message,
        "fixable": False,
    }


def test_lint_accepts_a_scan_and_keeps_its_options() -> None:
    """A Scan can be linted; its marks decide what counts as a placeholder variant."""
    sc = xxfill.scan(text="召开○○次党委会议。\n召开○○○次党委会议。", marks="○")
    assert [f.code for f in lint(sc)] == ["placeholder-variant"]
    assert [f.code for f in lint(xxfill.Text(sc.text()))] == []


def test_ignore_drops_rules_and_refuses_unknown_codes() -> None:
    """``ignore`` removes a rule's findings; an unknown code is a ValueError."""
    assert codes("工作,成效") == ["mixed-width-punctuation"]
    assert codes("工作,成效", ignore=["mixed-width-punctuation"]) == []
    with pytest.raises(ValueError, match="unknown rule"):
        lint(xxfill.Text("x"), ignore=["no-such-rule"])


def test_page_numbers_and_web_addresses_in_docx_footers_are_not_residue() -> None:
    """Footers hold real page numbers (field results) and letterhead addresses; a download
    watermark in a header is still found."""
    data = build_docx(
        p("正文XX次"),
        headers=[p("更多精品文档请关注微信公众号")],
        footers=[p("第 1 页 共 5 页") + p("— 1 —") + p("www.example.gov.cn")],
    )
    assert [(f.code, f.part) for f in lint(data)] == [("site-banner", "word/header1.xml")]
    fixed = fix(data)
    assert "第 1 页 共 5 页" in fixed.text and "www.example.gov.cn" in fixed.text
    assert "公众号" not in fixed.text


def test_document_properties_keep_their_conventions() -> None:
    """Keywords separated by ASCII ; in docProps/core.xml are not mixed-width punctuation; a
    download banner as the document's description still is residue."""
    data = build_docx(
        p("正文XX次"), core={"keywords": "述职报告;XX局", "description": "本文档由某某文库提供下载"}
    )
    assert [(f.code, f.part) for f in lint(data)] == [("site-banner", "docProps/core.xml")]


def test_a_python_docx_document_can_be_linted() -> None:
    """A python-docx Document in memory is a source like any other."""
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("一、概况")
    doc.add_paragraph("三、问题")
    assert [(f.code, f.text) for f in lint(doc)] == [("numbering-skip", "三、")]


def test_headers_and_footers_are_linted_too() -> None:
    """A watermark in a DOCX header is found, in its own part."""
    data = build_docx(p("正文XX次"), headers=[p("更多精品范文请访问www.example.com")])
    fs = lint(data)
    assert [(f.code, f.part) for f in fs] == [("site-banner", "word/header1.xml")]


def test_a_realistic_downloaded_template_gives_what_a_reader_would_mark() -> None:
    """A template in the seed's genre: markers, a cut section, an emptied list, an unclosed
    bracket; and nothing else."""
    text = (
        "XX局党组书记20XX年度抓基层党建工作述职报告\n"
        "20XX年，本人认真履行党建第一责任人职责，带领XX党组班子抓实党建工作。\n"
        "一、履职情况\n"
        "（一）抓理论武装。一是召开党组理论学习中心组学习XX次；二是开展“XX”主题党日XX次。\n"
        "（二）抓阵地管理。##paidbegin##严禁党员在、等平台转发不实信息。\n"
        "三、存在问题\n"
        "（一）学习不够深入。\n"
        "（二）督促指导不够。对所属支部（党小组的指导还不够经常。\n"
        "四、下步打算\n"
        "持续深化党的XX大精神学习，推动党建与XX业务深度融合。\n"
        "##paidend##"
    )
    assert both(text) == [
        ("site-artifact", 5, "##paidbegin##"),
        ("empty-list-item", 5, "、"),
        ("numbering-skip", 6, "三、"),
        ("unbalanced-bracket", 8, "（"),
        ("site-artifact", 11, "##paidend##"),
    ]


# --------------------------------------------------------------------------------------------
# Fixing


def test_fix_removes_markers_and_banner_lines_from_text_and_nothing_else() -> None:
    """The fix removes markers and whole banner lines (with their line breaks); other findings
    stay for a human."""
    text = (
        "一、概况\n召开XX次会议##paidbegin##，要求不在、等平台发布。\n"
        "本文档由某某文库网友上传，仅供参考\n三、问题\n##paidend##\n"
    )
    fx = fix(xxfill.Text(text))
    assert fx.text == "一、概况\n召开XX次会议，要求不在、等平台发布。\n三、问题\n"
    assert fx.removed.codes() == ["site-artifact", "site-banner", "site-artifact"]
    assert fx.remaining().codes() == ["empty-list-item", "numbering-skip"]
    assert fx.findings.codes() == [
        "site-artifact",
        "empty-list-item",
        "site-banner",
        "numbering-skip",
        "site-artifact",
    ]


def test_fix_keeps_crlf_line_endings_and_the_encoding() -> None:
    """A GB18030 file with CRLF stays GB18030 with CRLF after the fix."""
    raw = "召开XX次会议\r\n第 1 页 共 3 页\r\n##paidend##\r\n".encode("gb18030")
    fx = fix(raw)
    assert fx.to_bytes() == "召开XX次会议\r\n".encode("gb18030")


def test_fix_removes_residue_from_docx_runs_and_keeps_formatting() -> None:
    """In DOCX the marker is cut out of the runs it spans, banner paragraphs are deleted, and
    the run properties of the surviving text are kept."""
    data = build_docx(
        p("召开", r("X", FS), r("X"), r("次会议##paid", FS), r("begin##，扎实推进", FS))
        + p(r("更多精品文档请关注微信公众号", FS))
        + p(r("##paidend##"))
    )
    fx = fix(data)
    assert fx.format == "docx"
    assert fx.text.split("\n") == ["召开XX次会议，扎实推进"]
    assert fx.remaining() == Findings()
    with zipfile.ZipFile(io.BytesIO(fx.to_bytes())) as zf:
        xml = zf.read(BODY).decode()
    assert "paid" not in xml and "公众号" not in xml
    assert xml.count("仿宋_GB2312") >= 3  # the run properties survived


def test_fix_save_refuses_to_overwrite_the_template(tmp_path: Path) -> None:
    """Saving the fixed copy over its own template is refused unless asked for."""
    src = tmp_path / "t.txt"
    src.write_text("正文##paidend##\n", encoding="utf-8")
    fx = fix(src)
    with pytest.raises(xxfill.OutputError):
        fx.save(src)
    fx.save(src, overwrite_input=True)
    assert src.read_text(encoding="utf-8") == "正文\n"


def test_inline_banner_sentences_are_reported_but_not_removed() -> None:
    """A residue sentence inside a paragraph of real text is flagged, but only whole lines are
    removed automatically."""
    text = "全年完成XX项任务。本文档由某某文库提供下载。下步继续推进。"
    fs = lint(xxfill.Text(text))
    assert [(f.code, f.text, f.fixable) for f in fs] == [
        ("site-banner", "本文档由某某文库提供下载。", False)
    ]
    assert fix(xxfill.Text(text)).text == text


# --------------------------------------------------------------------------------------------
# After a fill


def test_placeholders_left_after_a_fill_are_errors() -> None:
    """Kept blanks, marked blanks and other spellings of a blank are all found after a fill
    (underscores and 某某 only as warnings: a signature line and 张某某 can be meant)."""
    result = xxfill.fill(
        text="召开XX次会议，XX主持。\n联系人：某某，地点：○○会议室，签名＿＿＿\n二〇二三年",
        values={"#1": 3},
        missing="keep",
    )
    fs = result.lint()
    assert [(f.code, f.severity, f.text) for f in fs] == [
        ("placeholder-left", "error", "XX"),
        ("placeholder-left", "warning", "某某"),
        ("placeholder-left", "error", "○○"),
        ("placeholder-left", "warning", "＿＿＿"),
    ]
    marked = xxfill.fill(text="召开XX次会议", values={}, missing="mark")
    assert [f.text for f in marked.lint()] == ["【待填写】"]


def test_a_fill_with_everything_filled_has_no_findings() -> None:
    """A clean template filled with fitting values gives an empty list."""
    result = xxfill.fill(
        text="XX局召开XX次会议，学习党的XX大精神。",
        values={"#1": "人社", "#2": 12, "#3": "二十"},
    )
    assert result.text == "人社局召开12次会议，学习党的二十大精神。"
    assert result.lint() == Findings()


@pytest.mark.parametrize(
    ("template", "value", "doubled"),
    [
        ("会议由XX局主持。", "人社局", "人社局局"),
        ("在XX党委领导下。", "区直机关党委", "区直机关党委党委"),
        ("在区XX的领导下。", "区委", "区区委"),
        ("由XX牵头。", "党委党委", "党委党委"),
    ],
)
def test_a_value_that_repeats_its_neighbour_is_found(
    template: str, value: str, doubled: str
) -> None:
    """The value's tail equals the following text, or its head the preceding text."""
    fs = xxfill.fill(text=template, values={"#1": value}).lint()
    assert [(f.code, f.text) for f in fs] == [("doubled-word", doubled)]


@pytest.mark.parametrize(
    ("template", "value"),
    [("由XX局长主持。", "人社局"), ("市XX局", "市场监管"), ("XX同志", "张丽丽"), ("XX次", "12")],
)
def test_values_that_only_seem_to_repeat_are_not_flagged(template: str, value: str) -> None:
    """人社局局长, 市市场监管局 and 张丽丽 are correct Chinese."""
    assert xxfill.fill(text=template, values={"#1": value}).lint() == Findings()


def test_a_year_blank_given_the_whole_year_is_found() -> None:
    """20XX年 filled with 2024 gives 202024年: the template already has the century."""
    fs = xxfill.fill(text="20XX年工作总结", values={"#1": "2024"}).lint()
    assert [(f.code, f.text) for f in fs] == [("doubled-word", "202024")]
    assert xxfill.fill(text="20XX年工作总结", values={"#1": "24"}).lint() == Findings()


def test_filled_docx_is_checked_like_text() -> None:
    """A DOCX fill is linted on its output parts: numeral style and doubling are found."""
    data = build_docx(p("学习党的", r("XX", FS), "大精神，由", r("X"), r("X", FS), "局主持。"))
    result = xxfill.fill(data, {"#1": "20", "#2": "人社局"})
    assert [(f.code, f.text) for f in result.lint()] == [
        ("numeral-style", "党的20大"),
        ("doubled-word", "人社局局"),
    ]


def test_fill_lint_on_the_command_line_prints_the_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``xxfill fill --lint`` prints the table after the report."""
    tpl = tmp_path / "t.txt"
    tpl.write_text("会议由XX局主持。", encoding="utf-8")
    vals = tmp_path / "v.json"
    vals.write_text(json.dumps({"#1": "人社局"}, ensure_ascii=False), encoding="utf-8")
    assert main(["fill", str(tpl), str(vals), "-o", str(tmp_path / "o.txt"), "--lint"]) == 0
    out = capsys.readouterr().out
    assert "doubled-word" in out and "人社局局" in out


# --------------------------------------------------------------------------------------------
# Display and command line


def test_the_notebook_table_escapes_document_text() -> None:
    """Documents are untrusted: their text is HTML-escaped in the notebook table."""
    fs = lint(xxfill.Text("<script>x</script>（未闭合"))
    html = fs._repr_html_()
    assert "<script>" not in html
    assert "x&lt;/script&gt;<mark>（</mark>" in html
    assert "<mark>（</mark>" in html
    assert "no findings" in Findings()._repr_html_()
    bidi = lint(xxfill.Text("（\u202e未闭合"))._repr_html_()
    assert "\u202e" not in bidi and "U+202E" in bidi


def test_findings_have_a_short_repr_and_a_table() -> None:
    """repr counts by severity; str is the table with a summary line."""
    fs = lint(xxfill.Text("一、甲\n三、乙\n工作,成效"))
    assert repr(fs) == "<Findings 2: error=1, warning=1>"
    assert str(fs) == format_findings(fs)
    assert str(fs).endswith("2 finding(s): 1 error, 1 warning, 0 info")
    assert format_findings([]) == "no findings"
    assert fs.errors.codes() == ["numbering-skip"]


def test_the_terminal_table_shows_control_characters_as_codes() -> None:
    """An escape sequence in a template cannot reach the terminal through the table."""
    table = format_findings(lint(xxfill.Text("\x1b[2J（未闭合")))
    assert "\x1b" not in table and "U+001B" in table


def test_cli_lint_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 1 with error findings, 0 with only warnings, 2 on a usage error; --json is stable."""
    bad = tmp_path / "bad.txt"
    bad.write_text("一、甲\n三、乙\n", encoding="utf-8")
    ok = tmp_path / "ok.txt"
    ok.write_text("工作,成效\n", encoding="utf-8")
    assert main(["lint", str(bad)]) == 1
    assert "numbering-skip" in capsys.readouterr().out
    assert main(["lint", str(ok)]) == 0
    capsys.readouterr()
    assert main(["lint", str(bad), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert doc["findings"][0]["code"] == "numbering-skip"
    assert main(["lint", str(tmp_path / "missing.txt")]) == 2
    assert main(["lint", str(bad), "--ignore", "nope"]) == 2
    assert main(["lint", str(bad), "-o", str(tmp_path / "x.txt")]) == 2
    assert main(["lint"]) == 2


def test_cli_fix_writes_a_clean_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--fix -o OUT`` writes the copy without residue and reports what is left to check."""
    src = tmp_path / "t.txt"
    src.write_text("召开XX次会议##paidbegin##\n##paidend##\n", encoding="utf-8")
    out = tmp_path / "clean.txt"
    assert main(["lint", str(src), "--fix", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "召开XX次会议\n"
    assert "removed 2" in capsys.readouterr().out
    assert main(["lint", str(src), "--fix", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in doc["fixed"]] == ["site-artifact", "site-artifact"]
    assert doc["findings"] == []
    assert (tmp_path / "t.fixed.txt").read_text(encoding="utf-8") == "召开XX次会议\n"


def test_every_rule_is_documented() -> None:
    """docs/lint.md names every rule code with its severity."""
    page = (Path(__file__).parent.parent / "docs" / "lint.md").read_text(encoding="utf-8")
    for code, (severity, _what) in RULES.items():
        assert f"| `{code}` | {severity}" in page, code


def test_chinese_numerals_are_read() -> None:
    """cn_to_int reads the numerals used in headings and counts."""
    assert [
        cn_to_int(s) for s in ("一", "十", "十二", "二十", "九十九", "一百零五", "二〇二三")
    ] == [
        1,
        10,
        12,
        20,
        99,
        105,
        2023,
    ]
    assert cn_to_int("甲") is None


# --------------------------------------------------------------------------------------------
# Properties

_ALPHABET = "一二三四、（）()“”《》,，。XX##paidbegin工作等和是\n 第页共12."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_findings_always_point_at_their_text_and_fix_leaves_no_marker(text: str) -> None:
    """For any text: every finding's offsets select its text, and after the fix no site marker
    is left."""
    fs = lint(xxfill.Text(text))
    for f in fs:
        assert isinstance(f, Finding)
        assert text[f.start : f.end] == f.text
        assert f.severity in ("error", "warning", "info")
        assert f.code in RULES
    fixed = fix(xxfill.Text(text))
    assert "site-artifact" not in fixed.remaining().codes()


def test_fix_deletes_banner_paragraphs_only_where_that_is_safe() -> None:
    """A banner paragraph goes with its break; one that is the only paragraph of a table cell,
    or holds a bookmark or a picture, is emptied instead, so the document stays valid."""
    from docxbuild import bookmark, table

    banner = "更多精品文档请关注微信公众号"
    data = build_docx(
        p(r(banner))
        + p(r("正文第一段"))
        + table([[banner, "单元格"]])
        + p(r("正文第二段"))
        + p(bookmark("b", r(banner)))
        + p(r("正文第三段"))
        + p(r(banner))
    )
    fx = fix(data)
    assert fx.text.split("\n") == ["正文第一段", "", "单元格", "正文第二段", "", "正文第三段"]
    with zipfile.ZipFile(io.BytesIO(fx.to_bytes())) as zf:
        xml = zf.read(BODY).decode()
    assert "公众号" not in xml and "bookmarkStart" in xml
    assert docx_module.Document(io.BytesIO(fx.to_bytes())).paragraphs[0].text == "正文第一段"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("（1）加强学习；（2）完善制度；（4）强化考核。", ["numbering-skip"]),
        ("①加强学习；②完善制度；④强化考核。", ["numbering-skip"]),
        ("（1）加强学习。\n（2）完善制度。\n（3）强化考核。", []),
    ],
)
def test_inline_labels_are_checked_when_the_first_opens_the_paragraph(
    text: str, codes: list[str]
) -> None:
    """（1）……；（2）……；（4）…… is a gap even without a lead-in before （1）."""
    assert [f.code for f in lint(text=text)] == codes


def test_a_value_ending_in_shi_before_shichang_is_not_a_doubling() -> None:
    """临江市 + 市场监管局 is not 市市: 市场 starts with the value's last character."""
    result = xxfill.fill(xxfill.Text("XX市场监管局"), {"#1": "临江市"})
    assert [f.code for f in result.lint()] == []
