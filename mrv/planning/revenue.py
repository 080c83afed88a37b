"""Carbon revenue and cost estimates for planning: discounting, present values, abatement cost.

Present values discount an amount due t years after the start at a declared annual rate r by
(1 + r)^-t, and the levelised cost of a tonne divides the present value of the costs by the
present value of the tonnes (IPCC AR5 WGIII Annex II, A.II.3.1: levelised cost metrics and
discounting). Every figure here is an estimate from prices and costs the user declares; none of
them enters an MRV figure.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["discount_factors", "levelised_cost", "present_value"]

FloatArray = npt.NDArray[np.float64]


def discount_factors(years: FloatArray, rate: float) -> FloatArray:
    """Discount factor of amounts due ``years`` after the start [dimensionless].

    IPCC AR5 WGIII Annex II, A.II.3.1: d_t = (1 + r)^-t.

    Parameters
    ----------
    years : array
        Time from the start of the crediting period to each amount [yr].
    rate : float
        Annual discount rate r [fraction].
    """
    return np.power(1.0 + rate, -np.asarray(years, dtype=np.float64))


def present_value(amounts: FloatArray, years: FloatArray, rate: float) -> float:
    """Present value of amounts due at given times [the amounts' unit].

    IPCC AR5 WGIII Annex II, A.II.3.1: PV = sum_t A_t (1 + r)^-t.

    Parameters
    ----------
    amounts : array
        Amounts (money or tonnes) [any unit].
    years : array
        When each is due, from the start [yr].
    rate : float
        Annual discount rate [fraction].
    """
    return float(np.sum(np.asarray(amounts, dtype=np.float64) * discount_factors(years, rate)))


def levelised_cost(present_cost: float, present_tonnes: float) -> float | None:
    """Levelised cost per tonne [currency / t CO2e]; None when the discounted tonnes are not positive.

    IPCC AR5 WGIII Annex II, A.II.3.1 (levelised cost of conserved carbon): the present value of
    the costs over the present value of the net GHG benefit.

    Parameters
    ----------
    present_cost : float
        Present value of the costs [currency].
    present_tonnes : float
        Present value of the net GHG benefit [t CO2e].
    """
    return present_cost / present_tonnes if present_tonnes > 0 else None
