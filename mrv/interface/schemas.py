"""JSON Schemas (draft 2020-12) of the core documents and of each methodology's inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mrv.contract.methodology import Methodology
from mrv.contract.parameters import ParameterTable
from mrv.engine.provenance import pretty_json
from mrv.model.base import SCHEMA_VERSION
from mrv.model.diff import ReportDiff
from mrv.model.measurement import Measurement
from mrv.model.problems import ProblemsDocument
from mrv.model.project import ProjectDocument
from mrv.model.report import Report
from mrv.model.verification import VerificationStatement
from mrv.planning.compare import Comparison
from mrv.planning.scenarios import ScenarioFile
from mrv.portfolio.batch import Portfolio

__all__ = ["CORE_MODELS", "all_schemas", "core_schema", "methodology_schema", "write_schemas"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Core documents by schema name, and whether the schema describes input (validation) or output.
CORE_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "project": (ProjectDocument, "validation"),
    "measurement": (Measurement, "validation"),
    "parameter-table": (ParameterTable, "validation"),
    "report": (Report, "serialization"),
    "verification": (VerificationStatement, "serialization"),
    "scenarios": (ScenarioFile, "validation"),
    "comparison": (Comparison, "serialization"),
    "portfolio": (Portfolio, "serialization"),
    "problems": (ProblemsDocument, "serialization"),
    "diff": (ReportDiff, "serialization"),
}


def _finish(schema: dict[str, Any], name: str, version: str) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "$id": f"urn:mrv:schema:{name}:{version}",
        "x-version": version,
        **schema,
    }


def core_schema(name: str) -> dict[str, Any]:
    """Return the JSON Schema of a core document (``project``, ``report``, ...).

    Raises
    ------
    KeyError
        If the name is not a core document.
    """
    model, mode = CORE_MODELS[name]
    return _finish(model.model_json_schema(mode=mode), name, SCHEMA_VERSION)  # type: ignore[arg-type]


def methodology_schema(methodology: Methodology) -> dict[str, Any]:
    """Return the JSON Schema of a methodology's ``inputs`` section, versioned with the methodology."""
    schema = methodology.inputs.model_json_schema(mode="validation")
    return _finish(schema, f"{methodology.id}.inputs", methodology.version)


def all_schemas(methodologies: dict[str, Methodology]) -> dict[str, dict[str, Any]]:
    """Return every schema by its file path relative to ``schemas/``."""
    files = {f"{name}.schema.json": core_schema(name) for name in CORE_MODELS}
    for methodology_id, methodology in sorted(methodologies.items()):
        files[f"methodologies/{methodology_id}.inputs.schema.json"] = methodology_schema(
            methodology
        )
    return files


def write_schemas(folder: Path, methodologies: dict[str, Methodology]) -> list[Path]:
    """Write every schema under ``folder`` and remove stale methodology schemas; return the paths."""
    from mrv.engine.provenance import write_atomic  # noqa: PLC0415

    files = all_schemas(methodologies)
    written = []
    for relative, schema in files.items():
        path = folder / relative
        write_atomic(path, pretty_json(schema))
        written.append(path)
    stale = folder / "methodologies"
    if stale.is_dir():
        for path in stale.glob("*.schema.json"):
            if f"methodologies/{path.name}" not in files:
                path.unlink()
    return written
