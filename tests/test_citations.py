"""The core cites public documents or its own documented conventions, never a working paper.

The project's design notes and formula sheets (``DESIGN.md``, ``STYLE.md``, the
``shared/methodologies/*.md`` sheets) are working papers: a citation in shipped code, data or
schemas names the standard, the paper, or an mrv convention with its page in ``docs/``.
The built-in methodologies (modules, parameter tables, profiles, READMEs) and the documentation
are scanned too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INTERNAL = re.compile(
    r"DESIGN(\.md| principle)|STYLE\.md|[Ff]ormula sheet|\b(forest|cropland|wetland|amendment)\.md"
)
#: The built-in methodologies are shipped too: their modules, parameter tables, profiles,
#: templates and READMEs.
METHODOLOGY_FILES = ("**/*.py", "**/*.yaml", "**/*.csv", "**/*.md")
SHIPPED = sorted(
    [
        path
        for pattern in ("mrv/**/*.py", "mrv/**/*.yaml", "mrv/**/*.csv", "schemas/*.json")
        for path in ROOT.glob(pattern)
    ]
    + [
        path
        for pattern in METHODOLOGY_FILES
        for path in (ROOT / "methodologies").glob(pattern)
        if "__pycache__" not in path.parts
    ]
    + sorted((ROOT / "docs").glob("**/*.md"))
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_citation_of_a_working_paper(path):
    found = [
        f"{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if INTERNAL.search(line)
    ]
    assert found == []


def test_the_anchors_cited_exist():
    """Every ``docs/PAGE.md#anchor`` the core cites names a heading of that page."""
    cited = {
        match
        for path in SHIPPED
        for match in re.findall(r"docs/([a-z-]+\.md#[a-z0-9-]+)", path.read_text(encoding="utf-8"))
    }
    assert cited
    for reference in sorted(cited):
        page, anchor = reference.split("#")
        headings = {
            re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
            for line in (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines()
            if line.startswith("#")
        }
        assert anchor in headings, reference
