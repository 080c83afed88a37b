"""Equations of the wetland-methane methodology, each with its source and units.

Arrays run over cells: one cell per stratum and calendar year of a period, with the stratum's
area in that year [ha] and the part of the year inside the period [yr]. Carbon gains and CO2-C
emissions are returned as carbon [t C]; the core turns carbon into CO2 once, with the unit
registry's molecular-weight ratio, so no equation here converts carbon to CO2 (a conversion
applied twice is a known error of implementations that convert in both places).
CH4 and N2O stay in their own units, CH4 as non-fossil (biogenic) methane.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mrv.contract.equations import equation, total

__all__ = [
    "allochthonous_deduction",
    "carbon_gain",
    "displaced_emissions",
    "downstream_ch4",
    "drained_ch4",
    "ecosse_ch4_c",
    "flooded_ch4",
    "flooded_co2_c",
    "herb_gain",
    "methane",
    "nitrous_oxide",
    "organic_soil_co2_c",
    "stock_change_rate",
]

Numeric = Any
WS = "IPCC 2013 Wetlands Supplement"
VM0033 = "Verra VM0033 v2.1"
REFINEMENT_CH7 = "IPCC 2019 Refinement Vol. 4 Ch. 7"


@equation(
    WS,
    "Ch. 2 Eq 2.3 and 2.5; Ch. 3 Tables 3.1-3.2 (on-site CO2-C plus DOC: A x (EF_CO2 + EF_DOC))",
    returns="t C",
    args={"ef_co2": "t C / ha / yr", "ef_doc": "t C / ha / yr", "area": "ha", "years": "yr"},
    symbol="soil_co2_c",
)
def organic_soil_co2_c(ef_co2: Numeric, ef_doc: Numeric, area: Numeric, years: Numeric) -> Numeric:
    """CO2-C lost by drained or rewetted organic soils, on site and as DOC [t C].

    ef_co2, ef_doc [t C/ha/yr] per cell; area [ha] and years [yr] per cell.
    """
    return total((ef_co2 + ef_doc) * area * years)


@equation(
    WS,
    "Ch. 2 Eq 2.6 (CH4 = A x ((1 - Frac_ditch) EF_CH4_land + Frac_ditch EF_CH4_ditch))",
    returns="kg CH4_biogenic",
    args={
        "ef_land": "kg CH4_biogenic / ha / yr",
        "ef_ditch": "kg CH4_biogenic / ha / yr",
        "frac_ditch": "1",
        "area": "ha",
        "years": "yr",
    },
    symbol="ch4",
)
def drained_ch4(
    ef_land: Numeric, ef_ditch: Numeric, frac_ditch: Numeric, area: Numeric, years: Numeric
) -> Numeric:
    """CH4 of drained organic soils, land surface and ditches [kg CH4] per cell summed."""
    return total(((1 - frac_ditch) * ef_land + frac_ditch * ef_ditch) * area * years)


@equation(
    VM0033,
    "Eq 26/79 (CH4: a per-hectare rate of the stratum times its area A_i,t, over strata and years)",
    returns="kg CH4_biogenic",
    args={"rate": "kg CH4_biogenic / ha / yr", "area": "ha", "years": "yr"},
    symbol="ch4",
)
def methane(rate: Numeric, area: Numeric, years: Numeric) -> Numeric:
    """CH4 from per-hectare annual rates (an emission factor or a measured flux) [kg CH4].

    rate [kg CH4/ha/yr; a CH4-C rate is converted to CH4 by the unit registry on the way in], area [ha], years [yr].
    """
    return total(rate * area * years)


@equation(
    VM0033,
    "Eq 26/79 (N2O: a per-hectare rate of the stratum times its area A_i,t, over strata and years)",
    returns="kg N2O_N",
    args={"rate": "kg N2O_N / ha / yr", "area": "ha", "years": "yr"},
    symbol="n2o",
)
def nitrous_oxide(rate: Numeric, area: Numeric, years: Numeric) -> Numeric:
    """N2O-N from per-hectare annual rates [kg N2O-N]; a rate in N2O is converted on the way in."""
    return total(rate * area * years)


@equation(
    REFINEMENT_CH7,
    "flooded land CH4 (believed Eq 7.10 ff; F_CH4 = alpha x EF_CH4,age x A)",
    returns="kg CH4_biogenic",
    args={"alpha": "1", "ef": "kg CH4_biogenic / ha / yr", "area": "ha", "years": "yr"},
    symbol="ch4",
)
def flooded_ch4(alpha: Numeric, ef: Numeric, area: Numeric, years: Numeric) -> Numeric:
    """CH4 of open water with the trophic adjustment alpha [kg CH4]; EF by age per cell."""
    return total(alpha * ef * area * years)


@equation(
    REFINEMENT_CH7,
    "land converted to flooded land: CO2 = EF_CO2 x A for the first 20 years after flooding",
    returns="t C",
    args={"ef": "t C / ha / yr", "area": "ha", "years": "yr", "young": "1"},
    symbol="flooded_co2_c",
)
def flooded_co2_c(ef: Numeric, area: Numeric, years: Numeric, young: Numeric) -> Numeric:
    """CO2-C of land converted to flooded land [t C]; ``young`` is 1 for cells within 20 years."""
    return total(ef * area * years * young)


@equation(
    REFINEMENT_CH7,
    "downstream CH4 below a dam outflow (R_d x F_CH4)",
    returns="kg CH4_biogenic",
    args={"fraction": "1", "ch4": "kg CH4_biogenic", "outflow": "1"},
    symbol="downstream_ch4",
)
def downstream_ch4(fraction: Numeric, ch4: Numeric, outflow: Numeric) -> Numeric:
    """CH4 emitted downstream of a dam [kg CH4]; ``outflow`` is 1 with a dam outflow, else 0."""
    return fraction * ch4 * outflow


@equation(
    VM0033,
    "Eq 25 and 78 (Delta C_herb = (C_herb,t - C_herb,t-T) / T with C_herb = default x cover; first year only)",
    returns="t C",
    args={
        "c_herb": "t C / ha",
        "cover_after": "1",
        "cover_start": "1",
        "area": "ha",
        "first_year": "1",
    },
    symbol="herb_gain",
)
def herb_gain(
    c_herb: Numeric, cover_after: Numeric, cover_start: Numeric, area: Numeric, first_year: Numeric
) -> Numeric:
    """Herbaceous carbon gained in the first year [t C].

    c_herb [t C/ha] at full cover; covers [fraction] per stratum; area [ha] per stratum;
    first_year [fraction] is the part of the first project year inside the period.
    """
    return total(c_herb * (cover_after - cover_start) * area * first_year)


@equation(
    VM0033,
    "Eq 36 (field cores: (C_t - C_t-T) / T; likewise tree and shrub stocks for Eq 24/75)",
    returns="t C / ha / yr",
    args={"later": "t C / ha", "earlier": "t C / ha", "interval": "yr"},
    symbol="stock_change_rate",
)
def stock_change_rate(later: Numeric, earlier: Numeric, interval: Numeric) -> Numeric:
    """Mean annual carbon stock change between two sampling rounds [t C/ha/yr]."""
    return (later - earlier) / interval


@equation(
    VM0033,
    "Eq 19 and 70 (carbon gained by a pool: rate x A_i,t summed over strata and years)",
    returns="t C",
    args={"rate": "t C / ha / yr", "area": "ha", "years": "yr"},
    symbol="carbon_gain",
)
def carbon_gain(rate: Numeric, area: Numeric, years: Numeric) -> Numeric:
    """Carbon gained by a pool over the period [t C]; rate per cell [t C/ha/yr]."""
    return total(rate * area * years)


@equation(
    VM0033,
    "Eq 38 (Deduction_alloch = GHG_insitu-CO2 x %C_alloch / 100, only when the soil sequesters)",
    returns="t C",
    args={"gain": "t C", "fraction": "1"},
    symbol="allochthonous_deduction",
)
def allochthonous_deduction(gain: Numeric, fraction: Numeric) -> Numeric:
    """Carbon of a soil gain that came from outside the site [t C]; zero when the soil loses."""
    return np.where(gain > 0, gain * fraction, 0.0)


@equation(
    "ECOSSE (as coded in CCWoP R/5e_Emission_rates_from_soils.R)",
    "CH4-C = a + b exp(-c WTD) + d T (ECOSSE water-table proxy as coded in the Scottish Government's Carbon Calculator for Wind Farms on Peat (CCWoP, R/5e_Emission_rates_from_soils.R))",
    returns="kg CH4_C_biogenic / ha / yr",
    args={
        "a": "kg CH4_C_biogenic / ha / yr",
        "b": "kg CH4_C_biogenic / ha / yr",
        "c": "1 / cm",
        "d": "kg CH4_C_biogenic / ha / yr / K",
        "depth": "cm",
        "temperature": "degC",
    },
    symbol="ch4_c_proxy",
)
def ecosse_ch4_c(
    a: Numeric, b: Numeric, c: Numeric, d: Numeric, depth: Numeric, temperature: Numeric
) -> Numeric:
    """CH4-C of peat at a mean water-table depth [kg CH4-C/ha/yr].

    depth [cm] positive below the surface; temperature mean annual air [degC]. A comparison
    proxy, not a crediting route.
    """
    return a + b * np.exp(-c * depth) + d * temperature


@equation(
    VM0033,
    "§8.4 (GHG_LK of displaced activities: area x declared emission rate x years)",
    returns="t CO2e",
    args={"area": "ha", "rate": "t CO2e / ha / yr", "years": "yr"},
    symbol="leakage",
)
def displaced_emissions(area: Numeric, rate: Numeric, years: Numeric) -> Numeric:
    """Emissions of activities displaced by the restoration [t CO2e]."""
    return total(area * rate * years)
