"""Plain-text sources: decoding, line endings and edits applied to text; imports xxfill.core.

The counterpart of xxfill.docx for .txt/.md input.
"""
