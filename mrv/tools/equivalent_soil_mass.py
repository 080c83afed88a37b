"""SOC on an equivalent soil mass basis (Verra VM0042 v2.2 §8.2.2, after Wendt & Hauser 2013).

A linear reading (the partial layer in proportion to its mass) serves methodologies that
choose it, as topsoil-amendment does.

Cumulative SOC is interpolated against cumulative soil mass with a natural cubic spline through
the origin and each sampled increment, then read at reference soil masses, so that cores whose
bulk density changed between rounds are compared on the same mass of soil rather than the same
depth. All cores are solved at once: arrays are (cores, increments), and the only loops run over
the few increments of a core.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

__all__ = ["soc_at_reference_mass"]

FloatArray = npt.NDArray[np.float64]


def _second_derivatives(mass: FloatArray, carbon: FloatArray) -> FloatArray:
    """Second derivatives of the natural cubic spline at each knot, for every core (Thomas algorithm)."""
    h = np.diff(mass, axis=1)
    knots = mass.shape[1]
    second = np.zeros_like(mass)
    if knots < 3:  # noqa: PLR2004 - two knots: a straight line
        return second
    slope = np.diff(carbon, axis=1) / h
    lower = h[:, :-1]
    diagonal = 2.0 * (h[:, :-1] + h[:, 1:])
    upper = h[:, 1:]
    rhs = 6.0 * (slope[:, 1:] - slope[:, :-1])
    size = diagonal.shape[1]
    c_prime = np.zeros_like(diagonal)
    d_prime = np.zeros_like(diagonal)
    c_prime[:, 0] = upper[:, 0] / diagonal[:, 0]
    d_prime[:, 0] = rhs[:, 0] / diagonal[:, 0]
    for i in range(1, size):
        denominator = diagonal[:, i] - lower[:, i] * c_prime[:, i - 1]
        c_prime[:, i] = upper[:, i] / denominator
        d_prime[:, i] = (rhs[:, i] - lower[:, i] * d_prime[:, i - 1]) / denominator
    inner = np.zeros_like(diagonal)
    inner[:, -1] = d_prime[:, -1]
    for i in range(size - 2, -1, -1):
        inner[:, i] = d_prime[:, i] - c_prime[:, i] * inner[:, i + 1]
    second[:, 1:-1] = inner
    return second


def soc_at_reference_mass(
    layer_mass: FloatArray,
    layer_carbon: FloatArray,
    reference_mass: FloatArray,
    method: Literal["cubic", "linear"] = "cubic",
) -> FloatArray:
    """Cumulative SOC of each core at reference cumulative soil masses.

    ``method`` ``cubic`` follows Wendt & Hauser (2013) as VM0042 does; ``linear`` takes the
    partial layer in proportion to its mass (the layer's carbon concentration throughout), as
    topsoil-amendment does (an mrv choice, documented in that methodology's README).

    Parameters
    ----------
    layer_mass : array (cores, increments)
        Fine-earth soil mass of each depth increment, top down [any mass per area, e.g. t/ha].
    layer_carbon : array (cores, increments)
        SOC of each increment [any carbon per area, e.g. t C/ha].
    reference_mass : array (references,) or (cores, references)
        Cumulative soil masses to read the SOC at, in the unit of ``layer_mass``; each must lie
        within the core's sampled mass (no extrapolation).

    Returns
    -------
    numpy.ndarray (cores, references)
        Cumulative SOC at each reference mass [unit of ``layer_carbon``].

    Raises
    ------
    ValueError
        If a reference mass lies beyond a core's sampled mass, or a layer mass is not positive.
    """
    mass = np.asarray(layer_mass, dtype=np.float64)
    carbon = np.asarray(layer_carbon, dtype=np.float64)
    if np.any(mass <= 0):
        raise ValueError("every increment needs a positive soil mass")
    cores = mass.shape[0]
    knots_mass = np.concatenate([np.zeros((cores, 1)), np.cumsum(mass, axis=1)], axis=1)
    knots_carbon = np.concatenate([np.zeros((cores, 1)), np.cumsum(carbon, axis=1)], axis=1)
    reference = np.broadcast_to(
        np.asarray(reference_mass, dtype=np.float64), (cores, np.shape(reference_mass)[-1])
    )
    beyond = np.flatnonzero(np.any(reference > knots_mass[:, -1:] * (1 + 1e-12), axis=1))
    if beyond.size:
        raise ValueError(
            f"reference mass beyond the sampled mass of cores {beyond[:5].tolist()}: sample deeper or choose a lighter reference"
        )
    interval = np.clip(
        np.sum(reference[:, :, None] > knots_mass[:, None, 1:-1], axis=2),
        0,
        knots_mass.shape[1] - 2,
    )
    rows = np.arange(cores)[:, None]
    m0, m1 = knots_mass[rows, interval], knots_mass[rows, interval + 1]
    c0, c1 = knots_carbon[rows, interval], knots_carbon[rows, interval + 1]
    if method == "linear":
        return np.asarray(c0 + (c1 - c0) * (reference - m0) / (m1 - m0), dtype=np.float64)
    second = _second_derivatives(knots_mass, knots_carbon)
    s0, s1 = second[rows, interval], second[rows, interval + 1]
    h = m1 - m0
    left, right = m1 - reference, reference - m0
    result = (
        s0 * left**3 / (6 * h)
        + s1 * right**3 / (6 * h)
        + (c0 / h - s0 * h / 6) * left
        + (c1 / h - s1 * h / 6) * right
    )
    return np.asarray(result, dtype=np.float64)
