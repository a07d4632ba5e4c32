"""Classification: what each placeholder stands for (``Kind``), why (``reason``) and its ``key``.

The decision reads the placeholder's own line (site artifacts removed, other placeholders seen
as placeholders), in this order:

1. brackets first: inside ``《》`` is a ``title``, inside ``“”`` ``‘’`` ``「」`` a ``quote``;
2. the shape of a number: ``20XX`` before ``年`` is a year, ``XXXX-XXXXXXX`` a phone number;
3. fixed ordinal phrases that must beat a measure word (``第XX次``, ``党的XX大``);
4. the word right after the placeholder (the longest one found in the lexicons wins);
5. a form label before it (``联系人：XX``), then the word right before it (``广大XX``, ``到XX``);
6. weak hints (a name inside a longer compound, a clause subject, a table cell's row header),
   else ``other``; a weak decision follows a neighbour it is listed with (``XX、XX、XXX同志``)
   or the other end of its range (``XX至XX人``).

Keys are the cue phrase (``党的XX大``, ``XX党委``, ``广大XX``, ``召开XX次``): the same phrase
shares a key, except counts (each its own, ``召开XX次~2``), a unit listed next to itself
(``XX镇、XX镇``: several towns, none merged), people and codes repeated on one line, and table
cells. The lexicons are data (``Rules``, from ``default.toml``) that a user can extend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import regex

from xxfill.classify.context import _OTHER, Classified, Found, _contexts, _Ctx, _Decision
from xxfill.classify.cues import (
    _appointed_person,
    _embedded_name,
    _label,
    _left_cue,
    _right_cue,
    _table_cell,
    _weak,
)
from xxfill.classify.keys import _assign_keys, _Key, _window_key
from xxfill.classify.lexicons import Rules, _Lexicon, _lexicon
from xxfill.classify.shapes import (
    _brackets,
    _fixed_ordinal,
    _number_shape,
    _phrase,
    _sequence_number,
)
from xxfill.core.model import DEFAULT_MARKS, Kind

__all__ = ["classify"]


_RULES = (
    _table_cell,
    _number_shape,
    _sequence_number,
    _fixed_ordinal,
    _phrase,
    _appointed_person,  # 聘任XXX为公司副总经理: before the unit word further on
    _right_cue,
    _label,
    _left_cue,
    _embedded_name,
    _weak,
)


def _decide(ctx: _Ctx, lex: _Lexicon) -> _Decision:
    d = _brackets(ctx, lex)
    name = "_brackets"
    if d is None:
        for rule in _RULES:
            d = rule(ctx, lex)
            if d is not None:
                name = rule.__name__
                break
    if d is None:
        d = _Decision(Kind.OTHER, "no cue: a free phrase", _window_key(ctx, lex, 4, 4), 0)
        name = "none"
    d = attrs.evolve(d, rule=name)
    if isinstance(d.key, _Key):
        d = attrs.evolve(d, key=str(d.key), labels=d.key.labels)
    if ctx.in_row and not d.unique:
        # each row under a header is its own record: its cells never share a key with another
        # row's (two deadlines, two units), whatever their words
        d = attrs.evolve(d, unique=True)
    return d


def _neighbours(ctx: _Ctx) -> tuple[bool, bool]:
    """Whether the placeholder is listed with the previous / next one (``XX、XX``)."""
    # spaces are left out: in a form line they separate columns, not items of one kind
    seps = "、和与及"
    left = ctx.left.rstrip(seps)
    right = ctx.right.lstrip(seps)
    prev = left.endswith(_OTHER) and len(left) < len(ctx.left)
    nxt = right.startswith(_OTHER) and len(right) < len(ctx.right)
    return prev, nxt


def classify(
    found: Sequence[Found],
    texts: Mapping[str, str],
    rules: Rules | None = None,
    headers: Mapping[tuple[str, int], str] | None = None,
    marks: tuple[str, ...] = DEFAULT_MARKS,
) -> list[Classified]:
    """Decide the kind, reason and key of every placeholder in ``found`` (document order).
    ``headers`` are the column headers of table cells (``(part, offset) -> header``, as
    ``Source.column_headers`` gives them); ``marks`` the template's marks (``Options.marks``).

    >>> text = "召开XX次会议，学习党的XX大精神"
    >>> found = [Found("text", 2, 4, "XX"), Found("text", 12, 14, "XX")]
    >>> [(c.kind.value, c.key) for c in classify(found, {"text": text})]
    [('count', '召开XX次'), ('ordinal', '党的XX大')]
    """
    lex = _lexicon(rules if rules is not None else Rules.default())
    contexts = _contexts(found, texts, headers, marks)
    decisions = [_decide(ctx, lex) for ctx in contexts]
    _follow_lists(found, contexts, decisions)
    _follow_ranges(found, contexts, decisions)
    return _assign_keys(found, contexts, decisions, lex, texts, marks)


def _follow_lists(
    found: Sequence[Found], contexts: Sequence[_Ctx], decisions: list[_Decision]
) -> None:
    """A weak decision takes the kind of a placeholder it is listed with (``XX、XX、XXX同志``)."""
    links = [_neighbours(ctx) for ctx in contexts]
    changed = True
    adopted: set[int] = set()
    while changed:
        changed = False
        for i in range(len(decisions)):
            if decisions[i].strength > 1 or i in adopted:
                continue
            prev, nxt = links[i]
            for j, ok in ((i - 1, prev), (i + 1, nxt)):
                if not (ok and 0 <= j < len(decisions) and found[j].part == found[i].part):
                    continue
                other = decisions[j]
                mine = decisions[i].strength
                if other.strength >= 2 or j in adopted or (mine == 0 and other.strength >= 1):
                    if other.kind is not decisions[i].kind:
                        decisions[i] = attrs.evolve(
                            decisions[i],
                            kind=other.kind,
                            reason=f"listed with a {other.kind.value} ({other.reason})",
                            rule="listed",
                        )
                    adopted.add(i)
                    changed = True
                    break


_RANGE_RE = regex.compile(r"^[.．至到—－\-～~][0-9０-９]*" + _OTHER)


def _follow_ranges(
    found: Sequence[Found], contexts: Sequence[_Ctx], decisions: list[_Decision]
) -> None:
    """Both ends of a range or a decimal take the stronger end's kind (XX至XX人, XX.XX元)."""
    for i in range(len(decisions) - 1):
        right = contexts[i].right
        if not (_RANGE_RE.match(right) and found[i].part == found[i + 1].part):
            continue
        a, b = decisions[i], decisions[i + 1]
        if a.strength <= 1 and b.strength >= 2 and a.kind is not b.kind:
            decisions[i] = attrs.evolve(
                a,
                kind=b.kind,
                reason=f"range or decimal with a {b.kind.value} ({b.reason})",
                rule="range",
            )
        elif b.strength <= 1 and a.strength >= 2 and a.kind is not b.kind:
            decisions[i + 1] = attrs.evolve(
                b,
                kind=a.kind,
                reason=f"range or decimal with a {a.kind.value} ({a.reason})",
                rule="range",
            )
