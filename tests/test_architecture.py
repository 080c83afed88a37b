"""Layering rules: the core knows no methodology; ratios live in the unit registry."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def python_files(folder):
    return sorted((ROOT / folder).rglob("*.py"))


def test_core_never_imports_methodologies():
    for path in python_files("mrv"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] != "methodologies", (
                    f"{path.relative_to(ROOT)} imports {name}"
                )


def test_no_bare_molar_mass_ratios_outside_the_registry():
    pattern = re.compile(r"\b(44|12|16|28)\s*/\s*(12|44|28)\b")
    for folder in ("mrv", "methodologies"):
        for path in python_files(folder):
            if path.name == "units.py":
                continue
            code = "\n".join(
                line for line in path.read_text().splitlines() if not line.lstrip().startswith("#")
            )
            assert not pattern.search(code.replace('"""', "")), (
                f"{path.relative_to(ROOT)} writes a molar-mass ratio"
            )


def test_no_unfinished_markers():
    markers = re.compile(r"NotImplementedError|TODO|FIXME|XXX|placeholder")
    for folder in ("mrv", "methodologies"):
        for path in python_files(folder):
            assert not markers.search(path.read_text()), (
                f"{path.relative_to(ROOT)} has an unfinished marker"
            )
