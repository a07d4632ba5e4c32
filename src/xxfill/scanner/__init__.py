"""Stage scan: find placeholders and site residue and build a Scan; calls xxfill.classify.

Imports xxfill.core, xxfill.source, xxfill.classify and xxfill.display.
"""
