"""Every built-in's shipped example under a declared Monte Carlo (the conformance kit's check).

Each example computes with the ranges its parameter tables declare, and again with every
parameter that is not a rule's setting (``setting: true``) drawn from a +-10 % range: the
central figures must stay the same and every period's summary must be finite.
"""

from pathlib import Path

import pytest

from mrv.engine.loading import load_project
from mrv.testing.conformance import check_monte_carlo

EXAMPLES = Path(__file__).parents[2] / "examples"
BUILT_INS = ["forest-reclamation", "topsoil-amendment", "cropland-soil", "wetland-methane"]


@pytest.mark.parametrize("ranges", [False, True], ids=["declared", "every-parameter"])
@pytest.mark.parametrize("example", BUILT_INS)
def test_the_example_computes_under_monte_carlo(example, ranges):
    """Same central figures and a finite summary per period, drawing the declared ranges."""
    check_monte_carlo(load_project(EXAMPLES / example / "project.yaml"), parameter_ranges=ranges)
