"""Checks of a table's header and numeric columns shared by every reader (CSV, Parquet, XLSX)."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from mrv.common import units
from mrv.common.errors import Problem, quote
from mrv.common.plausible import limit_for
from mrv.model.table import Column, TableSpec

__all__ = ["column_unit", "header_fits", "outside_bound", "parse_header"]

_HEADER = re.compile(r"^\s*([^\[\]]*?)\s*(?:\[([^\[\]]*)\])?\s*$")


def parse_header(cell: str) -> tuple[str, str | None]:
    """Split a header cell into name and unit: ``"dbh [cm]"`` -> ``("dbh", "cm")``.

    Returns
    -------
    tuple
        The name, and the unit text or None when the cell has no brackets.

    Raises
    ------
    ValueError
        If the cell is malformed.
    """
    match = _HEADER.match(cell)
    if match is None or not match.group(1):
        raise ValueError(f"malformed header cell {quote(cell)}; expected 'name' or 'name [unit]'")
    return match.group(1), match.group(2)


def column_unit(file: str, column: Column, unit: str | None) -> str | Problem:
    """Check a numeric column's header unit; return the unit text or the problem."""
    name = column.name
    if unit is None or not unit.strip():
        if column.dimension:
            return Problem(
                file, "", f"column has no unit; expected a header like '{column.header}'", 1, name
            )
        return "1"
    try:
        parsed = units.parse_unit(unit)
    except ValueError as error:
        return Problem(file, "", str(error), 1, name)
    ureg = units.get_registry()
    expected = ureg.get_dimensionality(column.dimension) if column.dimension else {}
    if parsed.dimensionality != expected:
        found = str(parsed.dimensionality) if parsed.dimensionality else "dimensionless"
        return Problem(
            file,
            "",
            f"expected a unit of dimension {column.dimension or 'dimensionless'} (e.g. {column.unit!r}); "
            f"found {quote(unit)} of dimension {found}",
            1,
            name,
        )
    return unit


def header_fits(header: list[str], spec: TableSpec) -> bool:
    """Tell whether a header parses, has no duplicates, and holds the declared columns only."""
    try:
        names = [parse_header(cell)[0] for cell in header]
    except ValueError:
        return False
    declared = {column.name for column in spec.columns}
    unknown = set(names) - declared
    missing = [column for column in spec.columns if column.required and column.name not in names]
    return len(set(names)) == len(names) and not missing and (spec.allow_extra or not unknown)


NUMBER = r"(?i)^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|nan|inf|infinity)$"
"""How a number in a table is written: an optional sign, digits with an optional decimal point,
an optional exponent (what a spreadsheet writes: ``1000``, ``-2.5``, ``.5``, ``1.2E3``); ``nan``
and ``inf`` are read to be refused as not finite. Not Python's literals (``1_000``), thousands
separators (``1,000``), hexadecimal or decimal commas."""


def not_numbers(cells: npt.NDArray[np.str_]) -> npt.NDArray[np.intp]:
    """Return the positions of stripped cells that are not numbers as :data:`NUMBER` writes them."""
    import pyarrow as pa  # noqa: PLC0415 - only tables need it
    import pyarrow.compute as pc  # noqa: PLC0415

    if cells.size == 0:
        return np.empty(0, dtype=np.intp)
    matched = pc.match_substring_regex(pa.array(cells), NUMBER)
    return np.flatnonzero(~np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool))


def outside_bound(
    column: Column, values: npt.NDArray[np.float64], unit: str
) -> tuple[str, npt.NDArray[np.intp]]:
    """Return a bound the column's values break, as text, and the rows that break it.

    The column's own lower bound (``positive``, ``nonnegative``) first, then the plausible
    magnitude of its dimension (:mod:`mrv.common.plausible`). ``values`` are in ``unit`` (the
    header's); blank cells pass.
    """
    if column.positive:
        below = np.flatnonzero(np.nan_to_num(values, nan=1.0) <= 0)
        if below.size:
            return "> 0", below
    if column.nonnegative:
        below = np.flatnonzero(np.nan_to_num(values) < 0)
        if below.size:
            return ">= 0", below
    limit = limit_for(unit)
    return limit.describe(), limit.outside(values, unit)
