"""Applicability of cropland-soil: VM0042 v2.2 §4 conditions and the rules of the mine setting."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from mrv.model.project import ProjectDocument
from mrv.model.report import Finding

from .inputs import CroplandInputs
from .layout import layout_of

VM0042_APPLICABILITY = "Verra VM0042 v2.2 §4 (applicability conditions)"


def applicability(document: ProjectDocument, inputs: CroplandInputs) -> Iterator[Finding]:
    """Yield what decides whether the methodology applies, and what a verifier should note."""
    land = inputs.eligibility
    if land.land_use_at_start == "mine_spoil":
        yield Finding(
            severity="error",
            code="not-cropland-at-start",
            message="the land is still mine spoil at project start; reclamation earthworks come before a VM0042 project, which needs cropland or grassland",
            reference=VM0042_APPLICABILITY,
            path="inputs.eligibility.land_use_at_start",
        )
    if land.native_ecosystem_cleared_within_10_years:
        yield Finding(
            severity="error",
            code="recent-clearing",
            message="native ecosystems were cleared within the ten years before the start",
            reference=VM0042_APPLICABILITY,
            path="inputs.eligibility.native_ecosystem_cleared_within_10_years",
        )
    if land.wetland:
        yield Finding(
            severity="error",
            code="wetland",
            message="the land is a wetland; use wetland-methane",
            reference=VM0042_APPLICABILITY,
            path="inputs.eligibility.wetland",
        )
    measured = inputs.soc_route != "tier1_screening"
    if measured and land.geogenic_carbon != "none" and not land.geogenic_carbon_method:
        yield Finding(
            severity="error",
            code="geogenic-carbon",
            message=f"{land.geogenic_carbon} carbon in the spoil is counted as SOC by dry combustion; state how it is removed (acid pre-treatment, measured SIC, coal-carbon separation)",
            reference="mrv cropland-soil method, Applicability: carbonate or coal carbon is not soil organic carbon and is taken out before SOC is credited",
            path="inputs.eligibility.geogenic_carbon_method",
        )
    if inputs.soc_route == "tier1_screening":
        yield Finding(
            severity="warning",
            code="soc-screening-only",
            message="SOC is estimated by IPCC Tier 1 factors for screening only: the report lists it apart and credits no soil carbon",
            reference="Verra VM0042 v2.2 Table 5; IPCC 2006 GL Vol. 4 Ch. 2",
            path="inputs.soc_route",
        )
    limed = _limed_strata(inputs)
    for stratum in inputs.strata:
        if stratum.acid_spoil and stratum.id not in limed:
            yield Finding(
                severity="warning",
                code="acid-spoil-unlimed",
                message=f"stratum {stratum.id} is acid spoil but no lime is recorded for it; liming CO2 must be counted when lime is applied",
                reference="IPCC 2006 GL Vol. 4 Eq 11.12",
                path="inputs.strata",
            )


def _limed_strata(inputs: CroplandInputs) -> set[str]:
    """Return the strata with lime in their baseline or in the records of their fields."""
    layout = layout_of(inputs)
    table = inputs.management
    lime = np.zeros(table.n_rows)
    for column in ("limestone", "dolomite"):
        if column in table.columns:
            lime = lime + table.number(column).magnitude
    in_records = {
        layout.strata[code] for code in np.unique(layout.code[layout.record_field][lime > 0])
    }
    in_baseline = {
        stratum.id
        for stratum in inputs.strata
        if stratum.baseline.limestone.m_as("kg/ha") + stratum.baseline.dolomite.m_as("kg/ha") > 0
    }
    return in_records | in_baseline
