"""AR-TOOL15 v02.0: leakage from displaced agricultural activity."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import UNIT_RATIO, Numeric, equation

from .documents import TOOL15, K

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
