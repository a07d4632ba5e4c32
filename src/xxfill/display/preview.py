"""A picture of filled pages for the notebook (``FillResult.preview``)."""

from __future__ import annotations

import base64
import html

import attrs

__all__ = ["Preview"]


@attrs.frozen(repr=False)
class Preview:
    """Page images (PNG) of a filled document, or the reason there are none.

    In a notebook it shows the pages side by side; ``note`` says what is missing (LibreOffice,
    or poppler for more than the first page).

    >>> Preview((), note="PDF and previews need LibreOffice")._repr_html_()[:28]
    '<div class="xxf-preview"><p>'
    """

    pages: tuple[bytes, ...]
    note: str | None = None

    def __repr__(self) -> str:
        note = f", {self.note}" if self.note else ""
        return f"<Preview {len(self.pages)} page{'s' if len(self.pages) != 1 else ''}{note}>"

    def _repr_png_(self) -> bytes | None:
        return self.pages[0] if self.pages else None

    def _repr_html_(self) -> str:
        parts = ['<div class="xxf-preview">']
        if self.note:
            parts.append(f"<p>{html.escape(self.note)}</p>")
        for i, png in enumerate(self.pages, 1):
            data = base64.b64encode(png).decode("ascii")
            parts.append(
                f'<img alt="page {i}" style="max-width:48%;border:1px solid #ccc;margin:2px" '
                f'src="data:image/png;base64,{data}">'
            )
        parts.append("</div>")
        return "".join(parts)
