"""How well xxfill's keys group placeholders, against the gold fill groups of the labeled corpus.

    python benchmarks/eval_groups.py              # every split labeled with groups
    python benchmarks/eval_groups.py heldout13 -v # with every wrong and missed link

Gold: in ``tests/corpus``, ``XX{kind@group}`` marks placeholders that a careful reader would
obviously fill with the same value (see ``labels.py``); the rest stand alone. Predicted: two
placeholders are linked when ``scan`` gives them the same key. Scores, pooled over a split:

- link precision: of the predicted links, the share that are gold links (a wrong link is a
  value put where it does not belong);
- link recall: of the gold links, the share predicted (a missed link is a question asked twice);
- questions: the entries of the form (``xxfill form``; a written date is one entry) against the
  fewest a careful reader needs (one per gold group, one per placeholder alone).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import sys
from pathlib import Path
from typing import Any

import attrs

import xxfill
from xxfill.mapping.form import count_entries

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("corpus_labels", ROOT / "tests/corpus/labels.py")
assert _spec and _spec.loader
labels = importlib.util.module_from_spec(_spec)
sys.modules["corpus_labels"] = labels
_spec.loader.exec_module(labels)


def _links(ids: list[object]) -> set[tuple[int, int]]:
    by: dict[object, list[int]] = {}
    for i, g in enumerate(ids):
        if g is not None:
            by.setdefault(g, []).append(i)
    return {pair for members in by.values() for pair in itertools.combinations(members, 2)}


@attrs.frozen
class Score:
    """Predicted and gold links of one labeled document (pairs of 0-based placeholder
    positions), its form's questions and the fewest it needs."""

    pred: frozenset[tuple[int, int]]
    gold: frozenset[tuple[int, int]]
    questions: int
    needed: int
    scan: xxfill.Scan


def score_doc(doc: Any) -> Score:
    sc = xxfill.scan(xxfill.Text(doc.text))
    if [(p.start, p.end) for p in sc] != [(s, e) for s, e, _ in doc.spans]:
        raise AssertionError(f"{doc.name}: detection differs from the labels")
    alone = sum(g is None for g in doc.groups)
    return Score(
        pred=frozenset(_links([p.key for p in sc])),
        gold=frozenset(_links(list(doc.groups))),
        questions=count_entries(sc.placeholders),
        needed=len({g for g in doc.groups if g is not None}) + alone,
        scan=sc,
    )


def evaluate(split: str, verbose: bool = False, *, quiet: bool = False) -> dict[str, float]:
    """Pooled scores of ``split`` (printed per document unless ``quiet``)."""
    say = (lambda *_: None) if quiet else print
    tp = n_pred = n_gold = questions = needed = 0
    for doc in labels.load(split):
        r = score_doc(doc)
        right = r.pred & r.gold
        tp, n_pred, n_gold = tp + len(right), n_pred + len(r.pred), n_gold + len(r.gold)
        questions, needed = questions + r.questions, needed + r.needed
        say(
            f"  {doc.name}: {len(right)}/{len(r.pred)} links right, {len(right)}/{len(r.gold)} "
            f"found, {r.questions} questions for {r.needed}"
        )
        if verbose:
            for what, pairs in (("wrong", r.pred - r.gold), ("missed", r.gold - r.pred)):
                for i, j in sorted(pairs)[:40]:
                    a, b = r.scan[i + 1], r.scan[j + 1]
                    say(f"    {what}: #{a.index} {a.context!r} ~ #{b.index} {b.context!r}")
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_gold if n_gold else 1.0
    say(
        f"{split}: link precision {precision:.1%} ({tp}/{n_pred}), recall {recall:.1%} "
        f"({tp}/{n_gold}), {questions} questions for {needed}"
    )
    return {"precision": precision, "recall": recall, "questions": questions, "needed": needed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("splits", nargs="*", default=list(labels.GROUPED))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    for split in args.splits:
        evaluate(split, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
