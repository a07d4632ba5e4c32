"""Compiled templates: ``xxfill.compile`` and ``Template.render`` give what ``fill`` gives, without
parsing XML per render, and a Template pickles and is shared across threads."""

from __future__ import annotations

import io
import pickle
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xxfill
from docxbuild import (
    BOLD,
    FS,
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
    sdt,
    smart_tag,
    table,
    textbox,
)
from xxfill.core.errors import ValidationError
from xxfill.filler.template import Template, compile

TEXT = (
    "关于XX年度工作的报告\n"
    "一年来，我单位共召开XX次党委会议，研究事项XX项。##paidbegin##\n"
    "学习贯彻党的XX大精神，由XX同志负责。\n"
)


def rich_docx() -> bytes:
    """Placeholders split across runs and markup, in body, table, text box, header, footnote
    and core properties, with two placeholders in one run and an artifact."""
    body = (
        p(r("我单位共召开X", FS), proof(), r("X", BOLD), r("次会议，时间20XX年XX月"))
        + p(r(" XX "), r("开头结尾"), bookmark("b", r("X")), r("X"))
        + p(hyperlink(r("访问XX网站")), footnote_ref(1))
        + table([["XX党委", p(r("##paid"), r("begin##参会XX人"))], ["合计XX项", "无"]])
        + p(r("文本框锚点"), textbox(p(r("框内XX条"))))
    )
    return build_docx(
        body,
        headers=[p(r("XX局文件", FS))],
        footnotes=[p(r("数据截至XX月"))],
        core={"title": "XX年度述职报告"},
    )


def values_for(template: Template, texts: list[str]) -> dict[str, str]:
    return {f"#{ph.index}": texts[i % len(texts)] for i, ph in enumerate(template.placeholders)}


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def test_a_text_template_renders_what_fill_gives() -> None:
    """Text, report and edits of ``render`` equal those of ``fill`` for the same values."""
    values = {"共召开XX次": 12, "研究事项XX项": 30, "党的XX大": 20, "XX同志": "王某", "#1": "2024"}
    t = compile(xxfill.Text(TEXT))
    got = t.render(values)
    want = xxfill.fill(xxfill.Text(TEXT), values)
    assert got.text == want.text
    assert "召开12次" in got.text and "党的二十大" in got.text and "##paid" not in got.text
    assert got.report == want.report
    assert got.edits == want.edits
    assert got.to_bytes() == want.to_bytes()


def test_a_text_template_keeps_encoding_and_line_endings(tmp_path) -> None:
    """A GB18030 file with CRLF line ends renders to GB18030 with CRLF, like fill."""
    path = tmp_path / "t.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gb18030"))
    values = {"#1": "2024", "#2": 3, "#3": 4, "#4": 20, "#5": "李某"}
    got = compile(path).render(values).to_bytes()
    assert got == xxfill.fill(path, values).to_bytes()
    assert "召开3次".encode("gb18030") in got and b"\r\n" in got


def test_a_docx_template_renders_byte_identical_to_fill(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split runs, tables, text boxes, headers, footnotes and core properties: same bytes, all
    through the compiled path."""
    from xxfill.docx.compiled import CompiledDocx

    def no_fallback(*_a: object) -> None:
        raise AssertionError("the compiled render fell back to the full path")

    data = rich_docx()
    t = compile(data)
    monkeypatch.setattr(CompiledDocx, "slow_apply", no_fallback)
    assert t.fast and t.format == "docx"
    parts = {ph.part for ph in t.placeholders}
    assert {"word/document.xml", "word/header1.xml", "word/footnotes.xml"} <= parts
    assert "docProps/core.xml" in parts
    for texts in (["5"], ["甲乙", " 空格 ", "a&b<c>\"'"], ["一\n二", "x\ty", "\t前后\n"]):
        values = values_for(t, texts)
        got = t.render(values)
        want = xxfill.fill(data, values)
        assert got.to_bytes() == want.to_bytes()
        assert got.text == want.text
        assert got.report == want.report


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("甲乙 \t\n\r&<>\"'ab12　")), min_size=1, max_size=8
        ).filter(lambda s: s.strip(" ") != "" or "\n" in s or "\t" in s),
        min_size=1,
        max_size=5,
    )
)
def test_any_values_render_to_the_same_document_as_fill(texts: list[str]) -> None:
    """For arbitrary text values (spaces, breaks, tabs, markup characters) the compiled render
    writes exactly the bytes ``fill`` writes."""
    t = _RICH_TEMPLATE
    values = values_for(t, texts)
    got, want = t.render(values), xxfill.fill(_RICH, values)
    assert got.to_bytes() == want.to_bytes()
    assert got.text == want.text


_RICH = rich_docx()
_RICH_TEMPLATE = compile(_RICH)


def test_render_parses_no_xml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once compiled, rendering never calls the XML parser."""
    from lxml import etree

    import xxfill.docx.stories as xdocx

    t = compile(rich_docx())

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("XML parsed during render")

    monkeypatch.setattr(etree, "fromstring", boom)
    monkeypatch.setattr(etree, "XML", boom)
    monkeypatch.setattr(xdocx, "parse_xml", boom)
    result = t.render(values_for(t, ["值"]))
    assert "框内值条" in result.text


def test_unchanged_members_are_copied_raw() -> None:
    """Members without placeholders keep their compressed bytes and order."""
    data = build_docx(p(r("召开XX次")), extra={"word/media/image1.png": b"\x89PNG fake"})
    t = compile(data)
    out = t.render({"#1": 3}).to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(out)) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for ia, ib in zip(a.infolist(), b.infolist(), strict=True):
            if ia.filename != "word/document.xml":
                assert (ia.CRC, ia.compress_size) == (ib.CRC, ib.compress_size)
    assert members(out)["word/media/image1.png"] == b"\x89PNG fake"


def test_kept_placeholders_fall_back_to_the_full_path_and_still_match_fill() -> None:
    """With ``missing="keep"`` a placeholder left as it is renders exactly like fill."""
    data = rich_docx()
    t = compile(data, missing="keep")
    got = t.render({"#1": 7})
    want = xxfill.fill(data, {"#1": 7}, missing="keep")
    assert got.to_bytes() == want.to_bytes()
    assert got.report.unfilled == want.report.unfilled


def test_missing_values_are_marked_like_fill() -> None:
    """``missing="mark"`` inserts the mark through the compiled path."""
    data = rich_docx()
    t = compile(data, missing="mark")
    got = t.render({"#1": 7})
    assert got.to_bytes() == xxfill.fill(data, {"#1": 7}, missing="mark").to_bytes()
    assert "【待填写】" in got.text


def test_validation_is_identical_to_fill() -> None:
    """Bad values raise the same ValidationError, listing the same problems."""
    t = compile(xxfill.Text(TEXT))
    bad = {"共召开XX次": "十二", "党的XX大": -1, "没有这个XX": 1}
    with pytest.raises(ValidationError) as got:
        t.render(bad)
    with pytest.raises(ValidationError) as want:
        xxfill.fill(xxfill.Text(TEXT), bad)
    assert got.value.problems == want.value.problems
    assert {pr.code for pr in got.value.problems} >= {"unknown-selector", "missing"}


def test_a_template_pickles_small_and_renders_the_same_after() -> None:
    """The pickled template holds bytes, not trees or files, and renders identically."""
    data = rich_docx()
    t = compile(data)
    blob = pickle.dumps(t)
    assert len(blob) < 4 * len(data) + 20_000
    again = pickle.loads(blob)
    values = values_for(t, ["甲"])
    assert again.render(values).to_bytes() == t.render(values).to_bytes()


def test_render_is_thread_safe() -> None:
    """Concurrent renders from many threads each get their own correct document."""
    t = compile(rich_docx())
    jobs = [values_for(t, [f"值{i}"]) for i in range(40)]
    with ThreadPoolExecutor(8) as pool:
        outs = list(pool.map(lambda v: t.render(v).to_bytes(), jobs))
    assert outs == [t.render(v).to_bytes() for v in jobs]
    assert len(set(outs)) == len(jobs)


def test_render_many_is_lazy_and_can_yield_errors() -> None:
    """Rows are rendered one at a time; ``errors="yield"`` hands back a bad row's error."""
    t = compile(xxfill.Text("召开XX次会议"))
    seen: list[int] = []

    def rows():
        for i in (1, 2, 3):
            seen.append(i)
            yield {"#1": i} if i != 2 else {"#1": "x", "#9": 1}

    it = t.render_many(rows(), errors="yield")
    assert next(it).text == "召开1次会议" and seen == [1]
    err = next(it)
    assert isinstance(err, ValidationError)
    assert next(it).text == "召开3次会议"
    with pytest.raises(ValidationError):
        list(t.render_many([{"#9": 1}]))


def test_render_many_takes_a_dataframe_with_missing_cells() -> None:
    """DataFrame rows: NaN and None are not given, numpy numbers render as numbers."""
    pd = pytest.importorskip("pandas")
    t = compile(xxfill.Text("召开XX次会议，XX同志主持"), missing="mark", missing_mark="□")
    df = pd.DataFrame({"召开XX次": [3, None], "XX同志": ["王某", None]})
    assert [r.text for r in t.render_many(df)] == [
        "召开3次会议，王某同志主持",
        "召开□次会议，□同志主持",
    ]


def test_compiling_a_python_docx_document_leaves_it_unchanged() -> None:
    """A python-docx Document can be compiled; it is read, never filled."""
    d = docx.Document()
    d.add_paragraph("召开XX次会议")
    t = compile(d)
    assert t.render({"#1": 4}).document.paragraphs[0].text == "召开4次会议"
    assert d.paragraphs[0].text == "召开XX次会议"


def test_save_writes_the_rendered_document(tmp_path) -> None:
    """``render(...).save`` writes the file and refuses to overwrite the template."""
    src = tmp_path / "t.docx"
    src.write_bytes(build_docx(p(r("召开XX次"))))
    t = compile(src)
    out = t.render({"#1": 2}).save(tmp_path / "o.docx")
    assert docx.Document(out).paragraphs[0].text == "召开2次"
    with pytest.raises(xxfill.OutputError):
        t.render({"#1": 2}).save(src)


def test_compile_accepts_a_scan() -> None:
    """A Scan (with its options) compiles to the same template."""
    sc = xxfill.scan(xxfill.Text("召开XX次会议"), missing="mark")
    t = compile(sc)
    assert t.options.missing == "mark"
    assert t.render({}).text == "召开【待填写】次会议"


def every_construct_docx() -> bytes:
    """Placeholders in every construct the DOCX reader knows, including ones the compiled path
    must leave to the full path if it cannot model them."""
    body = (
        p(r("字段结果"), field(" MERGEFIELD 单位 ", r("XX单位")), r("完毕"))
        + p(fld_simple(" DOCPROPERTY Title ", r("简单XX域")))
        + p(sdt(r("控件内X"), r("X条")))
        + sdt(p(r("块级控件XX项")), block=True)
        + p(smart_tag(r("智能XX标记")), custom_xml(r("自定义X"), r("X元素")))
        + p(ins(r("修订插入XX处")), dele("删除XX"), r("之后XX"))
        + p(comment_range(r("批注范围XX"), cid=1), perm(r("权限XX")))
        + table([[table([["嵌套XX格"]]), "外层XX格"]])
        + p(r("锚"), textbox(p(r("框X"), r("X内"))))
        + p(r("一行两个XX和XX"), r("\t制表XX\n换行XX"))
    )
    return build_docx(
        body,
        headers=[p(r("首XX")), p(r("第一页XX")), p(r("偶数页XX"))],
        footers=[p(r("页脚XX"))],
        endnotes=[p(r("尾注XX"))],
        comments=[p(r("批注XX"))],
        core={"title": "标题XX", "subject": "主题XX", "keywords": "XX", "description": "说明XX"},
    )


@pytest.mark.parametrize(
    "texts",
    [["值"], [" 前后 ", "&<>"], ["一\n二", "\t", "x\r\ny"], ["单"], ["a b", "\n前", "后\t"]],
)
def test_every_construct_renders_like_fill(texts: list[str]) -> None:
    """Fields, content controls, smart tags, tracked changes, comments, nested tables, text
    boxes, every header and note part and the core properties: render equals fill."""
    data = every_construct_docx()
    t = compile(data)
    assert t.fast
    values = values_for(t, texts)
    got, want = t.render(values), xxfill.fill(data, values)
    assert got.to_bytes() == want.to_bytes()
    assert got.text == want.text


@pytest.mark.parametrize("keep", [True, False])
def test_artifacts_are_removed_or_kept_as_fill_does(keep: bool) -> None:
    """``keep_artifacts`` is fixed at compile time; either way render equals fill."""
    data = build_docx(p(r("##paid"), r("begin##召开XX次")))
    t = compile(data, keep_artifacts=keep)
    got, want = t.render({"#1": 3}), xxfill.fill(data, {"#1": 3}, keep_artifacts=keep)
    assert got.to_bytes() == want.to_bytes()
    assert ("##paidbegin##" in got.text) is keep
    assert got.report == want.report


def test_a_template_without_placeholders_renders_the_template_itself() -> None:
    """Nothing to fill: every member is copied raw, as fill copies them."""
    data = build_docx(p(r("没有占位符")))
    t = compile(data)
    assert t.placeholders == ()
    assert t.render({}).to_bytes() == xxfill.fill(data, {}).to_bytes()


def test_fill_and_render_share_one_fill_path() -> None:
    """xxfill.fill and Template.render end in the same function, so they cannot drift apart;
    both take the quick steps for a complete dict and the full ones otherwise."""
    import xxfill.api
    import xxfill.filler.template
    from xxfill.filler.result import fill_scan

    assert xxfill.api.fill_scan is fill_scan is xxfill.filler.template.fill_scan
    text = xxfill.Text("召开XX次会议，XX同志")
    t = xxfill.compile(text)
    for values in ({"#1": 3, "#2": "张三"}, {"#1": 3}, {"#1": 3, "#2": "张三", "#9": 1}):
        a = xxfill.fill(text, values, strict=False)
        b = t.render(values, strict=False)
        assert (a.text, a.report.to_dict()) == (b.text, b.report.to_dict())


def _many_members_docx(n: int) -> bytes:
    """A DOCX with ``n`` extra zip members (media a real report may carry in quantity)."""
    import io
    import zipfile

    import docx

    d = docx.Document()
    d.add_paragraph("召开会议XX次")
    buf = io.BytesIO()
    d.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        for i in range(n):
            zout.writestr(f"word/media/extra{i}.bin", b"x")
    return out.getvalue()


def test_compile_render_and_batch_keep_non_default_limits(tmp_path: Path) -> None:
    """compile() checked itself by reopening the package without the caller's Limits, so a
    template that fill accepted with --limit max_members=… failed in batch (exit 2)."""
    from xxfill.cli.main import main

    template = tmp_path / "t.docx"
    template.write_bytes(_many_members_docx(10_050))  # more than the default 10,000
    roomy = xxfill.Limits(max_members=20_000)
    with pytest.raises(xxfill.LimitExceededError):
        xxfill.compile(template)
    t = xxfill.compile(template, limits=roomy)
    assert "召开会议3次" in t.render({"#1": 3}).text
    assert "召开会议4次" in t.render({"#1": 4, "#9": 1}, strict=False).text  # the full path
    data = tmp_path / "d.csv"
    data.write_text("#1\n5\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(template), str(data), "-o", str(out), "-q", "--limit", "max_members=20000"]
    assert main(args) == 0
    assert "召开会议5次" in xxfill.scan(out / "00001.docx", limits=roomy).parts[0].text
