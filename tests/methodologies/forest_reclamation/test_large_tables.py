"""Tree tables larger than memory: columns spilled to disk, trees computed block by block."""

import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

import mrv
import mrv.model.rows

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))

import workloads


def trace_of(report):
    return {entry.id: entry.value for entry in report.trace}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trees")
    return workloads.write_forest(folder, trees=120_000, plots=400, strata=4)


def compute_peak(project):
    tracemalloc.start()
    report = mrv.compute(project)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return report, peak


def test_spilled_columns_and_tree_blocks_give_the_same_report(project, monkeypatch):
    """Columns memory-mapped and trees in blocks of 10,000: the figures and trace of one pass."""
    whole, whole_peak = compute_peak(project)
    monkeypatch.setenv("MRV_TABLE_MEMORY", "64KiB")  # every table of the project spills
    monkeypatch.setattr(mrv.model.rows, "ROW_BLOCK", 10_000)
    spilled = mrv.compute(project)
    blocks, blocks_peak = compute_peak(project)
    for report in (spilled, blocks):
        assert [p.net_benefit.value for p in report.periods] == pytest.approx(
            [p.net_benefit.value for p in whole.periods], rel=1e-12
        )
        assert [p.issuable_credits for p in report.periods] == [
            p.issuable_credits for p in whole.periods
        ]
        assert list(trace_of(report)) == list(trace_of(whole))  # one entry per equation
        merged, single = (
            trace_of(report)["MP1/b_tree_allometric"],
            trace_of(whole)["MP1/b_tree_allometric"],
        )
        assert (merged.count, merged.min, merged.max) == (single.count, single.min, single.max)
        assert merged.sum == pytest.approx(single.sum, rel=1e-12)
    # per-tree arrays are a block's: 12 blocks of trees need far less than the whole table
    assert blocks_peak < whole_peak / 2


def test_bad_choices_in_a_spilled_table_name_their_rows(tmp_path, monkeypatch):
    """A spilled text column is checked by its distinct values, rows named as before."""
    from mrv.io.tables import read_table
    from mrv.model.table import Column, TableSpec

    path = tmp_path / "t.csv"
    path.write_text("kind,value [m]\n" + "a,1\n" * 500 + "b,2\nz,3\na,4\nz,5\n")
    spec = TableSpec(columns=(Column("kind", choices=("a", "b")), Column("value", "[length]", "m")))
    monkeypatch.setenv("MRV_TABLE_MEMORY", "1KiB")
    with pytest.raises(mrv.common.errors.TableProblems) as caught:
        read_table(path, spec)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (503, "kind")
    assert "'z'" in problem.message and "505" in problem.message
    monkeypatch.setenv("MRV_TABLE_MEMORY", "1GiB")
    path.write_text("kind,value [m]\n" + "a,1\n" * 500 + "b,2\n")
    small = read_table(path, spec)
    monkeypatch.setenv("MRV_TABLE_MEMORY", "1KiB")
    spilled = read_table(path, spec)
    assert isinstance(spilled.number("value").magnitude.base, np.memmap)
    # a spilled table keeps the file's order; one in memory is in canonical order, which its
    # file_rows undo
    assert spilled.file_rows is None and small.file_rows is not None
    in_file = small.text("kind")[np.argsort(small.file_rows)]
    assert spilled.text("kind").tolist() == in_file.tolist()
    assert spilled.take(np.array([500, 0])).text("kind").tolist() == ["b", "a"]


def test_a_size_that_is_not_one_is_refused(monkeypatch):
    from mrv.io.spill import memory_budget

    monkeypatch.setenv("MRV_TABLE_MEMORY", "2GB")
    assert memory_budget() == 2_000_000_000
    monkeypatch.setenv("MRV_TABLE_MEMORY", "1.5KiB")
    assert memory_budget() == 1536
    monkeypatch.setenv("MRV_TABLE_MEMORY", "lots")
    with pytest.raises(mrv.InputError, match="MRV_TABLE_MEMORY"):
        memory_budget()
