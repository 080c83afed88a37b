"""Measure-and-model SOC (VM0042 v2.2 quantification approach 1) with RothC-26.3.

Every field runs as one column of arrays: pools start from the stratum's measured SOC (first
sampling round, equivalent soil mass), split as RothC's steady state under the baseline practice
splits them, with inert organic matter by Falloon et al. (1998); baseline and project then run
month by month with the same model and parameters and their own inputs and plant cover. At each
later sampling round the project stocks of a stratum are trued up to the measured mean at the end
of the round's year (VM0042 QA1 true-up); the adjustment counts in the period holding that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mrv.model.project import MonitoringPeriod
from mrv.tools.rothc import Pools, climate_rate, equilibrium, inert_organic_matter, run

from .inputs import CroplandInputs
from .layout import Layout
from .records import RothC

FloatArray = npt.NDArray[np.float64]
MONTHS = 12


@dataclass(frozen=True)
class ModelledChange:
    """Modelled SOC change of every field over each period, and what the model started from."""

    baseline: dict[str, FloatArray]  # period id -> change per field [t C/ha]
    project: dict[str, FloatArray]
    true_up: dict[str, FloatArray]  # period id -> true-up per field included in project [t C/ha]
    initial: FloatArray  # SOC per field at the start [t C/ha]


def _months(settings: list[RothC], attribute: str, code: npt.NDArray[np.intp]) -> FloatArray:
    """Return the share of a year's amount falling in each month, per field (12, fields).

    The months a stratum lists take equal shares.
    """
    shares = np.zeros((MONTHS, len(settings)))
    for s, item in enumerate(settings):
        months = [month - 1 for month in getattr(item, attribute)]
        shares[months, s] = 1.0 / len(months)
    return shares[:, code]


def _settings(inputs: CroplandInputs, strata: list[str]) -> list[RothC]:
    found = []
    for stratum_id in strata:
        settings = inputs.stratum(stratum_id).rothc
        assert settings is not None  # noqa: S101 - checked by the inputs
        found.append(settings)
    return found


def _baseline_carbon(inputs: CroplandInputs, layout: Layout, attribute: str) -> FloatArray:
    """Return a baseline carbon input of each field's stratum [t C/ha a year]; 0 where none is given."""
    values = [getattr(inputs.stratum(s).baseline, attribute) for s in layout.strata]
    per_stratum = np.array([0.0 if v is None else float(v.m_as("t C / ha")) for v in values])
    return per_stratum[layout.code]


def _boundaries(periods: tuple[MonitoringPeriod, ...], first: int) -> dict[str, tuple[int, int]]:
    """Month-end indices of each period's start and end (0 = the start of ``first``)."""
    return {
        period.id: (
            (period.start.year - first) * MONTHS + period.start.month - 1,
            (period.end.year - first) * MONTHS + period.end.month,
        )
        for period in periods
    }


def model_soc(
    inputs: CroplandInputs,
    periods: tuple[MonitoringPeriod, ...],
    layout: Layout,
    clay: FloatArray,
    initial_by_stratum: FloatArray,
    true_ups: list[tuple[dt.date, FloatArray]],
    iom_coefficients: tuple[float, float],
) -> ModelledChange:
    """Run baseline and project for every field and return each period's change per field.

    Parameters
    ----------
    layout : Layout
        Strata, each field's stratum and area [ha], each record's field and year.
    clay : array (fields,)
        Clay of each field [%].
    initial_by_stratum : array (strata,)
        Measured SOC at the start [t C/ha].
    true_ups : list of (date, array (strata,))
        Measured project SOC of later rounds [t C/ha]; NaN where a stratum was not sampled.
    iom_coefficients : (float, float)
        a and b of IOM = a SOC^b.
    """
    code, area = layout.code, layout.area_ha
    first = min(period.start for period in periods).year
    years = np.arange(first, max(period.end for period in periods).year + 1)
    settings = _settings(inputs, layout.strata)
    weather = _weather(inputs, layout.strata, code, clay, settings)
    plant_share = _months(settings, "input_months", code)
    manure_share = _months(settings, "manure_months", code)
    covered = {
        scenario: _months(settings, f"covered_months_{scenario}", code) > 0
        for scenario in ("baseline", "project")
    }
    plans = {
        "baseline": (
            _baseline_carbon(inputs, layout, "plant_carbon"),
            _baseline_carbon(inputs, layout, "manure_carbon"),
        ),
        "project": _annual_inputs(inputs, layout, years),
    }
    initial = initial_by_stratum[code]
    iom = inert_organic_matter(initial, *iom_coefficients)
    steady, deficit = equilibrium(
        plant_share * plans["baseline"][0],
        manure_share * plans["baseline"][1],
        covered=covered["baseline"],
        iom=iom,
        **weather,
    )
    active = steady.total - iom
    scale = np.where(active > 0, (initial - iom) / np.where(active > 0, active, 1.0), 0.0)
    start = Pools(
        steady.dpm * scale, steady.rpm * scale, steady.bio * scale, steady.hum * scale, iom
    )
    rates = {
        scenario: climate_rate(weather["temperature"], cover) for scenario, cover in covered.items()
    }
    boundaries = _boundaries(periods, first)
    wanted = {index for pair in boundaries.values() for index in pair}
    state = {"baseline": (start, deficit), "project": (start, deficit)}
    stocks: dict[str, dict[int, FloatArray]] = {"baseline": {0: initial}, "project": {0: initial}}
    jumps: dict[int, FloatArray] = {}
    for y, year in enumerate(years.tolist()):
        for scenario, (plant, manure) in plans.items():
            pools, swc = state[scenario]
            final, totals, swc = run(
                pools,
                plant_share * (plant if plant.ndim == 1 else plant[y]),
                manure_share * (manure if manure.ndim == 1 else manure[y]),
                covered=covered[scenario],
                deficit=swc,
                rate=rates[scenario],
                **weather,
            )
            for index in wanted & set(range(y * MONTHS + 1, (y + 1) * MONTHS + 1)):
                stocks[scenario][index] = totals[index - y * MONTHS - 1]
            state[scenario] = (final, swc)
        for day, measured in true_ups:
            if day.year == year:
                pools, swc = state["project"]
                trued, jump = _true_up(pools, measured, code, area)
                state["project"] = (trued, swc)
                index = (y + 1) * MONTHS
                stocks["project"][index] = trued.total
                jumps[index] = jumps.get(index, 0.0) + jump
    change = {
        scenario: {
            period_id: stocks[scenario][end] - stocks[scenario][begin]
            for period_id, (begin, end) in boundaries.items()
        }
        for scenario in ("baseline", "project")
    }
    adjustments = {
        period_id: sum(
            (jump for index, jump in jumps.items() if begin < index <= end), np.zeros(code.size)
        )
        for period_id, (begin, end) in boundaries.items()
    }
    return ModelledChange(change["baseline"], change["project"], adjustments, initial)


def _weather(
    inputs: CroplandInputs,
    strata: list[str],
    code: npt.NDArray[np.intp],
    clay: FloatArray,
    settings: list[RothC],
) -> dict[str, FloatArray]:
    """Monthly climate normals (12, fields) and the soil and model settings of every field."""
    climate = inputs.monthly_climate
    assert climate is not None  # noqa: S101 - checked by the inputs
    month = climate.number("month").magnitude.astype(np.int64)
    stratum_of_row = np.searchsorted(np.array(strata), climate.text("stratum"))
    weather: dict[str, FloatArray] = {}
    for name, unit in (("temperature", "degC"), ("rain", "mm"), ("evaporation", "mm")):
        grid = np.empty((MONTHS, len(strata)))
        grid[month - 1, stratum_of_row] = climate.number(name).to(unit)
        weather[name] = grid[:, code]
    weather["clay"] = clay
    weather["depth"] = np.array([item.depth.m_as("cm") for item in settings])[code]
    weather["dpm_rpm_ratio"] = np.array([item.dpm_rpm_ratio for item in settings])[code]
    return weather


def _true_up(
    pools: Pools, measured: FloatArray, code: npt.NDArray[np.intp], area: FloatArray
) -> tuple[Pools, FloatArray]:
    """Scale the active pools of each sampled stratum so its area-weighted mean is the measured one."""
    total = pools.total
    weights = np.bincount(code, weights=area)
    modelled = np.bincount(code, weights=total * area) / weights
    iom = np.bincount(code, weights=pools.iom * area) / weights
    target = np.where(np.isnan(measured), modelled, measured)
    factor = np.where(
        modelled - iom > 0, (target - iom) / np.where(modelled > iom, modelled - iom, 1.0), 1.0
    )[code]
    trued = Pools(
        pools.dpm * factor, pools.rpm * factor, pools.bio * factor, pools.hum * factor, pools.iom
    )
    return trued, trued.total - total


def _annual_inputs(
    inputs: CroplandInputs, layout: Layout, years: npt.NDArray[np.int64]
) -> tuple[FloatArray, FloatArray]:
    """Return project plant and manure carbon per year and field (years, fields) [t C/ha].

    A year without records keeps the baseline practice of the field's stratum.
    """
    table = inputs.management
    inside = (layout.record_year >= years[0]) & (layout.record_year <= years[-1])
    rows = layout.record_year[inside] - years[0]
    fields = layout.record_field[inside]
    result = []
    for name in ("plant_carbon", "manure_carbon"):
        grid = np.tile(_baseline_carbon(inputs, layout, name), (years.size, 1))
        if name in table.columns:
            grid[rows, fields] = table.number(name).to("t C / ha")[inside]
        result.append(grid)
    return result[0], result[1]
