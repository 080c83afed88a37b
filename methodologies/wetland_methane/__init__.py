"""Built-in plug-in ``wetland-methane``: coal-mining subsidence restored to wetland.

Carbon gained by vegetation and soil, netted against CH4 and N2O, for strata of open water,
emergent marsh, wet meadow, rewetted organic soil and drained fringe whose areas change year by
year as subsidence deepens. Factors from the IPCC 2013 Wetlands Supplement (Ch. 2 drained and
Ch. 3 rewetted organic soils) and the 2019 Refinement Vol. 4 Ch. 7 (flooded land), measured
fluxes and carbon stocks where the Tier 1 factor is unverified, in the structure of Verra VM0033
v2.1 (baseline, project, leakage, Eq 87-92 uncertainty). VM0033 itself covers tidal wetlands
only, so inland figures are estimates until a programme names an applicable methodology.
Written only against the public core, exactly as a third-party plug-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import mrv

from .applicability import applicability, crediting_basis
from .calculate import calculate
from .inputs import WetlandInputs

HERE = Path(__file__).parent

WETLAND_METHANE = mrv.Methodology(
    id="wetland-methane",
    version="1.0.0",
    title="Mining subsidence restored to wetland: carbon gain netted against CH4 and N2O",
    standards=(
        "Verra VM0033 v2.1 (structure)",
        "IPCC 2013 Wetlands Supplement Ch. 2, 3",
        "IPCC 2019 Refinement Vol. 4 Ch. 7",
    ),
    inputs=WetlandInputs,
    calculate=calculate,
    applicability=applicability,
    parameters=HERE / "parameters",
    template=HERE / "template",
    uncertainty_rule="vm0033",
    description=__doc__ or "",
    crediting_basis=crediting_basis,
)


@mrv.hookimpl
def mrv_methodologies() -> Iterator[mrv.Methodology]:
    """Register ``wetland-methane``."""
    yield WETLAND_METHANE
