"""Tables as read: named columns as arrays, rows in blocks, and problems that name file, rows and column."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from mrv.common.coded import Coded
from mrv.common.errors import Problem, TableProblems, quote
from mrv.common.quantity import QuantityColumn

ROW_BLOCK = 1 << 20
"""Rows handled at once by a pass over a whole table (checks, per-tree equations): arrays in
memory are then a block's, so a table larger than memory (its columns mapped from disk by
:mod:`mrv.io.spill`) is worked through block by block."""


def row_blocks(rows: int, size: int | None = None) -> Iterator[slice]:
    """Yield slices of at most ``size`` rows (:data:`ROW_BLOCK` by default) covering ``rows``."""
    step = size or ROW_BLOCK
    for start in range(0, rows, step):
        yield slice(start, min(start + step, rows))


FIRST_DATA_ROW = 2
"""File row of the first data row: the header is row 1."""


MAX_ROWS_NAMED = 5
"""How many rows an error message lists before it says how many more there are."""


def positions(values: npt.NDArray[np.str_], keys: npt.NDArray[np.str_]) -> npt.NDArray[np.intp]:
    """Position of each value among ``keys`` (its first occurrence), -1 where it is absent.

    A hash lookup (pyarrow ``index_in``), linear in the number of rows: use it to join a table
    to another by an id column (trees to their plots, rows to strata) instead of sorting
    strings.
    """
    import pyarrow as pa  # noqa: PLC0415 - only tables need it
    import pyarrow.compute as pc  # noqa: PLC0415

    if len(values) == 0:
        return np.empty(0, dtype=np.intp)
    found = pc.index_in(pa.array(values), value_set=pa.array(keys))
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.intp)


def some_named(labels: list[str], total: int | None = None) -> str:
    """Join labels for a message, the first :data:`MAX_ROWS_NAMED` and how many more.

    ``total`` is how many there are, when ``labels`` holds only the first of them.
    """
    more = (len(labels) if total is None else total) - MAX_ROWS_NAMED
    return ", ".join(labels[:MAX_ROWS_NAMED]) + (f" and {more} more" if more > 0 else "")


def rows_named(indices: npt.NDArray[np.intp] | list[int], first_row: int = FIRST_DATA_ROW) -> str:
    """Name the file rows of data-row indices, e.g. ``'4, 9, 12 and 3 more'``.

    ``first_row`` is the file row of the first data row (2 in a CSV file under its header).
    """
    shown = [str(int(index) + first_row) for index in indices[:MAX_ROWS_NAMED]]
    return some_named(shown, len(indices))


def rows_problem(
    file: str,
    path: str,
    message: str,
    column: str | None,
    indices: npt.NDArray[np.intp] | list[int],
    first_row: int = FIRST_DATA_ROW,
) -> Problem:
    """Return a problem on some data rows of a file (indices from 0, ascending).

    The problem's row is the first of them; when there are several, the message lists them
    (up to :data:`MAX_ROWS_NAMED`).
    """
    first = int(indices[0]) + first_row if len(indices) else None
    listed = f" (rows {rows_named(indices, first_row)})" if len(indices) > 1 else ""
    return Problem(file, path, message + listed, row=first, column=column)


@dataclass(frozen=True, eq=False)
class Table:
    """A table read from a file: named columns as arrays.

    Attributes
    ----------
    reference : str
        The path as the document wrote it.
    measurement : str or None
        Id of the measurement record the table comes from.
    sha256 : str
        SHA-256 of the file's bytes.
    columns : dict
        Numeric columns as :class:`QuantityColumn`, text columns as arrays of str, or, in a
        table spilled to disk (:mod:`mrv.io.spill`), as :class:`Coded` whose text is built only
        when :meth:`text` asks for it.
    n_rows : int
        Number of data rows.
    first_row : int
        File row of the first data row, for messages (2 in CSV, 3 in a workbook sheet under its
        label and key rows, 1 in Parquet where rows are records).
    file_rows : numpy.ndarray or None
        Position in the file (from 0) of each row, when the rows are not in the file's order:
        :func:`mrv.io.tables.read_table` puts them in an order set by their content
        (:mod:`mrv.io.row_order`), and messages name file rows through it.
    blocks : tuple of str
        SHA-256 of each block of lines of a text table (``mrv.io.arrow_tables.LINES_PER_BLOCK``
        lines each, the header line first), so a changed row is found by its block; empty for
        Parquet and workbook sheets.
    """

    reference: str
    measurement: str | None
    sha256: str
    n_rows: int
    columns: dict[str, QuantityColumn | npt.NDArray[np.str_] | Coded] = field(default_factory=dict)
    first_row: int = FIRST_DATA_ROW
    factors: dict[str, Coded] = field(default_factory=dict, repr=False)
    file_rows: npt.NDArray[np.intp] | None = field(default=None, repr=False)
    blocks: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        for column in self.columns.values():
            if isinstance(column, np.ndarray):
                column.setflags(write=False)  # columns are data read from a file: never edited

    def positions(self, name: str, keys: npt.NDArray[np.str_]) -> npt.NDArray[np.intp]:
        """Position of each row's ``name`` among ``keys``, -1 where absent (see :func:`positions`).

        When the reader factorized the column (distinct values and a code per row), only the
        distinct values are looked up and the codes gather the answer: a join of two million
        tree rows to their plots then costs a lookup of the plot ids and one gather.
        """
        factor = self.factors.get(name)
        if factor is None:
            return positions(self.text(name), keys)
        found: npt.NDArray[np.intp] = positions(factor.levels, keys)[factor.codes]
        return found

    def coded(self, name: str) -> Coded:
        """Return a text column as distinct values and a code per row (see :class:`Coded`).

        The reader's factorization when it made one, else the column factorized now.
        """
        factor = self.factors.get(name)
        return factor if factor is not None else Coded.of(self.text(name))

    def number(self, name: str) -> QuantityColumn:
        """Return a numeric column."""
        column = self.columns[name]
        if not isinstance(column, QuantityColumn):
            raise TypeError(f"column {name!r} is text, not a number")
        return column

    def text(self, name: str) -> npt.NDArray[np.str_]:
        """Return a text column (built from its codes in a table spilled to disk)."""
        column = self.columns[name]
        if isinstance(column, QuantityColumn):
            raise TypeError(f"column {name!r} is a number, not text")
        return column.values() if isinstance(column, Coded) else column

    def file_positions(
        self, rows: npt.NDArray[np.intp] | npt.NDArray[np.bool_] | list[int]
    ) -> npt.NDArray[np.intp]:
        """Position in the file (from 0) of some rows of this table (indices or a mask)."""
        selected = np.asarray(rows)
        if selected.dtype == np.bool_:
            selected = np.flatnonzero(selected)
        selected = selected.astype(np.intp, copy=False)
        return selected if self.file_rows is None else self.file_rows[selected]

    def where(self, mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
        """Return the rows where ``mask`` holds, in the order the file lists them.

        Use it to find the rows a message is about: the first index is the first such row of
        the file, so a value quoted from it belongs to the row the message names first.
        """
        found = np.flatnonzero(mask)
        if self.file_rows is None:
            return found
        ordered: npt.NDArray[np.intp] = found[np.argsort(self.file_rows[found], kind="stable")]
        return ordered

    def row_number(self, index: int) -> int:
        """Return the file row (as a spreadsheet numbers it) of the row at ``index``."""
        return int(self.file_positions([index])[0]) + self.first_row

    def name_rows(self, rows: npt.NDArray[np.intp] | list[int]) -> str:
        """Name some rows as the file numbers them, in file order: ``'4, 9, 12 and 3 more'``."""
        return rows_named(np.sort(self.file_positions(rows)), self.first_row)

    def problem(
        self,
        path: str,
        message: str,
        column: str,
        rows: npt.NDArray[np.intp] | list[int],
    ) -> Problem:
        """Return a problem on some rows of this table (indices from 0, as :meth:`where` gives).

        The problem names the rows as the file numbers them: its row is the first of them in
        the file; when there are several, the message lists them (up to
        :data:`MAX_ROWS_NAMED`).
        """
        return rows_problem(
            self.reference,
            path,
            message,
            column,
            np.sort(self.file_positions(rows)),
            self.first_row,
        )

    def number_or_nan(self, name: str, unit: str) -> npt.NDArray[np.float64]:
        """Return an optional numeric column in ``unit``, or NaN everywhere when it is absent."""
        if name in self.columns:
            return np.asarray(self.number(name).to(unit), dtype=np.float64)
        return np.full(self.n_rows, np.nan)

    def text_or_empty(self, name: str) -> npt.NDArray[np.str_]:
        """Return an optional text column stripped, or empty strings when it is absent."""
        if name in self.columns:
            return np.char.strip(self.text(name))
        return np.full(self.n_rows, "")

    def unknown(self, path: str, name: str, known: Iterable[str], what: str) -> Problem | None:
        """Return a problem naming the rows whose ``name`` is not one of ``known``, or None."""
        values = self.text(name)
        rows = self.where(~np.isin(values, sorted(known)))
        if not rows.size:
            return None
        return self.problem(path, f"unknown {what} {str(values[rows[0]])!r}", name, rows)

    def dates(self, name: str, path: str) -> npt.NDArray[np.datetime64]:
        """Return a text column of ISO dates (YYYY-MM-DD) as ``datetime64[D]``.

        Raises
        ------
        TableProblems
            Naming the first row that is not a date, and up to five such rows.
        """
        import pyarrow as pa  # noqa: PLC0415 - only tables need it
        import pyarrow.compute as pc  # noqa: PLC0415

        text = np.char.strip(self.text(name))
        shaped = np.asarray(
            pc.match_substring_regex(pa.array(text), ISO_DATE).to_numpy(zero_copy_only=False),
            dtype=bool,
        )
        if shaped.all():
            try:
                return np.asarray(text, dtype="datetime64[D]")
            except ValueError:
                pass  # a date's shape, not a date (2021-02-30)
        bad = self.where(np.array([not _is_date(value) for value in text.tolist()], dtype=bool))
        found = str(text[bad[0]])
        what = "an empty cell" if not found else quote(found)
        raise TableProblems(
            [
                self.problem(
                    path,
                    f"expected a date written YYYY-MM-DD (ISO 8601); found {what}",
                    name,
                    bad,
                )
            ]
        )

    def outside_periods(
        self, name: str, path: str, periods: Iterable[Any], what: str
    ) -> Problem | None:
        """Return a problem naming the rows dated in no period (``start``/``end`` dates), or None.

        A record outside every monitoring period is never dropped silently: the caller refuses
        it as bad input (or reports it as a finding where its standard says such records are
        ignored).
        """
        dates = self.dates(name, path)
        inside = np.zeros(self.n_rows, dtype=bool)
        for period in periods:
            inside |= (dates >= np.datetime64(period.start)) & (dates <= np.datetime64(period.end))
        rows = self.where(~inside)
        if not rows.size:
            return None
        return self.problem(path, f"{what} dated outside every monitoring period", name, rows)

    def in_file_order(self) -> Table:
        """Return the table with its rows in the order the file lists them."""
        if self.file_rows is None:
            return self
        return self.take(np.argsort(self.file_rows))

    def take(self, rows: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> Table:
        """Return a table of the selected rows (an index array or a boolean mask)."""
        columns: dict[str, QuantityColumn | npt.NDArray[np.str_] | Coded] = {}
        for name, column in self.columns.items():
            if isinstance(column, QuantityColumn):
                columns[name] = QuantityColumn(np.asarray(column.magnitude)[rows], column.unit)
            else:
                columns[name] = column.take(rows) if isinstance(column, Coded) else column[rows]
        n_rows = int(np.count_nonzero(rows)) if rows.dtype == np.bool_ else len(rows)
        factors = {name: factor.take(rows) for name, factor in self.factors.items()}
        file_rows = None if self.file_rows is None else self.file_rows[rows]
        return Table(
            self.reference,
            self.measurement,
            self.sha256,
            n_rows,
            columns,
            self.first_row,
            factors,
            file_rows,
            self.blocks,
        )


ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
"""How a date in a table is written: a full ISO 8601 calendar date, ``2021-04-20``. Not a
spreadsheet serial number (``44306``), a year (``2021``) or a month (``2021-04``), which a
date parser would read as some other day."""


def _is_date(value: str) -> bool:
    if re.match(ISO_DATE, value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
