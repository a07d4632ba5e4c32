"""The exception tree: every error xxfill raises derives from XXFillError.

XXFillError (Exception)
├── SourceError (ValueError)            the input cannot be read as a template
│   ├── UnsupportedFormatError          .doc, .wps, .xlsx, encrypted, not a zip, ...
│   ├── CorruptDocumentError            a broken zip or malformed XML part
│   ├── UnsafeDocumentError             DOCTYPE/entities, zip bombs
│   ├── LimitExceededError              a documented size limit was hit
│   └── DecodeError (also UnicodeError) text bytes in no supported encoding
├── ValuesError (ValueError)            a values file (TOML/JSON/CSV) cannot be read
├── ValidationError (ValueError)        the values do not fit the template; lists every Problem
└── OutputError (OSError)               writing the result failed; nothing was left behind
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import attrs

#: Notebook views of the errors: ``xxfill.display`` registers them when it is imported (the
#: package root imports it), so the core depends on no view and a view depends on the core.
_HTML_VIEWS: dict[str, Callable[[Any], str]] = {}


def register_html_view(name: str, view: Callable[[Any], str]) -> None:
    """Show the error class called ``name`` in a notebook through ``view``."""
    _HTML_VIEWS[name] = view


__all__ = [
    "CorruptDocumentError",
    "DecodeError",
    "LimitExceededError",
    "OutputError",
    "Problem",
    "SourceError",
    "UnsafeDocumentError",
    "UnsupportedFormatError",
    "ValidationError",
    "ValuesError",
    "XXFillError",
]


class XXFillError(Exception):
    """Base class of every error xxfill raises.

    >>> import xxfill
    >>> try:
    ...     xxfill.scan("no-such-template.txt")
    ... except xxfill.XXFillError as exc:
    ...     print(type(exc).__name__, "-", exc)
    SourceError - no-such-template.txt: no such file
    """


class SourceError(XXFillError, ValueError):
    """The input cannot be read as a template. ``source`` names the file (or ``<bytes>``).

    >>> import xxfill
    >>> try:
    ...     xxfill.scan("第一段XX\\n第二段")
    ... except xxfill.SourceError as exc:
    ...     print("xxfill.Text" in str(exc))
    True
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class UnsupportedFormatError(SourceError):
    """The input is a format xxfill does not read (``.doc``, ``.wps``, a spreadsheet, ...).

    >>> import xxfill
    >>> ole2 = b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1" + bytes(504)
    >>> try:
    ...     xxfill.scan(ole2)
    ... except xxfill.UnsupportedFormatError as exc:
    ...     print(type(exc).__name__)
    UnsupportedFormatError
    """


class CorruptDocumentError(SourceError):
    """The input claims a supported format but is broken (truncated zip, malformed XML).

    >>> import xxfill
    >>> try:
    ...     xxfill.scan(b"PK\\x03\\x04 truncated")
    ... except xxfill.CorruptDocumentError as exc:
    ...     print(type(exc).__name__)
    CorruptDocumentError
    """


class UnsafeDocumentError(SourceError):
    """The input contains something xxfill refuses to process (DTDs, entity expansion).

    Raised, for example, for a ``word/document.xml`` that declares ``<!DOCTYPE … [<!ENTITY …>]>``
    (a "billion laughs" bomb or an external entity): nothing is expanded or fetched.

    >>> import xxfill
    >>> issubclass(xxfill.UnsafeDocumentError, xxfill.SourceError)
    True
    """


class LimitExceededError(SourceError):
    """The input exceeds a documented limit (see ``xxfill.Limits``).

    >>> import xxfill
    >>> try:
    ...     xxfill.scan(b"XX" * 100, limits=xxfill.Limits(max_text_bytes=10))
    ... except xxfill.LimitExceededError as exc:
    ...     print("max_text_bytes" in str(exc))
    True
    """


class DecodeError(SourceError, UnicodeError):
    """Text bytes could not be decoded in any supported encoding.

    >>> import xxfill
    >>> try:
    ...     xxfill.scan(b"\\x81\\x30\\x81", format="text")
    ... except xxfill.DecodeError as exc:
    ...     print("GB18030" in str(exc))
    True
    """


class ValuesError(XXFillError, ValueError):
    """A values file or mapping cannot be read (syntax error, wrong top-level type).

    >>> import pathlib, tempfile, xxfill
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "v.toml"
    >>> _ = f.write_text('"#1" = = 3', encoding="utf-8")
    >>> try:
    ...     xxfill.load_values(f)
    ... except xxfill.ValuesError as exc:
    ...     print(exc.line)
    1
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = file or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


#: How serious a message is: an ``error`` stops (validation) or fails (lint, batch rows), a
#: ``warning`` is allowed but probably not meant, ``info`` is worth a look.
Severity = Literal["error", "warning", "info"]


@attrs.frozen
class Problem:
    """The one message type of every stage: validation problems, fill warnings, lint findings
    (``Finding`` is a ``Problem`` with offsets) and batch row failures.

    ``code`` is stable and catalogued in docs/errors.md (``unknown-selector``,
    ``type-mismatch``, ``invalid-value``, ``missing``, ``conflict``, ``fills-nothing``, …);
    ``severity`` is ``error``, ``warning`` or ``info``; where it is: the ``part`` and ``line``,
    the placeholder ``index`` and its ``context``, the ``selector`` that caused it.

    >>> import xxfill
    >>> try:
    ...     xxfill.fill(xxfill.Text("召开XX次"), {"#1": -1})
    ... except xxfill.ValidationError as exc:
    ...     p = exc.problems[0]
    >>> (p.code, p.severity, p.index, p.context)
    ('invalid-value', 'error', 1, '召开XX次')
    """

    code: str
    message: str
    selector: str | None = None
    index: int | None = None
    context: str | None = None
    severity: Severity = "error"
    part: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        loc = []
        if self.index is not None:
            loc.append(f"#{self.index}")
        if self.context:
            loc.append(f"「{self.context}」")
        where = " ".join(loc)
        sel = f" [selector {self.selector!r}]" if self.selector is not None else ""
        return f"{self.code}: {where + ': ' if where else ''}{self.message}{sel}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: every field, the same keys for every message."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "selector": self.selector,
            "index": self.index,
            "context": self.context,
            "part": self.part,
            "line": self.line,
        }


#: Every message code outside lint (lint's codes are ``xxfill.linter.RULES``), with its
#: severity: the catalogue docs/errors.md explains, and tests/test_messages.py checks.
CODES: dict[str, Severity] = {
    # validation (fill, render, batch rows)
    "unknown-selector": "error",
    "type-mismatch": "error",
    "invalid-value": "error",
    "missing": "error",
    "conflict": "error",
    # fill warnings
    "fills-nothing": "warning",
    "kind-override": "warning",
    "value-has-marks": "warning",
    "value-has-line-break": "warning",
    # batch rows
    "unreadable-row": "error",
    "name": "error",
    "exists": "error",
    "error": "error",
    "internal-error": "error",
}


class ValidationError(XXFillError, ValueError):
    """The values do not fit the template. ``problems`` lists every one of them.

    >>> import xxfill
    >>> try:
    ...     xxfill.fill(xxfill.Text("召开XX次，XX人"), {"#1": "三"})
    ... except xxfill.ValidationError as exc:
    ...     print([(p.code, p.index) for p in exc.problems])
    [('missing', 2)]
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        n = len(self.problems)
        lines = [f"{head}{n} problem{'s' if n != 1 else ''} with the values:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    def _repr_html_(self) -> str | None:
        view = _HTML_VIEWS.get("ValidationError")
        return view(self) if view is not None else None


class OutputError(XXFillError, OSError):
    """Writing the output failed; no partial file and no temporary file were left behind.

    >>> import tempfile, xxfill
    >>> result = xxfill.fill(xxfill.Text("XX"), {"#1": "甲"})
    >>> try:
    ...     result.save(tempfile.mkdtemp())
    ... except xxfill.OutputError as exc:
    ...     print("is a directory" in str(exc))
    True
    """
