"""Tables as pydantic fields: declared columns, units in headers, arrays inside.

A methodology's input model declares a table field as
``Annotated[Table, TableSpec(columns=(Column("plot_id"), Column("dbh", "[length]", "cm")))]``.
The document gives a path (relative to the document) or ``{"path": ..., "measurement": id}``;
validation reads the file, checks every column as a whole array (dimension, NaN, sign) and
reports each problem with file, row and column.
"""

from __future__ import annotations

from mrv.model.columns import (
    Column,
    TableSpec,
    iter_tables,
    table_specs,
)
from mrv.model.rows import (
    FIRST_DATA_ROW,
    ISO_DATE,
    MAX_ROWS_NAMED,
    ROW_BLOCK,
    Table,
    positions,
    row_blocks,
    rows_named,
    rows_problem,
    some_named,
)

__all__ = [
    "FIRST_DATA_ROW",
    "ISO_DATE",
    "MAX_ROWS_NAMED",
    "ROW_BLOCK",
    "Column",
    "Table",
    "TableSpec",
    "iter_tables",
    "positions",
    "row_blocks",
    "rows_named",
    "rows_problem",
    "some_named",
    "table_specs",
]
