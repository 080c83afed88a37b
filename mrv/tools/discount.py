"""Conservative discount for sampling uncertainty, CDM AR-TOOL14 v04.2 Appendix 2.

When the relative half-width U of the 90 % confidence interval exceeds 10 %, a share of it is
deducted: project estimates are lowered and baseline estimates raised by ``d * U`` of the
value, where the share ``d`` comes from a banded table (a parameter table of the methodology).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["discount_share"]


def discount_share(
    uncertainty: float | npt.NDArray[np.float64], upper_bounds: npt.ArrayLike, shares: npt.ArrayLike
) -> float | npt.NDArray[np.float64]:
    """Share d of the half-width to deduct, from the band U falls in.

    AR-TOOL14 v04.2 Appendix 2: bands (0, 10 %], (10, 15], (15, 20], (20, 30], above 30 %.

    Parameters
    ----------
    uncertainty : float or array
        U, the relative half-width of the 90 % confidence interval [fraction].
    upper_bounds : array
        Inclusive upper bound of each band, ascending; the last may be ``inf`` [fraction].
    shares : array
        d for each band [fraction].

    Returns
    -------
    float or numpy.ndarray
        d [fraction].
    """
    bounds = np.asarray(upper_bounds, dtype=np.float64)
    values = np.asarray(shares, dtype=np.float64)
    if np.any(np.diff(bounds) <= 0):
        raise ValueError("band upper bounds must ascend")
    band = np.searchsorted(bounds, np.asarray(uncertainty, dtype=np.float64), side="left")
    result = values[np.minimum(band, len(values) - 1)]
    return float(result) if np.ndim(result) == 0 else result
