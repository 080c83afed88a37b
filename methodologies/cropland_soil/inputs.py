"""Inputs of the cropland-soil methodology: site climate, strata with their baseline, and tables.

Fields, management records, SOC samples and monthly climate are tables (units in headers), read
into arrays: 100,000 fields over ten years are columns, not objects. Cross-references and the
plausibility of soil samples are checked here, with file, row and column for table problems.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, ValidationInfo, model_validator

from mrv.common.errors import FieldProblems, Problem, TableProblems
from mrv.model.project import AREA_TOLERANCE, ProjectDocument
from mrv.model.table import Table

from .records import (
    _SEPARATOR,
    BASELINE_VALID_YEARS,
    BULK_DENSITY_RANGE,
    MIN_CORES,
    MIN_ROUNDS,
    MINIMUM_CONTROL_SITES,
    PER_CENT,
    SOC_PERCENT_FLOOR,
    Eligibility,
    Model,
    ModelValidation,
    Productivity,
    SiteClimate,
    Stratum,
)
from .tables import (
    CLIMATE,
    FIELDS,
    MANAGEMENT,
    SAMPLES,
    _check_amendments,
    check_increments,
    core_keys,
)

__all__ = ["CroplandInputs", "Stratum"]


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


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
