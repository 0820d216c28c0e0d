"""The package's layers: the core, then data/ below story/ below site/. Each module imports only
its own layer and those below it, at the top of the file, and no import circle exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from airace import paths

LAYERS = ("", "data", "story", "site")   # "" is the core: the modules directly in airace/


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    """0 core, 1 data, 2 story, 3 site. The command line (__main__) is the door to the whole
    package, so it stands with site/, above everything it runs."""
    if module == "airace.__main__":
        return LAYERS.index("site")
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 2 and parts[1] in LAYERS else 0


def own_imports(tree: ast.AST, known: set[str]):
    """(node, imported module) for every import of the package's own modules in `tree`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "airace":
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                yield node, candidate if candidate in known else node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "airace":
                    yield node, alias.name


def import_graph(package: Path) -> tuple[dict[str, set[str]], list[str]]:
    """Each module's top-level imports of the package, and every import made inside a function
    without a comment saying why."""
    files = {module_name(p, package): p for p in sorted(package.rglob("*.py"))}
    graph, hidden = {m: set() for m in files}, []
    for module, path in files.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        top = {id(n) for n in tree.body}
        for node, imported in own_imports(tree, set(files)):
            if imported not in files or imported == module:
                continue
            if id(node) in top:
                graph[module].add(imported)
            else:
                line, above = lines[node.lineno - 1], lines[node.lineno - 2] if node.lineno > 1 else ""
                if "#" not in line and not above.strip().startswith("#"):
                    hidden.append(f"{path.relative_to(package.parent)}:{node.lineno} imports {imported}")
    return graph, hidden


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(module, trail):
        state[module] = "open"
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == "open":
                found.append(trail[trail.index(imported):] + [imported])
            elif imported not in state:
                visit(imported, trail + [imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def upward(graph: dict[str, set[str]]) -> list[str]:
    return [f"{m} ({LAYERS[layer(m)] or 'core'}) imports {i} ({LAYERS[layer(i)]})"
            for m, imported in sorted(graph.items()) for i in sorted(imported) if layer(i) > layer(m)]


def test_the_package_has_no_import_circle_and_imports_run_down_the_layers():
    graph, hidden = import_graph(paths.PACKAGE)
    assert not circles(graph), circles(graph)
    assert not upward(graph), upward(graph)
    assert not hidden, "imports of the package inside functions, with no comment saying why: " + "; ".join(hidden)


def test_every_module_sits_in_a_layer_folder_or_the_core():
    folders = {p.name for p in paths.PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(LAYERS) - {""}


@pytest.fixture()
def tangled(tmp_path) -> Path:
    """A package with a circle, an upward import and an import hidden in a function."""
    package = tmp_path / "airace"
    for folder in ("data", "story", "site"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "paths.py").write_text("from airace.story import charts\n")
    (package / "story" / "charts.py").write_text("from airace import paths\n")
    (package / "data" / "cleaning.py").write_text("def run():\n    from airace.site import build\n")
    (package / "site" / "build.py").write_text("from airace.data import cleaning\n")
    return package


def test_the_layer_checks_can_fail(tangled):
    graph, hidden = import_graph(tangled)
    assert circles(graph) == [["airace.paths", "airace.story.charts", "airace.paths"]]
    assert upward(graph) == ["airace.paths (core) imports airace.story.charts (story)"]
    assert hidden == ["airace/data/cleaning.py:2 imports airace.site.build"]
