"""The ``xxfill`` command: one module per sub-command; imports every stage, imported by none."""

from xxfill.cli.main import main

__all__ = ["main"]
