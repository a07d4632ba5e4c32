"""Stage classify: kinds, keys and reasons from context; imports only xxfill.core.

The rule lexicons are data (default.toml, extendable through Rules). The modules, in the order
they build on each other: ``lexicons`` (Rules and the lookups compiled from it), ``context``
(the line around one placeholder), ``keys`` (key phrases and making them distinct), ``shapes``
(brackets, numbers, fixed phrases), ``cues`` (the words around), ``kinds`` (``classify``).
"""

from xxfill.classify.context import Classified, Found
from xxfill.classify.kinds import classify
from xxfill.classify.lexicons import Rules, tomllib

__all__ = ["Classified", "Found", "Rules", "TOMLDecodeError", "classify"]

#: What ``Rules.from_toml`` and ``Rules.merged_with_file`` raise for a file that is not TOML.
TOMLDecodeError = tomllib.TOMLDecodeError
