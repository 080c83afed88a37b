"""Built-in plug-in ``forest-reclamation``: afforestation and reforestation of mined land.

CDM AR-ACM0003 v02.0 with AR-TOOL14 v04.2 (trees, shrubs), AR-TOOL12 v03.1 (dead wood,
litter), AR-TOOL16 v01.1.0 (SOC), AR-TOOL08 v04.0.0 (burning) and AR-TOOL15 v02.0 (leakage).
Written only against the public core, exactly as a third-party plug-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import mrv

from .applicability import applicability
from .calculate import calculate
from .inputs import ForestInputs

HERE = Path(__file__).parent

FOREST_RECLAMATION = mrv.Methodology(
    id="forest-reclamation",
    version="1.0.0",
    title="Afforestation and reforestation of mined land",
    standards=(
        "CDM AR-ACM0003 v02.0",
        "CDM AR-TOOL14 v04.2",
        "CDM AR-TOOL12 v03.1",
        "CDM AR-TOOL16 v01.1.0",
        "CDM AR-TOOL08 v04.0.0",
        "CDM AR-TOOL15 v02.0",
    ),
    inputs=ForestInputs,
    calculate=calculate,
    applicability=applicability,
    parameters=HERE / "parameters",
    profiles=(
        mrv.ParameterProfile(
            "forest-reclamation", "cdm", "CDM tool defaults (the default values, named)", None
        ),
        mrv.ParameterProfile(
            "forest-reclamation",
            "ccer-14-001",
            "CCER-14-001-V01 applicability conditions; CDM values where CCER-14-001-V01 could not be cited",
            HERE / "profiles" / "ccer-14-001",
        ),
    ),
    template=HERE / "template",
    uncertainty_rule="cdm-ar-tool14-appendix2",
    description=__doc__ or "",
)


@mrv.hookimpl
def mrv_methodologies() -> Iterator[mrv.Methodology]:
    """Register ``forest-reclamation``."""
    yield FOREST_RECLAMATION
