"""xxfill: find, classify and fill ``XX`` placeholders in report templates (DOCX and text),
keeping the document's formatting exactly as it was.

>>> import xxfill
>>> xxfill.fill(text="共开展活动XX场次", values={"#1": 8}).text
'共开展活动8场次'
"""

from __future__ import annotations

import xxfill.display  # noqa: F401  (registers the notebook views of errors)
from xxfill.api import fill, scan
from xxfill.classify import Rules
from xxfill.core.errors import (
    CorruptDocumentError,
    DecodeError,
    LimitExceededError,
    OutputError,
    Problem,
    SourceError,
    UnsafeDocumentError,
    UnsupportedFormatError,
    ValidationError,
    ValuesError,
    XXFillError,
)
from xxfill.core.model import (
    DEFAULT_MARKS,
    Artifact,
    Edit,
    Kind,
    Limits,
    Options,
    PartText,
    Placeholder,
)
from xxfill.core.version import VERSION
from xxfill.filler.result import Filled, FillReport, FillResult
from xxfill.filler.template import Template, compile
from xxfill.linter.rules import Finding, Findings, Fixed, fix, lint
from xxfill.mapping.files import load_values
from xxfill.mapping.form import make_form
from xxfill.mapping.selectors import Assignment, Plan, resolve, slot
from xxfill.scanner.scan import Group, Groups, Scan
from xxfill.source.open import Text

__version__ = VERSION

__all__ = [
    "DEFAULT_MARKS",
    "Artifact",
    "Assignment",
    "CorruptDocumentError",
    "DecodeError",
    "Edit",
    "FillReport",
    "FillResult",
    "Filled",
    "Finding",
    "Findings",
    "Fixed",
    "Group",
    "Groups",
    "Kind",
    "LimitExceededError",
    "Limits",
    "Options",
    "OutputError",
    "PartText",
    "Placeholder",
    "Plan",
    "Problem",
    "Rules",
    "Scan",
    "SourceError",
    "Template",
    "Text",
    "UnsafeDocumentError",
    "UnsupportedFormatError",
    "ValidationError",
    "ValuesError",
    "XXFillError",
    "__version__",
    "compile",
    "fill",
    "fix",
    "lint",
    "load_values",
    "make_form",
    "resolve",
    "scan",
    "slot",
]

# Public classes say ``xxfill.X`` in reprs and docs, not the private module they live in.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("xxfill."):
        _obj.__module__ = "xxfill"
del _name, _obj
