"""What changed between two reports of one project: inputs, parameters, methodology, figures."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mrv.model.base import Document, Model

__all__ = [
    "FieldChange",
    "FigureChange",
    "ParameterChange",
    "ReportDiff",
    "TableChange",
    "TraceChange",
]

Status = Literal["changed", "added", "removed"]


class FieldChange(Model):
    """An identity field that differs (methodology version, profile, GWP set, plug-in code)."""

    field: str
    a: str
    b: str


class TableChange(Model):
    """An input table whose digest differs, or that only one report read."""

    reference: str
    status: Status
    a_sha256: str = ""
    b_sha256: str = ""
    lines: tuple[str, ...] = Field(
        (),
        description="the blocks of lines that differ, e.g. '720,897-786,432' (tables of more than one block)",
    )


class ParameterChange(Model):
    """A parameter value or source that differs, or that only one report used."""

    key: str = Field(description="table[key=...] as the report's parameters are keyed")
    status: Literal["changed", "source", "added", "removed"] = Field(
        description="changed: the value differs; source: the same value from another source"
    )
    unit: str
    a_value: float | None = None
    b_value: float | None = None
    a_source: str = ""
    b_source: str = ""


class FigureChange(Model):
    """A reported figure of a period or of the totals that differs [t CO2e; credits in t]."""

    where: str = Field(description="a period id, 'totals' or 'ex_ante_totals'")
    figure: str
    a: float
    b: float
    difference: float = Field(description="b - a")
    unit: str


class TraceChange(Model):
    """A trace entry whose value differs: the steps that explain a figure's change."""

    id: str
    equation: str
    status: Status
    unit: str
    a: float | None = None
    b: float | None = None
    difference: float | None = None
    relative_difference: float | None = None


class ReportDiff(Document):
    """Two reports of one project compared: each change, largest first within its kind."""

    a: str = Field(description="the first report, as given")
    b: str = Field(description="the second report, as given")
    project_id: str
    same_project: bool
    identity: tuple[FieldChange, ...] = ()
    tables: tuple[TableChange, ...] = ()
    parameters: tuple[ParameterChange, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    trace: tuple[TraceChange, ...] = ()
