"""The notebook HTML in a real browser: headless Chromium loads a Scan's view of a hostile
template and we read back the DOM it built.

Skipped when Chromium is not installed, unless ``XXFILL_REQUIRE_BROWSER=1`` (CI sets it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import xxfill

pytestmark = pytest.mark.browser

_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: Each payload would leave a trace in the DOM if it ran: a changed title, an attribute on
#: <body>, or an extra element.
PAYLOADS = (
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
    '"><img src=x onerror="document.body.appendChild(document.createElement(\'aside\'))">',
    "<svg onload=\"document.body.setAttribute('data-pwned','svg')\"></svg>",
)

TEMPLATE = (
    "XX社区党委20XX年度工作总结\n"
    f"全年召开党委会XX次{PAYLOADS[0]}，走访困难家庭XX户。\n"
    f"联系人：XXX{PAYLOADS[1]}\n"
    f"举办“XX”{PAYLOADS[2]}专题活动XX场。\n"
    f"##paidbegin##{PAYLOADS[3]}\n"
    "《XX》学习心得"
)


def _chromium() -> str | None:
    for name in _CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = _chromium()
    if path is None:
        if os.environ.get("XXFILL_REQUIRE_BROWSER") == "1":
            pytest.fail("XXFILL_REQUIRE_BROWSER=1 but no chromium is installed")
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    return path


def dump_dom(chromium: str, page: Path, profile: Path) -> str:
    """The DOM after Chromium loaded ``page`` and ran whatever scripts it would run."""
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=2000",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


def _document(body: str) -> str:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>clean</title></head>'
        f"<body>{body}</body></html>"
    )


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        else:
            self.text.append(data)


def read_dom(dom: str) -> _Dom:
    d = _Dom()
    d.feed(dom)
    d.close()
    return d


def _traces(d: _Dom) -> list[str]:
    found = []
    if d.title != "clean":
        found.append(f"title changed to {d.title!r}")
    for tag, attrs in d.elements:
        if "data-pwned" in attrs:
            found.append(f"<{tag} data-pwned={attrs['data-pwned']!r}>")
        if tag in ("aside", "img", "svg", "script"):
            found.append(f"<{tag}> element")
    return found


def test_the_browser_harness_sees_payloads_that_do_run(chromium: str, tmp_path: Path) -> None:
    """Control: the same payloads pasted raw into a page do leave traces, so the absence of
    traces below means the view neutralised them, not that the harness is blind."""
    page = tmp_path / "raw.html"
    page.write_text(_document("".join(PAYLOADS)), encoding="utf-8")
    d = read_dom(dump_dom(chromium, page, tmp_path / "profile"))
    traces = _traces(d)
    assert "title changed to 'pwned'" in traces
    assert "<body data-pwned='svg'>" in traces or "<body data-pwned='img'>" in traces


def test_a_hostile_template_renders_highlighted_and_inert_in_chromium(
    chromium: str, tmp_path: Path
) -> None:
    """Chromium builds one highlight per placeholder with its badge, strikes the artifact
    through, runs none of the template's markup, and shows that markup as literal text."""
    s = xxfill.scan(text=TEMPLATE)
    page = tmp_path / "scan.html"
    page.write_text(_document(s._repr_html_()), encoding="utf-8")
    d = read_dom(dump_dom(chromium, page, tmp_path / "profile"))

    assert _traces(d) == []
    highlights = [a for t, a in d.elements if "xxf-ph" in (a.get("class") or "").split()]
    assert [a.get("data-index") for a in highlights] == [str(p.index) for p in s.placeholders]
    assert [a.get("data-kind") for a in highlights] == [p.kind.value for p in s.placeholders]
    badges = [a for t, a in d.elements if "xxf-badge" in (a.get("class") or "").split()]
    assert len(badges) == len(s.placeholders) == 8
    assert any(t == "del" and "xxf-artifact" in (a.get("class") or "") for t, a in d.elements)
    assert any(t == "details" for t, _ in d.elements) is False  # short: nothing folded
    shown = "".join(d.text)
    for payload in PAYLOADS:
        assert payload in shown


def test_a_fill_result_with_hostile_values_is_inert_in_chromium(
    chromium: str, tmp_path: Path
) -> None:
    """Values carrying markup are shown as text inside their highlights."""
    r = xxfill.fill(
        text="召开XX次会议，联系人XXX，举办“XX”活动",
        values={"#1": PAYLOADS[0], "#2": PAYLOADS[1], "#3": PAYLOADS[2]},
    )
    page = tmp_path / "fill.html"
    page.write_text(_document(r._repr_html_()), encoding="utf-8")
    d = read_dom(dump_dom(chromium, page, tmp_path / "profile"))
    assert _traces(d) == []
    values = [a for t, a in d.elements if "xxf-val" in (a.get("class") or "").split()]
    assert [a.get("data-index") for a in values] == ["1", "2", "3"]
    shown = "".join(d.text)
    for payload in PAYLOADS[:3]:
        assert payload in shown
