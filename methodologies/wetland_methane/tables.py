"""The tables of a wetland-methane project: areas by year, water table, fluxes, stocks."""

from __future__ import annotations

from mrv.common.errors import Problem, TableProblems
from mrv.model.table import Column, Table, TableSpec

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
