"""The state of one wetland-methane calculation: strata by year, scenarios and their parts."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

import mrv
from mrv.contract.equations import Trace, Traced
from mrv.contract.parameters import ParameterSet
from mrv.model.project import MonitoringPeriod
from mrv.model.table import Table
from mrv.tools.timespan import calendar_year_shares

from .inputs import WetlandInputs
from .stocks import stock_series
from .zones import FLOODED_ZONE, WETLANDS_SUPPLEMENT_ZONE

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
