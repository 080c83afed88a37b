"""AR-TOOL14 v04.2 Appendix 1: biomass of each plot from plot totals, volume and BEF, or trees."""

from __future__ import annotations

from typing import Any

import numpy as np

import mrv
from mrv.contract.equations import Numeric, Traced, equation
from mrv.model.table import positions
from mrv.tools.sampling import sum_by_code

from . import equations as eq
from .equations import TOOL14

ROUTES = ("plot_biomass", "plot_volume", "tree_allometry")


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


def _declared_or(declared: list[Any], default: Traced, unit: str) -> Any:
    """Each stratum's declared value, or the default parameter where none is declared [unit].

    Under Monte Carlo a drawn default carries the iteration axis, and so does the result.
    """
    own = np.array([np.nan if d is None else float(d.m_as(unit)) for d in declared])
    return own if not np.isnan(own).any() else np.where(np.isnan(own), default.to(unit), own)


class PlotBiomass:
    """Above- and below-ground biomass of the plots of an inventory."""

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
