"""Verification statement: the outcome of recomputing a report from its inputs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mrv.model.base import Document, Model
from mrv.model.report import Finding

__all__ = ["Discrepancy", "VerificationStatement"]


class Discrepancy(Model):
    """A reported figure that differs from the recomputed one."""

    path: str = Field(description="where in the report, e.g. 'periods[0].net_benefit'")
    reported: float | str
    recomputed: float | str
    unit: str = ""
    relative_difference: float | None = None


class VerificationStatement(Document):
    """What a verifier's recomputation found."""

    project_id: str
    methodology: str = Field(description="id@version of the methodology used to recompute")
    report_sha256: str
    verdict: Literal["verified", "material_discrepancy", "not_verifiable"]
    materiality_threshold: float = Field(
        ge=0, le=1, description="relative difference treated as material"
    )
    discrepancies: tuple[Discrepancy, ...] = ()
    findings: tuple[Finding, ...] = ()
    mrv_version: str
