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


if __name__ == "__main__":
    main()
