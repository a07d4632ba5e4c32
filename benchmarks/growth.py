"""How time grows with input size, for the shapes of input that were once quadratic (run on
demand, never in CI).

    python benchmarks/growth.py              # every case, sizes n, 2n, 4n, 8n (~1 minute)
    python benchmarks/growth.py --only lint  # cases whose name contains "lint"

For each case the input is built at four sizes and the slowest step (scan, lint, fill or
render) is timed, best of three. The exponent is the slope of log(time) over log(size) between
the two largest sizes: about 1 is linear, 2 is quadratic. A case whose exponent passes 1.4 is
flagged, so a quadratic path shows up here before a user finds it. Absolute times are printed
too, but only the exponents compare across machines.

The cyclic garbage collector is paused while a call is timed: its passes cost more the more
objects are alive, which makes any program that builds a large tree look superlinear (a scan of
64,000 text-box paragraphs: 1.6 s with it, 0.6 s without). That growth is CPython's; this
benchmark looks for xxfill's own.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import xxfill
from docxbuild import build_docx, p, r, textbox

MANY = xxfill.Limits(max_placeholders=10**8)
FLAG = 1.4


def _fields(n: int) -> Callable[[], object]:
    runs = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>a</w:t></w:r>'
    ) * n
    data = build_docx(f"<w:p>{runs}{r('召开XX次')}</w:p>")
    return lambda: xxfill.scan(data)


def _shadow_boxes(n: int) -> Callable[[], object]:
    box = textbox(
        *(p(r(f"a{i}")) for i in range(n)), fallback_paras=[p(r(f"b{i}")) for i in range(n)]
    )
    data = build_docx(p(box))
    return lambda: xxfill.scan(data)


def _text_scan(unit: str) -> Callable[[int], Callable[[], object]]:
    def build(n: int) -> Callable[[], object]:
        text = xxfill.Text(unit * n)
        return lambda: xxfill.scan(text, limits=MANY)

    return build


def _docx_run(n: int) -> Callable[[], object]:
    data = build_docx(p(r("XX，" * n)))
    return lambda: xxfill.scan(data, limits=MANY)


def _many_paragraphs(n: int) -> Callable[[], object]:
    data = build_docx("".join(p(r(f"第{i}项召开XX次会议")) for i in range(n)))
    return lambda: xxfill.scan(data, limits=MANY)


def _lint(text_of: Callable[[int], str]) -> Callable[[int], Callable[[], object]]:
    def build(n: int) -> Callable[[], object]:
        text = text_of(n)
        return lambda: xxfill.lint(text=text)

    return build


def _fill_text(n: int) -> Callable[[], object]:
    sc = xxfill.scan(xxfill.Text("召开XX次会议，\n" * n), limits=MANY)
    values = {f"#{i}": i for i in range(1, n + 1)}
    return lambda: xxfill.fill(sc, values)


def _render_docx(n: int) -> Callable[[], object]:
    data = build_docx("".join(p(r(f"第{i}项召开XX次会议")) for i in range(n)))
    template = xxfill.compile(data, limits=MANY)
    values = {f"#{i}": i for i in range(1, n + 1)}
    return lambda: template.render(values)


def _unknown_selectors(n: int) -> Callable[[], object]:
    sc = xxfill.scan(xxfill.Text("".join(f"第{i}项召开XX次会议\n" for i in range(100))))
    values = {f"未知{i}": i for i in range(n)}
    return lambda: xxfill.fill(sc, values, strict=False)


#: name -> (builder of a timed call for size n, smallest n)
CASES: dict[str, tuple[Callable[[int], Callable[[], object]], int]] = {
    "scan: unclosed fields": (_fields, 5_000),
    "scan: text box copies that differ": (_shadow_boxes, 1_000),
    "scan: XX， on one text line": (_text_scan("XX，"), 2_000),
    "scan: XX<tab> on one text line": (_text_scan("XX\t"), 2_000),
    "scan: ##ad##XX on one line": (_text_scan("##ad##XX"), 2_000),
    "scan: XX， in one DOCX run": (_docx_run, 2_000),
    "scan: DOCX paragraphs": (_many_paragraphs, 500),
    "lint: empty lines": (_lint(lambda n: "\n" * n + "XX"), 100_000),
    "lint: one Latin line": (_lint(lambda n: "a" * n), 500_000),
    "lint: one Chinese line": (_lint(lambda n: "（正文" * (n // 3)), 300_000),
    "lint: numbered lines": (_lint(lambda n: "".join(f"{i}. 事项\n" for i in range(n))), 5_000),
    "fill: text lines": (_fill_text, 1_000),
    "render: DOCX paragraphs": (_render_docx, 500),
    "values: unknown selectors": (_unknown_selectors, 5_000),
}


def _best(call: Callable[[], object], repeat: int = 3) -> float:
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            call()
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default="", help="run the cases whose name contains this")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size by this")
    args = ap.parse_args(argv)
    flagged = []
    print(f"{'case':40} {'sizes':>22} {'seconds':>30}  exponent")
    for name, (build, n0) in CASES.items():
        if args.only not in name:
            continue
        sizes = [int(n0 * args.scale) * k for k in (1, 2, 4, 8)]
        times = [_best(build(n)) for n in sizes]
        slope = math.log(times[-1] / times[-2]) / math.log(sizes[-1] / sizes[-2])
        mark = "  <- superlinear" if slope > FLAG else ""
        if mark:
            flagged.append(name)
        print(
            f"{name:40} {sizes[0]:>10,}..{sizes[-1]:>10,} "
            f"{' '.join(f'{t:7.3f}' for t in times)}  {slope:5.2f}{mark}",
            flush=True,
        )
    if flagged:
        print(f"\n{len(flagged)} case(s) grow faster than n^{FLAG}: {', '.join(flagged)}")
        return 1
    print(f"\nevery case grows no faster than n^{FLAG}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
