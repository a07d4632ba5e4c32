"""Everything OOXML and zip; the only package that imports lxml, zipfile or python-docx.

package: bounded zip reader, the one raw-copy zip writer, format sniffing. stories: flatten and
splice runs. compiled: byte segments for Template.render.
"""

from xxfill.docx.compiled import CompiledDocx, CompiledDocxOutput, compile_docx
from xxfill.docx.fonts import fonts_named
from xxfill.docx.package import (
    CONVERTIBLE,
    is_package,
    is_python_docx,
    opendocument_kind,
    read_limit,
    sniff_format,
)
from xxfill.docx.package import convert_doc as convert_to_docx
from xxfill.docx.stories import DocxOutput, DocxSource

__all__ = [
    "CONVERTIBLE",
    "CompiledDocx",
    "CompiledDocxOutput",
    "DocxOutput",
    "DocxSource",
    "compile_docx",
    "convert_to_docx",
    "fonts_named",
    "is_package",
    "is_python_docx",
    "opendocument_kind",
    "read_limit",
    "sniff_format",
]
