"""What each stratum's routes need from the inputs (VM0033 v2.1 §8.1-8.2), as problems at their field paths."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .records import (
    DRAINED_ORGANIC_USES,
    ORGANIC_LAYER_EXEMPT_CM,
    VEGETATED,
    Stratum,
)

if TYPE_CHECKING:
    from .inputs import WetlandInputs

Needs = list[tuple[tuple[int | str, ...], str]]


def _stratum_needs(index: int, stratum: Stratum, inputs: WetlandInputs) -> Needs:
    """Check what a stratum's type, soil and routes require of the other inputs."""
    at: tuple[int | str, ...] = ("strata", index)
    return [
        *_soil_needs(at, stratum),
        *_gas_needs(at, stratum, inputs),
        *_carbon_needs(at, stratum, inputs),
    ]


def _soil_needs(at: tuple[int | str, ...], stratum: Stratum) -> Needs:
    found: Needs = []
    project = stratum.project
    if stratum.soil == "organic" and stratum.nutrient is None:
        found.append(
            ((*at, "nutrient"), "an organic soil needs its nutrient status (rich or poor)")
        )
    if stratum.type == "rewetted_organic" and stratum.soil != "organic":
        found.append(
            (
                (*at, "soil"),
                "rewetted_organic uses the organic-soil factors of WS Ch. 3; a mineral soil is an emergent_marsh or wet_meadow (WS Ch. 5, measured CH4)",
            )
        )
    if stratum.baseline.land_use in DRAINED_ORGANIC_USES and stratum.soil != "organic":
        found.append(
            (
                (*at, "baseline", "land_use"),
                f"{stratum.baseline.land_use} selects the drained organic-soil factors of WS Ch. 2; on mineral soil use abandoned_cropland (IPCC 2013 Wetlands Supplement Ch. 2 covers organic soils only)",
            )
        )
    if stratum.type == "open_water" and project.flooding is None:
        found.append(
            (
                (*at, "project", "flooding"),
                "open water needs its flooding year and trophic status (2019 Refinement Ch. 7)",
            )
        )
    if stratum.type != "open_water" and project.flooding is not None:
        found.append(
            ((*at, "project", "flooding"), "only open water strata take flooded-land factors")
        )
    return found


def _gas_needs(at: tuple[int | str, ...], stratum: Stratum, inputs: WetlandInputs) -> Needs:
    found: Needs = []
    project = stratum.project
    if project.ch4 == "tier1" and stratum.type in VEGETATED:
        found.append(
            (
                (*at, "project", "ch4"),
                "the WS Ch. 5 CH4 factor for inland wetland mineral soils is not yet read in its primary table (IPCC 2013 Wetlands Supplement Ch. 5): measure CH4 on marsh and meadow strata",
            )
        )
    if project.ch4 == "measured" and inputs.fluxes is None and project.expected_ch4 is None:
        found.append(
            (
                (*at, "project", "ch4"),
                "measured CH4 needs a fluxes table (or expected_ch4 for ex-ante periods)",
            )
        )
    if project.ch4 == "excluded" and not project.ch4_exclusion_evidence:
        found.append(
            (
                (*at, "project", "ch4_exclusion_evidence"),
                "project CH4 may be excluded only where it is shown not to increase (VM0033 §8.2.4.3)",
            )
        )
    if project.ch4 == "excluded" and stratum.type == "open_water":
        found.append(
            (
                (*at, "project", "ch4"),
                "open water that grows may not exclude CH4 (VM0033 §5.2.2): subsidence lakes are counted",
            )
        )
    if project.n2o == "excluded" and not project.n2o_exclusion_evidence:
        found.append(
            (
                (*at, "project", "n2o_exclusion_evidence"),
                "project N2O may be excluded only if shown not to increase or de minimis (VM0033 §8.2.4.4)",
            )
        )
    if project.n2o == "default" and inputs.direct_n_inputs and stratum.type != "rewetted_organic":
        found.append(
            (
                (*at, "project", "n2o"),
                "the VM0033 Eq 63-68 defaults are not allowed with direct N inputs (wastewater, fertilised runoff): measure N2O",
            )
        )
    if project.n2o == "measured" and (inputs.fluxes is None or "n2o" not in inputs.fluxes.columns):
        found.append(
            ((*at, "project", "n2o"), "measured N2O needs an n2o column in the fluxes table")
        )
    return found


def _carbon_needs(at: tuple[int | str, ...], stratum: Stratum, inputs: WetlandInputs) -> Needs:
    found: Needs = []
    project = stratum.project
    if stratum.soil == "mineral" and stratum.type in VEGETATED:
        exempt = (
            project.organic_layer is not None
            and project.organic_layer.m_as("cm") > ORGANIC_LAYER_EXEMPT_CM
        )
        claims_soil = (
            inputs.soil_carbon is not None or project.expected_soil_carbon_gain is not None
        )
        if claims_soil and project.allochthonous_carbon is None and not exempt:
            found.append(
                (
                    (*at, "project", "allochthonous_carbon"),
                    "a soil carbon gain on mineral sediment needs %C_alloch (VM0033 Eq 38), unless the organic layer is over 10 cm",
                )
            )
    if stratum.herb is not None and inputs.woody_carbon is not None:
        woody = inputs.woody_carbon.text("stratum")
        if (woody == stratum.id).any():
            found.append(
                (
                    (*at, "herb"),
                    "the herb default may not be combined with tree and shrub stocks (VM0033 Eq 25)",
                )
            )
    return found
