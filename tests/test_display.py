"""Notebook views: the HTML of a scan, its groups, a fill result and a validation error, and the
short plain reprs beside them."""

from __future__ import annotations

import doctest
import html
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xxfill
from xxfill.core.model import Artifact, Kind, Options, PartText, Placeholder
from xxfill.display import html as _display
from xxfill.display.html import (
    KIND_COLOURS,
    fill_html,
    filled_spans,
    groups_html,
    problems_html,
    scan_html,
)
from xxfill.scanner.scan import Scan, context_around, find_artifacts, find_placeholders

HOSTILE = [
    "<script>document.title='pwned'</script>",
    '"><img src=x onerror="document.body.appendChild(document.createElement(\'hr\'))">',
    "' onmouseover='alert(1)' x='",
    "</div></details><style>*{display:none}</style>",
    "&lt;already escaped&gt; & ampersand",
]

#: Every element the views may emit; anything else came from the document.
ALLOWED_TAGS = {
    "div",
    "span",
    "style",
    "del",
    "details",
    "summary",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "ul",
    "li",
}


class _Page(HTMLParser):
    """Collects tags, attributes and the text of every paragraph (without index badges)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.paragraphs: list[str] = []
        self.styles: list[str] = []
        self._stack: list[str] = []
        self._in_p = 0
        self._in_badge = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        classes = (a.get("class") or "").split()
        marker = ""
        if tag == "div" and "xxf-p" in classes:
            self._in_p += 1
            self.paragraphs.append("")
            marker = "p"
        elif "xxf-badge" in classes:
            self._in_badge += 1
            marker = "badge"
        elif tag == "style":
            self._in_style = True
            marker = "style"
        self._stack.append(marker)

    def handle_endtag(self, tag: str) -> None:
        marker = self._stack.pop()
        if marker == "p":
            self._in_p -= 1
        elif marker == "badge":
            self._in_badge -= 1
        elif marker == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        elif self._in_p and not self._in_badge:
            self.paragraphs[-1] += data


def parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    assert not p._stack, "every element the view opens is closed"
    return p


def assert_inert(page: str) -> _Page:
    """Only the view's own elements, no event handlers, no URLs that could load anything."""
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, f"unexpected element <{tag}>"
        for name in attrs:
            assert not name.startswith("on"), f"event handler attribute {name}"
            assert name in {"class", "style", "title", "data-index", "data-kind", "data-key"} or (
                name.startswith("data-")
            ), f"unexpected attribute {name}"
    assert len([t for t, _ in parsed.tags if t == "style"]) == 1
    return parsed


def make_scan(
    text: str,
    kinds: list[Kind] | None = None,
    *,
    source: str = "<text>",
    fmt: str = "text",
    parts: list[PartText] | None = None,
    keep_artifacts: bool = False,
) -> Scan:
    """A Scan built directly, with kinds chosen by the test (so display tests do not depend on
    the classifier). Keys are the placeholder in its immediate context."""
    parts = parts or [PartText("text", text)]
    phs: list[Placeholder] = []
    arts: list[Artifact] = []
    for part in parts:
        for s, e in find_placeholders(part.text):
            i = len(phs) + 1
            kind = kinds[(i - 1) % len(kinds)] if kinds else Kind.OTHER
            before, after = context_around(part.text, s, e, 12)
            key = part.text[max(0, s - 2) : e + 1]
            phs.append(
                Placeholder(
                    i,
                    part.text[s:e],
                    kind,
                    key,
                    part.name,
                    s,
                    e,
                    before,
                    after,
                    f"test rule for {kind.value}",
                )
            )
        arts.extend(Artifact(part.text[s:e], part.name, s, e) for s, e in find_artifacts(part.text))
    return Scan(
        source=source,
        format=fmt,
        parts=tuple(parts),
        placeholders=tuple(phs),
        artifacts=tuple(arts),
        options=Options(keep_artifacts=keep_artifacts),
    )


REPORT = (
    "XX社区党委20XX年工作总结\n"
    "\n"
    "一、主要工作\n"
    "全年召开党委会XX次，举办《XX》专题学习XX场，参训党员XX人次。\n"
    "##paidbegin##\n"
    "XXX同志被评为“XX标兵”，社区XX群众满意率达XX%。\n"
    "联系电话：XXXX-XXXXXXX\n"
    "##paidend##"
)
REPORT_KINDS = [
    Kind.NAME,
    Kind.DATE,
    Kind.COUNT,
    Kind.TITLE,
    Kind.COUNT,
    Kind.COUNT,
    Kind.PERSON,
    Kind.QUOTE,
    Kind.TERM,
    Kind.COUNT,
    Kind.OTHER,
    Kind.OTHER,
]


# --- scan -----------------------------------------------------------------------------------


def test_every_placeholder_is_highlighted_once_with_its_index_badge_and_kind() -> None:
    """Each placeholder appears as one highlight carrying its index, kind and key; the badge
    shows the index."""
    s = make_scan(REPORT, REPORT_KINDS)
    parsed = assert_inert(scan_html(s))
    highlights = [a for t, a in parsed.tags if "xxf-ph" in (a.get("class") or "").split()]
    assert len(highlights) == len(s.placeholders) == 12
    for p, a in zip(s.placeholders, highlights, strict=True):
        assert a["data-index"] == str(p.index)
        assert a["data-kind"] == p.kind.value
        assert a["data-key"] == p.key
        assert f"xxf-k-{p.kind.value}" in (a["class"] or "")
    page = scan_html(s)
    css = "".join(parsed.styles)
    for kind, (bg, border) in KIND_COLOURS.items():
        assert (
            f".xxf-root .xxf-k-{kind.value}{{background:{bg};border-bottom-color:{border}}}" in css
        )
    for p in s.placeholders:
        assert f">{p.index}</span>{p.literal}</span>" in page


def test_hovering_a_placeholder_tells_its_kind_key_and_reason() -> None:
    """The title attribute of a highlight names the index, kind, key and the deciding rule."""
    s = make_scan(REPORT, REPORT_KINDS)
    parsed = parse(scan_html(s))
    titles = [a["title"] for t, a in parsed.tags if "xxf-ph" in (a.get("class") or "")]
    for p, title in zip(s.placeholders, titles, strict=True):
        assert title is not None
        assert title.startswith(f"#{p.index} · {p.kind.value} · key: {p.key}")
        assert p.reason in title


def test_the_legend_counts_placeholders_of_every_kind_including_absent_ones() -> None:
    """The legend lists all nine kinds with their counts; absent kinds are dimmed, not hidden."""
    s = make_scan(REPORT, REPORT_KINDS)
    parsed = parse(scan_html(s))
    legend = {
        a["data-kind"]: int(a["data-count"] or 0)
        for t, a in parsed.tags
        if "xxf-legend-item" in (a.get("class") or "")
    }
    assert set(legend) == {k.value for k in Kind}
    assert legend["count"] == 4
    assert legend["other"] == 2
    assert legend["ordinal"] == 0
    assert sum(legend.values()) == len(s.placeholders)
    dimmed = {
        a["data-kind"]
        for t, a in parsed.tags
        if "xxf-legend-item" in (a.get("class") or "") and "xxf-zero" in (a.get("class") or "")
    }
    assert dimmed == {"ordinal"}


def test_artifacts_are_struck_through_and_say_whether_fill_removes_them() -> None:
    """Site residue such as ##paidbegin## shows in a <del> whose title says what fill does."""
    page = scan_html(make_scan(REPORT, REPORT_KINDS))
    assert '<del class="xxf-artifact" title="artifact: removed on fill">##paidbegin##</del>' in page
    assert ">##paidend##</del>" in page
    kept = scan_html(make_scan(REPORT, REPORT_KINDS, keep_artifacts=True))
    assert 'title="artifact: kept on fill">##paidbegin##</del>' in kept


def test_the_document_text_is_shown_whole_and_in_order() -> None:
    """Reading the paragraphs back (badges aside) gives exactly the lines of the document."""
    s = make_scan(REPORT, REPORT_KINDS)
    parsed = parse(scan_html(s))
    assert parsed.paragraphs == REPORT.split("\n")


def test_crlf_and_cr_line_endings_make_paragraphs_without_stray_characters() -> None:
    """A CRLF or CR document shows one paragraph per line and highlights the right characters."""
    text = "召开XX次会议\r\n走访XX户\r\r\n共XX人"
    s = make_scan(text, [Kind.COUNT])
    parsed = parse(scan_html(s))
    assert parsed.paragraphs == ["召开XX次会议", "走访XX户", "", "共XX人"]
    assert len([1 for t, a in parsed.tags if "xxf-ph" in (a.get("class") or "")]) == 3


def test_docx_parts_are_shown_under_their_part_names_and_empty_parts_are_left_out() -> None:
    """For DOCX each story gets its zip member name as a heading; a part without placeholders
    is folded; a part without text is not shown."""
    parts = [
        PartText("word/document.xml", "XX单位关于召开XX次会议的通知"),
        PartText("word/header1.xml", "XX市XX局"),
        PartText("word/footnotes.xml", "没有占位符的脚注"),
        PartText("docProps/core.xml", ""),
    ]
    s = make_scan("", [Kind.NAME], fmt="docx", parts=parts, source="notice.docx")
    page = scan_html(s)
    assert '<div class="xxf-part">word/document.xml</div>' in page
    assert '<div class="xxf-part">word/header1.xml</div>' in page
    assert '<div class="xxf-part">word/footnotes.xml</div>' in page
    assert "docProps/core.xml" not in page
    footnotes = page.split('<div class="xxf-part">word/footnotes.xml</div>')[1]
    assert footnotes.startswith('<details class="xxf-fold"><summary>no placeholders')
    assert page.index("word/document.xml") < page.index("word/header1.xml")
    text_page = scan_html(make_scan("召开XX次会议", [Kind.COUNT]))
    assert 'class="xxf-part"' not in text_page


def _long_document(paragraphs: int, every: int) -> str:
    lines = []
    for i in range(paragraphs):
        if i % every == 0:
            lines.append(f"第{i}段：本年度共开展活动XX次。")
        else:
            lines.append(f"第{i}段：这一段只有叙述，没有需要填写的内容。")
    return "\n".join(lines)


def test_long_documents_fold_runs_of_paragraphs_without_placeholders() -> None:
    """Past COLLAPSE_ABOVE paragraphs, runs of paragraphs without placeholders fold into
    <details> whose summary says how many; paragraphs with placeholders stay visible."""
    text = _long_document(100, 10)
    s = make_scan(text, [Kind.COUNT])
    page = scan_html(s)
    assert (
        page.count('<details class="xxf-fold"><summary>⋯ 9 paragraphs without placeholders') == 10
    )
    folded = page.split("<details")
    visible = folded[0] + "".join(chunk.split("</details>", 1)[-1] for chunk in folded[1:])
    assert visible.count('class="xxf-ph') == 10
    # nothing is lost: all paragraphs are still in the page
    assert parse(page).paragraphs == text.split("\n")


def test_short_documents_are_not_folded_unless_asked() -> None:
    """A short template shows every paragraph; collapse=True folds it anyway, collapse=False
    never folds."""
    text = _long_document(20, 10)
    s = make_scan(text, [Kind.COUNT])
    assert "<details" not in scan_html(s)
    assert "paragraphs without placeholders" in scan_html(s, collapse=True)
    assert "<details" not in scan_html(make_scan(_long_document(100, 10)), collapse=False)


def test_short_runs_without_placeholders_stay_visible_in_long_documents() -> None:
    """Headings between paragraphs with placeholders (runs shorter than COLLAPSE_RUN) are not
    folded, so the document keeps its structure."""
    text = _long_document(90, 2)
    page = scan_html(make_scan(text, [Kind.COUNT]))
    assert "<details" not in page


def test_paragraphs_past_the_limit_go_behind_show_all() -> None:
    """With max_paragraphs, the first paragraphs are shown and the rest sit in one
    "show all" <details>, still complete."""
    text = _long_document(50, 1)
    s = make_scan(text, [Kind.COUNT])
    page = scan_html(s, max_paragraphs=10)
    head, _, rest = page.partition('<details class="xxf-fold"><summary>show all: 40 more')
    assert rest, "the rest is behind show all"
    assert head.count('class="xxf-ph') == 10
    assert page.count('class="xxf-ph') == 50


def test_the_header_names_the_source_and_counts() -> None:
    """The first line names the source and format and counts placeholders, keys, artifacts."""
    s = make_scan(REPORT, REPORT_KINDS, source="述职报告.txt")
    page = scan_html(s)
    n_keys = len({p.key for p in s.placeholders})
    assert (
        f'述职报告.txt <span class="xxf-muted">(text)</span>: 12 placeholders, {n_keys} keys, '
        "2 artifacts" in page
    )


def test_an_empty_scan_renders() -> None:
    """A template without placeholders still shows its text and a legend of zeros."""
    page = scan_html(make_scan("没有任何占位符的文本。"))
    parsed = assert_inert(page)
    assert parsed.paragraphs == ["没有任何占位符的文本。"]
    assert ": 0 placeholders, 0 keys, 0 artifacts" in page


def test_scan_displays_through_repr_html_and_the_real_scanner() -> None:
    """Scan._repr_html_ is scan_html, and a real scan of a template highlights every
    placeholder it found."""
    s = xxfill.scan(text=REPORT)
    assert s._repr_html_() == scan_html(s)
    parsed = assert_inert(s._repr_html_())
    n = len([1 for t, a in parsed.tags if "xxf-ph" in (a.get("class") or "").split()])
    assert n == len(s.placeholders) == 12
    assert parsed.paragraphs == REPORT.split("\n")


def test_the_stylesheet_is_scoped_to_the_view() -> None:
    """Every CSS rule is under .xxf-root, so a notebook's own styles are not touched."""
    parsed = parse(scan_html(make_scan("召开XX次会议")))
    css = "".join(parsed.styles).replace("\n", "")
    rules = [r for r in css.split("}") if r.strip()]
    assert rules
    for rule in rules:
        selectors = rule.split("{")[0]
        for sel in selectors.split(","):
            assert sel.strip().startswith(".xxf-root"), sel


# --- escaping -------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_template_text_shows_as_text_in_the_scan_view(hostile: str) -> None:
    """Markup in the document, keys, reasons, source and part names is escaped: the view stays
    inert and the text reads back literally."""
    text = f"召开XX次会议{hostile}\n{hostile}XX{hostile}"
    base = make_scan(text, [Kind.COUNT])
    evil = [
        Placeholder(
            p.index,
            p.literal,
            p.kind,
            hostile + p.key,
            hostile,
            p.start,
            p.end,
            p.before,
            p.after,
            hostile,
        )
        for p in base.placeholders
    ]
    s = Scan(
        source=hostile,
        format="docx",
        parts=(PartText(hostile, text),),
        placeholders=tuple(evil),
        artifacts=(),
    )
    for page in (scan_html(s), groups_html(s.groups())):
        assert "<script" not in page
        assert "<img" not in page
        assert "<style>*" not in page
        parsed = assert_inert(page)
        titles = [a.get("title") for _, a in parsed.tags if a.get("title")]
        keys = [a.get("data-key") for _, a in parsed.tags if a.get("data-key")]
        assert keys and all(k.startswith(hostile) for k in keys)
        assert titles and all(hostile in t for t in titles)
    parsed = parse(scan_html(s))
    assert parsed.paragraphs == text.split("\n")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_values_show_as_text_in_the_fill_view(hostile: str) -> None:
    """Filled values and selectors with markup are escaped in the text, the hover and the
    report."""
    r = xxfill.fill(
        text="召开XX次会议，走访XX户",
        values={"#1": hostile, "#2": "5", hostile: "1"},
        strict=False,
    )
    page = fill_html(r)
    assert "<script" not in page
    assert "<img" not in page
    parsed = assert_inert(page)
    assert parsed.paragraphs == [f"召开{hostile}次会议，走访5户"]
    assert any(f"value {hostile!r} via" in (a.get("title") or "") for _, a in parsed.tags)
    assert f"<li><code>{html.escape(hostile, quote=True)}</code></li>" in page


_text_pieces = st.lists(
    st.one_of(
        st.sampled_from(["XX", "XXX", "\n", "\r\n", "##paidbegin##", "《", "》", "“", "”"]),
        st.sampled_from(["\u202e", "\u2066", "\x00", "\x1b", "\x85", "\t"]),
        st.sampled_from(HOSTILE),
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8),
    ),
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(pieces=_text_pieces)
def test_any_template_renders_inert_and_reads_back_whole(pieces: list[str]) -> None:
    """Whatever the template holds, the scan view has only its own elements and its paragraphs
    read back as the template's lines."""
    text = "".join(pieces)
    s = make_scan(text, list(Kind))
    parsed = assert_inert(scan_html(s, collapse=False))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert parsed.paragraphs == [_display._INVISIBLE.sub(_display._visible, line) for line in lines]


# --- groups ---------------------------------------------------------------------------------


def test_groups_show_one_row_per_key_with_kind_occurrences_and_first_context() -> None:
    """scan.groups() displays as a table: key, kind chip, number of occurrences with their
    indices, and the first occurrence in context with the placeholder highlighted."""
    text = "召开XX次会议；再召开XX次会议。XX党委\n学习党的XX大精神，贯彻党的XX大部署"
    s = xxfill.scan(text=text)
    groups = s.groups()
    page = groups._repr_html_()
    assert page == groups_html(groups)
    parsed = assert_inert(page)
    rows = [a for t, a in parsed.tags if t == "tr" and "data-key" in a]
    assert [r["data-key"] for r in rows] == [g.key for g in groups]
    assert f"{len(groups)} keys for {len(s.placeholders)} placeholders" in page
    for g in groups:
        indices = ", ".join(f"#{i}" for i in g.indices)
        assert f'<td>{len(g)} <span class="xxf-muted">({indices})</span></td>' in page
        first = g.placeholders[0]
        assert f'data-index="{first.index}"' in page
        assert (g.evidence != "") == (len(g) > 1)  # why one value, for shared keys
    headers = [t for t, _ in parsed.tags if t == "th"]
    assert len(headers) == 5  # key, kind, occurrences, first context, why one value


def test_many_groups_go_behind_show_all() -> None:
    """A table longer than max_rows shows the first rows and folds the rest."""
    text = "\n".join(f"第{i}项{chr(0x4E00 + 7 * i)}XX号" for i in range(30))
    s = make_scan(text, [Kind.OTHER])
    page = groups_html(s.groups(), max_rows=10)
    assert "show all: 20 more rows" in page
    assert page.count("<tr data-key=") == 30


# --- fill result ----------------------------------------------------------------------------


def test_filled_spans_point_at_each_value_in_the_filled_text() -> None:
    """Output offsets are source offsets shifted by the length change of earlier edits."""
    text = "##paidbegin##召开XX次会议，走访XXX户；XX年XX月\n联系人：XXX"
    r = xxfill.fill(
        text=text,
        values={"#1": 1234, "#2": "五", "#3": "二〇二四", "#4": "十二", "#5": "王五"},
    )
    spans = filled_spans(r)
    assert set(spans) == {"text"}
    assert len(spans["text"]) == len(r.edits) == 6
    for start, end, edit in spans["text"]:
        assert r.text[start:end] == edit.text


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6).filter(
            lambda v: v.strip() and "X" not in v
        ),
        min_size=4,
        max_size=4,
    )
)
def test_filled_spans_hold_for_values_of_any_length(values: list[str]) -> None:
    """Whatever the length of each value, every span slices out exactly that value."""
    r = xxfill.fill(
        text="召开XX次会议，走访XXX户\r\n共XX人，XXXX年",
        values={f"#{i}": v for i, v in enumerate(values, start=1)},
    )
    for start, end, edit in filled_spans(r)["text"]:
        assert r.text[start:end] == edit.text


def test_the_fill_view_puts_the_report_on_top_and_highlights_each_value() -> None:
    """Counts come first, then the filled text where each value is a highlight with its
    placeholder's index and kind; the value and selector show on hover."""
    s = xxfill.scan(text="召开XX次会议，走访XX户\n##paidbegin##")
    r = xxfill.fill(s, {"#1": 12, "#2": "三百"})
    page = fill_html(r)
    assert page == r._repr_html_()
    parsed = assert_inert(page)
    assert page.index('data-count="filled">2<') < page.index('class="xxf-doc"')
    assert '<span data-count="artifacts">1</span> artifacts removed' in page
    assert "✓ complete" in page
    vals = [a for t, a in parsed.tags if "xxf-val" in (a.get("class") or "").split()]
    assert [v["data-index"] for v in vals] == ["1", "2"]
    assert [v["data-kind"] for v in vals] == [p.kind.value for p in s.placeholders]
    assert "value 12 via selector '#1'" in (vals[0]["title"] or "")
    assert parsed.paragraphs == ["召开12次会议，走访三百户", ""]
    assert "##paidbegin##" not in page


def test_the_fill_view_lists_unfilled_placeholders_unused_selectors_and_warnings() -> None:
    """Placeholders left unfilled are listed and marked red in the text; selectors matching
    nothing and warnings are listed."""
    r = xxfill.fill(
        text="召开XX次会议，走访XX户，联系人XXX",
        values={"#1": "XX", "没有这个XX片段": 3},
        missing="keep",
        strict=False,
    )
    page = fill_html(r)
    parsed = assert_inert(page)
    assert "✗ incomplete" in page
    assert '<span data-count="unfilled">2</span> unfilled' in page
    assert "<li><code>没有这个XX片段</code></li>" in page
    assert len(r.report.warnings) >= 1
    # the warning about a value that is still a placeholder, in the same table as problems
    assert [w.code for w in r.report.warnings] == ["value-has-marks"]
    assert page.count('<tr data-code="value-has-marks">') == 1
    unfilled_rows = [a for t, a in parsed.tags if "xxf-unfilled-row" in (a.get("class") or "")]
    assert len(unfilled_rows) == 2
    marked = [a for t, a in parsed.tags if "xxf-unfilled" in (a.get("class") or "").split()]
    assert [m["data-index"] for m in marked] == ["2", "3"]
    assert all("unfilled, kept" in (m["title"] or "") for m in marked)
    assert parsed.paragraphs == ["召开XX次会议，走访XX户，联系人XXX"]


def test_marked_placeholders_show_the_mark_as_unfilled() -> None:
    """With missing="mark" the mark is what the text shows, flagged as unfilled."""
    r = xxfill.fill(text="召开XX次会议，走访XX户", values={"#1": 3}, missing="mark")
    page = fill_html(r)
    parsed = assert_inert(page)
    assert parsed.paragraphs == ["召开3次会议，走访【待填写】户"]
    marked = [a for t, a in parsed.tags if "xxf-unfilled" in (a.get("class") or "").split()]
    assert len(marked) == 1 and "unfilled, marked" in (marked[0]["title"] or "")


# --- problems -------------------------------------------------------------------------------


def test_a_validation_error_displays_as_a_table_of_its_problems() -> None:
    """Each problem is a row with its code, index, context, selector and message; the error's
    _repr_html_ is this table."""
    with pytest.raises(xxfill.ValidationError) as info:
        xxfill.fill(text="召开XX次会议，走访XX户", values={"#1": [1, 2], "#9": 1})
    err = info.value
    page = err._repr_html_()
    assert page == problems_html(err)
    parsed = assert_inert(page)
    rows = [a for t, a in parsed.tags if t == "tr" and "data-code" in a]
    assert [r["data-code"] for r in rows] == [p.code for p in err.problems]
    n = len(err.problems)
    assert f"{n} problems with the values" in page
    for p in err.problems:
        assert html.escape(p.message, quote=True) in page


@pytest.mark.parametrize("hostile", HOSTILE)
def test_problem_fields_are_escaped(hostile: str) -> None:
    """Markup in a problem's message, selector or context shows as text."""
    err = xxfill.ValidationError(
        [xxfill.Problem("invalid-value", hostile, selector=hostile, index=3, context=hostile)],
        source=hostile,
    )
    page = problems_html(err)
    assert "<script" not in page and "<img" not in page
    assert_inert(page)
    assert "1 problem with the values" in page


# --- plain reprs ----------------------------------------------------------------------------


def _big_template(n: int) -> str:
    return "\n".join(f"第{i}项工作：召开XX次会议，走访XX户。" for i in range(n))


def test_plain_reprs_stay_one_short_line_for_large_documents() -> None:
    """repr of a Scan, FillResult and FillReport is one line under 200 characters, however big
    the document."""
    text = _big_template(300)
    s = xxfill.scan(xxfill.Text(text, name="年度总结.txt"))
    r = xxfill.fill(s, {f"#{i}": 1 for i in range(1, len(s) + 1)})
    for obj in (s, r, r.report):
        text_repr = repr(obj)
        assert "\n" not in text_repr
        assert len(text_repr) < 200, text_repr
    assert repr(s).startswith("<Scan '年度总结.txt': 600 placeholders")
    assert repr(r).startswith("<FillResult '年度总结.txt': filled=600 unfilled=0")
    assert repr(r.report) == "<FillReport filled=600 unfilled=0 unused=0 warnings=0>"


def test_the_report_str_has_a_summary_line_then_one_line_per_entry() -> None:
    """str(report) starts with counts and lists filled, unfilled and unused entries one per
    line, for a terminal."""
    r = xxfill.fill(
        text="召开XX次会议，走访XX户",
        values={"#1": 7, "无此XX": 1},
        missing="keep",
        strict=False,
    )
    lines = str(r.report).splitlines()
    assert lines[0].startswith("filled 1 placeholder(s); 1 unfilled; 1 unused selector(s)")
    assert any(line.strip().startswith("#1") and "'7'" in line for line in lines)
    assert any("unfilled #2" in line for line in lines)
    assert any("unused selector '无此XX'" in line for line in lines)


# --- docstrings -----------------------------------------------------------------------------


def test_the_examples_in_the_display_docstrings_run() -> None:
    """The >>> examples of the display module are correct."""
    result = doctest.testmod(_display, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0


def _docx_bytes() -> bytes:
    import io

    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "XX市XX局"
    p = d.add_paragraph("全年召开会议")
    p.add_run("X")
    p.add_run("X").bold = True  # a placeholder split across two runs
    p.add_run("次，<b>走访</b>XX户。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_docx_scan_and_fill_show_each_story_under_its_part_name() -> None:
    """A real DOCX (a placeholder split across runs, a header) shows the body and the header
    under their part names in both views, with every placeholder and every value highlighted
    and the document's markup-like text escaped."""
    s = xxfill.scan(_docx_bytes())
    page = scan_html(s)
    assert_inert(page)
    assert '<div class="xxf-part">word/document.xml</div>' in page
    assert '<div class="xxf-part">word/header1.xml</div>' in page
    assert page.count('class="xxf-ph') == len(s.placeholders) == 4
    assert "&lt;b&gt;走访&lt;/b&gt;" in page
    r = xxfill.fill(s, {f"#{p.index}": f"值{p.index}" for p in s.placeholders})
    filled = fill_html(r)
    parsed = assert_inert(filled)
    assert "全年召开会议值1次，<b>走访</b>值2户。" in parsed.paragraphs
    assert "值3市值4局" in parsed.paragraphs
    for part, spans in filled_spans(r).items():
        text = s.text(part)
        out, pos = [], 0
        for e in sorted((e for e in r.edits if e.part == part), key=lambda e: e.start):
            out += [text[pos : e.start], e.text]
            pos = e.end
        rebuilt = "".join([*out, text[pos:]])
        for start, end, edit in spans:
            assert rebuilt[start:end] == edit.text


def test_huge_documents_stop_at_the_size_budget_with_a_note() -> None:
    """Past max_chars of HTML, a view renders no more paragraphs or rows and says how many it
    left out, so a notebook output stays within Jupyter's limits; max_chars=None shows all."""
    text = _long_document(3000, 1)
    s = make_scan(text, [Kind.COUNT])
    page = scan_html(s, max_chars=50_000)
    assert len(page) < 60_000
    assert_inert(page)
    shown = page.count('class="xxf-ph')
    assert 0 < shown < 3000
    assert f"… {3000 - shown} more paragraphs not shown" in page
    assert scan_html(s, max_chars=None).count('class="xxf-ph') == 3000
    keyed = make_scan("\n".join(f"第{i}项{chr(0x4E00 + i)}XX号" for i in range(3000)))
    assert len(keyed.groups()) == 3000
    table = groups_html(keyed.groups(), max_chars=50_000)
    rows = table.count("<tr data-key=")
    assert 0 < rows < 3000
    assert f"… {3000 - rows} more rows not shown" in table
    default = scan_html(s)
    assert len(default) <= _display.MAX_CHARS + 20_000


def test_invisible_and_reordering_characters_show_as_codes() -> None:
    """Controls and bidi overrides in a template cannot hide or reorder what the view shows:
    they appear as visible codes, in the text and in tooltips alike."""
    text = "召开XX次会议\u202e议会次\x00\n联系人：\u2066XXX\u2069"
    s = make_scan(text, [Kind.COUNT, Kind.PERSON])
    page = scan_html(s)
    assert "\u202e" not in page and "\x00" not in page and "\u2066" not in page
    parsed = assert_inert(page)
    assert parsed.paragraphs == [
        "召开XX次会议⟨U+202E⟩议会次⟨U+0000⟩",
        "联系人：⟨U+2066⟩XXX⟨U+2069⟩",
    ]
    titles = [a["title"] for _, a in parsed.tags if a.get("title") and "key" in a["title"]]
    assert any("⟨U+2066⟩" in (t or "") for t in titles)


def test_problems_kept_by_a_lenient_fill_are_listed_in_the_fill_view() -> None:
    """With strict=False nothing is raised; the view lists every problem above the text, marks
    the fill incomplete, and leaves the placeholder a bad value was meant for as it was."""
    r = xxfill.fill(
        text="召开XX次会议，走访XX户",
        values={"#1": -1, "#2": 5, "无此<b>XX": 1},
        strict=False,
        missing="keep",
    )
    page = fill_html(r)
    parsed = assert_inert(page)
    assert "✗ incomplete" in page
    codes = [a["data-code"] for t, a in parsed.tags if t == "tr" and "data-code" in a]
    assert sorted(codes) == sorted(p.code for p in r.report.problems)
    assert {"invalid-value", "unknown-selector"} <= set(codes)
    assert f'<span data-count="problems">{len(r.report.problems)}</span> problems' in page
    assert "无此&lt;b&gt;XX" in page
    assert page.index("Problems with the values") < page.index('class="xxf-doc"')
    assert parsed.paragraphs == ["召开XX次会议，走访5户"]


def test_a_validation_error_shows_its_table_in_a_notebook() -> None:
    """The core registers no view itself; importing xxfill registers the display's."""
    import xxfill

    try:
        xxfill.fill(xxfill.Text("召开XX次会议"), {})
    except xxfill.ValidationError as exc:
        shown = exc._repr_html_()
    assert shown is not None and "<code>missing</code>" in shown
