"""Stage map/validate: selectors, typed values per kind, values files and forms.

Imports xxfill.core only: it receives placeholders, never a source.
"""
