"""Property tests: random run splits, formatting and values always fill exactly."""

from __future__ import annotations

import io
import itertools
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from docxbuild import NS, bookmark, build_docx, dele, hyperlink, ins, p, proof, r, sdt, smart_tag
from xxfill.core.model import Edit
from xxfill.docx.stories import DocxSource

W = "{" + NS["w"] + "}"
BODY = "word/document.xml"
RPRS = ["", "<w:b/>", '<w:color w:val="FF0000"/>', '<w:sz w:val="32"/>', "<w:i/><w:u/>"]
WORDS = st.sampled_from(["召开", "会议", "次", "，", "党的", "大", "a b", " ", "年", "（", "）"])
VALUES = st.text(
    alphabet=st.sampled_from(list("一二三0123456789 ABC甲乙\n\t")), min_size=0, max_size=6
)


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[str]]:
    """Text with placeholders, cut into runs with random formatting, markup between them
    (proofErr, bookmarks, tracked deletions) and containers around them (w:ins, hyperlinks, smart
    tags, content controls).

    Returns the paragraph XML, the placeholder spans and the rPr chosen for each character."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for _ in range(draw(st.integers(1, 5))):
        word = draw(WORDS)
        pieces.append(word)
        pos += len(word)
        n = draw(st.integers(2, 4))
        pieces.append("X" * n)
        spans.append((pos, pos + n))
        pos += n
    pieces.append(draw(WORDS))
    text = "".join(pieces)
    cuts = sorted(draw(st.sets(st.integers(1, len(text) - 1), max_size=len(text) - 1)))
    bounds = [0, *cuts, len(text)]
    items: list[str] = []
    char_rpr: list[str] = []
    for a, b in itertools.pairwise(bounds):
        rpr = draw(st.sampled_from(RPRS))
        char_rpr.extend([rpr] * (b - a))
        run = r(text[a:b], rpr)
        markup = draw(
            st.sampled_from(["", "proof", "bookmark", "del", "ins", "link", "tag", "sdt"])
        )
        if markup == "proof":
            items.append(proof())
        elif markup == "del":
            items.append(dele("删"))
        wrap = {
            "bookmark": lambda x, a=a: bookmark(f"b{a}", x, bid=a),
            "ins": ins,
            "link": hyperlink,
            "tag": smart_tag,
            "sdt": sdt,
        }.get(markup)
        items.append(wrap(run) if wrap else run)
    return p(*items), spans, char_rpr


def char_formats(data: bytes) -> list[tuple[str, bytes]]:
    """Every character of the body with the canonical rPr of the run holding it."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read(BODY))
    out: list[tuple[str, bytes]] = []
    for run in root.iter(W + "r"):
        rpr = run.find(W + "rPr")
        key = etree.tostring(rpr, method="c14n", exclusive=True) if rpr is not None else b""
        for child in run:
            if child.tag == W + "t":
                out.extend((c, key) for c in child.text or "")
            elif child.tag == W + "tab":
                out.append(("\t", key))
            elif child.tag == W + "br":
                out.append(("\n", key))
    return out


@settings(max_examples=400, deadline=None)
@given(paragraphs(), st.data())
def test_random_splits_fill_to_the_expected_text_and_keep_every_runs_format(
    para: tuple[str, list[tuple[int, int]], list[str]], data: st.DataObject
) -> None:
    """Fill + text extraction equals the expected text; characters outside placeholders keep
    their run's rPr; each value takes the rPr of its placeholder's first character."""
    xml, spans, _ = para
    src_bytes = build_docx(xml)
    source = DocxSource.from_bytes(src_bytes, name="p.docx")
    text = source.parts[0].text
    before = char_formats(src_bytes)
    assert "".join(c for c, _ in before) == text
    values = [data.draw(VALUES) for _ in spans]
    out = source.apply([Edit(BODY, a, b, v) for (a, b), v in zip(spans, values, strict=True)])
    expected_text: list[str] = []
    expected_fmt: list[tuple[str, bytes]] = []
    pos = 0
    for (a, b), value in zip(spans, values, strict=True):
        expected_fmt.extend(before[pos:a])
        expected_fmt.extend((c if c != "\r" else "\n", before[a][1]) for c in value)
        pos = b
    expected_fmt.extend(before[pos:])
    expected_text = "".join(c for c, _ in expected_fmt)
    filled = out.to_bytes()
    assert out.text == expected_text
    assert DocxSource.from_bytes(filled, name="o").parts[0].text == expected_text
    assert char_formats(filled) == expected_fmt


@settings(max_examples=150, deadline=None)
@given(paragraphs(), paragraphs(), st.data())
def test_random_paragraphs_in_text_boxes_and_tables_fill_both_copies(
    boxed: tuple[str, list[tuple[int, int]], list[str]],
    celled: tuple[str, list[tuple[int, int]], list[str]],
    data: st.DataObject,
) -> None:
    """A random paragraph in a text box (Choice + VML Fallback) and one in a nested table cell:
    the text reads back as expected and the Fallback copy always equals the Choice copy."""
    from docxbuild import table, textbox

    body = p("锚", textbox(boxed[0])) + table([["外", table([[celled[0]]])]])
    source = DocxSource.from_bytes(build_docx(body), name="b.docx")
    text = source.parts[0].text
    box_start = text.index("\n") + 1
    cell_start = text.index("\n外\n") + 3
    spans = [(box_start + a, box_start + b) for a, b in boxed[1]]
    spans += [(cell_start + a, cell_start + b) for a, b in celled[1]]
    values = [data.draw(VALUES) for _ in spans]
    out = source.apply([Edit(BODY, a, b, v) for (a, b), v in zip(spans, values, strict=True)])
    expected, pos = [], 0
    for (a, b), value in zip(spans, values, strict=True):
        expected += [text[pos:a], value]
        pos = b
    expected.append(text[pos:])
    assert out.text == "".join(expected)
    with zipfile.ZipFile(io.BytesIO(out.to_bytes())) as zf:
        root = etree.fromstring(zf.read(BODY))
    choice, fallback = root.iter(W + "txbxContent")
    assert etree.tostring(choice, method="c14n") == etree.tostring(fallback, method="c14n")
