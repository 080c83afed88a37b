"""Orchestration: per monitoring period and stratum, carbon, CH4 and N2O of both scenarios.

Each stratum has one route per gas, recorded in the trace by the equation it calls. The cells
of a stratum are the calendar years a period touches, with the stratum's area in that year, so
areas that change as subsidence deepens enter year by year. Terms are net emissions (a carbon
gain is negative); CH4 is non-fossil methane, so an AR6 report uses 27.0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import mrv
from mrv.common import units
from mrv.common.errors import InputError, Problem
from mrv.contract.equations import Trace, Traced, elements
from mrv.contract.parameters import ParameterSet
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding
from mrv.model.table import Table
from mrv.tools.timespan import calendar_year_shares, years_inside

from . import equations as eq
from .inputs import DRAINED_ORGANIC_USES, Stratum, WetlandInputs
from .stocks import StockSeries, stock_series
from .zones import FLOODED_ZONE, WETLANDS_SUPPLEMENT_ZONE

NET_EQUATION = "Verra VM0033 v2.1 Eq 85 (NER = GHG_BSL - GHG_WPS + FRP - GHG_LK, FRP = 0)"
SALINITY_CLASSES = ((18.0, "above_18_ppt"), (5.0, "5_to_18_ppt"))  # VM0033 Eq 63-68 [g/kg]
KINDS = {"carbon": "stock_change", "ch4": "emission", "n2o": "emission"}


@dataclass
class Part:
    """One component of a scenario in one stratum: its value and relative half-width."""

    value: Traced
    uncertainty: float = 0.0
    stratum: str = ""


@dataclass
class Scenario:
    """The parts of one scenario, by component (soil_co2_c, ch4, ...)."""

    parts: dict[str, list[Part]] = field(default_factory=lambda: defaultdict(list))
    stratum: str = ""  # the stratum whose parts are being added

    def add(self, component: str, value: Traced, uncertainty: float = 0.0) -> None:
        """Add the current stratum's part of a component, with its relative half-width [fraction]."""
        self.parts[component].append(Part(value, uncertainty, self.stratum))


@dataclass(frozen=True)
class Cells:
    """Calendar years of a period for one stratum: area [ha] and years inside the period [yr]."""

    years: tuple[int, ...]
    area: Traced
    span: Traced


class Calculation:
    """State shared by the steps of one project's calculation."""

    def __init__(self, context: mrv.CalculationContext) -> None:
        self.inputs: WetlandInputs = context.inputs
        self.document = context.document
        self.parameters: ParameterSet = context.parameters
        self.trace: Trace = context.trace
        zone = self.inputs.climate.zone
        self.ws_zone = WETLANDS_SUPPLEMENT_ZONE[zone]
        self.flooded_zone = FLOODED_ZONE[zone]
        table = self.inputs.areas
        self.area_row = _rows_by_stratum_year(table)
        self.area_ha = table.number("area").to("ha")
        fluxes = self.inputs.fluxes
        self.flux_row = _rows_by_stratum_year(fluxes) if fluxes is not None else {}
        self.series = {
            name: {
                s.id: stock_series(getattr(self.inputs, name), f"inputs.{name}", s.id)
                for s in self.inputs.strata
            }
            for name in ("soil_carbon", "woody_carbon")
            if getattr(self.inputs, name) is not None
        }

    def cells(
        self, period: MonitoringPeriod, stratum: str, window: tuple[dt.date, dt.date] | None = None
    ) -> Cells | None:
        """Return the stratum's cells in the period (within ``window`` if given), or None."""
        start, end = period.start, period.end
        if window is not None:
            start, end = max(start, window[0]), min(end, window[1])
            if end <= start:
                return None
        shares = calendar_year_shares(start, end)
        years = tuple(sorted(shares))
        rows = [self.area_row[stratum, year] for year in years]
        keys = [f"{stratum}/{year}" for year in years]
        area = self.trace.input("inputs.areas:area", self.area_ha[rows], "ha", keys=keys)
        span = self.trace.record(
            "years",
            "mrv.tools.timespan.calendar_year_shares: part of each calendar year inside the period",
            np.array([shares[year] for year in years], dtype=np.float64),
            "yr",
        )
        return Cells(years, area, span)

    def zero(self, unit: str, reason: str) -> Traced:
        """Record a zero that stands for a term not counted, with the reason."""
        return self.trace.record("zero", reason, 0.0, unit)

    def factor(self, table: str, **key: str) -> tuple[Traced, float]:
        """Return a parameter and its relative half-width from the row's min and max (95 %)."""
        value = self.parameters.get(table, **key)
        row = self.parameters.table(table).row(**key)
        if row.min is None or row.max is None or row.value == 0:
            return value, 0.0
        return value, (row.max - row.min) / 2.0 / abs(row.value)

    def combined(self, *pairs: tuple[Traced, float], weights: tuple[float, ...] = ()) -> float:
        """Relative half-width of a sum of independent factors (IPCC 2006 GL Vol. 1 Eq 3.1).

        ``pairs`` are (factor, U); ``weights`` scale each factor in the sum (1 by default).
        """
        scale = weights or (1.0,) * len(pairs)
        values = [
            w * float(np.mean(value.magnitude)) for (value, _), w in zip(pairs, scale, strict=True)
        ]
        total = math.fsum(values)
        if total == 0.0:
            return 0.0
        return math.hypot(*(u * v for (_, u), v in zip(pairs, values, strict=True))) / abs(total)

    def first_year_part(self, period: MonitoringPeriod) -> float:
        """Part of the first project year (from the crediting-period start) inside the period."""
        start = self.document.project.crediting_period.start
        try:
            end = start.replace(year=start.year + 1)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + 1, day=28)
        overlap = (min(end, period.end + dt.timedelta(days=1)) - max(start, period.start)).days
        return max(overlap, 0) / (end - start).days


def _rows_by_stratum_year(table: Table) -> dict[tuple[str, int], int]:
    """Row of each (stratum, year) of a table with those columns (checked unique on input)."""
    years = table.number("year").magnitude.astype(np.int64).tolist()
    return {
        key: row for row, key in enumerate(zip(table.text("stratum").tolist(), years, strict=True))
    }


def calculate(context: mrv.CalculationContext) -> list[mrv.PeriodOutcome]:
    """Compute every monitoring period of a wetland-methane project."""
    calc = Calculation(context)
    outcomes = []
    for period in calc.document.monitoring_periods:
        with calc.trace.scope(period.id):
            outcomes.append(_period(calc, period))
    return outcomes


def _period(calc: Calculation, period: MonitoringPeriod) -> mrv.PeriodOutcome:
    trace = calc.trace
    baseline, project = Scenario(), Scenario()
    findings: list[Finding] = []
    for stratum in calc.inputs.strata:
        baseline.stratum = project.stratum = stratum.id
        with trace.scope(stratum.id):
            cells = calc.cells(period, stratum.id)
            assert cells is not None  # noqa: S101 - a period always has days
            with trace.scope("baseline"):
                _baseline(calc, period, stratum, cells, baseline)
            with trace.scope("project"):
                if stratum.type == "drained_fringe":
                    _baseline(calc, period, stratum, cells, project)
                else:
                    _project(calc, period, stratum, cells, project)
            with trace.scope("herb"):
                _herb(calc, period, stratum, baseline, project)
    findings.extend(_stock_windows(calc, period))
    with trace.scope("baseline"):
        baseline_terms = _terms(trace, baseline)
    with trace.scope("project"):
        project_terms = _terms(trace, project)
    with trace.scope("leakage"):
        leakage_terms = _leakage(calc, period)
    screening, reasons = _comparisons(calc, period, baseline_terms, project_terms, leakage_terms)
    return mrv.PeriodOutcome(
        period.id,
        baseline=baseline_terms,
        project=project_terms,
        leakage=leakage_terms,
        net_equation=NET_EQUATION,
        findings=tuple(findings),
        screening=screening,
        screening_reason=reasons,
    )


# ----- baseline ------------------------------------------------------------------------------
def _baseline(
    calc: Calculation, period: MonitoringPeriod, stratum: Stratum, cells: Cells, out: Scenario
) -> None:
    """Soil CO2, CH4 and N2O of the land use the stratum would continue."""
    use = stratum.baseline.land_use
    if use in DRAINED_ORGANIC_USES:
        depleted = stratum.baseline.peat_depletion_year
        if depleted is not None:
            remaining = calc.cells(period, stratum.id, (period.start, dt.date(depleted, 12, 31)))
            if remaining is None:
                reason = f"VM0033 v2.1 §8.1.4 (t_PDT): the drained peat is used up by the end of {depleted}; no baseline soil emissions after it"
                out.add("soil_co2_c", calc.zero("t C", reason))
                out.add("ch4", calc.zero("t CH4_biogenic", reason))
                out.add("n2o", calc.zero("t N2O", reason))
                return
            cells = remaining
        key = {"land_use": use, "zone": calc.ws_zone}
        co2, u_co2 = calc.factor("ws_drained_co2", **key)
        doc, u_doc = calc.factor("ws_drained_doc", **key)
        value = eq.organic_soil_co2_c(co2, doc, cells.area, cells.span)
        out.add("soil_co2_c", value, calc.combined((co2, u_co2), (doc, u_doc)))
        if calc.inputs.drained_baseline == "vm0033":
            reason = "VM0033 v2.1 §8.1.4.1: CH4 and N2O of strata exposed through drainage are conservatively zero"
            out.add("ch4", calc.zero("t CH4_biogenic", reason))
            out.add("n2o", calc.zero("t N2O", reason))
            return
        land, u_land = calc.factor("ws_drained_ch4_land", **key)
        ditch, u_ditch = calc.factor("ws_drained_ch4_ditch", **key)
        fraction = (
            calc.trace.input(f"inputs.strata[{stratum.id}].ditch_fraction", stratum.ditch_fraction)
            if stratum.ditch_fraction is not None
            else calc.parameters.get("ws_frac_ditch", land_use=use)
        )
        share = float(fraction.scalar("1"))
        out.add(
            "ch4",
            eq.drained_ch4(land, ditch, fraction, cells.area, cells.span),
            calc.combined((land, u_land), (ditch, u_ditch), weights=(1 - share, share)),
        )
        n2o, u_n2o = calc.factor("ws_drained_n2o", **key)
        out.add("n2o", eq.nitrous_oxide(n2o, cells.area, cells.span), u_n2o)
        return
    if stratum.soil == "mineral":
        drained = stratum.baseline.drained_since
        start = calc.document.project.crediting_period.start.year
        limit = calc.parameters.get("sdt_drainage_years").scalar("yr")
        why = (
            f"drained since {drained}, more than {limit:g} years before the start"
            if drained is not None and start - drained > limit
            else "no SOC depletion time is determined"
        )
        out.add(
            "soil_co2_c",
            calc.zero("t C", f"VM0033 v2.1 §5.1.2: baseline mineral-soil CO2 is zero ({why})"),
        )
    else:
        out.add(
            "soil_co2_c",
            calc.zero(
                "t C", f"baseline {use} on organic soil is not drained: no WS Ch. 2 CO2 is claimed"
            ),
        )
    reason = "VM0033 v2.1 §8.1.4.5 and §8.1.4.4: baseline CH4 and N2O conservatively set to zero"
    out.add("ch4", calc.zero("t CH4_biogenic", reason))
    out.add("n2o", calc.zero("t N2O", reason))


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
        "1 with a dam outflow, else 0 (R_d applies only below a dam; wetland.md §2.7(d))",
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
                    f"{error.args[0]}: only the rows the formula sheet verified are shipped (wetland.md §2.7(b)); measure CH4 instead",
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


# ----- terms, leakage, comparisons -------------------------------------------------------------
def _strata_sum(values: list[Any]) -> Any:
    """Add strata's figures: exactly rounded for scalars, element-wise under Monte Carlo."""
    if all(np.ndim(value) == 0 for value in values):
        return math.fsum(values)
    return np.sum(np.broadcast_arrays(*values), axis=0)


def _terms(trace: Trace, scenario: Scenario) -> tuple[mrv.Term, ...]:
    """Sum each component over strata; U combines as sum(U_i |E_i|) / |sum E_i| (same factors)."""
    terms = []
    for component, parts in scenario.parts.items():
        unit = parts[0].value.unit
        values = [part.value.to(unit) for part in parts]
        total = _strata_sum(values)
        value = trace.record(
            component,
            f"sum over strata of {component}",
            total,
            unit,
            inputs=[(f"part{i}", part.value.refs[0]) for i, part in enumerate(parts)],
        )
        spread = _strata_sum(
            [part.uncertainty * abs(v) for part, v in zip(parts, values, strict=True)]
        )
        uncertainty = None
        if np.ndim(total) == 0 and spread > 0 and total != 0:  # not under Monte Carlo
            uncertainty = trace.record(
                f"u_{component}",
                "relative 95 % half-width: sum(U_i |E_i|) / |sum E_i| (factors shared across strata)",
                spread / abs(total),
                "1",
            )
        kind = "stock_change" if component in {"soil_co2_c", "carbon_gain", "herb"} else "emission"
        by_stratum: dict[str, float] = defaultdict(float)
        for part, v in zip(parts, values, strict=True):
            by_stratum[part.stratum] += v
        terms.append(mrv.Term(component, value, kind, uncertainty, dict(by_stratum)))  # type: ignore[arg-type]
    return tuple(terms)


def _leakage(calc: Calculation, period: MonitoringPeriod) -> tuple[mrv.Term, ...]:
    displaced = calc.inputs.displaced
    if not displaced:
        reason = calc.inputs.no_displacement_evidence or "no productive land use ends"
        return (
            mrv.Term(
                "displacement", calc.zero("t CO2e", f"no activity displaced: {reason}"), "emission"
            ),
        )
    span = years_inside(period.start, period.end)
    years = calc.trace.record("years", "years of the period", span, "yr")
    area = calc.trace.input(
        "inputs.displaced[*].area", np.array([d.area.m_as("ha") for d in displaced]), "ha"
    )
    rate = calc.trace.input(
        "inputs.displaced[*].emissions",
        np.array([d.emissions.m_as("t CO2e / ha / yr") for d in displaced]),
        "t CO2e / ha / yr",
    )
    return (mrv.Term("displacement", eq.displaced_emissions(area, rate, years), "emission"),)


def _comparisons(
    calc: Calculation,
    period: MonitoringPeriod,
    baseline: tuple[mrv.Term, ...],
    project: tuple[mrv.Term, ...],
    leakage: tuple[mrv.Term, ...],
) -> tuple[tuple[mrv.Term, ...], Mapping[str, str]]:
    """Screening-only figures: the net under other GWP sets and water-level scenarios."""
    terms: list[mrv.Term] = []
    reasons: dict[str, str] = {}
    with calc.trace.scope("comparison"):
        for gwp_set in calc.inputs.gwp_comparison:
            net = _net_under(gwp_set, baseline, project, leakage)
            name = f"net_{gwp_set}"
            terms.append(
                mrv.Term(
                    name,
                    calc.trace.record(
                        name,
                        f"-(baseline - project - leakage) with every CH4 and N2O term at {gwp_set} GWP-100 (CH4 non-fossil)",
                        -net,
                        "t CO2e",
                        inputs=[(t.name, t.value.refs[0]) for t in (*baseline, *project, *leakage)],
                    ),
                    "emission",
                )
            )
            reasons[name] = f"the same net benefit under {gwp_set} GWP values, for comparison only"
        levels = calc.inputs.water_levels
        if levels is not None:
            terms.extend(_water_levels(calc, period, reasons))
    return tuple(terms), reasons


def _net_under(
    gwp_set: str,
    baseline: tuple[mrv.Term, ...],
    project: tuple[mrv.Term, ...],
    leakage: tuple[mrv.Term, ...],
) -> Any:
    ureg = units.get_registry()
    target = units.parse_unit("t CO2e")

    def co2e(terms: tuple[mrv.Term, ...]) -> Any:
        return _strata_sum(
            [
                ureg.Quantity(t.value.magnitude, units.parse_unit(t.value.unit))
                .to(target, gwp_set)
                .magnitude
                for t in terms
            ]
        )

    return co2e(baseline) - co2e(project) - co2e(leakage)


def _water_levels(
    calc: Calculation, period: MonitoringPeriod, reasons: dict[str, str]
) -> list[mrv.Term]:
    levels = calc.inputs.water_levels
    assert levels is not None  # noqa: S101
    p = calc.parameters
    coefficients = [p.get(f"ecosse_{k}", peat=levels.peat) for k in "abcd"]
    cells = calc.cells(period, levels.stratum)
    assert cells is not None  # noqa: S101
    temperature = calc.trace.input("inputs.water_levels.temperature", levels.temperature)
    found = []
    for scenario in levels.scenarios:
        depth = calc.trace.input(
            f"inputs.water_levels.scenarios[{scenario.id}].depth", scenario.depth
        )
        rate = eq.ecosse_ch4_c(
            *coefficients, depth, temperature, trace_as=f"{scenario.id}_ch4_c_rate"
        )
        per_cell = calc.trace.record(
            f"{scenario.id}_rate",
            "the proxy rate in every year of the period",
            np.asarray(rate.to("kg CH4_C_biogenic / ha / yr")) * np.ones(len(cells.years)),
            "kg CH4_C_biogenic / ha / yr",
            inputs=[("rate", rate.refs[0])],
        )
        ch4 = eq.methane(per_cell, cells.area, cells.span, trace_as=f"water_level_{scenario.id}")
        name = f"water_level_{scenario.id}"
        found.append(mrv.Term(name, ch4, "emission"))
        reasons[name] = (
            f"CH4 of stratum {levels.stratum} at a mean water table {scenario.depth.m_as('cm'):g} cm below the surface "
            f"(ECOSSE {levels.peat} proxy, wetland.md §2.7(e)), as the benefit it would cost: a water-level comparison, "
            "not creditable; a project that lowers the water table is outside VM0033 (§4 condition 3)"
        )
    return found
