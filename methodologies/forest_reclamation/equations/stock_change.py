"""AR-TOOL14 v04.2 Eq 1-11 and Appendix 2: changes of a stock, remeasured plots, discounts, annual rates."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import Numeric, equation, total

from .documents import TOOL14


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
