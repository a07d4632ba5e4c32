"""Property tests through the public API: random templates, random run splits and formatting,
random placeholder positions, random values.

The DOCX is built from a model (``strategies.Template``), filled with ``xxfill.fill`` and read
back character by character with plain lxml, so each test knows exactly what every character
of the output must be and which run properties it must carry.
"""

from __future__ import annotations

import codecs
import datetime as dt
import math
import os
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xxfill
from strategies import (
    BODY,
    HEADER,
    Docx,
    char_formats,
    count_values,
    docx_templates,
    expected_formats,
    join_lines,
    member_bytes,
    text_templates,
    value_text,
)

#: Examples per property (XXFILL_PROPERTY_EXAMPLES for long runs).
SETTINGS = settings(
    max_examples=int(os.environ.get("XXFILL_PROPERTY_EXAMPLES") or 200),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _values(data: st.DataObject, n: int, *, docx: bool) -> list[str]:
    return [data.draw(value_text(docx=docx), label=f"value #{i + 1}") for i in range(n)]


@SETTINGS
@given(docx_templates(), st.data())
def test_filling_a_random_docx_gives_the_expected_text_and_keeps_every_runs_properties(
    doc: Docx, data: st.DataObject
) -> None:
    """Every character outside a placeholder keeps its text and its run's rPr; each value sits
    in the run where its placeholder started and takes that run's rPr; artifacts are gone."""
    model = doc.model
    n_body = sum(1 for para in model.body for s in para if s.kind == "placeholder")
    values = _values(data, len(model.placeholders()), docx=True)
    result = xxfill.fill(doc.data, {f"#{i}": v for i, v in enumerate(values, 1)})
    out = result.to_bytes()

    body = model.filled(model.body, values[:n_body])
    assert char_formats(out, BODY) == expected_formats(model.body, doc.rprs[BODY], values[:n_body])
    if model.header:
        assert char_formats(out, HEADER) == expected_formats(
            model.header, doc.rprs[HEADER], values[n_body:]
        )
    # Text extraction by xxfill itself agrees.
    reread = xxfill.scan(out)
    assert reread.text(BODY) == "\n".join(body)
    if model.header:
        assert reread.text(HEADER) == "\n".join(model.filled(model.header, values[n_body:]))
    assert result.report.ok
    assert len(result.report.filled) == len(values)


@SETTINGS
@given(docx_templates(), st.data())
def test_members_without_placeholders_are_copied_unchanged(doc: Docx, data: st.DataObject) -> None:
    """Filling rewrites only the parts that hold a placeholder or an artifact; every other zip
    member (rels, content types, media, an untouched header) has exactly its old content."""
    values = _values(data, len(doc.model.placeholders()), docx=True)
    out = xxfill.fill(doc.data, {f"#{i}": v for i, v in enumerate(values, 1)}).to_bytes()
    before, after = member_bytes(doc.data), member_bytes(out)
    assert list(before) == list(after)
    touched = set()
    if any(s.kind != "text" for para in doc.model.body for s in para):
        touched.add(BODY)
    if any(s.kind != "text" for para in doc.model.header for s in para):
        touched.add(HEADER)
    for name in before:
        if name not in touched:
            assert after[name] == before[name], name


@SETTINGS
@given(docx_templates())
def test_scanning_a_random_docx_finds_exactly_the_models_placeholders(doc: Docx) -> None:
    """However the runs are cut and whatever sits between them, the scan finds each
    placeholder once, with its literal, and the part's plain text is the model's text."""
    model = doc.model
    sc = xxfill.scan(doc.data)
    assert [p.literal for p in sc] == [s.text for s in model.placeholders()]
    assert sc.text(BODY) == "\n".join(model.para_texts(model.body))
    assert [a.literal for a in sc.artifacts] == [
        s.text for para in (*model.body, *model.header) for s in para if s.kind == "artifact"
    ]


@SETTINGS
@given(docx_templates())
def test_a_docx_and_its_text_get_the_same_kinds_and_keys(doc: Docx) -> None:
    """Classification sees the same plain text for a DOCX body and for that text as a text
    source, so kinds and keys agree. A table is the exception the DOCX knows and its text does
    not: a cell reads its column's header (which can decide its kind and key) and rows never
    share a key, so there only the placeholders found are compared."""
    body_text = "\n".join(doc.model.para_texts(doc.model.body))
    from_docx = [(p.literal, p.kind, p.key) for p in xxfill.scan(doc.data) if p.part == BODY]
    from_text = [(p.literal, p.kind, p.key) for p in xxfill.scan(xxfill.Text(body_text))]
    if doc.model.in_table:
        from_docx = [(lit, None, "") for lit, _kind, _key in from_docx]
        from_text = [(lit, None, "") for lit, _kind, _key in from_text]
    assert from_docx == from_text


ENCODINGS = (
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("gb18030", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
)


@SETTINGS
@given(text_templates(), st.sampled_from(ENCODINGS), st.data())
def test_filling_random_text_changes_nothing_outside_placeholders(
    template: tuple, encoding: tuple[str, bytes], data: st.DataObject
) -> None:
    """Text bytes in any supported encoding, with mixed line endings: the output bytes are the
    input bytes with each placeholder replaced by its value and artifacts removed, encoded
    as the input was (same BOM, same line endings)."""
    model, endings = template
    enc, bom = encoding
    values = _values(data, len(model.placeholders()), docx=False)
    text = join_lines(model.para_texts(model.body), endings)
    raw = bom + text.encode(enc)
    if not bom and enc != "utf-8" and raw.isascii():
        enc = "utf-8"  # ASCII-only GB18030 bytes are UTF-8 too; new values are written as UTF-8
    result = xxfill.fill(raw, {f"#{i}": v for i, v in enumerate(values, 1)}, format="text")
    expected = join_lines(model.filled(model.body, values), endings)
    assert result.text == expected
    assert result.to_bytes() == bom + expected.encode(enc)


#: Values of every type a values file or a pipeline may hand over, sane or not.
any_value = st.one_of(
    count_values,
    st.integers(-(10**6), -1),
    st.sampled_from([math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("-Infinity")]),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    value_text(docx=False),
    st.text(max_size=6),
)


@SETTINGS
@given(text_templates(), st.data())
def test_typed_values_either_fill_exactly_or_raise_one_validation_error(
    template: tuple, data: st.DataObject
) -> None:
    """Any value of any type: ``fill`` raises ``ValidationError`` listing problems, or the
    output is the template with each placeholder replaced by the text the report says it got;
    nothing outside the placeholders changes."""
    model, endings = template
    n = len(model.placeholders())
    values = [data.draw(any_value, label=f"value #{i + 1}") for i in range(n)]
    text = join_lines(model.para_texts(model.body), endings)
    try:
        result = xxfill.fill(xxfill.Text(text), {f"#{i}": v for i, v in enumerate(values, 1)})
    except xxfill.ValidationError as exc:
        assert exc.problems
        assert all(p.code for p in exc.problems)
        return
    texts = [f.text for f in result.report.filled]
    assert [f.index for f in result.report.filled] == list(range(1, n + 1))
    assert result.text == join_lines(model.filled(model.body, texts), endings)
