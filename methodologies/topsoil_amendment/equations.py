"""Equations of the topsoil-amendment methodology, each with its source and units.

Arrays run over deliveries (one row per delivery) or over plots. Carbon is returned as carbon
[t C]; the core converts it to CO2 once. Freight, fuel, soil N2O, fine-earth mass and the
equivalent-soil-mass reading are shared tools in :mod:`mrv.tools`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mrv.contract.equations import equation, total

__all__ = [
    "biochar_carbon",
    "diverted_biomass",
    "donor_loss",
    "dry_mass",
    "hauled_mass",
    "isometric_persistence",
    "kiln_methane",
    "lower_bound",
    "production_share",
    "puro_h_corg",
    "puro_persistence",
    "transferred_carbon",
    "water_per_dry_mass",
]

Numeric = Any
APPENDIX4 = "IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4"
VM0044 = "Verra VM0044 v1.2"
#: The method's own conventions, documented on its page (methodologies/topsoil_amendment/README.md).
METHOD = "mrv topsoil-amendment method"


@equation(
    METHOD,
    "Inputs (moisture bases: MC_wb = water / wet mass, MC_db = water / dry mass)",
    returns="1",
    args={"moisture": "1", "wet_basis": "1"},
    symbol="water_per_dry",
)
def water_per_dry_mass(moisture: Numeric, wet_basis: Numeric) -> Numeric:
    """Water per unit dry mass [fraction] from a moisture on either basis.

    moisture [fraction]; wet_basis is 1 where the moisture is of the wet mass, 0 where of the dry.
    """
    on_wet = moisture / np.where(wet_basis > 0, 1 - moisture, 1.0)
    return np.where(wet_basis > 0, on_wet, moisture)


@equation(
    METHOD,
    "Inputs (dry = wet (1 - MC_wb) = wet / (1 + MC_db))",
    returns="t",
    args={"mass": "t", "water": "1", "mass_is_wet": "1"},
    symbol="dry_mass",
)
def dry_mass(mass: Numeric, water: Numeric, mass_is_wet: Numeric) -> Numeric:
    """Dry mass of each delivery [t]; mass [t] as weighed, water per dry mass [fraction]."""
    return mass / (1 + water * mass_is_wet)


@equation(
    "CDM TOOL12 v01.1.0",
    "Option B (FR_f: freight mass as hauled)",
    returns="t",
    args={"mass": "t", "water": "1", "mass_is_wet": "1"},
    symbol="hauled_mass",
)
def hauled_mass(mass: Numeric, water: Numeric, mass_is_wet: Numeric) -> Numeric:
    """Mass as hauled (wet) of each delivery [t]; mass [t] as weighed, water per dry mass."""
    return mass * (1 + water * (1 - mass_is_wet))


@equation(
    APPENDIX4,
    "main equation (inferred Eq 4Ap.1; = VM0044 Eq 2 high-tech, Eq 6 low-tech): sum M x F_C x F_perm",
    returns="t C",
    args={"mass": "t", "carbon": "t C / t", "permanence": "1"},
    symbol="biochar_c",
)
def biochar_carbon(mass: Numeric, carbon: Numeric, permanence: Numeric) -> Numeric:
    """Biochar carbon remaining after 100 years, summed over deliveries [t C].

    mass: dry biochar [t]; carbon: organic-carbon fraction [t C/t]; permanence: F_perm.
    """
    return total(mass * carbon * permanence)


@equation(
    VM0044,
    "Eq 3 / Eq 7 (PE_PS = (PE_D + PE_P + PE_C) x M_used / M_produced)",
    returns="t CO2e",
    args={"emissions": "t CO2e", "used": "t", "produced": "t"},
    symbol="pe_ps",
)
def production_share(emissions: Numeric, used: Numeric, produced: Numeric) -> Numeric:
    """Production emissions allocated to the biochar used, summed over deliveries [t CO2e].

    emissions: PE_D + PE_C of each delivery's production [t CO2e]; used: dry biochar delivered
    [t]; produced: dry biochar that production made [t].
    """
    return total(emissions * used / produced)


@equation(
    VM0044,
    "Eq 9 (PE_P = F_e x M for low-tech production)",
    returns="t CH4_biogenic",
    args={"factor": "t CH4_biogenic / t", "mass": "t", "low_tech": "1"},
    symbol="pe_p",
)
def kiln_methane(factor: Numeric, mass: Numeric, low_tech: Numeric) -> Numeric:
    """CH4 of low-tech kilns, summed over deliveries [t CH4]; low_tech is 1 or 0 per delivery."""
    return total(factor * mass * low_tech)


@equation(
    "Puro Standard Edition 2025",
    "Eq 6.5 (H/C_org = H% / C_org% x 12, the standard's shortcut)",
    returns="1",
    args={"hydrogen": "%", "carbon": "%"},
    symbol="h_corg_puro",
)
def puro_h_corg(hydrogen: Numeric, carbon: Numeric) -> Numeric:
    """H/C_org as Puro writes it: mass shares times 12 [ratio]; hydrogen and carbon [%]."""
    return hydrogen / carbon * 12


@equation(
    "Puro Standard Edition 2025",
    "Eq 6.4 (PF = M - a x H/C_org)",
    returns="%",
    args={"m": "%", "a": "%", "h_corg": "1"},
    symbol="persistence_factor",
)
def puro_persistence(m: Numeric, a: Numeric, h_corg: Numeric) -> Numeric:
    """Puro persistence factor of biochar carbon [%] at the row of the soil temperature."""
    return m - a * h_corg


@equation(
    "Isometric biochar soil module v1.3",
    "Table 4 (F = min(cap, 1 - [c + (a + b ln T_soil) x H/C_org]), 200 years)",
    returns="1",
    args={"a": "1", "b": "1", "c": "1", "cap": "1", "h_corg": "1", "temperature": "degC"},
    symbol="durability",
)
def isometric_persistence(
    a: Numeric, b: Numeric, c: Numeric, cap: Numeric, h_corg: Numeric, temperature: Numeric
) -> Numeric:
    """Share of biochar carbon durable over 200 years [fraction]; temperature in degC."""
    return np.minimum(cap, 1 - (c + (a + b * np.log(temperature)) * h_corg))


@equation(
    METHOD,
    "Removals, measured SOC (BC_in, C_imp: carbon placed after the t0 sampling is moved, not removed)",
    returns="t C",
    args={"mass": "t", "carbon": "t C / t", "after_t0": "1"},
    symbol="carbon_imported",
)
def transferred_carbon(mass: Numeric, carbon: Numeric, after_t0: Numeric) -> Numeric:
    """Carbon brought in after the first sampling, summed over deliveries [t C].

    mass: dry mass [t]; carbon: organic-carbon fraction (all of biochar's, not its F_perm
    share) [t C/t]; after_t0 is 1 for deliveries after the first round of their unit.
    """
    return total(mass * carbon * after_t0)


@equation(
    METHOD,
    "Removals, measured SOC (credited change: lower bound of the one-sided confidence interval of the mean, mean - t x SE)",
    returns="t C / ha",
    args={"mean": "t C / ha", "standard_error": "t C / ha", "t_value": "1"},
    symbol="credited_change",
)
def lower_bound(mean: Numeric, standard_error: Numeric, t_value: Numeric) -> Numeric:
    """Lower bound of the mean SOC change that is credited [t C/ha]."""
    return mean - t_value * standard_error


@equation(
    VM0044,
    "Eq 13 (LE_bd, biomass diverted from energy use: B_div x NCV_bio x EF_sub, efficiency ratio 1)",
    returns="t CO2",
    args={"mass": "t", "share": "1", "ncv": "GJ / t", "emission_factor": "t CO2 / GJ"},
    symbol="le_bd",
)
def diverted_biomass(
    mass: Numeric, share: Numeric, ncv: Numeric, emission_factor: Numeric
) -> Numeric:
    """Fossil CO2 of replacing feedstock diverted from energy use, summed over productions [t CO2].

    mass: feedstock diverted [t, dry]; share: part of the production delivered in the period;
    ncv: of the biomass [GJ/t]; emission_factor: of the substitute fossil fuel [t CO2/GJ].
    """
    return total(mass * share * ncv * emission_factor)


@equation(
    METHOD,
    "Emissions and leakage, topsoil donors (LE_TS = M_TS,dry x C_TS x f_loss, plus the donor's foregone accrual)",
    returns="t C",
    args={"mass": "t", "carbon": "t C / t", "loss": "1", "foregone": "t C"},
    symbol="le_ts",
)
def donor_loss(mass: Numeric, carbon: Numeric, loss: Numeric, foregone: Numeric) -> Numeric:
    """Carbon an off-site topsoil donor loses, summed over donors [t C]."""
    return total(mass * carbon * loss + foregone)
