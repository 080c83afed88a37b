"""Verra VM0042 v2.2 §8.4: leakage of displaced production, and the productivity check."""

from __future__ import annotations

import numpy as np

import mrv
from mrv.common.errors import InputError, Problem
from mrv.contract.equations import Traced
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding

from . import equations as eq
from .context import Calculation
from .names import MANAGEMENT


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
