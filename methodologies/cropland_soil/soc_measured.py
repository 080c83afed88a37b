"""Measured SOC on an equivalent-soil-mass basis: stocks per core, means per round and stratum.

VM0042 v2.2 quantification approach 2 (and the measured start and true-ups of approach 1):
each increment's fine-earth mass and carbon (Eq 4), cumulative SOC read at a reference soil mass
by the Wendt & Hauser (2013) cubic spline, then means and variances of cores per round, stratum
and site type. Cores are processed as matrices, grouped by their number of increments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mrv.common.errors import InputError, Problem
from mrv.contract.equations import Trace, Traced
from mrv.model.table import Table
from mrv.tools.equivalent_soil_mass import soc_at_reference_mass
from mrv.tools.soc_stock import fine_earth_mass, soc_from_density

from . import equations as eq
from .records import MINIMUM_DEPTH_CM
from .tables import core_keys

FloatArray = npt.NDArray[np.float64]
PATH = "inputs.soc_samples"


@dataclass(frozen=True)
class RoundMeans:
    """Mean SOC at the reference mass per round and stratum, for one site type [t C/ha].

    ``mean``, ``variance`` (of the mean) and ``count`` have shape (rounds, strata); ``cores``
    holds the core keys of each (round, stratum) for pairing.
    """

    mean: FloatArray
    variance: FloatArray
    count: npt.NDArray[np.int64]
    cores: tuple[tuple[npt.NDArray[np.str_], ...], ...]
    stocks: tuple[tuple[FloatArray, ...], ...]


@dataclass(frozen=True)
class Samples:
    """SOC of every core at its stratum's reference mass, with round dates."""

    rounds: tuple[str, ...]
    dates: tuple[dt.date, ...]
    project: RoundMeans
    control: RoundMeans
    stock: Traced


def _round_dates(table: Table) -> tuple[tuple[str, ...], tuple[dt.date, ...]]:
    """Order the rounds by date; a round is dated by its last sampling day."""
    dates = table.dates("date", PATH)
    names = table.text("round")
    found = {
        str(name): max(dates[names == name]).astype(dt.date) for name in np.unique(names).tolist()
    }
    ordered = sorted(found, key=lambda name: (found[name], name))
    return tuple(ordered), tuple(found[name] for name in ordered)


def core_stocks(table: Table, strata_ids: list[str], trace: Trace) -> Samples:
    """SOC of each core at its stratum's reference soil mass, and means per round and stratum.

    The reference mass of a stratum is the mean fine-earth mass down to 30 cm of its cores in
    the first round (project and control); every core must reach it (sample deeper otherwise).
    """
    rounds, dates = _round_dates(table)
    thickness = trace.record(
        "increment_thickness",
        "bottom - top of each increment",
        table.number("bottom").to("cm") - table.number("top").to("cm"),
        "cm",
        inputs=[
            ("bottom", "input:inputs.soc_samples:bottom"),
            ("top", "input:inputs.soc_samples:top"),
        ],
    )
    density = trace.input(f"{PATH}:bulk_density", table.number("bulk_density"))
    soc = trace.input(f"{PATH}:soc", table.number("soc"))
    coarse = (
        trace.input(f"{PATH}:coarse_fraction", table.number("coarse_fraction"))
        if "coarse_fraction" in table.columns
        else trace.record(
            "coarse_fraction", "no coarse fragments recorded", np.zeros(table.n_rows), "1"
        )
    )
    with trace.scope("soc_samples"):
        organic_carbon = trace.record(
            "organic_carbon",
            "SOC content as a mass fraction of the fine earth (g C per g)",
            soc.to("1"),
            "g C / g",
            inputs=[("soc", soc.refs[0])],
        )
        mass = fine_earth_mass(density, thickness, coarse)
        carbon = soc_from_density(density, thickness, organic_carbon, coarse)
    mass_t = np.asarray(mass.to("t / ha"), dtype=np.float64)
    carbon_t = np.asarray(carbon.to("t C / ha"), dtype=np.float64)
    top = table.number("top").to("cm")
    bottom = table.number("bottom").to("cm")
    round_names = table.text("round")
    strata = table.text("stratum")
    keys = np.char.add(np.char.add(round_names, "\x1f"), core_keys(table))
    order = np.lexsort((top, keys))
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    lengths = np.diff(np.r_[starts, sorted_keys.size])
    core_names = sorted_keys[starts]
    first_row = order[starts]
    core_round = round_names[first_row]
    core_stratum = strata[first_row]
    core_type = table.text("site_type")[first_row]
    # mass down to 30 cm: each increment counts by the part of it above 30 cm
    above = np.clip((MINIMUM_DEPTH_CM - top) / (bottom - top), 0.0, 1.0)
    to_depth = np.add.reduceat((mass_t * above)[order], starts)
    sampled = np.add.reduceat(mass_t[order], starts)
    reference = {}
    for stratum in strata_ids:
        chosen = (core_round == rounds[0]) & (core_stratum == stratum)
        reference[stratum] = float(to_depth[chosen].mean()) if chosen.any() else np.nan
    reference_mass = np.array([reference.get(str(s), np.nan) for s in core_stratum])
    short = np.flatnonzero(sampled < reference_mass * (1 - 1e-12))
    if short.size:
        core = short[0]
        raise InputError(
            [
                Problem(
                    table.reference,
                    PATH,
                    f"core {str(core_names[core]).split(chr(31))[-1]!r} of round {core_round[core]} holds {sampled[core]:.1f} t/ha of soil, less than the reference mass {reference_mass[core]:.1f} t/ha of stratum {core_stratum[core]} (the mean mass to 30 cm in round {rounds[0]}); sample deeper (VM0042 v2.2 §8.2)",
                    row=table.row_number(int(order[starts[core] + lengths[core] - 1])),
                    column="bottom",
                )
            ]
        )
    stocks = np.full(core_names.size, np.nan)
    for length in np.unique(lengths).tolist():
        members = np.flatnonzero(lengths == length)
        rows = order[starts[members][:, None] + np.arange(length)]
        stocks[members] = soc_at_reference_mass(
            mass_t[rows], carbon_t[rows], reference_mass[members][:, None]
        )[:, 0]
    stock = trace.record(
        "soc_esm",
        f"{eq.VM0042} §8.2: cumulative SOC at the stratum's reference soil mass (Wendt & Hauser 2013 cubic spline, mrv.tools.equivalent_soil_mass)",
        stocks,
        "t C / ha",
        inputs=[("soil_mass", mass.refs[0]), ("carbon", carbon.refs[0])],
    )
    core_ids = np.char.partition(core_names, "\x1f")[:, 2]

    groups = (core_round, core_stratum, core_type, core_ids, stocks)
    return Samples(
        rounds,
        dates,
        _means("project", rounds, strata_ids, groups),
        _means("control", rounds, strata_ids, groups),
        stock,
    )


def _means(
    kind: str,
    rounds: tuple[str, ...],
    strata_ids: list[str],
    groups: tuple[
        npt.NDArray[np.str_],
        npt.NDArray[np.str_],
        npt.NDArray[np.str_],
        npt.NDArray[np.str_],
        FloatArray,
    ],
) -> RoundMeans:
    """Mean, variance of the mean and count of the cores of one site type, per round and stratum."""
    core_round, core_stratum, core_type, core_ids, stocks = groups
    shape = (len(rounds), len(strata_ids))
    mean, variance = np.full(shape, np.nan), np.full(shape, np.nan)
    count = np.zeros(shape, dtype=np.int64)
    cores: list[tuple[npt.NDArray[np.str_], ...]] = []
    values: list[tuple[FloatArray, ...]] = []
    for r, name in enumerate(rounds):
        row_cores, row_values = [], []
        for s, stratum in enumerate(strata_ids):
            chosen = (core_round == name) & (core_stratum == stratum) & (core_type == kind)
            x = stocks[chosen]
            count[r, s] = x.size
            if x.size:
                mean[r, s] = x.mean()
            if x.size > 1:
                variance[r, s] = x.var(ddof=1) / x.size
            row_cores.append(core_ids[chosen])
            row_values.append(x)
        cores.append(tuple(row_cores))
        values.append(tuple(row_values))
    return RoundMeans(mean, variance, count, tuple(cores), tuple(values))


def change_variance_between(means: RoundMeans, earlier: int, later: int) -> FloatArray:
    """Variance of the mean change per stratum between two rounds [(t C/ha)²] (VM0042 Eq 71).

    When a stratum's cores are the same at both rounds the change is taken core by core
    (s²_f + s²_s - 2 COV is the variance of the paired differences over n); otherwise the two
    means are independent and their variances add.
    """
    result = np.empty(means.mean.shape[1])
    for s in range(result.size):
        before, after = means.cores[earlier][s], means.cores[later][s]
        if before.size > 1 and np.array_equal(np.sort(before), np.sort(after)):
            first = means.stocks[earlier][s][np.argsort(before)]
            second = means.stocks[later][s][np.argsort(after)]
            difference = second - first
            result[s] = difference.var(ddof=1) / difference.size
        else:
            result[s] = means.variance[earlier, s] + means.variance[later, s]
    return result
