"""The plug-in author's guide: its example package is a working, conforming plug-in."""

import sys
import tomllib
from pathlib import Path

import pytest

from mrv.contract.plugins import load_plugins
from mrv.testing import audit_equation, check_methodology

PACKAGE = Path(__file__).parents[2] / "docs" / "examples" / "mrv-grass-cover"


@pytest.fixture(scope="module")
def module():
    sys.path.insert(0, str(PACKAGE))
    try:
        import mrv_grass_cover

        yield mrv_grass_cover
    finally:
        sys.path.remove(str(PACKAGE))


def test_the_package_declares_its_entry_point():
    project = tomllib.loads((PACKAGE / "pyproject.toml").read_text())
    assert project["project"]["entry-points"]["mrv"] == {"grass-cover": "mrv_grass_cover"}


def test_the_example_plugin_passes_the_conformance_kit(module):
    """By hand: 3 t C/ha x cover gained x area. MP1: 3 x 0.35 x 20 + 3 x 0.25 x 10 = 28.5 t C;
    MP2: 3 x 0.30 x 20 + 3 x 0.25 x 10 = 25.5 t C; together 54 t C = 198 t CO2."""
    registry = load_plugins(discovered=[], extra=[("mrv_grass_cover", module)])
    report = check_methodology(PACKAGE / "example" / "project.yaml", registry=registry)
    assert report.totals.net_benefit.value == pytest.approx(198.0, rel=1e-12)
    audit_equation(module.herb_gain)
