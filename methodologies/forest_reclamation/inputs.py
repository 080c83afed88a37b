"""Inputs of the forest-reclamation methodology: site climate, strata, plot and tree tables, events.

Everything is unit-checked at the boundary; cross-references (strata named in the project, plots
naming known strata, at least two plots per stratum) are checked here, with file and row for
table problems.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from enum import StrEnum
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import ConfigDict, Field, ValidationInfo, model_validator

from mrv.common.errors import FieldProblems, Problem, TableProblems
from mrv.common.quantity import (
    Area,
    Density,
    Fraction,
    Length,
    MassPerArea,
    NonNegativeRatio,
    Quantity,
    QuantitySpec,
)
from mrv.model import base
from mrv.model.project import ProjectDocument
from mrv.model.table import Column, Table, TableSpec, positions, row_blocks

__all__ = ["ForestInputs"]

MassPerAreaPerYear = Annotated[
    Quantity, QuantitySpec("[mass] / [area] / [time]", "t / ha / yr", nonnegative=True)
]
Temperature = Annotated[Quantity, QuantitySpec("[temperature]", "degC")]
CarbonStockPerArea = Annotated[
    Quantity, QuantitySpec("[mass] * [carbon] / [area]", "t C / ha", nonnegative=True)
]

#: Plausible range of a root-shoot ratio; IPCC 2006 GL Vol. 4 Table 4.4 ranges reach about 1.06
#: (formula sheet §4 rule 4): a ratio above 1 is accepted, above this bound it is refused.
ROOT_SHOOT_MAX = 1.5
MIN_PLOTS = 2


class Model(base.Model):
    """mrv's model base (frozen, no unknown fields, ``derive``), holding tables as well."""

    model_config = ConfigDict(arbitrary_types_allowed=True)


class ClimateClass(StrEnum):
    """IPCC climate classes as AR-TOOL16 Table 3 lists them."""

    BOREAL = "boreal"
    COLD_TEMPERATE_DRY = "cold_temperate_dry"
    COLD_TEMPERATE_MOIST = "cold_temperate_moist"
    WARM_TEMPERATE_DRY = "warm_temperate_dry"
    WARM_TEMPERATE_MOIST = "warm_temperate_moist"
    TROPICAL_DRY = "tropical_dry"
    TROPICAL_MOIST = "tropical_moist"
    TROPICAL_WET = "tropical_wet"
    TROPICAL_MONTANE = "tropical_montane"


class SiteClimate(Model):
    """The declared IPCC climate class of the site and the data it rests on (formula sheet rule 16)."""

    ipcc_class: ClimateClass
    mean_annual_temperature: Temperature | None = None
    mean_annual_precipitation: Length
    elevation: Length
    source: str = Field(min_length=1, description="where MAT, MAP and elevation come from")


class Allometry(Model):
    """Tree biomass B = a * dbh^b * height^c [kg dry matter per tree], dbh in cm, height in m."""

    a: float = Field(gt=0)
    b: float
    c: float = 0.0
    dbh_min: Length
    dbh_max: Length
    source: str = Field(
        min_length=1, description="publication of the equation (AR-TOOL14 Appendix 1 hierarchy)"
    )


class GrowthCurve(Model):
    """Above-ground biomass by stand age, for ex-ante estimates (interpolated linearly)."""

    age: tuple[float, ...] = Field(min_length=2, description="stand age [yr], ascending")
    agb: tuple[MassPerArea, ...] = Field(
        min_length=2, description="above-ground biomass at each age"
    )
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _aligned(self) -> GrowthCurve:
        if len(self.age) != len(self.agb):
            raise ValueError(
                f"age has {len(self.age)} values and agb {len(self.agb)}; expected the same number"
            )
        if any(later <= earlier for earlier, later in zip(self.age, self.age[1:], strict=False)):
            raise ValueError("ages must ascend")
        return self


class Baseline(Model):
    """Pre-project vegetation of a stratum (AR-TOOL14 §6-7)."""

    mine_spoil_evidence: str = Field(
        "",
        description="documented evidence for AR-TOOL14 para 12(e); baseline tree and shrub change is then zero",
    )
    tree_crown_cover: Fraction = Field(0.0, description="CC_TREE_BSL, measured once at the start")
    b_forest: MassPerArea | None = Field(
        None,
        description="above-ground biomass of forest in the region (GPG-LULUCF Table 3A.1.4), project-declared",
    )
    delta_b_forest: MassPerAreaPerYear | None = Field(
        None,
        description="mean annual biomass increment of forest (GPG-LULUCF Table 3A.1.5), project-declared",
    )
    trees_removed: bool = Field(
        False,
        description="pre-project trees are removed or killed by the project (AR-TOOL14 para 11)",
    )


class Shrubs(Model):
    """Shrub layer of a stratum (AR-TOOL14 Eq 24-27)."""

    b_forest: MassPerArea = Field(
        description="B_FOREST of AR-TOOL14 Eq 27, project-declared (GPG-LULUCF Table 3A.1.4)"
    )
    baseline_cover: Fraction = Field(description="shrub crown cover before the project")


class SoilCarbon(Model):
    """Baseline land use and site preparation of a stratum (AR-TOOL16)."""

    land_use: Literal["cropland_long_term", "cropland_set_aside", "grassland"]
    management: Literal[
        "full_tillage",
        "reduced_tillage",
        "no_tillage",
        "improved",
        "nominal",
        "moderately_degraded",
        "severely_degraded",
    ]
    input_level: Literal["low", "medium", "high_without_manure", "high_with_manure", "high"]
    disturbance_fraction: Fraction = Field(
        description="share of the stratum disturbed by site preparation"
    )
    preparation_year: int = Field(
        ge=1900, le=2200, description="calendar year of site preparation (t_PREP)"
    )
    degraded_land_evidence: str = Field(
        "",
        description="result of the CDM tool for the identification of degraded lands (required for severely degraded)",
    )
    litter_retained: bool = True
    disturbance_on_contour: bool = True
    redisturbed_within_20_years: bool = False


class CcerEligibility(Model):
    """What CCER-14-001-V01 asks of the land (profile ``ccer-14-001``)."""

    planned_afforestation_land_since: dt.date | None = Field(
        None, description="since when the land is zoned 规划造林地"
    )
    zoning_evidence: str = ""
    industrial_mining_greening: bool = Field(
        False, description="the project greens 工矿用地 (excluded)"
    )
    smallest_parcel: Area


class Stratum(Model):
    """What the methodology needs of one project stratum."""

    id: str
    species: str
    planting_date: dt.date
    soil_type: Literal["HAC", "LAC", "sandy", "spodic", "volcanic"]
    biomass_route: Literal["plot_biomass", "plot_volume", "tree_allometry"]
    allometry: Allometry | None = None
    wood_density: Density | None = None
    bef: NonNegativeRatio | None = Field(
        None, description="BEF_2; the ex-post default 1.15 when omitted"
    )
    root_shoot: Literal["cairns", "fixed"] = "cairns"
    root_shoot_ratio: NonNegativeRatio | None = Field(
        None, description="R_j for root_shoot 'fixed'; the AR-TOOL14 default 0.25 when omitted"
    )
    baseline: Baseline = Baseline()
    shrubs: Shrubs | None = None
    soil_carbon: SoilCarbon | None = None
    growth: GrowthCurve | None = None
    wetland: bool = False
    organic_soil: bool = False
    soil_disturbance_fraction: Fraction = Field(
        0.0, description="share of the stratum disturbed by the project (AR-ACM0003 para 3(b))"
    )

    @model_validator(mode="after")
    def _route_data(self) -> Stratum:
        problems: list[tuple[tuple[int | str, ...], str]] = []
        if self.biomass_route == "tree_allometry" and self.allometry is None:
            problems.append(
                (("allometry",), "the tree_allometry route needs an allometric equation")
            )
        if self.biomass_route == "plot_volume" and self.wood_density is None:
            problems.append((("wood_density",), "the plot_volume route needs the wood density D"))
        ratio = self.root_shoot_ratio
        if ratio is not None and float(ratio.m_as("dimensionless")) > ROOT_SHOOT_MAX:
            problems.append(
                (
                    ("root_shoot_ratio",),
                    f"a root-shoot ratio of {float(ratio.m_as('dimensionless')):g} is outside the plausible range [0, {ROOT_SHOOT_MAX}] (IPCC 2006 GL Vol. 4 Table 4.4)",
                )
            )
        if (
            self.soil_carbon is not None
            and self.soil_carbon.management == "severely_degraded"
            and not self.soil_carbon.degraded_land_evidence
        ):
            problems.append(
                (
                    ("soil_carbon", "degraded_land_evidence"),
                    "f_MG 0.70 (severely degraded) needs the result of the CDM degraded-lands tool (AR-TOOL16 Table 6)",
                )
            )
        if problems:
            raise FieldProblems(problems)
        return self


class Burning(Model):
    """Burning of vegetation for site preparation (AR-TOOL08 Eq 3)."""

    stratum: str
    date: dt.date
    area: Area
    tree_biomass: MassPerArea = Field(description="b_TREE burnt per hectare; 0 if no trees burn")
    shrub_cover: Fraction
    b_forest: MassPerArea = Field(description="B_FOREST for the shrub term, project-declared")


class Fire(Model):
    """A fire in the planted forest (AR-TOOL08 Eq 6-8)."""

    stratum: str
    date: dt.date
    area: Area


class Displacement(Model):
    """Pre-project agriculture displaced onto other land (AR-TOOL15)."""

    date: dt.date
    area: Area
    activity: Literal["cropping", "grazing"]
    receiving_land: str = Field(
        min_length=1, description="where the activity went, and the evidence"
    )
    b_tree: MassPerArea = Field(
        description="above-ground tree biomass on the receiving land (regional forest AGB if unknown)"
    )
    b_shrub: MassPerArea
    soc_ref: CarbonStockPerArea
    factors_before: tuple[NonNegativeRatio, NonNegativeRatio, NonNegativeRatio] = Field(
        description="f_LU, f_MG, f_IN of the receiving land before"
    )
    factors_after: tuple[NonNegativeRatio, NonNegativeRatio, NonNegativeRatio] = Field(
        description="f_LU, f_MG, f_IN after the activity arrives"
    )
    grazing_exemption: str = Field(
        "", description="evidence that displaced animals go where AR-TOOL15 counts no leakage"
    )


class PeriodData(Model):
    """What happened in one monitoring period."""

    measured_on: dt.date | None = Field(
        None,
        description="date of the plot inventory; when omitted, the end of the period's last day",
    )
    shrub_cover: dict[str, Fraction] = Field(
        default_factory=dict, description="shrub crown cover by stratum at the inventory"
    )
    site_preparation_burning: tuple[Burning, ...] = ()
    fires: tuple[Fire, ...] = ()
    displacements: tuple[Displacement, ...] = ()


class PriorInventory(Model):
    """The undiscounted tree stock of the last verification before the periods of this document.

    AR-TOOL14 v04.2 Eq 1: later verifications start from the undiscounted previous stock.
    """

    tree_stock: Annotated[Quantity, QuantitySpec("[mass] * [carbon]", "t CO2e", nonnegative=True)]
    uncertainty: Fraction = Field(description="its relative 90 % half-width u_1")
    measured_on: dt.date
    report: str = Field(
        min_length=1, description="the monitoring report or verification it comes from"
    )


PLOTS = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("stratum", description="stratum id", refers="strata"),
        Column("plot", description="plot id"),
        Column(
            "plot_area",
            "[area]",
            "m**2",
            positive=True,
            required=False,
            allow_empty=True,
            description="horizontal plot area (tree_allometry route)",
        ),
        Column(
            "agb",
            "[mass] / [area]",
            "t / ha",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="above-ground biomass (plot_biomass route)",
        ),
        Column(
            "volume",
            "[volume] / [area]",
            "m**3 / ha",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="stem volume (plot_volume route)",
        ),
        Column(
            "litter",
            "[mass] / [area]",
            "t / ha",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="litter dry mass (measured dead-organic-matter route)",
        ),
        Column(
            "transect_length",
            "[length]",
            "m",
            positive=True,
            required=False,
            allow_empty=True,
            description="length of the line-intersect transects in the plot (measured route)",
        ),
    ),
    description="one row per sample plot and period",
)
TREES = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("plot", description="plot id"),
        Column("dbh", "[length]", "cm", nonnegative=True, description="diameter at breast height"),
        Column("height", "[length]", "m", nonnegative=True, description="tree height"),
    ),
    description="one row per measured tree (tree_allometry route)",
)


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


#: AR-TOOL12 Eq 4 applies to pieces taller than this; shorter ones need a measured mid-height diameter.
TAPER_HEIGHT_M = 4.0


def _check_stump_diameters(stumps: Table) -> list[Problem]:
    """Tall pieces need DBH (Eq 4), short ones a measured mid-height diameter."""
    height = stumps.number("height").to("m")
    tall = height > TAPER_HEIGHT_M
    problems = []
    for column, rows, need in (
        ("dbh", tall, "taller than 4 m need DBH (AR-TOOL12 Eq 4)"),
        ("mid_diameter", ~tall, "up to 4 m need a measured mid-height diameter"),
    ):
        values = (
            stumps.number(column).magnitude
            if column in stumps.columns
            else np.full(stumps.n_rows, np.nan)
        )
        missing = stumps.where(rows & np.isnan(values))
        if missing.size:
            listed = stumps.name_rows(missing)
            problems.append(
                Problem(
                    stumps.reference,
                    "inputs.stumps",
                    f"pieces {need}; empty in rows {listed}",
                    column=column,
                )
            )
    return problems


STANDING_DEAD = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("plot", description="plot id"),
        Column("dbh", "[length]", "cm", nonnegative=True),
        Column("height", "[length]", "m", nonnegative=True),
        Column("state", description="leaves_lost or branches_lost (AR-TOOL12 Eq 2 alpha)"),
    ),
    description="one row per standing dead tree (measured dead-organic-matter route)",
)
LYING_DEAD = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("plot", description="plot id"),
        Column(
            "diameter",
            "[length]",
            "cm",
            nonnegative=True,
            description="diameter where the piece crosses the transect",
        ),
        Column("decay_class", description="sound, intermediate or rotten (AR-TOOL12 Eq 6 beta)"),
    ),
    description="one row per piece of lying dead wood (>= 10 cm) crossing a transect",
)

STUMPS = TableSpec(
    columns=(
        Column("period", description="monitoring period id"),
        Column("plot", description="plot id"),
        Column(
            "height",
            "[length]",
            "m",
            nonnegative=True,
            description="height of the stump or broken tree",
        ),
        Column(
            "dbh",
            "[length]",
            "cm",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="DBH, for pieces taller than 4 m (Eq 4)",
        ),
        Column(
            "mid_diameter",
            "[length]",
            "cm",
            nonnegative=True,
            required=False,
            allow_empty=True,
            description="measured diameter at mid-height, for pieces up to 4 m",
        ),
        Column("decay_class", description="sound, intermediate or rotten (beta of Eq 5)"),
    ),
    description="one row per stump or broken tree (measured dead-organic-matter route)",
)


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
