"""A changed row of a 1e6-row table is pinpointed to its block of lines, without the data.

Hand figure: blocks hold 65,536 lines with the header as line 1, so data row 750,000 (file
line 750,001) lies in block 11 (0-based), lines 720,897 to 786,432.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import mrv
from mrv.io.arrow_tables import LINES_PER_BLOCK, LineBlocks
from mrv.verify import describe, verify

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import workloads

ROW = 750_000


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    """The forest workload with 1e6 trees, its report, and the same project with one DBH edited."""
    folder = tmp_path_factory.mktemp("million")
    project = workloads.write_forest(folder, trees=1_000_000, plots=2_000, strata=10)
    report = mrv.compute(project)
    trees = project.parent / "trees.csv"
    lines = trees.read_bytes().split(b"\n")
    cells = lines[ROW].split(b",")
    cells[2] = b"%.1f" % (float(cells[2]) + 0.1)
    lines[ROW] = b",".join(cells)
    trees.write_bytes(b"\n".join(lines))
    return project, report


def test_the_report_holds_a_digest_per_block_of_lines(changed):
    _, report = changed
    blocks = report.table_blocks["trees.csv"]
    assert len(blocks) == -(-(1_000_000 + 1) // LINES_PER_BLOCK)  # 16 blocks, the last short


def test_one_changed_row_is_named_by_its_block(changed):
    project, report = changed
    statement = verify(report, project)
    assert statement.verdict == "not_verified"
    blocks = [d for d in statement.discrepancies if d.path.startswith("table_blocks")]
    assert [d.path for d in blocks] == ['table_blocks["trees.csv"][11]']
    assert describe(blocks[0]) == (
        "input table trees.csv: lines 720,897-786,432 differ from the file the recomputation "
        "read (the header is line 1)"
    )


@given(
    st.lists(st.binary(max_size=6).filter(lambda b: b"\n" not in b), max_size=40),
    st.integers(1, 7),
    st.integers(1, 11),
)
def test_block_digests_do_not_depend_on_how_the_file_is_read(lines, per_block, chunk):
    """Property: fed in chunks of any size, the digests are those of whole blocks of lines."""
    import hashlib

    data = b"".join(line + b"\n" for line in lines)
    fed = LineBlocks(per_block)
    for start in range(0, len(data), chunk):
        fed.update(data[start : start + chunk])
    whole = [line + b"\n" for line in lines]
    expected = tuple(
        hashlib.sha256(b"".join(whole[i : i + per_block])).hexdigest()
        for i in range(0, len(whole), per_block)
    )
    assert fed.digests() == (hashlib.sha256(data).hexdigest(), expected)


def test_diff_names_the_lines_that_changed(changed):
    """Two reports of the project, before and after the edit: the diff names the block's lines."""
    from mrv.verify.diff import diff_reports

    project, report = changed
    after = mrv.compute(project)
    (table,) = diff_reports(report, after).tables
    assert (table.reference, table.status, table.lines) == (
        "trees.csv",
        "changed",
        ("720,897-786,432",),
    )
