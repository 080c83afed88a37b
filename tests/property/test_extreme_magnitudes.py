"""Extreme magnitudes in any numeric cell of a shipped example: bad input, never a report.

A cell set to 1e100 or more (either sign) lies beyond every plausibility limit
(``mrv/data/plausible.yaml``: the largest is the mass of the atmosphere, 5.15e18 kg, and the
fallback convention is 1e12 in the declared unit), so ``validate`` must refuse it (exit 2)
naming the file, row and column: never a report with absurd figures, never exit 3.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mrv
from mrv.common.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _numeric_cells(folder: Path) -> list[tuple[str, int, int, str]]:
    """Every cell under a header with a unit (``name [unit]``): (file, row, column, header)."""
    cells = []
    for table in sorted(folder.glob("*.csv")):
        with table.open(newline="") as stream:
            rows = list(csv.reader(stream))
        for index, header in enumerate(rows[0]):
            if "[" in header:
                cells.extend(
                    (table.name, row, index, header)
                    for row in range(1, len(rows))
                    if rows[row][index].strip()
                )
    return cells


CELLS = [
    (name, cell)
    for name in ("cropland-soil", "forest-reclamation", "topsoil-amendment", "wetland-methane")
    for cell in _numeric_cells(EXAMPLES / name)
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cell=st.sampled_from(CELLS),
    magnitude=st.sampled_from([1e100, 1e200, 1e300, 1.7e308]),
    sign=st.sampled_from([1.0, -1.0]),
)
def test_an_extreme_cell_is_refused_by_validate(tmp_path_factory, cell, magnitude, sign):
    name, (file, row, column, header) = cell
    folder = tmp_path_factory.mktemp("extreme") / name
    shutil.copytree(EXAMPLES / name, folder)
    path = folder / file
    with path.open(newline="") as stream:
        rows = list(csv.reader(stream))
    rows[row][column] = repr(sign * magnitude)
    with path.open("w", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)
    with pytest.raises(InputError) as caught:
        mrv.load_project(folder / "project.yaml")
    messages = [str(problem) for problem in caught.value.problems]
    assert any(file in message and header.split(" [")[0] in message for message in messages), (
        messages
    )
