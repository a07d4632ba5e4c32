"""Open what the user passed as a Source: imports xxfill.core, xxfill.text and xxfill.docx.

A path, bytes, a file object, Text or a python-docx Document.
"""
