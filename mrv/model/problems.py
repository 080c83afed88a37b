"""Problems as JSON: what ``--json`` prints on standard output when the input is bad (exit 2)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field

from mrv.model.base import Document, Model

__all__ = ["ProblemRecord", "ProblemsDocument", "problems_document"]


class ProblemRecord(Model):
    """One problem: where it is and what was expected (the fields of ``mrv.Problem``)."""

    file: str = Field(
        description="the document or table holding the problem; '' for in-memory input"
    )
    path: str = Field(description="field path in the document, e.g. 'project.strata[1].area'")
    message: str = Field(description="what was expected and what was found")
    row: int | None = Field(None, description="table row (the header is row 1)")
    column: str | None = Field(None, description="table column")
    line: int | None = Field(None, description="line of the document")


class ProblemsDocument(Document):
    """Every problem found in the input, sorted by file and row."""

    valid: Literal[False] = False
    exit_code: Literal[2] = 2
    problems: tuple[ProblemRecord, ...]


def problems_document(problems: Iterable[Any], schema_version: str) -> ProblemsDocument:
    """Build the JSON document of problems (``mrv.Problem`` objects), sorted by file and row."""
    records = [
        ProblemRecord(
            file=problem.file,
            path=problem.path,
            message=problem.message,
            row=problem.row,
            column=problem.column,
            line=problem.line,
        )
        for problem in problems
    ]
    records.sort(key=lambda item: (item.file, item.row or 0, item.line or 0))
    return ProblemsDocument(schema_version=schema_version, problems=tuple(records))
