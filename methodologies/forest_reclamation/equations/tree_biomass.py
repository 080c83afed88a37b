"""AR-TOOL14 v04.2 Appendix 1: tree and plot biomass (allometry, volume and BEF, roots)."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import Numeric, equation
from mrv.tools.sampling import sum_by_code

from .documents import TOOL14

# --- AR-TOOL14: tree biomass of plots (Appendix 1) ---------------------------------------


@equation(
    TOOL14,
    "Appendix 1 (allometric equation)",
    returns="kg",
    args={"a": "1", "b": "1", "c": "1", "dbh": "cm", "height": "m"},
    symbol="b_tree_allometric",
)
def b_tree_allometric(a: Numeric, b: Numeric, c: Numeric, dbh: Numeric, height: Numeric) -> Numeric:
    r"""Dry biomass of one tree from an allometric equation [kg].

    .. math:: B = a \cdot DBH^{b} \cdot H^{c}

    Parameters
    ----------
    a, b, c : float or array
        Coefficients of the declared equation [dimensionless; B in kg, DBH in cm, H in m].
    dbh : array
        Diameter at breast height [cm].
    height : array
        Tree height [m].
    """
    return a * dbh**b * height**c


@equation(
    TOOL14,
    "Appendix 1 (b_p = sum of B / A_PLOT)",
    returns="t / ha",
    args={"tree_biomass": "t", "plot_of_tree": None, "plot_area": "ha"},
    symbol="agb_plot",
)
def agb_plot_from_trees(
    tree_biomass: Numeric, plot_of_tree: Numeric, plot_area: Numeric
) -> Numeric:
    r"""Above-ground biomass of each plot per hectare [t/ha].

    .. math:: b_p = \frac{\sum_l B_l}{A_{PLOT,p}}

    Parameters
    ----------
    tree_biomass : array
        Biomass of each tree [t].
    plot_of_tree : array of int
        Index of each tree's plot in ``plot_area``.
    plot_area : array
        Area of each plot [ha].
    """
    return sum_by_code(tree_biomass, plot_of_tree, len(plot_area)) / plot_area


@equation(
    TOOL14,
    "Appendix 1 (b_p = sum of B / A_PLOT)",
    returns="t / ha",
    args={"biomass_sum": "t", "plot_area": "ha"},
    symbol="agb_plot",
)
def agb_plot_from_sums(biomass_sum: Numeric, plot_area: Numeric) -> Numeric:
    r"""Above-ground biomass of each plot per hectare, from its trees' summed biomass [t/ha].

    .. math:: b_p = \frac{\sum_l B_l}{A_{PLOT,p}}

    Parameters
    ----------
    biomass_sum : array
        Biomass of each plot's trees, summed [t] (summed block by block for large tables).
    plot_area : array
        Area of each plot [ha].
    """
    return biomass_sum / plot_area


@equation(
    TOOL14,
    "Appendix 1 (B = V D BEF_2)",
    returns="t / ha",
    args={"volume": "m**3 / ha", "wood_density": "t / m**3", "bef": "1"},
    symbol="agb_plot",
)
def agb_from_volume(volume: Numeric, wood_density: Numeric, bef: Numeric) -> Numeric:
    r"""Above-ground biomass from stem volume [t/ha].

    .. math:: b = V \cdot D \cdot BEF_2

    Parameters
    ----------
    volume : array
        Stem volume [m³/ha].
    wood_density : float
        Basic wood density D [t/m³].
    bef : float
        Biomass expansion factor BEF_2 [dimensionless].
    """
    return volume * wood_density * bef


@equation(
    TOOL14,
    "Appendix 1 (root-shoot ratio, Cairns form)",
    returns="1",
    args={"agb": "t / ha", "intercept": "1", "slope": "1"},
    symbol="root_shoot",
)
def root_shoot_cairns(agb: Numeric, intercept: Numeric, slope: Numeric) -> Numeric:
    r"""Root-shoot ratio from above-ground biomass [dimensionless].

    .. math:: R = \frac{\exp(-1.085 + 0.9256 \ln b)}{b}

    Parameters
    ----------
    agb : array
        Above-ground biomass b [t d.m./ha]; where it is 0 the ratio is taken as 0 (no biomass,
        no roots), the limit of b·R as b falls to 0.
    intercept, slope : float
        Coefficients (-1.085 and 0.9256 by default) [dimensionless].
    """
    positive = agb > 0
    everywhere = bool(np.all(positive))
    safe = agb if everywhere else np.where(positive, agb, 1.0)
    # the same operations in the same order, on one array: Monte Carlo arrays are large
    shape = np.broadcast_shapes(np.shape(agb), np.shape(intercept), np.shape(slope))
    ratio = np.log(safe)
    ratio = np.multiply(ratio, slope, out=ratio if ratio.shape == shape else None)
    np.add(ratio, intercept, out=ratio)
    np.exp(ratio, out=ratio)
    np.divide(ratio, safe, out=ratio)
    return ratio if everywhere else np.where(positive, ratio, 0.0)


@equation(
    TOOL14,
    "Appendix 1 (b = AGB (1 + R))",
    returns="t / ha",
    args={"agb": "t / ha", "root_shoot": "1"},
    symbol="b_plot",
)
def b_with_roots(agb: Numeric, root_shoot: Numeric) -> Numeric:
    r"""Above- and below-ground biomass [t/ha].

    .. math:: b = AGB \cdot (1 + R)
    """
    return agb * (1 + root_shoot)
