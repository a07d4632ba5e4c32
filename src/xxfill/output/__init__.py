"""Stage write: atomic file writing that never leaves a half-written file.

Imports only xxfill.core.
"""
