"""Inputs of the wetland-methane methodology: site climate, strata with their scenarios, tables.

Stratum areas by year, water-table readings, measured fluxes and carbon stocks are tables with
units in their headers, read into arrays. Water-table depth is positive below the surface; water
standing above it goes in its own non-negative column, so one sign convention holds throughout
(formula sheet wetland.md §4 item 1). CH4 columns may be written as CH4 or CH4-C: the unit
registry converts the molecular weights, never the user.
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from mrv.common.errors import FieldProblems, Problem, TableProblems
from mrv.common.quantity import Fraction, Length, Quantity, QuantitySpec
from mrv.model.project import AREA_TOLERANCE, ProjectDocument
from mrv.model.table import Column, Table, TableSpec

from .zones import ClimateZone

__all__ = ["Stratum", "WetlandInputs"]

#: VM0033 v2.1 §8.2.4.2.2 (formula sheet wetland.md §2.6): the allochthonous-carbon deduction is
#: mandatory on mineral sediment unless the organic layer is thicker than this [cm].
ORGANIC_LAYER_EXEMPT_CM = 10.0
#: Formula sheet wetland.md §4 item 1: the water table is a mean annual value from continuous or
#: at least monthly loggers, so a stratum and scenario need twelve readings a year.
READINGS_PER_YEAR = 12
#: Land uses whose produce the restoration displaces: leakage must be declared (wetland.md §2.10).
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
    model_config = ConfigDict(
        extra="forbid", frozen=True, arbitrary_types_allowed=True, validate_default=True
    )


class SiteClimate(Model):
    """The site's IPCC climate zone and the climate that supports it (wetland.md §4 item 4)."""

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
    """One water level of the comparison (ECOSSE proxy; wetland.md §2.7(e))."""

    id: str
    depth: WaterDepth = Field(description="mean annual water-table depth below the surface")


class WaterLevelComparison(Model):
    """Compare the CH4 of a stratum at several water levels; a comparison, never credited."""

    stratum: str
    peat: Literal["fen", "bog"]
    temperature: Temperature
    scenarios: tuple[WaterLevelScenario, ...] = Field(min_length=2)


AREAS = TableSpec(
    columns=(
        Column("year", "", "1", description="calendar year"),
        Column("stratum", description="stratum id"),
        Column("area", "[area]", "ha", nonnegative=True, description="stratum area in that year"),
    ),
    description="area of every stratum in every year the periods touch",
)
WATER_TABLE = TableSpec(
    columns=(
        Column("stratum", description="stratum id"),
        Column("scenario", description="baseline or project", choices=("baseline", "project")),
        Column("date", description="reading date YYYY-MM-DD"),
        Column(
            "depth",
            "[length]",
            "cm",
            description="water-table depth, positive below the surface; 0 when water stands on it",
        ),
        Column(
            "standing_water",
            "[length]",
            "cm",
            nonnegative=True,
            description="water standing above the surface, 0 when the water table is below it",
        ),
    ),
    description="water-table readings, at least monthly",
)
FLUXES = TableSpec(
    columns=(
        Column("year", "", "1", description="calendar year"),
        Column("stratum", description="stratum id"),
        Column("method", description="chamber or eddy_covariance"),
        Column(
            "ch4",
            "[mass] * [methane] / [area] / [time]",
            "kg CH4 / ha / yr",
            description="annual CH4 flux (CH4 or CH4_C in the header unit)",
        ),
        Column(
            "n2o",
            "[mass] * [nitrous_oxide] / [area] / [time]",
            "kg N2O_N / ha / yr",
            required=False,
            allow_empty=True,
            description="annual N2O flux (N2O or N2O_N in the header unit)",
        ),
    ),
    description="measured annual totals by stratum and year",
)
STOCKS = TableSpec(
    columns=(
        Column("stratum", description="stratum id"),
        Column("date", description="sampling date YYYY-MM-DD"),
        Column("plot", description="core or plot id"),
        Column("stock", "[mass] * [carbon] / [area]", "t C / ha", description="carbon stock"),
    ),
    description="carbon stock per core or plot and sampling round",
)


class WetlandInputs(Model):
    """Inputs of ``wetland-methane`` (the ``inputs`` section of a project document)."""

    climate: SiteClimate
    drained_baseline: Literal["vm0033", "ws_inventory"] = Field(
        "vm0033",
        description="VM0033 §8.1.4.1 (CH4 and N2O of drained strata conservatively zero) or every Wetlands Supplement Tier 1 term, labelled as an inventory estimate",
    )
    crediting_programme: str = Field(
        "",
        description="an approved programme methodology that covers inland wetlands; without one the figures are estimates, not credits",
    )
    nitrogen_fertiliser: bool = Field(
        False, description="N fertiliser applied in the project area (VM0033 §4 condition 6)"
    )
    direct_n_inputs: bool = Field(
        False, description="wastewater or fertilised runoff reaches the wetland"
    )
    strata: tuple[Stratum, ...] = Field(min_length=1)
    areas: Annotated[Table, AREAS]
    water_table: Annotated[Table, WATER_TABLE]
    fluxes: Annotated[Table, FLUXES] | None = None
    soil_carbon: Annotated[Table, STOCKS] | None = None
    woody_carbon: Annotated[Table, STOCKS] | None = None
    displaced: tuple[Displacement, ...] = ()
    no_displacement_evidence: str = Field(
        "", description="why no activity is displaced, where a productive land use ends"
    )
    water_levels: WaterLevelComparison | None = None
    gwp_comparison: tuple[Literal["SAR", "AR4", "AR5", "AR6"], ...] = Field(
        (), description="GWP sets to report the net under, side by side with the project's"
    )

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> WetlandInputs:
        document = (info.context or {}).get("document")
        problems: list[tuple[tuple[int | str, ...], str]] = []
        ids = [stratum.id for stratum in self.strata]
        if len(set(ids)) != len(ids):
            problems.append((("strata",), "stratum ids repeat"))
        for index, stratum in enumerate(self.strata):
            problems.extend(_stratum_needs(index, stratum, self))
        if self.water_levels is not None and self.water_levels.stratum not in ids:
            problems.append(
                (("water_levels", "stratum"), f"unknown stratum {self.water_levels.stratum!r}")
            )
        productive = [s.id for s in self.strata if s.baseline.land_use in PRODUCTIVE_USES]
        if productive and not self.displaced and not self.no_displacement_evidence:
            problems.append(
                (
                    ("displaced",),
                    f"strata {', '.join(productive)} end a productive land use: declare the displaced activity or why none is displaced (wetland.md §2.10)",
                )
            )
        if isinstance(document, ProjectDocument):
            project_ids = sorted(document.stratum_ids())
            if sorted(ids) != project_ids:
                problems.append(
                    (
                        ("strata",),
                        f"strata {sorted(ids)} must be the project's strata {project_ids}",
                    )
                )
        if problems:
            raise FieldProblems(problems)
        if isinstance(document, ProjectDocument):
            self._check_areas(document)
        self._check_water_table(set(ids))
        if self.fluxes is not None:
            self._check_fluxes(set(ids))
        for name in ("soil_carbon", "woody_carbon"):
            table = getattr(self, name)
            if table is not None:
                _check_stocks(table, f"inputs.{name}", set(ids))
        return self

    def _check_areas(self, document: ProjectDocument) -> None:
        """Every stratum has an area in every year the periods touch; the years add up."""
        table, path = self.areas, "inputs.areas"
        problems: list[Problem] = []
        years = table.number("year").magnitude
        strata = table.text("stratum")
        unknown = table.unknown(path, "stratum", [s.id for s in self.strata], "stratum")
        if unknown is not None:
            raise TableProblems([unknown])
        keys = np.char.add(np.char.add(strata, _SEPARATOR), years.astype(np.int64).astype(str))
        unique, counts = np.unique(keys, return_counts=True)
        if (counts > 1).any():
            rows = table.where(np.isin(keys, unique[counts > 1]))
            raise TableProblems(
                [table.problem(path, "a stratum has more than one area for a year", "year", rows)]
            )
        start = min(p.start for p in document.monitoring_periods).year
        end = max(p.end for p in document.monitoring_periods).year
        project_area = document.project.area.m_as("ha")
        areas = table.number("area").to("ha")
        for year in range(start, end + 1):
            chosen = years == year
            missing = sorted(set(s.id for s in self.strata) - set(strata[chosen].tolist()))
            if missing:
                problems.append(
                    Problem(
                        table.reference,
                        path,
                        f"year {year} has no area for strata {', '.join(missing)}",
                        column="year",
                    )
                )
                continue
            total = float(areas[chosen].sum())
            if abs(total - project_area) > AREA_TOLERANCE * project_area:
                rows = table.where(chosen)
                problems.append(
                    table.problem(
                        path,
                        f"stratum areas of {year} add up to {total:g} ha; the project area is {project_area:g} ha (tolerance 0.1 %)",
                        "area",
                        rows,
                    )
                )
        declared = {s.id: s.area.m_as("ha") for s in document.project.strata}
        for stratum, area in declared.items():
            at_start = table.where((years == start) & (strata == stratum))
            if at_start.size and abs(areas[at_start[0]] - area) > AREA_TOLERANCE * max(area, 1e-12):
                problems.append(
                    table.problem(
                        path,
                        f"stratum {stratum} has {areas[at_start[0]]:g} ha in {start}; the project declares {area:g} ha at the start",
                        "area",
                        at_start,
                    )
                )
        if problems:
            raise TableProblems(problems)

    def _check_water_table(self, ids: set[str]) -> None:
        """One sign convention: depth >= 0 below the surface, standing water >= 0 above it."""
        table, path = self.water_table, "inputs.water_table"
        problems: list[Problem] = []
        depth = table.number("depth").to("cm")
        standing = table.number("standing_water").to("cm")
        negative = table.where(depth < 0)
        if negative.size:
            problems.append(
                table.problem(
                    path,
                    f"water-table depth {depth[negative[0]]:g} cm is negative: depth is positive below the surface, and water above the surface goes in standing_water (wetland.md §4 item 1)",
                    "depth",
                    negative,
                )
            )
        both = table.where((depth > 0) & (standing > 0))
        if both.size:
            problems.append(
                table.problem(
                    path,
                    "a reading cannot have the water table below the surface and water standing on it",
                    "standing_water",
                    both,
                )
            )
        scenario = table.text("scenario")
        strata = table.text("stratum")
        unknown = table.unknown(path, "stratum", ids, "stratum")
        if unknown is not None:
            problems.append(unknown)
        dates = table.dates("date", path)
        if problems:
            raise TableProblems(problems)
        years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
        for stratum in sorted(ids):
            for kind in ("baseline", "project"):
                chosen = (strata == stratum) & (scenario == kind)
                for year in np.unique(years[chosen]).tolist():
                    count = int(np.count_nonzero(chosen & (years == year)))
                    if count < READINGS_PER_YEAR:
                        problems.append(
                            table.problem(
                                path,
                                f"stratum {stratum}, {kind}, {year}: {count} readings; a mean annual water table needs at least monthly readings (wetland.md §4 item 1)",
                                "date",
                                np.flatnonzero(chosen & (years == year)),
                            )
                        )
        if problems:
            raise TableProblems(problems)

    def _check_fluxes(self, ids: set[str]) -> None:
        table, path = self.fluxes, "inputs.fluxes"
        assert table is not None  # noqa: S101 - the caller checks
        problems: list[Problem] = []
        strata = table.text("stratum")
        unknown = table.unknown(path, "stratum", ids, "stratum")
        if unknown is not None:
            problems.append(unknown)
        method = table.text("method")
        bad = table.where(~np.isin(method, ["chamber", "eddy_covariance"]))
        if bad.size:
            problems.append(
                table.problem(path, "method must be chamber or eddy_covariance", "method", bad)
            )
        ch4 = table.number("ch4").magnitude
        negative = table.where(ch4 < 0)
        if negative.size:
            problems.append(
                table.problem(
                    path,
                    "an annual CH4 flux below zero (uptake) is not credited here",
                    "ch4",
                    negative,
                )
            )
        keys = np.char.add(
            np.char.add(strata, _SEPARATOR),
            table.number("year").magnitude.astype(np.int64).astype(str),
        )
        unique, counts = np.unique(keys, return_counts=True)
        if (counts > 1).any():
            rows = table.where(np.isin(keys, unique[counts > 1]))
            problems.append(
                table.problem(path, "a stratum has more than one flux row for a year", "year", rows)
            )
        if problems:
            raise TableProblems(problems)

    @functools.cached_property
    def _strata_by_id(self) -> dict[str, Stratum]:
        return {stratum.id: stratum for stratum in self.strata}

    def stratum(self, stratum_id: str) -> Stratum:
        """Return a stratum's inputs by id."""
        return self._strata_by_id[stratum_id]


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
                f"{stratum.baseline.land_use} selects the drained organic-soil factors of WS Ch. 2; on mineral soil use abandoned_cropland (wetland.md §4 item 8)",
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
                "the WS Ch. 5 CH4 factor for inland wetland mineral soils is unverified (wetland.md §2.7(f)): measure CH4 on marsh and meadow strata",
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


def _check_stocks(table: Table, path: str, ids: set[str]) -> None:
    problems: list[Problem] = []
    unknown = table.unknown(path, "stratum", ids, "stratum")
    if unknown is not None:
        problems.append(unknown)
    negative = table.where(table.number("stock").magnitude < 0)
    if negative.size:
        problems.append(table.problem(path, "a carbon stock cannot be negative", "stock", negative))
    table.dates("date", path)
    if problems:
        raise TableProblems(problems)
