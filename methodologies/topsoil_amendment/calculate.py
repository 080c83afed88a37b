"""Orchestration: per monitoring period, biochar carbon, measured SOC, project emissions, leakage.

Deliveries are arrays; Python iterates only over periods, units and the few productions. Signs
follow the core: every term is a net emission (a carbon gain is negative).
"""

from __future__ import annotations

import mrv
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding

from .biochar import (
    _biochar,
)
from .context import Calculation
from .measured_soil import _soil
from .nitrogen_leakage import _diversion, _donors, _n2o
from .transport import _freight, _fuel

NET_EQUATION = (
    "mrv topsoil-amendment method (NER = biochar C + SOC_P - SOC_B - PE - LE); "
    "VM0044 v1.2 Eq 15 (ER = ER_PS - PE - LE, ER_SS = 0)"
)


def calculate(context: mrv.CalculationContext) -> list[mrv.PeriodOutcome]:
    """Compute every monitoring period of a topsoil-amendment project."""
    calc = Calculation(context)
    outcomes = []
    for period in calc.document.monitoring_periods:
        with calc.trace.scope(period.id):
            outcomes.append(_period(calc, period))
    return outcomes


def _period(calc: Calculation, period: MonitoringPeriod) -> mrv.PeriodOutcome:
    trace = calc.trace
    chosen = calc.in_period(period)
    findings: list[Finding] = []
    project: list[mrv.Term] = []
    baseline: list[mrv.Term] = []
    leakage: list[mrv.Term] = []
    with trace.scope("biochar"):
        project.extend(_biochar(calc, chosen, findings))
    with trace.scope("soil"):
        soil_project, soil_baseline, more = _soil(calc, period)
        project.extend(soil_project)
        baseline.extend(soil_baseline)
        findings.extend(more)
    with trace.scope("transport"):
        hauled, transport_leakage = _freight(calc, chosen)
        project.extend(hauled)
        leakage.extend(transport_leakage)
        project.extend(_fuel(calc, period))
    with trace.scope("n2o"):
        project.append(_n2o(calc, chosen))
    with trace.scope("leakage"):
        leakage.extend(_diversion(calc, chosen))
        leakage.extend(_donors(calc, period))
    if not baseline:
        baseline.append(
            mrv.Term(
                "soc_control",
                calc.zero(
                    "t C",
                    "no measured SOC: no baseline change (biochar carbon has a zero baseline)",
                ),
                "stock_change",
            )
        )
    return mrv.PeriodOutcome(
        period.id,
        baseline=tuple(baseline),
        project=tuple(project),
        leakage=tuple(leakage),
        net_equation=NET_EQUATION,
        findings=tuple(findings),
    )
