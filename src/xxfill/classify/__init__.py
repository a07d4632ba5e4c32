"""Stage classify: kinds, keys and reasons from context; imports only xxfill.core.

The rule lexicons are data (default.toml, extendable through Rules).
"""

from xxfill.classify.cues import Classified, Found, Rules, classify, tomllib

__all__ = ["Classified", "Found", "Rules", "TOMLDecodeError", "classify"]

#: What ``Rules.from_toml`` and ``Rules.merged_with_file`` raise for a file that is not TOML.
TOMLDecodeError = tomllib.TOMLDecodeError
