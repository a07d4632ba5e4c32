"""Selectors and typed values to a fill plan: which placeholder gets which text, and every problem.

Values are a mapping from selector to value, or an attrs instance whose fields carry their
selector in metadata (see :func:`slot`). A selector is one of:

``"#N"``
    The N-th placeholder of the document (1-based, document order).
a key
    Every placeholder whose ``key`` is exactly this string. A string that is exactly a key is
    a key selector; when it also reads like a fragment (``"XX社区"``), it reaches the other
    placeholders in that context too, but below every other selector, so a form's own keys
    (``"召开XX次~2"``) and any index or fragment still win there.
a context fragment
    Text containing a placeholder literal, such as ``"党的XX大"`` or ``"XX月XX日"``: it
    selects every placeholder whose surroundings (``before + literal + after``) contain the
    fragment with one of the fragment's literals on the placeholder itself. Placeholder marks
    compare equal to each other (``XX``, ``ＸＸ`` and ``××`` are the same), lengths do not
    (``XX`` is not ``XXX``). A fragment is matched within the context a scan records
    (``Options.context`` characters each side), so keep it short.

When several selectors reach one placeholder, the most specific wins: index > longer fragment >
shorter fragment > key (> a key read as a fragment). Two selectors of the same specificity
that would write different text are a ``conflict``. A value of ``""`` is not a value: it is
how ``xxfill form`` marks an entry nobody filled in, so its placeholders are reported as
missing (or kept/marked, per ``Options.missing``).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import regex

from xxfill.core.errors import Problem, ValidationError
from xxfill.core.model import Kind, Options, Placeholder
from xxfill.mapping.render import RenderError, render, why_no_such_date

__all__ = ["Assignment", "Plan", "Quick", "SelectorIndex", "resolve", "resolve_quick", "slot"]

_INDEX_RE = regex.compile(r"#([0-9]+)")

#: Specificity ranks: bigger wins. Fragments add their length as a second component.
_RANK_KEY_FALLBACK = 0
_RANK_KEY = 1
_RANK_FRAGMENT = 2
_RANK_INDEX = 3


def slot(selector: str, *, kind: Kind | str | None = None, **kwargs: Any) -> Any:
    """An ``attrs.field`` whose value fills the placeholders ``selector`` selects.

    ``kind`` renders the value as that kind instead of the scanned one (for instance an
    ``"ordinal"`` where the scan said ``other``). Other keyword arguments go to ``attrs.field``.

    >>> import attrs
    >>> from xxfill.mapping.selectors import slot
    >>> @attrs.frozen
    ... class Report:
    ...     congress: int = slot("党的XX大", kind="ordinal")
    ...     unit: str = slot("XX党委")
    >>> attrs.fields(Report).congress.metadata["xxfill"]
    {'selector': '党的XX大', 'kind': 'ordinal'}
    """
    if not isinstance(selector, str):
        raise TypeError(f"a selector is a string, not {type(selector).__name__}")
    spec: dict[str, str] = {"selector": selector}
    if kind is not None:
        spec["kind"] = Kind(kind).value
    metadata = dict(kwargs.pop("metadata", None) or {})
    metadata["xxfill"] = spec
    return attrs.field(metadata=metadata, **kwargs)


@attrs.frozen
class Assignment:
    """``placeholder`` gets ``text``, rendered from ``value``, which ``selector`` supplied.

    >>> import xxfill
    >>> s = xxfill.scan(xxfill.Text("召开XX次"))
    >>> a = xxfill.resolve(s.placeholders, {"召开XX次": 12}).assignments[0]
    >>> (a.placeholder.index, a.value, a.text, a.selector)
    (1, 12, '12', '召开XX次')
    """

    placeholder: Placeholder
    value: object = attrs.field(eq=False)
    text: str
    selector: str


@attrs.frozen
class Plan:
    """What a fill will do, and what is wrong with the values.

    - ``assignments``: one per filled placeholder, in document order.
    - ``unfilled``: placeholders no value reached, in document order; they keep their literal, or
      get ``mark`` when it is not ``None`` (``Options(missing="mark")``).
    - ``unused``: selectors that match no placeholder (each is also an ``unknown-selector``
      problem).
    - ``warnings``: things that are allowed but probably not meant (``Problem`` values of
      severity ``warning``).
    - ``problems``: everything that makes the values unfit; empty when ``resolve`` returns in
      strict mode.

    >>> import xxfill
    >>> s = xxfill.scan(xxfill.Text("XX人，XX次"))
    >>> plan = xxfill.resolve(s.placeholders, {"#1": 3, "#9": 1}, strict=False)
    >>> ([a.text for a in plan.assignments], [p.index for p in plan.unfilled], plan.unused)
    (['3'], [2], ('#9',))
    >>> [p.code for p in plan.problems]
    ['unknown-selector', 'missing']
    """

    assignments: tuple[Assignment, ...]
    unfilled: tuple[Placeholder, ...]
    unused: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    problems: tuple[Problem, ...] = ()
    mark: str | None = None

    @property
    def ok(self) -> bool:
        """No problems."""
        return not self.problems

    def replacements(self) -> tuple[tuple[Placeholder, str], ...]:
        """``(placeholder, text)`` for every placeholder whose text changes, in document order:
        the assignments, plus the unfilled placeholders when they are marked."""
        out = [(a.placeholder, a.text) for a in self.assignments]
        if self.mark is not None:
            out += [(p, self.mark) for p in self.unfilled]
        out.sort(key=lambda pair: pair[0].index)
        return tuple(out)

    def raise_for_problems(self, *, source: str | None = None) -> Plan:
        """Raise one ``ValidationError`` listing every problem; return ``self`` when there is
        none (so calls chain)."""
        if self.problems:
            raise ValidationError(self.problems, source=source)
        return self


@attrs.frozen
class _Entry:
    selector: str
    value: object
    kind: Kind | None
    order: int


def _entries(values: object) -> list[_Entry]:
    """The (selector, value, kind) entries of a mapping or an attrs instance, in given order."""
    if isinstance(values, Mapping):
        return [_Entry(k, v, None, i) for i, (k, v) in enumerate(values.items())]
    if attrs.has(type(values)):
        out = []
        for f in attrs.fields(type(values)):
            spec = f.metadata.get("xxfill")
            if spec is None:
                continue  # bookkeeping fields (ids, paths) are not values
            kind: Kind | None = None
            if isinstance(spec, str):
                selector = spec
            elif isinstance(spec, Mapping) and isinstance(spec.get("selector"), str):
                selector = spec["selector"]
                if spec.get("kind") is not None:
                    try:
                        kind = Kind(spec["kind"])
                    except ValueError:
                        raise TypeError(
                            f"field {f.name!r}: unknown kind {spec['kind']!r} in its xxfill "
                            f"metadata (one of {', '.join(k.value for k in Kind)})"
                        ) from None
            else:
                raise TypeError(
                    f"field {f.name!r}: xxfill metadata must be a selector string or "
                    f'{{"selector": ..., "kind": ...}}, not {spec!r}'
                )
            out.append(_Entry(selector, getattr(values, f.name), kind, len(out)))
        return out
    raise TypeError(
        "values must be a mapping of selector to value or an attrs instance whose fields "
        f"declare their selectors, not {type(values).__name__}"
    )


def _normaliser(marks: Sequence[str]) -> dict[int, str]:
    canon = marks[0] if marks else "X"
    return {ord(m): canon for m in marks}


def _fragment_matches(fragment: str, index: SelectorIndex) -> list[Placeholder]:
    frag = fragment.translate(index.table)
    out = []
    for lit, group in index.literals.items():
        if lit not in frag:
            continue  # a fragment holds the marks of the placeholders it selects
        for p, before, after in group:
            if len(frag) > len(before) + len(lit) + len(after):
                continue  # cannot fit in the context (and a huge selector would be quadratic)
            i = frag.find(lit)
            while i != -1:
                if before.endswith(frag[:i]) and after.startswith(frag[i + len(lit) :]):
                    out.append(p)
                    break
                i = frag.find(lit, i + 1)
    if len(index.literals) > 1:
        out.sort(key=lambda p: p.index)
    return out


def _selects(
    sel: str, index: SelectorIndex
) -> tuple[tuple[int, int], list[Placeholder], str | None]:
    """The rank, the placeholders ``sel`` selects, and why it selects none (or None)."""
    if sel in index.keys:
        return (_RANK_KEY, 0), index.keys[sel], None
    n = len(index.placeholders)
    m = _INDEX_RE.fullmatch(sel)
    if m:
        digits = m.group(1)
        # int() refuses more than 4300 digits; no document has that many placeholders anyway.
        p = index.by_index.get(int(digits)) if len(digits) <= 18 else None
        if p is None:
            return (
                (_RANK_INDEX, 0),
                [],
                f"there is no placeholder {sel} (the template has #1 to #{n})",
            )
        return (_RANK_INDEX, 0), [p], None
    matched = _fragment_matches(sel, index)
    if matched:
        return (_RANK_FRAGMENT, len(sel)), matched, None
    if sel.startswith("#"):
        why = f"{sel!r} is not an index selector (#1 to #{n}), a key or a context fragment"
    elif "\n" in sel or "\r" in sel:
        why = (
            "a fragment stays inside one paragraph, and this one spans a line break: give "
            "the part on the placeholder's own line"
        )
    elif any(lit in sel.translate(index.table) for lit in index.literals):
        why = "no placeholder sits in this context, and it is not a key"
    else:
        why = "it is not a key, not #N, and contains no placeholder literal such as XX"
    return (_RANK_FRAGMENT, len(sel)), [], f"matches no placeholder: {why}"


def _nearest_key(sel: str, keys: Mapping[str, Sequence[Placeholder]], table: Any) -> str | None:
    """The key most like ``sel``, preferring one of the same kind: among close keys, one whose
    placeholders are followed by what follows the marks in ``sel`` (召开会义XX次 → a key whose
    XX is followed by 次, a count, before a name key that merely looks alike)."""
    if len(sel) >= 200:
        return None
    close = difflib.get_close_matches(sel, list(keys), n=5, cutoff=0.6)
    if not close:
        return None
    canon = next(iter(table.values()), "X")
    m = regex.search(f"{regex.escape(canon)}{{2,}}(.?)", sel.translate(table))
    follow = m.group(1) if m else ""
    if follow:
        for key in close:
            if any(p.after[:1] == follow for p in keys[key]):
                return key
    return close[0]


_ISO_DATE = regex.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _fills_nothing(selector: str) -> Problem:
    return Problem(
        "fills-nothing",
        "more specific selectors give every placeholder it matches its value",
        selector=selector,
        severity="warning",
    )


def _multi_fragment(selector: str, mark_re: Any) -> bool:
    """A fragment holding several placeholders ("上午XX:XX")."""
    return mark_re is not None and len(mark_re.findall(selector)) > 1


def _describe_value(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # an int of over 4300 digits, a broken __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 40 else text[:37] + "..."


class SelectorIndex:
    """What resolving values needs from a template that does not depend on the values: the
    placeholders by index and key, and (memoised) what each selector reaches.

    ``compile`` builds one per template so that every render skips this work; ``resolve``
    builds a throwaway one otherwise. Memo writes are idempotent, so threads may share it.
    """

    def __init__(self, placeholders: Sequence[Placeholder], options: Options) -> None:
        self.placeholders = tuple(sorted(placeholders, key=lambda p: p.index))
        self.by_index = {p.index: p for p in self.placeholders}
        self.keys: dict[str, list[Placeholder]] = {}
        for p in self.placeholders:
            self.keys.setdefault(p.key, []).append(p)
        self.marks = options.marks
        self.table = _normaliser(options.marks)
        #: placeholders by their literal with marks normalised (``XX``, ``XXX``...), each with
        #: its context normalised the same way: a selector is read against the few literals
        #: it can hold, not against every placeholder
        self.literals: dict[str, list[tuple[Placeholder, str, str]]] = {}
        for p in self.placeholders:
            t = self.table
            self.literals.setdefault(p.literal.translate(t), []).append(
                (p, p.before.translate(t), p.after.translate(t))
            )
        marks = "".join(options.marks)
        self.mark_re = regex.compile(f"[{regex.escape(marks)}]{{2,}}") if marks else None
        self._memo: dict[str, tuple[tuple[tuple[int, int], Placeholder], ...] | str] = {}
        self._shapes: dict[tuple[object, ...], _Shape | None] = {}

    def reach(self, selector: str) -> tuple[tuple[tuple[int, int], Placeholder], ...] | str:
        """``(rank, placeholder)`` for every placeholder ``selector`` reaches, or why it
        reaches none."""
        hit = self._memo.get(selector)
        if hit is None:
            hit = self._memo[selector] = self._reach(selector)
        return hit

    def unmatched(self, selector: str, *, suggest: bool = True) -> str | None:
        """``None`` when ``selector`` reaches a placeholder, else why not; with ``suggest``,
        also the nearest key ("did you mean ...?")."""
        why = self.reach(selector)
        if not isinstance(why, str):
            return None
        close = _nearest_key(selector, self.keys, self.table) if suggest else None
        return f"{why}; did you mean the key {close!r}?" if close else why

    def _reach(self, selector: str) -> tuple[tuple[tuple[int, int], Placeholder], ...] | str:
        rank, matched, why = _selects(selector, self)
        if not matched:
            return why or ""
        out = [(rank, p) for p in matched]
        if rank[0] == _RANK_KEY and not (self.mark_re and self.mark_re.fullmatch(selector)):
            # A key that also reads as a fragment ("XX社区") reaches the other placeholders in
            # that context too, below every other selector: a hand-written values file works
            # whatever keys the classifier chose, and a form's own keys still win. A key that
            # is only marks ("XX", a table cell's) would reach everything: it never does. And a
            # placeholder whose own key is given (even as "") is never reached this way.
            group = {p.index for p in matched}
            out += [
                ((_RANK_KEY_FALLBACK, 0), p)
                for p in _fragment_matches(selector, self)
                if p.index not in group
            ]
        return tuple(out)

    def shape(self, selectors: tuple[object, ...]) -> _Shape | None:
        """Which of ``selectors`` fills each placeholder, when that does not depend on the
        values: every selector known, every placeholder reached, one most specific selector
        each, no fragment holding several placeholders. ``None`` otherwise (memoised too)."""
        try:
            return self._shapes[selectors]
        except KeyError:
            pass
        shape = self._shape(selectors)
        if len(self._shapes) >= _MAX_SHAPES:
            self._shapes.clear()  # rows with ever-new column sets: keep the memo bounded
        self._shapes[selectors] = shape
        return shape

    def _shape(self, selectors: tuple[object, ...]) -> _Shape | None:
        cands: dict[int, list[tuple[tuple[int, int], int]]] = {}
        dated: list[int] = []
        given = set(selectors)
        for order, sel in enumerate(selectors):
            if not isinstance(sel, str):
                return None
            reach = self.reach(sel)
            if isinstance(reach, str):
                return None
            if reach[0][0][0] == _RANK_FRAGMENT and _multi_fragment(sel, self.mark_re):
                dated.append(order)  # takes only a date (or is refused)
            for r, p in reach:
                if r[0] == _RANK_KEY_FALLBACK and p.key in given:
                    continue
                cands.setdefault(p.index, []).append((r, order))
        positions: list[int] = []
        reached: set[int] = set()
        for p in self.placeholders:
            cs = cands.get(p.index)
            if not cs:
                return None
            if len(cs) > 1:
                top = max(rank for rank, _ in cs)
                cs = [c for c in cs if c[0] == top]
                if len(cs) > 1:
                    return None
            positions.append(cs[0][1])
            reached.add(cs[0][1])
        matched = {o for cs in cands.values() for _, o in cs}
        warnings = tuple(
            _fills_nothing(sel)  # type: ignore[arg-type]
            for o, sel in enumerate(selectors)
            if o in matched and o not in reached
        )
        losers = tuple(o for o in range(len(selectors)) if o not in reached)
        return _Shape(tuple(positions), warnings, losers, tuple(dated))

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_memo"] = {}  # caches: pickles stay small
        state["_shapes"] = {}
        return state


#: Shapes (column sets) a SelectorIndex remembers before it starts over.
_MAX_SHAPES = 256


@attrs.frozen
class _Shape:
    positions: tuple[int, ...]  # per placeholder (document order): the selector's position
    warnings: tuple[Problem, ...]
    # Selectors that fill nothing: a blank ("") among them would not warn, so quick declines.
    losers: tuple[int, ...]
    # Fragments holding several placeholders: they take a date, anything else is refused.
    dated: tuple[int, ...]


@attrs.frozen
class Quick:
    """A plan for the common case, found without building one: every placeholder filled, no
    problem, no warning but those the selectors alone cause. ``texts``, ``values`` and
    ``selectors`` are per placeholder, in document order."""

    placeholders: tuple[Placeholder, ...]
    texts: list[str] = attrs.field(eq=False)
    values: list[object] = attrs.field(eq=False)
    selectors: tuple[str, ...]
    warnings: tuple[Problem, ...]


def resolve_quick(index: SelectorIndex, values: object) -> Quick | None:
    """What ``resolve`` would decide for ``values``, when ``values`` is a dict that fills every
    placeholder with no problem and no value-dependent warning; ``None`` whenever anything is
    out of the ordinary, and the caller resolves the full way (the only way problems are
    reported). Equivalent to ``resolve`` by construction; the tests compare the two.

    >>> import xxfill
    >>> from xxfill.mapping.selectors import SelectorIndex
    >>> s = xxfill.scan(xxfill.Text("召开XX次会议，XX同志"))
    >>> index = SelectorIndex(s.placeholders, s.options)
    >>> resolve_quick(index, {"#1": 3, "#2": "张三"}).texts
    ['3', '张三']
    >>> resolve_quick(index, {"#1": 3}) is None  # #2 is missing: resolve reports it
    True
    """
    if type(values) is not dict:
        return None
    selectors = tuple(values)
    shape = index.shape(selectors)
    if shape is None:
        return None
    given = list(values.values())
    for o in shape.losers:
        if isinstance(given[o], str) and not given[o]:
            return None
    for o in shape.dated:
        if not isinstance(given[o], _dt.date):
            return None
    per = [given[o] for o in shape.positions]
    texts: list[str] = []
    for v, p in zip(per, index.placeholders, strict=True):
        if isinstance(v, str):
            if not v:
                return None  # a blank form entry: reported as missing
            texts.append(v)  # what render gives once the characters are checked (below)
            continue
        try:
            texts.append(render(v, p, marks=index.marks))
        except RenderError:
            return None
    joined = "\x00".join(texts)
    if (
        joined.count("\x00") != len(texts) - 1
        or _UNPLAIN.search(joined)
        or (index.mark_re is not None and index.mark_re.search(joined))
    ):
        return None  # bad characters, line breaks, placeholder marks: warnings or problems
    return Quick(
        index.placeholders,
        texts,
        per,
        tuple(selectors[o] for o in shape.positions),  # type: ignore[misc]
        shape.warnings,
    )


#: Characters XML cannot hold (as ``_render.xml_problem``), plus line breaks, which warn.
_UNPLAIN = regex.compile(r"[^\x00\t\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def resolve(
    placeholders: Sequence[Placeholder],
    values: Mapping[str, object] | object,
    *,
    options: Options | None = None,
    source: str | None = None,
    strict: bool = True,
    index: SelectorIndex | None = None,
) -> Plan:
    """Decide the text of every placeholder from ``values``; collect every problem.

    ``index`` is a ``SelectorIndex`` of the same placeholders and options, for callers that
    resolve many value sets against one template.

    In strict mode (the default) any problem raises one :class:`~xxfill.ValidationError` that
    lists them all; with ``strict=False`` the problems are returned in ``Plan.problems``.

    >>> from xxfill.core.model import Kind, Placeholder
    >>> p = Placeholder(1, "XX", Kind.ORDINAL, "党的XX大", "text", 2, 4, "党的", "大精神", "")
    >>> [a.text for a in resolve([p], {"党的XX大": 20}).assignments]
    ['二十']
    """
    opts = options if options is not None else Options()
    if index is None:
        index = SelectorIndex(placeholders, opts)
    entries = _entries(values)
    reach = _reach_all(entries, index)
    decided = [_decide(p, reach, opts, index.mark_re) for p in index.placeholders]
    warnings = [w for d in decided for w in d.warnings]
    reached = {order for d in decided for order in d.reached}
    matched_some = {e.order for cs in reach.candidates.values() for _, e in cs}
    for entry in entries:
        if entry.order not in reached and entry.order in matched_some:
            warnings.append(_fills_nothing(entry.selector))
    plan = Plan(
        assignments=tuple(d.assignment for d in decided if d.assignment is not None),
        unfilled=tuple(d.placeholder for d in decided if d.assignment is None and d.unfilled),
        unused=tuple(reach.unused),
        warnings=tuple(warnings),
        problems=(*reach.problems, *(q for d in decided for q in d.problems)),
        mark=opts.missing_mark if opts.missing == "mark" else None,
    )
    if strict:
        plan.raise_for_problems(source=source)
    return plan


@attrs.define
class _Reach:
    """Which entries reach which placeholders: ``candidates`` (rank, entry) per placeholder
    index for entries with a value, ``blanks`` the selectors of empty entries, and the
    problems and unused selectors found on the way."""

    candidates: dict[int, list[tuple[tuple[int, int], _Entry]]] = attrs.Factory(dict)
    blanks: dict[int, list[str]] = attrs.Factory(dict)
    unused: list[str] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)


#: Unknown selectors of one value set that get a "did you mean" (each costs a comparison with
#: every key; past this many the values are not a misspelling but the wrong file).
_MAX_SUGGESTIONS = 100


def _reach_all(entries: Sequence[_Entry], index: SelectorIndex) -> _Reach:
    out = _Reach()
    given = {e.selector for e in entries if isinstance(e.selector, str)}
    for entry in entries:
        if not isinstance(entry.selector, str):
            out.problems.append(
                Problem(
                    "unknown-selector",
                    f"a selector is a string, not {type(entry.selector).__name__}",
                    selector=repr(entry.selector),
                )
            )
            continue
        reach = index.reach(entry.selector)
        if isinstance(reach, str):
            out.unused.append(entry.selector)
            why = index.unmatched(entry.selector, suggest=len(out.unused) <= _MAX_SUGGESTIONS)
            out.problems.append(Problem("unknown-selector", why or reach, selector=entry.selector))
            continue
        multi = reach[0][0][0] == _RANK_FRAGMENT and _multi_fragment(entry.selector, index.mark_re)
        parts: dict[int, _Entry] = {}
        if multi:
            parts, problem = _split_code(entry, [p for _r, p in reach], index)
            if not parts and problem is None:
                entry, problem = _whole_date(entry)
            if problem is not None:
                out.problems.append(problem)
                continue
        for r, p in reach:
            if r[0] == _RANK_KEY_FALLBACK and p.key in given:
                continue  # its own key is given: a blank stays missing, not filled from here
            e = parts.get(p.index, entry)
            if isinstance(e.value, str) and e.value == "":
                out.blanks.setdefault(p.index, []).append(e.selector)
            else:
                out.candidates.setdefault(p.index, []).append((r, e))
    return out


#: What may stand between the parts of a code written with several placeholders
#: (XXXX-XXXXXXX, XX-20XX-XXXX: the 20 the template writes comes with the separator).
_CODE_SEP = regex.compile(r"[-－—–/／.．·:：_ ]{1,3}[0-9０-９]{0,3}")


def _code_gap(a: Placeholder, b: Placeholder) -> str | None:
    """The separator between neighbouring placeholders ``a`` and ``b`` that are parts of one
    code (the ``-`` of XXXX-XXXXXXX, the ``-20`` of XX-20XX-XXXX), or ``None``."""
    size = b.start - a.end
    if a.part != b.part or b.index != a.index + 1 or not 0 < size <= len(a.after):
        return None
    gap = a.after[:size]
    return gap if _CODE_SEP.fullmatch(gap) else None


def _split_code(
    entry: _Entry, reached: Sequence[Placeholder], index: SelectorIndex
) -> tuple[dict[int, _Entry], Problem | None]:
    """One string for a fragment that covers a code split by separators (联系电话：XXXX-XXXXXXX
    = "0571-86901234"): the string is cut at the same separators, a part per placeholder.
    ``({}, None)`` when the fragment is no such code or the value is no string (a date
    fragment, for one); a string of the wrong shape is a problem that shows the shape."""
    value = entry.value
    ps = sorted(reached, key=lambda p: p.index)
    if not isinstance(value, str) or value == "" or _ISO_DATE.fullmatch(value.strip()):
        return {}, None
    seps: list[str] = []
    for a, b in itertools.pairwise(ps):
        gap = _code_gap(a, b)
        if gap is None:
            return {}, None
        seps.append(gap)
    sel = entry.selector.translate(index.table)
    lead = sel[: sel.find(ps[0].literal.translate(index.table))]
    lead = lead[len(lead) - len(_DIGITS_END.search(lead).group()) :] if lead else ""
    text = value.strip()
    if lead and text.startswith(lead) and len(text) > len(lead):
        text = text[len(lead) :]  # 20XX.XX.XX given 2025.03.05: the template writes the 20
    pieces = regex.split("|".join(regex.escape(x) for x in dict.fromkeys(seps)), text)
    if len(pieces) != len(ps) or not all(pieces):
        shape = ps[0].literal + "".join(x + p.literal for x, p in zip(seps, ps[1:], strict=True))
        return {}, Problem(
            "invalid-value",
            f"this fragment covers one code written {lead}{shape}: give it as one string of "
            f"that shape, its {len(ps)} parts separated by {' and '.join(map(repr, seps))}, "
            f"not {_describe_value(value)}",
            selector=entry.selector,
        )
    return {p.index: attrs.evolve(entry, value=t) for p, t in zip(ps, pieces, strict=True)}, None


_DIGITS_END = regex.compile(r"[0-9０-９]*$")


def _whole_date(entry: _Entry) -> tuple[_Entry, Problem | None]:
    """An entry for a fragment holding several placeholders: only a date can fill them all
    ("2025-01-13" from a CSV or JSON file spells one); anything else is a problem."""
    value = entry.value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return attrs.evolve(entry, value=_dt.date.fromisoformat(value.strip())), None
        except ValueError:
            y, m, d = (int(x) for x in value.strip().split("-"))
            why = why_no_such_date(y, m, d) or f"{value.strip()} is not a date"
            return entry, Problem("invalid-value", why, selector=entry.selector)
    if isinstance(value, _dt.date) or value == "":
        return entry, None
    # "上午XX:XX" = "9:30" would write 9:30 into both slots (9:30:9:30)
    return entry, Problem(
        "type-mismatch",
        "this fragment holds several placeholders and one value would fill each "
        "of them; give each placeholder its own selector (or a date, for a date "
        "fragment such as XX月XX日: a TOML date, a typed cell, or text such as "
        "2025-01-13)",
        selector=entry.selector,
    )


@attrs.frozen
class _Decision:
    """What one placeholder gets: an assignment, or why not (problems), and what to warn."""

    placeholder: Placeholder
    assignment: Assignment | None = None
    unfilled: bool = False
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    reached: tuple[int, ...] = ()  # entries that were the most specific for it


def _decide(
    p: Placeholder, reach: _Reach, opts: Options, mark_re: regex.Pattern[str] | None
) -> _Decision:
    cands = reach.candidates.get(p.index, [])
    if not cands:
        problems: tuple[Problem, ...] = ()
        if opts.missing == "error":
            empty = reach.blanks.get(p.index)
            if empty:
                names = ", ".join(repr(s) for s in dict.fromkeys(empty))
                msg = f"the entry {names} is empty; give it a value"
            else:
                msg = f"no value for this placeholder (key {p.key!r})"
            problems = (Problem("missing", msg, index=p.index, context=p.context),)
        return _Decision(p, unfilled=True, problems=problems)
    if len(cands) == 1:  # the common case: one selector reaches this placeholder
        tops = [cands[0][1]]
    else:
        top = max(rank for rank, _ in cands)
        tops = [e for rank, e in cands if rank == top]
    reached = tuple(e.order for e in tops)
    first_entry, first, problem = _render_top(p, tops, opts.marks)
    if problem is not None or not isinstance(first, str):
        return _Decision(p, unfilled=True, problems=(problem,) if problem else (), reached=reached)
    assignment = Assignment(p, first_entry.value, first, first_entry.selector)
    warnings = _assignment_warnings(p, first_entry, first, mark_re)
    return _Decision(p, assignment, warnings=warnings, reached=reached)


def _render_top(
    p: Placeholder, tops: Sequence[_Entry], marks: tuple[str, ...]
) -> tuple[_Entry, str | RenderError, Problem | None]:
    """Render the most specific entries; a conflict or a render error is a problem."""
    rendered: list[tuple[_Entry, str | RenderError]] = []
    for e in tops:
        try:
            rendered.append((e, render(e.value, p, kind=e.kind, marks=marks)))
        except RenderError as exc:
            rendered.append((e, exc))
    first_entry, first = rendered[0]
    differing = [
        e
        for e, r in rendered[1:]
        if not (
            (isinstance(r, str) and isinstance(first, str) and r == first)
            or (
                not isinstance(r, str)
                and not isinstance(first, str)
                and e.value == first_entry.value
            )
        )
    ]
    if differing:
        parts = [f"{e.selector!r} = {_describe_value(e.value)}" for e in [first_entry, *differing]]
        return (
            first_entry,
            first,
            Problem(
                "conflict",
                "equally specific selectors give different values: " + ", ".join(parts),
                selector=first_entry.selector,
                index=p.index,
                context=p.context,
            ),
        )
    if isinstance(first, RenderError):
        return (
            first_entry,
            first,
            Problem(
                first.code,
                first.message,
                selector=first_entry.selector,
                index=p.index,
                context=p.context,
            ),
        )
    return first_entry, first, None


def _assignment_warnings(
    p: Placeholder, entry: _Entry, text: str, mark_re: regex.Pattern[str] | None
) -> tuple[Problem, ...]:
    def warn(code: str, message: str) -> Problem:
        return Problem(
            code, message, selector=entry.selector, index=p.index, context=p.context,
            severity="warning",
        )  # fmt: skip

    warnings = []
    if entry.kind is not None and entry.kind is not p.kind:
        warnings.append(
            warn(
                "kind-override",
                f"scanned as {p.kind.value}, rendered as {entry.kind.value} as the selector asks",
            )
        )
    if mark_re is not None and (left := mark_re.search(text)):
        warnings.append(
            warn("value-has-marks", f"the value still contains a placeholder ({left.group()!r})")
        )
    if "\n" in text or "\r" in text:
        warnings.append(
            warn(
                "value-has-line-break",
                "the value contains a line break (a new line in text, a line break within the "
                "paragraph in a DOCX)",
            )
        )
    return tuple(warnings)
