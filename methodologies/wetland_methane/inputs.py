"""Inputs of the wetland-methane methodology: site climate, strata with their scenarios, tables.

Stratum areas by year, water-table readings, measured fluxes and carbon stocks are tables with
units in their headers, read into arrays. Water-table depth is positive below the surface; water
standing above it goes in its own non-negative column, so one sign convention holds throughout
(mrv wetland-methane method, Inputs). CH4 columns may be written as CH4 or CH4-C: the unit
registry converts the molecular weights, never the user.
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, ValidationInfo, model_validator

from mrv.common.errors import FieldProblems, Problem, TableProblems
from mrv.model.project import AREA_TOLERANCE, ProjectDocument
from mrv.model.table import Table

from .needs import Needs, _stratum_needs
from .records import (
    _SEPARATOR,
    DRAINED_ORGANIC_USES,
    ORGANIC_LAYER_EXEMPT_CM,
    PRODUCTIVE_USES,
    READINGS_PER_YEAR,
    VEGETATED,
    Baseline,
    CarbonRate,
    Displacement,
    Emission,
    EmissionRate,
    Flooding,
    Herb,
    MethaneRate,
    Model,
    Project,
    Salinity,
    SiteClimate,
    Stratum,
    Temperature,
    WaterDepth,
    WaterLevelComparison,
    WaterLevelScenario,
)
from .tables import AREAS, FLUXES, STOCKS, WATER_TABLE, _check_stocks

__all__ = [
    "AREAS",
    "DRAINED_ORGANIC_USES",
    "FLUXES",
    "ORGANIC_LAYER_EXEMPT_CM",
    "PRODUCTIVE_USES",
    "READINGS_PER_YEAR",
    "STOCKS",
    "VEGETATED",
    "WATER_TABLE",
    "Baseline",
    "CarbonRate",
    "Displacement",
    "Emission",
    "EmissionRate",
    "Flooding",
    "Herb",
    "MethaneRate",
    "Model",
    "Needs",
    "Project",
    "Salinity",
    "SiteClimate",
    "Stratum",
    "Temperature",
    "WaterDepth",
    "WaterLevelComparison",
    "WaterLevelScenario",
    "WetlandInputs",
]


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
                    f"strata {', '.join(productive)} end a productive land use: declare the displaced activity or why none is displaced (VM0033 v2.1 §8.4, leakage from activity shifting)",
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
                    f"water-table depth {depth[negative[0]]:g} cm is negative: depth is positive below the surface, and water above the surface goes in standing_water (mrv wetland-methane method, Inputs)",
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
                                f"stratum {stratum}, {kind}, {year}: {count} readings; a mean annual water table needs at least monthly readings (mrv wetland-methane method, Inputs)",
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
