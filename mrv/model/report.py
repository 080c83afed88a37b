"""The report: what embedders read and verifiers reproduce (``schemas/report.schema.json``).

Sign convention (mrv convention, docs/index.md#the-report): baseline, project and leakage are net emissions in
t CO2e, positive to the atmosphere and negative for a net removal;
``net_benefit = baseline - project - leakage``, split into ``reductions`` (emission terms) and
``removals`` (stock-change terms), so ``net_benefit = reductions + removals``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from mrv.model.base import Document, Model
from mrv.model.source import Source

__all__ = [
    "FIGURES",
    "Deductions",
    "Finding",
    "MethodologyInfo",
    "MonteCarloResult",
    "MonteCarloRun",
    "ParameterUse",
    "PeriodResult",
    "Report",
    "ReportQuantity",
    "Totals",
    "TraceArray",
    "TraceEntry",
    "TraceInput",
    "Uncertainty",
]


class ReportQuantity(Model):
    """A reported figure with its unit."""

    value: float
    unit: str


class TraceArray(Model):
    """A summary of an array-valued intermediate (one value per stratum, plot or tree)."""

    unit: str
    count: int
    sum: float
    min: float
    max: float
    values: tuple[float, ...] | None = Field(
        None, description="all values when there are at most 64"
    )


class TraceInput(Model):
    """One argument of an equation and where its value came from."""

    argument: str
    ref: str = Field(
        description="trace id of an intermediate, 'input:<field path>', or 'parameter:<id>'"
    )
    value: ReportQuantity | TraceArray | None = Field(
        None,
        description="for an input: the value substituted, in its unit as given (since 1.5.0)",
        exclude_if=lambda value: value is None,  # intermediates and parameters carry none
    )


class TraceEntry(Model):
    """One intermediate or final figure: its equation, value, inputs and parameters."""

    id: str
    equation: str
    value: ReportQuantity | TraceArray
    inputs: tuple[TraceInput, ...] = ()
    parameters: tuple[str, ...] = ()


class ParameterUse(Model):
    """A parameter value the calculation used, with its source."""

    table: str
    key: dict[str, str] = Field(default_factory=dict)
    value: float
    unit: str
    min: float | None = None
    max: float | None = None
    source: Source


class Finding(Model):
    """An applicability or consistency finding, citing the paragraph that sets the condition."""

    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    reference: str = Field(description="standard and paragraph, e.g. 'AR-ACM0003 v02.0 para 3(a)'")
    path: str = ""


class MethodologyInfo(Model):
    """Which methodology computed the report, and the plug-in code that did it.

    ``distribution`` names the installed distribution and version that provided the
    methodology (``mrv 0.4.0``); ``code_sha256`` digests the plug-in package's files (code and
    data). ``mrv verify`` recomputes with the installed plug-in, so a report computed by other
    code (another distribution claiming the id, an edited copy) does not verify.
    """

    id: str
    version: str
    profile: str
    title: str
    standards: tuple[str, ...]
    distribution: str = ""
    code_sha256: str = ""


class _Figures(Model):
    baseline: ReportQuantity
    project: ReportQuantity
    leakage: ReportQuantity
    net_benefit: ReportQuantity
    reductions: ReportQuantity
    removals: ReportQuantity
    uncertainty_deduction: ReportQuantity
    buffer_contribution: ReportQuantity
    issuable_credits: int = Field(ge=0, description="whole t CO2e, rounded down")


#: The figures a period and the totals report, in t CO2e (issuable credits aside).
FIGURES: tuple[str, ...] = tuple(
    name for name, field in _Figures.model_fields.items() if field.annotation is ReportQuantity
)


class Uncertainty(Model):
    """Uncertainty of a period's net benefit from the uncertainties its terms carry."""

    approach: str = Field(
        description="how it was combined, e.g. IPCC 2006 Vol. 1 Ch. 3 Approach 1 (Eq. 3.2)"
    )
    half_width_percent: float | None = Field(
        description="relative half-width of the confidence interval [%]; null if the net benefit is zero"
    )
    terms: tuple[str, ...] = Field(description="the terms that carry an uncertainty")


class MonteCarloResult(Model):
    """Distribution of a period's net benefit over the Monte Carlo iterations [t CO2e]."""

    mean: float
    median: float
    ci90_low: float = Field(description="5th percentile")
    ci90_high: float = Field(description="95th percentile")
    half_width_percent: float | None = Field(
        description="half the 90 % interval relative to the mean [%]"
    )


class MonteCarloRun(Model):
    """How the Monte Carlo iterations were drawn (enough to reproduce them)."""

    iterations: int
    seed: int
    generator: str
    chunk: int
    block: int = Field(description="iterations per random stream block")
    inputs: tuple[str, ...] = Field(description="input paths drawn from declared distributions")
    parameters: bool = Field(
        description="whether parameter rows with a distribution or range were drawn"
    )


class ScreeningFigure(Model):
    """A figure computed for screening only: never part of net benefit, deductions or credits."""

    name: str = Field(description="the term, e.g. soc_tier1")
    net_benefit: ReportQuantity = Field(
        description="the benefit the term would bring (positive = less emission or more removal)"
    )
    reason: str = Field(description="why the figure is not creditable")


class PeriodResult(_Figures):
    """Figures of one monitoring period, and its place in the multi-period account."""

    id: str
    start: dt.date
    end: dt.date
    kind: Literal["ex-post", "ex-ante"]
    cumulative_net_benefit: ReportQuantity = Field(
        description="net benefit of this and earlier periods of the same kind"
    )
    credits_issued_before: int = Field(
        ge=0, description="credits issuable for earlier periods of the same kind"
    )
    reversal: ReportQuantity = Field(description="loss of a period whose net benefit is negative")
    buffer_cancellation: ReportQuantity = Field(
        description="buffer cancelled to cover the reversal"
    )
    uncertainty: Uncertainty
    monte_carlo: MonteCarloResult | None = None
    screening: tuple[ScreeningFigure, ...] = Field(
        (),
        description="screening-only figures (such as IPCC Tier 1 estimates): reported apart, not creditable",
    )
    strata: dict[str, ReportQuantity] = Field(
        default_factory=dict,
        description="each stratum's share of the net benefit, from the terms the methodology splits by stratum; terms it does not split are in no stratum",
    )


class Deductions(Model):
    """Which deduction rules the report applied, and the inputs they rest on."""

    uncertainty_rule: str
    uncertainty_rule_source: dict[str, str] = Field(default_factory=dict)
    non_permanence_risk_rating: float | None = None
    non_permanence_tool: str = ""
    non_permanence_inputs: dict[str, str] = Field(default_factory=dict)
    resolution: str = Field(
        description="figures are settled to this many t CO2e (deductions upward); credits are whole tonnes, rounded down"
    )


class Totals(_Figures):
    """Figures summed over periods of one kind (exact sums of the settled period figures)."""

    periods: tuple[str, ...]
    reversal: ReportQuantity
    buffer_cancellation: ReportQuantity


class Report(Document):
    """A computed report. Everything but ``mrv_version`` is a function of inputs and parameters."""

    mrv_version: str
    methodology: MethodologyInfo
    project_id: str
    gwp_set: str
    inputs_sha256: str
    parameters_sha256: str
    results_sha256: str = Field(
        description="SHA-256 of the canonical JSON of periods, totals and trace"
    )
    tables: dict[str, str] = Field(
        description="SHA-256 of each table file, by its path in the document"
    )
    table_blocks: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        exclude_if=lambda value: not value,  # only tables of more than one block of lines
        description="SHA-256 of each block of 65,536 lines of a text table longer than one block (block k covers lines 65,536 k + 1 to 65,536 (k + 1), the header being line 1), so a verifier holding another file learns which lines differ",
    )
    deductions: Deductions
    estimate_reason: str = Field(
        "",
        description="when not empty, every figure is an estimate, not credits, for this reason (e.g. a setting outside the standard's crediting basis); issuable_credits are then what would be issuable",
    )
    monte_carlo: MonteCarloRun | None = None
    applicability: tuple[Finding, ...]
    findings: tuple[Finding, ...] = Field(
        (), description="what the calculation noticed, e.g. reversals, in period order"
    )
    periods: tuple[PeriodResult, ...]
    totals: Totals = Field(description="sum of the ex-post periods")
    ex_ante_totals: Totals | None = Field(None, description="sum of the ex-ante periods, if any")
    parameters: dict[str, ParameterUse]
    trace: tuple[TraceEntry, ...]
