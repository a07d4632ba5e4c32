"""The lexicons as data (``Rules``, from ``default.toml``) and the lookups compiled from them.

``_Lexicon`` indexes one ``Rules`` value once (the cue words after a placeholder, the name
suffixes, the words a key may start with); ``_ends_with``/``_starts_with`` find the longest word
of a list at either end of a text.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Collection, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from xxfill.core.model import Kind

__all__ = ["Rules"]


try:  # pragma: no cover - depends on the interpreter
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib  # type: ignore[no-redef]


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
