"""The benchmarks' plain implementations compute what mrv computes, so their ratios are fair."""

import sys
from pathlib import Path

import numpy as np
import pytest

import mrv

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import workloads


def test_plain_forest_chain_gives_mrvs_tree_stock(tmp_path):
    """W2: allometry, plot sums, Cairns roots and the stratified total, written without mrv."""
    project = workloads.write_forest(tmp_path, trees=3000, plots=60, strata=3)
    report = mrv.compute(project)
    stock = next(entry.value.value for entry in report.trace if entry.id == "MP1/c_tree")
    assert workloads.plain_forest(tmp_path, strata=3) == pytest.approx(stock, rel=1e-9)


def test_plain_tree_table_read_matches_mrvs_columns(tmp_path):
    """W1: the same rows and values from pyarrow plus numpy checks as from mrv's reader."""
    from mrv.io.tables import read_table

    path = tmp_path / "trees.csv"
    workloads.write_trees(path, rows=500, plots=20)
    spec = workloads.tree_spec()
    table = read_table(path, spec)
    plain = workloads.plain_read(path)
    in_file = np.argsort(table.file_rows)  # mrv keeps rows in canonical order
    assert table.number("dbh").magnitude[in_file].tolist() == plain["dbh [cm]"].tolist()
    assert table.text("plot")[in_file].tolist() == plain["plot"].tolist()


def test_plain_cropland_gives_mrvs_soc_n2o_fuel_and_tier1(tmp_path):
    """W3: RothC, the periods' N2O runs, diesel and the Tier 1 screening, written without mrv."""
    from cropland_project import write_project

    report = mrv.compute(write_project(tmp_path, fields=40))
    totals: dict[str, float] = {}
    for entry in report.trace:
        _, _, name = entry.id.partition("/")
        totals[name] = totals.get(name, 0.0) + float(getattr(entry.value, "value", 0.0) or 0.0)
    plain = workloads.plain_cropland(tmp_path)
    soc = totals["soc/dsoc_project_rothc"] - totals["soc/dsoc_baseline_rothc"]
    assert plain["soc"] == pytest.approx(soc, rel=1e-9)
    assert plain["n2o_n_central"] == pytest.approx(totals["central/project/n2o_n"], rel=1e-9)
    assert plain["n2o_n_conservative"] == pytest.approx(
        totals["conservative/project/n2o_n"], rel=1e-9
    )
    assert plain["diesel"] == pytest.approx(totals["project/diesel"], rel=1e-9)
    assert plain["tier1"] == pytest.approx(totals["tier1/dsoc_tier1"], rel=1e-9)


def test_plain_monte_carlo_draws_what_mrv_draws(tmp_path):
    """W5: without noise the plain code gives mrv's net; with it, the same distribution."""
    project = workloads.write_strata(tmp_path, strata=40)
    report = mrv.compute(project)
    (period,) = report.periods
    central = workloads.plain_monte_carlo(tmp_path, 40, iterations=4, chunk=4, relative_sd=0.0)
    assert central == pytest.approx(period.net_benefit.value, rel=1e-6)
    draws = workloads.plain_monte_carlo(tmp_path, 40, iterations=10_000, chunk=250)
    standard_error = draws.std() / 100  # of a mean of 10,000 independent iterations
    assert abs(draws.mean() - period.monte_carlo.mean) < 4 * standard_error * 2**0.5
    assert draws.std() == pytest.approx(
        (period.monte_carlo.ci90_high - period.monte_carlo.ci90_low) / (2 * 1.645), rel=0.05
    )
