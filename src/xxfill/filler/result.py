"""Filling: a resolved plan becomes edits on the plain text, a new document and a report."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import attrs

from xxfill.core.errors import OutputError, Problem
from xxfill.core.model import Artifact, Deferred, Edit, Placeholder, resolved
from xxfill.display.terminal import clip, display_pad
from xxfill.mapping.selectors import Plan, Quick, SelectorIndex, resolve, resolve_quick
from xxfill.output.atomic import write_atomic
from xxfill.scanner.scan import Scan
from xxfill.source.open import Output

__all__ = ["FillReport", "FillResult", "Filled", "apply_plan", "apply_quick", "fill_scan"]


@attrs.frozen
class Filled:
    """One placeholder that received a value: which, what, and through which selector.

    >>> import xxfill
    >>> f = xxfill.fill(xxfill.Text("党的XX大"), {"党的XX大": 20}).report.filled[0]
    >>> (f.index, f.value, f.text, f.selector)
    (1, 20, '二十', '党的XX大')
    """

    placeholder: Placeholder
    value: Any
    text: str
    selector: str

    @property
    def index(self) -> int:
        return self.placeholder.index

    def to_dict(self) -> dict[str, object]:
        p = self.placeholder
        return {
            "index": p.index,
            "key": p.key,
            "kind": p.kind.value,
            "context": p.context,
            "selector": self.selector,
            "text": self.text,
        }


@attrs.frozen
class FillReport:
    """What a fill did: ``filled``, ``unfilled`` (kept or marked), ``unused`` selectors,
    ``warnings``, the ``artifacts`` removed, and (only with ``strict=False``) the ``problems``
    that strict mode would have raised.

    >>> import xxfill
    >>> r = xxfill.fill(xxfill.Text("XX人，XX次"), {"#1": 3}, missing="keep").report
    >>> (len(r.filled), [p.index for p in r.unfilled], r.ok)
    (1, [2], False)
    """

    _filled: tuple[Filled, ...] | Deferred[Filled] = ()
    unfilled: tuple[Placeholder, ...] = ()
    unused: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    artifacts_removed: tuple[Artifact, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def filled(self) -> tuple[Filled, ...]:
        """One ``Filled`` per placeholder that received a value, in document order."""
        return resolved(self._filled)

    @property
    def ok(self) -> bool:
        """True when every placeholder was filled, every selector used and nothing was wrong."""
        return not self.unfilled and not self.unused and not self.problems

    def to_dict(self) -> dict[str, object]:
        return {
            "filled": [f.to_dict() for f in self.filled],
            "unfilled": [
                {"index": p.index, "key": p.key, "context": p.context} for p in self.unfilled
            ],
            "unused": list(self.unused),
            "warnings": [w.to_dict() for w in self.warnings],
            "artifacts_removed": [a.to_dict() for a in self.artifacts_removed],
            "problems": [p.to_dict() for p in self.problems],
        }

    def __str__(self) -> str:
        lines = [
            f"filled {len(self.filled)} placeholder(s); {len(self.unfilled)} unfilled; "
            f"{len(self.unused)} unused selector(s); {len(self.artifacts_removed)} artifact(s) "
            "removed"
        ]
        for f in self.filled:
            lines.append(
                f"  #{f.index:<4} {f.placeholder.kind.value:<8} "
                f"{display_pad(clip(str(f.placeholder.context), 30), 30)} -> {f.text!r}  "
                f"(via {f.selector!r})"
            )
        for p in self.unfilled:
            lines.append(f"  unfilled #{p.index} 「{p.context}」 key {p.key!r}")
        for sel in self.unused:
            lines.append(f"  unused selector {sel!r}: matches no placeholder")
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        for prob in self.problems:
            lines.append(f"  problem: {prob}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<FillReport filled={len(self.filled)} unfilled={len(self.unfilled)} "
            f"unused={len(self.unused)} warnings={len(self.warnings)}>"
        )


@attrs.frozen(repr=False)
class FillResult:
    """The outcome of ``xxfill.fill``: the new document (``text``, ``to_bytes()``,
    ``save(path)``) and its ``report``.

    >>> import xxfill
    >>> r = xxfill.fill(xxfill.Text("召开XX次"), {"#1": 5})
    >>> (r.text, r.to_bytes().decode(), r.report.ok)
    ('召开5次', '召开5次', True)
    """

    scan: Scan
    report: FillReport
    output: Output = attrs.field(eq=False)
    _edits: tuple[Edit, ...] | Deferred[Edit] = ()

    @property
    def edits(self) -> tuple[Edit, ...]:
        """The changes made to the plain text, sorted by part (document order) and offset."""
        return resolved(self._edits)

    @property
    def text(self) -> str:
        """The filled text (for DOCX: the plain text of every part, joined by blank lines)."""
        return self.output.text

    @property
    def format(self) -> str:
        return self.scan.format

    def to_bytes(self, *, encoding: str | None = None, newline: str | None = None) -> bytes:
        """The filled document, encoded like the source (text) or as a .docx package.

        For text, ``encoding`` (e.g. ``"utf-8"``) and ``newline`` (e.g. ``"\n"``) override
        the source's; a DOCX takes neither.
        """
        if encoding is None and newline is None:
            return self.output.to_bytes()
        if self.format != "text":
            raise OutputError("encoding and newline apply to text results, not to a DOCX")
        try:
            return self.output.to_bytes(encoding=encoding, newline=newline)  # type: ignore[call-arg]
        except LookupError:
            raise OutputError(f"unknown encoding {encoding!r}") from None
        except UnicodeEncodeError as exc:
            raise OutputError(
                f"the filled text has {exc.object[exc.start : exc.end]!r} at offset {exc.start}, "
                f"which {encoding} cannot write; choose another encoding (e.g. utf-8)"
            ) from None
        except UnicodeError as exc:  # 'undefined', idna's 63-character labels, …
            raise OutputError(
                f"the encoding {encoding!r} cannot write this text ({exc}); choose a text "
                "encoding such as utf-8 or gb18030"
            ) from None

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        overwrite_input: bool = False,
        encoding: str | None = None,
        newline: str | None = None,
    ) -> str:
        """Write the filled document to ``path`` atomically; never over the input template
        unless ``overwrite_input`` is true. Returns the path written. ``encoding``/``newline``
        as in ``to_bytes``."""
        src = self.scan.handle.path
        if Path(path).suffix.lower() == ".pdf":
            if encoding is not None or newline is not None:
                raise OutputError("encoding and newline apply to text output, not to a PDF")
            data = self.to_pdf()
        else:
            data = self.to_bytes(encoding=encoding, newline=newline)
        return str(write_atomic(path, data, protect=src, overwrite_input=overwrite_input))

    def _office_input(self) -> tuple[bytes, str]:
        """The filled document as LibreOffice reads it best (text as UTF-8 with a BOM)."""
        if self.format == "docx":
            return self.to_bytes(), "filled.docx"
        return self.text.encode("utf-8-sig"), "filled.txt"

    def to_pdf(self) -> bytes:
        """The filled document as PDF, made by LibreOffice (``soffice``).

        Warns (``UserWarning``) for every font the document names that this machine lacks,
        with what will stand in for it; raises ``OutputError`` without LibreOffice, saying how to
        install it."""
        from xxfill.output.office import Office

        data, name = self._office_input()
        for missing in self.missing_fonts():
            warnings.warn(str(missing), UserWarning, stacklevel=2)
        with Office() as office:
            return office.convert(data, name, "pdf")

    def missing_fonts(self) -> list[Any]:
        """The fonts the filled DOCX names (仿宋_GB2312, 方正小标宋简体, …) that are not installed,
        each with the font fontconfig puts in its place; empty for text."""
        if self.format != "docx":
            return []
        return fonts_missing_in(self.to_bytes(), self.scan.source)

    def preview(self, pages: int = 1) -> Any:
        """A picture of the first ``pages`` filled pages for the notebook (PDF → PNG); without
        LibreOffice it says so instead of failing."""
        from xxfill.display.preview import Preview
        from xxfill.output.office import (
            INSTALL_HINT,
            POPPLER_HINT,
            Office,
            OfficeMissingError,
            pdf_pages_to_png,
        )

        data, name = self._office_input()
        try:
            with Office() as office:
                pdf = office.convert(data, name, "pdf")
        except OfficeMissingError:
            return Preview((), note=INSTALL_HINT)
        images = pdf_pages_to_png(pdf, max(1, pages))
        if images is None:
            return Preview((), note=POPPLER_HINT)
        return Preview(tuple(images))

    @property
    def document(self) -> Any:
        """For DOCX sources: the filled python-docx ``Document``."""
        doc = getattr(self.output, "document", None)
        if doc is None:
            raise AttributeError("only DOCX results have a python-docx document")
        return doc

    def lint(self) -> Any:
        """Findings on the filled document (placeholders left, doubled words, numeral style)."""
        from xxfill.linter.rules import lint_filled

        return lint_filled(self)

    def __repr__(self) -> str:
        r = self.report
        return (
            f"<FillResult {self.scan.source!r}: filled={len(r.filled)} "
            f"unfilled={len(r.unfilled)} unused={len(r.unused)} warnings={len(r.warnings)}>"
        )

    def _repr_html_(self) -> str:
        from xxfill.display.html import fill_html

        return fill_html(self)


def fonts_missing_in(data: bytes, name: str) -> list[Any]:
    """The fonts a document (DOCX bytes; text names none) asks for that are not installed."""
    from xxfill.docx import fonts_named
    from xxfill.output.office import missing_fonts

    return missing_fonts(fonts_named(data, name=name))


def fill_scan(
    scan: Scan,
    values: Any,
    *,
    strict: bool = True,
    source: str | None = None,
    index: SelectorIndex | None = None,
) -> FillResult:
    """The one fill path: ``xxfill.fill`` and ``Template.render`` both end here, so they cannot
    disagree. A dict that fills every placeholder with nothing to report takes the quick steps
    (``resolve_quick`` then ``apply_quick``: the same result, records built only when read);
    anything else resolves fully (``resolve`` then ``apply_plan``). ``index`` is the
    template's memoised ``SelectorIndex`` (built here when not given); ``source`` names the
    template in errors (default: the scan's source).
    """
    if index is None:
        index = SelectorIndex(scan.placeholders, scan.options)
    quick = resolve_quick(index, values)
    if quick is not None:
        return apply_quick(scan, quick)
    plan = resolve(
        scan.placeholders,
        values,
        options=scan.options,
        source=source if source is not None else scan.source,
        strict=strict,
        index=index,
    )
    return apply_plan(scan, plan)


def apply_plan(scan: Scan, plan: Plan) -> FillResult:
    """Turn a resolved ``Plan`` into edits, apply them to the scan's source, and report."""
    newline = scan.handle.newline
    edits: list[Edit] = []
    filled: list[Filled] = []
    assigned: set[int] = set()
    for a in plan.assignments:
        p = a.placeholder
        text = a.text if newline == "\n" else _to_newline(a.text, newline)
        edits.append(Edit(p.part, p.start, p.end, text))
        filled.append(Filled(p, a.value, text, a.selector))
        assigned.add(p.index)
    unfilled = tuple(p for p in plan.unfilled if p.index not in assigned)
    if plan.mark is not None:
        edits.extend(Edit(p.part, p.start, p.end, plan.mark) for p in unfilled)
    removed: tuple[Artifact, ...] = ()
    if not scan.options.keep_artifacts:
        removed = scan.artifacts
        edits.extend(Edit(a.part, a.start, a.end, "") for a in removed)
    _sort_edits(scan, edits)
    output = scan.handle.apply(edits)
    report = FillReport(
        filled=tuple(filled),
        unfilled=unfilled,
        unused=plan.unused,
        warnings=plan.warnings,
        artifacts_removed=removed,
        problems=plan.problems,
    )
    return FillResult(scan=scan, report=report, output=output, edits=tuple(edits))


def apply_quick(scan: Scan, quick: Quick) -> FillResult:
    """``apply_plan`` for a ``Quick`` plan: the same document, report and edits, with the
    ``Filled`` records and edits built only when someone reads them.

    A compiled source (``apply_texts``) takes the texts as they are; any other source gets the
    edits. Quick texts hold no line breaks, so text newlines need no conversion.
    """
    removed: tuple[Artifact, ...] = () if scan.options.keep_artifacts else scan.artifacts

    def edits() -> tuple[Edit, ...]:
        out = [
            Edit(p.part, p.start, p.end, t)
            for p, t in zip(quick.placeholders, quick.texts, strict=True)
        ]
        out.extend(Edit(a.part, a.start, a.end, "") for a in removed)
        _sort_edits(scan, out)
        return tuple(out)

    def filled() -> tuple[Filled, ...]:
        return tuple(
            Filled(p, v, t, sel)
            for p, v, t, sel in zip(
                quick.placeholders, quick.values, quick.texts, quick.selectors, strict=True
            )
        )

    deferred: Deferred[Edit] = Deferred(edits)
    src = scan.handle
    output = src.apply_texts(quick.texts, deferred, bool(removed))
    report = FillReport(
        filled=Deferred(filled),
        warnings=quick.warnings,
        artifacts_removed=removed,
    )
    return FillResult(scan=scan, report=report, output=output, edits=deferred)


def _sort_edits(scan: Scan, edits: list[Edit]) -> None:
    order = {p.name: i for i, p in enumerate(scan.parts)}
    edits.sort(key=lambda e: (order.get(e.part, len(order)), e.start))


def _to_newline(text: str, newline: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
