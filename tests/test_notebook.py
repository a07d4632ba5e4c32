"""The quick-start notebook runs from top to bottom, and is committed without outputs.

Executing it needs nbclient and ipykernel; without them the execution test is skipped unless
``XXFILL_REQUIRE_NOTEBOOK=1`` (then it fails).
"""

from __future__ import annotations

import doctest
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebooks" / "quickstart.ipynb"


def _require(module: str) -> None:
    try:
        __import__(module)
    except ImportError:
        if os.environ.get("XXFILL_REQUIRE_NOTEBOOK") == "1":
            pytest.fail(f"XXFILL_REQUIRE_NOTEBOOK=1 but {module} is not installed")
        pytest.skip(f"{module} is not installed (pip install nbclient ipykernel)")


def test_the_notebook_is_committed_without_outputs() -> None:
    """No cell carries outputs or an execution count, so the file only changes when its code
    does."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == []
        assert cell["execution_count"] is None


@pytest.mark.slow
def test_the_quickstart_notebook_runs_and_shows_html_views() -> None:
    """Executed from the repository root, every cell runs without error; the scan, the groups,
    the fill result and the validation error display as HTML."""
    _require("nbclient")
    _require("nbformat")
    _require("ipykernel")
    import nbclient
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()
    html_views = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{out.get('ename')}: {out.get('evalue')}"
            html = out.get("data", {}).get("text/html", "")
            if 'class="xxf-root' in html:
                html_views.append(html.split('"', 2)[1])
    assert "xxf-root xxf-scan" in html_views
    assert "xxf-root xxf-groups" in html_views
    assert "xxf-root xxf-fill" in html_views
    assert "xxf-root xxf-problems" in html_views


DOCS = ROOT / "docs"
_PYCON = re.compile(r"^```pycon\n(.*?)^```", re.S | re.M)


def _doc_pages() -> list[Path]:
    """The guide pages that hold ```pycon examples."""
    pages = sorted(p for p in DOCS.rglob("*.md") if "notebooks" not in p.parts)
    return [p for p in pages if _PYCON.search(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", _doc_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_the_examples_in_the_guide_pages_run(page: Path) -> None:
    """Every ```pycon block of a guide page is a doctest that passes (the blocks of one page
    share their names, in order), so the guide describes the code as it is."""
    blocks = _PYCON.findall(page.read_text(encoding="utf-8"))
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    globs: dict[str, object] = {}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for i, block in enumerate(blocks):
            test = parser.get_doctest(block, globs, f"{page.name}[{i}]", str(page), 0)
            runner.run(test, clear_globs=False)
            globs.update(test.globs)
    finally:
        os.chdir(cwd)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {page}"
