"""Sections of a forest-reclamation project's inputs: climate, strata, events, periods."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from mrv.common.errors import FieldProblems
from mrv.common.quantity import (
    Area,
    Density,
    Fraction,
    Length,
    MassPerArea,
    NonNegativeRatio,
    Quantity,
    QuantitySpec,
)
from mrv.model import base

MassPerAreaPerYear = Annotated[
    Quantity, QuantitySpec("[mass] / [area] / [time]", "t / ha / yr", nonnegative=True)
]


Temperature = Annotated[Quantity, QuantitySpec("[temperature]", "degC")]


CarbonStockPerArea = Annotated[
    Quantity, QuantitySpec("[mass] * [carbon] / [area]", "t C / ha", nonnegative=True)
]


#: Plausible range of a root-shoot ratio; IPCC 2006 GL Vol. 4 Table 4.4 ranges reach about 1.06
#: a ratio above 1 is accepted (with a warning), above this bound it is refused (mrv screening bound).
ROOT_SHOOT_MAX = 1.5


class Model(base.Model):
    """mrv's model base (frozen, no unknown fields, ``derive``), holding tables as well."""

    model_config = ConfigDict(arbitrary_types_allowed=True)


class ClimateClass(StrEnum):
    """IPCC climate classes as AR-TOOL16 Table 3 lists them."""

    BOREAL = "boreal"
    COLD_TEMPERATE_DRY = "cold_temperate_dry"
    COLD_TEMPERATE_MOIST = "cold_temperate_moist"
    WARM_TEMPERATE_DRY = "warm_temperate_dry"
    WARM_TEMPERATE_MOIST = "warm_temperate_moist"
    TROPICAL_DRY = "tropical_dry"
    TROPICAL_MOIST = "tropical_moist"
    TROPICAL_WET = "tropical_wet"
    TROPICAL_MONTANE = "tropical_montane"


class SiteClimate(Model):
    """The declared IPCC climate class of the site and the data it rests on (IPCC 2006 GL Vol. 4 Ch. 3 Annex 3A.5)."""

    ipcc_class: ClimateClass
    mean_annual_temperature: Temperature | None = None
    mean_annual_precipitation: Length
    elevation: Length
    source: str = Field(min_length=1, description="where MAT, MAP and elevation come from")


class Allometry(Model):
    """Tree biomass B = a * dbh^b * height^c [kg dry matter per tree], dbh in cm, height in m."""

    a: float = Field(gt=0)
    b: float
    c: float = 0.0
    dbh_min: Length
    dbh_max: Length
    source: str = Field(
        min_length=1, description="publication of the equation (AR-TOOL14 Appendix 1 hierarchy)"
    )


class GrowthCurve(Model):
    """Above-ground biomass by stand age, for ex-ante estimates (interpolated linearly)."""

    age: tuple[float, ...] = Field(min_length=2, description="stand age [yr], ascending")
    agb: tuple[MassPerArea, ...] = Field(
        min_length=2, description="above-ground biomass at each age"
    )
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _aligned(self) -> GrowthCurve:
        if len(self.age) != len(self.agb):
            raise ValueError(
                f"age has {len(self.age)} values and agb {len(self.agb)}; expected the same number"
            )
        if any(later <= earlier for earlier, later in zip(self.age, self.age[1:], strict=False)):
            raise ValueError("ages must ascend")
        return self


class Baseline(Model):
    """Pre-project vegetation of a stratum (AR-TOOL14 §6-7)."""

    mine_spoil_evidence: str = Field(
        "",
        description="documented evidence for AR-TOOL14 para 12(e); baseline tree and shrub change is then zero",
    )
    tree_crown_cover: Fraction = Field(0.0, description="CC_TREE_BSL, measured once at the start")
    b_forest: MassPerArea | None = Field(
        None,
        description="above-ground biomass of forest in the region (GPG-LULUCF Table 3A.1.4), project-declared",
    )
    delta_b_forest: MassPerAreaPerYear | None = Field(
        None,
        description="mean annual biomass increment of forest (GPG-LULUCF Table 3A.1.5), project-declared",
    )
    trees_removed: bool = Field(
        False,
        description="pre-project trees are removed or killed by the project (AR-TOOL14 para 11)",
    )


class Shrubs(Model):
    """Shrub layer of a stratum (AR-TOOL14 Eq 24-27)."""

    b_forest: MassPerArea = Field(
        description="B_FOREST of AR-TOOL14 Eq 27, project-declared (GPG-LULUCF Table 3A.1.4)"
    )
    baseline_cover: Fraction = Field(description="shrub crown cover before the project")


class SoilCarbon(Model):
    """Baseline land use and site preparation of a stratum (AR-TOOL16)."""

    land_use: Literal["cropland_long_term", "cropland_set_aside", "grassland"]
    management: Literal[
        "full_tillage",
        "reduced_tillage",
        "no_tillage",
        "improved",
        "nominal",
        "moderately_degraded",
        "severely_degraded",
    ]
    input_level: Literal["low", "medium", "high_without_manure", "high_with_manure", "high"]
    disturbance_fraction: Fraction = Field(
        description="share of the stratum disturbed by site preparation"
    )
    preparation_year: int = Field(
        ge=1900, le=2200, description="calendar year of site preparation (t_PREP)"
    )
    degraded_land_evidence: str = Field(
        "",
        description="result of the CDM tool for the identification of degraded lands (required for severely degraded)",
    )
    litter_retained: bool = True
    disturbance_on_contour: bool = True
    redisturbed_within_20_years: bool = False


class CcerEligibility(Model):
    """What CCER-14-001-V01 asks of the land (profile ``ccer-14-001``)."""

    planned_afforestation_land_since: dt.date | None = Field(
        None, description="since when the land is zoned 规划造林地"
    )
    zoning_evidence: str = ""
    industrial_mining_greening: bool = Field(
        False, description="the project greens 工矿用地 (excluded)"
    )
    smallest_parcel: Area


class Stratum(Model):
    """What the methodology needs of one project stratum."""

    id: str
    species: str
    planting_date: dt.date
    soil_type: Literal["HAC", "LAC", "sandy", "spodic", "volcanic"]
    biomass_route: Literal["plot_biomass", "plot_volume", "tree_allometry"]
    allometry: Allometry | None = None
    wood_density: Density | None = None
    bef: NonNegativeRatio | None = Field(
        None, description="BEF_2; the ex-post default 1.15 when omitted"
    )
    root_shoot: Literal["cairns", "fixed"] = "cairns"
    root_shoot_ratio: NonNegativeRatio | None = Field(
        None, description="R_j for root_shoot 'fixed'; the AR-TOOL14 default 0.25 when omitted"
    )
    baseline: Baseline = Baseline()
    shrubs: Shrubs | None = None
    soil_carbon: SoilCarbon | None = None
    growth: GrowthCurve | None = None
    wetland: bool = False
    organic_soil: bool = False
    soil_disturbance_fraction: Fraction = Field(
        0.0, description="share of the stratum disturbed by the project (AR-ACM0003 para 3(b))"
    )

    @model_validator(mode="after")
    def _route_data(self) -> Stratum:
        problems: list[tuple[tuple[int | str, ...], str]] = []
        if self.biomass_route == "tree_allometry" and self.allometry is None:
            problems.append(
                (("allometry",), "the tree_allometry route needs an allometric equation")
            )
        if self.biomass_route == "plot_volume" and self.wood_density is None:
            problems.append((("wood_density",), "the plot_volume route needs the wood density D"))
        ratio = self.root_shoot_ratio
        if ratio is not None and float(ratio.m_as("dimensionless")) > ROOT_SHOOT_MAX:
            problems.append(
                (
                    ("root_shoot_ratio",),
                    f"a root-shoot ratio of {float(ratio.m_as('dimensionless')):g} is outside the plausible range [0, {ROOT_SHOOT_MAX}] (IPCC 2006 GL Vol. 4 Table 4.4)",
                )
            )
        if (
            self.soil_carbon is not None
            and self.soil_carbon.management == "severely_degraded"
            and not self.soil_carbon.degraded_land_evidence
        ):
            problems.append(
                (
                    ("soil_carbon", "degraded_land_evidence"),
                    "f_MG 0.70 (severely degraded) needs the result of the CDM degraded-lands tool (AR-TOOL16 Table 6)",
                )
            )
        if problems:
            raise FieldProblems(problems)
        return self


class Burning(Model):
    """Burning of vegetation for site preparation (AR-TOOL08 Eq 3)."""

    stratum: str
    date: dt.date
    area: Area
    tree_biomass: MassPerArea = Field(description="b_TREE burnt per hectare; 0 if no trees burn")
    shrub_cover: Fraction
    b_forest: MassPerArea = Field(description="B_FOREST for the shrub term, project-declared")


class Fire(Model):
    """A fire in the planted forest (AR-TOOL08 Eq 6-8)."""

    stratum: str
    date: dt.date
    area: Area


class Displacement(Model):
    """Pre-project agriculture displaced onto other land (AR-TOOL15)."""

    date: dt.date
    area: Area
    activity: Literal["cropping", "grazing"]
    receiving_land: str = Field(
        min_length=1, description="where the activity went, and the evidence"
    )
    b_tree: MassPerArea = Field(
        description="above-ground tree biomass on the receiving land (regional forest AGB if unknown)"
    )
    b_shrub: MassPerArea
    soc_ref: CarbonStockPerArea
    factors_before: tuple[NonNegativeRatio, NonNegativeRatio, NonNegativeRatio] = Field(
        description="f_LU, f_MG, f_IN of the receiving land before"
    )
    factors_after: tuple[NonNegativeRatio, NonNegativeRatio, NonNegativeRatio] = Field(
        description="f_LU, f_MG, f_IN after the activity arrives"
    )
    grazing_exemption: str = Field(
        "", description="evidence that displaced animals go where AR-TOOL15 counts no leakage"
    )


class PeriodData(Model):
    """What happened in one monitoring period."""

    measured_on: dt.date | None = Field(
        None,
        description="date of the plot inventory; when omitted, the end of the period's last day",
    )
    shrub_cover: dict[str, Fraction] = Field(
        default_factory=dict, description="shrub crown cover by stratum at the inventory"
    )
    site_preparation_burning: tuple[Burning, ...] = ()
    fires: tuple[Fire, ...] = ()
    displacements: tuple[Displacement, ...] = ()


class PriorInventory(Model):
    """The undiscounted tree stock of the last verification before the periods of this document.

    AR-TOOL14 v04.2 Eq 1: later verifications start from the undiscounted previous stock.
    """

    tree_stock: Annotated[Quantity, QuantitySpec("[mass] * [carbon]", "t CO2e", nonnegative=True)]
    uncertainty: Fraction = Field(description="its relative 90 % half-width u_1")
    measured_on: dt.date
    report: str = Field(
        min_length=1, description="the monitoring report or verification it comes from"
    )
