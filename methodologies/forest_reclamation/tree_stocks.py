"""AR-TOOL14 v04.2 Eq 1-17: the tree stock of a stratified inventory, its change and uncertainty."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import numpy as np

import mrv
from mrv.contract.equations import Numeric, Traced, equation
from mrv.model.project import MonitoringPeriod
from mrv.tools.parts import in_proportion
from mrv.tools.sampling import t_value
from mrv.tools.timespan import years_between

from . import equations as eq
from .equations import TOOL14
from .stocks import PlotState, Stock, TreeChange, _difference, _sum


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


class TreeStocks:
    """Tree stocks ex-post (stratified plots, remeasured plots) and ex-ante (growth curves)."""

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
