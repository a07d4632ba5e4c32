"""A code written with several placeholders (联系电话：XXXX-XXXXXXX, 合同编号：XX-20XX-XXXX)
takes one string, cut at the template's own separators; the form asks for it once."""

from __future__ import annotations

import datetime as dt

import pytest

import xxfill
from xxfill.mapping.form import count_entries, make_form

TEXT = "联系电话：XXXX-XXXXXXX，邮编XXXXXX。\n合同编号：XX-20XX-XXXX\n于20XX年XX月XX日签订\n"


def test_a_phone_number_takes_one_string_through_its_fragment() -> None:
    sc = xxfill.scan(xxfill.Text(TEXT))
    out = xxfill.fill(sc, {"联系电话：XXXX-XXXXXXX": "0571-86901234"}, missing="keep").text
    assert out.startswith("联系电话：0571-86901234，")


def test_a_code_with_digits_the_template_writes_takes_the_whole_code() -> None:
    sc = xxfill.scan(xxfill.Text(TEXT))
    out = xxfill.fill(sc, {"XX-20XX-XXXX": "HT-2024-0001"}, missing="keep").text
    assert "合同编号：HT-2024-0001\n" in out


def test_a_clock_time_takes_one_string() -> None:
    out = xxfill.fill(text="时间：上午XX:XX", values={"上午XX:XX": "9:30"}).text
    assert out == "时间：上午9:30"


@pytest.mark.parametrize("value", ["057186901234", "0571-8690-1234", "-86901234"])
def test_a_code_of_the_wrong_shape_shows_the_shape(value: str) -> None:
    sc = xxfill.scan(xxfill.Text(TEXT))
    with pytest.raises(xxfill.ValidationError) as info:
        xxfill.fill(sc, {"联系电话：XXXX-XXXXXXX": value}, missing="keep")
    (problem,) = info.value.problems
    assert problem.code == "invalid-value"
    assert "XXXX-XXXXXXX" in problem.message


def test_a_date_fragment_still_takes_a_date() -> None:
    sc = xxfill.scan(xxfill.Text("日期：20XX.XX.XX"))
    assert xxfill.fill(sc, {"20XX.XX.XX": dt.date(2025, 3, 5)}).text == "日期：2025.3.5"
    assert xxfill.fill(sc, {"20XX.XX.XX": "2025.03.05"}).text == "日期：2025.03.05"


def test_the_form_asks_for_a_split_code_once() -> None:
    sc = xxfill.scan(xxfill.Text(TEXT))
    form = make_form(sc.placeholders, source="t.txt")
    assert "# e.g. 1234-1234567 (one string, cut at '-')" in form
    assert '"联系电话：XXXX-XXXXXXX" = ""' in form  # by its whole label
    assert count_entries(sc.placeholders) == 4  # phone, post code, contract number, date
    values = {"联系电话：XXXX-XXXXXXX": "0571-86901234", "邮编XXXXXX": "310000"}
    values |= {"XX-20XX-XXXX": "HT-2024-0001", "20XX年XX月XX日": dt.date(2024, 5, 6)}
    out = xxfill.fill(sc, values).text  # the form's own selectors fill everything
    assert (
        out == "联系电话：0571-86901234，邮编310000。\n合同编号：HT-2024-0001\n于2024年5月6日签订\n"
    )


def test_parts_whose_keys_fill_elsewhere_stay_apart_in_the_form() -> None:
    sc = xxfill.scan(xxfill.Text("电话：XXXX-XXXXXXX\n传真：XXXX-XXXXXXX\n"))
    form = make_form(sc.placeholders, source="t.txt")
    assert form.count("(one string, cut at '-')") == 2
