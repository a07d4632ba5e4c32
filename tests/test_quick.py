"""The quick render path: ``Template.render`` skips building a plan when a dict of values fills
every placeholder with nothing to report, and must then give exactly what the full path gives
(same document, report, edits and errors); whenever anything is out of the ordinary it must hand
over to the full path."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xxfill
from docxbuild import BOLD, build_docx, p, proof, r, table
from xxfill.core.errors import ValidationError
from xxfill.core.model import Deferred
from xxfill.filler.result import apply_plan
from xxfill.filler.template import compile
from xxfill.mapping.selectors import SelectorIndex, resolve, resolve_quick

TEXT = (
    "关于20XX年度工作的报告##paidbegin##\n"
    "我局共召开XX次会议，参会XX人，会议于XX月XX日星期XX上午XX:XX举行。\n"
    "学习贯彻党的XX大精神，由XX同志负责，印发《XX实施方案》。\n"
    "XX社区、XX社区各XX名。\n"
)


def _docx() -> bytes:
    return build_docx(
        p(r("我局共召开X"), proof(), r("X", BOLD), r("次会议，参会XX人"))
        + p(r("会议于XX月XX日星期XX上午XX:XX举行。 XX "))
        + table([["党的XX大", "XX同志"], ["《XX实施方案》", "XX社区、XX社区各XX名"]])
        + p(r("##paid"), r("end##")),
        headers=[p(r("20XX年度工作的报告"))],
        footnotes=[p(r("截至XX月"))],
    )


DOCX = _docx()
SOURCES = {"text": xxfill.Text(TEXT), "docx": DOCX}
TEMPLATES = {name: compile(src) for name, src in SOURCES.items()}


def _selectors(template: xxfill.Template) -> list[object]:
    keys = [g.key for g in template.groups()]
    n = len(template.placeholders)
    return [
        *keys,
        *(f"#{i}" for i in range(1, n + 1)),
        f"#{n + 1}",
        "召开XX次",
        "XX社区",
        "XX月XX日",  # a fragment with two placeholders
        "上午XX:XX",
        "党的XX大",
        "没有这个XX",
        "#x",
        7,  # not a string
    ]


VALUES = st.one_of(
    st.just(""),  # a blank form entry: changes which selectors compete, so drawn often
    st.just(dt.date(2024, 5, 6)),
    st.sampled_from(
        [
            "甲",
            "王某",
            "",
            " 前后 ",
            "a&b<c>\"'",
            "一\n二",
            "x\ty",
            "回车\r",
            "\x07",
            "仍有XX",
            "\ud800",
            3,
            20,
            0,
            -1,
            2.5,
            float("nan"),
            Decimal("12"),
            True,
            None,
            [1],
            dt.date(2024, 5, 6),
            dt.datetime(2024, 5, 6, 9, 30),
        ]
    ),
    st.text(alphabet=st.sampled_from(list("甲乙 　&<>ab12")), min_size=1, max_size=6),
)


def _full(name: str, values: dict, *, strict: bool) -> xxfill.FillResult:
    """The full path, from scratch: what ``fill`` does."""
    return xxfill.fill(SOURCES[name], values, strict=strict)


def _same(got: xxfill.FillResult, want: xxfill.FillResult) -> None:
    assert got.to_bytes() == want.to_bytes()
    assert got.text == want.text
    assert got.edits == want.edits
    assert got.report == want.report
    assert got.report.to_dict() == want.report.to_dict()
    assert str(got.report) == str(want.report)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(SOURCES)), data=st.data())
def test_render_equals_fill_for_any_values(name: str, data: st.DataObject) -> None:
    """Random selectors and values, common and odd: render (quick or not) gives what fill gives,
    in strict mode (same problems raised) and lenient mode (same report)."""
    t = TEMPLATES[name]
    sels = _selectors(t)
    # Mostly full dicts (the quick path's case), sometimes a random subset with odd entries.
    # Mostly a complete dict with plain values (the quick path's case) plus a few odd entries;
    # sometimes random selectors with random values.
    base = [f"#{ph.index}" for ph in t.placeholders]
    if data.draw(st.booleans(), label="complete"):
        plain = data.draw(st.booleans(), label="plain values")
        values: dict[object, object] = {
            s: (f"值{i}" if plain else data.draw(VALUES, label=s)) for i, s in enumerate(base)
        }
    else:
        chosen = data.draw(st.lists(st.sampled_from(sels), max_size=12, unique=True))
        values = {s: data.draw(VALUES, label=repr(s)) for s in chosen}
    for s in data.draw(st.lists(st.sampled_from(sels), max_size=3, unique=True), label="extra"):
        values[s] = data.draw(VALUES, label=repr(s))
    _same(t.render(values, strict=False), _full(name, values, strict=False))
    try:
        want = _full(name, values, strict=True)
    except ValidationError as exc:
        with pytest.raises(ValidationError) as got:
            t.render(values)
        assert got.value.problems == exc.problems
        assert str(got.value) == str(exc)
    else:
        _same(t.render(values), want)


def _full_values(t: xxfill.Template, value: object = "甲") -> dict[str, object]:
    return {f"#{ph.index}": value for ph in t.placeholders}


def test_a_complete_dict_takes_the_quick_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every placeholder filled with plain values: no plan is built at all."""
    import xxfill.mapping.selectors as mapping

    def no_resolve(*_a: object, **_k: object) -> None:
        raise AssertionError("resolve was called")

    for t in TEMPLATES.values():
        want = t.render(_full_values(t))
        monkeypatch.setattr(mapping, "resolve", no_resolve)
        got = t.render(_full_values(t))
        monkeypatch.undo()
        _same(got, want)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda v: v.pop("#2"), id="a placeholder without value"),
        pytest.param(lambda v: v.update({"#2": ""}), id="a blank form entry"),
        pytest.param(lambda v: v.update({"#99": 1}), id="an unknown index"),
        pytest.param(lambda v: v.update({"没有这个XX": 1}), id="a fragment reaching nothing"),
        pytest.param(lambda v: v.update({7: 1}), id="a selector that is not a string"),
        pytest.param(lambda v: v.update({"XX社区": ""}), id="a blank entry that fills nothing"),
        pytest.param(lambda v: v.update({"XX月XX日": "3月8日"}), id="a multi fragment, no date"),
        pytest.param(lambda v: v.update({"#2": "一\n二"}), id="a line break (warns)"),
        pytest.param(lambda v: v.update({"#2": "回车\r"}), id="a carriage return"),
        pytest.param(lambda v: v.update({"#2": "仍有XX"}), id="a placeholder left (warns)"),
        pytest.param(lambda v: v.update({"#2": "\x07"}), id="a control character"),
        pytest.param(lambda v: v.update({"#2": None}), id="a value that does not render"),
        pytest.param(lambda v: v.update({"#2": -1}), id="a negative count"),
    ],
)
def test_anything_out_of_the_ordinary_goes_the_full_way(change) -> None:
    """resolve_quick declines, and the full path reports exactly as fill does."""
    for name, t in TEMPLATES.items():
        values = _full_values(t)
        change(values)
        index = SelectorIndex(t.placeholders, t.options)
        assert resolve_quick(index, values) is None
        _same(t.render(values, strict=False), _full(name, values, strict=False))


def test_ties_and_other_mappings_go_the_full_way() -> None:
    """Two equally specific selectors on one placeholder, or a mapping that is not a dict."""
    from types import MappingProxyType

    t = TEMPLATES["text"]
    index = SelectorIndex(t.placeholders, t.options)
    values = _full_values(t)
    assert resolve_quick(index, MappingProxyType(values)) is None
    tie = {**values, "XX社区": "甲"}  # key + a key read as a fragment: not a tie
    assert resolve_quick(index, tie) is not None
    groups = [g for g in t.groups() if len(g.placeholders) == 1]
    key = groups[0].key
    tie = {**{k: v for k, v in values.items()}, key: "甲"}
    quick = resolve_quick(index, tie)
    assert quick is not None  # the key loses to #N: a warning the selectors alone decide
    plan = resolve(t.placeholders, tie, options=t.options)
    assert quick.warnings == plan.warnings and len(plan.warnings) == 1
    assert quick.texts == [a.text for a in plan.assignments]
    assert quick.selectors == tuple(a.selector for a in plan.assignments)


def test_numbers_and_dates_render_as_the_full_path_renders() -> None:
    """Counts, ordinals and dates take the quick path and render like fill."""
    t = TEMPLATES["text"]
    values = {
        "#1": "2024",
        "召开XX次": 12,
        "参会XX人": Decimal("30"),
        "XX月XX日": dt.date(2024, 3, 8),
        "星期XX": 5,
        "#7": 9,
        "#8": 30,
        "党的XX大": 20,
        "XX同志": "王某",
        "《XX实施方案》": "乡村振兴",
        "#12": "东城",
        "#13": "西城",
        "各XX名": 4,
    }
    index = SelectorIndex(t.placeholders, t.options)
    quick = resolve_quick(index, values)
    assert quick is not None
    got = t.render(values)
    _same(got, _full("text", values, strict=True))
    assert "党的二十大" in got.text and "3月8日星期五上午9:30" in got.text


def test_the_report_is_built_only_when_read() -> None:
    """``filled`` and ``edits`` are deferred; reading them gives real tuples, and a report
    pickles as the tuples it stands for."""
    t = TEMPLATES["docx"]
    result = t.render(_full_values(t))
    assert isinstance(result.report._filled, Deferred)
    assert isinstance(result._edits, Deferred)
    assert isinstance(result.report.filled, tuple) and isinstance(result.edits, tuple)
    assert len(result.report.filled) == len(t.placeholders)
    again = pickle.loads(pickle.dumps(result.report))
    assert again == result.report and isinstance(again._filled, tuple)
    assert hash(again) == hash(result.report)


def test_the_shape_memo_is_bounded_and_not_pickled() -> None:
    """Ever-new column sets do not grow the memo without end; pickles carry no memo."""
    from xxfill.mapping import selectors as _mapping

    t = compile(xxfill.Text("召开XX次会议，参会XX人"))
    for i in range(_mapping._MAX_SHAPES + 10):
        t.render({"#1": 1, "#2": 2, f"extra{i}XX": 1}, strict=False)
        t.render({"#1": 1, "#2": 2})
    assert len(t._index._shapes) <= _mapping._MAX_SHAPES
    assert pickle.loads(pickle.dumps(t))._index._shapes == {}


def test_plain_values_use_the_segment_writer_and_match_per_cell_rendering() -> None:
    """The DOCX writer's segment path (plain values) and per-cell path write the same bytes,
    including ``xml:space`` decided by a value's first or last character."""
    from xxfill.docx.compiled import _escape_all, _write

    t = TEMPLATES["docx"]
    src = t.scan._source_obj
    n = len(t.placeholders)
    for texts in (["甲"], [" 前", "后 ", "&<>"], ["\u3000全角", "a b"]):
        vals = {i: texts[i % len(texts)] for i in range(1, n + 1)}
        assert _escape_all(vals) is not None
        fast = _write(src.layout, src.data, vals)
        edits = [
            xxfill.Edit(ph.part, ph.start, ph.end, vals[ph.index]) for ph in t.placeholders
        ] + [xxfill.Edit(a.part, a.start, a.end, "") for a in t.scan.artifacts]
        assert fast == src.slow_apply(edits).to_bytes()
    assert _escape_all({1: "a", 2: ""}) is None
    assert _escape_all({1: "a\tb"}) is None


def test_apply_plan_and_the_quick_path_agree_on_a_python_docx_document() -> None:
    """A plan applied the full way on a compiled template equals the quick render."""
    t = TEMPLATES["docx"]
    values = _full_values(t, "乙")
    plan = resolve(t.placeholders, values, options=t.options)
    _same(t.render(values), apply_plan(t.scan, plan))
