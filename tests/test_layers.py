"""The folders of ``mrv/`` are its layers, and imports go down them only.

Every module belongs to the layer its folder names (:data:`LAYERS`, lowest first). A module
may import from its own layer or a lower one; an import of a higher layer, of the built-in
``methodologies``, or a circle of imports among modules fails here, naming the modules. Lazy
imports inside functions count: they tie layers just as much. ``mrv/__init__.py`` is the
public face of the package and may import any layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mrv"
LAYERS = (
    "common",  # errors, units and quantities, coded text
    "model",  # documents and tables as declared columns
    "io",  # reading documents and tables, boundaries, safe outputs
    "contract",  # the plug-in contract: hooks, methodology, equations, parameters, draws
    "tools",  # calculation tools of the standards, for plug-ins
    "engine",  # loading, calculation, deductions, uncertainty, provenance
    "verify",  # recomputing and comparing a report
    "portfolio",  # many projects in one run
    "planning",  # ex-ante options, revenue, early warning
    "interface",  # command line, HTML, export, schemas, docs
    "testing",  # the kit for plug-in authors
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the repository that ``name`` imports, wherever in the file."""
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                stem = here[: len(here) - node.level + 1]
                base = ".".join(stem + ([node.module] if node.module else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for dotted in targets:
            target = dotted
            while target and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in known or target.split(".")[0] == "methodologies":
                found.add(target)
    found.discard(name)
    return found


def layer_of(name: str) -> int | None:
    parts = name.split(".")
    if len(parts) < 2:
        return None  # mrv itself: the public face
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else -1


GRAPH = {name: imported(name, path, modules()) for name, path in modules().items()}


def test_every_module_lies_in_a_layer():
    """A module in no layer's folder (a file left at the top, a new folder) is named here."""
    strays = [name for name in GRAPH if layer_of(name) == -1]
    assert not strays, f"modules outside every layer {LAYERS}: {strays}"
    assert set(LAYERS) <= {name.split(".")[1] for name in GRAPH if "." in name}


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_go_down_the_layers(name):
    layer = layer_of(name)
    for target in sorted(GRAPH[name]):
        assert target.split(".")[0] != "methodologies", f"{name} imports {target}"
        if layer is None:
            continue
        below = layer_of(target)
        assert below is not None and below <= layer, (
            f"{name} (layer {LAYERS[layer]}) imports {target} (layer "
            f"{LAYERS[below] if below is not None and below >= 0 else 'mrv'}), a higher one"
        )


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return a circle of the directed graph (its nodes, the first repeated last), or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (circle := visit(target)):
                return circle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (circle := visit(node)):
            return circle
    return None


def test_no_module_imports_itself_round_a_circle():
    """A circle of imports, even through lazy imports, ties modules that should be one way."""
    graph = {
        name: {t for t in targets if t in GRAPH and t != "mrv"} for name, targets in GRAPH.items()
    }
    circle = find_circle(graph)
    assert circle is None, f"a circle of imports: {' -> '.join(circle or [])}"


def test_the_check_sees_a_circle():
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_check_sees_an_upward_import(tmp_path):
    """The guard: a module of the base layer importing the engine is caught."""
    path = tmp_path / "units.py"
    path.write_text("from mrv.engine.compute import compute\n", encoding="utf-8")
    targets = imported("mrv.common.units", path, modules())
    assert targets == {"mrv.engine.compute"}
    assert layer_of("mrv.engine.compute") > layer_of("mrv.common.units")
