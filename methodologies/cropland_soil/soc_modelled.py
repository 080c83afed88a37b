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
from mrv.tools.rothc import Pools, equilibrium, inert_organic_matter, run

from .inputs import CroplandInputs, RothC

FloatArray = npt.NDArray[np.float64]
MONTHS = 12


@dataclass(frozen=True)
class ModelledChange:
    """Modelled SOC change of every field over each period, and what the model started from."""

    baseline: dict[str, FloatArray]  # period id -> change per field [t C/ha]
    project: dict[str, FloatArray]
    true_up: dict[str, FloatArray]  # period id -> true-up per field included in project [t C/ha]
    initial: FloatArray  # SOC per field at the start [t C/ha]


def _monthly(annual: FloatArray, months: tuple[int, ...]) -> FloatArray:
    """Spread annual amounts (fields,) evenly over the given months: (12, fields)."""
    share = np.zeros(MONTHS)
    share[[month - 1 for month in months]] = 1.0 / len(months)
    return share[:, None] * np.asarray(annual, dtype=np.float64)[None, :]


def _by_stratum(
    inputs: CroplandInputs, code: npt.NDArray[np.intp], strata: list[str], attribute: str
) -> npt.NDArray[np.bool_]:
    covered = np.zeros((MONTHS, len(strata)), dtype=bool)
    for s, settings in enumerate(_settings(inputs, strata)):
        covered[[month - 1 for month in getattr(settings, attribute)], s] = True
    return covered[:, code]


def _settings(inputs: CroplandInputs, strata: list[str]) -> list[RothC]:
    found = []
    for stratum_id in strata:
        settings = inputs.stratum(stratum_id).rothc
        assert settings is not None  # noqa: S101 - checked by the inputs
        found.append(settings)
    return found


def model_soc(
    inputs: CroplandInputs,
    periods: tuple[MonitoringPeriod, ...],
    strata: list[str],
    code: npt.NDArray[np.intp],
    clay: FloatArray,
    area: FloatArray,
    initial_by_stratum: FloatArray,
    true_ups: list[tuple[dt.date, FloatArray]],
    iom_coefficients: tuple[float, float],
) -> ModelledChange:
    """Run baseline and project for every field and return each period's change per field.

    Parameters
    ----------
    code : array (fields,)
        Stratum index of each field (into ``strata``).
    clay, area : array (fields,)
        Clay [%] and area [ha] of each field.
    initial_by_stratum : array (strata,)
        Measured SOC at the start [t C/ha].
    true_ups : list of (date, array (strata,))
        Measured project SOC of later rounds [t C/ha]; NaN where a stratum was not sampled.
    iom_coefficients : (float, float)
        a and b of IOM = a SOC^b.
    """
    fields = code.size
    first = min(period.start for period in periods).year
    last = max(period.end for period in periods).year
    weather = _weather(inputs, strata, code, clay)
    years = np.arange(first, last + 1)
    project_plant, project_manure = _annual_inputs(inputs, years, code, strata)
    baseline_plant = np.array(
        [_magnitude(inputs.stratum(s).baseline.plant_carbon, "t C / ha") for s in strata]
    )[code]
    baseline_manure = np.array(
        [_magnitude(inputs.stratum(s).baseline.manure_carbon, "t C / ha") for s in strata]
    )[code]
    settings = dict(zip(strata, _settings(inputs, strata), strict=True))
    input_months = {s: settings[s].input_months for s in strata}
    manure_months = {s: settings[s].manure_months for s in strata}

    def spread(annual: FloatArray, months: dict[str, tuple[int, ...]]) -> FloatArray:
        result = np.zeros((MONTHS, fields))
        for s, stratum_id in enumerate(strata):
            chosen = code == s
            result[:, chosen] = _monthly(annual[chosen], months[stratum_id])
        return result

    covered = {
        "baseline": _by_stratum(inputs, code, strata, "covered_months_baseline"),
        "project": _by_stratum(inputs, code, strata, "covered_months_project"),
    }
    initial = initial_by_stratum[code]
    a, b = iom_coefficients
    iom = inert_organic_matter(initial, a, b)
    steady, deficit = equilibrium(
        spread(baseline_plant, input_months),
        spread(baseline_manure, manure_months),
        covered=covered["baseline"],
        iom=iom,
        **weather,
    )
    active = steady.total - iom
    scale = np.where(active > 0, (initial - iom) / np.where(active > 0, active, 1.0), 0.0)
    start = Pools(
        steady.dpm * scale, steady.rpm * scale, steady.bio * scale, steady.hum * scale, iom
    )
    state = {"baseline": (start, deficit), "project": (start, deficit)}
    snapshots: dict[str, dict[int, FloatArray]] = {
        "baseline": {0: initial},
        "project": {0: initial},
    }
    jumps: dict[int, FloatArray] = {}
    rounds = sorted(true_ups, key=lambda item: item[0])
    for y, year in enumerate(years.tolist()):
        plans = {
            "baseline": (baseline_plant, baseline_manure),
            "project": (project_plant[y], project_manure[y]),
        }
        for scenario, (plant, manure) in plans.items():
            pools, swc = state[scenario]
            final, totals, swc = run(
                pools,
                spread(plant, input_months),
                spread(manure, manure_months),
                covered=covered[scenario],
                deficit=swc,
                **weather,
            )
            for m in range(MONTHS):
                snapshots[scenario][y * MONTHS + m + 1] = totals[m]
            state[scenario] = (final, swc)
        for day, measured in rounds:
            if day.year != year:
                continue
            pools, swc = state["project"]
            trued, jump = _true_up(pools, measured, code, area)
            state["project"] = (trued, swc)
            index = (y + 1) * MONTHS
            snapshots["project"][index] = trued.total
            jumps[index] = jumps.get(index, np.zeros(fields)) + jump
    result: dict[str, dict[str, FloatArray]] = {"baseline": {}, "project": {}}
    adjustments: dict[str, FloatArray] = {}
    for period in periods:
        begin = (period.start.year - first) * MONTHS + period.start.month - 1
        end = (period.end.year - first) * MONTHS + period.end.month
        for scenario in ("baseline", "project"):
            result[scenario][period.id] = snapshots[scenario][end] - snapshots[scenario][begin]
        adjustments[period.id] = sum(
            (jump for index, jump in jumps.items() if begin < index <= end), np.zeros(fields)
        )
    return ModelledChange(result["baseline"], result["project"], adjustments, initial)


def _weather(
    inputs: CroplandInputs, strata: list[str], code: npt.NDArray[np.intp], clay: FloatArray
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
    settings = _settings(inputs, strata)
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


def _magnitude(value: object, unit: str) -> float:
    return float(value.m_as(unit)) if value is not None else 0.0  # type: ignore[attr-defined]


def _annual_inputs(
    inputs: CroplandInputs,
    years: npt.NDArray[np.int64],
    code: npt.NDArray[np.intp],
    strata: list[str],
) -> tuple[FloatArray, FloatArray]:
    """Return project plant and manure carbon per year and field (years, fields) [t C/ha].

    A year without records keeps the baseline practice of the field's stratum.
    """
    table = inputs.management
    names = inputs.fields.text("field")
    order = np.argsort(names)
    field = order[np.searchsorted(names[order], table.text("field"))]
    year = table.number("year").magnitude.astype(np.int64)
    inside = (year >= years[0]) & (year <= years[-1])
    result = []
    for column, attribute in (("plant_carbon", "plant_carbon"), ("manure_carbon", "manure_carbon")):
        fallback = np.array(
            [_magnitude(getattr(inputs.stratum(s).baseline, attribute), "t C / ha") for s in strata]
        )
        grid = np.tile(fallback[code], (years.size, 1))
        if column in table.columns:
            grid[year[inside] - years[0], field[inside]] = table.number(column).to("t C / ha")[
                inside
            ]
        result.append(grid)
    return result[0], result[1]
