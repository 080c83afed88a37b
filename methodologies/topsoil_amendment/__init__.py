"""Built-in plug-in ``topsoil-amendment``: soil rebuilt on mine spoil with topsoil, biochar, compost.

Credits carbon that stays in the rebuilt soil: biochar carbon by the IPCC 2019 Refinement
biochar appendix (organic-carbon fraction and 100-year permanence by production temperature,
H/Corg as an eligibility gate) in the structure of Verra VM0044, and measured SOC gain of the
rebuilt soil by remeasurement on an equivalent-soil-mass basis, net of control plots and of
carbon brought in after the first sampling; coal-based amendments are fossil carbon and never a
removal. Net of hauling and earthworks (CDM TOOL12 by tonne-km or TOOL03 by fuel, CH4 and N2O by
road class), biochar production (VM0044), N2O from amendment N (IPCC Ch. 11), and leakage from
feedstock diverted from energy use and from off-site topsoil donors. Written only against the
public core, exactly as a third-party plug-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import mrv

from .applicability import applicability
from .calculate import calculate
from .inputs import AmendmentInputs

HERE = Path(__file__).parent

TOPSOIL_AMENDMENT = mrv.Methodology(
    id="topsoil-amendment",
    version="1.0.0",
    title="Soil rebuilt on mine spoil: biochar and measured SOC, net of hauling, production and N2O",
    standards=(
        "IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4",
        "Verra VM0044 v1.2",
        "CDM TOOL03, TOOL12",
        "IPCC 2006 GL Vol. 2 Ch. 3; 2019 Refinement Vol. 4 Ch. 11",
    ),
    inputs=AmendmentInputs,
    calculate=calculate,
    applicability=applicability,
    parameters=HERE / "parameters",
    profiles=(
        mrv.ParameterProfile(
            "topsoil-amendment",
            "ipcc-2006",
            "IPCC 2006 Guidelines N2O factors (EF5 0.0075, Frac_GASM 0.20, Frac_LEACH 0.30)",
            HERE / "profiles" / "ipcc-2006",
        ),
    ),
    template=HERE / "template",
    uncertainty_rule="none",
    description=__doc__ or "",
)


@mrv.hookimpl
def mrv_methodologies() -> Iterator[mrv.Methodology]:
    """Register ``topsoil-amendment``."""
    yield TOPSOIL_AMENDMENT
