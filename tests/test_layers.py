"""The package's import graph: layers only import downwards, and nothing imports in a circle.

Every `import journal...` / `from journal... import` counts, at module level or inside a
function (a lazy import is still a dependency). The layers, lowest first, are the ones
docs/architecture.md describes.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

from tests.reliability import REPO

LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "journal",
        "journal.errors",
        "journal.spec",
        "journal.when",
        "journal.files",
        "journal.settings",
        "journal.interrupts",
        "journal.progress",
        "journal.reminders",
        "journal.scheduler",
    ),
    ("journal.core",),
    ("journal.views",),
    ("journal.storage",),
    ("journal.entries",),
    ("journal.exchange",),
    ("journal.pictures",),
    ("journal.api",),
    ("journal.commands", "journal.__main__"),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    best, length = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or (prefix != "journal" and module.startswith(prefix + "."))
            if matches and len(prefix) > length:
                best, length = index, len(prefix)
    if best < 0 and module.startswith("journal."):
        raise AssertionError(f"{module} belongs to no layer; add it to LAYERS and the docs")
    return max(best, 0)


def imports(path: Path) -> set[str]:
    """The journal modules PATH imports (a `from journal.x import y` of a sub-module counts y)."""
    found: set[str] = set()
    known = {module_name(p) for p in (REPO / "journal").rglob("*.py")}
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "journal"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "journal":
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return found


@functools.cache
def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted((REPO / "journal").rglob("*.py"))}


def test_every_module_belongs_to_a_layer() -> None:
    for module in graph():
        layer_of(module)


@pytest.mark.parametrize("module", sorted(graph()))
def test_no_upward_import(module: str) -> None:
    own = layer_of(module)
    upward = sorted(t for t in graph()[module] if layer_of(t) > own)
    assert upward == [], f"{module} (layer {own}) imports from a higher layer: {upward}"


def test_no_import_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}  # 1 visiting, 2 done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if target == node or target not in edges:
                continue
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if state.get(target) is None:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    """The tests above can fail: a core module importing storage is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from journal.storage.models import Episode\n")
    assert imports(bad) == {"journal.storage.models"}
    assert layer_of("journal.storage.models") > layer_of("journal.core.days")


def test_migrations_import_no_application_code() -> None:
    """A revision must mean the same thing for ever: it carries what it needs."""
    for path in sorted((REPO / "migrations" / "versions").glob("0*.py")):
        assert imports(path) == set(), path.name
