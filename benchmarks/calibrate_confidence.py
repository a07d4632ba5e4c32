"""Write ``src/xxfill/classify/confidence.json``: per rule and strength, how many placeholders of
the labeled corpus it decided and how many were right (reproducible: run it after changing the
rules, and commit the file with the change).

    python benchmarks/calibrate_confidence.py          # calibrate, then check on held-out splits

Calibration uses the splits in ``CALIBRATE``; the newest held-out splits (``CHECK``) are left
out, and the script prints, for them, the confidence that scan gave against the accuracy it got
(a calibrated confidence of 0.9 is right about nine times in ten).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

from xxfill.classify import Found
from xxfill.classify.context import _contexts
from xxfill.classify.kinds import _decide, _follow_lists, _follow_ranges
from xxfill.classify.lexicons import Rules, _lexicon

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src/xxfill/classify/confidence.json"
_spec = importlib.util.spec_from_file_location("corpus_labels", ROOT / "tests/corpus/labels.py")
assert _spec and _spec.loader
labels = importlib.util.module_from_spec(_spec)
sys.modules["corpus_labels"] = labels
_spec.loader.exec_module(labels)

CALIBRATE = ["dev", *(f"heldout{n}" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))]
CHECK = ["heldout13"]


def decisions(split: str) -> list[tuple[str, int, bool]]:
    """``(rule, strength, right)`` for every labeled placeholder of ``split``."""
    lex = _lexicon(Rules.default())
    out = []
    for doc in labels.load(split):
        found = [Found("text", s, e, doc.text[s:e]) for s, e, _ in doc.spans]
        contexts = _contexts(found, {"text": doc.text})
        ds = [_decide(ctx, lex) for ctx in contexts]
        _follow_lists(found, contexts, ds)
        _follow_ranges(found, contexts, ds)
        for d, (_s, _e, want) in zip(ds, doc.spans, strict=True):
            out.append((d.rule, d.strength, d.kind.value == want))
    return out


def main() -> int:
    rules: Counter[str] = Counter()
    rules_ok: Counter[str] = Counter()
    strength: Counter[str] = Counter()
    strength_ok: Counter[str] = Counter()
    for split in CALIBRATE:
        for rule, st, ok in decisions(split):
            rules[f"{rule}:{st}"] += 1
            rules_ok[f"{rule}:{st}"] += ok
            strength[str(st)] += 1
            strength_ok[str(st)] += ok
    data = {
        "calibrated_on": CALIBRATE,
        "strength": {k: [strength_ok[k], strength[k]] for k in sorted(strength)},
        "rules": {k: [rules_ok[k], rules[k]] for k in sorted(rules)},
    }
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rules)} rule/strength cells")
    from xxfill.classify.confidence import _table, confidence

    _table.cache_clear()
    for split in CHECK:
        bins: dict[str, list[int]] = {}
        for rule, st, ok in decisions(split):
            c = confidence(rule, st)
            b = (
                "≥0.95"
                if c >= 0.95
                else "0.85–0.95"
                if c >= 0.85
                else "0.70–0.85"
                if c >= 0.7
                else "<0.70"
            )
            bins.setdefault(b, [0, 0])
            bins[b][0] += ok
            bins[b][1] += 1
        shown = ", ".join(f"{b}: {r}/{t} = {r / t:.0%}" for b, (r, t) in sorted(bins.items()))
        print(f"{split}: accuracy by confidence: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
