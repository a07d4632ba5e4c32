"""The one-shot entry points: ``scan`` and ``fill``. Only this module knows the whole order of
the stages: source → placeholders → classification → mapping/validation → filling → output."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xxfill.core.model import Options
from xxfill.filler.result import FillResult, fill_scan
from xxfill.scanner.scan import Scan, build_scan
from xxfill.source.open import SourceLike, open_input

__all__ = ["fill", "scan"]


def scan(
    source: SourceLike | Scan | None = None,
    options: Options | None = None,
    *,
    text: str | None = None,
    format: str | None = None,
    **option_overrides: Any,
) -> Scan:
    """Find and classify every placeholder of ``source``.

    ``source`` is a path, ``bytes``, a binary file object, ``xxfill.Text(...)`` or a python-docx
    ``Document``; or pass text in memory as ``text=...``. Keywords override ``options``.

    >>> import xxfill
    >>> s = xxfill.scan(text="学习贯彻党的XX大精神，召开XX次会议")
    >>> [(p.key, p.kind.value) for p in s]
    [('党的XX大', 'ordinal'), ('召开XX次', 'count')]
    """
    opts = Options.build(options, **option_overrides)
    if isinstance(source, Scan):
        if options is None and not option_overrides:
            return source
        source = source.handle
    src = open_input(source, text, format, opts)
    return build_scan(src, src.parts, opts)


def fill(
    source: SourceLike | Scan | None = None,
    values: Mapping[str, Any] | Any = None,
    options: Options | None = None,
    *,
    text: str | None = None,
    format: str | None = None,
    strict: bool = True,
    **option_overrides: Any,
) -> FillResult:
    """Fill ``source``'s placeholders from ``values`` and return the result with its report.

    ``values`` maps selectors (``"#3"``, a key, or a context fragment such as ``"党的XX大"``) to
    values, or is an attrs instance whose fields name their selectors. Every problem is collected
    and raised as one ``ValidationError``; with ``strict=False`` nothing is raised: every problem
    is in ``result.report.problems`` (unknown selectors also in ``result.report.unused``) and the
    placeholders it concerns stay as they are. A ``Scan`` may be passed to fill what was already
    scanned.

    >>> import xxfill
    >>> r = xxfill.fill(xxfill.Text("召开XX次会议"), {"召开XX次": 12})
    >>> r.text
    '召开12次会议'
    """
    sc = scan(source, options, text=text, format=format, **option_overrides)
    return fill_scan(sc, values, strict=strict)
