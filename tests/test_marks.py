"""Custom marks (``Options.marks``) reach every heuristic that looks for marks, not only the
placeholder search: date slots next to other slots, blank lines above a placeholder, and table
header rows that hold placeholders."""

from __future__ import annotations

import datetime as dt

import xxfill
from docxbuild import build_docx, p, r, table
from xxfill.mapping.render import date_slot

BOX = xxfill.Options(marks="□")


def test_date_slots_read_their_neighbours_in_the_templates_marks() -> None:
    sc = xxfill.scan(xxfill.Text("会议于20□□.□□.□□召开，时间9:□□。"), BOX)
    slots = [date_slot(ph, BOX.marks).part for ph in sc]
    assert slots == ["year", "month", "day", "minute"]
    assert [date_slot(ph).part for ph in sc][1:3] == ["full", "full"]  # the default marks
    out = xxfill.fill(sc, {"#1": 2025, "#2": 3, "#3": 5, "#4": 5}).text
    assert out == "会议于2025.3.5召开，时间9:05。"


def test_a_compiled_template_renders_dates_in_its_marks() -> None:
    t = xxfill.compile(xxfill.Text("二〇□□年□□月□□日"), BOX)
    assert t.render({"二〇□□年□□月□□日": dt.date(2025, 3, 5)}).text == "二〇二五年三月五日"


def test_a_line_of_marks_above_is_no_label() -> None:
    sc = xxfill.scan(xxfill.Text("□□□□□□\n□□□\n"), BOX)
    assert "□□□□□□" not in sc[2].key
    sc_x = xxfill.scan(xxfill.Text("XXXXXX\nXXX\n"))
    assert sc[2].kind == sc_x[2].kind and sc[2].reason == sc_x[2].reason


def test_a_table_whose_first_row_holds_placeholders_has_no_header_row() -> None:
    form = build_docx(table([[p(r("姓名")), p(r("□□□"))], [p(r("人数")), p(r("□□"))]]))
    sc = xxfill.scan(form, BOX)
    assert sc.handle.column_headers(BOX.marks) == {}
    assert sc.handle.column_headers() != {}  # with the default marks □□□ is a word
    listing = build_docx(table([[p(r("单位")), p(r("人数"))], [p(r("□□□□")), p(r("□□"))]]))
    sc = xxfill.scan(listing, BOX)
    assert [ph.kind for ph in sc] == [xxfill.Kind.NAME, xxfill.Kind.COUNT]


def test_the_form_reads_dates_in_the_templates_marks() -> None:
    from xxfill.mapping.form import count_entries, make_form

    sc = xxfill.scan(xxfill.Text("于20□□.□□.□□召开"), BOX)
    form = make_form(sc.placeholders, source="t.txt", marks=BOX.marks)
    examples = [line for line in form.splitlines() if line.startswith("# e.g.")]
    assert examples == ["# e.g. 2023 (the line then reads 2023.)", "# e.g. 12", "# e.g. 5"]
    default = make_form(sc.placeholders, source="t.txt")  # □ is no mark: whole dates
    assert default.count("# e.g. 2023-12-05") == 2
    assert count_entries(sc.placeholders, marks=BOX.marks) == 3


def test_a_date_line_above_a_date_is_read_in_the_templates_marks() -> None:
    """Two dates alone on their lines share, as with the default marks: the line above the
    second is a date too (in □), not a signer's label."""
    boxed = [p.key for p in xxfill.scan(xxfill.Text("20□□年□□月□□日\n20□□年□□月□□日"), BOX)]
    assert boxed[:3] == boxed[3:]
    signed = xxfill.scan(
        xxfill.Text("支部书记：□□□\n20□□年□□月□□日\n党委：□□□\n20□□年□□月□□日"), BOX
    )
    assert signed[2].key.endswith("（支部书记）")
