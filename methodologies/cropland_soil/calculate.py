"""Orchestration: per monitoring period, SOC by the chosen route, N2O, lime, urea, fuel, leakage.

Fields and management records are arrays; Python iterates only over periods, strata, rounds and
the few parameter keys. Signs follow the core: every term is a net emission (a gain of soil
carbon is negative), baseline - project - leakage is the net benefit.
"""

from __future__ import annotations

import numpy as np

import mrv
from mrv.common.errors import InputError, Problem
from mrv.contract.equations import Traced
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding
from mrv.tools.sampling import sum_by_code

from .context import Calculation, _weights, _years
from .emissions import (
    _baseline_amounts,
    _baseline_nitrogen,
    _co2_terms,
    _n2o_both,
    _project_amounts,
    _project_nitrogen,
)
from .leakage import _leakage, _productivity
from .names import FloatArray
from .soc import _measured_soc, _modelled_soc, _tier1
from .soc_measured import Samples, core_stocks
from .soc_modelled import ModelledChange, model_soc

NET_EQUATION = "Verra VM0042 v2.2 Eq 37-43 (ER + CR - LK)"
SCREENING_REASON = (
    "IPCC Tier 1 stock-change factors (2006 GL Vol. 4 Eq 2.25) have no category for reclaimed "
    "mine soils and VM0042 v2.2 credits SOC only by quantification approach 1 or 2: a screening "
    "estimate, not creditable"
)


# ----- N2O, lime, urea, fuel ---------------------------------------------------------------


# ----- SOC ---------------------------------------------------------------------------------


# ----- leakage and productivity -------------------------------------------------------------


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
    project_n2o, baseline_n2o, finding = _n2o_both(calc, project_n, baseline_n, period.id)
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
