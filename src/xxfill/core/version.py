"""The package version (one place; ``xxfill.__version__`` re-exports it)."""

VERSION = "0.1.0"
