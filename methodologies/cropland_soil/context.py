"""The state of one cropland-soil calculation, and the period weights every term shares."""

from __future__ import annotations

import functools

import numpy as np

import mrv
from mrv.common.coded import Coded
from mrv.contract.equations import Trace, Traced
from mrv.contract.parameters import ParameterSet
from mrv.model.project import MonitoringPeriod
from mrv.tools.timespan import calendar_year_shares

from .inputs import CroplandInputs
from .layout import layout_of
from .names import MANAGEMENT


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
