"""Sections of a wetland-methane project's inputs: climate, flooding, herbs, the strata's baseline and project."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from mrv.common.quantity import Fraction, Length, Quantity, QuantitySpec

from .zones import ClimateZone

#: VM0033 v2.1 §8.2.4.2.2: the allochthonous-carbon deduction is
#: mandatory on mineral sediment unless the organic layer is thicker than this [cm].
ORGANIC_LAYER_EXEMPT_CM = 10.0


#: mrv wetland-methane method, Inputs: the water table is a mean annual value from continuous or
#: at least monthly loggers, so a stratum and scenario need twelve readings a year.
READINGS_PER_YEAR = 12


#: Land uses whose produce the restoration displaces: leakage must be declared (VM0033 v2.1 §8.4).
PRODUCTIVE_USES = ("cropland_drained", "fish_pond")


DRAINED_ORGANIC_USES = ("cropland_drained", "grassland_shallow_drained", "grassland_deep_drained")


VEGETATED = ("emergent_marsh", "wet_meadow")


_SEPARATOR = "\x1f"


CarbonRate = Annotated[
    Quantity, QuantitySpec("[mass] * [carbon] / [area] / [time]", "t C / ha / yr")
]


MethaneRate = Annotated[
    Quantity,
    QuantitySpec("[mass] * [methane] / [area] / [time]", "kg CH4 / ha / yr", nonnegative=True),
]


Emission = Annotated[Quantity, QuantitySpec("[mass] * [carbon]", "t CO2e", nonnegative=True)]


EmissionRate = Annotated[
    Quantity, QuantitySpec("[mass] * [carbon] / [area] / [time]", "t CO2e / ha / yr")
]


Salinity = Annotated[Quantity, QuantitySpec("", "g / kg", nonnegative=True)]


Temperature = Annotated[Quantity, QuantitySpec("[temperature]", "degC")]


WaterDepth = Annotated[Quantity, QuantitySpec("[length]", "cm", nonnegative=True)]


class Model(BaseModel):
    """Base of the input sections: unknown fields refused, values frozen once validated."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, arbitrary_types_allowed=True, validate_default=True
    )


class SiteClimate(Model):
    """The site's IPCC climate zone and the climate that supports it (IPCC 2006 GL Vol. 4 Ch. 3 Annex 3A.5)."""

    zone: ClimateZone = Field(description="IPCC climate zone code (2006 GL Vol. 4 Annex 3A.5)")
    mean_annual_temperature: Temperature
    mean_annual_precipitation: Length
    potential_evapotranspiration: Length
    source: str = Field(min_length=1, description="station or dataset of MAT, MAP and PET")


class Flooding(Model):
    """Open water: when it flooded, its trophic state, and how it drains (2019 Refinement Ch. 7)."""

    year: int = Field(
        ge=1900, le=2100, description="year the land was flooded (age counts from it)"
    )
    trophic_status: Literal["oligotrophic", "mesotrophic", "eutrophic", "hypereutrophic"]
    trophic_evidence: str = Field(
        min_length=1, description="total phosphorus, chlorophyll-a or Secchi depth readings"
    )
    converted_from_land: bool = Field(
        description="land converted to flooded land: CO2 for the first 20 years after flooding"
    )
    dam_outflow: bool = Field(
        False, description="a dam outflow: only then the downstream CH4 term applies"
    )


class Herb(Model):
    """Herb cover at the project start and after the first year in each scenario (VM0033 Eq 25)."""

    start: Fraction
    baseline: Fraction
    project: Fraction


class Baseline(Model):
    """The land-use the stratum would continue without the project."""

    land_use: Literal[
        "cropland_drained",
        "grassland_shallow_drained",
        "grassland_deep_drained",
        "abandoned_cropland",
        "fish_pond",
        "open_water",
    ]
    drained_since: int | None = Field(
        None, description="year drainage began (the VM0033 §5.1.2 SDT rule for mineral soils)"
    )
    peat_depletion_year: int | None = Field(
        None,
        description="last year the drained peat lasts (VM0033 t_PDT); baseline organic-soil emissions stop after it",
    )


class Project(Model):
    """How the project's CH4, N2O and carbon of the stratum are quantified."""

    ch4: Literal["tier1", "measured", "excluded"] = Field(
        description="Tier 1 factors of the stratum's route, measured annual fluxes, or excluded with evidence that CH4 does not increase"
    )
    ch4_exclusion_evidence: str = ""
    expected_ch4: MethaneRate | None = Field(
        None, description="ex-ante CH4 of a measured stratum before any flux is measured"
    )
    n2o: Literal["default", "measured", "excluded"] = Field(
        "default",
        description="VM0033 Eq 63-68 defaults, measured annual fluxes, or excluded as not increasing / de minimis",
    )
    n2o_exclusion_evidence: str = ""
    flooding: Flooding | None = None
    allochthonous_carbon: Fraction | None = Field(
        None, description="%C_alloch of the soil carbon gain (VM0033 Eq 38)"
    )
    organic_layer: WaterDepth | None = Field(
        None, description="thickness of the organic layer over mineral sediment"
    )
    expected_soil_carbon_gain: CarbonRate | None = Field(
        None, description="ex-ante soil carbon gain before any cores are taken"
    )


class Stratum(Model):
    """A stratum: land/water type, soil, salinity and its two scenarios."""

    id: str
    type: Literal[
        "open_water", "emergent_marsh", "wet_meadow", "rewetted_organic", "drained_fringe"
    ]
    soil: Literal["organic", "mineral"] = Field(
        description="organic only where the IPCC organic-soil criteria are met"
    )
    nutrient: Literal["rich", "poor"] | None = Field(
        None, description="nutrient status, required for organic soils"
    )
    salinity: Salinity = Field(description="mean salinity of the water (1 ppt = 1 g/kg)")
    ditch_fraction: Fraction | None = Field(
        None, description="Frac_ditch of a drained organic baseline (default from WS Table 2.4)"
    )
    herb: Herb | None = None
    baseline: Baseline
    project: Project


class Displacement(Model):
    """Activity displaced by the restoration and what it emits where it goes (GHG_LK)."""

    activity: str = Field(min_length=1, description="e.g. fish ponds, cropping")
    area: Annotated[Quantity, QuantitySpec("[area]", "ha", nonnegative=True)]
    emissions: EmissionRate = Field(description="net emission per hectare displaced")
    evidence: str = Field(min_length=1)


class WaterLevelScenario(Model):
    """One water level of the comparison (the ECOSSE water-table proxy of CCWoP)."""

    id: str
    depth: WaterDepth = Field(description="mean annual water-table depth below the surface")


class WaterLevelComparison(Model):
    """Compare the CH4 of a stratum at several water levels; a comparison, never credited."""

    stratum: str
    peat: Literal["fen", "bog"]
    temperature: Temperature
    scenarios: tuple[WaterLevelScenario, ...] = Field(min_length=2)
