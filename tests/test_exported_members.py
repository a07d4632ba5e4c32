"""The public surface is exactly __all__, and public classes present themselves as xxfill.X."""

from __future__ import annotations

import xxfill


def test_all_is_locked() -> None:
    """Adding or removing a public name is a deliberate change to this list."""
    assert sorted(xxfill.__all__) == sorted(
        [
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
    )


def test_every_exported_name_exists_and_classes_say_xxfill() -> None:
    """Each name resolves; exported classes report module 'xxfill' in reprs and docs."""
    for name in xxfill.__all__:
        obj = getattr(xxfill, name)
        if isinstance(obj, type):
            assert obj.__module__ == "xxfill", name


def test_every_error_derives_from_the_base() -> None:
    """One except clause catches everything xxfill raises on purpose."""
    errors = [getattr(xxfill, n) for n in xxfill.__all__ if n.endswith("Error")]
    assert errors and all(issubclass(e, xxfill.XXFillError) for e in errors)
