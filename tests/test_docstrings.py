"""Every public name has a docstring with an example, and every example in the package runs."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import xxfill

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(xxfill.__path__, prefix="xxfill.")
    if m.name != "xxfill.__main__"
)


@pytest.mark.parametrize("name", ["xxfill", *MODULES])
def test_the_examples_in_each_module_pass(name: str) -> None:
    """doctest runs every >>> example of the module and none fails."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_public_name_has_a_docstring_with_an_example() -> None:
    """Functions and classes (exceptions too) in xxfill.__all__ show a >>> example."""
    lacking = []
    for name in xxfill.__all__:
        obj = getattr(xxfill, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        if ">>>" not in (inspect.getdoc(obj) or ""):
            lacking.append(name)
    assert lacking == []
