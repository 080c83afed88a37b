"""Checks of the deliveries table that refuse a project: each names file, rows and column."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from mrv.common.errors import Problem, TableProblems
from mrv.model.project import ProjectDocument
from mrv.model.table import Table

from .tables import delivery_h_corg, organic_carbon

if TYPE_CHECKING:
    from .inputs import AmendmentInputs
from .limits import BIOCHAR_MIN_TEMPERATURE_C, H_CORG_LIMIT, PER_CENT


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
