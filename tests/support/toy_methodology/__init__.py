"""A tiny methodology used only by the core's tests (never shipped).

Stock-change accounting on plot biomass: per period and stratum, the carbon stock is
mean(agb) * area * cf, converted to CO2 by the registry; the project term is minus the stock
change since the previous period (a removal), plus methane from a declared emission; the
baseline is a declared stock change per hectare; leakage is a fraction of the removal.
The formulas are made up for testing and cite the test fixture as their document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
from pydantic import BaseModel, ConfigDict

import mrv
from mrv.common.quantity import CarbonPerArea, Fraction, Quantity, QuantitySpec
from mrv.contract.equations import UNIT_RATIO, equation, total
from mrv.model.report import Finding
from mrv.model.table import Column, Table, TableSpec

HERE = Path(__file__).parent
DOC = "toy fixture v1"

Methane = Annotated[Quantity, QuantitySpec("[mass] * [methane]", "kg CH4", nonnegative=True)]


class ToyInputs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    plots: Annotated[
        Table,
        TableSpec(
            columns=(
                Column("period", description="monitoring period id"),
                Column("stratum", description="stratum id"),
                Column(
                    "agb",
                    "[mass] / [area]",
                    "t/ha",
                    nonnegative=True,
                    description="above-ground biomass",
                ),
            ),
            description="one row per plot and period",
        ),
    ]
    baseline_change: CarbonPerArea
    methane: dict[str, Methane] = {}
    leakage_fraction: Fraction


@equation(
    DOC,
    "eq. 1",
    returns="t CO2",
    args={"agb_mean": "t / ha", "area": "ha", "cf": "t C / t", "co2_per_c": "t CO2 / t C"},
)
def stock(agb_mean, area, cf, co2_per_c=UNIT_RATIO):
    return co2_per_c * cf * total(agb_mean * area)


@equation(DOC, "eq. 2", returns="t CO2", args={"now": "t CO2", "before": "t CO2"})
def removal(now, before):
    return before - now


@equation(
    DOC,
    "eq. 3",
    returns="t CO2",
    args={"change": "t C / ha", "area": "ha", "co2_per_c": "t CO2 / t C"},
)
def baseline_term(change, area, co2_per_c=UNIT_RATIO):
    return -co2_per_c * change * total(area)


@equation(DOC, "eq. 4", returns="t CO2", args={"removal": "t CO2", "fraction": "1"})
def leakage_term(removal, fraction):
    return -removal * fraction


@equation(DOC, "eq. 5", returns="t CH4", args={"emission": "t CH4"})
def methane_term(emission):
    return emission


def calculate(context):
    document, inputs, trace, parameters = (
        context.document,
        context.inputs,
        context.trace,
        context.parameters,
    )
    strata = document.project.strata
    ids = np.array([stratum.id for stratum in strata])
    areas = trace.input(
        "project.strata[*].area", np.array([s.area.m_as("ha") for s in strata]), "ha"
    )
    plots = inputs.plots
    period_column, stratum_column = plots.text("period"), plots.text("stratum")
    agb = plots.number("agb").to("t / ha")
    cf = parameters.get("cf")
    outcomes = []
    previous = None
    for period in document.monitoring_periods:
        with trace.scope(period.id):
            rows = period_column == period.id
            means = np.array([agb[rows & (stratum_column == sid)].mean() for sid in ids])
            current = stock(
                trace.input(f"inputs.plots[period={period.id}]:agb", means, "t / ha"), areas, cf
            )
            before = (
                previous if previous is not None else trace.input("initial stock", 0.0, "t CO2")
            )
            project_removal = removal(current, before)
            base = baseline_term(
                trace.input("inputs.baseline_change", inputs.baseline_change), areas
            )
            leak = leakage_term(
                project_removal, trace.input("inputs.leakage_fraction", inputs.leakage_fraction)
            )
            terms = [mrv.Term("biomass", project_removal, "stock_change")]
            if period.id in inputs.methane:
                ch4 = methane_term(
                    trace.input(f"inputs.methane.{period.id}", inputs.methane[period.id])
                )
                terms.append(mrv.Term("methane", ch4, "emission"))
            outcomes.append(
                mrv.PeriodOutcome(
                    period.id,
                    baseline=(mrv.Term("baseline_biomass", base, "stock_change"),),
                    project=tuple(terms),
                    leakage=(mrv.Term("displacement", leak, "stock_change"),),
                )
            )
            previous = current
    return outcomes


def applicability(document, inputs):
    for index, stratum in enumerate(document.project.strata):
        if "wetland" in stratum.name.lower():
            yield Finding(
                code="not-wetland",
                severity="error",
                message=f"stratum {stratum.id} is wetland",
                reference="toy fixture para 1",
                path=f"project.strata[{index}].name",
            )
    yield Finding(
        code="checked",
        severity="info",
        message="applicability checked",
        reference="toy fixture para 1",
    )


TOY = mrv.Methodology(
    id="toy-stock",
    version="1.2.0",
    title="Toy stock-change methodology (tests only)",
    standards=(DOC,),
    inputs=ToyInputs,
    calculate=calculate,
    applicability=applicability,
    parameters=HERE / "parameters",
    uncertainty_rule="none",
    profiles=(
        mrv.ParameterProfile(
            "toy-stock",
            "strict",
            "lower carbon fraction",
            HERE / "parameters" / "profiles" / "strict",
        ),
    ),
    template=HERE / "template",
)


@mrv.hookimpl
def mrv_methodologies():
    yield TOY
