"""Values files: TOML and JSON to a selector dict, with errors naming file and line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from xxfill.core.errors import ValuesError, XXFillError
from xxfill.mapping.files import load_values, parse_values


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` (str as UTF-8) to ``tmp_path/name``."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_a_toml_file_gives_strings_ints_decimals_and_dates(tmp_path: Path) -> None:
    """Quoted keys, integers, fractions as Decimal (digits kept), TOML dates as date."""
    path = write(
        tmp_path,
        "v.toml",
        '"党的XX大" = 20\n"XX党委" = "机关"\n"#3" = 4.50\n"XX月XX日" = 2023-12-05\n',
    )
    assert load_values(path) == {
        "党的XX大": 20,
        "XX党委": "机关",
        "#3": Decimal("4.50"),
        "XX月XX日": dt.date(2023, 12, 5),
    }
    assert str(load_values(path)["#3"]) == "4.50"


def test_a_json_file_gives_the_same_values(tmp_path: Path) -> None:
    """JSON objects load as dicts; fractions as Decimal."""
    path = write(tmp_path, "v.json", '{"党的XX大": 20, "#3": 4.5, "XX党委": "机关"}')
    assert load_values(path) == {"党的XX大": 20, "#3": Decimal("4.5"), "XX党委": "机关"}


@pytest.mark.parametrize("name", ["v.toml", "v.json", "V.TOML"])
def test_a_utf8_bom_is_tolerated(tmp_path: Path, name: str) -> None:
    """Editors on Windows save UTF-8 with a BOM; it is skipped."""
    content = '"a" = 1\n' if name.lower().endswith("toml") else '{"a": 1}'
    path = write(tmp_path, name, b"\xef\xbb\xbf" + content.encode())
    assert load_values(path) == {"a": 1}


def test_a_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    """The line number comes from the TOML parser."""
    path = write(tmp_path, "v.toml", '"a" = 1\n"b" = 2\n"c" = \n"d" = 4\n')
    with pytest.raises(ValuesError) as info:
        load_values(path)
    assert info.value.line == 3
    assert info.value.file == str(path)
    assert str(info.value).startswith(f"{path}:3: invalid TOML")


def test_an_unterminated_toml_string_reports_the_last_line(tmp_path: Path) -> None:
    """ "At end of document" becomes the last line of the file."""
    path = write(tmp_path, "v.toml", '"a" = 1\n"b" = "open\n')
    with pytest.raises(ValuesError) as info:
        load_values(path)
    assert info.value.line is not None
    assert info.value.line >= 2


def test_a_duplicate_toml_key_is_an_error(tmp_path: Path) -> None:
    """TOML forbids defining a key twice."""
    path = write(tmp_path, "v.toml", '"a" = 1\n"a" = 2\n')
    with pytest.raises(ValuesError) as info:
        load_values(path)
    assert info.value.line == 2


def test_a_json_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    """JSON errors carry the parser's line number."""
    path = write(tmp_path, "v.json", '{\n  "a": 1,\n  "b": ,\n}')
    with pytest.raises(ValuesError) as info:
        load_values(path)
    assert info.value.line == 3
    assert "invalid JSON" in str(info.value)


def test_a_duplicate_json_key_is_an_error_with_its_line(tmp_path: Path) -> None:
    """JSON parsers keep the last duplicate silently; xxfill refuses it."""
    path = write(tmp_path, "v.json", '{\n  "a": 1,\n  "a": 2\n}')
    with pytest.raises(ValuesError) as info:
        load_values(path)
    assert "duplicate selector 'a'" in str(info.value)
    assert info.value.line == 3


@pytest.mark.parametrize(("content", "what"), [("[1, 2]", "array"), ('"x"', "string")])
def test_the_json_top_level_must_be_an_object(tmp_path: Path, content: str, what: str) -> None:
    """A list or a scalar at the top is not a mapping of selectors."""
    with pytest.raises(ValuesError, match=f"top level must be an object.*{what}"):
        load_values(write(tmp_path, "v.json", content))


def test_a_missing_file_is_a_values_error(tmp_path: Path) -> None:
    """The message names the file; it is an XXFillError the CLI can print."""
    with pytest.raises(ValuesError, match="no such file") as info:
        load_values(tmp_path / "nope.toml")
    assert isinstance(info.value, XXFillError)
    assert "nope.toml" in str(info.value)


def test_a_directory_is_not_a_values_file(tmp_path: Path) -> None:
    """A directory named like a values file is refused clearly."""
    (tmp_path / "d.toml").mkdir()
    with pytest.raises(ValuesError, match="directory"):
        load_values(tmp_path / "d.toml")


@pytest.mark.parametrize("name", ["v.yaml", "v.csv", "values"])
def test_other_file_types_are_refused(tmp_path: Path, name: str) -> None:
    """Only .toml and .json are values files here."""
    with pytest.raises(ValuesError, match=r"use \.toml or \.json"):
        load_values(write(tmp_path, name, "a: 1"))


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    """GBK bytes are not guessed at: the file must be UTF-8."""
    path = write(tmp_path, "v.toml", b'"a" = 1\n' + '"b" = "机关"\n'.encode("gbk"))
    with pytest.raises(ValuesError, match="not UTF-8") as info:
        load_values(path)
    assert info.value.line == 2


def test_parse_values_reads_text_and_rejects_unknown_formats() -> None:
    """The parser works on str too; an unknown format name is an error."""
    assert parse_values('\ufeff"a" = "b"', "toml") == {"a": "b"}
    with pytest.raises(ValuesError, match="unknown values format"):
        parse_values("a: 1", "yaml")


@pytest.mark.parametrize(
    ("name", "content"), [("v.json", "[" * 100_000), ("v.toml", "a = " + "[" * 100_000)]
)
def test_absurdly_deep_nesting_is_a_values_error(tmp_path: Path, name: str, content: str) -> None:
    """A file nested a hundred thousand levels deep fails cleanly, not with RecursionError."""
    with pytest.raises(ValuesError, match="nested too deeply"):
        load_values(write(tmp_path, name, content))


@pytest.mark.parametrize(
    ("toml", "hint"),
    [
        ('XX楼 = "三"\n', 'must be quoted: "XX楼" = …'),
        ('"#1" = 2025-02-30\n', "2025-02-30 is not a date that exists: 2025-02 has 28 days"),
        ('"#1" = 2024-02-30\n', "2024-02 has 29 days"),
        ('"#1" = 2025-13-01\n', "months run from 01 to 12"),
    ],
)
def test_toml_mistakes_a_new_user_makes_get_a_hint(tmp_path: Path, toml: str, hint: str) -> None:
    path = tmp_path / "v.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ValuesError) as err:
        load_values(path)
    assert hint in str(err.value)
    assert err.value.line == 1
