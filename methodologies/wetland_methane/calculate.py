"""Orchestration: per monitoring period and stratum, carbon, CH4 and N2O of both scenarios.

Each stratum has one route per gas, recorded in the trace by the equation it calls. The cells
of a stratum are the calendar years a period touches, with the stratum's area in that year, so
areas that change as subsidence deepens enter year by year. Terms are net emissions (a carbon
gain is negative); CH4 is non-fossil methane, so an AR6 report uses 27.0.
"""

from __future__ import annotations

import mrv
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding

from .baseline import _baseline
from .context import (
    Calculation,
    Scenario,
)
from .project import (
    _herb,
    _project,
    _stock_windows,
)
from .totals import _comparisons, _leakage, _terms

NET_EQUATION = "Verra VM0033 v2.1 Eq 85 (NER = GHG_BSL - GHG_WPS + FRP - GHG_LK, FRP = 0)"


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
