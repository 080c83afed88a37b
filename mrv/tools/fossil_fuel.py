"""CO2 from fossil fuel burnt by field operations, hauling and earthworks."""

from __future__ import annotations

from mrv.equations import Numeric, equation, total

__all__ = ["co2_fuel_by_energy", "co2_fuel_by_volume"]


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
