"""Compile once, fill many: ``xxfill.compile(source) -> Template`` and ``Template.render``.

A ``Template`` holds a finished ``Scan`` whose source is a *compiled* source: for text, the text
cut at the placeholder and artifact offsets; for DOCX, the changed parts as byte segments around
the placeholders' text (see ``xxfill.docx.compiled``) and the unchanged zip members as raw bytes.
``render`` and ``xxfill.fill`` run the same steps (``filler.result.fill_scan``): a dict that
fills every placeholder with nothing to report is checked against the selectors' memoised shape
(``mapping.selectors.resolve_quick``) and its texts go straight to the source (``apply_quick``),
with the report's records built only when read; anything else resolves fully (``resolve``,
``apply_plan``). What a template adds is the cache: the index of selectors is built once, and the
compiled source splices instead of parsing. Templates
are immutable, thread-safe and picklable (bytes and strings only).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from xxfill.core.errors import XXFillError
from xxfill.core.model import DEFAULT_MARKS, Edit, Kind, Options, PartText, Placeholder
from xxfill.docx import DocxSource, compile_docx
from xxfill.filler.result import FillResult, fill_scan
from xxfill.mapping.selectors import SelectorIndex
from xxfill.scanner.scan import Groups, Scan, build_scan
from xxfill.source.open import Source, SourceLike, open_source

__all__ = ["Template", "compile"]


@attrs.frozen(repr=False)
class CompiledText:
    """The ``Source`` of a compiled text template: the text cut at every slot."""

    name: str
    parts: tuple[PartText, ...]
    path: Path | None
    encoding: str
    bom: bytes
    newline: str
    pieces: tuple[str, ...]  # len(spans) + 1 constant pieces
    spans: dict[tuple[int, int], int] = attrs.field(eq=False)  # (start, end) -> slot number
    literals: tuple[str, ...]  # the original text of each slot
    format: str = "text"
    placeholder_slots: tuple[int, ...] = ()  # the slot of each placeholder, document order
    artifact_slots: tuple[int, ...] = ()

    def column_headers(self, marks: tuple[str, ...] = DEFAULT_MARKS) -> dict[tuple[str, int], str]:
        """Text has no tables."""
        return {}

    @property
    def fast(self) -> bool:
        """A compiled text always renders by joining its pieces."""
        return True

    def apply_texts(self, texts: Sequence[str], edits: Any, artifacts_removed: bool) -> Any:
        """``apply`` for a value per placeholder (document order), artifacts removed or kept."""
        if len(texts) != len(self.placeholder_slots):
            return self.apply(edits.get())
        filled = list(self.literals)
        for k, t in zip(self.placeholder_slots, texts, strict=True):
            filled[k] = t
        if artifacts_removed:
            for k in self.artifact_slots:
                filled[k] = ""
        return self._join(filled)

    def apply(self, edits: Sequence[Edit]) -> Any:
        from xxfill.text.plain import TextOutput, apply_edits

        texts = list(self.literals)
        for e in edits:
            k = self.spans.get((e.start, e.end))
            if k is None:  # not a compiled slot: splice the plain way
                return TextOutput(apply_edits(self.parts[0].text, edits), self.encoding, self.bom)
            texts[k] = e.text
        return self._join(texts)

    def _join(self, texts: Sequence[str]) -> Any:
        """The text with ``texts[k]`` in slot ``k``."""
        from xxfill.text.plain import TextOutput

        out = [self.pieces[0]]
        for k, t in enumerate(texts):
            out.append(t)
            out.append(self.pieces[k + 1])
        return TextOutput("".join(out), self.encoding, self.bom)

    def __repr__(self) -> str:
        return f"<CompiledText {self.name} {len(self.literals)} slots>"


def _compile_text(src: Any, scan: Scan) -> CompiledText:
    text = src.text
    spans = sorted(
        [(p.start, p.end) for p in scan.placeholders] + [(a.start, a.end) for a in scan.artifacts]
    )
    pieces: list[str] = []
    literals: list[str] = []
    pos = 0
    for s, e in spans:
        pieces.append(text[pos:s])
        literals.append(text[s:e])
        pos = e
    pieces.append(text[pos:])
    slot_of = {span: k for k, span in enumerate(spans)}
    return CompiledText(
        name=src.name,
        parts=src.parts,
        path=src.path,
        encoding=src.encoding,
        bom=src.bom,
        newline=src.newline,
        pieces=tuple(pieces),
        spans=slot_of,
        literals=tuple(literals),
        placeholder_slots=tuple(
            slot_of[(p.start, p.end)] for p in sorted(scan.placeholders, key=lambda p: p.index)
        ),
        artifact_slots=tuple(slot_of[(a.start, a.end)] for a in scan.artifacts),
    )


def _selector_index(template: Template) -> SelectorIndex:
    return SelectorIndex(template.scan.placeholders, template.scan.options)


@attrs.frozen(repr=False)
class Template:
    """A template scanned, classified and prepared once, to fill many times.

    >>> import xxfill
    >>> t = xxfill.compile(xxfill.Text("召开XX次会议，参会XX人"))
    >>> [r.text for r in t.render_many([{"#1": 3, "#2": 40}, {"#1": 5, "#2": 61}])]
    ['召开3次会议，参会40人', '召开5次会议，参会61人']
    """

    scan: Scan
    _index: SelectorIndex = attrs.field(
        init=False, eq=False, default=attrs.Factory(_selector_index, takes_self=True)
    )

    # -- what the template holds -----------------------------------------------------------
    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return self.scan.placeholders

    @property
    def options(self) -> Options:
        return self.scan.options

    @property
    def format(self) -> str:
        """``"text"`` or ``"docx"``."""
        return self.scan.format

    @property
    def source(self) -> str:
        return self.scan.source

    def groups(self) -> Groups:
        """The keys to fill, as ``Scan.groups()``."""
        return self.scan.groups()

    @property
    def fast(self) -> bool:
        """False when the DOCX could not be compiled and every render refills from XML."""
        return self.scan.handle.fast

    @property
    def suffix(self) -> str:
        """The file suffix of rendered documents (``.docx``, or the text source's)."""
        if self.format == "docx":
            return ".docx"
        path = self.scan.handle.path
        return path.suffix if path is not None and path.suffix else ".txt"

    # -- selectors ---------------------------------------------------------------------------
    def unmatched_reason(self, selector: str) -> str | None:
        """``None`` when ``selector`` reaches a placeholder, else why not (with the nearest key
        as a suggestion, as ``fill`` reports it)."""
        return self._index.unmatched(selector)

    def indices_of(self, selector: str) -> frozenset[int]:
        """The indices of the placeholders ``selector`` reaches (empty when it reaches none)."""
        reach = self._index.reach(selector)
        return frozenset() if isinstance(reach, str) else frozenset(p.index for _r, p in reach)

    def kinds_of(self, selector: str) -> frozenset[Kind]:
        """The kinds of the placeholders ``selector`` reaches (empty when it reaches none)."""
        reach = self._index.reach(selector)
        return frozenset() if isinstance(reach, str) else frozenset(p.kind for _r, p in reach)

    # -- rendering ---------------------------------------------------------------------------
    def render(self, values: Mapping[str, Any] | Any, *, strict: bool = True) -> FillResult:
        """Fill the template from ``values``: the same validation, result and report as
        ``xxfill.fill`` (raises ``ValidationError`` listing every problem)."""
        return self._render(values, strict, self.scan.source)

    def _render(self, values: Mapping[str, Any] | Any, strict: bool, source: str) -> FillResult:
        return fill_scan(self.scan, values, strict=strict, source=source, index=self._index)

    def render_many(
        self,
        rows: Iterable[Mapping[str, Any]] | Any,
        *,
        strict: bool = True,
        errors: Literal["raise", "yield"] = "raise",
    ) -> Iterator[FillResult | XXFillError]:
        """Render each row lazily. ``rows`` is an iterable of dicts or a pandas ``DataFrame``
        (columns are selectors; ``None``/``NaN``/``NA`` cells are not given).

        With ``errors="yield"`` a row that fails yields its ``XXFillError`` (usually a
        ``ValidationError`` listing every problem) instead of stopping the iteration. Either way
        a ``ValidationError`` names the row (``row 3``, counting from 1).
        """
        if errors not in ("raise", "yield"):
            raise ValueError(f"errors must be 'raise' or 'yield', not {errors!r}")
        for number, row in enumerate(iter_rows(rows), 1):
            source = f"{self.scan.source}, row {number}"
            if errors == "raise":
                yield self._render(row, strict, source)
                continue
            try:
                yield self._render(row, strict, source)
            except XXFillError as exc:
                yield exc

    def __repr__(self) -> str:
        mode = "" if self.fast else ", uncompiled fallback"
        return (
            f"<Template {self.source!r}: {self.format}, {len(self.placeholders)} placeholders in "
            f"{len(self.groups())} keys{mode}>"
        )


def compile(
    source: SourceLike | Scan,
    options: Options | None = None,
    *,
    format: str | None = None,
    **option_overrides: Any,
) -> Template:
    """Scan and classify ``source`` once and prepare it for fast repeated filling.

    ``source`` is whatever ``xxfill.fill`` accepts (a path, bytes, a binary file, ``Text(...)``,
    a python-docx ``Document``, which is read but never changed), or a ``Scan``.

    >>> import xxfill
    >>> t = xxfill.compile(xxfill.Text("学习贯彻党的XX大精神"))
    >>> t.render({"党的XX大": 20}).text
    '学习贯彻党的二十大精神'
    """
    opts = Options.build(options, **option_overrides)
    if isinstance(source, Scan):
        if options is None and not option_overrides:
            opts = source.options
        source = source.handle
    src: Source = open_source(
        source,
        format=format,
        limits=opts.limits,
        convert_doc=opts.convert_doc,
        copy_damaged=opts.copy_damaged,
    )
    if isinstance(src, DocxSource):
        return _compile_docx(src.as_package(opts.limits), opts)
    if src.format == "docx":  # pragma: no cover - another Source implementation
        raise TypeError(f"cannot compile a {type(src).__name__}")
    sc = build_scan(src, src.parts, opts)
    compiled = _compile_text(src, sc)
    return Template(attrs.evolve(sc, source_obj=compiled))


def _compile_docx(src: DocxSource, opts: Options) -> Template:
    """Scan once, then compile the package for exactly the spans that scan found."""
    sc = build_scan(src, src.parts, opts)
    slots = {(p.part, p.start, p.end): p.index for p in sc.placeholders}
    artifacts = (
        frozenset()
        if opts.keep_artifacts
        else frozenset((a.part, a.start, a.end) for a in sc.artifacts)
    )
    compiled = compile_docx(src, slots, artifacts, limits=opts.limits)
    return Template(attrs.evolve(sc, source_obj=compiled))


# ------------------------------------------------------------------------------------------
# Rows: dicts or a pandas DataFrame, with missing cells dropped
# ------------------------------------------------------------------------------------------


def is_missing(value: Any) -> bool:
    """``None``, ``""``, float NaN, pandas ``NA``/``NaT``: a cell with no value."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, float):
        return math.isnan(value)
    cls = type(value).__name__
    if cls in ("NAType", "NaTType"):
        return True
    return False


def plain_value(value: Any) -> Any:
    """numpy scalars → Python numbers, pandas ``Timestamp`` → ``datetime``/``date``."""
    mod = type(value).__module__
    if mod.startswith("numpy"):
        item = getattr(value, "item", None)
        if item is not None:
            value = item()
    elif mod.startswith("pandas"):
        to_py = getattr(value, "to_pydatetime", None)
        if to_py is not None:
            value = to_py()
    import datetime as _dt

    if isinstance(value, _dt.datetime) and value.time() == _dt.time(0) and value.tzinfo is None:
        return value.date()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def clean_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row without missing cells, with plain Python values."""
    return {str(k): plain_value(v) for k, v in row.items() if not is_missing(v)}


def iter_rows(rows: Iterable[Mapping[str, Any]] | Any) -> Iterator[dict[str, Any]]:
    """Dicts from an iterable of mappings or from a pandas ``DataFrame``, lazily."""
    if hasattr(rows, "itertuples") and hasattr(rows, "columns"):
        columns = [str(c) for c in rows.columns]
        for tup in rows.itertuples(index=False, name=None):
            yield clean_row(dict(zip(columns, tup, strict=True)))
        return
    for row in rows:
        if not isinstance(row, Mapping):
            raise TypeError(f"a row is a mapping of selector to value, not {type(row).__name__}")
        yield clean_row(row)
