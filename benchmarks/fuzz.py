"""Long fuzzing campaigns: the mutation fuzzer of ``tests/test_fuzz.py``, for as many cases as
you like, reporting how many ran and how each ended.

    python benchmarks/fuzz.py                 # 10,000 cases, default seed
    python benchmarks/fuzz.py 200000 --seed 7 # a long run with another seed
    python benchmarks/fuzz.py 1 --seed 1 --start 1473  # replay one case
    python benchmarks/fuzz.py 0 --batch-data 10000     # batch data and values files only

Exit status 1 when any case raised something other than an ``xxfill.XXFillError`` (or its output
did not open again, or a compiled template disagreed with ``fill``); each such case is printed
with its seed and number, which replay it exactly.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import test_fuzz
import test_fuzz_batch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="?", type=int, default=10_000, help="number of cases")
    parser.add_argument("--seed", type=int, default=test_fuzz.SEED, help="campaign seed")
    parser.add_argument("--start", type=int, default=0, help="first case number")
    parser.add_argument("--batch", type=int, default=1000, help="progress every N cases")
    parser.add_argument(
        "--batch-data",
        type=int,
        default=0,
        metavar="N",
        help="also run N cases of the batch-data fuzzer (tests/test_fuzz_batch.py)",
    )
    args = parser.parse_args(argv)
    bad = _batch_data(args.batch_data, args.seed, args.batch) if args.batch_data else 0

    total = test_fuzz.Stats()
    began = time.perf_counter()
    done = 0
    while done < args.cases:
        n = min(args.batch, args.cases - done)
        stats = test_fuzz.campaign(n, args.seed, start=args.start + done)
        done += n
        total.cases += stats.cases
        total.filled += stats.filled
        total.errors.update(stats.errors)
        total.failures += stats.failures
        for failure in stats.failures:
            print(failure, file=sys.stderr)
        elapsed = time.perf_counter() - began
        print(
            f"{total.cases} cases in {elapsed:.1f} s: {total.filled} filled, "
            f"{sum(total.errors.values())} refused, {len(total.failures)} failures",
            flush=True,
        )
    print(f"seed {args.seed}, cases {args.start}..{args.start + total.cases - 1}")
    print(f"cases run: {total.cases}")
    print(f"filled and reopened: {total.filled}")
    for name, count in total.errors.most_common():
        print(f"  {name}: {count}")
    print(f"failures (non-xxfill exceptions or unreadable output): {len(total.failures)}")
    return 1 if total.failures or bad else 0


def _batch_data(cases: int, seed: int, every: int) -> int:
    """Run the batch-data campaign; print its outcome and return its number of failures."""
    began = time.perf_counter()
    total = test_fuzz_batch.Stats()
    done = 0
    while done < cases:
        n = min(every, cases - done)
        stats = test_fuzz_batch.campaign(n, seed, start=done)
        done += n
        total.cases += stats.cases
        total.exits.update(stats.exits)
        total.failures += stats.failures
        for failure in stats.failures:
            print(failure, file=sys.stderr)
        print(
            f"batch data: {total.cases} cases in {time.perf_counter() - began:.1f} s, "
            f"exits {dict(sorted(total.exits.items()))}, {len(total.failures)} failures",
            flush=True,
        )
    return len(total.failures)


if __name__ == "__main__":
    sys.exit(main())
