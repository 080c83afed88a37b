"""A figure's parts by stratum (or unit, field), with or without a Monte Carlo iteration axis.

A term may give its value split by stratum (``Term.by_stratum``) so the report can show each
stratum's share of the net benefit. These helpers build such splits from arrays whose last axis
runs over elements (deliveries, plots, strata); under Monte Carlo the arrays carry a leading
iteration axis and the parts keep it, and the engine reads the parts of the central run only,
so a plug-in never needs to ask whether it is drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["in_proportion", "keyed", "sum_by"]


def sum_by(keys: npt.ArrayLike, values: Any, rows: npt.ArrayLike | None = None) -> dict[str, Any]:
    """Sum ``values`` over the elements that share a key, for the keys of the chosen ``rows``.

    Parameters
    ----------
    keys : array of str, shape (n,)
        The key (stratum, unit, field id) of each element.
    values : float array, shape (n,) or (iterations, n)
        Figures of the elements, in any one unit; the result is in the same unit.
    rows : bool array, shape (n,), or None
        Which elements name the keys to report (all when None); every element of a reported
        key counts toward its sum.

    Returns
    -------
    dict
        Key (sorted) to the sum of its elements: a float, or under Monte Carlo an array over
        iterations.
    """
    keys = np.asarray(keys)
    array = np.asarray(values, dtype=np.float64)
    chosen = keys if rows is None else keys[np.asarray(rows, dtype=bool)]
    return {str(key): _plain(np.sum(array[..., keys == key], axis=-1)) for key in np.unique(chosen)}


def in_proportion(value: Any, weights: npt.ArrayLike) -> Any:
    """Split ``value`` over elements in proportion to ``weights`` [the unit of ``value``].

    For a figure that is the weighted sum of per-element figures (a stock is the sum over strata
    of A_i times a per-hectare figure), the parts are exactly each element's contribution.
    ``value`` is a scalar or, under Monte Carlo, an array ``(iterations, 1)``; the parts have
    shape ``(n,)`` or ``(iterations, n)``. None when the weights add up to zero but the value
    does not (it then rests on something the weights do not hold).
    """
    weight = np.asarray(weights, dtype=np.float64)
    weight_sum = float(np.sum(weight))
    if weight_sum == 0.0:
        return (
            np.zeros(np.broadcast_shapes(np.shape(value), weight.shape))
            if not np.any(value)
            else None
        )
    return np.asarray(value, dtype=np.float64) * weight / weight_sum


def keyed(ids: Sequence[str], parts: Any, sign: float = 1.0) -> dict[str, Any]:
    """Key parts over the last axis by ``ids`` (times ``sign``: -1 writes a removal as emissions)."""
    array = np.asarray(parts, dtype=np.float64)
    return {stratum: _plain(sign * array[..., i]) for i, stratum in enumerate(ids)}


def _plain(value: Any) -> Any:
    return float(value) if np.ndim(value) == 0 else value
