"""Verra VM0042 v2.2 Eq 44-74: SOC change measured, modelled (RothC) or IPCC Tier 1, and its uncertainty."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np

import mrv
from mrv.contract.equations import Traced
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding
from mrv.tools.timespan import years_between

from . import equations as eq
from .context import Calculation, _weights
from .names import MANAGEMENT, FloatArray
from .soc_measured import Samples, change_variance_between
from .soc_modelled import ModelledChange


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
