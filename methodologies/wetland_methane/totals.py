"""Sums over strata, leakage, and screening comparisons (other GWP sets, water levels)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import numpy as np

import mrv
from mrv.common import units
from mrv.contract.equations import Trace
from mrv.model.project import MonitoringPeriod
from mrv.tools.timespan import years_inside

from . import equations as eq
from .context import (
    Calculation,
    Scenario,
)


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
            f"(ECOSSE {levels.peat} proxy of CCWoP), as the benefit it would cost: a water-level comparison, "
            "not creditable; a project that lowers the water table is outside VM0033 (§4 condition 3)"
        )
    return found
