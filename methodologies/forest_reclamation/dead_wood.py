"""AR-TOOL12 v03.1: dead wood and litter, by default factors or measured on the plots."""

from __future__ import annotations

from typing import Any

import numpy as np

from mrv.contract.equations import Traced
from mrv.tools.parts import in_proportion

from . import equations as eq
from .stocks import Stock


class DeadOrganicMatter:
    """Dead wood (standing, lying, stumps) and litter stocks and their change."""

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
