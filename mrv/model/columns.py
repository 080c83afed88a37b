"""Declared columns of a table field (Column, TableSpec), validation of the field, and the core's id checks."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from mrv.common.errors import TableProblems
from mrv.model.rows import (
    Table,
)


@dataclass(frozen=True)
class Column:
    """A column a table must (or may) have.

    Parameters
    ----------
    name : str
        Machine key, as in the header before the unit (``dbh`` in ``dbh [cm]``).
    dimension : str or None
        Pint dimensionality of a numeric column (``"[length]"``, ``""`` for dimensionless);
        None for a text column.
    unit : str
        Example unit for templates and messages.
    nonnegative : bool
        Reject negative values.
    positive : bool
        Reject zero and negative values (a divisor such as a plot area).
    required : bool
        The column must be present.
    description : str
        What the column holds.
    allow_empty : bool
        Empty cells are allowed and read as NaN (a column some rows do not use); a written
        ``nan`` is still refused.
    choices : tuple of str
        The values a text column may hold (an empty cell too, with ``allow_empty``); workbook
        templates offer them as a drop-down list.
    refers : {"strata", "periods"} or None
        A text column of ids of the project document's strata or monitoring periods: the core
        refuses any other value, naming file, rows and column, so no plug-in checks it by hand.
    """

    name: str
    dimension: str | None = None
    unit: str = ""
    nonnegative: bool = False
    positive: bool = False
    required: bool = True
    description: str = ""
    allow_empty: bool = False
    choices: tuple[str, ...] = ()
    refers: Literal["strata", "periods"] | None = None

    @property
    def header(self) -> str:
        """Header cell for templates, e.g. ``dbh [cm]``."""
        return (
            f"{self.name} [{self.unit}]" if self.dimension is not None and self.unit else self.name
        )


@dataclass(frozen=True)
class TableSpec:
    """Pydantic metadata declaring a table field's columns.

    Parameters
    ----------
    columns : tuple of Column
        The declared columns.
    description : str
        What one row is.
    allow_extra : bool
        Accept columns that are not declared (kept as text).
    min_rows : int
        Fewest data rows accepted.
    """

    columns: tuple[Column, ...]
    description: str = ""
    allow_extra: bool = False
    min_rows: int = 1

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(
            self._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize_table, when_used="always"
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        columns = {
            column.name: {
                "dimension": "text"
                if column.dimension is None
                else (column.dimension or "dimensionless"),
                "unit": column.unit,
                "required": column.required,
                "description": column.description,
                **({"values": "> 0"} if column.positive else {}),
                **({"choices": list(column.choices)} if column.choices else {}),
                **({"refers": column.refers} if column.refers else {}),
                **({"values": ">= 0"} if column.nonnegative and not column.positive else {}),
            }
            for column in self.columns
        }
        path = {
            "type": "string",
            "description": "table file relative to the document: CSV, Parquet, or WORKBOOK.xlsx#SHEET",
        }
        return {
            "anyOf": [
                path,
                {
                    "type": "object",
                    "properties": {"path": path, "measurement": {"type": "string"}},
                    "required": ["path"],
                    "additionalProperties": False,
                },
            ],
            "description": self.description,
            "x-table-columns": columns,
        }

    def _validate(self, raw: Any, info: ValidationInfo) -> Table:
        if isinstance(raw, Table):
            return raw
        if isinstance(raw, str):
            reference, measurement = raw, None
        elif isinstance(raw, dict) and "path" in raw and set(raw) <= {"path", "measurement"}:
            reference, measurement = raw["path"], raw.get("measurement")
            if not isinstance(reference, str) or not (
                measurement is None or isinstance(measurement, str)
            ):
                raise ValueError("expected 'path' and 'measurement' to be strings")
        else:
            raise ValueError("expected a table: a file path, or {path, measurement}")
        read = (info.context or {}).get("read_table")
        if read is None:
            raise ValueError(
                "tables are read while a project loads (mrv.engine.loading.table_context)"
            )
        table: Table = read(reference, self, measurement)
        document = (info.context or {}).get("document")
        if document is not None:
            _check_references(table, self, document)
        return table


#: What a referring column's ids are, and the document's ids of that kind.
_REFERENCES: dict[str, tuple[str, str, Callable[[Any], list[str]]]] = {
    "strata": ("stratum", "strata", lambda d: [s.id for s in d.project.strata]),
    "periods": ("monitoring period", "periods", lambda d: [p.id for p in d.monitoring_periods]),
}


def _check_references(table: Table, spec: TableSpec, document: Any) -> None:
    """Refuse ids in referring columns that the document does not declare (``Column.refers``)."""
    problems = []
    for column in spec.columns:
        if column.refers is None or column.name not in table.columns:
            continue
        what, plural, ids_of = _REFERENCES[column.refers]
        known = ids_of(document)
        values = np.char.strip(table.text(column.name))
        bad = ~np.isin(values, known) & ~((values == "") & column.allow_empty)
        rows = table.where(bad)
        if rows.size:
            found = str(values[rows[0]])
            problems.append(
                table.problem(
                    "",
                    f"unknown {what} {found!r}; {plural}: {', '.join(sorted(known))}",
                    column.name,
                    rows,
                )
            )
    if problems:
        raise TableProblems(problems)


_LEAVES = frozenset({str, int, float, bool, type(None), dt.date})


def iter_tables(value: Any) -> Iterator[Table]:
    """Yield every table held anywhere in a validated model (fields, mappings, sequences).

    Walks with a stack, in document order, skipping plain values at once: a document of
    10,000 strata holds a quarter of a million values and no table among them.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if type(item) in _LEAVES:
            continue
        if isinstance(item, Table):
            yield item
        elif isinstance(item, BaseModel):
            pending.extend(getattr(item, name) for name in reversed(type(item).model_fields))
        elif isinstance(item, Mapping):
            pending.extend(reversed(list(item.values())))
        elif isinstance(item, (list, tuple)):
            pending.extend(reversed(item))


def _serialize_table(table: Table) -> Any:
    if table.measurement is None:
        return table.reference
    return {"path": table.reference, "measurement": table.measurement}


def table_specs(model: type[BaseModel]) -> dict[str, TableSpec]:
    """Return the table fields of an inputs model and their declared columns, in field order."""
    found: dict[str, TableSpec] = {}
    for name, declared in model.model_fields.items():
        specs = [item for item in declared.metadata if isinstance(item, TableSpec)]
        for argument in typing.get_args(declared.annotation):  # Annotated[Table, SPEC] | None
            specs += [
                item
                for item in getattr(argument, "__metadata__", ())
                if isinstance(item, TableSpec)
            ]
        if specs:
            found[name] = specs[0]
    return found
