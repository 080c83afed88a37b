"""Orchestration: per monitoring period, biochar carbon, measured SOC, project emissions, leakage.

Deliveries are arrays; Python iterates only over periods, units and the few productions. Signs
follow the core: every term is a net emission (a carbon gain is negative).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

import mrv
from mrv.common.errors import InputError, Problem
from mrv.common.units import convert
from mrv.contract.equations import Trace, Traced
from mrv.contract.parameters import ParameterSet
from mrv.model.project import MonitoringPeriod
from mrv.model.report import Finding
from mrv.tools.fossil_fuel import (
    ch4_fuel_by_energy,
    co2_fuel_from_energy,
    fuel_energy,
    n2o_fuel_by_energy,
)
from mrv.tools.freight import co2_freight
from mrv.tools.parts import sum_by
from mrv.tools.sampling import t_value
from mrv.tools.soil_n2o import n2o_n_direct, n2o_n_leaching, n2o_n_volatilisation
from mrv.tools.timespan import years_inside

from . import equations as eq
from .inputs import (
    FOSSIL_MATERIALS,
    AmendmentInputs,
    Production,
    delivery_h_corg,
    organic_carbon,
)
from .soil import UnitChange, soil_changes

FloatArray = npt.NDArray[np.float64]
NET_EQUATION = (
    "formula sheet amendment.md §2 master equation (NER = biochar C + SOC_P - SOC_B - PE - LE); "
    "VM0044 v1.2 Eq 15 (ER = ER_PS - PE - LE, ER_SS = 0)"
)
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


# ----- biochar ---------------------------------------------------------------------------------
def _biochar(
    calc: Calculation, chosen: npt.NDArray[np.bool_], findings: list[Finding]
) -> list[mrv.Term]:
    """Biochar carbon that persists (removal), its production emissions and kiln CH4."""
    rows = chosen & (calc.deliveries.material == "biochar")
    if not rows.any():
        return []
    carbon = _biochar_carbon_fraction(calc, rows)
    permanence = _permanence(calc, rows, findings)
    mass = calc.masked("biochar_dry", calc.deliveries.dry, rows, "t")
    removal = eq.biochar_carbon(mass, carbon, permanence)
    per_delivery = (
        np.asarray(mass.to("t")) * np.asarray(carbon.to("t C / t")) * np.asarray(permanence.to("1"))
    )
    units = calc.deliveries.unit
    by_unit = sum_by(units, -per_delivery, rows)
    terms = [
        mrv.Term(
            "biochar",
            calc.trace.record(
                "biochar_net",
                "net emission = -(biochar carbon)",
                -removal.to("t C"),
                "t C",
                inputs=[("removal", removal.refs[0])],
            ),
            "stock_change",
            by_stratum=by_unit,
        )
    ]

    emissions = np.where(rows, calc.per_production(lambda p: p.emissions.m_as("t CO2e")), 0.0)
    produced = np.where(rows, calc.per_production(lambda p: p.produced.m_as("t")), 1.0)
    low = np.where(rows, calc.per_production(lambda p: float(p.technology == "low")), 0.0)
    terms.append(
        mrv.Term(
            "production",
            eq.production_share(
                calc.trace.input("inputs.production[*].emissions", emissions, "t CO2e"),
                mass,
                calc.trace.input("inputs.production[*].produced", produced, "t"),
            ),
            "emission",
        )
    )
    if low.any():
        terms.append(
            mrv.Term(
                "kiln_ch4",
                eq.kiln_methane(
                    calc.parameters.get("kiln_methane"),
                    mass,
                    calc.trace.record("low_tech", "1 for biochar of low-tech production", low, "1"),
                ),
                "emission",
            )
        )
    return terms


def _biochar_carbon_fraction(calc: Calculation, rows: npt.NDArray[np.bool_]) -> Traced:
    """Lab organic carbon where measured, else the Table 4Ap.1 default of feedstock and process."""
    organic = calc.deliveries.organic
    missing = rows & np.isnan(organic)
    values = np.where(rows & ~missing, organic, 0.0)
    refs: list[tuple[str, str]] = [("lab", f"input:{DELIVERIES}:carbon")]
    if missing.any():
        feedstock, process = (
            calc.table.text_or_empty("feedstock"),
            calc.table.text_or_empty("process"),
        )
        try:
            default = calc.parameters.lookup(
                "biochar_carbon", feedstock=feedstock[missing], process=process[missing]
            )
        except KeyError as error:
            raise InputError(
                [
                    calc.table.problem(
                        DELIVERIES,
                        f"no lab carbon and no Table 4Ap.1 default: {error.args[0]}",
                        "feedstock",
                        np.flatnonzero(missing),
                    )
                ]
            ) from None
        values[missing] = default.to("t C / t")
        refs += [("default", ref) for ref in default.refs]
    return calc.trace.record(
        "carbon_fraction",
        "organic-carbon fraction: lab C_org (or C_tot - C_inorg), else IPCC 2019 Table 4Ap.1",
        values,
        "t C / t",
        inputs=refs,
    )


def _permanence(calc: Calculation, rows: npt.NDArray[np.bool_], findings: list[Finding]) -> Traced:
    """F_perm (IPCC 2019 Table 4Ap.2) or the chosen alternative persistence model."""
    model = calc.inputs.persistence_model
    hydrogen = calc.table.number_or_nan("hydrogen", "%")
    organic_percent = calc.deliveries.organic * 100
    ratio = delivery_h_corg(calc.table, organic_percent)
    if model == "puro_2025":
        return _puro(calc, rows, hydrogen, organic_percent, ratio, findings)
    if model == "isometric_200":
        return _isometric(calc, rows, ratio)
    p = calc.parameters
    temperature = calc.table.number_or_nan("production_temperature", "degC")
    medium = p.get("biochar_temperature_classes", temperature_class="medium").scalar("degC")
    high = p.get("biochar_temperature_classes", temperature_class="high").scalar("degC")
    klass = np.where(temperature > high, "high", np.where(temperature >= medium, "medium", "low"))
    limit = p.get("biochar_h_corg_high_class").scalar("1")
    mismatch = rows & (klass == "high") & (ratio >= limit)
    if mismatch.any():
        klass = np.where(mismatch, "medium", klass)
        findings.append(
            Finding(
                severity="warning",
                code="h-corg-temperature-mismatch",
                message=f"{int(mismatch.sum())} biochar deliveries made above {high:g} degC have H/Corg of {limit:g} or more, which points to a lower class: the lower F_perm (medium) is used",
                reference="formula sheet amendment.md §2.2 R1 and §4",
                path=DELIVERIES,
            )
        )
    by_class = p.lookup("biochar_permanence", temperature_class=np.where(rows, klass, "low"))
    unmonitored = rows & (calc.per_production(lambda p: float(not p.temperature_monitored)) > 0)
    values = np.where(rows, by_class.to("1"), 0.0)
    refs = [("by_class", ref) for ref in by_class.refs]
    if unmonitored.any():
        fallback = p.get("biochar_permanence_unmonitored")
        values = np.where(unmonitored, fallback.to("1"), values)
        refs += [("unmonitored", ref) for ref in fallback.refs]
    return calc.trace.record(
        "f_perm",
        "IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4 Table 4Ap.2 by production temperature (VM0044 PR_de; 0.56 for low-tech without monitored temperature)",
        values,
        "1",
        inputs=refs,
    )


def _soil_temperature(calc: Calculation) -> float:
    floor = calc.parameters.get("persistence_soil_temperature_floor").scalar("degC")
    return max(float(calc.inputs.climate.soil_temperature.m_as("degC")), floor)


def _puro(
    calc: Calculation,
    rows: npt.NDArray[np.bool_],
    hydrogen: FloatArray,
    organic_percent: FloatArray,
    ratio: FloatArray,
    findings: list[Finding],
) -> Traced:
    """Puro 2025 persistence at the first tabulated soil temperature at or above the site's."""
    temperature = _soil_temperature(calc)
    table = calc.parameters.table("puro_permanence")
    tabulated = sorted({float(row.key["soil_temperature"]) for row in table.values})
    warmer = [t for t in tabulated if t >= temperature]
    row = warmer[0] if warmer else tabulated[-1]
    if not warmer:
        findings.append(
            Finding(
                severity="warning",
                code="puro-temperature",
                message=f"soil at {temperature:g} degC is warmer than Puro Table 6.1 ({tabulated[-1]:g} degC); its warmest row is used",
                reference="Puro Standard Edition 2025 Table 6.1",
                path="inputs.climate.soil_temperature",
            )
        )
    key = f"{row:g}"
    shortcut = eq.puro_h_corg(
        calc.trace.input(
            f"{DELIVERIES}:hydrogen", np.where(rows, np.nan_to_num(hydrogen), 0.0), "%"
        ),
        calc.trace.record(
            "organic_carbon",
            "organic carbon of each delivery",
            np.where(rows, organic_percent, 1.0),
            "%",
        ),
    )
    h_corg = calc.trace.record(
        "h_corg",
        "Puro's H/C_org where hydrogen is given, else the laboratory's molar H/Corg",
        np.where(np.isnan(hydrogen), np.nan_to_num(ratio), shortcut.magnitude),
        "1",
        inputs=[("shortcut", shortcut.refs[0]), ("molar", f"input:{DELIVERIES}:h_corg")],
    )
    return eq.puro_persistence(
        calc.parameters.get("puro_permanence", soil_temperature=key, coefficient="m"),
        calc.parameters.get("puro_permanence", soil_temperature=key, coefficient="a"),
        h_corg,
    )


def _isometric(calc: Calculation, rows: npt.NDArray[np.bool_], ratio: FloatArray) -> Traced:
    """Isometric 200-year durability; its own gate H/Corg < 0.5."""
    p = calc.parameters

    def coefficient(name: str) -> Traced:
        return p.get("isometric_permanence", coefficient=name)

    limit = coefficient("h_corg_limit").scalar("1")
    over = calc.table.where(rows & (ratio >= limit))
    if over.size:
        raise InputError(
            [
                calc.table.problem(
                    DELIVERIES,
                    f"molar H/Corg {ratio[over[0]]:.3f} is not below {limit:g}, the Isometric gate",
                    "hydrogen",
                    over,
                )
            ]
        )
    temperature = calc.trace.record(
        "soil_temperature",
        "soil temperature, at least the models' 7 degC floor",
        _soil_temperature(calc),
        "degC",
    )
    return eq.isometric_persistence(
        coefficient("a"),
        coefficient("b"),
        coefficient("c"),
        coefficient("cap"),
        calc.trace.record(
            "h_corg", "molar H/Corg (H/1.008)/(C_org/12.011)", np.where(rows, ratio, 0.0), "1"
        ),
        temperature,
    )


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
            else "non-fossil SOC of each plot at the plot's first-round reference mass: VM0042 v2.2 Eq 4 layer stocks read linearly by cumulative mass (mrv.tools.equivalent_soil_mass; formula sheet amendment.md §2.2 R2)",
            stock,
            "t / ha" if name.endswith("reference_mass") else "t C / ha",
            inputs=samples,
        )
    project_change = trace.record(
        "dsoc_project_plots",
        "ESM change of each project plot, last round less first (formula sheet amendment.md §2.2 R2)",
        change.project,
        "t C / ha",
        inputs=samples,
    )
    control_mean = float(np.mean(change.control))
    control = trace.record(
        "dsoc_control",
        "mean ESM change of the control plots, floored at zero (formula sheet amendment.md §2.1 B2)",
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
                reference="formula sheet amendment.md §4",
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
                    f"fossil carbon lost from the project plots (formula sheet amendment.md §2.3 E5: an emission, never a removal) {shared}",
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


# ----- transport and fuel ----------------------------------------------------------------------
def _freight(
    calc: Calculation, chosen: npt.NDArray[np.bool_]
) -> tuple[list[mrv.Term], list[mrv.Term]]:
    """Hauls by tonne-km (CDM TOOL12 Option B); project emissions or VM0044 leakage."""
    haul = calc.table.number_or_nan("haul", "km")
    rows = chosen & ~np.isnan(haul)
    if not rows.any():
        return [], []
    vehicle = np.where(rows, calc.table.text_or_empty("vehicle"), "heavy")
    factor = calc.parameters.lookup("freight_emission_factor", vehicle=vehicle)
    if calc.inputs.transport_convention == "vm0044_leakage":
        limit = calc.parameters.get("freight_leakage_threshold").scalar("km")
        rows = rows & (haul > limit)
        if not rows.any():
            return [], [
                mrv.Term(
                    "transport",
                    calc.zero(
                        "t CO2",
                        f"VM0044 v1.2 Eq 13: every leg is {limit:g} km or less one way, so LE_ts and LE_tap are zero",
                    ),
                    "emission",
                )
            ]
    distance = calc.trace.record(
        "return_trip",
        "return-trip distance: twice the one-way haul (TOOL12 D), for the period's hauls",
        np.where(rows, 2 * np.nan_to_num(haul), 0.0),
        "km",
        inputs=[("one_way", f"input:{DELIVERIES}:haul")],
    )
    freight = calc.masked("freight", calc.deliveries.hauled, rows, "t")
    term = mrv.Term("freight", co2_freight(distance, freight, factor), "emission")
    if calc.inputs.transport_convention == "vm0044_leakage":
        return [], [term]
    return [term], []


def _bound(parameters: ParameterSet, table: str, which: str) -> Traced:
    """Return a one-value parameter, or its upper bound (CDM TOOL03 conservative option)."""
    central = parameters.get(table)
    if which == "value":
        return central
    row = parameters.table(table).row()
    value = row.max if row.max is not None else row.value
    return Traced(value, central.unit, central.refs)


def _fuel(calc: Calculation, period: MonitoringPeriod) -> list[mrv.Term]:
    """Diesel of hauling and earthworks (CDM TOOL03; CH4 and N2O by road class, IPCC Vol. 2 Ch. 3)."""
    table = calc.inputs.fuel
    if table is None:
        return []
    dates = table.dates("date", "inputs.fuel")
    rows = (dates >= np.datetime64(period.start)) & (dates <= np.datetime64(period.end))
    if not rows.any():
        return []
    p = calc.parameters
    which = "max" if calc.inputs.fuel_factors == "tool03_upper" else "value"
    volume = calc.trace.input("inputs.fuel:volume", table.number("volume"))
    kept = calc.trace.record(
        "volume_in_period",
        "fuel of the period's records (others zero)",
        np.where(rows, volume.to("L"), 0.0),
        "L",
        inputs=[("volume", volume.refs[0])],
    )
    density = calc.trace.input("inputs.fuel:density", table.number("density"))
    # TOOL03's conservative option bounds the CO2 coefficient (NCV x EF_CO2) only; CH4 and N2O
    # take the central energy of IPCC Vol. 2 Ch. 3 (formula sheet amendment.md §3 Ex2(b))
    energy = fuel_energy(kept, density, p.get("diesel_ncv"), trace_as="energy")
    energy_co2 = (
        energy
        if which == "value"
        else fuel_energy(kept, density, _bound(p, "diesel_ncv", which), trace_as="energy_tool03")
    )
    road = (
        np.char.strip(table.text("road_class"))
        if "road_class" in table.columns
        else np.full(table.n_rows, "")
    )
    road = np.where(road == "", "off_road", road)  # unknown road class counts as off-road
    return [
        mrv.Term(
            "fuel_co2", co2_fuel_from_energy(energy_co2, _bound(p, "diesel_co2", which)), "emission"
        ),
        mrv.Term(
            "fuel_ch4",
            ch4_fuel_by_energy(energy, p.lookup("diesel_ch4", road_class=road)),
            "emission",
        ),
        mrv.Term(
            "fuel_n2o",
            n2o_fuel_by_energy(energy, p.lookup("diesel_n2o", road_class=road)),
            "emission",
        ),
    ]


# ----- N2O and leakage ------------------------------------------------------------------------
def _n2o(calc: Calculation, chosen: npt.NDArray[np.bool_]) -> mrv.Term:
    """N2O from the N of the period's amendments (IPCC 2019 Vol. 4 Ch. 11 Eq 11.1, 11.9, 11.10)."""
    p, trace = calc.parameters, calc.trace
    material = calc.deliveries.material
    nitrogen = np.nan_to_num(calc.table.number_or_nan("nitrogen", "1"))
    dry = np.asarray(calc.deliveries.dry.to("t"), dtype=np.float64)
    refs = [("dry", calc.deliveries.dry.refs[0]), ("nitrogen", f"input:{DELIVERIES}:nitrogen")]
    organic = trace.record(
        "f_on",
        "F_ON = sum dry mass x N fraction of organic amendments (formula sheet amendment.md §2.3 E4)",
        float(np.sum(np.where(chosen & np.isin(material, ORGANIC_N), dry * nitrogen, 0.0))),
        "t N",
        inputs=refs,
    )
    synthetic = trace.record(
        "f_sn",
        "F_SN = sum dry mass x N fraction of nutrient agents",
        float(np.sum(np.where(chosen & np.isin(material, SYNTHETIC_N), dry * nitrogen, 0.0))),
        "t N",
        inputs=refs,
    )
    zero = trace.record(
        "zero_n", "no crop residue, SOM mineralisation or grazing N is claimed", 0.0, "t N"
    )
    climate = calc.inputs.climate
    leaches = climate.moisture == "wet" or climate.irrigated
    frac_leach = (
        p.get("frac_leach")
        if leaches
        else calc.zero(
            "kg N / kg N",
            "Frac_LEACH = 0: dry climate without irrigation (IPCC 2019 Vol. 4 Ch. 11)",
        )
    )
    ef1 = p.get("ef1")
    direct = n2o_n_direct(synthetic, organic, zero, zero, ef1, ef1)
    volatilised = n2o_n_volatilisation(
        synthetic, organic, zero, p.get("frac_gasf"), p.get("frac_gasm"), p.get("ef4")
    )
    leached = n2o_n_leaching(synthetic, organic, zero, zero, zero, frac_leach, p.get("ef5"))
    value = trace.record(
        "n2o_n",
        "N2O-N direct + volatilisation + leaching",
        direct.to("kg N2O_N") + volatilised.to("kg N2O_N") + leached.to("kg N2O_N"),
        "kg N2O_N",
        inputs=[
            ("direct", direct.refs[0]),
            ("volatilised", volatilised.refs[0]),
            ("leached", leached.refs[0]),
        ],
    )
    return mrv.Term("n2o", value, "emission")


def _diversion(calc: Calculation, chosen: npt.NDArray[np.bool_]) -> list[mrv.Term]:
    """Feedstock diverted from energy use, by the share of its production used in the period."""
    diverting = [p for p in calc.inputs.production if p.feedstock_prior_use == "energy"]
    if not diverting:
        return []
    dry = np.asarray(calc.deliveries.dry.to("t"), dtype=np.float64)
    production = calc.table.text_or_empty("production")
    used = np.array([float(np.sum(dry[chosen & (production == p.id)])) for p in diverting])
    produced = np.array([p.produced.m_as("t") for p in diverting])
    diverted = np.array(
        [p.diverted.m_as("t") if p.diverted is not None else 0.0 for p in diverting]
    )
    share = calc.trace.record(
        "share_used",
        "biochar of the period / biochar produced, per production",
        used / produced,
        "1",
    )
    return [
        mrv.Term(
            "biomass_diversion",
            eq.diverted_biomass(
                calc.trace.input("inputs.production[*].diverted", diverted, "t"),
                share,
                calc.parameters.get("biomass_ncv"),
                calc.parameters.get("substitute_fuel_co2"),
            ),
            "emission",
        )
    ]


def _donors(calc: Calculation, period: MonitoringPeriod) -> list[mrv.Term]:
    """Carbon lost at off-site topsoil donors, in the period of each unit's first topsoil."""
    deliveries = calc.deliveries
    chosen = []
    for donor in calc.inputs.donors:
        topsoil = (deliveries.unit == donor.unit) & (deliveries.material == "topsoil")
        if not topsoil.any():
            continue
        first = deliveries.dates[topsoil].min()
        if np.datetime64(period.start) <= first <= np.datetime64(period.end):
            chosen.append(donor)
    if not chosen:
        return []
    trace = calc.trace
    return [
        mrv.Term(
            "topsoil_donor",
            eq.donor_loss(
                trace.input(
                    "inputs.donors[*].mass", np.array([d.mass.m_as("t") for d in chosen]), "t"
                ),
                trace.input(
                    "inputs.donors[*].carbon",
                    np.array([d.carbon.m_as("1") for d in chosen]),
                    "t C / t",
                ),
                trace.input(
                    "inputs.donors[*].loss_fraction",
                    np.array([d.loss_fraction.m_as("1") for d in chosen]),
                    "1",
                ),
                trace.input(
                    "inputs.donors[*].foregone_accrual",
                    np.array([d.foregone_accrual.m_as("t C") for d in chosen]),
                    "t C",
                ),
            ),
            "stock_change",
        )
    ]
