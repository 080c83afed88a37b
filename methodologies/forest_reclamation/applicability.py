"""Applicability conditions of forest reclamation, each returned as a finding citing its paragraph."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from mrv.common import units
from mrv.common.quantity import magnitude_in
from mrv.model.project import ProjectDocument
from mrv.model.report import Finding
from mrv.model.table import positions, row_blocks

from .inputs import ForestInputs, Stratum

HERE = Path(__file__).parent
#: AR-ACM0003 v02.0 para 3(b): project soil disturbance on listed land may not exceed 10 %.
DISTURBANCE_CAP = 0.10
#: IPCC 2006 GL Vol. 4 Ch. 3 Annex 3A.5: tropical zones start at a mean annual temperature above
#: 18 °C, so a temperate class with a warmer site is flagged.
TROPICAL_MAT = 18.0
#: CCER-14-001-V01 applicability: land zoned for afforestation for at least 3 years; parcels of
#: at least 400 m² (667 m² for projects started in 2019 or earlier).
CCER_ZONING_YEARS = 3
CCER_PARCEL_M2 = 400.0
CCER_PARCEL_M2_UNTIL_2019 = 667.0
CCER_LAST_YEAR_OF_LARGER_PARCEL = 2019


@cache
def _appendix_rows() -> frozenset[tuple[str, str, str, str]]:
    data = yaml.safe_load((HERE / "appendix_rows.yaml").read_text(encoding="utf-8"))
    return frozenset(
        (row["land_use"], row["climate"], row["management"], row["input"]) for row in data["rows"]
    )


def in_appendix(stratum: Stratum, climate: str) -> bool:
    """Whether a stratum's baseline matches a row of AR-ACM0003 Appendix 1-2 (= AR-TOOL16 Tables 1-2)."""
    soil = stratum.soil_carbon
    if soil is None:
        return False
    return (soil.land_use, climate, soil.management, soil.input_level) in _appendix_rows()


def soc_excluded_because(stratum: Stratum, climate: str) -> str:
    """Why AR-TOOL16 does not apply to a stratum ("" if it does)."""
    soil = stratum.soil_carbon
    if soil is None:
        return "no soil carbon inputs"
    reasons = [
        (stratum.wetland or stratum.organic_soil, "wetland or organic soil"),
        (in_appendix(stratum, climate), "the baseline matches a row of AR-TOOL16 Tables 1-2"),
        (not soil.litter_retained, "litter is not left on site"),
        (not soil.disturbance_on_contour, "soil disturbance is not along the contour"),
        (soil.redisturbed_within_20_years, "the soil is disturbed again within 20 years"),
    ]
    return "; ".join(text for condition, text in reasons if condition)


def applicability(document: ProjectDocument, inputs: ForestInputs) -> Iterator[Finding]:
    """Check AR-ACM0003, AR-TOOL14/16 and (with its profile) CCER-14-001 conditions."""
    climate = inputs.climate.ipcc_class.value
    for index, stratum in enumerate(inputs.strata):
        yield from _stratum_findings(index, stratum, climate)
    yield from _climate_findings(inputs)
    for key, period in inputs.periods.items():
        for index, event in enumerate(period.displacements):
            if event.activity == "grazing" and event.grazing_exemption:
                yield Finding(
                    code="grazing-exempt",
                    severity="info",
                    message=f"displaced grazing counted as no leakage on the declared evidence: {event.grazing_exemption}",
                    reference="AR-TOOL15 v02.0 (conditions for zero leakage from displaced grazing)",
                    path=f"inputs.periods.{key}.displacements[{index}]",
                )
    yield from _tree_findings(inputs)
    if document.project.methodology.profile == "ccer-14-001":
        yield from _ccer_findings(document, inputs)


def _stratum_findings(index: int, stratum: Stratum, climate: str) -> Iterator[Finding]:
    path = f"inputs.strata[{index}]"
    if stratum.wetland:
        yield Finding(
            code="wetland",
            severity="error",
            message=f"stratum {stratum.id} is wetland",
            reference="AR-ACM0003 v02.0 para 3(a)",
            path=f"{path}.wetland",
        )
    disturbance = magnitude_in(stratum.soil_disturbance_fraction, units.parse_unit("1"))
    listed = stratum.organic_soil or in_appendix(stratum, climate)
    if listed and disturbance > DISTURBANCE_CAP:
        kind = "organic soil" if stratum.organic_soil else "land listed in Appendix 1-2"
        yield Finding(
            code="soil-disturbance",
            severity="error",
            message=f"stratum {stratum.id}: soil disturbance {disturbance:.1%} on {kind} exceeds 10 %",
            reference="AR-ACM0003 v02.0 para 3(b)",
            path=f"{path}.soil_disturbance_fraction",
        )
    if stratum.soil_carbon is not None:
        reason = soc_excluded_because(stratum, climate)
        if reason:
            yield Finding(
                code="soc-not-accounted",
                severity="warning",
                message=f"stratum {stratum.id}: SOC change not accounted ({reason})",
                reference="AR-TOOL16 v01.1.0 applicability",
                path=f"{path}.soil_carbon",
            )
    if stratum.baseline.mine_spoil_evidence:
        yield Finding(
            code="mine-spoil-baseline",
            severity="info",
            message=f"stratum {stratum.id}: baseline tree and shrub change set to zero on the declared evidence: {stratum.baseline.mine_spoil_evidence}",
            reference="AR-TOOL14 v04.2 para 12(e)",
            path=f"{path}.baseline.mine_spoil_evidence",
        )
    ratio = stratum.root_shoot_ratio
    if ratio is not None and float(ratio.m_as("dimensionless")) > 1.0:
        yield Finding(
            code="root-shoot-above-one",
            severity="warning",
            message=f"stratum {stratum.id}: root-shoot ratio above 1; check it against IPCC 2006 GL Vol. 4 Table 4.4",
            reference="IPCC 2006 GL Vol. 4 Table 4.4 (ratios reach about 1.06)",
            path=f"{path}.root_shoot_ratio",
        )


def _climate_findings(inputs: ForestInputs) -> Iterator[Finding]:
    climate = inputs.climate
    if climate.mean_annual_temperature is None:
        return
    temperature = float(climate.mean_annual_temperature.m_as("degC"))
    if "temperate" in climate.ipcc_class.value and temperature > TROPICAL_MAT:
        yield Finding(
            code="climate-class",
            severity="warning",
            message=f"declared {climate.ipcc_class.value} with a mean annual temperature of {temperature:g} °C; IPCC tropical zones start above 18 °C, which changes the AR-TOOL12, AR-TOOL16 and AR-TOOL08 rows",
            reference="IPCC 2006 GL Vol. 4 Ch. 3 Annex 3A.5 (climate zones)",
            path="inputs.climate.ipcc_class",
        )


def _tree_findings(inputs: ForestInputs) -> Iterator[Finding]:
    """Trees outside their stratum's allometric DBH range, counted per stratum in one pass."""
    trees, plots = inputs.trees, inputs.plots
    if trees is None or plots is None or trees.n_rows == 0:
        return
    plot = trees.coded("plot")
    # stratum of each distinct plot id (every tree has a plot: inputs); rows gather by code
    plot_of_level = positions(plot.levels, plots.text("plot"))
    stratum_of_plot = positions(plots.text("stratum"), np.array([s.id for s in inputs.strata]))
    stratum_of_level = stratum_of_plot[plot_of_level] if plot_of_level.size else plot_of_level
    low = np.array(
        [s.allometry.dbh_min.m_as("cm") if s.allometry else -np.inf for s in inputs.strata]
    )
    high = np.array(
        [s.allometry.dbh_max.m_as("cm") if s.allometry else np.inf for s in inputs.strata]
    )
    dbh = trees.number("dbh")
    outside = np.zeros(len(inputs.strata), dtype=int)
    for rows in row_blocks(trees.n_rows):  # block by block: the table may be mapped from disk
        codes = stratum_of_level[plot.codes[rows]]
        cm = units.convert(np.asarray(dbh.magnitude[rows]), dbh.unit, "cm")
        outside += np.bincount(
            codes, weights=(cm < low[codes]) | (cm > high[codes]), minlength=len(inputs.strata)
        ).astype(int)
    for index in np.flatnonzero(outside):
        stratum = inputs.strata[index]
        yield Finding(
            code="dbh-range",
            severity="warning",
            message=f"stratum {stratum.id}: {outside[index]} trees outside the equation's DBH range [{low[index]:g}, {high[index]:g}] cm; the tool asks for the harvested-sapling mean below the range",
            reference="AR-TOOL14 v04.2 Appendix 1",
            path="inputs.trees",
        )


def _ccer_findings(document: ProjectDocument, inputs: ForestInputs) -> Iterator[Finding]:
    reference = "CCER-14-001-V01 applicability conditions"
    ccer = inputs.ccer
    if ccer is None:
        yield Finding(
            code="ccer-inputs",
            severity="error",
            message="the ccer-14-001 profile needs inputs.ccer (zoning as 规划造林地, parcel size)",
            reference=reference,
            path="inputs.ccer",
        )
        return
    start = document.project.crediting_period.start
    since = ccer.planned_afforestation_land_since
    if since is None or not ccer.zoning_evidence:
        yield Finding(
            code="ccer-zoning",
            severity="error",
            message="mine land must be re-zoned as land planned for afforestation (规划造林地), with evidence",
            reference=reference,
            path="inputs.ccer.planned_afforestation_land_since",
        )
    elif since > dt.date(start.year - CCER_ZONING_YEARS, start.month, min(start.day, 28)):
        yield Finding(
            code="ccer-zoning",
            severity="error",
            message=f"the land is zoned for afforestation since {since}; CCER-14-001-V01 asks for at least {CCER_ZONING_YEARS} years before the start ({start})",
            reference=reference,
            path="inputs.ccer.planned_afforestation_land_since",
        )
    if ccer.industrial_mining_greening:
        yield Finding(
            code="ccer-greening",
            severity="error",
            message="greening of industrial and mining land (工矿用地绿化) is excluded",
            reference=reference,
            path="inputs.ccer.industrial_mining_greening",
        )
    minimum = (
        CCER_PARCEL_M2_UNTIL_2019
        if start.year <= CCER_LAST_YEAR_OF_LARGER_PARCEL
        else CCER_PARCEL_M2
    )
    if ccer.smallest_parcel.m_as("m**2") < minimum:
        yield Finding(
            code="ccer-parcel",
            severity="error",
            message=f"smallest parcel {ccer.smallest_parcel.m_as('m**2'):g} m² is below {minimum:g} m²",
            reference=reference,
            path="inputs.ccer.smallest_parcel",
        )
