"""Coded text columns are checked where tables are read: file, row and column in the message."""

import shutil
from pathlib import Path

import pytest

import mrv

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("example", "table", "old", "new", "column"),
    [
        (
            "wetland-methane",
            "water_table.csv",
            "W1,baseline,2021-03-15",
            "W1,future,2021-03-15",
            "scenario",
        ),
        (
            "cropland-soil",
            "soc_samples.csv",
            "R0,2019-10-16,project,F01",
            "R0,2019-10-16,plot,F01",
            "site_type",
        ),
    ],
)
def test_an_unknown_code_is_bad_input_naming_row_and_column(
    tmp_path, example, table, old, new, column
):
    shutil.copytree(ROOT / "examples" / example, tmp_path / example)
    path = tmp_path / example / table
    text = path.read_text()
    assert old in text
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith(old))
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(mrv.InputError) as caught:
        mrv.compute(tmp_path / example / "project.yaml")
    (problem,) = caught.value.problems
    assert problem.column == column and problem.row == row
    assert "expected one of" in problem.message
