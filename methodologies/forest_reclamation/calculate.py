"""Orchestration of one project: per monitoring period, each pool, event and deduction.

Plots and trees are handled as arrays (one pass per equation over all plots of a period); only
strata, periods and events are iterated in Python.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

import mrv
from mrv.contract.equations import Numeric, Trace, Traced, equation, total
from mrv.model.project import MonitoringPeriod
from mrv.model.table import positions
from mrv.tools.parts import in_proportion, keyed
from mrv.tools.sampling import sum_by_code, t_value
from mrv.tools.timespan import calendar_year_shares, years_between

from . import equations as eq
from .applicability import soc_excluded_because
from .inputs import ForestInputs, Stratum

T = TypeVar("T")

TOOL14 = eq.TOOL14
ROUTES = ("plot_biomass", "plot_volume", "tree_allometry")
MINIMUM_SHRUB_COVER = 0.05  # AR-TOOL14 §9: strata with shrub cover below 5 % count as zero


@equation(
    TOOL14,
    "para 6(a) (two-sided Student t, df = n - M)",
    returns="1",
    args={"confidence": "1", "degrees_of_freedom": None},
    symbol="t_value",
)
def t_val(confidence: Numeric, degrees_of_freedom: Numeric) -> Numeric:
    """Two-sided Student t value at the confidence level [dimensionless]."""
    return t_value(confidence, degrees_of_freedom)


@equation(
    TOOL14,
    "Appendix 1 (b_p by the stratum's route)",
    returns="t / ha",
    args={"rows": None, "from_plots": "t / ha", "from_volume": "t / ha", "from_trees": "t / ha"},
    symbol="agb_plot",
)
def agb_by_route(
    rows: Numeric, from_plots: Numeric, from_volume: Numeric, from_trees: Numeric
) -> Numeric:
    """Above-ground biomass of every plot, each from the route its stratum declares [t/ha].

    ``rows`` holds, per route, the positions of its plots among all plots of the period.
    """
    pieces = [
        (index, np.asarray(values))
        for index, values in zip(rows, (from_plots, from_volume, from_trees), strict=True)
        if len(index)
    ]
    if len(pieces) == 1:  # one route for every plot: its rows are all plots, in order
        return pieces[0][1]
    lead = np.broadcast_shapes(*(values.shape[:-1] for _, values in pieces)) if pieces else ()
    result = np.empty((*lead, sum(len(index) for index in rows)))
    for index, values in pieces:
        result[..., index] = values
    return result


@equation(
    TOOL14,
    "Appendix 1 (R by the stratum's choice)",
    returns="1",
    args={"use_cairns": None, "cairns": "1", "fixed": "1"},
    symbol="r_plot",
)
def root_shoot_by_choice(use_cairns: Numeric, cairns: Numeric, fixed: Numeric) -> Numeric:
    """Root-shoot ratio of each plot: Cairns form or the stratum's fixed ratio [dimensionless]."""
    choice = np.asarray(use_cairns)
    shape = np.broadcast_shapes(choice.shape, np.shape(cairns), np.shape(fixed))
    if choice.all() and np.shape(cairns) == shape:  # every stratum takes Cairns
        return cairns
    return np.where(choice, cairns, fixed)


@equation(
    "AR-TOOL16 v01.1.0",
    "Eq 4-6 (by year, pro rata to the period)",
    returns="t C / ha",
    args={
        "loss": "t C / ha",
        "rate": "t C / ha / yr",
        "preparation_year": None,
        "years": None,
        "shares": None,
        "transition": "yr",
    },
    symbol="dsoc_period",
)
def dsoc_in_period(
    loss: Numeric,
    rate: Numeric,
    preparation_year: Numeric,
    years: Numeric,
    shares: Numeric,
    transition: Numeric,
) -> Numeric:
    """SOC change of each stratum over the period's calendar years [t C/ha].

    dSOC is -SOC_LOSS in the year of site preparation, the capped rate in each of the 20 years
    after it, and zero otherwise (Eq 4-6); each year counts by the share of it inside the period.
    """
    year = years[:, None]
    lost = np.asarray(loss)[..., None, :]
    gained = np.asarray(rate)[..., None, :]
    after = (year > preparation_year) & (year <= preparation_year + transition)
    per_year = np.where(year == preparation_year, -lost, np.where(after, gained, 0.0))
    return np.sum(per_year * shares[:, None], axis=-2)


@equation(
    "AR-TOOL14 v04.2",
    "para 12(e) (mine spoils: baseline change is zero)",
    returns="t CO2e",
    args={"stock": "t CO2e"},
    symbol="dc_tree_bsl",
)
def zero_change(stock: Numeric) -> Numeric:
    """Zero baseline change under the mine-spoil rule [t CO2e]."""
    return stock * 0.0


@equation(
    "AR-ACM0003 v02.0",
    "§5 (dead wood, litter and SOC are optional pools; not selected or not applicable)",
    returns="t CO2e",
    args={"stock": "t CO2e"},
    symbol="dc_not_accounted",
)
def pool_not_accounted(stock: Numeric) -> Numeric:
    """Zero change of a pool the project does not account [t CO2e]."""
    return stock * 0.0


def _finite(period_id: str, **groups: Any) -> mrv.PeriodOutcome:
    """Build the period's outcome, refusing inputs so large that a term overflowed to inf or NaN."""
    outcome = mrv.PeriodOutcome(period_id, **groups)
    broken = [
        term.name
        for group in (outcome.baseline, outcome.project, outcome.leakage)
        for term in group
        if not np.isfinite(np.asarray(term.value.magnitude)).all()
    ]
    if broken:
        raise mrv.InputError(
            [
                mrv.Problem(
                    "",
                    "inputs",
                    f"period {period_id}: {', '.join(broken)} overflow to a non-finite value; the "
                    "inputs hold magnitudes no site has (check plot areas, dbh, heights, volumes "
                    "and coefficients)",
                )
            ]
        )
    return outcome


@dataclass(frozen=True)
class PlotState:
    """Plot ids, their biomass and stratum codes at one inventory (for remeasured plots)."""

    ids: np.ndarray
    b_plot: Traced
    codes: np.ndarray


@dataclass(frozen=True)
class TreeChange:
    """The tree stock of one inventory, its change since the last, and their parts by stratum."""

    stock: Traced
    u_stock: Traced
    b_i: np.ndarray
    plots: PlotState | None
    change: Traced
    u_change: Traced | None
    stock_parts: np.ndarray | None
    change_parts: np.ndarray | None


@dataclass(frozen=True)
class Stock:
    """An undiscounted stock carried to the next period, with its relative uncertainty."""

    value: Traced
    u: Traced
    b_stratum: np.ndarray | None = None
    measured_on: dt.date | None = None
    dom: dict[str, Traced] = field(default_factory=dict)
    plots: PlotState | None = None
    parts: dict[str, np.ndarray | None] = field(default_factory=dict)


def _declared_or(declared: list[Any], default: Traced, unit: str) -> Any:
    """Each stratum's declared value, or the default parameter where none is declared [unit].

    Under Monte Carlo a drawn default carries the iteration axis, and so does the result.
    """
    own = np.array([np.nan if d is None else float(d.m_as(unit)) for d in declared])
    return own if not np.isnan(own).any() else np.where(np.isnan(own), default.to(unit), own)


class ForestCalculation:
    """Computes every period of one project."""

    def __init__(self, context: mrv.CalculationContext) -> None:
        self.document = context.document
        self.inputs: ForestInputs = context.inputs
        self.trace: Trace = context.trace
        self.parameters = context.parameters
        self.ids = [stratum.id for stratum in self.document.project.strata]
        self.order = tuple(self.ids)
        self.strata: list[Stratum] = self._derived(
            "strata", lambda: [self.inputs.stratum(stratum_id) for stratum_id in self.ids]
        )
        self.area = self.trace.input(
            "project.strata[*].area", self.document.project.strata_area_ha, "ha"
        )
        self.cf = self.parameters.get("cf_tree")
        self.climate = self.inputs.climate.ipcc_class.value
        self.regime, self.biome = self._regime_and_biome()

    # --- shared pieces ------------------------------------------------------------------

    def _derived(self, name: str, build: Callable[[], T]) -> T:
        """Return a value of the strata alone, built once per project, not once per chunk."""
        return self.inputs.derive((name, self.order), self.inputs.strata, build)

    def _codes(self, stratum_ids: np.ndarray) -> np.ndarray:
        """Index of each row's stratum in document order, vectorised (strata checked on input)."""
        return positions(stratum_ids, np.array(self.ids))

    def _regime_and_biome(self) -> tuple[str, str]:
        table = self.parameters.table("climate_regime")
        row = next(row for row in table.values if row.key["climate"] == self.climate)
        self.parameters.get("climate_regime", **row.key)
        return row.key["regime"], row.key["biome"]

    def _stratum_array(self, values: Any, path: str, unit: str) -> Traced:
        keys = self.ids if len(values) == len(self.ids) else None  # one random stream per stratum
        return self.trace.input(path, np.array(values, dtype=np.float64), unit, keys=keys)

    def _allometry(self, stratum_of_tree: np.ndarray) -> tuple[Traced, Traced, Traced]:
        """Coefficients a, b, c of each tree's stratum equation (per-stratum values, gathered)."""
        gathered = []
        for name in ("a", "b", "c"):
            values = [
                float(getattr(s.allometry, name)) if s.allometry else 0.0 for s in self.strata
            ]
            per_stratum = self._stratum_array(values, f"inputs.strata[*].allometry.{name}", "1")
            gathered.append(
                Traced(
                    np.asarray(per_stratum.magnitude)[..., stratum_of_tree], "1", per_stratum.refs
                )
            )
        return gathered[0], gathered[1], gathered[2]

    def _root_shoot(self, agb: Traced, codes: np.ndarray) -> Traced:
        use_cairns = np.array([stratum.root_shoot == "cairns" for stratum in self.strata])[codes]
        fixed = _declared_or(
            [s.root_shoot_ratio for s in self.strata], self.parameters.get("root_shoot_tree"), "1"
        )
        fixed_traced = self._stratum_array(fixed, "inputs.strata[*].root_shoot_ratio", "1")
        fixed_plots = Traced(
            np.asarray(fixed_traced.magnitude)[..., codes],
            "1",
            (*fixed_traced.refs, "parameter:root_shoot_tree"),
        )
        cairns = eq.root_shoot_cairns(
            agb,
            self.parameters.get("cairns_root_shoot", coefficient="intercept"),
            self.parameters.get("cairns_root_shoot", coefficient="slope"),
        )
        return root_shoot_by_choice(use_cairns, cairns, fixed_plots)

    # --- trees, ex-post ----------------------------------------------------------------

    def _plot_agb(self, period_id: str) -> tuple[Traced, np.ndarray]:
        """Above-ground biomass of each plot of a period, and each plot's stratum index."""
        plots = self.inputs.plots
        assert plots is not None  # noqa: S101 - checked by the input model for ex-post periods
        subset = plots.take(plots.text("period") == period_id)
        codes = self._codes(subset.text("stratum"))
        route = self._derived(
            "routes",
            lambda: np.array([ROUTES.index(stratum.biomass_route) for stratum in self.strata]),
        )[codes]
        rows = tuple(np.flatnonzero(route == index) for index in range(len(ROUTES)))
        label = f"inputs.plots[period={period_id}]"
        from_plots = Traced(np.empty(0), "t / ha", ())
        if rows[0].size:
            from_plots = self.trace.input(f"{label}:agb", subset.take(rows[0]).number("agb"))
        from_volume = Traced(np.empty(0), "t / ha", ())
        if rows[1].size:
            from_volume = self._agb_from_volume(subset.take(rows[1]), codes[rows[1]], label)
        from_trees = Traced(np.empty(0), "t / ha", ())
        if rows[2].size:
            from_trees = self._agb_from_trees(period_id, subset.take(rows[2]), codes[rows[2]])
        return agb_by_route(rows, from_plots, from_volume, from_trees), codes

    def _agb_from_volume(self, plots: Any, codes: np.ndarray, label: str) -> Traced:
        density = [
            float(s.wood_density.m_as("t / m**3")) if s.wood_density is not None else 0.0
            for s in self.strata
        ]
        bef_default = self.parameters.get("bef2_ex_post")
        bef = _declared_or([s.bef for s in self.strata], bef_default, "1")
        density_traced = self._stratum_array(density, "inputs.strata[*].wood_density", "t / m**3")
        bef_traced = self._stratum_array(bef, "inputs.strata[*].bef", "1")
        return eq.agb_from_volume(
            self.trace.input(f"{label}:volume", plots.number("volume")),
            Traced(
                np.asarray(density_traced.magnitude)[..., codes], "t / m**3", density_traced.refs
            ),
            Traced(
                np.asarray(bef_traced.magnitude)[..., codes],
                "1",
                bef_traced.refs + bef_default.refs,
            ),
        )

    def _check_finite_biomass(self, biomass: Traced, stratum_of_tree: np.ndarray) -> None:
        """Refuse allometric coefficients that overflow (say an exponent of 200) for the trees measured."""
        finite = np.isfinite(np.asarray(biomass.magnitude))
        if finite.all():
            return
        bad = np.unique(stratum_of_tree[~finite.reshape(-1, finite.shape[-1]).all(axis=0)])
        raise mrv.InputError(
            [
                mrv.Problem(
                    "",
                    f"inputs.strata[{int(index)}].allometry",
                    "the allometric equation gives a non-finite biomass for measured trees; "
                    "check the coefficients a, b and c and the trees' dbh and height",
                )
                for index in bad
            ]
        )

    def _agb_from_trees(self, period_id: str, plots: Any, codes: np.ndarray) -> Traced:
        """Plot biomass from the trees measured in each plot (allometric equations)."""
        trees = self.inputs.trees
        if trees is None or "plot_area" not in plots.columns:
            raise mrv.InputError(
                [
                    mrv.Problem(
                        "",
                        "inputs.trees",
                        "strata on the tree_allometry route need a tree table and plot_area in the plot table",
                    )
                ]
            )
        # each distinct plot id and period once; the rows' codes gather the answers block by block
        plot_codes, period_codes = trees.coded("plot"), trees.coded("period")
        plot_of_level = positions(plot_codes.levels, plots.text("plot"))
        in_period = period_codes.levels == period_id
        label = f"inputs.trees[period={period_id}]"
        biomass_sum = np.zeros(plots.n_rows)
        biomass_id = ""
        for rows in self.trace.blocks(trees.n_rows):
            plot_of_tree = plot_of_level[plot_codes.codes[rows]]
            keep = in_period[period_codes.codes[rows]] & (plot_of_tree >= 0)
            selected = trees.take(np.flatnonzero(keep) + rows.start)
            plot_of_tree = plot_of_tree[keep]
            stratum_of_tree = codes[plot_of_tree]
            a, b, c = self._allometry(stratum_of_tree)
            biomass = eq.b_tree_allometric(
                a,
                b,
                c,
                self.trace.input(f"{label}:dbh", selected.number("dbh")),
                self.trace.input(f"{label}:height", selected.number("height")),
            )
            self._check_finite_biomass(biomass, stratum_of_tree)
            biomass_sum = biomass_sum + sum_by_code(
                np.asarray(biomass.to("t")), plot_of_tree, plots.n_rows
            )
            biomass_id = biomass.refs[0]
        summed = self.trace.record(
            "b_trees_plot",
            f"{TOOL14} Appendix 1: sum of B over each plot's trees (b_p = sum B / A_PLOT)",
            biomass_sum,
            "t",
            inputs=[("tree_biomass", biomass_id)],
        )
        area = self.trace.input(
            f"inputs.plots[period={period_id}]:plot_area", plots.number("plot_area")
        )
        return eq.agb_plot_from_sums(summed, area)

    def _tree_stock_ex_post(self, period_id: str) -> tuple[Traced, Traced, np.ndarray, PlotState]:
        """Tree stock of an inventory (Eq 12-17), with the plot values it rests on."""
        agb, codes = self._plot_agb(period_id)
        b_plot = eq.b_with_roots(agb, self._root_shoot(agb, codes))
        stock, u, b_i = self._stratified(b_plot, codes, eq.b_stratum, eq.c_tree, eq.u_stock)
        plots = self.inputs.plots
        assert plots is not None  # noqa: S101
        ids = plots.text("plot")[plots.text("period") == period_id]
        return stock, u, np.asarray(b_i.magnitude), PlotState(ids, b_plot, codes)

    def _stratified(
        self, values: Traced, codes: np.ndarray, mean: Any, total: Any, uncertainty: Any
    ) -> tuple[Traced, Traced, Traced]:
        """Stratified estimate from plot values: stratum means, the total and its uncertainty."""
        strata = len(self.ids)
        b_i = mean(values, codes, strata)
        weights = eq.stratum_weights(self.area)
        b_tree = eq.b_tree_weighted(weights, b_i)
        stock = total(b_tree, self.area, self.cf)
        if self.trace.drawing:
            # Monte Carlo summarises the net benefit only; the sampling uncertainty feeds the
            # deduction, computed once on the central figures, so it is not drawn.
            return stock, Traced(0.0, "1", ("sampling uncertainty, not drawn",)), b_i
        s2 = eq.s2_stratum(values, codes, strata)
        counts = np.bincount(codes, minlength=strata)
        t = t_val(self.parameters.get("confidence_level"), int(counts.sum() - strata))
        return stock, uncertainty(weights, s2, counts, b_tree, t), b_i

    def _remeasured_change(
        self, now: PlotState, before: PlotState
    ) -> tuple[Traced, Traced, np.ndarray]:
        """Change of the tree stock on permanent plots, AR-TOOL14 Eq 3-8, and its stratum means."""
        order_now, order_before = np.argsort(now.ids), np.argsort(before.ids)
        b_now = Traced(
            np.asarray(now.b_plot.magnitude)[..., order_now], now.b_plot.unit, now.b_plot.refs
        )
        b_before = Traced(
            np.asarray(before.b_plot.magnitude)[..., order_before],
            before.b_plot.unit,
            before.b_plot.refs,
        )
        with self.trace.scope("remeasured"):
            delta = eq.change_on_plot(b_now, b_before)
            total = functools.partial(eq.c_tree, trace_as="dc_tree")
            change, u, db_i = self._stratified(
                delta, now.codes[order_now], eq.b_stratum, total, eq.u_remeasured
            )
        return change, u, np.asarray(db_i.magnitude)

    # --- trees, ex-ante -----------------------------------------------------------------

    def _tree_stock_ex_ante(self, end: dt.date) -> tuple[Traced, np.ndarray]:
        agb_values = []
        for stratum in self.strata:
            growth = stratum.growth
            assert growth is not None  # noqa: S101 - checked by the input model
            age = years_between(stratum.planting_date, end) if end > stratum.planting_date else 0.0
            agb_values.append(
                float(np.interp(age, growth.age, [value.m_as("t / ha") for value in growth.agb]))
            )
        agb = self._stratum_array(agb_values, f"inputs.strata[*].growth(age at {end})", "t / ha")
        codes = np.arange(len(self.strata))
        b = eq.b_with_roots(agb, self._root_shoot(agb, codes))
        weights = eq.stratum_weights(self.area)
        stock = eq.c_tree(eq.b_tree_weighted(weights, b), self.area, self.cf)
        return stock, np.asarray(b.magnitude)

    # --- the other pools -----------------------------------------------------------------

    def _shrub_b_forest(self) -> list[float]:
        return self._derived(
            "shrub_b_forest",
            lambda: [
                float(s.shrubs.b_forest.m_as("t / ha")) if s.shrubs else 0.0 for s in self.strata
            ],
        )

    def _shrub_parts(self, stock: Traced, cover: list[float]) -> np.ndarray | None:
        """Each stratum's part of a shrub stock: weights A_i b_FOREST,i CC_i (Eq 26-27) [t CO2e]."""
        counted = np.where(np.array(cover) < MINIMUM_SHRUB_COVER, 0.0, cover)
        weights = np.asarray(self.area.magnitude) * np.array(self._shrub_b_forest()) * counted
        return in_proportion(stock.to("t CO2e"), weights)

    def _shrub_stock(self, cover: list[float], label: str, name: str) -> Traced:
        return eq.c_shrub(
            self._stratum_array(
                self._shrub_b_forest(), "inputs.strata[*].shrubs.b_forest", "t / ha"
            ),
            self.parameters.get("bdr_sf"),
            self._stratum_array(cover, label, "1"),
            self.area,
            self.parameters.get("root_shoot_shrub"),
            self.parameters.get("cf_shrub"),
            self.trace.input("AR-TOOL14 §9 minimum shrub cover", MINIMUM_SHRUB_COVER, "1"),
            trace_as=name,
        )

    def _dom_factor(self, pool: str) -> Traced:
        elevation = self.inputs.climate.elevation.m_as("m")
        precipitation = self.inputs.climate.mean_annual_precipitation.m_as("mm")
        if self.biome == "tropical":
            elevation_class = "lt2000" if elevation < 2000 else "gt2000"  # noqa: PLR2004 - AR-TOOL12 table bands
            if elevation_class == "gt2000":
                precipitation_class = "all"
            elif precipitation < 1000:  # noqa: PLR2004
                precipitation_class = "lt1000"
            elif precipitation <= 1600:  # noqa: PLR2004
                precipitation_class = "1000to1600"
            else:
                precipitation_class = "gt1600"
        else:
            elevation_class = precipitation_class = "all"
        return self.parameters.get(
            "dom_default_factors",
            pool=pool,
            biome=self.biome,
            elevation=elevation_class,
            precipitation=precipitation_class,
        )

    def _soc_change(self, start: dt.date, end: dt.date) -> tuple[Traced, np.ndarray | None] | None:
        """SOC change of the strata that account for it (AR-TOOL16), and its parts by stratum."""
        eligible = self._derived(
            "soc_eligible",
            lambda: [
                index
                for index, s in enumerate(self.strata)
                if not soc_excluded_because(s, self.climate)
            ],
        )
        if not eligible:
            return None
        chosen = [self.strata[index] for index in eligible]
        soils = [s.soil_carbon for s in chosen]
        assert all(soil is not None for soil in soils)  # noqa: S101
        regime = np.full(len(chosen), self.regime)
        soc_ref = self.parameters.lookup(
            "soc_ref",
            climate=np.full(len(chosen), self.climate),
            soil=np.array([s.soil_type for s in chosen]),
        )
        land_use = np.array([soil.land_use for soil in soils])  # type: ignore[union-attr]
        group = np.where(np.char.startswith(land_use, "cropland"), "cropland", "grassland")
        f_lu = self.parameters.lookup("soc_f_lu", land_use=land_use, regime=regime)
        f_mg = self.parameters.lookup(
            "soc_f_mg",
            land_use=group,
            management=np.array([soil.management for soil in soils]),
            regime=regime,
        )  # type: ignore[union-attr]
        f_in = self.parameters.lookup(
            "soc_f_in",
            land_use=group,
            input=np.array([soil.input_level for soil in soils]),
            regime=regime,
        )  # type: ignore[union-attr]
        initial = eq.soc_initial(soc_ref, f_lu, f_mg, f_in)
        disturbance = self._stratum_array(
            [float(soil.disturbance_fraction.m_as("dimensionless")) for soil in soils],
            "inputs.strata[*].soil_carbon.disturbance_fraction",
            "1",
        )  # type: ignore[union-attr]
        loss = eq.soc_loss(
            initial,
            self.parameters.get("soc_rules", rule="loss_fraction"),
            disturbance,
            self.parameters.get("soc_rules", rule="disturbance_threshold"),
        )
        transition = self.parameters.get("soc_transition")
        rate = eq.dsoc_rate(soc_ref, initial, loss, transition, self.parameters.get("soc_rate_cap"))
        shares = calendar_year_shares(start, end)
        prep = np.array([soil.preparation_year for soil in soils])  # type: ignore[union-attr]
        dsoc = dsoc_in_period(
            loss, rate, prep, np.array(list(shares)), np.array(list(shares.values())), transition
        )
        area = Traced(np.asarray(self.area.magnitude)[eligible], "ha", self.area.refs)
        change = eq.delta_soc(area, dsoc)
        shares = in_proportion(
            change.to("t CO2e"), np.asarray(area.magnitude) * np.asarray(dsoc.magnitude)
        )
        if shares is None:
            return change, None
        parts = np.zeros((*np.shape(shares)[:-1], len(self.ids)))
        parts[..., eligible] = shares
        return change, parts

    # --- events --------------------------------------------------------------------------

    def _burning(self, period_id: str) -> Traced | None:
        events = list(self.inputs.period(period_id).site_preparation_burning)
        if not events:
            return None
        label = f"inputs.periods.{period_id}.site_preparation_burning"
        return eq.ghg_site_preparation(
            self.trace.input(
                f"{label}[*].area", np.array([e.area.m_as("ha") for e in events]), "ha"
            ),
            self.trace.input(
                f"{label}[*].tree_biomass",
                np.array([e.tree_biomass.m_as("t / ha") for e in events]),
                "t / ha",
            ),
            self.parameters.get("cf_fire"),
            self.parameters.get("bdr_sf"),
            self.parameters.get("cf_fire"),
            self.trace.input(
                f"{label}[*].shrub_cover",
                np.array([e.shrub_cover.m_as("dimensionless") for e in events]),
                "1",
            ),
            self.trace.input(
                f"{label}[*].b_forest",
                np.array([e.b_forest.m_as("t / ha") for e in events]),
                "t / ha",
            ),
            self.parameters.get("fire_nonco2_ratio"),
        )

    def _fires(self, period_id: str, previous: Stock | None) -> list[mrv.Term]:
        events = list(self.inputs.period(period_id).fires)
        threshold = self.parameters.get("fire_threshold").scalar("1")
        project_area = float(np.sum(np.asarray(self.area.magnitude)))
        by_year: dict[int, float] = {}
        for event in events:
            by_year[event.date.year] = by_year.get(event.date.year, 0.0) + event.area.m_as("ha")
        counted = [e for e in events if by_year[e.date.year] >= threshold * project_area]
        if not counted or previous is None or previous.b_stratum is None:
            return []  # AR-TOOL08: below 5 % of the area, or first verification (no b_TREE,tL)
        index = [self.ids.index(e.stratum) for e in counted]
        label = f"inputs.periods.{period_id}.fires"
        area = self.trace.input(
            f"{label}[*].area", np.array([e.area.m_as("ha") for e in counted]), "ha"
        )
        b_last = previous.b_stratum[..., index]
        b_tree = Traced(b_last, "t / ha", previous.value.refs)
        comf = self.parameters.lookup(
            "fire_combustion_factor",
            biome=np.full(len(counted), self.biome),
            age_class=np.array(
                [
                    self._age_class(self.strata[i], e.date)
                    for i, e in zip(index, counted, strict=True)
                ]
            ),
        )
        ch4 = eq.fire_ch4(area, b_tree, comf, self.parameters.get("fire_ef_ch4", biome=self.biome))
        n2o = eq.fire_n2o(area, b_tree, comf, self.parameters.get("fire_ef_n2o", biome=self.biome))
        terms = [mrv.Term("fire_ch4", ch4, "emission"), mrv.Term("fire_n2o", n2o, "emission")]
        per_hectare = eq.c_per_area(b_tree, self.cf, trace_as="c_tree_per_ha_burnt")
        dead_wood = eq.c_dead_organic_matter_per_area(
            per_hectare, self._dom_factor("dead_wood"), trace_as="c_dw_per_ha_burnt"
        )
        litter = eq.c_dead_organic_matter_per_area(
            per_hectare, self._dom_factor("litter"), trace_as="c_li_per_ha_burnt"
        )
        emitted = eq.fire_dead_organic_matter(
            area, dead_wood, litter, self.parameters.get("fire_nonco2_ratio")
        )
        terms.append(mrv.Term("fire_dead_organic_matter", emitted, "emission"))
        return terms

    def _age_class(self, stratum: Stratum, day: dt.date) -> str:
        if self.biome != "tropical":
            return "all"
        age = years_between(stratum.planting_date, day) if day > stratum.planting_date else 0.0
        for upper, name in ((6, "3to5"), (11, "6to10"), (18, "11to17")):
            if age < upper:
                return name
        return "18plus"

    def _leakage(self, period_id: str) -> Traced | None:
        events = list(self.inputs.period(period_id).displacements)
        events = [e for e in events if not (e.activity == "grazing" and e.grazing_exemption)]
        if not events:
            return None
        label = f"inputs.periods.{period_id}.displacements"
        area = self.trace.input(
            f"{label}[*].area", np.array([e.area.m_as("ha") for e in events]), "ha"
        )
        biomass = eq.biomass_loss(
            self.trace.input(
                f"{label}[*].b_tree", np.array([e.b_tree.m_as("t / ha") for e in events]), "t / ha"
            ),
            self.parameters.get("leakage_rules", rule="root_shoot_tree"),
            self.trace.input(
                f"{label}[*].b_shrub",
                np.array([e.b_shrub.m_as("t / ha") for e in events]),
                "t / ha",
            ),
            self.parameters.get("leakage_rules", rule="root_shoot_shrub"),
            self.parameters.get("cf_leakage"),
            area,
            self.parameters.get("leakage_rules", rule="dead_matter_factor"),
        )
        before = np.array(
            [np.prod([f.m_as("dimensionless") for f in e.factors_before]) for e in events]
        )
        after = np.array(
            [np.prod([f.m_as("dimensionless") for f in e.factors_after]) for e in events]
        )
        soc = eq.soc_loss_displacement(
            self.trace.input(
                f"{label}[*].soc_ref",
                np.array([e.soc_ref.m_as("t C / ha") for e in events]),
                "t C / ha",
            ),
            self.trace.input(f"{label}[*].factors_before (product)", before, "1"),
            self.trace.input(f"{label}[*].factors_after (product)", after, "1"),
            area,
        )
        total_biomass = Traced(total(biomass.magnitude), "t C", biomass.refs)
        total_soc = Traced(total(soc.magnitude), "t C", soc.refs)
        return eq.leakage(total_biomass, total_soc)

    # --- baseline ------------------------------------------------------------------------

    def _baseline_trees(
        self, start: dt.date, end: dt.date, reference: Traced
    ) -> tuple[Traced, np.ndarray | None]:
        """Baseline tree change (AR-TOOL14 Eq 9-10 over the period), and its parts by stratum."""
        spoil = self._derived(
            "spoil", lambda: [bool(s.baseline.mine_spoil_evidence) for s in self.strata]
        )
        if all(spoil):
            return zero_change(reference), np.zeros(len(self.ids))
        cover = [
            0.0 if spoil[i] else float(s.baseline.tree_crown_cover.m_as("dimensionless"))
            for i, s in enumerate(self.strata)
        ]
        increment = [
            float(s.baseline.delta_b_forest.m_as("t / ha / yr"))
            if s.baseline.delta_b_forest is not None
            else 0.0
            for s in self.strata
        ]
        annual = eq.dc_tree_baseline(
            self._stratum_array(
                increment, "inputs.strata[*].baseline.delta_b_forest", "t / ha / yr"
            ),
            self.parameters.get("root_shoot_tree"),
            self._stratum_array(cover, "inputs.strata[*].baseline.tree_crown_cover", "1"),
            self.area,
            self.cf,
        )
        crediting = self.document.project.crediting_period.start
        limit = dt.date(crediting.year + 20, crediting.month, min(crediting.day, 28))
        last = min(end + dt.timedelta(days=1), limit)  # to the end of the period's last day
        years = years_between(start, last) if last > start else 0.0
        label = "years of the period within 20 years of the start (Δb_FOREST = 0 after year 20)"
        change = eq.change_over_years(
            annual, self.trace.input(label, years, "yr"), trace_as="dc_tree_bsl"
        )
        weights = np.array(increment) * np.array(cover) * np.asarray(self.area.magnitude)
        return change, in_proportion(change.to("t CO2e"), weights)

    # --- one period ----------------------------------------------------------------------

    def period(self, index: int, previous: dict[str, Stock]) -> mrv.PeriodOutcome:
        """Compute one monitoring period; ``previous`` holds the last stock of each chain."""
        period = self.document.monitoring_periods[index]
        data = self.inputs.period(period.id)
        ex_ante = period.kind == "ex-ante"
        earlier = previous.get(period.kind)
        with self.trace.scope(period.id):
            measured = data.measured_on or period.end + dt.timedelta(
                days=1
            )  # the period's end as an instant
            tree = self._trees(period, earlier, measured)
            stock, trees, stock_parts = tree.stock, tree.change, tree.stock_parts
            findings = self._reversal(period.id, trees, ex_ante)
            dom = {
                pool: self._dom_stock(pool, stock, period.id, ex_ante)
                if self.inputs.dead_organic_matter != "none"
                else pool_not_accounted(stock, trace_as=f"c_{pool}")
                for pool in ("dead_wood", "litter")
            }
            parts: dict[str, np.ndarray | None] = {"trees": stock_parts}
            pools: dict[str, Traced] = {"trees": trees}
            changes: dict[str, np.ndarray | None] = {"trees": tree.change_parts}
            pools["shrubs"], changes["shrubs"] = self._shrub_change(period.id, ex_ante)
            for pool, now in dom.items():
                parts[pool] = self._dom_parts(pool, now, stock_parts, ex_ante)
                pools[pool] = self._dom_change(pool, now, earlier)
                before = earlier.parts.get(pool) if earlier and pool in earlier.dom else 0.0
                changes[pool] = _difference(parts[pool], before)
            pools["soc"], changes["soc"] = self._soc_change(period.start, period.end) or (
                pool_not_accounted(stock, trace_as="dsoc_al"),
                np.zeros(len(self.ids)),
            )
            eq.project_stock_change(*pools.values())
            baseline_trees, baseline_trees_parts = self._baseline_trees(
                period.start, period.end, stock
            )
            baseline_shrubs = self._baseline_shrub_change()
            zero = pool_not_accounted(stock, trace_as="dc_dom_bsl")
            eq.baseline_removals(baseline_trees, baseline_shrubs, zero, zero)
            emissions: list[mrv.Term] = []
            burning = self._burning(period.id)
            if burning is not None:
                emissions.append(mrv.Term("site_preparation_burning", burning, "emission"))
            emissions.extend(self._fires(period.id, earlier))
            leakage = self._leakage(period.id)
            project_terms = [
                mrv.Term(
                    pool,
                    _as_net_emission(value, trace_as=f"{pool}_net_emission"),
                    "stock_change",
                    uncertainty=tree.u_change if pool == "trees" else None,
                    by_stratum=self._as_net_emission_parts(changes[pool]),
                )
                for pool, value in pools.items()
            ]
            baseline_terms = (
                mrv.Term(
                    "trees_baseline",
                    _as_net_emission(baseline_trees, trace_as="trees_baseline_net_emission"),
                    "stock_change",
                    by_stratum=self._as_net_emission_parts(baseline_trees_parts),
                ),
                mrv.Term(
                    "shrubs_baseline",
                    _as_net_emission(baseline_shrubs, trace_as="shrubs_baseline_net_emission"),
                    "stock_change",
                    by_stratum=self._as_net_emission_parts(np.zeros(len(self.ids))),
                ),
            )
        previous[period.kind] = Stock(
            stock, tree.u_stock, tree.b_i, measured, dom, tree.plots, parts
        )
        return _finite(
            period.id,
            baseline=baseline_terms,
            project=(*project_terms, *emissions),
            leakage=(mrv.Term("displaced_agriculture", leakage, "stock_change"),)
            if leakage is not None
            else (),
            net_equation="AR-ACM0003 v02.0 Eq 2, 4, 5",
            findings=findings,
        )

    def _trees(
        self, period: MonitoringPeriod, earlier: Stock | None, measured: dt.date
    ) -> TreeChange:
        """Tree stock at the period's inventory and its change since the last (AR-TOOL14)."""
        ex_ante = period.kind == "ex-ante"
        plot_state = None
        if ex_ante:
            stock, b_i = self._tree_stock_ex_ante(period.end)
            u = self.trace.input(
                "ex-ante estimates carry no sampling uncertainty (AR-TOOL14 para 48)", 0.0, "1"
            )
        else:
            stock, u, b_i, plot_state = self._tree_stock_ex_post(period.id)
        if (
            plot_state is not None
            and earlier is not None
            and earlier.plots is not None
            and self.inputs.tree_change_method == "remeasured_plots"
        ):
            trees, u_dc, db_i = self._remeasured_change(plot_state, earlier.plots)
            stock = eq.stock_from_change(earlier.value, trees, trace_as="c_tree_t2")
            trees_t1 = earlier.parts.get("trees")
            trees_parts = self._parts(trees, db_i)
            stock_parts = _sum(trees_t1, trees_parts)
            u = eq.u_stock_from_change(
                earlier.u, earlier.value, u_dc, trees, stock, trace_as="u_c_t2"
            )
            u_trees = u_dc
            eq.annual_change(
                trees,
                self.trace.input(
                    f"T from {earlier.measured_on} to {measured}",
                    years_between(earlier.measured_on or period.start, measured),
                    "yr",
                ),
            )
        else:
            trees, u_trees, trees_t1 = self._tree_change(stock, u, earlier, measured, ex_ante)
            stock_parts = self._parts(stock, b_i)
            trees_parts = _difference(stock_parts, trees_t1)
        return TreeChange(stock, u, b_i, plot_state, trees, u_trees, stock_parts, trees_parts)

    def _parts(self, value: Traced, per_hectare: Any) -> np.ndarray | None:
        """Each stratum's part of a tree stock or change whose stratum means are given [t CO2e].

        AR-TOOL14 Eq 12-13: C = K CF A sum_i w_i b_i = K CF sum_i A_i b_i (K, CO2 per C), so
        the parts follow A_i b_i. None under Monte Carlo (the split is of the central figures).
        """
        weights = np.asarray(self.area.magnitude) * np.asarray(per_hectare, dtype=np.float64)
        return in_proportion(value.to("t CO2e"), weights)

    def _dom_parts(
        self, pool: str, stock: Traced, tree_parts: np.ndarray | None, ex_ante: bool
    ) -> np.ndarray | None:
        """Each stratum's part of a dead wood or litter stock [t CO2e].

        Under the default-factor route (AR-TOOL12 Eq 9, 15: C_DW,i = C_TREE,i DF) the parts follow
        the tree stock's; measured dead wood and litter are not split.
        """
        if self.inputs.dead_organic_matter == "none":
            return np.zeros(len(self.ids))
        if tree_parts is None or (self.inputs.dead_organic_matter == "measured" and not ex_ante):
            return None
        return in_proportion(stock.to("t CO2e"), tree_parts)

    def _as_net_emission_parts(self, removal: np.ndarray | None) -> dict[str, float] | None:
        """Parts of a removal by stratum, written as net emissions keyed by stratum id [t CO2e]."""
        return None if removal is None else keyed(self.ids, removal, sign=-1.0)

    def _tree_change(
        self, stock: Traced, u: Traced, earlier: Stock | None, measured: dt.date, ex_ante: bool
    ) -> tuple[Traced, Traced | None, np.ndarray | None]:
        """Change of the tree stock (Eq 1), its annual rate (Eq 11) and, ex-post, the discount.

        The third item is the earlier stock by stratum [t CO2e], None where it is not known
        (a prior inventory gives only its total).
        """
        prior = self.inputs.prior_inventory
        parts_t1: np.ndarray | None = None
        if earlier is None and prior is not None:
            c_t1 = self.trace.input("inputs.prior_inventory.tree_stock", prior.tree_stock)
            u1 = self.trace.input("inputs.prior_inventory.uncertainty", prior.uncertainty)
            t1 = prior.measured_on
        elif earlier is None:
            c_t1, parts_t1 = self._initial_tree_stock()
            u1 = self.trace.input("u of the initial stock (default values, no sampling)", 0.0, "1")
            t1 = self._derived("first_planting", lambda: min(s.planting_date for s in self.strata))
        else:
            c_t1, u1, t1 = earlier.value, earlier.u, earlier.measured_on or measured
            parts_t1 = earlier.parts.get("trees")
        change = eq.change_in_stock(stock, c_t1)
        if measured > t1:
            eq.annual_change(
                change,
                self.trace.input(f"T from {t1} to {measured}", years_between(t1, measured), "yr"),
            )
        if ex_ante:
            return change, None, parts_t1
        return change, eq.u_change(u1, c_t1, u, stock, change), parts_t1

    def _reversal(self, period_id: str, change: Traced, ex_ante: bool) -> tuple[mrv.Finding, ...]:
        """Report a fall of the tree stock as a reversal (AR-ACM0003 Eq 7 asks for replacement)."""
        if ex_ante or self.trace.drawing:
            return ()
        value = change.scalar("t CO2e")
        if value >= 0:
            return ()
        return (
            mrv.Finding(
                code="reversal",
                severity="warning",
                message=f"period {period_id}: the tree stock fell by {-value:,.3f} t CO2e (a reversal); credits issued earlier for it must be replaced",
                reference="AR-ACM0003 v02.0 Eq 7; AR-TOOL14 v04.2 Appendix 2 (a reversal is made more negative)",
                path=f"periods.{period_id}",
            ),
        )

    def _initial_tree_stock(self) -> tuple[Traced, np.ndarray | None]:
        """Tree stock before planting (AR-TOOL14 Eq 20-21, from crown cover), and its parts."""
        cover = self._derived(
            "removed_cover",
            lambda: [
                0.0
                if s.baseline.mine_spoil_evidence or not s.baseline.trees_removed
                else float(s.baseline.tree_crown_cover.m_as("dimensionless"))
                for s in self.strata
            ],
        )
        b_forest = self._derived(
            "baseline_b_forest",
            lambda: [
                float(s.baseline.b_forest.m_as("t / ha"))
                if s.baseline.b_forest is not None
                else 0.0
                for s in self.strata
            ],
        )
        stock = eq.c_tree_baseline(
            self._stratum_array(b_forest, "inputs.strata[*].baseline.b_forest", "t / ha"),
            self.parameters.get("root_shoot_tree"),
            self._stratum_array(
                cover, "inputs.strata[*].baseline.tree_crown_cover (removed trees only)", "1"
            ),
            self.area,
            self.cf,
        )
        weights = np.array(b_forest) * np.array(cover) * np.asarray(self.area.magnitude)
        return stock, in_proportion(stock.to("t CO2e"), weights)

    def _shrub_change(self, period_id: str, ex_ante: bool) -> tuple[Traced, np.ndarray | None]:
        """Change of the shrub stock (AR-TOOL14 Eq 26-27 at both ends), and its parts by stratum."""
        if ex_ante:
            zero = self.trace.input(
                "ex-ante shrub change may be zero (AR-TOOL14 para 13)", 0.0, "t CO2e"
            )
            return eq.change_in_stock(zero, zero, trace_as="dc_shrub"), np.zeros(len(self.ids))
        covers_now = self.inputs.period(period_id).shrub_cover
        before_period = self._previous_shrub_cover(period_id)
        now = [
            float(covers_now[s.id].m_as("dimensionless"))
            if s.id in covers_now
            else before_period[i]
            for i, s in enumerate(self.strata)
        ]
        c2 = self._shrub_stock(now, f"inputs.periods.{period_id}.shrub_cover", "c_shrub_t2")
        c1 = self._shrub_stock(
            before_period, "shrub cover at the previous inventory (or baseline)", "c_shrub_t1"
        )
        change = eq.change_in_stock(c2, c1, trace_as="dc_shrub")
        return change, _difference(self._shrub_parts(c2, now), self._shrub_parts(c1, before_period))

    def _baseline_shrub_change(self) -> Traced:
        """Baseline shrubs keep their pre-project cover (zero change; para 12(e) where declared)."""
        cover = [
            float(s.shrubs.baseline_cover.m_as("dimensionless")) if s.shrubs else 0.0
            for s in self.strata
        ]
        stock = self._shrub_stock(cover, "inputs.strata[*].shrubs.baseline_cover", "c_shrub_bsl")
        return eq.change_in_stock(stock, stock, trace_as="dc_shrub_bsl")

    def _previous_shrub_cover(self, period_id: str) -> list[float]:
        cover = [
            float(s.shrubs.baseline_cover.m_as("dimensionless")) if s.shrubs else 0.0
            for s in self.strata
        ]
        for period in self.document.monitoring_periods:
            if period.id == period_id:
                break
            if period.kind == "ex-post":
                given = self.inputs.period(period.id).shrub_cover
                cover = [
                    float(given[s.id].m_as("dimensionless")) if s.id in given else cover[i]
                    for i, s in enumerate(self.strata)
                ]
        return cover

    def _dom_stock(self, pool: str, stock: Traced, period_id: str, ex_ante: bool) -> Traced:
        """Dead wood or litter stock at the inventory, by the project's AR-TOOL12 route [t CO2e]."""
        if self.inputs.dead_organic_matter == "measured" and not ex_ante:
            return self._dom_measured(pool, period_id)
        return eq.c_dead_organic_matter(stock, self._dom_factor(pool), trace_as=f"c_{pool}")

    def _dom_change(self, pool: str, now: Traced, earlier: Stock | None) -> Traced:
        if earlier is not None and pool in earlier.dom:
            before = earlier.dom[pool]
        else:
            before = self.trace.input(
                f"{pool} stock before planting (none on bare spoil; AR-TOOL12 C_t1 = 0)",
                0.0,
                "t CO2e",
            )
        return eq.change_in_stock(now, before, trace_as=f"dc_{pool}")

    def _dom_measured(self, pool: str, period_id: str) -> Traced:
        plots = self.inputs.plots
        assert plots is not None  # noqa: S101 - ex-post periods have plots
        subset = plots.take(plots.text("period") == period_id)
        codes = self._codes(subset.text("stratum"))
        label = f"inputs.plots[period={period_id}]"
        if pool == "litter":
            return eq.c_litter_measured(
                self.trace.input(f"{label}:litter", subset.number("litter")),
                codes,
                self.area,
                self.parameters.get("cf_litter"),
            )
        plot_area = (
            self.trace.input(f"{label}:plot_area", subset.number("plot_area"))
            if "plot_area" in subset.columns
            else None
        )
        per_area = self._standing_dead(period_id, subset, codes)
        lying = self._lying_dead(period_id, subset, codes)
        total = eq.c_dead_wood_plot(per_area, lying, self._stumps(period_id, subset, codes))
        if plot_area is None:
            plot_area = self.trace.input(
                "equal plot weights (no plot_area given)", np.ones(subset.n_rows), "ha"
            )
        return eq.c_from_plots(total, plot_area, codes, self.area)

    def _standing_dead(self, period_id: str, plots: Any, codes: np.ndarray) -> Traced:
        """Carbon of standing dead trees per plot area, AR-TOOL12 Eq 2-3 [t CO2e/ha]."""
        table = self.inputs.standing_dead_trees
        if table is None or "plot_area" not in plots.columns:
            return self.trace.input(
                "no standing dead trees recorded", np.zeros(plots.n_rows), "t CO2e / ha"
            )
        selected = table.take(table.text("period") == period_id)
        plot_ids = plots.text("plot")
        order = np.argsort(plot_ids)
        plot_of_tree = order[np.searchsorted(plot_ids[order], selected.text("plot"))]
        label = f"inputs.standing_dead_trees[period={period_id}]"
        a, b, c = self._allometry(codes[plot_of_tree])
        living = eq.b_tree_allometric(
            a,
            b,
            c,
            self.trace.input(f"{label}:dbh", selected.number("dbh")),
            self.trace.input(f"{label}:height", selected.number("height")),
            trace_as="b_standing_dead_alive",
        )
        self._check_finite_biomass(living, codes[plot_of_tree])
        alpha = self.parameters.lookup("standing_dead_alpha", state=selected.text("state"))
        roots = self.parameters.get("root_shoot_tree")
        biomass = eq.b_standing_dead(living, roots, alpha)
        carbon = eq.agb_plot_from_trees(
            biomass,
            plot_of_tree,
            self.trace.input(f"{label}:plot_area", plots.number("plot_area")),
            trace_as="b_sdt_plot",
        )
        return eq.c_per_area(carbon, self.parameters.get("cf_dead_wood"), trace_as="c_sdt_per_ha")

    def _stumps(self, period_id: str, plots: Any, codes: np.ndarray) -> Traced:
        """Carbon of stumps and broken trees per plot area, AR-TOOL12 Eq 4-5 [t CO2e/ha]."""
        table = self.inputs.stumps
        if table is None or "plot_area" not in plots.columns:
            return self.trace.input("no stumps recorded", np.zeros(plots.n_rows), "t CO2e / ha")
        selected = table.take(table.text("period") == period_id)
        plot_ids = plots.text("plot")
        order = np.argsort(plot_ids)
        stump_plot = order[np.searchsorted(plot_ids[order], selected.text("plot"))]
        label = f"inputs.stumps[period={period_id}]"
        height = self.trace.input(f"{label}:height", selected.number("height"))
        threshold = self.parameters.get("stump_taper_threshold").scalar("m")
        heights = np.asarray(height.to("m"))
        tall = np.flatnonzero(heights > threshold)
        d_mid = np.zeros(selected.n_rows)
        refs: tuple[str, ...] = (f"input:{label}:mid_diameter",)
        if "mid_diameter" in selected.columns:
            short = np.flatnonzero(heights <= threshold)
            d_mid[short] = selected.number("mid_diameter").to("cm")[short]
        if tall.size:
            tapered = eq.mid_diameter(
                self.trace.input(
                    f"{label}:dbh (pieces above {threshold:g} m)",
                    selected.number("dbh").to("cm")[tall],
                    "cm",
                ),
                Traced(heights[tall], "m", height.refs),
                self.parameters.get("breast_height"),
                self.parameters.get("stump_taper", constant="a"),
                self.parameters.get("stump_taper", constant="b"),
            )
            d_mid[tall] = np.asarray(tapered.magnitude)
            refs = (*refs, *tapered.refs)
        density = np.array(
            [
                s.wood_density.m_as("t / m**3") if s.wood_density is not None else 0.0
                for s in self.strata
            ]
        )[codes]
        return eq.c_stumps(
            Traced(d_mid, "cm", refs),
            height,
            self.parameters.lookup(
                "dead_wood_density_class", decay_class=selected.text("decay_class")
            ),
            stump_plot,
            self.trace.input(
                f"inputs.plots[period={period_id}]:plot_area", plots.number("plot_area")
            ),
            self.trace.input("inputs.strata[*].wood_density (by plot)", density, "t / m**3"),
            self.parameters.get("root_shoot_tree"),
            self.parameters.get("cf_dead_wood"),
        )

    def _lying_dead(self, period_id: str, plots: Any, codes: np.ndarray) -> Traced:
        """Carbon of lying dead wood per unit area, AR-TOOL12 Eq 6 [t CO2e/m²]."""
        table = self.inputs.lying_dead_wood
        if table is None:
            return self.trace.input(
                "no lying dead wood recorded", np.zeros(plots.n_rows), "t CO2e / m**2"
            )
        selected = table.take(table.text("period") == period_id)
        plot_ids = plots.text("plot")
        order = np.argsort(plot_ids)
        piece_plot = order[np.searchsorted(plot_ids[order], selected.text("plot"))]
        density = np.array(
            [
                s.wood_density.m_as("t / m**3") if s.wood_density is not None else 0.0
                for s in self.strata
            ]
        )[codes]
        label = f"inputs.lying_dead_wood[period={period_id}]"
        return eq.c_lying_dead_wood(
            self.trace.input(f"{label}:diameter", selected.number("diameter")),
            self.parameters.lookup(
                "dead_wood_density_class", decay_class=selected.text("decay_class")
            ),
            piece_plot,
            self.trace.input(
                f"inputs.plots[period={period_id}]:transect_length", plots.number("transect_length")
            ),
            self.trace.input("inputs.strata[*].wood_density (by plot)", density, "t / m**3"),
            self.parameters.get("cf_dead_wood"),
        )


@equation(
    "mrv sign convention (DESIGN principle 4)",
    "net emission = -removal",
    returns="t CO2e",
    args={"removal": "t CO2e"},
    symbol="net_emission",
)
def _as_net_emission(removal: Numeric) -> Numeric:
    """Write a removal as a net emission [t CO2e]."""
    return -removal


def _difference(later: np.ndarray | None, earlier: np.ndarray | float | None) -> np.ndarray | None:
    """Change of a stock by stratum from its parts at two times; None when either is unknown."""
    if later is None or earlier is None:
        return None
    return later - earlier


def _sum(earlier: np.ndarray | None, change: np.ndarray | None) -> np.ndarray | None:
    """Add a change by stratum to earlier parts of a stock; None when either is unknown."""
    if earlier is None or change is None:
        return None
    return earlier + change


def calculate(context: mrv.CalculationContext) -> list[mrv.PeriodOutcome]:
    """Compute every monitoring period of a forest-reclamation project."""
    calculation = ForestCalculation(context)
    previous: dict[str, Stock] = {}
    return [
        calculation.period(index, previous)
        for index in range(len(context.document.monitoring_periods))
    ]
