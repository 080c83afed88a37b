"""Reference tables of a methodology, generated from its own metadata for its README.

``python -m mrv.interface.docs`` rewrites the block between ``<!-- BEGIN GENERATED -->`` and
``<!-- END GENERATED -->`` in each installed methodology's README; a test fails when a README is
stale, so the documented equations and defaults are always the ones the code uses.
``python -m mrv.interface.docs --pages DIR`` writes one page per installed methodology, a
third party's included, from its record alone (no README needed).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mrv.contract.equations import EQUATIONS
from mrv.contract.methodology import Methodology
from mrv.contract.parameters import ParameterTable, load_parameter_folder

__all__ = ["render_page", "render_reference", "update_readme", "write_pages"]

BEGIN = "<!-- BEGIN GENERATED: run `make docs` -->"
END = "<!-- END GENERATED -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _source(table: ParameterTable) -> str:
    source = table.source
    parts = [
        source.document,
        source.table and f"table {source.table}",
        source.equation,
        source.paragraph,
    ]
    flagged = any(table.source_of(row).unverified for row in table.values)
    return "; ".join(part for part in parts if part) + (
        " (some values unverified)" if flagged else ""
    )


def _values(table: ParameterTable) -> str:
    if not table.dimensions:
        row = table.values[0]
        bounds = f" ({row.min} to {row.max})" if row.min is not None and row.max is not None else ""
        return f"{row.value:g}{bounds}"
    return f"{len(table.values)} values by {', '.join(table.dimensions)}"


def render_reference(methodology: Methodology) -> str:
    """Markdown tables of a methodology's equations and default parameters."""
    package = methodology.calculate.__module__.rsplit(".", 1)[0]
    lines = ["### Equations", "", "| reference | returns | unit | function |", "|---|---|---|---|"]
    for info in sorted(EQUATIONS, key=lambda info: (info.document, info.number, info.function)):
        if info.function.startswith(f"{package}."):
            lines.append(
                f"| {_cell(info.reference)} | `{info.symbol}` | {_cell(info.returns)} | `{info.function.removeprefix(package + '.')}` |"
            )
    lines += [
        "",
        "### Default parameters",
        "",
        "| id | description | unit | value | source |",
        "|---|---|---|---|---|",
    ]
    tables = load_parameter_folder(methodology.parameters) if methodology.parameters else {}
    for table_id, table in sorted(tables.items()):
        lines.append(
            f"| `{table_id}` | {_cell(table.description)} | {_cell(table.unit)} | {_values(table)} | {_cell(_source(table))} |"
        )
    return "\n".join(lines) + "\n"


def render_page(methodology: Methodology) -> str:
    """Return a Markdown page of a methodology from its record: scope, standards, rule, tables."""
    lines = [
        f"# {methodology.title}",
        "",
        f"`{methodology.id}` {methodology.version}. Standards: {'; '.join(methodology.standards)}.",
        "",
        f"Uncertainty rule: `{methodology.uncertainty_rule or 'not declared (the conservative default)'}`.",
        "",
    ]
    if methodology.description.strip():
        lines += [methodology.description.strip(), ""]
    return "\n".join(lines) + render_reference(methodology)


def write_pages(folder: Path, methodologies: dict[str, Methodology]) -> list[Path]:
    """Write ``<id>.md`` for each methodology into ``folder``; return the pages written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for methodology_id, methodology in sorted(methodologies.items()):
        page = folder / f"{methodology_id}.md"
        page.write_text(render_page(methodology), encoding="utf-8")
        written.append(page)
    return written


def update_readme(readme: Path, methodology: Methodology, *, write: bool = True) -> bool:
    """Put the generated block into a README; return whether it was stale."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    fresh = text[:start] + "\n\n" + render_reference(methodology) + "\n" + text[end:]
    if fresh != text and write:
        readme.write_text(fresh, encoding="utf-8")
    return fresh != text


def update_site_page(readme: Path, page: Path, *, write: bool = True) -> bool:
    """Copy a methodology's README to its page of the documentation site; return whether stale."""
    text = readme.read_text(encoding="utf-8")
    stale = not page.exists() or page.read_text(encoding="utf-8") != text
    if stale and write:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    return stale


def main() -> None:
    """Refresh each installed methodology's README and, for built-ins, its documentation page.

    With ``--pages DIR``, write a page per installed methodology into DIR instead.
    """
    from mrv.contract.plugins import load_plugins  # noqa: PLC0415

    arguments = sys.argv[1:]
    if arguments[:1] == ["--pages"] and len(arguments) == 2:  # noqa: PLR2004 - option and folder
        for page in write_pages(Path(arguments[1]), load_plugins().methodologies):
            sys.stdout.write(f"wrote {page}\n")
        return
    site = Path("docs") / "methodologies"
    for methodology_id, methodology in load_plugins().methodologies.items():
        module = sys.modules[methodology.calculate.__module__]
        readme = Path(module.__file__ or "").parent / "README.md"
        if readme.exists() and update_readme(readme, methodology):
            sys.stdout.write(f"updated {readme}\n")
        if readme.exists() and site.is_dir() and module.__name__.startswith("methodologies."):
            page = site / f"{methodology_id}.md"
            if update_site_page(readme, page):
                sys.stdout.write(f"updated {page}\n")


if __name__ == "__main__":
    main()
