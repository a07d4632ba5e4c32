"""Stage classify: kinds, keys and reasons from context; imports only xxfill.core.

The rule lexicons are data (default.toml, extendable through Rules).
"""
