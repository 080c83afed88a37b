"""Built-in plug-in ``cropland-soil``: mined land reclaimed to cropland.

Soil organic carbon built up by better management (manure, straw return, reduced or no tillage,
cover crops, liming of acid spoil), net of N2O, lime and urea CO2 and fuel, following Verra
VM0042 v2.2 with the IPCC 2006 Guidelines (Vol. 4 Ch. 2, 5, 11) and their 2019 Refinement.
SOC by measure-and-remeasure (QA2, equivalent soil mass, control sites), by measure-and-model
(QA1, RothC-26.3 with true-up), or by IPCC Tier 1 factors for screening only. Written only
against the public core, exactly as a third-party plug-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import mrv

from .applicability import applicability
from .calculate import calculate
from .inputs import CroplandInputs

HERE = Path(__file__).parent

CROPLAND_SOIL = mrv.Methodology(
    id="cropland-soil",
    version="1.0.0",
    title="Mined land reclaimed to cropland: soil carbon, N2O, lime, urea and fuel",
    standards=(
        "Verra VM0042 v2.2",
        "IPCC 2006 GL Vol. 4 Ch. 2, 5, 11",
        "IPCC 2019 Refinement Vol. 4 Ch. 2, 5, 11",
        "RothC-26.3",
    ),
    inputs=CroplandInputs,
    calculate=calculate,
    applicability=applicability,
    parameters=HERE / "parameters",
    profiles=(
        mrv.ParameterProfile(
            "cropland-soil",
            "ipcc-2019-disaggregated",
            "IPCC 2019 Refinement N2O factors disaggregated by climate and fertiliser type (Tier 1 SOC as the default, 2019 edition)",
            HERE / "profiles" / "ipcc-2019-disaggregated",
        ),
        mrv.ParameterProfile(
            "cropland-soil",
            "ipcc-2006",
            "IPCC 2006 Guidelines throughout: aggregated N2O factors and the 2006 Tier 1 SOC_REF and stock-change factors",
            HERE / "profiles" / "ipcc-2006",
        ),
    ),
    template=HERE / "template",
    uncertainty_rule="vm0042",
    description=__doc__ or "",
)


@mrv.hookimpl
def mrv_methodologies() -> Iterator[mrv.Methodology]:
    """Register ``cropland-soil``."""
    yield CROPLAND_SOIL
