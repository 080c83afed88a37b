"""Applicability of wetland-methane: VM0033 §4 hard failures, the crediting basis, proxy domain."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from mrv.model.project import ProjectDocument
from mrv.model.report import Finding

from .inputs import WetlandInputs
from .zones import WETLANDS_SUPPLEMENT_ZONE, expected_zone

VM0033_APPLICABILITY = "Verra VM0033 v2.1 §4 (applicability conditions)"


def applicability(document: ProjectDocument, inputs: WetlandInputs) -> Iterator[Finding]:
    """Yield what decides whether the methodology applies, and what a verifier should note."""
    if inputs.nitrogen_fertiliser:
        yield Finding(
            severity="error",
            code="nitrogen-fertiliser",
            message="nitrogen fertiliser is applied in the project area",
            reference=f"{VM0033_APPLICABILITY}, condition 6",
            path="inputs.nitrogen_fertiliser",
        )
    yield from _water_table_lowered(inputs)
    yield _basis(inputs)
    if inputs.drained_baseline == "ws_inventory":
        yield Finding(
            severity="warning",
            code="ws-inventory-baseline",
            message="drained baselines count every Wetlands Supplement Tier 1 term (CH4 and N2O included): a WS-inventory estimate, not the conservative VM0033 reading",
            reference="IPCC 2013 Wetlands Supplement Ch. 2; VM0033 v2.1 §8.1.4.1",
            path="inputs.drained_baseline",
        )
    yield from _climate(inputs)
    if inputs.water_levels is not None:
        levels = inputs.water_levels
        stratum = inputs.stratum(levels.stratum)
        soil = "" if stratum.soil == "organic" else f"; stratum {stratum.id} is a mineral soil"
        yield Finding(
            severity="warning",
            code="water-level-proxy",
            message=(
                f"the water-level comparison uses ECOSSE, calibrated on Scottish peat: at "
                f"{levels.temperature.m_as('degC'):g} degC{soil} it extrapolates; a comparison of options, never a credited figure"
            ),
            reference="ECOSSE water-table proxy as coded in the Scottish Government's Carbon Calculator for Wind Farms on Peat (CCWoP, R/5e_Emission_rates_from_soils.R)",
            path="inputs.water_levels",
        )


def _water_table_lowered(inputs: WetlandInputs) -> Iterator[Finding]:
    """Refuse a project whose mean water level lies deeper than the baseline's (VM0033 §4)."""
    table = inputs.water_table
    level = table.number("depth").to("cm") - table.number("standing_water").to("cm")
    strata, scenario = table.text("stratum"), table.text("scenario")
    for stratum in inputs.strata:
        means = {}
        for kind in ("baseline", "project"):
            chosen = (strata == stratum.id) & (scenario == kind)
            if chosen.any():
                means[kind] = float(np.mean(level[chosen]))
        if len(means) == 2 and means["project"] > means["baseline"]:  # noqa: PLR2004
            yield Finding(
                severity="error",
                code="water-table-lowered",
                message=f"stratum {stratum.id}: the project's mean water level lies {means['project']:.1f} cm below the surface, deeper than the baseline's {means['baseline']:.1f} cm; lowering the water table is outside VM0033 (its exceptions concern tidal restoration)",
                reference=f"{VM0033_APPLICABILITY}, condition 3",
                path="inputs.water_table",
            )


def _basis(inputs: WetlandInputs) -> Finding:
    """Inland, non-tidal wetlands are outside VM0033's crediting basis (VM0033 v2.1 §4, applicability)."""
    if inputs.crediting_programme:
        return Finding(
            severity="info",
            code="crediting-basis",
            message=f"inland wetland figures credited under {inputs.crediting_programme}, as the project declares",
            reference=VM0033_APPLICABILITY,
            path="inputs.crediting_programme",
        )
    return Finding(
        severity="warning",
        code="estimate-not-credits",
        message="VM0033 applies to tidal wetland restoration only; for these inland strata its structure is used on the IPCC basis (Wetlands Supplement, 2019 Refinement Ch. 7), so every figure is an estimate, not VCUs or credits, until an approved programme methodology is named in inputs.crediting_programme",
        reference=VM0033_APPLICABILITY,
        path="inputs.crediting_programme",
    )


def _climate(inputs: WetlandInputs) -> Iterator[Finding]:
    """Warn when MAT and MAP/PET point to another temperate zone than the one declared."""
    climate = inputs.climate
    if WETLANDS_SUPPLEMENT_ZONE[climate.zone] != "temperate":
        return
    expected = expected_zone(
        float(climate.mean_annual_temperature.m_as("degC")),
        float(climate.mean_annual_precipitation.m_as("mm")),
        float(climate.potential_evapotranspiration.m_as("mm")),
    )
    if expected != climate.zone.value:
        yield Finding(
            severity="warning",
            code="climate-zone",
            message=f"MAT and MAP/PET point to {expected}, not the declared {climate.zone.value} (IPCC thresholds: warm above 10 degC MAT, moist where MAP > PET)",
            reference="IPCC 2006 GL Vol. 4 Ch. 3 Annex 3A.5 (climate zones)",
            path="inputs.climate.zone",
        )


def crediting_basis(document: ProjectDocument, inputs: WetlandInputs) -> str:
    """Return why the figures are estimates ("" when a programme covers inland wetlands)."""
    if inputs.crediting_programme:
        return ""
    return "inland, non-tidal wetland: VM0033 covers tidal restoration only, so the IPCC-basis figures are estimates until an approved programme methodology is named"
