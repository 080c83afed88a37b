"""Measured SOC of amended plots against controls (VM0042 v2.2 Eq 4 at equivalent soil mass)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

import mrv
from mrv.common.errors import InputError, Problem
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding
from mrv.tools.sampling import t_value
from mrv.tools.timespan import years_inside

from . import equations as eq
from .context import Calculation
from .inputs import (
    FOSSIL_MATERIALS,
)
from .soil import UnitChange


# ----- soil ------------------------------------------------------------------------------------
def _soil(
    calc: Calculation, period: MonitoringPeriod
) -> tuple[list[mrv.Term], list[mrv.Term], list[Finding]]:
    """Measured SOC change of each unit, net of carbon brought in after t0, shared by period."""
    project: list[mrv.Term] = []
    baseline: list[mrv.Term] = []
    findings: list[Finding] = []
    areas = {s.id: s.area.m_as("ha") for s in calc.document.project.strata}
    for unit_id, change in calc.soil.items():
        with calc.trace.scope(unit_id):
            share = _share(period, change)
            if share == 0.0:
                continue
            parts = _unit_soil(calc, unit_id, change, areas[unit_id], share, findings)
            project.extend(parts[0])
            baseline.extend(parts[1])
    return project, baseline, findings


def _share(period: MonitoringPeriod, change: UnitChange) -> float:
    """Part of the change between the rounds that falls in the period (calendar-day shares)."""
    start = change.first + dt.timedelta(days=1)
    inside = years_inside(max(period.start, start), min(period.end, change.last))
    return inside / years_inside(start, change.last)


def _unit_soil(
    calc: Calculation,
    unit_id: str,
    change: UnitChange,
    area: float,
    share: float,
    findings: list[Finding],
) -> tuple[list[mrv.Term], list[mrv.Term]]:
    trace, p = calc.trace, calc.parameters
    deliveries = calc.deliveries
    after = (
        (deliveries.unit == unit_id)
        & (deliveries.dates > np.datetime64(change.first))
        & (deliveries.dates <= np.datetime64(change.last))
        & ~np.isin(deliveries.material, FOSSIL_MATERIALS)
    )
    carbon = trace.record(
        "carbon_fraction",
        "organic-carbon fraction of each delivery (0 where none given)",
        np.nan_to_num(deliveries.organic),
        "t C / t",
    )
    imported = eq.transferred_carbon(
        deliveries.dry,
        carbon,
        trace.record(
            "after_t0",
            f"1 for deliveries to {unit_id} after {change.first}",
            after.astype(np.float64),
            "1",
        ),
    )
    imported_per_ha = imported.scalar("t C") / area
    samples = [
        (name, f"input:inputs.soc_samples:{name}")
        for name in ("soc", "bulk_density", "coarse_fraction", "top", "bottom")
    ]
    for name, stock in change.stocks.items():
        trace.record(
            name,
            "fine-earth mass to the reporting depth at the first round [t/ha], VM0042 v2.2 Eq 4 (mrv.tools.soc_stock)"
            if name.endswith("reference_mass")
            else "non-fossil SOC of each plot at the plot's first-round reference mass: VM0042 v2.2 Eq 4 layer stocks read linearly by cumulative mass (mrv.tools.equivalent_soil_mass; the method's page, Removals)",
            stock,
            "t / ha" if name.endswith("reference_mass") else "t C / ha",
            inputs=samples,
        )
    project_change = trace.record(
        "dsoc_project_plots",
        "ESM change of each project plot, last round less first (VM0042 v2.2 Eq 4 at an equivalent soil mass; mrv topsoil-amendment method, Removals)",
        change.project,
        "t C / ha",
        inputs=samples,
    )
    control_mean = float(np.mean(change.control))
    control = trace.record(
        "dsoc_control",
        "mean ESM change of the control plots, floored at zero (mrv topsoil-amendment method, Removals: a conservative baseline)",
        max(control_mean, 0.0),
        "t C / ha",
        inputs=[("samples", "input:inputs.soc_samples:soc")],
    )
    if change.paired is not None:
        differences = (
            change.project - imported_per_ha - (change.control if control_mean > 0 else 0.0)
        )
        n = differences.size
        mean = float(np.mean(differences))
        standard_error = float(np.std(differences, ddof=1) / math.sqrt(n)) if n > 1 else math.inf
        degrees = n - 1
        how = "paired by plot: mean and SD of (project - imported - control)"
    else:
        mean = float(np.mean(change.project)) - imported_per_ha - max(control_mean, 0.0)
        spread = np.var(change.project, ddof=1) / change.project.size
        if control_mean > 0:
            spread += np.var(change.control, ddof=1) / change.control.size
        standard_error = float(math.sqrt(spread))
        degrees = change.project.size + change.control.size - 2
        how = "unpaired: SE = sqrt(s_P^2/n_P + s_B^2/n_B)"
    if degrees < 1:
        raise InputError(
            [
                Problem(
                    "",
                    "inputs.soc_samples",
                    f"unit {unit_id}: a standard error needs at least two plots",
                )
            ]
        )
    confidence = p.get("credited_quantile").scalar("1")
    t = trace.record(
        "t_value",
        f"one-sided Student t at {confidence:g}, {degrees} degrees of freedom",
        float(t_value(2 * confidence - 1, degrees)),
        "1",
        inputs=[("confidence", p.get("credited_quantile").refs[0])],
    )
    credited = eq.lower_bound(
        trace.record(
            "mean_change",
            f"mean change net of control and of carbon brought in after t0 ({imported_per_ha:.6g} t C/ha); {how}",
            mean,
            "t C / ha",
            inputs=[
                ("project", project_change.refs[0]),
                ("control", control.refs[0]),
                ("imported", imported.refs[0]),
            ],
        ),
        trace.record("standard_error", how, standard_error, "t C / ha"),
        t,
    )
    years = years_inside(change.first + dt.timedelta(days=1), change.last)
    per_year = float(np.mean(change.project)) / years
    plausible = p.get("soc_gain_plausible").scalar("t C / ha / yr")
    if per_year > plausible:
        findings.append(
            Finding(
                severity="warning",
                code="soc-gain-implausible",
                message=f"unit {unit_id} gains {per_year:.3g} t C/ha/yr, above the {plausible:g} reported for reclaimed mine soils: check coal carbon, sampling and the laboratory",
                reference="mrv topsoil-amendment method, Removals (coal carbon is fossil)",
                path="inputs.soc_samples",
            )
        )
    scale = area * share
    shared = f"x {area:g} ha x {share:.6g} of the change between the rounds of {change.first} and {change.last} in this period"
    soc_project = trace.record(
        "soc_project",
        f"net emission = -(credited change + control change) {shared}",
        -(credited.to("t C / ha") + control.to("t C / ha")) * scale,
        "t C",
        inputs=[("credited", credited.refs[0]), ("control", control.refs[0])],
    )
    soc_baseline = trace.record(
        "soc_control",
        f"net emission = -(control change) {shared}",
        -control.to("t C / ha") * scale,
        "t C",
        inputs=[("control", control.refs[0])],
    )
    project = [
        mrv.Term("soc", soc_project, "stock_change", by_stratum={unit_id: soc_project.to("t C")})
    ]
    if change.coal_change < 0:
        project.append(
            mrv.Term(
                "coal_carbon_loss",
                trace.record(
                    "coal_carbon_loss",
                    f"fossil carbon lost from the project plots (mrv topsoil-amendment method, Removals: fossil carbon lost is an emission, a gain never a removal) {shared}",
                    -change.coal_change * scale,
                    "t C",
                ),
                "emission",
                by_stratum={unit_id: -change.coal_change * scale},
            )
        )
    control_term = mrv.Term(
        "soc_control",
        soc_baseline,
        "stock_change",
        by_stratum={unit_id: soc_baseline.to("t C")},
    )
    return project, [control_term]
