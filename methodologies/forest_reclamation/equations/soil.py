"""AR-TOOL16 v01.1.0: soil organic carbon, initial stock, loss and rate."""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import UNIT_RATIO, Numeric, equation, total

from .documents import TOOL16, K

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
