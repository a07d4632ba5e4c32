"""The values form: a TOML skeleton that parses, explains each key, and round-trips through fill."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from xxfill.core.errors import ValidationError
from xxfill.core.model import Kind, Placeholder
from xxfill.mapping.files import load_values
from xxfill.mapping.form import make_form
from xxfill.mapping.selectors import resolve

if sys.version_info >= (3, 11):
    from xxfill.mapping.files import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def doc(*specs: tuple[str, str, str, Kind, str]) -> list[Placeholder]:
    """Placeholders from ``(before, literal, after, kind, key)``, indexed 1.. in order."""
    return [
        Placeholder(i, literal, kind, key, "text", 10 * i, 10 * i + len(literal), b, a, "test")
        for i, (b, literal, a, kind, key) in enumerate(specs, start=1)
    ]


TEMPLATE = doc(
    ("学习贯彻党的", "XX", "大精神", Kind.ORDINAL, "党的XX大"),
    ("管好", "XX", "党委班子", Kind.NAME, "XX党委"),
    ("共召开", "XX", "次学习会", Kind.COUNT, "召开XX次学习"),
    ("推进", "XX", "党委全面从严", Kind.NAME, "XX党委"),
    ("于20", "XX", "年", Kind.DATE, "20XX年"),
    ("于2023年", "XX", "月底前", Kind.DATE, "XX月"),
    ("报告日期：", "XX", "", Kind.DATE, "报告日期XX"),
    ("联系人：", "XXX", "同志", Kind.PERSON, "联系人XXX"),
    ("荣获第", "XX", "名", Kind.ORDINAL, "第XX名"),
    ("到", "XX", "党委调研", Kind.NAME, "XX党委"),
    ("下发", "XX", "文件", Kind.TITLE, "《XX》"),
)


def entry_comments(form: str, key: str) -> list[str]:
    """The comment lines directly above the line of ``key``."""
    lines = form.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f'"{key}" = '))
    out = []
    i = at - 1
    while i >= 0 and lines[i].startswith("#"):
        out.insert(0, lines[i])
        i -= 1
    return out


def test_the_form_parses_as_toml_with_one_empty_entry_per_key() -> None:
    """One ``"key" = ""`` line per key, in order of first occurrence."""
    form = make_form(TEMPLATE, source="report.txt")
    data = tomllib.loads(form)
    assert list(data) == [
        "党的XX大",
        "XX党委",
        "召开XX次学习",
        "20XX年",
        "XX月",
        "报告日期XX",
        "联系人XXX",
        "第XX名",
        "《XX》",
    ]
    assert set(data.values()) == {""}


def test_each_entry_is_explained_by_kind_occurrences_context_and_example() -> None:
    """The comment above a key says its kind, its #indices, its contexts and an example."""
    form = make_form(TEMPLATE, source="report.txt")
    unit = entry_comments(form, "XX党委")
    assert unit[0] == "# name · #2, #4, #10 · 管好XX党委班子 / 推进XX党委全面从严 / 到XX党委调研"
    assert unit[1] == (
        '# one value for all 3: the same words around every occurrence (add "#10" = … to give '
        "one its own)"
    )
    assert unit[2] == '# e.g. "滨江社区"'
    assert entry_comments(form, "党的XX大") == [
        "# ordinal · #1 · 学习贯彻党的XX大精神",
        "# e.g. 20 (written 二十)",
    ]
    assert entry_comments(form, "第XX名")[1] == "# e.g. 20"
    assert entry_comments(form, "召开XX次学习")[1] == "# e.g. 12"
    assert entry_comments(form, "20XX年")[1] == "# e.g. 2023 (the line then reads 2023年)"
    assert entry_comments(form, "XX月")[1] == "# e.g. 12"
    assert entry_comments(form, "报告日期XX")[1] == "# e.g. 2023-12-05 (written 2023年12月5日)"


def test_many_contexts_are_cut_to_three_with_a_count_of_the_rest() -> None:
    """A key with five distinct contexts shows three and says how many more."""
    ps = doc(*[(f"第{i}处", "XX", "党委", Kind.NAME, "XX党委") for i in range(5)])
    line = entry_comments(make_form(ps, source="t.txt"), "XX党委")[0]
    assert line.startswith("# name · #1, #2, #3, #4, #5 · 第0处XX党委 / 第1处XX党委 / 第2处XX党委")
    assert line.endswith(" / … 2 more")


def test_the_header_explains_how_to_fill_the_form() -> None:
    """The header names the source, the counts and the three kinds of value."""
    form = make_form(TEMPLATE, source="report.txt")
    head = form.split("\n\n")[0]
    assert "report.txt" in head
    assert "11 placeholders under 9 keys" in head
    assert "inserted exactly as written" in head
    assert "2023-12-05" in head
    assert 'left as ""' in head


def test_an_untouched_form_round_trips_to_missing_entries(tmp_path: Path) -> None:
    """Loaded back and resolved as generated, every placeholder is missing because it is empty."""
    path = tmp_path / "values.toml"
    path.write_text(make_form(TEMPLATE, source="report.txt"), encoding="utf-8")
    values = load_values(path)
    with pytest.raises(ValidationError) as info:
        resolve(TEMPLATE, values)
    found = info.value.problems
    assert [p.code for p in found] == ["missing"] * len(TEMPLATE)
    assert all("is empty" in p.message for p in found)


def test_a_filled_form_resolves_without_problems(tmp_path: Path) -> None:
    """Replacing each "" with a value of the suggested type fills every placeholder."""
    filled = {
        "党的XX大": "20",
        "XX党委": '"机关"',
        "召开XX次学习": "12",
        "20XX年": "2023",
        "XX月": "12",
        "报告日期XX": "2023-12-05",
        "联系人XXX": '"王某"',
        "第XX名": "3",
        "《XX》": '"关于加强作风建设的通知"',
    }
    form = make_form(TEMPLATE, source="report.txt")
    for key, value in filled.items():
        form = form.replace(f'"{key}" = ""', f'"{key}" = {value}')
    path = tmp_path / "values.toml"
    path.write_text(form, encoding="utf-8")
    plan = resolve(TEMPLATE, load_values(path))
    assert [a.text for a in plan.assignments] == [
        "二十",
        "机关",
        "12",
        "机关",
        "23",
        "12",
        "2023年12月5日",
        "王某",
        "3",
        "机关",
        "关于加强作风建设的通知",
    ]
    assert load_values(path)["报告日期XX"] == dt.date(2023, 12, 5)


def test_keys_and_contexts_with_special_characters_stay_valid_toml() -> None:
    """Quotes, backslashes and control characters are escaped in keys and blanked in comments."""
    ps = doc(
        ('他说"', "XX", '"\\', Kind.QUOTE, 'say"XX"\\'),
        ("a\x01b", "XX", "\x7fc", Kind.OTHER, "k\x01\t"),
    )
    form = make_form(ps, source="we\nird.txt")
    data = tomllib.loads(form)
    assert list(data) == ['say"XX"\\', "k\x01\t"]
    plan = resolve(ps, {k: "值" for k in data})
    assert [a.text for a in plan.assignments] == ["值", "值"]


def test_a_template_without_placeholders_gives_a_form_with_nothing_to_fill() -> None:
    """The header still parses; a comment says there is nothing to fill."""
    form = make_form([], source="empty.txt")
    assert tomllib.loads(form) == {}
    assert "no placeholders found" in form
    assert "0 placeholders under 0 keys" in form


def test_every_date_part_has_an_example_in_the_form() -> None:
    """A form lists a typed example for each kind of date slot, the weekday (星期XX) too."""
    import xxfill

    scan = xxfill.scan(xxfill.Text("于20XX年XX月XX日（星期XX）上午XX时XX分"))
    form = xxfill.make_form(scan.placeholders, source="t")
    assert "5 (written 五)" in form
    assert '"20XX年XX月XX日" = ""' in form and "2023-12-05" in form  # one entry, one date
    year = xxfill.make_form(xxfill.scan(xxfill.Text("20XX年度报告")).placeholders, source="t")
    assert "2023 (the line then reads 2023年)" in year


def test_a_written_date_is_one_form_entry_when_that_is_safe() -> None:
    """20XX年XX月XX日 is asked once (a date fills every part), with as few words around it as
    keep it to its own placeholders; filled from the form, every date lands where it should.
    Where no fragment can, the year, month and day keys stay."""
    import datetime as dt

    import xxfill
    from xxfill.mapping.files import tomllib

    text = xxfill.Text(
        "会议于20XX年XX月XX日召开。\n签发：XX单位\n20XX年XX月XX日\n截止XX月XX日前报送"
    )
    form = xxfill.make_form(xxfill.scan(text).placeholders, source="t")
    entries = list(tomllib.loads(form))
    assert entries == ["于20XX年XX月XX日", "XX单位", "20XX年XX月XX日", "截止XX月XX日"]
    days = iter([dt.date(2024, 3, 8), dt.date(2024, 4, 1), dt.date(2024, 5, 6)])
    values = {k: ("甲" if k == "XX单位" else next(days)) for k in entries}
    assert xxfill.fill(text, values).text == (
        "会议于2024年3月8日召开。\n签发：甲单位\n2024年4月1日\n截止5月6日前报送"
    )
    twice = xxfill.Text("20XX年XX月XX日\n20XX年XX月XX日")  # identical lines share their keys
    keys = list(tomllib.loads(xxfill.make_form(xxfill.scan(twice).placeholders, source="t")))
    assert keys == ["20XX年XX月XX日"]


def test_text_kinds_show_a_real_example_of_their_kind() -> None:
    """Names, persons, titles and quotes show an example a person can imitate, not "…"."""
    form = make_form(
        doc(
            ("", "XX", "区人民政府", Kind.NAME, "XX区"),
            ("市", "XX", "局", Kind.NAME, "市XX局"),
            ("副局长", "XXX", "同志", Kind.PERSON, "XXX同志"),
            ("《", "XX", "》", Kind.TITLE, "《XX》"),
            ("“", "XX", "”", Kind.QUOTE, "“XX”"),
        ),
        source="t.txt",
    )
    assert entry_comments(form, "XX区")[1] == '# e.g. "滨江"'
    assert entry_comments(form, "市XX局")[1] == '# e.g. "数据资源"'
    assert entry_comments(form, "XXX同志")[1] == '# e.g. "王建华"'
    assert entry_comments(form, "《XX》")[1] == '# e.g. "关于做好年度考核工作的通知"'
    assert entry_comments(form, "“XX”")[1] == '# e.g. "一件事一次办"'
