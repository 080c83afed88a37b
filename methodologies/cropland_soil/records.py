"""Sections of a cropland-soil project's inputs: climate, practices, strata, RothC, productivity."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mrv.common.errors import FieldProblems
from mrv.common.quantity import Length, Quantity, QuantitySpec

#: Bulk density a soil sample can plausibly have [g/cm3]. Mineral particles are about 2.65 g/cm3
#: (USDA Soil Survey Manual, 2017, Ch. 3), so a dry fine-earth density above 2.2 leaves almost no
#: pore space; below 0.2 is a peat or a unit slip, not reclaimed mineral cropland.
BULK_DENSITY_RANGE = (0.2, 2.2)


#: Lowest SOC a column declared in per cent may hold at its maximum [%]: a column whose every
#: sample lies below 0.1 % (1 g C/kg) was almost surely written as a fraction.
SOC_PERCENT_FLOOR = 0.1


#: VM0042 v2.2 §8.2: SOC is reported to at least 30 cm.
MINIMUM_DEPTH_CM = 30.0


#: VM0042 v2.2 §8.2: at least three control sites.
MINIMUM_CONTROL_SITES = 3


#: VM0042 v2.2 Table 4: a look-back of at least three years.
MINIMUM_LOOKBACK_YEARS = 3


#: VM0042 v2.2 §8.1: the baseline is reassessed every ten years.
BASELINE_VALID_YEARS = 10


MIN_CORES = 2  # a variance needs two cores (VM0042 Eq 71)


MIN_ROUNDS = 2  # a change needs two sampling rounds (VM0042 Eq 46-47)


PER_CENT = 100.0


MONTHS = 12


_SEPARATOR = "\x1f"


PerArea = Annotated[Quantity, QuantitySpec("[mass] / [area]", "kg / ha", nonnegative=True)]


NitrogenPerArea = Annotated[
    Quantity, QuantitySpec("[mass] * [nitrogen] / [area]", "kg N / ha", nonnegative=True)
]


CarbonPerArea = Annotated[
    Quantity, QuantitySpec("[mass] * [carbon] / [area]", "t C / ha", nonnegative=True)
]


VolumePerArea = Annotated[Quantity, QuantitySpec("[volume] / [area]", "L / ha", nonnegative=True)]


Depth = Annotated[Quantity, QuantitySpec("[length]", "cm", nonnegative=True, ge=1.0)]


class Model(BaseModel):
    """Base of the input sections: unknown fields refused, values frozen once validated."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, arbitrary_types_allowed=True, validate_default=True
    )


class ClimateZone(StrEnum):
    """IPCC climate zones as 2019 Refinement Vol. 4 Table 2.3 lists them."""

    BOREAL = "boreal"
    COOL_TEMPERATE_DRY = "cool_temperate_dry"
    COOL_TEMPERATE_MOIST = "cool_temperate_moist"
    WARM_TEMPERATE_DRY = "warm_temperate_dry"
    WARM_TEMPERATE_MOIST = "warm_temperate_moist"
    TROPICAL_DRY = "tropical_dry"
    TROPICAL_MOIST = "tropical_moist"
    TROPICAL_WET = "tropical_wet"
    TROPICAL_MONTANE = "tropical_montane"


TILLAGE = ("full", "reduced", "no_till")


INPUT_LEVELS = ("low", "medium", "high_without_manure", "high_with_manure")


Tillage = Literal["full", "reduced", "no_till"]


InputLevel = Literal["low", "medium", "high_without_manure", "high_with_manure"]


#: 2019 Refinement Vol. 4 Ch. 11 Table 11.1 note: a tropical climate is wet above this MAP [mm].
TROPICAL_WET_MAP_MM = 1000.0


class SiteClimate(Model):
    """The site's IPCC climate zone and the wet/dry regime of the soil N2O factors."""

    ipcc_zone: ClimateZone
    moisture: Literal["wet", "dry"] = Field(
        description="wet/dry regime of EF1 and EF4 (2019 Refinement Vol. 4 Table 11.1): temperate and boreal wet if P/PET > 1, tropical wet if MAP > 1000 mm"
    )
    irrigated: bool = Field(
        False, description="irrigated other than by drip; then leaching applies in a dry regime"
    )
    mean_annual_precipitation: Length
    potential_evapotranspiration: Length
    source: str = Field(min_length=1, description="station or dataset of MAP and PET")

    @model_validator(mode="after")
    def _regime_matches(self) -> SiteClimate:
        rain = float(self.mean_annual_precipitation.m_as("mm"))
        pet = float(self.potential_evapotranspiration.m_as("mm"))
        if self.ipcc_zone.value.startswith("tropical"):
            wet, rule = rain > TROPICAL_WET_MAP_MM, f"MAP {rain:g} mm against 1000 mm"
        else:
            wet = pet > 0 and rain / pet > 1
            rule = f"P/PET {rain / pet:.3g}" if pet > 0 else "PET 0"
        if wet != (self.moisture == "wet"):
            raise FieldProblems(
                [
                    (
                        ("moisture",),
                        f"declared {self.moisture}, but {rule} makes the regime {'wet' if wet else 'dry'} (2019 Refinement Vol. 4 Table 11.1)",
                    )
                ]
            )
        return self


FERTILISERS = ("unspecified", "urea", "ammonium", "nitrate", "ammonium_nitrate")


Fertiliser = Literal["unspecified", "urea", "ammonium", "nitrate", "ammonium_nitrate"]


class Practice(Model):
    """Annual practice of a stratum in the baseline: the look-back continued (VM0042 Table 4)."""

    tillage: Tillage
    input_level: InputLevel
    synthetic_n: NitrogenPerArea = Field(description="synthetic fertiliser N, F_SN per ha")
    fertiliser: Fertiliser = Field(
        "unspecified", description="main synthetic fertiliser (Frac_GASF by type)"
    )
    urea: PerArea = Field(
        "0.0 kg/ha",
        description="urea applied (its CO2, IPCC Eq 11.13)",
    )
    organic_n: NitrogenPerArea = Field("0.0 kg N/ha", description="organic N, F_ON per ha")
    residue_n: NitrogenPerArea = Field(
        "0.0 kg N/ha",
        description="N in crop residues returned, F_CR per ha",
    )
    limestone: PerArea = Field("0.0 kg/ha")
    dolomite: PerArea = Field("0.0 kg/ha")
    diesel: VolumePerArea = Field("0.0 L/ha")
    gasoline: VolumePerArea = Field("0.0 L/ha")
    plant_carbon: CarbonPerArea | None = Field(
        None, description="plant carbon returned to the soil a year (RothC input)"
    )
    manure_carbon: CarbonPerArea = Field(
        "0.0 t C/ha",
        description="farmyard-manure carbon a year (RothC input)",
    )
    crop_yield: Annotated[
        Quantity, QuantitySpec("[mass] / [area]", "t / ha", nonnegative=True, ge=0.01)
    ] = Field(description="look-back mean yield, for the productivity check")


class Baseline(Practice):
    """The baseline of a stratum: look-back practice and when it was assessed."""

    lookback_years: tuple[int, ...] = Field(
        min_length=1, description="calendar years of the look-back (at least three)"
    )
    assessed_on: dt.date = Field(description="date of the baseline assessment")
    evidence: str = Field(min_length=1, description="records the look-back rests on (Box 1)")

    @model_validator(mode="after")
    def _lookback(self) -> Baseline:
        if len(set(self.lookback_years)) < MINIMUM_LOOKBACK_YEARS:
            raise FieldProblems(
                [
                    (
                        ("lookback_years",),
                        f"{len(set(self.lookback_years))} look-back years; VM0042 v2.2 Table 4 asks for at least {MINIMUM_LOOKBACK_YEARS} including one full rotation",
                    )
                ]
            )
        return self


class RothC(Model):
    """How RothC-26.3 runs for a stratum (measure-and-model route)."""

    depth: Depth = Field(
        "30.0 cm",
        description="modelled layer (30 cm, the depth SOC is reported to)",
    )
    dpm_rpm_ratio: float = Field(
        1.44, gt=0, description="DPM/RPM of plant inputs (1.44 crops and improved grassland)"
    )
    input_months: tuple[int, ...] = Field(
        min_length=1, description="months (1-12) in which plant carbon reaches the soil"
    )
    manure_months: tuple[int, ...] = Field(
        (3,), min_length=1, description="months of manure application"
    )
    covered_months_baseline: tuple[int, ...] = Field(
        description="months under plant cover in the baseline"
    )
    covered_months_project: tuple[int, ...] = Field(
        description="months under plant cover in the project (cover crops add months)"
    )

    @model_validator(mode="after")
    def _months(self) -> RothC:
        problems = []
        for name in (
            "input_months",
            "manure_months",
            "covered_months_baseline",
            "covered_months_project",
        ):
            months = getattr(self, name)
            if any(not 1 <= month <= MONTHS for month in months) or len(set(months)) != len(months):
                problems.append(
                    ((name,), f"months must lie in 1-12, once each; found {list(months)}")
                )
        if problems:
            raise FieldProblems(problems)
        return self


class Stratum(Model):
    """A stratum (VM0042 quantification unit): soil, baseline and model set-up."""

    id: str
    soil_type: Literal["HAC", "LAC", "sandy", "spodic", "volcanic", "wetland"]
    land_use: Literal["long_term_cultivated", "paddy", "perennial", "set_aside"] = Field(
        "long_term_cultivated", description="IPCC F_LU class (2019 Refinement Table 5.5)"
    )
    acid_spoil: bool = Field(False, description="acid spoil that is limed")
    baseline: Baseline
    rothc: RothC | None = None
    initial_soc: CarbonPerArea | None = Field(
        None,
        description="SOC at the start when no sampling round precedes it (ex-ante RothC runs) [t C/ha, 0-30 cm]",
    )


Emission = Annotated[Quantity, QuantitySpec("[mass] * [carbon]", "t CO2e", nonnegative=True)]


class Productivity(Model):
    """The ex-ante productivity test of VM0042 v2.2 §8.4 and its monitored counterpart."""

    expected_decline_evidence: str = Field(
        min_length=1,
        description="published evidence that the practices cut yields by no more than 5 % (eligibility)",
    )
    displacement: dict[str, Emission] = Field(
        default_factory=dict,
        description="LK_disp of each period by VMD0054 (Eq 34-36), where a yield decline was monitored",
    )
    displacement_basis: str = Field("", description="the VMD0054 assessment behind displacement")


class ModelValidation(Model):
    """How well RothC reproduces measured change in the region (VMD0053), for the QA1 deduction."""

    relative_standard_error: Annotated[Quantity, QuantitySpec("", "%", nonnegative=True)] = Field(
        description="standard error of the modelled stock change, relative to it"
    )
    sites: int = Field(ge=2, description="validation sites (degrees of freedom = sites - 1)")
    evidence: str = Field(min_length=1, description="the validation report")


class Eligibility(Model):
    """What VM0042 v2.2 §4 and the mine setting ask of the land at project start."""

    land_use_at_start: Literal["cropland", "grassland", "mine_spoil"] = Field(
        description="land use on the project start date; reclamation earthworks come before"
    )
    native_ecosystem_cleared_within_10_years: bool = False
    wetland: bool = False
    geogenic_carbon: Literal["none", "carbonate", "coal"] = Field(
        description="inorganic or coal carbon in the spoil that dry combustion would count as SOC"
    )
    geogenic_carbon_method: str = Field(
        "", description="how carbonate or coal carbon is removed from measured SOC"
    )
