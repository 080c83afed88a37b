"""Verification statement: the outcome of recomputing a report from its inputs."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from mrv.model.base import Document, Model
from mrv.model.report import Finding

__all__ = ["Check", "Discrepancy", "Engagement", "HashCheck", "VerificationStatement"]

#: The checks of a verification, in the order that decides the verdict.
CHECKS = ("integrity", "reproduction", "materiality")


class Discrepancy(Model):
    """A field of the report (or a figure claimed elsewhere) that differs from the recomputation."""

    path: str = Field(
        description="where the field is, e.g. 'periods[MP1].net_benefit', 'trace[MP1/c_tree].value.sum' or 'claimed.net_benefit'"
    )
    kind: Literal["figure", "field"] = Field(
        "figure",
        description="figure: a number compared within the tolerance; field: anything else (ids, versions, sources, digests, findings, units), compared exactly",
    )
    trace_id: str = ""
    equation: str = ""
    inputs: tuple[str, ...] = Field(
        (),
        description="for a trace entry: what its value depends on (trace ids, inputs, parameters)",
    )
    claimed: int | float | str | bool | None
    recomputed: int | float | str | bool | None
    unit: str = ""
    absolute_difference: float | None = None
    relative_difference: float | None = None
    misstatement: float | None = Field(
        None,
        description="the difference against what it is weighed on: the statement's total net benefit for a figure of the GHG statement, else the figure's own recomputed value",
    )
    over_issuance: bool = Field(
        False, description="issuable credits claimed above the recomputed ones (always material)"
    )
    material: bool = Field(
        description="whether this misstatement alone reaches the materiality threshold (a field that differs always does)"
    )


class HashCheck(Model):
    """A digest in the report compared with the one recomputed from what the verifier has."""

    name: Literal["inputs_sha256", "parameters_sha256", "results_sha256"]
    claimed: str
    recomputed: str
    matches: bool
    explanation: str = Field(
        description="what the comparison means: for a match, what it vouches for; for a mismatch, what differs where it can be named"
    )


class Check(Model):
    """One of the three checks of a verification and its outcome."""

    name: Literal["integrity", "reproduction", "materiality"]
    passed: bool
    summary: str = Field(description="what was checked and what was found, in one sentence")


class Engagement(Model):
    """The verification engagement a statement belongs to, as the verifier declares it (YAML).

    ISO 14064-3:2019 asks a verification statement to name the verifier, the level of
    assurance, the criteria, the scope and the materiality; mrv writes them as declared.
    """

    verifier: str = Field(min_length=1, description="the verification body (审定与核查机构)")
    lead_verifier: str = ""
    accreditation: str = Field("", description="accreditation or registration number")
    level_of_assurance: Literal["reasonable", "limited"]
    criteria: tuple[str, ...] = Field(
        min_length=1,
        description="the standards verified against, e.g. CCER-14-001-V01, ISO 14064-3:2019",
    )
    scope: str = Field(min_length=1, description="what the engagement covers")
    materiality: str = Field(
        "iso", description="iso (5 %), a share such as 0.02, or cdm-large, cdm-small, cdm-micro"
    )
    started: dt.date
    statement_date: dt.date


class VerificationStatement(Document):
    """What a verifier's recomputation found."""

    subject: Literal["report", "comparison"] = Field(
        "report", description="what was verified: a report, or a comparison of options"
    )
    project_id: str = Field(description="the project's id (a comparison: the site's id)")
    methodology: str = Field(description="id@version of the methodology used to recompute")
    report_sha256: str = Field(
        description="SHA-256 of the canonical JSON of the report as verified"
    )
    verdict: Literal["verified", "not_verified"]
    reason: Literal["", "integrity", "reproduction", "materiality"] = Field(
        description="the check that decided a verdict of not_verified (the first that failed of integrity, reproduction, materiality); empty when verified"
    )
    headline: str = Field(description="the verdict and its deciding reason in one sentence")
    checks: tuple[Check, ...] = Field(description="integrity, reproduction and materiality")
    compared_fields: int = Field(ge=0, description="how many fields of the report were compared")
    tolerance: float = Field(
        ge=0, description="relative (and absolute) tolerance within which a figure reproduces"
    )
    materiality_threshold: float = Field(
        ge=0, le=1, description="relative misstatement treated as material"
    )
    materiality_basis: str = Field(
        description="ISO 14064-3 default, a declared threshold, or the CDM scale rule with its source"
    )
    aggregate_misstatement: float = Field(
        description="the largest of |claimed - recomputed| of the total net benefit and of the issuable credits, each relative to its recomputed value (over the report, or the figures claimed elsewhere)"
    )
    hash_checks: tuple[HashCheck, ...]
    discrepancies: tuple[Discrepancy, ...] = ()
    findings: tuple[Finding, ...] = ()
    mrv_version: str
    engagement: Engagement | None = Field(
        None,
        exclude_if=lambda value: value is None,
        description="the engagement as the verifier declared it (mrv verify --engagement)",
    )
