"""Documents per second for filling one template many times (run on demand, never in CI).

    pip install -e ".[excel]" -r benchmarks/requirements.txt     # docxtpl, python-docx-replace
    python benchmarks/bench.py                  # speed table + peak memory, ~5 minutes
    python benchmarks/bench.py --memory         # RSS over 10,000 renders
    python benchmarks/bench.py --scan           # scan time of a 500-page document
    python benchmarks/bench.py --batch 1000     # run_batch end to end, 1 and N processes

The template (``gen_template.py``) has about 30 pages and 1,000 placeholders, most split across
runs, in the body, tables, header, footer and footnotes; docxtpl and python-docx-replace get the
same document in their own syntax with the same splitting. Every method gets different values
per document. The *floor* is what any tool must do at least: copy the unchanged zip members and
deflate the changed XML once (measured with the already-filled XML, so no filling at all).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import resource
import statistics
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_template

import xxfill
from xxfill.docx.package import raw_rewrite as _raw_rewrite
from xxfill.filler.result import apply_plan
from xxfill.filler.template import compile as compile_template
from xxfill.mapping.selectors import resolve


def values_xxfill(n: int, row: int) -> dict[str, str]:
    return {f"#{i}": f"值{row}-{i}" for i in range(1, n + 1)}


def values_named(n: int, row: int) -> dict[str, str]:
    return {f"v{i}": f"值{row}-{i}" for i in range(1, n + 1)}


def timed(fn: Callable[[int], object], *, min_seconds: float, max_runs: int) -> tuple[float, int]:
    """Median seconds per call over at least ``min_seconds`` (and at least 3 calls)."""
    fn(0)  # warm up
    times: list[float] = []
    start = time.perf_counter()
    row = 1
    while row <= max_runs and (len(times) < 3 or time.perf_counter() - start < min_seconds):
        t0 = time.perf_counter()
        fn(row)
        times.append(time.perf_counter() - t0)
        row += 1
    return statistics.median(times), len(times)


def peak_mb(fn: Callable[[int], object]) -> float:
    gc.collect()
    tracemalloc.start()
    fn(10**6)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def leftovers(data: bytes, needle: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return sum(zf.read(n).count(needle) for n in zf.namelist() if n.endswith(".xml"))


def speed(pages: int, min_seconds: float) -> None:
    docs = {s: gen_template.build(s, pages) for s in ("xxfill", "docxtpl", "replace")}
    n = gen_template.placeholder_count(pages)
    tpl_bytes = docs["xxfill"]
    template = compile_template(tpl_bytes)
    assert len(template.placeholders) == n, (len(template.placeholders), n)
    print(
        f"template: {pages} pages, {n} placeholders, {len(tpl_bytes) / 1024:.0f} KiB; "
        f"compiled: {'yes' if template.fast else 'NO (fallback)'}; python {sys.version.split()[0]}"
    )

    # the floor: the filled XML of one render, written into the zip (raw copy + deflate)
    filled = template.render(values_xxfill(n, 0)).to_bytes()
    with zipfile.ZipFile(io.BytesIO(filled)) as zf:
        changed = {
            name: zf.read(name)
            for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml",
                         "word/footnotes.xml")
        }  # fmt: skip

    keys = [g.key for g in template.groups()]

    def values_keys(row: int) -> dict[str, str]:
        return {k: f"值{row}-{i}" for i, k in enumerate(keys)}

    def render_full_path(row: int) -> bytes:
        # What render does when the quick path declines (a missing cell, a blank, a warning):
        # the whole plan and report, built eagerly.
        plan = resolve(
            template.placeholders, values_xxfill(n, row), options=template.options,
            index=template._index,
        )  # fmt: skip
        return apply_plan(template.scan, plan).to_bytes()

    methods: dict[str, Callable[[int], bytes]] = {
        "floor (raw copy + deflate)": lambda row: _raw_rewrite(tpl_bytes, changed),
        "xxfill Template.render": lambda row: template.render(values_xxfill(n, row)).to_bytes(),
        "  … keyed by group keys": lambda row: template.render(values_keys(row)).to_bytes(),
        "  … full validation path": render_full_path,
        "xxfill fill (from scratch)": lambda row: xxfill.fill(
            tpl_bytes, values_xxfill(n, row)
        ).to_bytes(),
    }
    checks: dict[str, tuple[bytes, bytes]] = {
        "xxfill Template.render": (b"", b"XX"),
        "  … keyed by group keys": (b"", b"XX"),
        "  … full validation path": (b"", b"XX"),
        "xxfill fill (from scratch)": (b"", b"XX"),
    }
    try:
        from docxtpl import DocxTemplate

        def docxtpl_render(row: int) -> bytes:
            doc = DocxTemplate(io.BytesIO(docs["docxtpl"]))
            doc.render(values_named(n, row))
            out = io.BytesIO()
            doc.save(out)
            return out.getvalue()

        methods["docxtpl"] = docxtpl_render
        checks["docxtpl"] = (b"", b"{{v")
    except ImportError:
        print("docxtpl not installed: pip install -r benchmarks/requirements.txt")
    try:
        import docx
        from python_docx_replace import docx_replace

        def replace_render(row: int) -> bytes:
            doc = docx.Document(io.BytesIO(docs["replace"]))
            docx_replace(doc, **values_named(n, row))
            out = io.BytesIO()
            doc.save(out)
            return out.getvalue()

        methods["python-docx-replace"] = replace_render
        checks["python-docx-replace"] = (b"", b"${v")
    except ImportError:
        print("python-docx-replace not installed: pip install -r benchmarks/requirements.txt")

    results: dict[str, tuple[float, int, float, int | None]] = {}
    for name, fn in methods.items():
        slow = name == "python-docx-replace"
        sec, runs = timed(
            fn, min_seconds=min_seconds / (4 if slow else 1), max_runs=3 if slow else 10**6
        )
        left = leftovers(fn(1), checks[name][1]) if name in checks else None
        results[name] = (sec, runs, peak_mb(fn), left)

    floor = results["floor (raw copy + deflate)"][0]
    base = results.get("docxtpl", (None,))[0]
    print()
    header = (
        f"{'method':<28} {'docs/s':>9} {'ms/doc':>9} {'× floor':>8} {'vs docxtpl':>11} "
        f"{'peak MiB':>9} {'left':>5} {'runs':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, (sec, runs, peak, left) in results.items():
        vs = f"{base / sec:.1f}x" if base else "-"
        print(
            f"{name:<28} {1 / sec:>9.1f} {sec * 1000:>9.2f} {sec / floor:>8.2f} {vs:>11} "
            f"{peak:>9.1f} {'' if left is None else left:>5} {runs:>6}"
        )
    print(
        "\n× floor: time per document relative to the floor (1.00 = only writing the zip).\n"
        "vs docxtpl: speed relative to docxtpl (higher is faster).\n"
        "left: placeholders still in the output (python-docx-replace does not reach footnotes)."
    )


def memory(renders: int) -> None:
    n = gen_template.placeholder_count(30)
    template = compile_template(gen_template.build("xxfill", 30))

    def rss_mb() -> float:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    samples = []
    t0 = time.perf_counter()
    for row in range(1, renders + 1):
        template.render(values_xxfill(n, row)).to_bytes()
        if row % (renders // 10) == 0:
            samples.append((row, rss_mb()))
    dt = time.perf_counter() - t0
    print(f"{renders} renders in {dt:.1f} s ({renders / dt:.0f} docs/s)")
    for row, mb in samples:
        print(f"  after {row:>6} renders: RSS {mb:7.1f} MiB")
    growth = samples[-1][1] - samples[0][1]
    print(f"RSS growth from the first to the last sample: {growth:+.1f} MiB")
    print(
        f"max RSS (getrusage): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB"
    )


def scan(pages: int) -> None:
    data = gen_template.build("xxfill", pages)
    t0 = time.perf_counter()
    sc = xxfill.scan(data)
    t_scan = time.perf_counter() - t0
    t0 = time.perf_counter()
    template = compile_template(data)
    t_compile = time.perf_counter() - t0
    print(
        f"{pages}-page document ({len(data) / 2**20:.1f} MiB, "
        f"{len(sc.placeholders)} placeholders): "
        f"scan {t_scan:.2f} s ({t_scan / pages * 100:.2f} s per 100 pages), "
        f"compile {t_compile:.2f} s; compiled: {template.fast}"
    )


def batch(rows: int, jobs: int) -> None:
    """End to end: ``run_batch`` from rows to files on disk, one process and ``jobs``."""
    import tempfile

    from xxfill.batch.run import Row, run_batch

    n = gen_template.placeholder_count(30)
    template = compile_template(gen_template.build("xxfill", 30))
    data = [Row(i, i + 1, values_xxfill(n, i)) for i in range(1, rows + 1)]
    for j in sorted({1, jobs}):
        with tempfile.TemporaryDirectory() as out:
            s = run_batch(template, data, out, jobs=j)
            print(f"batch of {rows} documents with {j} process(es): {s}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--pages", type=int, default=30, help="template pages (default 30)")
    ap.add_argument("--seconds", type=float, default=3.0, help="time per method (default 3)")
    ap.add_argument("--memory", action="store_true", help="RSS over many renders")
    ap.add_argument("--renders", type=int, default=10_000, help="renders for --memory")
    ap.add_argument("--scan", action="store_true", help="scan a large document")
    ap.add_argument("--scan-pages", type=int, default=500)
    ap.add_argument("--batch", type=int, metavar="ROWS", help="run_batch end to end")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="for --batch")
    args = ap.parse_args()
    if args.memory:
        memory(args.renders)
    elif args.batch:
        batch(args.batch, args.jobs)
    elif args.scan:
        scan(args.scan_pages)
    else:
        speed(args.pages, args.seconds)


if __name__ == "__main__":
    main()
