"""Verification statement: the outcome of recomputing a report from its inputs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mrv.model.base import Document, Model
from mrv.model.report import Finding

__all__ = ["Discrepancy", "HashCheck", "VerificationStatement"]


class Discrepancy(Model):
    """A claimed figure that differs from the recomputed one."""

    path: str = Field(
        description="where the figure is, e.g. 'periods[0].net_benefit' or 'trace[MP1/c_tree]'"
    )
    trace_id: str = ""
    equation: str = ""
    claimed: int | float | str | None
    recomputed: int | float | str | None
    unit: str = ""
    absolute_difference: float | None = None
    relative_difference: float | None = None
    material: bool = Field(
        description="whether this misstatement alone reaches the materiality threshold"
    )


class HashCheck(Model):
    """A digest in the report compared with the one recomputed from what the verifier has."""

    name: Literal["inputs_sha256", "parameters_sha256", "results_sha256"]
    claimed: str
    recomputed: str
    matches: bool
    explanation: str = Field(
        description="what a mismatch means, and what differs where it can be named"
    )


class VerificationStatement(Document):
    """What a verifier's recomputation found."""

    project_id: str
    methodology: str = Field(description="id@version of the methodology used to recompute")
    report_sha256: str = Field(
        description="SHA-256 of the canonical JSON of the report as verified"
    )
    verdict: Literal["verified", "material_discrepancy"]
    materiality_threshold: float = Field(
        ge=0, le=1, description="relative misstatement treated as material"
    )
    materiality_basis: str = Field(
        description="ISO 14064-3 default, a declared threshold, or the CDM scale rule with its source"
    )
    aggregate_misstatement: float = Field(
        description="|claimed - recomputed| of the total net benefit, relative to the recomputed total"
    )
    hash_checks: tuple[HashCheck, ...]
    discrepancies: tuple[Discrepancy, ...] = ()
    findings: tuple[Finding, ...] = ()
    mrv_version: str
