"""AR-TOOL14 v04.2 Eq 12-17: stratum means, weights, the tree stock and its uncertainty."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import UNIT_RATIO, Numeric, equation, total
from mrv.tools.sampling import stratum_means, stratum_variances, weighted_uncertainty

from .documents import TOOL14, K

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
