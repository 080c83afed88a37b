"""Biochar that persists in soil: IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4 (VM0044), Puro and Isometric permanence."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

import mrv
from mrv.common.errors import InputError
from mrv.contract.equations import Traced
from mrv.model.report import Finding
from mrv.tools.parts import sum_by

from . import equations as eq
from .context import DELIVERIES, Calculation, FloatArray
from .inputs import (
    delivery_h_corg,
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
                reference="IPCC 2019 Refinement Vol. 4 Ch. 2 Appendix 4 Table 4Ap.2 (the lower class where H/Corg points to it)",
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
