"""Selectors, specificity, conflicts, missing values and typed records resolve to a fill plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxfill.core.errors import Problem, ValidationError
from xxfill.core.model import Kind, Options, Placeholder
from xxfill.mapping.selectors import Assignment, Plan, resolve, slot


def doc(*specs: tuple[str, str, str, Kind, str]) -> list[Placeholder]:
    """Placeholders from ``(before, literal, after, kind, key)``, indexed 1.. in order."""
    out = []
    pos = 0
    for i, (before, literal, after, kind, key) in enumerate(specs, start=1):
        pos += len(before)
        out.append(
            Placeholder(
                index=i,
                literal=literal,
                kind=kind,
                key=key,
                part="text",
                start=pos,
                end=pos + len(literal),
                before=before,
                after=after,
                reason="test",
            )
        )
        pos += len(literal) + len(after)
    return out


#: A small report: two congress ordinals, a unit name twice, two counts, a month and a day.
REPORT = doc(
    ("学习贯彻党的", "XX", "大精神，管好", Kind.ORDINAL, "党的XX大"),
    ("管好", "XX", "党委班子，召开", Kind.NAME, "XX党委"),
    ("共召开", "XX", "次理论学习中心", Kind.COUNT, "召开XX次学习"),
    ("召开", "XX", "次党委会议", Kind.COUNT, "召开XX次会议"),
    ("推进", "XX", "党委（党组）全面", Kind.NAME, "XX党委"),
    ("于2023年", "XX", "月XX日前完成", Kind.DATE, "XX月"),
    ("年XX月", "XX", "日前完成", Kind.DATE, "XX日"),
    ("宣传党的", "ＸＸ", "大精神", Kind.ORDINAL, "党的XX大"),
)

FULL = {
    "党的XX大": 20,
    "XX党委": "机关",
    "召开XX次学习": 12,
    "召开XX次会议": 8,
    "XX月": 12,
    "XX日": 5,
}


def texts(plan: Plan) -> dict[int, str]:
    """Index → filled text."""
    return {a.placeholder.index: a.text for a in plan.assignments}


def problems(values: object, placeholders: Sequence[Placeholder] = REPORT, **kw: object) -> list:
    """The problems ``values`` raise, from the one ValidationError."""
    with pytest.raises(ValidationError) as info:
        resolve(placeholders, values, **kw)  # type: ignore[arg-type]
    return list(info.value.problems)


# --- selector forms --------------------------------------------------------------------------


def test_keys_fill_every_placeholder_that_shares_them() -> None:
    """A key selector reaches all its occurrences, each rendered by its own kind."""
    plan = resolve(REPORT, FULL)
    assert texts(plan) == {
        1: "二十",
        2: "机关",
        3: "12",
        4: "8",
        5: "机关",
        6: "12",
        7: "5",
        8: "二十",
    }
    assert plan.unfilled == ()
    assert plan.problems == ()
    assert all(isinstance(a, Assignment) for a in plan.assignments)
    assert [a.placeholder.index for a in plan.assignments] == list(range(1, 9))
    assert plan.assignments[0].selector == "党的XX大"
    assert plan.assignments[0].value == 20


def test_an_index_selector_fills_the_nth_placeholder() -> None:
    """``#N`` is 1-based, in document order."""
    plan = resolve(REPORT, {**FULL, "#2": "区委"})
    assert texts(plan)[2] == "区委"
    assert texts(plan)[5] == "机关"
    assert plan.assignments[1].selector == "#2"


def test_an_index_selector_with_leading_zeros_is_still_an_index() -> None:
    """``#02`` is placeholder 2."""
    assert texts(resolve(REPORT, {**FULL, "#02": "区委"}))[2] == "区委"


def test_a_fragment_selects_every_placeholder_in_that_context() -> None:
    """``"XX党委"`` reaches both unit placeholders although their key is spelled differently."""
    values = {k: v for k, v in FULL.items() if k != "XX党委"}
    values["XX党委"] = "不是键"  # still the key; see the next test for a pure fragment
    plan = resolve(REPORT, {**values, "管好XX党委": "机关", "推进XX党委": "机关"})
    assert texts(plan)[2] == "机关"
    assert texts(plan)[5] == "机关"


def test_a_pure_fragment_matches_by_surroundings() -> None:
    """A fragment that is no key matches text on both sides of the placeholder."""
    values = {k: v for k, v in FULL.items() if k != "召开XX次会议"}
    plan = resolve(REPORT, {**values, "XX次党委会议": 8})
    assert texts(plan)[4] == "8"
    assert plan.assignments[3].selector == "XX次党委会议"


def test_a_fragment_with_two_literals_fills_both_slots_with_their_parts() -> None:
    """``"XX月XX日"`` aligns either literal on a placeholder: a date fills month and day."""
    values = {k: v for k, v in FULL.items() if k not in ("XX月", "XX日")}
    plan = resolve(REPORT, {**values, "XX月XX日": dt.date(2023, 12, 5)})
    assert texts(plan)[6] == "12"
    assert texts(plan)[7] == "5"


def test_fragments_treat_all_marks_alike_but_not_all_lengths() -> None:
    """``党的XX大`` reaches ``党的ＸＸ大``; ``党的XXX大`` reaches nothing."""
    values = {k: v for k, v in FULL.items() if k != "党的XX大"}
    plan = resolve(REPORT, {**values, "党的××大": 20})
    assert texts(plan)[1] == texts(plan)[8] == "二十"
    found = problems({**FULL, "党的XXX大": 20})
    assert [p.code for p in found] == ["unknown-selector"]


def test_a_string_that_is_exactly_a_key_is_a_key_selector() -> None:
    """``"XX党委"`` is a key here, so a longer fragment beats it rather than tying with it."""
    plan = resolve(REPORT, {**FULL, "XX党委": "机关", "推进XX党委": "区直"})
    assert texts(plan)[2] == "机关"
    assert texts(plan)[5] == "区直"


# --- specificity -----------------------------------------------------------------------------


def test_an_index_beats_a_longer_fragment_which_beats_a_shorter_which_beats_a_key() -> None:
    """Most specific wins per placeholder: index > longer fragment > shorter fragment > key."""
    ps = doc(
        ("召开", "XX", "次党委会议", Kind.COUNT, "k"),
        ("召开", "XX", "次党委会", Kind.COUNT, "k"),
        ("召开", "XX", "次会议", Kind.COUNT, "k"),
        ("召开", "XX", "次会", Kind.COUNT, "k"),
    )
    values = {"k": 1, "XX次": 2, "XX次党委": 3, "#1": 4}
    plan = resolve(ps, values)
    assert texts(plan) == {1: "4", 2: "3", 3: "2", 4: "2"}
    assert [a.selector for a in plan.assignments] == ["#1", "XX次党委", "XX次", "XX次"]
    assert [(w.code, w.selector) for w in plan.warnings] == [("fills-nothing", "k")]


# --- conflicts -------------------------------------------------------------------------------


def test_equally_specific_selectors_with_different_values_conflict() -> None:
    """Two fragments of one length giving different text to one placeholder are a conflict."""
    ps = doc(("召开", "XX", "次会议", Kind.COUNT, "k"))
    found = problems({"开XX次": 3, "XX次会": 4}, ps)
    assert [p.code for p in found] == ["conflict"]
    assert found[0].index == 1
    assert found[0].context == "召开XX次会议"
    assert "'开XX次' = 3" in found[0].message
    assert "'XX次会' = 4" in found[0].message
    assert "召开XX次会议" in str(found[0])


def test_equally_specific_selectors_that_write_the_same_text_agree() -> None:
    """No conflict when the values render the same (20 and "二十" in a congress slot)."""
    ps = doc(("党的", "XX", "大精神", Kind.ORDINAL, "k"))
    plan = resolve(ps, {"党的XX": 20, "XX大精": "二十"})
    assert texts(plan) == {1: "二十"}


def test_two_record_fields_with_one_selector_and_different_values_conflict() -> None:
    """attrs records may repeat a selector; different values for it are a conflict."""

    @attrs.frozen
    class Rec:
        a: int = slot("召开XX次")
        b: int = slot("召开XX次")

    ps = doc(("召开", "XX", "次会议", Kind.COUNT, "k"))
    assert [p.code for p in problems(Rec(1, 2), ps)] == ["conflict"]
    assert texts(resolve(ps, Rec(2, 2))) == {1: "2"}


# --- missing values --------------------------------------------------------------------------


def test_an_empty_string_is_not_a_value_and_says_so() -> None:
    """``""`` (an untouched form entry) leaves its placeholders missing, naming the entry."""
    found = problems({**FULL, "XX党委": ""})
    assert [(p.code, p.index) for p in found] == [("missing", 2), ("missing", 5)]
    assert "'XX党委' is empty" in found[0].message
    assert found[0].context == "管好XX党委班子，召开"
    assert "管好XX党委班子，召开" in str(found[0])


def test_an_empty_string_does_not_shadow_a_real_value() -> None:
    """A blank, more specific entry yields to a less specific entry that has a value."""
    plan = resolve(REPORT, {**FULL, "#2": ""})
    assert texts(plan)[2] == "机关"


def test_a_placeholder_no_selector_reaches_is_missing_with_its_key() -> None:
    """Missing values are errors by default and name the key to add."""
    values = {k: v for k, v in FULL.items() if k != "召开XX次会议"}
    found = problems(values)
    assert [(p.code, p.index) for p in found] == [("missing", 4)]
    assert "'召开XX次会议'" in found[0].message
    assert found[0].context == "召开XX次党委会议"


def test_missing_keep_leaves_the_placeholder_and_reports_it() -> None:
    """``missing="keep"``: no problem, the placeholder is listed unfilled, no mark."""
    values = {k: v for k, v in FULL.items() if k != "XX党委"}
    plan = resolve(REPORT, values, options=Options(missing="keep"))
    assert [p.index for p in plan.unfilled] == [2, 5]
    assert plan.problems == ()
    assert plan.mark is None
    assert 2 not in dict((p.index, t) for p, t in plan.replacements())


def test_missing_mark_replaces_unfilled_placeholders_with_the_mark() -> None:
    """``missing="mark"``: unfilled placeholders get ``missing_mark`` in ``replacements()``."""
    values = {k: v for k, v in FULL.items() if k != "XX党委"}
    plan = resolve(REPORT, values, options=Options(missing="mark", missing_mark="【待填】"))
    replaced = {p.index: t for p, t in plan.replacements()}
    assert replaced[2] == replaced[5] == "【待填】"
    assert replaced[1] == "二十"
    assert [p.index for p, _ in plan.replacements()] == list(range(1, 9))


# --- unknown selectors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selector", "words"),
    [
        ("#0", "no placeholder #0 (the template has #1 to #8)"),
        ("#99", "no placeholder #99"),
        ("#abc", "not an index selector"),
        ("单位名称", "contains no placeholder literal"),
        ("召开XX场", "no placeholder sits in this context"),
    ],
)
def test_selectors_that_match_nothing_are_unknown(selector: str, words: str) -> None:
    """Out-of-range or malformed indexes, non-keys and contexts that occur nowhere."""
    found = problems({**FULL, selector: 1})
    assert [p.code for p in found] == ["unknown-selector"]
    assert found[0].selector == selector
    assert words in found[0].message


def test_a_non_string_selector_is_unknown() -> None:
    """Mapping keys must be strings."""
    found = problems({**FULL, 3: "x"})
    assert [p.code for p in found] == ["unknown-selector"]


def test_every_problem_is_collected_into_one_error() -> None:
    """Unknown selector, type mismatch, invalid value, conflict and missing: all at once."""
    values = {
        "党的XX大": 0,  # invalid ordinal
        "XX党委": 5,  # number into a name
        "召开XX次学习": 12,
        "XX次党委会": 1,
        "次党委会XX": 2,  # no placeholder there: unknown
        "XX月": 12,
        "#7": 40,  # day 40
        "不存在": "x",
    }
    with pytest.raises(ValidationError) as info:
        resolve(REPORT, values, source="report.txt")
    err = info.value
    codes = sorted(p.code for p in err.problems)
    assert codes == sorted(
        [*["unknown-selector"] * 2, *["invalid-value"] * 3, *["type-mismatch"] * 2]
    )
    assert err.source == "report.txt"
    assert str(err).startswith("report.txt: 7 problems")
    for p in err.problems:
        if p.index is not None:
            assert p.context == REPORT[p.index - 1].context
            assert p.context in str(p)


def test_type_errors_carry_selector_index_and_context() -> None:
    """A render error becomes a Problem with the selector that supplied the value."""
    found = problems({**FULL, "召开XX次会议": -1})
    assert found == [
        Problem(
            "invalid-value",
            "a count cannot be negative (-1)",
            selector="召开XX次会议",
            index=4,
            context="召开XX次党委会议",
        )
    ]


def test_non_strict_mode_returns_the_plan_with_its_problems() -> None:
    """``strict=False`` keeps problems in the plan; ``raise_for_problems`` raises them later."""
    plan = resolve(REPORT, {**FULL, "XX场": 1, "XX党委": ""}, strict=False)
    assert plan.unused == ("XX场",)
    assert {p.code for p in plan.problems} == {"unknown-selector", "missing"}
    assert not plan.ok
    assert [p.index for p in plan.unfilled] == [2, 5]
    with pytest.raises(ValidationError):
        plan.raise_for_problems()
    good = resolve(REPORT, FULL, strict=False)
    assert good.ok
    assert good.raise_for_problems() is good


# --- warnings --------------------------------------------------------------------------------


def test_values_that_still_hold_a_placeholder_or_a_line_break_are_warned_about() -> None:
    """A value like ``"XX区委"`` leaves a placeholder; a newline splits the paragraph."""
    plan = resolve(REPORT, {**FULL, "#2": "XX区委", "#5": "机关\n党委"})
    codes = {(w.code, w.index) for w in plan.warnings}
    assert ("value-has-marks", 2) in codes
    assert ("value-has-line-break", 5) in codes


# --- typed records ---------------------------------------------------------------------------


DEADLINE = dt.date(2023, 12, 5)


@attrs.frozen
class ReportValues:
    """A typed record for REPORT, as pipeline code would write it."""

    report_id: str  # bookkeeping: no xxfill metadata, not a value
    congress: int = slot("党的XX大")
    unit: str = attrs.field(default="机关", metadata={"xxfill": "XX党委"})
    study: int = attrs.field(default=12, metadata={"xxfill": {"selector": "召开XX次学习"}})
    meetings: int = slot("召开XX次会议", default=8)
    deadline: dt.date = slot("XX月XX日", default=DEADLINE)  # noqa: RUF009 (slot is attrs.field)


def test_an_attrs_record_fills_through_its_field_metadata() -> None:
    """String metadata, dict metadata and ``slot()`` all declare selectors; other fields are
    ignored."""
    plan = resolve(REPORT, ReportValues(report_id="r-1", congress=20))
    assert texts(plan) == {
        1: "二十",
        2: "机关",
        3: "12",
        4: "8",
        5: "机关",
        6: "12",
        7: "5",
        8: "二十",
    }


def test_a_record_field_can_override_the_kind() -> None:
    """``slot(..., kind="ordinal")`` renders as an ordinal even if the scan said other."""
    ps = doc(("党的", "XX", "大", Kind.OTHER, "k"))

    @attrs.frozen
    class Rec:
        n: int = slot("k", kind="ordinal")

    plan = resolve(ps, Rec(20))
    assert texts(plan) == {1: "二十"}
    assert any(w.code == "kind-override" and "scanned as other" in w.message for w in plan.warnings)
    assert attrs.fields(Rec).n.metadata["xxfill"] == {"selector": "k", "kind": "ordinal"}


def test_slot_keeps_other_metadata_and_field_arguments() -> None:
    """``slot`` merges its spec into given metadata and passes defaults through."""

    @attrs.frozen
    class Rec:
        n: int = slot("k", default=3, metadata={"doc": "meetings"})

    assert Rec().n == 3
    assert attrs.fields(Rec).n.metadata == {"doc": "meetings", "xxfill": {"selector": "k"}}


def test_bad_field_metadata_and_bad_kinds_are_programming_errors() -> None:
    """Malformed metadata raises TypeError at resolve time; an unknown kind at slot time."""

    @attrs.frozen
    class Rec:
        n: int = attrs.field(default=1, metadata={"xxfill": 42})

    with pytest.raises(TypeError, match="field 'n'"):
        resolve(REPORT, Rec())
    with pytest.raises(ValueError):
        slot("k", kind="number")


def test_values_must_be_a_mapping_or_an_attrs_instance() -> None:
    """A list of pairs is not accepted."""
    with pytest.raises(TypeError, match="mapping"):
        resolve(REPORT, [("党的XX大", 20)])


def test_an_empty_template_with_no_values_resolves_to_an_empty_plan() -> None:
    """Nothing to fill, nothing wrong."""
    plan = resolve([], {})
    assert plan == Plan(assignments=(), unfilled=())


_CONTEXT = st.text(alphabet="党委召开次会议大精神的年月日，。（）0123456789", max_size=12)


@given(before=_CONTEXT, after=_CONTEXT, mark=st.sampled_from(["XX", "ＸＸ", "××", "XXX"]))
def test_a_placeholders_whole_context_is_a_fragment_that_selects_it(
    before: str, after: str, mark: str
) -> None:
    """Property: ``before + literal + after`` always selects its own placeholder, and so does
    the literal alone."""
    ps = doc(("召开", "XX", "次", Kind.COUNT, "other"), (before, mark, after, Kind.NAME, "k"))
    whole = resolve(ps, {"#1": "1", f"{before}{mark}{after}": "甲"})
    assert {a.placeholder.index: a.text for a in whole.assignments}[2] == "甲"
    alone = resolve(ps, {"#1": "1", mark: "乙"})
    assert texts(alone) == {1: "1", 2: "乙"}


def test_a_key_that_reads_as_a_fragment_also_reaches_its_context_below_everything() -> None:
    """'XX社区' as a key fills its group, and other 'XX社区' placeholders only when nothing
    more specific (their own key included) gives them a value."""
    places = doc(
        ("", "XX", "社区服务中心", Kind.NAME, "XX社区"),
        ("\n", "XX", "社区党委", Kind.NAME, "XX社区党委"),
        ("在", "XX", "社区开展", Kind.NAME, "XX社区~2"),
    )
    plan = resolve(places, {"XX社区": "锦华"})
    assert [x.text for x in plan.assignments] == ["锦华", "锦华", "锦华"]
    plan = resolve(places, {"XX社区": "锦华", "XX社区~2": "丹桂"})
    assert [x.text for x in plan.assignments] == ["锦华", "锦华", "丹桂"]


def test_one_value_for_a_fragment_with_several_placeholders_is_refused_unless_a_date() -> None:
    """'上午XX:XX' = '9:30' would write 9:30 twice; a date fills a date fragment part by part."""
    places = doc(
        ("上午", "XX", ":XX在", Kind.DATE, "上午XX:"),
        ("上午XX:", "XX", "在", Kind.DATE, "上午:XX"),
        ("于", "XX", "月XX日", Kind.DATE, "XX月"),
        ("于XX月", "XX", "日前", Kind.DATE, "XX日"),
    )
    with pytest.raises(ValidationError) as info:
        resolve(places, {"上午XX:XX": "9:30", "XX月XX日": dt.date(2025, 3, 7)})
    assert [(p.code, p.selector) for p in info.value.problems] == [
        ("type-mismatch", "上午XX:XX"),
        ("missing", None),
        ("missing", None),
    ]
    plan = resolve(places, {"#1": 9, "#2": 30, "XX月XX日": dt.date(2025, 3, 7)})
    assert [a.text for a in plan.assignments] == ["9", "30", "3", "7"]


def test_a_key_read_as_a_fragment_never_fills_a_blank_or_marks_only_entry() -> None:
    """A blank form entry stays missing even when another key reads as a fragment that
    reaches it, and a key made only of marks (a bare table cell's) reaches only its own."""
    import xxfill

    text = xxfill.Text("XX街道、XX街道作交流发言。\n联系人：XXX\nXXX\n")
    keys = [p.key for p in xxfill.scan(text).placeholders]
    assert keys == ["XX街道", "XX街道~2", "联系人：XXX", "XXX"]
    with pytest.raises(xxfill.ValidationError) as err:
        xxfill.fill(text, {"XX街道": "西兴", "XX街道~2": "", "联系人：XXX": "张三", "XXX": "8"})
    assert [(p.code, p.index) for p in err.value.problems] == [("missing", 2)]
    lenient = xxfill.fill(text, {"XX街道": "西兴", "XXX": "800"}, strict=False)
    assert "联系人：XXX" in lenient.text  # not 联系人：800
    assert [(p.code, p.index) for p in lenient.report.problems] == [("missing", 3)]
    # a key omitted altogether is still reached by a key that reads as its fragment
    assert xxfill.fill(text, {"XX街道": "西兴", "联系人：XXX": "张", "XXX": "8"}).text.startswith(
        "西兴街道、西兴街道"
    )


def test_a_date_fragment_takes_an_iso_date_string() -> None:
    """JSON and untyped CSV have no date type: "2025-01-13" fills 20XX年XX月XX日 as the date it
    spells; an impossible date says that the date does not exist."""
    import xxfill

    text = xxfill.Text("于20XX年XX月XX日召开")
    assert xxfill.fill(text, {"20XX年XX月XX日": "2025-01-13"}).text == "于2025年1月13日召开"
    with pytest.raises(xxfill.ValidationError) as err:
        xxfill.fill(text, {"20XX年XX月XX日": "2025-02-30"})
    (bad,) = [p for p in err.value.problems if p.code == "invalid-value"]
    assert "2025-02-30 is not a date that exists: 2025-02 has 28 days" in bad.message


def test_a_fragment_across_paragraphs_says_fragments_stay_in_one() -> None:
    import xxfill

    with pytest.raises(xxfill.ValidationError) as err:
        xxfill.fill(xxfill.Text("全年召开\n会议XX次"), {"召开\n会议XX次": 3})
    (p,) = [p for p in err.value.problems if p.code == "unknown-selector"]
    assert "a fragment stays inside one paragraph" in p.message


def test_did_you_mean_prefers_a_key_of_the_same_kind() -> None:
    """A misspelt count fragment is pointed at a count key (the same cue after the marks), not
    at a name key that merely looks as alike."""
    import xxfill

    text = xxfill.Text("XX会议室开展活动，召开会议XX次")
    keys = {g.key: g.kind.value for g in xxfill.scan(text).groups()}
    with pytest.raises(xxfill.ValidationError) as err:
        xxfill.fill(text, {"召开会义XX次": 3}, missing="keep")
    (p,) = [p for p in err.value.problems if p.code == "unknown-selector"]
    suggested = p.message.split("did you mean the key ")[1].strip("'?")
    assert keys[suggested] == "count"
