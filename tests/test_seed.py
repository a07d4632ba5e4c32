"""The project's seed template (../shared/seeds, beside the repository when present): every
placeholder found, and a complete fill changes nothing but placeholders and artifacts.

The seed is not part of the repository; these tests skip in a clone without it."""

from __future__ import annotations

from pathlib import Path

import pytest

import xxfill
from xxfill import Kind

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

pytestmark = pytest.mark.skipif(not SEED_FILES, reason="no ../shared/seeds beside the repository")

SAMPLE_VALUE = {
    Kind.COUNT: 7,
    Kind.ORDINAL: 20,
    Kind.NAME: "示例单位",
    Kind.PERSON: "张三",
    Kind.TITLE: "示例文件",
    Kind.QUOTE: "示例",
    Kind.TERM: "职工",
    Kind.OTHER: "示例",
}


def _values(scan: xxfill.Scan) -> dict[str, object]:
    return {
        f"#{p.index}": (str(p.index) if p.kind is Kind.DATE else SAMPLE_VALUE[p.kind]) for p in scan
    }


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_the_seed_has_exactly_its_placeholders_each_with_a_kind_and_reason(path: Path) -> None:
    """The seed's 80 placeholders are found (no more, no fewer), each classified with a reason."""
    scan = xxfill.scan(path)
    assert len(scan) == 80
    assert all(p.reason for p in scan)
    assert sum(1 for p in scan if p.kind is Kind.OTHER) <= 4
    assert [a.literal for a in scan.artifacts] == ["##paidbegin##", "##paidend##"]
    assert len(scan.groups()) < len(scan)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_filling_the_seed_leaves_no_placeholder_and_changes_nothing_else(path: Path) -> None:
    """Every placeholder gets a value, both artifacts go, and all other text is unchanged."""
    scan = xxfill.scan(path)
    result = xxfill.fill(scan, _values(scan))
    assert result.report.ok
    assert "XX" not in result.text and "##" not in result.text
    template = scan.text()
    spans = sorted(
        [(p.start, p.end, result.report.filled[p.index - 1].text) for p in scan]
        + [(a.start, a.end, "") for a in scan.artifacts]
    )
    expected, pos = [], 0
    for start, end, text in spans:
        expected += [template[pos:start], text]
        pos = end
    expected.append(template[pos:])
    assert result.text == "".join(expected)
