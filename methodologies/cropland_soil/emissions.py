"""Verra VM0042 v2.2 Eq 14-36 with IPCC 2019 Vol. 4 Ch. 11: N2O, lime, urea and fuel of both scenarios."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import mrv
from mrv.common.coded import Coded
from mrv.contract.equations import Traced
from mrv.model.report import Finding
from mrv.tools.fossil_fuel import co2_fuel_by_volume
from mrv.tools.liming_urea import co2_c_liming, co2_c_urea
from mrv.tools.soil_n2o import n2o_n_direct, n2o_n_leaching, n2o_n_volatilisation

from . import equations as eq
from .context import Calculation


@dataclass(frozen=True)
class Nitrogen:
    """Nitrogen amounts of one scenario and period, one value per record or stratum [kg N]."""

    synthetic: Traced
    organic: Traced
    residue: Traced
    fertiliser: Coded


def _project_nitrogen(calc: Calculation, area: Traced, weight: Traced) -> Nitrogen:
    field = calc.layout.record_field
    amounts = {
        name: eq.nitrogen_applied(
            calc.column(name, "kg N / ha"), area, field, weight, trace_as=f"f_{name}"
        )
        for name in ("synthetic_n", "organic_n", "residue_n")
    }
    table = calc.inputs.management
    fertiliser = (
        table.coded("fertiliser")
        if "fertiliser" in table.columns
        else Coded.constant("unspecified", table.n_rows)
    )
    return Nitrogen(amounts["synthetic_n"], amounts["organic_n"], amounts["residue_n"], fertiliser)


def _baseline_nitrogen(calc: Calculation, area: Traced, years: Traced) -> Nitrogen:
    amounts = {
        name: eq.baseline_nitrogen(
            calc.baseline(name, "kg N / ha"), area, years, trace_as=f"f_{name}"
        )
        for name in ("synthetic_n", "organic_n", "residue_n")
    }
    fertiliser = Coded.of([calc.inputs.stratum(s).baseline.fertiliser for s in calc.layout.strata])
    return Nitrogen(amounts["synthetic_n"], amounts["organic_n"], amounts["residue_n"], fertiliser)


@dataclass(frozen=True)
class Factors:
    """Emission factors of one run of the N2O equations."""

    ef1_synthetic: Traced
    ef1_other: Traced
    ef4: Traced
    ef5: Traced


def _n2o(calc: Calculation, n: Nitrogen, factors: Factors) -> Traced:
    """VM0042 Eq 17-23 with IPCC Eq 11.1, 11.9, 11.10 for one scenario [kg N2O-N]."""
    none = calc.zero(
        "kg N", "no grazing deposits or SOM mineralisation are claimed (F_PRP, F_SOM = 0)"
    )
    gasf = calc.parameters.lookup("frac_gasf", fertiliser=n.fertiliser)
    gasm = calc.parameters.get("frac_gasm")
    leaching = calc.inputs.climate.moisture == "wet" or calc.inputs.climate.irrigated
    leach = (
        calc.parameters.get("frac_leach")
        if leaching
        else calc.zero(
            "1",
            "Frac_LEACH = 0: dry climate without irrigation (2019 Refinement Vol. 4 Table 11.3)",
        )
    )
    direct = n2o_n_direct(
        n.synthetic, n.organic, n.residue, none, factors.ef1_synthetic, factors.ef1_other
    )
    volatilised = n2o_n_volatilisation(n.synthetic, n.organic, none, gasf, gasm, factors.ef4)
    leached = n2o_n_leaching(n.synthetic, n.organic, none, n.residue, none, leach, factors.ef5)
    return eq.n2o_fertiliser(direct, volatilised, leached)


def _central(calc: Calculation) -> Factors:
    moisture = calc.regime
    return Factors(
        calc.parameters.get("ef1", input="synthetic", moisture=moisture),
        calc.parameters.get("ef1", input="other", moisture=moisture),
        calc.parameters.get("ef4", moisture=moisture),
        calc.parameters.get("ef5"),
    )


def _conservative(calc: Calculation, project: Traced, baseline: Traced) -> tuple[Factors, str]:
    """VM0042 v2.2 §8.6.3: both scenarios take the lower bounds if project N2O falls, else the upper."""
    moisture = calc.regime
    keys: list[tuple[str, dict[str, str]]] = [
        ("ef1", {"input": "synthetic", "moisture": moisture}),
        ("ef1", {"input": "other", "moisture": moisture}),
        ("ef4", {"moisture": moisture}),
        ("ef5", {}),
    ]
    chosen = [
        eq.conservative_factor(
            project,
            baseline,
            calc.bound(table, "min", **key),
            calc.bound(table, "max", **key),
            trace_as=f"{table}_{'_'.join(key.values()) or 'all'}",
        )
        for table, key in keys
    ]
    rises = bool(np.all(np.asarray(project.magnitude) > np.asarray(baseline.magnitude)))
    return Factors(*chosen), ("upper" if rises else "lower")


def _co2_terms(calc: Calculation, amounts: dict[str, Traced]) -> list[mrv.Term]:
    lime = co2_c_liming(
        amounts["limestone"],
        amounts["dolomite"],
        calc.parameters.get("lime_ef", material="limestone"),
        calc.parameters.get("lime_ef", material="dolomite"),
    )
    urea = co2_c_urea(amounts["urea"], calc.parameters.get("urea_ef"))
    diesel = co2_fuel_by_volume(
        amounts["diesel"], calc.parameters.get("fuel_ef", fuel="diesel"), trace_as="co2_diesel"
    )
    gasoline = co2_fuel_by_volume(
        amounts["gasoline"],
        calc.parameters.get("fuel_ef", fuel="gasoline"),
        trace_as="co2_gasoline",
    )
    fuel = calc.trace.record(
        "co2_ff",
        "Verra VM0042 v2.2 Eq 6-7 (sum over fuel types)",
        np.asarray(diesel.magnitude) + np.asarray(gasoline.magnitude),
        "t CO2",
        inputs=[("diesel", diesel.refs[0]), ("gasoline", gasoline.refs[0])],
    )
    return [
        mrv.Term("liming", lime, "emission"),
        mrv.Term("urea", urea, "emission"),
        mrv.Term("fossil_fuel", fuel, "emission"),
    ]


def _project_amounts(calc: Calculation, area: Traced, weight: Traced) -> dict[str, Traced]:
    field = calc.layout.record_field
    amounts = {
        name: eq.mass_applied(calc.column(name, "kg / ha"), area, field, weight, trace_as=name)
        for name in ("limestone", "dolomite", "urea")
    }
    amounts.update(
        {
            name: eq.fuel_used(calc.column(name, "L / ha"), area, field, weight, trace_as=name)
            for name in ("diesel", "gasoline")
        }
    )
    return amounts


def _baseline_amounts(calc: Calculation, area: Traced, years: Traced) -> dict[str, Traced]:
    amounts = {
        name: eq.baseline_mass(calc.baseline(name, "kg / ha"), area, years, trace_as=name)
        for name in ("limestone", "dolomite", "urea")
    }
    amounts.update(
        {
            name: eq.baseline_fuel(calc.baseline(name, "L / ha"), area, years, trace_as=name)
            for name in ("diesel", "gasoline")
        }
    )
    return amounts


def _n2o_both(
    calc: Calculation, project_n: Nitrogen, baseline_n: Nitrogen, period_id: str
) -> tuple[Traced, Traced, Finding]:
    """Compute N2O of both scenarios with central factors, then with the conservative bounds."""
    trace = calc.trace
    central = _central(calc)
    with trace.scope("central"):
        with trace.scope("project"):
            project_central = _n2o(calc, project_n, central)
        with trace.scope("baseline"):
            baseline_central = _n2o(calc, baseline_n, central)
    with trace.scope("conservative"):
        factors, side = _conservative(calc, project_central, baseline_central)
        with trace.scope("project"):
            project_n2o = _n2o(calc, project_n, factors)
        with trace.scope("baseline"):
            baseline_n2o = _n2o(calc, baseline_n, factors)
    finding = Finding(
        severity="info",
        code="conservative-n2o-factors",
        message=f"period {period_id}: project N2O {'rises' if side == 'upper' else 'falls'} against the baseline with central factors: the {side} ends of the EF1, EF4 and EF5 ranges apply to both scenarios",
        reference="Verra VM0042 v2.2 §8.6.3",
        path="inputs.management",
    )
    return project_n2o, baseline_n2o, finding
