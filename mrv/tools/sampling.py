"""Sample statistics for stratified inventories, vectorised over plots and strata.

Plots carry a stratum code (0..M-1); every statistic is computed with ``numpy.bincount`` over
the codes, so a million plots or trees cost a few array passes, never a Python loop.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["stratum_means", "stratum_variances", "sum_by_code", "t_value", "weighted_uncertainty"]

FloatArray = npt.NDArray[np.float64]
_MIN_FOR_VARIANCE = 2
_WITH_ITERATIONS = 2


def t_value(
    confidence: float, degrees_of_freedom: int | npt.NDArray[np.int64]
) -> float | FloatArray:
    """Two-sided Student t value for a confidence level.

    Used by CDM AR-TOOL14 v04.2 para 6(a) (two-sided 90 %, i.e. the 0.95 quantile).

    Parameters
    ----------
    confidence : float
        Two-sided confidence level, e.g. 0.90 [dimensionless].
    degrees_of_freedom : int or array
        Degrees of freedom, >= 1 [dimensionless].

    Returns
    -------
    float or numpy.ndarray
        The t value [dimensionless].
    """
    from scipy.special import stdtrit  # noqa: PLC0415 - scipy is only needed for inventories

    df = np.asarray(degrees_of_freedom)
    if np.any(df < 1):
        raise ValueError(f"degrees of freedom must be >= 1; found {df.min()}")
    value = stdtrit(df, 0.5 + confidence / 2.0)
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=np.float64)


def stratum_means(
    values: FloatArray, codes: npt.NDArray[np.intp], strata: int
) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """Mean of the plot values of each stratum, and the number of plots.

    Parameters
    ----------
    values : numpy.ndarray
        One value per plot [any unit]; a leading Monte Carlo axis is allowed.
    codes : numpy.ndarray
        Stratum code of each plot, 0..strata-1.
    strata : int
        Number of strata M.

    Returns
    -------
    tuple
        Means [unit of ``values``] (NaN for a stratum without plots) and counts.
    """
    counts = np.bincount(codes, minlength=strata)
    sums = sum_by_code(values, codes, strata)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / counts, counts


def stratum_variances(values: FloatArray, codes: npt.NDArray[np.intp], strata: int) -> FloatArray:
    """Sample variance of the plot values of each stratum (divisor n - 1).

    AR-TOOL14 v04.2 Eq 8/17 write it as s² = (nΣx² - (Σx)²)/(n(n-1)); it is computed here from
    deviations about the stratum mean, which is the same quantity without cancellation.

    Returns
    -------
    numpy.ndarray
        Variances [unit of ``values`` squared]; NaN where a stratum has fewer than 2 plots.
    """
    means, counts = stratum_means(values, codes, strata)
    deviations = values - means[..., codes]
    squares = sum_by_code(deviations * deviations, codes, strata)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts >= _MIN_FOR_VARIANCE, squares / np.maximum(counts - 1, 1), np.nan)


def weighted_uncertainty(
    weights: FloatArray,
    variances: FloatArray,
    counts: npt.NDArray[np.int64],
    mean: FloatArray | float,
    t: float,
) -> FloatArray | float:
    """Relative half-width of the confidence interval of a stratified mean.

    AR-TOOL14 v04.2 Eq 16: u = t · sqrt(Σ w_i² s_i² / n_i) / b.

    Parameters
    ----------
    weights : numpy.ndarray
        Stratum weights w_i = A_i / A [dimensionless].
    variances : numpy.ndarray
        Sample variances s_i² [unit²].
    counts : numpy.ndarray
        Plots per stratum n_i.
    mean : float or numpy.ndarray
        Stratified mean b [unit].
    t : float
        Student t value [dimensionless].

    Returns
    -------
    float or numpy.ndarray
        u [dimensionless, fraction].
    """
    squares = weights**2 * variances / counts
    standard_error = np.sqrt(
        np.sum(
            squares,
            axis=-1,
            keepdims=np.ndim(squares) >= _WITH_ITERATIONS and np.ndim(mean) >= _WITH_ITERATIONS,
        )
    )
    result = t * standard_error / mean
    return float(result) if np.ndim(result) == 0 else result


def sum_by_code(values: FloatArray, codes: npt.NDArray[np.intp], strata: int) -> FloatArray:
    """Sum values by code along the last axis (leading axes kept), in one pass.

    A pint Quantity keeps its unit (the sum runs on its magnitude).
    """
    unit = getattr(values, "units", None)
    if unit is not None:
        summed: Any = sum_by_code(getattr(values, "magnitude"), codes, strata)  # noqa: B009 - a pint Quantity
        return summed * unit  # type: ignore[no-any-return]
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 1:
        return np.asarray(np.bincount(codes, weights=array, minlength=strata), dtype=np.float64)
    from scipy import sparse  # noqa: PLC0415 - only leading axes (Monte Carlo) need it

    # one product with the plot-to-stratum indicator matrix: each sum runs over its plots in
    # order from zero, as a bincount's does, at a third of a bincount's cost on wide arrays
    indicator = sparse.csr_matrix(
        (np.ones(codes.size), (np.arange(codes.size), codes)), shape=(codes.size, strata)
    )
    flat = array.reshape(-1, array.shape[-1])
    product: FloatArray = np.asarray(flat @ indicator, dtype=np.float64)
    return product.reshape(*array.shape[:-1], strata)
