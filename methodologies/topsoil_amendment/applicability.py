"""Applicability of topsoil-amendment: the biochar appendix's scope, feedstock, labelled choices."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from mrv.model.project import ProjectDocument
from mrv.model.report import Finding
from mrv.model.table import Table, some_named

from .inputs import BIOCHAR_MOISTURE_FLAG, FOSSIL_MATERIALS, AmendmentInputs

APPENDIX4 = "IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4"
#: Biochar with less than 30 % organic carbon is flagged: the lowest carbon class of the
#: IBI Biochar Standards (IBI-STD-2.1, 2015; Class 3 is 10-30 % organic carbon).
BIOCHAR_LOW_CARBON = 0.30


def applicability(document: ProjectDocument, inputs: AmendmentInputs) -> Iterator[Finding]:
    """Yield what decides whether the methodology applies, and what a verifier should note."""
    table = inputs.deliveries
    material = table.text("material")
    biochar = material == "biochar"
    units = table.text("unit")
    for unit in inputs.units:
        if unit.land_use in ("forest", "wetland") and (biochar & (units == unit.id)).any():
            yield Finding(
                severity="error",
                code="biochar-scope",
                message=f"unit {unit.id} becomes {unit.land_use}: the biochar appendix covers mineral soils of cropland and grassland only (VM0044 excludes wetlands)",
                reference=APPENDIX4,
                path="inputs.units",
            )
    for index, production in enumerate(inputs.production):
        if production.feedstock_prior_use in ("fodder", "soil_return"):
            yield Finding(
                severity="error",
                code="feedstock-prior-use",
                message=f"production {production.id} diverts feedstock from {production.feedstock_prior_use.replace('_', ' ')}: that leakage is not quantified here (VM0044 counts LE_as and LE_bd as zero only for waste biomass without a prior use)",
                reference="Verra VM0044 v1.2 Eq 13",
                path=f"inputs.production[{index}].feedstock_prior_use",
            )
    yield from _biochar_flags(inputs, biochar)
    if inputs.persistence_model != "ipcc_2019":
        yield Finding(
            severity="warning",
            code="persistence-model",
            message=f"biochar permanence by {inputs.persistence_model.replace('_', ' ')} instead of IPCC 2019 Table 4Ap.2: another horizon and another model, reported as chosen and never mixed with the IPCC factors",
            reference=f"{APPENDIX4} Table 4Ap.2 (100 years); Puro Standard Edition 2025 Eq 6.4 and Table 6.1; Isometric biochar soil module v1.3 Table 4 (200 years)",
            path="inputs.persistence_model",
        )
    if inputs.transport_convention == "vm0044_leakage":
        yield Finding(
            severity="info",
            code="transport-convention",
            message="hauls by tonne-km are VM0044 transport leakage (legs up to 200 km at zero); fuel-logged hauls stay project emissions",
            reference="Verra VM0044 v1.2 Eq 13",
            path="inputs.transport_convention",
        )
    if np.isin(material, FOSSIL_MATERIALS).any():
        yield Finding(
            severity="info",
            code="fossil-amendment",
            message="coal-based amendments are fossil carbon: never a removal; a measured loss of coal carbon is an emission",
            reference="IPCC 2006 GL Vol. 2 Ch. 1 Table 1.1 (coals are fossil fuels); no standard covers coal-based soil products (mrv convention, topsoil-amendment methodology page, Removals)",
            path="inputs.deliveries",
        )


def _deliveries(table: Table, rows: np.ndarray) -> str:
    """Name deliveries by date and unit, earliest first (the report names no file row)."""
    named = sorted(
        {
            f"{date} to {unit}"
            for date, unit in zip(
                np.char.strip(table.text("date"))[rows].tolist(),
                np.char.strip(table.text("unit"))[rows].tolist(),
                strict=True,
            )
        }
    )
    return some_named(named)


def _biochar_flags(inputs: AmendmentInputs, biochar: np.ndarray) -> Iterator[Finding]:
    """Flag wet biochar (an mrv screening convention) and biochar low in organic carbon (IBI classes)."""
    table = inputs.deliveries
    moisture = table.number("moisture").to("1")
    wet_basis = np.char.strip(table.text("moisture_basis")) == "wet"
    on_wet = np.where(wet_basis, moisture, moisture / (1 + moisture))
    wet = np.flatnonzero(biochar & (on_wet > BIOCHAR_MOISTURE_FLAG))
    if wet.size:
        yield Finding(
            severity="warning",
            code="biochar-moisture",
            message=f"biochar with more than {BIOCHAR_MOISTURE_FLAG:.0%} moisture (wet basis) in the deliveries of {_deliveries(table, wet)}: check the moisture figure",
            reference="mrv screening convention (topsoil-amendment methodology page, Inputs): biochar is delivered far drier; a higher figure is most often a slip of basis or unit",
            path="inputs.deliveries",
        )
    if "carbon" in table.columns:
        carbon = table.number("carbon").to("1")
        low = np.flatnonzero(biochar & (carbon < BIOCHAR_LOW_CARBON))
        if low.size:
            yield Finding(
                severity="warning",
                code="biochar-low-carbon",
                message=f"biochar with less than {BIOCHAR_LOW_CARBON:.0%} carbon in the deliveries of {_deliveries(table, low)}",
                reference="IBI Biochar Standards (IBI-STD-2.1, 2015): below 30 % organic carbon is Class 3 (10-30 %)",
                path="inputs.deliveries",
            )
