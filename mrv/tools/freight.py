"""CO2 of freight by tonne-kilometres (CDM TOOL12 Option B), where no fuel is monitored."""

from __future__ import annotations

from mrv.contract.equations import Numeric, equation, total

__all__ = ["co2_freight"]


@equation(
    "CDM TOOL12 v01.1.0",
    "Option B (PE_TR = sum D_f x FR_f x EF_CO2,f x 1e-6)",
    returns="t CO2",
    args={"distance": "km", "freight": "t", "emission_factor": "t CO2 / t / km"},
    symbol="co2_freight",
)
def co2_freight(distance: Numeric, freight: Numeric, emission_factor: Numeric) -> Numeric:
    """CO2 of hauling freight, summed over trips [t CO2].

    distance: return-trip distance of each trip [km]; freight: mass as hauled (wet) [t];
    emission_factor: per tonne-km of the vehicle class [t CO2 / t / km; traced values convert
    from the g CO2 / t / km of the TOOL12 table]. Prefer fuel records
    (TOOL12 Option A, :mod:`mrv.tools.fossil_fuel`) where they exist.
    """
    return total(distance * freight * emission_factor)
