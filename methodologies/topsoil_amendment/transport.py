"""CDM TOOL12 freight and TOOL03 fuel of hauling and spreading amendments."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

import mrv
from mrv.contract.equations import Traced
from mrv.contract.parameters import ParameterSet
from mrv.model.project import MonitoringPeriod
from mrv.tools.fossil_fuel import (
    ch4_fuel_by_energy,
    co2_fuel_from_energy,
    fuel_energy,
    n2o_fuel_by_energy,
)
from mrv.tools.freight import co2_freight

from .context import DELIVERIES, Calculation


# ----- transport and fuel ----------------------------------------------------------------------
def _freight(
    calc: Calculation, chosen: npt.NDArray[np.bool_]
) -> tuple[list[mrv.Term], list[mrv.Term]]:
    """Hauls by tonne-km (CDM TOOL12 Option B); project emissions or VM0044 leakage."""
    haul = calc.table.number_or_nan("haul", "km")
    rows = chosen & ~np.isnan(haul)
    if not rows.any():
        return [], []
    vehicle = np.where(rows, calc.table.text_or_empty("vehicle"), "heavy")
    factor = calc.parameters.lookup("freight_emission_factor", vehicle=vehicle)
    if calc.inputs.transport_convention == "vm0044_leakage":
        limit = calc.parameters.get("freight_leakage_threshold").scalar("km")
        rows = rows & (haul > limit)
        if not rows.any():
            return [], [
                mrv.Term(
                    "transport",
                    calc.zero(
                        "t CO2",
                        f"VM0044 v1.2 Eq 13: every leg is {limit:g} km or less one way, so LE_ts and LE_tap are zero",
                    ),
                    "emission",
                )
            ]
    distance = calc.trace.record(
        "return_trip",
        "return-trip distance: twice the one-way haul (TOOL12 D), for the period's hauls",
        np.where(rows, 2 * np.nan_to_num(haul), 0.0),
        "km",
        inputs=[("one_way", f"input:{DELIVERIES}:haul")],
    )
    freight = calc.masked("freight", calc.deliveries.hauled, rows, "t")
    term = mrv.Term("freight", co2_freight(distance, freight, factor), "emission")
    if calc.inputs.transport_convention == "vm0044_leakage":
        return [], [term]
    return [term], []


def _bound(parameters: ParameterSet, table: str, which: str) -> Traced:
    """Return a one-value parameter, or its upper bound (CDM TOOL03 conservative option)."""
    central = parameters.get(table)
    if which == "value":
        return central
    row = parameters.table(table).row()
    value = row.max if row.max is not None else row.value
    return Traced(value, central.unit, central.refs)


def _fuel(calc: Calculation, period: MonitoringPeriod) -> list[mrv.Term]:
    """Diesel of hauling and earthworks (CDM TOOL03; CH4 and N2O by road class, IPCC Vol. 2 Ch. 3)."""
    table = calc.inputs.fuel
    if table is None:
        return []
    dates = table.dates("date", "inputs.fuel")
    rows = (dates >= np.datetime64(period.start)) & (dates <= np.datetime64(period.end))
    if not rows.any():
        return []
    p = calc.parameters
    which = "max" if calc.inputs.fuel_factors == "tool03_upper" else "value"
    volume = calc.trace.input("inputs.fuel:volume", table.number("volume"))
    kept = calc.trace.record(
        "volume_in_period",
        "fuel of the period's records (others zero)",
        np.where(rows, volume.to("L"), 0.0),
        "L",
        inputs=[("volume", volume.refs[0])],
    )
    density = calc.trace.input("inputs.fuel:density", table.number("density"))
    # TOOL03's conservative option bounds the CO2 coefficient (NCV x EF_CO2) only; CH4 and N2O
    # take the central energy of IPCC 2006 GL Vol. 2 Ch. 3 (NCV Vol. 2 Ch. 1 Table 1.2; off-road factors Table 3.3.1)
    energy = fuel_energy(kept, density, p.get("diesel_ncv"), trace_as="energy")
    energy_co2 = (
        energy
        if which == "value"
        else fuel_energy(kept, density, _bound(p, "diesel_ncv", which), trace_as="energy_tool03")
    )
    road = (
        np.char.strip(table.text("road_class"))
        if "road_class" in table.columns
        else np.full(table.n_rows, "")
    )
    road = np.where(road == "", "off_road", road)  # unknown road class counts as off-road
    return [
        mrv.Term(
            "fuel_co2", co2_fuel_from_energy(energy_co2, _bound(p, "diesel_co2", which)), "emission"
        ),
        mrv.Term(
            "fuel_ch4",
            ch4_fuel_by_energy(energy, p.lookup("diesel_ch4", road_class=road)),
            "emission",
        ),
        mrv.Term(
            "fuel_n2o",
            n2o_fuel_by_energy(energy, p.lookup("diesel_n2o", road_class=road)),
            "emission",
        ),
    ]
