"""Orchestration: per monitoring period, SOC by the chosen route, N2O, lime, urea, fuel, leakage.

Fields and management records are arrays; Python iterates only over periods, strata, rounds and
the few parameter keys. Signs follow the core: every term is a net emission (a gain of soil
carbon is negative), baseline - project - leakage is the net benefit.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

import mrv
from mrv.common.coded import Coded
from mrv.common.errors import InputError, Problem
from mrv.contract.equations import Trace, Traced
from mrv.contract.parameters import ParameterSet
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding
from mrv.tools.fossil_fuel import co2_fuel_by_volume
from mrv.tools.liming_urea import co2_c_liming, co2_c_urea
from mrv.tools.sampling import sum_by_code
from mrv.tools.soil_n2o import n2o_n_direct, n2o_n_leaching, n2o_n_volatilisation
from mrv.tools.timespan import calendar_year_shares, years_between

from . import equations as eq
from .inputs import CroplandInputs
from .layout import layout_of
from .soc_measured import Samples, change_variance_between, core_stocks
from .soc_modelled import ModelledChange, model_soc

FloatArray = npt.NDArray[np.float64]
NET_EQUATION = "Verra VM0042 v2.2 Eq 37-43 (ER + CR - LK)"
SCREENING_REASON = (
    "IPCC Tier 1 stock-change factors (2006 GL Vol. 4 Eq 2.25) have no category for reclaimed "
    "mine soils and VM0042 v2.2 credits SOC only by quantification approach 1 or 2: a screening "
    "estimate, not creditable"
)
MANAGEMENT = "inputs.management"


class Calculation:
    """State shared by the steps of one project's calculation."""

    def __init__(self, context: mrv.CalculationContext) -> None:
        self.inputs: CroplandInputs = context.inputs
        self.document = context.document
        self.parameters: ParameterSet = context.parameters
        self.trace: Trace = context.trace
        self.layout = layout_of(self.inputs)
        self.regime = self.inputs.climate.moisture
        self.zone = self.inputs.climate.ipcc_zone.value

    # ----- inputs as traced values -------------------------------------------------------
    def column(self, name: str, unit: str) -> Traced:
        """Return a management column, or zeros where an optional column is absent."""
        table = self.inputs.management
        if name in table.columns:
            return self.trace.input(f"{MANAGEMENT}:{name}", table.number(name))
        return self.trace.record(
            f"no_{name}", f"no {name} column: none recorded", np.zeros(table.n_rows), unit
        )

    def baseline(self, name: str, unit: str) -> Traced:
        """Return a baseline practice value of every stratum, in stratum order."""
        values = [
            getattr(self.inputs.stratum(stratum).baseline, name).m_as(unit)
            for stratum in self.layout.strata
        ]
        return self.trace.input(
            f"inputs.strata[*].baseline.{name}",
            np.array(values, dtype=np.float64),
            unit,
            keys=self.layout.strata,
        )

    @functools.cached_property
    def tier1_factors(self) -> tuple[Traced, ...]:
        """Look up, once per calculation, the Tier 1 values of every management record.

        SOC_REF, F_LU, then F_MG and F_I of the record's practice and of its stratum's
        look-back practice (IPCC 2006 GL Vol. 4 Eq 2.25); a missing table cell raises KeyError.
        """
        table, layout, p = self.inputs.management, self.layout, self.parameters
        zone = Coded.constant(self.zone, table.n_rows)
        record_stratum = layout.code[layout.record_field]
        strata = [self.inputs.stratum(s) for s in layout.strata]

        def per_record(values: list[str]) -> Coded:
            return Coded(np.array(values), record_stratum)

        return (
            p.lookup("soc_ref", zone=zone, soil=per_record([s.soil_type for s in strata])),
            p.lookup("f_lu", land_use=per_record([s.land_use for s in strata]), zone=zone),
            p.lookup("f_mg", tillage=table.coded("tillage"), zone=zone),
            p.lookup("f_i", input=table.coded("input_level"), zone=zone),
            p.lookup("f_mg", tillage=per_record([s.baseline.tillage for s in strata]), zone=zone),
            p.lookup("f_i", input=per_record([s.baseline.input_level for s in strata]), zone=zone),
        )

    def zero(self, unit: str, reason: str) -> Traced:
        """Record a zero that stands for a term the project does not claim."""
        return self.trace.record("zero", reason, 0.0, unit)

    def bound(self, table: str, which: str, **key: str) -> Traced:
        """Return the lower or upper end of a parameter's range (its value where no range is given)."""
        central = self.parameters.get(table, **key)
        row = self.parameters.table(table).row(**key)
        value = {"min": row.min, "max": row.max}[which]
        return Traced(row.value if value is None else value, central.unit, central.refs)


def _shares(period: MonitoringPeriod) -> dict[int, float]:
    return calendar_year_shares(period.start, period.end)


def _weights(calc: Calculation, period: MonitoringPeriod, unit: str = "1") -> Traced:
    shares = _shares(period)
    record_year = calc.layout.record_year
    if record_year.size == 0:
        per_record = np.zeros(0)
    else:  # years are a short run of integers: one share per year, gathered by offset
        first, last = int(record_year.min()), int(record_year.max())
        by_offset = np.array([shares.get(year, 0.0) for year in range(first, last + 1)])
        per_record = by_offset[record_year - first]
    return calc.trace.record(
        "year_share" if unit == "1" else "year_part",
        "mrv.tools.timespan.calendar_year_shares: part of each record's calendar year inside the period",
        per_record,
        unit,
        inputs=[("year", f"input:{MANAGEMENT}:year")],
    )


def _years(calc: Calculation, period: MonitoringPeriod) -> Traced:
    return calc.trace.record(
        "years",
        "mrv.tools.timespan.calendar_year_shares: calendar years inside the period, summed",
        float(sum(_shares(period).values())),
        "1",
    )


# ----- N2O, lime, urea, fuel ---------------------------------------------------------------


@dataclass(frozen=True)
class Nitrogen:
    """Nitrogen amounts of one scenario and period, one value per record or stratum [kg N]."""

    synthetic: Traced
    organic: Traced
    residue: Traced
    fertiliser: Coded


def _project_nitrogen(calc: Calculation, area: Traced, weight: Traced) -> Nitrogen:
    field = calc.layout.record_field
    amounts = {
        name: eq.nitrogen_applied(
            calc.column(name, "kg N / ha"), area, field, weight, trace_as=f"f_{name}"
        )
        for name in ("synthetic_n", "organic_n", "residue_n")
    }
    table = calc.inputs.management
    fertiliser = (
        table.coded("fertiliser")
        if "fertiliser" in table.columns
        else Coded.constant("unspecified", table.n_rows)
    )
    return Nitrogen(amounts["synthetic_n"], amounts["organic_n"], amounts["residue_n"], fertiliser)


def _baseline_nitrogen(calc: Calculation, area: Traced, years: Traced) -> Nitrogen:
    amounts = {
        name: eq.baseline_nitrogen(
            calc.baseline(name, "kg N / ha"), area, years, trace_as=f"f_{name}"
        )
        for name in ("synthetic_n", "organic_n", "residue_n")
    }
    fertiliser = Coded.of([calc.inputs.stratum(s).baseline.fertiliser for s in calc.layout.strata])
    return Nitrogen(amounts["synthetic_n"], amounts["organic_n"], amounts["residue_n"], fertiliser)


@dataclass(frozen=True)
class Factors:
    """Emission factors of one run of the N2O equations."""

    ef1_synthetic: Traced
    ef1_other: Traced
    ef4: Traced
    ef5: Traced


def _n2o(calc: Calculation, n: Nitrogen, factors: Factors) -> Traced:
    """VM0042 Eq 17-23 with IPCC Eq 11.1, 11.9, 11.10 for one scenario [kg N2O-N]."""
    none = calc.zero(
        "kg N", "no grazing deposits or SOM mineralisation are claimed (F_PRP, F_SOM = 0)"
    )
    gasf = calc.parameters.lookup("frac_gasf", fertiliser=n.fertiliser)
    gasm = calc.parameters.get("frac_gasm")
    leaching = calc.inputs.climate.moisture == "wet" or calc.inputs.climate.irrigated
    leach = (
        calc.parameters.get("frac_leach")
        if leaching
        else calc.zero(
            "1",
            "Frac_LEACH = 0: dry climate without irrigation (2019 Refinement Vol. 4 Table 11.3)",
        )
    )
    direct = n2o_n_direct(
        n.synthetic, n.organic, n.residue, none, factors.ef1_synthetic, factors.ef1_other
    )
    volatilised = n2o_n_volatilisation(n.synthetic, n.organic, none, gasf, gasm, factors.ef4)
    leached = n2o_n_leaching(n.synthetic, n.organic, none, n.residue, none, leach, factors.ef5)
    return eq.n2o_fertiliser(direct, volatilised, leached)


def _central(calc: Calculation) -> Factors:
    moisture = calc.regime
    return Factors(
        calc.parameters.get("ef1", input="synthetic", moisture=moisture),
        calc.parameters.get("ef1", input="other", moisture=moisture),
        calc.parameters.get("ef4", moisture=moisture),
        calc.parameters.get("ef5"),
    )


def _conservative(calc: Calculation, project: Traced, baseline: Traced) -> tuple[Factors, str]:
    """VM0042 v2.2 §8.6.3: both scenarios take the lower bounds if project N2O falls, else the upper."""
    moisture = calc.regime
    keys: list[tuple[str, dict[str, str]]] = [
        ("ef1", {"input": "synthetic", "moisture": moisture}),
        ("ef1", {"input": "other", "moisture": moisture}),
        ("ef4", {"moisture": moisture}),
        ("ef5", {}),
    ]
    chosen = [
        eq.conservative_factor(
            project,
            baseline,
            calc.bound(table, "min", **key),
            calc.bound(table, "max", **key),
            trace_as=f"{table}_{'_'.join(key.values()) or 'all'}",
        )
        for table, key in keys
    ]
    rises = bool(np.all(np.asarray(project.magnitude) > np.asarray(baseline.magnitude)))
    return Factors(*chosen), ("upper" if rises else "lower")


def _co2_terms(calc: Calculation, amounts: dict[str, Traced]) -> list[mrv.Term]:
    lime = co2_c_liming(
        amounts["limestone"],
        amounts["dolomite"],
        calc.parameters.get("lime_ef", material="limestone"),
        calc.parameters.get("lime_ef", material="dolomite"),
    )
    urea = co2_c_urea(amounts["urea"], calc.parameters.get("urea_ef"))
    diesel = co2_fuel_by_volume(
        amounts["diesel"], calc.parameters.get("fuel_ef", fuel="diesel"), trace_as="co2_diesel"
    )
    gasoline = co2_fuel_by_volume(
        amounts["gasoline"],
        calc.parameters.get("fuel_ef", fuel="gasoline"),
        trace_as="co2_gasoline",
    )
    fuel = calc.trace.record(
        "co2_ff",
        "Verra VM0042 v2.2 Eq 6-7 (sum over fuel types)",
        np.asarray(diesel.magnitude) + np.asarray(gasoline.magnitude),
        "t CO2",
        inputs=[("diesel", diesel.refs[0]), ("gasoline", gasoline.refs[0])],
    )
    return [
        mrv.Term("liming", lime, "emission"),
        mrv.Term("urea", urea, "emission"),
        mrv.Term("fossil_fuel", fuel, "emission"),
    ]


def _project_amounts(calc: Calculation, area: Traced, weight: Traced) -> dict[str, Traced]:
    field = calc.layout.record_field
    amounts = {
        name: eq.mass_applied(calc.column(name, "kg / ha"), area, field, weight, trace_as=name)
        for name in ("limestone", "dolomite", "urea")
    }
    amounts.update(
        {
            name: eq.fuel_used(calc.column(name, "L / ha"), area, field, weight, trace_as=name)
            for name in ("diesel", "gasoline")
        }
    )
    return amounts


def _baseline_amounts(calc: Calculation, area: Traced, years: Traced) -> dict[str, Traced]:
    amounts = {
        name: eq.baseline_mass(calc.baseline(name, "kg / ha"), area, years, trace_as=name)
        for name in ("limestone", "dolomite", "urea")
    }
    amounts.update(
        {
            name: eq.baseline_fuel(calc.baseline(name, "L / ha"), area, years, trace_as=name)
            for name in ("diesel", "gasoline")
        }
    )
    return amounts


def _n2o_both(
    calc: Calculation, project_n: Nitrogen, baseline_n: Nitrogen
) -> tuple[Traced, Traced, Finding]:
    """Compute N2O of both scenarios with central factors, then with the conservative bounds."""
    trace = calc.trace
    central = _central(calc)
    with trace.scope("central"):
        with trace.scope("project"):
            project_central = _n2o(calc, project_n, central)
        with trace.scope("baseline"):
            baseline_central = _n2o(calc, baseline_n, central)
    with trace.scope("conservative"):
        factors, side = _conservative(calc, project_central, baseline_central)
        with trace.scope("project"):
            project_n2o = _n2o(calc, project_n, factors)
        with trace.scope("baseline"):
            baseline_n2o = _n2o(calc, baseline_n, factors)
    finding = Finding(
        severity="info",
        code="conservative-n2o-factors",
        message=f"project N2O {'rises' if side == 'upper' else 'falls'} against the baseline with central factors: the {side} ends of the EF1, EF4 and EF5 ranges apply to both scenarios",
        reference="Verra VM0042 v2.2 §8.6.3",
    )
    return project_n2o, baseline_n2o, finding


# ----- SOC ---------------------------------------------------------------------------------


def _overlap(period: MonitoringPeriod, dates: tuple[dt.date, ...]) -> tuple[FloatArray, FloatArray]:
    """Years between consecutive rounds, and years of the period inside each such interval.

    A round counts at the end of its sampling day, a period from the start of its first day to
    the end of its last.
    """
    interval, overlap = [], []
    day = dt.timedelta(days=1)
    after_end = period.end + day
    for earlier, later in itertools.pairwise(dates):
        interval.append(years_between(earlier + day, later + day))
        start, end = max(earlier + day, period.start), min(later + day, after_end)
        overlap.append(years_between(start, end) if end > start else 0.0)
    return np.array(interval), np.array(overlap)


def _t_value(calc: Calculation, degrees_of_freedom: int) -> Traced:
    from scipy.special import stdtrit  # noqa: PLC0415 - scipy only when SOC is measured

    quantile = calc.parameters.get("unc_quantile")
    return calc.trace.record(
        "t_0667",
        f"Verra VM0042 v2.2 Eq 74: one-sided Student t at the quantile, {degrees_of_freedom} degrees of freedom",
        float(stdtrit(max(degrees_of_freedom, 1), quantile.scalar("1"))),
        "1",
        parameters=[ref.removeprefix("parameter:") for ref in quantile.refs],
    )


def _soc_terms(
    calc: Calculation,
    project_change: Traced,
    baseline_change: Traced,
    unc: Traced,
    by_stratum: tuple[dict[str, float], dict[str, float]] = ({}, {}),
) -> tuple[mrv.Term, mrv.Term, list[Finding]]:
    """Build the baseline and project SOC terms (with their net emissions by stratum, if given).

    The VM0042 deduction U x |project - baseline| rides on the larger of the two estimates, so
    the core deducts exactly what Eq 44-45 take.
    """
    wp, bsl = project_change.scalar("t C"), baseline_change.scalar("t C")
    holder_is_project = abs(wp) >= abs(bsl)
    holder = abs(wp) if holder_is_project else abs(bsl)
    share = calc.trace.record(
        "u_soc_term",
        "Verra VM0042 v2.2 Eq 44-45: UNC applies to the difference project - baseline; here as a share of the larger estimate",
        0.0 if holder == 0 else unc.scalar("1") * abs(wp - bsl) / holder,
        "1",
        inputs=[
            ("unc", unc.refs[0]),
            ("project", project_change.refs[0]),
            ("baseline", baseline_change.refs[0]),
        ],
    )
    project = calc.trace.record(
        "soil_organic_carbon_wp",
        "net emission = -(SOC change)",
        -wp,
        "t C",
        inputs=[("change", project_change.refs[0])],
    )
    baseline = calc.trace.record(
        "soil_organic_carbon_bsl",
        "net emission = -(SOC change)",
        -bsl,
        "t C",
        inputs=[("change", baseline_change.refs[0])],
    )
    findings = []
    if wp < bsl:
        findings.append(
            Finding(
                severity="warning",
                code="soc-below-baseline",
                message=f"project SOC change {wp:.3f} t C is below the baseline's {bsl:.3f} t C: I_soil = -1 and the deduction enlarges the loss",
                reference="Verra VM0042 v2.2 Eq 44-45",
            )
        )
    project_parts, baseline_parts = by_stratum
    return (
        mrv.Term(
            "soil_organic_carbon",
            baseline,
            "stock_change",
            None if holder_is_project else share,
            baseline_parts or None,
        ),
        mrv.Term(
            "soil_organic_carbon",
            project,
            "stock_change",
            share if holder_is_project else None,
            project_parts or None,
        ),
        findings,
    )


def _measured_soc(
    calc: Calculation, samples: Samples, period: MonitoringPeriod, stratum_area: Traced
) -> tuple[mrv.Term, mrv.Term, list[Finding]]:
    interval, overlap = _overlap(period, samples.dates)
    trace = calc.trace
    intervals = trace.record(
        "x", "years between consecutive sampling rounds (VM0042 Eq 46-47 x)", interval, "yr"
    )
    overlaps = trace.record(
        "overlap", "years of the period inside each interval between rounds", overlap, "yr"
    )
    results = {}
    for kind, means in (("project", samples.project), ("control", samples.control)):
        stock = trace.record(
            f"soc_{kind}",
            f"mean SOC at the reference soil mass of the {kind} cores, per round and stratum",
            means.mean,
            "t C / ha",
            inputs=[("cores", samples.stock.refs[0])],
        )
        later = Traced(np.asarray(stock.magnitude)[1:], stock.unit, stock.refs)
        earlier = Traced(np.asarray(stock.magnitude)[:-1], stock.unit, stock.refs)
        results[kind] = eq.soc_change_in_period(
            later, earlier, intervals, overlaps, trace_as=f"dsoc_{kind}"
        )
    variance = np.stack(
        [
            change_variance_between(samples.project, r, r + 1)
            + change_variance_between(samples.control, r, r + 1)
            for r in range(len(samples.rounds) - 1)
        ]
    )
    s2 = eq.change_variance(
        trace.record(
            "s2_interval",
            "Verra VM0042 v2.2 Eq 70-71 per interval: s2_wp + s2_bsl",
            variance,
            "(t C / ha)**2",
        ),
        intervals,
        overlaps,
    )
    difference = trace.record(
        "dsoc_difference",
        "project less control change per stratum",
        np.asarray(results["project"].magnitude) - np.asarray(results["control"].magnitude),
        "t C / ha",
        inputs=[("project", results["project"].refs[0]), ("control", results["control"].refs[0])],
    )
    used = np.r_[overlap > 0, False] | np.r_[False, overlap > 0]
    degrees = (
        int(np.sum(samples.project.count[used] - 1) + np.sum(samples.control.count[used] - 1))
        if used.any()
        else 1
    )
    t = _t_value(calc, degrees)
    net = float(np.sum(np.asarray(difference.magnitude) * np.asarray(stratum_area.magnitude)))
    unc = (
        eq.soc_uncertainty(difference, s2, stratum_area, t)
        if net != 0
        else trace.record("unc_soc", "no net change: nothing to deduct", 0.0, "1")
    )
    totals = {
        kind: trace.record(
            f"dsoc_{kind}_total",
            "Verra VM0042 v2.2 Eq 46-47: sum over strata of the change per ha x A_i",
            float(np.sum(np.asarray(change.magnitude) * np.asarray(stratum_area.magnitude))),
            "t C",
            inputs=[("change", change.refs[0]), ("area", stratum_area.refs[0])],
        )
        for kind, change in results.items()
    }
    strata = calc.layout.strata
    by_stratum = {
        kind: {
            stratum: -float(value)
            for stratum, value in zip(
                strata,
                np.asarray(change.magnitude) * np.asarray(stratum_area.magnitude),
                strict=True,
            )
        }
        for kind, change in results.items()
    }
    return _soc_terms(
        calc,
        totals["project"],
        totals["control"],
        unc,
        (by_stratum["project"], by_stratum["control"]),
    )


def _modelled_soc(
    calc: Calculation, change: ModelledChange, period: MonitoringPeriod, area: Traced
) -> tuple[mrv.Term, mrv.Term, list[Finding]]:
    trace = calc.trace
    area_ha = np.asarray(area.magnitude)
    totals = {}
    for scenario in ("baseline", "project"):
        per_field = getattr(change, scenario)[period.id]
        totals[scenario] = trace.record(
            f"dsoc_{scenario}_rothc",
            "Verra VM0042 v2.2 Eq 46-47 with RothC-26.3 (QA1): modelled change per field x field area, summed",
            float(np.sum(per_field * area_ha)),
            "t C",
            inputs=[("area", area.refs[0])],
        )
    validation = calc.inputs.model_validation
    assert validation is not None  # noqa: S101 - checked by the inputs
    rse = trace.input(
        "inputs.model_validation.relative_standard_error", validation.relative_standard_error
    )
    t = _t_value(calc, validation.sites - 1)
    unc = trace.record(
        "unc_soc",
        "Verra VM0042 v2.2 Eq 60-64 and 74: UNC = relative standard error of the modelled change (VMD0053 validation) x t_0.667",
        rse.scalar("1") * t.scalar("1"),
        "1",
        inputs=[("rse", rse.refs[0]), ("t", t.refs[0])],
    )
    jump = float(np.sum(change.true_up[period.id] * area_ha))
    findings = []
    if jump != 0:
        findings.append(
            Finding(
                severity="info",
                code="rothc-true-up",
                message=f"project stocks trued up to the measured means in period {period.id}: {jump:+.3f} t C in total",
                reference="Verra VM0042 v2.2 QA1 (SOC true-up at re-measurement)",
            )
        )
    baseline, project, more = _soc_terms(calc, totals["project"], totals["baseline"], unc)
    return baseline, project, findings + more


def _tier1(calc: Calculation, period: MonitoringPeriod, area: Traced) -> Traced:
    """IPCC Tier 1 change of the project against the baseline over the period [t C]."""
    layout, p = calc.layout, calc.parameters
    soc_ref, f_lu, project, inputs_project, baseline, inputs_baseline = calc.tier1_factors
    trace = calc.trace
    project_factor = trace.record(
        "factor_project",
        "IPCC 2006 GL Vol. 4 Eq 2.25: F_LU x F_MG x F_I of each record's practice",
        np.asarray(f_lu.magnitude)
        * np.asarray(project.magnitude)
        * np.asarray(inputs_project.magnitude),
        "1",
        parameters=[
            r.removeprefix("parameter:") for r in (*f_lu.refs, *project.refs, *inputs_project.refs)
        ],
    )
    baseline_factor = trace.record(
        "factor_baseline",
        "IPCC 2006 GL Vol. 4 Eq 2.25: F_LU x F_MG x F_I of the stratum's look-back practice",
        np.asarray(f_lu.magnitude)
        * np.asarray(baseline.magnitude)
        * np.asarray(inputs_baseline.magnitude),
        "1",
        parameters=[
            r.removeprefix("parameter:")
            for r in (*f_lu.refs, *baseline.refs, *inputs_baseline.refs)
        ],
    )
    first = min(day.start for day in calc.document.monitoring_periods).year
    since = trace.record(
        "years_since_change",
        "years since the management change (the first project year counts as year 1)",
        (layout.record_year - first + 1).astype(np.float64),
        "yr",
        inputs=[("year", f"input:{MANAGEMENT}:year")],
    )
    part = _weights(calc, period, "yr")
    return eq.tier1_change(
        soc_ref,
        project_factor,
        baseline_factor,
        p.get("tier1_duration"),
        since,
        area,
        layout.record_field,
        part,
    )


# ----- leakage and productivity -------------------------------------------------------------


def _leakage(
    calc: Calculation, period: MonitoringPeriod, area: Traced, weight: Traced
) -> list[mrv.Term]:
    table = calc.inputs.management
    terms = []
    if "imported_amendment" in table.columns:
        share = (
            table.number("amendment_carbon").to("1")
            if "amendment_carbon" in table.columns
            else np.zeros(table.n_rows)
        )
        carbon = calc.trace.record(
            "cc_oa",
            "carbon content of imported amendments (0 where none is imported)",
            np.nan_to_num(share),
            "t C / t",
            inputs=[("amendment_carbon", f"input:{MANAGEMENT}:amendment_carbon")],
        )
        terms.append(
            mrv.Term(
                "imported_amendments",
                eq.imported_amendment_leakage(
                    calc.trace.input(
                        f"{MANAGEMENT}:imported_amendment", table.number("imported_amendment")
                    ),
                    carbon,
                    calc.parameters.get("manure_retention"),
                    area,
                    calc.layout.record_field,
                    weight,
                ),
                "emission",
            )
        )
    declared = calc.inputs.productivity.displacement.get(period.id)
    if declared is not None:
        terms.append(
            mrv.Term(
                "displacement",
                calc.trace.input(f"inputs.productivity.displacement.{period.id}", declared),
                "emission",
            )
        )
    return terms


def _productivity(calc: Calculation, period: MonitoringPeriod, weight: Traced) -> list[Finding]:
    """Compare monitored yield with the look-back (VM0042 v2.2 §8.4, VMD0054)."""
    table, layout = calc.inputs.management, calc.layout
    if "crop_yield" not in table.columns:
        return []
    w = np.asarray(weight.magnitude) * layout.area_ha[layout.record_field]
    yields = table.number("crop_yield").to("t / ha")
    if w.sum() == 0:
        return []
    project = float(np.sum(w * yields) / w.sum())
    stratum_area = np.bincount(layout.code, weights=layout.area_ha, minlength=len(layout.strata))
    look_back = np.array(
        [calc.inputs.stratum(s).baseline.crop_yield.m_as("t / ha") for s in layout.strata]
    )
    baseline = float(np.sum(look_back * stratum_area) / stratum_area.sum())
    decline = 1.0 - project / baseline
    threshold = calc.parameters.get("productivity_threshold").scalar("1")
    calc.trace.record(
        "yield_decline",
        "Verra VM0042 v2.2 §8.4: 1 - monitored mean yield / look-back mean yield (area-weighted)",
        decline,
        "1",
        inputs=[("crop_yield", f"input:{MANAGEMENT}:crop_yield")],
    )
    declared = period.id in calc.inputs.productivity.displacement
    if decline <= 0 or declared:
        return []
    if decline > threshold:
        raise InputError(
            [
                Problem(
                    "",
                    f"inputs.productivity.displacement.{period.id}",
                    f"yields fell {100 * decline:.1f} % below the look-back in period {period.id}, beyond the {100 * threshold:g} % of VM0042 v2.2 §8.4: give the VMD0054 displacement leakage for the period",
                )
            ]
        )
    return [
        Finding(
            severity="warning",
            code="yield-decline",
            message=f"yields fell {100 * decline:.2f} % below the look-back in period {period.id}; assess displacement with VMD0054 (Eq 34-36) or show it de minimis (< 5 % of the net benefit)",
            reference="Verra VM0042 v2.2 §8.4, VMD0054",
            path=f"inputs.productivity.displacement.{period.id}",
        )
    ]


# ----- the period ---------------------------------------------------------------------------


def _initial_soc(calc: Calculation, samples: Samples | None) -> FloatArray:
    values = []
    for s, stratum in enumerate(calc.layout.strata):
        measured = np.nan if samples is None else samples.project.mean[0, s]
        declared = calc.inputs.stratum(stratum).initial_soc
        if not np.isnan(measured):
            values.append(float(measured))
        elif declared is not None:
            values.append(float(declared.m_as("t C / ha")))
        else:
            raise InputError(
                [
                    Problem(
                        "",
                        f"inputs.strata[{stratum}].initial_soc",
                        "RothC needs the starting SOC: sample the stratum or declare initial_soc",
                    )
                ]
            )
    return np.array(values)


def calculate(context: mrv.CalculationContext) -> list[mrv.PeriodOutcome]:
    """Compute every monitoring period of a cropland-soil project."""
    calc = Calculation(context)
    trace, inputs, layout = calc.trace, calc.inputs, calc.layout
    outcomes = []
    with trace.active():
        area = trace.input("inputs.fields:area", inputs.fields.number("area"))
        stratum_area = trace.record(
            "stratum_area",
            "sum of the field areas of each stratum (A_i)",
            sum_by_code(np.asarray(area.to("ha")), layout.code, len(layout.strata)),
            "ha",
            inputs=[("area", area.refs[0])],
        )
        samples = None
        if inputs.soc_samples is not None and inputs.soc_route != "tier1_screening":
            samples = core_stocks(inputs.soc_samples, layout.strata, trace)
        modelled = None
        if inputs.soc_route == "measure_and_model":
            true_ups = (
                [(day, samples.project.mean[r]) for r, day in enumerate(samples.dates) if r > 0]
                if samples is not None
                else []
            )
            coefficients = (
                calc.parameters.get("rothc_iom", term="coefficient"),
                calc.parameters.get("rothc_iom", term="exponent"),
            )
            modelled = model_soc(
                inputs,
                context.document.monitoring_periods,
                layout,
                inputs.fields.number("clay").to("%"),
                _initial_soc(calc, samples),
                true_ups,
                (coefficients[0].scalar("1"), coefficients[1].scalar("1")),
            )
        for period in context.document.monitoring_periods:
            with trace.scope(period.id):
                outcomes.append(_period(calc, period, area, stratum_area, samples, modelled))
    return outcomes


def _period(
    calc: Calculation,
    period: MonitoringPeriod,
    area: Traced,
    stratum_area: Traced,
    samples: Samples | None,
    modelled: ModelledChange | None,
) -> mrv.PeriodOutcome:
    trace = calc.trace
    findings: list[Finding] = []
    weight = _weights(calc, period)
    years = _years(calc, period)
    with trace.scope("project"):
        project_n = _project_nitrogen(calc, area, weight)
        project_amounts = _project_amounts(calc, area, weight)
    with trace.scope("baseline"):
        baseline_n = _baseline_nitrogen(calc, stratum_area, years)
        baseline_amounts = _baseline_amounts(calc, stratum_area, years)
    project_n2o, baseline_n2o, finding = _n2o_both(calc, project_n, baseline_n)
    findings.append(finding)
    with trace.scope("project"):
        project_terms = [
            mrv.Term("n2o_soils", project_n2o, "emission"),
            *_co2_terms(calc, project_amounts),
        ]
    with trace.scope("baseline"):
        baseline_terms = [
            mrv.Term("n2o_soils", baseline_n2o, "emission"),
            *_co2_terms(calc, baseline_amounts),
        ]
    route = calc.inputs.soc_route
    with trace.scope("soc"):
        if route == "measure_and_remeasure" and samples is not None:
            soc_baseline, soc_project, more = _measured_soc(calc, samples, period, stratum_area)
        elif route == "measure_and_model" and modelled is not None:
            soc_baseline, soc_project, more = _modelled_soc(calc, modelled, period, area)
        else:
            soc_baseline = soc_project = None
            more = []
    findings.extend(more)
    if soc_baseline is not None and soc_project is not None:
        baseline_terms.insert(0, soc_baseline)
        project_terms.insert(0, soc_project)
    screening: tuple[mrv.Term, ...] = ()
    with trace.scope("tier1"):
        try:
            change = _tier1(calc, period, area)
        except KeyError as error:
            if route == "tier1_screening":
                raise InputError(
                    [
                        Problem(
                            "", "inputs.climate.ipcc_zone", f"IPCC Tier 1 factors: {error.args[0]}"
                        )
                    ]
                ) from None
            findings.append(
                Finding(
                    severity="info",
                    code="tier1-unavailable",
                    message=f"no Tier 1 screening estimate: {error.args[0]}",
                    reference="IPCC 2019 Refinement Vol. 4 Table 5.5",
                )
            )
        else:
            screening = (
                mrv.Term(
                    "soc_tier1",
                    trace.record(
                        "soc_tier1",
                        "net emission = -(Tier 1 SOC change)",
                        -change.to("t C"),
                        "t C",
                        inputs=[("change", change.refs[0])],
                    ),
                    "stock_change",
                ),
            )
    with trace.scope("leakage"):
        leakage = _leakage(calc, period, area, weight)
    findings.extend(_productivity(calc, period, weight))
    return mrv.PeriodOutcome(
        period.id,
        baseline=tuple(baseline_terms),
        project=tuple(project_terms),
        leakage=tuple(leakage),
        net_equation=NET_EQUATION,
        findings=tuple(findings),
        screening=screening,
        screening_reason=SCREENING_REASON if screening else "",
    )
