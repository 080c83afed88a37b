"""Inputs of the topsoil-amendment methodology: reclaimed units, deliveries, fuel, soil samples.

Every delivery states its mass basis (wet or dry), the basis of its moisture (wet or dry), and
whether its carbon is organic or total (then with the inorganic carbon that is taken off):
nothing is guessed (formula sheet amendment.md §4). Freight uses the mass as hauled; removals
use dry mass and organic carbon.
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from mrv.common.errors import FieldProblems, Problem, TableProblems
from mrv.common.quantity import Fraction, Length, Mass, Quantity, QuantitySpec
from mrv.model.project import ProjectDocument
from mrv.model.table import Column, Table, TableSpec

__all__ = ["AmendmentInputs", "ReclaimedUnit", "delivery_h_corg", "molar_h_corg", "organic_carbon"]

MATERIALS = ("biochar", "compost", "manure", "topsoil", "coal_bio_soil", "nutrient_agent")
#: Coal-based products are fossil carbon (IPCC 2006 GL Vol. 2 Ch. 1 Table 1.1): never a removal.
FOSSIL_MATERIALS = ("coal_bio_soil",)
PER_CENT = 100.0
#: Biochar moisture above 60 % (wet basis) is flagged: an mrv screening convention
#: (topsoil-amendment methodology page, Inputs), no standard limit.
BIOCHAR_MOISTURE_FLAG = 0.6
#: Formula sheet amendment.md §4: bulk density of (reclaimed) mineral soils 0.8-2.0 g/cm3.
BULK_DENSITY_RANGE = (0.8, 2.0)
#: IUPAC standard atomic weights (conventional values, CIAAW 2021) for the molar H/Corg ratio.
ATOMIC_WEIGHT_H = 1.008
ATOMIC_WEIGHT_C = 12.011
#: Biochar is material made above 350 degC (IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4,
#: opening text; formula sheet amendment.md §2.2 R1): below it the material is not biochar.
BIOCHAR_MIN_TEMPERATURE_C = 350.0
#: VM0044 v1.2 soil-application eligibility gate, molar H/Corg at most 0.7 (amendment.md §4).
H_CORG_LIMIT = 0.7

Temperature = Annotated[Quantity, QuantitySpec("[temperature]", "degC")]
Emission = Annotated[Quantity, QuantitySpec("[mass] * [carbon]", "t CO2e", nonnegative=True)]
CarbonMass = Annotated[Quantity, QuantitySpec("[mass] * [carbon]", "t C", nonnegative=True)]
Percent = Annotated[Quantity, QuantitySpec("", "%", nonnegative=True)]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, arbitrary_types_allowed=True, validate_default=True
    )


class Climate(Model):
    """What the N2O factors and the persistence models need of the site."""

    moisture: Literal["wet", "dry"] = Field(
        description="wet/dry regime of the IPCC N2O factors; leaching applies in a wet climate or under irrigation"
    )
    irrigated: bool = False
    soil_temperature: Temperature = Field(
        description="mean annual soil temperature (Puro and Isometric persistence models)"
    )


class Cover(Model):
    """The rebuilt soil of a unit."""

    depth: Length
    material: str = Field(min_length=1, description="e.g. stripped loess topsoil")


class ReclaimedUnit(Model):
    """A reclaimed unit (a stratum of the project): spoil, cover and where its topsoil came from."""

    id: str
    spoil: Literal["overburden", "coal_gangue", "tailings", "fly_ash", "other"]
    land_use: Literal["cropland", "grassland", "forest", "wetland"] = Field(
        description="land use after reclamation; IPCC 2019 Appendix 4 covers mineral soils of cropland and grassland only"
    )
    cover: Cover
    topsoil_origin: Literal["own_prestrip", "offsite_donor", "none"] = Field(
        description="own pre-strip area inside the boundary (no leakage) or an off-site donor"
    )
    carbonaceous_spoil: bool = Field(
        False, description="coal fines or carbonaceous shale in the spoil (inflate measured SOC)"
    )


class Production(Model):
    """A biochar production unit (kiln, reactor) and its emissions to allocate (VM0044 Eq 3/7)."""

    id: str
    technology: Literal["high", "low"] = Field(
        description="high-tech: pyrolysis gas combusted or recovered, >= 70 % heat used, temperature measured"
    )
    temperature_monitored: bool = True
    emissions: Emission = Field(
        description="PE_D + PE_C of the production the deliveries came from (pre-treatment and auxiliary energy)"
    )
    produced: Mass = Field(description="dry biochar produced in that time")
    feedstock_prior_use: Literal["waste_no_use", "energy", "fodder", "soil_return"] = Field(
        description="what the feedstock did before (VM0044 leakage from biomass diversion)"
    )
    diverted: Mass | None = Field(
        None, description="feedstock diverted from energy use, dry (leakage L1)"
    )
    evidence: str = Field(min_length=1)


class Donor(Model):
    """An off-site donor of topsoil and the carbon it loses (leakage L2; no default)."""

    unit: str
    mass: Mass = Field(description="topsoil taken, dry")
    carbon: Percent = Field(description="organic carbon of the donor topsoil, dry basis")
    loss_fraction: Fraction = Field(
        description="measured share of that carbon lost in stripping, stockpiling and spreading"
    )
    foregone_accrual: CarbonMass = Field(description="carbon the donor site would have gained")
    evidence: str = Field(min_length=1)


DELIVERIES = TableSpec(
    columns=(
        Column("date", description="delivery date YYYY-MM-DD"),
        Column("unit", description="reclaimed unit (stratum) id"),
        Column("material", description="material delivered", choices=MATERIALS),
        Column("production", required=False, allow_empty=True, description="biochar production id"),
        Column("mass", "[mass]", "t", positive=True, description="mass delivered"),
        Column(
            "mass_basis",
            description="every delivery states its mass basis, wet (as hauled) or dry",
            choices=("wet", "dry"),
        ),
        Column("moisture", "", "%", nonnegative=True, description="water content"),
        Column(
            "moisture_basis",
            description="every delivery states its moisture basis, wet (of the wet mass) or dry (of the dry mass)",
            choices=("wet", "dry"),
        ),
        Column("carbon", "", "%", nonnegative=True, required=False, allow_empty=True),
        Column(
            "carbon_basis",
            required=False,
            allow_empty=True,
            description="the basis of the carbon content, organic or total",
            choices=("organic", "total"),
        ),
        Column("inorganic_carbon", "", "%", nonnegative=True, required=False, allow_empty=True),
        Column("hydrogen", "", "%", nonnegative=True, required=False, allow_empty=True),
        Column(
            "h_corg",
            "",
            "1",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="molar H/Corg from the laboratory, where the hydrogen content is not given",
        ),
        Column("nitrogen", "", "%", nonnegative=True, required=False, allow_empty=True),
        Column("feedstock", required=False, allow_empty=True),
        Column(
            "process", required=False, allow_empty=True, description="pyrolysis or gasification"
        ),
        Column(
            "production_temperature",
            "[temperature]",
            "degC",
            required=False,
            allow_empty=True,
        ),
        Column(
            "haul",
            "[length]",
            "km",
            required=False,
            allow_empty=True,
            description="one-way haul distance; empty when the haul is in the fuel records",
        ),
        Column(
            "vehicle",
            required=False,
            allow_empty=True,
            description="vehicle class of a haul by tonne-km (CDM TOOL12)",
            choices=("light", "heavy"),
        ),
    ),
    description="one row per delivery of material to a unit",
)
FUEL = TableSpec(
    columns=(
        Column("date", description="YYYY-MM-DD"),
        Column("activity", description="what the fuel did", choices=("hauling", "earthworks")),
        Column("volume", "[volume]", "L", positive=True, description="diesel burnt"),
        Column("density", "[mass] / [volume]", "kg / L", positive=True, description="measured"),
        Column(
            "road_class",
            required=False,
            allow_empty=True,
            description="road class by vehicle and road type; empty counts as off_road",
            choices=("on_road", "off_road"),
        ),
    ),
    description="diesel records of hauling and earthworks (CDM TOOL12 Option A, TOOL03)",
)
SAMPLES = TableSpec(
    columns=(
        Column("round", description="sampling round id; the earliest date is t0"),
        Column("date", description="YYYY-MM-DD"),
        Column("site_type", description="project or control plot", choices=("project", "control")),
        Column("unit", description="reclaimed unit id"),
        Column("plot", description="plot id (project and control plots paired by id)"),
        Column("top", "[length]", "cm", nonnegative=True),
        Column("bottom", "[length]", "cm", positive=True),
        Column("soc", "", "%", nonnegative=True, description="organic carbon, dry basis"),
        Column("bulk_density", "[mass] / [volume]", "g / cm**3", positive=True),
        Column("coarse_fraction", "", "%", nonnegative=True, description="mass share above 2 mm"),
        Column(
            "coal_fraction",
            "",
            "%",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="share of the measured carbon that is fossil (14C or chemo-thermal)",
        ),
    ),
    description="soil layers of project and control plots at each round",
)


class AmendmentInputs(Model):
    """Inputs of ``topsoil-amendment`` (the ``inputs`` section of a project document)."""

    climate: Climate
    persistence_model: Literal["ipcc_2019", "puro_2025", "isometric_200"] = Field(
        "ipcc_2019",
        description="IPCC 2019 Appendix 4 (100 years, the default) or an alternative persistence model, labelled in the report",
    )
    transport_convention: Literal["project_emission", "vm0044_leakage"] = Field(
        "project_emission",
        description="every haul a project emission (IPCC style), or VM0044 transport leakage with legs up to 200 km at zero",
    )
    fuel_factors: Literal["central", "tool03_upper"] = Field(
        "central",
        description="IPCC central NCV and CO2 factors, or the upper 95 % bounds of the CDM TOOL03 conservative option",
    )
    reporting_depth: Length | None = Field(
        None,
        description="depth of the reporting layer at t0 (its mass is the ESM reference); required with soil samples",
    )
    paired_plots: bool = Field(
        True,
        description="project and control plots paired by plot id (same position, same protocol)",
    )
    units: tuple[ReclaimedUnit, ...] = Field(min_length=1)
    deliveries: Annotated[Table, DELIVERIES]
    fuel: Annotated[Table, FUEL] | None = None
    soc_samples: Annotated[Table, SAMPLES] | None = None
    production: tuple[Production, ...] = ()
    donors: tuple[Donor, ...] = ()

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> AmendmentInputs:
        document = (info.context or {}).get("document")
        ids = [unit.id for unit in self.units]
        problems: list[tuple[tuple[int | str, ...], str]] = []
        if len(set(ids)) != len(ids):
            problems.append((("units",), "unit ids repeat"))
        if isinstance(document, ProjectDocument) and sorted(ids) != sorted(document.stratum_ids()):
            problems.append(
                (
                    ("units",),
                    f"units {sorted(ids)} must be the project's strata {sorted(document.stratum_ids())}",
                )
            )
        productions = [p.id for p in self.production]
        for index, production in enumerate(self.production):
            if production.feedstock_prior_use == "energy" and production.diverted is None:
                problems.append(
                    (
                        ("production", index, "diverted"),
                        "feedstock diverted from energy use needs the diverted mass (leakage L1)",
                    )
                )
        donors = {donor.unit for donor in self.donors}
        for index, unit in enumerate(self.units):
            if unit.topsoil_origin == "offsite_donor" and unit.id not in donors:
                problems.append(
                    (
                        ("units", index, "topsoil_origin"),
                        f"unit {unit.id} takes topsoil from an off-site donor: declare it under donors (no default loss exists)",
                    )
                )
        for index, donor in enumerate(self.donors):
            if donor.unit not in ids:
                problems.append((("donors", index, "unit"), f"unknown unit {donor.unit!r}"))
        if self.soc_samples is not None and self.reporting_depth is None:
            problems.append(
                (
                    ("reporting_depth",),
                    "soil samples need the reporting depth of the t0 reference mass",
                )
            )
        if problems:
            raise FieldProblems(problems)
        self._check_deliveries(set(ids), set(productions), document)
        if self.fuel is not None:
            self._check_fuel(document)
        if self.soc_samples is not None:
            self._check_samples(set(ids))
        return self

    def _check_deliveries(self, ids: set[str], productions: set[str], document: object) -> None:
        checks = _Refusals(self.deliveries, "inputs.deliveries")
        checks.basics(ids, document)
        organic, has_carbon = checks.carbon()
        checks.biochar(self, productions, organic, has_carbon)
        checks.hauls(self.fuel is not None)
        checks.raise_any()

    def _check_fuel(self, document: object) -> None:
        assert self.fuel is not None  # noqa: S101 - the caller checks
        self.fuel.dates("date", "inputs.fuel")
        if isinstance(document, ProjectDocument):
            outside = self.fuel.outside_periods(
                "date", "inputs.fuel", document.monitoring_periods, "fuel used"
            )
            if outside is not None:
                raise TableProblems([outside])

    def _check_samples(self, ids: set[str]) -> None:
        table, path = self.soc_samples, "inputs.soc_samples"
        assert table is not None  # noqa: S101 - the caller checks
        problems: list[Problem] = []
        soc = table.number("soc").to("%")
        rows = table.where(soc > PER_CENT)
        if rows.size:
            problems.append(table.problem(path, "SOC above 100 %", "soc", rows))
        density = table.number("bulk_density").to("g / cm**3")
        low, high = BULK_DENSITY_RANGE
        rows = table.where((density < low) | (density > high))
        if rows.size:
            problems.append(
                table.problem(
                    path,
                    f"bulk density {density[rows[0]]:g} g/cm3 lies outside the plausible {low}-{high} g/cm3",
                    "bulk_density",
                    rows,
                )
            )
        coarse = table.number("coarse_fraction").to("%")
        rows = table.where(coarse >= PER_CENT)
        if rows.size:
            problems.append(
                table.problem(path, "coarse fraction of 100 % or more", "coarse_fraction", rows)
            )
        top, bottom = table.number("top").to("cm"), table.number("bottom").to("cm")
        rows = table.where(bottom <= top)
        if rows.size:
            problems.append(
                table.problem(path, "the bottom of a layer must lie below its top", "bottom", rows)
            )
        unknown = table.unknown(path, "unit", ids, "unit")
        if unknown is not None:
            problems.append(unknown)
        table.dates("date", path)
        fossil_units = {u.id for u in self.units if u.carbonaceous_spoil} | set(
            self.deliveries.text("unit")[
                np.isin(self.deliveries.text("material"), FOSSIL_MATERIALS)
            ].tolist()
        )
        if fossil_units and "coal_fraction" not in table.columns:
            problems.append(
                Problem(
                    table.reference,
                    path,
                    f"units {', '.join(sorted(fossil_units))} hold coal carbon (carbonaceous spoil or coal-based amendment): measured SOC needs a coal_fraction column (14C or chemo-thermal separation), or the gain is not eligible",
                    row=1,
                    column="coal_fraction",
                )
            )
        if problems:
            raise TableProblems(problems)

    @functools.cached_property
    def _units_by_id(self) -> dict[str, ReclaimedUnit]:
        return {unit.id: unit for unit in self.units}

    def unit(self, unit_id: str) -> ReclaimedUnit:
        """Return a reclaimed unit by id."""
        return self._units_by_id[unit_id]


class _Refusals:
    """Checks of the deliveries table, each refusing the rows it finds with file, row, column."""

    def __init__(self, table: Table, path: str) -> None:
        self.table, self.path = table, path
        self.problems: list[Problem] = []
        self.material = table.text("material")

    def refuse(self, mask: npt.NDArray[np.bool_], column: str, message: str) -> None:
        rows = self.table.where(mask)
        if rows.size:
            self.problems.append(self.table.problem(self.path, message, column, rows))

    def raise_any(self) -> None:
        if self.problems:
            raise TableProblems(self.problems)

    def basics(self, ids: set[str], document: object) -> None:
        """Units, wet-basis moisture below 100 %, and dates inside the periods."""
        table = self.table
        unknown = table.unknown(self.path, "unit", ids, "unit")
        if unknown is not None:
            self.problems.append(unknown)
        moisture_basis = self.table.text_or_empty("moisture_basis")
        self.refuse(
            (moisture_basis == "wet") & (table.number("moisture").to("%") >= PER_CENT),
            "moisture",
            "moisture on a wet basis must be below 100 %",
        )
        table.dates("date", self.path)
        if isinstance(document, ProjectDocument):
            outside = table.outside_periods(
                "date", self.path, document.monitoring_periods, "a delivery"
            )
            if outside is not None:
                self.problems.append(outside)

    def carbon(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """Carbon contents with their basis; return organic carbon [%] and where it is given."""
        carbon = self.table.number_or_nan("carbon", "%")
        self.refuse(carbon > PER_CENT, "carbon", "a carbon fraction above 100 % (above 1)")
        has_carbon = ~np.isnan(carbon)
        basis = self.table.text_or_empty("carbon_basis")
        self.refuse(
            has_carbon & ~np.isin(basis, ["organic", "total"]),
            "carbon_basis",
            "a carbon content states its basis: organic, or total with the inorganic carbon",
        )
        inorganic = self.table.number_or_nan("inorganic_carbon", "%")
        total = basis == "total"
        self.refuse(
            total & np.isnan(inorganic),
            "inorganic_carbon",
            "total carbon needs the inorganic carbon to take off (C_org = C_tot - C_inorg)",
        )
        self.refuse(
            total & (inorganic > carbon), "inorganic_carbon", "inorganic carbon above the total"
        )
        return organic_carbon(self.table), has_carbon

    def biochar(
        self,
        inputs: AmendmentInputs,
        productions: set[str],
        organic: npt.NDArray[np.float64],
        has_carbon: npt.NDArray[np.bool_],
    ) -> None:
        """Production, temperature, lab carbon and the H/Corg gate of biochar deliveries."""
        biochar = self.material == "biochar"
        production = self.table.text_or_empty("production")
        self.refuse(
            biochar & ~np.isin(production, sorted(productions)),
            "production",
            "a biochar delivery names its production (inputs.production)",
        )
        temperature = self.table.number_or_nan("production_temperature", "degC")
        self.refuse(
            biochar & (temperature < BIOCHAR_MIN_TEMPERATURE_C),
            "production_temperature",
            f"made below {BIOCHAR_MIN_TEMPERATURE_C:g} degC: not biochar (IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4)",
        )
        monitored = sorted(p.id for p in inputs.production if p.temperature_monitored)
        self.refuse(
            biochar & np.isin(production, monitored) & np.isnan(temperature),
            "production_temperature",
            "biochar from a monitored production needs its production temperature",
        )
        high_tech = sorted(p.id for p in inputs.production if p.technology == "high")
        self.refuse(
            biochar & np.isin(production, high_tech) & ~has_carbon,
            "carbon",
            "high-tech biochar needs its lab carbon content (VM0044)",
        )
        measured = biochar & has_carbon
        self.refuse(measured & (organic <= 0), "carbon", "biochar needs organic carbon above 0")
        ratio = delivery_h_corg(self.table, organic)
        self.refuse(
            measured & np.isnan(ratio),
            "hydrogen",
            "biochar needs its hydrogen content (or its molar h_corg) for H/Corg",
        )
        over = measured & (organic > 0) & (ratio > H_CORG_LIMIT)
        if over.any():
            first = float(ratio[np.flatnonzero(over)[0]])
            self.refuse(
                over,
                "hydrogen",
                f"molar H/Corg {first:.3f} is above the eligibility limit {H_CORG_LIMIT:g} (VM0044 v1.2): not eligible for soil application",
            )

    def hauls(self, has_fuel: bool) -> None:
        """Distances are not negative, name their vehicle, or the haul is in the fuel records."""
        haul = self.table.number_or_nan("haul", "km")
        self.refuse(haul < 0, "haul", "a haul distance cannot be negative")
        self.refuse(
            ~np.isnan(haul) & ~np.isin(self.table.text_or_empty("vehicle"), ["light", "heavy"]),
            "vehicle",
            "a haul by tonne-km names its vehicle class: light or heavy (CDM TOOL12)",
        )
        if not has_fuel:
            self.refuse(
                np.isnan(haul),
                "haul",
                "deliveries without a haul distance are hauled by the fuel records, but there is no fuel table",
            )


def organic_carbon(table: Table) -> npt.NDArray[np.float64]:
    """Return the organic carbon of each delivery [%]: C_org, or C_tot - C_inorg; NaN if not given."""
    carbon = table.number_or_nan("carbon", "%")
    inorganic = np.nan_to_num(table.number_or_nan("inorganic_carbon", "%"))
    total = table.text_or_empty("carbon_basis") == "total"
    return np.asarray(np.where(total, carbon - inorganic, carbon), dtype=np.float64)


def delivery_h_corg(table: Table, organic_carbon: np.ndarray) -> npt.NDArray[np.float64]:
    """Return the molar H/Corg of each delivery (NaN where it cannot be known).

    The h_corg column where given, else computed from hydrogen [%] and organic carbon [%].
    """
    hydrogen = (
        table.number("hydrogen").to("%")
        if "hydrogen" in table.columns
        else np.full(table.n_rows, np.nan)
    )
    computed = molar_h_corg(hydrogen, organic_carbon)
    if "h_corg" not in table.columns:
        return computed
    given = table.number("h_corg").to("1")
    return np.asarray(np.where(np.isnan(given), computed, given), dtype=np.float64)


def molar_h_corg(hydrogen: np.ndarray, organic_carbon: np.ndarray) -> np.ndarray:
    """Molar H/Corg from mass fractions of one dry sample [%]: (H/1.008) / (C_org/12.011)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(
            (hydrogen / ATOMIC_WEIGHT_H) / (organic_carbon / ATOMIC_WEIGHT_C), dtype=np.float64
        )
