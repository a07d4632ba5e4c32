"""Lint: site residue, numbering gaps, broken brackets and checks of a filled copy.

One function per rule; findings are xxfill.core messages.
"""
