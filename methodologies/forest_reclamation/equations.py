r"""Equations of the forest-reclamation methodology, each citing its standard and number.

Symbols follow the tools (AR-TOOL14 v04.2, AR-TOOL12 v03.1, AR-TOOL16 v01.1.0, AR-TOOL08
v04.0.0, AR-TOOL15 v02.0) and AR-ACM0003 v02.0. Bodies are numpy expressions; ``co2_per_c``
is the CO2/C ratio from the unit registry (``UNIT_RATIO``), never typed by hand.
"""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import UNIT_RATIO, Numeric, equation, total
from mrv.tools.sampling import stratum_means, stratum_variances, sum_by_code, weighted_uncertainty

TOOL14 = "AR-TOOL14 v04.2"
TOOL12 = "AR-TOOL12 v03.1"
TOOL16 = "AR-TOOL16 v01.1.0"
TOOL08 = "AR-TOOL08 v04.0.0"
TOOL15 = "AR-TOOL15 v02.0"
ACM = "AR-ACM0003 v02.0"
K = "t CO2e / t C"


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


# --- AR-TOOL14: stratified estimation (Eq 12-17) ------------------------------------------


@equation(
    TOOL14,
    "Eq 15 (stratum mean of plots)",
    returns="t / ha",
    args={"b_plot": "t / ha", "stratum_of_plot": None, "strata": None},
    symbol="b_stratum",
)
def b_stratum(b_plot: Numeric, stratum_of_plot: Numeric, strata: Numeric) -> Numeric:
    r"""Mean biomass of the plots of each stratum [t/ha].

    .. math:: b_{TREE,i} = \frac{1}{n_i}\sum_p b_{p,i}
    """
    return stratum_means(b_plot, stratum_of_plot, strata)[0]


@equation(
    TOOL14,
    "Eq 17 (sample variance of plots)",
    returns="t**2 / ha**2",
    args={"b_plot": "t / ha", "stratum_of_plot": None, "strata": None},
    symbol="s2_stratum",
)
def s2_stratum(b_plot: Numeric, stratum_of_plot: Numeric, strata: Numeric) -> Numeric:
    r"""Sample variance of plot biomass in each stratum [(t/ha)²].

    .. math:: s_i^2 = \frac{n_i \sum_p b_{p,i}^2 - (\sum_p b_{p,i})^2}{n_i (n_i - 1)}
    """
    return stratum_variances(b_plot, stratum_of_plot, strata)


@equation(TOOL14, "Eq 14 (w_i = A_i / A)", returns="1", args={"area": "ha"}, symbol="w")
def stratum_weights(area: Numeric) -> Numeric:
    r"""Weight of each stratum [dimensionless].

    .. math:: w_i = A_i / A
    """
    return area / np.sum(area, axis=-1, keepdims=True)


@equation(
    TOOL14,
    "Eq 13 (b_TREE = sum w_i b_i)",
    returns="t / ha",
    args={"weights": "1", "b": "t / ha"},
    symbol="b_tree",
)
def b_tree_weighted(weights: Numeric, b: Numeric) -> Numeric:
    r"""Stratified mean biomass of the project [t/ha].

    .. math:: b_{TREE} = \sum_i w_i \cdot b_{TREE,i}
    """
    return total(weights * b)


@equation(
    TOOL14,
    "Eq 12",
    returns="t CO2e",
    args={"b_tree": "t / ha", "area": "ha", "cf": "t C / t", "co2_per_c": K},
    symbol="c_tree",
)
def c_tree(b_tree: Numeric, area: Numeric, cf: Numeric, co2_per_c: Numeric = UNIT_RATIO) -> Numeric:
    r"""Carbon stock in trees [t CO2e].

    .. math:: C_{TREE} = \frac{44}{12} \cdot CF_{TREE} \cdot A \cdot b_{TREE}

    Parameters
    ----------
    b_tree : float or array
        Stratified mean tree biomass [t d.m./ha].
    area : float or array
        Total area A [ha] (summed over the last axis when given per stratum).
    cf : float
        Carbon fraction CF_TREE [t C / t d.m.].
    co2_per_c : float
        CO2 per C, from the registry [t CO2e / t C].
    """
    return co2_per_c * cf * total(area) * b_tree


@equation(
    TOOL14,
    "Eq 16 (u_C)",
    returns="1",
    args={"weights": "1", "s2": "t**2 / ha**2", "counts": None, "b_tree": "t / ha", "t_value": "1"},
    symbol="u_c",
)
def u_stock(
    weights: Numeric, s2: Numeric, counts: Numeric, b_tree: Numeric, t_value: Numeric
) -> Numeric:
    r"""Relative uncertainty of the tree stock at 90 % confidence [fraction].

    .. math:: u_C = \frac{t_{VAL} \sqrt{\sum_i w_i^2 s_i^2 / n_i}}{b_{TREE}}
    """
    return weighted_uncertainty(weights, s2, counts, b_tree, t_value)


@equation(
    TOOL14, "Eq 1", returns="t CO2e", args={"c_t2": "t CO2e", "c_t1": "t CO2e"}, symbol="dc_tree"
)
def change_in_stock(c_t2: Numeric, c_t1: Numeric) -> Numeric:
    r"""Change of a carbon stock between two inventories [t CO2e].

    .. math:: \Delta C = C_{t2} - C_{t1}
    """
    return c_t2 - c_t1


@equation(
    TOOL14,
    "Eq 3 (change on a remeasured plot)",
    returns="t / ha",
    args={"b_t2": "t / ha", "b_t1": "t / ha"},
    symbol="db_plot",
)
def change_on_plot(b_t2: Numeric, b_t1: Numeric) -> Numeric:
    r"""Change of tree biomass on each permanent plot between two inventories [t/ha].

    .. math:: \Delta b_p = b_{p,t2} - b_{p,t1}
    """
    return b_t2 - b_t1


@equation(
    TOOL14,
    "Eq 6-8 (u of a change from remeasured plots)",
    returns="1",
    args={
        "weights": "1",
        "s2": "t**2 / ha**2",
        "counts": None,
        "db_tree": "t / ha",
        "t_value": "1",
    },
    symbol="u_dc",
)
def u_remeasured(
    weights: Numeric, s2: Numeric, counts: Numeric, db_tree: Numeric, t_value: Numeric
) -> Numeric:
    r"""Relative uncertainty of a change estimated on remeasured plots [fraction].

    .. math:: u_{\Delta C} = \frac{t_{VAL} \sqrt{\sum_i w_i^2 s_{\Delta,i}^2 / n_i}}{|\Delta b_{TREE}|}

    Zero where the change is zero.
    """
    spread = t_value * np.sqrt(total(weights**2 * s2 / counts))
    size = np.abs(db_tree)
    return np.divide(
        spread, size, out=np.zeros_like(spread * size, dtype=np.float64), where=size > 0
    )


@equation(
    TOOL14, "Eq 22", returns="t CO2e", args={"c_t1": "t CO2e", "change": "t CO2e"}, symbol="c_tree"
)
def stock_from_change(c_t1: Numeric, change: Numeric) -> Numeric:
    r"""Stock at the later inventory from the earlier stock and the change [t CO2e].

    .. math:: C_{t2} = C_{t1} + \Delta C
    """
    return c_t1 + change


@equation(
    TOOL14,
    "Eq 23",
    returns="1",
    args={"u1": "1", "c_t1": "t CO2e", "u_change": "1", "change": "t CO2e", "c_t2": "t CO2e"},
    symbol="u_c",
)
def u_stock_from_change(
    u1: Numeric, c_t1: Numeric, u_change: Numeric, change: Numeric, c_t2: Numeric
) -> Numeric:
    r"""Relative uncertainty of a stock obtained as earlier stock plus change [fraction].

    .. math:: u_2 = \frac{\sqrt{(u_1 C_{t1})^2 + (u_{\Delta C} \Delta C)^2}}{C_{t2}}
    """
    spread = np.sqrt((u1 * c_t1) ** 2 + (u_change * change) ** 2)
    return np.divide(
        spread, c_t2, out=np.zeros_like(spread * c_t2, dtype=np.float64), where=c_t2 > 0
    )


@equation(
    TOOL14,
    "Eq 2",
    returns="1",
    args={"u1": "1", "c_t1": "t CO2e", "u2": "1", "c_t2": "t CO2e", "change": "t CO2e"},
    symbol="u_dc",
)
def u_change(u1: Numeric, c_t1: Numeric, u2: Numeric, c_t2: Numeric, change: Numeric) -> Numeric:
    r"""Relative uncertainty of a stock change from two independent estimates [fraction].

    Zero where the change is zero: there is then nothing to discount.

    .. math:: u_{\Delta C} = \frac{\sqrt{(u_1 C_{t1})^2 + (u_2 C_{t2})^2}}{|\Delta C|}
    """
    spread = np.sqrt((u1 * c_t1) ** 2 + (u2 * c_t2) ** 2)
    size = np.abs(change)
    return np.divide(
        spread, size, out=np.zeros_like(spread * size, dtype=np.float64), where=size > 0
    )


@equation(
    TOOL14,
    "Appendix 2 (discount = d U |value|)",
    returns="t CO2e",
    args={"value": "t CO2e", "u": "1", "share": "1"},
    symbol="discount",
)
def discount_amount(value: Numeric, u: Numeric, share: Numeric) -> Numeric:
    r"""Amount by which an estimate moves toward the conservative side [t CO2e].

    .. math:: D = d \cdot U \cdot |\Delta C|

    Project estimates are lowered by D (a reversal made more negative), baseline estimates
    raised by D; either way the net benefit falls by D.
    """
    return share * u * np.abs(value)


@equation(
    TOOL14,
    "Eq 11",
    returns="t CO2e / yr",
    args={"change": "t CO2e", "years": "yr"},
    symbol="dc_tree_annual",
)
def annual_change(change: Numeric, years: Numeric) -> Numeric:
    r"""Annual change over an interval of T years, which may be fractional [t CO2e/yr].

    .. math:: \Delta C_t = \frac{C_{t2} - C_{t1}}{T}
    """
    return change / years


@equation(
    TOOL14,
    "Eq 10 (annual change over the years of a period)",
    returns="t CO2e",
    args={"annual": "t CO2e / yr", "years": "yr"},
    symbol="dc_period",
)
def change_over_years(annual: Numeric, years: Numeric) -> Numeric:
    r"""Change over a period from an annual change that applies to each year [t CO2e].

    .. math:: \Delta C = \Delta C_t \cdot T
    """
    return annual * years


@equation(
    TOOL14,
    "Eq 20-21",
    returns="t CO2e",
    args={
        "b_forest": "t / ha",
        "root_shoot": "1",
        "crown_cover": "1",
        "area": "ha",
        "cf": "t C / t",
        "co2_per_c": K,
    },
    symbol="c_tree_bsl",
)
def c_tree_baseline(
    b_forest: Numeric,
    root_shoot: Numeric,
    crown_cover: Numeric,
    area: Numeric,
    cf: Numeric,
    co2_per_c: Numeric = UNIT_RATIO,
) -> Numeric:
    r"""Baseline tree stock from crown cover [t CO2e].

    .. math:: C_{TREE,BSL,i} = \frac{44}{12} CF \cdot b_{FOREST} (1 + R_{TREE}) CC_{TREE,BSL,i} A_i
    """
    return total(co2_per_c * cf * b_forest * (1 + root_shoot) * crown_cover * area)


@equation(
    TOOL14,
    "Eq 9-10",
    returns="t CO2e / yr",
    args={
        "delta_b_forest": "t / ha / yr",
        "root_shoot": "1",
        "crown_cover": "1",
        "area": "ha",
        "cf": "t C / t",
        "co2_per_c": K,
    },
    symbol="dc_tree_bsl_annual",
)
def dc_tree_baseline(
    delta_b_forest: Numeric,
    root_shoot: Numeric,
    crown_cover: Numeric,
    area: Numeric,
    cf: Numeric,
    co2_per_c: Numeric = UNIT_RATIO,
) -> Numeric:
    r"""Annual baseline change of tree stock from crown cover [t CO2e/yr].

    .. math:: \Delta C_{TREE,BSL,i} = \frac{44}{12} CF \cdot \Delta b_{FOREST} (1 + R_{TREE}) CC_{TREE,BSL,i} A_i
    """
    return total(co2_per_c * cf * delta_b_forest * (1 + root_shoot) * crown_cover * area)


@equation(
    TOOL14,
    "Eq 26-27",
    returns="t CO2e",
    args={
        "b_forest": "t / ha",
        "bdr": "1",
        "cover": "1",
        "area": "ha",
        "root_shoot": "1",
        "cf": "t C / t",
        "minimum_cover": "1",
        "co2_per_c": K,
    },
    symbol="c_shrub",
)
def c_shrub(
    b_forest: Numeric,
    bdr: Numeric,
    cover: Numeric,
    area: Numeric,
    root_shoot: Numeric,
    cf: Numeric,
    minimum_cover: Numeric,
    co2_per_c: Numeric = UNIT_RATIO,
) -> Numeric:
    r"""Carbon stock in shrubs [t CO2e]; strata with cover below 5 % count as zero.

    .. math::

       b_{SHRUB,i} = BDR_{SF} \cdot b_{FOREST} \cdot CC_{SHRUB,i}

       C_{SHRUB} = \frac{44}{12} CF_S (1 + R_S) \sum_i A_i \cdot b_{SHRUB,i}
    """
    counted = np.where(cover < minimum_cover, 0.0, cover)
    return total(co2_per_c * cf * (1 + root_shoot) * area * bdr * b_forest * counted)


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


# --- AR-TOOL16: soil organic carbon --------------------------------------------------------


@equation(
    TOOL16,
    "Eq 1",
    returns="t C / ha",
    args={"soc_ref": "t C / ha", "f_lu": "1", "f_mg": "1", "f_in": "1"},
    symbol="soc_initial",
)
def soc_initial(soc_ref: Numeric, f_lu: Numeric, f_mg: Numeric, f_in: Numeric) -> Numeric:
    r"""SOC stock at the start of the project [t C/ha].

    .. math:: SOC_{INITIAL,i} = SOC_{REF,i} \cdot f_{LU,i} \cdot f_{MG,i} \cdot f_{IN,i}
    """
    return soc_ref * f_lu * f_mg * f_in


@equation(
    TOOL16,
    "Eq 2-3",
    returns="t C / ha",
    args={"soc_init": "t C / ha", "loss_fraction": "1", "disturbance": "1", "threshold": "1"},
    symbol="soc_loss",
)
def soc_loss(
    soc_init: Numeric, loss_fraction: Numeric, disturbance: Numeric, threshold: Numeric
) -> Numeric:
    r"""SOC lost to site preparation [t C/ha]: 10 % of SOC_INITIAL where more than 10 % is disturbed.

    .. math:: SOC_{LOSS,i} = 0.1 \cdot SOC_{INITIAL,i} \text{ if disturbance} > 10\,\%, \text{ else } 0
    """
    return np.where(disturbance > threshold, loss_fraction * soc_init, 0.0)


@equation(
    TOOL16,
    "Eq 6-7",
    returns="t C / ha / yr",
    args={
        "soc_ref": "t C / ha",
        "soc_init": "t C / ha",
        "soc_loss": "t C / ha",
        "transition": "yr",
        "cap": "t C / ha / yr",
    },
    symbol="dsoc_rate",
)
def dsoc_rate(
    soc_ref: Numeric, soc_init: Numeric, soc_loss: Numeric, transition: Numeric, cap: Numeric
) -> Numeric:
    r"""Annual SOC increase after site preparation, capped [t C/ha/yr].

    .. math:: dSOC_{t,i} = \min\left(\frac{SOC_{REF,i} - (SOC_{INITIAL,i} - SOC_{LOSS,i})}{20},\ 0.8\right)
    """
    return np.minimum((soc_ref - (soc_init - soc_loss)) / transition, cap)


@equation(
    TOOL16,
    "Eq 8",
    returns="t CO2e",
    args={"area": "ha", "dsoc": "t C / ha", "co2_per_c": K},
    symbol="dsoc_al",
)
def delta_soc(area: Numeric, dsoc: Numeric, co2_per_c: Numeric = UNIT_RATIO) -> Numeric:
    r"""Change of SOC stock over the eligible strata [t CO2e].

    .. math:: \Delta SOC_{AL,t} = \frac{44}{12} \sum_i A_i \cdot dSOC_{t,i}
    """
    return co2_per_c * total(area * dsoc)


# --- AR-TOOL08: non-CO2 emissions from burning ---------------------------------------------


@equation(
    TOOL08,
    "Eq 3",
    returns="t CO2e",
    args={
        "area": "ha",
        "b_tree": "t / ha",
        "cf_tree": "t C / t",
        "bdr": "1",
        "cf_shrub": "t C / t",
        "cover": "1",
        "b_forest": "t / ha",
        "ratio": "1",
        "co2_per_c": K,
    },
    symbol="ghg_spf",
)
def ghg_site_preparation(
    area: Numeric,
    b_tree: Numeric,
    cf_tree: Numeric,
    bdr: Numeric,
    cf_shrub: Numeric,
    cover: Numeric,
    b_forest: Numeric,
    ratio: Numeric,
    co2_per_c: Numeric = UNIT_RATIO,
) -> Numeric:
    r"""Non-CO2 emission from burning for site preparation [t CO2e].

    .. math:: GHG_{SPF} = 0.07 \sum_i A_{SPF,i} \frac{44}{12} (CF_{TREE} b_{TREE,i} + BDR_{SF} CF_S CC_{SHRUB,i} B_{FOREST})
    """
    return ratio * total(area * co2_per_c * (cf_tree * b_tree + bdr * cf_shrub * cover * b_forest))


def _burnt(area: Numeric, b_tree: Numeric, comf: Numeric, emission_factor: Numeric) -> Numeric:
    return total(area * b_tree * comf * emission_factor)


@equation(
    TOOL08,
    "Eq 6-7 (CH4)",
    returns="t CH4",
    args={"area": "ha", "b_tree": "t / ha", "comf": "1", "emission_factor": "t CH4 / t"},
    symbol="ghg_ff_tree_ch4",
)
def fire_ch4(area: Numeric, b_tree: Numeric, comf: Numeric, emission_factor: Numeric) -> Numeric:
    r"""Methane emitted by a forest fire [t CH4].

    .. math:: E_{CH4} = \sum_i A_{BURN,i} \cdot b_{TREE,i,tL} \cdot COMF \cdot EF_{CH4}

    The tool's 0.001 converts the factor from g/kg; here the declared unit does it (the table is
    in g CH4/kg and converts to t CH4/t on the way in). The engine applies the project's GWP set.
    """
    return _burnt(area, b_tree, comf, emission_factor)


@equation(
    TOOL08,
    "Eq 6-7 (N2O)",
    returns="t N2O",
    args={"area": "ha", "b_tree": "t / ha", "comf": "1", "emission_factor": "t N2O / t"},
    symbol="ghg_ff_tree_n2o",
)
def fire_n2o(area: Numeric, b_tree: Numeric, comf: Numeric, emission_factor: Numeric) -> Numeric:
    r"""Nitrous oxide emitted by a forest fire [t N2O].

    .. math:: E_{N2O} = \sum_i A_{BURN,i} \cdot b_{TREE,i,tL} \cdot COMF \cdot EF_{N2O}
    """
    return _burnt(area, b_tree, comf, emission_factor)


@equation(
    TOOL08,
    "Eq 8 (per-hectare stocks)",
    returns="t CO2e",
    args={"area": "ha", "c_dw": "t CO2e / ha", "c_li": "t CO2e / ha", "ratio": "1"},
    symbol="ghg_ff_dom",
)
def fire_dead_organic_matter(
    area: Numeric, c_dw: Numeric, c_li: Numeric, ratio: Numeric
) -> Numeric:
    r"""Non-CO2 emission from burnt dead wood and litter [t CO2e].

    .. math:: GHG_{FF,DOM} = 0.07 \sum_i A_{BURN,i} (C_{DW,i,tL} + C_{LI,i,tL}) / A_i

    Declared interpretation (formula sheet §2.6): per-hectare stocks, no 0.6 factor.
    """
    return ratio * total(area * (c_dw + c_li))


# --- AR-TOOL15: leakage from displaced agriculture -----------------------------------------


@equation(
    TOOL15,
    "Eq 2",
    returns="t C",
    args={
        "b_tree": "t / ha",
        "r_tree": "1",
        "b_shrub": "t / ha",
        "r_shrub": "1",
        "cf": "t C / t",
        "area": "ha",
        "dom_factor": "1",
    },
    symbol="dc_biomass",
)
def biomass_loss(
    b_tree: Numeric,
    r_tree: Numeric,
    b_shrub: Numeric,
    r_shrub: Numeric,
    cf: Numeric,
    area: Numeric,
    dom_factor: Numeric,
) -> Numeric:
    r"""Carbon in biomass lost where displaced activities arrive [t C].

    .. math:: \Delta C_{BIOMASS} = [1.1\, b_{TREE} (1 + R_{TREE}) + b_{SHRUB} (1 + R_S)] \cdot CF \cdot A_{DISP}
    """
    return (dom_factor * b_tree * (1 + r_tree) + b_shrub * (1 + r_shrub)) * cf * area


@equation(
    TOOL15,
    "Eq 3",
    returns="t C",
    args={"soc_ref": "t C / ha", "f_before": "1", "f_after": "1", "area": "ha"},
    symbol="dsoc_luc",
)
def soc_loss_displacement(
    soc_ref: Numeric, f_before: Numeric, f_after: Numeric, area: Numeric
) -> Numeric:
    r"""SOC lost where displaced activities arrive, zero if negative [t C].

    .. math:: \Delta SOC_{LUC} = \max(0,\ SOC_{REF} (f_{LU,P} f_{MG,P} f_{IN,P} - f_{LU,D} f_{MG,D} f_{IN,D}) A_{DISP})
    """
    return np.maximum(soc_ref * (f_before - f_after) * area, 0.0)


@equation(
    TOOL15,
    "Eq 1",
    returns="t CO2e",
    args={"dc_biomass": "t C", "dsoc_luc": "t C", "co2_per_c": K},
    symbol="lk_agric",
)
def leakage(dc_biomass: Numeric, dsoc_luc: Numeric, co2_per_c: Numeric = UNIT_RATIO) -> Numeric:
    r"""Leakage from displaced pre-project agriculture [t CO2e].

    .. math:: LK_{AGRIC} = \frac{44}{12} (\Delta C_{BIOMASS} + \Delta SOC_{LUC})
    """
    return co2_per_c * (dc_biomass + dsoc_luc)


# --- AR-ACM0003: the methodology's own balance ---------------------------------------------


@equation(
    ACM,
    "Eq 1",
    returns="t CO2e",
    args={"trees": "t CO2e", "shrubs": "t CO2e", "dead_wood": "t CO2e", "litter": "t CO2e"},
    symbol="dc_bsl",
)
def baseline_removals(
    trees: Numeric, shrubs: Numeric, dead_wood: Numeric, litter: Numeric
) -> Numeric:
    r"""Baseline net removals [t CO2e]. :math:`\Delta C_{BSL} = \Delta C_{TREE,BSL} + \Delta C_{SHRUB,BSL} + \Delta C_{DW,BSL} + \Delta C_{LI,BSL}`."""
    return trees + shrubs + dead_wood + litter


@equation(
    ACM,
    "Eq 3",
    returns="t CO2e",
    args={
        "trees": "t CO2e",
        "shrubs": "t CO2e",
        "dead_wood": "t CO2e",
        "litter": "t CO2e",
        "soc": "t CO2e",
    },
    symbol="dc_p",
)
def project_stock_change(
    trees: Numeric, shrubs: Numeric, dead_wood: Numeric, litter: Numeric, soc: Numeric
) -> Numeric:
    r"""Change in project carbon stocks [t CO2e]. :math:`\Delta C_P = \Delta C_{TREE} + \Delta C_{SHRUB} + \Delta C_{DW} + \Delta C_{LI} + \Delta SOC_{AL}`."""
    return trees + shrubs + dead_wood + litter + soc
