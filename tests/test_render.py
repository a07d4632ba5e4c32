"""Typed values to text: strings, counts, GB/T 15835 ordinals, date parts, XML-safe text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xxfill.core.model import Kind, Placeholder
from xxfill.mapping.render import (
    CHINESE_ORDINAL_CUES,
    MAX_DIGITS,
    RenderError,
    chinese_digits,
    date_slot,
    ordinal_style,
    render,
    xml_problem,
)


def ph(before: str, after: str, kind: Kind, literal: str = "XX") -> Placeholder:
    """A placeholder with the given surroundings (what a scan would record)."""
    start = len(before)
    return Placeholder(
        index=1,
        literal=literal,
        kind=kind,
        key=f"{before[-2:]}{literal}{after[:2]}",
        part="text",
        start=start,
        end=start + len(literal),
        before=before,
        after=after,
        reason="test",
    )


def fails(value: object, p: Placeholder, code: str) -> str:
    """Render ``value`` into ``p``, expect RenderError ``code``, return its message."""
    with pytest.raises(RenderError) as info:
        render(value, p)
    assert info.value.code == code
    return info.value.message


# --- strings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
def test_a_string_is_inserted_verbatim_into_every_kind(kind: Kind) -> None:
    """A str is never converted, whatever the slot's kind."""
    assert render("第二十", ph("党的", "大", kind)) == "第二十"
    assert render("  12 ", ph("召开", "次", kind)) == "  12 "


def test_tabs_and_line_breaks_are_allowed_in_text() -> None:
    """Tab, LF and CR are XML 1.0 characters, so they pass."""
    assert render("a\tb\nc\r", ph("", "", Kind.OTHER)) == "a\tb\nc\r"


@pytest.mark.parametrize(
    ("text", "code_point", "what"),
    [
        ("报告\x07", "U+0007", "control character"),
        ("\x00", "U+0000", "control character"),
        ("a\x1bb", "U+001B", "control character"),
        ("x\ud800", "U+D800", "lone surrogate"),
        ("\udfff", "U+DFFF", "lone surrogate"),
        ("\ufffe", "U+FFFE", "noncharacter"),
        ("ok\uffff", "U+FFFF", "noncharacter"),
    ],
)
def test_text_that_xml_cannot_hold_is_an_error_naming_the_code_point(
    text: str, code_point: str, what: str
) -> None:
    """Control characters, lone surrogates and U+FFFE/U+FFFF are refused with their code point."""
    message = fails(text, ph("", "党委", Kind.NAME), "invalid-value")
    assert code_point in message
    assert what in message


def test_xml_problem_accepts_astral_characters() -> None:
    """Characters beyond the BMP (rare CJK, emoji) are valid XML."""
    assert xml_problem("𠀀😀") is None


# --- counts ----------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**MAX_DIGITS - 1) | st.integers(0, 10**30))
def test_a_non_negative_int_in_a_count_renders_as_its_decimal_digits(n: int) -> None:
    """Property: any non-negative int fills a count as ``str(n)``: no separators, no padding."""
    assert render(n, ph("召开", "次会议", Kind.COUNT)) == str(n)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12, "12"),
        (0, "0"),
        (12000, "12000"),
        (Decimal("4.5"), "4.5"),
        (Decimal("4.50"), "4.50"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-0"), "0"),
        (Decimal("20"), "20"),
        (4.5, "4.5"),
        (3.0, "3"),
        (0.1, "0.1"),
        (1e-5, "0.00001"),
        (1e16, "10000000000000000"),
        (-0.0, "0"),
    ],
)
def test_numbers_in_a_count_render_as_arabic_numerals(value: object, text: str) -> None:
    """ints, Decimals (digits as given) and floats (without repr noise) become Arabic numerals."""
    assert render(value, ph("资金", "万元", Kind.COUNT)) == text


@pytest.mark.parametrize(
    "value",
    [-1, Decimal("-0.5"), -2.5, float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")],
)
def test_negative_or_non_finite_counts_are_invalid(value: object) -> None:
    """A count is finite and not negative."""
    message = fails(value, ph("召开", "次", Kind.COUNT), "invalid-value")
    assert "count" in message


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "None"),
        (True, "bool"),
        (False, "bool"),
        ([1, 2], "list"),
        ({"a": 1}, "dict"),
        ((1,), "tuple"),
        (dt.date(2023, 12, 5), "date"),
        (object(), "object"),
    ],
)
def test_types_that_cannot_serve_a_count_are_type_mismatches(value: object, words: str) -> None:
    """None, bools, containers and dates never fill a count."""
    assert words in fails(value, ph("召开", "次", Kind.COUNT), "type-mismatch")


def test_numpy_integers_from_data_pipelines_count_as_ints() -> None:
    """A numpy int64 (as pandas and dask hand out) renders like an int; numpy bools do not."""
    np = pytest.importorskip("numpy")
    assert render(np.int64(12), ph("召开", "次", Kind.COUNT)) == "12"
    assert render(np.int32(20), ph("党的", "大", Kind.ORDINAL)) == "二十"
    assert render(np.float64(4.5), ph("资金", "万元", Kind.COUNT)) == "4.5"
    fails(np.bool_(True), ph("召开", "次", Kind.COUNT), "type-mismatch")


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (10**5000, Kind.COUNT),
        (-(10**5000), Kind.COUNT),
        (Decimal("1E+999999999"), Kind.COUNT),
        (Decimal("1E-999999999"), Kind.COUNT),
        (Decimal("1E+999999999"), Kind.ORDINAL),
        (Decimal("1E+999999999"), Kind.DATE),
    ],
    ids=["huge-int", "huge-negative-int", "huge-exponent", "tiny-exponent", "ordinal", "date"],
)
def test_absurdly_long_numbers_are_refused_before_they_are_expanded(
    value: object, kind: Kind
) -> None:
    """A hostile values file cannot make xxfill write out a gigabyte of zeros."""
    message = fails(value, ph("第", "名", kind), "invalid-value")
    assert f"more than {MAX_DIGITS} digits" in message


# --- ordinals (GB/T 15835-2011) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "value", "text"),
    [
        ("学习贯彻党的", "大精神", 20, "二十"),
        ("深入学习", "大精神", 19, "十九"),
        ("党的", "届三中全会", 20, "二十"),
        ("", "届全国人大二次会议", 14, "十四"),
        ("十四届全国人大", "次会议", 2, "二"),
        ("党的二十届", "中全会", 3, "三"),
        ("中国共产党第", "次全国代表大会", 20, "二十"),
        ("开展对区第", "党代会精神学习", 14, "十四"),
        ("国民经济和社会发展第", "个五年规划", 14, "十四"),
        ("“", "五”规划", 14, "十四"),
        ("今年第", "季度", 3, "三"),
        ("依据本条例第", "条规定", 12, "十二"),
        ("依据本法第", "条规定", 105, "一百零五"),
        ("本办法第", "章", 10, "十"),
        ("每周星期", "下午", 5, "五"),
        ("第", "届运动会", 14, "十四"),
        ("", "、总体情况", 1, "一"),
        ("", "是加强政治建设", 1, "一"),
        ("深化理论武装；", "是压实责任", 2, "二"),
    ],
)
def test_ordinals_in_fixed_and_solemn_expressions_use_chinese_numerals(
    before: str, after: str, value: int, text: str
) -> None:
    """Congresses, sessions, five-year plans, quarters and law articles take Chinese numerals;
    zero inside a number is 零 (一百零五)."""
    p = ph(before, after, Kind.ORDINAL)
    assert ordinal_style(p)[0] == "chinese"
    assert render(value, p) == text


@pytest.mark.parametrize(
    ("before", "after", "value", "text"),
    [
        ("荣获全市比赛第", "名", 3, "3"),
        ("简报第", "期", 12, "12"),
        ("市政府令第", "号", 27, "27"),
        ("分为第", "组", 5, "5"),
        ("", "届毕业生", 2023, "2023"),
        ("全市第", "批试点单位", 2, "2"),
        ("共", "是", 1, "1"),
    ],
)
def test_ordinals_that_are_plain_numbering_use_arabic_numerals(
    before: str, after: str, value: int, text: str
) -> None:
    """GB/T 15835 writes numbering in Arabic numerals (第3名, 第12期); 2023届 is a year, not a
    session."""
    p = ph(before, after, Kind.ORDINAL)
    assert ordinal_style(p)[0] == "arabic"
    assert render(value, p) == text


def test_the_cue_table_is_data_with_a_slot_in_every_pattern() -> None:
    """Every Chinese-numeral cue names the slot as XX and carries a readable label."""
    assert CHINESE_ORDINAL_CUES
    for pattern, label in CHINESE_ORDINAL_CUES:
        assert "XX" in pattern
        assert label


def test_ordinal_style_explains_its_choice() -> None:
    """The second element says which cue decided."""
    style, why = ordinal_style(ph("党的", "大", Kind.ORDINAL))
    assert style == "chinese"
    assert "congress" in why


def test_an_integral_decimal_is_a_valid_ordinal() -> None:
    """Decimal("20") from a JSON/TOML file counts as the whole number 20."""
    assert render(Decimal("20"), ph("党的", "大", Kind.ORDINAL)) == "二十"


@pytest.mark.parametrize("value", [0, -3, Decimal("2.5"), 2.5])
def test_ordinals_are_positive_whole_numbers(value: object) -> None:
    """An ordinal starts at 1 and has no fraction."""
    fails(value, ph("第", "名", Kind.ORDINAL), "invalid-value")


@pytest.mark.parametrize("value", [None, True, [20], dt.date(2023, 1, 1)])
def test_ordinals_refuse_types_that_are_not_numbers(value: object) -> None:
    """A bool, None, a list or a date is not an ordinal."""
    fails(value, ph("党的", "大", Kind.ORDINAL), "type-mismatch")


def test_an_ordinal_too_large_for_chinese_numerals_is_invalid() -> None:
    """cn2an's an2cn stops at 16 digits; the error is a Problem-ready RenderError."""
    assert "too large" in fails(10**20, ph("党的", "大", Kind.ORDINAL), "invalid-value")


# --- dates -----------------------------------------------------------------------------------

DAY = dt.date(2023, 12, 5)


@pytest.mark.parametrize(
    ("before", "after", "part", "text"),
    [
        ("时间：", "", "full", "2023年12月5日"),
        ("于", "召开", "full", "2023年12月5日"),
        ("", "年度工作", "year", "2023"),
        ("20", "年", "year", "23"),
        ("于2023年", "月", "month", "12"),
        ("", "月底前完成", "month", "12"),
        ("12月", "日", "day", "5"),
        ("每月", "号前", "day", "5"),
        ("〔20", "〕15号", "year", "23"),
        ("二〇", "年", "year", "二三"),
        ("二〇二三年", "月", "month", "十二"),
        ("二〇二三年十二月", "日", "day", "五"),
        ("２０", "年", "year", "２３"),
    ],
)
def test_a_date_fills_the_part_of_a_date_its_slot_holds(
    before: str, after: str, part: str, text: str
) -> None:
    """A datetime.date renders whole in a whole-date slot and only the fitting part otherwise."""
    p = ph(before, after, Kind.DATE)
    assert date_slot(p).part == part
    assert render(DAY, p) == text


def test_a_whole_date_in_a_chinese_numeral_context_uses_ling_circle_for_zero() -> None:
    """Years in Chinese numerals are written digit by digit with 〇, never 零 (GB/T 15835)."""
    p = ph("二〇二三年", "", Kind.DATE)
    assert date_slot(p).part == "full"
    assert chinese_digits("2005") == "二〇〇五"
    assert "零" not in render(dt.date(2005, 1, 10), ph("二〇", "年", Kind.DATE))
    assert render(dt.date(2005, 1, 10), ph("二〇", "年", Kind.DATE)) == "〇五"


@pytest.mark.parametrize(
    ("before", "after", "value", "text"),
    [
        ("20", "年", 2023, "23"),
        ("20", "年", 23, "23"),
        ("20", "年", 5, "05"),
        ("", "年", 2023, "2023"),
        ("2023年", "月", 12, "12"),
        ("2023年", "月", 1, "1"),
        ("12月", "日", 31, "31"),
        ("上午", "时", 9, "9"),
        ("9时", "分", 30, "30"),
        ("于2023年", "月", Decimal("7"), "7"),
    ],
)
def test_an_int_fills_one_part_of_a_date(before: str, after: str, value: object, text: str) -> None:
    """A year after the digits the template writes renders only the rest; months and days are
    written as given."""
    assert render(value, ph(before, after, Kind.DATE)) == text


@pytest.mark.parametrize(
    ("before", "after", "value", "words"),
    [
        ("20", "年", 1999, "starting with 20"),
        ("20", "年", 123, "full year"),
        ("2023年", "月", 13, "month (1 to 12)"),
        ("2023年", "月", 0, "month"),
        ("12月", "日", 32, "day (1 to 31)"),
        ("", "年", 0, "year"),
        ("9时", "分", 60, "minute"),
    ],
)
def test_out_of_range_date_parts_are_invalid(
    before: str, after: str, value: int, words: str
) -> None:
    """Month 1–12, day 1–31, a year that agrees with the digits already written."""
    assert words in fails(value, ph(before, after, Kind.DATE), "invalid-value")


@pytest.mark.parametrize(
    ("before", "after", "value"),
    [
        ("时间：", "", 12),
        ("2023年", "月", 4.5),
        ("2023年", "月", None),
        ("2023年", "月", True),
        ("上午", "时", DAY),
        ("2023年", "月", ["12"]),
    ],
)
def test_date_slots_refuse_values_of_the_wrong_type(before: str, after: str, value: object) -> None:
    """A whole-date slot needs a date; part slots need a whole number or a date."""
    fails(value, ph(before, after, Kind.DATE), "type-mismatch")


def test_a_datetime_fills_hour_and_minute_slots() -> None:
    """A datetime is a date that also knows its hour and minute."""
    moment = dt.datetime(2023, 12, 5, 9, 30)
    assert render(moment, ph("上午", "时", Kind.DATE)) == "9"
    assert render(moment, ph("9时", "分", Kind.DATE)) == "30"
    assert render(moment, ph("", "月", Kind.DATE)) == "12"


# --- other kinds and overrides ---------------------------------------------------------------


@pytest.mark.parametrize("kind", [Kind.NAME, Kind.PERSON, Kind.TITLE, Kind.QUOTE, Kind.TERM])
def test_text_kinds_take_strings_only(kind: Kind) -> None:
    """A number or a date in a name/person/title/quote/term slot is a type mismatch with a hint."""
    message = fails(12, ph("", "党委", kind), "type-mismatch")
    assert '"12"' in message
    fails(DAY, ph("", "党委", kind), "type-mismatch")


def test_other_slots_take_numbers_and_dates() -> None:
    """``other`` (phone numbers, free phrases) accepts numbers as digits and dates whole."""
    assert render(13800138000, ph("电话：", "", Kind.OTHER)) == "13800138000"
    assert render(DAY, ph("日期：", "", Kind.OTHER)) == "2023年12月5日"


def test_a_kind_override_changes_how_a_value_renders() -> None:
    """``kind=`` renders as that kind instead of the scanned one."""
    p = ph("党的", "大", Kind.OTHER)
    assert render(20, p) == "20"
    assert render(20, p, kind=Kind.ORDINAL) == "二十"
    assert render(20, p, kind="ordinal") == "二十"  # type: ignore[arg-type]


def test_a_weekday_slot_takes_a_date_or_a_day_number() -> None:
    """星期XX gets the weekday of a date, or 1..7 (Monday..Sunday) as 一..日; nothing else."""
    import datetime

    from xxfill import Kind, Placeholder
    from xxfill.mapping.render import RenderError, render

    slot = Placeholder(1, "XX", Kind.DATE, "星期XX", "text", 3, 5, "定于（星期", "）上午", "")
    assert render(datetime.date(2025, 3, 7), slot) == "五"
    assert render(7, slot) == "日"
    assert render("五", slot) == "五"
    for bad in (0, 8, 2.5):
        with pytest.raises(RenderError):
            render(bad, slot)


def test_clock_times_fill_hour_and_two_digit_minutes() -> None:
    """上午XX:XX takes 9 and 5 as 9:05; a label colon (时间：XX) is not a clock."""
    import xxfill

    assert xxfill.fill(text="上午XX:XX开始", values={"#1": 9, "#2": 5}).text == "上午9:05开始"
    assert xxfill.fill(text="时间：XX", values={"#1": "另行通知"}).text == "时间：另行通知"


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("人大XX次会议", [2], "人大二次会议"),
        ("十四届XX次会议", [3], "十四届三次会议"),
        ("区政协XX届XX次会议", [2, 3], "区政协二届三次会议"),
        ("“十XX五”规划", [4], "“十四五”规划"),
        ("十XX五规划", [4], "十四五规划"),
        ("召开XX次会议", [5], "召开5次会议"),
        ("二〇XX年XX月XX日", [2024, 12, 5], "二〇二四年十二月五日"),
        ("二〇二四年XX月XX日", [12, 5], "二〇二四年十二月五日"),
        ("20XX年XX月XX日", [2024, 12, 5], "2024年12月5日"),
    ],
)
def test_sessions_plans_and_chinese_dates_follow_the_numeral_table(
    text: str, values: list[int], expected: str
) -> None:
    """The documented GB/T 15835 table: sessions of congresses, five-year plans (also in “”),
    and a date whose year is written in Chinese numerals continues in Chinese numerals."""
    import xxfill

    out = xxfill.fill(xxfill.Text(text), {f"#{i}": v for i, v in enumerate(values, 1)})
    assert out.text == expected


def test_a_quarter_slot_takes_one_to_four_or_a_date() -> None:
    """XX季度 is a quarter: 3 and any date in July to September write 三季度; 5 is refused."""
    import datetime as dt

    import xxfill

    assert xxfill.fill(xxfill.Text("通报XX季度形势"), {"#1": 3}).text == "通报三季度形势"
    out = xxfill.fill(xxfill.Text("20XX年XX季度"), {"#1": 2024, "#2": dt.date(2024, 8, 1)})
    assert out.text == "2024年三季度"
    with pytest.raises(xxfill.ValidationError, match="takes a date or 1 to 4, not an int"):
        xxfill.fill(xxfill.Text("XX季度"), {"#1": 5})


def test_a_date_written_with_points_fills_its_parts() -> None:
    """20XX.XX.XX is a year, a month and a day: 2024 does not double the 20, and one date
    fills all three."""
    import datetime as dt

    import xxfill

    text = xxfill.Text("日期：20XX.XX.XX")
    assert [p.kind.value for p in xxfill.scan(text).placeholders] == ["date"] * 3
    assert xxfill.fill(text, {"#1": 2024, "#2": 3, "#3": 5}).text == "日期：2024.3.5"
    assert xxfill.fill(text, {"20XX.XX.XX": dt.date(2024, 3, 5)}).text == "日期：2024.3.5"
