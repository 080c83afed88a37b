"""Analytic propagation of uncertainty, IPCC 2006 GL Vol. 1 Ch. 3, Approach 1.

Uncertainties are relative half-widths of a confidence interval (a 90 % interval in the
methodologies here), as fractions. Approach 1 assumes independent estimates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["product_uncertainty", "sum_uncertainty"]


def sum_uncertainty(values: Sequence[float], uncertainties: Sequence[float]) -> float:
    r"""Relative uncertainty of a sum of independent estimates.

    IPCC 2006 GL Vol. 1 Ch. 3, Eq. 3.2:

    .. math:: U_{total} = \frac{\sqrt{\sum_i (U_i \cdot x_i)^2}}{|\sum_i x_i|}

    Parameters
    ----------
    values : sequence of float
        The estimates x_i [any one unit].
    uncertainties : sequence of float
        Their relative uncertainties U_i [fraction].

    Returns
    -------
    float
        U_total [fraction]; 0 when no estimate is uncertain, infinity when the sum is 0 but
        an uncertain estimate is not.
    """
    if len(values) != len(uncertainties):
        raise ValueError("one uncertainty per value is needed")
    spread = math.sqrt(math.fsum((u * x) ** 2 for x, u in zip(values, uncertainties, strict=True)))
    total = abs(math.fsum(values))
    if spread == 0:
        return 0.0
    return spread / total if total > 0 else math.inf


def product_uncertainty(uncertainties: Sequence[float]) -> float:
    r"""Relative uncertainty of a product of independent estimates.

    IPCC 2006 GL Vol. 1 Ch. 3, Eq. 3.1:

    .. math:: U_{total} = \sqrt{\sum_i U_i^2}

    Parameters
    ----------
    uncertainties : sequence of float
        Relative uncertainties U_i of the factors [fraction].

    Returns
    -------
    float
        U_total [fraction].
    """
    return math.sqrt(math.fsum(u * u for u in uncertainties))
