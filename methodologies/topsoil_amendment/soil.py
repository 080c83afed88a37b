"""SOC change of the rebuilt soil by remeasurement, on an equivalent-soil-mass basis.

Per plot and round, layer stocks and fine-earth masses (shared tools of :mod:`mrv.tools`); the
reference mass is the plot's own reporting layer at t0; the stock at the last round is read at
that mass, taking the partial deeper layer in proportion to its mass (VM0042 v2.2 Eq 4 at an
equivalent soil mass; the method's page, Removals). Fossil (coal) carbon is taken out of every layer by its measured share.
Project and control plots give the mean change of each unit, and its standard error paired by
plot id (or from both samples when unpaired).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mrv.common.errors import InputError, Problem
from mrv.common.units import convert
from mrv.model.table import Table
from mrv.tools.equivalent_soil_mass import soc_at_reference_mass
from mrv.tools.soc_stock import fine_earth_mass, soc_from_density

__all__ = ["UnitChange", "soil_changes"]

PATH = "inputs.soc_samples"
FloatArray = npt.NDArray[np.float64]
_PAD_MASS = 1e-9  # t/ha: pads short cores; lies beyond every reference mass


@dataclass(frozen=True)
class UnitChange:
    """Measured change of one unit between its first and last rounds (per hectare)."""

    unit: str
    first: dt.date
    last: dt.date
    project: FloatArray  # ESM change of each project plot [t C/ha]
    control: FloatArray  # ESM change of each control plot [t C/ha]
    stocks: dict[str, FloatArray]  # ESM stocks and reference masses by name, plots in id order
    paired: FloatArray | None  # project - control by plot id [t C/ha], when paired
    coal_change: float  # mean change of fossil carbon of the project plots [t C/ha]


def soil_changes(table: Table, depth_cm: float, paired: bool) -> dict[str, UnitChange]:
    """Return the measured change of every unit that has samples."""
    dates = table.dates("date", PATH)
    units = table.text("unit")
    found = {}
    for unit in sorted(set(units.tolist())):
        chosen = np.flatnonzero(units == unit)
        found[unit] = _unit_change(table, chosen, dates[chosen], unit, depth_cm, paired)
    return found


def _layers(table: Table, rows: npt.NDArray[np.intp]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Fine-earth mass [t/ha], non-fossil and fossil carbon [t C/ha] of the given layer rows."""
    density = table.number("bulk_density").to("g / cm**3")[rows]
    thickness = (table.number("bottom").to("cm") - table.number("top").to("cm"))[rows]
    coarse = table.number("coarse_fraction").to("1")[rows]
    carbon_share = table.number("soc").to("1")[rows]
    coal = (
        np.nan_to_num(table.number("coal_fraction").to("1")[rows])
        if "coal_fraction" in table.columns
        else np.zeros(rows.size)
    )
    mass = convert(fine_earth_mass(density, thickness, coarse), "g / cm**2", "t / ha")
    carbon = convert(
        soc_from_density(density, thickness, carbon_share, coarse), "g C / cm**2", "t C / ha"
    )
    return mass, carbon * (1 - coal), carbon * coal


def _unit_change(
    table: Table,
    rows: npt.NDArray[np.intp],
    dates: npt.NDArray[np.datetime64],
    unit: str,
    depth_cm: float,
    paired: bool,
) -> UnitChange:
    first, last = dates.min(), dates.max()
    if first == last:
        raise InputError(
            [
                table.problem(
                    PATH, f"unit {unit} has one sampling round; a change needs two", "date", rows
                )
            ]
        )
    kinds = table.text("site_type")[rows]
    changes: dict[str, tuple[FloatArray, FloatArray, npt.NDArray[np.str_]]] = {}
    stocks: dict[str, FloatArray] = {}
    for kind in ("project", "control"):
        at_first = rows[(kinds == kind) & (dates == first)]
        at_last = rows[(kinds == kind) & (dates == last)]
        if at_first.size == 0 or at_last.size == 0:
            raise InputError(
                [
                    Problem(
                        table.reference,
                        PATH,
                        f"unit {unit} needs {kind} plots at its first ({first}) and last ({last}) rounds",
                        column="site_type",
                    )
                ]
            )
        names, before, before_coal, reference = _stocks(table, at_first, depth_cm, None, unit)
        later_names, after, after_coal, _ = _stocks(
            table, at_last, depth_cm, dict(zip(names.tolist(), reference, strict=True)), unit
        )
        if sorted(later_names.tolist()) != sorted(names.tolist()):
            raise InputError(
                [
                    Problem(
                        table.reference,
                        PATH,
                        f"unit {unit}: the {kind} plots of the last round differ from those of the first (same GPS-paired plots at every round)",
                        column="plot",
                    )
                ]
            )
        order = np.argsort(later_names)
        base = np.argsort(names)
        stocks[f"{kind}_reference_mass"] = reference[base]
        stocks[f"{kind}_first"] = before[base]
        stocks[f"{kind}_last"] = after[order]
        changes[kind] = (
            after[order] - before[base],
            after_coal[order] - before_coal[base],
            names[base],
        )
    project, project_coal, project_names = changes["project"]
    control, _, control_names = changes["control"]
    difference = None
    if paired:
        if project_names.tolist() != control_names.tolist():
            raise InputError(
                [
                    Problem(
                        table.reference,
                        PATH,
                        f"unit {unit}: paired plots need the same plot ids on project and control sites",
                        column="plot",
                    )
                ]
            )
        difference = project - control
    return UnitChange(
        unit,
        dt.date.fromisoformat(str(first)),
        dt.date.fromisoformat(str(last)),
        project,
        control,
        stocks,
        difference,
        float(np.mean(project_coal)),
    )


def _stocks(
    table: Table,
    rows: npt.NDArray[np.intp],
    depth_cm: float,
    reference: dict[str, float] | None,
    unit: str,
) -> tuple[npt.NDArray[np.str_], FloatArray, FloatArray, FloatArray]:
    """ESM stocks of the plots of one site type and round.

    At t0 (``reference`` None) each plot's reference mass is its layers down to the reporting
    depth; at a later round the stock is read at the plot's t0 reference mass.
    """
    plots = table.text("plot")[rows]
    top = table.number("top").to("cm")[rows]
    bottom = table.number("bottom").to("cm")[rows]
    order = np.lexsort((top, plots))
    rows, plots, top, bottom = rows[order], plots[order], top[order], bottom[order]
    names, starts, counts = np.unique(plots, return_index=True, return_counts=True)
    mass, carbon, coal = _layers(table, rows)
    width = int(counts.max())
    position = np.arange(rows.size) - np.repeat(starts, counts)
    index = np.repeat(np.arange(names.size), counts)
    grid_mass = np.full((names.size, width), _PAD_MASS)
    grid_carbon = np.zeros((names.size, width))
    grid_coal = np.zeros((names.size, width))
    grid_mass[index, position] = mass
    grid_carbon[index, position] = carbon
    grid_coal[index, position] = coal
    if reference is None:
        within = bottom <= depth_cm + 1e-9
        reach = np.zeros(names.size, dtype=bool)
        reach[index[np.isclose(bottom, depth_cm)]] = True
        if not reach.all():
            missing = names[~reach].tolist()
            raise InputError(
                [
                    table.problem(
                        PATH,
                        f"unit {unit}: plots {', '.join(missing[:5])} have no layer ending at the reporting depth of {depth_cm:g} cm",
                        "bottom",
                        rows[np.isin(plots, missing)],
                    )
                ]
            )
        masses = np.bincount(index, weights=np.where(within, mass, 0.0), minlength=names.size)
    else:
        masses = np.array([reference[name] for name in names.tolist()])
    try:
        stock = soc_at_reference_mass(grid_mass, grid_carbon, masses[:, None], "linear")[:, 0]
        fossil = soc_at_reference_mass(grid_mass, grid_coal, masses[:, None], "linear")[:, 0]
    except ValueError as error:
        raise InputError(
            [
                Problem(
                    table.reference,
                    PATH,
                    f"unit {unit}: {error} (sample a deeper buffer layer so the t0 soil mass can be reached)",
                    column="bottom",
                )
            ]
        ) from None
    return names, stock, fossil, masses
