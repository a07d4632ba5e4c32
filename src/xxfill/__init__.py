"""xxfill: find, classify and fill ``XX`` placeholders in report templates (DOCX and text),
keeping the document's formatting exactly as it was.

>>> import xxfill
>>> xxfill.fill(text="共开展活动XX场次", values={"#1": 8}).text
'共开展活动8场次'
"""

from __future__ import annotations

from ._api import fill, scan
from ._classify import Rules
from ._errors import (
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
from ._fill import Filled, FillReport, FillResult
from ._form import make_form
from ._lint import Finding, Findings, Fixed, fix, lint
from ._mapping import Assignment, Plan, resolve, slot
from ._model import DEFAULT_MARKS, Artifact, Edit, Kind, Limits, Options, PartText, Placeholder
from ._scan import Group, Scan
from ._source import Text
from ._template import Template, compile
from ._values import load_values

__version__ = "0.1.0"

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
    if isinstance(_obj, type) and _obj.__module__.startswith("xxfill._"):
        _obj.__module__ = "xxfill"
del _name, _obj
