"""Read tables with units in their headers (``dbh [cm]``) into column arrays.

CSV and Parquet tables are read by :mod:`mrv.io.arrow_tables`, batch by batch with array
checks; a table with any irregularity, and every workbook sheet, goes through the checking
reader here, which names each problem with its file, row and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mrv.common.coded import Coded
from mrv.common.errors import Problem, TableProblems, quote
from mrv.common.progress import advance
from mrv.common.quantity import QuantityColumn
from mrv.io.arrow_tables import (
    LineBlocks,
    file_digests,
    parquet_header,
    read_csv_columns,
    read_parquet_columns,
)
from mrv.io.column_checks import column_unit, not_numbers, outside_bound, parse_header
from mrv.io.row_order import reorder
from mrv.model.table import FIRST_DATA_ROW, Column, Table, TableSpec, rows_problem

__all__ = ["parse_header", "read_table"]


def _column_values(
    file: str,
    column: Column,
    cells: npt.NDArray[np.str_],
    unit: str,
    first_row: int = FIRST_DATA_ROW,
) -> npt.NDArray[np.float64] | Problem:
    """Convert a column's cells to floats as one array; return them or the first problem."""
    name = column.name
    stripped = np.char.strip(cells)
    is_empty = stripped == ""
    empty = np.flatnonzero(is_empty)
    if empty.size and not column.allow_empty:
        return rows_problem(file, "", "empty cell", name, empty, first_row)
    stripped = np.where(is_empty, "nan", stripped)
    bad = not_numbers(stripped)
    if bad.size:
        first = str(stripped[bad[0]])
        return rows_problem(
            file,
            "",
            f"expected a number as a spreadsheet writes it (1000, -2.5, 1.2e3); found {quote(first)}",
            name,
            bad,
            first_row,
        )
    values = stripped.astype(np.float64)  # every cell is now a number as NUMBER writes it
    nonfinite = np.flatnonzero(~np.isfinite(values) & ~is_empty)
    if nonfinite.size:
        return rows_problem(
            file, "", "expected a finite number; found NaN or infinity", name, nonfinite, first_row
        )
    bound, outside = outside_bound(column, values, unit)
    if outside.size:
        return rows_problem(
            file,
            "",
            f"expected values {bound}; found {values[outside[0]]:g}",
            name,
            outside,
            first_row,
        )
    return values


def _read_rows(path: Path, file: str) -> tuple[bytes, list[list[str]]]:
    """Read a CSV file's bytes and rows (trailing blank rows dropped)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TableProblems(
            [Problem(file, "", f"table file not found (looked for {path})")]
        ) from None
    except OSError as error:
        raise TableProblems([Problem(file, "", f"cannot read the table: {error}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableProblems([Problem(file, "", "the table is not UTF-8 text")]) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise TableProblems([Problem(file, "", f"not valid CSV: {error}")]) from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise TableProblems([Problem(file, "", "the table is empty; expected a header row")])
    if not any(cell.strip() for cell in rows[0]):
        raise TableProblems([Problem(file, "", "row 1 is blank; expected a header row")])
    return data, rows


def _read_header(
    file: str, header: list[str], problems: list[Problem]
) -> dict[str, tuple[int, str | None]]:
    """Map each column name to its position and unit text."""
    parsed: dict[str, tuple[int, str | None]] = {}
    for position, cell in enumerate(header):
        try:
            name, unit = parse_header(cell)
        except ValueError as error:
            problems.append(Problem(file, "", str(error), 1, cell))
            continue
        if name in parsed:
            problems.append(Problem(file, "", "duplicate column", 1, name))
            continue
        parsed[name] = (position, unit)
    return parsed


def _check_layout(
    file: str,
    spec: TableSpec,
    parsed: dict[str, tuple[int, str | None]],
    header: list[str],
    body: list[list[str]],
    first_row: int = FIRST_DATA_ROW,
) -> list[Problem]:
    """Check declared columns, row count and that every row has as many cells as the header."""
    problems: list[Problem] = []
    declared = [column.name for column in spec.columns]
    for column in spec.columns:
        if column.required and column.name not in parsed:
            problems.append(
                Problem(
                    file, "", f"missing column; expected header '{column.header}'", 1, column.name
                )
            )
    if not spec.allow_extra:
        problems.extend(
            Problem(file, "", f"unknown column; expected columns: {', '.join(declared)}", 1, name)
            for name in parsed
            if name not in declared
        )
    if len(body) < spec.min_rows:
        problems.append(
            Problem(file, "", f"expected at least {spec.min_rows} data row(s); found {len(body)}")
        )
    lengths = np.fromiter(map(len, body), dtype=np.intp, count=len(body))
    ragged = np.flatnonzero(lengths != len(header))
    if ragged.size:
        problems.append(
            rows_problem(file, "", f"expected {len(header)} cells per row", None, ragged, first_row)
        )
    return problems


def read_table(
    path: Path,
    spec: TableSpec,
    *,
    reference: str | None = None,
    measurement: str | None = None,
) -> Table:
    """Read and check a table against its declared columns.

    The table is a CSV file, a Parquet file (units in the column names ``dbh [cm]`` or in each
    field's ``unit`` metadata), or a sheet of a workbook, ``FILE.xlsx#SHEET`` (machine keys with
    units in row 2 under the human labels of row 1, data from row 3).

    Parameters
    ----------
    path : pathlib.Path
        The file (a workbook reference keeps its ``#SHEET``).
    spec : TableSpec
        Declared columns.
    reference : str or None
        The path as the document wrote it (used in messages and serialisation).
    measurement : str or None
        Measurement record id to attach.

    Raises
    ------
    TableProblems
        With one problem per bad column, each naming file, rows and column.
    """
    file = reference if reference is not None else str(path)
    name = path.name
    if "#" in name:
        workbook, sheet = name.split("#", 1)
        data, rows, first_row = _workbook_rows(path.with_name(workbook), sheet, file)
    else:
        parquet = name.lower().endswith(".parquet")
        first_row = PARQUET_FIRST_ROW if parquet else FIRST_DATA_ROW
        read_fast = read_parquet_columns if parquet else read_csv_columns
        fast = read_fast(path, spec, file) if path.is_file() else None
        if fast is not None:
            choices = _check_choices(file, spec, fast.columns, first_row)
            if choices:
                raise TableProblems(choices)
            whole, blocks = file_digests(path)
            return _canonical(
                Table(
                    reference or str(path),
                    measurement,
                    whole,
                    fast.rows,
                    fast.columns,
                    first_row,
                    fast.factors,
                    blocks=() if parquet else blocks,
                )
            )
        if parquet:
            data, rows, first_row = _parquet_rows(path, file)
        else:
            data, rows = _read_rows(path, file)
    header, body = rows[0], rows[1:]
    problems: list[Problem] = []
    parsed = _read_header(file, header, problems)
    problems.extend(_check_layout(file, spec, parsed, header, body, first_row))
    if problems:
        raise TableProblems(problems)
    transposed = list(zip(*body, strict=True)) if body else [() for _ in header]
    declared = {column.name: column for column in spec.columns}
    columns: dict[str, QuantityColumn | npt.NDArray[np.str_] | Coded] = {}
    for done, (name, (position, unit_text)) in enumerate(parsed.items()):
        advance(f"reading {file}", done, len(parsed))
        cells = np.asarray(transposed[position], dtype=np.str_)
        column = declared.get(name, Column(name))
        if column.dimension is None:
            columns[name] = np.char.strip(cells)
            continue
        unit = column_unit(file, column, unit_text)
        values = (
            _column_values(file, column, cells, unit, first_row) if isinstance(unit, str) else unit
        )
        if isinstance(unit, Problem) or isinstance(values, Problem):
            problems.append(unit if isinstance(unit, Problem) else values)  # type: ignore[arg-type]
            continue
        columns[name] = QuantityColumn(values, unit)
    advance(f"reading {file}", len(parsed), len(parsed))
    problems.extend(_check_choices(file, spec, columns, first_row))
    if problems:
        raise TableProblems(problems)
    text_file = "#" not in name and not name.lower().endswith(".parquet")
    digests = LineBlocks()
    if text_file:
        digests.update(data)
    return _canonical(
        Table(
            reference or str(path),
            measurement,
            hashlib.sha256(data).hexdigest(),
            len(body),
            columns,
            first_row,
            blocks=digests.digests()[1] if text_file else (),
        )
    )


def _canonical(table: Table) -> Table:
    """Return the table with its rows in the order their content sets (:mod:`mrv.io.row_order`).

    A table spilled to disk keeps the file's order (reordering would read it all into memory).
    The table given is emptied: its columns move, one at a time, into the one returned.
    """
    spilled = any(
        isinstance(column.magnitude if isinstance(column, QuantityColumn) else column, np.memmap)
        or (isinstance(column, Coded) and isinstance(column.codes, np.memmap))
        for column in table.columns.values()
    )
    if spilled or table.n_rows <= 1:
        return table
    columns, factors, file_rows = reorder(table.columns, table.factors, table.n_rows)
    return Table(
        table.reference,
        table.measurement,
        table.sha256,
        table.n_rows,
        columns,
        table.first_row,
        factors,
        file_rows,
        table.blocks,
    )


def _check_choices(
    file: str,
    spec: TableSpec,
    columns: Mapping[str, QuantityColumn | npt.NDArray[np.str_] | Coded],
    first_row: int,
) -> list[Problem]:
    """Refuse text cells outside a column's declared choices, naming the rows."""
    problems = []
    for column in spec.columns:
        values = columns.get(column.name)
        if not column.choices or values is None or isinstance(values, QuantityColumn):
            continue
        allowed = [*column.choices, *([""] if column.allow_empty else [])]
        if isinstance(values, Coded):  # compare the distinct values, gather by code
            outside = ~np.isin(values.levels, allowed)
            bad = np.flatnonzero(outside[values.codes]) if outside.any() else np.empty(0, np.intp)
            first = str(values.levels[values.codes[bad[0]]]) if bad.size else ""
        else:
            bad = np.flatnonzero(~np.isin(values, allowed))
            first = str(values[bad[0]]) if bad.size else ""
        if bad.size:
            found = repr(first) if first else "an empty cell"
            what = f"{column.description}: " if column.description else ""
            problems.append(
                rows_problem(
                    file,
                    "",
                    f"{what}expected one of {', '.join(column.choices)}; found {found}",
                    column.name,
                    bad,
                    first_row,
                )
            )
    return problems


PARQUET_FIRST_ROW = 1
"""Row number of a Parquet file's first record in messages (a Parquet file has no header row)."""

WORKBOOK_FIRST_ROW = 3
"""File row of the first data row of a workbook sheet: labels in row 1, machine keys in row 2."""


MAX_WORKBOOK_XML = 256 << 20
"""Largest uncompressed size of a workbook's parts read [bytes]: a sheet of a million cells is
about 50 MB of XML; a crafted file can inflate to gigabytes (a compression bomb)."""


def _inflated_size(data: bytes) -> int:
    """Return the uncompressed size of a workbook's parts from its zip directory [bytes]."""
    import zipfile  # noqa: PLC0415

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # not a zip: openpyxl names the problem


def _workbook_rows(path: Path, sheet: str, file: str) -> tuple[bytes, list[list[str]], int]:
    """Read a workbook sheet as rows of text: the key row (row 2) as header, data from row 3."""
    try:
        data = path.read_bytes()
    except OSError:
        raise TableProblems(
            [Problem(file, "", f"workbook not found (looked for {path})")]
        ) from None
    import openpyxl  # noqa: PLC0415 - only workbooks need it

    inflated = _inflated_size(data)
    if inflated > MAX_WORKBOOK_XML:
        raise TableProblems(
            [
                Problem(
                    file,
                    "",
                    f"the workbook inflates to {inflated:,} bytes of XML; at most "
                    f"{MAX_WORKBOOK_XML:,} are read (split it, or give the sheet as CSV or Parquet)",
                )
            ]
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a bad file
        raise TableProblems(
            [Problem(file, "", f"not a readable .xlsx workbook: {error}")]
        ) from None
    if sheet not in book.sheetnames:
        raise TableProblems(
            [Problem(file, "", f"no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}")]
        )
    rows = [[_cell_text(value) for value in row] for row in book[sheet].iter_rows(values_only=True)]
    book.close()
    rows = rows[1:]  # row 1 holds the human labels
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise TableProblems(
            [Problem(file, "", "row 2 must hold the column keys (e.g. 'dbh [cm]')")]
        )
    width = max(i + 1 for i, cell in enumerate(rows[0]) if cell.strip())
    return data, [(row + [""] * width)[:width] for row in rows], WORKBOOK_FIRST_ROW


def _cell_text(value: Any) -> str:
    """Write a workbook cell as the text a CSV would hold (full-precision numbers, ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return str(value.date().isoformat() if hasattr(value, "hour") else value.isoformat())
    return str(value)


def _parquet_rows(path: Path, file: str) -> tuple[bytes, list[list[str]], int]:
    """Read a Parquet file as rows of text; units from the names or the ``unit`` field metadata."""
    try:
        data = path.read_bytes()
    except OSError:
        raise TableProblems(
            [Problem(file, "", f"table file not found (looked for {path})")]
        ) from None
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    try:
        table = pq.read_table(pa.py_buffer(data))
    except pa.ArrowException as error:
        raise TableProblems([Problem(file, "", f"not a readable Parquet file: {error}")]) from None
    header = parquet_header(table.schema)
    columns = [
        [_cell_text(value) for value in column.to_pylist()] for column in table.itercolumns()
    ]
    return data, [header, *map(list, zip(*columns, strict=True))], PARQUET_FIRST_ROW
