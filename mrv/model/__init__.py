"""Pydantic models of mrv's documents: measurement, project, report, verification."""

from mrv.model.base import SCHEMA_VERSION, Document
from mrv.model.measurement import Measurement, MeasurementMethod
from mrv.model.project import (
    CreditingPeriod,
    Location,
    MethodologyRef,
    MonitoringPeriod,
    ProjectDocument,
    ProjectInfo,
    Stratum,
)
from mrv.model.report import (
    Finding,
    MethodologyInfo,
    ParameterUse,
    PeriodResult,
    Report,
    ReportQuantity,
    Totals,
    TraceEntry,
)
from mrv.model.source import Source
from mrv.model.verification import Discrepancy, HashCheck, VerificationStatement

__all__ = [
    "SCHEMA_VERSION",
    "CreditingPeriod",
    "Discrepancy",
    "Document",
    "Finding",
    "HashCheck",
    "Location",
    "Measurement",
    "MeasurementMethod",
    "MethodologyInfo",
    "MethodologyRef",
    "MonitoringPeriod",
    "ParameterUse",
    "PeriodResult",
    "ProjectDocument",
    "ProjectInfo",
    "Report",
    "ReportQuantity",
    "Source",
    "Stratum",
    "Totals",
    "TraceEntry",
    "VerificationStatement",
]
