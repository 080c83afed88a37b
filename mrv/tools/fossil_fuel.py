"""CO2 from fossil fuel burnt by field operations, hauling and earthworks."""

from __future__ import annotations

from mrv.contract.equations import Numeric, equation, total

__all__ = [
    "ch4_fuel_by_energy",
    "co2_fuel_by_energy",
    "co2_fuel_by_volume",
    "co2_fuel_from_energy",
    "fuel_energy",
    "n2o_fuel_by_energy",
]


@equation(
    "Verra VM0042 v2.2",
    "Eq 6-7",
    returns="t CO2",
    args={"fuel": "L", "emission_factor": "t CO2 / L"},
    symbol="co2_ff",
)
def co2_fuel_by_volume(fuel: Numeric, emission_factor: Numeric) -> Numeric:
    r"""CO2 from fuel volumes and per-litre emission factors, summed over fuels [t CO2].

    .. math:: CO2_{ff} = \sum_j FFC_j \cdot EF_{CO2,j}

    Parameters
    ----------
    fuel : array
        Fuel burnt, one value per fuel [L].
    emission_factor : array
        Emission factor of each fuel (diesel 0.002886, petrol 0.002810 by IPCC 2019 Vol. 2
        Table 3.3.1 as VM0042 cites them) [t CO2 / L].
    """
    return total(fuel * emission_factor)


@equation(
    "CDM TOOL03 (fossil fuel combustion)",
    "PE_FF = sum FC NCV EF_CO2",
    returns="t CO2",
    args={"fuel": "t", "ncv": "GJ / t", "emission_factor": "t CO2 / GJ"},
    symbol="co2_ff",
)
def co2_fuel_by_energy(fuel: Numeric, ncv: Numeric, emission_factor: Numeric) -> Numeric:
    r"""CO2 from fuel masses, net calorific values and per-energy emission factors [t CO2].

    .. math:: PE_{FF} = \sum_j FC_j \cdot NCV_j \cdot EF_{CO2,j}

    Parameters
    ----------
    fuel : array
        Fuel burnt, one value per fuel [t].
    ncv : array
        Net calorific value [GJ / t].
    emission_factor : array
        CO2 emission factor [t CO2 / GJ].
    """
    return total(fuel * ncv * emission_factor)


@equation(
    "CDM TOOL03 (fossil fuel combustion)",
    "FC_i x NCV_i (fuel volume x measured density x net calorific value)",
    returns="TJ",
    args={"volume": "L", "density": "t / L", "ncv": "TJ / t"},
    symbol="fuel_energy",
)
def fuel_energy(volume: Numeric, density: Numeric, ncv: Numeric) -> Numeric:
    """Energy of fuel burnt, one value per record [TJ].

    volume [L], density [t/L] (measured; traced values convert from kg/L), net calorific value
    [TJ/t] (traced values convert from GJ/t = TJ/Gg).
    """
    return volume * density * ncv


@equation(
    "IPCC 2006 GL Vol. 2 Ch. 3",
    "Eq 3.2.1 and 3.3.1 (CH4 = sum fuel energy x EF by vehicle and road type)",
    returns="kg CH4",
    args={"energy": "TJ", "emission_factor": "kg CH4 / TJ"},
    symbol="ch4_fuel",
)
def ch4_fuel_by_energy(energy: Numeric, emission_factor: Numeric) -> Numeric:
    """CH4 from fuel burnt in mobile machinery, summed over records [kg CH4].

    energy [TJ] per record; emission_factor [kg CH4/TJ] per record (on-road Table 3.2.2,
    off-road Table 3.3.1).
    """
    return total(energy * emission_factor)


@equation(
    "IPCC 2006 GL Vol. 2 Ch. 3",
    "Eq 3.2.1 and 3.3.1 (N2O = sum fuel energy x EF by vehicle and road type)",
    returns="kg N2O",
    args={"energy": "TJ", "emission_factor": "kg N2O / TJ"},
    symbol="n2o_fuel",
)
def n2o_fuel_by_energy(energy: Numeric, emission_factor: Numeric) -> Numeric:
    """N2O from fuel burnt in mobile machinery, summed over records [kg N2O].

    energy [TJ] per record; emission_factor [kg N2O/TJ] per record.
    """
    return total(energy * emission_factor)


@equation(
    "CDM TOOL03 (fossil fuel combustion)",
    "PE_FF = sum FC NCV EF_CO2 (fuel energy x EF_CO2 per record)",
    returns="kg CO2",
    args={"energy": "TJ", "emission_factor": "kg CO2 / TJ"},
    symbol="co2_ff",
)
def co2_fuel_from_energy(energy: Numeric, emission_factor: Numeric) -> Numeric:
    """CO2 from the energy of fuel burnt, summed over records [kg CO2].

    energy [TJ] per record (from :func:`fuel_energy`); emission_factor [kg CO2/TJ].
    """
    return total(energy * emission_factor)
