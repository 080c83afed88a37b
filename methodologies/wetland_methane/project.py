"""The project of each stratum: CH4 and N2O of rewetted soils and open water, soil and herb carbon (VM0033 v2.1 §8.2, IPCC Wetlands Supplement, 2019 Refinement Ch. 7)."""

from __future__ import annotations

import numpy as np

from mrv.common.errors import InputError, Problem
from mrv.contract.equations import Traced, elements
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding

from . import equations as eq
from .context import (
    SALINITY_CLASSES,
    Calculation,
    Cells,
    Scenario,
)
from .inputs import Stratum
from .stocks import StockSeries


# ----- project -------------------------------------------------------------------------------
def _project(
    calc: Calculation, period: MonitoringPeriod, stratum: Stratum, cells: Cells, out: Scenario
) -> None:
    _project_ch4(calc, period, stratum, cells, out)
    _project_n2o(calc, period, stratum, cells, out)
    _project_soil(calc, period, stratum, cells, out)
    if "woody_carbon" in calc.series:
        series = calc.series["woody_carbon"].get(stratum.id)
        if series is not None:
            with calc.trace.scope("woody"):
                _stock_gain(calc, period, stratum, series, "woody_carbon", out, 0.0)


def _project_ch4(
    calc: Calculation, period: MonitoringPeriod, stratum: Stratum, cells: Cells, out: Scenario
) -> None:
    route = stratum.project.ch4
    if route == "excluded":
        out.add(
            "ch4",
            calc.zero(
                "t CH4_biogenic",
                f"VM0033 v2.1 §8.2.4.3: project CH4 excluded, shown not to increase ({stratum.project.ch4_exclusion_evidence})",
            ),
        )
        return
    if route == "measured":
        out.add("ch4", _measured(calc, period, stratum, cells, "ch4"))
        return
    if stratum.type == "rewetted_organic":
        key = {"zone": calc.ws_zone, "nutrient": str(stratum.nutrient)}
        ef, u = _tabulated(calc, "ws_rewetted_ch4", stratum, **key)
        out.add("ch4", eq.methane(ef, cells.area, cells.span), u)
        return
    flooding = stratum.project.flooding
    assert flooding is not None  # noqa: S101 - inputs require it for open water
    limit = calc.parameters.get("flooded_age_limit").scalar("yr")
    ages = np.array(cells.years) - flooding.year + 1
    young = ages <= limit
    efs = [
        calc.factor("flooded_ch4", zone=calc.flooded_zone, age="up_to_20" if y else "over_20")[0]
        for y in young
    ]
    ef = calc.trace.record(
        "ef_ch4_by_age",
        f"flooded-land CH4 factor of each year by age since flooding in {flooding.year} (up to or over {limit:g} years)",
        elements(efs, "kg CH4_biogenic / ha / yr"),
        "kg CH4_biogenic / ha / yr",
        inputs=[("ef", ref) for value in efs for ref in value.refs],
    )
    alpha = calc.parameters.get("trophic_alpha", trophic_status=flooding.trophic_status)
    ch4 = eq.flooded_ch4(alpha, ef, cells.area, cells.span)
    out.add("ch4", ch4)
    outflow = calc.trace.record(
        "dam_outflow",
        "1 with a dam outflow, else 0 (R_d applies only below a dam outflow; IPCC 2019 Refinement Vol. 4 Ch. 7, downstream emissions of reservoirs)",
        1.0 if flooding.dam_outflow else 0.0,
        "1",
    )
    out.add("ch4", eq.downstream_ch4(calc.parameters.get("downstream_fraction"), ch4, outflow))
    if flooding.converted_from_land:
        co2 = calc.parameters.get("flooded_co2", zone=calc.flooded_zone)
        mask = calc.trace.record(
            "young",
            f"1 for years within {limit:g} years of flooding",
            young.astype(np.float64),
            "1",
        )
        out.add("soil_co2_c", eq.flooded_co2_c(co2, cells.area, cells.span, mask))


def _tabulated(calc: Calculation, table: str, stratum: Stratum, **key: str) -> tuple[Traced, float]:
    """Look up a Wetlands Supplement factor; a row the sheet leaves unverified is refused."""
    try:
        return calc.factor(table, **key)
    except KeyError as error:
        raise InputError(
            [
                Problem(
                    "",
                    f"inputs.strata[{stratum.id}]",
                    f"{error.args[0]}: only the rows read in the primary tables are shipped; measure CH4 instead",
                )
            ]
        ) from None


def _measured(
    calc: Calculation, period: MonitoringPeriod, stratum: Stratum, cells: Cells, gas: str
) -> Traced:
    """CH4 or N2O of a stratum from measured annual fluxes (expected rates for ex-ante years)."""
    table = calc.inputs.fluxes
    unit = "kg CH4_biogenic / ha / yr" if gas == "ch4" else "kg N2O_N / ha / yr"
    source = "kg CH4 / ha / yr" if gas == "ch4" else "kg N2O_N / ha / yr"
    found = [calc.flux_row.get((stratum.id, year)) for year in cells.years]
    rows = [row for row in found if row is not None]
    if table is not None and len(rows) == len(cells.years):
        values = table.number(gas).to(source)[rows]
        if np.isnan(values).any():
            raise InputError(
                [
                    table.problem(
                        "inputs.fluxes",
                        f"stratum {stratum.id} needs a measured {gas} for every year",
                        gas,
                        [rows[int(np.flatnonzero(np.isnan(values))[0])]],
                    )
                ]
            )
        rate = calc.trace.input(
            f"inputs.fluxes:{gas}", values, unit, keys=[f"{stratum.id}/{y}" for y in cells.years]
        )
    elif period.kind == "ex-ante" and gas == "ch4" and stratum.project.expected_ch4 is not None:
        rate = calc.trace.input(
            f"inputs.strata[{stratum.id}].project.expected_ch4",
            np.full(len(cells.years), stratum.project.expected_ch4.m_as("kg CH4 / ha / yr")),
            unit,
        )
    else:
        missing = [year for year, row in zip(cells.years, found, strict=True) if row is None]
        raise InputError(
            [
                Problem(
                    table.reference if table is not None else "",
                    "inputs.fluxes",
                    f"stratum {stratum.id} measures {gas.upper()} but has no flux for {', '.join(map(str, missing))} (period {period.id})",
                )
            ]
        )
    return (
        eq.methane(rate, cells.area, cells.span)
        if gas == "ch4"
        else eq.nitrous_oxide(rate, cells.area, cells.span)
    )


def _project_n2o(
    calc: Calculation, period: MonitoringPeriod, stratum: Stratum, cells: Cells, out: Scenario
) -> None:
    route = stratum.project.n2o
    if route == "measured":
        out.add("n2o", _measured(calc, period, stratum, cells, "n2o"))
    elif route == "excluded":
        out.add(
            "n2o",
            calc.zero(
                "t N2O",
                f"VM0033 v2.1 §8.2.4.4: project N2O excluded ({stratum.project.n2o_exclusion_evidence})",
            ),
        )
    elif stratum.type == "rewetted_organic":
        out.add(
            "n2o",
            calc.zero(
                "t N2O",
                "IPCC 2013 Wetlands Supplement Ch. 3 p. 3.19: N2O of rewetted organic soils is negligible at Tier 1",
            ),
        )
    else:
        salinity = stratum.salinity.m_as("g / kg")
        klass = next((name for bound, name in SALINITY_CLASSES if salinity > bound), "up_to_5_ppt")
        system = "open_water" if stratum.type == "open_water" else "vegetated"
        rate = calc.parameters.get("n2o_default", system=system, salinity=klass)
        out.add("n2o", eq.nitrous_oxide(rate, cells.area, cells.span))


def _project_soil(
    calc: Calculation, period: MonitoringPeriod, stratum: Stratum, cells: Cells, out: Scenario
) -> None:
    if stratum.type == "rewetted_organic":
        key = {"zone": calc.ws_zone, "nutrient": str(stratum.nutrient)}
        co2, u_co2 = _tabulated(calc, "ws_rewetted_co2", stratum, **key)
        doc, u_doc = _tabulated(calc, "ws_rewetted_doc", stratum, zone=calc.ws_zone)
        out.add(
            "soil_co2_c",
            eq.organic_soil_co2_c(co2, doc, cells.area, cells.span),
            calc.combined((co2, u_co2), (doc, u_doc)),
        )
        return
    series = calc.series.get("soil_carbon", {}).get(stratum.id)
    fraction = stratum.project.allochthonous_carbon
    alloch = 0.0 if fraction is None else float(fraction.m_as("1"))
    expected = stratum.project.expected_soil_carbon_gain
    if period.kind == "ex-ante" and expected is not None:
        rate = calc.trace.input(
            f"inputs.strata[{stratum.id}].project.expected_soil_carbon_gain",
            np.full(len(cells.years), expected.m_as("t C / ha / yr")),
            "t C / ha / yr",
        )
        _add_gain(calc, stratum, eq.carbon_gain(rate, cells.area, cells.span), alloch, out, 0.0)
    elif series is not None:
        with calc.trace.scope("soil"):
            _stock_gain(calc, period, stratum, series, "soil_carbon", out, alloch)


def _stock_gain(
    calc: Calculation,
    period: MonitoringPeriod,
    stratum: Stratum,
    series: StockSeries,
    name: str,
    out: Scenario,
    alloch: float,
) -> None:
    """Carbon gained in the period at the rate between the first and last rounds (VM0033 Eq 36)."""
    cells = calc.cells(period, stratum.id, (series.first, series.last))
    if cells is None:
        return
    path = f"inputs.{name}:stock"
    later = calc.trace.input(path, series.later, "t C / ha", keys=[f"{stratum.id}/{series.last}"])
    earlier = calc.trace.input(
        path, series.earlier, "t C / ha", keys=[f"{stratum.id}/{series.first}"]
    )
    interval = calc.trace.record(
        "interval",
        f"years from {series.first} to {series.last} (the day after the first round to the last), counted as calendar-year shares like the periods",
        series.interval,
        "yr",
    )
    rate = eq.stock_change_rate(later, earlier, interval)
    gain = eq.carbon_gain(rate, cells.area, cells.span)
    _add_gain(
        calc, stratum, gain, alloch if name == "soil_carbon" else 0.0, out, series.uncertainty
    )


def _add_gain(
    calc: Calculation, stratum: Stratum, gain: Traced, alloch: float, out: Scenario, u: float
) -> None:
    deduction = eq.allochthonous_deduction(
        gain, calc.trace.record("c_alloch", f"%C_alloch of stratum {stratum.id}", alloch, "1")
    )
    net = calc.trace.record(
        "carbon_net",
        "net emission = -(gain - allochthonous deduction) (VM0033 v2.1 Eq 19/70 sign, Eq 38)",
        -(gain.to("t C") - deduction.to("t C")),
        "t C",
        inputs=[("gain", gain.refs[0]), ("deduction", deduction.refs[0])],
    )
    out.add("carbon_gain", net, u)


def _herb(
    calc: Calculation,
    period: MonitoringPeriod,
    stratum: Stratum,
    baseline: Scenario,
    project: Scenario,
) -> None:
    """Herbaceous carbon of the first year in both scenarios (VM0033 Eq 25/78, year 1 only)."""
    herb = stratum.herb
    part = calc.first_year_part(period)
    if herb is None or part == 0.0:
        return
    year = calc.document.project.crediting_period.start.year
    area = calc.trace.input(
        "inputs.areas:area",
        calc.area_ha[calc.area_row[stratum.id, year]],
        "ha",
        keys=[f"{stratum.id}/{year}"],
    )
    c_herb = calc.parameters.get("herb_carbon")
    first = calc.trace.record(
        "first_year", "part of the first project year inside the period", part, "1"
    )
    for name, out in (("baseline", baseline), ("project", project)):
        cover = getattr(herb, name)
        gain = eq.herb_gain(
            c_herb,
            calc.trace.input(f"inputs.strata[{stratum.id}].herb.{name}", cover),
            calc.trace.input(f"inputs.strata[{stratum.id}].herb.start", herb.start),
            area,
            first,
            trace_as=f"{name}_herb_gain",
        )
        out.add(
            "herb",
            calc.trace.record(
                f"{name}_herb",
                "net emission = -(herb gain)",
                -gain.to("t C"),
                "t C",
                inputs=[("gain", gain.refs[0])],
            ),
        )


def _stock_windows(calc: Calculation, period: MonitoringPeriod) -> list[Finding]:
    """Note where a measured stock change does not cover the whole period (none is extrapolated)."""
    if period.kind == "ex-ante":
        return []
    found = []
    for name, by_stratum in calc.series.items():
        for stratum_id, series in by_stratum.items():
            if series is None or (series.first <= period.start and series.last >= period.end):
                continue
            found.append(
                Finding(
                    severity="info",
                    code="stock-change-window",
                    message=f"{name} of stratum {stratum_id} changes only from {series.first} to {series.last} (its first and last sampling rounds); the rest of period {period.id} counts no change",
                    reference="Verra VM0033 v2.1 Eq 36",
                    path=f"inputs.{name}",
                )
            )
    return found
