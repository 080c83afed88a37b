"""Workloads W1-W7 of issue 9, each against a plain implementation written here. ``make bench``.

Every workload prints its size, mrv's time (best of a few runs after a warm-up) and the ratio to
a plain implementation of the same arithmetic in numpy (with pyarrow for parsing CSV, as mrv
uses it): the plain code has no units, no validation messages, no trace and no report, so the
ratio is what those cost. Nothing is asserted; the figures go into the closing notes.

Sizes can be lowered for a quick run: ``MRV_BENCH_SCALE=0.1 make bench``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from pyarrow import csv as pa_csv

sys.path.insert(0, str(Path(__file__).parent))

from cropland_project import write_project as write_cropland

ROOT = Path(__file__).resolve().parents[1]
SCALE = float(os.environ.get("MRV_BENCH_SCALE", "1"))
K = 44.0 / 12.0  # CO2 per C of the plain implementations (mrv takes it from its unit registry)
NO_DECOMPOSITION_BELOW = -5.0  # RothC-26.3: no decomposition below -5 degC
DEPTH_CM = 30.0  # cropland-soil's modelled layer (RothC settings default)


def size(n: int) -> int:
    return max(1, int(n * SCALE))


def best_of(function: Callable[[], object], repeats: int = 3) -> float:
    function()  # warm-up: imports, registry, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def line(name: str, what: str, seconds: float, plain: float | None, note: str = "") -> None:
    ratio = f"{seconds / plain:5.2f}x plain ({plain:.3f} s)" if plain else ""
    print(f"{name:3} {what:52} {seconds:8.3f} s  {ratio}  {note}".rstrip(), flush=True)


# --- W1: ingest and validate tree rows -----------------------------------------------------


def write_trees(path: Path, rows: int, plots: int) -> None:
    rng = np.random.default_rng(20261124)
    table = pa.table(
        {
            "period": pa.array(np.full(rows, "MP1")),
            "plot": pa.array(np.char.add("P", rng.integers(0, plots, rows).astype(str))),
            "dbh [cm]": np.round(rng.uniform(2.0, 30.0, rows), 1),
            "height [m]": np.round(rng.uniform(1.5, 25.0, rows), 1),
        }
    )
    pa_csv.write_csv(table, path)


def plain_read(path: Path) -> dict[str, np.ndarray]:
    """Parse with pyarrow into typed columns and check them (finite, >= 0) with numpy."""
    table = pa_csv.read_csv(path)
    columns = {}
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_floating(column.type):
            values = column.to_numpy()
            if not (np.isfinite(values).all() and (values >= 0).all()):
                raise ValueError(name)
            columns[name] = values
        else:
            columns[name] = np.asarray(
                pc.utf8_trim_whitespace(column).to_numpy(zero_copy_only=False)
            )
    return columns


def tree_spec():
    """Columns of the tree table of W1."""
    from mrv.model.table import Column, TableSpec

    return TableSpec(
        columns=(
            Column("period"),
            Column("plot"),
            Column("dbh", "[length]", "cm", nonnegative=True),
            Column("height", "[length]", "m", nonnegative=True),
        )
    )


def w1() -> None:
    from mrv.io.tables import read_table

    rows = size(1_000_000)
    spec = tree_spec()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trees.csv"
        write_trees(path, rows, 20_000)
        numpy_peak, arrow_peak = read_memory(path)
        seconds = best_of(lambda: read_table(path, spec))
        plain = best_of(lambda: plain_read(path))
        megabytes = path.stat().st_size / 2**20
    line(
        "W1",
        f"ingest and validate {rows:,} tree rows (CSV)",
        seconds,
        plain,
        f"(file {megabytes:,.0f} MiB; peak numpy {numpy_peak:,.0f} MiB, arrow pool {arrow_peak:,.0f} MiB)",
    )


def read_memory(path: Path) -> tuple[float, float]:
    """Peak numpy memory (tracemalloc) of a warm read, and pyarrow's pool peak, in a fresh process."""
    code = f"""
import sys, tracemalloc, pyarrow as pa
from pathlib import Path
sys.path.insert(0, {str(Path(__file__).parent)!r})
from workloads import tree_spec
from mrv.io.tables import read_table
spec = tree_spec()
read_table(Path({str(path)!r}), spec)  # imports, unit registry
tracemalloc.start()
read_table(Path({str(path)!r}), spec)
print(tracemalloc.get_traced_memory()[1], pa.default_memory_pool().max_memory())
"""
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    )
    numpy_bytes, arrow_bytes = map(int, output.stdout.split())
    return numpy_bytes / 2**20, arrow_bytes / 2**20


# --- W2: forest chain ----------------------------------------------------------------------


def forest_head(project_id: str, areas: dict[str, float]) -> list[str]:
    """The project part of a forest-reclamation benchmark document: strata of given areas [ha]."""
    return [
        "schema_version: 1.0.0",
        "project:",
        f"  id: {project_id}",
        "  name: benchmark",
        "  location: {country: CN}",
        f"  area: {sum(areas.values())} ha",
        "  crediting_period: {start: 2015-01-01, end: 2044-12-31}",
        "  gwp_set: AR5",
        "  methodology: {id: forest-reclamation, version: 1.0.0}",
        "  strata:",
        *(f"    - {{id: {i}, area: {area} ha}}" for i, area in areas.items()),
        "monitoring_periods:",
        "  - {id: MP1, start: 2015-01-01, end: 2024-12-31}",
    ]


def write_forest(folder: Path, trees: int, plots: int, strata: int) -> Path:
    rng = np.random.default_rng(3)
    plot_ids = np.char.add("P", np.arange(plots).astype(str))
    plot_stratum = np.char.add("S", (np.arange(plots) % strata).astype(str))
    pa_csv.write_csv(
        pa.table(
            {
                "period": np.full(plots, "MP1"),
                "stratum": plot_stratum,
                "plot": plot_ids,
                "plot_area [m**2]": np.full(plots, 600.0),
            }
        ),
        folder / "plots.csv",
    )
    dbh = np.round(rng.uniform(2.0, 30.0, trees), 1)
    write_trees_table = pa.table(
        {
            "period": np.full(trees, "MP1"),
            "plot": plot_ids[rng.integers(0, plots, trees)],
            "dbh [cm]": dbh,
            "height [m]": np.round(1.3 + 0.6 * dbh, 1),
        }
    )
    pa_csv.write_csv(write_trees_table, folder / "trees.csv")
    ids = [f"S{i}" for i in range(strata)]
    area = 4.0  # ha per stratum
    lines = [
        *forest_head("BENCH-FOREST", {i: area for i in ids}),
        "inputs:",
        "  climate: {ipcc_class: warm_temperate_moist, mean_annual_precipitation: 1500 mm, elevation: 200 m, source: benchmark}",
        "  dead_organic_matter: none",
        "  strata:",
        *(
            f"    - {{id: {i}, species: Pinus massoniana, planting_date: 2015-03-01, soil_type: LAC, "
            "biomass_route: tree_allometry, allometry: {a: 0.053, b: 2.3, c: 0.4, dbh_min: 1 cm, "
            "dbh_max: 60 cm, source: benchmark}, baseline: {mine_spoil_evidence: spoil}}"
            for i in ids
        ),
        "  plots: plots.csv",
        "  trees: trees.csv",
    ]
    path = folder / "project.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def plain_forest(folder: Path, strata: int) -> float:
    """AR-TOOL14 tree stock from trees: allometry, plot sums, Cairns roots, stratified total."""
    from scipy import stats

    plots = pa_csv.read_csv(folder / "plots.csv")
    trees = pa_csv.read_csv(folder / "trees.csv")
    plot_ids = plots.column("plot").to_numpy(zero_copy_only=False)
    order = np.argsort(plot_ids)
    tree_plot = trees.column("plot").to_numpy(zero_copy_only=False)
    plot_of_tree = order[np.searchsorted(plot_ids[order], tree_plot)]
    dbh = trees.column("dbh [cm]").to_numpy()
    height = trees.column("height [m]").to_numpy()
    biomass = 0.053 * dbh**2.3 * height**0.4 / 1000.0  # kg -> t
    plot_area = plots.column("plot_area [m**2]").to_numpy() / 1e4
    agb = np.bincount(plot_of_tree, biomass, len(plot_ids)) / plot_area
    root_shoot = np.where(
        agb > 0,
        np.exp(-1.085 + 0.9256 * np.log(np.maximum(agb, 1e-300))) / np.maximum(agb, 1e-300),
        0.0,
    )
    b = agb * (1 + root_shoot)
    stratum = np.char.lstrip(
        plots.column("stratum").to_numpy(zero_copy_only=False).astype(str), "S"
    ).astype(int)
    counts = np.bincount(stratum, minlength=strata)
    mean = np.bincount(stratum, b, strata) / counts
    s2 = np.bincount(stratum, (b - mean[stratum]) ** 2, strata) / (counts - 1)
    weights = np.full(strata, 1.0 / strata)
    b_tree = np.sum(weights * mean)
    t = stats.t.ppf(0.95, counts.sum() - strata)
    u = t * np.sqrt(np.sum(weights**2 * s2 / counts)) / b_tree
    if not np.isfinite(u):
        raise ValueError("uncertainty")
    return float(K * 0.47 * 4.0 * strata * b_tree)


def w2() -> None:
    import mrv

    trees, plots, strata = size(2_000_000), size(20_000), max(2, size(500))
    with tempfile.TemporaryDirectory() as folder:
        project = write_forest(Path(folder), trees, plots, strata)
        seconds = best_of(lambda: mrv.compute(project), 2)
        plain = best_of(lambda: plain_forest(Path(folder), strata), 2)
        report = mrv.compute(project)
        stock = next(e.value.value for e in report.trace if e.id == "MP1/c_tree")
        check = plain_forest(Path(folder), strata)
    line(
        "W2",
        f"forest chain {trees:,} trees / {plots:,} plots / {strata} strata",
        seconds,
        plain,
        f"(C_TREE mrv {stock:,.1f}, plain {check:,.1f} t CO2e)",
    )


# --- W3: cropland with RothC ---------------------------------------------------------------


RATES = np.array([10.0, 0.3, 0.66, 0.02])  # RothC-26.3 DPM, RPM, BIO, HUM [1/yr]


def plain_year(pools, plant, manure, temperature, rain, evaporation, covered, clay, deficit):
    """One year of RothC-26.3 months over all fields: pools (4, fields), inputs (12, fields)."""
    x = 1.67 * (1.85 + 1.60 * np.exp(-0.0786 * clay))
    bio_share, hum_share = 0.46 / (x + 1), 0.54 / (x + 1)
    smd_max = -(20 + 1.3 * clay - 0.01 * clay**2) * DEPTH_CM / 23.0
    pools = pools.copy()
    for m in range(12):
        t = temperature[m]
        a = np.where(t < NO_DECOMPOSITION_BELOW, 0.0, 47.91 / (1 + np.exp(106.06 / (t + 18.27))))
        # bare soil dries no further than 0.556 SMD_max, unless it was drier already
        floor = np.where(covered[m], smd_max, np.minimum(0.556 * smd_max, deficit))
        deficit = np.maximum(np.minimum(deficit + rain[m] - 0.75 * evaporation[m], 0.0), floor)
        b = np.where(
            deficit > 0.444 * smd_max, 1.0, 0.2 + 0.8 * (smd_max - deficit) / (0.556 * smd_max)
        )
        rate = a * b * np.where(covered[m], 0.6, 1.0) / 12.0
        remaining = pools * np.exp(-rate[None, :] * RATES[:, None])
        released = (pools - remaining).sum(axis=0)
        pools = remaining
        pools[2] += released * bio_share
        pools[3] += released * hum_share
        pools[0] += 1.44 / 2.44 * plant[m] + 0.49 * manure[m]
        pools[1] += 1.0 / 2.44 * plant[m] + 0.49 * manure[m]
        pools[3] += 0.02 * manure[m]
    return pools, deficit


def plain_rothc(fields: pa.Table, management: pa.Table, climate: pa.Table) -> float:
    """Spin RothC up to equilibrium, run 10 years twice; project less baseline SOC [t C].

    The same arithmetic as cropland-soil's measure-and-model route: the steady state of the
    baseline year solved as a 4 x 4 system per field (three years to cycle the moisture
    deficit, four unit-pool years and one input year), then baseline and project year by year.
    """
    n = fields.num_rows
    clay = fields.column("clay [%]").to_numpy()
    stratum = (fields.column("stratum").to_numpy(zero_copy_only=False) == "S2").astype(int)
    grid = climate.column("temperature [degC]").to_numpy().reshape(2, 12).T
    temperature = grid[:, stratum]
    rain, evaporation = np.full((12, n), 40.0), np.full((12, n), 90.0)
    months = np.arange(1, 13)[:, None]
    inputs = np.isin(months, (9, 10)) * np.ones(n) / 2  # plant carbon: half in Sep, half in Oct
    march = np.isin(months, (3,)) * np.ones(n)  # manure: all in March
    covered = {
        "baseline": np.isin(months, (5, 6, 7, 8, 9)) & np.ones(n, dtype=bool),
        "project": np.isin(months, (5, 6, 7, 8, 9, 10)) & np.ones(n, dtype=bool),
    }
    plant = management.column("plant_carbon [t C/ha]").to_numpy().reshape(-1, n)
    manure = management.column("manure_carbon [t C/ha]").to_numpy().reshape(-1, n)
    weather = (temperature, rain, evaporation)
    zero, nothing = np.zeros((4, n)), np.zeros((12, n))
    deficit = np.zeros(n)
    for _ in range(3):
        _, deficit = plain_year(
            zero, nothing, nothing, *weather, covered["baseline"], clay, deficit
        )
    columns = []
    for pool in range(4):
        start = np.zeros((4, n))
        start[pool] = 1.0
        columns.append(
            plain_year(start, nothing, nothing, *weather, covered["baseline"], clay, deficit)[0]
        )
    matrix = np.stack(columns, axis=-1).transpose(1, 0, 2)  # (fields, 4, 4)
    added, _ = plain_year(
        zero, inputs * 1.4, march * 0.0, *weather, covered["baseline"], clay, deficit
    )
    steady = np.linalg.solve(np.eye(4) - matrix, added.T[..., None])[..., 0].T
    soc = np.full(n, 22.0)
    iom = 0.049 * soc**1.139
    steady *= (soc - iom) / steady.sum(axis=0)
    totals = {}
    for scenario in ("baseline", "project"):
        pools, swc = steady.copy(), deficit
        for year in range(plant.shape[0]):
            added_plant = inputs * (plant[year] if scenario == "project" else 1.4)
            added_manure = march * (manure[year] if scenario == "project" else 0.0)
            pools, swc = plain_year(
                pools, added_plant, added_manure, *weather, covered[scenario], clay, swc
            )
        totals[scenario] = pools.sum(axis=0) + iom
    return float(((totals["project"] - totals["baseline"]) * 1.0).sum())


def cropland_parameter(name: str, which: str = "value", **key: str) -> float:
    """A value of cropland-soil's parameter tables (the plain code reads the same data files)."""
    path = ROOT / "methodologies" / "cropland_soil" / "parameters" / f"{name}.yaml"
    for row in yaml.safe_load(path.read_text())["values"]:
        if all(row.get(dimension) == wanted for dimension, wanted in key.items()):
            return float(row[which])
    raise KeyError(f"{name} {key}")


def plain_periods(fields: pa.Table, management: pa.Table) -> dict[str, float]:
    """The record arithmetic cropland-soil does for every period (a calendar year here).

    Each record's amounts times its field's area and the year's share of the period; project
    N2O-N of VM0042 Eq 17-23 (IPCC 2019 Eq 11.1 and 11.9; a dry climate, so no leaching) with
    central factors and, as project N2O rises over the baseline, with the upper ends of EF1 and
    EF4; diesel CO2; the IPCC Tier 1 change (2006 GL Vol. 4 Eq 2.25) of the screening estimate.
    Parameter values come from the methodology's tables, as mrv's do. Terms of columns the
    project leaves out (lime, urea, gasoline, residue N) are zero and not computed.
    """
    zone = "cool_temperate_dry"
    area = fields.column("area [ha]").to_numpy()
    ids = fields.column("field").to_numpy(zero_copy_only=False)
    field = pc.index_in(management.column("field"), value_set=pa.array(ids)).to_numpy()
    year = management.column("year").to_numpy()
    synthetic = management.column("synthetic_n [kg N/ha]").to_numpy() * area[field]
    organic = management.column("organic_n [kg N/ha]").to_numpy() * area[field]
    diesel = management.column("diesel [L/ha]").to_numpy() * area[field]

    def factor_of(column: str, table: str, dimension: str) -> np.ndarray:
        encoded = pc.dictionary_encode(management.column(column)).combine_chunks()
        levels = encoded.dictionary.to_pylist()
        values = [cropland_parameter(table, **{dimension: level, "zone": zone}) for level in levels]
        return np.array(values)[encoded.indices.to_numpy()]

    baseline_factor = cropland_parameter("f_lu", land_use="long_term_cultivated", zone=zone) * (
        cropland_parameter("f_mg", tillage="full", zone=zone)
        * cropland_parameter("f_i", input="medium", zone=zone)
    )
    f_lu = cropland_parameter("f_lu", land_use="long_term_cultivated", zone=zone)
    project_factor = (
        f_lu * factor_of("tillage", "f_mg", "tillage") * factor_of("input_level", "f_i", "input")
    )
    soc_ref = cropland_parameter("soc_ref", zone=zone, soil="HAC")
    duration = cropland_parameter("tier1_duration")
    gasf = cropland_parameter("frac_gasf", fertiliser="unspecified")
    gasm = cropland_parameter("frac_gasm")
    since = year - year.min() + 1
    tier1_rate = np.where(
        since <= duration, soc_ref * (project_factor - baseline_factor) / duration, 0.0
    )
    totals = {"n2o_n_central": 0.0, "n2o_n_conservative": 0.0, "diesel": 0.0, "tier1": 0.0}
    for period_year in np.unique(year).tolist():
        weight = (year == period_year).astype(np.float64)
        n_synthetic, n_organic = synthetic * weight, organic * weight
        for which, name in (("value", "n2o_n_central"), ("max", "n2o_n_conservative")):
            ef1 = cropland_parameter("ef1", which, input="synthetic", moisture="dry")
            ef4 = cropland_parameter("ef4", which, moisture="dry")
            direct = n_synthetic * ef1 + n_organic * ef1
            volatilised = (n_synthetic * gasf + n_organic * gasm) * ef4
            totals[name] += float((direct + volatilised).sum())
        totals["diesel"] += float((diesel * weight).sum())
        totals["tier1"] += float((tier1_rate * area[field] * weight).sum())
    return totals


def plain_cropland(folder: Path) -> dict[str, float]:
    """W3 without mrv: read the three tables, run RothC and the record arithmetic of each period."""
    fields = pa_csv.read_csv(folder / "fields.csv")
    management = pa_csv.read_csv(folder / "management.csv")
    climate = pa_csv.read_csv(folder / "climate.csv")
    return {"soc": plain_rothc(fields, management, climate), **plain_periods(fields, management)}


def w3() -> None:
    from mrv.engine.compute import compute

    fields = size(100_000)
    with tempfile.TemporaryDirectory() as folder:
        project = write_cropland(Path(folder), fields)
        seconds = best_of(lambda: compute(project), 2)
        plain = best_of(lambda: plain_cropland(Path(folder)), 2)
    line("W3", f"cropland {fields:,} fields x 10 years with RothC", seconds, plain)


# --- W4: a portfolio, 1 vs N workers ----------------------------------------------------------


def w4() -> None:
    from mrv.engine.parallel import process_executor, running_on
    from mrv.portfolio.batch import find_projects, run_batch
    from mrv.testing.portfolio import generate_portfolio

    sites = size(10_000)
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        generate_portfolio(ROOT / "examples", base / "sites", sites)
        projects = find_projects([base / "sites"])
        start = time.perf_counter()
        run_batch(projects, base / "one")
        one = time.perf_counter() - start
        start = time.perf_counter()
        with process_executor(workers) as executor, running_on(executor):
            run_batch(projects, base / "many")
        many = time.perf_counter() - start
        same = all(
            (base / "one" / p.name).read_bytes() == p.read_bytes()
            for p in (base / "many").iterdir()
        )
    line(
        "W4",
        f"portfolio of {sites:,} sites, 1 worker",
        one,
        None,
        f"({one / sites * 1000:.1f} ms per site)",
    )
    line(
        "W4",
        f"portfolio of {sites:,} sites, {workers} workers",
        many,
        None,
        f"(speed-up {one / many:.2f} on {workers} cores; reports identical: {same})",
    )


# --- W5: Monte Carlo on many strata -----------------------------------------------------------


def write_strata(folder: Path, strata: int) -> Path:
    rng = np.random.default_rng(5)
    agb = np.round(rng.uniform(5, 60, 2 * strata), 2)
    ids = np.char.add("S", np.repeat(np.arange(strata), 2).astype(str))
    pa_csv.write_csv(
        pa.table(
            {
                "period": np.full(2 * strata, "MP1"),
                "stratum": ids,
                "plot": np.char.add(ids, np.char.add("-P", np.tile([0, 1], strata).astype(str))),
                "agb [t/ha]": agb,
            }
        ),
        folder / "plots.csv",
    )
    lines = [
        *forest_head("BENCH-STRATA", {f"S{i}": 1.0 for i in range(strata)}),
        "uncertainty:",
        "  monte_carlo: {iterations: 10000, seed: 1, chunk: 250}",
        "  parameters: false",  # plot AGB is the one thing drawn, as in the plain code
        "  distributions:",
        "    'inputs.plots[period=MP1]:agb': {kind: normal, relative_sd: 0.1}",
        "inputs:",
        "  climate: {ipcc_class: warm_temperate_moist, mean_annual_precipitation: 1500 mm, elevation: 200 m, source: benchmark}",
        "  dead_organic_matter: none",
        "  strata:",
        *(
            f"    - {{id: S{i}, species: p, planting_date: 2015-03-01, soil_type: LAC, "
            "biomass_route: plot_biomass, baseline: {mine_spoil_evidence: spoil}}"
            for i in range(strata)
        ),
        "  plots: plots.csv",
    ]
    path = folder / "project.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def plain_monte_carlo(
    folder: Path, strata: int, iterations: int, chunk: int, relative_sd: float = 0.1
) -> np.ndarray:
    """Draw plot AGB, roots by Cairns, stratum means, total stock, chunk by chunk (plain).

    Strata of 1 ha each, so the stratified mean times the area is the sum of stratum means;
    CF 0.47 and Cairns' -1.085 and 0.9256 are AR-TOOL14 v04.2's defaults (Appendix 1).
    """
    plots = pa_csv.read_csv(folder / "plots.csv")
    agb = plots.column("agb [t/ha]").to_numpy()  # two plots per stratum, in stratum order
    rng = np.random.default_rng(1)
    totals = []
    for _ in range(0, iterations, chunk):
        draws = agb * (1 + relative_sd * rng.standard_normal((chunk, agb.size)))
        root = np.exp(-1.085 + 0.9256 * np.log(np.maximum(draws, 1e-9))) / np.maximum(draws, 1e-9)
        b = draws * (1 + root)
        means = (b[:, 0::2] + b[:, 1::2]) / 2
        totals.append(K * 0.47 * means.sum(axis=1))
    return np.concatenate(totals)


def peak_of(function: Callable[[], object]) -> float:
    """Peak memory traced by tracemalloc while ``function`` runs (numpy arrays included) [MiB]."""
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def w5() -> None:
    import mrv

    strata = size(10_000)
    with tempfile.TemporaryDirectory() as folder:
        project = write_strata(Path(folder), strata)
        seconds = best_of(lambda: mrv.compute(project), 1)
        plain = best_of(lambda: plain_monte_carlo(Path(folder), strata, 10_000, 250), 1)
        peak = peak_of(lambda: mrv.compute(project))  # tracemalloc slows Python: timed apart
        plain_peak = peak_of(lambda: plain_monte_carlo(Path(folder), strata, 10_000, 250))
    line(
        "W5",
        f"Monte Carlo 10,000 iterations x {strata:,} strata",
        seconds,
        plain,
        f"(peak memory {peak:,.0f} MiB, plain {plain_peak:,.0f} MiB)",
    )


# --- W6: start-up -----------------------------------------------------------------------------


def w6() -> None:
    python = sys.executable
    mrv_command = shutil.which("mrv", path=str(Path(python).parent)) or "mrv"

    def run(arguments: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run(arguments, check=True, capture_output=True)

    seconds = best_of(run([mrv_command, "--help"]), 5)
    plain = best_of(run([python, "-c", "import numpy"]), 5)
    line("W6", "mrv --help start-up (plain: python -c 'import numpy')", seconds, plain)


# --- W7: a tree table over the memory budget ------------------------------------------------


def arrow_peak_of_compute(project: Path) -> float:
    """Peak of pyarrow's memory pool while a fresh process computes ``project`` [MiB]."""
    script = (
        "import sys, mrv, pyarrow as pa; mrv.compute(sys.argv[1]); "
        "print(pa.default_memory_pool().max_memory())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(project)], check=True, capture_output=True, text=True
    )
    return int(done.stdout.split()[-1]) / 2**20


def w7() -> None:
    """W2's chain on a tree table that must not be held in memory: columns spilled to disk.

    ``MRV_TABLE_MEMORY`` is set to 64 MiB, far below the table, so its columns are memory-mapped
    and the trees computed in blocks; the peak is what numpy and Python allocate (tracemalloc)
    plus pyarrow's pool, against the plain code, which holds every column and per-tree array.
    """
    import mrv

    trees, plots, strata = size(10_000_000), size(50_000), max(2, size(500))
    budget = os.environ.get("MRV_TABLE_MEMORY")
    os.environ["MRV_TABLE_MEMORY"] = "64MiB"
    try:
        with tempfile.TemporaryDirectory() as folder:
            project = write_forest(Path(folder), trees, plots, strata)
            megabytes = (Path(folder) / "trees.csv").stat().st_size / 2**20
            seconds = best_of(lambda: mrv.compute(project), 1)
            peak = peak_of(lambda: mrv.compute(project))
            arrow = arrow_peak_of_compute(project)
            plain = best_of(lambda: plain_forest(Path(folder), strata), 1)
            plain_peak = peak_of(lambda: plain_forest(Path(folder), strata))
    finally:
        if budget is None:
            del os.environ["MRV_TABLE_MEMORY"]
        else:
            os.environ["MRV_TABLE_MEMORY"] = budget
    line(
        "W7",
        f"forest chain {trees:,} trees ({megabytes:,.0f} MiB CSV) over a 64 MiB budget",
        seconds,
        plain,
        f"(peak memory {peak:,.0f} MiB, plain {plain_peak:,.0f} MiB; arrow pool {arrow:,.0f} MiB)",
    )


WORKLOADS = {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W7": w7}


def main() -> None:
    chosen = sys.argv[1:] or list(WORKLOADS)
    print(f"mrv workloads on {os.cpu_count()} cores, scale {SCALE:g}", flush=True)
    for name in chosen:
        WORKLOADS[name]()


if __name__ == "__main__":
    main()
