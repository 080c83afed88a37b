"""Soil organic carbon stocks: from samples (Verra VM0042) and by IPCC Tier 1 factors.

Stocks from samples come out in the units their inputs imply (g C per area); the registry
converts them to t C/ha where they are used, so no 100 or 10 000 is typed by hand.
"""

from __future__ import annotations

import numpy as np

from mrv.contract.equations import Numeric, equation

__all__ = [
    "delta_c_mineral",
    "fine_earth_mass",
    "soc_from_cores",
    "soc_from_density",
    "soc_tier1",
]


@equation(
    "Verra VM0042 v2.2",
    "Eq 3 (SOC from the mass of composite cores)",
    returns="g C / mm**2",
    args={"sample_mass": "g", "probe_diameter": "mm", "cores": None, "organic_carbon": "g C / g"},
    symbol="soc_stock",
)
def soc_from_cores(
    sample_mass: Numeric, probe_diameter: Numeric, cores: Numeric, organic_carbon: Numeric
) -> Numeric:
    r"""SOC per area from the dry mass of N cores of one probe diameter [g C / mm²].

    .. math:: M_{SOC} = \frac{M_{sample}}{\pi (D/2)^2 N} \cdot OC

    Parameters
    ----------
    sample_mass : float or array
        Dry mass of the composite sample (coarse fraction removed) [g].
    probe_diameter : float
        Inner diameter of the probe [mm].
    cores : int
        Number of cores in the composite.
    organic_carbon : float or array
        Organic carbon content [g C / g] (g C/kg converts through the registry).
    """
    return sample_mass / (np.pi * (probe_diameter / 2) ** 2 * cores) * organic_carbon


@equation(
    "Verra VM0042 v2.2",
    "Eq 4 (SOC from bulk density)",
    returns="g C / cm**2",
    args={
        "bulk_density": "g / cm**3",
        "depth": "cm",
        "organic_carbon": "g C / g",
        "coarse_fraction": "1",
    },
    symbol="soc_stock",
)
def soc_from_density(
    bulk_density: Numeric, depth: Numeric, organic_carbon: Numeric, coarse_fraction: Numeric
) -> Numeric:
    r"""SOC per area of a layer from bulk density, depth and carbon content [g C / cm²].

    .. math:: SOC = BD \cdot d \cdot OC \cdot (1 - CF)

    Parameters
    ----------
    bulk_density : float or array
        Fine-earth bulk density [g / cm³].
    depth : float or array
        Layer thickness [cm].
    organic_carbon : float or array
        Organic carbon content [g C / g].
    coarse_fraction : float or array
        Volume share of coarse fragments removed [fraction].
    """
    return bulk_density * depth * organic_carbon * (1 - coarse_fraction)


@equation(
    "Verra VM0042 v2.2",
    "Eq 4 and Wendt & Hauser (2013) (fine-earth mass of an increment)",
    returns="g / cm**2",
    args={"bulk_density": "g / cm**3", "thickness": "cm", "coarse_fraction": "1"},
    symbol="soil_mass",
)
def fine_earth_mass(bulk_density: Numeric, thickness: Numeric, coarse_fraction: Numeric) -> Numeric:
    """Fine-earth soil mass of each depth increment [g/cm2].

    bulk_density [g/cm3], thickness [cm], coarse_fraction [fraction]; the same convention as
    :func:`soc_from_density` (whole-soil density with a mass fraction of coarse fragments, or
    fine-earth density with a volume fraction).
    """
    return bulk_density * thickness * (1 - coarse_fraction)


@equation(
    "IPCC 2006 GL Vol. 4 Ch. 2",
    "Eq 2.25 (SOC stock)",
    returns="t C",
    args={"soc_ref": "t C / ha", "f_lu": "1", "f_mg": "1", "f_i": "1", "area": "ha"},
    symbol="soc_tier1",
)
def soc_tier1(
    soc_ref: Numeric, f_lu: Numeric, f_mg: Numeric, f_i: Numeric, area: Numeric
) -> Numeric:
    r"""SOC stock of mineral soils, 0-30 cm, by stock-change factors [t C].

    .. math:: SOC = SOC_{REF} \cdot F_{LU} \cdot F_{MG} \cdot F_I \cdot A
    """
    return soc_ref * f_lu * f_mg * f_i * area


@equation(
    "IPCC 2006 GL Vol. 4 Ch. 2",
    "Eq 2.25 (annual change over D years)",
    returns="t C / yr",
    args={"soc_new": "t C", "soc_old": "t C", "transition": "yr", "years_since_change": "yr"},
    symbol="delta_c_mineral",
)
def delta_c_mineral(
    soc_new: Numeric, soc_old: Numeric, transition: Numeric, years_since_change: Numeric
) -> Numeric:
    r"""Annual change of mineral-soil SOC, which stops D years after the change [t C / yr].

    .. math:: \Delta C_{Mineral} = \frac{SOC_0 - SOC_{(0-T)}}{D} \text{ while } t \le D, \text{ else } 0
    """
    return np.where(years_since_change <= transition, (soc_new - soc_old) / transition, 0.0)
