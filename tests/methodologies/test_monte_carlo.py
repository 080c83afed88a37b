"""Every built-in's shipped example under a declared Monte Carlo (the conformance kit's check).

Two still fail inside the plug-in: they sum strata through ``Traced.scalar``, which has no
iteration axis, so ``mrv compute`` exits 3 once the example declares ``uncertainty``. The
tests are strict: when the fault is fixed they pass, fail as strict, and the methodology's
conformance test is switched back to the full kit.
"""

from pathlib import Path

import pytest

from mrv.common.errors import PluginFailure
from mrv.engine.loading import load_project
from mrv.testing.conformance import check_monte_carlo

EXAMPLES = Path(__file__).parents[2] / "examples"
KNOWN_DEFECT = pytest.mark.xfail(
    strict=True,
    raises=PluginFailure,
    reason="sums over strata take Traced.scalar, which has no iteration axis (exit 3)",
)


@pytest.mark.parametrize(
    "example",
    [
        "forest-reclamation",
        "topsoil-amendment",
        pytest.param("cropland-soil", marks=KNOWN_DEFECT),
        pytest.param("wetland-methane", marks=KNOWN_DEFECT),
    ],
)
def test_the_example_computes_under_monte_carlo(example):
    """Same central figures and a finite summary per period, drawing the declared ranges."""
    check_monte_carlo(load_project(EXAMPLES / example / "project.yaml"), parameter_ranges=False)
