"""AR-TOOL14 v04.2: baseline trees (Eq 13-16 on pre-project cover) and shrubs (Eq 26-27)."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import UNIT_RATIO, Numeric, equation, total

from .documents import TOOL14, K


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
