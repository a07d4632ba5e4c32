"""Frozen values that cross stage boundaries: Kind, Placeholder, Artifact, Edit, Options."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

import attrs

if TYPE_CHECKING:  # pragma: no cover
    from xxfill.classify import Rules

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_MARKS",
    "Artifact",
    "Deferred",
    "Edit",
    "Kind",
    "Limits",
    "Options",
    "PartText",
    "Placeholder",
    "mark_class",
]

#: The placeholder marks recognised by default: ASCII ``X`` (U+0058), full-width ``Ｘ`` (U+FF38)
#: and the multiplication sign ``×`` (U+00D7) used by the official 公文 format examples.
DEFAULT_MARKS: tuple[str, ...] = ("X", "Ｘ", "×")


def mark_class(marks: tuple[str, ...] = DEFAULT_MARKS) -> str:
    """A regex character class matching one of ``marks`` (every pattern that looks for marks
    builds on it, so the default marks are spelled once).

    >>> mark_class()
    '[XＸ×]'
    """
    return "[" + "".join("\\" + m if m in "\\]^-[" else m for m in marks) + "]"


class Kind(str, enum.Enum):
    """What a placeholder stands for, decided from its context.

    >>> Kind("count") is Kind.COUNT
    True
    >>> str(Kind.TITLE)
    'title'
    """

    COUNT = "count"
    ORDINAL = "ordinal"
    DATE = "date"
    NAME = "name"
    PERSON = "person"
    TITLE = "title"
    QUOTE = "quote"
    TERM = "term"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class PartText:
    """The plain text of one story of a source (``"text"`` for text sources, a zip member name
    such as ``"word/document.xml"`` for DOCX). Paragraphs are joined by ``\\n``.

    >>> import xxfill
    >>> xxfill.scan(xxfill.Text("召开XX次")).parts
    (PartText(name='text', text='召开XX次'),)
    """

    name: str
    text: str


#: Below this confidence a placeholder's kind is marked as doubtful (the scan table, the HTML
#: view, the form): on unseen genres kinds decided this weakly are right about half the time.
DOUBTFUL = 0.85


@attrs.frozen
class Placeholder:
    """One placeholder found in a source.

    ``start``/``end`` are character offsets into the plain text of ``part``; ``before`` and
    ``after`` are the context around it within the same paragraph.

    >>> import xxfill
    >>> p = xxfill.scan(xxfill.Text("全年召开XX次会议"))[1]
    >>> (p.index, p.literal, p.kind.value, p.start, p.end, p.context)
    (1, 'XX', 'count', 4, 6, '全年召开XX次会议')
    """

    index: int
    literal: str
    kind: Kind
    key: str
    part: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    #: how often the rule that decided the kind is right on the labeled corpus (0–1); ``None``
    #: for a placeholder not made by ``scan``
    confidence: float | None = None

    @property
    def doubtful(self) -> bool:
        """Whether the kind is worth checking: its confidence is below ``DOUBTFUL``."""
        return self.confidence is not None and self.confidence < DOUBTFUL

    @property
    def context(self) -> str:
        """The placeholder in its context, e.g. ``'召开XX次会议'``."""
        return f"{self.before}{self.literal}{self.after}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the schema of ``xxfill scan --json``)."""
        return {
            "index": self.index,
            "literal": self.literal,
            "kind": self.kind.value,
            "key": self.key,
            "part": self.part,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "confidence": self.confidence,
        }


@attrs.frozen
class Artifact:
    """Residue of a document-sharing site, such as ``##paidbegin##``: never text, removed on fill
    unless ``Options.keep_artifacts`` is set.

    >>> import xxfill
    >>> xxfill.scan(xxfill.Text("正文##paidend##")).artifacts
    (Artifact(literal='##paidend##', part='text', start=2, end=13),)
    """

    literal: str
    part: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        return {"literal": self.literal, "part": self.part, "start": self.start, "end": self.end}


@attrs.frozen
class Edit:
    """Replace ``[start, end)`` of part ``part``'s plain text with ``text``.

    >>> import xxfill
    >>> xxfill.fill(xxfill.Text("共XX人"), {"#1": 9}).edits
    (Edit(part='text', start=1, end=3, text='9'),)
    """

    part: str
    start: int
    end: int
    text: str


_T = TypeVar("_T")


class Deferred(Generic[_T]):
    """A tuple computed on first use, for parts of a result most callers never read (a render's
    ``Filled`` records and edits). Equal to, hashed and pickled as the tuple it stands for.

    >>> d = Deferred(lambda: (1, 2))
    >>> (d.get(), d == (1, 2), d.get() is d.get())
    ((1, 2), True, True)
    """

    __slots__ = ("_fn", "_value")

    def __init__(self, fn: Callable[[], tuple[_T, ...]]) -> None:
        self._fn: Callable[[], tuple[_T, ...]] | None = fn
        self._value: tuple[_T, ...] | None = None

    def get(self) -> tuple[_T, ...]:
        """The tuple (computed once; threads racing here compute equal tuples)."""
        value = self._value
        if value is None:
            fn = self._fn
            if fn is None:  # pragma: no cover - another thread finished meanwhile
                return self._value  # type: ignore[return-value]
            value = self._value = fn()
            self._fn = None
        return value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Deferred):
            other = other.get()
        return self.get() == other

    def __hash__(self) -> int:
        return hash(self.get())

    def __reduce__(self) -> tuple[object, ...]:
        return (tuple, (self.get(),))

    def __repr__(self) -> str:
        return repr(self.get())


def resolved(value: tuple[_T, ...] | Deferred[_T]) -> tuple[_T, ...]:
    """``value`` itself, or the tuple a ``Deferred`` stands for.

    >>> resolved((1,)), resolved(Deferred(lambda: (2,)))
    ((1,), (2,))
    """
    return value.get() if isinstance(value, Deferred) else value


@attrs.frozen(kw_only=True)
class Limits:
    """Bounds on what a template may make xxfill read; raise them for unusually large documents.

    - ``max_members``: number of entries in a DOCX zip.
    - ``max_member_bytes``: uncompressed size of one XML part that xxfill parses.
    - ``max_total_bytes``: sum of the uncompressed sizes a zip declares for all its members (and
      the largest DOCX file read).
    - ``max_text_bytes``: size of a text template.
    - ``max_placeholders``: placeholders in one template (a real report has hundreds; a file
      of millions is an attack or a mistake, and each one costs time and memory to classify).

    Going over any of them raises ``LimitExceededError`` before anything is decompressed or read
    in full (``max_placeholders``: before any placeholder is classified). Pass them as
    ``Options(limits=Limits(...))`` or ``scan(..., limits=...)``.

    >>> Limits(max_member_bytes=512 * 1024 * 1024).max_members
    10000
    """

    max_members: int = 10_000
    max_member_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    max_text_bytes: int = 64 * 1024 * 1024
    max_placeholders: int = 50_000


DEFAULT_LIMITS = Limits()

MissingPolicy = Literal["error", "keep", "mark"]


def _marks_converter(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = tuple(value)
    marks = tuple(value)
    for m in marks:
        if not isinstance(m, str) or len(m) != 1:
            raise ValueError(f"a mark is one character, got {m!r}")
    return marks


@attrs.frozen(kw_only=True)
class Options:
    """Everything that changes how ``scan`` and ``fill`` behave; the same object serves both.

    - ``marks``: characters whose runs of two or more are placeholders (default ``X``, ``Ｘ``,
      ``×``). Add ``"○"``, ``"某"`` or ``"＿"`` for templates that use them.
    - ``patterns``: extra regular expressions (``regex`` syntax) whose matches are placeholders.
    - ``rules``: the classification lexicons (``xxfill.Rules``); ``None`` means the defaults.
    - ``missing``: what to do with a placeholder that no value reaches: ``"error"`` (default),
      ``"keep"`` (leave it as it is) or ``"mark"`` (replace it with ``missing_mark``).
    - ``keep_artifacts``: keep ``##paidbegin##``-style markers in filled output.
    - ``context``: how many characters of context ``before``/``after`` carry.
    - ``limits``: size bounds for hostile or huge inputs (``xxfill.Limits``).
    - ``convert_doc``: convert ``.doc``/``.wps``/``.rtf``/``.odt``/``.fodt`` files to DOCX with
      LibreOffice (``soffice`` on the PATH) instead of refusing them.
    - ``copy_damaged``: copy a DOCX member whose bytes fail their CRC check into the output as it
      is, instead of refusing the template (Word would call the output unreadable). It applies
      where the template is opened (``scan``, ``compile``, or ``fill`` given a file).

    >>> Options(missing="keep").missing
    'keep'
    """

    marks: tuple[str, ...] = attrs.field(default=DEFAULT_MARKS, converter=_marks_converter)
    patterns: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    rules: Rules | None = None
    missing: MissingPolicy = attrs.field(default="error")
    missing_mark: str = "【待填写】"
    keep_artifacts: bool = False
    context: int = 12
    limits: Limits = DEFAULT_LIMITS
    convert_doc: bool = False
    copy_damaged: bool = False

    @missing.validator
    def _check_missing(self, _attr: object, value: str) -> None:
        if value not in ("error", "keep", "mark"):
            raise ValueError(f"missing must be 'error', 'keep' or 'mark', not {value!r}")

    @classmethod
    def build(cls, options: Options | None = None, **overrides: object) -> Options:
        """Merge keyword overrides into ``options`` (or the defaults)."""
        base = options if options is not None else cls()
        if not overrides:
            return base
        unknown = set(overrides) - {a.name for a in attrs.fields(cls)}
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        return attrs.evolve(base, **overrides)  # type: ignore[arg-type]
