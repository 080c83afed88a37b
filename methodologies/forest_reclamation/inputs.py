"""Inputs of the forest-reclamation methodology: site climate, strata, plot and tree tables, events.

Everything is unit-checked at the boundary; cross-references (strata named in the project, plots
naming known strata, at least two plots per stratum) are checked here, with file and row for
table problems.
"""

from __future__ import annotations

import functools
import itertools
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, ValidationInfo, model_validator

from mrv.common.errors import FieldProblems, Problem, TableProblems
from mrv.model.project import ProjectDocument
from mrv.model.table import Table, positions, row_blocks

from .records import (
    CcerEligibility,
    Model,
    PeriodData,
    PriorInventory,
    SiteClimate,
    Stratum,
)
from .tables import (
    LYING_DEAD,
    PLOTS,
    STANDING_DEAD,
    STUMPS,
    TREES,
    _check_stump_diameters,
)

__all__ = ["ForestInputs", "Stratum"]


MIN_PLOTS = 2


def _events_outside(
    data: dict[str, PeriodData], periods: dict[str, Any]
) -> list[tuple[tuple[int | str, ...], str]]:
    """Events must be dated inside the period they are listed under."""
    found: list[tuple[tuple[int | str, ...], str]] = []
    for key, period_data in data.items():
        period = periods.get(key)
        if period is None:
            continue
        for name in ("site_preparation_burning", "fires", "displacements"):
            for index, event in enumerate(getattr(period_data, name)):
                if not period.start <= event.date <= period.end:
                    found.append(
                        (
                            ("periods", key, name, index, "date"),
                            f"{event.date} lies outside period {key} ({period.start} to {period.end})",
                        )
                    )
    return found


class ForestInputs(Model):
    """Inputs of ``forest-reclamation`` (the ``inputs`` section of a project document)."""

    climate: SiteClimate
    strata: tuple[Stratum, ...] = Field(min_length=1)
    plots: Annotated[Table, PLOTS] | None = None
    trees: Annotated[Table, TREES] | None = None
    tree_change_method: Literal["stock_difference", "remeasured_plots"] = Field(
        "stock_difference",
        description="AR-TOOL14 para 14: difference of two independent stock estimates (Eq 1-2), or change on permanent plots remeasured at each inventory (Eq 3-8, 22-23)",
    )
    dead_organic_matter: Literal["none", "default_factors", "measured"] = Field(
        "default_factors",
        description="AR-TOOL12 route for dead wood and litter (measured: ex-post periods; ex-ante uses the default factors)",
    )
    standing_dead_trees: Annotated[Table, STANDING_DEAD] | None = None
    lying_dead_wood: Annotated[Table, LYING_DEAD] | None = None
    stumps: Annotated[Table, STUMPS] | None = None
    periods: dict[str, PeriodData] = Field(default_factory=dict)
    prior_inventory: PriorInventory | None = None
    ccer: CcerEligibility | None = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ForestInputs:
        document = (info.context or {}).get("document")
        problems: list[tuple[tuple[int | str, ...], str]] = []
        ids = [stratum.id for stratum in self.strata]
        if isinstance(document, ProjectDocument):
            project_ids = list(document.stratum_ids())
            if sorted(ids) != sorted(project_ids):
                problems.append(
                    (
                        ("strata",),
                        f"strata {sorted(ids)} must be the project's strata {sorted(project_ids)}",
                    )
                )
            periods = {period.id: period for period in document.monitoring_periods}
            problems.extend(
                ((("periods", key),), f"unknown monitoring period {key!r}")
                for key in self.periods
                if key not in periods
            )
            problems.extend(_events_outside(self.periods, periods))
            needs_plots = any(period.kind == "ex-post" for period in document.monitoring_periods)
            if needs_plots and self.plots is None:
                problems.append((("plots",), "ex-post periods need a plot table"))
            if any(period.kind == "ex-ante" for period in document.monitoring_periods):
                problems.extend(
                    ((("strata", index, "growth"),), "ex-ante periods need a growth curve")
                    for index, stratum in enumerate(self.strata)
                    if stratum.growth is None
                )
        problems.extend(self._event_strata(ids))
        if isinstance(document, ProjectDocument) and self.plots is not None:
            ex_post = [
                period.id for period in document.monitoring_periods if period.kind == "ex-post"
            ]
            self._check_coverage(self.plots, ex_post, ids)
            if self.tree_change_method == "remeasured_plots":
                self._check_remeasured(self.plots, ex_post)
        if problems:
            raise FieldProblems(problems)
        self._check_tables(set(ids))
        return self

    def _event_strata(self, ids: list[str]) -> list[tuple[tuple[int | str, ...], str]]:
        found = []
        for key, period in self.periods.items():
            for name in ("site_preparation_burning", "fires"):
                for index, event in enumerate(getattr(period, name)):
                    if event.stratum not in ids:
                        found.append(
                            (
                                ("periods", key, name, index, "stratum"),
                                f"unknown stratum {event.stratum!r}",
                            )
                        )
            found.extend(
                (("periods", key, "shrub_cover", stratum), f"unknown stratum {stratum!r}")
                for stratum in period.shrub_cover
                if stratum not in ids
            )
        return found

    def _check_tables(self, ids: set[str]) -> None:
        problems: list[Problem] = []
        if self.plots is not None:
            problems.extend(self._check_plots(self.plots, ids))
        if self.trees is not None and self.plots is not None:
            missing = _rows_without_plot(self.trees, self.plots)
            if missing.size:
                problems.append(
                    self.trees.problem(
                        "inputs.trees",
                        "trees name plots that the plot table lacks for their period",
                        "plot",
                        missing,
                    )
                )
        if self.dead_organic_matter == "measured" and self.plots is not None:
            problems.extend(self._check_measured_dom(self.plots))
        if problems:
            raise TableProblems(problems)

    def _check_coverage(self, plots: Table, periods: list[str], ids: list[str]) -> None:
        """Every stratum is sampled in every ex-post period: a stratum without plots has no estimate."""
        period_column, stratum_column = plots.text("period"), plots.text("stratum")
        problems = []
        for period in periods:
            sampled = set(stratum_column[period_column == period].tolist())
            unsampled = [stratum for stratum in ids if stratum not in sampled]
            if unsampled:
                problems.append(
                    Problem(
                        plots.reference,
                        "inputs.plots",
                        f"ex-post period {period} has no plots in strata {', '.join(unsampled[:8])}",
                        column="period",
                    )
                )
        if problems:
            raise TableProblems(problems)

    def _check_remeasured(self, plots: Table, periods: list[str]) -> None:
        """Remeasured plots: every ex-post inventory after the first has the same plots as the one before."""
        problems: list[Problem] = []
        period_column, plot_column = plots.text("period"), plots.text("plot")
        for previous, current in itertools.pairwise(periods):
            before = set(plot_column[period_column == previous].tolist())
            now = set(plot_column[period_column == current].tolist())
            if before != now:
                changed = sorted(before ^ now)
                problems.append(
                    Problem(
                        plots.reference,
                        "inputs.plots",
                        f"remeasured plots must be the same in {previous} and {current}; differing plots: {', '.join(changed[:8])}",
                        column="plot",
                    )
                )
        if problems:
            raise TableProblems(problems)

    def _check_measured_dom(self, plots: Table) -> list[Problem]:
        """Check what the measured route needs: litter, transects, allometry for standing dead trees."""
        problems = [
            Problem(
                plots.reference,
                "inputs.plots",
                f"the measured dead-organic-matter route needs {column} for every plot",
                column=column,
            )
            for column in ("litter", "transect_length")
            if column not in plots.columns or np.isnan(plots.number(column).magnitude).any()
        ]
        for name, table in (
            ("standing_dead_trees", self.standing_dead_trees),
            ("lying_dead_wood", self.lying_dead_wood),
            ("stumps", self.stumps),
        ):
            if table is None or table.n_rows == 0:
                continue
            missing = _rows_without_plot(table, plots)
            if missing.size:
                problems.append(
                    table.problem(
                        f"inputs.{name}",
                        "rows name plots that the plot table lacks for their period",
                        "plot",
                        missing,
                    )
                )
        if self.standing_dead_trees is not None and self.standing_dead_trees.n_rows:
            without = sorted(stratum.id for stratum in self.strata if stratum.allometry is None)
            plot_stratum = dict(
                zip(plots.text("plot").tolist(), plots.text("stratum").tolist(), strict=False)
            )
            named = {
                plot_stratum.get(plot)
                for plot in np.unique(self.standing_dead_trees.text("plot")).tolist()
            }
            for stratum_id in sorted(named & set(without)):
                problems.append(
                    Problem(
                        self.standing_dead_trees.reference,
                        "inputs.standing_dead_trees",
                        f"stratum {stratum_id} has standing dead trees but no allometric equation (AR-TOOL12 Eq 2)",
                        column="plot",
                    )
                )
        if self.stumps is not None and self.stumps.n_rows:
            problems.extend(_check_stump_diameters(self.stumps))
        if (self.lying_dead_wood is not None and self.lying_dead_wood.n_rows) or (
            self.stumps is not None and self.stumps.n_rows
        ):
            without_density = [
                stratum.id for stratum in self.strata if stratum.wood_density is None
            ]
            if without_density:
                problems.append(
                    Problem(
                        self.lying_dead_wood.reference,
                        "inputs.lying_dead_wood",
                        f"lying dead wood needs the wood density of strata {', '.join(without_density)} (AR-TOOL12 Eq 6)",
                    )
                )
        return problems

    def _check_plots(self, plots: Table, ids: set[str]) -> list[Problem]:
        problems: list[Problem] = []
        strata = plots.text("stratum")  # ids checked by the core (Column.refers)
        route_names = ("plot_biomass", "plot_volume", "tree_allometry")
        needed = {"plot_biomass": "agb", "plot_volume": "volume", "tree_allometry": "plot_area"}
        ids = np.array([stratum.id for stratum in self.strata])
        order = np.argsort(ids)
        codes = order[np.searchsorted(ids[order], strata)]
        route_of_plot = np.array(
            [route_names.index(stratum.biomass_route) for stratum in self.strata]
        )[codes]
        for position, route in enumerate(route_names):
            uses = route_of_plot == position
            if not uses.any():
                continue
            column = needed[route]
            users = ", ".join(sorted(set(ids[codes[uses]].tolist()))[:5])
            if column not in plots.columns:
                problems.append(
                    Problem(
                        plots.reference,
                        "inputs.plots",
                        f"strata {users} use the {route} route and need this column",
                        row=1,
                        column=column,
                    )
                )
                continue
            missing = plots.where(uses & np.isnan(plots.number(column).magnitude))
            if missing.size:
                listed = plots.name_rows(missing)
                problems.append(
                    Problem(
                        plots.reference,
                        "inputs.plots",
                        f"the {route} route needs this value; empty cells in rows {listed}",
                        column=column,
                    )
                )
        pairs = np.stack([plots.text("period"), strata], axis=1)
        keys, first, counts = np.unique(pairs, axis=0, return_index=True, return_counts=True)
        for (period, stratum), row, count in zip(
            keys.tolist(), first.tolist(), counts.tolist(), strict=True
        ):
            if count < MIN_PLOTS:
                problems.append(
                    Problem(
                        plots.reference,
                        "inputs.plots",
                        f"stratum {stratum} has {count} plot in period {period} (row {plots.row_number(row)}); at least {MIN_PLOTS} are needed to estimate a variance (AR-TOOL14 Eq 17)",
                        column="stratum",
                    )
                )
        return problems

    @functools.cached_property
    def _strata_by_id(self) -> dict[str, Stratum]:
        return {stratum.id: stratum for stratum in self.strata}

    def stratum(self, stratum_id: str) -> Stratum:
        """Return a stratum's inputs by id."""
        return self._strata_by_id[stratum_id]

    def period(self, period_id: str) -> PeriodData:
        """Return a period's data (empty if the document gives none)."""
        return self.periods.get(period_id, PeriodData())


def _rows_without_plot(table: Table, plots: Table) -> np.ndarray:
    """Rows of a table (trees, dead wood) whose plot the plot table lacks for their period.

    Which (period, plot) pairs exist is worked out on the distinct values; the rows are then
    checked block by block (``mrv.model.table.ROW_BLOCK``), so a table mapped from disk stays there.
    """
    period, plot = table.coded("period"), table.coded("plot")
    plot_period, plot_ids = plots.text("period"), plots.text("plot")
    found = np.zeros((period.levels.size, plot.levels.size), dtype=bool)
    for index, level in enumerate(period.levels.tolist()):  # the periods: a handful
        found[index] = positions(plot.levels, plot_ids[plot_period == level]) >= 0
    missing = [
        np.flatnonzero(~found[period.codes[rows], plot.codes[rows]]) + rows.start
        for rows in row_blocks(table.n_rows)
    ]
    return np.concatenate(missing) if missing else np.empty(0, dtype=np.intp)
