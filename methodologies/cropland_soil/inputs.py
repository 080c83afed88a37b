"""Inputs of the cropland-soil methodology: site climate, strata with their baseline, and tables.

Fields, management records, SOC samples and monthly climate are tables (units in headers), read
into arrays: 100,000 fields over ten years are columns, not objects. Cross-references and the
plausibility of soil samples are checked here, with file, row and column for table problems.
"""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from mrv.common.errors import FieldProblems, Problem, TableProblems
from mrv.common.quantity import Length, Quantity, QuantitySpec
from mrv.model.project import AREA_TOLERANCE, ProjectDocument
from mrv.model.table import Column, Table, TableSpec

__all__ = ["CroplandInputs", "Stratum"]

#: Bulk density a soil sample can plausibly have [g/cm3]. Mineral particles are about 2.65 g/cm3
#: (USDA Soil Survey Manual, 2017, Ch. 3), so a dry fine-earth density above 2.2 leaves almost no
#: pore space; below 0.2 is a peat or a unit slip, not reclaimed mineral cropland.
BULK_DENSITY_RANGE = (0.2, 2.2)
#: Lowest SOC a column declared in per cent may hold at its maximum [%]: a column whose every
#: sample lies below 0.1 % (1 g C/kg) was almost surely written as a fraction.
SOC_PERCENT_FLOOR = 0.1
#: VM0042 v2.2 §8.2 (formula sheet §2.3, §4): SOC is reported to at least 30 cm.
MINIMUM_DEPTH_CM = 30.0
#: VM0042 v2.2 §8.2 (formula sheet §2.3): at least three control sites.
MINIMUM_CONTROL_SITES = 3
#: VM0042 v2.2 Table 4 (formula sheet §2.1): a look-back of at least three years.
MINIMUM_LOOKBACK_YEARS = 3
#: VM0042 v2.2 §8.1 (formula sheet §2.1, §4): the baseline is reassessed every ten years.
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


FIELDS = TableSpec(
    columns=(
        Column("field", description="field id"),
        Column("stratum", description="stratum id", refers="strata"),
        Column("area", "[area]", "ha", positive=True, description="field area"),
        Column("clay", "", "%", nonnegative=True, description="clay content of the topsoil"),
    ),
    description="one row per field",
)
MANAGEMENT = TableSpec(
    columns=(
        Column("year", "", "1", description="calendar year"),
        Column("field", description="field id"),
        Column("tillage", description="tillage", choices=TILLAGE),
        Column(
            "fertiliser",
            required=False,
            description="main synthetic fertiliser",
            choices=FERTILISERS,
        ),
        Column(
            "input_level",
            description="carbon input level (IPCC 2006 Vol. 4 Table 5.5)",
            choices=INPUT_LEVELS,
        ),
        Column("synthetic_n", "[mass] * [nitrogen] / [area]", "kg N / ha", nonnegative=True),
        Column("organic_n", "[mass] * [nitrogen] / [area]", "kg N / ha", nonnegative=True),
        Column("urea", "[mass] / [area]", "kg / ha", nonnegative=True, required=False),
        Column(
            "residue_n",
            "[mass] * [nitrogen] / [area]",
            "kg N / ha",
            nonnegative=True,
            required=False,
        ),
        Column("limestone", "[mass] / [area]", "kg / ha", nonnegative=True, required=False),
        Column("dolomite", "[mass] / [area]", "kg / ha", nonnegative=True, required=False),
        Column("diesel", "[volume] / [area]", "L / ha", nonnegative=True, required=False),
        Column("gasoline", "[volume] / [area]", "L / ha", nonnegative=True, required=False),
        Column(
            "plant_carbon",
            "[mass] * [carbon] / [area]",
            "t C / ha",
            nonnegative=True,
            required=False,
            description="plant carbon returned to the soil (RothC input)",
        ),
        Column(
            "manure_carbon",
            "[mass] * [carbon] / [area]",
            "t C / ha",
            nonnegative=True,
            required=False,
            description="farmyard-manure carbon applied (RothC input)",
        ),
        Column(
            "imported_amendment",
            "[mass] / [area]",
            "t / ha",
            nonnegative=True,
            required=False,
            description="dry organic amendment brought in from outside the boundary (VM0042 Eq 33)",
        ),
        Column(
            "amendment_carbon",
            "",
            "%",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="carbon content of the imported amendment, dry basis",
        ),
        Column("crop_yield", "[mass] / [area]", "t / ha", nonnegative=True, required=False),
    ),
    description="one row per field and calendar year of the project",
)
SAMPLES = TableSpec(
    columns=(
        Column("round", description="sampling round id"),
        Column("date", description="sampling date, YYYY-MM-DD"),
        Column("site_type", description="project or control", choices=("project", "control")),
        Column("site", description="field id (project) or control-site id"),
        Column("stratum", description="stratum id", refers="strata"),
        Column("core", description="core (sampling point) id within the site"),
        Column("top", "[length]", "cm", nonnegative=True, description="top of the increment"),
        Column("bottom", "[length]", "cm", positive=True, description="bottom of the increment"),
        Column("soc", "", "%", nonnegative=True, description="organic carbon of the fine earth"),
        Column(
            "bulk_density",
            "[mass] / [volume]",
            "g / cm**3",
            positive=True,
            description="fine-earth bulk density",
        ),
        Column(
            "coarse_fraction",
            "",
            "%",
            nonnegative=True,
            required=False,
            description="volume share of fragments > 2 mm",
        ),
    ),
    description="one row per depth increment of a core",
)
CLIMATE = TableSpec(
    columns=(
        Column("stratum", description="stratum id"),
        Column("month", "", "1", description="month 1-12"),
        Column("temperature", "[temperature]", "degC", description="mean air temperature"),
        Column("rain", "[length]", "mm", nonnegative=True),
        Column(
            "evaporation", "[length]", "mm", nonnegative=True, description="open-pan evaporation"
        ),
    ),
    description="monthly climate normals of each stratum (RothC)",
)


class CroplandInputs(Model):
    """Inputs of ``cropland-soil`` (the ``inputs`` section of a project document)."""

    soc_route: Literal["measure_and_remeasure", "measure_and_model", "tier1_screening"] = Field(
        description="VM0042 quantification approach 2 or 1 for credited SOC, or IPCC Tier 1 for screening only"
    )
    climate: SiteClimate
    strata: tuple[Stratum, ...] = Field(min_length=1)
    fields: Annotated[Table, FIELDS]
    management: Annotated[Table, MANAGEMENT]
    soc_samples: Annotated[Table, SAMPLES] | None = None
    monthly_climate: Annotated[Table, CLIMATE] | None = None
    productivity: Productivity
    eligibility: Eligibility
    model_validation: ModelValidation | None = None
    manure_sources: str = Field(
        "",
        description="where imported amendments come from, if they are not leakage (produced on site, diverted from anaerobic storage)",
    )

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> CroplandInputs:
        document = (info.context or {}).get("document")
        ids = [stratum.id for stratum in self.strata]
        problems: list[tuple[tuple[int | str, ...], str]] = []
        if len(set(ids)) != len(ids):
            problems.append((("strata",), "stratum ids repeat"))
        if isinstance(document, ProjectDocument):
            project_ids = sorted(document.stratum_ids())
            if sorted(ids) != project_ids:
                problems.append(
                    (
                        ("strata",),
                        f"strata {sorted(ids)} must be the project's strata {project_ids}",
                    )
                )
            problems.extend(self._route_needs(document))
        if problems:
            raise FieldProblems(problems)
        self._check_fields(set(ids), document)
        self._check_management(document)
        if self.soc_samples is not None and isinstance(document, ProjectDocument):
            self._check_samples(self.soc_samples, set(ids), document)
        if self.monthly_climate is not None:
            self._check_climate(self.monthly_climate, set(ids))
        return self

    def _route_needs(self, document: ProjectDocument) -> list[tuple[tuple[int | str, ...], str]]:
        found: list[tuple[tuple[int | str, ...], str]] = []
        ex_post = any(period.kind == "ex-post" for period in document.monitoring_periods)
        ex_ante = any(period.kind == "ex-ante" for period in document.monitoring_periods)
        if self.soc_route in {"measure_and_remeasure", "measure_and_model"} and ex_post:
            if self.soc_samples is None:
                found.append(
                    (
                        ("soc_samples",),
                        f"the {self.soc_route} route needs SOC samples (VM0042 §8.2)",
                    )
                )
        if self.soc_route == "measure_and_remeasure" and ex_ante:
            found.append(
                (
                    ("soc_route",),
                    "ex-ante periods cannot be measured; estimate them with measure_and_model or tier1_screening",
                )
            )
        if self.soc_route == "measure_and_model":
            if self.monthly_climate is None:
                found.append((("monthly_climate",), "RothC needs monthly climate"))
            for index, stratum in enumerate(self.strata):
                if stratum.rothc is None:
                    found.append(
                        (
                            ("strata", index, "rothc"),
                            "the measure_and_model route needs RothC settings",
                        )
                    )
                if stratum.baseline.plant_carbon is None:
                    found.append(
                        (
                            ("strata", index, "baseline", "plant_carbon"),
                            "RothC needs the baseline plant carbon input",
                        )
                    )
            if "plant_carbon" not in self.management.columns:
                found.append((("management",), "RothC needs a plant_carbon column"))
            if self.model_validation is None:
                found.append(
                    (
                        ("model_validation",),
                        "measure_and_model needs the model validation (VMD0053) for its uncertainty",
                    )
                )
        found.extend(self._baseline_dates(document))
        return found

    def _baseline_dates(self, document: ProjectDocument) -> list[tuple[tuple[int | str, ...], str]]:
        """Check that the baseline is assessed before the start and reassessed every ten years."""
        found: list[tuple[tuple[int | str, ...], str]] = []
        periods = {period.id for period in document.monitoring_periods}
        found.extend(
            (("productivity", "displacement", key), f"unknown monitoring period {key!r}")
            for key in self.productivity.displacement
            if key not in periods
        )
        starts = min(period.start for period in document.monitoring_periods)
        ends = max(period.end for period in document.monitoring_periods)
        for index, stratum in enumerate(self.strata):
            assessed = stratum.baseline.assessed_on
            if assessed > starts:
                found.append(
                    (
                        ("strata", index, "baseline", "assessed_on"),
                        f"the baseline is assessed on {assessed}, after the first period starts ({starts})",
                    )
                )
            if ends > _add_years(assessed, BASELINE_VALID_YEARS):
                found.append(
                    (
                        ("strata", index, "baseline", "assessed_on"),
                        f"periods run to {ends}, more than {BASELINE_VALID_YEARS} years after the baseline assessment of {assessed}; VM0042 v2.2 §8.1 asks for a reassessment",
                    )
                )
        return found

    def _check_fields(self, ids: set[str], document: Any) -> None:
        table = self.fields
        problems: list[Problem] = []
        names = table.text("field")
        unique, counts = np.unique(names, return_counts=True)
        if (counts > 1).any():
            repeated = unique[counts > 1]
            rows = table.where(np.isin(names, repeated))
            problems.append(
                table.problem(
                    "inputs.fields",
                    f"field {str(repeated[0])!r} is listed more than once",
                    "field",
                    rows[1:],
                )
            )
        clay = table.number("clay").to("%")
        high = table.where(clay > PER_CENT)
        if high.size:
            problems.append(
                table.problem(
                    "inputs.fields",
                    "clay above 100 %",
                    "clay",
                    high,
                )
            )
        if not problems and isinstance(document, ProjectDocument):
            strata = table.text("stratum")  # ids checked by the core (Column.refers)
            area = table.number("area").to("ha")
            for stratum in document.project.strata:
                declared = float(stratum.area.m_as("ha"))
                found = float(area[strata == stratum.id].sum())
                if abs(found - declared) > AREA_TOLERANCE * declared:
                    problems.append(
                        Problem(
                            table.reference,
                            "inputs.fields",
                            f"fields of stratum {stratum.id} add up to {found:g} ha; the project declares {declared:g} ha",
                            column="area",
                        )
                    )
        if problems:
            raise TableProblems(problems)

    def _check_management(self, document: Any) -> None:
        table = self.management
        problems: list[Problem] = []
        path = "inputs.management"
        fields = table.text("field")
        field = table.positions("field", self.fields.text("field"))
        unknown = table.where(field < 0)
        if unknown.size:
            problems.append(
                table.problem(
                    path,
                    f"unknown field {str(fields[unknown[0]])!r}",
                    "field",
                    unknown,
                )
            )
        years = table.number("year").magnitude
        fractional = table.where(years != np.round(years))
        if fractional.size:
            problems.append(
                table.problem(
                    path,
                    "years must be whole",
                    "year",
                    fractional,
                )
            )
        problems.extend(_check_amendments(table))
        if problems:
            raise TableProblems(problems)
        year = years.astype(np.int64)
        keys = field * (int(year.max() - year.min()) + 1) + (year - year.min())
        counts = np.bincount(keys)  # records per field and year, without sorting
        if (counts > 1).any():
            rows = table.where(keys == np.flatnonzero(counts > 1)[0])
            raise TableProblems(
                [
                    table.problem(
                        path,
                        f"field {str(fields[rows[0]])!r} has {rows.size} records for year {int(years[rows[0]])}",
                        "year",
                        rows[1:],
                    )
                ]
            )
        if isinstance(document, ProjectDocument):
            self._check_years_covered(table, document, field, year)

    def _check_years_covered(
        self,
        table: Table,
        document: ProjectDocument,
        field: npt.NDArray[np.intp],
        year: npt.NDArray[np.int64],
    ) -> None:
        """Check that every field has a record for every calendar year a period touches."""
        start = min(period.start.year for period in document.monitoring_periods)
        years = sorted(
            {
                y - start
                for period in document.monitoring_periods
                for y in range(period.start.year, period.end.year + 1)
            }
        )
        grid = np.zeros((self.fields.n_rows, years[-1] + 1), dtype=bool)
        inside = (year >= start) & (year <= start + years[-1])
        grid[field[inside], year[inside] - start] = True
        missing = np.argwhere(~grid[:, years])
        if missing.size:
            name = self.fields.text("field")[missing[0, 0]]
            raise TableProblems(
                [
                    Problem(
                        table.reference,
                        "inputs.management",
                        f"field {str(name)!r} has no record for {start + years[missing[0, 1]]}; {len(missing)} field-years of {start + years[0]}-{start + years[-1]} are missing",
                        column="year",
                    )
                ]
            )

    def _check_samples(self, table: Table, ids: set[str], document: ProjectDocument) -> None:
        path = "inputs.soc_samples"
        problems: list[Problem] = []
        soc = table.number("soc").to("%")
        over = table.where(soc > PER_CENT)
        if over.size:
            problems.append(table.problem(path, "SOC above 100 %", "soc", over))
        elif soc.size and soc.max() < SOC_PERCENT_FLOOR:
            problems.append(
                Problem(
                    table.reference,
                    path,
                    f"every SOC value is below {SOC_PERCENT_FLOOR} % (largest {soc.max():g} %): "
                    "the column looks like fractions written under a per-cent header; write 1.2 for 1.2 %, or declare the unit",
                    row=1,
                    column="soc",
                )
            )
        density = table.number("bulk_density").to("g/cm**3")
        low, high = BULK_DENSITY_RANGE
        odd = table.where((density < low) | (density > high))
        if odd.size:
            problems.append(
                table.problem(
                    path,
                    f"bulk density {density[odd[0]]:g} g/cm3 lies outside the plausible {low}-{high} g/cm3",
                    "bulk_density",
                    odd,
                )
            )
        if "coarse_fraction" in table.columns:
            coarse = table.number("coarse_fraction").to("%")
            over = table.where(coarse >= PER_CENT)
            if over.size:
                problems.append(
                    table.problem(
                        path,
                        "coarse fraction of 100 % or more",
                        "coarse_fraction",
                        over,
                    )
                )
        kinds = table.text("site_type")
        strata = table.text("stratum")  # ids checked by the core (Column.refers)
        sites = table.text("site")
        field_names, field_strata = self.fields.text("field"), self.fields.text("stratum")
        own = np.char.add(np.char.add(sites, _SEPARATOR), strata)
        known = np.char.add(np.char.add(field_names, _SEPARATOR), field_strata)
        stray = table.where((kinds == "project") & ~np.isin(own, known))
        if stray.size:
            problems.append(
                table.problem(
                    path,
                    f"project samples name {str(sites[stray[0]])!r}, which is not a field of stratum {strata[stray[0]]!s}",
                    "site",
                    stray,
                )
            )
        dates = table.dates("date", path)
        last = np.datetime64(max(period.end for period in document.monitoring_periods), "D")
        late = table.where(dates > last)
        if late.size:
            problems.append(
                table.problem(
                    path,
                    f"sampled on {dates[late[0]]}, after the last monitoring period ends ({last})",
                    "date",
                    late,
                )
            )
        if problems:
            raise TableProblems(problems)
        problems.extend(check_increments(table))
        problems.extend(self._check_design(table, ids))
        if problems:
            raise TableProblems(problems)

    def _check_design(self, table: Table, ids: set[str]) -> list[Problem]:
        """Check rounds, control sites and cores as VM0042 QA2 needs them."""
        path = "inputs.soc_samples"
        problems: list[Problem] = []
        rounds, kinds, strata = table.text("round"), table.text("site_type"), table.text("stratum")
        cores = core_keys(table)
        if np.unique(rounds).size < MIN_ROUNDS and self.soc_route == "measure_and_remeasure":
            problems.append(
                Problem(
                    table.reference,
                    path,
                    "measure-and-remeasure needs at least two sampling rounds",
                    column="round",
                )
            )
        controls = np.unique(table.text("site")[kinds == "control"])
        if self.soc_route == "measure_and_remeasure" and controls.size < MINIMUM_CONTROL_SITES:
            problems.append(
                Problem(
                    table.reference,
                    path,
                    f"{controls.size} control sites; VM0042 v2.2 §8.2 asks for at least {MINIMUM_CONTROL_SITES}",
                    column="site",
                )
            )
        for round_id in np.unique(rounds).tolist():
            for stratum in sorted(ids):
                for kind in ("project", "control"):
                    if kind == "control" and self.soc_route != "measure_and_remeasure":
                        continue
                    chosen = (rounds == round_id) & (strata == stratum) & (kinds == kind)
                    count = np.unique(cores[chosen]).size
                    if count < MIN_CORES:
                        problems.append(
                            Problem(
                                table.reference,
                                path,
                                f"round {round_id} has {count} {kind} cores in stratum {stratum}; at least {MIN_CORES} are needed for a variance (VM0042 Eq 71)",
                                column="core",
                            )
                        )
        return problems

    def _check_climate(self, table: Table, ids: set[str]) -> None:
        strata, months = table.text("stratum"), table.number("month").magnitude
        problems = []
        for stratum in sorted(ids):
            found = np.sort(months[strata == stratum])
            if found.tolist() != list(range(1, 13)):
                problems.append(
                    Problem(
                        table.reference,
                        "inputs.monthly_climate",
                        f"stratum {stratum} needs one row for each month 1-12; found {found.astype(int).tolist()}",
                        column="month",
                    )
                )
        if problems:
            raise TableProblems(problems)

    @functools.cached_property
    def _strata_by_id(self) -> dict[str, Stratum]:
        return {stratum.id: stratum for stratum in self.strata}

    def stratum(self, stratum_id: str) -> Stratum:
        """Return a stratum's inputs by id."""
        return self._strata_by_id[stratum_id]


def core_keys(table: Table) -> npt.NDArray[np.str_]:
    """One key per core: site type, site and core id."""
    return np.char.add(
        np.char.add(np.char.add(table.text("site_type"), _SEPARATOR), table.text("site")),
        np.char.add(_SEPARATOR, table.text("core")),
    )


def check_increments(table: Table) -> list[Problem]:
    """Each core's increments run from 0 cm without gaps down to at least 30 cm."""
    path = "inputs.soc_samples"
    keys = np.char.add(np.char.add(table.text("round"), _SEPARATOR), core_keys(table))
    top, bottom = table.number("top").to("cm"), table.number("bottom").to("cm")
    order = np.lexsort((top, keys))
    problems: list[Problem] = []
    inverted = table.where(bottom <= top)
    if inverted.size:
        return [
            table.problem(
                path,
                "the bottom of an increment must lie below its top",
                "bottom",
                inverted,
            )
        ]
    sorted_keys, sorted_top, sorted_bottom = keys[order], top[order], bottom[order]
    starts = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
    ends = np.r_[starts[1:], True]
    not_surface = order[starts & (sorted_top != 0)]
    if not_surface.size:
        problems.append(
            table.problem(
                path,
                "a core's first increment must start at 0 cm; missing surface increments",
                "top",
                not_surface,
            )
        )
    gap = np.flatnonzero(~starts[1:] & (sorted_top[1:] != sorted_bottom[:-1])) + 1
    gap = gap[np.argsort(table.file_positions(order[gap]), kind="stable")]  # the file's first
    if gap.size:
        rows = order[gap]
        problems.append(
            table.problem(
                path,
                f"depth increments leave a gap or overlap: an increment starts at {sorted_top[gap[0]]:g} cm after one ending at {sorted_bottom[gap[0] - 1]:g} cm",
                "top",
                rows,
            )
        )
    shallow = order[ends & (sorted_bottom < MINIMUM_DEPTH_CM)]
    if shallow.size:
        problems.append(
            table.problem(
                path,
                f"cores must reach {MINIMUM_DEPTH_CM:g} cm (VM0042 v2.2 §8.2); the deepest increment stops short",
                "bottom",
                shallow,
            )
        )
    return problems


def _check_amendments(table: Table) -> list[Problem]:
    """Check that imported amendments state a carbon content (VM0042 Eq 33, CC_oa) of at most 100 %."""
    path = "inputs.management"
    problems: list[Problem] = []
    if "amendment_carbon" in table.columns:
        share = table.number("amendment_carbon").to("%")
        amount = (
            table.number("imported_amendment").magnitude
            if "imported_amendment" in table.columns
            else np.zeros(table.n_rows)
        )
        missing = table.where((amount > 0) & np.isnan(share))
        if missing.size:
            problems.append(
                table.problem(
                    path,
                    "imported amendment without its carbon content",
                    "amendment_carbon",
                    missing,
                )
            )
        over = table.where(share > PER_CENT)
        if over.size:
            problems.append(
                table.problem(
                    path,
                    "carbon content above 100 %",
                    "amendment_carbon",
                    over,
                )
            )
    elif (
        "imported_amendment" in table.columns
        and (table.number("imported_amendment").magnitude > 0).any()
    ):
        problems.append(
            Problem(
                table.reference,
                path,
                "imported amendments need an amendment_carbon column (VM0042 Eq 33, CC_oa)",
                row=1,
                column="amendment_carbon",
            )
        )
    return problems


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
