"""AR-TOOL12 v03.1: dead wood and litter by default factors or measured."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import UNIT_RATIO, Numeric, equation, total
from mrv.tools.sampling import stratum_means, sum_by_code

from .documents import TOOL12, K

# --- AR-TOOL12: dead wood and litter, default-factor route --------------------------------


@equation(
    TOOL12,
    "Eq 9 / Eq 15 (per area)",
    returns="t CO2e / ha",
    args={"c_tree": "t CO2e / ha", "factor": "1"},
    symbol="c_dom_per_area",
)
def c_dead_organic_matter_per_area(c_tree: Numeric, factor: Numeric) -> Numeric:
    r"""Dead wood or litter stock per area as a share of the tree stock per area [t CO2e/ha]."""
    return c_tree * factor


@equation(
    TOOL12,
    "Eq 9 / Eq 15",
    returns="t CO2e",
    args={"c_tree": "t CO2e", "factor": "1"},
    symbol="c_dom",
)
def c_dead_organic_matter(c_tree: Numeric, factor: Numeric) -> Numeric:
    r"""Dead wood (Eq 9) or litter (Eq 15) stock as a share of the tree stock [t CO2e].

    .. math:: C_{DW,i} = C_{TREE,i} \cdot DF_{DW} \qquad C_{LI,i} = C_{TREE,i} \cdot DF_{LI}
    """
    return c_tree * factor


# --- AR-TOOL12: dead wood and litter, measured route --------------------------------------


@equation(
    TOOL12,
    "Eq 2",
    returns="t",
    args={"tree_biomass": "t", "root_shoot": "1", "alpha": "1"},
    symbol="b_standing_dead",
)
def b_standing_dead(tree_biomass: Numeric, root_shoot: Numeric, alpha: Numeric) -> Numeric:
    r"""Biomass of standing dead trees from the living-tree allometry [t].

    .. math:: B_{SDT} = (1 + R) \sum f(DBH, H) \cdot \alpha
    """
    return (1 + root_shoot) * tree_biomass * alpha


@equation(
    TOOL12,
    "Eq 3",
    returns="t CO2e / ha",
    args={"biomass": "t / ha", "cf": "t C / t", "co2_per_c": K},
    symbol="c_per_area",
)
def c_per_area(biomass: Numeric, cf: Numeric, co2_per_c: Numeric = UNIT_RATIO) -> Numeric:
    r"""Carbon stock per area from biomass per area [t CO2e/ha].

    .. math:: C = \frac{44}{12} \cdot CF \cdot B
    """
    return co2_per_c * cf * biomass


@equation(
    TOOL12,
    "Eq 6 (per unit area)",
    returns="t CO2e / m**2",
    args={
        "diameter": "m",
        "beta": "1",
        "piece_plot": None,
        "transect_length": "m",
        "density": "t / m**3",
        "cf": "t C / t",
        "co2_per_c": K,
    },
    symbol="c_lying_dead_wood",
)
def c_lying_dead_wood(
    diameter: Numeric,
    beta: Numeric,
    piece_plot: Numeric,
    transect_length: Numeric,
    density: Numeric,
    cf: Numeric,
    co2_per_c: Numeric = UNIT_RATIO,
) -> Numeric:
    r"""Carbon in lying dead wood of each plot per unit area, by line intersect [t CO2e/m²].

    .. math:: \frac{C_{LDW,p}}{a_p} = \frac{44}{12} CF \cdot D \cdot \frac{\pi^2}{8 L_p} \sum_n D_n^2 \beta_n

    ``piece_plot`` is the index of each piece's plot in ``transect_length`` (and ``density``).
    """
    squares = sum_by_code(diameter**2 * beta, piece_plot, len(transect_length))
    return co2_per_c * cf * density * np.pi**2 * squares / (8 * transect_length)


@equation(
    TOOL12,
    "Eq 4",
    returns="cm",
    args={"dbh": "cm", "height": "m", "breast_height": "m", "a": "1", "b": "1"},
    symbol="d_mid",
)
def mid_diameter(
    dbh: Numeric, height: Numeric, breast_height: Numeric, a: Numeric, b: Numeric
) -> Numeric:
    r"""Diameter at mid-height of a stump or broken tree taller than 4 m, from its DBH [cm].

    .. math:: D_{mid} = 0.57 \cdot DBH \cdot \left(\frac{H}{H - h_{dbh}}\right)^{0.80}
    """
    return a * dbh * (height / (height - breast_height)) ** b


@equation(
    TOOL12,
    "Eq 5 (per unit area)",
    returns="t CO2e / ha",
    args={
        "d_mid": "m",
        "height": "m",
        "beta": "1",
        "stump_plot": None,
        "plot_area": "ha",
        "density": "t / m**3",
        "root_shoot": "1",
        "cf": "t C / t",
        "co2_per_c": K,
    },
    symbol="c_stumps",
)
def c_stumps(
    d_mid: Numeric,
    height: Numeric,
    beta: Numeric,
    stump_plot: Numeric,
    plot_area: Numeric,
    density: Numeric,
    root_shoot: Numeric,
    cf: Numeric,
    co2_per_c: Numeric = UNIT_RATIO,
) -> Numeric:
    r"""Carbon in stumps and broken trees of each plot per unit area [t CO2e/ha].

    .. math:: \frac{C_{STUMP,p}}{a_p} = \frac{44}{12} CF \cdot D (1 + R) \frac{\pi}{4} \sum_j D_{mid,j}^2 H_j \beta_j \Big/ a_p
    """
    volume = sum_by_code(np.pi / 4 * d_mid**2 * height * beta, stump_plot, len(plot_area))
    return co2_per_c * cf * density * (1 + root_shoot) * volume / plot_area


@equation(
    TOOL12,
    "Eq 7 (dead wood of a plot)",
    returns="t CO2e / ha",
    args={"standing": "t CO2e / ha", "lying": "t CO2e / ha", "stumps": "t CO2e / ha"},
    symbol="c_dw_plot",
)
def c_dead_wood_plot(standing: Numeric, lying: Numeric, stumps: Numeric) -> Numeric:
    r"""Dead wood of each plot per area: standing dead trees plus lying dead wood [t CO2e/ha].

    .. math:: C_{DW,p} = C_{SDT,p} + C_{LDW,p} + C_{STUMP,p}
    """
    return standing + lying + stumps


@equation(
    TOOL12,
    "Eq 7-8 (stratum from plots, area-weighted)",
    returns="t CO2e",
    args={"per_area": "t CO2e / ha", "plot_area": "ha", "stratum_of_plot": None, "area": "ha"},
    symbol="c_dw_measured",
)
def c_from_plots(
    per_area: Numeric, plot_area: Numeric, stratum_of_plot: Numeric, area: Numeric
) -> Numeric:
    r"""Stock of the project from plot stocks per area, scaled to each stratum [t CO2e].

    .. math:: C_i = \frac{A_i}{\sum_p a_p} \sum_p C_p, \quad C = \sum_i C_i
    """
    strata = len(area)
    totals = sum_by_code(per_area * plot_area, stratum_of_plot, strata)
    sampled = sum_by_code(plot_area, stratum_of_plot, strata)
    return total(
        np.divide(totals, sampled, out=np.zeros(np.shape(totals)), where=sampled > 0) * area
    )


@equation(
    TOOL12,
    "Eq 13-14 (litter, measured dry mass)",
    returns="t CO2e",
    args={
        "litter": "t / ha",
        "stratum_of_plot": None,
        "area": "ha",
        "cf": "t C / t",
        "co2_per_c": K,
    },
    symbol="c_li_measured",
)
def c_litter_measured(
    litter: Numeric,
    stratum_of_plot: Numeric,
    area: Numeric,
    cf: Numeric,
    co2_per_c: Numeric = UNIT_RATIO,
) -> Numeric:
    r"""Litter carbon from the mean measured litter dry mass of each stratum [t CO2e].

    .. math:: C_{LI} = \frac{44}{12} CF_{LI} \sum_i A_i \overline{B}_{LI,i}

    The frame-to-hectare step of Eq 12 is done before input (its constant is transcribed only).
    """
    means = stratum_means(litter, stratum_of_plot, len(area))[0]
    return co2_per_c * cf * total(np.nan_to_num(means) * area)
