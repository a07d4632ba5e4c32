"""DocxSource: plain text of every story, and fills that keep formatting and untouched bytes."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

import xxfill
from docxbuild import (
    BOLD,
    FS,
    HL,
    NS,
    RED,
    bookmark,
    build_docx,
    comment_range,
    custom_xml,
    dele,
    field,
    fld_simple,
    footnote_ref,
    hyperlink,
    ins,
    p,
    perm,
    proof,
    r,
    raw_member,
    sdt,
    smart_tag,
    table,
    textbox,
)
from xxfill.core.errors import ValidationError
from xxfill.core.model import Edit
from xxfill.docx.stories import DocxSource

BODY = "word/document.xml"
W = "{" + NS["w"] + "}"


def src_of(body: str, **kw: object) -> DocxSource:
    return DocxSource.from_bytes(build_docx(body, **kw), name="t.docx")  # type: ignore[arg-type]


def body_text(source: DocxSource) -> str:
    return source.parts[0].text


def fill_at(source: DocxSource, literal: str, value: str, part: str = BODY, nth: int = 0):
    """Apply one edit replacing the ``nth`` occurrence of ``literal`` in ``part``."""
    text = source.plain_text(part)
    start = -1
    for _ in range(nth + 1):
        start = text.index(literal, start + 1)
    return source.apply([Edit(part, start, start + len(literal), value)])


def xml_of(data: bytes, part: str = BODY) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(part))


def runs_of(root: etree._Element) -> list[tuple[str, bytes]]:
    """(text, serialized rPr) of every run that has text."""
    out = []
    for run in root.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        rpr = run.find(W + "rPr")
        key = etree.tostring(rpr, method="c14n", exclusive=True) if rpr is not None else b""
        out.append((text, key))
    return out


# ---------------------------------------------------------------------------------- plain text


def test_a_placeholder_split_across_runs_and_markup_reads_as_one_string() -> None:
    """Runs split by proofErr, bookmarks, comment ranges and permissions join into one text."""
    body = p(
        r("召开", FS),
        r("X", FS),
        proof(),
        r("X", FS + BOLD),
        proof("spellEnd"),
        bookmark("b1", r("次会议，", FS)),
        comment_range(r("走访", FS), r("X", FS)),
        perm(r("X", FS)),
        r("户", FS),
    )
    assert body_text(src_of(body)) == "召开XX次会议，走访XX户"


def test_text_inside_hyperlinks_smart_tags_custom_xml_and_content_controls_is_read() -> None:
    """Inline containers are transparent; block and cell content controls too."""
    body = (
        p("见", hyperlink(r("XX"), r("X")), "号文")
        + p(smart_tag(r("XX")), "市", custom_xml(r("XX")), "区")
        + p("由", sdt(r("XX"), r("同志")), "负责")
        + sdt(p("第XX条"), block=True)
        + table([[sdt(p("XX项"), block=True), "合计"]])
    )
    assert body_text(src_of(body)) == "见XXX号文\nXX市XX区\n由XX同志负责\n第XX条\nXX项\n合计"


def test_field_codes_are_left_out_and_field_results_are_read() -> None:
    """Complex field codes (instrText and runs before 'separate') and simple field codes are no
    text; results are."""
    body = p("第", field("PAGE \\* MERGEFORMAT", r("XX")), "页") + p(
        "共", fld_simple("NUMPAGES", r("XX")), "页"
    )
    assert body_text(src_of(body)) == "第XX页\n共XX页"


def test_a_field_with_a_nested_field_in_its_code_shows_only_the_outer_result() -> None:
    """Nested fields inside a field code belong to the code."""
    inner = field("MERGEFIELD 姓名", r("张三"))
    body = p(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        "<w:r><w:instrText> IF </w:instrText></w:r>",
        inner,
        '<w:r><w:instrText> = "" "XX" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        r("XX"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        "同志",
    )
    assert body_text(src_of(body)) == "XX同志"


def test_tracked_insertions_count_and_tracked_deletions_do_not() -> None:
    """w:ins is current text; w:del/w:delText is gone."""
    body = p("召开", dele("十二"), ins(r("XX")), "次会议")
    assert body_text(src_of(body)) == "召开XX次会议"


def test_tabs_and_breaks_are_separators_in_the_plain_text() -> None:
    """w:tab is a tab, w:br/w:cr a newline."""
    body = p(r("姓名\tXX\n单位"), "<w:r><w:cr/><w:t>XX</w:t></w:r>")
    assert body_text(src_of(body)) == "姓名\tXX\n单位\nXX"


def test_text_box_paragraphs_follow_their_anchor_and_the_fallback_adds_nothing() -> None:
    """A text box's paragraphs come right after the anchoring paragraph; the VML copy in
    mc:Fallback contributes no text."""
    body = p("开头") + p("锚点", textbox(p("框内XX"), p("第二行"))) + p("结尾")
    assert body_text(src_of(body)) == "开头\n锚点\n框内XX\n第二行\n结尾"


def test_nested_tables_are_read_inside_their_cell() -> None:
    """A nested table's text sits inside the cell that holds it, in XML order."""
    inner = table([["内1", "内2"]])
    body = table([["A", p("B前") + inner + p("B后")], ["C", "D"]]) + p("表后")
    assert body_text(src_of(body)) == "A\nB前\n内1\n内2\nB后\nC\nD\n表后"


def test_parts_come_in_document_order_with_headers_in_natural_order() -> None:
    """Body, headers (header2 before header10), footers, footnotes, endnotes, comments, core."""
    names = ["header10", "header2", "header1"]
    data = build_docx(
        p("正文XX"),
        headers=[p("页眉十"), p("页眉二"), p("页眉一")],
        header_names=names,
        footers=[p("页脚XX")],
        footnotes=[p("脚注XX")],
        endnotes=[p("尾注XX")],
        comments=[p("批注XX")],
        core={"title": "XX年度工作总结", "creator": "作者", "keywords": "XX;总结"},
    )
    source = DocxSource.from_bytes(data, name="t.docx")
    assert [pt.name for pt in source.parts] == [
        BODY,
        "word/header1.xml",
        "word/header2.xml",
        "word/header10.xml",
        "word/footer1.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
        "word/comments.xml",
        "docProps/core.xml",
    ]
    assert source.plain_text("word/footnotes.xml") == "脚注XX"  # separators are skipped
    assert source.plain_text("docProps/core.xml") == "XX年度工作总结\nXX;总结"


# ---------------------------------------------------------------------------------- filling


def test_a_split_placeholder_takes_the_formatting_of_its_first_run() -> None:
    """The value lands in the first run with its rPr; the emptied later run is removed; the
    proofErr between them stays."""
    body = p(r("召开", FS), r("X", FS + RED), proof(), r("X", FS + BOLD), r("次会议", FS))
    source = src_of(body)
    out = fill_at(source, "XX", "12")
    root = xml_of(out.to_bytes())
    runs = runs_of(root)
    assert [t for t, _ in runs] == ["召开", "12", "次会议"]
    before = runs_of(xml_of(build_docx(body)))
    assert before[1][0] == "X"
    assert runs[1][1] == before[1][1]  # the rPr of the run where the placeholder starts
    assert runs[2][1] == before[3][1]
    assert len(list(root.iter(W + "proofErr"))) == 1
    assert out.text.startswith("召开12次会议")


def test_fangsong_at_sanhao_is_kept_for_the_value() -> None:
    """仿宋_GB2312 (eastAsia) at 三号 (sz=32) survives the fill, as python-docx sees it."""
    source = src_of(p(r("牵头单位为", FS), r("XX", FS), r("中心", FS)))
    out = fill_at(source, "XX", "综合治理")
    run = out.document.paragraphs[0].runs[1]
    assert run.text == "综合治理"
    rfonts = run._r.rPr.find(W + "rFonts")
    assert rfonts.get(W + "eastAsia") == "仿宋_GB2312"
    assert run.font.size.pt == 16


def test_a_placeholder_spread_over_many_runs_keeps_the_rest_of_the_paragraph() -> None:
    """Only the placeholder's characters change: a bookmark that starts mid-placeholder and the
    text around stay where they were."""
    body = p(
        r("第", HL),
        r("X"),
        bookmark("mid", r("X"), r("X")),
        r("X批，", HL),
        r("共", BOLD),
    )
    source = src_of(body)
    assert body_text(source) == "第XXXX批，共"
    out = fill_at(source, "XXXX", "三")
    root = xml_of(out.to_bytes())
    assert [t for t, _ in runs_of(root)] == ["第", "三", "批，", "共"]
    assert len(list(root.iter(W + "bookmarkStart"))) == 1
    assert body_text(DocxSource.from_bytes(out.to_bytes(), name="o")) == "第三批，共"


def test_two_placeholders_in_one_run_are_both_filled() -> None:
    """Edits in the same w:t are applied right to left, so offsets stay valid."""
    source = src_of(p(r("召开XX次会议和XX次座谈", FS)))
    text = body_text(source)
    a, b = text.index("XX"), text.rindex("XX")
    out = source.apply([Edit(BODY, a, a + 2, "3"), Edit(BODY, b, b + 2, "十二")])
    assert out.text == "召开3次会议和十二次座谈"


def test_newlines_and_tabs_in_a_value_become_breaks_and_tabs() -> None:
    """``\\n`` becomes w:br and ``\\t`` w:tab inside the run that holds the value."""
    source = src_of(p(r("备注：", FS), r("XX", FS + BOLD), r("。", FS)))
    out = fill_at(source, "XX", "第一行\n第二行\t完")
    root = xml_of(out.to_bytes())
    run = next(rn for rn in root.iter(W + "r") if rn.find(W + "br") is not None)
    assert [c.tag.split("}")[1] for c in run] == ["rPr", "t", "br", "t", "tab", "t"]
    assert run.find(W + "rPr").find(W + "b") is not None
    assert out.text.startswith("备注：第一行\n第二行\t完。")


def test_values_with_edge_spaces_get_xml_space_preserve() -> None:
    """A w:t whose text starts or ends with a space needs xml:space="preserve" (ECMA-376
    Part 1 §17.3.3, w:t)."""
    source = src_of(p(r("XX"), r("号")))
    out = fill_at(source, "XX", " 5 ")
    t = next(xml_of(out.to_bytes()).iter(W + "t"))
    assert t.text == " 5 "
    assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert DocxSource.from_bytes(out.to_bytes(), name="o").parts[0].text == " 5 号"


def test_an_empty_value_removes_an_artifact_across_runs() -> None:
    """Empty-text edits remove text such as ##paidbegin## and the runs it leaves empty."""
    source = src_of(p(r("做到"), r("##paid"), r("begin##"), r("重大问题")))
    out = fill_at(source, "##paidbegin##", "")
    root = xml_of(out.to_bytes())
    assert [t for t, _ in runs_of(root)] == ["做到", "重大问题"]


def test_the_fallback_copy_of_a_text_box_gets_the_same_value() -> None:
    """Both the DrawingML Choice and the VML Fallback show the value."""
    source = src_of(p("锚", textbox(p(r("框内XX", FS)))))
    out = fill_at(source, "XX", "七")
    root = xml_of(out.to_bytes())
    boxes = list(root.iter(W + "txbxContent"))
    assert len(boxes) == 2
    assert ["".join(t.text for t in b.iter(W + "t")) for b in boxes] == ["框内七", "框内七"]


def test_a_fallback_that_differs_from_its_choice_is_left_alone() -> None:
    """Only a Fallback with the same text is kept in step; a different one is not guessed at."""
    source = src_of(p("锚", textbox(p("框内XX"), fallback_paras=[p("旧版XX")])))
    out = fill_at(source, "XX", "七")
    boxes = list(xml_of(out.to_bytes()).iter(W + "txbxContent"))
    assert ["".join(t.text for t in b.iter(W + "t")) for b in boxes] == ["框内七", "旧版XX"]


def test_tracked_deletions_are_not_touched_by_a_fill() -> None:
    """The deleted text stays deleted and unchanged."""
    source = src_of(p("召开", dele("XX"), ins(r("XX")), "次"))
    out = fill_at(source, "XX", "5")
    root = xml_of(out.to_bytes())
    assert next(root.iter(W + "delText")).text == "XX"
    assert out.text.startswith("召开5次")


def test_field_results_are_filled_and_field_codes_stay() -> None:
    """Filling a field result leaves the instruction untouched."""
    source = src_of(p("第", field("PAGE", r("XX")), "页"))
    out = fill_at(source, "XX", "3")
    root = xml_of(out.to_bytes())
    assert next(root.iter(W + "instrText")).text == " PAGE "
    assert out.text.startswith("第3页")


def test_edits_in_headers_footnotes_comments_and_core_properties() -> None:
    """Every story part takes edits, several at once."""
    data = build_docx(
        p("正文XX", footnote_ref(1)),
        headers=[p(r("XX局", FS))],
        footnotes=[p("数据截至XX月")],
        comments=[p("请核对XX")],
        core={"title": "XX年度述职报告", "description": "用于XX"},
    )
    source = DocxSource.from_bytes(data, name="t.docx")
    edits = []
    for part in source.parts:
        pos = part.text.index("XX")
        edits.append(Edit(part.name, pos, pos + 2, "甲"))
    out = source.apply(edits)
    again = DocxSource.from_bytes(out.to_bytes(), name="o")
    assert [pt.text for pt in again.parts] == [
        "正文甲\ufffc",  # the footnote reference mark is an object in the text
        "甲局",
        "数据截至甲月",
        "请核对甲",
        "甲年度述职报告\n用于XX",
    ]
    assert docx.Document(io.BytesIO(out.to_bytes())).core_properties.title == "甲年度述职报告"


def test_members_without_edits_are_copied_byte_for_byte_in_the_same_order() -> None:
    """Untouched members keep their compressed bytes, headers and order."""
    data = build_docx(
        p("正文XX"),
        headers=[p("页眉")],
        extra={"word/media/image1.png": b"\x89PNG" + bytes(range(256)) * 4},
    )
    source = DocxSource.from_bytes(data, name="t.docx")
    out = fill_at(source, "XX", "1").to_bytes()
    old, new = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(out))
    assert old.namelist() == new.namelist()
    assert new.testzip() is None
    for name in old.namelist():
        if name != BODY:
            assert raw_member(out, name)[4:] == raw_member(data, name)[4:], name
            assert old.getinfo(name).date_time == new.getinfo(name).date_time
    assert old.getinfo(BODY).date_time == new.getinfo(BODY).date_time


def test_a_changed_part_keeps_all_namespace_declarations_and_mc_ignorable() -> None:
    """w14, wp14 and mc:Ignorable survive, even when no element uses them."""
    source = src_of(p("召开XX次"))
    out = fill_at(source, "XX", "2").to_bytes()
    root = xml_of(out)
    assert set(NS.items()) <= set(root.nsmap.items())
    assert root.get("{" + NS["mc"] + "}Ignorable") == "w14 wp14"
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        head = zf.read(BODY)[:60]
    assert head.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")


def test_apply_does_not_change_the_source_and_can_run_twice() -> None:
    """The same source fills twice with different values."""
    source = src_of(p(r("X"), r("X"), "人"))
    assert fill_at(source, "XX", "5").text == "5人"
    assert fill_at(source, "XX", "6").text == "6人"
    assert body_text(source) == "XX人"


def test_python_docx_document_is_filled_in_place() -> None:
    """from_document edits the live Document, headers and core properties included."""
    d = docx.Document()
    para = d.add_paragraph()
    para.add_run("共").bold = True
    para.add_run("X")
    para.add_run("X次")
    d.sections[0].header.paragraphs[0].text = "XX单位"
    d.core_properties.title = "XX总结"
    source = DocxSource.from_document(d)
    edits = []
    for part in source.parts:
        if "XX" in part.text:
            pos = part.text.index("XX")
            edits.append(Edit(part.name, pos, pos + 2, "九"))
    out = source.apply(edits)
    assert out.document is d
    assert d.paragraphs[0].text == "共九次"
    assert d.sections[0].header.paragraphs[0].text == "九单位"
    assert d.core_properties.title == "九总结"
    assert docx.Document(io.BytesIO(out.to_bytes())).paragraphs[0].text == "共九次"


def test_control_characters_in_a_value_are_refused_clearly() -> None:
    """A value a DOCX cannot hold raises ValidationError, and nothing is written."""
    source = src_of(p("XX"))
    with pytest.raises(ValidationError, match="U\\+0001"):
        fill_at(source, "XX", "a\x01b")


def test_an_edit_across_a_paragraph_boundary_is_refused() -> None:
    """Only a removal may span paragraphs: writing text across a break is a bug in the caller.
    A removal that covers neither paragraph whole takes the text out and keeps the break."""
    source = src_of(p("甲X") + p("X乙"))
    with pytest.raises(ValueError, match="paragraph boundary"):
        source.apply([Edit(BODY, 1, 4, "丙")])
    assert source.apply([Edit(BODY, 1, 4, "")]).text == "甲\n乙"


def test_the_filled_document_reopens_in_python_docx_with_tables_and_text_boxes() -> None:
    """python-docx reads the result; table cells show the filled values."""
    body = table([["项目", "数量"], ["培训", p(r("X", FS), r("X", FS), r("场", FS))]]) + p(
        "锚", textbox(p("XX"))
    )
    source = src_of(body)
    text = body_text(source)
    edits = [Edit(BODY, i, i + 2, "8") for i in (text.index("XX"), text.rindex("XX"))]
    out = source.apply(edits)
    d = docx.Document(io.BytesIO(out.to_bytes()))
    assert d.tables[0].cell(1, 1).text == "8场"
    assert "XX" not in out.text


def test_a_python_docx_document_with_footnotes_is_filled_in_place() -> None:
    """Parts python-docx keeps as plain bytes (footnotes) are filled and written back."""
    data = build_docx(p("正文", footnote_ref(1)), footnotes=[p("截至XX月")])
    d = docx.Document(io.BytesIO(data))
    source = DocxSource.from_document(d)
    assert source.plain_text("word/footnotes.xml") == "截至XX月"
    out = source.apply([Edit("word/footnotes.xml", 2, 4, "6")])
    again = DocxSource.from_bytes(out.to_bytes(), name="o")
    assert again.plain_text("word/footnotes.xml") == "截至6月"


def test_ruby_text_is_not_part_of_the_sentence() -> None:
    """A phonetic guide (w:ruby/w:rt) is not read into the paragraph; the base text is."""
    ruby = (
        "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhèng</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>政</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    assert body_text(src_of(p("行", ruby, "务XX项"))) == "行政务XX项"


def test_a_vml_text_box_without_alternate_content_is_read_and_filled() -> None:
    """Old documents hold text boxes as w:pict/v:shape/v:textbox only; they are stories too."""
    vml = (
        '<w:r><w:pict><v:shape id="t1" type="#_x0000_t202"><v:textbox><w:txbxContent>'
        + p("旧式框XX")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    source = src_of(p("锚", vml) + p("后"))
    assert body_text(source) == "锚\n旧式框XX\n后"
    assert fill_at(source, "XX", "四").text == "锚\n旧式框四\n后"


def test_markup_characters_in_values_are_escaped() -> None:
    """Values are text, never markup: <, > and & come back as typed."""
    source = src_of(p(r("XX"), "公司"))
    out = fill_at(source, "XX", "A&B<C>")
    assert DocxSource.from_bytes(out.to_bytes(), name="o").parts[0].text == "A&B<C>公司"


def test_a_zip_with_data_before_it_is_rewritten_whole_and_stays_valid() -> None:
    """When raw copying is not possible (bytes prepended to the zip), every member is rewritten
    with its name, order and date, and the result is a valid package."""
    data = b"MZ-stub" * 10 + build_docx(p("共XX人"), headers=[p("页眉")])
    source = DocxSource.from_bytes(data, name="stub.docx")
    out = fill_at(source, "XX", "30").to_bytes()
    old = zipfile.ZipFile(io.BytesIO(data))
    new = zipfile.ZipFile(io.BytesIO(out))
    assert new.testzip() is None
    assert new.namelist() == old.namelist()
    assert [i.date_time for i in new.infolist()] == [i.date_time for i in old.infolist()]
    assert new.read("word/header1.xml") == old.read("word/header1.xml")
    assert docx.Document(io.BytesIO(out)).paragraphs[0].text == "共30人"


def test_concurrent_fills_of_one_source_give_the_same_bytes_as_sequential_ones() -> None:
    """apply() shares nothing mutable: threads filling one source get identical results."""
    from concurrent.futures import ThreadPoolExecutor

    source = src_of(
        p(r("召开", FS), r("X", FS), proof(), r("X", FS), "次") + p("锚", textbox(p("框XX"))),
        headers=[p("XX局")],
    )
    edits_for = []
    for k in range(16):
        edits = []
        for part in source.parts:
            start = -1
            while (start := part.text.find("XX", start + 1)) >= 0:
                edits.append(Edit(part.name, start, start + 2, str(k)))
        edits_for.append(edits)
    sequential = [source.apply(e).to_bytes() for e in edits_for]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda e: source.apply(e).to_bytes(), edits_for))
    assert threaded == sequential
    assert len(set(sequential)) == 16


def test_a_default_content_type_for_every_xml_part_does_not_make_every_part_a_body() -> None:
    """Some generators map the .xml extension to the main document type; only the usual part
    names are trusted then."""
    data = build_docx(p("正文XX"), headers=[p("页眉XX")])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "[Content_Types].xml":
                content = (
                    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                    b'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                    b'wordprocessingml.document.main+xml"/></Types>'
                )
            dst.writestr(info, content)
    source = DocxSource.from_bytes(buf.getvalue(), name="t.docx")
    assert [pt.name for pt in source.parts] == [BODY, "word/header1.xml"]
    assert [pt.text for pt in source.parts] == ["正文XX", "页眉XX"]


def test_a_fallback_with_an_extra_empty_paragraph_still_gets_the_values() -> None:
    """Paragraphs of the copy are paired by text, in order, so an extra paragraph does not stop
    the copy from being kept in step."""
    box = textbox(p("甲XX"), p("乙XX"), fallback_paras=[p(""), p("甲XX"), p("乙XX")])
    source = src_of(p("锚", box))
    text = body_text(source)
    assert text == "锚\n甲XX\n乙XX"
    out = source.apply([Edit(BODY, 3, 5, "一"), Edit(BODY, 7, 9, "二")])
    boxes = list(xml_of(out.to_bytes()).iter(W + "txbxContent"))
    assert ["".join(t.text for t in b.iter(W + "t")) for b in boxes] == ["甲一乙二", "甲一乙二"]


def test_wps_extension_namespaces_and_their_markup_survive_a_fill() -> None:
    """A WPS-style root (extra namespaces, a longer mc:Ignorable, vendor markup in the body):
    everything but the placeholder is kept."""
    wps = "http://www.wps.cn/officeDocument/2013/wpsCustomData"
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{NS["w"]}" xmlns:mc="{NS["mc"]}" xmlns:w14="{NS["w14"]}" '
        f'xmlns:w15="{w15}" xmlns:wpsCustomData="{wps}" '
        'mc:Ignorable="w14 w15 wpsCustomData"><w:body>'
        '<w:p w14:paraId="1A2B3C4D"><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'
        '<w:t>共X</w:t></w:r><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>X人</w:t>'
        '</w:r></w:p><wpsCustomData:docInfo wpsCustomData:ver="1"/>'
        "<w:sectPr/></w:body></w:document>"
    )
    source = DocxSource.from_bytes(build_docx("", document_xml=xml), name="wps.docx")
    out = fill_at(source, "XX", "12").to_bytes()
    root = xml_of(out)
    assert root.nsmap["wpsCustomData"] == wps and root.nsmap["w15"] == w15
    assert root.get("{" + NS["mc"] + "}Ignorable") == "w14 w15 wpsCustomData"
    assert root.find(f".//{{{wps}}}docInfo") is not None
    assert next(root.iter(W + "p")).get("{" + NS["w14"] + "}paraId") == "1A2B3C4D"
    assert [t for t, _ in runs_of(root)] == ["共12", "人"]


def _member(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name).decode()


SYM = '<w:r><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>'
PICTURE = (
    '<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="图片 1"/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"/>'
    "</a:graphic></wp:inline></w:drawing></w:r>"
)
EMOJI = (
    '<w:r><mc:AlternateContent xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/'
    'symex"><mc:Choice Requires="w16se"><w16se:symEx w16se:font="Segoe UI '
    'Emoji" w16se:char="1F600"/></mc:Choice><mc:Fallback><w:t>\U0001f600</w:t></mc:Fallback>'
    "</mc:AlternateContent></w:r>"
)


@pytest.mark.parametrize(
    "obj",
    [
        pytest.param(SYM, id="w:sym"),
        pytest.param(PICTURE, id="inline picture"),
        pytest.param(EMOJI, id="emoji (AlternateContent)"),
        pytest.param('<w:r><w:footnoteReference w:id="1"/></w:r>', id="footnote mark"),
        pytest.param("<w:r><w:pgNum/></w:r>", id="page number"),
    ],
)
def test_a_visible_object_between_marks_separates_two_placeholders(obj: str) -> None:
    """行程：XX→XX is two placeholders with the arrow kept between the values, not one XXXX
    whose second half would vanish."""
    data = build_docx(p(r("行程：XX", FS), obj, r("XX", FS)))
    sc = xxfill.scan(data)
    assert [ph.literal for ph in sc.placeholders] == ["XX", "XX"]
    out = xxfill.fill(data, {"#1": "北京", "#2": "上海"})
    assert out.text == "行程：北京\ufffc上海"
    xml = _member(out.to_bytes(), "word/document.xml")
    assert obj.replace('"', "'")[:18] in xml.replace('"', "'")  # the object is still there
    assert xml.index("北京") < xml.index(obj[5:15]) < xml.index("上海")
    assert xxfill.compile(data).render({"#1": "北京", "#2": "上海"}).to_bytes() == out.to_bytes()


def test_removing_a_line_keeps_the_pictures_in_it() -> None:
    """An edit over an object (lint --fix removing a banner line) removes the text only."""
    data = build_docx(p(r("##paidbegin##下载"), PICTURE, r("本文档")) + p(r("正文")))
    source = DocxSource.from_bytes(data, name="t.docx")
    text = source.parts[0].text
    out = source.apply([Edit(source.parts[0].name, 0, text.index("\n"), "")])
    xml = _member(out.to_bytes(), "word/document.xml")
    assert "<w:drawing>" in xml and "下载" not in xml and "本文档" not in xml


def test_filled_content_controls_drop_their_binding_and_placeholder_flag() -> None:
    """A data-bound control showing its prompt keeps the value: Word would refresh a bound
    control from its custom XML part, and treat flagged content as the prompt. Other control
    properties, and controls nobody filled, are kept."""
    props = (
        '<w:sdtPr><w:alias w:val="单位"/><w:id w:val="9"/><w:showingPlcHdr/>'
        '<w:dataBinding w:xpath="/root/unit" w:storeItemID="{1}"/><w:text/></w:sdtPr>'
    )
    bound = f"<w:sdt>{props}<w:sdtContent>{r('XX单位', FS)}</w:sdtContent></w:sdt>"
    untouched = f"<w:sdt>{props}<w:sdtContent>{r('无占位符', FS)}</w:sdtContent></w:sdt>"
    data = build_docx(p(r("申报单位："), bound) + p(untouched))
    out = xxfill.fill(data, {"#1": "东城"})
    root = etree.fromstring(_member(out.to_bytes(), "word/document.xml").encode())
    first, second = root.iter(W + "sdtPr")
    assert [el.tag.split("}")[1] for el in first] == ["alias", "id", "text"]
    assert [el.tag.split("}")[1] for el in second] == [
        "alias", "id", "showingPlcHdr", "dataBinding", "text",
    ]  # fmt: skip
    assert out.text.startswith("申报单位：东城单位")
    assert xxfill.compile(data).render({"#1": "东城"}).to_bytes() == out.to_bytes()


def test_spaces_at_the_ends_of_an_unpreserved_text_stay_invisible() -> None:
    """<w:t> XX</w:t> shows "XX" (without xml:space="preserve" the space is not content): it is
    read as "XX" and the fill does not make the space appear."""
    data = build_docx(p("<w:r><w:t> XX</w:t></w:r><w:r><w:t>科 </w:t></w:r>"))
    sc = xxfill.scan(data)
    assert sc.text(sc.placeholders[0].part) == "XX科"
    out = xxfill.fill(data, {"#1": "办公"})
    xml = _member(out.to_bytes(), "word/document.xml")
    assert "<w:t>办公</w:t>" in xml and "preserve" not in xml
    assert out.text == "办公科"
    assert xxfill.compile(data).render({"#1": "办公"}).to_bytes() == out.to_bytes()
