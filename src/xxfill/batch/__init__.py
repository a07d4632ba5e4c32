"""Batch: one filled file per data row (CSV, XLSX, JSON Lines), planned per row.

Reads tables safely, plans each row, renders through a compiled Template.
"""
