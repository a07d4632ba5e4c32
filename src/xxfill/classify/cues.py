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

import bisect
import functools
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import regex

from xxfill.core.model import Kind

try:  # pragma: no cover - depends on the interpreter
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib  # type: ignore[no-redef]

__all__ = ["Classified", "Found", "Rules", "classify"]

#: Site residue (``##paidbegin##``): invisible to classification.
_ARTIFACT_RE = regex.compile(r"##[A-Za-z_]\w*##")
#: Stands for another placeholder inside a context string.
_OTHER = "\ue000"
_HAN = regex.compile(r"\p{Han}")
_SPACE = " \t\u3000\u00a0"

_OPENERS = {"《": "》", "〈": "〉", "“": "”", "‘": "’", "「": "」", "『": "』"}
_TITLE_OPENERS = frozenset("《〈")


def _tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError("a lexicon is a list of words, not one string")
    out: list[str] = []
    for v in value:
        if not isinstance(v, str):
            raise TypeError(f"lexicon entries are strings, got {v!r}")
        if v and v not in out:
            out.append(v)
    return tuple(out)


def _blockers(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    merged: dict[str, str] = {}
    for word, chars in items:
        merged[str(word)] = merged.get(str(word), "") + str(chars)
    return tuple(sorted(merged.items()))


_LIST_FIELDS = (
    "measure_words",
    "count_prefixes",
    "count_labels",
    "duration_cues",
    "duration_after",
    "ordinal_prefixes",
    "ordinal_suffixes",
    "ordinal_labels",
    "congress_prefixes",
    "date_suffixes",
    "date_prefixes",
    "date_labels",
    "org_suffixes",
    "place_suffixes",
    "venue_suffixes",
    "firm_suffixes",
    "subject_verbs",
    "name_prefixes",
    "name_labels",
    "person_suffixes",
    "person_titles",
    "person_labels",
    "person_groups",
    "person_posts",
    "person_predicates",
    "appoint_verbs",
    "role_verbs",
    "name_groups",
    "term_labels",
    "term_prefixes",
    "term_key_prefixes",
    "term_suffixes",
    "other_labels",
    "shared_name_suffixes",
    "key_breaks",
    "partner_prefixes",
)


def _lex() -> Any:
    return attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Rules:
    """The lexicons that classification reads, as data.

    Every field is a tuple of words; ``blockers`` maps a suffix to the characters that may not
    follow it (``市`` before ``场`` is 市场, not a city). Two lists shape keys rather than kinds:
    ``shared_name_suffixes`` are the name endings that stand for one entity in a report (``XX党委``,
    ``XX局``, ``XX区``: every occurrence shares a key), while a name with any other ending
    (``XX平台``, ``XX中心``) shares only when the words around it match too; ``key_breaks`` are the
    verbs and prepositions a key's context is cut at, so keys are whole words (``心得体会XX篇``);
    a name after one of ``partner_prefixes`` is another party (``与XX局``), keyed apart.
    Build one with :meth:`default`, :meth:`from_toml`, :meth:`extend` or :meth:`merged_with_file`.

    >>> Rules.default().extend(measure_words=["人份"]).measure_words[-1]
    '人份'
    """

    measure_words: tuple[str, ...] = _lex()
    count_prefixes: tuple[str, ...] = _lex()
    count_labels: tuple[str, ...] = _lex()
    duration_cues: tuple[str, ...] = _lex()
    duration_after: tuple[str, ...] = _lex()
    ordinal_prefixes: tuple[str, ...] = _lex()
    ordinal_suffixes: tuple[str, ...] = _lex()
    ordinal_labels: tuple[str, ...] = _lex()
    congress_prefixes: tuple[str, ...] = _lex()
    date_suffixes: tuple[str, ...] = _lex()
    date_prefixes: tuple[str, ...] = _lex()
    date_labels: tuple[str, ...] = _lex()
    org_suffixes: tuple[str, ...] = _lex()
    place_suffixes: tuple[str, ...] = _lex()
    venue_suffixes: tuple[str, ...] = _lex()
    firm_suffixes: tuple[str, ...] = _lex()
    subject_verbs: tuple[str, ...] = _lex()
    name_prefixes: tuple[str, ...] = _lex()
    name_labels: tuple[str, ...] = _lex()
    person_suffixes: tuple[str, ...] = _lex()
    person_titles: tuple[str, ...] = _lex()
    person_labels: tuple[str, ...] = _lex()
    person_groups: tuple[str, ...] = _lex()
    person_posts: tuple[str, ...] = _lex()
    person_predicates: tuple[str, ...] = _lex()
    appoint_verbs: tuple[str, ...] = _lex()
    role_verbs: tuple[str, ...] = _lex()
    name_groups: tuple[str, ...] = _lex()
    term_labels: tuple[str, ...] = _lex()
    term_prefixes: tuple[str, ...] = _lex()
    term_key_prefixes: tuple[str, ...] = _lex()
    term_suffixes: tuple[str, ...] = _lex()
    other_labels: tuple[str, ...] = _lex()
    shared_name_suffixes: tuple[str, ...] = _lex()
    key_breaks: tuple[str, ...] = _lex()
    partner_prefixes: tuple[str, ...] = _lex()
    blockers: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_blockers)

    @classmethod
    def default(cls) -> Rules:
        """The lexicons shipped in ``xxfill/classify/default.toml`` (loaded once)."""
        return _default_rules()

    @classmethod
    def from_toml(cls, path_or_text: str | os.PathLike[str]) -> Rules:
        """Rules from a TOML file or TOML text, replacing the defaults entirely.

        A ``pathlib.Path`` (or any ``os.PathLike``) is read as a file; a ``str`` is TOML text when
        it contains ``=`` or a newline, otherwise a path. Lists missing from the file are empty.
        """
        return cls(**_load_toml(path_or_text))

    def extend(self, **lists: Iterable[str] | Mapping[str, str]) -> Rules:
        """A copy with extra entries appended, e.g. ``extend(measure_words=["批次"])``."""
        changes: dict[str, Any] = {}
        for name, extra in lists.items():
            if name == "blockers":
                if not isinstance(extra, Mapping):
                    raise TypeError("blockers is a mapping from a suffix to characters")
                changes[name] = (*self.blockers, *extra.items())
            elif name in _LIST_FIELDS:
                if isinstance(extra, (str, Mapping)):
                    raise TypeError(f"{name} takes a list of words, got {extra!r}")
                changes[name] = (*getattr(self, name), *extra)
            else:
                raise TypeError(
                    f"unknown lexicon {name!r}; known: {', '.join((*_LIST_FIELDS, 'blockers'))}"
                )
        return attrs.evolve(self, **changes)

    def merged_with_file(self, path: str | os.PathLike[str]) -> Rules:
        """A copy with the lists of a TOML file appended to these ones."""
        return self.extend(**_load_toml(Path(path)))

    def to_dict(self) -> dict[str, Any]:
        """The lexicons as plain lists (the TOML schema)."""
        out: dict[str, Any] = {name: list(getattr(self, name)) for name in _LIST_FIELDS}
        out["blockers"] = dict(self.blockers)
        return out


def _load_toml(path_or_text: str | os.PathLike[str]) -> dict[str, Any]:
    if isinstance(path_or_text, os.PathLike):
        text = Path(path_or_text).read_text(encoding="utf-8")
    elif "=" in path_or_text or "\n" in path_or_text:
        text = path_or_text
    else:
        text = Path(path_or_text).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    data.pop("schema", None)
    unknown = set(data) - {*_LIST_FIELDS, "blockers"}
    if unknown:
        raise ValueError(f"unknown lexicon(s) in rules file: {', '.join(sorted(unknown))}")
    return data


@functools.lru_cache(maxsize=1)
def _default_rules() -> Rules:
    text = resources.files("xxfill.classify").joinpath("default.toml").read_text(encoding="utf-8")
    return Rules.from_toml(text)


@attrs.frozen
class Found:
    """One detected placeholder: ``text[start:end] == literal`` in part ``part``."""

    part: str
    start: int
    end: int
    literal: str


@attrs.frozen
class Classified:
    """The kind of one placeholder, the rule and cue that decided it, and its key."""

    kind: Kind
    reason: str
    key: str


# --------------------------------------------------------------------------------------------
# Lexicon lookups, compiled once per Rules value


@attrs.frozen
class _Cue:
    kind: Kind
    word: str
    label: str  # how the reason names the list


class _Lexicon:
    """Prefix/suffix lookups over the lists of one ``Rules``."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.blockers = dict(rules.blockers)
        after: dict[str, list[_Cue]] = {}

        def add(words: Iterable[str], kind: Kind, label: str) -> None:
            for w in words:
                after.setdefault(w, []).append(_Cue(kind, w, label))

        # Order within one word = priority when the same word is in several lists.
        add(rules.ordinal_suffixes, Kind.ORDINAL, "ordinal suffix")
        add(rules.date_suffixes, Kind.DATE, "date unit")
        add(rules.person_suffixes, Kind.PERSON, "person cue")
        add(rules.org_suffixes, Kind.NAME, "organisation suffix")
        add(rules.place_suffixes, Kind.NAME, "place suffix")
        add(rules.venue_suffixes, Kind.NAME, "venue suffix")
        add(rules.measure_words, Kind.COUNT, "measure word")
        add(rules.term_suffixes, Kind.TERM, "term cue")
        self.after = after
        self.after_max = max((len(w) for w in after), default=0)
        self.name_suffixes = frozenset(
            (*rules.org_suffixes, *rules.place_suffixes, *rules.venue_suffixes)
        )
        self.strong_name_suffixes = frozenset(
            w for w in self.name_suffixes if len(w) >= 2 and w not in rules.term_suffixes
        )
        self.count_measures = frozenset(rules.measure_words)
        self.long_name_suffixes = frozenset(w for w in self.name_suffixes if len(w) >= 2)
        self.signer_notes = frozenset((*rules.person_labels, "签字", "签名", "劳动者", "个人"))
        self.titles_and_posts = frozenset((*rules.person_titles, *rules.person_posts))
        self.shared = frozenset(rules.shared_name_suffixes)
        self.any_name_suffix = frozenset(
            (*self.name_suffixes, *rules.firm_suffixes, *rules.shared_name_suffixes)
        )
        self.breaks = tuple(w for w in rules.key_breaks if len(w) >= 2)
        #: words of two or more characters the lexicons know: where a key's head may start
        self.words = tuple(
            {
                w
                for w in (
                    *self.name_suffixes,
                    *rules.term_suffixes,
                    *rules.person_titles,
                    *rules.measure_words,
                    *self.breaks,
                    *rules.date_prefixes,
                    *rules.count_prefixes,
                )
                if len(w) >= 2
            }
        )
        self.break_chars = frozenset(w for w in rules.key_breaks if len(w) == 1)

    def blocked(self, word: str, rest: str) -> bool:
        """``word`` followed by ``rest`` is part of a longer word."""
        chars = self.blockers.get(word)
        return bool(chars) and bool(rest) and rest[0] in chars

    def suffixes_at(self, right: str) -> list[_Cue]:
        """Every cue that starts ``right``, longest first."""
        out: list[_Cue] = []
        for n in range(min(self.after_max, len(right)), 0, -1):
            word = right[:n]
            cues = self.after.get(word)
            if cues and not self.blocked(word, right[n:]):
                out.extend(cues)
        return out


# Patterns used on every placeholder, compiled once.
_DATE_TAIL = regex.compile(r"(?:底|初|末|中旬|上旬|下旬|份|度|前|后|起|止|上午|下午)+")
_WORD_BREAK = regex.compile(r"[，。；！？、,;!?\s]")
_CN_CENTURY = regex.compile(r"[一二][〇零○九]$")
_CENTURY = regex.compile(r"(?:19|20|１９|２０)$")
_WHOLE_PLACE = regex.compile(r"^全(?:市|县|区|省|镇|乡|村|国)")
_KIND_IN_BRACKETS = regex.compile(r"^[（(](\p{Han}{1,4})[）)]")
_SESSION = regex.compile(r"次(?:会议|全会|全体会议|代表大会)")
_HEADER_TRIM = regex.compile(r"[（(][^（()）]*[）)]$|[:：]$")
_TRAILING_ASIDE = regex.compile(r"[（(][^）)]*[）)]$")
_UNBRACKET = regex.compile(r"[（(]([^（()）]*)[）)]$")


@functools.lru_cache(maxsize=16)
def _lexicon(rules: Rules) -> _Lexicon:
    return _Lexicon(rules)


#: Lexicon tuples indexed by word length: ``id(words) -> (words, lengths longest first, set)``.
#: Keyed by identity (hashing a long tuple per call would cost what the index saves); the
#: entry keeps its tuple alive, so an id is never reused while its entry exists.
_AFFIX_INDEX: dict[int, tuple[Collection[str], tuple[int, ...], frozenset[str]]] = {}


def _affix_index(words: Collection[str]) -> tuple[tuple[int, ...], frozenset[str]]:
    """The lengths (longest first) and set of an immutable word collection, built once."""
    entry = _AFFIX_INDEX.get(id(words))
    if entry is None or entry[0] is not words:
        if len(_AFFIX_INDEX) >= 1024:
            _AFFIX_INDEX.clear()
        entry = _AFFIX_INDEX[id(words)] = (words, _lengths(words), frozenset(words))
    return entry[1], entry[2]


def _lengths(words: Iterable[str]) -> tuple[int, ...]:
    return tuple(sorted({len(w) for w in words}, reverse=True))


def _ends_with(text: str, words: Iterable[str]) -> str | None:
    """The longest of ``words`` that ``text`` ends with."""
    if not isinstance(words, (tuple, frozenset)):
        words = tuple(words)  # a one-off list: index it without keeping it
        lengths, known = _lengths(words), frozenset(words)
    else:
        lengths, known = _affix_index(words)
    n = len(text)
    for k in lengths:
        if k <= n and text[n - k :] in known:
            return text[n - k :]
    return None


def _starts_with(text: str, words: Iterable[str]) -> str | None:
    """The longest of ``words`` that ``text`` starts with."""
    if not isinstance(words, (tuple, frozenset)):
        words = tuple(words)
        lengths, known = _lengths(words), frozenset(words)
    else:
        lengths, known = _affix_index(words)
    n = len(text)
    for k in lengths:
        if k <= n and text[:k] in known:
            return text[:k]
    return None


# --------------------------------------------------------------------------------------------
# The line around one placeholder


@attrs.frozen
class _Ctx:
    """A placeholder's line with artifacts removed and other placeholders as ``_OTHER``."""

    line: str  # the cleaned line, focal placeholder as _OTHER too
    pos: int  # index of the focal placeholder in ``line``
    literal: str
    line_id: tuple[str, int] = ("", 0)  # (part, offset of the line in the part)
    above: str = ""  # the nearest line above with words in it (a table row's header cell)
    in_row: bool = False  # a cell of a table row under a header row: one record among many

    @property
    def left(self) -> str:
        return self.line[: self.pos]

    @property
    def right(self) -> str:
        return self.line[self.pos + 1 :]

    def render(self, start: int, end: int) -> str:
        """``line[start:end]`` for a key: the focal literal as is, others as ``…``."""
        out = []
        for i in range(start, end):
            ch = self.line[i]
            if i == self.pos:
                out.append(self.literal)
            elif ch == _OTHER:
                out.append("…")
            elif ch in "\r\n\t":
                continue
            else:
                out.append(ch)
        return "".join(out).strip()


_LINE_BREAK = regex.compile(r"[\r\n]")
_BLANKISH = regex.compile(r"^[\sXＸ×○＿_]*$")


def _line_above(text: str, ls: int, lines: int = 4) -> str:
    """The nearest of the ``lines`` lines above ``ls`` that has words (not only marks)."""
    end = ls - 1
    for _ in range(lines):
        if end < 0:
            return ""
        start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        row = _ARTIFACT_RE.sub("", text[start:end]).strip()
        if not _BLANKISH.match(row):
            return row[-40:]
        end = start - 1
    return ""


def _column_above(text: str, ls: int, col: int, lines: int = 4) -> str:
    """Field ``col`` of the nearest tab-separated line above ``ls`` that has words there."""
    end = ls - 1
    for _ in range(lines):
        if end < 0:
            return ""
        start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        fields = text[start:end].split("\t")
        if len(fields) > col and "\t" in text[start:end]:
            field = _ARTIFACT_RE.sub("", fields[col]).strip()
            if not _BLANKISH.match(field):
                return field[-40:]
        end = start - 1
    return ""


#: How far around a placeholder its line is read (a bound for very long lines).
_REACH = 300
#: How far back an opening bracket may be (a title or a quote is shorter than this).
_BRACKET_REACH = 120


def _contexts(
    found: Sequence[Found],
    texts: Mapping[str, str],
    headers: Mapping[tuple[str, int], str] | None = None,
) -> list[_Ctx]:
    """The cleaned line around each placeholder; each line is cleaned once. ``headers`` gives
    the column header of a table cell's line (``(part, line start) -> header``)."""
    lines: dict[tuple[str, int], list[int]] = {}
    ends: dict[tuple[str, int], int] = {}
    breaks: dict[str, list[int]] = {}
    for i, f in enumerate(found):
        text = texts[f.part]
        if f.part not in breaks:
            # A line ends at \n, \r\n or a lone \r (old Mac text): a \r kept inside the line
            # would be dropped below and shift ``pos``.
            breaks[f.part] = [m.start() for m in _LINE_BREAK.finditer(text)]
        marks = breaks[f.part]
        k = bisect.bisect_left(marks, f.start)
        ls = marks[k - 1] + 1 if k else 0
        key = (f.part, ls)
        if key not in ends:
            after = bisect.bisect_left(marks, f.end)
            ends[key] = marks[after] if after < len(marks) else len(text)
        lines.setdefault(key, []).append(i)
    out: dict[int, _Ctx] = {}
    for (part, ls), members in lines.items():
        text = texts[part]
        members.sort(key=lambda j: found[j].start)
        pieces: list[str] = []
        positions: dict[int, int] = {}
        cursor, length = ls, 0
        for j in members:
            g = found[j]
            if g.start < cursor:
                continue  # overlapping spans: keep the first
            seg = _ARTIFACT_RE.sub("", text[cursor : g.start]).replace("\r", "")
            pieces.append(seg)
            length += len(seg)
            positions[j] = length
            pieces.append(_OTHER)
            length += 1
            cursor = g.end
        pieces.append(_ARTIFACT_RE.sub("", text[cursor : ends[(part, ls)]]).replace("\r", ""))
        line = "".join(pieces)
        lone = not line.strip(_SPACE + _OTHER)
        above = ""
        in_row = (part, ls) in (headers or {})
        if lone:
            above = (headers or {}).get((part, ls)) or _line_above(text, ls)
        for j in members:
            f = found[j]
            pos = positions.get(j)
            if "\t" in line:
                # a row of a tab-separated table: the header of this placeholder's column
                col = text.count("\t", ls, f.start)
                header = _column_above(text, ls, col)
                if lone:
                    above = header or above
                in_row = in_row or bool(header)
            if pos is None:  # overlapped another span: read it in its own little line
                out[j] = _Ctx(line=_OTHER, pos=0, literal=f.literal, line_id=(part, ls))
                continue
            a = max(0, pos - _REACH)
            out[j] = _Ctx(
                line=line[a : pos + 1 + _REACH],
                pos=pos - a,
                literal=f.literal,
                line_id=(part, ls),
                above=above,
                in_row=in_row,
            )
    return [out[i] for i in range(len(found))]


# --------------------------------------------------------------------------------------------
# Rules


@attrs.frozen
class _Decision:
    kind: Kind
    reason: str
    key: str
    strength: int = 3  # 3 strong cue, 2 label or prefix, 1 weak hint, 0 fallback
    unique: bool = False  # never share the key (a table cell: its header is not its identity)
    #: readable forms of ``key`` shown to people, best first; ``key`` itself still decides
    #: which placeholders share (a label is used only where it names no other group)
    labels: tuple[str, ...] = ()


class _Key(str):
    """A key with readable labels attached (moved into ``_Decision.labels`` by ``_decide``)."""

    labels: tuple[str, ...] = ()


def _labelled(key: str, *labels: str) -> str:
    out = _Key(key)
    out.labels = tuple(lb for lb in labels if lb)
    return out


_HAN_RUN_END = regex.compile(r"\p{Han}+$")
_HAN_RUN_START = regex.compile(r"^\p{Han}+")


def _han_tail(text: str, n: int) -> str:
    """The last ``n`` Han characters of ``text`` that touch its end (no punctuation between)."""
    m = _HAN_RUN_END.search(text)
    return m.group(0)[-n:] if m else ""


def _han_head(text: str, n: int) -> str:
    m = _HAN_RUN_START.match(text)
    return m.group(0)[:n] if m else ""


#: The longest head a key takes before a placeholder (about one short phrase).
_KEY_CAP = 6
#: Marks a key never starts or ends with (a bracket or a quote belongs to what it encloses).
_KEY_EDGE = "，。；：、！？,.;:!? \t\u3000\u00a0"


def _key_head(left: str, lex: _Lexicon, cap: int = _KEY_CAP) -> str:
    """The words right before a placeholder, starting on a word boundary.

    The run of Han characters touching the placeholder, without the unit word of a placeholder
    before it (``XX个工作日缩短至``), cut after a verb or preposition of ``key_breaks``
    (``撰写心得体会`` → ``心得体会``), at most ``cap`` characters (then the last four).
    """
    m = _HAN_RUN_END.search(left)
    if not m:
        return ""
    run = m.group(0)
    before = left[m.start() - 1] if m.start() > 0 else ""
    if before == _OTHER or _DIGIT.match(before):
        # the unit word of the number before (XX个工作日缩短至, 2023年共召开)
        cues = lex.suffixes_at(run)
        unit = cues[0].word if cues else run[:1] if run[:1] in "年月日" else ""
        if unit and len(unit) < len(run):
            run = run[len(unit) :]
    run = run[-(cap * 3) :]
    end = ""
    pre = _ends_with(run, lex.rules.count_prefixes)
    if pre and len(run) >= len(pre) + 2 and pre[-1] not in "额量数分例比幅之":
        run, end = run[: -len(pre)], pre  # 集中学习不少于, 办结率达
    if len(run) > 2 and run[-1] in lex.break_chars and not _ends_with(run, lex.words):
        run, end = run[:-1], run[-1] + end  # 时限由, 占年度计划的 (but 截至 is one word)
    for i in range(max(1, len(run) - cap), len(run) - 2):
        if _ends_with(run[:i], lex.breaks):
            return run[i:] + end
    if len(run) > cap:
        # 精神和省委: after a joining word inside the run
        for i in range(len(run) - cap, len(run) - 1):
            if run[i - 1] in "和与的" and i > 1:
                return run[i:] + end
    if len(run) <= cap:
        return run + end
    # the longest head that starts with a word the lexicons know (中心组学习, not 心组学习)
    for i in range(len(run) - cap, len(run) - 3):
        if _starts_with(run[i:], lex.words):
            return run[i:] + end
    # a word ending in a bound suffix (失业率, 培训费) is usually two characters and the suffix
    return run[-5 if run[-1] in _BOUND_SUFFIXES else -4 :] + end


#: One-character endings that make a word with the two characters before them (登记失业率).
_BOUND_SUFFIXES = frozenset("率")
_TAIL_STOP = frozenset("的和与及等被在对为是将")


def _key_tail(right: str, lex: _Lexicon, cap: int = 4, *, whole: bool = False) -> str:
    """The word right after a placeholder (or after its unit word): the run of Han characters up
    to a verb of ``key_breaks`` or a function word; longer than ``cap``, its first two (with
    ``whole``, nothing)."""
    run = _han_head(right, 40)
    for i in range(1, len(run)):
        if _starts_with(run[i:], lex.breaks) or (i >= 2 and run[i] in _TAIL_STOP):
            run = run[:i]
            break
    if len(run) <= cap:
        return run
    return "" if whole else run[:2]


def _tidy(key: str) -> str:
    """``key`` without punctuation at its ends (a bracket closed before it, a comma after it)."""
    key = key.strip(_KEY_EDGE)
    while key[:1] and key[0] in "）)》〉”’」』":
        key = key[1:].lstrip(_KEY_EDGE)
    while key[-1:] and key[-1] in "（(《〈“‘「『":
        key = key[:-1].rstrip(_KEY_EDGE)
    return key


def _clean_key(key: str) -> str:
    key = "".join(ch for ch in key if ch.isprintable()).strip()
    if key.startswith("#"):
        key = "＃" + key[1:]
    return key or "XX"


# ---- brackets ----------------------------------------------------------------------------


_BRACKET_RE = regex.compile('[《》〈〉“”‘’「」『』"]')


def _enclosing(ctx: _Ctx) -> list[tuple[str, int, int]]:
    """Brackets around the focal placeholder as (opener, open, close) indices, outermost first.

    An opener counts only if its closer follows on the same line.
    """
    stack: list[tuple[str, int]] = []
    ascii_open: int | None = None
    for m in _BRACKET_RE.finditer(ctx.line, max(0, ctx.pos - _BRACKET_REACH), ctx.pos):
        i, ch = m.start(), m.group(0)
        if ch in _OPENERS and not (ch == "‘" and stack and stack[-1][0] == "‘"):
            stack.append((ch, i))
        elif ch in _CLOSERS:
            for k in range(len(stack) - 1, -1, -1):
                if _OPENERS[stack[k][0]] == ch:
                    del stack[k:]
                    break
        elif ch == '"':
            ascii_open = None if ascii_open is not None else i
    out: list[tuple[str, int, int]] = []
    start = ctx.pos + 1
    for opener, at in reversed(stack):
        close = _matching_close(ctx.line, opener, start)
        if close is None:
            continue
        out.append((opener, at, close))
        start = close + 1
    if ascii_open is not None:
        close_ascii = ctx.line.find('"', ctx.pos + 1)
        if close_ascii != -1:
            out.append(('"', ascii_open, close_ascii))
    out.sort(key=lambda t: t[1])
    return out


_CLOSERS = frozenset(_OPENERS.values())


_PAIR_RE: dict[str, Any] = {}


def _matching_close(line: str, opener: str, start: int) -> int | None:
    closer = _OPENERS[opener]
    depth = 0
    pattern = _PAIR_RE.get(opener)
    if pattern is None:
        pattern = _PAIR_RE[opener] = regex.compile(f"[{regex.escape(opener + closer)}]")
    for m in pattern.finditer(line, pos=start):
        i, ch = m.start(), m.group(0)
        if ch == opener:
            depth += 1
        elif ch == closer:
            if depth == 0:
                return i
            depth -= 1
    return None


def _brackets(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    spans = _enclosing(ctx)
    if not spans:
        return None
    for opener, a, b in spans:
        if opener in _TITLE_OPENERS:
            return _Decision(Kind.TITLE, f"inside {opener}{_OPENERS[opener]}", ctx.render(a, b + 1))
    opener, _a, _b = spans[-1]
    closer = _OPENERS.get(opener, '"')
    if ctx.left.endswith("十") and ctx.right.startswith("五") and _b - _a == 4:
        # “十XX五”: the five-year plan's number, the one number a quote holds by convention
        return _Decision(Kind.ORDINAL, "“十…五”: a five-year plan", ctx.render(_a, _b + 1))
    # keyed by the outermost quote, so the parts of “‘XX·XX’XX星级” stay in one phrase
    oa, ob = spans[0][1], spans[0][2]
    key = ctx.render(oa, ob + 1)
    if not _HAN.search(ctx.line[oa + 1 : ob]):
        # nothing but placeholders inside: only the words around tell two quotes apart; shown
        # as the quote and the word after it (“XX”审批模式), or the words before it (以“XX”)
        quote = key
        key = ctx.render(max(0, oa - 3), min(len(ctx.line), ob + 4))
        head = _key_head(ctx.line[:oa], lex, 4)
        tail = _key_tail(ctx.line[ob + 1 :], lex)
        key = _labelled(
            key,
            quote + tail if tail else "",
            head + quote if head else "",
            head + quote + tail if head and tail else "",
        )
    return _Decision(Kind.QUOTE, f"inside {opener}{closer}", key)


# ---- numbers -------------------------------------------------------------------------------

_DIGIT = regex.compile(r"[0-9０-９]")
_DATE_CHARS = frozenset("0123456789０１２３４５６７８９年月日号时分秒:：—－-～~至" + _OTHER)


def _date_key(ctx: _Ctx, lex: _Lexicon) -> str:
    """The whole date expression around the placeholder (``XX月XX日至XX日``) with the words
    before it up to the clause start and a few after it, so that only the same phrase shares."""
    line = ctx.line
    a = ctx.pos
    while a > 0 and line[a - 1] in _DATE_CHARS:
        a -= 1
    b = ctx.pos + 1
    while b < len(line) and line[b] in _DATE_CHARS:
        b += 1
    # keep the expression's own trailing unit words (底, 前, 中旬 ...)
    m = _DATE_TAIL.match(line[b:])
    if m:
        b += m.end()
    head = _WORD_BREAK.split(line[max(0, a - 6) : a])[-1]
    tail = _WORD_BREAK.split(line[b : b + 4])[0]
    # shown with whole words only: 请各单位于XX月XX日前, not ）请各单位于XX月XX日前将参训人
    nice_head = _key_head(line[:a], lex)
    nice_tail = _key_tail(line[b:], lex, 4, whole=True)
    return _labelled(
        ctx.render(a - len(head), b + len(tail)),
        ctx.render(a - len(nice_head), b + len(nice_tail)),
    )


def _is_digitish(ch: str) -> bool:
    return bool(ch) and (ch == _OTHER or bool(_DIGIT.match(ch)))


_YEAR_AFTER = regex.compile(r"^(?:19|20|１９|２０)(?:[0-9０-９]{2}|" + _OTHER + r")年")
#: 附件1：XX, 表2：XX, 比分3：XX: a numbered label or a score before the colon, not an hour.
_NUMBERED_LABEL = regex.compile(
    r"(?:附件|附表|附图|附录|表|图|例|题|条|款|项|章|节|步骤|方案|比分|比赛)[0-9０-９]{1,3}[:：]$"
)
_RATIO = regex.compile(r"(?:比例|比为|比例为|[以按]1)[:：]?[0-9]*[:：]?$")


#: 20XX.XX.XX, 2024.XX.XX: a date written with points (a placeholder is _OTHER in the line).
_DOTTED_DATE = regex.compile(
    r"(?<![0-9０-９.．" + _OTHER + r"])(?:(?:19|20|１９|２０)?" + _OTHER + r"|[0-9０-９]{4})"
    r"[.．](?:" + _OTHER + r"|[0-9０-９]{1,2})[.．](?:" + _OTHER + r"|[0-9０-９]{1,2})"
    r"(?![0-9０-９.．" + _OTHER + r"])"
)


def _number_shape(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left, right = ctx.left, ctx.right
    prev, nxt = left[-1:], right[:1]
    if (prev in ".．" or nxt in ".．") and any(
        m.start() <= ctx.pos < m.end()
        for m in _DOTTED_DATE.finditer(ctx.line, max(0, ctx.pos - 9), ctx.pos + 10)
    ):
        return _Decision(Kind.DATE, "a date written with points (2024.3.5)", _date_key(ctx, lex))
    # 二〇XX年 / 二零XX年: a year written in Chinese numerals (GB/T 15835 numbering style)
    if _CN_CENTURY.search(left) and nxt == "年":
        return _Decision(
            Kind.DATE,
            f"a year in Chinese numerals: {left[-2:]}{ctx.literal}年",
            _date_key(ctx, lex),
        )
    if _CENTURY.search(left) and (
        nxt in "年级届〕］]）)" or _starts_with(right, lex.rules.date_suffixes)
    ):
        why = (
            "a year in a document number"
            if nxt in "〕］]）)"
            else f"a year: {left[-2:]}{ctx.literal} before {nxt}"
        )
        return _Decision(Kind.DATE, why, _date_key(ctx, lex))
    if (
        len(ctx.literal) == 4
        and nxt == "年"
        and not _starts_with(right[1:], lex.rules.duration_after)
    ):
        return _Decision(Kind.DATE, "four marks before 年: a year", _date_key(ctx, lex))
    if (prev in ":：" and _is_digitish(left[-2:-1]) and not _NUMBERED_LABEL.search(left)) or (
        nxt in ":：" and _is_digitish(right[1:2])
    ):
        if _RATIO.search(left[-8:]) or right.startswith("的比例"):
            return _Decision(Kind.COUNT, "a ratio (1:XX)", _count_key(ctx, lex, ""))
        return _Decision(Kind.DATE, "hours and minutes around a colon: a time", _date_key(ctx, lex))
    joined = (prev in "-－—~" and _is_digitish(left[-2:-1])) or (
        nxt in "-－—" and _is_digitish(right[1:2])
    )
    digits = bool(prev and _DIGIT.match(prev)) or bool(nxt and _DIGIT.match(nxt))
    if joined:
        return _Decision(Kind.OTHER, "part of a number: next to a dash", _window_key(ctx, lex), 1)
    if digits and _YEAR_AFTER.match(right):
        digits = False  # XX2024年度: a unit before its year, not a digit of it
    if digits:
        if right.startswith("年") or lex.suffixes_at(right):
            return None  # 1XX人: a count written half in digits; the word after decides
        return _Decision(Kind.OTHER, "part of a number: next to digits", _window_key(ctx, lex), 2)
    return None


# ---- the word after ------------------------------------------------------------------------

_TIME_PREFIXES = ("上午", "下午", "晚上", "早上", "中午", "凌晨", "傍晚", "当日", "当天")


def _window_key(
    ctx: _Ctx, lex: _Lexicon, before: int = 4, after: int = 2, *, shown_after: int = 0
) -> str:
    """The placeholder with the words touching it; with none, a few characters around it.

    Labelled with the same words cut on word boundaries (``副局长XXX``, ``在XX报``).
    """
    head = _han_tail(ctx.left, before)
    tail = _han_head(ctx.right, after)
    if head or tail:
        key = ctx.render(ctx.pos - len(head), ctx.pos + 1 + len(tail))
    else:
        key = ctx.render(max(0, ctx.pos - 4), min(len(ctx.line), ctx.pos + 1 + 6))
    nice_head = _key_head(ctx.left, lex, before) if before >= 4 else head
    nice_tail = _key_tail(ctx.right, lex, max(after, shown_after, 2)) if after else ""
    if nice_head or nice_tail:
        nice = ctx.render(ctx.pos - len(nice_head), ctx.pos + 1 + len(nice_tail))
    else:
        nice = _tidy(key)
    return _labelled(key, nice)


def _within(text: str, words: Iterable[str], reach: int) -> str | None:
    """A word of ``words`` inside the first ``reach`` Han characters of ``text`` (等道德模范)."""
    head = _han_head(text, reach)
    hits = [w for w in words if len(w) >= 2 and w in head]
    return max(hits, key=len) if hits else None


def _group_key(ctx: _Ctx, word: str) -> str:
    """``XX等…个单位``: the placeholder, 等 and the group it heads."""
    rest = ctx.right[1:]
    mid = ""
    if rest[:1] == _OTHER:
        mid, rest = "…", rest[1:]
    at = rest.find(word)
    group = rest[: at + len(word)] if at >= 0 else word
    if len(group) == 1:
        group = _han_head(rest, 3)  # 名同志, 个单位
    return f"{ctx.literal}等{mid}{group}"


def _count_key(ctx: _Ctx, lex: _Lexicon, cue: str) -> str:
    """``集中学习XX次``: the words before (whole words, see ``_key_head``) and the measure word;
    counts never share a key, so it only has to be readable."""
    head = _key_head(ctx.left, lex)
    return f"{head}{ctx.literal}{cue}"


def _name_key(ctx: _Ctx, lex: _Lexicon, cue: str) -> str:
    """``XX党委``; an administrative level right before joins (``区XX党支部``), and a compound
    name that continues with another placeholder keeps it (``XX区…所``)."""
    left = ctx.left
    head = ""
    if left[-1:] in ("区", "市", "县", "省", "镇", "乡", "村") and (
        len(left) < 2 or not _HAN.match(left[-2]) or left[-2] in "的和与及向在到对"
    ):
        head = left[-1]
    elif left[-1:] and left[-1] in "区市县省镇乡村局" and left[-2:-1] == _OTHER:
        head = "…" + left[-1]
    else:
        # 加强与XX局的协作: a partner, not the author's own XX局
        head = _ends_with(left.rstrip(_SPACE), lex.rules.partner_prefixes) or ""
    rest = ctx.right[len(cue) :]
    more = _han_head(rest, 3)
    if (
        more
        and len(more) <= 2
        and not any(c in more for c in "等和与及的")
        and _ends_with(cue + more, lex.name_suffixes)
    ):
        cue, rest = cue + more, rest[len(more) :]  # XX工程队, not XX工程
    # A compound name (XX市XX局) keeps the plain key of its first part: the XX市 before XX局 is
    # the same city as every other XX市 in the report, so it is filled once.
    return f"{head}{ctx.literal}{cue}"


#: 教育部等XX部门: after 等, a unit word counts the units (等十部门), it does not end a name.
_COUNTED_AFTER_DENG = ("部门", "部委", "单位", "家单位", "个部门", "个单位")


def _right_cue(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left, right = ctx.left, ctx.right
    rules = lex.rules
    lit = ctx.literal
    if left.endswith("广大"):
        # 广大XX is always a group, whatever follows (广大XX学会…, 广大XX对…)
        return _Decision(Kind.TERM, "preceded by 广大: a group", _term_key(ctx, lex, "", "广大"))
    counted = _starts_with(right, _COUNTED_AFTER_DENG) if left.endswith("等") else None
    if counted:
        why = f"等…{counted}: how many units"
        return _Decision(Kind.COUNT, why, _count_key(ctx, lex, counted))
    # XX等XX名同志 / XX等龙头企业: a group of people or of units
    if right.startswith("等"):
        rest = right[1:]
        if rest[:1] == _OTHER:
            rest = rest[1:]
        n = _starts_with(rest, rules.name_groups)
        # 等部门人员: people of those units, so the units win over a person word further on
        p = _starts_with(rest, rules.person_groups) or (
            None if n else _within(rest, rules.person_groups, 5)
        )
        if p and (not n or len(p) >= len(n)) and not rest.startswith("个"):
            return _Decision(
                Kind.PERSON, f"followed by 等…{p}: a group of people", _group_key(ctx, p)
            )
        if n:
            return _Decision(Kind.NAME, f"followed by 等…{n}: a group of units", _group_key(ctx, n))
        if rest.startswith("个") or rest.startswith("家"):
            return _Decision(
                Kind.NAME, "followed by 等…个: a group of units", _group_key(ctx, "个")
            )
        group = _han_head(rest, 6)
        n = _ends_with(group, rules.name_groups)
        if n and "的" not in group:
            return _Decision(Kind.NAME, f"followed by 等…{n}: a group of units", _group_key(ctx, n))
    # XX（管理站站长）, XX（局办公室科员）: a person followed by the post in brackets
    m = _ASIDE.match(right)
    post = _ends_with(m.group(0)[1:-1], rules.person_posts) if m else None
    if post:
        return _Decision(
            Kind.PERSON, f"followed by a post in brackets ({post})", _window_key(ctx, lex, 4, 4)
        )
    # 副局长XXX2024年度述职报告: a post before it makes it the person, not the unit
    if _YEAR_AFTER.match(right):
        title = _ends_with(left, rules.person_titles)
        if title:
            why = f"preceded by job title {title} (before a year)"
            return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 2), 2)
    # XX2024年度工作总结: the unit whose year it is
    if _YEAR_AFTER.match(right):
        return _Decision(Kind.NAME, "followed by a year: the unit it belongs to", f"{lit}…年")
    # ××发〔20××〕××号, ××政〔2023〕: the issuing body of a document number
    if _DOC_NUMBER.match(right):
        return _Decision(
            Kind.NAME, "before a document number 〔…〕: the issuing body", f"{lit}发文"
        )
    # 指定XX为项目联系人: a person appointed to a role
    m = _APPOINTED.match(right)
    if m:
        return _Decision(Kind.PERSON, f"appointed as {m.group(1)}", _window_key(ctx, lex, 4, 4))
    # XX第XX次党代会, XX第一书记: the body that holds the session or the post
    if right.startswith("第") and not _ends_with(left, lex.rules.ordinal_prefixes):
        tail = _han_head(right[2:], 3) if right[1:2] == _OTHER else _han_head(right[1:], 3)
        mid = "…" if right[1:2] == _OTHER else ""
        return _Decision(
            Kind.NAME, "followed by 第…: the body it belongs to", f"{lit}第{mid}{tail}", 2
        )
    # XX全市人民: a place followed by its own 全市
    m = _WHOLE_PLACE.match(right)
    if m:
        return _Decision(Kind.NAME, f"followed by {m.group(0)}: a place", f"{lit}{m.group(0)}")
    # XX（单位名称）, XXX（姓名）: a hint in brackets says what to write
    hint = _bracket_hint(ctx, lex)
    if hint is not None:
        return hint
    # XX（社区）: a name with its kind in brackets
    m = _KIND_IN_BRACKETS.match(right)
    if m and m.group(1) in lex.name_suffixes:
        return _Decision(Kind.NAME, f"followed by {m.group(0)}", f"{lit}{m.group(0)}")
    if right.startswith("年") and not right.startswith("年级"):
        return _year(ctx, lex)
    if right.startswith("分") and not right.startswith("分钟") and left.endswith("时"):
        return _Decision(Kind.DATE, "preceded by 时 … followed by 分: a time", _date_key(ctx, lex))
    # XX栋XX单元XX室: the numbers of an address
    m = _ADDRESS_PART.match(right)
    if m and (
        _ADDRESS_BEFORE.search(left)
        or (m.group(0) in _ADDRESS_CHAIN and right[len(m.group(0)) : len(m.group(0)) + 1] == _OTHER)
    ):
        if _FULL_ADDRESS.match(right):
            why = f"part of an address: …{m.group(0)}"
            return _Decision(Kind.OTHER, why, _window_key(ctx, lex), 2)
        # XX号楼XX单元, 大厦XX楼: which building, unit or floor (a number in a sequence)
        why = f"a building, unit or floor number: …{m.group(0)}"
        return _Decision(Kind.ORDINAL, why, _window_key(ctx, lex), 2)
    cues = lex.suffixes_at(right)
    if not cues:
        return None
    word = cues[0].word
    same = [c for c in cues if c.word == word]
    kinds = {c.kind for c in same}
    cue = same[0]
    if Kind.DATE in kinds:
        d = _date_word(ctx, lex, word)
        if d is not None:
            return d
        rest = [c for c in cues if c.kind is not Kind.DATE]
        if not rest:
            return None
        cue = rest[0]
        word = cue.word
        kinds = {c.kind for c in rest if c.word == word}
    if Kind.COUNT in kinds and Kind.NAME in kinds:
        return _count_or_name(ctx, lex, word)
    if cue.kind is Kind.COUNT:
        return _Decision(Kind.COUNT, f"followed by measure word {word}", _count_key(ctx, lex, word))
    if cue.kind is Kind.NAME:
        return _Decision(Kind.NAME, f"followed by {cue.label} {word}", _name_key(ctx, lex, word))
    if cue.kind is Kind.TERM:
        firm = _firm(ctx, lex)
        if firm is not None:
            return firm
        if len(lit) == 3 and word in rules.person_posts:
            why = f"three marks before the post {word}: a person"
            return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 4))
        title = _ends_with(left, rules.person_titles) if len(lit) == 3 else None
        if title:  # 经局长XXX审批: the official, not a field of work
            why = f"three marks after the job title {title}: a person"
            return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 2))
        # XX发展和改革局：the whole phrase is a government body named after its field
        whole = _han_head(right, 9)
        if (
            len(whole) <= 8
            and whole == _han_head(right, 99)
            and whole[-1] in "局委厅办院所处科部站"
        ):
            return _Decision(Kind.NAME, f"a name ending in {whole[-1]}", f"{lit}{whole}")
        # XX管理站, XX教育局, XX服务中心: a field word that begins a unit's name
        run = _han_head(right, 4)
        for end in range(len(word) + 1, len(run) + 1):
            tail = _ends_with(run[:end], lex.name_suffixes)
            rest = right[end:]
            if (
                tail
                and end - len(tail) >= len(word)
                and not lex.blocked(tail, rest)
                and not any(c in run[:end] for c in "和与及的等在")
                and (
                    len(tail) > 1
                    or not _HAN.match(rest[:1] or " ")
                    or _starts_with(rest, lex.rules.person_suffixes)
                )
            ):
                return _Decision(Kind.NAME, f"a name ending in {tail}", f"{lit}{run[:end]}")
        return _Decision(Kind.TERM, f"followed by term cue {word}", _term_key(ctx, lex, word))
    if cue.kind is Kind.PERSON:
        return _Decision(Kind.PERSON, f"followed by person cue {word}", _window_key(ctx, lex, 4, 4))
    if cue.kind is Kind.ORDINAL and word in ("级", "等级", "等"):
        pre = _ends_with(left, rules.count_prefixes)
        if pre:  # 预警分为XX级: how many levels, not which one
            return _Decision(
                Kind.COUNT, f"preceded by {pre} … followed by {word}", _count_key(ctx, lex, word)
            )
    if cue.kind is Kind.ORDINAL:
        head = _han_tail(left, 2) if not left.endswith(_OTHER) else ""
        if not head and left[-1:] == _OTHER:
            head = "…"
        key = f"{head}{lit}{word}"
        # shown without a list joiner cut from the item before (党的XX大和XX届 → XX届三中全会)
        if len(head) == 2 and head[-1] in "和与及" and left[-3:-2] == _OTHER:
            tail = _key_tail(right[len(word) :], lex, 6, whole=True)
            key = _labelled(key, f"{lit}{word}{tail}")
        return _Decision(Kind.ORDINAL, f"followed by ordinal suffix {word}", key)
    return None


def _term_key(ctx: _Ctx, lex: _Lexicon, after: str, before: str = "") -> str:
    """``XX群众``, ``广大XX``; after a group word (干部XX队伍, 党员干部XX) that word keys it."""
    group = [w for w in lex.rules.term_key_prefixes if ctx.left.endswith(w)]
    if group:
        return f"{min(group, key=len)}{ctx.literal}"
    if after:
        return f"{ctx.literal}{after}"
    return f"{before}{ctx.literal}"


def _firm(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """``XX科技有限公司``: a field word that begins a firm's name."""
    run = _han_head(ctx.right, 10)
    for end in range(2, len(run) + 1):
        for n in range(min(7, end), 1, -1):
            word = run[end - n : end]
            if word in lex.rules.firm_suffixes and not lex.blocked(word, run[end:]):
                return _Decision(Kind.NAME, f"a name ending in {word}", f"{ctx.literal}{run[:end]}")
    return None


_HINT = regex.compile(r"^[（(](?:请填写|请填|填写|填)?(?P<hint>[^（()）:：]{1,10})[）)]")


_ASIDE = regex.compile(r"^[（(][^（()）]{0,30}[）)]")


def _bracket_hint(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    m = _HINT.match(ctx.right)
    if m:
        hint = m.group("hint")
        # 甲方/乙方 may be a person or a firm: such a hint decides nothing
        kind = None if hint in ("甲方", "乙方", "丙方", "丁方") else _label_kind(hint, lex.rules)
        if kind is not None:
            return _Decision(kind[1], f"a hint in brackets: （{hint}）", f"{ctx.literal}（{hint}）")
    # 兹有XX（身份证号：…）同志: look past a bracketed aside for a person cue
    m = _ASIDE.match(ctx.right)
    if m:
        p = _starts_with(ctx.right[m.end() :], ("同志", "先生", "女士", "老师", "同学"))
        if p:
            return _Decision(Kind.PERSON, f"followed by (…) {p}", _window_key(ctx, lex, 4, 4))
    return None


_DOC_NUMBER = regex.compile(r"^\p{Han}{0,5}[〔［\[](?:19|20|１９|２０)")
_APPOINTED = regex.compile(
    r"^(?:为|任|担任)\p{Han}{0,6}?(联系人|负责人|责任人|组长|副组长|联络员|主任|副主任|代表|召集人)"
)


_YEAR_POINT_AFTER = regex.compile(
    r"^年(?:度|代|底|初|末|中|春|夏|秋|冬|上半年|下半年|[0-9０-９]|"
    + _OTHER
    + r"|起|开始|毕业|入|参加|出生|生|至今|以前|前后|级)"
)
_YEAR_POINT_BEFORE = regex.compile(r"(?:于|在|自|从|至|到|截至|截止|是|为|至今|[（(])$")


_ADDRESS_PART = regex.compile(r"^(?:栋|幢|号楼|单元|室|层|楼|号院|号)")
#: A chain of address parts that ends in a room or a house number: an address, not a numbering.
_FULL_ADDRESS = regex.compile(
    r"^(?:(?:栋|幢|号楼|单元|层|楼|号院)" + _OTHER + r"?[0-9０-９]*)*(?:室|号(?![楼院]))"
)
_ADDRESS_CHAIN = frozenset(("栋", "幢", "号楼", "单元"))
_ADDRESS_BEFORE = regex.compile(
    r"(?:栋|幢|号楼|单元|小区|花园|苑|公寓|新村|大厦|路|街|巷|弄|号)" + _OTHER + r"?$"
)


def _year(ctx: _Ctx, lex: _Lexicon) -> _Decision:
    left, right = ctx.left, ctx.right
    cue = _ends_with(left, lex.rules.duration_cues)
    after = _starts_with(right[1:], lex.rules.duration_after)
    if after:
        why = f"followed by 年{after}: a duration in years"
        return _Decision(Kind.COUNT, why, _count_key(ctx, lex, "年"))
    if cue and not right.startswith("年度"):
        return _Decision(
            Kind.COUNT,
            f"preceded by {cue} … followed by 年: a duration",
            _count_key(ctx, lex, "年"),
        )
    point = _YEAR_POINT_AFTER.match(right) or _YEAR_POINT_BEFORE.search(left)
    if point:
        cue = point.group(0).replace(_OTHER, "XX")  # the sentinel of another placeholder
        return _Decision(Kind.DATE, f"a point in time: {cue}", _date_key(ctx, lex))
    # a year is written 20XX年 or XXXX年; two bare marks before 年 count years (扎根乡村XX年)
    return _Decision(
        Kind.COUNT,
        "followed by 年 without a century: a number of years",
        _count_key(ctx, lex, "年"),
    )


def _date_word(ctx: _Ctx, lex: _Lexicon, word: str) -> _Decision | None:
    left = ctx.left
    pre = _ends_with(left, lex.rules.count_prefixes)
    if word == "日" and pre:
        why = f"preceded by {pre} … followed by 日: a number of days"
        return _Decision(Kind.COUNT, why, _count_key(ctx, lex, "日"))
    if word in ("日", "号"):
        if (
            left.endswith("月")
            or left.endswith("每月")
            or _ends_with(left, lex.rules.date_prefixes)
        ):
            return _Decision(Kind.DATE, f"preceded by 月 … followed by {word}", _date_key(ctx, lex))
        if word == "号":
            return _Decision(
                Kind.OTHER, "followed by 号: a house or document number", _window_key(ctx, lex), 2
            )
        return _Decision(Kind.DATE, f"followed by date unit {word}", _date_key(ctx, lex))
    if word in ("时", "点"):
        if word == "点" and _ends_with(left, lex.rules.count_prefixes):
            return None
        return _Decision(Kind.DATE, f"followed by time unit {word}", _date_key(ctx, lex))
    return _Decision(Kind.DATE, f"followed by date unit {word}", _date_key(ctx, lex))


def _count_or_name(ctx: _Ctx, lex: _Lexicon, word: str) -> _Decision:
    """``XX所``/``XX处``/``XX部``: a unit (``××所所长``) or a count (``学校XX所``)."""
    left, right = ctx.left, ctx.right
    rest = right[len(word) :]
    pre = _ends_with(left, lex.rules.count_prefixes)
    if pre:
        return _Decision(
            Kind.COUNT, f"preceded by {pre} … followed by {word}", _count_key(ctx, lex, word)
        )
    noun = _starts_with(rest, lex.long_name_suffixes)
    if noun:  # XX所中小学: the word counts the institutions that follow
        return _Decision(
            Kind.COUNT, f"measure word {word} before {noun}", _count_key(ctx, lex, word)
        )
    if (
        _ends_with(left, lex.rules.name_prefixes)
        or left.endswith(_OTHER)
        or (left[-1:] != "" and left[-1] in "区市县省镇乡村局" and left[-2:-1] == _OTHER)
        or (rest[:1] and _HAN.match(rest[:1]))
        or not _HAN.match(left[-1:] or " ")
    ):
        return _Decision(
            Kind.NAME, f"followed by organisation suffix {word}", _name_key(ctx, lex, word)
        )
    return _Decision(Kind.COUNT, f"followed by measure word {word}", _count_key(ctx, lex, word))


# ---- numbers of things in a sequence: weekdays, classes, floors -----------------------------

_NUM = r"(?:" + _OTHER + r"|[0-9０-９一二三四五六七八九十]+)"
#: 初XX（XX）班, 高XX年级: the grade after 初/高/小学 with its class in brackets
_GRADE_BEFORE_CLASS = regex.compile(r"^[（(]" + _NUM + r"[）)]班")
_GRADE_PREFIX = regex.compile(r"(?:初|高|小学|初中|高中)$")
#: 初一（XX）班, XX年级XX班, 高二XX班: the class number
_CLASS_BEFORE = regex.compile(
    r"(?:年级|级|[初高][一二三123１２３]|班[至到、和及与]|" + _NUM + r")[（(]?$"
)  # 班至（XX）班: the other end of a range of classes
#: 楼XX层, 大厦XX层: the floor of a named building
_FLOOR_BEFORE = regex.compile(r"(?:楼|号楼|栋|幢|座|大厦|大楼)$")
_WEEKDAY_ANY = ("星期", "礼拜")
_WEEKDAY_AFTER_ZHOU = regex.compile(r"^(?:$|[^\p{Han}]|至|到|和|及|或|上午|下午|晚上|全天)")


def _sequence_number(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """Weekdays (星期XX, 周XX), grades and classes (初XX（XX）班, XX年级XX班), floors (XX楼XX层)."""
    left, right = ctx.left, ctx.right
    lit = ctx.literal
    week = _ends_with(left, _WEEKDAY_ANY)
    if week is None and left.endswith("周") and len(lit) == 2 and _WEEKDAY_AFTER_ZHOU.match(right):
        week = "周"  # not 周XXX (a surname) nor 周XX同志
    if week is not None:
        return _Decision(Kind.DATE, f"preceded by {week}: a day of the week", _date_key(ctx, lex))
    if _GRADE_PREFIX.search(left) and _GRADE_BEFORE_CLASS.match(right):
        why = f"after {left[-1]} and before a class in brackets: a grade"
        return _Decision(Kind.ORDINAL, why, _window_key(ctx, lex, 4, 4))
    if right[:2] in ("）班", ")班") or right.startswith("班"):
        head = left[:-1] if left[-1:] in "（(" and right[:1] in "）)" else left
        if (left[-1:] in "（(") == (right[:1] in "）)") and _CLASS_BEFORE.search(head):
            return _Decision(Kind.ORDINAL, "a class number after its grade", _window_key(ctx, lex))
    floor = _FLOOR_BEFORE.search(left) if right.startswith("层") else None
    if floor is not None:
        why = f"after {floor.group(0)} … followed by 层: a floor"
        return _Decision(Kind.ORDINAL, why, _window_key(ctx, lex))
    return None


# ---- fixed phrases that beat the word after -------------------------------------------------

_CONGRESS_AFTER = regex.compile(
    r"^大(?:精神|报告|以来|代表|胜利|召开|会议精神|和|、|上|提出|作出|确定|强调|的)"
)


#: 人大XX次会议, 常委会XX次会议: the session of a congress or committee (人大二次会议).
_CONGRESS_BODY = regex.compile(r"(?:人大|政协|代表大会|常委会|职代会|党代会)$")
_SESSION_AFTER = regex.compile(r"^次(?:会议|全体会议|全会)")


def _fixed_ordinal(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left, right = ctx.left, ctx.right
    lit = ctx.literal
    if (congress := _CONGRESS_BODY.search(left)) and _SESSION_AFTER.match(right):
        body = congress.group()
        return _Decision(Kind.ORDINAL, f"{body}…次会议: a session", f"{body}{lit}次会议")
    if left.endswith("十") and right.startswith("五") and right[1:3] in ("规划", "时期", "期间"):
        return _Decision(Kind.ORDINAL, "十…五规划: a five-year plan", f"十{lit}五{right[1:3]}")
    pre = _ends_with(left, lex.rules.ordinal_prefixes)
    if pre == "第":
        tail = _han_head(right, 3)
        # shown as 第XX期 and the noun after it (第XX期业务培训), up to a verb or a comma
        unit = lex.suffixes_at(right)
        word = unit[0].word if unit else ""
        noun = _key_tail(right[len(word) :], lex, 8)
        return _Decision(
            Kind.ORDINAL, "preceded by 第", _labelled(f"第{lit}{tail}", f"第{lit}{word}{noun}")
        )
    if pre and not _HAN.match(right[:1] or " "):
        return _Decision(Kind.ORDINAL, f"preceded by {pre}: a number in a sequence", f"{pre}{lit}")
    if _SESSION.match(right) and "届" in left[-12:]:
        return _Decision(Kind.ORDINAL, "届 … followed by 次会议: a session", f"{ctx.literal}次会议")
    if right.startswith("大"):
        # 党的XX大 is a congress even when 学习 follows (党的XX大学习): no 党的 university
        cp = _ends_with(left, lex.rules.congress_prefixes)
        if cp:
            return _Decision(Kind.ORDINAL, f"preceded by {cp} … followed by 大", f"{cp}{lit}大")
    if (
        right.startswith("大")
        and not lex.blocked("大", right[1:])
        and right[1:2] not in "学道厦街桥楼院队会型众量力"
    ):
        if _CONGRESS_AFTER.match(right):
            return _Decision(Kind.ORDINAL, "followed by 大 and a congress word", f"{lit}大")
    return None


# ---- labels and the word before -------------------------------------------------------------

# The label starts where its run of letters starts: trying every position inside the run too
# made each search quadratic in the run's length (same matches: the rest of the pattern does
# not depend on where the run starts).
_LABEL = regex.compile(
    r"(?<![\p{Han}A-Za-z])(?P<label>[\p{Han}A-Za-z]+)\s*(?:[（(](?P<note>[^）)]{0,8})[）)])?\s*[:：]["
    + _SPACE
    + r"]*"
    r"(?:" + _OTHER + r"(?:[（(][^（()）]{0,10}[）)])?[" + regex.escape("、，," + _SPACE) + r"]*)*$"
)


_LABEL_UNIT = regex.compile(r"(?P<label>\p{Han}+)[:：](?P<unit>\p{Han}{2,10})$")


def _label_kind(label: str, rules: Rules) -> tuple[str, Kind] | None:
    """What a form label asks for: the longest label word it ends with, and its kind."""
    best: tuple[str, Kind] | None = None
    for words, kind in (
        (rules.person_labels, Kind.PERSON),
        (rules.other_labels, Kind.OTHER),
        (rules.name_labels, Kind.NAME),
        (rules.date_labels, Kind.DATE),
        (rules.term_labels, Kind.TERM),
        (rules.count_labels, Kind.COUNT),
        (rules.ordinal_labels, Kind.ORDINAL),
    ):
        w = _ends_with(label, words)
        if w and (best is None or len(w) > len(best[0])):
            best = (w, kind)
    if best is None and label.endswith("名称"):
        best = (label, Kind.NAME)
    if best is None and label[-1] in "人者":
        best = (label, Kind.PERSON)
    return best


def _label(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    m = _LABEL.search(ctx.left)
    if not m:
        # 联系人：县司法局XX — the person's unit sits between the label and the name
        u = _LABEL_UNIT.search(ctx.left)
        if u and _ends_with(u.group("unit"), lex.name_suffixes):
            kind = _label_kind(u.group("label"), lex.rules)
            if kind is not None and kind[1] is Kind.PERSON:
                why = f"after the label {kind[0]}： and a unit"
                return _Decision(Kind.PERSON, why, f"{u.group('label')}：{ctx.literal}", 2)
        return None
    label = m.group("label")
    rules = lex.rules
    best: tuple[str, Kind] | None = None
    note = m.group("note") or ""
    # 乙方（劳动者）：XX, 甲方（盖章）：XX — the note in brackets says who signs
    if note and _ends_with(note, lex.signer_notes):
        best = (f"{label}（{note}）", Kind.PERSON)
    found_kind = _label_kind(label, rules)
    if found_kind and (best is None or (len(found_kind[0]) > len(best[0]) and not note)):
        best = found_kind
    if best is None:
        return None
    word, kind = best
    continued = ctx.left[m.start() :].count(_OTHER)
    key = f"{label}：{ctx.literal}" if not continued else f"{label}：{'…' * continued}{ctx.literal}"
    if kind is Kind.DATE:
        key = _date_key(ctx, lex)
    return _Decision(kind, f"after the label {word}：", key, 2)


# "认识到XX的重要性": 到 completes a verb here, it does not lead to a place
_VERB_COMPLEMENT = regex.compile(
    r"(?:认识|意识|体会|感受|看|想|做|达|提|说|谈|落实|延伸|推广|遇|得|感|找|学|听|收|拿)到$"
)


_ROLE_END = regex.compile(r"(?:人|长|员|表|师|委|官|问|经理|总监|主任|董事|秘书)$")


def _appointed_person(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """``委托XXX作为代理人``, ``由XXX担任班长``: someone given a role is a person."""
    rules = lex.rules
    verb = _ends_with(ctx.left.rstrip(_SPACE), rules.appoint_verbs)
    role = _starts_with(ctx.right, rules.role_verbs)
    if not verb or not role:
        return None
    # the role phrase up to the clause end: 作为试点单位 gives a unit a role, not a person
    phrase = regex.split(r"[，。；！？、,;!?\s（(]", ctx.right[len(role) :])[0]
    if len(ctx.literal) != 3 and not _ROLE_END.search(phrase):
        return None
    why = f"{verb}…{role}: a person given a role"
    return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 4), 2)


def _left_cue(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left, right = ctx.left, ctx.right
    rules = lex.rules
    lit = ctx.literal
    t = _ends_with(left, rules.date_prefixes)
    if t in _TIME_PREFIXES:
        return _Decision(Kind.DATE, f"preceded by {t}", _date_key(ctx, lex), 2)
    title = _ends_with(left, rules.person_titles)
    if title:
        return _Decision(
            Kind.PERSON, f"preceded by job title {title}", _window_key(ctx, lex, 4, 2), 2
        )
    term = _ends_with(left, rules.term_prefixes)
    if term:
        return _Decision(
            Kind.TERM, f"preceded by term cue {term}", _term_key(ctx, lex, "", term), 2
        )
    name = _ends_with(left, rules.name_prefixes)
    if name and _VERB_COMPLEMENT.search(left):
        name = None
    if name and t and len(t) > len(name):
        # 截至XX: the longer word before it is a date's (至 alone would lead to a place)
        return _Decision(Kind.DATE, f"preceded by {t}", _date_key(ctx, lex), 2)
    if name:
        # weak: the word before may govern a whole list whose last item says more (向XX、XX等模范)
        key = _window_key(ctx, lex, len(name), 2, shown_after=6)
        return _Decision(Kind.NAME, f"preceded by {name}", key, 1)
    pre = _ends_with(left, rules.count_prefixes)
    if pre and not _HAN.match(right[:1] or " "):
        return _Decision(Kind.COUNT, f"preceded by {pre}", f"{pre}{lit}", 2)
    if t:
        return _Decision(Kind.DATE, f"preceded by {t}", _date_key(ctx, lex), 2)
    return None


# ---- weak hints ----------------------------------------------------------------------------


def _embedded_name(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    run = _han_head(ctx.right, 10)
    if not run or "的" in run[:2]:
        return None
    # a name does not run across a role verb (XXX作为我公司的代理人: 公司 is not its ending)
    cut = min((run.find(v) for v in lex.rules.role_verbs if len(v) >= 2 and v in run), default=-1)
    if cut >= 0:
        run = run[:cut]
        if not run:
            return None
    for end in range(2, len(run) + 1):
        for n in range(min(6, end), 1, -1):
            word = run[end - n : end]
            if word in lex.strong_name_suffixes and not lex.blocked(word, run[end:]):
                if "的" in run[:end]:
                    return None
                return _Decision(
                    Kind.NAME, f"a name ending in {word}", f"{ctx.literal}{run[:end]}", 1
                )
    # a short compound that ends where the phrase ends: XX公安局, XX志愿服务队
    if len(run) <= 6 and len(run) == len(_han_head(ctx.right, 99)):
        word = _ends_with(run, lex.name_suffixes)
        if word and len(run) > len(word):
            return _Decision(Kind.NAME, f"a name ending in {word}", f"{ctx.literal}{run}", 1)
    return None


_UNIT_IN_BRACKETS = regex.compile(r"[（(]([^（()）]{1,6})[）)]$")


def _alone(ctx: _Ctx, lex: _Lexicon) -> _Decision:
    """A placeholder alone on its line: a table cell (read the row header above) or a signature."""
    header = ctx.above
    label = _HEADER_TRIM.sub("", header)
    key = f"{label[-12:]}：{ctx.literal}" if label else ctx.literal
    m = _UNIT_IN_BRACKETS.search(header)
    if m and (m.group(1) in lex.count_measures or m.group(1) in ("%", "％", "万元", "亿元")):
        why = f"a cell under {header}: a number in {m.group(1)}"
        return _Decision(Kind.COUNT, why, key, 1, unique=True)
    kind = _label_kind(label, lex.rules) if label else None
    if kind is not None:
        return _Decision(kind[1], f"a cell under the header {kind[0]}", key, 1, unique=True)
    if _BYLINE_ABOVE.search(header):
        return _Decision(Kind.PERSON, "alone under a speech title: its speaker", ctx.literal, 1)
    if len(ctx.literal) == 3:
        why = "alone on its line, three marks: a signature"
        return _Decision(Kind.PERSON, why, ctx.literal, 1, unique=True)
    if label:  # a cell beside or under a label the lexicons do not know: keyed by it
        why = f"alone on its line under {label[-12:]}: no cue"
        return _Decision(Kind.OTHER, why, key, 0, unique=True)
    return _Decision(Kind.OTHER, "alone on its line: no cue", ctx.literal, 0, unique=True)


_BYLINE_ABOVE = regex.compile(
    r"(?:讲话|发言|致辞|讲稿|演讲稿|心得体会|体会|感悟|[（(][^（()）]*日[）)])$"
)


def _weak(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    left = ctx.left.rstrip(_SPACE)
    right = ctx.right.lstrip(_SPACE)
    if not left.strip(_SPACE + _OTHER) and not right.strip(_SPACE + _OTHER):
        return _alone(ctx, lex)
    if len(ctx.literal) == 3 and (
        _HAN.match(ctx.right[:1] or " ") is None
        or _starts_with(ctx.right, lex.rules.person_predicates)
    ):
        return _Decision(Kind.PERSON, "three marks: a personal name", _window_key(ctx, lex), 1)
    # ××　××区××所所长: a name, a gap, then the person's unit and post (a row of a list)
    gap = len(ctx.right) - len(ctx.right.lstrip(_SPACE))
    if gap and not left.strip(_SPACE):
        row = _TRAILING_ASIDE.sub("", ctx.right.strip(_SPACE + "。；，"))
        post = _ends_with(row, lex.titles_and_posts)
        if post:
            return _Decision(
                Kind.PERSON, f"a row that ends with the post {post}", _window_key(ctx, lex), 1
            )
    # 四是区XX对照…: after a bare administrative level, a unit of that level (区XX局)
    if left[-1:] in ("区", "市", "县", "省", "镇", "乡") and (
        len(left) < 2 or not _HAN.match(left[-2]) or left[-2] in "是由经对向在和与及的"
    ):
        return _Decision(
            Kind.NAME, f"after {left[-1]}: a unit at that level", f"{left[-1]}{ctx.literal}", 1
        )
    verb = _starts_with(right, lex.rules.subject_verbs)
    if verb and lex.blocked(verb, right[len(verb) :]):
        verb = None  # 作品 is not 作
    if (not left or left[-1] in "，。；：！？（()）、" or left.endswith("由")) and verb:
        return _Decision(
            Kind.NAME,
            f"starts a clause before {verb}: the acting unit",
            _window_key(ctx, lex, 0, 4),
            1,
        )
    return None


#: 参加XX组织的评选: the unit that organises something (组织 is the verb here, not the noun).
_ORGANISED_BY = regex.compile(r"^(?:组织|主办|举办|承办|发起)的\p{Han}")
_JOIN_VERBS = ("参加", "参与", "出席", "观摩", "报名参加", "推荐参加", "参加了")
#: 服务中心XX楼活动室: a floor or building number inside a named venue, before a room word.
_FLOOR_ROOM = regex.compile(
    r"^(?:楼|层)(?:活动室|会议室|大会议室|小会议室|报告厅|多功能厅|大厅|办公室|教室|展厅|层|东侧|西侧|"
    r"南侧|北侧|东|西|南|北)"
)
#: 新增XX筛查项目: a service item added to a programme is a field word, not a unit's project.
_SERVICE_ITEM = regex.compile(r"^(?:筛查|检查|检测|体检|服务|培训|诊疗|治疗|监测)(?:项目|内容)")
_ADD_VERBS = ("新增", "开展", "增加", "增设", "增开", "新设", "新开设", "开设", "提供")
#: 受到了XX和家属的欢迎: listed with a group of people, the placeholder is a group too.
_GROUP_NOUNS = (
    "家属",
    "家长",
    "群众",
    "居民",
    "村民",
    "市民",
    "患者",
    "师生",
    "学生",
    "职工",
    "员工",
    "游客",
    "农户",
    "老人",
    "老年人",
    "儿童",
    "青少年",
    "志愿者",
    "消费者",
    "企业主",
)
#: 筹备本期培训班的XX和各位授课老师: listed before a group of named people, it is the unit.
_PEOPLE_AFTER = regex.compile(
    r"^[和与及](?:各位|全体|广大|参训|参会)\p{Han}{0,4}?(?:老师|同志|专家|同事|嘉宾|学员|同仁)"
)


def _phrase(ctx: _Ctx, lex: _Lexicon) -> _Decision | None:
    """Whole phrases around the placeholder that decide before any single cue word."""
    left, right = ctx.left, ctx.right
    verb = _ends_with(left, _JOIN_VERBS)
    if verb and _ORGANISED_BY.match(right):
        why = f"preceded by {verb} … followed by {right[:3]}: the organiser"
        return _Decision(Kind.NAME, why, _window_key(ctx, lex, 4, 4))
    if _FLOOR_ROOM.match(right) and _ends_with(left, lex.name_suffixes):
        why = f"between a venue and a room ({right[:4]}): a floor or building number"
        return _Decision(Kind.ORDINAL, why, _window_key(ctx, lex, 4, 4))
    verb = _ends_with(left, _ADD_VERBS)
    if verb and _SERVICE_ITEM.match(right):
        why = f"preceded by {verb} … a service item ({right[:4]}): a field"
        return _Decision(Kind.TERM, why, _window_key(ctx, lex, 4, 4))
    if len(ctx.literal) == 3 and left.rstrip().endswith(("：", ":")):
        post = _starts_with(right, lex.rules.person_posts)
        if post and not _HAN.match(right[len(post) : len(post) + 1] or " "):
            why = f"three marks after a label, before the post {post}: a person"
            return _Decision(Kind.PERSON, why, _window_key(ctx, lex, 4, 4))
    if right[:1] in ("和", "与", "及"):
        group = _starts_with(right[1:], _GROUP_NOUNS)
        if group:
            why = f"listed with a group of people ({group}): a group"
            return _Decision(Kind.TERM, why, _window_key(ctx, lex, 4, 4))
        m = _PEOPLE_AFTER.match(right)
        if m and len(ctx.literal) < 3 and left.endswith("的"):
            why = "listed before a group of named people: the unit they work with"
            return _Decision(Kind.NAME, why, f"{ctx.literal}{m.group(0)}")
    return None


_RULES = (
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
    if d is None:
        for rule in _RULES:
            d = rule(ctx, lex)
            if d is not None:
                break
    if d is None:
        d = _Decision(Kind.OTHER, "no cue: a free phrase", _window_key(ctx, lex, 4, 4), 0)
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
) -> list[Classified]:
    """Decide the kind, reason and key of every placeholder in ``found`` (document order).

    >>> text = "召开XX次会议，学习党的XX大精神"
    >>> found = [Found("text", 2, 4, "XX"), Found("text", 12, 14, "XX")]
    >>> [(c.kind.value, c.key) for c in classify(found, {"text": text})]
    [('count', '召开XX次'), ('ordinal', '党的XX大')]
    """
    lex = _lexicon(rules if rules is not None else Rules.default())
    contexts = _contexts(found, texts, headers)
    decisions = [_decide(ctx, lex) for ctx in contexts]
    _follow_lists(found, contexts, decisions)
    _follow_ranges(found, contexts, decisions)
    return _assign_keys(found, contexts, decisions, lex)


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
                a, kind=b.kind, reason=f"range or decimal with a {b.kind.value} ({b.reason})"
            )
        elif b.strength <= 1 and a.strength >= 2 and a.kind is not b.kind:
            decisions[i + 1] = attrs.evolve(
                b, kind=a.kind, reason=f"range or decimal with a {a.kind.value} ({a.reason})"
            )


def _siblings(ctx: _Ctx) -> bool:
    """The next placeholder is the next item of the same list or the other end of a range.

    ``XX镇、XX镇`` and ``XX自然村至XX自然村`` name different places.
    """
    at = ctx.right.find(_OTHER)
    if at <= 0 or at > 8:
        return False
    between = ctx.right[:at]
    return between[-1] in "、和与及至到" and not any(c in "，。；：,;:" for c in between)


def _one_of_many(key: str, lex: _Lexicon) -> bool:
    """A name key whose ending names one of many things (XX平台), not one entity (XX党委)."""
    plain = _UNBRACKET.sub(r"\1", key)  # XX（社区）
    word = _ends_with(plain, lex.any_name_suffix)
    return word is not None and word not in lex.shared


_CLAUSE_END = "，。；！？,;!?"
_FORM_LABEL = regex.compile(r"(\p{Han}+)\s*(?:[（(][^（()）]{0,10}[）)])?\s*[:：]\s*$")


def _split_one_of_many(
    keys: list[str],
    contexts: Sequence[_Ctx],
    decisions: Sequence[_Decision],
    lex: _Lexicon,
    skip: set[str],
) -> None:
    """Give each different ``XX平台`` its own key (``XX平台~2``).

    Occurrences of a one-of-many name share only when the words around match: the same two
    characters right before the placeholder or right after the name, or both at the start of a
    line. A name in a line's first position or in the first line of its part is the author's own
    unit (XX学校 in the title and the signature): an occurrence that starts a clause joins it.
    """
    groups: dict[str, list[int]] = {}
    for i, d in enumerate(decisions):
        if d.kind is Kind.NAME and not d.unique and keys[i] not in skip:
            if _one_of_many(keys[i], lex):
                groups.setdefault(keys[i], []).append(i)
    taken = set(keys)
    for key, members in groups.items():
        if len(members) < 2:
            continue
        clusters: list[tuple[list[int], set[str], set[str], bool]] = []
        lit_at = key.find(contexts[members[0]].literal)
        for i in members:
            ctx = contexts[i]
            left = ctx.left.rstrip(_SPACE)
            trailing = key[lit_at + len(ctx.literal) :] if lit_at >= 0 else ""
            rest = ctx.right[len(trailing) :] if ctx.right.startswith(trailing) else ctx.right
            before = _han_tail(left, 2)
            label = _FORM_LABEL.search(left)
            if not before and label:
                before = label.group(1)[-2:] + "："  # 甲方（盖章）：XX公司 … 甲方：XX公司
            after = _han_head(rest, 2)
            author = not left.strip(_SPACE) or ctx.line_id[1] == 0
            if author:
                before = before or "^"
            starts_clause = not before and left[-1:] in _CLAUSE_END
            home = None
            if author or starts_clause:
                home = next((c for c in clusters if c[3]), None)
            if home is None:
                for c in clusters:
                    if (before and before in c[1]) or (after and after in c[2]):
                        home = c
                        break
            if home is None:
                home = ([], set(), set(), False)
                clusters.append(home)
            home[0].append(i)
            if before:
                home[1].add(before)
            if after:
                home[2].add(after)
            if author and not home[3]:
                clusters[clusters.index(home)] = home = (home[0], home[1], home[2], True)
        n = 1
        for c in clusters[1:]:
            n += 1
            k = f"{key}~{n}"
            while k in taken:
                n += 1
                k = f"{key}~{n}"
            taken.add(k)
            for i in c[0]:
                keys[i] = k


def _relabel(keys: list[str], decisions: Sequence[_Decision]) -> list[str]:
    """Show each group of placeholders by its readable label where that names no other group."""
    base = [_clean_key(d.key) for d in decisions]
    reserved = {k for i, k in enumerate(keys) if not decisions[i].labels}
    chosen: dict[str, str] = {}
    used = set(reserved)
    for i, d in enumerate(decisions):
        k = keys[i]
        if not d.labels or k in chosen:
            continue
        suffix = k[len(base[i]) :] if k.startswith(base[i]) else ""
        out = None
        for label in d.labels:
            cand = _clean_key(_tidy(label)) + suffix
            if cand not in used and _HAN.search(cand):
                out = cand
                break
        if out is None:
            out = k if k not in used else None
        if out is None:
            n = 2
            while f"{k}~{n}" in used:
                n += 1
            out = f"{k}~{n}"
        used.add(out)
        chosen[k] = out
    return [chosen.get(k, k) if decisions[i].labels else k for i, k in enumerate(keys)]


def _assign_keys(
    found: Sequence[Found],
    contexts: Sequence[_Ctx],
    decisions: Sequence[_Decision],
    lex: _Lexicon,
) -> list[Classified]:
    keys: list[str] = [_clean_key(d.key) for d in decisions]
    # kinds never share a key with another kind
    owner: dict[str, Kind] = {}
    for i, d in enumerate(decisions):
        if d.kind is Kind.COUNT:
            continue
        k = keys[i]
        if owner.setdefault(k, d.kind) is not d.kind:
            keys[i] = f"{k}~{d.kind.value}"
            owner.setdefault(keys[i], d.kind)
    # people and codes with the same phrase on one line are different (授权代表：XX … 授权代表：XX)
    seen_line: dict[tuple[str, str, int], int] = {}
    for i, d in enumerate(decisions):
        if d.kind not in (Kind.PERSON, Kind.OTHER, Kind.QUOTE):
            continue
        line_id = (keys[i], *contexts[i].line_id)
        n = seen_line.get(line_id, 0) + 1
        seen_line[line_id] = n
        if n > 1:
            keys[i] = f"{keys[i]}~{n}"
    # a key listed next to itself (XX镇、XX镇) stands for several different units in this
    # document, so none of its occurrences is merged
    plural: set[str] = set()
    for i in range(len(decisions) - 1):
        if keys[i] == keys[i + 1] and found[i].part == found[i + 1].part and _siblings(contexts[i]):
            plural.add(keys[i])
    # a key with no words in it (a bare table cell) says nothing about sameness
    for i in range(len(decisions)):
        if decisions[i].unique or not _HAN.search(keys[i]):
            plural.add(keys[i])
    # a one-of-many name (XX平台) shares only with the same words around it
    _split_one_of_many(keys, contexts, decisions, lex, plural)
    # counts never share: every count gets its own key (and so does every plural name)
    taken = {
        k for i, k in enumerate(keys) if decisions[i].kind is not Kind.COUNT and k not in plural
    }
    next_n: dict[str, int] = {}
    for i, d in enumerate(decisions):
        if d.kind is not Kind.COUNT and keys[i] not in plural:
            continue
        base = keys[i]
        n = next_n.get(base, 1)
        k = base if n == 1 else f"{base}~{n}"
        while k in taken:
            n += 1
            k = f"{base}~{n}"
        next_n[base] = n + 1
        taken.add(k)
        keys[i] = k
    keys = _relabel(keys, decisions)
    return [Classified(d.kind, d.reason, keys[i]) for i, d in enumerate(decisions)]
