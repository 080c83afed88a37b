"""Inputs of the topsoil-amendment methodology: reclaimed units, deliveries, fuel, soil samples.

Every delivery states its mass basis (wet or dry), the basis of its moisture (wet or dry), and
whether its carbon is organic or total (then with the inorganic carbon that is taken off):
nothing is guessed (the method's page, Inputs). Freight uses the mass as hauled; removals
use dry mass and organic carbon.
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from mrv.common.errors import FieldProblems, Problem, TableProblems
from mrv.common.quantity import Fraction, Length, Mass, Quantity, QuantitySpec
from mrv.model.project import ProjectDocument
from mrv.model.table import Table

from .limits import (
    ATOMIC_WEIGHT_C,
    ATOMIC_WEIGHT_H,
    BIOCHAR_MIN_TEMPERATURE_C,
    BIOCHAR_MOISTURE_FLAG,
    BULK_DENSITY_RANGE,
    FOSSIL_MATERIALS,
    H_CORG_LIMIT,
    MATERIALS,
    PER_CENT,
)
from .refusals import _Refusals
from .tables import DELIVERIES, FUEL, SAMPLES, delivery_h_corg, molar_h_corg, organic_carbon

__all__ = [
    "ATOMIC_WEIGHT_C",
    "ATOMIC_WEIGHT_H",
    "BIOCHAR_MIN_TEMPERATURE_C",
    "BIOCHAR_MOISTURE_FLAG",
    "BULK_DENSITY_RANGE",
    "DELIVERIES",
    "FOSSIL_MATERIALS",
    "FUEL",
    "H_CORG_LIMIT",
    "MATERIALS",
    "PER_CENT",
    "SAMPLES",
    "AmendmentInputs",
    "ReclaimedUnit",
    "delivery_h_corg",
    "molar_h_corg",
    "organic_carbon",
]


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
