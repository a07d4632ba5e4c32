"""Every placeholder's kind comes with a calibrated confidence; doubtful kinds are marked in the
scan table, the HTML view and the form."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import xxfill
from xxfill.cli.main import main
from xxfill.core.model import DOUBTFUL, Kind, Placeholder

ROOT = Path(__file__).resolve().parent.parent
#: a free phrase with no cue: decided by no rule at all
WEAK = "大家要XX起来。"


def test_every_scanned_placeholder_has_a_confidence() -> None:
    sc = xxfill.scan(xxfill.Text("学习贯彻党的XX大精神，召开XX次会议。" + WEAK))
    assert all(p.confidence is not None and 0 < p.confidence <= 1 for p in sc)
    assert not sc[1].doubtful and sc[1].confidence >= 0.95  # 党的XX大: a certain rule
    assert sc[3].doubtful and sc[3].kind is Kind.OTHER
    assert sc.to_dict()["placeholders"][0]["confidence"] == sc[1].confidence


def test_a_placeholder_made_by_hand_has_no_confidence() -> None:
    p = Placeholder(1, "XX", Kind.COUNT, "k", "text", 0, 2, "", "次", "")
    assert p.confidence is None and not p.doubtful


def test_the_scan_table_marks_doubtful_kinds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "t.txt"
    f.write_text("召开XX次会议。" + WEAK, encoding="utf-8")
    assert main(["scan", str(f)]) == 0
    out = capsys.readouterr().out
    assert "other?" in out and "count?" not in out
    assert "1 kind marked ? decided on weak evidence" in out


def test_the_html_view_and_the_form_say_a_kind_is_doubtful() -> None:
    sc = xxfill.scan(xxfill.Text("召开XX次会议。" + WEAK))
    html = sc._repr_html_()
    assert html.count("xxf-doubtful") >= 2  # the style rule and the one doubtful placeholder
    assert "doubtful: check the kind" in html
    form = xxfill.make_form(sc.placeholders, source="t")
    assert form.count("# doubtful kind") == 1


def test_the_calibration_file_is_what_the_script_computes() -> None:
    spec = importlib.util.spec_from_file_location(
        "calibrate_confidence", ROOT / "benchmarks" / "calibrate_confidence.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    shipped = json.loads((ROOT / "src/xxfill/classify/confidence.json").read_text(encoding="utf-8"))
    counts: dict[str, list[int]] = {}
    for split in script.CALIBRATE:
        for rule, strength, ok in script.decisions(split):
            cell = counts.setdefault(f"{rule}:{strength}", [0, 0])
            cell[0] += ok
            cell[1] += 1
    assert shipped["rules"] == counts, "rerun benchmarks/calibrate_confidence.py"
    assert DOUBTFUL == 0.85
