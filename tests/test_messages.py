"""One message type: every code any stage reports is catalogued in docs/errors.md, and every
kind of message is a Problem with the same fields."""

from __future__ import annotations

from pathlib import Path

import regex

import xxfill
from xxfill.core.errors import CODES
from xxfill.linter.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
#: Where code strings are written: Problem("code", …), RenderError("code", …), a batch row's
#: _failed(row, name, "code", …) and a fill warning's warn("code", …).
_CODE_SITES = regex.compile(
    r"""(?:\bProblem|RenderError|warn)\(\s*"([a-z][a-z-]*)"|_failed\(row, [^,]+, "([a-z-]+)\""""
)


def _codes_in_source() -> set[str]:
    found = set()
    for path in (ROOT / "src" / "xxfill").rglob("*.py"):
        for m in _CODE_SITES.finditer(path.read_text(encoding="utf-8")):
            found.add(m.group(1) or m.group(2))
    return found


def test_every_code_written_in_the_source_is_registered() -> None:
    assert _codes_in_source() - set(CODES) - set(RULES) == set()


def test_every_code_is_catalogued_in_docs_errors() -> None:
    missing = [c for c in [*CODES, *RULES] if f"| `{c}` |" not in DOC]
    assert missing == []


def test_warnings_findings_and_problems_are_one_type() -> None:
    result = xxfill.fill(xxfill.Text("召开XX次会议"), {"#1": "XX", "召开XX次": 3}, strict=False)
    warnings = result.report.warnings
    finding = xxfill.lint(xxfill.Text("一、总体情况\n三、下步打算"))[0]
    for message in (*warnings, finding):
        assert isinstance(message, xxfill.Problem)
        assert message.severity in ("error", "warning", "info")
        assert {"code", "severity", "message", "context"} <= set(message.to_dict())
    assert {w.severity for w in warnings} == {"warning"}
    assert CODES[warnings[0].code] == "warning"
