"""Input workbooks: a methodology's tables as sheets of one .xlsx file, generated from its schema.

Each table becomes a sheet: human labels with units in row 1, the stable machine keys with
units in row 2 (what the reader takes), data from row 3; text columns with declared choices get a
drop-down list. A ``guidance`` sheet lists every column with its unit and meaning. The project
document then names each table ``WORKBOOK.xlsx#SHEET``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from mrv.model.table import Column, table_specs

__all__ = ["WORKBOOK", "tables_to_workbook"]

WORKBOOK = "tables.xlsx"


def _label(column: Column) -> str:
    text = column.description or column.name
    return f"{text} [{column.unit}]" if column.dimension is not None and column.unit else text


def _value(cell: str) -> Any:
    """Return a CSV cell as a workbook value: a number where it reads as one, else the text."""
    text = cell.strip()
    try:
        return float(text) if text and text.lower() not in {"nan", "inf", "-inf"} else text
    except ValueError:
        return text


def tables_to_workbook(folder: Path, model: type[BaseModel], document: str) -> str:
    """Move the CSV tables a project document names into ``folder/tables.xlsx``.

    Returns the document text with each ``NAME.csv`` reference replaced by
    ``tables.xlsx#FIELD``. Tables the document does not name get an empty sheet, so a user
    can fill them too.
    """
    from openpyxl import Workbook  # noqa: PLC0415 - only workbooks need it
    from openpyxl.styles import Font, PatternFill  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    parsed = yaml.safe_load(document)
    tables_given = (parsed.get("inputs") or {}) if isinstance(parsed, dict) else {}
    book = Workbook()
    guidance = book.active
    assert guidance is not None  # noqa: S101 - a new workbook has a sheet
    guidance.title = "guidance"
    guidance.append(["sheet", "column key (row 2)", "unit", "required", "choices", "meaning"])
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="DDEBDD")
    for name, spec in table_specs(model).items():
        sheet = book.create_sheet(name)
        reference = _referenced_csv(tables_given.get(name), folder)
        columns = list(spec.columns)
        keys = [column.header for column in columns]
        body: list[list[Any]] = []
        if reference is not None:
            source = folder / reference
            rows = list(csv.reader(source.read_text(encoding="utf-8-sig").splitlines()))
            given = {
                cell.split(" [")[0].strip(): (index, cell) for index, cell in enumerate(rows[0])
            }
            # the file's own header cells keep its units; optional columns it lacks are left out
            columns = [column for column in spec.columns if column.name in given or column.required]
            keys = [given[c.name][1] if c.name in given else c.header for c in columns]
            order = [given[c.name][0] if c.name in given else None for c in columns]
            body = [
                [_value(row[i]) if i is not None and i < len(row) else None for i in order]
                for row in rows[1:]
            ]
            document = re.sub(
                rf"(?<![\w./-]){re.escape(reference)}(?![\w.-])", f"{WORKBOOK}#{name}", document
            )
            source.unlink()
        sheet.append([_label(column) for column in columns])
        sheet.append(keys)
        for row in body:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = bold
        for cell in sheet[2]:
            cell.fill = shade
        for index, column in enumerate(columns, start=1):
            letter = sheet.cell(row=2, column=index).column_letter
            sheet.column_dimensions[letter].width = max(12, len(keys[index - 1]) + 2)
            if column.choices:
                choice = DataValidation(
                    type="list",
                    formula1='"' + ",".join(column.choices) + '"',
                    allow_blank=column.allow_empty,
                    showErrorMessage=True,  # refuse a value typed in that is not a choice
                    errorStyle="stop",
                    errorTitle=f"{column.name}: not a choice",
                    error=f"Choose one of: {', '.join(column.choices)}",
                    showInputMessage=True,
                    promptTitle=column.name,
                    prompt=", ".join(column.choices)[:255],
                )
                choice.add(f"{letter}3:{letter}100000")
                sheet.add_data_validation(choice)
            guidance.append(
                [
                    name,
                    column.header,
                    column.unit if column.dimension is not None else "text",
                    "yes" if column.required else "no",
                    ", ".join(column.choices),
                    column.description,
                ]
            )
        sheet.freeze_panes = "A3"
    for cell in guidance[1]:
        cell.font = bold
    book.save(folder / WORKBOOK)
    return document


def _referenced_csv(value: Any, folder: Path) -> str | None:
    """Return the CSV file a table field names, if it is one in the folder."""
    if isinstance(value, dict):
        value = value.get("path")
    if isinstance(value, str) and value.endswith(".csv") and (folder / value).exists():
        return value
    return None
