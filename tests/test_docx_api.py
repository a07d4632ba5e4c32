"""xxfill.scan / xxfill.fill on DOCX templates, end to end."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import xxfill
from docxbuild import FS, NS, build_docx, p, proof, r, raw_member, table, textbox

FIXTURES = Path(__file__).parent / "fixtures"
W = "{" + NS["w"] + "}"
BODY = "word/document.xml"

TEMPLATE = build_docx(
    p(r("本人", FS), r("全年牵头召开", FS), r("X", FS), proof(), r("X", FS), r("次会议", FS))
    + p(
        r("坚持每周调度、", FS),
        r("##paid", FS),
        r("begin##", FS),
        r("每月通报", FS),
    )
    + table([["指标", "完成"], ["培训", p(r("XX", FS), r("场次", FS))]])
    + p("锚", textbox(p("共走访XX户"))),
    headers=[p(r("XX区XX局", FS))],
    core={"title": "XX区2023年度工作总结"},
)


def test_scan_finds_placeholders_in_every_story_in_document_order() -> None:
    """Body (table and text box included), then header, then core properties."""
    sc = xxfill.scan(TEMPLATE)
    assert sc.format == "docx"
    first = sc.placeholders[0]
    assert (first.part, first.literal) == (BODY, "XX")
    assert first.context.endswith("召开XX次会议")
    assert sc.parts[0].text[first.start : first.end] == "XX"
    parts = [p.part for p in sc.placeholders]
    assert parts == sorted(parts, key=[BODY, "word/header1.xml", "docProps/core.xml"].index)
    assert len(sc.placeholders) == 6
    assert len(sc.artifacts) == 1


def test_a_docx_and_its_text_export_classify_the_same() -> None:
    """Classification sees the same plain text for DOCX and text sources."""
    sc = xxfill.scan(TEMPLATE)
    body = [p for p in sc.placeholders if p.part == BODY]
    as_text = xxfill.scan(text=sc.parts[0].text)
    assert [(p.kind, p.key) for p in body] == [(p.kind, p.key) for p in as_text.placeholders]


def test_fill_keeps_fonts_removes_artifacts_and_copies_untouched_members(tmp_path: Path) -> None:
    """The filled DOCX keeps 仿宋_GB2312 三号 for values, drops ##paidbegin## across runs, and
    leaves members without placeholders byte for byte."""
    sc = xxfill.scan(TEMPLATE)
    values = {f"#{p.index}": str(p.index) for p in sc.placeholders}
    result = xxfill.fill(TEMPLATE, values)
    data = result.to_bytes()
    d = docx.Document(io.BytesIO(data))
    first = d.paragraphs[0]
    assert first.text == "本人全年牵头召开1次会议"
    value_run = next(run for run in first.runs if run.text == "1")
    assert value_run.font.size.pt == 16
    assert value_run._r.rPr.find(W + "rFonts").get(W + "eastAsia") == "仿宋_GB2312"
    assert d.paragraphs[1].text == "坚持每周调度、每月通报"
    assert "##" not in result.text and "XX" not in result.text
    assert d.sections[0].header.paragraphs[0].text == "4区5局"
    assert d.core_properties.title == "6区2023年度工作总结"
    assert raw_member(data, "_rels/.rels") == raw_member(TEMPLATE, "_rels/.rels")
    out = tmp_path / "filled.docx"
    result.save(out)
    assert out.read_bytes() == data


def test_split_placeholders_in_libreoffice_files_fill_across_runs() -> None:
    """In a LibreOffice-saved file, an X in a bold run followed by an X in a red run is one
    placeholder; the value is bold (the first run's format)."""
    path = FIXTURES / "lo_report.docx"
    sc = xxfill.scan(path)
    first = sc.placeholders[0]
    assert first.context.startswith("本年度共走访企业XX家")
    result = xxfill.fill(path, {"#1": 36}, missing="keep")
    with zipfile.ZipFile(io.BytesIO(result.to_bytes())) as zf:
        root = etree.fromstring(zf.read(BODY))
    run = next(rn for rn in root.iter(W + "r") if "".join(rn.itertext()) == "36")
    assert run.find(f"{W}rPr/{W}b") is not None
    assert "C9211E" not in etree.tostring(run).decode()


def test_a_python_docx_document_is_filled_in_place() -> None:
    """Passing a Document fills it; existing python-docx code keeps working on it."""
    d = docx.Document(io.BytesIO(TEMPLATE))
    result = xxfill.fill(d, {"#1": 3}, missing="keep")
    assert d.paragraphs[0].text == "本人全年牵头召开3次会议"
    assert result.document is d


def test_broken_docx_raises_a_source_error_through_the_api() -> None:
    """The API passes DOCX errors through as xxfill exceptions."""
    with pytest.raises(xxfill.CorruptDocumentError):
        xxfill.scan(TEMPLATE[:100])


EXAMPLE = Path(__file__).parents[1] / "examples" / "report_template.docx"


def test_the_bundled_docx_example_is_rich_and_up_to_date() -> None:
    """The example has 50+ placeholders in body, header, footnote and core properties, some
    split across runs, and is exactly what its generator script writes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_example_docx", EXAMPLE.with_name("make_example_docx.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == EXAMPLE.read_bytes()
    sc = xxfill.scan(EXAMPLE)
    assert len(sc.placeholders) >= 50
    assert {p.part for p in sc.placeholders} == {
        BODY,
        "word/header1.xml",
        "word/footnotes.xml",
        "docProps/core.xml",
    }
    assert len({p.kind for p in sc.placeholders}) >= 6
    assert len(sc.groups()) < len(sc.placeholders)  # some keys repeat


def test_filling_the_bundled_example_keeps_the_gongwen_fonts() -> None:
    """Every value in the body keeps its paragraph's font: 小标宋 for the title, 仿宋_GB2312
    三号 for the body, and no placeholder is left."""
    sc = xxfill.scan(EXAMPLE)
    result = xxfill.fill(EXAMPLE, {f"#{p.index}": f"值{p.index}" for p in sc.placeholders})
    assert "XX" not in result.text
    d = docx.Document(io.BytesIO(result.to_bytes()))
    title_run = next(run for run in d.paragraphs[0].runs if run.text == "值1")
    assert title_run._r.rPr.find(W + "rFonts").get(W + "eastAsia") == "方正小标宋简体"
    assert title_run.font.size.pt == 22
    body = next(p for p in d.paragraphs if "值5" in p.text)
    run = next(run for run in body.runs if "值5" in run.text)
    assert run._r.rPr.find(W + "rFonts").get(W + "eastAsia") == "仿宋_GB2312"
    assert run.font.size.pt == 16


def test_the_command_line_scans_and_fills_a_docx(tmp_path: Path, capsys) -> None:
    """`xxfill scan` and `xxfill fill` take a .docx exactly as they take text."""
    import json

    from xxfill.cli.main import main

    template = tmp_path / "模板.docx"
    template.write_bytes(EXAMPLE.read_bytes())
    assert main(["scan", str(template)]) == 0
    assert "述职人：XXX" in capsys.readouterr().out
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"#5": 12, "述职人：XXX": "李明"}), encoding="utf-8")
    out = tmp_path / "out.docx"
    assert main(["fill", str(template), str(values), "-o", str(out), "--missing", "keep"]) == 0
    assert template.read_bytes() == EXAMPLE.read_bytes()
    d = docx.Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert any("集中学习12次" in t for t in texts)
    assert "述职人：李明" in texts
