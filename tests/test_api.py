"""The one-shot API end to end on text sources: scan, fill, report, save."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xxfill
from xxfill import Kind, Options, Text

TEMPLATE = (
    "XX区XX局2024年度工作总结\r\n"
    "全年召开党组会XX次，培训干部XXX人次，学习贯彻党的XX大精神。\r\n"
    "##paidbegin##组织学习《XX条例》，开展“XX”活动。\r\n"
    "联系人：XXX\r\n"
)


def test_scan_finds_every_placeholder_with_offsets_into_the_text() -> None:
    """Each placeholder records literal, part and offsets that slice the decoded text."""
    s = xxfill.scan(Text(TEMPLATE))
    assert [p.index for p in s] == list(range(1, 9))
    assert all(p.part == "text" for p in s)
    for p in s:
        assert s.text()[p.start : p.end] == p.literal
        assert p.context == p.before + p.literal + p.after
        assert p.reason
    assert [a.literal for a in s.artifacts] == ["##paidbegin##"]


def test_scan_kinds_follow_context() -> None:
    """Kinds come from the cues around each placeholder."""
    s = xxfill.scan(Text(TEMPLATE))
    assert [p.kind for p in s] == [
        Kind.NAME,
        Kind.NAME,
        Kind.COUNT,
        Kind.COUNT,
        Kind.ORDINAL,
        Kind.TITLE,
        Kind.QUOTE,
        Kind.PERSON,
    ]


def test_sources_of_every_form_give_the_same_scan(tmp_path: Path) -> None:
    """A path, a str path, bytes, a binary file object, Text and text= all scan alike."""
    path = tmp_path / "t.txt"
    path.write_bytes(TEMPLATE.encode("gb18030"))
    scans = [
        xxfill.scan(path),
        xxfill.scan(str(path)),
        xxfill.scan(path.read_bytes()),
        xxfill.scan(io.BytesIO(path.read_bytes())),
        xxfill.scan(Text(TEMPLATE)),
        xxfill.scan(text=TEMPLATE),
    ]
    first = [(p.literal, p.kind, p.key, p.start) for p in scans[0]]
    for s in scans[1:]:
        assert [(p.literal, p.kind, p.key, p.start) for p in s] == first


def test_a_text_string_is_never_taken_for_a_path() -> None:
    """Passing template text as a bare str is refused with a pointer to xxfill.Text."""
    with pytest.raises(xxfill.SourceError, match=r"xxfill\.Text"):
        xxfill.scan("第一行XX\n第二行XX")
    with pytest.raises(xxfill.SourceError, match="no such file"):
        xxfill.scan("does-not-exist.txt")


def test_fill_replaces_placeholders_keeps_crlf_and_removes_artifacts() -> None:
    """A full fill changes only placeholders and artifacts; line endings stay CRLF."""
    values = {
        "XX区": "东城",
        "XX局": "人社",
        "党组会XX次": 11,
        "干部XXX人次": 860,
        "党的XX大": 20,
        "《XX条例》": "信访工作",
        "“XX”": "清廉机关",
        "联系人：XXX": "王敏",
    }
    r = xxfill.fill(Text(TEMPLATE), values)
    assert r.text == (
        "东城区人社局2024年度工作总结\r\n"
        "全年召开党组会11次，培训干部860人次，学习贯彻党的二十大精神。\r\n"
        "组织学习《信访工作条例》，开展“清廉机关”活动。\r\n"
        "联系人：王敏\r\n"
    )
    assert r.report.ok
    assert len(r.report.filled) == 8
    assert [a.literal for a in r.report.artifacts_removed] == ["##paidbegin##"]
    assert {f.selector for f in r.report.filled} == set(values)


def test_values_with_newlines_follow_the_document_line_ending() -> None:
    """A multi-line value in a CRLF document is written with CRLF."""
    r = xxfill.fill(Text("甲：XX\r\n乙"), {"#1": "一\n二"})
    assert r.text == "甲：一\r\n二\r\n乙"


def test_validation_collects_every_problem_in_one_error() -> None:
    """Unknown selectors, wrong types and missing values are all listed at once."""
    with pytest.raises(xxfill.ValidationError) as info:
        xxfill.fill(
            Text(TEMPLATE),
            {"党组会XX次": -1, "党的XX大": [20], "不存在的XX": "x", "#99": 1},
        )
    codes = sorted(p.code for p in info.value.problems)
    assert codes.count("missing") >= 5
    assert "unknown-selector" in codes
    assert any(c in ("invalid-value", "type-mismatch") for c in codes)
    message = str(info.value)
    assert "党组会XX次" in message and "#99" in message


def test_missing_values_can_be_kept_or_marked() -> None:
    """Options(missing=...) keeps a placeholder or marks it instead of failing."""
    kept = xxfill.fill(Text("共XX人，XX次"), {"#1": 5}, missing="keep")
    assert kept.text == "共5人，XX次"
    assert [p.index for p in kept.report.unfilled] == [2]
    marked = xxfill.fill(Text("共XX人，XX次"), {"#1": 5}, missing="mark", missing_mark="【?】")
    assert marked.text == "共5人，【?】次"


def test_artifacts_can_be_kept() -> None:
    """keep_artifacts=True leaves site markers where they are."""
    r = xxfill.fill(Text("##paidend##共XX人"), {"#1": 3}, Options(keep_artifacts=True))
    assert r.text == "##paidend##共3人"
    assert r.report.artifacts_removed == ()


def test_lenient_fill_reports_unused_selectors_instead_of_raising() -> None:
    """strict=False turns an unknown selector into report.unused."""
    r = xxfill.fill(Text("共XX人"), {"#1": 3, "无此XX": 1}, strict=False)
    assert r.text == "共3人"
    assert r.report.unused == ("无此XX",)
    assert not r.report.ok


def test_a_scan_can_be_filled_again_and_again() -> None:
    """fill accepts a Scan, so a template is scanned once and filled many times."""
    s = xxfill.scan(Text("共XX人"))
    assert [xxfill.fill(s, {"#1": n}).text for n in (1, 2)] == ["共1人", "共2人"]


def test_save_writes_the_source_encoding_and_never_the_input(tmp_path: Path) -> None:
    """save() keeps GB18030 and refuses to overwrite the template unless asked."""
    src = tmp_path / "模板.txt"
    src.write_bytes("召开XX次".encode("gb18030"))
    r = xxfill.fill(src, {"#1": 3})
    out = tmp_path / "out.txt"
    r.save(out)
    assert out.read_bytes() == "召开3次".encode("gb18030")
    with pytest.raises(xxfill.OutputError, match="input template"):
        r.save(src)
    assert src.read_bytes() == "召开XX次".encode("gb18030")
    r.save(src, overwrite_input=True)
    assert src.read_bytes() == "召开3次".encode("gb18030")


def test_reprs_are_short() -> None:
    """Scan, FillResult and FillReport reprs fit on one line."""
    s = xxfill.scan(Text(TEMPLATE))
    r = xxfill.fill(s, {}, missing="keep")
    for obj in (s, r, r.report):
        assert "\n" not in repr(obj) and len(repr(obj)) < 200


def test_groups_list_keys_in_order_with_their_occurrences() -> None:
    """scan.groups() gives each key once with every index that shares it."""
    s = xxfill.scan(Text("党的XX大报告；学习党的XX大精神；召开XX次会议；召开XX次会议"))
    groups = s.groups()
    assert groups[0].key == "党的XX大" and groups[0].indices == (1, 2)
    count_keys = [g.key for g in groups if g.kind is Kind.COUNT]
    assert len(count_keys) == 2, "different counts never share a key"


PLAIN = st.text(alphabet=st.sampled_from("党委召开会议次名第届《》“”，。、 \n12"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(PLAIN, st.sampled_from(["XX", "XXX", "ＸＸ", "××"])), max_size=6), PLAIN)
def test_fill_never_changes_text_outside_placeholders(
    pieces: list[tuple[str, str]], tail: str
) -> None:
    """Property: replacing every placeholder with a value leaves all other text as it was."""
    template = "".join(a + b for a, b in pieces) + tail
    s = xxfill.scan(Text(template))
    values = {f"#{p.index}": f"<{p.index}>" for p in s}
    out = xxfill.fill(s, values).text
    expected, pos = [], 0
    for p in s:
        expected.append(template[pos : p.start])
        expected.append(f"<{p.index}>")
        pos = p.end
    expected.append(template[pos:])
    assert out == "".join(expected)


def test_text_output_encoding_and_line_endings_can_be_chosen(tmp_path: Path) -> None:
    """save(encoding=..., newline=...) rewrites a GB18030 CRLF template as UTF-8 with LF."""
    src = tmp_path / "t.txt"
    src.write_bytes("甲：XX\r\n乙：XX\r\n".encode("gb18030"))
    r = xxfill.fill(src, {"#1": "一", "#2": "二"})
    out = tmp_path / "o.txt"
    r.save(out, encoding="utf-8", newline="\n")
    assert out.read_bytes() == "甲：一\n乙：二\n".encode()
    assert r.to_bytes() == "甲：一\r\n乙：二\r\n".encode("gb18030")
    with pytest.raises(xxfill.OutputError, match="unknown encoding"):
        r.to_bytes(encoding="no-such-codec")
    with pytest.raises(xxfill.OutputError, match="cannot write"):
        xxfill.fill(Text("XX"), {"#1": "😀"}).to_bytes(encoding="gbk")


def test_groups_repr_is_short() -> None:
    """repr(scan.groups()) names a few keys and counts the rest instead of dumping them all."""
    groups = xxfill.scan(Text("，".join(f"第{i}项召开XX次" for i in range(50)))).groups()
    assert len(groups) == 50
    assert "\n" not in repr(groups) and len(repr(groups)) < 200
    assert "44 more" in repr(groups)


def test_a_year_in_chinese_numerals_is_a_date_and_stays_in_chinese_numerals() -> None:
    """二〇XX年 is a year: an int fills it in Chinese numerals (〇 for zero, GB/T 15835)."""
    s = xxfill.scan(Text("二〇XX年工作总结"))
    assert s[1].kind is Kind.DATE
    assert xxfill.fill(s, {"#1": 2024}).text == "二〇二四年工作总结"
    assert "\ue000" not in xxfill.scan(Text("XX年XX月XX日"))[1].reason


def test_usability_messages_found_by_an_outside_user() -> None:
    """A one-line template passed as a path hints at Text(...); an unknown selector suggests
    the nearest key; render_many names the failing row; the fill report aligns CJK contexts."""
    import pytest

    import xxfill

    with pytest.raises(xxfill.SourceError, match=r"xxfill\.Text"):
        xxfill.scan("召开XX次会议，走访XX户。")
    with pytest.raises(xxfill.ValidationError, match="did you mean the key 'XX区'"):
        xxfill.fill(xxfill.Text("XX区召开XX次会议"), {"XX曲": "东", "召开XX次": 3})
    t = xxfill.compile(xxfill.Text("召开XX次会议"))
    results = list(t.render_many([{"#1": 1}, {"#1": -1}], errors="yield"))
    assert isinstance(results[1], xxfill.ValidationError) and "row 2" in str(results[1])
    report = str(xxfill.fill(xxfill.Text("召开XX次会议\nab XX c"), {"#1": 3, "#2": "x"}).report)
    first, second = report.splitlines()[1:3]
    from xxfill.display.terminal import display_width

    assert display_width(first.split("->")[0]) == display_width(second.split("->")[0])


def test_the_report_keeps_its_columns_when_a_context_is_long() -> None:
    """Every '->' of the filled lines starts at the same terminal column, long CJK contexts
    included (they are clipped with …)."""
    from xxfill.display.terminal import display_width

    text = "召开XX次会议\n" + "临江市数据资源局关于做好年度考核工作的通知要求XX份\n"
    result = xxfill.fill(xxfill.Text(text), {"#1": 3, "#2": 5}, context=30)
    lines = [line for line in str(result.report).splitlines() if "->" in line]
    assert len(lines) == 2
    assert len({display_width(line.split("->")[0]) for line in lines}) == 1
    assert "…" in lines[1]


def test_a_context_never_ends_in_the_middle_of_a_number() -> None:
    """The context window stretches to finish a number it would cut (副局长XXX2024年度, not
    副局长XXX20), on either side."""
    scan = xxfill.scan(xxfill.Text("临江市数据资源局副局长XXX2024年度述职报告"), context=6)
    (p,) = scan.placeholders
    assert p.after.startswith("2024")
    scan = xxfill.scan(xxfill.Text("联系电话：0571-86901234转XX分机"), context=4)
    assert scan.placeholders[0].before == "86901234转"
