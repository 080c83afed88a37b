"""Orchestration of one project: per monitoring period, each pool, event and deduction.

Plots and trees are handled as arrays (one pass per equation over all plots of a period); only
strata, periods and events are iterated in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

import mrv
from mrv.contract.equations import Numeric, Trace, Traced, equation
from mrv.model.table import positions
from mrv.tools.parts import keyed

from . import equations as eq
from .baseline import Baseline
from .burning import Burning
from .dead_wood import DeadOrganicMatter
from .inputs import ForestInputs, Stratum
from .leakage import Leakage
from .plot_biomass import PlotBiomass
from .shrubs import ShrubStocks
from .soil_carbon import SoilCarbon
from .stocks import Stock, _difference
from .tree_stocks import TreeStocks

T = TypeVar("T")

TOOL14 = eq.TOOL14


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


class ForestCalculation(
    PlotBiomass, TreeStocks, ShrubStocks, DeadOrganicMatter, SoilCarbon, Burning, Leakage, Baseline
):
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

    # --- trees, ex-post ----------------------------------------------------------------

    # --- trees, ex-ante -----------------------------------------------------------------

    # --- the other pools -----------------------------------------------------------------

    # --- events --------------------------------------------------------------------------

    # --- baseline ------------------------------------------------------------------------

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

    def _as_net_emission_parts(self, removal: np.ndarray | None) -> dict[str, float] | None:
        """Parts of a removal by stratum, written as net emissions keyed by stratum id [t CO2e]."""
        return None if removal is None else keyed(self.ids, removal, sign=-1.0)


@equation(
    "mrv sign convention (docs/index.md#the-report)",
    "net emission = -removal",
    returns="t CO2e",
    args={"removal": "t CO2e"},
    symbol="net_emission",
)
def _as_net_emission(removal: Numeric) -> Numeric:
    """Write a removal as a net emission [t CO2e]."""
    return -removal


def calculate(context: mrv.CalculationContext) -> list[mrv.PeriodOutcome]:
    """Compute every monitoring period of a forest-reclamation project."""
    calculation = ForestCalculation(context)
    previous: dict[str, Stock] = {}
    return [
        calculation.period(index, previous)
        for index in range(len(context.document.monitoring_periods))
    ]
