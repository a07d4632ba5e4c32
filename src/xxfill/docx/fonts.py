"""Which fonts a DOCX names: the ``w:rFonts`` of its styles and stories (what Word asks for)."""

from __future__ import annotations

from xxfill.core.model import DEFAULT_LIMITS, Limits
from xxfill.docx.package import ZipPackage, is_zip
from xxfill.docx.stories import W_NS, parse_xml

__all__ = ["fonts_named"]

_RFONTS = f"{{{W_NS}}}rFonts"
_FONT_ATTRS = tuple(f"{{{W_NS}}}{a}" for a in ("eastAsia", "ascii", "hAnsi", "cs"))


def fonts_named(data: bytes, *, name: str = "<bytes>", limits: Limits = DEFAULT_LIMITS) -> set[str]:
    """The font names a DOCX's styles, body, headers, footers and notes ask for (none for
    bytes that are not a zip package, such as a filled text).

    >>> import io, docx
    >>> d = docx.Document(); r = d.add_paragraph().add_run("通知"); r.font.name = "黑体"
    >>> buf = io.BytesIO(); d.save(buf)
    >>> "黑体" in fonts_named(buf.getvalue())
    True
    """
    if not is_zip(data):
        return set()
    package = ZipPackage(data, source=name, limits=limits)
    fonts: set[str] = set()
    for member in package.names():
        if not (member.startswith("word/") and member.endswith(".xml")):
            continue
        if member.endswith(("fontTable.xml", "settings.xml", "webSettings.xml")):
            continue
        root = parse_xml(package.read(member), part=member, source=name)
        for el in root.iter(_RFONTS):
            fonts.update(v.strip() for a in _FONT_ATTRS if (v := el.get(a)) and v.strip())
    return fonts
