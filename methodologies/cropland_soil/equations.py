"""Equations of cropland-soil that are not shared tools: VM0042 v2.2 and IPCC steps, each cited.

Shared steps (soil N2O, lime and urea, fuel, SOC from bulk density, Tier 1 stocks, RothC,
equivalent soil mass) live in :mod:`mrv.tools`; this module holds what only this methodology
does: records summed over fields and years, measured stock change and its uncertainty, leakage
and the VM0042 conservative choice of emission factors.
"""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import Numeric, equation, total

VM0042 = "Verra VM0042 v2.2"
IPCC_CH2 = "IPCC 2006 GL Vol. 4 Ch. 2"
RECORDS = "§8 (per-hectare records x field area x the year's share of the period)"


def _summed(rate: Numeric, area: Numeric, field: Numeric, weight: Numeric) -> Numeric:
    return total(rate * area[..., field] * weight)


@equation(
    VM0042,
    RECORDS,
    returns="kg N",
    args={"rate": "kg N / ha", "area": "ha", "field": None, "weight": "1"},
    symbol="nitrogen",
)
def nitrogen_applied(rate: Numeric, area: Numeric, field: Numeric, weight: Numeric) -> Numeric:
    """Nitrogen of each record counted in a period: rate times its field's area [kg N].

    ``rate`` per record [kg N/ha], ``area`` per field [ha], ``field`` the record's field index,
    ``weight`` the share of the record's year inside the period [dimensionless]. One value per
    record (the N2O factors may differ by record).
    """
    return rate * area[..., field] * weight


@equation(
    VM0042,
    RECORDS,
    returns="t",
    args={"rate": "t / ha", "area": "ha", "field": None, "weight": "1"},
    symbol="mass",
)
def mass_applied(rate: Numeric, area: Numeric, field: Numeric, weight: Numeric) -> Numeric:
    """Mass of a material applied in a period (lime, urea, amendments) [t]; rate [t/ha], area [ha]."""
    return _summed(rate, area, field, weight)


@equation(
    VM0042,
    RECORDS,
    returns="L",
    args={"rate": "L / ha", "area": "ha", "field": None, "weight": "1"},
    symbol="fuel",
)
def fuel_used(rate: Numeric, area: Numeric, field: Numeric, weight: Numeric) -> Numeric:
    """Fuel burnt by field operations in a period [L]; rate [L/ha], area [ha]."""
    return _summed(rate, area, field, weight)


@equation(
    VM0042,
    "§8.1 (baseline: the look-back practice continued, per stratum x stratum area x years)",
    returns="kg N",
    args={"rate": "kg N / ha", "area": "ha", "years": "1"},
    symbol="nitrogen",
)
def baseline_nitrogen(rate: Numeric, area: Numeric, years: Numeric) -> Numeric:
    """Nitrogen the baseline practice applies in a period, per stratum [kg N].

    ``rate`` per stratum [kg N/ha a year], ``area`` per stratum [ha], ``years`` in the period.
    """
    return rate * area * years


@equation(
    VM0042,
    "§8.1 (baseline: the look-back practice continued, per stratum x stratum area x years)",
    returns="t",
    args={"rate": "t / ha", "area": "ha", "years": "1"},
    symbol="mass",
)
def baseline_mass(rate: Numeric, area: Numeric, years: Numeric) -> Numeric:
    """Mass of a material the baseline practice applies in a period [t]; rate [t/ha/yr], area [ha]."""
    return total(rate * area) * years


@equation(
    VM0042,
    "§8.1 (baseline: the look-back practice continued, per stratum x stratum area x years)",
    returns="L",
    args={"rate": "L / ha", "area": "ha", "years": "1"},
    symbol="fuel",
)
def baseline_fuel(rate: Numeric, area: Numeric, years: Numeric) -> Numeric:
    """Fuel the baseline practice burns in a period [L]; rate [L/ha/yr], area [ha]."""
    return total(rate * area) * years


@equation(
    VM0042,
    "Eq 17 and 21 (N2O_fert = direct + volatilisation + leaching)",
    returns="kg N2O_N",
    args={"direct": "kg N2O_N", "volatilised": "kg N2O_N", "leached": "kg N2O_N"},
    symbol="n2o_n",
)
def n2o_fertiliser(direct: Numeric, volatilised: Numeric, leached: Numeric) -> Numeric:
    """N2O-N from N added to soils: direct plus indirect [kg N2O-N], each summed over its records."""
    return total(direct) + total(volatilised) + total(leached)


@equation(
    VM0042,
    "§8.6.3 (conservative factor: lowest of the range if project emissions fall, highest if they rise)",
    returns="kg N2O_N / kg N",
    args={
        "project": "kg N2O_N",
        "baseline": "kg N2O_N",
        "low": "kg N2O_N / kg N",
        "high": "kg N2O_N / kg N",
    },
    symbol="ef_conservative",
)
def conservative_factor(
    project: Numeric, baseline: Numeric, low: Numeric, high: Numeric
) -> Numeric:
    """Pick the bound of an emission factor's range that the conservative rule asks for [kg N2O-N/kg N].

    ``project`` and ``baseline`` are the N2O-N of the period with central factors [kg N2O-N].
    """
    return np.where(project > baseline, high, low)


@equation(
    VM0042,
    "Eq 46-47 (change between sampling rounds, annualised by x and counted for the years of the period it spans)",
    returns="t C / ha",
    args={"later": "t C / ha", "earlier": "t C / ha", "interval": "yr", "overlap": "yr"},
    symbol="dsoc",
)
def soc_change_in_period(
    later: Numeric, earlier: Numeric, interval: Numeric, overlap: Numeric
) -> Numeric:
    """SOC change per hectare a period receives from each pair of sampling rounds [t C/ha].

    ``later``, ``earlier``: mean stocks at two rounds, shape (intervals, strata) [t C/ha];
    ``interval``: years between them (x) [yr]; ``overlap``: years of the period inside each
    interval [yr]. The result sums the intervals, one value per stratum.
    """
    rate = (later - earlier) / interval[:, None]
    return np.sum(rate * overlap[:, None], axis=0)


@equation(
    VM0042,
    "Eq 70-71 (variance of the stratified mean change, project and control independent)",
    returns="(t C / ha)**2",
    args={"variance": "(t C / ha)**2", "interval": "yr", "overlap": "yr"},
    symbol="s2_dsoc",
)
def change_variance(variance: Numeric, interval: Numeric, overlap: Numeric) -> Numeric:
    """Variance of each stratum's change in the period [(t C/ha)²].

    ``variance``: variance of the mean change between rounds, per interval and stratum, project
    plus control (Eq 71: s²_f + s²_s - 2 COV, paired cores; Eq 70: s²_wp + s²_bsl); scaled by
    the square of the share of each interval the period takes, intervals taken as independent.
    """
    share = overlap / interval
    return np.sum(variance * (share**2)[:, None], axis=0)


@equation(
    VM0042,
    "Eq 74 (UNC = sqrt(s2) / mean x t_0.667, stratified over areas A_h, Eq 70)",
    returns="1",
    args={"change": "t C / ha", "variance": "(t C / ha)**2", "area": "ha", "t_value": "1"},
    symbol="unc_soc",
)
def soc_uncertainty(change: Numeric, variance: Numeric, area: Numeric, t_value: Numeric) -> Numeric:
    """Relative uncertainty of the SOC benefit, project less baseline [fraction].

    ``change``: project less control change per stratum [t C/ha]; ``variance`` its variance
    [(t C/ha)²]; ``area`` of each stratum [ha]; ``t_value`` one-sided Student t. The caller
    never passes a zero net change (the deduction is then zero).
    """
    mean = abs(np.sum(change * area))
    spread = np.sqrt(np.sum(variance * area**2))
    return spread / mean * t_value


@equation(
    VM0042,
    "Eq 33 (LE_OA = M_OA x CC_oa x 0.12, as carbon)",
    returns="t C",
    args={
        "amendment": "t / ha",
        "carbon": "t C / t",
        "retention": "1",
        "area": "ha",
        "field": None,
        "weight": "1",
    },
    symbol="le_oa",
)
def imported_amendment_leakage(
    amendment: Numeric,
    carbon: Numeric,
    retention: Numeric,
    area: Numeric,
    field: Numeric,
    weight: Numeric,
) -> Numeric:
    """Leakage from organic amendments brought in from outside the boundary [t C].

    ``amendment`` dry mass per record [t/ha], ``carbon`` its carbon content [t C/t] (0 where
    nothing is imported), ``retention`` the 0.12 of Eq 33 [dimensionless].
    """
    return _summed(amendment * carbon * retention, area, field, weight)


@equation(
    IPCC_CH2,
    "Eq 2.25 (SOC_REF x F_LU x F_MG x F_I per hectare; change over D years, then none)",
    returns="t C",
    args={
        "soc_ref": "t C / ha",
        "project_factor": "1",
        "baseline_factor": "1",
        "transition": "yr",
        "years_since_change": "yr",
        "area": "ha",
        "field": None,
        "weight": "yr",
    },
    symbol="dsoc_tier1",
)
def tier1_change(
    soc_ref: Numeric,
    project_factor: Numeric,
    baseline_factor: Numeric,
    transition: Numeric,
    years_since_change: Numeric,
    area: Numeric,
    field: Numeric,
    weight: Numeric,
) -> Numeric:
    """Tier 1 SOC change of the project against the baseline over a period [t C].

    Per record: SOC_REF [t C/ha] times the product of factors of the record's practice less the
    baseline's, over D [yr], while the years since the change are at most D; ``weight`` is the
    part of the record's year inside the period [yr].
    """
    rate = np.where(
        years_since_change <= transition,
        soc_ref * (project_factor - baseline_factor) / transition,
        0.0,
    )
    return _summed(rate, area, field, weight)
