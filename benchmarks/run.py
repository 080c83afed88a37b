"""Reproducible performance workloads of the core. Run with ``make bench``.

Prints one line per workload: name, size, best of several runs in seconds. Nothing here is
asserted; the figures go into the closing notes of the issues that change them.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROWS = 1_000_000
REPEATS = 3


def best_of(function, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def command_seconds(arguments):
    def run():
        subprocess.run(arguments, check=True, capture_output=True)

    return best_of(run, 5)


def write_tree_table(path: Path, rows: int) -> None:
    rng = np.random.default_rng(20261123)
    plots = rng.integers(1, 400, rows)
    dbh = rng.uniform(2.0, 45.0, rows)
    height = rng.uniform(1.5, 25.0, rows)
    with path.open("w", encoding="utf-8") as stream:
        stream.write("plot,dbh [cm],height [m]\n")
        np.savetxt(
            stream, np.column_stack([plots, dbh, height]), fmt=["%d", "%.2f", "%.2f"], delimiter=","
        )


def write_forest_project(folder: Path, trees: int) -> Path:
    """A forest-reclamation project with one period and ``trees`` measured trees in 2,000 plots."""
    rng = np.random.default_rng(3)
    plots = 2000
    with (folder / "plots.csv").open("w", encoding="utf-8") as stream:
        stream.write("period,stratum,plot,plot_area [m**2]\n")
        for index in range(plots):
            stream.write(f"MP1,S{index % 4 + 1},P{index:05d},600\n")
    plot_ids = np.char.add("P", np.char.zfill(rng.integers(0, plots, trees).astype(str), 5))
    dbh = rng.uniform(2.0, 30.0, trees)
    height = 1.3 + 0.6 * dbh
    with (folder / "trees.csv").open("w", encoding="utf-8") as stream:
        stream.write("period,plot,dbh [cm],height [m]\n")
        np.savetxt(
            stream,
            np.column_stack(
                [
                    np.full(trees, "MP1"),
                    plot_ids,
                    np.round(dbh, 1).astype(str),
                    np.round(height, 1).astype(str),
                ]
            ),
            fmt="%s",
            delimiter=",",
        )
    strata = "\n".join(
        f"""    - id: S{i}
      species: Pinus massoniana
      planting_date: 2015-03-01
      soil_type: LAC
      biomass_route: tree_allometry
      allometry: {{a: 0.053, b: 2.3, c: 0.4, dbh_min: 1 cm, dbh_max: 60 cm, source: benchmark}}
      baseline: {{mine_spoil_evidence: spoil}}"""
        for i in range(1, 5)
    )
    project = f"""schema_version: 1.0.0
project:
  id: BENCH-1
  name: benchmark
  location: {{country: CN}}
  area: 400 ha
  crediting_period: {{start: 2015-01-01, end: 2044-12-31}}
  gwp_set: AR5
  methodology: {{id: forest-reclamation, version: 1.0.0}}
  strata:
{chr(10).join(f"    - {{id: S{i}, area: 100 ha}}" for i in range(1, 5))}
monitoring_periods:
  - {{id: MP1, start: 2015-01-01, end: 2024-12-31}}
inputs:
  climate: {{ipcc_class: warm_temperate_moist, mean_annual_precipitation: 1500 mm, elevation: 200 m, source: benchmark}}
  strata:
{strata}
  plots: plots.csv
  trees: trees.csv
"""
    path = folder / "project.yaml"
    path.write_text(project, encoding="utf-8")
    return path


def with_monte_carlo(project: Path, iterations: int, chunk: int, distributions: dict) -> Path:
    import yaml

    document = yaml.safe_load(project.read_text())
    document["uncertainty"] = {
        "monte_carlo": {"iterations": iterations, "seed": 1, "chunk": chunk},
        "distributions": distributions,
    }
    target = project.with_name("project-mc.yaml")
    target.write_text(yaml.safe_dump(document))
    return target


def write_many_strata(folder: Path, strata: int) -> Path:
    """A plot_biomass project with ``strata`` strata of 2 plots each (one period)."""
    rng = np.random.default_rng(5)
    agb = rng.uniform(5, 60, (strata, 2))
    rows = ["period,stratum,plot,agb [t/ha]"] + [
        f"MP1,S{i},S{i}-P{j},{agb[i, j]:.2f}" for i in range(strata) for j in range(2)
    ]
    (folder / "plots.csv").write_text("\n".join(rows) + "\n")
    stratum_list = "\n".join(f"    - {{id: S{i}, area: 1 ha}}" for i in range(strata))
    inputs = "\n".join(
        f"    - {{id: S{i}, species: p, planting_date: 2015-03-01, soil_type: LAC, biomass_route: plot_biomass, baseline: {{mine_spoil_evidence: spoil}}}}"
        for i in range(strata)
    )
    project = f"""schema_version: 1.1.0
project:
  id: BENCH-STRATA
  name: many strata
  location: {{country: CN}}
  area: {strata} ha
  crediting_period: {{start: 2015-01-01, end: 2044-12-31}}
  gwp_set: AR5
  methodology: {{id: forest-reclamation, version: 1.0.0}}
  strata:
{stratum_list}
monitoring_periods:
  - {{id: MP1, start: 2015-01-01, end: 2024-12-31}}
inputs:
  climate: {{ipcc_class: warm_temperate_moist, mean_annual_precipitation: 1500 mm, elevation: 200 m, source: benchmark}}
  strata:
{inputs}
  plots: plots.csv
"""
    path = folder / "project.yaml"
    path.write_text(project)
    return path


def main() -> None:
    from mrv.io.tables import read_table
    from mrv.parameters import ParameterSet, ParameterTable
    from mrv.table import Column, TableSpec

    python = sys.executable
    mrv_command = str(Path(python).with_name("mrv"))
    print(f"import mrv                     {command_seconds([python, '-c', 'import mrv']):.3f} s")
    print(f"mrv --help                     {command_seconds([mrv_command, '--help']):.3f} s")
    spec = TableSpec(
        columns=(
            Column("plot"),
            Column("dbh", "[length]", "cm", nonnegative=True),
            Column("height", "[length]", "m", nonnegative=True),
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trees.csv"
        write_tree_table(path, ROWS)
        read_table(path, spec)  # build the registry once, outside the timing
        seconds = best_of(lambda: read_table(path, spec))
        print(f"read+check CSV table           {ROWS:,} rows  {seconds:.3f} s")
    table = ParameterTable.model_validate(
        {
            "id": "wood_density",
            "description": "benchmark",
            "unit": "t / m**3",
            "source": {"document": "benchmark"},
            "dimensions": ["species"],
            "values": [{"species": f"sp{i}", "value": 0.4 + i / 100} for i in range(20)],
        }
    )
    species = np.array([f"sp{i}" for i in np.random.default_rng(1).integers(0, 20, ROWS)])
    parameters = ParameterSet({"wood_density": table})
    seconds = best_of(lambda: parameters.lookup("wood_density", species=species))
    print(f"parameter lookup (vectorised)  {ROWS:,} keys  {seconds:.3f} s")
    import mrv
    from mrv.plugins import load_plugins

    registry = load_plugins()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        project = write_forest_project(Path(folder), ROWS)
        written = time.perf_counter() - start
        seconds = best_of(lambda: mrv.compute(project, registry=registry), 2)
        report = mrv.compute(project, registry=registry)
        print(
            f"forest-reclamation compute     {ROWS:,} trees  {seconds:.3f} s  (net {report.totals.net_benefit.value:,.0f} t CO2e; tables written in {written:.1f} s)"
        )

    example = (
        Path(__file__).resolve().parent.parent / "examples" / "forest-reclamation" / "project.yaml"
    )
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "forest"
        import shutil

        shutil.copytree(example.parent, copy)
        project = with_monte_carlo(
            copy / "project.yaml",
            10_000,
            2_000,
            {"inputs.plots[period=MP1]:agb": {"kind": "normal", "relative_sd": 0.05}},
        )
        start = time.perf_counter()
        report = mrv.compute(project, registry=registry)
        seconds = time.perf_counter() - start
        print(
            f"Monte Carlo, forest example     10,000 iterations  {seconds:.2f} s  (MP1 90 % half-width {report.periods[0].monte_carlo.half_width_percent:.2f} %)"
        )
    with tempfile.TemporaryDirectory() as folder:
        project = write_many_strata(Path(folder), 10_000)
        start = time.perf_counter()
        mrv.compute(project, registry=registry)
        deterministic = time.perf_counter() - start
        project = with_monte_carlo(
            project,
            10_000,
            250,
            {"inputs.plots[period=MP1]:agb": {"kind": "normal", "relative_sd": 0.1}},
        )
        start = time.perf_counter()
        report = mrv.compute(project, registry=registry)
        seconds = time.perf_counter() - start
        print(
            f"Monte Carlo, 10,000 strata      10,000 iterations  {seconds:.2f} s  (deterministic {deterministic:.2f} s; half-width {report.periods[0].monte_carlo.half_width_percent:.2f} %)"
        )


if __name__ == "__main__":
    main()
