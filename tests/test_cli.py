"""The command line: scan, form, fill; exit codes and messages a user can act on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from xxfill.cli.main import main

TEMPLATE = "XX社区2024年工作总结\n全年召开会议XX次，学习党的XX大精神XX人次。\n##paidend##\n"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "模板.txt"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def test_scan_prints_a_table_and_a_summary(
    template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """scan lists index, kind, literal, context and key, then counts."""
    assert main(["scan", str(template)]) == 0
    out = capsys.readouterr().out
    assert "index" in out and "kind" in out and "key" in out
    assert "#1" in out and "count" in out and "ordinal" in out
    assert "4 placeholders" in out
    assert "##paidend##" in out


def test_scan_json_follows_the_stable_schema(
    template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--json gives source, placeholders with the fixed fields, and artifacts."""
    assert main(["scan", str(template), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"source", "placeholders", "artifacts"}
    fields = {
        "index",
        "literal",
        "kind",
        "key",
        "part",
        "start",
        "end",
        "before",
        "after",
        "reason",
        "confidence",
    }
    assert all(set(p) == fields for p in data["placeholders"])
    assert all(0 < p["confidence"] <= 1 for p in data["placeholders"])
    first = data["placeholders"][0]
    assert TEMPLATE[first["start"] : first["end"]] == first["literal"] == "XX"
    assert first["part"] == "text"
    assert data["artifacts"][0]["literal"] == "##paidend##"


def test_form_then_fill_round_trip(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An untouched form fails as missing; filled in, the same file fills the template."""
    form = tmp_path / "values.toml"
    assert main(["form", str(template), "-o", str(form)]) == 0
    entries = tomllib.loads(form.read_text(encoding="utf-8"))
    assert entries and all(v == "" for v in entries.values())

    out = tmp_path / "out.txt"
    assert main(["fill", str(template), str(form), "-o", str(out)]) == 1
    assert "missing" in capsys.readouterr().err
    assert not out.exists()

    filled = {}
    for key in entries:
        filled[key] = "城南" if "社区" in key else (20 if "大" in key else 7)
    form.write_text(
        "\n".join(
            f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v)}" for k, v in filled.items()
        ),
        encoding="utf-8",
    )
    assert main(["fill", str(template), str(form), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "XX" not in text and "##paidend##" not in text
    assert "党的二十大" in text and "城南社区" in text
    assert "filled 4 placeholder(s)" in capsys.readouterr().out


def test_fill_default_output_is_beside_the_template(template: Path, tmp_path: Path) -> None:
    """Without -o the result goes to NAME.filled.EXT and the template is untouched."""
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"#1": "甲", "#2": 1, "#3": 20, "#4": 3}), encoding="utf-8")
    assert main(["fill", str(template), str(values)]) == 0
    assert (tmp_path / "模板.filled.txt").read_text(encoding="utf-8").startswith("甲社区")
    assert template.read_text(encoding="utf-8") == TEMPLATE


def test_usage_errors_exit_2_with_a_clear_message(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing template, a missing values file and a broken TOML (with its line) exit 2."""
    assert main(["scan", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err

    assert main(["fill", str(template), str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml" in capsys.readouterr().err

    broken = tmp_path / "broken.toml"
    broken.write_text('"#1" = "ok"\n"#2" = = 3\n', encoding="utf-8")
    assert main(["fill", str(template), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "broken.toml" in err and ":2" in err

    assert main(["no-such-command"]) == 2


def test_validation_problems_exit_1_listing_all(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Values that do not fit give exit 1 and every problem with its context."""
    values = tmp_path / "v.toml"
    values.write_text('"#1" = "甲"\n"会议XX次" = -3\n"不存在XX" = 1\n', encoding="utf-8")
    assert main(["fill", str(template), str(values), "-o", str(tmp_path / "o.txt")]) == 1
    err = capsys.readouterr().err
    assert "会议XX次" in err and "不存在XX" in err and "missing" in err


def test_missing_mark_option(template: Path, tmp_path: Path) -> None:
    """--missing mark writes the mark where no value was given."""
    values = tmp_path / "v.toml"
    values.write_text('"#1" = "甲"\n', encoding="utf-8")
    out = tmp_path / "o.txt"
    args = ["fill", str(template), str(values), "-o", str(out), "--missing", "mark"]
    assert main([*args, "--mark", "□"]) == 0
    assert out.read_text(encoding="utf-8").count("□") == 3


def test_python_dash_m_runs_the_same_command_line(template: Path) -> None:
    """python -m xxfill is the console script."""
    proc = subprocess.run(
        [sys.executable, "-m", "xxfill", "scan", str(template), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["placeholders"]) == 4


def test_bundled_example_fills_completely(tmp_path: Path) -> None:
    """The quick-start example template and its values leave no placeholder behind."""
    root = Path(__file__).resolve().parents[1] / "examples"
    out = tmp_path / "filled.txt"
    code = main(
        [
            "fill",
            str(root / "report_template.txt"),
            str(root / "report_values.toml"),
            "-o",
            str(out),
        ]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "XX" not in text and "##" not in text
    assert "党的二十大" in text


def test_fill_can_rewrite_encoding_and_line_endings(template: Path, tmp_path: Path) -> None:
    """--encoding and --newline change how a text result is written."""
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"#1": "甲", "#2": 1, "#3": 20, "#4": 3}), encoding="utf-8")
    out = tmp_path / "o.txt"
    args = ["fill", str(template), str(values), "-o", str(out)]
    assert main([*args, "--encoding", "gb18030", "--newline", "crlf"]) == 0
    assert out.read_bytes().decode("gb18030").startswith("甲社区2024年工作总结\r\n")
    assert main([*args, "--encoding", "bogus"]) == 2


def test_lenient_forgives_unknown_selectors_but_not_bad_values(
    template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--lenient lists unused selectors and fills; a wrong value still fails with exit 1."""
    values = tmp_path / "v.json"
    good = {"#1": "甲", "#2": 1, "#3": 20, "#4": 3, "无此XX": 1}
    values.write_text(json.dumps(good), encoding="utf-8")
    out = tmp_path / "o.txt"
    assert main(["fill", str(template), str(values), "-o", str(out), "--lenient"]) == 0
    assert "无此XX" in capsys.readouterr().out
    values.write_text(json.dumps({**good, "#2": -5}), encoding="utf-8")
    out.unlink()
    assert main(["fill", str(template), str(values), "-o", str(out), "--lenient"]) == 1
    assert not out.exists()


def test_limits_can_be_set_on_the_command_line(
    template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--limit lowers (or raises) a safety bound; a malformed one is a usage error."""
    assert main(["scan", str(template), "--limit", "max_text_bytes=10"]) == 2
    assert "limit" in capsys.readouterr().err
    assert main(["scan", str(template), "--limit", "max_text_bytes=1K"]) == 0
    assert main(["scan", str(template), "--limit", "max_bananas=3"]) == 2
    assert "max_text_bytes" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("option", "content", "message"),
    [
        ("--rules", None, "cannot read it"),
        ("--rules", "a = [", "not valid TOML"),
        ("--rules", "[lexicon]\na = 1\n", "unknown lexicon"),
        ("--rules", 'measure_words = "批次"\n', "takes a list of words"),
        ("--pattern", "(", "not a valid regular expression"),
    ],
)
def test_bad_rules_files_and_patterns_are_usage_errors(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    option: str,
    content: str | None,
    message: str,
) -> None:
    """A missing, broken or misshapen --rules file and a bad --pattern exit 2 with one line
    saying what is wrong, never a traceback."""
    template = tmp_path / "t.txt"
    template.write_text("召开XX次会议\n", encoding="utf-8")
    value = content if option == "--pattern" else str(tmp_path / "rules.toml")
    if option == "--rules" and content is not None:
        (tmp_path / "rules.toml").write_text(content, encoding="utf-8")
    assert main(["scan", str(template), option, value]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_scan_reverses_to_every_placeholder() -> None:
    """reversed(scan) gives every placeholder (the 1-based __getitem__ must not cut #N)."""
    import xxfill

    sc = xxfill.scan(xxfill.Text("XX人XX次XX项"))
    assert [p.index for p in reversed(sc)] == [3, 2, 1]


def test_fill_json_reports_problems_as_json_and_lint_sets_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A script asking for --json gets JSON when the values do not fit, and --lint exits 1
    when the filled document still has errors (here a placeholder marked as missing)."""
    import json

    template = tmp_path / "t.txt"
    template.write_text("召开XX次会议，走访XX户\n", encoding="utf-8")
    values = tmp_path / "v.toml"
    values.write_text('"#1" = -1\n"#2" = 3\n', encoding="utf-8")
    out = tmp_path / "o.txt"
    assert main(["fill", str(template), str(values), "--json", "-o", str(out)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False and payload["problems"][0]["code"] == "invalid-value"
    values.write_text('"#1" = 2\n', encoding="utf-8")
    args = ["fill", str(template), str(values), "-o", str(out), "--missing", "mark", "--lint"]
    assert main(args) == 1
    assert out.exists() and "placeholder-left" in capsys.readouterr().out
    values.write_text('"#1" = 2\n"#2" = 3\n', encoding="utf-8")
    assert main(["fill", str(template), str(values), "-o", str(out), "--lint"]) == 0
    assert "lint: no findings" in capsys.readouterr().out


def test_scan_summary_counts_agree_with_the_form_and_say_one_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'1 key', not '1 keys'; where the form writes fewer entries than there are keys (a
    written date is one entry), the summary says how many and why."""
    one = tmp_path / "one.txt"
    one.write_text("召开XX次会议", encoding="utf-8")
    assert main(["scan", str(one)]) == 0
    assert "1 placeholder, 1 key to fill (count 1)\n" in capsys.readouterr().out
    dated = tmp_path / "dated.txt"
    dated.write_text("召开XX次会议\n20XX年XX月XX日", encoding="utf-8")
    assert main(["scan", str(dated)]) == 0
    summary = capsys.readouterr().out
    assert "4 placeholders, 4 keys to fill" in summary
    form = tmp_path / "form.toml"
    assert main(["form", str(dated), "-o", str(form)]) == 0
    entries = sum(1 for line in form.read_text(encoding="utf-8").splitlines() if line[:1] == '"')
    assert f"the form asks {entries} entries (a written date is one entry)" in summary


def test_each_bundled_values_file_fits_the_template_it_names() -> None:
    """The first comment line of each example values file names its template; filling that
    template from it leaves no problem."""
    import xxfill

    examples = Path(__file__).resolve().parent.parent / "examples"
    for values in sorted(examples.glob("*values.toml")):
        header = values.read_text(encoding="utf-8").splitlines()[0]
        named = [t for t in ("report_template.txt", "report_template.docx") if t in header]
        assert named, header
        result = xxfill.fill(examples / named[0], xxfill.load_values(values))
        assert result.report.problems == () and result.report.unfilled == ()
