"""How far to trust a kind: the share of the labeled corpus that the deciding rule got right.

``confidence.json`` (written by ``benchmarks/calibrate_confidence.py``) counts, for each rule and
cue strength, how many corpus placeholders it decided and how many of those were right. A
placeholder's confidence is that rule's rate, smoothed toward its strength's rate when the rule
decided few corpus placeholders.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

#: A rule with fewer corpus decisions than this leans on its strength's rate.
_PRIOR_WEIGHT = 10


@functools.cache
def _table() -> dict[str, Any]:
    text = resources.files("xxfill.classify").joinpath("confidence.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def confidence(rule: str, strength: int) -> float:
    """The calibrated chance that a kind decided by ``rule`` at ``strength`` is right.

    >>> 0 < confidence("none", 0) < confidence("_brackets", 3) <= 1
    True
    """
    data = _table()
    right, total = data["strength"].get(str(strength), (1, 2))
    prior = (right + 1) / (total + 2)
    r, t = data["rules"].get(f"{rule}:{strength}", (0, 0))
    return round((r + _PRIOR_WEIGHT * prior) / (t + _PRIOR_WEIGHT), 3)
