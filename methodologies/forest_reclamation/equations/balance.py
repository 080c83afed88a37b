"""AR-ACM0003 v02.0: the methodology's own balance (baseline removals, project stock change)."""

from __future__ import annotations

from mrv.contract.equations import Numeric, equation

from .documents import ACM

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
