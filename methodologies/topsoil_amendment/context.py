"""The state of one topsoil-amendment calculation: deliveries as arrays, parameters, the trace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

import mrv
from mrv.common.units import convert
from mrv.contract.equations import Trace, Traced
from mrv.contract.parameters import ParameterSet
from mrv.model.project import MonitoringPeriod

from . import equations as eq
from .inputs import (
    AmendmentInputs,
    Production,
    organic_carbon,
)
from .soil import UnitChange, soil_changes

FloatArray = npt.NDArray[np.float64]


DELIVERIES = "inputs.deliveries"


#: Materials whose N is applied N (F_ON); nutrient agents are synthetic (F_SN); topsoil N is
#: soil moved from one place to another, not an input (IPCC 2019 Vol. 4 Ch. 11 Eq 11.1).
ORGANIC_N = ("compost", "manure", "biochar", "coal_bio_soil")


SYNTHETIC_N = ("nutrient_agent",)


@dataclass(frozen=True)
class Deliveries:
    """Per-delivery arrays the terms need (all in the units named)."""

    dates: npt.NDArray[np.datetime64]
    material: npt.NDArray[np.str_]
    unit: npt.NDArray[np.str_]
    dry: Traced  # t
    hauled: Traced  # t
    organic: FloatArray  # t C / t, NaN where no carbon is given


class Calculation:
    """State shared by the steps of one project's calculation."""

    def __init__(self, context: mrv.CalculationContext) -> None:
        self.inputs: AmendmentInputs = context.inputs
        self.document = context.document
        self.parameters: ParameterSet = context.parameters
        self.trace: Trace = context.trace
        self.table = self.inputs.deliveries
        with self.trace.scope("deliveries"):
            self.deliveries = self._deliveries()
        samples = self.inputs.soc_samples
        self.soil: dict[str, UnitChange] = (
            soil_changes(samples, self.inputs.reporting_depth.m_as("cm"), self.inputs.paired_plots)
            if samples is not None and self.inputs.reporting_depth is not None
            else {}
        )

    def _deliveries(self) -> Deliveries:
        table, trace = self.table, self.trace
        mass = trace.input(f"{DELIVERIES}:mass", table.number("mass"))
        moisture = trace.input(f"{DELIVERIES}:moisture", table.number("moisture"))
        wet_moisture = trace.record(
            "moisture_on_wet_basis",
            "1 where the moisture is of the wet mass (inputs.deliveries:moisture_basis)",
            (np.char.strip(table.text("moisture_basis")) == "wet").astype(np.float64),
            "1",
        )
        wet_mass = trace.record(
            "mass_is_wet",
            "1 where the mass is as hauled (inputs.deliveries:mass_basis)",
            (np.char.strip(table.text("mass_basis")) == "wet").astype(np.float64),
            "1",
        )
        water = eq.water_per_dry_mass(moisture, wet_moisture)
        dry = eq.dry_mass(mass, water, wet_mass)
        hauled = eq.hauled_mass(mass, water, wet_mass)
        organic = convert(organic_carbon(table), "%", "1")  # [t C / t]
        return Deliveries(
            table.dates("date", DELIVERIES),
            table.text("material"),
            table.text("unit"),
            dry,
            hauled,
            organic,
        )

    def zero(self, unit: str, reason: str) -> Traced:
        """Record a zero that stands for a term not counted, with the reason."""
        return self.trace.record("zero", reason, 0.0, unit)

    def in_period(self, period: MonitoringPeriod) -> npt.NDArray[np.bool_]:
        """Deliveries dated inside the period."""
        dates = self.deliveries.dates
        return (dates >= np.datetime64(period.start)) & (dates <= np.datetime64(period.end))

    def per_production(self, attribute: Callable[[Production], float]) -> FloatArray:
        """Spread a figure of each biochar production over the deliveries that name it (0 elsewhere)."""
        names, inverse = np.unique(self.table.text_or_empty("production"), return_inverse=True)
        known = {p.id: attribute(p) for p in self.inputs.production}
        return np.array([known.get(name, 0.0) for name in names.tolist()], dtype=np.float64)[
            inverse
        ]

    def masked(self, name: str, values: Traced, mask: npt.NDArray[np.bool_], unit: str) -> Traced:
        """Return the values of the chosen deliveries (zero elsewhere), traced from ``values``."""
        return self.trace.record(
            name,
            "deliveries of the period (others zero)",
            np.where(mask, np.asarray(values.to(unit), dtype=np.float64), 0.0),
            unit,
            inputs=[("all", values.refs[0])],
        )
