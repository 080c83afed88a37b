r"""Equations of the forest-reclamation methodology, each citing its standard and number.

Symbols follow the tools (AR-TOOL14 v04.2, AR-TOOL12 v03.1, AR-TOOL16 v01.1.0, AR-TOOL08
v04.0.0, AR-TOOL15 v02.0) and AR-ACM0003 v02.0, one module per part of a tool. Bodies are numpy
expressions; ``co2_per_c`` is the CO2/C ratio from the unit registry (``UNIT_RATIO``), never typed
by hand.
"""

from __future__ import annotations

from .balance import baseline_removals, project_stock_change
from .baseline_shrubs import c_shrub, c_tree_baseline, dc_tree_baseline
from .burning import fire_ch4, fire_dead_organic_matter, fire_n2o, ghg_site_preparation
from .dead_wood import (
    b_standing_dead,
    c_dead_organic_matter,
    c_dead_organic_matter_per_area,
    c_dead_wood_plot,
    c_from_plots,
    c_litter_measured,
    c_lying_dead_wood,
    c_per_area,
    c_stumps,
    mid_diameter,
)
from .documents import ACM, TOOL08, TOOL12, TOOL14, TOOL15, TOOL16, K
from .leakage import biomass_loss, leakage, soc_loss_displacement
from .soil import delta_soc, dsoc_rate, soc_initial, soc_loss
from .stock_change import (
    annual_change,
    change_in_stock,
    change_on_plot,
    change_over_years,
    discount_amount,
    stock_from_change,
    u_change,
    u_remeasured,
    u_stock_from_change,
)
from .stratified import b_stratum, b_tree_weighted, c_tree, s2_stratum, stratum_weights, u_stock
from .tree_biomass import (
    agb_from_volume,
    agb_plot_from_sums,
    agb_plot_from_trees,
    b_tree_allometric,
    b_with_roots,
    root_shoot_cairns,
)

__all__ = [
    "ACM",
    "TOOL08",
    "TOOL12",
    "TOOL14",
    "TOOL15",
    "TOOL16",
    "K",
    "agb_from_volume",
    "agb_plot_from_sums",
    "agb_plot_from_trees",
    "annual_change",
    "b_standing_dead",
    "b_stratum",
    "b_tree_allometric",
    "b_tree_weighted",
    "b_with_roots",
    "baseline_removals",
    "biomass_loss",
    "c_dead_organic_matter",
    "c_dead_organic_matter_per_area",
    "c_dead_wood_plot",
    "c_from_plots",
    "c_litter_measured",
    "c_lying_dead_wood",
    "c_per_area",
    "c_shrub",
    "c_stumps",
    "c_tree",
    "c_tree_baseline",
    "change_in_stock",
    "change_on_plot",
    "change_over_years",
    "dc_tree_baseline",
    "delta_soc",
    "discount_amount",
    "dsoc_rate",
    "fire_ch4",
    "fire_dead_organic_matter",
    "fire_n2o",
    "ghg_site_preparation",
    "leakage",
    "mid_diameter",
    "project_stock_change",
    "root_shoot_cairns",
    "s2_stratum",
    "soc_initial",
    "soc_loss",
    "soc_loss_displacement",
    "stock_from_change",
    "stratum_weights",
    "u_change",
    "u_remeasured",
    "u_stock",
    "u_stock_from_change",
]
