"""Documentation that is generated from code must be current."""

import sys
from pathlib import Path

import pytest

from mrv.docs import update_readme
from mrv.plugins import load_plugins

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
