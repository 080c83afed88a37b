"""RothC-26.3 soil carbon model, monthly steps, vectorised over fields.

Implemented from the model's published description (Coleman & Jenkinson, RothC-26.3 user
guide, Rothamsted Research; the Rothamsted-Models/RothC_Py reference code): pools DPM, RPM, BIO, HUM decompose by first-order
rates k = 10, 0.3, 0.66, 0.02 per year scaled by temperature (a), topsoil moisture deficit (b)
and plant cover (c); IOM is inert. Decomposed carbon goes to CO2, BIO and HUM in clay-dependent
shares. Every argument is an array over fields (monthly series have a leading month axis), so
100,000 fields cost the same number of array operations as one.

Units: pools and inputs t C/ha, temperature °C, rain and evaporation mm, clay %, depth cm.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "RATES",
    "Pools",
    "climate_rate",
    "equilibrium",
    "inert_organic_matter",
    "moisture_modifier",
    "partition",
    "run",
    "temperature_modifier",
]

FloatArray = npt.NDArray[np.float64]

#: Decomposition rate constants [1/yr] of DPM, RPM, BIO, HUM (RothC-26.3).
RATES = {"dpm": 10.0, "rpm": 0.3, "bio": 0.66, "hum": 0.02}
_MONTH = 1.0 / 12.0
_FYM_SPLIT = (0.49, 0.49, 0.02)  # farmyard manure to DPM, RPM, HUM
_BIO_SHARE = 0.46  # of the carbon that does not go to CO2
_NO_DECOMPOSITION_BELOW = -5.0  # °C


@dataclass(frozen=True)
class Pools:
    """Carbon in each pool [t C/ha], one value per field."""

    dpm: FloatArray
    rpm: FloatArray
    bio: FloatArray
    hum: FloatArray
    iom: FloatArray

    @property
    def total(self) -> FloatArray:
        """Total soil organic carbon [t C/ha]."""
        return self.dpm + self.rpm + self.bio + self.hum + self.iom


def temperature_modifier(temperature: FloatArray) -> FloatArray:
    r"""Rate modifier for air temperature, a [dimensionless]; 0 below -5 °C.

    .. math:: a = \frac{47.91}{1 + e^{106.06 / (T + 18.27)}}
    """
    t = np.asarray(temperature, dtype=np.float64)
    cold = t < _NO_DECOMPOSITION_BELOW
    safe = np.where(cold, 0.0, t)
    return np.where(cold, 0.0, 47.91 / (1.0 + np.exp(106.06 / (safe + 18.27))))


def climate_rate(temperature: FloatArray, covered: npt.NDArray[np.bool_]) -> FloatArray:
    """Return the part of each month's rate that does not depend on the soil, a·c/12 [1/month].

    a is :func:`temperature_modifier`, c is 0.6 under plant cover and 1 on bare soil; arrays
    (months, fields). The same weather and cover give the same array every year, so a caller
    running many years computes it once and passes it to :func:`run`.
    """
    return temperature_modifier(temperature) * np.where(covered, 0.6, 1.0) * _MONTH


def moisture_modifier(
    deficit: FloatArray,
    rain: FloatArray,
    evaporation: FloatArray,
    clay: FloatArray,
    depth: FloatArray,
    covered: npt.NDArray[np.bool_],
) -> tuple[FloatArray, FloatArray]:
    """Advance the topsoil moisture deficit one month and return (b, new deficit).

    SMD_max = -(20 + 1.3 clay - 0.01 clay²) · depth / 23; the deficit accumulates rain less
    0.75 of pan evaporation, floored at SMD_max (at 0.556 SMD_max when bare); b = 1 while the
    deficit stays above 0.444 SMD_max, then falls linearly to 0.2 at SMD_max.
    """
    return _moisture_step(deficit, rain, evaporation, _deficit_limit(clay, depth), covered)


def _deficit_limit(clay: FloatArray, depth: FloatArray) -> FloatArray:
    """SMD_max [mm] of the topsoil layer (negative), by clay [%] and depth [cm]."""
    return -(20.0 + 1.3 * clay - 0.01 * clay**2) * depth / 23.0


def _moisture_step(
    deficit: FloatArray,
    rain: FloatArray,
    evaporation: FloatArray,
    maximum: FloatArray,
    covered: npt.NDArray[np.bool_],
) -> tuple[FloatArray, FloatArray]:
    """One month of :func:`moisture_modifier` with SMD_max already known [mm]."""
    threshold = 0.444 * maximum
    balance = np.minimum(0.0, deficit + rain - 0.75 * evaporation)
    floor = np.where(covered, maximum, np.minimum(0.556 * maximum, deficit))
    new = np.maximum(floor, balance)
    b = np.where(new > threshold, 1.0, 0.2 + 0.8 * (maximum - new) / (maximum - threshold))
    return b, new


def partition(clay: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Shares of decomposed carbon going to CO2, BIO and HUM, by clay content [fraction].

    x = 1.67 (1.85 + 1.60 e^{-0.0786 clay}); CO2 x/(x+1), BIO 0.46/(x+1), HUM 0.54/(x+1).
    """
    x = 1.67 * (1.85 + 1.60 * np.exp(-0.0786 * np.asarray(clay, dtype=np.float64)))
    return x / (x + 1.0), _BIO_SHARE / (x + 1.0), (1.0 - _BIO_SHARE) / (x + 1.0)


def run(
    pools: Pools,
    plant_carbon: FloatArray,
    manure_carbon: FloatArray,
    temperature: FloatArray,
    rain: FloatArray,
    evaporation: FloatArray,
    covered: npt.NDArray[np.bool_],
    clay: FloatArray,
    depth: FloatArray,
    dpm_rpm_ratio: FloatArray,
    deficit: FloatArray | None = None,
    *,
    rate: FloatArray | None = None,
) -> tuple[Pools, FloatArray, FloatArray]:
    """Run RothC month by month from ``pools``.

    Parameters
    ----------
    pools : Pools
        Starting pools [t C/ha], arrays over fields.
    plant_carbon, manure_carbon : array (months, fields)
        Carbon added each month by plant residues and by farmyard manure [t C/ha].
    temperature, rain, evaporation : array (months, fields)
        Mean air temperature [°C], rain [mm], open-pan evaporation [mm] of each month.
    covered : array (months, fields) of bool
        Whether the soil is under plant cover in the month.
    clay : array (fields,)
        Clay content [%].
    depth : array (fields,)
        Depth of the modelled layer [cm] (23 cm in the model's standard set-up).
    dpm_rpm_ratio : array (fields,)
        DPM/RPM ratio of plant inputs (1.44 for crops and improved grassland).
    deficit : array (fields,) or None
        Topsoil moisture deficit at the start [mm]; 0 (field capacity) when None.
    rate : array (months, fields) or None
        :func:`climate_rate` of ``temperature`` and ``covered`` [1/month], when the caller has
        it already; computed here when None.

    Returns
    -------
    tuple
        Final pools, total SOC at the end of each month (months, fields) [t C/ha], and the
        deficit at the end [mm].
    """
    months = np.asarray(plant_carbon).shape[0]
    _, bio_share, hum_share = partition(clay)  # the CO2 share leaves the soil
    dpm_fraction = dpm_rpm_ratio / (1.0 + dpm_rpm_ratio)
    # the four active pools as rows of one array, so a month decays them in one operation
    state = np.stack(
        np.broadcast_arrays(*(np.asarray(getattr(pools, name), dtype=np.float64) for name in RATES))
    )
    rates = np.array(list(RATES.values()))[:, None]
    iom = np.asarray(pools.iom, dtype=np.float64)
    maximum = _deficit_limit(clay, depth)
    swc = np.zeros(state.shape[-1]) if deficit is None else np.array(deficit, dtype=np.float64)
    totals = np.empty((months, state.shape[-1]))
    ac = climate_rate(temperature, covered) if rate is None else rate
    for month in range(months):
        b, swc = _moisture_step(swc, rain[month], evaporation[month], maximum, covered[month])
        remaining = state * np.exp(-(ac[month] * b) * rates)
        released = (state - remaining).sum(axis=0)
        state = remaining
        plant, manure = plant_carbon[month], manure_carbon[month]
        state[0] += dpm_fraction * plant + _FYM_SPLIT[0] * manure
        state[1] += (1.0 - dpm_fraction) * plant + _FYM_SPLIT[1] * manure
        state[2] += released * bio_share
        state[3] += released * hum_share + _FYM_SPLIT[2] * manure
        totals[month] = state.sum(axis=0) + iom
    final = Pools(state[0], state[1], state[2], state[3], iom)
    return final, totals, swc


def inert_organic_matter(soc: FloatArray, coefficient: float, exponent: float) -> FloatArray:
    """Inert organic matter from total SOC, IOM = a · SOC^b (Falloon et al. 1998) [t C/ha].

    Parameters
    ----------
    soc : array
        Total soil organic carbon [t C/ha].
    coefficient, exponent : float
        a and b of the regression (0.049 and 1.139 in Falloon et al. 1998).
    """
    return coefficient * np.power(np.asarray(soc, dtype=np.float64), exponent)


def equilibrium(
    plant_carbon: FloatArray,
    manure_carbon: FloatArray,
    temperature: FloatArray,
    rain: FloatArray,
    evaporation: FloatArray,
    covered: npt.NDArray[np.bool_],
    clay: FloatArray,
    depth: FloatArray,
    dpm_rpm_ratio: FloatArray,
    iom: FloatArray,
) -> tuple[Pools, FloatArray]:
    """Pools at the steady state of a year repeated for ever, solved exactly, field by field.

    The monthly step is affine in the pools (rates depend on climate, not on carbon), so a year
    maps pools p to M p + c. The fixed point p* = (I - M)^-1 c is what repeating the year until
    the total stops changing (the spin-up of RothC-26.3) converges to; here it comes from five
    one-year runs (one per active pool, one for the inputs) and a 4 x 4 solve per field. The
    topsoil moisture deficit is first cycled for three years to its periodic state.

    Arguments are one year of months, shaped as for :func:`run` (12, fields); ``iom`` is the
    inert pool [t C/ha]. Returns the pools at the start of the year and the deficit [mm].
    """
    fields = np.asarray(clay).shape[-1]
    zero = np.zeros(fields)
    none = np.zeros_like(np.asarray(plant_carbon, dtype=np.float64))
    weather = (temperature, rain, evaporation, covered, clay, depth, dpm_rpm_ratio)
    rate = climate_rate(temperature, covered)
    maximum = _deficit_limit(clay, depth)
    deficit = zero
    for _ in range(3):  # the deficit does not depend on the pools: step it alone
        for month in range(none.shape[0]):
            _, deficit = _moisture_step(
                deficit, rain[month], evaporation[month], maximum, covered[month]
            )
    names = ("dpm", "rpm", "bio", "hum")
    columns = []
    for name in names:
        start = Pools(
            **{other: (np.ones(fields) if other == name else zero) for other in names}, iom=zero
        )
        final, _, _ = run(start, none, none, *weather, deficit, rate=rate)
        columns.append(np.stack([getattr(final, other) for other in names], axis=-1))
    matrix = np.stack(columns, axis=-1)  # (fields, 4, 4): column j is the image of pool j
    added, _, _ = run(
        Pools(zero, zero, zero, zero, zero),
        plant_carbon,
        manure_carbon,
        *weather,
        deficit,
        rate=rate,
    )
    constant = np.stack([getattr(added, name) for name in names], axis=-1)
    steady = np.linalg.solve(np.eye(4) - matrix, constant[..., None])[..., 0]
    pools = Pools(
        steady[:, 0], steady[:, 1], steady[:, 2], steady[:, 3], np.asarray(iom, dtype=np.float64)
    )
    return pools, deficit
