"""The tree keeps the shape docs/architecture.md draws: no import cycles, OOXML in one package,
each package importing only the stages before it, and no function over 100 lines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "src" / "xxfill"

# Who may import whom (docs/architecture.md). A package may always import itself and xxfill.core.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "text": set(),
    "docx": {"text"},
    "source": {"text", "docx"},
    "classify": set(),
    "display": set(),
    "scanner": {"source", "classify", "display"},
    "mapping": {"scanner"},
    "output": set(),
    "linter": {"source", "scanner", "text", "output", "display"},
    "filler": {"source", "scanner", "mapping", "text", "docx", "output", "display", "linter"},
    "api": {"source", "scanner", "mapping", "filler"},
    "batch": {"api", "filler", "mapping", "output", "text", "source", "scanner", "docx"},
    "cli": {
        "api",
        "batch",
        "classify",
        "display",
        "filler",
        "linter",
        "mapping",
        "output",
        "scanner",
        "source",
        "text",
    },
}
OOXML_ONLY = {"lxml", "zipfile", "docx"}  # python-docx is the top-level package ``docx``
# namespaces and zip/OLE magic
OOXML_STRINGS = ("schemas.openxmlformats", "PK\\x03", "PK\\x05", "\\xd0\\xcf\\x11")
MAX_FUNCTION_LINES = 100


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(["xxfill", *parts])] = path
    return found


MODULES = _modules()


def _type_checking(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name | ast.Attribute)
        and "TYPE_CHECKING" in ast.unparse(node.test)
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import, at module level or inside functions, except ``if TYPE_CHECKING:`` blocks
    (annotations only; they never run)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if _type_checking(child):
                stack.extend(child.orelse)  # type: ignore[attr-defined]
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child
            stack.append(child)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The absolute names a statement imports (submodules where ``from pkg import mod``)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        package = module.split(".")
        if not MODULES[module].name == "__init__.py":
            package = package[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base]) if base else ".".join(package)
    for alias in node.names:
        full = f"{base}.{alias.name}"
        yield full if full in MODULES else base


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = {t for node in _imports(tree) for t in _targets(module, node)}
    return graph


GRAPH = _graph()


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components over xxfill's own modules: each is one module."""
    internal = {m: {t for t in ts if t in MODULES and t != m} for m, ts in GRAPH.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(internal[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(internal):
        if v not in index:
            visit(v)
    assert cycles == []


def test_ooxml_and_zip_live_in_the_docx_package_only() -> None:
    offenders = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _stage(module) != "docx"
        for target in targets
        if target.split(".")[0] in OOXML_ONLY
    )
    assert offenders == []


def test_namespace_uris_and_zip_magic_live_in_the_docx_package_only() -> None:
    offenders = [
        module
        for module, path in MODULES.items()
        if _stage(module) != "docx"
        and any(
            s in path.read_text(encoding="utf-8") for s in ("schemas.openxmlformats", "PK\\x03")
        )
    ]
    assert offenders == []


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_each_stage_imports_only_the_stages_before_it(stage: str) -> None:
    allowed = ALLOWED[stage] | {stage, "core"}
    offenders = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _stage(module) == stage
        for target in targets
        if target.startswith("xxfill.") and _stage(target) not in allowed
    )
    assert offenders == []


def test_every_package_is_drawn_in_the_architecture() -> None:
    stages = {_stage(m) for m in MODULES} - {"", "__main__"}
    assert stages == set(ALLOWED)
    doc = (ROOT.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert all(f"xxfill.{s}" in doc for s in stages if s != "api")


def test_each_package_opens_with_a_one_line_docstring() -> None:
    lacking = [
        module
        for module, path in MODULES.items()
        if path.name == "__init__.py"
        and not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()
    ]
    assert lacking == []


def test_no_function_is_longer_than_100_lines() -> None:
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{module}.{node.name}: {lines} lines")
    assert long == []


def test_every_source_declares_the_whole_source_interface() -> None:
    """Later stages use a source only through ``Source``: every implementation (text, DOCX,
    python-docx Document, compiled text, compiled DOCX) has every member, so no stage needs
    ``getattr`` with a default to find out what a source can do."""
    import io
    import typing

    import docx

    import xxfill
    from xxfill.source.open import Source, open_source

    d = docx.Document()
    d.add_paragraph("召开XX次会议")
    buf = io.BytesIO()
    d.save(buf)
    sources = [
        open_source(xxfill.Text("召开XX次会议")),
        open_source(buf.getvalue()),
        open_source(d),
        xxfill.compile(xxfill.Text("召开XX次会议")).scan.handle,
        xxfill.compile(buf.getvalue()).scan.handle,
    ]
    members = [
        m
        for m in (*typing.get_type_hints(Source), *vars(Source))
        if not m.startswith("_") and m not in ("mro",)
    ]
    assert {"apply", "apply_texts", "column_headers", "fast", "newline", "path"} <= set(members)
    for src in sources:
        assert isinstance(src, Source), type(src)
        missing = [m for m in members if not hasattr(src, m)]
        assert not missing, (type(src).__name__, missing)
    assert [src.fast for src in sources] == [False, False, False, True, True]
    assert {src.newline for src in sources} == {"\n"}
