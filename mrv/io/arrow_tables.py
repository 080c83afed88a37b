"""The fast path of table reading: CSV and Parquet streamed through pyarrow, batch by batch.

A well-formed table is read in record batches (CSV blocks of :data:`BLOCK_BYTES`, Parquet row
groups, memory-mapped): each column of a batch is checked and converted with array operations,
then appended, so the whole file is never held as text or as one Arrow table: besides the
columns being built, memory holds one batch. A table over the memory budget appends each batch
to files on disk instead and returns its columns memory-mapped (:mod:`mrv.io.spill`). Any
irregularity returns None and the caller re-reads the table with the checking reader, which
names every problem with its row and column.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mrv.common.coded import Coded
from mrv.common.progress import advance
from mrv.common.quantity import QuantityColumn
from mrv.io.column_checks import column_unit, header_fits, outside_bound, parse_header
from mrv.io.spill import ColumnSpill, TextSpill, memory_budget
from mrv.model.table import Column, TableSpec

__all__ = [
    "BLOCK_BYTES",
    "LINES_PER_BLOCK",
    "LineBlocks",
    "file_digests",
    "read_csv_columns",
    "read_parquet_columns",
]

#: Size of a CSV block read at a time [bytes].
BLOCK_BYTES = 16 << 20
Columns = dict[str, QuantityColumn | npt.NDArray[np.str_] | Coded]
Factors = dict[str, Coded]


@dataclass(frozen=True)
class Read:
    """A table read on the fast path: row count, columns, and each text column factorized."""

    rows: int
    columns: Columns
    factors: Factors


#: Lines of a text table in each block digest: a verifier holding another file learns which
#: block of lines differs (block k covers lines k * LINES_PER_BLOCK + 1 to (k + 1) * LINES_PER_BLOCK,
#: the header being line 1) without the report holding any data.
LINES_PER_BLOCK = 65_536


class LineBlocks:
    """SHA-256 of a file and of each block of :data:`LINES_PER_BLOCK` lines, fed in chunks."""

    def __init__(self, lines_per_block: int = LINES_PER_BLOCK) -> None:
        self.whole = hashlib.sha256()
        self.block = hashlib.sha256()
        self.lines_per_block = lines_per_block
        self.lines = 0
        self.blocks: list[str] = []
        self.pending = False

    def update(self, chunk: bytes) -> None:
        """Feed the next bytes of the file (newlines found with numpy, not line by line)."""
        self.whole.update(chunk)
        newlines = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == ord("\n"))
        start = used = 0
        while True:
            room = self.lines_per_block - self.lines
            if newlines.size - used < room:
                if start < len(chunk):
                    self.block.update(chunk[start:])
                    self.pending = True
                self.lines += newlines.size - used
                return
            end = int(newlines[used + room - 1]) + 1
            self.block.update(chunk[start:end])
            self.blocks.append(self.block.hexdigest())
            self.block, self.lines, self.pending = hashlib.sha256(), 0, False
            used, start = used + room, end

    def digests(self) -> tuple[str, tuple[str, ...]]:
        """Return the file's digest and its block digests (the last block may be short)."""
        blocks = [*self.blocks, self.block.hexdigest()] if self.pending else list(self.blocks)
        return self.whole.hexdigest(), tuple(blocks)


def file_digests(path: Path) -> tuple[str, tuple[str, ...]]:
    """SHA-256 of a file and of each block of its lines, reading it in chunks."""
    digests = LineBlocks()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digests.update(chunk)
    return digests.digests()


def _numbers(cells: Any, column: Column, unit: str | None) -> npt.NDArray[np.float64] | None:
    """Convert one well-formed column of a batch to floats; None if it needs a diagnosis.

    ``cells`` is an Arrow array of text (CSV) or of numbers (Parquet); blank text and nulls are
    empty cells.
    """
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    checked = column_unit("", column, unit)
    if not isinstance(checked, str):
        return None
    if pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type):
        cells = pc.utf8_trim_whitespace(cells)
        cells = pc.if_else(pc.equal(cells, ""), pa.scalar(None, cells.type), cells)
    empty = cells.is_null().to_numpy(zero_copy_only=False)
    if empty.any() and not column.allow_empty:
        return None
    try:
        values = pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowException, TypeError):
        return None
    values = np.where(empty, np.nan, values)
    if not np.isfinite(values[~empty]).all() or outside_bound(column, values, checked)[1].size:
        return None
    return values


def _text(cells: Any) -> Coded:
    """Factorize a batch's text column: its distinct strings and each row's code.

    Parquet dates and timestamps become ISO dates, as a CSV holds them.
    """
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if pa.types.is_timestamp(cells.type):
        cells = pc.cast(cells, pa.date32())
    if not (pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)):
        cells = pc.cast(cells, pa.string())
    cells = pc.fill_null(pc.utf8_trim_whitespace(cells), "")
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    # Ids repeat (a plot's trees, a stratum's plots): convert each distinct value once, then
    # gather, instead of turning every row into a Python string.
    encoded = pc.dictionary_encode(cells)
    distinct: npt.NDArray[np.str_] = encoded.dictionary.to_numpy(zero_copy_only=False).astype(
        np.str_
    )
    codes: npt.NDArray[np.int32] = encoded.indices.to_numpy(zero_copy_only=False)
    return Coded(distinct, codes)


def _join_factors(parts: list[Coded]) -> Coded:
    """One factorization from the batches' own: distinct values stacked, codes shifted."""
    if not parts:
        return Coded(np.empty(0, dtype=np.str_), np.empty(0, dtype=np.int32))
    offsets = np.cumsum([0] + [part.levels.size for part in parts[:-1]])
    levels = np.concatenate([part.levels for part in parts])
    codes = np.concatenate(
        [part.codes + offset for part, offset in zip(parts, offsets, strict=True)]
    )
    return Coded(levels, codes.astype(np.int32))


def _append_batches(
    batches: Any,
    names: list[tuple[str, str | None]],
    declared: dict[str, Column],
    parts: dict[str, Any],
    file: str,
    steps: int,
) -> int | None:
    """Check and convert each batch's columns into ``parts``; the rows read, None to diagnose."""
    rows = 0
    for done, batch in enumerate(batches, start=1):
        for index, (name, unit) in enumerate(names):
            column = declared.get(name, Column(name))
            cells = batch.column(index)
            if column.dimension is None:
                parts[name].append(_text(cells))
                continue
            values = _numbers(cells, column, unit)
            if values is None:
                return None
            parts[name].append(values)
        rows += batch.num_rows
        advance(f"reading {file}", min(done, steps), steps)
    return rows


def _collect(
    batches: Any,
    names: list[tuple[str, str | None]],
    spec: TableSpec,
    file: str,
    steps: int,
    spill: bool = False,
) -> Read | None:
    """Check and convert every batch column by column; join the parts of each column.

    Progress is announced per batch, out of ``steps`` expected batches (CSV blocks or Parquet
    row groups). With ``spill``, each batch goes to disk at once (:mod:`mrv.io.spill`): the
    columns come back memory-mapped, text columns as :class:`Coded` with mapped codes.
    """
    declared = {column.name: column for column in spec.columns}
    parts: dict[str, Any] = {
        name: (
            (
                TextSpill()
                if declared.get(name, Column(name)).dimension is None
                else ColumnSpill(np.float64)
            )
            if spill
            else []
        )
        for name, _ in names
    }
    rows = _append_batches(batches, names, declared, parts, file, steps)
    if rows is None or rows < spec.min_rows:
        for part in parts.values() if spill else ():
            part.discard()
        return None
    columns: Columns = {}
    factors: Factors = {}
    for name, unit in names:
        column = declared.get(name, Column(name))
        if column.dimension is None:
            factors[name] = parts[name].finish() if spill else _join_factors(parts[name])
            columns[name] = factors[name] if spill else factors[name].values()
            continue
        if spill:
            joined = parts[name].finish()
        else:
            joined = np.concatenate(parts[name]) if parts[name] else np.empty(0)
        columns[name] = QuantityColumn(joined, column_unit("", column, unit))  # type: ignore[arg-type]
    return Read(rows, columns, factors)


def read_csv_columns(path: Path, spec: TableSpec, file: str) -> Read | None:
    """Stream a well-formed CSV table into columns; None if anything needs a diagnosis."""
    import csv  # noqa: PLC0415

    import pyarrow as pa  # noqa: PLC0415
    from pyarrow import csv as pa_csv  # noqa: PLC0415

    budget = memory_budget()
    try:
        with path.open("rb") as stream:
            first_line = stream.readline().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        header = next(csv.reader(io.StringIO(first_line, newline="")), [])
        if not header_fits(header, spec):
            return None
        names = [parse_header(cell) for cell in header]
        size = path.stat().st_size
        steps = max(1, -(-size // BLOCK_BYTES))
        # the file memory-mapped: given a path, pyarrow reads the whole file ahead
        with pa.memory_map(str(path)) as stream:
            reader = pa_csv.open_csv(
                stream,
                read_options=pa_csv.ReadOptions(block_size=BLOCK_BYTES),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
                ),
            )
            # the text of a CSV takes at least as many bytes as its columns of numbers and codes
            return _collect(reader, names, spec, file, steps, spill=size > budget)
    except (pa.ArrowException, UnicodeDecodeError, csv.Error, OSError, ValueError):
        return None


def parquet_header(schema: Any) -> list[str]:
    """Header cells of a Parquet schema: ``name [unit]`` from the name or the field's ``unit`` metadata."""
    header = []
    for field in schema:
        unit = (field.metadata or {}).get(b"unit")
        header.append(
            f"{field.name} [{unit.decode()}]" if unit and "[" not in field.name else field.name
        )
    return header


def read_parquet_columns(path: Path, spec: TableSpec, file: str) -> Read | None:
    """Read a well-formed Parquet table, memory-mapped, row group by row group; None to diagnose."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    budget = memory_budget()
    try:
        parquet = pq.ParquetFile(path, memory_map=True)
        header = parquet_header(parquet.schema_arrow)
        if not header_fits(header, spec):
            return None
        names = [parse_header(cell) for cell in header]
        steps = max(1, parquet.num_row_groups)
        groups = (parquet.read_row_group(i) for i in range(parquet.num_row_groups))
        size = parquet.metadata.num_rows * len(names) * 8  # float64 numbers, int32 codes
        return _collect(groups, names, spec, file, steps, spill=size > budget)
    except (pa.ArrowException, OSError, ValueError):
        return None
