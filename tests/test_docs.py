"""Documentation that is generated from code must be current."""

import sys
from pathlib import Path

import pytest

from mrv.contract.plugins import load_plugins
from mrv.interface.docs import update_readme

ROOT = Path(__file__).resolve().parents[1]

METHODOLOGIES = load_plugins().methodologies


@pytest.mark.parametrize("methodology_id", sorted(METHODOLOGIES))
def test_methodology_readme_is_current(methodology_id):
    methodology = METHODOLOGIES[methodology_id]
    readme = Path(sys.modules[methodology.calculate.__module__].__file__).parent / "README.md"
    assert readme.exists(), f"{methodology_id} has no README.md"
    assert not update_readme(readme, methodology, write=False), (
        f"{readme} is stale: run `make docs`"
    )


@pytest.mark.parametrize("methodology_id", sorted(METHODOLOGIES))
def test_the_readme_lists_every_methodology_with_its_version(methodology_id):
    methodology = METHODOLOGIES[methodology_id]
    text = (Path(__file__).parents[1] / "README.md").read_text()
    assert f"| `{methodology.id}` {methodology.version} |" in text


@pytest.mark.parametrize("methodology_id", sorted(METHODOLOGIES))
def test_the_site_page_of_a_built_in_methodology_is_its_readme(methodology_id):
    from mrv.interface.docs import update_site_page

    methodology = METHODOLOGIES[methodology_id]
    module = sys.modules[methodology.calculate.__module__]
    if not module.__name__.startswith("methodologies."):
        pytest.skip("not a built-in methodology")
    readme = Path(module.__file__).parent / "README.md"
    page = Path(__file__).parents[1] / "docs" / "methodologies" / f"{methodology_id}.md"
    assert not update_site_page(readme, page, write=False), f"{page} is stale: run `make docs`"


def test_every_hook_is_documented():
    import mrv.contract.hookspecs

    text = (Path(__file__).parents[1] / "docs" / "plugins.md").read_text()
    hooks = [name for name in mrv.contract.hookspecs.__all__ if name.startswith("mrv_")]
    assert hooks
    for name in hooks:
        assert f"### `{name}(" in text, f"hook {name} is not documented in docs/plugins.md"


def test_the_documentation_site_builds_offline(tmp_path):
    """mkdocs --strict: every page and API reference resolves; no page asks the web for fonts,
    scripts or styles."""
    import os
    import re
    import subprocess

    root = Path(__file__).parents[1]
    subprocess.run(
        [
            str(Path(sys.executable).with_name("mkdocs")),
            "build",
            "--strict",
            "--quiet",
            "-d",
            str(tmp_path / "site"),
        ],
        cwd=root,
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) >= 10
    fetching = re.compile(r"""<(?:script|link)[^>]+(?:src|href)="https?://""")
    for page in pages:
        assert not fetching.search(page.read_text(encoding="utf-8")), page
    api = (tmp_path / "site" / "api.html").read_text(encoding="utf-8")
    assert "render_html" in api and "check_methodology" in api
    assert ":func:" not in api and ":class:" not in api  # roles render as code, not raw
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#:]+)"', home)  # a page opened from disk: files, not folders
    assert links and not [link for link in links if link.endswith("/")], links


def _public_core() -> dict[str, set[str]]:
    """Module -> names, read from the table of docs/plugins.md#the-public-core."""
    import re

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("## The public core", 1)[1].split("\n## ", 1)[0]
    listed: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`mrv"):
            listed[cells[0].strip("`")] = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", cells[1]))
    return listed


def test_every_core_name_a_built_in_imports_is_documented():
    """The built-ins are plug-ins like any other: what they import from mrv is the public core."""
    import ast

    listed = _public_core()
    missing = []
    for path in sorted((ROOT / "methodologies").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mrv"):
                names = {alias.name for alias in node.names}
                module = node.module or ""
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "mrv"
            ):
                names, module = {node.attr}, "mrv"
            else:
                continue
            for name in sorted(names - listed.get(module, set())):
                missing.append(f"{path.relative_to(ROOT)}: {module}.{name}")
    assert not missing, "not in docs/plugins.md#the-public-core: " + ", ".join(missing)


def test_the_quoted_example_files_are_the_files():
    """docs/plugins.md quotes the example plug-in's files in full: a quote never drifts."""
    import re

    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    quoted = re.findall(r"\[`(docs/examples/[^`]+)`\]\([^)]*\):\n\n```\w+\n(.*?)\n```", text, re.S)
    assert len(quoted) == 4
    for path, body in quoted:
        assert body == (ROOT / path).read_text(encoding="utf-8").rstrip("\n"), path
    assert "--8<--" not in text


def test_pages_are_written_for_any_installed_plugin(tmp_path):
    """A third party's methodology gets a page from its record alone (here the toy plug-in)."""
    import toy_methodology

    from mrv.interface.docs import write_pages

    registry = load_plugins(discovered=[], extra=[("toy", toy_methodology)])
    (page,) = write_pages(tmp_path / "pages", registry.methodologies)
    text = page.read_text(encoding="utf-8")
    assert page.name == "toy-stock.md"
    assert text.startswith("# Toy stock-change methodology (tests only)")
    assert "| `cf` |" in text and "### Equations" in text
