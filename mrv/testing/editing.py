"""Edit a copy of an example project, for property tests of a methodology.

A property test changes one thing in a valid project (a column's unit, every area, the order of
rows) and asserts how the figures move. These helpers make the copy, edit its tables and its
document, and compare the figures of two reports::

    with example_copy("examples/my-method") as folder:
        restate_column(folder / "plots.csv", "area", "m**2", 1e4)
        again = compute(folder / "project.yaml")
    assert_same_figures(again, original)
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from mrv.model.report import FIGURES, Report

__all__ = [
    "assert_same_figures",
    "copy_project",
    "edit_document",
    "edit_table",
    "example_copy",
    "period_figures",
    "restate_column",
    "scale_column",
    "scaled",
]

TableEdit = Callable[[list[str], list[list[str]]], None]


def copy_project(
    folder: str | Path, target: Path, change: Callable[[dict[str, Any]], None] | None = None
) -> Path:
    """Copy a project folder's files into ``target`` and return the copied ``project.yaml``.

    ``change``, if given, edits the parsed document of the copy.
    """
    for path in Path(folder).iterdir():
        if path.is_file():
            shutil.copy(path, target / path.name)
    if change is not None:
        edit_document(target, change)
    return target / "project.yaml"


@contextmanager
def example_copy(folder: str | Path) -> Iterator[Path]:
    """Copy a project folder (document and tables) to a temporary folder; yield its path."""
    with tempfile.TemporaryDirectory() as target:
        copy_project(folder, Path(target))
        yield Path(target)


def edit_table(path: Path, edit: TableEdit) -> None:
    """Rewrite a CSV table in place: ``edit(header, rows)`` changes the lists it is given."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    edit(rows[0], rows[1:])
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)


def restate_column(path: Path, column: str, unit: str, per_old_unit: float) -> None:
    """Write a numeric column in another unit: header ``column [unit]``, values times the factor.

    ``per_old_unit`` is how many of the new unit make one of the old (1e4 from ha to m**2).
    """

    def edit(header: list[str], body: list[list[str]]) -> None:
        index = next(i for i, cell in enumerate(header) if cell.split(" [")[0].strip() == column)
        header[index] = f"{column} [{unit}]"
        for row in body:
            if row[index].strip():
                row[index] = repr(float(row[index]) * per_old_unit)

    edit_table(path, edit)


def scale_column(path: Path, column: str, factor: float) -> None:
    """Multiply a numeric column of a CSV table by ``factor``, keeping its unit."""

    def edit(header: list[str], body: list[list[str]]) -> None:
        index = next(i for i, cell in enumerate(header) if cell.split(" [")[0].strip() == column)
        for row in body:
            if row[index].strip():
                row[index] = repr(float(row[index]) * factor)

    edit_table(path, edit)


def scaled(text: str, factor: float) -> str:
    """Scale a quantity written as text in a document (``"60 ha"`` by 2 is ``"120.0 ha"``)."""
    value, _, unit = text.strip().partition(" ")
    return f"{float(value) * factor!r} {unit}".strip()


def edit_document(folder: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change ``project.yaml`` in a folder: ``edit(document)`` changes the parsed mapping."""
    path = folder / "project.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def period_figures(report: Report) -> npt.NDArray[np.float64]:
    """Every tonne figure of every period, periods by rows, :data:`FIGURES` by columns [t CO2e]."""
    return np.array(
        [[getattr(period, name).value for name in FIGURES] for period in report.periods],
        dtype=np.float64,
    )


def assert_same_figures(found: Report, expected: Report, scale: float = 1.0) -> None:
    """Assert every period figure of ``found`` is ``scale`` times the one in ``expected``.

    Reported figures are settled to 1e-6 t, so each may differ by that rounding, scaled with it.
    """
    np.testing.assert_allclose(
        period_figures(found),
        scale * period_figures(expected),
        rtol=1e-9,
        atol=1e-6 * max(1.0, abs(scale)),
    )
